package nnlib

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestLinearForwardHandComputed(t *testing.T) {
	l := ZeroLinear(3, 2)
	l.W.Copy(mat.NewDense(3, 2, []float64{
		1, 0,
		2, -1,
		0, 3,
	}))
	copy(l.B, []float64{0.5, -0.5})
	x := mat.NewDense(2, 3, []float64{
		1, 1, 1,
		2, 0, -1,
	})
	z := mat.NewDense(2, 2, nil)
	l.Forward(z, x)
	// Row 1: [1+2+0, 0−1+3] + b = [3.5, 1.5]; row 2: [2, −3] + b = [2.5, −3.5].
	want := mat.NewDense(2, 2, []float64{3.5, 1.5, 2.5, -3.5})
	if !mat.Equal(z, want) {
		t.Errorf("Forward =\n%v\nwant\n%v", mat.Formatted(z), mat.Formatted(want))
	}
}

func TestLinearShapePanics(t *testing.T) {
	l := ZeroLinear(784, 128)
	ok, msg := panics(func() { l.Forward(mat.NewDense(64, 128, nil), mat.NewDense(64, 783, nil)) })
	if !ok || !strings.Contains(msg, "64×783") || !strings.Contains(msg, "B×784") {
		t.Errorf("panicked=%v with %q, want the shapes 64×783 and B×784 named", ok, msg)
	}
}

func TestHeInitialization(t *testing.T) {
	const in, out = 784, 128
	l := NewLinear(in, out, newRNG(7))
	w := l.W.RawMatrix().Data
	var mean, sq float64
	for _, v := range w {
		mean += v
		sq += v * v
	}
	n := float64(len(w))
	mean /= n
	variance := sq/n - mean*mean
	want := 2.0 / in
	// 100,352 draws: the sample mean's standard error is √(want/n) ≈ 1.6e-4
	// and the variance's relative standard error √(2/n) ≈ 0.45%.
	assertClose(t, "mean", mean, 0, 5*math.Sqrt(want/n))
	assertClose(t, "variance/(2/in)", variance/want, 1, 5*math.Sqrt(2/n))
	for j, b := range l.B {
		if b != 0 {
			t.Fatalf("b[%d] = %g, want 0", j, b)
		}
	}
}

// numericalGradient returns the central differences of f with respect to
// each entry of v.
func numericalGradient(f func() float64, v []float64) []float64 {
	g := make([]float64, len(v))
	for i := range v {
		g[i] = CentralDifference(f, v, i, 1e-5)
	}
	return g
}

// checkGradient fails t if any entry of got differs from the numerical
// gradient by a relative error above 1e-6.
func checkGradient(t *testing.T, name string, got, numerical []float64) {
	t.Helper()
	worst := 0.0
	for i := range got {
		worst = max(worst, RelativeError(got[i], numerical[i]))
	}
	t.Logf("%s: max relative error %.2e over %d entries", name, worst, len(got))
	if worst > 1e-6 {
		t.Errorf("%s: max relative error %.3g, want < 1e-6", name, worst)
	}
}

// The layer-by-layer checks use the loss L = Σ R ⊙ out for a fixed random
// R, so that ∂L/∂out = R.

func TestLinearGradients(t *testing.T) {
	rng := newRNG(8)
	l := NewLinear(5, 3, rng)
	for j := range l.B {
		l.B[j] = rng.NormFloat64()
	}
	x := randomDense(4, 5, rng)
	r := randomDense(4, 3, rng)
	z := mat.NewDense(4, 3, nil)
	loss := func() float64 {
		l.Forward(z, x)
		return mat.Sum(elementProduct(r, z))
	}
	dx := mat.NewDense(4, 5, nil)
	l.Backward(dx, x, r)
	checkGradient(t, "∂L/∂W", l.DW.RawMatrix().Data, numericalGradient(loss, l.W.RawMatrix().Data))
	checkGradient(t, "∂L/∂b", l.DB, numericalGradient(loss, l.B))
	checkGradient(t, "∂L/∂X", dx.RawMatrix().Data, numericalGradient(loss, x.RawMatrix().Data))
}

func TestReLUGradient(t *testing.T) {
	rng := newRNG(9)
	z := randomDense(4, 6, rng)
	r := randomDense(4, 6, rng)
	a := mat.NewDense(4, 6, nil)
	loss := func() float64 {
		ReLU(a, z)
		return mat.Sum(elementProduct(r, a))
	}
	loss()
	d := mat.DenseCopyOf(r)
	ReLUBackward(d, a)
	checkGradient(t, "∂L/∂z", d.RawMatrix().Data, numericalGradient(loss, z.RawMatrix().Data))
}

func TestSoftmaxCrossEntropyGradient(t *testing.T) {
	rng := newRNG(10)
	z := randomDense(5, 4, rng)
	y := randomLabels(5, 4, rng)
	p := mat.NewDense(5, 4, nil)
	loss := func() float64 {
		Softmax(p, z)
		return CrossEntropy(p, y)
	}
	loss()
	d := mat.NewDense(5, 4, nil)
	SoftmaxCrossEntropyBackward(d, p, y)
	checkGradient(t, "∂L/∂z", d.RawMatrix().Data, numericalGradient(loss, z.RawMatrix().Data))
}

func elementProduct(a, b mat.Matrix) *mat.Dense {
	var m mat.Dense
	m.MulElem(a, b)
	return &m
}

func TestReLU(t *testing.T) {
	z := mat.NewDense(1, 4, []float64{-2, -0, 0.5, 3})
	a := mat.NewDense(1, 4, nil)
	ReLU(a, z)
	if want := mat.NewDense(1, 4, []float64{0, 0, 0.5, 3}); !mat.Equal(a, want) {
		t.Errorf("ReLU = %v, want %v", a.RawRowView(0), want.RawRowView(0))
	}
}

func TestSoftmax(t *testing.T) {
	for _, tc := range []struct {
		name   string
		logits []float64
		want   []float64
	}{
		{"equal", []float64{1, 1}, []float64{0.5, 0.5}},
		{"shift invariant", []float64{1001, 1000}, []float64{1 / (1 + math.Exp(-1)), 1 / (1 + math.E)}},
		{"large", []float64{1000, -1000, 0}, []float64{1, 0, 0}},
		{"very negative", []float64{-1000, -1000}, []float64{0.5, 0.5}},
		{"three", []float64{0, math.Log(2), math.Log(3)}, []float64{1.0 / 6, 2.0 / 6, 3.0 / 6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := mat.NewDense(1, len(tc.logits), tc.logits)
			p := mat.NewDense(1, len(tc.logits), nil)
			Softmax(p, z)
			sum := 0.0
			for j, v := range p.RawRowView(0) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("p = %v, not finite", p.RawRowView(0))
				}
				assertClose(t, "p", v, tc.want[j], 1e-15)
				sum += v
			}
			assertClose(t, "Σp", sum, 1, 1e-15)
		})
	}
}

func TestCrossEntropy(t *testing.T) {
	p := mat.NewDense(3, 3, []float64{
		1, 0, 0, // certain and right: −log 1 = 0
		0.25, 0.5, 0.25, // −log 0.5
		0, 0, 1, // certain and wrong: −log 1e-300, clamped
	})
	assertClose(t, "row 1", CrossEntropy(p.Slice(0, 1, 0, 3).(*mat.Dense), []int{0}), 0, 0)
	assertClose(t, "row 2", CrossEntropy(p.Slice(1, 2, 0, 3).(*mat.Dense), []int{1}), math.Ln2, 1e-15)
	assertClose(t, "row 3", CrossEntropy(p.Slice(2, 3, 0, 3).(*mat.Dense), []int{0}), -math.Log(minProb), 1e-12)
	assertClose(t, "mean", CrossEntropy(p, []int{0, 1, 0}), (math.Ln2-math.Log(minProb))/3, 1e-12)
	uniform := mat.NewDense(1, 10, []float64{.1, .1, .1, .1, .1, .1, .1, .1, .1, .1})
	assertClose(t, "uniform over 10", CrossEntropy(uniform, []int{7}), math.Log(10), 1e-14)

	ok, msg := panics(func() { CrossEntropy(p, []int{0, 1, 3}) })
	if !ok || !strings.Contains(msg, "label[2] = 3") {
		t.Errorf("label 3 of 3 classes: panicked=%v %q", ok, msg)
	}
}

// TestShapePanics checks the package's one rule for programmer errors: a
// shape mismatch panics with a message naming the function and both shapes.
func TestShapePanics(t *testing.T) {
	a, b := mat.NewDense(2, 3, nil), mat.NewDense(3, 2, nil)
	l := ZeroLinear(3, 2)
	for _, tc := range []struct {
		name string
		fn   func()
		want []string
	}{
		{"ReLU", func() { ReLU(a, b) }, []string{"ReLU", "2×3", "3×2"}},
		{"ReLUBackward", func() { ReLUBackward(a, b) }, []string{"ReLUBackward", "2×3", "3×2"}},
		{"Softmax", func() { Softmax(a, b) }, []string{"Softmax", "2×3", "3×2"}},
		{"SoftmaxCrossEntropyBackward", func() { SoftmaxCrossEntropyBackward(a, b, []int{0, 1, 0}) },
			[]string{"SoftmaxCrossEntropyBackward", "2×3", "3×2"}},
		{"CrossEntropy labels", func() { CrossEntropy(a, []int{0}) }, []string{"CrossEntropy", "1 labels", "2×3"}},
		{"Linear.Backward", func() { l.Backward(nil, b, mat.NewDense(3, 3, nil)) }, []string{"Linear.Backward", "3×3", "B×2"}},
		{"Network.Backward", func() { NewNetwork([]int{3, 2}, newRNG(1)).Backward(a, []int{0, 1}) },
			[]string{"Network.Backward", "2-example"}},
		{"Dataset.Slice", func() { (Dataset{X: a, Labels: []int{0, 1}}).Slice(1, 3) }, []string{"Slice", "[1, 3)", "[0, 2)"}},
	} {
		ok, msg := panics(tc.fn)
		if !ok {
			t.Errorf("%s: did not panic", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: panic %q does not name %q", tc.name, msg, w)
			}
		}
		if !strings.HasPrefix(msg, "nnlib: ") {
			t.Errorf("%s: panic %q does not start with the package name", tc.name, msg)
		}
	}
}
