// Package fastblas is gonum's BLAS with a faster matrix product, Dgemm:
//
//	C = α·op(A)·op(B) + β·C,  op(X) = X or Xᵀ,
//
// written in Go and Go assembly (no cgo). Every other BLAS routine is
// gonum's own. Call Use once, at the start of a program, and every product
// of gonum.org/v1/gonum/mat (c.Mul(a, b), c.Mul(a.T(), b), …) goes through
// it:
//
//	fastblas.Use()
//	log.Println("BLAS:", fastblas.Name())
//
// On a CPU without AVX2 and FMA, on an architecture other than amd64, or
// with the purego build tag, there is no kernel: Supported reports false and
// Implementation is gonum's native implementation.
//
// # How a fast matrix product works
//
// C[i, j] = Σₚ A[i, p]·B[p, j] takes m·n·k multiply-adds; a CPU can do 32
// flops per cycle and core (two 8-wide fused multiply-adds, FMA), but only if
// it does not wait on memory. The classic answer (Goto and van de Geijn;
// BLIS; OpenBLAS) is a register tile: the micro-kernel keeps an 8×16 block
// of C in 16 AVX-512 registers and, for each p, adds the outer product of
// column p of A (8 numbers, each broadcast to a whole register) and row p of
// B (16 numbers, two registers):
//
//	C[i0:i0+8, j0:j0+16] += A[i0:i0+8, p] · B[p, j0:j0+16],  p = 0, 1, …, kc-1.
//
// That is 16 FMAs for 10 loads, from data that stays in the L1 cache; only
// after kc = 256 steps is C touched (C = α·sum + β·C). The Go code around the
// kernel (gemm.go) walks C tile by tile: blocks of nc columns, then depth
// blocks of kc, then rows of tiles, then columns of tiles, so that the 8×kc
// sliver of A in use stays in L1 and the kc×nc block of B in the L2 cache.
//
// Libraries usually copy ("pack") blocks of A and B into contiguous buffers
// first. Here the kernel reads A[i, p] at a[i·ai + p·ap] for any strides,
// and B row by row with any stride, so A (transposed or not) and B (not
// transposed) are read in place; only a transposed B, which is read along
// columns, and the last, partial row or column of tiles are copied. The
// kernel runs as fast on A and B in place as on packed copies, and skipping
// the copies is what lets the small products of a 128-example batch run
// near peak. Sizes
// that are not multiples of the tile work through those partial tiles,
// computed in full into a small buffer and added to C in Go.
//
// # Assembly rather than simd/archsimd
//
// The kernels (kernel_amd64.s: 8×16 with AVX-512, 6×8 with AVX2+FMA for
// older CPUs) are Go assembly, not simd/archsimd, because:
//
//   - archsimd exists only with GOEXPERIMENT=simd in Go 1.26. Code behind the
//     goexperiment.simd build tag would be absent from the default build, so
//     the plain go test ./nnlib, and every reader's first run, would get
//     gonum's speed. Assembly is in every build.
//   - The kernel's speed rests on register allocation: 16 accumulators, 2 rows
//     of B and 8 broadcasts held in 26 of the 32 vector registers across the
//     whole loop. In assembly that is written down; a compiler may spill.
//   - Go assembly (AVX-512 since Go 1.11) is stable; archsimd is an
//     experiment whose API may change from one release to the next.
//
// The price is a kernel that only amd64 runs and that is harder to read than
// Go; it is kept to two short kernels written with macros, and everything
// else (blocking, edges, threads) is Go. The CPU's features come from
// golang.org/x/sys/cpu, which also checks that the operating system saves
// the AVX registers.
//
// # Threads
//
// A product of at least 2¹⁸ multiply-adds is cut into GOMAXPROCS bands of
// whole tiles (rows, or columns when that reads less), one per goroutine:
// the calling goroutine and worker goroutines started on first use and kept
// for the life of the program. An idle worker polls for work for 250 µs,
// yielding to other goroutines, before it blocks: waking a blocked thread
// costs tens of µs, as long as the whole 128×784·784×128 product. A call
// allocates nothing once warm (waking a worker that had gone to sleep may
// cost the Go runtime a small allocation of its own).
//
// # Results
//
// The sums are added in another order than gonum's, and with fused
// multiply-adds, so results differ from gonum's by rounding (a few ulps of
// the terms' size). gonum skips the zero entries of A, so an Inf or NaN in B
// facing them does not reach C; here it does (0·Inf is NaN), as in OpenBLAS.
//
// Measured on a 2-core AMD EPYC (Zen 5, AVX-512) VM with Go 1.26, best of
// several runs (scripts/bench-gemm), in GFLOP/s (2·m·n·k flops per second)
// and, for an epoch (the eight products over 60000 examples, 27.3 GFLOP),
// in seconds:
//
//	                         gonum   fastblas   OpenBLAS 0.3.21
//	X·W1,   batch 128           20        254          95
//	Xᵀ·dZ1, batch 128           12        255         101
//	X·W1,   batch 60000         19        209          90
//	Xᵀ·dZ1, batch 60000         10        222         110
//	epoch, batch 128        1.87 s    0.121 s     0.315 s
//	epoch, batch 60000      2.13 s    0.134 s     0.292 s
//
// The kernel alone, on one core, with its data in L1, runs at 134 GFLOP/s
// (BenchmarkKernelAVX512): the large products run at 78–95% of the two
// cores' peak. Products with 10 columns (the output layer) reach 50–130:
// each tile is 16 wide, and the partial ones go through a copy.
//
// # OpenBLAS
//
// With the openblas build tag, cgo and Debian's libopenblas-dev, UseOpenBLAS
// and OpenBLAS offer OpenBLAS instead, through gonum's cgo binding
// (gonum.org/v1/netlib), and the benchmarks compare it side by side.
package fastblas
