package nnlib

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// panics runs fn and reports whether it panicked, and with what message.
func panics(fn func()) (panicked bool, message string) {
	defer func() {
		if r := recover(); r != nil {
			panicked, message = true, fmt.Sprint(r)
		}
	}()
	fn()
	return false, ""
}

// randomDense returns an r×c matrix of standard normal values.
func randomDense(r, c int, rng *rand.Rand) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			m.Set(i, j, rng.NormFloat64())
		}
	}
	return m
}

// randomLabels returns n labels in 0…classes-1.
func randomLabels(n, classes int, rng *rand.Rand) []int {
	y := make([]int, n)
	for i := range y {
		y[i] = rng.IntN(classes)
	}
	return y
}

// newRNG returns the seeded generator every test uses.
func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// assertClose fails t if got and want differ by more than tol.
func assertClose(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if d := got - want; d > tol || d < -tol {
		t.Errorf("%s = %.12g, want %.12g (±%g)", what, got, want, tol)
	}
}
