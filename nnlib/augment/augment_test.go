package augment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// newRNG returns the seeded generator the tests use.
func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// image returns an image whose pixel (x, y) is f(x, y).
func image(f func(x, y int) float64) []float64 {
	img := make([]float64, pixels)
	for y := range side {
		for x := range side {
			img[y*side+x] = f(x, y)
		}
	}
	return img
}

// ring returns a digit-like test image: a ring of radius 7 around the
// centre, a stroke about 3 pixels wide with grey edges, like an MNIST 0.
func ring() []float64 {
	return image(func(x, y int) float64 {
		r := math.Hypot(float64(x)-centre, float64(y)-centre)
		return math.Max(0, math.Min(1, 2-math.Abs(r-7)))
	})
}

// noise returns an image of random values in [0, 1).
func noise(rng *rand.Rand) []float64 {
	return image(func(int, int) float64 { return rng.Float64() })
}

// panics runs fn and reports whether it panicked, and with what message.
func panics(fn func()) (panicked bool, message string) {
	defer func() {
		if r := recover(); r != nil {
			panicked, message = true, fmt.Sprint(r)
		}
	}()
	fn()
	return false, ""
}

// assertImage fails t at the first pixel where got and want differ by more
// than tol, and says how many differ.
func assertImage(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	bad, first := 0, -1
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol || math.IsNaN(got[i]) {
			if first < 0 {
				first = i
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d pixels differ by more than %g; first (%d, %d) = %.12g, want %.12g",
			what, bad, tol, first%side, first/side, got[first], want[first])
	}
}

func TestBilinear(t *testing.T) {
	t.Parallel()
	img := make([]float64, pixels)
	img[5*side+3] = 1   // (3, 5)
	img[5*side+4] = 0.5 // (4, 5)
	img[0] = 0.8        // (0, 0), in the corner
	for _, c := range []struct {
		x, y, want float64
	}{
		{3, 5, 1},                  // a pixel centre: its value
		{4, 5, 0.5},                // another
		{3.5, 5, 0.75},             // halfway between two pixels: their mean
		{3.25, 5, 0.875},           // a quarter of the way: 3/4 of one, 1/4 of the other
		{3, 5.5, 0.5},              // halfway to the empty pixel below
		{3.5, 5.5, 0.375},          // the middle of four pixels: their mean, (1 + 0.5 + 0 + 0)/4
		{-0.5, 0, 0.4},             // half outside: outside is 0
		{-1, 0, 0},                 // a whole pixel outside
		{0, -0.25, 0.6},            // a quarter pixel above the corner
		{28, 3, 0},                 // past the right edge
		{math.NaN(), 5, 0},         // no point at all
		{math.Inf(1), 5, 0},        // nor here
		{13.5, math.Inf(-1), 0},    // nor here
		{3.0000001, 5, 0.99999995}, // just past a centre
	} {
		if got := Bilinear(img, c.x, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Bilinear at (%v, %v) = %.12g, want %v", c.x, c.y, got, c.want)
		}
	}
}

func TestAffineShiftByOnePixel(t *testing.T) {
	t.Parallel()
	src := noise(newRNG(1))
	var tr Transformer
	dst := make([]float64, pixels)

	tr.Affine(dst, src, Affine{DX: 1}) // one pixel to the right
	want := image(func(x, y int) float64 { return pixel(src, x-1, y) })
	assertImage(t, "shifted right by 1", dst, want, 0)

	tr.Affine(dst, src, Affine{DX: -2, DY: 1}) // two to the left, one down
	want = image(func(x, y int) float64 { return pixel(src, x+2, y-1) })
	assertImage(t, "shifted left by 2 and down by 1", dst, want, 0)

	tr.Affine(dst, src, Affine{DX: 0.5}) // half a pixel: the mean of two neighbours
	want = image(func(x, y int) float64 { return (pixel(src, x-1, y) + pixel(src, x, y)) / 2 })
	assertImage(t, "shifted right by 0.5", dst, want, 1e-15)
}

func TestAffineRotation(t *testing.T) {
	t.Parallel()
	src := noise(newRNG(2))
	var tr Transformer
	dst := make([]float64, pixels)
	// About the centre 13.5, a quarter turn sends the pixel grid onto
	// itself. Counterclockwise on the screen (y down), the right edge
	// becomes the top: the pixel (x, y) goes to (y, 27 − x).
	tr.Affine(dst, src, Affine{Rotate: 90})
	want := make([]float64, pixels)
	for y := range side {
		for x := range side {
			want[(side-1-x)*side+y] = src[y*side+x]
		}
	}
	assertImage(t, "rotated by 90°", dst, want, 1e-12)

	tr.Affine(dst, src, Affine{Rotate: -90}) // clockwise: (x, y) goes to (27 − y, x)
	for y := range side {
		for x := range side {
			want[x*side+side-1-y] = src[y*side+x]
		}
	}
	assertImage(t, "rotated by −90°", dst, want, 1e-12)

	tr.Affine(dst, src, Affine{Rotate: 180}) // upside down: (x, y) goes to (27 − x, 27 − y)
	want = image(func(x, y int) float64 { return src[(side-1-y)*side+side-1-x] })
	assertImage(t, "rotated by 180°", dst, want, 1e-12)

	// A bar right of the centre, turned 90°, stands above it.
	bar := image(func(x, y int) float64 { return b2f(y == 13 && x >= 16 && x <= 20) })
	tr.Affine(dst, bar, Affine{Rotate: 90})
	want = image(func(x, y int) float64 { return b2f(x == 13 && y >= 7 && y <= 11) })
	assertImage(t, "a bar rotated by 90°", dst, want, 1e-12)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// On a ramp, f(x, y) = x + 2y (within the image), bilinear interpolation is
// exact, so an affine distortion reads the ramp at the point its inverse
// gives, worked out by hand for each distortion below.
func TestAffineOnARamp(t *testing.T) {
	t.Parallel()
	ramp := func(x, y float64) float64 { return x + 2*y }
	src := image(func(x, y int) float64 { return ramp(float64(x), float64(y)) })
	var tr Transformer
	dst := make([]float64, pixels)
	const c = 13.5
	for _, tc := range []struct {
		a    Affine
		from func(x, y float64) (float64, float64) // where the new (x, y) comes from
	}{
		// twice as large: a point twice as far from the centre came from here
		{Affine{Scale: 1}, func(x, y float64) (float64, float64) { return c + (x-c)/2, c + (y-c)/2 }},
		// 0.8 as large
		{Affine{Scale: -0.2}, func(x, y float64) (float64, float64) { return c + (x-c)/0.8, c + (y-c)/0.8 }},
		// slanted right by k = 0.5: a row h above the centre moved h/2 right
		{Affine{Shear: 0.5}, func(x, y float64) (float64, float64) { return x + 0.5*(y-c), y }},
		// slanted, then shifted 2 right
		{Affine{Shear: -0.25, DX: 2}, func(x, y float64) (float64, float64) { return x - 2 - 0.25*(y-c), y }},
	} {
		tr.Affine(dst, src, tc.a)
		for y := range side {
			for x := range side {
				u, v := tc.from(float64(x), float64(y))
				if u < 0 || u > side-1 || v < 0 || v > side-1 {
					continue // read from outside, where the ramp is not
				}
				if got, want := dst[y*side+x], ramp(u, v); math.Abs(got-want) > 1e-9 {
					t.Fatalf("%+v: pixel (%d, %d) = %.12g, want %.12g", tc.a, x, y, got, want)
				}
			}
		}
	}
}

// A rotation, a slant and a change of size keep the image's centre where
// it is, and a shift moves it by the shift.
func TestAffineInverse(t *testing.T) {
	t.Parallel()
	a := Affine{DX: 1.5, DY: -2, Rotate: 33, Scale: 0.2, Shear: 0.4}
	m := a.inverse()
	u, v := m.apply(centre+1.5, centre-2)
	if math.Abs(u-centre) > 1e-12 || math.Abs(v-centre) > 1e-12 {
		t.Errorf("the shifted centre comes from (%v, %v), want the centre", u, v)
	}
	// Forward by the formula of the doc comment, then back by inverse.
	sin, cos := math.Sincos(a.Rotate * math.Pi / 180)
	for _, p := range [][2]float64{{0, 0}, {27, 3}, {10, 20}} {
		x, y := p[0]-centre, p[1]-centre
		x, y = x*(1+a.Scale), y*(1+a.Scale)
		x = x - a.Shear*y
		x, y = cos*x+sin*y, -sin*x+cos*y
		u, v := m.apply(centre+a.DX+x, centre+a.DY+y)
		if math.Abs(u-p[0]) > 1e-12 || math.Abs(v-p[1]) > 1e-12 {
			t.Errorf("%v forward and back = (%v, %v)", p, u, v)
		}
	}
}

// resample with a constant displacement field Δ = (1, 0) reads every pixel
// from one to its right: the image moves one pixel left.
func TestResampleWithAField(t *testing.T) {
	t.Parallel()
	src := noise(newRNG(3))
	dx, dy := make([]float64, pixels), make([]float64, pixels)
	for i := range dx {
		dx[i] = 1
	}
	dst := make([]float64, pixels)
	resample(dst, src, identity, dx, dy)
	want := image(func(x, y int) float64 { return pixel(src, x+1, y) })
	assertImage(t, "constant field (1, 0)", dst, want, 0)
}

func TestGaussianKernel(t *testing.T) {
	t.Parallel()
	var buf [2*maxRadius + 1]float64
	if w := gaussianKernel(buf[:], 0); len(w) != 1 || w[0] != 1 {
		t.Errorf("σ = 0: kernel %v, want [1]", w)
	}
	w := gaussianKernel(buf[:], 1) // r = 3: e^0, e^−1/2, e^−2, e^−9/2 on each side
	e := []float64{math.Exp(-4.5), math.Exp(-2), math.Exp(-0.5), 1, math.Exp(-0.5), math.Exp(-2), math.Exp(-4.5)}
	sum := 0.0
	for _, v := range e {
		sum += v
	}
	if len(w) != len(e) {
		t.Fatalf("σ = 1: %d weights, want %d", len(w), len(e))
	}
	for i := range e {
		if math.Abs(w[i]-e[i]/sum) > 1e-15 {
			t.Errorf("σ = 1: w[%d] = %v, want %v", i, w[i], e[i]/sum)
		}
	}
	if w := gaussianKernel(buf[:], 100); len(w) != 2*maxRadius+1 {
		t.Errorf("σ = 100: %d weights, want %d, as far as the image reaches", len(w), 2*maxRadius+1)
	}
}

// Blurring a single lit pixel draws the kernel itself: the weight of the
// pixel (x, y) from the centre (i, j) is w[x−i]·w[y−j].
func TestBlurImpulse(t *testing.T) {
	t.Parallel()
	src := make([]float64, pixels)
	src[14*side+12] = 1 // (12, 14)
	var tr Transformer
	dst := make([]float64, pixels)
	tr.Blur(dst, src, 1)
	var buf [2*maxRadius + 1]float64
	w := gaussianKernel(buf[:], 1)
	want := image(func(x, y int) float64 {
		i, j := x-12+3, y-14+3
		if i < 0 || i >= len(w) || j < 0 || j >= len(w) {
			return 0
		}
		return w[i] * w[j]
	})
	assertImage(t, "a blurred impulse", dst, want, 1e-15)
	if got := sum(dst); math.Abs(got-1) > 1e-12 {
		t.Errorf("a blurred impulse has %v of ink, want 1: blurring keeps the ink", got)
	}

	// Near the edge, the part of the kernel outside the image is lost.
	clear(src)
	src[0] = 1
	tr.Blur(dst, src, 1)
	if got, want := sum(dst), math.Pow(w[3]+w[4]+w[5]+w[6], 2); math.Abs(got-want) > 1e-12 {
		t.Errorf("a blurred corner pixel keeps %v of its ink, want %v", got, want)
	}
}

func sum(img []float64) float64 {
	s := 0.0
	for _, v := range img {
		s += v
	}
	return s
}

func TestStrokeThicker(t *testing.T) {
	t.Parallel()
	src := make([]float64, pixels)
	src[10*side+10] = 1 // (10, 10)
	var tr Transformer
	dst := make([]float64, pixels)

	tr.Stroke(dst, src, 1) // one step: the pixel and its four neighbours
	cross := image(func(x, y int) float64 { return b2f(abs(x-10)+abs(y-10) <= 1) })
	assertImage(t, "one step thicker", dst, cross, 0)

	tr.Stroke(dst, src, 2) // two steps: a diamond of radius 2
	want := image(func(x, y int) float64 { return b2f(abs(x-10)+abs(y-10) <= 2) })
	assertImage(t, "two steps thicker", dst, want, 0)

	tr.Stroke(dst, src, 0.25) // a quarter step: a faint rim
	want = image(func(x, y int) float64 {
		switch abs(x-10) + abs(y-10) {
		case 0:
			return 1
		case 1:
			return 0.25
		}
		return 0
	})
	assertImage(t, "a quarter step thicker", dst, want, 0)

	// A grey pixel next to darker ink takes the darker value.
	src[10*side+11] = 0.5
	tr.Stroke(dst, src, 1)
	if got := dst[10*side+11]; got != 1 {
		t.Errorf("grey pixel next to ink, one step thicker = %v, want 1", got)
	}
}

func TestStrokeThinner(t *testing.T) {
	t.Parallel()
	// A 3×3 block around (10, 10): one step thinner leaves only its middle,
	// the one pixel whose four neighbours are all ink.
	src := image(func(x, y int) float64 { return b2f(abs(x-10) <= 1 && abs(y-10) <= 1) })
	var tr Transformer
	dst := make([]float64, pixels)
	tr.Stroke(dst, src, -1)
	want := make([]float64, pixels)
	want[10*side+10] = 1
	assertImage(t, "a 3×3 block one step thinner", dst, want, 0)

	tr.Stroke(dst, src, -0.5) // half a step: the rim half as dark
	want = image(func(x, y int) float64 {
		switch {
		case x == 10 && y == 10:
			return 1
		case abs(x-10) <= 1 && abs(y-10) <= 1:
			return 0.5
		}
		return 0
	})
	assertImage(t, "a 3×3 block half a step thinner", dst, want, 0)

	// Ink on the border: outside the image counts as background.
	src = image(func(x, y int) float64 { return b2f(x <= 2) })
	tr.Stroke(dst, src, -1)
	want = image(func(x, y int) float64 { return b2f(x == 1 && y > 0 && y < side-1) })
	assertImage(t, "a band on the left edge one step thinner", dst, want, 0)
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// Every distortion at strength 0 gives back the image exactly.
func TestDistortAtStrengthZero(t *testing.T) {
	t.Parallel()
	src := ring()
	var tr Transformer
	dst := make([]float64, pixels)
	for _, k := range Kinds() {
		tr.Distort(dst, src, k, 0, newRNG(4))
		assertImage(t, k.String()+" at strength 0", dst, src, 0)
	}
	a := New(Settings{}, newRNG(4))
	a.Image(dst, src)
	assertImage(t, "Augmenter with zero Settings", dst, src, 0)
}

// Distort applies each kind as its doc says.
func TestDistortKinds(t *testing.T) {
	t.Parallel()
	src := ring()
	var tr Transformer
	got, want := make([]float64, pixels), make([]float64, pixels)
	for _, c := range []struct {
		k        Kind
		strength float64
		wants    []func(dst []float64) // the possible results
	}{
		{Rotate, 30, []func([]float64){
			func(d []float64) { tr.Affine(d, src, Affine{Rotate: 30}) },
			func(d []float64) { tr.Affine(d, src, Affine{Rotate: -30}) }}},
		{Scale, 0.2, []func([]float64){
			func(d []float64) { tr.Affine(d, src, Affine{Scale: 0.2}) },
			func(d []float64) { tr.Affine(d, src, Affine{Scale: -0.2}) }}},
		{Shear, 0.5, []func([]float64){
			func(d []float64) { tr.Affine(d, src, Affine{Shear: 0.5}) },
			func(d []float64) { tr.Affine(d, src, Affine{Shear: -0.5}) }}},
		{Thicker, 0.5, []func([]float64){func(d []float64) { tr.Stroke(d, src, 0.5) }}},
		{Thinner, 0.5, []func([]float64){func(d []float64) { tr.Stroke(d, src, -0.5) }}},
		{Blur, 1.5, []func([]float64){func(d []float64) { tr.Blur(d, src, 1.5) }}},
	} {
		seen := make([]bool, len(c.wants))
		rng := newRNG(5)
		for range 20 {
			tr.Distort(got, src, c.k, c.strength, rng)
			match := false
			for i, w := range c.wants {
				w(want)
				if equal(got, want) {
					seen[i], match = true, true
				}
			}
			if !match {
				t.Errorf("%v at %v: an image none of the expected ones", c.k, c.strength)
				break
			}
		}
		for i, s := range seen {
			if !s {
				t.Errorf("%v at %v: result %d never drawn in 20 tries", c.k, c.strength, i)
			}
		}
	}

	// A shift of 3 pixels in a random direction moves the ring's centre of
	// mass by 3 pixels.
	rng := newRNG(6)
	cx, cy := massCentre(src)
	for range 10 {
		tr.Distort(got, src, Shift, 3, rng)
		x, y := massCentre(got)
		if d := math.Hypot(x-cx, y-cy); math.Abs(d-3) > 1e-9 {
			t.Errorf("shift 3: the centre of mass moved by %v", d)
		}
	}
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func massCentre(img []float64) (x, y float64) {
	var m float64
	for i, v := range img {
		m += v
		x += v * float64(i%side)
		y += v * float64(i/side)
	}
	return x / m, y / m
}

// The elastic field is smooth, centred on 0, and about as large as the doc
// comment of elasticField says: with σ = 4 and α = 34, a pixel near the
// middle moves by 1.7 pixels on average.
func TestElasticField(t *testing.T) {
	t.Parallel()
	var tr Transformer
	rng := newRNG(7)
	const draws = 400
	var meanDX, meanLen, neighbour, variance float64
	for range draws {
		tr.elasticField(tr.dx[:], tr.dy[:], 34, 4, rng)
		k := 14*side + 14
		meanDX += tr.dx[k] / draws
		meanLen += math.Hypot(tr.dx[k], tr.dy[k]) / draws
		neighbour += tr.dx[k] * tr.dx[k+1] / draws
		variance += tr.dx[k] * tr.dx[k] / draws
	}
	if math.Abs(meanDX) > 0.2 {
		t.Errorf("mean Δx = %.3f, want about 0", meanDX)
	}
	if math.Abs(meanLen-1.7) > 0.15 {
		t.Errorf("mean |Δ| in the middle = %.3f pixels, want about 1.7", meanLen)
	}
	if corr := neighbour / variance; corr < 0.9 {
		t.Errorf("correlation of Δx between neighbours = %.3f, want > 0.9: a smooth field", corr)
	}
}

// An elastic distortion keeps the ink where it was, roughly, and moves
// it: the result is neither the image nor far from it.
func TestElastic(t *testing.T) {
	t.Parallel()
	src := ring()
	var tr Transformer
	dst := make([]float64, pixels)
	tr.Elastic(dst, src, 34, 0, newRNG(8))
	diff := 0.0
	for i := range dst {
		diff += math.Abs(dst[i] - src[i])
	}
	if ratio := diff / sum(src); ratio < 0.05 || ratio > 1.5 {
		t.Errorf("|elastic − image| / ink = %.3f, want a change, but not a new image", ratio)
	}
	if math.Abs(sum(dst)/sum(src)-1) > 0.2 {
		t.Errorf("ink after an elastic distortion = %.1f, before %.1f", sum(dst), sum(src))
	}
}

// all is a setting of every distortion at once.
var all = Settings{Shift: 2, Rotate: 15, Scale: 0.15, Shear: 0.3, Elastic: 34, Sigma: 4,
	Thicker: 1, Thinner: 0.5, Blur: 1, Keep: 0.1, Skip: 0.2}

func testBatch(n int) *mat.Dense {
	x := mat.NewDense(n, pixels, nil)
	rng := newRNG(9)
	for i := range n {
		a := New(Settings{Shift: 3, Rotate: 30}, rng)
		a.Image(x.RawRowView(i), ring())
	}
	return x
}

// The same seed gives the same distortions; another seed, others.
func TestDeterminism(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) *mat.Dense {
		x := testBatch(16)
		a := New(all, rand.New(rand.NewPCG(seed, 2)))
		for range 3 {
			a.Batch(x)
		}
		return x
	}
	if a, b := run(1), run(1); !mat.Equal(a, b) {
		t.Error("two Augmenters with seed 1 distort differently")
	}
	if a, b := run(1), run(2); mat.Equal(a, b) {
		t.Error("Augmenters with seeds 1 and 2 distort the same way")
	}
	test := nnlib.Dataset{X: testBatch(8), Labels: make([]int, 8)}
	for _, k := range Kinds() {
		a, b := DistortSet(test, k, 0.5, 3), DistortSet(test, k, 0.5, 3)
		if !mat.Equal(a.X, b.X) {
			t.Errorf("DistortSet(%v, seed 3) twice: different images", k)
		}
	}
}

// Augmenting a mini-batch allocates nothing, whatever the settings.
func TestBatchAllocatesNothing(t *testing.T) {
	x := testBatch(32)
	for _, s := range []Settings{all, {Shift: 2}, {Elastic: 34}, {Thicker: 1, Thinner: 1}, {Blur: 2}, Chosen} {
		a := New(s, newRNG(10))
		if allocs := testing.AllocsPerRun(20, func() { a.Batch(x) }); allocs != 0 {
			t.Errorf("Batch with %v: %v allocations per mini-batch, want 0", s, allocs)
		}
	}
}

// Augmented images stay images: values in [0, 1], nothing NaN.
func TestBatchStaysInRange(t *testing.T) {
	t.Parallel()
	x := testBatch(64)
	a := New(all, newRNG(11))
	for range 5 {
		a.Batch(x)
	}
	for i, v := range x.RawMatrix().Data {
		if !(v >= 0 && v <= 1+1e-12) {
			t.Fatalf("value %d = %v after augmentation, want in [0, 1]", i, v)
		}
	}
}

// Skip = 1 leaves every distortion out; Skip = 0.5 leaves out each one for
// about half of the images, on its own: with two kinds of distortion,
// about a quarter of the images get neither.
func TestSkip(t *testing.T) {
	t.Parallel()
	x := testBatch(400)
	orig := mat.DenseCopyOf(x)
	New(Settings{Rotate: 20, Blur: 1, Skip: 1}, newRNG(14)).Batch(x)
	if !mat.Equal(x, orig) {
		t.Error("Skip = 1 changed images")
	}
	New(Settings{Rotate: 20, Blur: 1, Skip: 0.5}, newRNG(14)).Batch(x)
	kept := 0
	for i := range 400 {
		if equal(x.RawRowView(i), orig.RawRowView(i)) {
			kept++
		}
	}
	if kept < 60 || kept > 140 {
		t.Errorf("Skip = 0.5 with two distortions left %d of 400 images as they were, want about 100", kept)
	}
}

// Keep = 1 leaves every image as it is, Keep = 0.5 about half of them.
func TestKeep(t *testing.T) {
	t.Parallel()
	x := testBatch(200)
	orig := mat.DenseCopyOf(x)
	New(Settings{Rotate: 20, Keep: 1}, newRNG(12)).Batch(x)
	if !mat.Equal(x, orig) {
		t.Error("Keep = 1 changed images")
	}
	New(Settings{Rotate: 20, Keep: 0.5}, newRNG(12)).Batch(x)
	kept := 0
	for i := range 200 {
		if equal(x.RawRowView(i), orig.RawRowView(i)) {
			kept++
		}
	}
	if kept < 70 || kept > 130 {
		t.Errorf("Keep = 0.5 kept %d of 200 images", kept)
	}
}

func TestSettingsText(t *testing.T) {
	t.Parallel()
	for _, s := range []Settings{{}, all, Chosen, {Rotate: 12.5}} {
		back, err := ParseSettings(s.String())
		if err != nil || back != s {
			t.Errorf("ParseSettings(%q) = %+v, %v; want %+v", s.String(), back, err, s)
		}
	}
	if got := (Settings{Shift: 2, Rotate: 15}).String(); got != "shift=2,rotate=15" {
		t.Errorf("String = %q", got)
	}
	if s, err := ParseSettings(" rotate=10, shift=1 "); err != nil || s != (Settings{Shift: 1, Rotate: 10}) {
		t.Errorf("spaces and another order: %+v, %v", s, err)
	}
	if !(Settings{Sigma: 3, Keep: 0.5}).IsZero() || !(Settings{Rotate: 5, Skip: 1}).IsZero() ||
		(Settings{Rotate: 5, Skip: 0.5}).IsZero() {
		t.Error("IsZero is wrong")
	}
	if s, err := ParseSettings("chosen"); err != nil || s != Chosen {
		t.Errorf(`ParseSettings("chosen") = %+v, %v`, s, err)
	}
	for _, c := range []struct{ text, wantErr string }{
		{"rotate", "want name=value"},
		{"turn=10", `unknown setting "turn"; want one of shift, rotate`},
		{"rotate=ten", `"ten" is not a number`},
		{"rotate=1,rotate=2", "rotate is given twice"},
		{"shift=-1", "shift = -1, want a finite number ≥ 0"},
		{"blur=NaN", "blur = NaN"},
		{"elastic=+Inf", "elastic = +Inf"},
		{"scale=1", "scale = 1, want < 1"},
		{"keep=1.5", "keep = 1.5, want a probability"},
		{"skip=2", "skip = 2, want a probability"},
	} {
		if _, err := ParseSettings(c.text); err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("ParseSettings(%q): error %v, want one containing %q", c.text, err, c.wantErr)
		}
	}
}

func TestPanics(t *testing.T) {
	t.Parallel()
	img, short := make([]float64, pixels), make([]float64, 100)
	var tr Transformer
	for _, c := range []struct {
		fn   func()
		want string
	}{
		{func() { tr.Affine(short, img, Affine{}) }, "augment: Transformer.Affine: images of 100 and 784 values, want 784 each"},
		{func() { tr.Blur(img, img, 1) }, "augment: Transformer.Blur: dst and src are the same image"},
		{func() { tr.Affine(short, img, Affine{Scale: -1}) }, "Transformer.Affine: images of 100"},
		{func() { tr.Affine(make([]float64, pixels), img, Affine{Scale: -1}) }, "Scale = -1, want > −1"},
		{func() { tr.Blur(make([]float64, pixels), img, -1) }, "Transformer.Blur: sigma = -1, want ≥ 0"},
		{func() { tr.Distort(make([]float64, pixels), img, numKinds, 1, newRNG(1)) }, "unknown kind 8"},
		{func() { tr.Distort(make([]float64, pixels), img, Scale, 1, newRNG(1)) }, "scale strength = 1, want < 1"},
		{func() { New(Settings{Keep: 2}, newRNG(1)) }, "augment: keep = 2"},
		{func() { New(Settings{}, nil) }, "augment: New: rng is nil"},
		{func() { New(Settings{}, newRNG(1)).Batch(mat.NewDense(2, 783, nil)) }, "Augmenter.Batch: x is 2×783, want 784 columns"},
	} {
		if ok, msg := panics(c.fn); !ok || !strings.Contains(msg, c.want) {
			t.Errorf("panic %v %q, want one containing %q", ok, msg, c.want)
		}
	}
}

// benchEpoch measures what augmenting an epoch of 60,000 images costs with
// settings s, in mini-batches of 128, and reports it in seconds.
func benchEpoch(b *testing.B, s Settings) {
	x := testBatch(128)
	a := New(s, newRNG(13))
	b.ResetTimer()
	for b.Loop() {
		a.Batch(x)
	}
	perImage := b.Elapsed().Seconds() / float64(b.N) / 128
	b.ReportMetric(perImage*60000, "s/epoch")
	b.ReportMetric(perImage*1e6, "µs/image")
}

func BenchmarkEpochShift(b *testing.B) { benchEpoch(b, Settings{Shift: 2}) }
func BenchmarkEpochAffine(b *testing.B) {
	benchEpoch(b, Settings{Shift: 2, Rotate: 15, Scale: 0.15, Shear: 0.3})
}
func BenchmarkEpochElastic(b *testing.B) { benchEpoch(b, Settings{Elastic: 34}) }
func BenchmarkEpochStroke(b *testing.B)  { benchEpoch(b, Settings{Thicker: 1, Thinner: 1}) }
func BenchmarkEpochBlur(b *testing.B)    { benchEpoch(b, Settings{Blur: 1}) }
func BenchmarkEpochChosen(b *testing.B)  { benchEpoch(b, Chosen) }
func BenchmarkEpochAll(b *testing.B)     { benchEpoch(b, all) }
