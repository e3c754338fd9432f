package notebook

import (
	"math"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts/chartstest"
	"gonum.org/v1/plot"
)

func TestXYChartGolden(t *testing.T) {
	hs := []float64{1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11}
	c := XYChart{Title: "error against h", XLabel: "h", YLabel: "relative error",
		LogX: true, LogY: true, Marks: true, LegendLeft: true,
		Series: []XYSeries{
			{Name: "central", X: hs, Y: []float64{1e-2, 1e-6, 1e-10, 1e-8, 1e-6, 1e-4}},
			{Name: "forward", X: hs, Y: []float64{1e-1, 1e-3, 1e-5, 1e-7, 1e-5, 1e-3}},
		}}
	data, err := c.PNG(240, 160)
	if err != nil {
		t.Fatal(err)
	}
	chartstest.CheckPNG(t, "xy_loglog", data)
}

func TestXYChartAxes(t *testing.T) {
	t.Parallel()
	c := XYChart{YMin: -1, YMax: 3, LegendBottom: true, Series: []XYSeries{
		{Name: "a", X: []float64{0, 1, 2}, Y: []float64{0, 1, 2}},
		{X: []float64{0, 1}, Y: []float64{2, 1, 0}}, // extra y values are ignored
	}}
	p, err := c.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min != -1 || p.Y.Max != 3 {
		t.Errorf("y axis from %g to %g, want -1 to 3", p.Y.Min, p.Y.Max)
	}
	if p.Legend.Top {
		t.Error("LegendBottom: the legend is at the top")
	}
	if _, ok := p.X.Scale.(plot.LogScale); ok {
		t.Error("a linear chart has a log x axis")
	}
	if _, err := c.PNG(200, 100); err != nil {
		t.Error(err)
	}
	c.YMin, c.YMax, c.YFromZero = 0, 0, true
	c.Series[0].Y = []float64{2, 3, 4}
	if p, err := c.Plot(); err != nil || p.Y.Min != 0 || p.Y.Max != 4 {
		t.Errorf("YFromZero: y axis from %g to %g (error %v), want 0 to 4", p.Y.Min, p.Y.Max, err)
	}
}

func TestXYChartErrors(t *testing.T) {
	t.Parallel()
	xy := func(x, y float64) []XYSeries { return []XYSeries{{Name: "s", X: []float64{x}, Y: []float64{y}}} }
	for _, tc := range []struct {
		chart XYChart
		want  string
	}{
		{XYChart{}, "no series"},
		{XYChart{Series: []XYSeries{{Name: "s"}}}, "no points"},
		{XYChart{Series: []XYSeries{{Name: "s", X: []float64{1, 2}, Y: []float64{1}}}}, "2 x values but 1 y values"},
		{XYChart{Series: xy(math.NaN(), 1)}, "want finite values"},
		{XYChart{Series: xy(1, math.Inf(1))}, "want finite values"},
		{XYChart{LogX: true, Series: xy(0, 1)}, "want > 0 on a log axis"},
		{XYChart{LogY: true, Series: xy(1, -1)}, "want > 0 on a log axis"},
	} {
		_, err := tc.chart.Plot()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.chart, err, tc.want)
		}
	}
}

func TestDecadeTicks(t *testing.T) {
	t.Parallel()
	labels := func(ticks []plot.Tick) []string {
		var l []string
		for _, t := range ticks {
			if t.Label != "" {
				l = append(l, t.Label)
			}
		}
		return l
	}
	for _, tc := range []struct {
		min, max float64
		ticks    int
		want     string
	}{
		{1e-12, 1e-1, 12, "1e-12 1e-10 1e-8 1e-6 1e-4 0.01"},
		{1e-16, 1, 17, "1e-15 1e-12 1e-9 1e-6 0.001 1"},
		{0.05, 500, 4, "0.1 1 10 100"},
		{3e-13, 2e9, 22, "1e-12 1e-8 1e-4 1 1e4 1e8"},
	} {
		ticks := decadeTicks{}.Ticks(tc.min, tc.max)
		if got := strings.Join(labels(ticks), " "); len(ticks) != tc.ticks || got != tc.want {
			t.Errorf("Ticks(%g, %g): %d ticks labelled %q, want %d labelled %q",
				tc.min, tc.max, len(ticks), got, tc.ticks, tc.want)
		}
	}
	// Less than two decades: 1, 2 and 5 times the powers, as charts.LogTicks.
	if got := len(decadeTicks{}.Ticks(0.3, 4)); got != 3 {
		t.Errorf("Ticks(0.3, 4): %d ticks, want 3 (0.5, 1 and 2)", got)
	}
}
