package nnlib

import (
	"fmt"
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
)

// The matrix products, nearly all of training's work, go through gonum's
// blas64 seam: whichever BLAS implementation is registered there runs them,
// while nnlib's code stays the same. Three can be:
//
//	fast      nnlib/fastblas: a Go-assembly matrix product for AVX2 and
//	          AVX-512 CPUs, the rest gonum's (the default where supported)
//	gonum     gonum's native pure-Go implementation
//	openblas  OpenBLAS through cgo, in builds with the openblas tag only
//
// The environment variable NNLIB_BLAS picks one when the program starts;
// UseBackend switches later.

// backendName names the registered implementation.
var backendName = "gonum native"

func init() {
	name := os.Getenv("NNLIB_BLAS")
	if name == "" {
		name = "fast"
	}
	if err := UseBackend(name); err != nil {
		UseBackend("fast")
		fmt.Fprintf(os.Stderr, "%v (from NNLIB_BLAS); using %s\n", err, backendName)
	}
}

// UseBackend registers the BLAS called name, "fast", "gonum" or
// "openblas", for all later matrix products. "fast" falls back to gonum
// on a CPU without AVX2 and FMA.
func UseBackend(name string) error {
	switch name {
	case "fast":
		fastblas.Use()
		backendName = fastblas.Name()
	case "gonum":
		blas64.Use(gonum.Implementation{})
		backendName = "gonum native"
	case "openblas":
		if useOpenBLAS == nil {
			return fmt.Errorf("nnlib: BLAS %q is not in this build; build with -tags openblas (and cgo, libopenblas-dev)", name)
		}
		backendName = useOpenBLAS()
	default:
		return fmt.Errorf("nnlib: unknown BLAS %q, want fast, gonum or openblas", name)
	}
	return nil
}

// Backend names the BLAS implementation that runs the matrix products.
func Backend() string { return backendName }
