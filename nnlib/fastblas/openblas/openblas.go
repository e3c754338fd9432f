//go:build openblas && cgo

package openblas

// #cgo LDFLAGS: -lopenblas
import "C"

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/netlib/blas/netlib"
)

// Implementation returns OpenBLAS as a gonum BLAS: all of its routines, not
// only Dgemm, are OpenBLAS's.
func Implementation() blas.Float64 { return netlib.Implementation{} }
