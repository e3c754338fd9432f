package notebook

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// TestPCA projects points spread along one line in 3-D, with a little
// noise across it.
func TestPCA(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 200
	x := mat.NewDense(n, 3, nil)
	along := make([]float64, n)
	for i := range n {
		along[i] = 10 * rng.NormFloat64()
		for j, d := range []float64{1.0 / 3, 2.0 / 3, 2.0 / 3} { // a unit direction
			x.Set(i, j, 5+along[i]*d+0.1*rng.NormFloat64())
		}
	}
	proj, explained, err := PCA(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := proj.Dims(); r != n || c != 2 {
		t.Fatalf("projection is %d×%d, want %d×2", r, c, n)
	}
	if explained[0] < 0.99 || explained[1] > 0.01 {
		t.Errorf("explained %v, want nearly all of the variance along the first direction", explained)
	}
	first := mat.Col(nil, 0, proj)
	if m := stat.Mean(first, nil); math.Abs(m) > 1e-9 {
		t.Errorf("the projections' mean is %g, want 0: the points are centred first", m)
	}
	if r := stat.Correlation(first, along, nil); math.Abs(r) < 0.999 {
		t.Errorf("the first projection correlates with the position along the line by %g, want ±1", r)
	}
	for _, k := range []int{0, 4} {
		if _, _, err := PCA(x, k); err == nil {
			t.Errorf("PCA(x, %d) of 3 columns: no error", k)
		}
	}
}

func TestCentroidAccuracy(t *testing.T) {
	t.Parallel()
	// Two tight groups far apart, and one point of class 1 inside group 0.
	points := mat.NewDense(7, 2, []float64{0, 0, 0, 1, 1, 0, 10, 10, 10, 11, 11, 10, 0.5, 0.5})
	labels := []int{0, 0, 0, 1, 1, 1, 1}
	if got := CentroidAccuracy(points.Slice(0, 6, 0, 2), labels[:6]); got != 1 {
		t.Errorf("two separate groups: %g, want 1", got)
	}
	if got := CentroidAccuracy(points, labels); math.Abs(got-6.0/7) > 1e-12 {
		t.Errorf("one point in the wrong group: %g, want 6/7", got)
	}
	if ok, _ := panicsWith(func() { CentroidAccuracy(points, labels[:3]) }); !ok {
		t.Error("3 labels for 7 points: no panic")
	}
}

func TestClassScatter(t *testing.T) {
	t.Parallel()
	points := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 0, 3, 1})
	p, err := ClassScatter{Title: "t", Points: points, Labels: []int{0, 1, 9, 1}, Legend: true}.Plot()
	if err != nil {
		t.Fatal(err)
	}
	h, err := CompactPlotsHTML(300, 200, p)
	if err != nil {
		t.Fatal(err)
	}
	imgs := decodeImages(t, h)
	if len(imgs) != 1 {
		t.Fatalf("%d images, want 1", len(imgs))
	}
	if _, ok := imgs[0].(*image.Paletted); !ok {
		t.Errorf("the image is a %T, want the compact *image.Paletted", imgs[0])
	}
	if !strings.Contains(h, `width="300" height="200"`) {
		t.Errorf("the <img> does not have the size asked for: %.200s", h)
	}
	for _, c := range []ClassScatter{
		{Title: "no points"},
		{Title: "3 columns", Points: mat.NewDense(2, 3, nil), Labels: []int{0, 1}},
		{Title: "labels", Points: points, Labels: []int{0, 1}},
		{Title: "class 10", Points: points, Labels: []int{0, 1, 10, 1}},
		{Title: "NaN", Points: mat.NewDense(1, 2, []float64{math.NaN(), 0}), Labels: []int{0}},
	} {
		if _, err := c.Plot(); err == nil {
			t.Errorf("%s: no error", c.Title)
		}
	}
	if _, err := CompactPlotsHTML(300, 200); err == nil {
		t.Error("CompactPlotsHTML of no plots: no error")
	}
	if _, err := CompactPlotsHTML(0, 200, p); err == nil {
		t.Error("CompactPlotsHTML 0 wide: no error")
	}
}
