// Package openblas links OpenBLAS into a program, for comparison with
// fastblas: in builds with the openblas build tag and cgo, Implementation is
// gonum's cgo binding to CBLAS (gonum.org/v1/netlib/blas/netlib) and the
// program is linked with -lopenblas (Debian: apt-get install libopenblas-dev).
// Without the tag the package is empty.
//
// It is a package of its own because a package that uses cgo cannot also
// hold Go assembly, as fastblas does.
package openblas
