package exercise

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

var heInitSpec = &spec{
	name: "he-init", fn: "heInit", notebook: "02-forward-pass",
	signature: "func heInit(in, out int, rng *rand.Rand) *mat.Dense",
	hints: map[string]string{
		mistakeStart:        "Start here: make an in×out matrix and set each entry to √(2/in)·rng.NormFloat64().",
		mistakeOther:        "He initialization draws every weight independently from a normal distribution with mean 0 and variance 2/n_in: √(2/in)·rng.NormFloat64().",
		"shape":             "W is in×out: one row per input, one column per output (mat.NewDense(in, out, nil)).",
		"variance-1-over-n": "That's a variance of 1/n_in (LeCun's); He's is 2/n_in, to make up for ReLU zeroing half of the inputs: std = √(2/in).",
		"no-sqrt":           "You scaled by the variance 2/n_in; rng.NormFloat64() has std 1, so scale it by the standard deviation √(2/in).",
		"uses-out":          "n is the number of inputs, in (the rows of W), not the number of outputs.",
		"unscaled":          "rng.NormFloat64() has std 1: scale it by √(2/in).",
		"not-centred":       "The weights must have mean 0: draw from rng.NormFloat64(), not rng.Float64(), which is uniform on [0, 1).",
		"not-normal":        "Draw from a normal distribution, rng.NormFloat64(), scaled by √(2/in): these weights have the right spread but another shape.",
		"constant":          "Draw each weight anew: call rng.NormFloat64() once per weight, not once for all.",
	},
}

// heCase is one draw that CheckHeInit measures.
type heCase struct {
	in, out int
	seed    uint64
}

// CheckHeInit checks the learner's
//
//	func heInit(in, out int, rng *rand.Rand) *mat.Dense
//
// which must return in×out weights drawn independently from the normal
// distribution N(0, 2/in), as nnlib.NewLinear does, using rng. It checks
// the spread of the weights it samples, for three shapes and fixed seeds,
// from 15 000 to 50 000 weights each: their standard deviation must be
// within 5% of √(2/in), their mean within 6 standard errors of 0 and their
// kurtosis within 0.5 of a normal distribution's 3. These bounds are 8 or
// more standard errors wide, so a correct answer passes for any seed, not
// only the fixed ones; a standard deviation of √(1/in), 2/in or √(2/out)
// is at least 29% off for every shape checked.
func CheckHeInit(heInit func(in, out int, rng *rand.Rand) *mat.Dense) Result {
	s := heInitSpec
	if heInit == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		cases := []heCase{{400, 100, 8}, {50, 300, 9}, {784, 64, 10}}
		for _, c := range cases {
			name := fmt.Sprintf("heInit(%d, %d, rng)", c.in, c.out)
			w := heInit(c.in, c.out, newRand(c.seed))
			if w == nil {
				return s.notYet(name, "it returned nil.", mistakeStart)
			}
			if r, cols := w.Dims(); r != c.in || cols != c.out {
				mistake := mistakeOther
				if r == c.out && cols == c.in {
					mistake = "shape"
				}
				return s.notYet(name, fmt.Sprintf("W is %d×%d, expected %d×%d.", r, cols, c.in, c.out), mistake)
			}
			v := data(w)
			if allEqual(v, 0) {
				return s.notYet(name, "every weight is 0.", mistakeStart)
			}
			if res, ok := s.heVerdict(name, c, v); !ok {
				return res
			}
		}
		return s.passed(len(cases), "heInit's weights have He's mean, spread and normal shape")
	})
}

// heVerdict measures the weights v of case c, returning a "not yet" result
// and false if they are not spread as N(0, 2/in).
func (s *spec) heVerdict(name string, c heCase, v []float64) (Result, bool) {
	n := float64(len(v))
	var mean float64
	for _, x := range v {
		mean += x
	}
	mean /= n
	var m2, m4 float64
	for _, x := range v {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	m2, m4 = m2/n, m4/n
	sd, want := math.Sqrt(m2), math.Sqrt(2/float64(c.in))
	ratio := func(target float64) bool { return math.Abs(sd/target-1) <= 0.05 }
	if sd == 0 {
		return s.notYet(name, fmt.Sprintf("every weight is %s.", num(v[0])), "constant"), false
	}
	if math.Abs(mean) > 6*sd/math.Sqrt(n) && math.Abs(mean) > 0.1*sd {
		return s.notYet(name, fmt.Sprintf("the weights' mean is %s, expected 0 (their std is %s).", num(mean), num(sd)), "not-centred"), false
	}
	if !ratio(want) {
		msg := fmt.Sprintf("the weights' standard deviation is %s, expected √(2/%d) = %s (within 5%%).", num(sd), c.in, num(want))
		mistake := mistakeOther
		switch {
		case ratio(math.Sqrt(1 / float64(c.in))):
			mistake = "variance-1-over-n"
		case ratio(2 / float64(c.in)):
			mistake = "no-sqrt"
		case ratio(math.Sqrt(2 / float64(c.out))):
			mistake = "uses-out"
		case ratio(1):
			mistake = "unscaled"
		}
		return s.notYet(name, msg, mistake), false
	}
	if kurt := m4 / (m2 * m2); math.Abs(kurt-3) > 0.5 {
		return s.notYet(name, fmt.Sprintf("the weights' kurtosis is %.2f, where a normal distribution's is 3 (a uniform one's 1.8).", kurt), "not-normal"), false
	}
	return Result{}, true
}
