//go:build amd64 && !purego

package fastblas

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKernels checks each assembly kernel on one tile against a plain Go
// triple loop, with A read in place through strides and B with a row stride
// larger than the tile, for k around the 4-way unrolling of the loop.
func TestKernels(t *testing.T) {
	t.Parallel()
	for _, kern := range availableKernels() {
		rnd := rand.New(rand.NewPCG(1, 1))
		mr, nr := kern.mr, kern.nr
		for _, k := range []int{1, 2, 3, 4, 5, 7, 8, 9, 100} {
			for _, beta := range []float64{0, 1, 0.5} {
				lda, ldb, ldc := k+2, nr+3, nr+5
				a := randSlice(rnd, mr*lda)
				b := randSlice(rnd, k*ldb)
				c := randSlice(rnd, mr*ldc)
				want := append([]float64(nil), c...)
				for i := range mr {
					for j := range nr {
						var s float64
						for p := range k {
							s += a[i*lda+p] * b[p*ldb+j]
						}
						want[i*ldc+j] = 1.5*s + beta*want[i*ldc+j]
					}
				}
				kern.fn(k, &a[0], lda, 1, &b[0], ldb, &c[0], ldc, 1.5, beta)
				if d, i, j := compare(c, want, mr, ldc, ldc); d > 1e-12*float64(k) {
					t.Errorf("%s k=%d β=%v: C[%d,%d] = %v, want %v", kern.name, k, beta, i, j, c[i*ldc+j], want[i*ldc+j])
				}
			}
		}
	}
}

// The kernels alone on one core, with A and B in the L1 cache: the ceiling
// for everything else (2·MR·NR·k flops per call).
func BenchmarkKernelAVX512(b *testing.B) { benchKernel(b, avx512Kernel) }
func BenchmarkKernelAVX2(b *testing.B)   { benchKernel(b, avx2Kernel) }

func benchKernel(b *testing.B, kern *microKernel) {
	if !slices.Contains(availableKernels(), kern) {
		b.Skip("this CPU cannot run the kernel")
	}
	const k = 256
	mr, nr := kern.mr, kern.nr
	a := make([]float64, mr*k)
	bm := make([]float64, k*nr)
	c := make([]float64, mr*nr)
	for b.Loop() {
		kern.fn(k, &a[0], 1, mr, &bm[0], nr, &c[0], nr, 1, 0)
	}
	b.ReportMetric(float64(2*mr*nr*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
