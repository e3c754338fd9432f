// Package nnlib is a small neural-network library written from scratch for
// teaching: a fully connected network that classifies MNIST digits, trained by
// gradient descent with gradients computed by backpropagation.
//
// Everything is float64 and row-major: a batch of B examples is a B×D matrix
// (gonum's mat.Dense), one example per row. The pieces, one file each:
//
//   - dataset.go, idx.go, fetch.go: examples and labels; MNIST's IDX files.
//   - linear.go: the dense (fully connected) layer Z = X·W + 1·bᵀ and its
//     He initialization.
//   - activation.go: ReLU, a = max(0, z).
//   - softmax.go: softmax p = exp(z − max z) / Σ exp(z − max z) and the
//     categorical cross-entropy L = −(1/B) Σᵢ log p[i, yᵢ], whose joint
//     gradient with respect to the logits is (P − Y)/B.
//   - network.go: layers chained as Linear → ReLU → … → Linear → softmax;
//     forward pass, backward pass by the chain rule, loss, accuracy.
//   - optimizer.go: the update rules that turn gradients into steps.
//   - train.go, history.go: full-batch and mini-batch gradient descent and
//     the per-epoch record of a run.
//   - gradcheck.go: backprop checked against central differences.
//   - plot.go: loss and accuracy curves with gonum/plot.
//
// # Conventions
//
// Functions write into a destination given first and never change their
// inputs, in gonum's manner: layer.Forward(z, x) computes z from x.
// Mistakes in how the package is called (a shape mismatch, a negative size)
// are programmer errors and panic with a message that names the function
// and both shapes, as gonum's mat does. Anything read from outside the
// program (a file, a flag, a configuration) is checked and reported as an
// error value instead.
//
// Randomness always comes from a *rand.Rand passed in by the caller, so the
// same seed gives the same network, the same shuffles and the same results.
package nnlib
