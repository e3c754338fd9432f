package nnlib_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// A dense layer with 3 inputs and 2 outputs, on a batch of 2 examples:
// Z = X·W + 1·bᵀ, and back from a gradient dZ to ∂L/∂W, ∂L/∂b and ∂L/∂X.
func ExampleLinear() {
	layer := nnlib.ZeroLinear(3, 2)
	layer.W.Copy(mat.NewDense(3, 2, []float64{
		1, 0,
		0, 1,
		1, -1,
	}))
	copy(layer.B, []float64{0.5, -1})

	x := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		0, 1, 0,
	})
	z := mat.NewDense(2, 2, nil)
	layer.Forward(z, x)
	fmt.Printf("Z =\n%v\n", mat.Formatted(z))

	dz := mat.NewDense(2, 2, []float64{
		1, 2,
		0, 1,
	})
	dx := mat.NewDense(2, 3, nil)
	layer.Backward(dx, x, dz)
	fmt.Printf("∂L/∂W =\n%v\n", mat.Formatted(layer.DW))
	fmt.Printf("∂L/∂b = %v\n", layer.DB)
	fmt.Printf("∂L/∂X =\n%v\n", mat.Formatted(dx))
	// Output:
	// Z =
	// ⎡4.5   -2⎤
	// ⎣0.5    0⎦
	// ∂L/∂W =
	// ⎡1  2⎤
	// ⎢2  5⎥
	// ⎣3  6⎦
	// ∂L/∂b = [1 3]
	// ∂L/∂X =
	// ⎡ 1   2  -1⎤
	// ⎣ 0   1  -1⎦
}

// ReLU keeps the positive entries and zeroes the rest; ReLUBackward lets a
// gradient through only where the ReLU's output was positive.
func ExampleReLU() {
	z := mat.NewDense(1, 5, []float64{-2, -0.5, 0, 0.5, 2})
	a := mat.NewDense(1, 5, nil)
	nnlib.ReLU(a, z)
	fmt.Println("a     =", a.RawRowView(0))

	grad := mat.NewDense(1, 5, []float64{1, 1, 1, 1, 1}) // ∂L/∂a
	nnlib.ReLUBackward(grad, a)                          // now ∂L/∂z
	fmt.Println("∂L/∂z =", grad.RawRowView(0))
	// Output:
	// a     = [0 0 0 0.5 2]
	// ∂L/∂z = [0 0 0 1 1]
}

// Softmax turns scores into probabilities, even scores so large that
// exp(1000) overflows; cross-entropy scores them against the true classes,
// and the gradient of both together is (P − Y)/B.
func ExampleSoftmax() {
	z := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		1000, 1000, 1000,
	})
	p := mat.NewDense(2, 3, nil)
	nnlib.Softmax(p, z)
	fmt.Printf("P =\n%.4f\n", mat.Formatted(p))

	labels := []int{2, 0}
	fmt.Printf("L = %.4f\n", nnlib.CrossEntropy(p, labels))

	d := mat.NewDense(2, 3, nil)
	nnlib.SoftmaxCrossEntropyBackward(d, p, labels)
	fmt.Printf("∂L/∂Z =\n%.4f\n", mat.Formatted(d))
	// Output:
	// P =
	// ⎡0.0900  0.2447  0.6652⎤
	// ⎣0.3333  0.3333  0.3333⎦
	// L = 0.7531
	// ∂L/∂Z =
	// ⎡ 0.0450   0.1224  -0.1674⎤
	// ⎣-0.3333   0.1667   0.1667⎦
}

// A 4→8→3 network, untrained, turns each row of inputs into probabilities
// of the 3 classes: Linear → ReLU → Linear → softmax.
func ExampleNetwork_Forward() {
	net := nnlib.NewNetwork([]int{4, 8, 3}, rand.New(rand.NewPCG(1, 2)))
	x := mat.NewDense(2, 4, []float64{
		0.1, 0.2, 0.3, 0.4,
		0.4, 0.3, 0.2, 0.1,
	})
	p := net.Forward(x)
	fmt.Printf("P =\n%.3f\n", mat.Formatted(p))
	fmt.Printf("rows sum to %.3f and %.3f\n", mat.Sum(p.RowView(0)), mat.Sum(p.RowView(1)))
	// Output:
	// P =
	// ⎡0.166  0.566  0.268⎤
	// ⎣0.172  0.555  0.272⎦
	// rows sum to 1.000 and 1.000
}

// The gradient check compares backpropagation with central differences of
// the loss, parameter by parameter: a correct network agrees to better
// than 1e-6 in every entry, a wrong formula is off by about 1.
func ExampleGradCheck() {
	rng := rand.New(rand.NewPCG(3, 4))
	net := nnlib.NewNetwork([]int{5, 6, 4, 3}, rng)
	x := mat.NewDense(4, 5, nil)
	for i := range 4 {
		for j := range 5 {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	res := nnlib.GradCheck(net, x, []int{0, 1, 2, 1}, nnlib.GradCheckOptions{})
	for _, p := range res.Params {
		fmt.Printf("%s: %d entries, relative error below 1e-6: %t\n",
			p.Name, p.Checked, p.MaxRelError < 1e-6)
	}
	// Output:
	// W1: 30 entries, relative error below 1e-6: true
	// b1: 6 entries, relative error below 1e-6: true
	// W2: 24 entries, relative error below 1e-6: true
	// b2: 4 entries, relative error below 1e-6: true
	// W3: 12 entries, relative error below 1e-6: true
	// b3: 3 entries, relative error below 1e-6: true
}

// One step of gradient descent moves every parameter against its gradient:
// w ← w − η·∂L/∂w.
func ExampleSGD_Step() {
	w := []float64{1, 2, 3}
	grad := []float64{0.5, -1, 0}
	params := []nnlib.Param{{Name: "w", Value: w, Grad: grad}}
	nnlib.SGD{}.Step(params, 0.1)
	fmt.Println(w)
	// Output:
	// [0.95 2.1 3]
}

// Train on a tiny made-up data set: points in the plane, labelled by the
// quadrant they lie in (0: x and y positive, 1: x positive only, …). With
// batches of 20, 100 epochs make 1000 updates, enough to learn it.
func ExampleTrain() {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 200
	x := mat.NewDense(n, 2, nil)
	labels := make([]int, n)
	for i := range n {
		a, b := 2*rng.Float64()-1, 2*rng.Float64()-1
		x.Set(i, 0, a)
		x.Set(i, 1, b)
		switch {
		case a > 0 && b > 0:
			labels[i] = 0
		case a > 0:
			labels[i] = 1
		case b > 0:
			labels[i] = 2
		default:
			labels[i] = 3
		}
	}
	data := nnlib.Dataset{X: x, Labels: labels}

	net := nnlib.NewNetwork([]int{2, 16, 4}, rng)
	h, err := nnlib.Train(context.Background(), net, data, nnlib.Config{
		Epochs: 100, LearningRate: 0.5, BatchSize: 20, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	first, last := h.Epochs[0], h.Last()
	fmt.Printf("epoch %d: accuracy %.0f%%\n", first.Epoch, 100*first.TrainAccuracy)
	fmt.Printf("epoch %d: accuracy above 95%%: %t, %d updates\n",
		last.Epoch, last.TrainAccuracy > 0.95, last.Updates)
	// Output:
	// epoch 0: accuracy 28%
	// epoch 100: accuracy above 95%: true, 1000 updates
}
