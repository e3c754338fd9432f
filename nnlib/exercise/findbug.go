package exercise

import (
	"fmt"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// The find-the-bug exercises give the learner working code with one
// planted mistake. The stub is that code, so an untouched stub gets the
// hint for the planted mistake; "start" means the learner's version no
// longer writes the gradients at all.

var bugReLUMaskSpec = &spec{
	name: "bug-relu-mask", fn: "twoLayerBackward", notebook: "03-backprop",
	signature: "func twoLayerBackward(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int)",
	hints: map[string]string{
		mistakeStart:    "Your function no longer writes l1.DW, l1.DB, l2.DW and l2.DB: start again from the code given and change only the line that is wrong.",
		mistakeOther:    "Compare each gradient with the central difference from the loss backwards: the first one that differs shows where the mistake is.",
		"no-mask":       "∂W2 and ∂b2 agree but ∂W1 and ∂b1 don't, so the mistake is between the layers: the gradient skips ReLU's slope; zero it where A1 ≤ 0 before layer 1's backward pass.",
		"wrong-side":    "The ReLU mask is on the wrong side of zero: keep the gradient where A1 > 0 and zero it where A1 ≤ 0.",
		"no-batch":      "Every gradient is B times too large: the loss is a mean over the batch, so ∂L/∂Z2 = (P − Y)/B.",
		"changes-input": "Change only the gradients (DW and DB): x, labels and the weights are inputs.",
	},
}

// CheckBugReLUMask checks the learner's repair of
//
//	func twoLayerBackward(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int)
//
// which must run the network Linear l1 → ReLU → Linear l2 → softmax forward
// on the batch x and backward from the mean cross-entropy against labels,
// leaving ∂L/∂W and ∂L/∂b of each layer in its DW and DB:
//
//	dZ2 = (P − Y)/B,  ∂W2 = A1ᵀ·dZ2,  ∂b2 = 1ᵀ·dZ2,
//	dZ1 = (dZ2·W2ᵀ) ⊙ 1[A1 > 0],  ∂W1 = Xᵀ·dZ1,  ∂b1 = 1ᵀ·dZ1.
//
// The code given to repair leaves out the ReLU's mask 1[A1 > 0]. The
// gradients are compared with nnlib's Network and with central differences
// of its loss, from the loss backwards (W2, b2, then W1, b1).
func CheckBugReLUMask(twoLayerBackward func(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int)) Result {
	s := bugReLUMaskSpec
	if twoLayerBackward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(15)
		cases := [][4]int{{5, 6, 8, 4}, {7, 10, 16, 3}} // B, inputs, hidden, classes
		for _, c := range cases {
			name := fmt.Sprintf("a random %d→%d→%d network and a batch of %d", c[1], c[2], c[3], c[0])
			ref := nnlib.NewNetwork([]int{c[1], c[2], c[3]}, rng)
			x, labels := randn(c[0], c[1], 1, rng), randLabels(c[0], c[3], rng)
			mine := ref.Clone()
			got, changed := runBackward(mine, x, labels, func() {
				twoLayerBackward(mine.Layers[0], mine.Layers[1], mat.DenseCopyOf(x), append([]int(nil), labels...))
			})
			if res, done := s.gradVerdict(name, ref, x, labels, got, changed, []string{"W2", "b2", "W1", "b1"}, func(mistake string) []float64 {
				switch mistake {
				case "no-mask":
					return twoLayerVariant(ref, x, labels, func(float64) bool { return true }, 1)
				case "wrong-side":
					return twoLayerVariant(ref, x, labels, func(a float64) bool { return a <= 0 }, 1)
				case "no-batch":
					return scaled(float64(c[0]), twoLayerVariant(ref, x, labels, func(a float64) bool { return a > 0 }, 1))
				}
				return nil
			}, "no-mask", "wrong-side", "no-batch"); done {
				return res
			}
		}
		return s.passed(len(cases), "twoLayerBackward's gradients agree with nnlib's Network and the central differences")
	})
}

var bugBatchMeanSpec = &spec{
	name: "bug-batch-mean", fn: "softmaxRegressionBackward", notebook: "03-backprop",
	signature: "func softmaxRegressionBackward(l *nnlib.Linear, x *mat.Dense, labels []int)",
	hints: map[string]string{
		mistakeStart:    "Your function no longer writes l.DW and l.DB: start again from the code given and change only the line that is wrong.",
		mistakeOther:    "Compare ∂W and ∂b with the central difference: by what factor do they differ?",
		"no-batch":      "Every gradient is B times the central difference: the loss is a mean over the B examples, so ∂L/∂Z = (P − Y)/B.",
		"by-classes":    "Divide by the batch size B = len(labels), the number of rows, not by the number of classes C.",
		"twice":         "Divide by B once: ∂L/∂Z = (P − Y)/B already holds the mean, so ∂W = Xᵀ·∂L/∂Z and ∂b = 1ᵀ·∂L/∂Z need no second 1/B.",
		"changes-input": "Change only the gradients (DW and DB): x, labels and the weights are inputs.",
	},
}

// CheckBugBatchMean checks the learner's repair of
//
//	func softmaxRegressionBackward(l *nnlib.Linear, x *mat.Dense, labels []int)
//
// which must run softmax regression, P = softmax(X·W + 1·bᵀ), forward on x
// and backward from the mean cross-entropy against labels, leaving
//
//	dZ = (P − Y)/B,  ∂W = Xᵀ·dZ,  ∂b = 1ᵀ·dZ
//
// in l.DW and l.DB. The code given to repair leaves out the 1/B. The
// gradients are compared with nnlib's one-layer Network and with central
// differences of its loss.
func CheckBugBatchMean(softmaxRegressionBackward func(l *nnlib.Linear, x *mat.Dense, labels []int)) Result {
	s := bugBatchMeanSpec
	if softmaxRegressionBackward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(16)
		cases := [][3]int{{6, 8, 5}, {12, 20, 10}} // B, inputs, classes
		for _, c := range cases {
			name := fmt.Sprintf("a random %d→%d softmax regression and a batch of %d", c[1], c[2], c[0])
			ref := nnlib.NewNetwork([]int{c[1], c[2]}, rng)
			x, labels := randn(c[0], c[1], 1, rng), randLabels(c[0], c[2], rng)
			mine := ref.Clone()
			got, changed := runBackward(mine, x, labels, func() {
				softmaxRegressionBackward(mine.Layers[0], mat.DenseCopyOf(x), append([]int(nil), labels...))
			})
			b, classes := float64(c[0]), float64(c[2])
			if res, done := s.gradVerdict(name, ref, x, labels, got, changed, []string{"W1", "b1"}, func(mistake string) []float64 {
				ref.LossAndGradients(x, labels)
				want := gradsOf(ref, []string{"W1", "b1"})
				switch mistake {
				case "no-batch":
					return scaled(b, want)
				case "by-classes":
					return scaled(b/classes, want)
				case "twice":
					return scaled(1/b, want)
				}
				return nil
			}, "no-batch", "by-classes", "twice"); done {
				return res
			}
		}
		return s.passed(len(cases), "softmaxRegressionBackward's gradients agree with nnlib's Network and the central differences")
	})
}

// runBackward fills the gradients of net with stale values, runs call, and
// returns the gradients it left, by parameter name, and whether it changed
// a weight or bias.
func runBackward(net *nnlib.Network, x *mat.Dense, labels []int, call func()) (map[string][]float64, bool) {
	before := map[string][]float64{}
	for _, p := range net.Params() {
		before[p.Name] = append([]float64(nil), p.Value...)
		for i := range p.Grad {
			p.Grad[i] = stale
		}
	}
	call()
	got, changed := map[string][]float64{}, false
	for _, p := range net.Params() {
		got[p.Name] = append([]float64(nil), p.Grad...)
		changed = changed || !nearAll(p.Value, before[p.Name])
	}
	return got, changed
}

// gradsOf returns the gradients of net's parameters named, one after the
// other.
func gradsOf(net *nnlib.Network, names []string) []float64 {
	var out []float64
	for _, name := range names {
		for _, p := range net.Params() {
			if p.Name == name {
				out = append(out, p.Grad...)
			}
		}
	}
	return out
}

// gradVerdict compares the learner's gradients got with ref's, in the order
// of names, quoting central differences, and returns a "not yet" result and
// true if they differ; alt gives the gradients of each mistake listed, in
// the same order, to recognise it.
func (s *spec) gradVerdict(name string, ref *nnlib.Network, x *mat.Dense, labels []int, got map[string][]float64,
	changed bool, names []string, alt func(mistake string) []float64, mistakes ...string) (Result, bool) {
	if changed {
		return s.notYet(name, "a weight or bias was changed.", "changes-input"), true
	}
	var gotAll []float64
	allStale := true
	for _, n := range names {
		gotAll = append(gotAll, got[n]...)
		allStale = allStale && allEqual(got[n], stale)
	}
	if allStale {
		return s.notYet(name, "no gradient was written.", mistakeStart), true
	}
	ref.LossAndGradients(x, labels)
	var vals []value
	var agree []string
	for _, n := range names {
		for _, p := range ref.Params() {
			if p.Name != n {
				continue
			}
			cols := 0 // a bias vector
			if n[0] == 'W' {
				cols = widthOf(ref, n)
			}
			v := value{name: "∂" + n, cols: cols, got: got[n], want: append([]float64(nil), p.Grad...)}
			if mismatch(v) == "" {
				agree = append(agree, v.name)
			} else {
				v.numerical = make([]float64, len(p.Value))
				for k := range p.Value {
					v.numerical[k] = nnlib.CentralDifference(func() float64 { return ref.Loss(x, labels) }, p.Value, k, 1e-5)
				}
			}
			vals = append(vals, v)
		}
	}
	msg := mismatch(vals...)
	if msg == "" {
		return Result{}, false
	}
	if len(agree) > 0 {
		msg = strings.Join(agree, " and ") + " agree; " + msg
	}
	mistake := mistakeOther
	for _, m := range mistakes {
		if nearAll(gotAll, alt(m)) {
			mistake = m
			break
		}
	}
	return s.notYet(name, msg, mistake), true
}

// widthOf returns the number of columns of the weight matrix named Wk.
func widthOf(net *nnlib.Network, name string) int {
	var k int
	fmt.Sscanf(name, "W%d", &k)
	return net.Layers[k-1].Out()
}

// twoLayerVariant returns the gradients W2, b2, W1, b1 of the two-layer
// network net on (x, labels) computed with the ReLU mask keep (the right
// one keeps a > 0) and dZ2 scaled by scale.
func twoLayerVariant(net *nnlib.Network, x *mat.Dense, labels []int, keep func(a float64) bool, scale float64) []float64 {
	l1, l2 := copyLayer(net.Layers[0]), copyLayer(net.Layers[1])
	b, _ := x.Dims()
	a1 := mat.NewDense(b, l1.Out(), nil)
	l1.Forward(a1, x)
	nnlib.ReLU(a1, a1)
	p := mat.NewDense(b, l2.Out(), nil)
	l2.Forward(p, a1)
	nnlib.Softmax(p, p)
	dz2 := mat.NewDense(b, l2.Out(), nil)
	nnlib.SoftmaxCrossEntropyBackward(dz2, p, labels)
	dz2.Scale(scale, dz2)
	da1 := mat.NewDense(b, l1.Out(), nil)
	l2.Backward(da1, a1, dz2)
	r, c := da1.Dims()
	for i := range r {
		for j := range c {
			if !keep(a1.At(i, j)) {
				da1.Set(i, j, 0)
			}
		}
	}
	l1.Backward(nil, x, da1)
	var out []float64
	out = append(out, data(l2.DW)...)
	out = append(out, l2.DB...)
	out = append(out, data(l1.DW)...)
	return append(out, l1.DB...)
}

// copyLayer returns a copy of l's weights and biases, gradients zero.
func copyLayer(l *nnlib.Linear) *nnlib.Linear {
	c := nnlib.ZeroLinear(l.In(), l.Out())
	c.W.Copy(l.W)
	copy(c.B, l.B)
	return c
}
