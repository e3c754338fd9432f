package notebook

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// ShowConfusionMatrix displays ConfusionMatrixHTML(counts, labels), and
// panics if counts is not a valid confusion matrix.
func ShowConfusionMatrix(counts [][]int, labels []string) {
	h, err := ConfusionMatrixHTML(counts, labels)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// ConfusionMatrixHTML returns a confusion matrix as a shaded HTML table:
// counts[i][j] is the number of examples of true class i that were
// predicted as class j, so row i holds what became of class i and the
// diagonal holds the correct predictions. labels names the classes; nil
// means 0, 1, 2, ….
//
// The shading makes the two kinds of cell readable at a glance: a diagonal
// cell is blue, as deep as the fraction of its row that was right; an
// off-diagonal cell is red, as deep as its count against the largest
// off-diagonal count, so the most frequent confusion stands out whatever
// its size. Zeros are left white.
//
// It returns an error unless counts is square, non-empty, with no negative
// count, and labels (if given) has one name per class.
func ConfusionMatrixHTML(counts [][]int, labels []string) (string, error) {
	n := len(counts)
	if n == 0 {
		return "", fmt.Errorf("notebook: ConfusionMatrixHTML: no classes")
	}
	maxOff := 0
	for i, row := range counts {
		if len(row) != n {
			return "", fmt.Errorf("notebook: ConfusionMatrixHTML: row %d has %d counts, want %d", i, len(row), n)
		}
		for j, c := range row {
			if c < 0 {
				return "", fmt.Errorf("notebook: ConfusionMatrixHTML: counts[%d][%d] = %d, want ≥ 0", i, j, c)
			}
			if i != j {
				maxOff = max(maxOff, c)
			}
		}
	}
	if labels == nil {
		for i := range n {
			labels = append(labels, strconv.Itoa(i))
		}
	}
	if len(labels) != n {
		return "", fmt.Errorf("notebook: ConfusionMatrixHTML: %d labels for %d classes", len(labels), n)
	}

	const cellStyle = "text-align: right; padding: 0.2em 0.55em; border: 1px solid #e1e4e8; min-width: 2.6em;"
	const headStyle = "text-align: center; padding: 0.2em 0.55em; font-weight: bold; color: #24292f; background: #f6f8fa; border: 1px solid #e1e4e8;"
	var b strings.Builder
	b.WriteString(`<table style="border-collapse: collapse; margin: 0.3em 0; font-variant-numeric: tabular-nums;">`)
	fmt.Fprintf(&b, `<thead><tr><th style="%s" rowspan="2">true</th><th style="%s" colspan="%d">predicted</th></tr><tr>`,
		headStyle, headStyle, n)
	for _, l := range labels {
		fmt.Fprintf(&b, `<th style="%s">%s</th>`, headStyle, html.EscapeString(l))
	}
	b.WriteString("</tr></thead><tbody>")
	for i, row := range counts {
		total := 0
		for _, c := range row {
			total += c
		}
		fmt.Fprintf(&b, `<tr><th style="%s">%s</th>`, headStyle, html.EscapeString(labels[i]))
		for j, c := range row {
			var bg, fg string
			switch {
			case c == 0:
				bg, fg = "#ffffff", "#8c959f"
			case i == j:
				bg, fg = shade(matrixDiagonal, float64(c)/float64(total))
			default:
				bg, fg = shade(matrixOff, float64(c)/float64(maxOff))
			}
			fmt.Fprintf(&b, `<td style="%s background: %s; color: %s;">%d</td>`, cellStyle, bg, fg, c)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String(), nil
}

// The full colours of the confusion matrix's two kinds of cell.
var (
	matrixDiagonal = [3]float64{33, 102, 172} // blue, as Diverging's negative end
	matrixOff      = [3]float64{178, 24, 43}  // red, as Diverging's positive end
)

// shade returns the CSS background colour t of the way from white to full
// (t in [0, 1]) and a text colour that reads on it.
func shade(full [3]float64, t float64) (bg, fg string) {
	t = math.Max(0, math.Min(1, t))
	if math.IsNaN(t) {
		t = 0
	}
	// A floor, so that the least nonzero cell is still tinted.
	t = 0.12 + 0.88*t
	var c [3]int
	for k, e := range full {
		c[k] = int(math.Round(255 + t*(e-255)))
	}
	fg = "#24292f"
	if t > 0.55 {
		fg = "#ffffff"
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]), fg
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
func (c BarChart) PNG(width, height float64) ([]byte, error) {
	p, err := c.Plot()
	if err != nil {
		return nil, err
	}
	return charts.EncodePlots([][]*plot.Plot{{p}}, "png", width, height)
}
