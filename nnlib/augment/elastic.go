package augment

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// DefaultSigma is the width σ of the elastic distortions' smoothing when
// none is given: 4 pixels, the value Simard, Steinkraus and Platt (2003)
// found best for MNIST.
const DefaultSigma = 4.0

// elasticField fills dx and dy with a random displacement field, as in
// Simard, Steinkraus and Platt, "Best practices for convolutional neural
// networks applied to visual document analysis" (2003), section 2:
//
//	Δx = α · (G_σ ∗ Ux),   Δy = α · (G_σ ∗ Uy)
//
// Ux and Uy give every pixel an independent random number, uniform in
// [−1, 1]; G_σ ∗ U smooths them with a Gaussian of width σ pixels; and α
// scales the result to the size of displacement wanted. Unsmoothed, the
// field would send neighbouring pixels in unrelated directions and tear
// the digit apart. Smoothed, neighbours move nearly together, and the
// digit bends the way a hand wobbles: with a small σ the field is still
// rough, with a large one it is nearly a shift. Averaging many random
// numbers also shrinks them (a mean of n of them varies √n times less),
// which is why α has to be large: with σ = 4, α = 34 moves a pixel by
// about a pixel and a half, typically.
func (t *Transformer) elasticField(dx, dy []float64, alpha, sigma float64, rng *rand.Rand) {
	w := gaussianKernel(t.kernel[:], sigma)
	for i := range dx {
		dx[i] = 2*rng.Float64() - 1
		dy[i] = 2*rng.Float64() - 1
	}
	smooth(dx, dx, t.tmp[:], w)
	smooth(dy, dy, t.tmp[:], w)
	floats.Scale(alpha, dx)
	floats.Scale(alpha, dy)
}

// maxRadius is the largest radius a kernel needs: beyond it, the kernel
// would reach from any pixel of the image to outside it only.
const maxRadius = side - 1

// gaussianKernel writes into w, and returns, the weights of a Gaussian of
// width σ sampled at the whole offsets −r…r from its centre,
//
//	w[r+d] ∝ exp(−d² / 2σ²),   r = ⌈3σ⌉,
//
// scaled so that they sum to 1, and so keep the mean grey level of what
// they smooth. Beyond 3σ a weight is below 1.2% of the centre's, and the
// kernel stops. σ = 0 gives the kernel [1], which changes nothing. w must
// have room for 2·27 + 1 weights.
func gaussianKernel(w []float64, sigma float64) []float64 {
	r := min(int(math.Ceil(3*sigma)), maxRadius)
	w = w[:2*r+1]
	for d := -r; d <= r; d++ {
		w[r+d] = math.Exp(-float64(d*d) / (2 * sigma * sigma))
	}
	if r == 0 {
		w[0] = 1 // σ = 0 would give 0/0 above
	}
	floats.Scale(1/floats.Sum(w), w)
	return w
}

// smooth sets dst to src convolved with the kernel w along both axes,
//
//	dst(x, y) = Σ_i Σ_j w[r+i]·w[r+j]·src(x+i, y+j)
//
// with src 0 outside the image. A two-dimensional Gaussian is the product
// of two one-dimensional ones, g(i)·g(j), so the double sum can be done
// one axis at a time: a pass along the columns, then one along the rows,
// 2·(2r+1) products per pixel instead of (2r+1)². The rows are done as
// columns of the transposed image. tmp is scratch space of 784 values;
// dst may be src.
func smooth(dst, src, tmp, w []float64) {
	smoothColumns(tmp, src, w)
	transpose(dst, tmp)
	smoothColumns(tmp, dst, w)
	transpose(dst, tmp)
}

// smoothColumns sets dst to src convolved with w down the columns:
//
//	dst(x, y) = Σ_d w[r+d]·src(x, y+d).
//
// Written as a sum of whole images, dst = Σ_d w[r+d] · (src moved up by d
// rows), each term is one long multiply-add over contiguous rows, the
// fastest loop there is (floats.AddScaled).
func smoothColumns(dst, src, w []float64) {
	r := len(w) / 2
	clear(dst)
	for d := -r; d <= r; d++ {
		lo, hi := max(0, -d), min(side, side-d) // the rows y with y+d inside
		if lo >= hi {
			continue
		}
		floats.AddScaled(dst[lo*side:hi*side], w[r+d], src[(lo+d)*side:(hi+d)*side])
	}
}

// transpose sets dst to src flipped about its diagonal: dst(x, y) = src(y, x).
func transpose(dst, src []float64) {
	for y := range side {
		for x := range side {
			dst[x*side+y] = src[y*side+x]
		}
	}
}
