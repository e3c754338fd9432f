//go:build !(openblas && cgo)

package backend

// useOpenBLAS is nil: this build has no OpenBLAS (see backend_openblas.go).
var useOpenBLAS func() string
