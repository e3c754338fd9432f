// Package charts draws the curves of training runs (loss and accuracy
// against epochs, updates or seconds) with gonum/plot, as PNG or SVG.
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

func (x XAxis) of(e nnlib.EpochStats) float64 {
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

// CurvesPlot draws, for every run, one line per metric against x: runs
// are told apart by colour, metrics by dash pattern (the first solid).
// Runs without epochs are an error, as are x values that cannot be drawn.
func CurvesPlot(title string, runs []*nnlib.History, x XAxis, yLabel string, metrics ...Metric) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x.String()
	p.Y.Label.Text = yLabel
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	if x == ByUpdate {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	for i, h := range runs {
		if len(h.Epochs) == 0 {
			return nil, fmt.Errorf("nnlib: CurvesPlot: run %q has no epochs", h.Name)
		}
		for j, m := range metrics {
			var pts plotter.XYs
			for _, e := range h.Epochs {
				px := x.of(e)
				if x == ByUpdate && px <= 0 {
					continue // log scale: epoch 0 has no place
				}
				pts = append(pts, plotter.XY{X: px, Y: m.Value(e)})
			}
			line, err := plotter.NewLine(pts)
			if err != nil {
				return nil, fmt.Errorf("nnlib: CurvesPlot: %s of run %q: %v", m.Name, h.Name, err)
			}
			line.Color = plotutil.Color(i)
			line.Width = vg.Points(1.5)
			line.Dashes = plotutil.Dashes(j)
			p.Add(line)
			label := h.Name
			if len(metrics) > 1 {
				label += ", " + m.Name
			}
			p.Legend.Add(label, line)
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
	loss.Y.Tick.Marker = plot.LogTicks{Prec: -1}
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
		return nil, fmt.Errorf("nnlib: image format %q, want png or svg", format)
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
		return nil, fmt.Errorf("nnlib: encoding %s: %v", format, err)
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
