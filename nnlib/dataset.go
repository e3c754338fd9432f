package nnlib

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of labelled examples: row i of X is one input and
// Labels[i] its class, in 0…C−1 for C classes.
type Dataset struct {
	X      *mat.Dense // N×D, one example per row
	Labels []int      // N class indices
}

// Len returns the number of examples.
func (d Dataset) Len() int { return len(d.Labels) }

// Slice returns the examples [from, to) as a view that shares memory with d.
// It panics if the range is out of bounds.
func (d Dataset) Slice(from, to int) Dataset {
	if from < 0 || to > d.Len() || from > to {
		panic(fmt.Sprintf("nnlib: Dataset.Slice: range [%d, %d) out of [0, %d)", from, to, d.Len()))
	}
	_, c := d.X.Dims()
	return Dataset{X: d.X.Slice(from, to, 0, c).(*mat.Dense), Labels: d.Labels[from:to]}
}

// SplitLast splits off the last n examples, for example a validation set
// carved from the training set: train is d[:Len-n], held is d[Len-n:].
// Both share memory with d.
func (d Dataset) SplitLast(n int) (train, held Dataset) {
	if n < 0 || n > d.Len() {
		panic(fmt.Sprintf("nnlib: Dataset.SplitLast: n = %d out of [0, %d]", n, d.Len()))
	}
	return d.Slice(0, d.Len()-n), d.Slice(d.Len()-n, d.Len())
}

// Subset returns a copy of the examples at the given indices, in that order.
func (d Dataset) Subset(indices []int) Dataset {
	if len(indices) == 0 {
		return Dataset{X: &mat.Dense{}}
	}
	_, c := d.X.Dims()
	x := mat.NewDense(len(indices), c, nil)
	labels := make([]int, len(indices))
	for i, k := range indices {
		x.SetRow(i, d.X.RawRowView(k))
		labels[i] = d.Labels[k]
	}
	return Dataset{X: x, Labels: labels}
}

// Sample returns a copy of n examples drawn without replacement by rng.
// It panics unless 0 ≤ n ≤ d.Len().
func (d Dataset) Sample(n int, rng *rand.Rand) Dataset {
	if n < 0 || n > d.Len() {
		panic(fmt.Sprintf("nnlib: Dataset.Sample: n = %d out of [0, %d]", n, d.Len()))
	}
	return d.Subset(rng.Perm(d.Len())[:n])
}
