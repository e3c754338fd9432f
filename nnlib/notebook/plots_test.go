package notebook

import (
	"bytes"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts/chartstest"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// accuracyRun is a history whose validation accuracy, epoch by epoch,
// is accs (fractions), one second and ten updates per epoch.
func accuracyRun(name string, accs ...float64) *nnlib.History {
	h := &nnlib.History{Name: name}
	for i, a := range accs {
		h.Epochs = append(h.Epochs, nnlib.EpochStats{Epoch: i, Updates: 10 * i, Seconds: float64(i), ValidationAccuracy: a})
	}
	return h
}

func TestAccuracyChart(t *testing.T) {
	t.Parallel()
	runs := []*nnlib.History{accuracyRun("a", 0.1, 0.9, 0.97, 0.985), accuracyRun("b", 0.1, 0.3, 0.5, 1)}
	for _, c := range []AccuracyChart{
		{Title: "by epoch", Runs: runs, X: charts.ByEpoch, Metric: charts.ValidationAccuracy},
		{Title: "by seconds, log", Runs: runs, X: charts.BySeconds, Metric: charts.ValidationAccuracy, LogX: true,
			Styles: []CurveStyle{{0, 0}, {0, 1}}},
		{Title: "by update", Runs: runs, X: charts.ByUpdate, Metric: charts.ValidationAccuracy},
		{Title: "floor", Runs: runs, X: charts.ByEpoch, Metric: charts.ValidationAccuracy, Floor: 90, LegendUp: 20},
	} {
		data, err := c.PNG(400, 250)
		if err != nil {
			t.Fatalf("%s: %v", c.Title, err)
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: not a PNG: %v", c.Title, err)
		}
	}
	// The floor: errors from 0.1% (99.9%, rounded down to the tick 0.1) to 10% (90%).
	p, err := AccuracyChart{Title: "floor", Runs: runs, X: charts.ByEpoch, Metric: charts.ValidationAccuracy, Floor: 90}.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min != 0.01 || p.Y.Max != 10 {
		t.Errorf("error axis from %g to %g, want 0.01 (run b reaches 100%%) to 10", p.Y.Min, p.Y.Max)
	}
}

func TestAccuracyChartGolden(t *testing.T) {
	runs := []*nnlib.History{accuracyRun("a", 0.1, 0.9, 0.97, 0.985), accuracyRun("b", 0.1, 0.3, 0.5, 0.995)}
	for _, tc := range []struct {
		name  string
		chart AccuracyChart
	}{
		// Whole epochs on x, and the floor cutting the first epochs off.
		{"accuracy_epoch", AccuracyChart{Title: "by epoch", Runs: runs, X: charts.ByEpoch,
			Metric: charts.ValidationAccuracy, Floor: 80}},
		// A log x axis without epoch 0, and styles: one colour, two dash patterns.
		{"accuracy_seconds_log", AccuracyChart{Title: "by seconds", Runs: runs, X: charts.BySeconds, LogX: true,
			Metric: charts.ValidationAccuracy, Styles: []CurveStyle{{0, 0}, {0, 1}}}},
	} {
		data, err := tc.chart.PNG(240, 160)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		chartstest.CheckPNG(t, tc.name, data)
	}
}

func TestAccuracyChartErrors(t *testing.T) {
	t.Parallel()
	run := accuracyRun("a", 0.1, 0.9)
	for _, tc := range []struct {
		chart AccuracyChart
		want  string
	}{
		{AccuracyChart{Title: "none", Metric: charts.ValidationAccuracy}, "no runs"},
		{AccuracyChart{Title: "styles", Runs: []*nnlib.History{run}, Metric: charts.ValidationAccuracy,
			Styles: []CurveStyle{{}, {}}}, "2 styles for 1 runs"},
		{AccuracyChart{Title: "metric", Runs: []*nnlib.History{run}}, "no metric"},
		{AccuracyChart{Title: "log", Runs: []*nnlib.History{accuracyRun("only epoch 0", 0.1)}, LogX: true,
			Metric: charts.ValidationAccuracy}, `run "only epoch 0": no epochs to draw`},
	} {
		_, err := tc.chart.Plot()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.chart.Title, err, tc.want)
		}
	}
}

func TestAccuracyTicks(t *testing.T) {
	t.Parallel()
	labels := func(min, max float64) []string {
		var l []string
		for _, tick := range (accuracyTicks{}).Ticks(min, max) {
			if tick.Label != "" {
				l = append(l, tick.Label)
			}
		}
		return l
	}
	// Errors from 1.5% to 90%: accuracies 98.5% down to 10%.
	if got, want := labels(1.5, 90), []string{"98", "97", "95", "90", "80", "70", "50"}; !slices.Equal(got, want) {
		t.Errorf("labels for errors 1.5–90%%: %q, want %q", got, want)
	}
	// Four decades: the 3s lose their labels, and nothing passes 100% error.
	if got, want := labels(0.01, 100), []string{"99.99", "99.98", "99.95", "99.9", "99.8", "99.5", "99", "98", "95",
		"90", "80", "50", "0"}; !slices.Equal(got, want) {
		t.Errorf("labels for errors 0.01–100%%: %q, want %q", got, want)
	}
	if got, want := []float64{roundBelow(1.7), roundBelow(0.26), roundBelow(50), roundBelow(9.99)}, []float64{1, 0.2, 50, 5}; !slices.Equal(got, want) {
		t.Errorf("roundBelow(1.7, 0.26, 50, 9.99) = %v, want %v", got, want)
	}
	if got := accuracyLabel(0.3); got != "99.7" {
		t.Errorf("accuracyLabel(0.3) = %q, want 99.7", got)
	}
}

func TestBarChartGolden(t *testing.T) {
	c := BarChart{Title: "errors", YLabel: "%", Categories: []string{"0", "1", "2"},
		Series: []BarSeries{{"missed", []float64{1, 2, 3}}, {"claimed", []float64{0.5, 0, 4}}}}
	data, err := c.PNG(150, 100)
	if err != nil {
		t.Fatal(err)
	}
	chartstest.CheckPNG(t, "bar_chart", data)
}

func TestBarChartPNG(t *testing.T) {
	t.Parallel()
	c := BarChart{Title: "errors", YLabel: "%", Categories: []string{"0", "1", "2"},
		Series: []BarSeries{{"missed", []float64{1, 2, 3}}, {"wrongly claimed", []float64{0.5, 0, 4}}}}
	data, err := c.PNG(300, 200)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 400 { // 144 dpi: 2 pixels a point
		t.Errorf("chart is %v, want 600×400 pixels", b)
	}
	for _, bad := range []BarChart{
		{Categories: []string{"0"}},
		{Series: []BarSeries{{"s", nil}}},
		{Categories: []string{"0", "1"}, Series: []BarSeries{{"s", []float64{1}}}},
	} {
		if _, err := bad.PNG(100, 100); err == nil {
			t.Errorf("BarChart%+v.PNG: no error", bad)
		}
	}
}

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
