package fastblas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// kernels are the kernels this machine can run: each is tested, not only the
// one Dgemm picks.
func kernels(t testing.TB) []*microKernel {
	ks := availableKernels()
	if len(ks) == 0 {
		t.Skip("no fastblas kernel on this machine: Dgemm is gonum's")
	}
	return ks
}

// gemmCase is one Dgemm call. The matrices are random, each with ext unused
// columns at the end of every row (a leading dimension larger than the
// width, as in a view of a submatrix).
type gemmCase struct {
	tA, tB      blas.Transpose
	m, n, k     int
	alpha, beta float64
	ext         int
}

func (tc gemmCase) String() string {
	t := func(x blas.Transpose) string {
		if x == blas.NoTrans {
			return "N"
		}
		return "T"
	}
	return fmt.Sprintf("%s%s/m=%d,n=%d,k=%d/α=%v,β=%v/ext=%d", t(tc.tA), t(tc.tB), tc.m, tc.n, tc.k, tc.alpha, tc.beta, tc.ext)
}

// operands returns A, B and C for tc with their leading dimensions. The unused
// tail of each row of C is set to a sentinel that no Dgemm may overwrite.
// When beta is 0, C is filled with NaN, which Dgemm must not read.
func (tc gemmCase) operands(rnd *rand.Rand) (a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	ar, ac := tc.m, tc.k
	if tc.tA != blas.NoTrans {
		ar, ac = ac, ar
	}
	br, bc := tc.k, tc.n
	if tc.tB != blas.NoTrans {
		br, bc = bc, br
	}
	lda, ldb, ldc = max(1, ac+tc.ext), max(1, bc+tc.ext), max(1, tc.n+tc.ext)
	a = randSlice(rnd, max(0, (ar-1)*lda+ac))
	b = randSlice(rnd, max(0, (br-1)*ldb+bc))
	c = make([]float64, max(0, (tc.m-1)*ldc+tc.n))
	for i := range c {
		switch {
		case i%ldc >= tc.n:
			c[i] = sentinel
		case tc.beta == 0:
			c[i] = math.NaN()
		default:
			c[i] = rnd.NormFloat64()
		}
	}
	return a, lda, b, ldb, c, ldc
}

const sentinel = -12345.678

func randSlice(rnd *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rnd.NormFloat64()
	}
	return s
}

// tolerance is the largest difference allowed between two computations of
// C for tc: rounding errors grow with the length k of the dot products and
// the scale of the terms (entries are standard normal).
func (tc gemmCase) tolerance() float64 {
	return 1e-12 * float64(max(tc.k, 1)) * (1 + math.Abs(tc.alpha) + math.Abs(tc.beta))
}

// compare returns the largest difference between got and want over the
// m×n matrix with leading dimension ldc, and where it is. A NaN on one side
// only, or a changed sentinel, counts as an infinite difference.
func compare(got, want []float64, m, n, ldc int) (diff float64, i, j int) {
	for r := 0; r < m; r++ {
		for s := 0; s < ldc && r*ldc+s < len(got); s++ {
			g, w := got[r*ldc+s], want[r*ldc+s]
			var d float64
			switch {
			case s >= n:
				if g != sentinel {
					d = math.Inf(1)
				}
			case math.IsNaN(g) || math.IsNaN(w):
				if !(math.IsNaN(g) && math.IsNaN(w)) {
					d = math.Inf(1)
				}
			default:
				d = math.Abs(g - w)
			}
			if d > diff || (d != 0 && math.IsInf(d, 1) && diff == 0) {
				diff, i, j = d, r, s
			}
		}
	}
	return diff, i, j
}

// check runs tc through kernel kern and through gonum's native Dgemm and
// reports a difference beyond tolerance.
func check(t *testing.T, kern *microKernel, tc gemmCase, rnd *rand.Rand) {
	t.Helper()
	a, lda, b, ldb, c, ldc := tc.operands(rnd)
	want := append([]float64(nil), c...)
	a0, b0 := append([]float64(nil), a...), append([]float64(nil), b...)
	gonum.Implementation{}.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, want, ldc)
	dgemm(kern, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)
	if d, i, j := compare(c, want, tc.m, tc.n, ldc); d > tc.tolerance() {
		t.Errorf("%s %v: C[%d,%d] = %v, gonum %v: difference %.3g > %.3g", kern.name, tc, i, j, c[i*ldc+j], want[i*ldc+j], d, tc.tolerance())
	}
	if d, _, _ := compare(a, a0, 1, len(a), len(a)); d != 0 {
		t.Errorf("%s %v: A changed", kern.name, tc)
	}
	if d, _, _ := compare(b, b0, 1, len(b), len(b)); d != 0 {
		t.Errorf("%s %v: B changed", kern.name, tc)
	}
}

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans}

// Sizes around the tile sizes (6, 8, 16) and the blocks (kc = 256, nc = 512).
var sizes = []int{1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 63, 65, 129, 257, 513, 785}

func TestDgemmSizes(t *testing.T) {
	t.Parallel()
	for _, kern := range kernels(t) {
		rnd := rand.New(rand.NewPCG(1, 1))
		for _, tA := range transposes {
			for _, tB := range transposes {
				for _, m := range sizes {
					for _, n := range sizes {
						// One k per (m, n), from the same list, to keep the
						// test quick; the ext and beta vary too.
						k := sizes[rnd.IntN(len(sizes))]
						tc := gemmCase{tA: tA, tB: tB, m: m, n: n, k: k, alpha: 1, beta: []float64{0, 1, 0.5}[rnd.IntN(3)], ext: rnd.IntN(2) * 3}
						check(t, kern, tc, rnd)
					}
				}
			}
		}
	}
}

func TestDgemmAlphaBeta(t *testing.T) {
	t.Parallel()
	for _, kern := range kernels(t) {
		rnd := rand.New(rand.NewPCG(2, 2))
		for _, alpha := range []float64{1, -1, 0.5, 0, 3} {
			for _, beta := range []float64{0, math.Copysign(0, -1), 1, -1, 0.25} {
				for _, tA := range transposes {
					for _, tB := range transposes {
						for _, k := range []int{0, 1, 300} {
							tc := gemmCase{tA: tA, tB: tB, m: 19, n: 37, k: k, alpha: alpha, beta: beta, ext: 2}
							check(t, kern, tc, rnd)
						}
					}
				}
			}
		}
	}
}

// The products of the MNIST network, at a batch of 128 and at 1000 examples
// (the full batch of 60000 is in the benchmarks: same code paths, only longer).
func TestDgemmNetworkShapes(t *testing.T) {
	t.Parallel()
	for _, kern := range kernels(t) {
		rnd := rand.New(rand.NewPCG(3, 3))
		for _, batch := range []int{128, 1000} {
			for _, s := range networkShapes(batch) {
				check(t, kern, gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, alpha: 1, beta: 0}, rnd)
				check(t, kern, gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, alpha: -0.01, beta: 1, ext: 1}, rnd)
			}
		}
	}
}

func TestDgemmRandom(t *testing.T) {
	t.Parallel()
	for _, kern := range kernels(t) {
		rnd := rand.New(rand.NewPCG(4, 4))
		for range 200 {
			tc := gemmCase{
				tA: transposes[rnd.IntN(2)], tB: transposes[rnd.IntN(2)],
				m: 1 + rnd.IntN(300), n: 1 + rnd.IntN(300), k: 1 + rnd.IntN(600),
				alpha: rnd.NormFloat64(), beta: []float64{0, 1, rnd.NormFloat64()}[rnd.IntN(3)],
				ext: rnd.IntN(5),
			}
			check(t, kern, tc, rnd)
		}
	}
}

// TestDgemmEmpty covers empty products: m or n = 0 (nothing to do) and
// k = 0 (C = beta·C, also with beta = 0 over NaNs).
func TestDgemmEmpty(t *testing.T) {
	t.Parallel()
	for _, kern := range kernels(t) {
		rnd := rand.New(rand.NewPCG(10, 10))
		for _, s := range [][3]int{{0, 5, 3}, {5, 0, 3}, {0, 0, 0}, {4, 5, 0}, {20, 33, 0}} {
			for _, beta := range []float64{0, 1, 2} {
				for _, tA := range transposes {
					for _, tB := range transposes {
						check(t, kern, gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], alpha: 1, beta: beta, ext: 1}, rnd)
					}
				}
			}
		}
	}
}

// TestCompareCatchesErrors makes sure that the comparison used above can fail:
// a result off by a little more than the tolerance in a single entry, a NaN
// or an overwritten sentinel are all reported.
func TestCompareCatchesErrors(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(5, 5))
	tc := gemmCase{tA: blas.Trans, tB: blas.NoTrans, m: 33, n: 20, k: 70, alpha: 1, beta: 0.5, ext: 2}
	for _, kern := range kernels(t) {
		a, lda, b, ldb, c, ldc := tc.operands(rnd)
		want := append([]float64(nil), c...)
		gonum.Implementation{}.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, want, ldc)
		dgemm(kern, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)
		if d, _, _ := compare(c, want, tc.m, tc.n, ldc); d > tc.tolerance() {
			t.Fatalf("%s: unperturbed result differs by %g", kern.name, d)
		}
		for _, p := range []struct {
			name string
			at   int
			to   func(float64) float64
		}{
			{"off by 2·tolerance", 17*ldc + 9, func(v float64) float64 { return v + 2*tc.tolerance() }},
			{"NaN", 32*ldc + 19, func(float64) float64 { return math.NaN() }},
			{"sentinel overwritten", 3*ldc + 20, func(float64) float64 { return 0 }},
		} {
			bad := append([]float64(nil), c...)
			bad[p.at] = p.to(bad[p.at])
			if d, i, j := compare(bad, want, tc.m, tc.n, ldc); d <= tc.tolerance() || i*ldc+j != p.at {
				t.Errorf("%s: %s at %d not caught: difference %g at [%d,%d]", kern.name, p.name, p.at, d, i, j)
			}
		}
	}
}

// panics runs fn and reports whether it panicked, and with what message.
func panics(fn func()) (panicked bool, message string) {
	defer func() {
		r := recover()
		panicked = r != nil
		message = fmt.Sprint(r)
	}()
	fn()
	return false, ""
}

func TestDgemmPanics(t *testing.T) {
	t.Parallel()
	s := make([]float64, 100)
	type args struct {
		tA, tB        blas.Transpose
		m, n, k       int
		a, b, c       []float64
		lda, ldb, ldc int
	}
	ok := args{blas.NoTrans, blas.NoTrans, 3, 4, 5, s, s, s, 5, 4, 4}
	for _, tc := range []struct {
		name string
		edit func(*args)
	}{
		{"bad tA", func(x *args) { x.tA = 'X' }},
		{"bad tB", func(x *args) { x.tB = 0 }},
		{"m<0", func(x *args) { x.m = -1 }},
		{"n<0", func(x *args) { x.n = -1 }},
		{"k<0", func(x *args) { x.k = -1 }},
		{"lda", func(x *args) { x.lda = 4 }},
		{"lda trans", func(x *args) { x.tA = blas.Trans; x.lda = 2 }},
		{"ldb", func(x *args) { x.ldb = 3 }},
		{"ldb trans", func(x *args) { x.tB = blas.Trans; x.ldb = 4 }},
		{"ldc", func(x *args) { x.ldc = 3 }},
		{"short a", func(x *args) { x.a = s[:14] }},
		{"short b", func(x *args) { x.b = s[:19] }},
		{"short c", func(x *args) { x.c = s[:11] }},
		{"short a, m=0", func(x *args) { x.m = 0; x.a = nil }}, // no panic: quick return
	} {
		x := ok
		tc.edit(&x)
		call := func(d func(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int)) func() {
			return func() {
				c := append([]float64(nil), x.c...)
				d(x.tA, x.tB, x.m, x.n, x.k, 1, x.a, x.lda, x.b, x.ldb, 0, c, x.ldc)
			}
		}
		wantP, wantMsg := panics(call(gonum.Implementation{}.Dgemm))
		// The exported method (which sends this small product to gonum)
		// and each kernel's path, which checks the arguments itself.
		impls := map[string]func(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int){
			"Implementation": Implementation{}.Dgemm,
		}
		for _, kern := range availableKernels() {
			impls[kern.name] = func(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
				dgemm(kern, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			}
		}
		for name, impl := range impls {
			gotP, gotMsg := panics(call(impl))
			if gotP != wantP || gotMsg != wantMsg {
				t.Errorf("%s: %s: panic %v %q, gonum %v %q", name, tc.name, gotP, gotMsg, wantP, wantMsg)
			}
		}
		if tc.name != "short a, m=0" && !wantP {
			t.Errorf("%s: gonum did not panic: the case tests nothing", tc.name)
		}
	}
}

// TestDgemmConcurrent calls Dgemm from several goroutines at once: they share
// the worker goroutines and the pools of scratch memory.
func TestDgemmConcurrent(t *testing.T) {
	t.Parallel()
	kern := kernels(t)[0]
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(6, uint64(g)))
			for range 10 {
				check(t, kern, gemmCase{tA: blas.Trans, tB: blas.NoTrans, m: 200, n: 70, k: 300, alpha: 1, beta: 1, ext: 1}, rnd)
				check(t, kern, gemmCase{tA: blas.NoTrans, tB: blas.Trans, m: 60, n: 150, k: 100, alpha: 2, beta: 0}, rnd)
			}
		})
	}
	wg.Wait()
}

// TestDgemmAllocs checks that, once warm, a call allocates nothing, also when
// it is split between goroutines.
func TestDgemmAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("not with -short")
	}
	kernels(t)
	rnd := rand.New(rand.NewPCG(7, 7))
	for _, s := range networkShapes(128) {
		tc := gemmCase{tA: s.tA, tB: s.tB, m: s.m, n: s.n, k: s.k, alpha: 1, beta: 0}
		a, lda, b, ldb, c, ldc := tc.operands(rnd)
		impl := Implementation{}
		allocs := testing.AllocsPerRun(20, func() {
			impl.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, 1, a, lda, b, ldb, 0, c, ldc)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per call, want 0", s.name, allocs)
		}
	}
}

// networkShape is one matrix product of the 784→128→64→10 network for a
// batch of B examples (row-major, as gonum/mat stores matrices).
type networkShape struct {
	name    string
	tA, tB  blas.Transpose
	m, n, k int
}

func networkShapes(batch int) []networkShape {
	N, T := blas.NoTrans, blas.Trans
	return []networkShape{
		{"X·W1", N, N, batch, 128, 784},   // forward, layer 1
		{"H1·W2", N, N, batch, 64, 128},   // forward, layer 2
		{"H2·W3", N, N, batch, 10, 64},    // forward, layer 3
		{"Xᵀ·dZ1", T, N, 784, 128, batch}, // dW1
		{"H1ᵀ·dZ2", T, N, 128, 64, batch}, // dW2
		{"H2ᵀ·dZ3", T, N, 64, 10, batch},  // dW3
		{"dZ2·W2ᵀ", N, T, batch, 128, 64}, // dH1
		{"dZ3·W3ᵀ", N, T, batch, 64, 10},  // dH2
	}
}

// TestImplementationDgemm goes through the exported method, which sends
// small products to gonum and the others to the kernel.
func TestImplementationDgemm(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(8, 8))
	for _, s := range [][3]int{{1, 1, 1}, {2, 3, 4}, {1, 128, 784}, {300, 1, 20}, {8, 8, 8}, {7, 9, 8}, {50, 60, 70}, {200, 300, 400}} {
		for _, tA := range transposes {
			for _, tB := range transposes {
				tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], alpha: 0.5, beta: 2, ext: 1}
				a, lda, b, ldb, c, ldc := tc.operands(rnd)
				want := append([]float64(nil), c...)
				gonum.Implementation{}.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, want, ldc)
				Implementation{}.Dgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc)
				if d, i, j := compare(c, want, tc.m, tc.n, ldc); d > tc.tolerance() {
					t.Errorf("%v: C[%d,%d] differs from gonum by %.3g", tc, i, j, d)
				}
			}
		}
	}
}
