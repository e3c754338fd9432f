package notebook

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// XYChart is a chart of curves y against x, each given by its points, for
// the measurements a lesson makes itself (a spread per layer, an error per
// step size, a loss per update), so that a cell says what to draw and not
// how:
//
//	notebook.XYChart{Title: "error against h", XLabel: "h", LogX: true, LogY: true,
//		Series: []notebook.XYSeries{{Name: "central", X: hs, Y: errs}}}.Show(520, 300)
//
// Series i is drawn in plotutil's colour i, with a marker at each point if
// Marks is set.
type XYChart struct {
	Title, XLabel, YLabel string
	Series                []XYSeries

	// LogX and LogY put an axis on a log scale, marked at the powers of
	// 10 (some of them labelled, when the axis spans many decades). Every
	// value on it must then be > 0.
	LogX, LogY bool

	// Marks draws a marker (a different shape per series) at every point.
	Marks bool

	// YMin and YMax fix the y axis' range when YMin < YMax; by default it
	// spans the values drawn, from 0 if YFromZero is set (on a linear
	// axis).
	YMin, YMax float64
	YFromZero  bool

	// LegendLeft and LegendBottom move the legend, top right by default.
	LegendLeft, LegendBottom bool
}

// XYSeries is one curve of an XYChart: the points (X[i], Y[i]), joined in
// order, named Name in the legend (no legend entry if Name is empty).
type XYSeries struct {
	Name string
	X, Y []float64
}

// Show displays the chart, width×height CSS pixels, and panics if it
// cannot be drawn (see Plot).
func (c XYChart) Show(width, height float64) {
	p, err := c.Plot()
	if err != nil {
		panic(err)
	}
	ShowPlots(width, height, p)
}

// ShowXYCharts displays charts side by side, in one row, width×height CSS
// pixels in all (see ShowPlots), and panics if one cannot be drawn.
func ShowXYCharts(width, height float64, charts ...XYChart) {
	plots := make([]*plot.Plot, len(charts))
	for i, c := range charts {
		p, err := c.Plot()
		if err != nil {
			panic(err)
		}
		plots[i] = p
	}
	ShowPlots(width, height, plots...)
}

// PNG returns the chart as a PNG image of width×height points (drawn at
// 144 dots per inch, as nnlib's charts).
func (c XYChart) PNG(width, height float64) ([]byte, error) { return plotPNG(c, width, height) }

// Plot returns the chart as a gonum plot. It returns an error if there is
// no series, a series is empty or has fewer Y than X values, a value is
// NaN or infinite, or a value on a log axis is not positive.
func (c XYChart) Plot() (*plot.Plot, error) {
	if len(c.Series) == 0 {
		return nil, fmt.Errorf("notebook: XYChart %q: no series", c.Title)
	}
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = c.Title, c.XLabel, c.YLabel
	p.Add(plotter.NewGrid())
	if c.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, decadeTicks{}
	}
	if c.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, decadeTicks{}
	}
	for i, s := range c.Series {
		pts, err := c.points(s)
		if err != nil {
			return nil, fmt.Errorf("notebook: XYChart %q: series %q: %w", c.Title, s.Name, err)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("notebook: XYChart %q: series %q: %w", c.Title, s.Name, err)
		}
		line.Color, line.Width = plotutil.Color(i), vg.Points(1.5)
		p.Add(line)
		thumbs := []plot.Thumbnailer{line}
		if c.Marks {
			marks, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("notebook: XYChart %q: series %q: %w", c.Title, s.Name, err)
			}
			marks.Color, marks.Shape, marks.Radius = plotutil.Color(i), plotutil.Shape(i), vg.Points(2.5)
			p.Add(marks)
			thumbs = append(thumbs, marks)
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	switch {
	case c.YMin < c.YMax:
		p.Y.Min, p.Y.Max = c.YMin, c.YMax
	case c.YFromZero && !c.LogY:
		p.Y.Min = min(p.Y.Min, 0)
	}
	p.Legend.Left, p.Legend.Top = c.LegendLeft, !c.LegendBottom
	return p, nil
}

// points checks a series against the chart's axes and returns its points.
func (c XYChart) points(s XYSeries) (plotter.XYs, error) {
	if len(s.X) == 0 {
		return nil, errors.New("no points")
	}
	if len(s.Y) < len(s.X) {
		return nil, fmt.Errorf("%d x values but %d y values", len(s.X), len(s.Y))
	}
	pts := make(plotter.XYs, len(s.X))
	for i, x := range s.X {
		y := s.Y[i]
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0):
			return nil, fmt.Errorf("point %d is (%g, %g), want finite values", i, x, y)
		case c.LogX && x <= 0, c.LogY && y <= 0:
			return nil, fmt.Errorf("point %d is (%g, %g), want > 0 on a log axis", i, x, y)
		}
		pts[i] = plotter.XY{X: x, Y: y}
	}
	return pts, nil
}

// decadeTicks marks a log axis at every power of 10, labelling one in
// every k of them, k the least of 1, 2, 3, 4, 5, … that leaves at most 7
// labels, always at multiples of k in the exponent (so 1e-12, 1e-9,
// 1e-6, …). Axes spanning less than a decade fall back on charts.LogTicks,
// which marks 2 and 5 times the powers too.
type decadeTicks struct{}

func (decadeTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		panic(errors.New("notebook: log axis: the values must be > 0"))
	}
	lo, hi := int(math.Ceil(math.Log10(min)-1e-9)), int(math.Floor(math.Log10(max)+1e-9))
	if hi-lo < 2 {
		return charts.LogTicks{}.Ticks(min, max)
	}
	every := 1
	for (hi-lo)/every+1 > 7 {
		every++
	}
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		t := plot.Tick{Value: math.Pow(10, float64(e))}
		if e%every == 0 {
			t.Label = powerLabel(e)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// powerLabel labels 10^e: "1", "10", "0.1", "0.001" for exponents from -3
// to 3, "1e-6" or "1e6" beyond.
func powerLabel(e int) string {
	if e >= -3 && e <= 3 {
		return strconv.FormatFloat(math.Pow(10, float64(e)), 'f', -1, 64)
	}
	return "1e" + strconv.Itoa(e)
}
