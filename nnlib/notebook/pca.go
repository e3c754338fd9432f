package notebook

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PCA projects the rows of x (n×d, one example a row) on their first k
// principal components: the k directions along which the examples vary
// most, found by gonum's stat.PC. With V the d×k matrix of those
// directions and μ the mean row,
//
//	proj = (x − 1·μᵀ)·V   (n×k),
//
// and explained[i] is the share of x's total variance along direction i.
// It returns an error if k is not in 1…min(n, d) or the analysis fails.
func PCA(x mat.Matrix, k int) (proj *mat.Dense, explained []float64, err error) {
	n, d := x.Dims()
	if k < 1 || k > min(n, d) {
		return nil, nil, fmt.Errorf("notebook: PCA: k = %d, want 1…%d for %d×%d data", k, min(n, d), n, d)
	}
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return nil, nil, errors.New("notebook: PCA: the decomposition failed")
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	total := floats.Sum(vars)
	explained = make([]float64, k)
	for i := range k {
		explained[i] = vars[i] / total
	}
	centred := mat.DenseCopyOf(x)
	for j := range d {
		col := mat.Col(nil, j, centred)
		m := stat.Mean(col, nil)
		for i := range n {
			centred.Set(i, j, centred.At(i, j)-m)
		}
	}
	proj = &mat.Dense{}
	proj.Mul(centred, vecs.Slice(0, d, 0, k))
	return proj, explained, nil
}

// CentroidAccuracy returns the share of the rows of points that lie nearer
// (in Euclidean distance) to the mean of their own class than to the mean
// of any other class: a measure of how well the classes are separated in
// that space, 1/C for classes mixed at random, 1 for classes in tight,
// distinct clusters. labels holds each row's class, 0…C−1. It panics if
// labels does not have one class per row.
func CentroidAccuracy(points mat.Matrix, labels []int) float64 {
	n, d := points.Dims()
	if len(labels) != n || n == 0 {
		panic(fmt.Sprintf("notebook: CentroidAccuracy: %d labels for %d points", len(labels), n))
	}
	classes := 0
	for _, y := range labels {
		classes = max(classes, y+1)
	}
	centres := mat.NewDense(classes, d, nil)
	counts := make([]float64, classes)
	for i, y := range labels {
		counts[y]++
		for j := range d {
			centres.Set(y, j, centres.At(y, j)+points.At(i, j))
		}
	}
	for c := range classes {
		if counts[c] > 0 {
			floats.Scale(1/counts[c], centres.RawRowView(c))
		}
	}
	row := make([]float64, d)
	right := 0
	for i, y := range labels {
		mat.Row(row, i, points)
		best, bestDist := -1, math.Inf(1)
		for c := range classes {
			if counts[c] == 0 {
				continue
			}
			if dist := floats.Distance(row, centres.RawRowView(c), 2); dist < bestDist {
				best, bestDist = c, dist
			}
		}
		if best == y {
			right++
		}
	}
	return float64(right) / float64(n)
}

// ClassScatter is a scatter plot of points in two dimensions, such as
// examples projected by PCA, each coloured by its class, with a legend
// naming the classes 0, 1, ….
type ClassScatter struct {
	Title, XLabel, YLabel string
	Points                mat.Matrix // n×2: x and y of each point
	Labels                []int      // the class of each point, 0…9
	// Legend, if true, names the classes' colours in a column at the
	// right, in room made for it by widening the x axis, off the points.
	Legend bool
}

// classColors are ten colours told apart easily (Tableau's ten).
var classColors = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255},
}

// Plot returns the scatter as a gonum plot. It returns an error unless
// Points is n×2 with n > 0, Labels holds one class in 0…9 per point, and
// every coordinate is finite.
func (c ClassScatter) Plot() (*plot.Plot, error) {
	if c.Points == nil {
		return nil, fmt.Errorf("notebook: ClassScatter %q: no points", c.Title)
	}
	n, d := c.Points.Dims()
	if n == 0 || d != 2 || len(c.Labels) != n {
		return nil, fmt.Errorf("notebook: ClassScatter %q: %d×%d points and %d labels, want n×2 and n",
			c.Title, n, d, len(c.Labels))
	}
	byClass := make([]plotter.XYs, len(classColors))
	for i, y := range c.Labels {
		if y < 0 || y >= len(classColors) {
			return nil, fmt.Errorf("notebook: ClassScatter %q: class %d, want 0…%d", c.Title, y, len(classColors)-1)
		}
		x0, x1 := c.Points.At(i, 0), c.Points.At(i, 1)
		if math.IsNaN(x0+x1) || math.IsInf(x0+x1, 0) {
			return nil, fmt.Errorf("notebook: ClassScatter %q: point %d is (%g, %g)", c.Title, i, x0, x1)
		}
		byClass[y] = append(byClass[y], plotter.XY{X: x0, Y: x1})
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text, p.Y.Label.Text = c.XLabel, c.YLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = false
	if c.Legend {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range n {
			lo, hi = min(lo, c.Points.At(i, 0)), max(hi, c.Points.At(i, 0))
		}
		p.X.Min, p.X.Max = lo, hi+0.15*(hi-lo)
	}
	for class, pts := range byClass {
		if len(pts) == 0 {
			continue
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("notebook: ClassScatter %q: %w", c.Title, err)
		}
		base := classColors[class]
		col := color.NRGBA{base.R, base.G, base.B, 190} // not premultiplied: overlapping points show through
		s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(1.3), Shape: draw.CircleGlyph{}}
		p.Add(s)
		if c.Legend {
			p.Legend.Add(fmt.Sprint(class), s)
		}
	}
	return p, nil
}
