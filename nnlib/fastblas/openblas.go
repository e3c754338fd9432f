//go:build openblas && cgo

package fastblas

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas/openblas"
)

// The OpenBLAS backend, for comparison: only in builds with the openblas
// tag (go test -tags openblas), with cgo and Debian's libopenblas-dev.

// OpenBLAS returns OpenBLAS as a gonum BLAS, through gonum's cgo binding
// (gonum.org/v1/netlib/blas/netlib): all of its routines are OpenBLAS's.
func OpenBLAS() blas.Float64 { return openblas.Implementation() }

// UseOpenBLAS makes OpenBLAS the BLAS of gonum's blas64 package, and so of
// gonum.org/v1/gonum/mat, for all later calls.
func UseOpenBLAS() { blas64.Use(OpenBLAS()) }
