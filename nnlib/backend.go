package nnlib

// Backend names the BLAS implementation that runs the matrix products.
func Backend() string { return "gonum native" }
