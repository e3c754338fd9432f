package notebook

import (
	"image"
	"math"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
)

func TestStepsHTML(t *testing.T) {
	t.Parallel()
	steps, err := digit.Steps(DrawDigit([]image.Point{{30, 30}, {130, 30}, {70, 150}}))
	if err != nil {
		t.Fatal(err)
	}
	h, err := StepsHTML(steps)
	if err != nil {
		t.Fatal(err)
	}
	imgs := decodeImages(t, h)
	if len(imgs) != len(steps) {
		t.Fatalf("%d images for %d steps", len(imgs), len(steps))
	}
	for i, s := range steps {
		if b := imgs[i].Bounds(); b.Dx() != s.Width || b.Dy() != s.Height() {
			t.Errorf("step %d: a %d×%d image, want the step's %d×%d", i+1, b.Dx(), b.Dy(), s.Width, s.Height())
		}
		if !strings.Contains(h, s.Name) {
			t.Errorf("step %d: its name %q is not in the captions", i+1, s.Name)
		}
	}
	// Brightness is the value: the drawing's paper (luminance 1) white, and
	// from the polarity on, the paper (0) black.
	if r, _, _, _ := imgs[0].At(0, 0).RGBA(); r>>8 != 255 {
		t.Errorf("grey levels: the paper is %d, want white", r>>8)
	}
	if r, _, _, _ := imgs[2].At(0, 0).RGBA(); r>>8 != 0 {
		t.Errorf("contrast: the paper is %d, want black", r>>8)
	}
	if _, err := StepsHTML([]digit.Step{{Name: "bad", Pixels: make([]float64, 5), Width: 2}}); err == nil {
		t.Error("5 pixels 2 wide: no error")
	}
}

func TestInkBox(t *testing.T) {
	t.Parallel()
	pixels := make([]float64, 5*4) // 5 wide, 4 tall
	pixels[1*5+1] = 1              // (1, 1)
	pixels[2*5+3] = 3              // (3, 2)
	box, cx, cy := InkBox(pixels, 5)
	if want := image.Rect(1, 1, 4, 3); box != want {
		t.Errorf("box %v, want %v", box, want)
	}
	if cx != 2.5 || cy != 1.75 {
		t.Errorf("centre of mass (%g, %g), want (2.5, 1.75)", cx, cy)
	}
	if _, cx, _ := InkBox(make([]float64, 4), 2); !math.IsNaN(cx) {
		t.Errorf("no ink: centre %g, want NaN", cx)
	}
}
