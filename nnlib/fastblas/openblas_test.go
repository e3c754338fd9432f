//go:build openblas && cgo

package fastblas

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/gonum"
)

func init() {
	backends = append(backends, backend{"openblas", OpenBLAS()})
}

// TestOpenBLAS checks that the binding links and agrees with gonum.
func TestOpenBLAS(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 9))
	for _, tA := range transposes {
		for _, tB := range transposes {
			tc := gemmCase{tA: tA, tB: tB, m: 65, n: 17, k: 129, alpha: 0.5, beta: 0, ext: 2}
			a, lda, b, ldb, c, ldc := tc.operands(rnd)
			want := append([]float64(nil), c...)
			gonum.Implementation{}.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, want, ldc)
			OpenBLAS().Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)
			if d, i, j := compare(c, want, tc.m, tc.n, ldc); d > tc.tolerance() {
				t.Errorf("%v: C[%d,%d] differs from gonum by %.3g", tc, i, j, d)
			}
		}
	}
}
