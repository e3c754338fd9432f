package exercise

import (
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

var softmaxSpec = &spec{
	name: "softmax", fn: "softmax", notebook: "02-forward-pass",
	signature: "func softmax(p, z *mat.Dense)",
	hints: map[string]string{
		mistakeStart:    "Start here: for each row i, find its largest logit mᵢ, set p[i,j] = exp(z[i,j] − mᵢ), then divide the row by its sum.",
		mistakeOther:    "p[i,j] = exp(z[i,j] − mᵢ) / Σₖ exp(z[i,k] − mᵢ), with mᵢ the largest entry of row i.",
		"no-max":        "exp(1000) overflows to +Inf, and Inf/Inf is NaN: subtract each row's maximum from its logits before exp (it cancels out in the ratio).",
		"global-max":    "Subtract each row's own maximum: with one maximum for the whole batch, a row far below it underflows to exp(−1000) = 0 everywhere, and 0/0 is NaN.",
		"columns":       "Each row is one example: normalise across the row (over the classes), not down a column (over the batch).",
		"no-normalise":  "Each row of p must sum to 1: divide every exp(z[i,j] − mᵢ) by the sum of its row.",
		"changes-input": "Write into p and leave z as it was.",
	},
}

// CheckSoftmax checks the learner's
//
//	func softmax(p, z *mat.Dense)
//
// which must turn each row of logits z into probabilities,
//
//	p[i,j] = exp(z[i,j] − mᵢ) / Σₖ exp(z[i,k] − mᵢ),  mᵢ = maxₖ z[i,k],
//
// as nnlib.Softmax does, without overflowing: among the cases are logits of
// 1000, whose exp is +Inf in float64.
func CheckSoftmax(softmax func(p, z *mat.Dense)) Result {
	s := softmaxSpec
	if softmax == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(3)
		cases := []struct {
			name string
			z    *mat.Dense
		}{
			{"the fixed 2×3 case", mat.NewDense(2, 3, []float64{1, 2, 3, 0, 0, 0})},
			{"the fixed 2×3 case with large logits", mat.NewDense(2, 3, []float64{1000, 999, 998, 0, 1, 2})},
			{"a random 5×10 case", randn(5, 10, 5, rng)},
			{"a random 8×4 case with logits in the hundreds", randn(8, 4, 300, rng)},
		}
		for _, c := range cases {
			r, cols := c.z.Dims()
			z, p := mat.DenseCopyOf(c.z), filled(r, cols, stale)
			softmax(p, z)
			got := data(p)
			switch {
			case allEqual(got, stale):
				if !mat.Equal(z, c.z) {
					return s.notYet(c.name, "p was not written and z was changed.", "changes-input")
				}
				return s.notYet(c.name, "p was not written.", mistakeStart)
			case !mat.Equal(z, c.z):
				return s.notYet(c.name, "z was changed; it is the input.", "changes-input")
			}
			want := mat.NewDense(r, cols, nil)
			nnlib.Softmax(want, c.z)
			msg := mismatch(value{name: "p", cols: cols, got: got, want: data(want)})
			if msg == "" {
				continue
			}
			zv := data(c.z)
			mistake := mistakeOther
			switch {
			case nearAll(got, softmaxAlt(r, cols, zv, 0, false)):
				mistake = "no-max"
			case nearAll(got, softmaxAlt(r, cols, zv, maxOf(zv), false)):
				mistake = "global-max"
			case nearAll(got, transposed(cols, r, data(stableSoftmax(mat.DenseCopyOf(c.z.T()))))):
				mistake = "columns"
			case !rowsSumToOne(got, cols):
				mistake = "no-normalise"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "softmax agrees with nnlib.Softmax, large logits included,")
	})
}

// softmaxAlt returns the rows of z exponentiated after subtracting shift
// (the row's maximum if rowMax), normalised: the naive softmax for shift 0,
// the one shifted by the batch's maximum otherwise.
func softmaxAlt(r, c int, z []float64, shift float64, rowMax bool) []float64 {
	out := make([]float64, len(z))
	for i := range r {
		row := z[i*c : (i+1)*c]
		m := shift
		if rowMax {
			m = maxOf(row)
		}
		var sum float64
		for j, v := range row {
			out[i*c+j] = math.Exp(v - m)
			sum += out[i*c+j]
		}
		for j := range row {
			out[i*c+j] /= sum
		}
	}
	return out
}

// stableSoftmax returns nnlib.Softmax of z.
func stableSoftmax(z *mat.Dense) *mat.Dense {
	r, c := z.Dims()
	p := mat.NewDense(r, c, nil)
	nnlib.Softmax(p, z)
	return p
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

// rowsSumToOne reports whether every row of the row-major v, c wide, sums
// to 1.
func rowsSumToOne(v []float64, c int) bool {
	for i := 0; i < len(v); i += c {
		var sum float64
		for _, x := range v[i : i+c] {
			sum += x
		}
		if !(math.Abs(sum-1) < 1e-9) {
			return false
		}
	}
	return true
}

var crossEntropySpec = &spec{
	name: "cross-entropy", fn: "crossEntropy", notebook: "02-forward-pass",
	signature: "func crossEntropy(p *mat.Dense, labels []int) float64",
	hints: map[string]string{
		mistakeStart:    "Start here: add up −log p[i, labels[i]] over the rows i, then divide by the number of rows B = len(labels).",
		mistakeOther:    "L = −(1/B) Σᵢ log p[i, yᵢ]: only each row's true class counts, with the natural log (math.Log), averaged over the batch.",
		"sum":           "The loss is the mean over the batch, not the sum: divide by B = len(labels).",
		"sign":          "log p ≤ 0, so the loss is −log p: a minus sign is missing.",
		"all-classes":   "Only the probability of the true class counts: −log p[i, labels[i]], not a sum over every class.",
		"log-base":      "Use the natural logarithm, math.Log (not math.Log10 or math.Log2).",
		"changes-input": "Leave p as it was: the loss only reads it.",
	},
}

// CheckCrossEntropy checks the learner's
//
//	func crossEntropy(p *mat.Dense, labels []int) float64
//
// which must return the mean cross-entropy of the probabilities p (B×C,
// rows summing to 1) against the true classes,
//
//	L = −(1/B) Σᵢ log p[i, yᵢ],
//
// as nnlib.CrossEntropy does.
func CheckCrossEntropy(crossEntropy func(p *mat.Dense, labels []int) float64) Result {
	s := crossEntropySpec
	if crossEntropy == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(4)
		type ceCase struct {
			name   string
			p      *mat.Dense
			labels []int
		}
		cases := []ceCase{
			{"the fixed 2×3 case", mat.NewDense(2, 3, []float64{0.7, 0.2, 0.1, 0.1, 0.1, 0.8}), []int{0, 2}},
			{"the fixed 1×2 case", mat.NewDense(1, 2, []float64{0.25, 0.75}), []int{0}},
		}
		for _, bc := range [][2]int{{6, 10}, {32, 10}} {
			cases = append(cases, ceCase{"a random " + shape(bc[0], bc[1]) + " case",
				stableSoftmax(randn(bc[0], bc[1], 2, rng)), randLabels(bc[0], bc[1], rng)})
		}
		for _, c := range cases {
			p := mat.DenseCopyOf(c.p)
			got := crossEntropy(p, append([]int(nil), c.labels...))
			if !mat.Equal(p, c.p) {
				return s.notYet(c.name, "p was changed.", "changes-input")
			}
			want := nnlib.CrossEntropy(c.p, c.labels)
			msg := mismatch(value{name: "the loss", cols: -1, got: []float64{got}, want: []float64{want}})
			if msg == "" {
				continue
			}
			b := float64(len(c.labels))
			var all float64
			r, cols := c.p.Dims()
			for i := range r {
				for j := range cols {
					all -= math.Log(c.p.At(i, j))
				}
			}
			mistake := mistakeOther
			switch {
			case got == 0:
				mistake = mistakeStart
			case near(got, b*want):
				mistake = "sum"
			case near(got, -want) || near(got, -b*want):
				mistake = "sign"
			case near(got, all/b) || near(got, all):
				mistake = "all-classes"
			case near(got, want/math.Ln10) || near(got, want/math.Ln2):
				mistake = "log-base"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "crossEntropy agrees with nnlib.CrossEntropy")
	})
}

var softmaxCEGradSpec = &spec{
	name: "softmax-ce-grad", fn: "softmaxCrossEntropyBackward", notebook: "03-backprop",
	signature: "func softmaxCrossEntropyBackward(d, p *mat.Dense, labels []int)",
	hints: map[string]string{
		mistakeStart:         "Start here: set d[i,j] = p[i,j]/B for every entry, then subtract 1/B at each row's true class, d[i, labels[i]].",
		mistakeOther:         "∂L/∂z = (P − Y)/B, where Y is 1 at each row's true class and 0 elsewhere, and B = len(labels).",
		"no-batch":           "Divide by the batch size B: the loss is a mean over B examples, so the gradient is (P − Y)/B, not P − Y.",
		"by-classes":         "Divide by the batch size B = len(labels), the number of rows, not by the number of classes C.",
		"sign":               "The gradient is (P − Y)/B, not (Y − P)/B: raising the true class's logit lowers the loss.",
		"no-one-hot":         "Subtract Y: 1/B comes off at each row's true class, d[i, labels[i]] = (p[i, labels[i]] − 1)/B.",
		"accumulates":        "Set d, don't add to it: d holds old values on entry.",
		"changes-input":      "Write into d and leave p as it was.",
		"one-hot-wrong-axis": "Y[i, labels[i]] = 1 marks row i's true class: subtract at d[i, labels[i]], not at d[labels[i], i].",
	},
}

// CheckSoftmaxCEGrad checks the learner's
//
//	func softmaxCrossEntropyBackward(d, p *mat.Dense, labels []int)
//
// which must set d to the gradient of the mean cross-entropy with respect
// to the logits z, given p = softmax(z):
//
//	∂L/∂z[i,j] = (p[i,j] − y[i,j]) / B,  y[i,j] = 1[j = labels[i]],
//
// as nnlib.SoftmaxCrossEntropyBackward does. Each case is also checked
// against the central difference of the loss with respect to z, which the
// message quotes.
func CheckSoftmaxCEGrad(softmaxCrossEntropyBackward func(d, p *mat.Dense, labels []int)) Result {
	s := softmaxCEGradSpec
	if softmaxCrossEntropyBackward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(5)
		type gradCase struct {
			name   string
			z      *mat.Dense
			labels []int
		}
		cases := []gradCase{
			{"the fixed 2×3 case", mat.NewDense(2, 3, []float64{1, 2, 3, 0.5, -1, 0}), []int{0, 2}},
		}
		for _, bc := range [][2]int{{4, 5}, {10, 10}} {
			cases = append(cases, gradCase{"a random " + shape(bc[0], bc[1]) + " case",
				randn(bc[0], bc[1], 2, rng), randLabels(bc[0], bc[1], rng)})
		}
		for _, c := range cases {
			pref := stableSoftmax(c.z)
			r, cols := pref.Dims()
			p, d := mat.DenseCopyOf(pref), filled(r, cols, stale)
			softmaxCrossEntropyBackward(d, p, append([]int(nil), c.labels...))
			got := data(d)
			switch {
			case allEqual(got, stale):
				return s.notYet(c.name, "d was not written.", mistakeStart)
			case !mat.Equal(p, pref):
				return s.notYet(c.name, "p was changed.", "changes-input")
			}
			want := mat.NewDense(r, cols, nil)
			nnlib.SoftmaxCrossEntropyBackward(want, pref, c.labels)
			zv := data(c.z)
			numerical := make([]float64, len(zv))
			for k := range zv {
				numerical[k] = nnlib.CentralDifference(func() float64 {
					return nnlib.CrossEntropy(stableSoftmax(mat.NewDense(r, cols, zv)), c.labels)
				}, zv, k, 1e-5)
			}
			wv := data(want)
			msg := mismatch(value{name: "d", cols: cols, got: got, want: wv, numerical: numerical})
			if msg == "" {
				continue
			}
			b, pv := float64(r), data(pref)
			byClasses := scaled(b/float64(cols), wv)
			wrongAxis := scaled(1/b, pv)
			for i, y := range c.labels {
				if y < r && i < cols {
					wrongAxis[y*cols+i] -= 1 / b
				}
			}
			mistake := mistakeOther
			switch {
			case nearAll(got, scaled(b, wv)):
				mistake = "no-batch"
			case nearAll(got, byClasses):
				mistake = "by-classes"
			case nearAll(got, scaled(-1, wv)) || nearAll(got, scaled(-b, wv)):
				mistake = "sign"
			case nearAll(got, scaled(1/b, pv)) || nearAll(got, pv):
				mistake = "no-one-hot"
			case nearAll(got, addConst(wv, stale)):
				mistake = "accumulates"
			case nearAll(got, wrongAxis):
				mistake = "one-hot-wrong-axis"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "softmaxCrossEntropyBackward agrees with nnlib and the central difference")
	})
}

// addConst returns v + x, entry by entry, as a new slice.
func addConst(v []float64, x float64) []float64 {
	return mapped(v, func(e float64) float64 { return e + x })
}

// shape formats r×c.
func shape(r, c int) string { return itoa(r) + "×" + itoa(c) }
