package notebook

import (
	"math"
	"math/rand/v2"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// Sharpness estimates λ_max, the largest eigenvalue of the Hessian of
// net's mean loss on d: the curvature of the loss along its steepest
// direction. Gradient descent with learning rate η is stable along a
// direction of curvature λ only if η < 2/λ (each step multiplies the
// distance to the minimum along it by |1 − ηλ|), so 2/λ_max is the largest
// stable rate at the current weights.
//
// It runs power iteration, v ← H·v/‖H·v‖, starting from a random v drawn by
// rng, for the given number of iterations. Each product H·v comes from two
// gradients, by central differences: H·v ≈ (∇L(w + h·v) − ∇L(w − h·v))/2h.
// The weights are put back exactly as they were; the gradients in the
// layers are overwritten.
func Sharpness(net *nnlib.Network, d nnlib.Dataset, iterations int, rng *rand.Rand) float64 {
	const h = 1e-3
	saved := net.Clone()
	defer net.CopyParamsFrom(saved) // undo the rounding of the moves w ± h·v
	params := net.Params()
	v := flatten(params, func(p nnlib.Param) []float64 { return p.Value })
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	normalize(v)
	lambda := 0.0
	for range iterations {
		move(params, v, h)
		net.LossAndGradients(d.X, d.Labels)
		plus := flatten(params, func(p nnlib.Param) []float64 { return p.Grad })
		move(params, v, -2*h)
		net.LossAndGradients(d.X, d.Labels)
		minus := flatten(params, func(p nnlib.Param) []float64 { return p.Grad })
		move(params, v, h)
		lambda = 0
		for i := range v {
			hv := (plus[i] - minus[i]) / (2 * h)
			lambda += hv * v[i] // the Rayleigh quotient vᵀHv, v of length 1
			plus[i] = hv
		}
		copy(v, plus)
		normalize(v)
	}
	return lambda
}

// flatten returns the concatenation of part(p) for every parameter.
func flatten(params []nnlib.Param, part func(nnlib.Param) []float64) []float64 {
	var all []float64
	for _, p := range params {
		all = append(all, part(p)...)
	}
	return all
}

// move adds step·v to the parameters, v being their concatenation.
func move(params []nnlib.Param, v []float64, step float64) {
	k := 0
	for _, p := range params {
		for i := range p.Value {
			p.Value[i] += step * v[k]
			k++
		}
	}
}

// normalize scales v to length 1.
func normalize(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	s = math.Sqrt(s)
	for i := range v {
		v[i] /= s
	}
}
