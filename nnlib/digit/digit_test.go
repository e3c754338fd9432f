package digit

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/gonum/mat"
)

// The tests draw their own digits: a shape says which points are ink, and
// render paints it on a canvas, each pixel by whether its centre is ink.

// shape reports whether the point (x, y) of a picture, in pixels from its
// top-left corner, is ink.
type shape func(x, y float64) bool

// rect is the filled rectangle [x0, x1) × [y0, y1).
func rect(x0, y0, x1, y1 float64) shape {
	return func(x, y float64) bool { return x >= x0 && x < x1 && y >= y0 && y < y1 }
}

// ring is an ellipse's outline of the given stroke width, centred at
// (cx, cy) with semi-axes rx and ry measured to the stroke's middle.
func ring(cx, cy, rx, ry, width float64) shape {
	return func(x, y float64) bool {
		// Distance from the ellipse, approximately, in pixels: the
		// normalized radius minus 1, scaled by the mean semi-axis.
		d := math.Hypot((x-cx)/rx, (y-cy)/ry) - 1
		return math.Abs(d)*(rx+ry)/2 < width/2
	}
}

// stroke is the segment from (x0, y0) to (x1, y1), width pixels thick.
func stroke(x0, y0, x1, y1, width float64) shape {
	return func(x, y float64) bool {
		dx, dy := x1-x0, y1-y0
		t := min(max(((x-x0)*dx+(y-y0)*dy)/(dx*dx+dy*dy), 0), 1)
		return math.Hypot(x-(x0+t*dx), y-(y0+t*dy)) < width/2
	}
}

// union is ink wherever any of shapes is.
func union(shapes ...shape) shape {
	return func(x, y float64) bool {
		for _, s := range shapes {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

// render paints s on a w×h canvas: ink where s is, paper elsewhere.
func render(w, h int, s shape, ink, paper color.Color) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := paper
			if s(float64(x)+0.5, float64(y)+0.5) {
				c = ink
			}
			img.Set(x, y, c)
		}
	}
	return img
}

var (
	black       = color.Gray{0}
	white       = color.Gray{255}
	transparent = color.NRGBA{}
)

// Digits on a 200×300 canvas, as someone might draw them.
var (
	one   = rect(90, 40, 112, 260)
	zero  = ring(100, 150, 55, 100, 16)
	seven = union(rect(40, 50, 160, 66), stroke(152, 58, 80, 250, 16))
)

// inkStats returns the centre of mass of a 28×28 image, in pixel indices,
// and the width and height of the bounding box of its nonzero pixels.
func inkStats(pixels []float64) (cx, cy float64, w, h int) {
	m := mat.NewDense(mnist.Side, mnist.Side, pixels)
	cx, cy = centreOfMass(m)
	r, c := cropToInk(m).Dims()
	return cx, cy, c, r
}

// checkMNISTLike fails t unless pixels looks like an MNIST image: 784
// values in [0, 1] reaching 1, the centre of mass within half a pixel of
// (14, 14) on each axis (MNIST's own reach 13.5 and 14.5 exactly), and the
// ink's longer side 20 pixels.
func checkMNISTLike(t *testing.T, pixels []float64) {
	t.Helper()
	if len(pixels) != 784 {
		t.Fatalf("%d values, want 784", len(pixels))
	}
	lo, hi := 1.0, 0.0
	for _, v := range pixels {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("values span [%v, %v], want [0, 1]", lo, hi)
	}
	cx, cy, w, h := inkStats(pixels)
	const tol = 0.5 + 1e-9 // for rounding
	if math.Abs(cx-14) > tol || math.Abs(cy-14) > tol {
		t.Errorf("centre of mass (%.3f, %.3f), want within 0.5 of (14, 14)", cx, cy)
	}
	if max(w, h) != 20 {
		t.Errorf("ink's bounding box is %d×%d, want the longer side 20", w, h)
	}
}

func TestPreprocessDigitShapes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		img  image.Image
		w, h int // the ink's bounding box after preprocessing, or 0 to skip
	}{
		{"1", render(200, 300, one, black, white), 2, 20},
		{"0", render(200, 300, zero, black, white), 11, 20},
		{"7", render(200, 300, seven, black, white), 0, 0},
		{"1 touching top and bottom", render(200, 300, rect(90, 0, 112, 300), black, white), 1, 20},
		{"0 in a corner of a large page", render(1200, 900, ring(80, 100, 40, 60, 10), black, white), 0, 0},
		{"dash, wider than tall", render(300, 200, rect(20, 90, 280, 120), black, white), 20, 2},
		{"small 1, enlarged", render(12, 16, rect(5, 2, 7, 14), black, white), 3, 20},
		{"one ink pixel", render(5, 5, rect(2, 2, 3, 3), black, white), 20, 20},
		{"7 with noise", noisy(render(200, 300, seven, color.Gray{60}, color.Gray{200}), 12), 0, 0},
		{"0 as an image.Gray", grayOf(render(200, 300, zero, black, white)), 11, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pixels, err := Prepare(tc.img)
			if err != nil {
				t.Fatal(err)
			}
			checkMNISTLike(t, pixels)
			if _, _, w, h := inkStats(pixels); tc.w != 0 && (w != tc.w || h != tc.h) {
				t.Errorf("ink's bounding box is %d×%d, want %d×%d", w, h, tc.w, tc.h)
			}
		})
	}
}

// noisy returns img with every grey level moved by up to ±amplitude, from
// a seeded generator, as a camera or JPEG would.
func noisy(img *image.NRGBA, amplitude int) *image.NRGBA {
	rng := newRNG(40)
	out := image.NewNRGBA(img.Bounds())
	for i, v := range img.Pix {
		if i%4 == 3 { // alpha
			out.Pix[i] = v
			continue
		}
		out.Pix[i] = uint8(min(max(int(v)+rng.IntN(2*amplitude+1)-amplitude, 0), 255))
	}
	return out
}

// grayOf returns img converted to an *image.Gray.
func grayOf(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

// TestPreprocessDigitPolarity draws each digit in several colour schemes,
// dark on light and light on dark, and checks each gives what black on
// white gives.
func TestPreprocessDigitPolarity(t *testing.T) {
	t.Parallel()
	schemes := []struct {
		name       string
		ink, paper color.Color
	}{
		{"white on black", white, black},
		{"black on transparent", black, transparent},
		{"translucent black on transparent", color.NRGBA{0, 0, 0, 200}, transparent},
		{"dark grey on light grey", color.Gray{70}, color.Gray{180}},
		{"light grey on dark grey", color.Gray{180}, color.Gray{70}},
		{"blue ink on yellow paper", color.NRGBA{20, 40, 160, 255}, color.NRGBA{250, 240, 120, 255}},
		{"chalk on a green board", color.NRGBA{230, 230, 220, 255}, color.NRGBA{30, 70, 40, 255}},
	}
	for _, digit := range []struct {
		name string
		s    shape
	}{{"1", one}, {"0", zero}, {"7", seven}} {
		want, err := Prepare(render(200, 300, digit.s, black, white))
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range schemes {
			got, err := Prepare(render(200, 300, digit.s, sc.ink, sc.paper))
			if err != nil {
				t.Errorf("%s %s: %v", digit.name, sc.name, err)
				continue
			}
			if d := maxAbsDiff(got, want); d > 1e-9 {
				t.Errorf("%s %s: differs from black on white by up to %.3g", digit.name, sc.name, d)
			}
		}
	}
}

func maxAbsDiff(a, b []float64) float64 {
	var d float64
	for i := range a {
		d = max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// TestPreprocessDigitThinStroke checks that area-averaging keeps a thin
// stroke: a ring drawn 2 pixels thick on a 400×400 page, shrunk 17 times,
// must still be closed. Sampling one page pixel per 28×28 pixel instead
// would leave a dotted line. Closed means that no path from the ring's
// centre to the edge of the image, stepping up, down, left or right, gets
// past without crossing ink.
func TestPreprocessDigitThinStroke(t *testing.T) {
	t.Parallel()
	pixels, err := Prepare(render(400, 400, ring(200, 200, 170, 170, 2), black, white))
	if err != nil {
		t.Fatal(err)
	}
	checkMNISTLike(t, pixels)
	const ink = 0.2
	inside := reachable(pixels, 14, 14, ink)
	for k := range mnist.Side {
		for _, p := range [][2]int{{0, k}, {mnist.Side - 1, k}, {k, 0}, {k, mnist.Side - 1}} {
			if inside[p[0]*mnist.Side+p[1]] {
				t.Fatalf("the ring is open: the edge pixel (row %d, column %d) is reachable from its centre", p[0], p[1])
			}
		}
	}
}

// reachable returns which pixels of a 28×28 image can be reached from
// (row, col) by steps up, down, left and right through pixels below ink.
func reachable(pixels []float64, row, col int, ink float64) []bool {
	seen := make([]bool, len(pixels))
	stack := [][2]int{{row, col}}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := p[0], p[1]
		if i < 0 || i >= mnist.Side || j < 0 || j >= mnist.Side || seen[i*mnist.Side+j] || pixels[i*mnist.Side+j] >= ink {
			continue
		}
		seen[i*mnist.Side+j] = true
		stack = append(stack, [2]int{i - 1, j}, [2]int{i + 1, j}, [2]int{i, j - 1}, [2]int{i, j + 1})
	}
	return seen
}

// TestResampleTaps checks the matrices R that resampleTaps describes,
// against ones worked out by hand.
func TestResampleTaps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		out, in int
		want    []float64
	}{
		{2, 4, []float64{0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5}},                                             // shrink ×½: pairs averaged
		{2, 3, []float64{2. / 3, 1. / 3, 0, 0, 1. / 3, 2. / 3}},                                       // shrink ×⅔: the middle pixel shared
		{1, 3, []float64{1. / 3, 1. / 3, 1. / 3}},                                                     // everything averaged
		{4, 2, []float64{1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1}},                                         // enlarge ×2: bilinear
		{3, 1, []float64{1, 1, 1}},                                                                    // one pixel repeated
		{3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}},                                                  // identity
		{3, 2, []float64{1, 0, 0.5, 0.5, 0, 1}},                                                       // enlarge ×1.5
		{1, 1, []float64{1}},                                                                          // trivial
		{2, 5, []float64{0.4, 0.4, 0.2, 0, 0, 0, 0, 0.2, 0.4, 0.4}},                                   // r = 2.5
		{4, 5, []float64{0.8, 0.2, 0, 0, 0, 0, 0.6, 0.4, 0, 0, 0, 0, 0.4, 0.6, 0, 0, 0, 0, 0.2, 0.8}}, // r = 1.25
	} {
		got := mat.NewDense(tc.out, tc.in, nil)
		for j := range tc.out {
			resampleTaps(j, tc.out, tc.in, func(i int, w float64) {
				if got.At(j, i) != 0 || w <= 0 {
					t.Errorf("resampleTaps(%d, %d, %d): pixel %d of weight %v, want each pixel once, weighted > 0", j, tc.out, tc.in, i, w)
				}
				got.Set(j, i, w)
			})
		}
		if want := mat.NewDense(tc.out, tc.in, tc.want); !mat.EqualApprox(got, want, 1e-12) {
			t.Errorf("resampleTaps(·, %d, %d) make\n%v\nwant\n%v", tc.out, tc.in,
				mat.Formatted(got, mat.Squeeze()), mat.Formatted(want, mat.Squeeze()))
		}
	}
}

// enlarged draws a 28×28 MNIST image (1 ink) onto a w×h canvas, factor
// times larger, with its top-left corner at (left, top), in grey levels
// from paper to ink (0 black, 1 white). With smooth, the canvas samples
// the digit by bilinear interpolation; otherwise every MNIST pixel becomes
// a factor×factor square.
func enlarged(digit []float64, factor float64, smooth bool, w, h, left, top int, ink, paper float64) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	at := func(i, j int) float64 {
		if i < 0 || i >= mnist.Side || j < 0 || j >= mnist.Side {
			return 0
		}
		return digit[i*mnist.Side+j]
	}
	for y := range h {
		for x := range w {
			u := (float64(x-left)+0.5)/factor - 0.5 // column in the digit
			v := (float64(y-top)+0.5)/factor - 0.5  // row in the digit
			var d float64
			if smooth {
				j, i := math.Floor(u), math.Floor(v)
				fu, fv := u-j, v-i
				d = (1-fv)*((1-fu)*at(int(i), int(j))+fu*at(int(i), int(j)+1)) +
					fv*((1-fu)*at(int(i)+1, int(j))+fu*at(int(i)+1, int(j)+1))
			} else {
				d = at(int(math.Floor(v+0.5)), int(math.Floor(u+0.5)))
			}
			img.Pix[y*img.Stride+x] = uint8(math.Round(255 * (paper + (ink-paper)*d)))
		}
	}
	return img
}

// alignedCosine returns the largest cosine similarity of a, moved by at
// most one pixel along each axis, with b, both 28×28 images. Centring by
// whole pixels can land a digit one pixel either way (see
// centreOfMassPlace), which costs a thin stroke much of its overlap.
func alignedCosine(a, b []float64) float64 {
	best := -1.0
	moved := make([]float64, len(a))
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			clear(moved)
			for i := max(0, -dy); i < min(mnist.Side, mnist.Side-dy); i++ {
				for j := max(0, -dx); j < min(mnist.Side, mnist.Side-dx); j++ {
					moved[(i+dy)*mnist.Side+j+dx] = a[i*mnist.Side+j]
				}
			}
			best = max(best, cosine(moved, b))
		}
	}
	return best
}

// cosine returns the cosine similarity a·b / (|a| |b|).
func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	return ab / math.Sqrt(aa*bb)
}

// mnistRedrawings are ways of drawing an MNIST digit as a photo or a
// drawing program might show it, each of which Prepare must undo,
// with how closely it must: the least mean cosine similarity with the
// originals, the least for any digit once aligned (alignedCosine), and
// the least fraction of digits a network classifies as it does the
// originals. Enlarging a digit by a whole factor, pixel by pixel, loses
// nothing, so Prepare recovers it but for the faint pixels its
// noise threshold drops. Enlarging it smoothly by 5.5 blurs it, and
// shrinking it back blurs it again: the bounds are looser.
var mnistRedrawings = []struct {
	name                      string
	draw                      func(digit []float64, k int) image.Image // k varies the placement
	meanCos, alignedCos, same float64
}{
	{"×7 black on white", func(d []float64, k int) image.Image {
		return enlarged(d, 7, false, 300, 400, 10+9*(k%10), 20+13*(k%13), 0, 1)
	}, 0.99, 0.99, 0.99},
	{"×7 white on black", func(d []float64, k int) image.Image {
		return enlarged(d, 7, false, 300, 400, 90-9*(k%10), 180-13*(k%13), 1, 0)
	}, 0.99, 0.99, 0.99},
	{"×5.5 smooth, grey on grey", func(d []float64, k int) image.Image {
		return enlarged(d, 5.5, true, 200, 300, 20+5*(k%7), 40+11*(k%11), 0.25, 0.8)
	}, 0.94, 0.8, 0.95},
	{"×1 as it is", func(d []float64, k int) image.Image {
		return enlarged(d, 1, false, mnist.Side, mnist.Side, 0, 0, 1, 0)
	}, 0.99, 0.99, 0.99},
	{"Image", func(d []float64, k int) image.Image { return Image(d) }, 0.99, 0.99, 0.99},
}

// TestPreprocessDigitMNIST redraws MNIST test digits larger, shifted and
// in other colours, and checks that Prepare brings them back to
// images close to the originals.
func TestPreprocessDigitMNIST(t *testing.T) {
	t.Parallel()
	_, test := mnistForTest(t)
	n := 500
	if testing.Short() {
		n = 100
	}
	for _, r := range mnistRedrawings {
		var sum float64
		worst, worstAt := 1.0, 0
		for k := range n {
			digit := test.X.RawRowView(k)
			pixels, err := Prepare(r.draw(digit, k))
			if err != nil {
				t.Fatalf("%s: digit %d: %v", r.name, k, err)
			}
			checkMNISTLike(t, pixels)
			sum += cosine(pixels, digit)
			if c := alignedCosine(pixels, digit); c < worst {
				worst, worstAt = c, k
			}
		}
		mean := sum / float64(n)
		t.Logf("%s: cosine similarity %.4f on average; aligned, %.4f at worst (digit %d)", r.name, mean, worst, worstAt)
		if mean < r.meanCos || worst < r.alignedCos {
			t.Errorf("%s: cosine similarity %.4f on average and, aligned, %.4f at worst (digit %d), want ≥ %g and ≥ %g",
				r.name, mean, worst, worstAt, r.meanCos, r.alignedCos)
		}
	}
}

var trained struct {
	once sync.Once
	net  *nnlib.Network
	err  error
}

// trainedNetwork returns a copy of a network trained for one epoch on
// MNIST, trained once per test binary. It skips the test with -short.
func trainedNetwork(t *testing.T) *nnlib.Network {
	t.Helper()
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	train, _ := mnistForTest(t)
	trained.once.Do(func() {
		trained.net = nnlib.NewNetwork(nnlib.DefaultSizes, newRNG(41))
		_, trained.err = nnlib.Train(context.Background(), trained.net, train, nnlib.Config{
			Epochs: 1, LearningRate: mnist.TunedLearningRate(128, "sgd"), BatchSize: 128, Seed: 41})
	})
	if trained.err != nil {
		t.Fatal(trained.err)
	}
	return trained.net.Clone() // a nnlib.Network is not safe for concurrent use
}

// TestPreprocessDigitMNISTPredictions checks that a network trained on
// MNIST gives most redrawn MNIST test digits, once preprocessed, the class
// it gives the originals, and gets about as many right.
func TestPreprocessDigitMNISTPredictions(t *testing.T) {
	t.Parallel()
	net := trainedNetwork(t)
	_, test := mnistForTest(t)
	const n = 1000
	originals := test.Slice(0, n)
	want := net.Predict(originals.X)
	for _, r := range mnistRedrawings {
		x := mat.NewDense(n, 784, nil)
		for k := range n {
			pixels, err := Prepare(r.draw(originals.X.RawRowView(k), k))
			if err != nil {
				t.Fatalf("%s: digit %d: %v", r.name, k, err)
			}
			x.SetRow(k, pixels)
		}
		got := net.Predict(x)
		same, right, rightBefore := 0, 0, 0
		for k, y := range originals.Labels {
			if got[k] == want[k] {
				same++
			}
			if got[k] == y {
				right++
			}
			if want[k] == y {
				rightBefore++
			}
		}
		t.Logf("%s: %d of %d classified as the originals; %d right, against %d for the originals",
			r.name, same, n, right, rightBefore)
		if float64(same) < r.same*n {
			t.Errorf("%s: %d of %d digits classified as the originals, want ≥ %g%%", r.name, same, n, 100*r.same)
		}
		if right < rightBefore-n/100 {
			t.Errorf("%s: %d of %d digits classified right, want at most 1%% fewer than the %d originals",
				r.name, right, n, rightBefore)
		}
	}
}

// TestPreprocessDigitTypeset checks that a network trained on MNIST reads
// digits it has never seen the like of once they are preprocessed: the ten
// digits typeset large in three Go fonts, dark on white and light on a dark
// blue, 60 images in all. (Not Go Mono: its 0 is slashed.)
func TestPreprocessDigitTypeset(t *testing.T) {
	t.Parallel()
	net := trainedNetwork(t)
	fonts := []struct {
		name string
		ttf  []byte
	}{{"Go", goregular.TTF}, {"Go Bold", gobold.TTF}, {"Go Italic", goitalic.TTF}}
	right, total := 0, 0
	for _, f := range fonts {
		face := fontFace(t, f.ttf, 200)
		for _, scheme := range []struct{ ink, paper color.Color }{
			{black, white}, {color.NRGBA{240, 240, 200, 255}, color.NRGBA{20, 30, 60, 255}},
		} {
			for digit := range 10 {
				img := typeset(face, strconv.Itoa(digit), 300, 320, scheme.ink, scheme.paper)
				pixels, err := Prepare(img)
				if err != nil {
					t.Fatalf("%s %d: %v", f.name, digit, err)
				}
				got := net.Predict(mat.NewDense(1, 784, pixels))[0]
				if got == digit {
					right++
				} else {
					t.Logf("%s %d on %v: read as %d", f.name, digit, scheme.paper, got)
				}
				total++
			}
		}
	}
	t.Logf("%d of %d typeset digits read right", right, total)
	if right < total*9/10 {
		t.Errorf("%d of %d typeset digits read right, want ≥ 90%%", right, total)
	}
}

// fontFace returns the face of a TrueType font at size pixels.
func fontFace(t *testing.T, ttf []byte, size float64) font.Face {
	t.Helper()
	f, err := opentype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// typeset draws text in face on a w×h canvas, starting a quarter of the
// way across, its baseline four fifths of the way down.
func typeset(face font.Face, text string, w, h int, ink, paper color.Color) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: face, Dot: fixed.P(w/4, h*4/5)}
	d.DrawString(text)
	return img
}

func TestPreprocessDigitErrors(t *testing.T) {
	t.Parallel()
	uniform := func(c color.Color) image.Image { return render(50, 40, rect(0, 0, 0, 0), c, c) }
	for _, tc := range []struct {
		name  string
		img   image.Image
		blank bool   // errors.Is(err, ErrBlank)
		want  string // the whole message
	}{
		{"white", uniform(white), true, "digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"black", uniform(black), true, "digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"transparent", uniform(transparent), true, "digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"white on transparent", render(50, 40, rect(10, 10, 20, 30), white, transparent), true,
			"digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"grey with noise", noisy(render(50, 40, rect(0, 0, 0, 0), color.Gray{128}, color.Gray{128}), 10), true,
			"digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"faint mark", render(50, 40, rect(10, 10, 20, 30), color.Gray{240}, white), true,
			"digit: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
		{"0×0", image.NewGray(image.Rect(0, 0, 0, 0)), false, "digit: the image is empty, 0×0 pixels, want at least 1×1"},
		{"5×0", image.NewNRGBA(image.Rect(0, 0, 5, 0)), false, "digit: the image is empty, 5×0 pixels, want at least 1×1"},
	} {
		pixels, err := Prepare(tc.img)
		if err == nil {
			t.Errorf("%s: no error, want %q", tc.name, tc.want)
			continue
		}
		if pixels != nil || err.Error() != tc.want || errors.Is(err, ErrBlank) != tc.blank {
			t.Errorf("%s: %d values and error %q (ErrBlank: %t), want nil and %q (%t)",
				tc.name, len(pixels), err, errors.Is(err, ErrBlank), tc.want, tc.blank)
		}
	}
}

func TestPreprocessDigitFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	img := render(200, 300, seven, black, white)
	want, err := Prepare(img)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		encode func(f *os.File) error
		minCos float64
	}{
		{"seven.png", func(f *os.File) error { return png.Encode(f, img) }, 1},
		{"seven.jpg", func(f *os.File) error { return jpeg.Encode(f, img, &jpeg.Options{Quality: 75}) }, 0.95},
	} {
		path := filepath.Join(dir, tc.name)
		writeFile(t, path, tc.encode)
		got, err := PrepareFile(path)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		checkMNISTLike(t, got)
		if c := alignedCosine(got, want); c < tc.minCos-1e-12 {
			t.Errorf("%s: cosine similarity %.4f, aligned, with the image before encoding, want ≥ %g", tc.name, c, tc.minCos)
		}
	}
}

// writeFile creates the file at path and fills it with encode.
func writeFile(t *testing.T, path string, encode func(f *os.File) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := encode(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestPreprocessDigitFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var pngData bytes.Buffer
	png.Encode(&pngData, render(20, 30, rect(8, 5, 12, 25), black, white))
	bytesOf := func(b []byte) func(f *os.File) error {
		return func(f *os.File) error { _, err := f.Write(b); return err }
	}
	for _, tc := range []struct {
		name   string
		encode func(f *os.File) error // nil: no file
		want   string                 // what the message must contain, after the path
	}{
		{"missing.png", nil, ": cannot open: no such file"},
		{"cat.gif", func(f *os.File) error {
			return gif.Encode(f, render(20, 30, one, black, white), nil)
		}, ": a GIF image, want PNG or JPEG"},
		{"garbage.png", bytesOf([]byte("this is not an image at all")), ": unknown image format, want PNG or JPEG"},
		{"short.gif", bytesOf([]byte("GIF89a")), ": a GIF image, want PNG or JPEG"},
		{"empty.jpg", bytesOf(nil), ": unknown image format, want PNG or JPEG"},
		{"truncated.png", bytesOf(pngData.Bytes()[:pngData.Len()/2]), ": cannot decode as PNG: png: invalid format"},
		{"huge.png", bytesOf(withPNGSize(pngData.Bytes(), 100000, 100000)),
			": 100000×100000 pixels, want at most 16384 on a side and 67108864 in all; scale it down first"},
		{"long.png", bytesOf(withPNGSize(pngData.Bytes(), 1, MaxSide+1)),
			": 1×16385 pixels, want at most 16384 on a side and 67108864 in all; scale it down first"},
		{"claims.png", bytesOf(withPNGSize(pngData.Bytes(), 8000, 8000)),
			fmt.Sprintf(": truncated or damaged: its header claims 8000×8000 pixels in %d bytes, want at most 8256 pixels a byte", pngData.Len())},
		{"blank.png", func(f *os.File) error {
			return png.Encode(f, render(20, 30, one, white, white))
		}, ": no digit found, want ink at least 10% darker or lighter than the paper: the image is blank"},
	} {
		path := filepath.Join(dir, tc.name)
		if tc.encode != nil {
			writeFile(t, path, tc.encode)
		}
		pixels, err := PrepareFile(path)
		if err == nil || pixels != nil {
			t.Errorf("%s: %d values and error %v, want an error", tc.name, len(pixels), err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "digit: "+path+tc.want) {
			t.Errorf("%s: error %q, want it to start with %q", tc.name, msg, "digit: "+path+tc.want)
		}
		if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != path {
			t.Errorf("%s: error %v, want an *inputerror.Error naming the file", tc.name, err)
		}
	}
}

// withPNGSize returns a copy of a PNG file whose header (IHDR, the first
// chunk) claims width×height pixels, with the chunk's CRC fixed to match.
func withPNGSize(data []byte, width, height uint32) []byte {
	b := bytes.Clone(data)
	const ihdr = 8 + 4 // the signature, then the chunk's length; "IHDR" follows
	binary.BigEndian.PutUint32(b[ihdr+4:], width)
	binary.BigEndian.PutUint32(b[ihdr+8:], height)
	binary.BigEndian.PutUint32(b[ihdr+4+13:], crc32.ChecksumIEEE(b[ihdr:ihdr+4+13]))
	return b
}

func TestTopK(t *testing.T) {
	t.Parallel()
	probs := []float64{0.05, 0.6, 0.05, 0.2, 0.1}
	for _, tc := range []struct {
		k    int
		want []ClassProb
	}{
		{0, []ClassProb{}},
		{1, []ClassProb{{1, 0.6}}},
		{3, []ClassProb{{1, 0.6}, {3, 0.2}, {4, 0.1}}},
		{5, []ClassProb{{1, 0.6}, {3, 0.2}, {4, 0.1}, {0, 0.05}, {2, 0.05}}}, // ties: smaller class first
		{9, []ClassProb{{1, 0.6}, {3, 0.2}, {4, 0.1}, {0, 0.05}, {2, 0.05}}},
	} {
		got := TopK(probs, tc.k)
		if len(got) != len(tc.want) {
			t.Errorf("TopK(%v, %d) = %v, want %v", probs, tc.k, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("TopK(%v, %d) = %v, want %v", probs, tc.k, got, tc.want)
				break
			}
		}
	}
	if probs[1] != 0.6 || probs[0] != 0.05 {
		t.Errorf("TopK changed its input: %v", probs)
	}
	if ok, msg := panics(func() { TopK(probs, -1) }); !ok || msg != "nnlib: TopK: k = -1, want ≥ 0" {
		t.Errorf("TopK(probs, -1): panicked %t with %q", ok, msg)
	}
}

func TestDigitImage(t *testing.T) {
	t.Parallel()
	pixels := make([]float64, 784)
	values := []float64{0, 1, 0.5, 0.2, -1, 2}
	want := []uint8{255, 0, 128, 204, 255, 0} // 255·(1 − v), clipped
	copy(pixels[100:], values)
	img := Image(pixels)
	if b := img.Bounds(); b != image.Rect(0, 0, 28, 28) {
		t.Fatalf("bounds %v, want 28×28 at the origin", b)
	}
	for i, w := range want {
		if got := img.GrayAt((100+i)%28, (100+i)/28).Y; got != w {
			t.Errorf("pixel value %v drawn as grey %d, want %d", values[i], got, w)
		}
	}
	if got := img.GrayAt(0, 0).Y; got != 255 {
		t.Errorf("background drawn as grey %d, want 255 (white paper)", got)
	}
	if ok, msg := panics(func() { Image(make([]float64, 783)) }); !ok ||
		msg != "nnlib: Image: 783 pixels, want 28×28 = 784" {
		t.Errorf("Image of 783 pixels: panicked %t with %q", ok, msg)
	}
}

func ExamplePrepare() {
	// A "1": a black bar 12 pixels wide and 150 tall on a white page.
	img := image.NewGray(image.Rect(0, 0, 100, 200))
	for y := range 200 {
		for x := range 100 {
			if x >= 40 && x < 52 && y >= 20 && y < 170 {
				img.SetGray(x, y, color.Gray{0})
			} else {
				img.SetGray(x, y, color.Gray{255})
			}
		}
	}
	pixels, err := Prepare(img)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Rows 2…25 and columns 8…19 of the 28×28 result, # for ink: the bar,
	// shrunk to 20 pixels tall and 2 wide, its centre of mass at (14.5,
	// 14.5), as near (14, 14) as whole-pixel moves bring it.
	for row := 2; row < 26; row++ {
		line := []byte("............")
		for col := 8; col < 20; col++ {
			if pixels[row*mnist.Side+col] > 0.5 {
				line[col-8] = '#'
			}
		}
		fmt.Printf("%02d %s\n", row, line)
	}
	// Output:
	// 02 ............
	// 03 ............
	// 04 ............
	// 05 ......##....
	// 06 ......##....
	// 07 ......##....
	// 08 ......##....
	// 09 ......##....
	// 10 ......##....
	// 11 ......##....
	// 12 ......##....
	// 13 ......##....
	// 14 ......##....
	// 15 ......##....
	// 16 ......##....
	// 17 ......##....
	// 18 ......##....
	// 19 ......##....
	// 20 ......##....
	// 21 ......##....
	// 22 ......##....
	// 23 ......##....
	// 24 ......##....
	// 25 ............
}

func ExampleTopK() {
	probs := []float64{0.01, 0.05, 0.02, 0.01, 0.01, 0.01, 0.01, 0.85, 0.02, 0.01}
	for _, c := range TopK(probs, 3) {
		fmt.Printf("%d (%.0f%%)\n", c.Class, 100*c.Prob)
	}
	// Output:
	// 7 (85%)
	// 1 (5%)
	// 2 (2%)
}

var mnistData struct {
	once        sync.Once
	train, test nnlib.Dataset
	err         error
}

// mnistForTest returns MNIST's training and test sets, read once per test
// binary from the repository's data folder, after fetching them if missing.
func mnistForTest(t *testing.T) (train, test nnlib.Dataset) {
	t.Helper()
	mnistData.once.Do(func() {
		mnistData.train, mnistData.test, mnistData.err = mnist.FetchAndLoad(filepath.Join("..", "..", "data"), io.Discard)
	})
	if mnistData.err != nil {
		t.Fatal(mnistData.err)
	}
	return mnistData.train, mnistData.test
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

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
