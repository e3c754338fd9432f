package notebook

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"math"
	"slices"
)

// ColorMap turns a pixel value into a colour. Values are scaled first:
// by 1 for Gray, by the largest |value| for Diverging.
type ColorMap int

const (
	// Gray shows values in [0, 1] as ink on paper: 0 white, 1 black.
	// Values outside are clipped. For MNIST digits.
	Gray ColorMap = iota
	// Diverging shows negative values in blue, 0 in white and positive
	// values in red, the strongest colour at the largest |value|. For
	// weights, whose sign matters.
	Diverging
)

// ImageGrid is a gallery of small images, such as digits, misclassified
// examples or the weights of first-layer units, each with an optional
// caption underneath:
//
//	notebook.ImageGrid{Images: rows, Captions: labels}.Show()
//
// The zero values of the other fields give 10 columns of 28×28 images
// scaled 3 times in Gray.
type ImageGrid struct {
	// Images are the images, each Width pixels wide, row after row
	// (an MNIST example as a row of 784 values).
	Images [][]float64
	// Captions, if not nil, holds one caption per image, as HTML, so it
	// can colour a wrong label red. Escape text with html.EscapeString.
	Captions []string
	// Cols is the number of images per row; 0 means 10.
	Cols int
	// Width is the width of each image in pixels; 0 means the square root
	// of its length (28 for 784 values).
	Width int
	// Scale is how many screen pixels show one image pixel; 0 means 3.
	Scale int
	// Colors maps values to colours: Gray (the default) or Diverging.
	Colors ColorMap
	// SharedScale makes Diverging use one scale, the largest |value| over
	// all images, so that images can be compared; by default each image
	// has its own, which shows each one's pattern best.
	SharedScale bool
}

// Show displays the grid, and panics if it has no valid HTML (see HTML).
func (g ImageGrid) Show() {
	h, err := g.HTML()
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// HTML returns the grid as an HTML table of PNG images embedded as data
// URIs, which notebooks save with their outputs. It returns an error if
// an image's length is not a multiple of its width or the captions don't
// match the images.
func (g ImageGrid) HTML() (string, error) {
	if g.Captions != nil && len(g.Captions) != len(g.Images) {
		return "", fmt.Errorf("notebook: ImageGrid has %d images but %d captions", len(g.Images), len(g.Captions))
	}
	cols := g.Cols
	if cols <= 0 {
		cols = 10
	}
	scale := g.Scale
	if scale <= 0 {
		scale = 3
	}
	shared := 0.0
	if g.SharedScale {
		for _, img := range g.Images {
			shared = math.Max(shared, maxAbs(img))
		}
	}
	var b bytes.Buffer
	b.WriteString(`<table style="border-collapse: collapse; margin: 0.3em 0;">`)
	for i, img := range g.Images {
		if i%cols == 0 {
			if i > 0 {
				b.WriteString("</tr>")
			}
			b.WriteString("<tr>")
		}
		width := g.Width
		if width <= 0 {
			width = int(math.Round(math.Sqrt(float64(len(img)))))
		}
		opts := pngOptions{width: width, scale: scale, colors: g.Colors, max: shared}
		pngBytes, err := imagePNG(img, opts)
		if err != nil {
			return "", fmt.Errorf("notebook: ImageGrid image %d: %w", i, err)
		}
		fmt.Fprintf(&b, `<td style="text-align: center; padding: 2px 4px; vertical-align: top;">`+
			`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="image %d">`,
			base64.StdEncoding.EncodeToString(pngBytes), width*scale, len(img)/width*scale, i)
		if g.Captions != nil {
			fmt.Fprintf(&b, `<div style="font-size: 85%%; line-height: 1.2;">%s</div>`, g.Captions[i])
		}
		b.WriteString("</td>")
	}
	if len(g.Images) > 0 {
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String(), nil
}

// ImagePNG returns one image as a PNG file: pixels row after row, width
// pixels wide, each shown as a scale×scale square in the given colours
// (Diverging scaled by the image's largest |value|).
func ImagePNG(pixels []float64, width, scale int, colors ColorMap) ([]byte, error) {
	return imagePNG(pixels, pngOptions{width: width, scale: scale, colors: colors})
}

type pngOptions struct {
	width, scale int
	colors       ColorMap
	max          float64 // Diverging's scale; 0 means the image's largest |value|
}

func imagePNG(pixels []float64, o pngOptions) ([]byte, error) {
	if o.width <= 0 || len(pixels) == 0 || len(pixels)%o.width != 0 {
		return nil, fmt.Errorf("%d pixels do not make rows of width %d", len(pixels), o.width)
	}
	if o.scale <= 0 {
		o.scale = 1
	}
	height := len(pixels) / o.width
	scale := o.max
	if o.colors == Diverging && scale == 0 {
		scale = maxAbs(pixels)
	}
	img := image.NewRGBA(image.Rect(0, 0, o.width*o.scale, height*o.scale))
	for y := 0; y < height; y++ {
		for x := 0; x < o.width; x++ {
			var c color.RGBA
			if o.colors == Diverging {
				c = diverging(pixels[y*o.width+x], scale)
			} else {
				c = gray(pixels[y*o.width+x])
			}
			for dy := 0; dy < o.scale; dy++ {
				for dx := 0; dx < o.scale; dx++ {
					img.SetRGBA(x*o.scale+dx, y*o.scale+dy, c)
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gray maps v in [0, 1] to white…black.
func gray(v float64) color.RGBA {
	g := grayLevel(v)
	return color.RGBA{g, g, g, 255}
}

// grayLevel returns the grey level of ink v, in [0, 1]: 255 (white paper)
// for 0, 0 (black) for 1. Values outside are clipped, NaN is no ink.
func grayLevel(v float64) uint8 {
	v = math.Max(0, math.Min(1, v))
	if math.IsNaN(v) {
		v = 0
	}
	return uint8(math.Round(255 * (1 - v)))
}

// The ends of the diverging map: ColorBrewer's RdBu.
var (
	divNegative = color.RGBA{33, 102, 172, 255}
	divPositive = color.RGBA{178, 24, 43, 255}
)

// diverging maps v in [-scale, scale] to blue…white…red.
func diverging(v, scale float64) color.RGBA {
	if scale == 0 || math.IsNaN(v) {
		return color.RGBA{255, 255, 255, 255}
	}
	t := math.Max(-1, math.Min(1, v/scale))
	if t < 0 {
		return tint(divNegative, -t)
	}
	return tint(divPositive, t)
}

// tint returns the colour t of the way from white to full, t in [0, 1].
func tint(full color.RGBA, t float64) color.RGBA {
	mix := func(e uint8) uint8 { return uint8(math.Round(255 + t*(float64(e)-255))) }
	return color.RGBA{mix(full.R), mix(full.G), mix(full.B), 255}
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		if a := math.Abs(x); a > m {
			m = a
		}
	}
	return m
}

// CompactPNG re-encodes a PNG image with at most 256 colours, at the best
// compression. If the image has more colours than that, the 256 most
// frequent are kept and every other pixel takes the nearest of them. A
// chart is mostly a few flat colours plus the shades that smooth the edges
// of its lines and letters, so it looks the same in far fewer bytes, which
// keeps notebooks and the README's figures small.
func CompactPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("notebook: CompactPNG: %w", err)
	}
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colors := slices.SortedFunc(maps.Keys(counts), func(c, d color.RGBA) int {
		if n := cmp.Compare(counts[d], counts[c]); n != 0 {
			return n // the most frequent first
		}
		return cmp.Compare(uint32(c.R)<<24|uint32(c.G)<<16|uint32(c.B)<<8|uint32(c.A),
			uint32(d.R)<<24|uint32(d.G)<<16|uint32(d.B)<<8|uint32(d.A)) // then a fixed order
	})
	palette := make(color.Palette, 0, 256)
	for _, c := range colors[:min(len(colors), 256)] {
		palette = append(palette, c)
	}
	index := make(map[color.RGBA]uint8, len(colors))
	for i, c := range palette {
		index[c.(color.RGBA)] = uint8(i)
	}
	out := image.NewPaletted(b, palette)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(palette.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("notebook: CompactPNG: %w", err)
	}
	return buf.Bytes(), nil
}
