package notebook

import (
	"fmt"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// Valley is a loss of two parameters shaped like a long, narrow valley:
//
//	f(w) = ½·(w₁² + Steep·w₂²)
//
// Its curvature is 1 along w₁, the floor of the valley, and Steep across
// it, along w₂; its minimum is at 0. It is small enough to watch an
// optimizer's every step.
type Valley struct{ Steep float64 }

// Loss returns f(w).
func (v Valley) Loss(w []float64) float64 { return 0.5 * (w[0]*w[0] + v.Steep*w[1]*w[1]) }

// Grad sets grad to the gradient of f at w, (w₁, Steep·w₂).
func (v Valley) Grad(grad, w []float64) { grad[0], grad[1] = w[0], v.Steep*w[1] }

// ValleyRun is the record of an optimizer's steps on a Valley.
type ValleyRun struct {
	W1, W2 []float64 // the points visited, the start first
	Loss   []float64 // the loss after each step: Loss[t−1] after step t
}

// Steps returns 1, 2, …, one per entry of Loss: the x values of a chart of
// the loss against steps.
func (r ValleyRun) Steps() []float64 {
	x := make([]float64, len(r.Loss))
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

// StepLength returns how far step t (1, 2, …) moved the point.
func (r ValleyRun) StepLength(t int) float64 {
	return math.Hypot(r.W1[t]-r.W1[t-1], r.W2[t]-r.W2[t-1])
}

// Descend runs opt on the valley for steps steps from start, with
// learning rate rate, through the optimizer's own Step, as if w were a
// network's only parameter.
func (v Valley) Descend(opt nnlib.Optimizer, rate float64, start [2]float64, steps int) ValleyRun {
	w, g := []float64{start[0], start[1]}, make([]float64, 2)
	params := []nnlib.Param{{Name: "w", Value: w, Grad: g}}
	run := ValleyRun{W1: []float64{w[0]}, W2: []float64{w[1]}}
	for range steps {
		v.Grad(g, w)
		opt.Step(params, rate)
		run.W1, run.W2 = append(run.W1, w[0]), append(run.W2, w[1])
		run.Loss = append(run.Loss, v.Loss(w))
	}
	return run
}

// Contours returns the valley's curves of equal loss at the given levels,
// ellipses drawn as faint guides for a CurveChart.
func (v Valley) Contours(levels ...float64) []Curve {
	var curves []Curve
	for _, level := range levels {
		var c Curve
		for k := 0; k <= 120; k++ {
			a := 2 * math.Pi * float64(k) / 120
			c.X = append(c.X, math.Sqrt(2*level)*math.Cos(a))
			c.Y = append(c.Y, math.Sqrt(2*level/v.Steep)*math.Sin(a))
		}
		c.Faint = true
		curves = append(curves, c)
	}
	return curves
}

// ConstantGradientMoves gives opt one parameter per entry of grads, each
// with the same gradient at every step, runs steps steps with learning
// rate rate, and returns how far each parameter moved at each step:
// moves[t][i] is parameter i's change on step t+1.
func ConstantGradientMoves(opt nnlib.Optimizer, grads []float64, rate float64, steps int) [][]float64 {
	w, g := make([]float64, len(grads)), make([]float64, len(grads))
	params := []nnlib.Param{{Name: "w", Value: w, Grad: g}}
	moves := make([][]float64, steps)
	for t := range moves {
		before := append([]float64(nil), w...)
		copy(g, grads)
		opt.Step(params, rate)
		moves[t] = make([]float64, len(w))
		for i := range w {
			moves[t][i] = w[i] - before[i]
		}
	}
	return moves
}

// ScheduleSteps returns a schedule's learning rate over a run of epochs
// epochs, as a fraction of the base rate, laid out for a chart as steps:
// the rate of epoch e holds from x = e−1 to x = e, as Train keeps it for
// the whole epoch. It panics unless epochs is positive.
func ScheduleSteps(s nnlib.Schedule, epochs int) (x, y []float64) {
	if epochs < 1 {
		panic(fmt.Sprintf("notebook: ScheduleSteps: %d epochs, want at least 1", epochs))
	}
	for e := 1; e <= epochs; e++ {
		r := s(1, e, epochs)
		x, y = append(x, float64(e-1), float64(e)), append(y, r, r)
	}
	return x, y
}
