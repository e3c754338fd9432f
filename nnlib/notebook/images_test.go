package notebook

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
)

// decodeImages returns the images embedded in ImageGrid's HTML.
func decodeImages(t *testing.T, h string) []image.Image {
	t.Helper()
	var imgs []image.Image
	for _, m := range regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindAllStringSubmatch(h, -1) {
		data, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
	}
	return imgs
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func TestImageGridGray(t *testing.T) {
	t.Parallel()
	digit := make([]float64, 28*28)
	digit[0], digit[1], digit[2] = 1, 0.5, 7 // 7 is clipped to 1
	images := [][]float64{digit, digit, digit}
	h, err := ImageGrid{Images: images, Captions: []string{"<b>7</b>", "a", "b"}, Cols: 2, Scale: 2}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(h, "<tr>"); n != 2 {
		t.Errorf("3 images in 2 columns make %d rows, want 2", n)
	}
	if !strings.Contains(h, "<b>7</b>") || !strings.Contains(h, `width="56" height="56"`) {
		t.Errorf("captions or sizes missing in %s", h)
	}
	imgs := decodeImages(t, h)
	if len(imgs) != 3 {
		t.Fatalf("%d images in the HTML, want 3", len(imgs))
	}
	img := imgs[0]
	if b := img.Bounds(); b.Dx() != 56 || b.Dy() != 56 {
		t.Errorf("image is %v, want 56×56", b)
	}
	for _, tt := range []struct {
		x, y int
		want color.RGBA
	}{
		{0, 0, color.RGBA{0, 0, 0, 255}}, {1, 1, color.RGBA{0, 0, 0, 255}}, // 1: black, 2×2 pixels
		{2, 0, color.RGBA{128, 128, 128, 255}},
		{4, 1, color.RGBA{0, 0, 0, 255}}, // clipped
		{55, 55, color.RGBA{255, 255, 255, 255}},
	} {
		if got := rgba(img.At(tt.x, tt.y)); got != tt.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
}

func TestImageGridDiverging(t *testing.T) {
	t.Parallel()
	w := []float64{-2, 0, 1, 2} // 2×2
	h, err := ImageGrid{Images: [][]float64{w, {0.5, 0, 0, 0}}, Scale: 1, Colors: Diverging}.HTML()
	if err != nil {
		t.Fatal(err)
	}
	imgs := decodeImages(t, h)
	img := imgs[0]
	half := func(e uint8) uint8 { return uint8((255 + int(e) + 1) / 2) }
	for _, tt := range []struct {
		x, y int
		want color.RGBA
	}{
		{0, 0, divNegative},
		{1, 0, color.RGBA{255, 255, 255, 255}},
		{0, 1, color.RGBA{half(divPositive.R), half(divPositive.G), half(divPositive.B), 255}},
		{1, 1, divPositive},
	} {
		if got := rgba(img.At(tt.x, tt.y)); got != tt.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
	// Each image has its own scale: 0.5 is the strongest red of the second…
	if got := rgba(imgs[1].At(0, 0)); got != divPositive {
		t.Errorf("own scale: pixel = %v, want %v", got, divPositive)
	}
	// …unless the scale is shared.
	h, _ = ImageGrid{Images: [][]float64{w, {0.5, 0, 0, 0}}, Scale: 1, Colors: Diverging, SharedScale: true}.HTML()
	if got := rgba(decodeImages(t, h)[1].At(0, 0)); got == divPositive {
		t.Errorf("shared scale: 0.5 of 2 shown as the strongest red")
	}
}

func TestImageGridErrors(t *testing.T) {
	t.Parallel()
	for _, g := range []ImageGrid{
		{Images: [][]float64{make([]float64, 10)}, Width: 3},
		{Images: [][]float64{{}}},
		{Images: [][]float64{make([]float64, 4)}, Captions: []string{"a", "b"}},
	} {
		if _, err := g.HTML(); err == nil {
			t.Errorf("ImageGrid%+v.HTML(): no error", g)
		}
	}
	if h, err := (ImageGrid{}).HTML(); err != nil || strings.Contains(h, "<tr>") {
		t.Errorf("empty ImageGrid: %q, %v", h, err)
	}
}

func TestImagePNGSize(t *testing.T) {
	t.Parallel()
	// A 28×28 digit scaled 3 times stays small: notebooks embed many.
	digit := make([]float64, 28*28)
	for i := range digit {
		digit[i] = float64(i%7) / 6
	}
	data, err := ImagePNG(digit, 28, 3, Gray)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 4000 {
		t.Errorf("ImagePNG of a 28×28 image ×3 is %d bytes", len(data))
	}
}

func TestCompactPNG(t *testing.T) {
	t.Parallel()
	// A chart: few colours, most pixels white.
	data, err := AccuracyChart{Title: "chart", Runs: []*nnlib.History{accuracyRun("a", 0.1, 0.9, 0.97)},
		X: charts.ByEpoch, Metric: charts.ValidationAccuracy}.PNG(300, 200)
	if err != nil {
		t.Fatal(err)
	}
	small, err := CompactPNG(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(small) >= len(data) {
		t.Errorf("CompactPNG made %d bytes of %d", len(small), len(data))
	}
	before, _ := png.Decode(bytes.NewReader(data))
	after, err := png.Decode(bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if before.Bounds() != after.Bounds() {
		t.Fatalf("size changed from %v to %v", before.Bounds(), after.Bounds())
	}
	// No pixel may change by much: the nearest of 256 colours is close.
	worst := 0
	for y := range before.Bounds().Dy() {
		for x := range before.Bounds().Dx() {
			c := color.RGBAModel.Convert(before.At(x, y)).(color.RGBA)
			d := color.RGBAModel.Convert(after.At(x, y)).(color.RGBA)
			for _, diff := range []int{int(c.R) - int(d.R), int(c.G) - int(d.G), int(c.B) - int(d.B)} {
				worst = max(worst, diff, -diff)
			}
		}
	}
	if worst > 48 {
		t.Errorf("a pixel changed by %d levels", worst)
	}

	// An image with 300 colours keeps the 256 most frequent exactly.
	img := image.NewRGBA(image.Rect(0, 0, 300, 2))
	for x := range 300 {
		img.Set(x, 0, color.RGBA{uint8(x % 256), uint8(x / 256 * 100), 0, 255})
		img.Set(x, 1, color.RGBA{uint8(x % 256), uint8(x / 256 * 100), 0, 255})
	}
	red := color.RGBA{255, 0, 0, 255} // last in the fixed order, first by frequency:
	for x := range 10 {
		img.Set(x, 1, red)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	small, err = CompactPNG(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	after, _ = png.Decode(bytes.NewReader(small))
	if got := color.RGBAModel.Convert(after.At(255, 0)).(color.RGBA); got != red {
		t.Errorf("the most frequent colour became %v", got)
	}
	if n := len(after.(*image.Paletted).Palette); n != 256 {
		t.Errorf("%d colours, want 256", n)
	}
	if _, err := CompactPNG([]byte("not a png")); err == nil || !strings.Contains(err.Error(), "notebook: CompactPNG") {
		t.Errorf("CompactPNG of a non-PNG: error %v", err)
	}
}
