package notebook

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts/chartstest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// twoCurves returns a chart of y = x and y = x² on a log scale, the
// second dashed, and a faint guide without a name.
func twoCurves(title string) CurveChart {
	x := []float64{1, 2, 4, 8}
	return CurveChart{Title: title, XLabel: "x", YLabel: "y", LogX: true, LogY: true, Curves: []Curve{
		{Name: "x", X: x, Y: []float64{1, 2, 4, 8}, Marks: true},
		{Name: "x²", X: x, Y: []float64{1, 4, 16, 64}, Style: CurveStyle{Color: 1, Dashes: 1}},
		{X: x, Y: []float64{2, 2, 2, 2}, Faint: true},
	}}
}

func TestCurveChartErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		chart CurveChart
		want  string
	}{
		{CurveChart{Title: "empty"}, "no curves"},
		{CurveChart{Title: "none", Curves: []Curve{{Name: "a"}}}, `curve "a": no points`},
		{CurveChart{Title: "short", Curves: []Curve{{Name: "a", X: []float64{1, 2}, Y: []float64{1}}}},
			"2 x values but 1 y values"},
		{CurveChart{Title: "nan", Curves: []Curve{{Name: "a", X: []float64{1}, Y: []float64{math.NaN()}}}},
			"want finite values"},
		{CurveChart{Title: "log", LogY: true, Curves: []Curve{{Name: "a", X: []float64{1}, Y: []float64{0}}}},
			"want > 0 on a log axis"},
	} {
		_, err := tc.chart.Plot()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.chart.Title, err, tc.want)
		}
	}
}

func TestCurveChartRange(t *testing.T) {
	t.Parallel()
	c := twoCurves("range")
	c.LogY, c.YMin, c.YMax = false, -1, 100
	p, err := c.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min != -1 || p.Y.Max != 100 {
		t.Errorf("y axis from %g to %g, want -1 to 100", p.Y.Min, p.Y.Max)
	}
}

// legendWidth returns the width of p's legend as drawn, 0 if it is empty.
func legendWidth(p *plot.Plot) vg.Length {
	r := p.Legend.Rectangle(draw.New(vgimg.New(100, 100)))
	return r.Max.X - r.Min.X
}

func TestFigurePNG(t *testing.T) {
	t.Parallel()
	a, err := twoCurves("a").Plot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := twoCurves("b").Plot()
	if err != nil {
		t.Fatal(err)
	}
	if legendWidth(a) == 0 {
		t.Fatal("the chart's plot has no legend, want one entry per named curve")
	}
	data, err := FigurePNG(300, 150, a, b)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != 600 || got.Y != 300 {
		t.Errorf("image of %v pixels, want 600×300 (144 dpi)", got)
	}
	if legendWidth(a) == 0 || legendWidth(b) == 0 {
		t.Error("the plots lost their legends, want them left as they were")
	}
	var buf bytes.Buffer
	if err := FigureTo(&buf, 300, 150, a, b); err != nil || !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("FigureTo wrote %d bytes (error %v), want FigurePNG's %d", buf.Len(), err, len(data))
	}
	if err := FigureTo(&buf, 300, 150); err == nil {
		t.Error("FigureTo without plots: no error")
	}
	h, err := FigureHTML(300, 150, a)
	if err != nil || !strings.HasPrefix(h, `<img src="data:image/png;base64,`) || !strings.Contains(h, `width="300"`) {
		t.Errorf("FigureHTML = %.60q…, %v; want an <img> 300 wide holding a PNG", h, err)
	}
}

// TestFigureGolden draws two plots with their legend beside them: the
// golden image shows the legend in its own column, clear of the curves.
func TestFigureGolden(t *testing.T) {
	a, err := twoCurves("a").Plot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := twoCurves("b").Plot()
	if err != nil {
		t.Fatal(err)
	}
	data, err := FigurePNG(360, 140, a, b)
	if err != nil {
		t.Fatal(err)
	}
	chartstest.CheckPNG(t, "figure_legend", data)
}

func TestMustPlot(t *testing.T) {
	t.Parallel()
	p := plot.New()
	if MustPlot(p, nil) != p {
		t.Error("MustPlot(p, nil) is not p")
	}
	if ok, msg := panicsWith(func() { MustPlot(CurveChart{Title: "x"}.Plot()) }); !ok || !strings.Contains(msg, "no curves") {
		t.Errorf("MustPlot of a failed chart: panicked %t with %q, want the chart's error", ok, msg)
	}
}

func TestFigureErrors(t *testing.T) {
	t.Parallel()
	p := charts.NewPlot("p", charts.ByEpoch, false)
	wide := plot.New()
	wide.Legend.Add(strings.Repeat("a very long name ", 20))
	for _, tc := range []struct {
		name          string
		width, height float64
		plots         []*plot.Plot
		want          string
	}{
		{"none", 100, 100, nil, "no plots"},
		{"nil", 100, 100, []*plot.Plot{p, nil}, "plot 1 is nil"},
		{"size", 0, 100, []*plot.Plot{p}, "want both positive"},
		{"legend", 200, 100, []*plot.Plot{wide}, "leaves no room"},
	} {
		if _, err := FigurePNG(tc.width, tc.height, tc.plots...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
