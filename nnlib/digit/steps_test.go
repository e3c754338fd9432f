package digit

import (
	"errors"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// stepsPicture returns a w×h picture with a filled rectangle [x0, x1) ×
// [y0, y1) of ink on paper.
func stepsPicture(w, h, x0, y0, x1, y1 int, ink, paper uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := paper
			if x >= x0 && x < x1 && y >= y0 && y < y1 {
				v = ink
			}
			img.SetGray(x, y, color.Gray{v})
		}
	}
	return img
}

func TestSteps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		ink, paper uint8
	}{
		{"dark ink on light paper", 0, 255},
		{"light ink on dark paper", 230, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// A bar 10 wide and 60 tall, off-centre on a 120×100 page.
			img := stepsPicture(120, 100, 15, 10, 25, 70, tc.ink, tc.paper)
			steps, err := Steps(img)
			if err != nil {
				t.Fatal(err)
			}
			if len(steps) != 6 {
				t.Fatalf("%d steps, want 6", len(steps))
			}
			for _, s := range steps {
				if s.Width <= 0 || len(s.Pixels) != s.Width*s.Height() {
					t.Errorf("step %q: %d pixels, %d wide: not a rectangle", s.Name, len(s.Pixels), s.Width)
				}
			}
			want, err := Prepare(img)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range steps[5].Pixels {
				if v != want[i] {
					t.Fatalf("the last step's pixel %d is %g, Prepare's %g: want them equal", i, v, want[i])
				}
			}
			// Grey levels: the paper's luminance in the corner.
			if got, want := steps[0].Pixels[0], float64(tc.paper)/255; math.Abs(got-want) > 1e-9 {
				t.Errorf("grey levels: corner %g, want the paper's luminance %g", got, want)
			}
			// Polarity: the ink is the high end either way.
			inkAt := 40*120 + 20 // row 40, column 20: on the bar
			if pol := steps[1].Pixels; pol[inkAt] <= pol[0] {
				t.Errorf("polarity: ink %g not above paper %g", pol[inkAt], pol[0])
			}
			// Contrast: paper 0, ink 1.
			if c := steps[2].Pixels; c[0] != 0 || c[inkAt] != 1 {
				t.Errorf("contrast: paper %g and ink %g, want 0 and 1", c[0], c[inkAt])
			}
			// Crop: exactly the bar; size: 20 tall, its width in proportion.
			if s := steps[3]; s.Width != 10 || s.Height() != 60 {
				t.Errorf("crop: %d×%d, want the bar's 10×60", s.Width, s.Height())
			}
			if s := steps[4]; s.Height() != 20 || s.Width != 3 {
				t.Errorf("size: %d×%d, want 3×20", s.Width, s.Height())
			}
			if s := steps[5]; s.Width != mnist.Side || s.Height() != mnist.Side {
				t.Errorf("position: %d×%d, want %d×%[3]d", s.Width, s.Height(), mnist.Side)
			}
		})
	}
}

func TestStepsBlank(t *testing.T) {
	t.Parallel()
	_, err := Steps(stepsPicture(50, 50, 0, 0, 0, 0, 0, 200))
	if !errors.Is(err, ErrBlank) {
		t.Errorf("Steps of a blank page: error %v, want one wrapping ErrBlank", err)
	}
}
