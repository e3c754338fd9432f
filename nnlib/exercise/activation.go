package exercise

import (
	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

var reluSpec = &spec{
	name: "relu", fn: "relu", notebook: "02-forward-pass",
	signature: "func relu(a, z *mat.Dense)",
	hints: map[string]string{
		mistakeStart:     "Start here: set every a[i,j] to max(0, z[i,j]), looping i over the rows and j over the columns of z (r, c := z.Dims()).",
		mistakeOther:     "ReLU keeps each positive entry of z as it is and turns every other entry into 0: a[i,j] = max(0, z[i,j]).",
		"min":            "ReLU keeps the positive part: max(0, z), not min(0, z).",
		"only-positives": "Set every entry of a, the zeros too: a is not cleared for you, so where z ≤ 0 it still holds old values.",
		"swapped":        "The destination comes first: relu(a, z) reads z and writes a = max(0, z), leaving z as it was.",
		"changes-input":  "Leave z as it was: write only into a (the backward pass needs the forward pass's values).",
	},
}

// CheckReLU checks the learner's
//
//	func relu(a, z *mat.Dense)
//
// which must set a = max(0, z) entry by entry, a and z being the same shape,
// without changing z, as nnlib.ReLU does. a holds stale values on entry.
func CheckReLU(relu func(a, z *mat.Dense)) Result {
	s := reluSpec
	if relu == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(1)
		cases := []struct {
			name string
			z    *mat.Dense
		}{
			{"the fixed 2×5 case", mat.NewDense(2, 5, []float64{-2, -0.5, 0, 0.5, 3, 1, -1, 2, -3, 0})},
			{"the fixed 1×3 case", mat.NewDense(1, 3, []float64{-1e-300, 7, -7})},
			{"a random 4×7 case", randn(4, 7, 1, rng)},
			{"a random 16×10 case", randn(16, 10, 3, rng)},
		}
		for _, c := range cases {
			r, cols := c.z.Dims()
			z := mat.DenseCopyOf(c.z)
			a := filled(r, cols, stale)
			relu(a, z)
			want := mat.NewDense(r, cols, nil)
			nnlib.ReLU(want, c.z)
			got, zin := data(a), data(c.z)
			zChanged := !mat.Equal(z, c.z)
			switch {
			case zChanged && allEqual(got, stale):
				return s.notYet(c.name, "a was not written and z was changed.", "swapped")
			case zChanged:
				return s.notYet(c.name, "z was changed; it is the input.", "changes-input")
			case allEqual(got, stale):
				return s.notYet(c.name, "a was not written.", mistakeStart)
			}
			msg := mismatch(value{name: "a", cols: cols, got: got, want: data(want)})
			if msg == "" {
				continue
			}
			mistake := mistakeOther
			switch {
			case nearAll(got, mapped(zin, func(v float64) float64 { return min(0, v) })):
				mistake = "min"
			case nearAll(got, mapped(zin, func(v float64) float64 {
				if v > 0 {
					return v
				}
				return stale
			})):
				mistake = "only-positives"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "relu agrees with nnlib.ReLU")
	})
}

var reluBackwardSpec = &spec{
	name: "relu-backward", fn: "reluBackward", notebook: "03-backprop",
	signature: "func reluBackward(d, a *mat.Dense)",
	hints: map[string]string{
		mistakeStart: "Start here: d is unchanged; zero d[i,j] wherever a[i,j] ≤ 0, where ReLU's slope is 0. (a = max(0, z) is never negative, so a test a < 0 masks nothing.)",
		mistakeOther: "∂L/∂z = ∂L/∂a ⊙ 1[a > 0]: keep d[i,j] where a[i,j] > 0 and set it to 0 elsewhere.",
		"wrong-side": "The mask is on the wrong side of zero: keep d where a > 0 and zero it where a ≤ 0.",
		"times-a":    "Multiply by ReLU's slope, 1[a > 0], which is 1 or 0, not by a itself.",
		"changes-a":  "Change only d: a is the forward pass's output, which the backward pass reads.",
	},
}

// CheckReLUBackward checks the learner's
//
//	func reluBackward(d, a *mat.Dense)
//
// which turns, in place, the gradient d = ∂L/∂a of a ReLU's output a into
// the gradient with respect to its input, ∂L/∂z = ∂L/∂a ⊙ 1[a > 0], without
// changing a, as nnlib.ReLUBackward does.
func CheckReLUBackward(reluBackward func(d, a *mat.Dense)) Result {
	s := reluBackwardSpec
	if reluBackward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(2)
		cases := []struct {
			name string
			z, d *mat.Dense
		}{
			{"the fixed 2×4 case", mat.NewDense(2, 4, []float64{-1, 0, 2, 0.5, 3, -2, 0, 1}),
				mat.NewDense(2, 4, []float64{0.1, -0.2, 0.3, -0.4, 0.5, 0.6, -0.7, 0.8})},
			{"a random 5×6 case", randn(5, 6, 1, rng), randn(5, 6, 1, rng)},
			{"a random 12×9 case", randn(12, 9, 1, rng), randn(12, 9, 0.01, rng)},
		}
		for _, c := range cases {
			r, cols := c.z.Dims()
			act := mat.NewDense(r, cols, nil)
			nnlib.ReLU(act, c.z)
			a, d := mat.DenseCopyOf(act), mat.DenseCopyOf(c.d)
			reluBackward(d, a)
			if !mat.Equal(a, act) {
				return s.notYet(c.name, "a was changed; it is the forward pass's output.", "changes-a")
			}
			want := mat.DenseCopyOf(c.d)
			nnlib.ReLUBackward(want, act)
			got, din, av := data(d), data(c.d), data(act)
			msg := mismatch(value{name: "d", cols: cols, got: got, want: data(want)})
			if msg == "" {
				continue
			}
			wrongSide, timesA := make([]float64, len(din)), make([]float64, len(din))
			for k, v := range din {
				if av[k] <= 0 {
					wrongSide[k] = v
				}
				timesA[k] = v * av[k]
			}
			mistake := mistakeOther
			switch {
			case nearAll(got, din):
				mistake = mistakeStart
			case nearAll(got, wrongSide):
				mistake = "wrong-side"
			case nearAll(got, timesA):
				mistake = "times-a"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "reluBackward agrees with nnlib.ReLUBackward")
	})
}

// mapped returns f applied to every entry of v.
func mapped(v []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = f(x)
	}
	return out
}
