package exercise

import (
	"fmt"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

var sgdStepSpec = &spec{
	name: "sgd-step", fn: "sgdStep", notebook: "04-convergence",
	signature: "func sgdStep(w, g []float64, lr float64)",
	hints: map[string]string{
		mistakeStart:   "Start here: for every i, w[i] -= lr * g[i].",
		mistakeOther:   "One step of gradient descent: w ← w − η·g, entry by entry, changing w in place.",
		"ascent":       "Step against the gradient: w ← w − η·g; adding η·g climbs the loss.",
		"no-rate":      "Scale the step by the learning rate: w ← w − η·g, not w − g.",
		"changes-grad": "Change only w: g is the gradient, an input.",
	},
}

// CheckSGDStep checks the learner's
//
//	func sgdStep(w, g []float64, lr float64)
//
// which must take one step of gradient descent in place, w ← w − η·g with
// η = lr, as nnlib.SGD's Step does.
func CheckSGDStep(sgdStep func(w, g []float64, lr float64)) Result {
	s := sgdStepSpec
	if sgdStep == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(12)
		type sgdCase struct {
			name string
			w, g []float64
			rate float64
		}
		cases := []sgdCase{
			{"the fixed case, lr = 0.5", []float64{1, -2, 0.5}, []float64{0.1, 0.2, -0.3}, 0.5},
			{"a random case of 10 weights, lr = 0.01", randVec(10, 1, rng), randVec(10, 1, rng), 0.01},
			{"a random case of 100 weights, lr = 0.1", randVec(100, 1, rng), randVec(100, 3, rng), 0.1},
		}
		for _, c := range cases {
			w, g := append([]float64(nil), c.w...), append([]float64(nil), c.g...)
			sgdStep(w, g, c.rate)
			if !nearAll(g, c.g) {
				return s.notYet(c.name, "g was changed.", "changes-grad")
			}
			want := append([]float64(nil), c.w...)
			nnlib.SGD{}.Step([]nnlib.Param{{Name: "w", Value: want, Grad: c.g}}, c.rate)
			msg := mismatch(value{name: "w", got: w, want: want})
			if msg == "" {
				continue
			}
			mistake := mistakeOther
			switch {
			case nearAll(w, c.w):
				mistake = mistakeStart
			case nearAll(w, axpy(c.w, c.rate, c.g)):
				mistake = "ascent"
			case nearAll(w, axpy(c.w, -1, c.g)):
				mistake = "no-rate"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "sgdStep agrees with nnlib.SGD")
	})
}

// axpy returns x + a·y as a new slice.
func axpy(x []float64, a float64, y []float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		out[i] = x[i] + a*y[i]
	}
	return out
}

var momentumStepSpec = &spec{
	name: "momentum-step", fn: "momentumStep", notebook: "07-optimizers",
	signature: "func momentumStep(w, v, g []float64, lr, mu float64)",
	hints: map[string]string{
		mistakeStart:   "Start here: for every i, first v[i] = mu*v[i] + g[i], then w[i] -= lr * v[i].",
		mistakeOther:   "Momentum: v ← μ·v + g, then w ← w − η·v, entry by entry, both in place.",
		"old-velocity": "Update v first, then move w by the new velocity: v ← μ·v + g, then w ← w − η·v.",
		"dampened":     "Here v is a decaying sum, not an average: v ← μ·v + g, with no (1 − μ) factor on g.",
		"no-mu":        "The old velocity decays: v ← μ·v + g, not v + g.",
		"stores-step":  "In this exercise v accumulates gradients, v ← μ·v + g, and w ← w − η·v; storing −η·g in v (the other convention) moves w alike but leaves another v.",
		"ascent":       "Step against the velocity: w ← w − η·v.",
		"v-not-stored": "Store the new velocity in v: the next step starts from it.",
		"changes-grad": "Change only w and v: g is the gradient, an input.",
	},
}

// CheckMomentumStep checks the learner's
//
//	func momentumStep(w, v, g []float64, lr, mu float64)
//
// which must take one step of gradient descent with (heavy-ball) momentum,
// in place,
//
//	v ← μ·v + g
//	w ← w − η·v
//
// with η = lr and μ = mu, as nnlib.Momentum's Step does. Each case runs
// several steps from v = 0, with a new gradient each, and compares w and v
// after every step.
func CheckMomentumStep(momentumStep func(w, v, g []float64, lr, mu float64)) Result {
	s := momentumStepSpec
	if momentumStep == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(13)
		type momCase struct {
			name     string
			w        []float64
			grads    [][]float64
			rate, mu float64
		}
		cases := []momCase{
			{"the fixed case, lr = 0.1, mu = 0.9", []float64{1, -2, 0.5},
				[][]float64{{0.1, 0.2, -0.3}, {0.2, -0.1, 0.4}, {-0.3, 0.5, 0.1}}, 0.1, 0.9},
			{"a random case of 20 weights, lr = 0.05, mu = 0.5", randVec(20, 1, rng),
				[][]float64{randVec(20, 1, rng), randVec(20, 1, rng), randVec(20, 1, rng), randVec(20, 1, rng)}, 0.05, 0.5},
		}
		steps := 0
		for _, c := range cases {
			n := len(c.w)
			w, v := append([]float64(nil), c.w...), make([]float64, n)
			refW, refV := append([]float64(nil), c.w...), make([]float64, n)
			opt := &nnlib.Momentum{Mu: c.mu}
			for t, g0 := range c.grads {
				steps++
				name := fmt.Sprintf("%s, step %d", c.name, t+1)
				prevW, prevV := append([]float64(nil), refW...), append([]float64(nil), refV...)
				g := append([]float64(nil), g0...)
				momentumStep(w, v, g, c.rate, c.mu)
				if !nearAll(g, g0) {
					return s.notYet(name, "g was changed.", "changes-grad")
				}
				opt.Step([]nnlib.Param{{Name: "w", Value: refW, Grad: g0}}, c.rate)
				for i := range refV {
					refV[i] = c.mu*refV[i] + g0[i]
				}
				msg := mismatch(value{name: "w", got: w, want: refW}, value{name: "v", got: v, want: refV})
				if msg == "" {
					continue
				}
				alt := func(vNew []float64, sign float64, byOld bool) []float64 {
					if byOld {
						return axpy(prevW, -c.rate, prevV)
					}
					return axpy(prevW, sign*c.rate, vNew)
				}
				dampened := axpy(scaled(c.mu, prevV), 1-c.mu, g0)
				noMu := axpy(prevV, 1, g0)
				storesStep := axpy(scaled(c.mu, prevV), -c.rate, g0)
				mistake := mistakeOther
				switch {
				case nearAll(w, prevW) && nearAll(v, prevV):
					mistake = mistakeStart
				case nearAll(v, refV) && nearAll(w, alt(refV, 1, true)):
					mistake = "old-velocity"
				case nearAll(v, dampened) && nearAll(w, alt(dampened, -1, false)):
					mistake = "dampened"
				case nearAll(v, noMu) && nearAll(w, alt(noMu, -1, false)):
					mistake = "no-mu"
				case nearAll(v, storesStep) && nearAll(w, axpy(prevW, 1, storesStep)):
					mistake = "stores-step"
				case nearAll(v, refV) && nearAll(w, alt(refV, 1, false)):
					mistake = "ascent"
				case nearAll(v, prevV) && nearAll(w, refW):
					mistake = "v-not-stored"
				}
				return s.notYet(name, msg, mistake)
			}
		}
		return s.passed(steps, "momentumStep agrees with nnlib.Momentum, step by step,")
	})
}

var adamStepSpec = &spec{
	name: "adam-step", fn: "adamStep", notebook: "07-optimizers",
	signature: "func adamStep(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64)",
	hints: map[string]string{
		mistakeStart:         "Start here: for every i, m[i] = beta1*m[i] + (1−beta1)*g[i]; s[i] = beta2*s[i] + (1−beta2)*g[i]*g[i]; then w[i] -= lr * m̂/(√ŝ + eps) with m̂ = m[i]/(1−beta1ᵗ), ŝ = s[i]/(1−beta2ᵗ).",
		mistakeOther:         "Adam: m ← β₁·m + (1−β₁)·g, s ← β₂·s + (1−β₂)·g², m̂ = m/(1−β₁ᵗ), ŝ = s/(1−β₂ᵗ), w ← w − η·m̂/(√ŝ + ε).",
		"no-bias-correction": "Correct the moments for starting at 0: m̂ = m/(1 − β₁ᵗ) and ŝ = s/(1 − β₂ᵗ) (math.Pow(beta1, float64(t))); without it the first steps have the wrong size.",
		"bias-t-off":         "t is the step number, 1 at the first step: correct by 1 − β₁ᵗ and 1 − β₂ᵗ with that very t.",
		"no-square":          "s averages the squared gradient: s ← β₂·s + (1−β₂)·g², not (1−β₂)·g.",
		"eps-in-sqrt":        "Add ε after the square root: η·m̂/(√ŝ + ε), not η·m̂/√(ŝ + ε); it matters when gradients are tiny.",
		"hard-coded":         "Use the beta1, beta2 and eps passed in, not the usual 0.9, 0.999 and 1e-8 written as constants.",
		"ascent":             "Step against the gradient: w ← w − η·m̂/(√ŝ + ε).",
		"moments-not-stored": "Store the new m and s back into their slices: the next step starts from them.",
		"changes-grad":       "Change only w, m and s: g is the gradient, an input.",
	},
}

// CheckAdamStep checks the learner's
//
//	func adamStep(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64)
//
// which must take step t (1 for the first) of Adam in place:
//
//	m ← β₁·m + (1−β₁)·g
//	s ← β₂·s + (1−β₂)·g²
//	m̂ = m/(1−β₁ᵗ),  ŝ = s/(1−β₂ᵗ)
//	w ← w − η·m̂/(√ŝ + ε)
//
// with η = lr, as nnlib.Adam's Step does. Each case runs several steps from
// m = s = 0 and compares w, m and s after every step; one case has
// gradients near 1e-6, where ε placed inside the root shows, and one has
// β₁ = 0.8, β₂ = 0.99, ε = 1e-6, where constants written in show.
func CheckAdamStep(adamStep func(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64)) Result {
	sp := adamStepSpec
	if adamStep == nil {
		return sp.wrongType(nil)
	}
	return sp.run(func() Result {
		rng := newRand(14)
		type adamCase struct {
			name             string
			w                []float64
			grads            [][]float64
			rate, b1, b2, ep float64
		}
		randGrads := func(steps, n int, sd float64) [][]float64 {
			var gs [][]float64
			for range steps {
				gs = append(gs, randVec(n, sd, rng))
			}
			return gs
		}
		cases := []adamCase{
			{"the fixed case, lr = 0.01", []float64{1, -2, 0.5},
				[][]float64{{0.1, 0.2, -0.3}, {0.2, -0.1, 0.4}, {-0.3, 0.5, 0.1}}, 0.01, 0.9, 0.999, 1e-8},
			{"a random case of 20 weights, lr = 0.001", randVec(20, 1, rng), randGrads(5, 20, 1), 0.001, 0.9, 0.999, 1e-8},
			{"a random case with gradients near 1e-6", randVec(5, 1, rng), randGrads(3, 5, 1e-6), 0.01, 0.9, 0.999, 1e-8},
			{"a random case with beta1 = 0.8, beta2 = 0.99, eps = 1e-6", randVec(8, 1, rng), randGrads(4, 8, 0.01), 0.01, 0.8, 0.99, 1e-6},
		}
		steps := 0
		for _, c := range cases {
			n := len(c.w)
			w, m, s := append([]float64(nil), c.w...), make([]float64, n), make([]float64, n)
			refW, refM, refS := append([]float64(nil), c.w...), make([]float64, n), make([]float64, n)
			opt := &nnlib.Adam{Beta1: c.b1, Beta2: c.b2, Epsilon: c.ep}
			for k, g0 := range c.grads {
				steps++
				t := k + 1
				name := fmt.Sprintf("%s, step t = %d", c.name, t)
				prevW, prevM, prevS := append([]float64(nil), refW...), append([]float64(nil), refM...), append([]float64(nil), refS...)
				g := append([]float64(nil), g0...)
				adamStep(w, m, s, g, t, c.rate, c.b1, c.b2, c.ep)
				if !nearAll(g, g0) {
					return sp.notYet(name, "g was changed.", "changes-grad")
				}
				opt.Step([]nnlib.Param{{Name: "w", Value: refW, Grad: g0}}, c.rate)
				refM, refS = adamMoments(prevM, prevS, g0, c.b1, c.b2, false)
				msg := mismatch(value{name: "w", got: w, want: refW}, value{name: "m", got: m, want: refM}, value{name: "s", got: s, want: refS})
				if msg == "" {
					continue
				}
				step := func(tc, b1, b2, ep float64, epsInSqrt, correct bool, sign float64) []float64 {
					mm, ss := adamMoments(prevM, prevS, g0, b1, b2, false)
					out := append([]float64(nil), prevW...)
					c1, c2 := 1-math.Pow(b1, tc), 1-math.Pow(b2, tc)
					if !correct {
						c1, c2 = 1, 1
					}
					for i := range out {
						mh, sh := mm[i]/c1, ss[i]/c2
						den := math.Sqrt(sh) + ep
						if epsInSqrt {
							den = math.Sqrt(sh + ep)
						}
						out[i] -= sign * c.rate * mh / den
					}
					return out
				}
				ft := float64(t)
				_, noSq := adamMoments(prevM, prevS, g0, c.b1, c.b2, true)
				mistake := mistakeOther
				switch {
				case nearAll(w, prevW) && nearAll(m, prevM) && nearAll(s, prevS):
					mistake = mistakeStart
				case nearAll(s, noSq) && !nearAll(s, refS):
					mistake = "no-square"
				case nearAll(w, step(ft, c.b1, c.b2, c.ep, false, false, 1)):
					mistake = "no-bias-correction"
				case nearAll(w, step(ft+1, c.b1, c.b2, c.ep, false, true, 1)) || nearAll(w, step(ft-1, c.b1, c.b2, c.ep, false, true, 1)):
					mistake = "bias-t-off"
				case nearAll(w, step(ft, c.b1, c.b2, c.ep, true, true, 1)):
					mistake = "eps-in-sqrt"
				case c.b1 != 0.9 && (nearAll(w, step(ft, 0.9, 0.999, 1e-8, false, true, 1)) || nearAll(m, adamM(prevM, g0, 0.9))):
					mistake = "hard-coded"
				case nearAll(w, step(ft, c.b1, c.b2, c.ep, false, true, -1)):
					mistake = "ascent"
				case nearAll(m, prevM) && nearAll(s, prevS) && !nearAll(w, prevW):
					mistake = "moments-not-stored"
				}
				return sp.notYet(name, msg, mistake)
			}
		}
		return sp.passed(steps, "adamStep agrees with nnlib.Adam, step by step,")
	})
}

// adamMoments returns Adam's new moments from m, s and the gradient g;
// with noSquare, s averages g instead of g² (a mistake the check knows).
func adamMoments(m, s, g []float64, b1, b2 float64, noSquare bool) (mNew, sNew []float64) {
	mNew, sNew = adamM(m, g, b1), make([]float64, len(s))
	for i, x := range g {
		if noSquare {
			sNew[i] = b2*s[i] + (1-b2)*x
		} else {
			sNew[i] = b2*s[i] + (1-b2)*x*x
		}
	}
	return mNew, sNew
}

// adamM returns β₁·m + (1−β₁)·g.
func adamM(m, g []float64, b1 float64) []float64 {
	out := make([]float64, len(m))
	for i := range m {
		out[i] = b1*m[i] + (1-b1)*g[i]
	}
	return out
}
