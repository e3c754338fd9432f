package nnlib

import (
	"math"
	"strings"
	"testing"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// oneParam returns a single parameter holding w with gradient g.
func oneParam(w, g []float64) []Param { return []Param{{Name: "w", Value: w, Grad: g}} }

func TestSGDStep(t *testing.T) {
	w := []float64{1, -2}
	SGD{}.Step(oneParam(w, []float64{0.5, -1}), 0.1)
	assertClose(t, "w[0]", w[0], 1-0.05, 1e-15)
	assertClose(t, "w[1]", w[1], -2+0.1, 1e-15)
}

func TestMomentumSteps(t *testing.T) {
	w := []float64{1}
	m := &Momentum{Mu: 0.9}
	g := []float64{2}
	m.Step(oneParam(w, g), 0.1) // v = 2, w = 1 − 0.2 = 0.8
	assertClose(t, "w after 1", w[0], 0.8, 1e-15)
	m.Step(oneParam(w, g), 0.1) // v = 0.9·2 + 2 = 3.8, w = 0.8 − 0.38 = 0.42
	assertClose(t, "w after 2", w[0], 0.42, 1e-15)
}

func TestAdamSteps(t *testing.T) {
	w := []float64{1, 1}
	a := NewAdam()
	// Step 1: m = 0.1g, s = 0.001g², m̂ = g, ŝ = g², so w moves by η·g/(|g|+ε) ≈ η·sign(g),
	// whatever the gradient's size.
	a.Step(oneParam(w, []float64{100, -0.01}), 0.1)
	assertClose(t, "w[0] after 1", w[0], 1-0.1*100/(100+1e-8), 1e-15)
	assertClose(t, "w[1] after 1", w[1], 1+0.1*0.01/(0.01+1e-8), 1e-12)
	// Step 2 with g = 0 for w[0]: m = 0.9·10 = 9, s = 0.999·0.001·100² = 9.99,
	// m̂ = 9/(1−0.9²), ŝ = 9.99/(1−0.999²).
	a.Step(oneParam(w, []float64{0, -0.01}), 0.1)
	mHat := 9 / (1 - 0.81)
	sHat := 9.99 / (1 - 0.999*0.999)
	assertClose(t, "w[0] after 2", w[0], 1-0.1*100/(100+1e-8)-0.1*mHat/(math.Sqrt(sHat)+1e-8), 1e-12)
}

func TestOptimizersMinimizeQuadratic(t *testing.T) {
	// f(w) = ½·Σ cᵢ·wᵢ² with very different curvatures cᵢ; gradient cᵢ·wᵢ.
	c := []float64{1, 10, 100}
	for _, tc := range []struct {
		opt Optimizer
		lr  float64
	}{
		{SGD{}, 0.015},
		{&Momentum{Mu: 0.9}, 0.015},
		{NewAdam(), 0.05},
	} {
		w := []float64{1, 1, 1}
		g := make([]float64, 3)
		for range 300 {
			for i := range w {
				g[i] = c[i] * w[i]
			}
			tc.opt.Step(oneParam(w, g), tc.lr)
		}
		f := 0.0
		for i := range w {
			f += c[i] * w[i] * w[i] / 2
		}
		t.Logf("%-8s f = %.3g", tc.opt.Name(), f)
		if f > 1e-3 {
			t.Errorf("%s: f = %.3g after 300 steps, want < 1e-3", tc.opt.Name(), f)
		}
	}
}

func TestSchedules(t *testing.T) {
	assertClose(t, "cosine epoch 1", CosineRate(0.1, 1, 10), 0.1, 1e-15)
	assertClose(t, "cosine middle", CosineRate(0.1, 6, 10), 0.05, 1e-15)
	step := StepRate(5, 0.5)
	assertClose(t, "step epoch 5", step(0.1, 5, 20), 0.1, 0)
	assertClose(t, "step epoch 6", step(0.1, 6, 20), 0.05, 0)
	assertClose(t, "step epoch 11", step(0.1, 11, 20), 0.025, 0)
	if _, err := NewSchedule("linear"); err == nil || !contains(err.Error(), "constant, cosine or step") {
		t.Errorf("unknown schedule: err = %v", err)
	}
	if _, err := NewOptimizer("rmsprop"); err == nil || !contains(err.Error(), "sgd, momentum or adam") {
		t.Errorf("unknown optimizer: err = %v", err)
	}
}
