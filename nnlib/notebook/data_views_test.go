package notebook

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func linePlot(t *testing.T) *plot.Plot {
	t.Helper()
	p := plot.New()
	line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(line)
	return p
}

func TestPlotsHTML(t *testing.T) {
	t.Parallel()
	h, err := PlotsHTML(300, 200, linePlot(t), linePlot(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, `width="300" height="200"`) {
		t.Errorf("PlotsHTML has no width and height attributes: %.200s", h)
	}
	imgs := decodeImages(t, h)
	if !strings.HasPrefix(h, "<img ") || len(imgs) != 1 {
		t.Fatalf("PlotsHTML is not one <img> with a PNG data URI: %.200s", h)
	}
	img := imgs[0]
	// Drawn at twice the displayed size, for high-density screens.
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 400 {
		t.Errorf("PNG is %d×%d pixels, want 600×400", b.Dx(), b.Dy())
	}
}

func TestPlotsHTMLErrors(t *testing.T) {
	t.Parallel()
	p := linePlot(t)
	for _, tt := range []struct {
		name          string
		width, height float64
		plots         []*plot.Plot
		want          string
	}{
		{"none", 300, 200, nil, "no plots"},
		{"nil plot", 300, 200, []*plot.Plot{p, nil}, "plot 1 is nil"},
		{"zero width", 0, 200, []*plot.Plot{p}, "size 0×200"},
		{"negative height", 300, -1, []*plot.Plot{p}, "size 300×-1"},
	} {
		_, err := PlotsHTML(tt.width, tt.height, tt.plots...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: PlotsHTML error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}
