// Package nnlib is a small neural network written from scratch for
// teaching: a fully connected network that classifies MNIST digits,
// trained by gradient descent with gradients computed by backpropagation.
// It is the whole network and nothing else; reading the files below in
// order, alongside the notebooks, takes a sitting.
//
// Everything is float64 and row-major: a batch of B examples is a B×D
// matrix (gonum's mat.Dense), one example per row.
//
// # Reading order
//
//	file           what it holds                                            notebook
//	dataset.go     Dataset: examples with their labels; subsets, splits     01
//	linear.go      Linear, the dense layer Z = X·W + 1·bᵀ: He               02, 03
//	               initialization, Forward, and Backward (∂W, ∂b, ∂X)
//	activation.go  ReLU, a = max(0, z), and its backward pass               02, 03
//	softmax.go     Softmax, p = exp(z − max z) / Σ exp(z − max z);          02, 03
//	               CrossEntropy, L = −(1/B) Σᵢ log p[i, yᵢ]; and their
//	               joint gradient (P − Y)/B
//	network.go     Network: Linear → ReLU → … → Linear → softmax;           02, 03, 05
//	               Forward, Backward by the chain rule, Evaluate
//	gradcheck.go   GradCheck: backpropagation against central differences   03
//	optimizer.go   SGD, Momentum and Adam, and learning-rate schedules      04, 06
//	train.go       Train: shuffle, then forward, loss, backward, step       04
//	               for every batch; divergence and cancellation
//	history.go     History: the record of a run, epoch by epoch             04, 05
//
// The rest of the project is beside this package, one folder away, each
// named for what it does: nnlib/mnist reads the data set, nnlib/digit
// prepares a digit a user drew, nnlib/charts draws curves, nnlib/modelfile
// saves and loads networks, nnlib/inputerror gives their errors one shape,
// nnlib/atomicfile writes files whole or not at all, nnlib/fastblas is a
// fast matrix product and nnlib/backend chooses it (or another BLAS),
// nnlib/notebook displays things in the notebooks. This package imports
// none of them, only the standard library and gonum.
//
// # Conventions
//
// Functions write into a destination given first and never change their
// inputs, in gonum's manner: layer.Forward(z, x) computes z from x, into a
// matrix the caller made, so that training reuses its matrices and a step
// allocates nothing. Mistakes in how the package is called (a shape
// mismatch, a negative size) are programmer errors and panic with a
// message that names the function and both shapes, as gonum's mat does.
// Anything read from outside the program (a file, a configuration) is
// checked and reported as an error value instead.
//
// Randomness comes only from a *rand.Rand (NewLinear, NewNetwork,
// Dataset.Sample, GradCheckOptions) or a seed (Config.Seed, for the
// shuffles) that the caller passes, so the same seeds give the same
// network, the same shuffles and the same results.
//
// Importing the package does nothing: no BLAS is chosen, nothing is
// printed. The matrix products run on whichever BLAS gonum has registered,
// gonum's own unless the program chose another (see nnlib/backend).
package nnlib
