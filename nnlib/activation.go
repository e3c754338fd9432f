package nnlib

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ReLU sets a = max(0, z) element by element. a and z must have the same
// shape; they may be the same matrix.
func ReLU(a, z *mat.Dense) {
	checkSameShape("ReLU", "a", a, "z", z)
	rows, _ := z.Dims()
	for i := range rows {
		src, dst := z.RawRowView(i), a.RawRowView(i)
		for j, v := range src {
			dst[j] = max(v, 0)
		}
	}
}

// ReLUBackward turns the gradient with respect to a ReLU's output into the
// gradient with respect to its input, in place:
//
//	∂L/∂z = ∂L/∂a ⊙ 1[a > 0]
//
// since the slope of max(0, z) is 1 where z > 0 and 0 elsewhere, and a > 0
// exactly where z > 0. d holds ∂L/∂a on entry and ∂L/∂z on return; a is the
// ReLU's output from the forward pass.
func ReLUBackward(d, a *mat.Dense) {
	checkSameShape("ReLUBackward", "d", d, "a", a)
	rows, _ := a.Dims()
	for i := range rows {
		act, grad := a.RawRowView(i), d.RawRowView(i)
		for j, v := range act {
			if v <= 0 {
				grad[j] = 0
			}
		}
	}
}

// checkSameShape panics unless a and b have the same dimensions.
func checkSameShape(fn, aName string, a mat.Matrix, bName string, b mat.Matrix) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		panic(fmt.Sprintf("nnlib: %s: %s is %d×%d but %s is %d×%d", fn, aName, ar, ac, bName, br, bc))
	}
}
