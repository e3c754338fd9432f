package augment

import (
	"fmt"
	"math/rand/v2"
)

// Transformer applies one distortion to one digit at a time, writing the
// result into a destination and leaving the source as it was:
//
//	var t augment.Transformer
//	t.Affine(dst, src, augment.Affine{Rotate: 30}) // src turned 30° left
//
// dst and src are images of 784 values (see the package comment) and must
// be separate slices. The zero value is ready to use. A Transformer holds
// the scratch space that the distortions need, inside itself, so that
// they allocate nothing; it is not safe for use by several goroutines at
// once.
type Transformer struct {
	dx, dy, tmp [pixels]float64          // displacement fields; scratch
	kernel      [2*maxRadius + 1]float64 // Gaussian weights
}

// Affine sets dst to src distorted by a: dst(p′) = src(p) where a sends p
// to p′, read between pixels by Bilinear.
func (t *Transformer) Affine(dst, src []float64, a Affine) {
	checkImages("Transformer.Affine", dst, src)
	if !(a.Scale > -1) {
		panic(fmt.Sprintf("augment: Transformer.Affine: Scale = %v, want > −1", a.Scale))
	}
	resample(dst, src, a.inverse(), nil, nil)
}

// Elastic sets dst to src distorted by a random elastic field of strength
// α and smoothness σ drawn from rng (see elasticField for the math): every
// pixel p′ of dst is read from src at p′ + Δ(p′). α = 0 leaves the image
// as it is; σ = 0 means DefaultSigma.
func (t *Transformer) Elastic(dst, src []float64, alpha, sigma float64, rng *rand.Rand) {
	checkImages("Transformer.Elastic", dst, src)
	checkNonNegative("Transformer.Elastic", "alpha", alpha)
	checkNonNegative("Transformer.Elastic", "sigma", sigma)
	if sigma == 0 {
		sigma = DefaultSigma
	}
	t.elasticField(t.dx[:], t.dy[:], alpha, sigma, rng)
	resample(dst, src, identity, t.dx[:], t.dy[:])
}

// Stroke sets dst to src with strokes w steps thicker (w > 0) or thinner
// (w < 0), each step adding or removing about a pixel on each side of a
// stroke (see stroke).
func (t *Transformer) Stroke(dst, src []float64, w float64) {
	checkImages("Transformer.Stroke", dst, src)
	copy(dst, src)
	stroke(dst, t.tmp[:], w)
}

// Blur sets dst to src blurred by a Gaussian of width σ ≥ 0 pixels (see
// blur).
func (t *Transformer) Blur(dst, src []float64, sigma float64) {
	checkImages("Transformer.Blur", dst, src)
	checkNonNegative("Transformer.Blur", "sigma", sigma)
	copy(dst, src)
	blur(dst, t.tmp[:], t.kernel[:], sigma)
}

// checkNonNegative panics unless v ≥ 0 (and so not NaN).
func checkNonNegative(fn, name string, v float64) {
	if !(v >= 0) {
		panic(fmt.Sprintf("augment: %s: %s = %v, want ≥ 0", fn, name, v))
	}
}
