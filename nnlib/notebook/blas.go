package notebook

import "github.com/gonn-lab/mnist-from-scratch/nnlib/backend"

// ChooseBLAS makes the BLAS that the environment variable NNLIB_BLAS names
// (fastblas when it is unset) run the matrix products, and returns its
// name. A notebook calls it once, in a top-level variable, so that every
// cell's program makes the same choice; importing this package chooses
// nothing. It panics on an unknown name: a notebook should stop loudly.
func ChooseBLAS() string {
	if err := backend.UseFromEnv(); err != nil {
		panic(err)
	}
	return backend.Name()
}
