// Package backend chooses the BLAS that runs gonum's matrix products, and so
// nearly all of training's work. The products go through gonum's blas64
// seam: whichever implementation is registered there runs them, while
// nnlib's code stays the same. Three can be:
//
//	fast      nnlib/fastblas: a Go-assembly matrix product for AVX2 and
//	          AVX-512 CPUs, the rest gonum's (gonum's own where unsupported)
//	gonum     gonum's native pure-Go implementation, gonum's default
//	openblas  OpenBLAS through cgo, in builds with the openblas tag only
//
// Nothing happens on import: a program chooses, once, at its start, with
// Use or UseFromEnv, and can say which one runs with Name.
package backend

import (
	"fmt"
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
)

// EnvVar is the environment variable UseFromEnv reads.
const EnvVar = "NNLIB_BLAS"

// name names the implementation registered by Use; "" until Use is called.
var name string

// Use registers the BLAS called which, "fast", "gonum" or "openblas", for
// all later matrix products. "fast" falls back to gonum's on a CPU without
// AVX2 and FMA.
func Use(which string) error {
	switch which {
	case "fast":
		fastblas.Use()
		name = fastblas.Name()
	case "gonum":
		blas64.Use(gonum.Implementation{})
		name = "gonum native"
	case "openblas":
		if useOpenBLAS == nil {
			return fmt.Errorf("backend: BLAS %q is not in this build; build with -tags openblas "+
				"(and cgo, libopenblas-dev)", which)
		}
		name = useOpenBLAS()
	default:
		return fmt.Errorf("backend: unknown BLAS %q, want fast, gonum or openblas", which)
	}
	return nil
}

// UseFromEnv registers the BLAS that the environment variable NNLIB_BLAS
// names, or "fast" when it is unset or empty. An unknown name is an error
// naming the variable, and registers nothing.
func UseFromEnv() error {
	which := os.Getenv(EnvVar)
	if which == "" {
		which = "fast"
	}
	if err := Use(which); err != nil {
		return fmt.Errorf("%w (from %s)", err, EnvVar)
	}
	return nil
}

// Name names the BLAS implementation that runs the matrix products: the one
// Use registered, or gonum's native one if Use was never called.
func Name() string {
	if name == "" {
		return "gonum native"
	}
	return name
}
