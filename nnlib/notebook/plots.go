package notebook

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// ShowPlots displays gonum plots side by side, in one row, as an image
// width×height CSS pixels in all:
//
//	notebook.ShowPlots(480, 300, p)
//
// The image is drawn by charts.EncodePlots at twice that size, so it stays
// sharp on high-density screens, and its fonts and lines, given in points,
// appear at their nominal size. ShowPlots panics if the plots cannot be
// drawn (see PlotsHTML).
func ShowPlots(width, height float64, plots ...*plot.Plot) {
	h, err := PlotsHTML(width, height, plots...)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// PlotsHTML returns ShowPlots' image as an HTML <img> holding the PNG as a
// data URI, which notebooks save with their outputs. It returns an error
// if there are no plots, one of them is nil, or the size is not positive.
func PlotsHTML(width, height float64, plots ...*plot.Plot) (string, error) {
	if len(plots) == 0 {
		return "", errors.New("notebook: PlotsHTML: no plots")
	}
	for i, p := range plots {
		if p == nil {
			return "", fmt.Errorf("notebook: PlotsHTML: plot %d is nil", i)
		}
	}
	if !(width > 0 && height > 0) {
		return "", fmt.Errorf("notebook: PlotsHTML: size %g×%g, want both positive", width, height)
	}
	png, err := charts.EncodePlots([][]*plot.Plot{plots}, "png", width, height)
	if err != nil {
		return "", fmt.Errorf("notebook: PlotsHTML: %w", err)
	}
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="plot">`,
		base64.StdEncoding.EncodeToString(png), int(width+0.5), int(height+0.5)), nil
}

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
	// charts.ByUpdate axis is on a log scale always (see charts.NewPlot).
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
	p := charts.NewPlot(c.Title, c.X, c.LogX)
	p.Y.Label.Text = c.Metric.Name + " (%)"
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LogScale{}}
	p.Y.Tick.Marker = accuracyTicks{}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.YOffs = vg.Points(c.LegendUp)
	errorOf := func(e nnlib.EpochStats) float64 { return max(100-c.Metric.Value(e), minError) }
	least := math.Inf(1) // the smallest error drawn
	for i, h := range c.Runs {
		style := CurveStyle{Color: i}
		if c.Styles != nil {
			style = c.Styles[i]
		}
		line, err := charts.AddCurve(p, h, c.X, errorOf, h.Name, style.Color, style.Dashes)
		if err != nil {
			return nil, fmt.Errorf("notebook: AccuracyChart %q: %w", c.Title, err)
		}
		for _, pt := range line.XYs {
			least = min(least, pt.Y)
		}
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
func (c AccuracyChart) PNG(width, height float64) ([]byte, error) { return plotPNG(c, width, height) }

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

// accuracyLabel returns the accuracy of an error, both in percent:
// accuracyLabel(0.5) is "99.5".
func accuracyLabel(err float64) string {
	// Round to the error's own precision, so 100 − 0.3 is "99.7", not
	// "99.69999999999999".
	digits := max(0, -int(math.Floor(math.Log10(err))))
	return strconv.FormatFloat(100-err, 'f', digits, 64)
}

// BarChart is a chart of grouped vertical bars: one group of bars per
// category (such as a digit class), one bar per series in each group, told
// apart by colour and named in the legend. Bars start at 0.
type BarChart struct {
	Title, YLabel string
	Categories    []string    // names along the x axis
	Series        []BarSeries // each with one value per category
}

// BarSeries is one colour of bars in a BarChart.
type BarSeries struct {
	Name   string
	Values []float64
}

// Plot returns the chart as a gonum plot, or an error if a series does not
// have one finite value per category.
func (c BarChart) Plot() (*plot.Plot, error) {
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		return nil, fmt.Errorf("notebook: BarChart %q: no categories or no series", c.Title)
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.Y.Label.Text = c.YLabel
	p.Y.Min = 0
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	group := vg.Points(18)                    // width of a group of bars
	width := group / vg.Length(len(c.Series)) // width of one bar
	for k, s := range c.Series {
		if len(s.Values) != len(c.Categories) {
			return nil, fmt.Errorf("notebook: BarChart %q: series %q has %d values for %d categories",
				c.Title, s.Name, len(s.Values), len(c.Categories))
		}
		bars, err := plotter.NewBarChart(plotter.Values(s.Values), width)
		if err != nil {
			return nil, fmt.Errorf("notebook: BarChart %q: series %q: %v", c.Title, s.Name, err)
		}
		bars.Color = plotutil.Color(k)
		bars.LineStyle.Width = 0
		bars.Offset = (vg.Length(k) - vg.Length(len(c.Series)-1)/2) * width
		p.Add(bars)
		p.Legend.Add(s.Name, bars)
	}
	p.NominalX(c.Categories...)
	return p, nil
}

// PNG returns the chart as a PNG image of width×height points (drawn at
// 144 dots per inch, as nnlib's charts).
func (c BarChart) PNG(width, height float64) ([]byte, error) { return plotPNG(c, width, height) }

// plotPNG returns c's plot as a PNG image of width×height points.
func plotPNG(c interface{ Plot() (*plot.Plot, error) }, width, height float64) ([]byte, error) {
	p, err := c.Plot()
	if err != nil {
		return nil, err
	}
	return charts.EncodePlots([][]*plot.Plot{{p}}, "png", width, height)
}
