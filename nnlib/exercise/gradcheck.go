package exercise

import (
	"fmt"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

var centralDifferenceSpec = &spec{
	name: "grad-check", fn: "centralDifference", notebook: "03-backprop",
	signature: "func centralDifference(f func() float64, v []float64, i int, h float64) float64",
	hints: map[string]string{
		mistakeStart:    "Start here: remember old := v[i]; set v[i] = old + h and call f(), then v[i] = old − h and call f() again; put v[i] = old back and return the difference of the two over 2h.",
		mistakeOther:    "(f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h: move only v[i], by +h and by −h, call f after each move, and restore v[i].",
		"forward":       "That is a one-sided difference, exact only to O(h); the central one, (f(v + h) − f(v − h)) / 2h, is exact to O(h²).",
		"no-half":       "The two probes are 2h apart: divide their difference by 2h, not h.",
		"sign":          "Plus minus minus: (f(v + h) − f(v − h)) / 2h.",
		"not-restored":  "Put v[i] back to its old value at the end: f reads v, and the caller (and the next entry checked) expects it unchanged.",
		"other-entries": "Move only entry i of v: every other entry must stay as it is.",
		"f-not-called":  "f reads v each time it is called: change v[i] first, then call f(), for each of the two probes.",
	},
}

// CheckCentralDifference checks the learner's
//
//	func centralDifference(f func() float64, v []float64, i int, h float64) float64
//
// which must return the central difference of f along entry i of v, which
// f reads,
//
//	(f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h,  exact up to O(h²),
//
// and leave v as it found it, as nnlib.CentralDifference does. The
// functions differentiated are curved enough that a one-sided difference,
// exact only to O(h), is told apart.
func CheckCentralDifference(centralDifference func(f func() float64, v []float64, i int, h float64) float64) Result {
	s := centralDifferenceSpec
	if centralDifference == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(11)
		type cdCase struct {
			name string
			v    []float64
			h    float64
			f    func(v []float64) float64
		}
		cubic := func(v []float64) float64 { // Σ (k+1)·v_k³ + v₀·v₁ + exp(v₂)
			var sum float64
			for k, x := range v {
				sum += float64(k+1) * x * x * x
			}
			return sum + v[0]*v[1] + math.Exp(v[2])
		}
		logSumExp := func(v []float64) float64 {
			m := maxOf(v)
			var sum float64
			for _, x := range v {
				sum += math.Exp(2 * (x - m))
			}
			return 2*m + math.Log(sum) + v[0]*v[0]*v[0]
		}
		cases := []cdCase{
			{"the fixed cubic, v = [1, 2, −0.5, 3], h = 1e-3", []float64{1, 2, -0.5, 3}, 1e-3, cubic},
			{"the cubic at a random v, h = 1e-4", randVec(6, 1.5, rng), 1e-4, cubic},
			{"a log-sum-exp at a random v, h = 1e-3", randVec(5, 1, rng), 1e-3, logSumExp},
		}
		checked := 0
		for _, c := range cases {
			for i := range c.v {
				checked++
				name := fmt.Sprintf("%s, entry i = %d", c.name, i)
				v := append([]float64(nil), c.v...)
				calls := 0
				f := func() float64 { calls++; return c.f(v) }
				got := centralDifference(f, v, i, c.h)
				ref := append([]float64(nil), c.v...)
				want := nnlib.CentralDifference(func() float64 { return c.f(ref) }, ref, i, c.h)
				for k := range v {
					if k != i && v[k] != c.v[k] {
						return s.notYet(name, fmt.Sprintf("v[%d] changed from %s to %s.", k, num(c.v[k]), num(v[k])), "other-entries")
					}
				}
				if math.Abs(v[i]-c.v[i]) > 1e-12*max(1, math.Abs(c.v[i])) {
					return s.notYet(name, fmt.Sprintf("v[%d] is %s after the call; it was %s.", i, num(v[i]), num(c.v[i])), "not-restored")
				}
				msg := mismatch(value{name: "the difference", cols: -1, got: []float64{got}, want: []float64{want}})
				if msg == "" {
					continue
				}
				probe := func(d float64) float64 {
					w := append([]float64(nil), c.v...)
					w[i] += d
					return c.f(w)
				}
				f0, fp, fm := c.f(c.v), probe(c.h), probe(-c.h)
				mistake := mistakeOther
				switch {
				case got == 0 && calls == 0:
					mistake = mistakeStart
				case got == 0:
					mistake = "f-not-called"
				case near(got, (fp-f0)/c.h) || near(got, (f0-fm)/c.h):
					mistake = "forward"
				case near(got, 2*want):
					mistake = "no-half"
				case near(got, -want) || near(got, -2*want):
					mistake = "sign"
				}
				return s.notYet(name, msg, mistake)
			}
		}
		return s.passed(checked, "centralDifference agrees with nnlib.CentralDifference and leaves v as it was")
	})
}
