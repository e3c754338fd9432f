package notebook

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
)

// AccuracyChart is a chart of one accuracy of several training runs, such
// as charts.ValidationAccuracy, against epochs, updates or training time:
// one curve per run, named in the legend by the run's History.Name.
//
// Its y axis is stretched towards 100%: it is the error, 100% − accuracy,
// on an inverted log scale, labelled with the accuracy. Equal distances
// are equal factors of error, so 90% → 99% takes as much room as 99% →
// 99.9%, and runs that end near 98% stay apart from each other while one
// still at 50% fits on the same chart.
type AccuracyChart struct {
	Title  string
	Runs   []*nnlib.History
	X      charts.XAxis
	Metric charts.Metric // an accuracy in percent, like nnlib's accuracy metrics

	// LogX puts x on a log scale and leaves out epoch 0 (the untrained
	// network, at 0 s and 0 updates), which has no place on it. The
	// charts.ByUpdate axis is on a log scale always, as in charts.CurvesPlot.
	LogX bool

	// Styles, if not nil, holds one CurveStyle per run. By default run i
	// has colour i and a solid line.
	Styles []CurveStyle

	// Floor, if > 0, is the lowest accuracy shown, in percent: lower parts
	// of the curves (the first epochs) are cut off, to give the rest more
	// room. By default the axis reaches the lowest accuracy drawn.
	Floor float64

	// LegendUp raises the legend, in the bottom right corner by default,
	// by this many points, to clear a curve that runs along the bottom.
	LegendUp float64
}

// CurveStyle is the look of one curve: indices into plotutil's colours
// and dash patterns (dash pattern 0 is a solid line).
type CurveStyle struct{ Color, Dashes int }

// minError is the smallest error the chart draws, in percent: a run at
// 100% accuracy is drawn at 99.99%, since the log of 0 has no place.
const minError = 0.01

// Plot returns the chart as a gonum plot. It returns an error if there
// are no runs, a run has no epochs left to draw, Styles does not have one
// style per run, or a value cannot be drawn.
func (c AccuracyChart) Plot() (*plot.Plot, error) {
	if len(c.Runs) == 0 {
		return nil, fmt.Errorf("notebook: AccuracyChart %q: no runs", c.Title)
	}
	if c.Styles != nil && len(c.Styles) != len(c.Runs) {
		return nil, fmt.Errorf("notebook: AccuracyChart %q: %d styles for %d runs", c.Title, len(c.Styles), len(c.Runs))
	}
	if c.Metric.Value == nil {
		return nil, fmt.Errorf("notebook: AccuracyChart %q: no metric", c.Title)
	}
	logX := c.LogX || c.X == charts.ByUpdate
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.X.String()
	if c.LogX && c.X != charts.ByUpdate {
		p.X.Label.Text += " (log scale)"
	}
	p.Y.Label.Text = c.Metric.Name + " (%)"
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LogScale{}}
	p.Y.Tick.Marker = accuracyTicks{}
	if logX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if c.X == charts.ByEpoch {
		p.X.Tick.Marker = epochTicks{}
	}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = vg.Points(c.LegendUp)
	p.Add(plotter.NewGrid())
	least := math.Inf(1) // the smallest error drawn
	for i, h := range c.Runs {
		var pts plotter.XYs
		for _, e := range h.Epochs {
			x := xOf(c.X, e)
			if logX && x <= 0 {
				continue // epoch 0 has no place on a log scale
			}
			pts = append(pts, plotter.XY{X: x, Y: max(100-c.Metric.Value(e), minError)})
			least = min(least, pts[len(pts)-1].Y)
		}
		if len(pts) == 0 {
			return nil, fmt.Errorf("notebook: AccuracyChart %q: run %q has no epochs to draw", c.Title, h.Name)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("notebook: AccuracyChart %q: run %q: %v", c.Title, h.Name, err)
		}
		style := CurveStyle{Color: i}
		if c.Styles != nil {
			style = c.Styles[i]
		}
		line.Color = plotutil.Color(style.Color)
		line.Dashes = plotutil.Dashes(style.Dashes)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(h.Name, line)
	}
	p.Y.Min = roundBelow(least) // so that the best accuracy has a labelled tick above it
	if c.Floor > 0 && 100-c.Floor > p.Y.Min {
		p.Y.Max = 100 - c.Floor // the bottom of the inverted axis; lines beyond it are clipped
	}
	return p, nil
}

// roundBelow returns the largest of the round errors that accuracyTicks
// marks (1, 2, 3 or 5 times a power of 10) that is at most v.
func roundBelow(v float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{5, 3, 2, 1} {
		if m*e <= v*(1+1e-9) {
			return m * e
		}
	}
	return e
}

// PNG returns the chart as a PNG image of width×height points (drawn at
// 144 dots per inch, as nnlib's charts).
func (c AccuracyChart) PNG(width, height float64) ([]byte, error) {
	p, err := c.Plot()
	if err != nil {
		return nil, err
	}
	return charts.EncodePlots([][]*plot.Plot{{p}}, "png", width, height)
}

// xOf returns the x value of an epoch's record on axis x.
func xOf(x charts.XAxis, e nnlib.EpochStats) float64 {
	switch x {
	case charts.ByUpdate:
		return float64(e.Updates)
	case charts.BySeconds:
		return e.Seconds
	}
	return float64(e.Epoch)
}

// accuracyTicks marks an error axis (100% − accuracy, in percent) with the
// accuracies of round errors: 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50 and
// 100%, labelled 99.9%, 99.8%, …, 0%. Errors of 3% and 30% get a tick too
// (97% and 70%), labelled when the axis spans less than three decades.
type accuracyTicks struct{}

func (accuracyTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		panic(errors.New("notebook: accuracy axis: the errors must be > 0"))
	}
	var ticks []plot.Tick
	narrow := max/min < 1000
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 3, 5} {
			err := m * math.Pow(10, e)
			if err < min*(1-1e-9) || err > max*(1+1e-9) || err > 100 {
				continue
			}
			t := plot.Tick{Value: err}
			if m != 3 || narrow {
				t.Label = accuracyLabel(err)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// epochTicks marks whole epochs: every 1, 2, 5, 10, 20, … epochs, the
// least of those steps that makes at most 8 ticks.
type epochTicks struct{}

func (epochTicks) Ticks(min, max float64) []plot.Tick {
	step := 1.0
	for k := 0; (max-min)/step > 7; k++ {
		step = []float64{2, 5, 10}[k%3] * math.Pow(10, float64(k/3))
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// logTicks marks a log axis at 1, 2 and 5 times each power of 10, all
// labelled when the axis spans less than three decades, else only the
// powers of 10 (as plot.LogTicks does).
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		panic(errors.New("notebook: log axis: the values must be > 0"))
	}
	var ticks []plot.Tick
	narrow := max/min < 1000
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || narrow {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// accuracyLabel returns the accuracy of an error, both in percent:
// accuracyLabel(0.5) is "99.5".
func accuracyLabel(err float64) string {
	// Round to the error's own precision, so 100 − 0.3 is "99.7", not
	// "99.69999999999999".
	digits := max(0, -int(math.Floor(math.Log10(err))))
	return strconv.FormatFloat(100-err, 'f', digits, 64)
}

// CompactPNG re-encodes a PNG image with at most 256 colours, at the best
// compression. If the image has more colours than that, the 256 most
// frequent are kept and every other pixel takes the nearest of them. A
// chart is mostly a few flat colours plus the shades that smooth the edges
// of its lines and letters, so it looks the same in far fewer bytes, which
// keeps notebooks and the README's figures small.
func CompactPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("notebook: CompactPNG: %w", err)
	}
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colors := slices.SortedFunc(maps.Keys(counts), func(c, d color.RGBA) int {
		if n := cmp.Compare(counts[d], counts[c]); n != 0 {
			return n // the most frequent first
		}
		return cmp.Compare(uint32(c.R)<<24|uint32(c.G)<<16|uint32(c.B)<<8|uint32(c.A),
			uint32(d.R)<<24|uint32(d.G)<<16|uint32(d.B)<<8|uint32(d.A)) // then a fixed order
	})
	palette := make(color.Palette, 0, 256)
	for _, c := range colors[:min(len(colors), 256)] {
		palette = append(palette, c)
	}
	index := make(map[color.RGBA]uint8, len(colors))
	for i, c := range palette {
		index[c.(color.RGBA)] = uint8(i)
	}
	out := image.NewPaletted(b, palette)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(palette.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return nil, fmt.Errorf("notebook: CompactPNG: %w", err)
	}
	return buf.Bytes(), nil
}
