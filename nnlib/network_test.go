package nnlib

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNetworkGradCheck(t *testing.T) {
	rng := newRNG(1)
	net := NewNetwork([]int{12, 8, 6, 4}, rng)
	for _, l := range net.Layers { // non-zero biases so their gradients are tested too
		for j := range l.B {
			l.B[j] = 0.1 * rng.NormFloat64()
		}
	}
	x := randomDense(5, 12, rng)
	y := randomLabels(5, 4, rng)
	res := GradCheck(net, x, y, GradCheckOptions{})
	for _, p := range res.Params {
		t.Logf("%-3s %3d entries  max rel error %.2e", p.Name, p.Checked, p.MaxRelError)
		if p.Checked != p.Total {
			t.Errorf("%s: checked %d of %d entries", p.Name, p.Checked, p.Total)
		}
	}
	if res.MaxRelError > 1e-6 {
		t.Errorf("largest relative error %.3g, want < 1e-6", res.MaxRelError)
	}
}

// brokenNetwork forgets the 1/B of the loss's gradient in its last layer's
// bias: the kind of slip GradCheck exists to catch.
type brokenNetwork struct{ *Network }

func (b brokenNetwork) LossAndGradients(x *mat.Dense, labels []int) float64 {
	loss := b.Network.LossAndGradients(x, labels)
	last := b.Layers[len(b.Layers)-1]
	for j := range last.DB {
		last.DB[j] *= float64(len(labels))
	}
	return loss
}

func TestGradCheckCatchesWrongGradient(t *testing.T) {
	rng := newRNG(2)
	net := NewNetwork([]int{6, 5, 3}, rng)
	x := randomDense(4, 6, rng)
	y := randomLabels(4, 3, rng)
	res := GradCheck(brokenNetwork{net}, x, y, GradCheckOptions{})
	if res.MaxRelError < 0.1 {
		t.Fatalf("a wrong gradient passed: largest relative error %.3g", res.MaxRelError)
	}
	for _, p := range res.Params {
		wrong := p.Name == "b2"
		if caught := p.MaxRelError > 1e-3; caught != wrong {
			t.Errorf("%s: max relative error %.3g, but only b2 is wrong", p.Name, p.MaxRelError)
		}
	}
}

func TestGradCheckSample(t *testing.T) {
	rng := newRNG(3)
	net := NewNetwork(DefaultSizes, rng)
	x := randomDense(3, 784, rng)
	x.Apply(func(_, _ int, v float64) float64 { return max(0, min(1, v)) }, x) // pixel-like
	y := []int{3, 1, 4}
	res := GradCheck(net, x, y, GradCheckOptions{PerParam: 20, Rng: newRNG(4)})
	for _, p := range res.Params {
		if want := min(20, p.Total); p.Checked != want {
			t.Errorf("%s: checked %d entries, want %d", p.Name, p.Checked, want)
		}
	}
	if res.MaxRelError > 1e-6 {
		t.Errorf("largest relative error %.3g on a sample of 784→128→64→10, want < 1e-6", res.MaxRelError)
	}
}

func TestNetworkForwardHandComputed(t *testing.T) {
	// 2→2→2 network with weights chosen so each step is easy to follow.
	net := &Network{Layers: []*Linear{ZeroLinear(2, 2), ZeroLinear(2, 2)}}
	net.Layers[0].W.Copy(mat.NewDense(2, 2, []float64{1, -1, 2, 1}))
	net.Layers[0].B[1] = -4 // second hidden unit: −x₁ + x₂ − 4, negative → ReLU zeroes it
	net.Layers[1].W.Copy(mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
	x := mat.NewDense(1, 2, []float64{1, 1})
	// hidden: Z = [1+2, −1+1−4] = [3, −4] → A = [3, 0]; logits [3, 0];
	// softmax: [e³, 1]/(e³+1).
	p := net.Forward(x)
	e3 := 20.085536923187668
	assertClose(t, "p[0]", p.At(0, 0), e3/(e3+1), 1e-15)
	assertClose(t, "p[1]", p.At(0, 1), 1/(e3+1), 1e-15)
	if got := net.Predict(x); got[0] != 0 {
		t.Errorf("Predict = %v, want [0]", got)
	}
}

func TestNetworkShapes(t *testing.T) {
	net := NewNetwork(DefaultSizes, newRNG(5))
	if got := net.NumParams(); got != 784*128+128+128*64+64+64*10+10 {
		t.Errorf("NumParams = %d", got)
	}
	for _, b := range []int{1, 7, 128} {
		p := net.Forward(mat.NewDense(b, 784, nil))
		if r, c := p.Dims(); r != b || c != 10 {
			t.Errorf("Forward of %d×784 gives %d×%d, want %d×10", b, r, c, b)
		}
	}
	ok, msg := panics(func() { net.Forward(mat.NewDense(64, 783, nil)) })
	if !ok || !strings.Contains(msg, "64×783") || !strings.Contains(msg, "784") {
		t.Errorf("Forward of 64×783: panicked=%v %q, want a message naming 64×783 and 784", ok, msg)
	}
}

func TestEvaluate(t *testing.T) {
	rng := newRNG(6)
	net := NewNetwork([]int{5, 4, 3}, rng)
	d := Dataset{X: randomDense(2500, 5, rng), Labels: randomLabels(2500, 3, rng)} // several chunks
	loss, acc := net.Evaluate(d)
	pred := net.Predict(d.X)
	correct := 0
	for i, y := range d.Labels {
		if pred[i] == y {
			correct++
		}
	}
	assertClose(t, "accuracy", acc, float64(correct)/2500, 1e-15)
	assertClose(t, "loss", loss, net.Loss(d.X, d.Labels), 1e-12)
}
