package fastblas

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// backend is a BLAS implementation to compare.
type backend struct {
	name string
	impl blas.Float64
}

// backends are compared side by side in each benchmark; openblas_test.go adds
// OpenBLAS under the openblas build tag.
var backends = []backend{
	{"gonum", gonum.Implementation{}},
	{"fastblas", Implementation{}},
}

func BenchmarkDgemm128(b *testing.B)   { benchShapes(b, 128) }
func BenchmarkDgemm60000(b *testing.B) { benchShapes(b, 60000) }
func BenchmarkEpoch128(b *testing.B)   { benchEpoch(b, 128) }
func BenchmarkEpoch60000(b *testing.B) { benchEpoch(b, 60000) }

// benchShapes times each product of the network at the given batch size,
// on each backend, and reports GFLOP/s (2·m·n·k flops per product).
func benchShapes(b *testing.B, batch int) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, s := range networkShapes(batch) {
		tc := gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, alpha: 1, beta: 0}
		a, lda, bm, ldb, c, ldc := tc.operands(rnd)
		for _, be := range backends {
			b.Run(s.name+"/"+be.name, func(b *testing.B) {
				be.impl.Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bm, ldb, 0, c, ldc) // warm up: start workers, allocate scratch
				b.ReportAllocs()
				for b.Loop() {
					be.impl.Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bm, ldb, 0, c, ldc)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// benchEpoch times the eight products of one epoch over 60000 examples in
// mini-batches of the given size (the last one smaller), each batch a view of
// rows of full-size matrices, as training does. It reports seconds per epoch
// and GFLOP/s.
func benchEpoch(b *testing.B, batch int) {
	const examples = 60000
	rnd := rand.New(rand.NewPCG(1, 3))
	// Activations and gradients for all examples, row-major, one per layer
	// width; a mini-batch is a block of rows of each.
	width := []int{784, 128, 64, 10}
	act := make([][]float64, len(width))
	grad := make([][]float64, len(width))
	for l, w := range width {
		act[l] = randSlice(rnd, examples*w)
		grad[l] = randSlice(rnd, examples*w)
	}
	weights := make([][]float64, 3)
	dW := make([][]float64, 3)
	for l := range weights {
		weights[l] = randSlice(rnd, width[l]*width[l+1])
		dW[l] = make([]float64, width[l]*width[l+1])
	}
	var flops float64
	for from := 0; from < examples; from += batch {
		rows := min(batch, examples-from)
		for l := range weights {
			flops += 2 * 2 * float64(rows*width[l]*width[l+1]) // forward and dW
			if l > 0 {
				flops += 2 * float64(rows*width[l]*width[l+1]) // dH
			}
		}
	}
	N, T := blas.NoTrans, blas.Trans
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			b.ReportAllocs()
			impl := be.impl
			for b.Loop() {
				for from := 0; from < examples; from += batch {
					rows := min(batch, examples-from)
					for l := range weights {
						in, out := width[l], width[l+1]
						x, z := act[l][from*in:], act[l+1][from*out:]
						dx, dz := grad[l][from*in:], grad[l+1][from*out:]
						impl.Dgemm(N, N, rows, out, in, 1, x, in, weights[l], out, 0, z, out) // Z = X·W
						impl.Dgemm(T, N, in, out, rows, 1, x, in, dz, out, 0, dW[l], out)     // dW = Xᵀ·dZ
						if l > 0 {
							impl.Dgemm(N, T, rows, in, out, 1, dz, out, weights[l], out, 0, dx, in) // dX = dZ·Wᵀ
						}
					}
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(sec, "s/epoch")
			b.ReportMetric(flops/sec/1e9, "GFLOP/s")
		})
	}
}
