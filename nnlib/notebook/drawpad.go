package notebook

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/janpfeifer/gonb/gonbui"
)

// The drawing pad is a canvas in the notebook on which the reader draws a
// digit with the mouse (or a finger, or a pen), for a cell's Go program to
// read. Its parts:
//
//  1. the browser: a <canvas> shown by the cell, and JavaScript
//     (drawpad.js) that draws the strokes on it and, while the reader
//     draws, sends the picture, shrunk to PadSent×PadSent grey levels, as
//     a string;
//  2. GoNB's comms: the string travels from the page to the Jupyter
//     server (a WebSocket), to the GoNB kernel (Jupyter's messages), to the
//     cell's program (a named pipe), where comms.Listen delivers it;
//  3. the cell's program: OpenDrawPad decodes each message into an
//     *image.Gray and hands it over on DrawPad.Drawings; the cell does what
//     it likes with it and shows the result with DrawPad.Show.
//
// Only the latest drawing matters: the page sends at most one picture
// every PadInterval while the pen moves, and one when it is lifted, and a
// picture the program has not read yet is replaced by the next one.
//
// The connection (waiting for the page, the headless guard, Done, Close)
// is pagelink.go's, which the playground shares.

const (
	// PadSize is the side of the drawing pad's canvas, in CSS pixels.
	PadSize = 280
	// PadSent is the side of the grey image the pad sends to Go: the canvas
	// shrunk by 2, still far more detail than the 28×28 the network reads.
	PadSent = 140
	// PadPen is the width of the pad's pen, in canvas pixels. MNIST's
	// digits, 20 pixels tall, have strokes 2 to 3 pixels wide: a digit
	// drawn 200 pixels tall with this pen comes out the same.
	PadPen = 22
	// PadInterval is the least time between two pictures sent while the
	// pen moves.
	PadInterval = 150 * time.Millisecond
)

// DrawPad is a drawing pad shown in the output of a running cell; see
// OpenDrawPad.
type DrawPad struct {
	// Drawings receives the reader's drawing as the pad sends it: a
	// PadSent×PadSent grey image, black ink on white. A nil image means
	// the reader cleared the pad.
	Drawings <-chan *image.Gray
	// Done is closed when the reader clicks the pad's Done button or
	// interrupts the kernel (Jupyter's ■ button): the cell should then
	// call Close and end.
	Done <-chan struct{}

	*pageLink
	drawings chan *image.Gray // buffer of 1: the latest drawing only

	mu      sync.Mutex
	lastSeq int // the sequence number of the last drawing or clear passed on
}

// OpenDrawPad shows a drawing pad in the running cell's output and waits,
// at most wait, for the browser to answer that the pad is working. The
// cell's program must then keep running, reading DrawPad.Drawings, for as
// long as the reader may draw, and call Close at the end:
//
//	pad, err := notebook.OpenDrawPad(10 * time.Second)
//	if err != nil {
//		// no browser: say so and return
//	}
//	defer pad.Close("")
//	for {
//		select {
//		case img := <-pad.Drawings:
//			pad.Show(…something computed from img…)
//		case <-pad.Done:
//			return
//		}
//	}
//
// It returns an error wrapping ErrNoBrowser, without showing anything,
// when it can tell that no browser shows the notebook: outside a GoNB
// kernel, when the environment variable HeadlessEnv is set, or when the
// kernel was not started by a Jupyter server (JupyterLab and Notebook set
// JPY_SESSION_NAME for the kernels they start; nbconvert does not). It
// also returns one, and removes the pad, if the browser does not answer
// within wait.
func OpenDrawPad(wait time.Duration) (*DrawPad, error) {
	if reason := headlessReason(); reason != "" {
		return nil, fmt.Errorf("%w, so there is nothing to draw on: %s", ErrNoBrowser, reason)
	}
	p := newDrawPad(gonbui.UniqueId())
	err := p.open(wait, padHTML(p.id), padJS(p.id, p.address), "Connecting the pad to the Go program…", p.receive)
	if err != nil {
		return nil, err
	}
	p.Show(StatusHTML("Connected: draw a digit in the box above, and the network's answer appears here."))
	return p, nil
}

func newDrawPad(uid string) *DrawPad {
	p := &DrawPad{pageLink: newPageLink("drawpad", uid), drawings: make(chan *image.Gray, 1)}
	p.Drawings, p.Done = p.drawings, p.done
	return p
}

// Show replaces what the pad shows under the canvas with the given HTML.
func (p *DrawPad) Show(h string) { p.pageLink.Show(h) }

// Reason says why Done was closed: "the Done button was clicked" or "the
// kernel was interrupted"; "" while it is open.
func (p *DrawPad) Reason() string { return p.pageLink.Reason() }

// Close removes the pad from the cell's output, with what it showed, and
// displays finalHTML (if not empty) in its place: a drawing pad without
// its program is dead, and a notebook saved afterwards should hold a
// record of the result instead.
// Calls after the first do nothing.
func (p *DrawPad) Close(finalHTML string) { p.close(finalHTML) }

// receive handles one message from the page. Messages may arrive out of
// order (GoNB delivers each on its own goroutine), so drawings and clears
// older than the last one passed on are dropped.
func (p *DrawPad) receive(msg string) {
	m, err := parsePadMessage(msg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "drawing pad: %v\n", err)
		return
	}
	switch m.kind {
	case "ready":
		p.markReady()
	case "done":
		p.finish("the Done button was clicked")
	case "draw", "clear":
		p.mu.Lock()
		defer p.mu.Unlock()
		if m.seq <= p.lastSeq {
			return
		}
		p.lastSeq = m.seq
		select { // drop the drawing still waiting, if any
		case <-p.drawings:
		default:
		}
		p.drawings <- m.img // nil for a clear
	}
}

// padMessage is a message from the page, which sends strings:
//
//	ready:0                          the pad is set up and connected
//	draw:SEQ:WxH:BASE64              a drawing, W×H grey levels row after row
//	clear:SEQ                        the Clear button
//	done:SEQ                         the Done button
//
// SEQ counts the page's messages from 1, so that Go can tell their order.
type padMessage struct {
	kind string
	seq  int
	img  *image.Gray // for "draw"
}

// maxPadSide bounds the side of a drawing parsePadMessage accepts.
const maxPadSide = 1024

// parsePadMessage decodes a message from the page.
func parsePadMessage(msg string) (padMessage, error) {
	fail := func(format string, args ...any) (padMessage, error) {
		short := msg
		if len(short) > 40 {
			short = short[:40] + "…"
		}
		return padMessage{}, fmt.Errorf("bad message %q: %s", short, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(msg, ":")
	want := map[string]int{"ready": 2, "clear": 2, "done": 2, "draw": 4}[parts[0]]
	if want == 0 {
		return fail("unknown kind %q", parts[0])
	}
	if len(parts) != want {
		return fail("%d fields, want %d", len(parts), want)
	}
	m := padMessage{kind: parts[0]}
	seq, err := strconv.Atoi(parts[1])
	if err != nil || seq < 0 {
		return fail("sequence number %q", parts[1])
	}
	m.seq = seq
	if m.kind != "draw" {
		return m, nil
	}
	ws, hs, ok := strings.Cut(parts[2], "x")
	w, errW := strconv.Atoi(ws)
	h, errH := strconv.Atoi(hs)
	if !ok || errW != nil || errH != nil || w < 1 || h < 1 || w > maxPadSide || h > maxPadSide {
		return fail("size %q, want WxH with sides 1 to %d", parts[2], maxPadSide)
	}
	pix, err := base64.StdEncoding.DecodeString(parts[3])
	if err != nil {
		return fail("pixels: %v", err)
	}
	if len(pix) != w*h {
		return fail("%d pixels for %d×%d", len(pix), w, h)
	}
	m.img = &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}
	return m, nil
}

// DrawDigit returns the picture that the pad would send for the given
// strokes, each a line through points in canvas pixels (0 to PadSize, y
// down): PadSent×PadSent grey levels, the strokes black on white, drawn
// with a round pen PadPen wide and smooth (anti-aliased) edges. A stroke
// of one point is a dot. It is for drawing digits in code, to show what
// the pad does without a browser.
func DrawDigit(strokes ...[]image.Point) *image.Gray {
	const scale = float64(PadSent) / PadSize
	const radius = PadPen * scale / 2
	img := image.NewGray(image.Rect(0, 0, PadSent, PadSent))
	for y := range PadSent {
		for x := range PadSent {
			// Distance from the pixel's centre to the nearest stroke.
			px, py := float64(x)+0.5, float64(y)+0.5
			d := math.Inf(1)
			for _, s := range strokes {
				for i := range s {
					a, b := s[i], s[max(i-1, 0)]
					d = min(d, segmentDistance(px, py,
						float64(a.X)*scale, float64(a.Y)*scale, float64(b.X)*scale, float64(b.Y)*scale))
				}
			}
			// Coverage: 1 well inside the pen, 0 outside, a ramp one
			// pixel wide across the edge.
			ink := min(max(radius+0.5-d, 0), 1)
			img.Pix[y*img.Stride+x] = grayLevel(ink)
		}
	}
	return img
}

// segmentDistance returns the distance from (px, py) to the segment from
// (ax, ay) to (bx, by).
func segmentDistance(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(max(((px-ax)*dx+(py-ay)*dy)/l2, 0), 1)
	}
	return math.Hypot(px-(ax+t*dx), py-(ay+t*dy))
}

// PredictionHTML shows what a network made of a drawing: the drawing (if
// not nil), the 28×28 input the network read (digit.Prepare's
// 784 values), and a bar for each class's probability, the most probable
// one in blue. It panics unless input holds 784 values and probs one
// value per class.
//
// The result is a <div class="nnlib-prediction" data-top="K"> holding one
// <tr class="nnlib-prob" data-digit="k" data-prob="p"> per class, for
// programs that read the page (scripts/browser-check).
func PredictionHTML(drawing image.Image, input, probs []float64) string {
	if len(input) != mnist.Side*mnist.Side {
		panic(fmt.Sprintf("notebook: PredictionHTML: %d input values, want %d", len(input), mnist.Side*mnist.Side))
	}
	if len(probs) == 0 {
		panic("notebook: PredictionHTML: no probabilities")
	}
	top := digit.TopK(probs, 1)[0]
	const side = PadSent // every picture is shown this many CSS pixels wide
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="nnlib-prediction" data-top="%d" style="display: flex; gap: 1.2em; align-items: flex-start; flex-wrap: wrap; margin: 0.3em 0;">`, top.Class)
	figure := func(src, caption string) {
		fmt.Fprintf(&b, `<div style="text-align: center;"><img src="%s" width="%d" height="%d" alt="%s" `+
			`style="image-rendering: pixelated; border: 1px solid #d0d7de;">`+
			`<div style="font-size: 85%%; color: #57606a;">%s</div></div>`,
			src, side, side, html.EscapeString(caption), html.EscapeString(caption))
	}
	if drawing != nil {
		var buf bytes.Buffer
		if err := png.Encode(&buf, drawing); err != nil {
			panic(fmt.Sprintf("notebook: PredictionHTML: %v", err))
		}
		db := drawing.Bounds()
		figure("data:image/png;base64,"+base64.StdEncoding.EncodeToString(buf.Bytes()),
			fmt.Sprintf("drawn, %d×%d", db.Dx(), db.Dy()))
	}
	inputPNG, err := ImagePNG(input, mnist.Side, 1, Gray)
	if err != nil {
		panic(fmt.Sprintf("notebook: PredictionHTML: %v", err))
	}
	figure("data:image/png;base64,"+base64.StdEncoding.EncodeToString(inputPNG),
		fmt.Sprintf("network input, %d×%d", mnist.Side, mnist.Side))

	const barWidth = 180 // CSS pixels for a probability of 1
	b.WriteString(`<div><table style="border-collapse: collapse; font-variant-numeric: tabular-nums;">`)
	for k, p := range probs {
		color, weight := "#8c959f", "normal"
		if k == top.Class {
			color, weight = "#2166ac", "bold"
		}
		w := int(math.Round(barWidth * min(max(p, 0), 1)))
		fmt.Fprintf(&b, `<tr class="nnlib-prob" data-digit="%d" data-prob="%.6f" style="font-weight: %s;">`+
			`<td style="padding: 0 0.5em 0 0; text-align: right;">%d</td>`+
			`<td style="padding: 1px 0; width: %dpx;"><div style="width: %dpx; height: 0.9em; background: %s;"></div></td>`+
			`<td style="padding: 0 0 0 0.5em; text-align: right;">%.1f%%</td></tr>`,
			k, p, weight, k, barWidth, w, color, 100*p)
	}
	fmt.Fprintf(&b, `</table><div style="margin-top: 0.3em;">The network reads a <b>%d</b>, with probability %.1f%%.</div></div></div>`,
		top.Class, 100*top.Prob)
	return b.String()
}

// StatusHTML returns a line of plain text, escaped, as HTML for
// DrawPad.Show: a message where a prediction would go.
func StatusHTML(text string) string {
	return `<div class="nnlib-status" style="color: #57606a; font-style: italic; margin: 0.3em 0;">` +
		html.EscapeString(text) + `</div>`
}

// padHTML returns the pad: the canvas and its buttons.
func padHTML(id string) string {
	return fmt.Sprintf(`<div class="nnlib-drawpad" id="%[1]s" style="margin: 0.3em 0;">`+
		`<canvas id="%[1]s-canvas" width="%[2]d" height="%[2]d" style="width: %[2]dpx; height: %[2]dpx; `+
		`border: 1px solid #8c959f; border-radius: 4px; background: #ffffff; cursor: crosshair; touch-action: none;"></canvas>`+
		`<div style="margin-top: 0.3em;"><button id="%[1]s-clear" type="button">Clear</button> `+
		`<button id="%[1]s-done" type="button">Done</button> `+
		`<span id="%[1]s-status" style="color: #57606a; margin-left: 0.5em;">waiting for the page's script…</span></div></div>`,
		html.EscapeString(id), PadSize)
}

// padJS returns the JavaScript that brings the pad with the given id to
// life and sends its messages (see padMessage) to address: padScript
// called with the pad's settings, quoted as JavaScript values by
// encoding/json (which also escapes <, > and &, so no string can end the
// page's <script> element).
func padJS(id, address string) string {
	settings, err := json.Marshal(map[string]any{
		"id": id, "address": address, "size": PadSize, "sent": PadSent,
		"pen": PadPen, "interval": PadInterval.Milliseconds(),
	})
	if err != nil {
		panic(err) // strings and numbers: a bug
	}
	return strings.TrimSpace(padScript) + "(" + string(settings) + ");\n"
}

// padScript is the pad's JavaScript, drawpad.js: a function of the pad's
// settings, which padJS calls.
//
//go:embed drawpad.js
var padScript string

// PadScriptHTML returns the drawing pad's JavaScript, the file drawpad.js
// as built into this package, for a notebook to show the page's side of
// the pad: a caption and a <pre> block, as SourceHTML's (but in one
// colour: the highlighter knows only Go).
func PadScriptHTML() string {
	return codeHTML("notebook/drawpad.js", html.EscapeString(strings.TrimSpace(padScript)))
}
