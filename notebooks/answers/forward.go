package answers

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Notebook 02, the forward pass: relu, softmax, crossEntropy,
// linearForward, heInit.

// reluStub is the cell the learner starts from.
func reluStub(a, z *mat.Dense) {
	// Your code here: a = max(0, z), entry by entry.
}

// reluSolution sets a = max(0, z) entry by entry.
func reluSolution(a, z *mat.Dense) {
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, math.Max(0, z.At(i, j)))
		}
	}
}

// reluWrongMin keeps the negative part instead.
func reluWrongMin(a, z *mat.Dense) {
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, math.Min(0, z.At(i, j)))
		}
	}
}

// reluWrongOnlyPositives writes the positive entries and leaves the rest of
// a as it was.
func reluWrongOnlyPositives(a, z *mat.Dense) {
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if z.At(i, j) > 0 {
				a.Set(i, j, z.At(i, j))
			}
		}
	}
}

// reluWrongSwapped reads a and writes z: the destination taken for the
// source.
func reluWrongSwapped(a, z *mat.Dense) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			z.Set(i, j, math.Max(0, a.At(i, j)))
		}
	}
}

// softmaxStub is the cell the learner starts from.
func softmaxStub(p, z *mat.Dense) {
	// Your code here: each row of p = exp(row of z − its max) / the sum.
}

// softmaxSolution sets p[i,j] = exp(z[i,j] − mᵢ) / Σₖ exp(z[i,k] − mᵢ),
// mᵢ = maxₖ z[i,k].
func softmaxSolution(p, z *mat.Dense) {
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		m := math.Inf(-1)
		for j := 0; j < c; j++ {
			m = math.Max(m, z.At(i, j))
		}
		sum := 0.0
		for j := 0; j < c; j++ {
			e := math.Exp(z.At(i, j) - m)
			p.Set(i, j, e)
			sum += e
		}
		for j := 0; j < c; j++ {
			p.Set(i, j, p.At(i, j)/sum)
		}
	}
}

// softmaxWrongNoMax is the textbook formula, which overflows for large
// logits.
func softmaxWrongNoMax(p, z *mat.Dense) {
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		sum := 0.0
		for j := 0; j < c; j++ {
			e := math.Exp(z.At(i, j))
			p.Set(i, j, e)
			sum += e
		}
		for j := 0; j < c; j++ {
			p.Set(i, j, p.At(i, j)/sum)
		}
	}
}

// softmaxWrongGlobalMax subtracts the batch's maximum, not each row's.
func softmaxWrongGlobalMax(p, z *mat.Dense) {
	r, c := z.Dims()
	m := mat.Max(z)
	for i := 0; i < r; i++ {
		sum := 0.0
		for j := 0; j < c; j++ {
			e := math.Exp(z.At(i, j) - m)
			p.Set(i, j, e)
			sum += e
		}
		for j := 0; j < c; j++ {
			p.Set(i, j, p.At(i, j)/sum)
		}
	}
}

// softmaxWrongColumns normalises each column (over the batch) instead of
// each row.
func softmaxWrongColumns(p, z *mat.Dense) {
	r, c := z.Dims()
	for j := 0; j < c; j++ {
		m := math.Inf(-1)
		for i := 0; i < r; i++ {
			m = math.Max(m, z.At(i, j))
		}
		sum := 0.0
		for i := 0; i < r; i++ {
			e := math.Exp(z.At(i, j) - m)
			p.Set(i, j, e)
			sum += e
		}
		for i := 0; i < r; i++ {
			p.Set(i, j, p.At(i, j)/sum)
		}
	}
}

// crossEntropyStub is the cell the learner starts from.
func crossEntropyStub(p *mat.Dense, labels []int) float64 {
	// Your code here: −(1/B) Σᵢ log p[i, labels[i]].
	return 0
}

// crossEntropySolution returns L = −(1/B) Σᵢ log p[i, yᵢ].
func crossEntropySolution(p *mat.Dense, labels []int) float64 {
	sum := 0.0
	for i, y := range labels {
		sum -= math.Log(p.At(i, y))
	}
	return sum / float64(len(labels))
}

// crossEntropyWrongSum forgets to average over the batch.
func crossEntropyWrongSum(p *mat.Dense, labels []int) float64 {
	sum := 0.0
	for i, y := range labels {
		sum -= math.Log(p.At(i, y))
	}
	return sum
}

// crossEntropyWrongSign forgets the minus sign.
func crossEntropyWrongSign(p *mat.Dense, labels []int) float64 {
	sum := 0.0
	for i, y := range labels {
		sum += math.Log(p.At(i, y))
	}
	return sum / float64(len(labels))
}

// crossEntropyWrongAllClasses sums −log p over every class.
func crossEntropyWrongAllClasses(p *mat.Dense, labels []int) float64 {
	r, c := p.Dims()
	sum := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			sum -= math.Log(p.At(i, j))
		}
	}
	return sum / float64(len(labels))
}

// linearForwardStub is the cell the learner starts from.
func linearForwardStub(z, x, w *mat.Dense, b []float64) {
	// Your code here: z = x·w, then add b[j] to column j.
}

// linearForwardSolution computes Z = X·W + 1·bᵀ into z.
func linearForwardSolution(z, x, w *mat.Dense, b []float64) {
	z.Mul(x, w)
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			z.Set(i, j, z.At(i, j)+b[j])
		}
	}
}

// linearForwardWrongNoBias forgets the bias.
func linearForwardWrongNoBias(z, x, w *mat.Dense, b []float64) {
	z.Mul(x, w)
}

// linearForwardWrongOrder multiplies in the wrong order (it runs only when
// the shapes are square).
func linearForwardWrongOrder(z, x, w *mat.Dense, b []float64) {
	z.Mul(w, x)
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			z.Set(i, j, z.At(i, j)+b[j])
		}
	}
}

// linearForwardWrongAccumulates adds to what z held.
func linearForwardWrongAccumulates(z, x, w *mat.Dense, b []float64) {
	var xw mat.Dense
	xw.Mul(x, w)
	r, c := z.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			z.Set(i, j, z.At(i, j)+xw.At(i, j)+b[j])
		}
	}
}

// heInitStub is the cell the learner starts from.
func heInitStub(in, out int, rng *rand.Rand) *mat.Dense {
	// Your code here: an in×out matrix of √(2/in)·rng.NormFloat64().
	return nil
}

// heInitSolution draws in×out weights from N(0, 2/in).
func heInitSolution(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(in, out, nil)
	std := math.Sqrt(2 / float64(in))
	for i := 0; i < in; i++ {
		for j := 0; j < out; j++ {
			w.Set(i, j, std*rng.NormFloat64())
		}
	}
	return w
}

// heInitWrongVariance draws from N(0, 1/in) (LeCun's initialization).
func heInitWrongVariance(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(in, out, nil)
	std := math.Sqrt(1 / float64(in))
	for i := 0; i < in; i++ {
		for j := 0; j < out; j++ {
			w.Set(i, j, std*rng.NormFloat64())
		}
	}
	return w
}

// heInitWrongNoSqrt scales by the variance 2/in instead of its root.
func heInitWrongNoSqrt(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(in, out, nil)
	for i := 0; i < in; i++ {
		for j := 0; j < out; j++ {
			w.Set(i, j, 2/float64(in)*rng.NormFloat64())
		}
	}
	return w
}

// heInitWrongUsesOut divides by the number of outputs.
func heInitWrongUsesOut(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(in, out, nil)
	std := math.Sqrt(2 / float64(out))
	for i := 0; i < in; i++ {
		for j := 0; j < out; j++ {
			w.Set(i, j, std*rng.NormFloat64())
		}
	}
	return w
}

// heInitWrongUniform draws from a uniform distribution on [0, 1), scaled.
func heInitWrongUniform(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(in, out, nil)
	std := math.Sqrt(2 / float64(in))
	for i := 0; i < in; i++ {
		for j := 0; j < out; j++ {
			w.Set(i, j, std*rng.Float64())
		}
	}
	return w
}

// heInitWrongShape returns the transpose, out×in.
func heInitWrongShape(in, out int, rng *rand.Rand) *mat.Dense {
	w := mat.NewDense(out, in, nil)
	std := math.Sqrt(2 / float64(in))
	for i := 0; i < out; i++ {
		for j := 0; j < in; j++ {
			w.Set(i, j, std*rng.NormFloat64())
		}
	}
	return w
}
