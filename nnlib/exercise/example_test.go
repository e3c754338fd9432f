package exercise_test

import (
	"fmt"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"gonum.org/v1/gonum/mat"
)

// A ReLU whose mask is on the wrong side of zero gets "not yet", the first
// entry that differs and the hint for that mistake.
func ExampleCheckReLUBackward() {
	reluBackward := func(d, a *mat.Dense) {
		r, c := a.Dims()
		for i := range r {
			for j := range c {
				if a.At(i, j) > 0 { // should be ≤ 0
					d.Set(i, j, 0)
				}
			}
		}
	}
	fmt.Println(exercise.Text(exercise.CheckReLUBackward(reluBackward)))
	// Output:
	// … relu-backward: not yet. On the fixed 2×4 case: d[0,0] = 0.1, expected 0.
	// Hint: The mask is on the wrong side of zero: keep d where a > 0 and zero it where a ≤ 0.
}
