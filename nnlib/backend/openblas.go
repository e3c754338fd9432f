//go:build openblas && cgo

package backend

import "github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"

// useOpenBLAS registers OpenBLAS and returns its name.
var useOpenBLAS = func() string {
	fastblas.UseOpenBLAS()
	return "OpenBLAS (cgo)"
}
