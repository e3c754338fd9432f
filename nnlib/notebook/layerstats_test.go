package notebook

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// smallBatch returns a network of the given sizes and a batch of b random
// inputs with labels, all from seed.
func smallBatch(sizes []int, b int, seed uint64) (*nnlib.Network, *mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 2))
	net := nnlib.NewNetwork(sizes, rng)
	x := mat.NewDense(b, sizes[0], nil)
	for i := range b {
		for j := range sizes[0] {
			x.Set(i, j, rng.Float64())
		}
	}
	labels := make([]int, b)
	for i := range labels {
		labels[i] = rng.IntN(sizes[len(sizes)-1])
	}
	return net, x, labels
}

func closeTo(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(a), math.Abs(b)) }

// TestMeasureLayers checks MeasureLayers against the network's own forward
// and backward passes, and that it leaves the network as it was.
func TestMeasureLayers(t *testing.T) {
	t.Parallel()
	const lr = 0.1
	net, x, labels := smallBatch([]int{6, 5, 4, 3}, 8, 1)
	for _, l := range net.Layers { // gradients MeasureLayers must not touch
		l.DW.Apply(func(_, _ int, _ float64) float64 { return 7 }, l.DW)
	}
	stats := MeasureLayers(net, x, labels, lr)
	for _, l := range net.Layers {
		if l.DW.At(0, 0) != 7 {
			t.Fatal("MeasureLayers changed the network's gradients")
		}
	}
	if len(stats) != 3 {
		t.Fatalf("%d layers measured, want 3", len(stats))
	}

	// The reference: the network's own passes, and the layers' outputs
	// and gradients worked out here.
	ref := net.Clone()
	ref.LossAndGradients(x, labels)
	a1 := mat.NewDense(8, 5, nil)
	net.Layers[0].Forward(a1, x)
	nnlib.ReLU(a1, a1)
	a2 := mat.NewDense(8, 4, nil)
	net.Layers[1].Forward(a2, a1)
	nnlib.ReLU(a2, a2)
	z3 := mat.NewDense(8, 3, nil)
	net.Layers[2].Forward(z3, a2)
	p := mat.NewDense(8, 3, nil)
	nnlib.Softmax(p, z3)
	dz3 := mat.NewDense(8, 3, nil)
	nnlib.SoftmaxCrossEntropyBackward(dz3, p, labels)
	var da2 mat.Dense
	da2.Mul(dz3, net.Layers[2].W.T())

	for i, out := range []*mat.Dense{a1, a2, z3} {
		mean, std := stat.PopMeanStdDev(out.RawMatrix().Data, nil)
		if s := stats[i]; !closeTo(s.ActMean, mean) || !closeTo(s.ActStd, std) {
			t.Errorf("layer %d: output %g ± %g, want %g ± %g", i+1, s.ActMean, s.ActStd, mean, std)
		}
		l := ref.Layers[i]
		if want := lr * mat.Norm(l.DW, 2) / mat.Norm(l.W, 2); !closeTo(stats[i].UpdateRatio, want) {
			t.Errorf("layer %d: update ratio %g, want %g", i+1, stats[i].UpdateRatio, want)
		}
		if hidden := i < 2; stats[i].Hidden != hidden || stats[i].Layer != i+1 {
			t.Errorf("layer %d: Layer %d, Hidden %t", i+1, stats[i].Layer, stats[i].Hidden)
		}
	}
	for i, g := range []*mat.Dense{&da2, dz3} {
		mean, std := stat.PopMeanStdDev(g.RawMatrix().Data, nil)
		if s := stats[i+1]; !closeTo(s.GradMean, mean) || !closeTo(s.GradStd, std) {
			t.Errorf("layer %d: gradient %g ± %g, want %g ± %g", i+2, s.GradMean, s.GradStd, mean, std)
		}
	}
	if s := stats[2]; s.Active != 0 || s.Dead != 0 {
		t.Errorf("the output layer: Active %g, Dead %d, want 0 for a layer with no ReLU", s.Active, s.Dead)
	}
}

// TestMeasureLayersDead checks the count of units that are off for every
// example, and the share of values that are on.
func TestMeasureLayersDead(t *testing.T) {
	t.Parallel()
	net, x, labels := smallBatch([]int{6, 4, 3}, 10, 2)
	first := net.Layers[0]
	for j := range 6 { // unit 0: negative weights on inputs in [0, 1), so never on
		first.W.Set(j, 0, -1)
		first.W.Set(j, 1, 1) // unit 1: always on
	}
	first.B[0], first.B[1] = -0.5, 0.5
	s := MeasureLayers(net, x, labels, 0.1)[0]
	if s.Dead < 1 {
		t.Errorf("Dead = %d, want unit 0 counted", s.Dead)
	}
	if s.Active < 0.25 || s.Active > 0.75 {
		t.Errorf("Active = %g, want between 1/4 (unit 1 only) and 3/4 (all but unit 0)", s.Active)
	}
}

func TestMeasureLayersPanics(t *testing.T) {
	t.Parallel()
	net, x, _ := smallBatch([]int{6, 4, 3}, 10, 3)
	if ok, msg := panicsWith(func() { MeasureLayers(net, x, []int{0}, 0.1) }); !ok {
		t.Errorf("one label for 10 examples: no panic (%q)", msg)
	}
}

// TestTraceLayers trains a short run and checks the trace's shape and that
// it is remembered.
func TestTraceLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	r := Run{Seed: 1, Data: "validation", Epochs: 2, LearningRate: 0.3, BatchSize: 1000}
	trace := k.TraceLayers("trace", r, 64)
	if len(trace) != 3 {
		t.Fatalf("%d measurements, want 3 (before training and after 2 epochs)", len(trace))
	}
	for e, layers := range trace {
		if len(layers) != 3 {
			t.Fatalf("epoch %d: %d layers, want 3", e, len(layers))
		}
	}
	if trace[0][0].UpdateRatio == trace[2][0].UpdateRatio {
		t.Error("the measurements before and after training are the same")
	}
	again := k.TraceLayers("trace", r, 64)
	if again[2][0] != trace[2][0] {
		t.Errorf("read back %+v, want %+v", again[2][0], trace[2][0])
	}
}

func TestLayerChart(t *testing.T) {
	t.Parallel()
	net, x, labels := smallBatch([]int{6, 5, 4, 3}, 8, 4)
	trace := [][]LayerStats{MeasureLayers(net, x, labels, 0.1), MeasureLayers(net, x, labels, 0.01)}
	ratio := func(s LayerStats) float64 { return s.UpdateRatio }
	for _, c := range []LayerChart{
		{Title: "updates", Trace: trace, Value: ratio, LogY: true, Guide: 1e-3},
		{Title: "units on", Trace: trace, Value: func(s LayerStats) float64 { return s.Active }, Hidden: true},
	} {
		p, err := c.Plot()
		if err != nil {
			t.Fatalf("%s: %v", c.Title, err)
		}
		if _, err := PlotsHTML(400, 300, p); err != nil {
			t.Errorf("%s: cannot draw: %v", c.Title, err)
		}
	}
	for _, c := range []LayerChart{
		{Title: "no trace", Value: ratio},
		{Title: "no value", Trace: trace},
		{Title: "NaN", Trace: trace, Value: func(LayerStats) float64 { return math.NaN() }},
	} {
		if _, err := c.Plot(); err == nil {
			t.Errorf("%s: no error", c.Title)
		}
	}
}
