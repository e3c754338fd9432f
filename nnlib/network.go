package nnlib

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// DefaultSizes are the layer widths of the network this project builds:
// 784 pixels in, hidden layers of 128 and 64 ReLU units, 10 classes out.
var DefaultSizes = []int{784, 128, 64, 10}

// Network is a multilayer perceptron: Linear → ReLU → … → Linear → softmax.
// For an input batch X (B×784 with the default sizes) the forward pass is
//
//	A₀ = X
//	Aₗ = ReLU(Aₗ₋₁·Wₗ + 1·bₗᵀ)          for the hidden layers l = 1…K−1
//	P  = softmax(A_{K−1}·W_K + 1·b_Kᵀ)  the class probabilities, B×10
//
// for K layers (3 with the default sizes). The code counts from 0, as Go
// does: layer l of the formulas is Layers[l−1].
//
// A Network keeps the activations of its last forward pass, per batch size,
// so that Backward can reuse them and training allocates nothing once every
// batch size has been seen. It is therefore not safe for concurrent use.
type Network struct {
	Layers []*Linear

	work map[int]*workspace // activations and gradients, by batch size
}

// workspace holds the per-layer matrices of one batch size.
type workspace struct {
	acts  []*mat.Dense // acts[i]: output of Layers[i] (Aᵢ₊₁ above), or P for the last
	grads []*mat.Dense // grads[i]: ∂L/∂acts[i], then, in place, ∂L/∂Z of Layers[i]
}

// NewNetwork returns a network with the given layer widths, input first and
// classes last (for example DefaultSizes), He-initialized from rng.
// It panics if there are fewer than two sizes or a size is not positive.
func NewNetwork(sizes []int, rng *rand.Rand) *Network {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nnlib: NewNetwork: sizes %v, want at least input and output", sizes))
	}
	n := &Network{}
	for i := 1; i < len(sizes); i++ {
		n.Layers = append(n.Layers, NewLinear(sizes[i-1], sizes[i], rng))
	}
	return n
}

// Sizes returns the layer widths, input first.
func (n *Network) Sizes() []int {
	sizes := []int{n.Layers[0].In()}
	for _, l := range n.Layers {
		sizes = append(sizes, l.Out())
	}
	return sizes
}

// Inputs returns the input width and Classes the number of classes.
func (n *Network) Inputs() int  { return n.Layers[0].In() }
func (n *Network) Classes() int { return n.Layers[len(n.Layers)-1].Out() }

// workspaceFor returns the workspace for batches of b examples, making it
// the first time.
func (n *Network) workspaceFor(b int) *workspace {
	if w, ok := n.work[b]; ok {
		return w
	}
	w := &workspace{}
	for _, l := range n.Layers {
		w.acts = append(w.acts, mat.NewDense(b, l.Out(), nil))
		w.grads = append(w.grads, mat.NewDense(b, l.Out(), nil))
	}
	if n.work == nil {
		n.work = make(map[int]*workspace)
	}
	n.work[b] = w
	return w
}

// Forward runs the batch x (B×Inputs) through the network and returns the
// B×Classes matrix of class probabilities. The result belongs to the
// network and is overwritten by the next Forward of a batch of the same size.
// Forward panics if x does not have Inputs columns.
func (n *Network) Forward(x *mat.Dense) *mat.Dense {
	b, c := x.Dims()
	if c != n.Inputs() {
		panic(fmt.Sprintf("nnlib: Network.Forward: x is %d×%d, want B×%d", b, c, n.Inputs()))
	}
	w := n.workspaceFor(b)
	in := x
	last := len(n.Layers) - 1
	for i, l := range n.Layers {
		z := w.acts[i]
		l.Forward(z, in) // Z = A·W + 1·bᵀ
		if i < last {
			ReLU(z, z) // A = max(0, Z), in place
		} else {
			Softmax(z, z) // P = softmax(Z), in place
		}
		in = z
	}
	return w.acts[last]
}

// Backward computes the gradient of the mean cross-entropy against labels
// with respect to every weight and bias, into each layer's DW and DB. It
// must follow Forward(x) for the same x. Walking from the output back to
// the input, the chain rule gives
//
//	∂L/∂Z_K = (P − Y)/B                         softmax with cross-entropy
//	∂L/∂Wₗ = Aₗ₋₁ᵀ·∂L/∂Zₗ,  ∂L/∂bₗ = 1ᵀ·∂L/∂Zₗ   the layer's parameters
//	∂L/∂Aₗ₋₁ = ∂L/∂Zₗ·Wₗᵀ                       passed to the layer below
//	∂L/∂Zₗ₋₁ = ∂L/∂Aₗ₋₁ ⊙ 1[Aₗ₋₁ > 0]             through the ReLU
func (n *Network) Backward(x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	w, ok := n.work[b]
	if !ok {
		panic(fmt.Sprintf("nnlib: Network.Backward: no Forward of a %d-example batch before it", b))
	}
	last := len(n.Layers) - 1
	SoftmaxCrossEntropyBackward(w.grads[last], w.acts[last], labels)
	for i := last; i >= 0; i-- {
		if i == 0 {
			n.Layers[0].Backward(nil, x, w.grads[0]) // nothing below needs ∂L/∂X
			break
		}
		n.Layers[i].Backward(w.grads[i-1], w.acts[i-1], w.grads[i])
		ReLUBackward(w.grads[i-1], w.acts[i-1])
	}
}

// LossAndGradients runs Forward and Backward on one batch and returns its
// mean cross-entropy loss; the gradients are left in the layers.
func (n *Network) LossAndGradients(x *mat.Dense, labels []int) float64 {
	p := n.Forward(x)
	loss := CrossEntropy(p, labels)
	n.Backward(x, labels)
	return loss
}

// Loss returns the mean cross-entropy of the network on the batch x.
func (n *Network) Loss(x *mat.Dense, labels []int) float64 {
	return CrossEntropy(n.Forward(x), labels)
}

// Predict returns the most probable class of every row of x.
func (n *Network) Predict(x *mat.Dense) []int {
	b, _ := x.Dims()
	classes := make([]int, b)
	n.forEachChunk(x, func(from int, p *mat.Dense) {
		for i := range p.RawMatrix().Rows {
			classes[from+i] = argmax(p.RawRowView(i))
		}
	})
	return classes
}

// EvalChunk is how many examples Evaluate and Predict push through the
// network at a time, which bounds the memory they need.
const EvalChunk = 1000

// Evaluate returns the mean cross-entropy loss and the accuracy (the
// fraction of examples whose most probable class is the label) on d.
func (n *Network) Evaluate(d Dataset) (loss, accuracy float64) {
	if d.Len() == 0 {
		return 0, 0
	}
	var sumLoss float64
	var correct int
	n.forEachChunk(d.X, func(from int, p *mat.Dense) {
		labels := d.Labels[from : from+p.RawMatrix().Rows]
		sumLoss += CrossEntropy(p, labels) * float64(len(labels))
		for i, y := range labels {
			if argmax(p.RawRowView(i)) == y {
				correct++
			}
		}
	})
	return sumLoss / float64(d.Len()), float64(correct) / float64(d.Len())
}

// forEachChunk calls fn with the probabilities of x's rows in chunks of
// EvalChunk, from being the index of the chunk's first row.
func (n *Network) forEachChunk(x *mat.Dense, fn func(from int, p *mat.Dense)) {
	rows, cols := x.Dims()
	for from := 0; from < rows; from += EvalChunk {
		to := min(from+EvalChunk, rows)
		fn(from, n.Forward(x.Slice(from, to, 0, cols).(*mat.Dense)))
	}
}

// argmax returns the index of the largest value, the first if tied.
func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// Param is one parameter tensor of a network, flattened: its values and
// the gradient of the loss with respect to each, in the same order.
type Param struct {
	Name  string    // "W1", "b1", "W2", … counting layers from 1
	Value []float64 // the weights or biases, shared with the layer
	Grad  []float64 // ∂L/∂Value after Backward, shared with the layer
}

// Params returns every weight matrix and bias vector of the network with
// its gradient, sharing memory with the layers: W1, b1, W2, b2, …
func (n *Network) Params() []Param {
	var ps []Param
	for i, l := range n.Layers {
		ps = append(ps,
			Param{Name: fmt.Sprintf("W%d", i+1), Value: l.W.RawMatrix().Data, Grad: l.DW.RawMatrix().Data},
			Param{Name: fmt.Sprintf("b%d", i+1), Value: l.B, Grad: l.DB})
	}
	return ps
}

// NumParams returns the number of weights and biases.
func (n *Network) NumParams() int {
	total := 0
	for _, p := range n.Params() {
		total += len(p.Value)
	}
	return total
}

// Clone returns a deep copy of the network's weights and biases.
func (n *Network) Clone() *Network {
	c := &Network{}
	for _, l := range n.Layers {
		cl := ZeroLinear(l.In(), l.Out())
		cl.W.Copy(l.W)
		copy(cl.B, l.B)
		c.Layers = append(c.Layers, cl)
	}
	return c
}

// CopyParamsFrom sets n's weights and biases to src's, which must have the
// same sizes.
func (n *Network) CopyParamsFrom(src *Network) {
	dst, from := n.Params(), src.Params()
	if len(dst) != len(from) {
		panic(fmt.Sprintf("nnlib: Network.CopyParamsFrom: sizes %v and %v differ", n.Sizes(), src.Sizes()))
	}
	for i := range dst {
		if len(dst[i].Value) != len(from[i].Value) {
			panic(fmt.Sprintf("nnlib: Network.CopyParamsFrom: sizes %v and %v differ", n.Sizes(), src.Sizes()))
		}
		copy(dst[i].Value, from[i].Value)
	}
}
