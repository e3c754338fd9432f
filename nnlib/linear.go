package nnlib

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Linear is a dense (fully connected) layer with In inputs and Out outputs.
// For a batch X of B examples (B×In) it computes the B×Out pre-activations
//
//	Z = X·W + 1·bᵀ,  that is  Z[i,j] = Σₖ X[i,k]·W[k,j] + b[j].
//
// DW and DB hold the gradients ∂L/∂W and ∂L/∂b after Backward.
type Linear struct {
	W  *mat.Dense // In×Out weights
	B  []float64  // Out biases
	DW *mat.Dense // In×Out gradient of the loss with respect to W
	DB []float64  // Out gradient of the loss with respect to b
}

// NewLinear returns an in→out layer with He initialization: every weight is
// drawn from a normal distribution with mean 0 and variance 2/in, and every
// bias is 0. He et al. (2015) chose the variance so that, behind a ReLU,
// which zeroes half of its inputs on average, the variance of the
// pre-activations Z stays the same from layer to layer instead of
// shrinking or growing exponentially with depth.
func NewLinear(in, out int, rng *rand.Rand) *Linear {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nnlib: NewLinear: sizes %d→%d, want both positive", in, out))
	}
	l := ZeroLinear(in, out)
	std := math.Sqrt(2 / float64(in))
	w := l.W.RawMatrix().Data
	for i := range w {
		w[i] = std * rng.NormFloat64()
	}
	return l
}

// ZeroLinear returns an in→out layer with all weights and biases zero,
// to be filled in: with trained weights read from a file, for example.
// It panics if a size is not positive.
func ZeroLinear(in, out int) *Linear {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nnlib: ZeroLinear: sizes %d→%d, want both positive", in, out))
	}
	return &Linear{
		W:  mat.NewDense(in, out, nil),
		B:  make([]float64, out),
		DW: mat.NewDense(in, out, nil),
		DB: make([]float64, out),
	}
}

// In returns the number of inputs and Out the number of outputs.
func (l *Linear) In() int  { r, _ := l.W.Dims(); return r }
func (l *Linear) Out() int { _, c := l.W.Dims(); return c }

// Forward computes Z = X·W + 1·bᵀ into z, which must be B×Out, for the
// B×In batch x. It panics if the shapes do not fit.
func (l *Linear) Forward(z, x *mat.Dense) {
	l.checkShapes("Forward", z, x)
	z.Mul(x, l.W)
	addBias(z, l.B)
}

// Backward computes the gradients of the loss from dz = ∂L/∂Z (B×Out),
// given the input x (B×In) that Forward saw:
//
//	∂L/∂W = Xᵀ·dZ           (In×Out, into DW)
//	∂L/∂b = 1ᵀ·dZ           (the column sums of dZ, into DB)
//	∂L/∂X = dZ·Wᵀ           (B×In, into dx; skipped when dx is nil)
//
// Each follows from Z[i,j] = Σₖ X[i,k]·W[k,j] + b[j] by the chain rule:
// W[k,j] touches every Z[i,j] with slope X[i,k], b[j] every Z[i,j] with
// slope 1, and X[i,k] every Z[i,j] with slope W[k,j].
func (l *Linear) Backward(dx, x, dz *mat.Dense) {
	l.checkShapes("Backward", dz, x)
	mulTransposedA(l.DW, x, dz) // Xᵀ·dZ
	columnSums(l.DB, dz)
	if dx != nil {
		if r, c := dx.Dims(); r != x.RawMatrix().Rows || c != l.In() {
			panic(fmt.Sprintf("nnlib: Linear.Backward: dx is %d×%d, want %d×%d", r, c, x.RawMatrix().Rows, l.In()))
		}
		mulTransposedB(dx, dz, l.W) // dZ·Wᵀ
	}
}

// checkShapes panics unless x is B×In and z (or dz) is B×Out.
func (l *Linear) checkShapes(method string, z, x *mat.Dense) {
	xr, xc := x.Dims()
	zr, zc := z.Dims()
	if xc != l.In() || zr != xr || zc != l.Out() {
		panic(fmt.Sprintf("nnlib: Linear.%s: layer is %d→%d, x is %d×%d, z is %d×%d; want x B×%d and z B×%d",
			method, l.In(), l.Out(), xr, xc, zr, zc, l.In(), l.Out()))
	}
}

// mulTransposedA sets dst = aᵀ·b, and mulTransposedB sets dst = a·bᵀ. They
// compute what dst.Mul(a.T(), b) and dst.Mul(a, b.T()) would, the way
// gonum's Mul itself does: by calling the BLAS matrix product Gemm, which
// reads a matrix as transposed in place when a flag says so. Mul's way, the
// view a.T(), allocates a little on every call, and a training step would
// make five such calls; these make none.
func mulTransposedA(dst, a, b *mat.Dense) {
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, a.RawMatrix(), b.RawMatrix(), 0, dst.RawMatrix())
}

func mulTransposedB(dst, a, b *mat.Dense) {
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, a.RawMatrix(), b.RawMatrix(), 0, dst.RawMatrix())
}

// addBias adds b to every row of z: z[i,j] += b[j].
func addBias(z *mat.Dense, b []float64) {
	rows, _ := z.Dims()
	for i := range rows {
		row := z.RawRowView(i)
		for j, bj := range b {
			row[j] += bj
		}
	}
}

// columnSums sets dst[j] = Σᵢ m[i,j].
func columnSums(dst []float64, m *mat.Dense) {
	clear(dst)
	rows, _ := m.Dims()
	for i := range rows {
		for j, v := range m.RawRowView(i) {
			dst[j] += v
		}
	}
}
