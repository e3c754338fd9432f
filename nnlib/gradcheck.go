package nnlib

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Differentiable is a model whose loss on a batch is a function of its
// parameters and which can compute that function's gradient. *Network is
// one; GradCheck accepts any, so that a deliberately broken model can be
// shown being caught.
type Differentiable interface {
	Params() []Param
	Loss(x *mat.Dense, labels []int) float64
	LossAndGradients(x *mat.Dense, labels []int) float64
}

// GradCheckOptions tune GradCheck. The zero value checks every parameter
// with ε = 1e-5.
type GradCheckOptions struct {
	Epsilon float64 // the step h of the central difference; 0 means 1e-5

	// PerParam, when > 0, checks only that many entries of each parameter
	// tensor, drawn by Rng; 0 checks them all.
	PerParam int
	Rng      *rand.Rand
}

// ParamCheck is the result of checking one parameter tensor.
type ParamCheck struct {
	Name        string
	Checked     int     // entries compared
	Total       int     // entries in the tensor
	MaxRelError float64 // the largest relative error among them
	Worst       int     // the index of that entry
	Backprop    float64 // the gradient backpropagation gave there
	Numerical   float64 // the central difference there
	AbsError    float64 // |Backprop − Numerical| there
}

// GradCheckResult is the result of GradCheck: one ParamCheck per parameter
// and the largest relative error over all of them.
type GradCheckResult struct {
	Params      []ParamCheck
	MaxRelError float64
}

// GradCheck compares the gradient that m computes by backpropagation with
// the central difference of its loss on the batch (x, labels), one
// parameter at a time:
//
//	∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h,  which is exact up to O(h²),
//
// and returns the relative error of every checked entry,
//
//	|backprop − numerical| / max(|backprop|, |numerical|, 1e-8),
//
// the largest per parameter. Correct backprop in float64 usually gives
// 1e-7 or less, but an entry whose gradient is tiny can show more: the
// central difference carries an absolute rounding error of about u·|L|/h,
// where u = 2⁻⁵² is float64's precision (≈ 5e-11 for L ≈ 2.3, h = 1e-5),
// and near a ReLU's kink, where the loss bends, the difference straddles
// two slopes. AbsError lets a reader
// tell apart. A wrong formula gives errors near 1. The floor 1e-8 keeps
// gradients that are zero for both (a dead ReLU) from dividing 0 by 0.
// m's parameters are restored exactly after each probe.
func GradCheck(m Differentiable, x *mat.Dense, labels []int, opts GradCheckOptions) GradCheckResult {
	h := opts.Epsilon
	if h == 0 {
		h = 1e-5
	}
	m.LossAndGradients(x, labels)
	var res GradCheckResult
	for _, p := range m.Params() {
		backprop := p.Grad // Loss, unlike LossAndGradients, leaves it alone
		indices := checkIndices(len(p.Value), opts)
		pc := ParamCheck{Name: p.Name, Checked: len(indices), Total: len(p.Value)}
		for _, i := range indices {
			numerical := CentralDifference(func() float64 { return m.Loss(x, labels) }, p.Value, i, h)
			if e := RelativeError(backprop[i], numerical); e >= pc.MaxRelError {
				pc.MaxRelError, pc.Worst, pc.Backprop, pc.Numerical = e, i, backprop[i], numerical
				pc.AbsError = math.Abs(backprop[i] - numerical)
			}
		}
		res.Params = append(res.Params, pc)
		res.MaxRelError = max(res.MaxRelError, pc.MaxRelError)
	}
	return res
}

// CentralDifference returns (f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h, the slope of
// f along entry i of v, which f must read. v[i] is restored exactly.
func CentralDifference(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	v[i] = old + h
	plus := f()
	v[i] = old - h
	minus := f()
	v[i] = old
	return (plus - minus) / (2 * h)
}

// RelativeError returns |a − b| / max(|a|, |b|, 1e-8).
func RelativeError(a, b float64) float64 {
	return math.Abs(a-b) / max(math.Abs(a), math.Abs(b), 1e-8)
}

// checkIndices returns the entries of an n-entry tensor to check.
func checkIndices(n int, opts GradCheckOptions) []int {
	if opts.PerParam <= 0 || opts.PerParam >= n {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		return all
	}
	return opts.Rng.Perm(n)[:opts.PerParam]
}
