// Command importcheck imports every package of nnlib that a program imports
// for what it does, and prints the type of gonum's registered BLAS. Run by
// TestImportHasNoEffect: it must print exactly "gonum.Implementation",
// gonum's own, and nothing else, because importing a package must neither
// print nor choose a BLAS.
package main

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"

	_ "github.com/gonn-lab/mnist-from-scratch/nnlib"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
	_ "github.com/gonn-lab/mnist-from-scratch/nnlib/notebook"
)

func main() {
	fmt.Printf("%T", blas64.Implementation())
}
