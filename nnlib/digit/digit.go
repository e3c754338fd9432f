// Package digit prepares a picture of a handwritten digit, from a file or
// from the drawing pad, for a network trained on MNIST.
//
// A network trained on MNIST has only ever seen digits prepared the way
// MNIST prepared them, so a digit from anywhere else must be prepared the
// same way before the network can read it. LeCun, Cortes and Burges
// describe it: the digits were size-normalized to fit a 20×20 box keeping
// their aspect ratio, anti-aliased into grey levels, and "centered by
// computing the center of mass of the pixels, and translating the image so
// as to position this point at the center of the 28x28 field". In MNIST's
// test set the longer side of the digit is 20 pixels in 9997 of 10000
// images, and the centre of mass, in pixel indices 0…27, lies within
// [13.5, 14.5] on both axes: the digit was moved by whole pixels to bring
// it nearest to (14, 14). Prepare does the same, in five steps:
//
//  1. grey levels: luminance, with transparent pixels laid over white paper;
//  2. polarity: MNIST has ink 1 on background 0, so dark ink is inverted;
//  3. contrast: the background goes to 0, the strongest ink to 1, and
//     faint noise under 10% of that to 0;
//  4. size: the ink's bounding box is scaled to fit 20×20, keeping its
//     aspect ratio, by area-averaging when shrinking and bilinear
//     interpolation when enlarging;
//  5. position: the 20×20 digit is placed in the 28×28 field so that its
//     centre of mass is the nearest whole-pixel shift from (14, 14).
//
// Memory is bounded for any file: an image may have at most MaxSide
// pixels on a side and MaxPixels in all, which PrepareFile checks in the
// file's header before decoding, and no more pixels than its file's size
// can hold (maxPixelsPerByte per byte); preparing it then takes the
// decoded image, its grey levels (8 bytes a pixel) and the 28×28 result,
// the resampling allocating nothing beyond its 20×20 output.
//
// A picture that cannot be read, or holds no digit, is reported as an
// *inputerror.Error, the shape of every error about input in this
// project: the file (none for an image given in memory), what is wrong,
// what was expected and the cause, as in
//
//	digit: cat.gif: a GIF image, want PNG or JPEG
//	digit: blank.png: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank
//
// A blank picture wraps ErrBlank, and a missing file fs.ErrNotExist.
package digit

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // registers the JPEG decoder with image.Decode
	_ "image/png"  // registers the PNG decoder with image.Decode
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"gonum.org/v1/gonum/mat"
)

const (
	// digitBox is the side of the box the ink is scaled to fit.
	digitBox = 20
	// minContrast is the least difference between the strongest ink and
	// the background, on a 0…1 scale, for an image not to count as blank:
	// about 25 of 255 grey levels, well above a JPEG's noise.
	minContrast = 0.1
	// noiseThreshold is the ink level, after the contrast is normalized,
	// below which a pixel counts as background: specks and smudges under
	// it would otherwise stretch the bounding box and pull the centre of
	// mass.
	noiseThreshold = 0.1
)

// The largest image Prepare and PrepareFile take, which PrepareFile checks
// in the file's header before decoding: at most MaxSide pixels on each side
// and MaxPixels in all, so that a long thin image is as bounded as a
// square one.
const (
	MaxSide   = 1 << 14 // 16384 pixels
	MaxPixels = 1 << 26 // 67108864 pixels, 8192×8192
)

// maxPixelsPerByte is the most pixels a PNG file can hold per byte, which
// bounds what a header can claim before anything is decoded: deflate
// compresses at most 1032 to 1, and a pixel takes at least 1 bit. A JPEG
// holds fewer: every 8×8 block costs at least a bit.
const maxPixelsPerByte = 8 * 1032

// ErrBlank is the cause, wrapped in an *inputerror.Error, of the error for
// an image with no ink on it: the same grey level everywhere, to within
// minContrast.
var ErrBlank = errors.New("the image is blank")

// fail returns the error for the image in the file at path ("" for an
// image given in memory): problem says what is wrong, want what was
// expected (or ""), and err is the cause (or nil).
func fail(path, problem, want string, err error) *inputerror.Error {
	return &inputerror.Error{Pkg: "digit", Path: path, Problem: problem, Want: want, Err: err}
}

// Prepare turns a picture of one handwritten digit, of any size,
// dark on light or light on dark, into the 784 values an MNIST-trained
// network reads: a 28×28 image row after row, 0 for background and 1 for
// full ink, prepared as MNIST's own digits were (see the steps above).
//
// A network reads the result as a batch of one:
//
//	probs := net.Forward(mat.NewDense(1, 784, pixels)).RawRowView(0)
//
// It returns an *inputerror.Error if the image has no pixels or is blank,
// wrapping ErrBlank if blank. Ink too close to the edge of the 28×28 field
// after centring, which happens only for a digit with most of its mass at
// one side, is cut off.
func Prepare(img image.Image) ([]float64, error) {
	return preprocess(img, "")
}

// PrepareFile reads a PNG or JPEG file and preprocesses its digit
// with Prepare. Errors are *inputerror.Error naming the file; a missing
// file wraps fs.ErrNotExist.
func PrepareFile(path string) ([]float64, error) {
	img, err := decodeImageFile(path)
	if err != nil {
		return nil, err
	}
	return preprocess(img, path)
}

// decodeImageFile decodes the PNG or JPEG image in the file at path with
// decodeImage.
func decodeImageFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerror.File("digit", path, "cannot open", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, inputerror.File("digit", path, "cannot read", err)
	}
	if info.IsDir() {
		return nil, fail(path, "is a directory", "a PNG or JPEG file", nil)
	}
	return decodeImage(f, info.Size(), path)
}

// decodeImage decodes the PNG or JPEG image in r, which holds size bytes,
// after checking in its header that it is one, within MaxSide and
// MaxPixels, and no larger than size bytes can hold; path names it in
// errors.
func decodeImage(r io.ReadSeeker, size int64, path string) (image.Image, error) {
	const want = "PNG or JPEG"
	// format names the decoder that recognized the file's first bytes,
	// even if its header then proves damaged; "" if none did. Other
	// packages may register decoders for other formats.
	config, format, err := image.DecodeConfig(r)
	switch {
	case format == "":
		return nil, fail(path, "unknown image format", want, nil)
	case format != "png" && format != "jpeg":
		return nil, fail(path, "a "+strings.ToUpper(format)+" image", want, nil)
	case err != nil:
		return nil, fail(path, "cannot decode as "+strings.ToUpper(format), "", err)
	}
	if err := checkImageSize(config.Width, config.Height, path); err != nil {
		return nil, err
	}
	if pixels := int64(config.Width) * int64(config.Height); pixels > maxPixelsPerByte*size {
		return nil, fail(path, fmt.Sprintf("truncated or damaged: its header claims %d×%d pixels in %d bytes",
			config.Width, config.Height, size), fmt.Sprintf("at most %d pixels a byte", maxPixelsPerByte), nil)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, inputerror.File("digit", path, "cannot read", err)
	}
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fail(path, "cannot decode as "+strings.ToUpper(format), "", err)
	}
	return img, nil
}

// checkImageSize returns the error for a w×h image larger than MaxSide on
// a side or MaxPixels in all, nil for one within them.
func checkImageSize(w, h int, path string) error {
	if w <= MaxSide && h <= MaxSide && w*h <= MaxPixels {
		return nil
	}
	e := fail(path, fmt.Sprintf("%d×%d pixels", w, h),
		fmt.Sprintf("at most %d on a side and %d in all", MaxSide, MaxPixels), nil)
	e.Hint = "scale it down first"
	return e
}

// preprocess is Prepare, naming path in its errors (none if "").
func preprocess(img image.Image, path string) ([]float64, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, fail(path, fmt.Sprintf("the image is empty, %d×%d pixels", b.Dx(), b.Dy()), "at least 1×1", nil)
	}
	if err := checkImageSize(b.Dx(), b.Dy(), path); err != nil {
		return nil, err
	}
	ink, err := inkLevels(grayLevels(img))
	if err != nil {
		return nil, fail(path, "no digit found",
			fmt.Sprintf("ink at least %.0f%% darker or lighter than the paper", 100*minContrast), err)
	}
	digit := fitBox(cropToInk(ink), digitBox)
	return centreOfMassPlace(digit, mnist.Side), nil
}

// grayLevels returns the luminance of every pixel of img, 0 black and
// 1 white, as a matrix with one row per row of pixels. A pixel of colour
// (R, G, B) and opacity α is first laid over white paper,
//
//	R' = α·R + (1 − α)   (the same for G and B),
//
// which keeps strokes drawn on a transparent background, and then weighted
// as the eye sees brightness (ITU-R BT.601, as image/color's Gray model):
//
//	Y = 0.299·R' + 0.587·G' + 0.114·B'.
func grayLevels(img image.Image) *mat.Dense {
	b := img.Bounds()
	g := mat.NewDense(b.Dy(), b.Dx(), nil)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := g.RawRowView(y - b.Min.Y)
		for x := b.Min.X; x < b.Max.X; x++ {
			row[x-b.Min.X] = luminanceOverWhite(img.At(x, y))
		}
	}
	return g
}

// luminanceOverWhite returns the luminance Y of c laid over white.
func luminanceOverWhite(c color.Color) float64 {
	// RGBA returns 16-bit components already multiplied by α.
	r, g, b, a := c.RGBA()
	const full = 0xffff
	paper := float64(full - a) // white showing through
	y := 0.299*(float64(r)+paper) + 0.587*(float64(g)+paper) + 0.114*(float64(b)+paper)
	return min(y/full, 1)
}

// inkLevels turns grey levels into ink levels, in place: 0 where the paper
// is, 1 at the strongest ink. The background level bg is the median of the
// pixels on the image's border, which is paper for any digit that does not
// cover half of the border. The ink is whichever side of bg the image's
// mean falls on: a few dark strokes pull the mean of a light page below
// bg, light strokes pull the mean of a dark page above it. Dark ink is
// inverted, v = 1 − v, so that ink is always the high end. Then, with
// peak the strongest ink,
//
//	v = (v − bg) / (peak − bg),  and v = 0 where that is below 0.1.
//
// It returns ErrBlank if peak − bg is under minContrast.
func inkLevels(g *mat.Dense) (*mat.Dense, error) {
	data := g.RawMatrix().Data // g is freshly made: contiguous
	bg := median(borderPixels(g))
	if mean(data) < bg {
		for i, v := range data {
			data[i] = 1 - v
		}
		bg = 1 - bg
	}
	peak := slices.Max(data)
	if peak-bg < minContrast {
		return nil, ErrBlank
	}
	for i, v := range data {
		v = (v - bg) / (peak - bg)
		if v < noiseThreshold {
			v = 0
		}
		data[i] = v
	}
	return g, nil
}

// borderPixels returns the values on the outermost rows and columns of m.
func borderPixels(m *mat.Dense) []float64 {
	r, c := m.Dims()
	var border []float64
	for j := range c {
		border = append(border, m.At(0, j), m.At(r-1, j))
	}
	for i := range r {
		border = append(border, m.At(i, 0), m.At(i, c-1))
	}
	return border
}

// median returns the middle value of v (the mean of the two middle ones
// for an even count); it sorts v.
func median(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	return (v[(n-1)/2] + v[n/2]) / 2
}

// mean returns the arithmetic mean of v.
func mean(v []float64) float64 {
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// cropToInk returns the smallest rectangle of m holding every nonzero
// value, as a view of m. m must have one.
func cropToInk(m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	top, left, bottom, right := r, c, -1, -1
	for i := range r {
		for j, v := range m.RawRowView(i) {
			if v > 0 {
				top, bottom = min(top, i), max(bottom, i)
				left, right = min(left, j), max(right, j)
			}
		}
	}
	return m.Slice(top, bottom+1, left, right+1).(*mat.Dense)
}

// fitBox scales m so that its longer side is box pixels, keeping the
// aspect ratio: an h×w image becomes h'×w' with
//
//	s = box / max(h, w),  h' = max(1, round(s·h)),  w' = max(1, round(s·w)).
//
// Resampling is linear in the pixels and works on rows and columns apart,
// so it is two matrix products,
//
//	out = Rᵧ · m · Rₓᵀ,
//
// where Rᵧ (h'×h) resamples every column and Rₓ (w'×w) every row (see
// resampleTaps). Those matrices are nearly all zeros, and as large as the
// image is long: Rₓ for a 1×16384 strip would take 2.6 MB, and 10 GiB for
// one of 64 million pixels. So fitBox sums the nonzero terms alone, in
// the products' order,
//
//	out[j, k] = Σₗ Rₓ[k, l]·(Σᵢ Rᵧ[j, i]·m[i, l]),
//
// which touches each pixel of m about once and allocates nothing but the
// h'×w' result. That is
// scaled so that its largest value is 1, as in MNIST: shrinking spreads a
// thin stroke into fainter grey.
func fitBox(m *mat.Dense, box int) *mat.Dense {
	h, w := m.Dims()
	s := float64(box) / float64(max(h, w))
	h2 := max(1, int(math.Round(s*float64(h))))
	w2 := max(1, int(math.Round(s*float64(w))))
	raw := m.RawMatrix()
	out := mat.NewDense(h2, w2, nil)
	for j := range h2 {
		row := out.RawRowView(j)
		for k := range row {
			resampleTaps(k, w2, w, func(l int, wx float64) {
				var col float64 // (Rᵧ · m)[j, l]
				resampleTaps(j, h2, h, func(i int, wy float64) { col += wy * raw.Data[i*raw.Stride+l] })
				row[k] += col * wx
			})
		}
	}
	peak := mat.Max(out)
	out.Apply(func(_, _ int, v float64) float64 { return v / peak }, out) // v/peak is exactly 1 at the peak; v·(1/peak) may not be
	return out
}

// resampleTaps calls fn(i, R[j, i]) for every input pixel i that output
// pixel j reads, where R is the out×in matrix that resamples a row of in
// pixels to out pixels, y = R·x: the nonzero entries of R's row j. Output
// pixel j covers the interval [j·r, (j+1)·r) of the input, r = in/out.
//
// Shrinking (out < in) averages the input over that interval, each input
// pixel i weighted by how much of [i, i+1) lies in it, so every bit of ink
// counts and a stroke thinner than r fades instead of vanishing:
//
//	R[j, i] = |[i, i+1) ∩ [j·r, (j+1)·r)| / r.
//
// Enlarging (out ≥ in) interpolates linearly between the two input pixels
// nearest the centre of output pixel j, at input position
//
//	u = (j + ½)·r − ½,  clamped to [0, in − 1],
//	R[j, ⌊u⌋] = 1 − (u − ⌊u⌋),  R[j, ⌊u⌋ + 1] = u − ⌊u⌋.
//
// Every row of R sums to 1, so a uniform image stays uniform.
func resampleTaps(j, out, in int, fn func(i int, w float64)) {
	r := float64(in) / float64(out)
	if out < in {
		lo, hi := float64(j)*r, float64(j+1)*r
		for i := int(lo); i < in && float64(i) < hi; i++ {
			overlap := min(hi, float64(i+1)) - max(lo, float64(i))
			fn(i, overlap/r)
		}
		return
	}
	u := min(max((float64(j)+0.5)*r-0.5, 0), float64(in-1))
	i := int(u)
	f := u - float64(i)
	fn(i, 1-f)
	if f > 0 {
		fn(i+1, f)
	}
}

// centreOfMass returns the centre of mass of m's values, in pixel indices
// (column x, row y):
//
//	x̄ = Σᵢⱼ m[i,j]·j / Σᵢⱼ m[i,j],  ȳ = Σᵢⱼ m[i,j]·i / Σᵢⱼ m[i,j].
func centreOfMass(m mat.Matrix) (x, y float64) {
	r, c := m.Dims()
	var total, sx, sy float64
	for i := range r {
		for j := range c {
			v := m.At(i, j)
			total += v
			sx += v * float64(j)
			sy += v * float64(i)
		}
	}
	return sx / total, sy / total
}

// centreOfMassPlace places m in a size×size field, row after row, moved by
// whole pixels so that its centre of mass (x̄, ȳ) comes as near as it can
// to the field's centre c = size/2: m's pixel (i, j) goes to
//
//	(i + dy, j + dx),  dx = round(c − x̄),  dy = round(c − ȳ),
//
// so the centre of mass ends within half a pixel of (c, c) on each axis.
// MNIST's own digits were moved that way, as their centres of mass show,
// and whole-pixel moves keep the strokes as sharp as the 20×20 scaling
// made them. The price is a jump: a digit whose centre of mass sits near
// a half pixel can land one pixel either way. Moving by the exact
// fraction with bilinear interpolation would avoid it, but blurs the
// strokes and, on MNIST test digits redrawn large and preprocessed again,
// kept the network's answer less often (98.4% against 99.9%). Pixels moved
// outside the field are dropped.
func centreOfMassPlace(m *mat.Dense, size int) []float64 {
	x, y := centreOfMass(m)
	c := float64(size) / 2
	dx, dy := int(math.Round(c-x)), int(math.Round(c-y))
	out := make([]float64, size*size)
	r, cols := m.Dims()
	for i := range r {
		for j := range cols {
			if ti, tj := i+dy, j+dx; ti >= 0 && ti < size && tj >= 0 && tj < size {
				out[ti*size+tj] = m.At(i, j)
			}
		}
	}
	return out
}

// ClassProb is one class and the probability a network gives it.
type ClassProb struct {
	Class int
	Prob  float64
}

// TopK returns the k most probable classes of probs (probs[c] being the
// probability of class c), most probable first, the smaller class first
// among equals. It returns all of them if k ≥ len(probs), and panics if k
// is negative.
func TopK(probs []float64, k int) []ClassProb {
	if k < 0 {
		panic(fmt.Sprintf("nnlib: TopK: k = %d, want ≥ 0", k))
	}
	ranked := make([]ClassProb, len(probs))
	for c, p := range probs {
		ranked[c] = ClassProb{Class: c, Prob: p}
	}
	slices.SortStableFunc(ranked, func(a, b ClassProb) int { return cmp.Compare(b.Prob, a.Prob) })
	return ranked[:min(k, len(ranked))]
}

// Image returns 784 values, an MNIST image row after row, as a 28×28
// grey image drawn as ink on paper, like notebook.Gray: 0 is white, 1 is
// black, grey level 255·(1 − v) rounded, values outside [0, 1] clipped.
// It panics if pixels does not hold 784 values.
func Image(pixels []float64) *image.Gray {
	if len(pixels) != mnist.Side*mnist.Side {
		panic(fmt.Sprintf("nnlib: Image: %d pixels, want %d×%d = %d",
			len(pixels), mnist.Side, mnist.Side, mnist.Side*mnist.Side))
	}
	img := image.NewGray(image.Rect(0, 0, mnist.Side, mnist.Side))
	for i, v := range pixels {
		img.Pix[i] = uint8(math.Round(255 * (1 - min(max(v, 0), 1))))
	}
	return img
}
