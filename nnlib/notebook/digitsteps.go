package notebook

import (
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
)

// ShowSteps displays the pictures of digit.Steps side by side; see
// StepsHTML. It panics if a step's picture is not a rectangle.
func ShowSteps(steps []digit.Step) {
	h, err := StepsHTML(steps)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// StepsHTML returns the pictures of the stages of digit.Prepare, as
// digit.Steps returns them, side by side in a row that wraps, each with its
// number, its name and its size in pixels underneath.
//
// Each picture shows its values as brightness, 0 black and 1 white: the
// drawing as it looks for the grey levels, and MNIST's own look, light ink
// on a black background, from the polarity on. Every picture is enlarged
// by a whole number of screen pixels per pixel, so that its longer side is
// about PadSent CSS pixels, pixels kept square and sharp: a 20×20 digit and
// a 140×140 drawing take the same room, and the caption tells their sizes.
//
// It returns an error if a step's pixels do not make rows of its width.
func StepsHTML(steps []digit.Step) (string, error) {
	var b strings.Builder
	b.WriteString(`<div class="nnlib-steps" style="display: flex; gap: 1em; flex-wrap: wrap; ` +
		`align-items: flex-end; margin: 0.3em 0;">`)
	for i, s := range steps {
		if s.Width <= 0 || len(s.Pixels) == 0 || len(s.Pixels)%s.Width != 0 {
			return "", fmt.Errorf("notebook: StepsHTML: step %d (%s): %d pixels do not make rows of width %d",
				i+1, s.Name, len(s.Pixels), s.Width)
		}
		shown := make([]float64, len(s.Pixels))
		for j, v := range s.Pixels {
			shown[j] = 1 - v // Gray draws 0 as white: brightness v
		}
		png, err := ImagePNG(shown, s.Width, 1, Gray)
		if err != nil {
			return "", fmt.Errorf("notebook: StepsHTML: step %d (%s): %w", i+1, s.Name, err)
		}
		w, h := s.Width, len(s.Pixels)/s.Width
		zoom := max(1, (PadSent+PadSent/10)/max(w, h))
		fmt.Fprintf(&b, `<div style="text-align: center; max-width: %dpx;">`+
			`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="%s" `+
			`style="image-rendering: pixelated; border: 1px solid #d0d7de;">`+
			`<div style="font-size: 85%%; color: #57606a;">%d. %s<br>%d×%d</div></div>`,
			max(zoom*w, PadSent), base64.StdEncoding.EncodeToString(png), zoom*w, zoom*h,
			html.EscapeString(s.Name), i+1, html.EscapeString(s.Name), w, h)
	}
	b.WriteString(`</div>`)
	return b.String(), nil
}

// InkBox returns the smallest rectangle holding the values above 0 of an
// image (pixels row after row, width values a row), in pixel indices, and
// the centre of mass of its values,
//
//	x̄ = Σ v·x / Σ v,  ȳ = Σ v·y / Σ v   (x to the right, y down).
//
// For an image with no value above 0 it returns an empty rectangle and
// NaN.
func InkBox(pixels []float64, width int) (box image.Rectangle, cx, cy float64) {
	var mass float64
	for i, v := range pixels {
		if v <= 0 {
			continue
		}
		x, y := i%width, i/width
		box = box.Union(image.Rect(x, y, x+1, y+1))
		mass += v
		cx += v * float64(x)
		cy += v * float64(y)
	}
	return box, cx / mass, cy / mass
}
