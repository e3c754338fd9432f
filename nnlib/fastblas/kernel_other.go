//go:build !amd64 || purego

package fastblas

// availableKernels lists no kernel: on this architecture (or with the purego
// build tag) every Dgemm call goes to gonum's native implementation.
func availableKernels() []*microKernel { return nil }
