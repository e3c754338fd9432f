package notebook

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// randomData returns n examples of dim random inputs with labels in 0…classes−1.
func randomData(n, dim, classes int, rng *rand.Rand) nnlib.Dataset {
	x := mat.NewDense(n, dim, nil)
	labels := make([]int, n)
	for i := range n {
		for j := range dim {
			x.Set(i, j, rng.NormFloat64())
		}
		labels[i] = rng.IntN(classes)
	}
	return nnlib.Dataset{X: x, Labels: labels}
}

func TestFullGradientByChunks(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	d := randomData(50, 6, 3, rng)
	net := nnlib.NewNetwork([]int{6, 5, 3}, rng)
	net.LossAndGradients(d.X, d.Labels)
	whole := gradVector(net, nil)
	for _, chunk := range []int{7, 25, 50, 100} {
		got := FullGradient(net, d, chunk)
		if !floats.EqualApprox(got, whole, 1e-14) {
			t.Errorf("chunks of %d: gradient differs from the whole batch's by %g", chunk, floats.Distance(got, whole, math.Inf(1)))
		}
	}
}

func TestGradientNoise(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	d := randomData(400, 8, 4, rng)
	net := nnlib.NewNetwork([]int{8, 6, 4}, rng)
	before := slicesOfValues(net)
	rows := GradientNoise(net, d, []int{1, 10, 100, 400}, 30, rng)
	if after := slicesOfValues(net); !floats.Equal(before, after) {
		t.Error("GradientNoise changed the weights")
	}
	for i := 1; i < len(rows); i++ {
		if !(rows[i].RelError < rows[i-1].RelError) {
			t.Errorf("error at B = %d is %g, not below B = %d's %g", rows[i].Batch, rows[i].RelError, rows[i-1].Batch, rows[i-1].RelError)
		}
	}
	// All 400 examples, drawn without replacement: the exact gradient.
	if last := rows[len(rows)-1]; last.RelError > 1e-12 {
		t.Errorf("a batch of the whole set is off by %g, want 0", last.RelError)
	}
	if ok, msg := panicsWith(func() { GradientNoise(net, d, []int{401}, 1, rng) }); !ok || msg == "" {
		t.Error("a batch larger than the data set did not panic")
	}
}

// slicesOfValues returns a copy of every weight of net, in one vector.
func slicesOfValues(net *nnlib.Network) []float64 {
	var v []float64
	for _, p := range net.Params() {
		v = append(v, p.Value...)
	}
	return v
}

func TestLogLogSlope(t *testing.T) {
	t.Parallel()
	x := []float64{1, 4, 16, 64}
	for _, a := range []float64{-0.5, 1, 2} {
		y := make([]float64, len(x))
		for i := range x {
			y[i] = 3 * math.Pow(x[i], a)
		}
		if got := LogLogSlope(x, y); math.Abs(got-a) > 1e-12 {
			t.Errorf("slope of 3·x^%g = %g", a, got)
		}
	}
	for _, tc := range []struct {
		name string
		x, y []float64
	}{
		{"one point", []float64{1}, []float64{1}},
		{"lengths", []float64{1, 2}, []float64{1}},
		{"zero", []float64{1, 2}, []float64{0, 1}},
		{"same x", []float64{2, 2}, []float64{1, 3}},
	} {
		if ok, _ := panicsWith(func() { LogLogSlope(tc.x, tc.y) }); !ok {
			t.Errorf("%s: no panic", tc.name)
		}
	}
}
