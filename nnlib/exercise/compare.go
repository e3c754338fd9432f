package exercise

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Tolerances: the learner's value v agrees with the reference r when
// |v − r| ≤ absTol + relTol·|r|. A correct answer computed in another order
// (loops instead of a BLAS product, say) differs by rounding, around 1e-15
// relative; every mistake the checks look for differs by far more.
const (
	absTol = 1e-9
	relTol = 1e-7
)

// stale is what a destination holds before the learner's function runs:
// an entry still 42 afterwards was never written.
const stale = 42

// near reports whether got agrees with want. NaN agrees only with NaN and
// an infinity only with itself, so that a mistake's output that overflows
// can be recognised.
func near(got, want float64) bool {
	switch {
	case math.IsNaN(want):
		return math.IsNaN(got)
	case math.IsInf(want, 0):
		return got == want
	}
	return math.Abs(got-want) <= absTol+relTol*math.Abs(want)
}

// nearAll reports whether every entry of got agrees with want.
func nearAll(got, want []float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !near(got[i], want[i]) {
			return false
		}
	}
	return true
}

// allEqual reports whether every entry of v is x.
func allEqual(v []float64, x float64) bool {
	for _, e := range v {
		if e != x {
			return false
		}
	}
	return true
}

// value is one output of a learner's function beside the reference for it.
type value struct {
	name      string    // "a", "∂W", "loss"
	cols      int       // > 0: a matrix of that many columns; 0: a vector; -1: a scalar
	got, want []float64 // row-major
	// numerical, if not nil, is a central-difference estimate of want,
	// quoted in the message.
	numerical []float64
}

// entry names entry k of v: a[1,2], db[3] or loss.
func (v value) entry(k int) string {
	switch {
	case v.cols > 0:
		return fmt.Sprintf("%s[%d,%d]", v.name, k/v.cols, k%v.cols)
	case v.cols == 0:
		return fmt.Sprintf("%s[%d]", v.name, k)
	}
	return v.name
}

// mismatch returns a sentence naming the first entry, in the first value,
// where the learner's output differs from the reference, or "" if all agree.
func mismatch(vals ...value) string {
	for _, v := range vals {
		for k := range v.want {
			if near(v.got[k], v.want[k]) {
				continue
			}
			msg := fmt.Sprintf("%s = %s, expected %s", v.entry(k), num(v.got[k]), num(v.want[k]))
			if v.numerical != nil {
				msg += fmt.Sprintf(" (the central difference gives %s)", num(v.numerical[k]))
			}
			if v.got[k] == stale {
				msg += fmt.Sprintf("; %g is what %s held before the call, so your function did not set it", float64(stale), v.name)
			}
			return msg + "."
		}
	}
	return ""
}

// num formats a number for a message.
func num(x float64) string { return fmt.Sprintf("%.6g", x) }

// data returns the entries of m, row-major, as a new slice.
func data(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}

// dense returns an r×c matrix holding a copy of v.
func dense(r, c int, v []float64) *mat.Dense {
	return mat.NewDense(r, c, append([]float64(nil), v...))
}

// filled returns an r×c matrix with every entry x.
func filled(r, c int, x float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, x)
		}
	}
	return m
}

// randn returns an r×c matrix of normal values with standard deviation sd.
func randn(r, c int, sd float64, rng *rand.Rand) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, sd*rng.NormFloat64())
		}
	}
	return m
}

// randVec returns n normal values with standard deviation sd.
func randVec(n int, sd float64, rng *rand.Rand) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = sd * rng.NormFloat64()
	}
	return v
}

// randLabels returns n labels in 0…classes−1.
func randLabels(n, classes int, rng *rand.Rand) []int {
	y := make([]int, n)
	for i := range y {
		y[i] = rng.IntN(classes)
	}
	return y
}

// newRand returns the seeded source of a check's random cases.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 2024)) }

// scaled returns s·v as a new slice.
func scaled(s float64, v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = s * x
	}
	return out
}

// transposed returns the entries of the transpose of the r×c matrix held
// row-major in v.
func transposed(r, c int, v []float64) []float64 {
	out := make([]float64, len(v))
	for i := range r {
		for j := range c {
			out[j*r+i] = v[i*c+j]
		}
	}
	return out
}

// itoa formats an int.
func itoa(n int) string { return fmt.Sprint(n) }
