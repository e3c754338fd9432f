package nnlib

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// An Optimizer turns gradients into a step: it updates every parameter's
// Value from its Grad, with learning rate lr (η below). Optimizers that
// remember past steps (momentum, Adam) keep one buffer per parameter,
// made on the first Step and reused after.
type Optimizer interface {
	Step(params []Param, lr float64)
	Name() string
}

// SGD is plain gradient descent: w ← w − η·∂L/∂w.
type SGD struct{}

// Step moves every parameter against its gradient: for each, the loop
// Value[i] -= lr·Grad[i], which gonum's floats.AddScaled runs in assembly.
func (SGD) Step(params []Param, lr float64) {
	for _, p := range params {
		floats.AddScaled(p.Value, -lr, p.Grad)
	}
}

// Name returns "sgd".
func (SGD) Name() string { return "sgd" }

// Momentum is gradient descent with (heavy-ball) momentum: a velocity v
// accumulates past gradients, and the step follows v:
//
//	v ← μ·v + ∂L/∂w
//	w ← w − η·v
//
// Along a direction where the gradient keeps its sign, the steps grow
// towards η/(1−μ) times the gradient (10× for μ = 0.9); where it flips from
// step to step, they cancel.
type Momentum struct {
	Mu float64 // μ, typically 0.9

	velocity [][]float64
}

// Step updates the velocities, then the parameters.
func (m *Momentum) Step(params []Param, lr float64) {
	m.velocity = ensureBuffers(m.velocity, params)
	for k, p := range params {
		v := m.velocity[k]
		for i, g := range p.Grad {
			v[i] = m.Mu*v[i] + g
			p.Value[i] -= lr * v[i]
		}
	}
}

// Name returns "momentum".
func (m *Momentum) Name() string { return "momentum" }

// Adam (Kingma and Ba, 2015) scales each parameter's step by a running
// estimate of its gradient's size. At step t:
//
//	m ← β₁·m + (1−β₁)·g            mean of the gradient
//	s ← β₂·s + (1−β₂)·g²           mean of its square
//	m̂ = m/(1−β₁ᵗ),  ŝ = s/(1−β₂ᵗ)   corrected for starting at 0
//	w ← w − η·m̂/(√ŝ + ε)
//
// so every parameter moves by about η per step whatever the scale of its
// gradient.
type Adam struct {
	Beta1, Beta2, Epsilon float64 // typically 0.9, 0.999, 1e-8

	t    int
	m, s [][]float64
}

// NewAdam returns Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
func NewAdam() *Adam { return &Adam{Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8} }

// Step updates the moment estimates, then the parameters.
func (a *Adam) Step(params []Param, lr float64) {
	a.m = ensureBuffers(a.m, params)
	a.s = ensureBuffers(a.s, params)
	a.t++
	c1 := 1 - math.Pow(a.Beta1, float64(a.t))
	c2 := 1 - math.Pow(a.Beta2, float64(a.t))
	// η·m̂/(√ŝ + ε) = (η/c1)·m/(√s/√c2 + ε): one division per entry, not three.
	step, invSqrtC2 := lr/c1, 1/math.Sqrt(c2)
	for k, p := range params {
		m, s := a.m[k], a.s[k]
		for i, g := range p.Grad {
			m[i] = a.Beta1*m[i] + (1-a.Beta1)*g
			s[i] = a.Beta2*s[i] + (1-a.Beta2)*g*g
			p.Value[i] -= step * m[i] / (math.Sqrt(s[i])*invSqrtC2 + a.Epsilon)
		}
	}
}

// Name returns "adam".
func (a *Adam) Name() string { return "adam" }

// ensureBuffers returns one zeroed buffer per parameter, reusing bufs when
// it already fits.
func ensureBuffers(bufs [][]float64, params []Param) [][]float64 {
	if len(bufs) == len(params) {
		return bufs
	}
	bufs = make([][]float64, len(params))
	for i, p := range params {
		bufs[i] = make([]float64, len(p.Value))
	}
	return bufs
}

// NewOptimizer returns the optimizer called name: "sgd", "momentum"
// (μ = 0.9) or "adam" (the usual constants).
func NewOptimizer(name string) (Optimizer, error) {
	switch name {
	case "sgd":
		return SGD{}, nil
	case "momentum":
		return &Momentum{Mu: 0.9}, nil
	case "adam":
		return NewAdam(), nil
	}
	return nil, fmt.Errorf("nnlib: unknown optimizer %q, want sgd, momentum or adam", name)
}

// A Schedule gives the learning rate of an epoch (1…epochs) of a run from
// the base rate η₀.
type Schedule func(base float64, epoch, epochs int) float64

// ConstantRate keeps η = η₀ throughout.
func ConstantRate(base float64, epoch, epochs int) float64 { return base }

// CosineRate decays η from η₀ towards 0 along half a cosine:
// η = η₀·(1 + cos(π·(epoch−1)/epochs))/2.
func CosineRate(base float64, epoch, epochs int) float64 {
	return base * (1 + math.Cos(math.Pi*float64(epoch-1)/float64(epochs))) / 2
}

// StepRate returns a schedule that multiplies η by factor every `every`
// epochs: η = η₀·factor^⌊(epoch−1)/every⌋. It panics if every is not
// positive.
func StepRate(every int, factor float64) Schedule {
	if every <= 0 {
		panic(fmt.Sprintf("nnlib: StepRate: every = %d, want > 0", every))
	}
	return func(base float64, epoch, epochs int) float64 {
		return base * math.Pow(factor, float64((epoch-1)/every))
	}
}

// NewSchedule returns the schedule called name: "constant", "cosine", or
// "step" (halving every 5 epochs).
func NewSchedule(name string) (Schedule, error) {
	switch name {
	case "constant", "":
		return ConstantRate, nil
	case "cosine":
		return CosineRate, nil
	case "step":
		return StepRate(5, 0.5), nil
	}
	return nil, fmt.Errorf("nnlib: unknown learning-rate schedule %q, want constant, cosine or step", name)
}
