// Package charts draws the curves of training runs (loss and accuracy
// against epochs, updates or seconds) with gonum/plot, as PNG or SVG.
//
// LossAccuracyChart draws the usual pair, loss and accuracy side by side.
// Its parts serve other charts of runs too, such as nnlib/notebook's
// AccuracyChart: NewPlot sets up a plot's x axis for an XAxis, AddCurve
// draws one figure of a run's epochs, and the tick markers of ticks.go
// label log axes and epochs. Importing the package prints nothing and
// leaves gonum's BLAS implementation as it is.
package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"io"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// XAxis is what the curves of a chart are drawn against.
type XAxis int

const (
	ByEpoch   XAxis = iota // passes over the training set
	ByUpdate               // parameter updates, on a log scale
	BySeconds              // training time, evaluation excluded
)

func (x XAxis) String() string {
	switch x {
	case ByEpoch:
		return "epoch"
	case ByUpdate:
		return "parameter updates (log scale)"
	case BySeconds:
		return "training time (s)"
	}
	return fmt.Sprintf("XAxis(%d)", int(x))
}

// Of returns the x value of an epoch's record on axis x: its epoch
// number, its parameter updates or its seconds of training.
func (x XAxis) Of(e nnlib.EpochStats) float64 {
	switch x {
	case ByUpdate:
		return float64(e.Updates)
	case BySeconds:
		return e.Seconds
	}
	return float64(e.Epoch)
}

// A Metric is one curve's y value: which figure of each epoch to draw.
type Metric struct {
	Name  string
	Value func(nnlib.EpochStats) float64
}

// The metrics the charts draw.
var (
	TrainLoss          = Metric{"train loss", func(e nnlib.EpochStats) float64 { return e.TrainLoss }}
	ValidationLoss     = Metric{"validation loss", func(e nnlib.EpochStats) float64 { return e.ValidationLoss }}
	TestLoss           = Metric{"test loss", func(e nnlib.EpochStats) float64 { return e.TestLoss }}
	TrainAccuracy      = Metric{"train accuracy", func(e nnlib.EpochStats) float64 { return 100 * e.TrainAccuracy }}
	ValidationAccuracy = Metric{"validation accuracy", func(e nnlib.EpochStats) float64 { return 100 * e.ValidationAccuracy }}
	TestAccuracy       = Metric{"test accuracy", func(e nnlib.EpochStats) float64 { return 100 * e.TestAccuracy }}
)

// NewPlot returns an empty plot with a title, a grid, and an x axis for x:
// labelled, and on a log scale marked by LogTicks if logX is set or x is
// ByUpdate (on a log scale always). An axis ByEpoch is marked in whole
// epochs, on either scale. The y axis is the caller's.
func NewPlot(title string, x XAxis, logX bool) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x.String()
	if logX && x != ByUpdate {
		p.X.Label.Text += " (log scale)"
	}
	if logX || x == ByUpdate {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = LogTicks{}
	}
	if x == ByEpoch {
		p.X.Tick.Marker = epochTicks{}
	}
	p.Add(plotter.NewGrid())
	return p
}

// AddCurve draws y against x over the run's epochs on p: a line 1.5
// points wide, in plotutil's colour number color and dash pattern number
// dashes (0 is solid), named label in the legend. If p's x axis is on a
// log scale, the epochs at x ≤ 0 (the untrained network, at 0 updates and
// 0 s) are left out: the scale has no place for them.
//
// It returns the line, whose XYs are the points drawn, or an error if no
// epoch is left to draw or a value is NaN or infinite.
func AddCurve(p *plot.Plot, h *nnlib.History, x XAxis, y func(nnlib.EpochStats) float64,
	label string, color, dashes int) (*plotter.Line, error) {
	_, logX := p.X.Scale.(plot.LogScale)
	var pts plotter.XYs
	for _, e := range h.Epochs {
		px := x.Of(e)
		if logX && px <= 0 {
			continue
		}
		pts = append(pts, plotter.XY{X: px, Y: y(e)})
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("charts: run %q: no epochs to draw", h.Name)
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil, fmt.Errorf("charts: run %q, curve %q: %v", h.Name, label, err)
	}
	line.Color = plotutil.Color(color)
	line.Dashes = plotutil.Dashes(dashes)
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.Legend.Add(label, line)
	return line, nil
}

// CurvesPlot draws, for every run, one line per metric against x: runs
// are told apart by colour, metrics by dash pattern (the first solid).
// A run with no epoch to draw is an error, as is a value that cannot be
// drawn (see AddCurve).
func CurvesPlot(title string, runs []*nnlib.History, x XAxis, yLabel string, metrics ...Metric) (*plot.Plot, error) {
	p := NewPlot(title, x, false)
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	for i, h := range runs {
		for j, m := range metrics {
			label := h.Name
			if len(metrics) > 1 {
				label += ", " + m.Name
			}
			if _, err := AddCurve(p, h, x, m.Value, label, i, j); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// LossAccuracyChart draws the runs' train and test loss (left) and train
// and test accuracy (right) against x, side by side, and returns the chart
// encoded as format, "png" or "svg". Solid lines are the training set,
// dashed the test set. Width and height are in points (1/72 inch).
func LossAccuracyChart(runs []*nnlib.History, x XAxis, format string, width, height float64) ([]byte, error) {
	loss, err := CurvesPlot("Loss (cross-entropy)", runs, x, "loss", TrainLoss, TestLoss)
	if err != nil {
		return nil, err
	}
	loss.Y.Scale = plot.LogScale{}
	loss.Y.Tick.Marker = LogTicks{}
	// Losses fall to the right, so the legend goes where the curves are
	// not: the top right against updates (on a log scale, mini-batch runs
	// reach far right and low), the bottom right otherwise (long slow runs
	// end high on the right).
	loss.Legend.Top = x == ByUpdate
	acc, err := CurvesPlot("Accuracy", runs, x, "accuracy (%)", TrainAccuracy, TestAccuracy)
	if err != nil {
		return nil, err
	}
	acc.Legend.Top = false
	acc.Legend.Left = false
	return EncodePlots([][]*plot.Plot{{loss, acc}}, format, width, height)
}

// EncodePlots draws a grid of plots, rows of columns, on one canvas of
// width×height points and returns it encoded as "png" or "svg".
func EncodePlots(grid [][]*plot.Plot, format string, width, height float64) ([]byte, error) {
	w, h := vg.Points(width), vg.Points(height)
	var canvas vg.CanvasWriterTo
	switch format {
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(144),
			vgimg.UseBackgroundColor(color.White))}
	case "svg":
		canvas = vgsvg.New(w, h)
	default:
		return nil, fmt.Errorf("charts: image format %q, want png or svg", format)
	}
	tiles := draw.Tiles{Rows: len(grid), Cols: len(grid[0]),
		PadX: vg.Points(14), PadY: vg.Points(14), PadTop: vg.Points(6), PadBottom: vg.Points(6),
		PadLeft: vg.Points(6), PadRight: vg.Points(10)}
	canvases := plot.Align(grid, tiles, draw.New(canvas))
	for i, row := range grid {
		for j, p := range row {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: encoding %s: %v", format, err)
	}
	return buf.Bytes(), nil
}

// WriteChart writes encoded chart bytes to path atomically: a reader never
// sees half a file.
func WriteChart(path string, data []byte) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
