package notebook

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// CurveChart is a chart of curves given by their points, for what a
// lesson measures itself (an error per batch size, a sharpness per step,
// a learning rate per epoch):
//
//	notebook.CurveChart{Title: "Gradient noise", XLabel: "B", LogX: true, LogY: true,
//		Curves: []notebook.Curve{{Name: "measured", X: sizes, Y: errs, Marks: true}}}
//
// Draw it with ShowFigure, which puts the legend beside the chart.
type CurveChart struct {
	Title, XLabel, YLabel string
	Curves                []Curve

	// LogX and LogY put an axis on a log scale (marked by charts.LogTicks);
	// every value on it must then be > 0.
	LogX, LogY bool

	// YMin and YMax fix the y axis' range when YMin < YMax; by default it
	// spans the values drawn.
	YMin, YMax float64
}

// Curve is one line of a CurveChart: the points (X[i], Y[i]) joined in
// order, in Style's colour and dash pattern, named Name in the legend (no
// entry if Name is empty).
type Curve struct {
	Name  string
	X, Y  []float64
	Style CurveStyle
	Marks bool // a dot at every point
	Faint bool // a thin light grey line, for guides such as contours
}

// Plot returns the chart as a gonum plot, with the curves' names in its
// legend. It returns an error if there is no curve, a curve has no points
// or fewer Y than X values, or a value is NaN, infinite, or ≤ 0 on a log
// axis.
func (c CurveChart) Plot() (*plot.Plot, error) {
	if len(c.Curves) == 0 {
		return nil, fmt.Errorf("notebook: CurveChart %q: no curves", c.Title)
	}
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = c.Title, c.XLabel, c.YLabel
	p.Add(plotter.NewGrid())
	if c.LogX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, charts.LogTicks{}
	}
	if c.LogY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, charts.LogTicks{}
	}
	for _, s := range c.Curves {
		pts, err := c.curvePoints(s)
		if err != nil {
			return nil, fmt.Errorf("notebook: CurveChart %q: curve %q: %w", c.Title, s.Name, err)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("notebook: CurveChart %q: curve %q: %w", c.Title, s.Name, err)
		}
		line.Color, line.Dashes, line.Width = plotutil.Color(s.Style.Color), plotutil.Dashes(s.Style.Dashes), vg.Points(1.5)
		if s.Faint {
			line.Color, line.Dashes, line.Width = color.Gray{Y: 200}, nil, vg.Points(0.8)
		}
		p.Add(line)
		thumbs := []plot.Thumbnailer{line}
		if s.Marks {
			dots, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("notebook: CurveChart %q: curve %q: %w", c.Title, s.Name, err)
			}
			dots.Color, dots.Shape, dots.Radius = line.Color, draw.CircleGlyph{}, vg.Points(2.5)
			p.Add(dots)
			thumbs = append(thumbs, dots)
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	if c.YMin < c.YMax {
		p.Y.Min, p.Y.Max = c.YMin, c.YMax
	}
	return p, nil
}

// curvePoints checks a curve against the chart's axes and returns its
// points.
func (c CurveChart) curvePoints(s Curve) (plotter.XYs, error) {
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

// ShowFigure displays plots side by side, width×height CSS pixels in all,
// with one legend in a column to their right, where it can't hide a curve:
//
//	notebook.ShowFigure(720, 280, byEpoch, bySeconds)
//
// The legend is the first plot's that has entries (side-by-side plots
// usually show the same runs); the plots' own legends are left out. It
// panics if the figure cannot be drawn (see FigurePNG).
func ShowFigure(width, height float64, plots ...*plot.Plot) {
	h, err := FigureHTML(width, height, plots...)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// FigureHTML returns ShowFigure's image as an HTML <img> holding the PNG
// as a data URI, which notebooks save with their outputs.
func FigureHTML(width, height float64, plots ...*plot.Plot) (string, error) {
	png, err := FigurePNG(width, height, plots...)
	if err != nil {
		return "", err
	}
	return PNGHTML(png, width, height), nil
}

// FigureTo writes FigurePNG's image to w, for Kit.WriteFigure:
//
//	nb.WriteFigure("chart.png", func(w io.Writer) error {
//		return notebook.FigureTo(w, 720, 280, left, right)
//	})
func FigureTo(w io.Writer, width, height float64, plots ...*plot.Plot) error {
	png, err := FigurePNG(width, height, plots...)
	if err != nil {
		return err
	}
	_, err = w.Write(png)
	return err
}

// PNGHTML returns an HTML <img> that shows a PNG image, such as one drawn
// by FigurePNG, width×height CSS pixels, from a data URI, which notebooks
// save with their outputs.
func PNGHTML(png []byte, width, height float64) string {
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="chart">`,
		base64.StdEncoding.EncodeToString(png), int(width+0.5), int(height+0.5))
}

// MustPlot returns p, and panics if err is not nil: for a chart's Plot in
// a notebook cell, which should stop loudly.
//
//	p := notebook.MustPlot(chart.Plot())
func MustPlot(p *plot.Plot, err error) *plot.Plot {
	if err != nil {
		panic(err)
	}
	return p
}

// FigurePNG draws ShowFigure's figure as a PNG image of width×height
// points at 144 dots per inch, as nnlib's charts, with its colours reduced
// by CompactPNG. The plots are left as they were. It returns an error if there are no plots, one is nil,
// the size is not positive, or the legend leaves the plots no room.
func FigurePNG(width, height float64, plots ...*plot.Plot) ([]byte, error) {
	if len(plots) == 0 {
		return nil, errors.New("notebook: FigurePNG: no plots")
	}
	for i, p := range plots {
		if p == nil {
			return nil, fmt.Errorf("notebook: FigurePNG: plot %d is nil", i)
		}
	}
	if !(width > 0 && height > 0) {
		return nil, fmt.Errorf("notebook: FigurePNG: size %g×%g, want both positive", width, height)
	}
	img := vgimg.NewWith(vgimg.UseWH(vg.Points(width), vg.Points(height)), vgimg.UseDPI(144),
		vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	var legend *plot.Legend
	for _, p := range plots {
		if r := p.Legend.Rectangle(dc); r.Max.X > r.Min.X && legend == nil {
			l := p.Legend
			legend = &l
		}
		defer func(l plot.Legend) { p.Legend = l }(p.Legend) // the plot as it was, afterwards
		p.Legend = plot.NewLegend()
	}
	room := vg.Length(0) // the legend's column, with a margin on each side
	if legend != nil {
		r := legend.Rectangle(dc)
		room = r.Max.X - r.Min.X + vg.Points(16)
	}
	if room > dc.Max.X-dc.Min.X-vg.Points(100) {
		return nil, fmt.Errorf("notebook: FigurePNG: the legend, %.0f points wide, leaves no room in %g points", float64(room), width)
	}
	area := draw.Crop(dc, 0, -room, 0, 0)
	tiles := draw.Tiles{Rows: 1, Cols: len(plots),
		PadX: vg.Points(14), PadTop: vg.Points(6), PadBottom: vg.Points(6),
		PadLeft: vg.Points(6), PadRight: vg.Points(6)}
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, area)
	for j, p := range plots {
		p.Draw(canvases[0][j])
	}
	if legend != nil {
		col := draw.Crop(dc, dc.Max.X-dc.Min.X-room+vg.Points(8), 0, 0, 0)
		legend.Top, legend.Left = true, true
		legend.XOffs, legend.YOffs = 0, -vg.Points(30) // level with the top of the data, below the titles
		legend.Draw(col)
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("notebook: FigurePNG: %v", err)
	}
	return CompactPNG(buf.Bytes())
}
