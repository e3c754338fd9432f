package fastblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's native BLAS with a faster Dgemm. Every other
// routine is gonum.Implementation's, through the embedded field.
type Implementation struct {
	gonum.Implementation
}

var _ blas.Float64 = Implementation{}

// kern is the micro-kernel Dgemm uses, the best this CPU runs, or nil when
// there is none and Dgemm is gonum's.
var kern = bestKernel()

func bestKernel() *microKernel {
	if ks := availableKernels(); len(ks) > 0 {
		return ks[0]
	}
	return nil
}

// Supported reports whether this CPU runs one of the package's kernels.
// When it does not, Implementation is gonum's native implementation.
func Supported() bool { return kern != nil }

// Name describes the Dgemm that Implementation uses on this machine.
func Name() string {
	if kern == nil {
		return "gonum native (fastblas: no kernel for this CPU, which lacks AVX2+FMA, or not amd64)"
	}
	return "fastblas (" + kern.name + ")"
}

// Use makes Implementation the BLAS of gonum's blas64 package, and so of
// gonum.org/v1/gonum/mat, for all later calls.
func Use() { blas64.Use(Implementation{}) }

// The panic messages of gonum's BLAS (gonum.org/v1/gonum/blas/gonum).
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// Dgemm computes
//
//	C = alpha·op(A)·op(B) + beta·C
//
// where op(X) is X or Xᵀ as tA and tB say, op(A) is m×k, op(B) is k×n and C
// is m×n, all row-major with leading dimensions lda, ldb and ldc. It has
// the semantics of gonum's Dgemm: beta == 0 overwrites C, NaNs included;
// alpha == 0 or k == 0 only scales C by beta; and it panics, with gonum's
// messages, on an illegal transpose, a negative size, a leading dimension
// smaller than a row, or a slice too short.
func (impl Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if kern == nil || m*n*k < minKernelWork || m == 1 || n == 1 {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	dgemm(kern, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// minKernelWork is the smallest product, in multiply-adds m·n·k, that goes
// to the kernels. Smaller ones, and products with a single row or column of
// C (matrix-vector products, which fill at most one row or column of a
// tile), are faster with gonum's plain loops: a call costs the kernel path
// about 70 ns, and 4×4·4×4 takes gonum 68 ns, 8×8·8×8 255 ns (116 here),
// 1×64·64×10 255 ns (710 here).
const minKernelWork = 512

// dgemm is Dgemm with kernel kern (not nil).
func dgemm(kern *microKernel, tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	// The checks of gonum's Dgemm, in its order.
	switch tA {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	switch tB {
	default:
		panic(badTranspose)
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	}
	if m < 0 {
		panic(mLT0)
	}
	if n < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	aTrans := tA != blas.NoTrans
	bTrans := tB != blas.NoTrans
	if aTrans {
		if lda < max(1, m) {
			panic(badLdA)
		}
	} else if lda < max(1, k) {
		panic(badLdA)
	}
	if bTrans {
		if ldb < max(1, k) {
			panic(badLdB)
		}
	} else if ldb < max(1, n) {
		panic(badLdB)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return
	}
	if aTrans {
		if len(a) < (k-1)*lda+m {
			panic(shortA)
		}
	} else if len(a) < (m-1)*lda+k {
		panic(shortA)
	}
	if bTrans {
		if len(b) < (n-1)*ldb+k {
			panic(shortB)
		}
	} else if len(b) < (k-1)*ldb+n {
		panic(shortB)
	}
	if len(c) < (m-1)*ldc+n {
		panic(shortC)
	}

	if alpha == 0 || k == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	gemm(kern, aTrans, bTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// scale sets C = beta·C; beta == 0 sets C to zero even where it held NaN.
func scale(m, n int, beta float64, c []float64, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
