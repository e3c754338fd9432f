package notebook

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const fakeDir = "testdata/src"

func TestSourceHTMLFindsDeclarations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want []string // plain-text fragments the snippet must hold
		not  []string // …and must not
		line int
	}{
		{"Layer", []string{"// Layer is a layer.", "type Layer struct", "W []float64 // weights"}, []string{"Forward"}, 6},
		{"Layer.Forward", []string{"// Forward computes", "func (l *Layer) Forward(x float64) string {", `"<b>"`, "// not HTML\n}"}, []string{"Len"}, 11},
		{"Layer.Len", []string{"func (l Layer) Len() int"}, []string{"//"}, 16},
		{"Softmax", []string{"// Softmax is a function.\nfunc Softmax"}, nil, 18},
		{"Eps", []string{"// Eps is small.\nconst Eps = 1e-9"}, []string{"Tiny"}, 22},
		{"Smaller", []string{"// Tiny is smaller.\nconst Tiny, Smaller = 1e-12, 1e-15"}, nil, 24},
		{"Pair", []string{"// Pair holds two things.\ntype Pair[T any] struct {\n\tA, B T\n}"}, []string{"Swap"}, 29},
		{"Pair.Swap", []string{"func (p *Pair[T]) Swap()"}, nil, 35},
	}
	for _, tt := range tests {
		h, err := SourceHTML(fakeDir, tt.name)
		if err != nil {
			t.Errorf("SourceHTML(%q): %v", tt.name, err)
			continue
		}
		text := PlainText(h)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("SourceHTML(%q) has no %q; its text:\n%s", tt.name, w, text)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(text, n) {
				t.Errorf("SourceHTML(%q) has %q, which belongs elsewhere; its text:\n%s", tt.name, n, text)
			}
		}
		if caption := fmt.Sprintf("src/layer.go, line %d", tt.line); !strings.Contains(text, caption) {
			t.Errorf("SourceHTML(%q) has no caption %q; its text:\n%s", tt.name, caption, text)
		}
	}
}

func TestSourceHTMLErrors(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Nope", "Layer.Nope", "InTest", "OnlyJS", "Forward", "unexported"} {
		_, err := SourceHTML(fakeDir, name)
		if err == nil {
			t.Errorf("SourceHTML(%q): no error", name)
			continue
		}
		// The error lists what is available, and only that: the exported
		// names if the name asked for is exported.
		msg := err.Error()
		list := "exported names there are: Eps, Layer, Layer.Forward, Layer.Len, Pair, Pair.Swap, Smaller, Softmax, Tiny"
		if name == "unexported" {
			list = "names there are: Eps, Layer, Layer.Forward, Layer.Len, Pair, Pair.Swap, Smaller, Softmax, Tiny, helper"
		}
		for _, want := range []string{fmt.Sprintf("%q is not declared", name), list} {
			if !strings.Contains(msg, want) {
				t.Errorf("SourceHTML(%q) error %q has no %q", name, msg, want)
			}
		}
		if _, names, _ := strings.Cut(msg, "there are: "); strings.Contains(names, "InTest") || strings.Contains(names, "OnlyJS") {
			t.Errorf("SourceHTML(%q) error %q lists too much", name, msg)
		}
	}
	if _, err := SourceHTML("testdata/no-such-dir", "X"); err == nil {
		t.Error("SourceHTML in a missing folder: no error")
	}
}

func TestHighlightGo(t *testing.T) {
	t.Parallel()
	src := "func f() { // hi <x>\n\treturn len(\"a<b\") + 0x1F + 'c' + 2.5 }\n"
	h := HighlightGo(src)
	if got := PlainText(h); got != src {
		t.Errorf("HighlightGo changed the text:\n got %q\nwant %q", got, src)
	}
	for _, want := range []string{
		`<span style="color: ` + colorKeyword + `;">func</span>`,
		`<span style="color: ` + colorKeyword + `;">return</span>`,
		`<span style="color: ` + colorComment + `; font-style: italic;">// hi &lt;x&gt;</span>`,
		`<span style="color: ` + colorString + `;">&#34;a&lt;b&#34;</span>`,
		`<span style="color: ` + colorString + `;">&#39;c&#39;</span>`,
		`<span style="color: ` + colorNumber + `;">0x1F</span>`,
		`<span style="color: ` + colorNumber + `;">2.5</span>`,
		`<span style="color: ` + colorPredeclared + `;">len</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HighlightGo(%q) has no %s\nin %s", src, want, h)
		}
	}
	// Not Go at all: the text still comes back whole.
	for _, odd := range []string{"", "\"unterminated", "/* open", "a ☃ b\r\n", "`raw\nstring`"} {
		if got := PlainText(HighlightGo(odd)); got != odd {
			t.Errorf("HighlightGo(%q) has text %q", odd, got)
		}
	}
}

func TestSourceDirFindsNNLib(t *testing.T) {
	t.Parallel()
	dir, err := SourceDir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(dir) != "nnlib" || !isPackageDir(dir, "nnlib") {
		t.Fatalf("SourceDir() = %q, not the folder of package nnlib", dir)
	}
	// Dataset is a type there (a central one, unlikely to be renamed).
	if _, err := SourceHTML(dir, "Dataset"); err != nil {
		t.Error(err)
	}
}

func TestShowSourcePanicsOnUnknownName(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "NoSuchThing") {
			t.Errorf("ShowSource(\"NoSuchThing\") recovered %v, want a panic naming it", r)
		}
	}()
	ShowSource("Dataset", "NoSuchThing")
}

func TestTable(t *testing.T) {
	t.Parallel()
	h := Table([]string{"model", "accuracy"}, [][]string{{"a<b", "97.5%"}, {"c", "0.5"}})
	for _, want := range []string{
		`<th style="text-align: left;`, ">model</th>",
		`<td style="text-align: left; padding: 0.15em 0.7em; border-bottom: 1px solid #d0d7de;">a&lt;b</td>`,
		`<td style="text-align: right; padding: 0.15em 0.7em; border-bottom: 1px solid #d0d7de;">97.5%</td>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("Table has no %s\nin %s", want, h)
		}
	}
	if strings.Contains(Table(nil, [][]string{{"x"}}), "<thead>") {
		t.Error("Table(nil, …) has a header")
	}
	for s, want := range map[string]bool{"1": true, "-3e-5": true, "12 ms": true, "1.5 s": true, "97.5%": true, "3×": true,
		"": false, "s": false, "abc": false, "1 2": false, "NaN%": true} {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestProgressOutsideNotebook(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	p := NewProgress()
	p.out = &buf
	p.Interval = time.Hour
	p.Update("epoch <b>1</b>")
	p.Update("epoch 2") // dropped: too soon
	p.Done("done: loss &lt; 0.1")
	if got, want := buf.String(), "epoch 1\ndone: loss < 0.1\n"; got != want {
		t.Errorf("Progress printed %q, want %q", got, want)
	}
	buf.Reset()
	p = NewProgress()
	p.out, p.Interval = &buf, 0
	for i := range 3 {
		p.Update(fmt.Sprint(i))
	}
	p.Done("")
	if got, want := buf.String(), "0\n1\n2\n"; got != want {
		t.Errorf("Progress with Interval 0 printed %q, want %q", got, want)
	}
}

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
