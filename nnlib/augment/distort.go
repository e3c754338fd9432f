package augment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// Kind is one kind of distortion, for test sets distorted one way at a
// time. Its strength, in the unit Kind.Unit names, is the size of the
// distortion every image gets; where the distortion has a direction, each
// image gets one at random.
type Kind int

const (
	Shift   Kind = iota // moved by strength pixels, in a random direction
	Rotate              // turned by strength degrees, left or right
	Scale               // made 1 + strength or 1 − strength times as large
	Shear               // slanted by k = strength, right or left
	Elastic             // an elastic field of α = strength, σ = DefaultSigma
	Thicker             // strokes strength steps thicker
	Thinner             // strokes strength steps thinner
	Blur                // blurred with σ = strength pixels
	numKinds
)

var kindNames = [numKinds]struct{ name, unit string }{
	Shift:   {"shift", "pixels"},
	Rotate:  {"rotation", "degrees"},
	Scale:   {"scale", "relative change of size"},
	Shear:   {"shear", "slant k"},
	Elastic: {"elastic", "α, with σ = 4"},
	Thicker: {"thicker", "steps"},
	Thinner: {"thinner", "steps"},
	Blur:    {"blur", "σ in pixels"},
}

// Kinds returns every kind of distortion, in the order they are declared.
func Kinds() []Kind {
	kinds := make([]Kind, numKinds)
	for i := range kinds {
		kinds[i] = Kind(i)
	}
	return kinds
}

// String returns k's name, such as "rotation".
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k].name
}

// Unit says what k's strength measures, such as "degrees".
func (k Kind) Unit() string {
	k.check("Kind.Unit")
	return kindNames[k].unit
}

func (k Kind) check(fn string) {
	if k < 0 || k >= numKinds {
		panic(fmt.Sprintf("augment: %s: unknown kind %d", fn, int(k)))
	}
}

// Distort sets dst to src distorted by k at the given strength ≥ 0 (< 1
// for Scale), drawing a direction from rng where k has one (and the field,
// for Elastic). Strength 0 leaves the image as it is.
func (t *Transformer) Distort(dst, src []float64, k Kind, strength float64, rng *rand.Rand) {
	k.check("Transformer.Distort")
	checkNonNegative("Transformer.Distort", "strength", strength)
	if k == Scale && strength >= 1 {
		panic(fmt.Sprintf("augment: Transformer.Distort: scale strength = %v, want < 1", strength))
	}
	switch k {
	case Shift:
		sin, cos := math.Sincos(2 * math.Pi * rng.Float64())
		t.Affine(dst, src, Affine{DX: strength * cos, DY: strength * sin})
	case Rotate:
		t.Affine(dst, src, Affine{Rotate: strength * sign(rng)})
	case Scale:
		t.Affine(dst, src, Affine{Scale: strength * sign(rng)})
	case Shear:
		t.Affine(dst, src, Affine{Shear: strength * sign(rng)})
	case Elastic:
		t.Elastic(dst, src, strength, DefaultSigma, rng)
	case Thicker:
		t.Stroke(dst, src, strength)
	case Thinner:
		t.Stroke(dst, src, -strength)
	case Blur:
		t.Blur(dst, src, strength)
	}
}

// sign returns +1 or −1, at random.
func sign(rng *rand.Rand) float64 {
	if rng.IntN(2) == 0 {
		return -1
	}
	return 1
}

// DistortSet returns a copy of d with every image distorted by k at the
// given strength, and the same labels (shared with d). The directions and
// fields are drawn from seed and k alone, not the strength, so the sets of
// one kind at growing strengths distort each image the same way, only more.
func DistortSet(d nnlib.Dataset, k Kind, strength float64, seed uint64) nnlib.Dataset {
	k.check("DistortSet")
	n, cols := d.X.Dims()
	if cols != pixels {
		panic(fmt.Sprintf("augment: DistortSet: images of %d values, want %d", cols, pixels))
	}
	rng := rand.New(rand.NewPCG(seed, uint64(k)))
	var t Transformer
	x := mat.NewDense(n, pixels, nil)
	for i := range n {
		t.Distort(x.RawRowView(i), d.X.RawRowView(i), k, strength, rng)
	}
	return nnlib.Dataset{X: x, Labels: d.Labels}
}
