package answers

import (
	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// Notebook 03, backpropagation: reluBackward, softmaxCrossEntropyBackward,
// linearBackward, centralDifference, and the two find-the-bug exercises,
// twoLayerBackward and softmaxRegressionBackward.

// reluBackwardStub is the cell the learner starts from.
func reluBackwardStub(d, a *mat.Dense) {
	// Your code here: zero d where a ≤ 0.
}

// reluBackwardSolution sets d = d ⊙ 1[a > 0] in place.
func reluBackwardSolution(d, a *mat.Dense) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) <= 0 {
				d.Set(i, j, 0)
			}
		}
	}
}

// reluBackwardWrongSide zeroes the gradient where the unit is active.
func reluBackwardWrongSide(d, a *mat.Dense) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) > 0 {
				d.Set(i, j, 0)
			}
		}
	}
}

// reluBackwardWrongTimesA multiplies by the activation instead of its
// slope.
func reluBackwardWrongTimesA(d, a *mat.Dense) {
	d.MulElem(d, a)
}

// reluBackwardWrongNegative tests a < 0, which a ReLU's output never is.
func reluBackwardWrongNegative(d, a *mat.Dense) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a.At(i, j) < 0 {
				d.Set(i, j, 0)
			}
		}
	}
}

// softmaxCrossEntropyBackwardStub is the cell the learner starts from.
func softmaxCrossEntropyBackwardStub(d, p *mat.Dense, labels []int) {
	// Your code here: d = (P − Y)/B.
}

// softmaxCrossEntropyBackwardSolution sets d = (P − Y)/B.
func softmaxCrossEntropyBackwardSolution(d, p *mat.Dense, labels []int) {
	b := float64(len(labels))
	d.Scale(1/b, p)
	for i, y := range labels {
		d.Set(i, y, d.At(i, y)-1/b)
	}
}

// softmaxCrossEntropyBackwardWrongNoBatch forgets the 1/B.
func softmaxCrossEntropyBackwardWrongNoBatch(d, p *mat.Dense, labels []int) {
	d.Copy(p)
	for i, y := range labels {
		d.Set(i, y, d.At(i, y)-1)
	}
}

// softmaxCrossEntropyBackwardWrongSign computes (Y − P)/B.
func softmaxCrossEntropyBackwardWrongSign(d, p *mat.Dense, labels []int) {
	b := float64(len(labels))
	d.Scale(-1/b, p)
	for i, y := range labels {
		d.Set(i, y, d.At(i, y)+1/b)
	}
}

// softmaxCrossEntropyBackwardWrongNoOneHot forgets to subtract Y.
func softmaxCrossEntropyBackwardWrongNoOneHot(d, p *mat.Dense, labels []int) {
	d.Scale(1/float64(len(labels)), p)
}

// softmaxCrossEntropyBackwardWrongByClasses divides by the number of
// classes instead of the batch size.
func softmaxCrossEntropyBackwardWrongByClasses(d, p *mat.Dense, labels []int) {
	_, c := p.Dims()
	d.Scale(1/float64(c), p)
	for i, y := range labels {
		d.Set(i, y, d.At(i, y)-1/float64(c))
	}
}

// linearBackwardStub is the cell the learner starts from.
func linearBackwardStub(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	// Your code here: l.DW = xᵀ·dz, l.DB = column sums of dz, dx = dz·Wᵀ.
}

// linearBackwardSolution computes ∂W = Xᵀ·dZ, ∂b = 1ᵀ·dZ and ∂X = dZ·Wᵀ.
func linearBackwardSolution(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(x.T(), dz)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		l.DB[j] = 0
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
	}
	dx.Mul(dz, l.W.T())
}

// linearBackwardWrongDWTransposed computes dZᵀ·X = (Xᵀ·dZ)ᵀ (it runs only
// when the shapes are square).
func linearBackwardWrongDWTransposed(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(dz.T(), x)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		l.DB[j] = 0
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
	}
	dx.Mul(dz, l.W.T())
}

// linearBackwardWrongDBMean averages dZ over the batch for ∂b.
func linearBackwardWrongDBMean(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(x.T(), dz)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		l.DB[j] = 0
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
		l.DB[j] /= float64(r)
	}
	dx.Mul(dz, l.W.T())
}

// linearBackwardWrongDBAccumulates adds to what l.DB held.
func linearBackwardWrongDBAccumulates(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(x.T(), dz)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
	}
	dx.Mul(dz, l.W.T())
}

// linearBackwardWrongDXNoTranspose computes dZ·W (it runs only when the
// shapes are square).
func linearBackwardWrongDXNoTranspose(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(x.T(), dz)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		l.DB[j] = 0
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
	}
	dx.Mul(dz, l.W)
}

// linearBackwardWrongNoDX forgets ∂X.
func linearBackwardWrongNoDX(l *nnlib.Linear, dx, x, dz *mat.Dense) {
	l.DW.Mul(x.T(), dz)
	r, c := dz.Dims()
	for j := 0; j < c; j++ {
		l.DB[j] = 0
		for i := 0; i < r; i++ {
			l.DB[j] += dz.At(i, j)
		}
	}
}

// centralDifferenceStub is the cell the learner starts from.
func centralDifferenceStub(f func() float64, v []float64, i int, h float64) float64 {
	// Your code here: (f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h, then restore v[i].
	return 0
}

// centralDifferenceSolution returns (f(v + h·eᵢ) − f(v − h·eᵢ)) / 2h and
// restores v[i].
func centralDifferenceSolution(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	v[i] = old + h
	plus := f()
	v[i] = old - h
	minus := f()
	v[i] = old
	return (plus - minus) / (2 * h)
}

// centralDifferenceWrongForward is the one-sided difference.
func centralDifferenceWrongForward(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	base := f()
	v[i] = old + h
	plus := f()
	v[i] = old
	return (plus - base) / h
}

// centralDifferenceWrongNoHalf divides by h instead of 2h.
func centralDifferenceWrongNoHalf(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	v[i] = old + h
	plus := f()
	v[i] = old - h
	minus := f()
	v[i] = old
	return (plus - minus) / h
}

// centralDifferenceWrongNotRestored leaves v[i] at old − h.
func centralDifferenceWrongNotRestored(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	v[i] = old + h
	plus := f()
	v[i] = old - h
	minus := f()
	return (plus - minus) / (2 * h)
}

// centralDifferenceWrongSign subtracts the other way round.
func centralDifferenceWrongSign(f func() float64, v []float64, i int, h float64) float64 {
	old := v[i]
	v[i] = old + h
	plus := f()
	v[i] = old - h
	minus := f()
	v[i] = old
	return (minus - plus) / (2 * h)
}

// twoLayerBackwardStub is the code the learner repairs: it leaves out the
// ReLU's mask between the layers.
func twoLayerBackwardStub(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: Z1 = X·W1 + b1, A1 = ReLU(Z1), Z2 = A1·W2 + b2, P = softmax(Z2).
	a1 := mat.NewDense(b, l1.Out(), nil)
	l1.Forward(a1, x)
	nnlib.ReLU(a1, a1)
	p := mat.NewDense(b, l2.Out(), nil)
	l2.Forward(p, a1)
	nnlib.Softmax(p, p)
	// Backward: dZ2 = (P − Y)/B, then layer 2, then layer 1.
	dz2 := mat.NewDense(b, l2.Out(), nil)
	nnlib.SoftmaxCrossEntropyBackward(dz2, p, labels)
	da1 := mat.NewDense(b, l1.Out(), nil)
	l2.Backward(da1, a1, dz2)
	l1.Backward(nil, x, da1)
}

// twoLayerBackwardSolution puts the mask back: dZ1 = dA1 ⊙ 1[A1 > 0].
func twoLayerBackwardSolution(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: Z1 = X·W1 + b1, A1 = ReLU(Z1), Z2 = A1·W2 + b2, P = softmax(Z2).
	a1 := mat.NewDense(b, l1.Out(), nil)
	l1.Forward(a1, x)
	nnlib.ReLU(a1, a1)
	p := mat.NewDense(b, l2.Out(), nil)
	l2.Forward(p, a1)
	nnlib.Softmax(p, p)
	// Backward: dZ2 = (P − Y)/B, then layer 2, then layer 1.
	dz2 := mat.NewDense(b, l2.Out(), nil)
	nnlib.SoftmaxCrossEntropyBackward(dz2, p, labels)
	da1 := mat.NewDense(b, l1.Out(), nil)
	l2.Backward(da1, a1, dz2)
	nnlib.ReLUBackward(da1, a1)
	l1.Backward(nil, x, da1)
}

// twoLayerBackwardWrongMaskSide puts the mask back on the wrong side of 0.
func twoLayerBackwardWrongMaskSide(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: Z1 = X·W1 + b1, A1 = ReLU(Z1), Z2 = A1·W2 + b2, P = softmax(Z2).
	a1 := mat.NewDense(b, l1.Out(), nil)
	l1.Forward(a1, x)
	nnlib.ReLU(a1, a1)
	p := mat.NewDense(b, l2.Out(), nil)
	l2.Forward(p, a1)
	nnlib.Softmax(p, p)
	// Backward: dZ2 = (P − Y)/B, then layer 2, then layer 1.
	dz2 := mat.NewDense(b, l2.Out(), nil)
	nnlib.SoftmaxCrossEntropyBackward(dz2, p, labels)
	da1 := mat.NewDense(b, l1.Out(), nil)
	l2.Backward(da1, a1, dz2)
	r, c := a1.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if a1.At(i, j) > 0 {
				da1.Set(i, j, 0)
			}
		}
	}
	l1.Backward(nil, x, da1)
}

// softmaxRegressionBackwardStub is the code the learner repairs: its
// gradient of the loss is not divided by the batch size.
func softmaxRegressionBackwardStub(l *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: P = softmax(X·W + 1·bᵀ).
	p := mat.NewDense(b, l.Out(), nil)
	l.Forward(p, x)
	nnlib.Softmax(p, p)
	// Backward: dZ = ∂L/∂Z for the mean cross-entropy L.
	dz := mat.DenseCopyOf(p)
	for i, y := range labels {
		dz.Set(i, y, dz.At(i, y)-1)
	}
	// ∂W = Xᵀ·dZ and ∂b = 1ᵀ·dZ.
	l.DW.Mul(x.T(), dz)
	for j := range l.DB {
		l.DB[j] = mat.Sum(dz.ColView(j))
	}
}

// softmaxRegressionBackwardSolution divides by the batch size:
// dZ = (P − Y)/B.
func softmaxRegressionBackwardSolution(l *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: P = softmax(X·W + 1·bᵀ).
	p := mat.NewDense(b, l.Out(), nil)
	l.Forward(p, x)
	nnlib.Softmax(p, p)
	// Backward: dZ = ∂L/∂Z for the mean cross-entropy L.
	dz := mat.DenseCopyOf(p)
	for i, y := range labels {
		dz.Set(i, y, dz.At(i, y)-1)
	}
	dz.Scale(1/float64(b), dz)
	// ∂W = Xᵀ·dZ and ∂b = 1ᵀ·dZ.
	l.DW.Mul(x.T(), dz)
	for j := range l.DB {
		l.DB[j] = mat.Sum(dz.ColView(j))
	}
}

// softmaxRegressionBackwardWrongByClasses divides by the number of classes.
func softmaxRegressionBackwardWrongByClasses(l *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: P = softmax(X·W + 1·bᵀ).
	p := mat.NewDense(b, l.Out(), nil)
	l.Forward(p, x)
	nnlib.Softmax(p, p)
	// Backward: dZ = ∂L/∂Z for the mean cross-entropy L.
	dz := mat.DenseCopyOf(p)
	for i, y := range labels {
		dz.Set(i, y, dz.At(i, y)-1)
	}
	dz.Scale(1/float64(l.Out()), dz)
	// ∂W = Xᵀ·dZ and ∂b = 1ᵀ·dZ.
	l.DW.Mul(x.T(), dz)
	for j := range l.DB {
		l.DB[j] = mat.Sum(dz.ColView(j))
	}
}

// softmaxRegressionBackwardWrongTwice divides by B in dZ and again in ∂W
// and ∂b.
func softmaxRegressionBackwardWrongTwice(l *nnlib.Linear, x *mat.Dense, labels []int) {
	b, _ := x.Dims()
	// Forward: P = softmax(X·W + 1·bᵀ).
	p := mat.NewDense(b, l.Out(), nil)
	l.Forward(p, x)
	nnlib.Softmax(p, p)
	// Backward: dZ = ∂L/∂Z for the mean cross-entropy L.
	dz := mat.DenseCopyOf(p)
	for i, y := range labels {
		dz.Set(i, y, dz.At(i, y)-1)
	}
	dz.Scale(1/float64(b), dz)
	// ∂W = Xᵀ·dZ and ∂b = 1ᵀ·dZ.
	l.DW.Mul(x.T(), dz)
	l.DW.Scale(1/float64(b), l.DW)
	for j := range l.DB {
		l.DB[j] = mat.Sum(dz.ColView(j)) / float64(b)
	}
}
