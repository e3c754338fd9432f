package notebook

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
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
			Metric: charts.ValidationAccuracy}, `run "only epoch 0" has no epochs to draw`},
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
	var ls []string
	for _, tick := range (logTicks{}).Ticks(0.3, 25) {
		if tick.Label != "" {
			ls = append(ls, tick.Label)
		}
	}
	if want := []string{"0.5", "1", "2", "5", "10", "20"}; !slices.Equal(ls, want) {
		t.Errorf("log tick labels for 0.3–25: %q, want %q", ls, want)
	}
	for _, tc := range []struct {
		max  float64
		want []string
	}{
		{5, []string{"0", "1", "2", "3", "4", "5"}},
		{20, []string{"0", "5", "10", "15", "20"}},
		{100, []string{"0", "20", "40", "60", "80", "100"}},
		{10, []string{"0", "2", "4", "6", "8", "10"}},
		{300, []string{"0", "50", "100", "150", "200", "250", "300"}},
	} {
		var got []string
		for _, tick := range (epochTicks{}).Ticks(0, tc.max) {
			got = append(got, tick.Label)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("epoch ticks for 0–%g: %q, want %q", tc.max, got, tc.want)
		}
	}
	if got := accuracyLabel(0.3); got != "99.7" {
		t.Errorf("accuracyLabel(0.3) = %q, want 99.7", got)
	}
}

func TestCompactPNG(t *testing.T) {
	t.Parallel()
	// A chart: few colours, most pixels white.
	data, err := AccuracyChart{Title: "chart", Runs: []*nnlib.History{accuracyRun("a", 0.1, 0.9, 0.97)},
		X: charts.ByEpoch, Metric: charts.ValidationAccuracy}.PNG(300, 200)
	if err != nil {
		t.Fatal(err)
	}
	small, err := CompactPNG(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(small) >= len(data) {
		t.Errorf("CompactPNG made %d bytes of %d", len(small), len(data))
	}
	before, _ := png.Decode(bytes.NewReader(data))
	after, err := png.Decode(bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if before.Bounds() != after.Bounds() {
		t.Fatalf("size changed from %v to %v", before.Bounds(), after.Bounds())
	}
	// No pixel may change by much: the nearest of 256 colours is close.
	worst := 0
	for y := range before.Bounds().Dy() {
		for x := range before.Bounds().Dx() {
			c := color.RGBAModel.Convert(before.At(x, y)).(color.RGBA)
			d := color.RGBAModel.Convert(after.At(x, y)).(color.RGBA)
			for _, diff := range []int{int(c.R) - int(d.R), int(c.G) - int(d.G), int(c.B) - int(d.B)} {
				worst = max(worst, diff, -diff)
			}
		}
	}
	if worst > 48 {
		t.Errorf("a pixel changed by %d levels", worst)
	}

	// An image with 300 colours keeps the 256 most frequent exactly.
	img := image.NewRGBA(image.Rect(0, 0, 300, 2))
	for x := range 300 {
		img.Set(x, 0, color.RGBA{uint8(x % 256), uint8(x / 256 * 100), 0, 255})
		img.Set(x, 1, color.RGBA{uint8(x % 256), uint8(x / 256 * 100), 0, 255})
	}
	red := color.RGBA{255, 0, 0, 255} // last in the fixed order, first by frequency:
	for x := range 10 {
		img.Set(x, 1, red)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	small, err = CompactPNG(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	after, _ = png.Decode(bytes.NewReader(small))
	if got := color.RGBAModel.Convert(after.At(255, 0)).(color.RGBA); got != red {
		t.Errorf("the most frequent colour became %v", got)
	}
	if n := len(after.(*image.Paletted).Palette); n != 256 {
		t.Errorf("%d colours, want 256", n)
	}
	if _, err := CompactPNG([]byte("not a png")); err == nil || !strings.Contains(err.Error(), "notebook: CompactPNG") {
		t.Errorf("CompactPNG of a non-PNG: error %v", err)
	}
}
