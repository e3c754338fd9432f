package fastblas_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
)

// Use makes every product of gonum's mat package go through fastblas.
func ExampleUse() {
	previous := blas64.Implementation()
	fastblas.Use()
	defer blas64.Use(previous) // only for this example: restore the BLAS it found

	// X·W for a batch of 128 inputs of 784 pixels and a layer of 128 units.
	// The entries are small integers, so every sum is exact and the result
	// does not depend on the order of the additions.
	x := mat.NewDense(128, 784, nil)
	w := mat.NewDense(784, 128, nil)
	for i := range 784 {
		for j := range 128 {
			x.Set(j, i, float64((3*i+5*j)%11-5))
			w.Set(i, j, float64((7*i+j)%13-6))
		}
	}
	var z, zt mat.Dense
	z.Mul(x, w)
	zt.Mul(w.T(), x.T()) // (X·W)ᵀ = Wᵀ·Xᵀ: transposed operands are views
	fmt.Println(z.At(0, 0), z.At(127, 127), mat.Equal(z.T(), &zt))
	// Output:
	// -43 173 true
}
