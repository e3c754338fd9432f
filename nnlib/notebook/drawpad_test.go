package notebook

import (
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

func TestParsePadMessage(t *testing.T) {
	t.Parallel()
	pix := []byte{0, 255, 128, 7, 9, 10}
	draw := "draw:12:3x2:" + base64.StdEncoding.EncodeToString(pix)
	m, err := parsePadMessage(draw)
	if err != nil {
		t.Fatalf("parsePadMessage(%q): %v", draw, err)
	}
	if m.kind != "draw" || m.seq != 12 || m.img == nil || m.img.Bounds() != image.Rect(0, 0, 3, 2) {
		t.Fatalf("parsePadMessage(%q) = %+v, want a 3×2 drawing number 12", draw, m)
	}
	if got := m.img.GrayAt(1, 0).Y; got != 255 {
		t.Errorf("pixel (1, 0) = %d, want 255", got)
	}
	if got := m.img.GrayAt(0, 1).Y; got != 7 {
		t.Errorf("pixel (0, 1) = %d, want 7 (rows of 3)", got)
	}
	for _, tt := range []struct {
		msg, kind string
		seq       int
	}{{"ready:0", "ready", 0}, {"clear:5", "clear", 5}, {"done:9", "done", 9}} {
		m, err := parsePadMessage(tt.msg)
		if err != nil || m.kind != tt.kind || m.seq != tt.seq || m.img != nil {
			t.Errorf("parsePadMessage(%q) = %+v, %v; want kind %s, number %d", tt.msg, m, err, tt.kind, tt.seq)
		}
	}
}

func TestParsePadMessageErrors(t *testing.T) {
	t.Parallel()
	six := base64.StdEncoding.EncodeToString(make([]byte, 6))
	tests := []struct{ msg, want string }{
		{"", `unknown kind ""`},
		{"paint:1", `unknown kind "paint"`},
		{"ready", "1 fields, want 2"},
		{"clear:1:2", "3 fields, want 2"},
		{"draw:1:3x2", "3 fields, want 4"},
		{"done:x", `sequence number "x"`},
		{"clear:-1", `sequence number "-1"`},
		{"draw:1:3:" + six, `size "3"`},
		{"draw:1:0x6:" + six, `size "0x6"`},
		{"draw:1:2000x2000:" + six, `size "2000x2000"`},
		{"draw:1:axb:" + six, `size "axb"`},
		{"draw:1:3x2:!!!!", "pixels: illegal base64"},
		{"draw:1:3x3:" + six, "6 pixels for 3×3"},
	}
	for _, tt := range tests {
		_, err := parsePadMessage(tt.msg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parsePadMessage(%q) error = %v, want one containing %q", tt.msg, err, tt.want)
		}
	}
}

// drawMessage returns the message the page sends for img.
func drawMessage(seq int, img *image.Gray) string {
	b := img.Bounds()
	return fmt.Sprintf("draw:%d:%dx%d:%s", seq, b.Dx(), b.Dy(), base64.StdEncoding.EncodeToString(img.Pix))
}

// received returns the drawing waiting in p.Drawings, or fails.
func received(t *testing.T, p *DrawPad) *image.Gray {
	t.Helper()
	select {
	case img := <-p.Drawings:
		return img
	default:
		t.Fatal("no drawing waiting")
		return nil
	}
}

func TestDrawPadReceive(t *testing.T) {
	t.Parallel()
	p := newDrawPad("test")
	seven := DrawDigit([]image.Point{{60, 60}, {220, 60}, {120, 240}})
	one := DrawDigit([]image.Point{{140, 40}, {140, 240}})

	p.receive("ready:0")
	select {
	case <-p.ready:
	default:
		t.Fatal("ready:0 did not mark the pad ready")
	}
	p.receive("ready:0") // twice is harmless

	// Only the latest drawing waits.
	p.receive(drawMessage(1, seven))
	p.receive(drawMessage(2, one))
	if got := received(t, p); string(got.Pix) != string(one.Pix) {
		t.Error("the drawing waiting is not the latest one")
	}
	// A message older than the last one passed on is dropped…
	p.receive(drawMessage(1, seven))
	select {
	case <-p.Drawings:
		t.Error("an older drawing was passed on")
	default:
	}
	// …and a clear is a nil drawing.
	p.receive("clear:3")
	if got := received(t, p); got != nil {
		t.Error("clear:3 did not pass on a nil drawing")
	}
	// Bad messages are reported and ignored.
	p.receive("draw:4:1x1:!!")

	if p.Reason() != "" {
		t.Errorf("Reason() = %q before Done", p.Reason())
	}
	p.receive("done:5")
	p.receive("done:6") // twice is harmless
	select {
	case <-p.Done:
	default:
		t.Fatal("done:5 did not close Done")
	}
	if !strings.Contains(p.Reason(), "Done button") {
		t.Errorf("Reason() = %q, want the Done button", p.Reason())
	}
}

func TestOpenDrawPadHeadless(t *testing.T) {
	t.Parallel()
	start := time.Now()
	_, err := OpenDrawPad(time.Minute)
	if !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("OpenDrawPad outside a notebook: error %v, want ErrNoBrowser", err)
	}
	if !strings.Contains(err.Error(), "not running in a GoNB kernel") {
		t.Errorf("error %q does not say why", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("OpenDrawPad took %v to find there is no browser, want no wait", d)
	}
}

func TestDrawDigit(t *testing.T) {
	t.Parallel()
	// A horizontal line across the middle of the canvas: in the picture
	// sent, half the size, a band PadPen/2 pixels thick.
	img := DrawDigit([]image.Point{{20, PadSize / 2}, {PadSize - 20, PadSize / 2}})
	if b := img.Bounds(); b != image.Rect(0, 0, PadSent, PadSent) {
		t.Fatalf("bounds %v, want %d×%d", b, PadSent, PadSent)
	}
	mid := PadSent / 2
	if v := img.GrayAt(mid, mid).Y; v != 0 {
		t.Errorf("centre of the stroke = %d, want 0 (black)", v)
	}
	if v := img.GrayAt(mid, 5).Y; v != 255 {
		t.Errorf("far from the stroke = %d, want 255 (white)", v)
	}
	if v := img.GrayAt(2, mid).Y; v != 255 {
		t.Errorf("beyond the stroke's end = %d, want 255 (white)", v)
	}
	// The stroke's thickness: the ink summed down the middle column.
	ink := 0.0
	for y := range PadSent {
		ink += 1 - float64(img.GrayAt(mid, y).Y)/255
	}
	if want := float64(PadPen) * PadSent / PadSize; ink < want-0.6 || ink > want+0.6 {
		t.Errorf("stroke thickness %.2f pixels, want %.1f", ink, want)
	}
	// A single point is a round dot, as wide as the pen.
	dot := DrawDigit([]image.Point{{PadSize / 2, PadSize / 2}})
	if v := dot.GrayAt(mid, mid).Y; v != 0 {
		t.Errorf("centre of a dot = %d, want 0", v)
	}
	if v := dot.GrayAt(mid+PadPen/2, mid).Y; v != 255 {
		t.Errorf("a pen's width from a dot's centre = %d, want 255", v)
	}
	// No strokes: a blank page, which preprocessing refuses.
	if _, err := digit.Prepare(DrawDigit()); !errors.Is(err, digit.ErrBlank) {
		t.Errorf("PreprocessDigit(blank drawing) error = %v, want ErrBlank", err)
	}
}

func TestDrawDigitPreprocesses(t *testing.T) {
	t.Parallel()
	// A "1" drawn in the top-left corner ends up centred, 20 pixels tall.
	pixels, err := digit.Prepare(DrawDigit([]image.Point{{40, 20}, {40, 140}}))
	if err != nil {
		t.Fatal(err)
	}
	top, bottom := mnist.Side, -1
	for i, v := range pixels {
		if v > 0 {
			top, bottom = min(top, i/mnist.Side), max(bottom, i/mnist.Side)
		}
	}
	if h := bottom - top + 1; h != 20 {
		t.Errorf("preprocessed stroke is %d pixels tall, want 20", h)
	}
	if c := mnist.Side / 2; pixels[c*mnist.Side+c] == 0 && pixels[c*mnist.Side+c-1] == 0 {
		t.Errorf("no ink at the centre of the field")
	}
}

func TestPredictionHTML(t *testing.T) {
	t.Parallel()
	input := make([]float64, mnist.Side*mnist.Side)
	input[400] = 1
	probs := []float64{0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.62, 0.05, 0.05}
	h := PredictionHTML(DrawDigit([]image.Point{{60, 60}, {220, 60}}), input, probs)
	if !strings.Contains(h, `class="nnlib-prediction" data-top="7"`) {
		t.Errorf("no data-top=7 in %.200s…", h)
	}
	rows := regexp.MustCompile(`<tr class="nnlib-prob" data-digit="(\d)" data-prob="([0-9.]+)"`).FindAllStringSubmatch(h, -1)
	if len(rows) != 10 {
		t.Fatalf("%d probability rows, want 10", len(rows))
	}
	if rows[7][1] != "7" || rows[7][2] != "0.620000" {
		t.Errorf("row 7 = %v, want digit 7 with 0.620000", rows[7][1:])
	}
	text := PlainText(h)
	for _, want := range []string{"62.0%", "The network reads a 7, with probability 62.0%", "drawn, 140×140", "network input, 28×28"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the text: %s", want, text)
		}
	}
	if n := strings.Count(h, `<img src="data:image/png;base64,`); n != 2 {
		t.Errorf("%d images, want 2 (drawing and input)", n)
	}
	if n := strings.Count(PredictionHTML(nil, input, probs), "<img "); n != 1 {
		t.Errorf("without a drawing: %d images, want 1", n)
	}
}

func TestPredictionHTMLPanics(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name         string
		input, probs []float64
		want         string
	}{
		{"short input", make([]float64, 783), make([]float64, 10), "783 input values, want 784"},
		{"no probabilities", make([]float64, 784), nil, "no probabilities"},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tt.want) {
					t.Errorf("%s: panic %v, want one containing %q", tt.name, r, tt.want)
				}
			}()
			PredictionHTML(nil, tt.input, tt.probs)
		}()
	}
}

func TestPadHTMLAndJS(t *testing.T) {
	t.Parallel()
	id, address := "nnlib-drawpad-abc", "/nnlib/drawpad/abc"
	h := padHTML(id)
	for _, want := range []string{`<canvas id="nnlib-drawpad-abc-canvas" width="280" height="280"`,
		`id="nnlib-drawpad-abc-clear"`, `id="nnlib-drawpad-abc-done"`, `id="nnlib-drawpad-abc-status"`} {
		if !strings.Contains(h, want) {
			t.Errorf("padHTML has no %q", want)
		}
	}
	// The script of drawpad.js, called with the pad's settings.
	js := padJS(id, address)
	if !strings.HasPrefix(js, strings.TrimSpace(padScript)+"(") || !strings.Contains(padScript, `send("ready:0")`) {
		t.Errorf("padJS does not start with drawpad.js's function: %.100s…", js)
	}
	settings := `({"address":"/nnlib/drawpad/abc","id":"nnlib-drawpad-abc","interval":150,"pen":22,"sent":140,"size":280});`
	if !strings.HasSuffix(strings.TrimSpace(js), settings) {
		t.Errorf("padJS ends with %q, want the settings %s", js[max(0, len(js)-120):], settings)
	}
	// Strings are quoted for JavaScript, whatever they hold.
	if js := padJS(`a"b</script>`, "x"); strings.Contains(js, `a"b`) || strings.Contains(js, "</script>") {
		t.Error("padJS does not escape the id")
	}
}

func TestPadScriptHTML(t *testing.T) {
	t.Parallel()
	h := PadScriptHTML()
	text := PlainText(h)
	for _, want := range []string{"notebook/drawpad.js", `send("ready:0")`, "(({ id, address, size, sent, pen, interval }) => {"} {
		if !strings.Contains(text, want) {
			t.Errorf("PadScriptHTML has no %q", want)
		}
	}
	if !strings.Contains(h, "++tries &lt; 300") {
		t.Error("PadScriptHTML does not escape the script's <")
	}
}

func TestStatusHTML(t *testing.T) {
	t.Parallel()
	if h := StatusHTML("a < b"); !strings.Contains(h, "a &lt; b") {
		t.Errorf("StatusHTML does not escape: %s", h)
	}
}
