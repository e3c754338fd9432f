package augment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Settings say how strongly an Augmenter distorts the digits. Shift,
// Rotate, Scale, Shear, Thicker, Thinner and Blur are the largest
// distortions of their kinds: each image draws its own, uniformly between
// none and the largest, in either direction where there are two. Elastic
// is the strength α of an elastic field, the same for every image: the
// field is random already. The zero value distorts nothing.
type Settings struct {
	Shift   float64 // shift in pixels along each axis: up to Shift left or right, and up or down
	Rotate  float64 // rotation in degrees, either way
	Scale   float64 // change of size: a factor between 1 − Scale and 1 + Scale, Scale < 1
	Shear   float64 // slant k either way (see Affine)
	Elastic float64 // α of an elastic distortion (see Transformer.Elastic); 0 for none
	Sigma   float64 // σ of the elastic distortions, in pixels; 0 means DefaultSigma
	Thicker float64 // strokes up to this many steps thicker (see Transformer.Stroke)…
	Thinner float64 // …or up to this many thinner: w uniform in [−Thinner, Thicker]
	Blur    float64 // blur of width σ between 0 and Blur pixels

	// Keep is the probability that an image is left as it is, and Skip
	// the probability that each of the seven distortions above (shift,
	// rotation, scale, shear, elastic, stroke, blur) is left out of an
	// image, each drawn on its own; both in [0, 1]. With Skip = 0.5, an
	// image gets about half of the distortions, and fewer images are
	// distorted in every way at once.
	Keep, Skip float64
}

// IsZero reports whether s distorts nothing.
func (s Settings) IsZero() bool {
	if s.Keep == 1 || s.Skip == 1 {
		return true
	}
	s.Sigma, s.Keep, s.Skip = 0, 0, 0
	return s == (Settings{})
}

// Check returns an error naming the first setting out of range.
func (s Settings) Check() error {
	for _, f := range s.fields() {
		if !(*f.value >= 0) || math.IsInf(*f.value, 1) {
			return fmt.Errorf("augment: %s = %v, want a finite number ≥ 0", f.name, *f.value)
		}
	}
	switch {
	case s.Scale >= 1:
		return fmt.Errorf("augment: scale = %v, want < 1 (a factor of 1 − scale would not be positive)", s.Scale)
	case s.Keep > 1:
		return fmt.Errorf("augment: keep = %v, want a probability, at most 1", s.Keep)
	case s.Skip > 1:
		return fmt.Errorf("augment: skip = %v, want a probability, at most 1", s.Skip)
	}
	return nil
}

// Augmenter distorts digits at random, a new distortion for every image
// each time, as Settings say, drawing from the rng it was made with. It is
// made once, before training, with all the space it needs:
//
//	aug := augment.New(settings, rand.New(rand.NewPCG(seed, 2)))
//	cfg := nnlib.Config{…, Augment: aug.Batch}
//
// It is not safe for use by several goroutines at once.
type Augmenter struct {
	s   Settings
	rng *rand.Rand
	t   Transformer
	src [pixels]float64 // a copy of the image being distorted
}

// New returns an Augmenter that distorts as s says, drawing from rng. It
// panics if s is out of range (check settings read from outside with
// Settings.Check first) or rng is nil.
func New(s Settings, rng *rand.Rand) *Augmenter {
	if err := s.Check(); err != nil {
		panic(err.Error())
	}
	if rng == nil {
		panic("augment: New: rng is nil")
	}
	if s.Elastic > 0 && s.Sigma == 0 {
		s.Sigma = DefaultSigma
	}
	return &Augmenter{s: s, rng: rng}
}

// Settings returns the settings a distorts with, with Sigma filled in
// when there are elastic distortions.
func (a *Augmenter) Settings() Settings { return a.s }

// Batch distorts every row of x, an image each, in place: a hook for
// nnlib.Config.Augment, which calls it on every mini-batch before the
// forward pass. It panics unless x has 784 columns.
func (a *Augmenter) Batch(x *mat.Dense) {
	rows, cols := x.Dims()
	if cols != pixels {
		panic(fmt.Sprintf("augment: Augmenter.Batch: x is %d×%d, want %d columns, an image a row", rows, cols, pixels))
	}
	for i := range rows {
		row := x.RawRowView(i)
		copy(a.src[:], row)
		a.distort(row, a.src[:])
	}
}

// Image sets dst to src distorted at random (see Settings).
func (a *Augmenter) Image(dst, src []float64) {
	checkImages("Augmenter.Image", dst, src)
	a.distort(dst, src)
}

// distort sets dst to src distorted at random, in three steps: the
// geometric distortions together (one resampling: an affine map, and an
// elastic field on top if the settings ask for one), then the stroke
// width, then the blur.
func (a *Augmenter) distort(dst, src []float64) {
	s, rng := a.s, a.rng
	if s.Keep > 0 && rng.Float64() < s.Keep {
		copy(dst, src)
		return
	}
	shift := a.draw(s.Shift)
	g := Affine{
		DX:     shift * uniform(rng),
		DY:     shift * uniform(rng),
		Rotate: a.draw(s.Rotate) * uniform(rng),
		Scale:  a.draw(s.Scale) * uniform(rng),
		Shear:  a.draw(s.Shear) * uniform(rng),
	}
	alpha := a.draw(s.Elastic)
	switch {
	case alpha > 0:
		a.t.elasticField(a.t.dx[:], a.t.dy[:], alpha, s.Sigma, rng)
		resample(dst, src, g.inverse(), a.t.dx[:], a.t.dy[:])
	case g != Affine{}:
		resample(dst, src, g.inverse(), nil, nil)
	default:
		copy(dst, src)
	}
	if a.draw(s.Thicker+s.Thinner) > 0 {
		stroke(dst, a.t.tmp[:], -s.Thinner+(s.Thicker+s.Thinner)*rng.Float64())
	}
	if sigma := a.draw(s.Blur); sigma > 0 {
		blur(dst, a.t.tmp[:], a.t.kernel[:], sigma*rng.Float64())
	}
}

// draw returns the largest size of one of the distortions, or 0 when it is
// 0 already or skipped for this image (with probability Skip).
func (a *Augmenter) draw(largest float64) float64 {
	if largest == 0 || (a.s.Skip > 0 && a.rng.Float64() < a.s.Skip) {
		return 0
	}
	return largest
}

// uniform returns a random number uniform in [−1, 1).
func uniform(rng *rand.Rand) float64 { return 2*rng.Float64() - 1 }
