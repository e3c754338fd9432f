package nnlib

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax turns each row of logits z into probabilities p:
//
//	p[i,j] = exp(z[i,j] − mᵢ) / Σₖ exp(z[i,k] − mᵢ),  mᵢ = maxₖ z[i,k].
//
// Subtracting the row maximum mᵢ does not change the result (it cancels
// between numerator and denominator) but keeps every exponent ≤ 0, so
// exp never overflows: without it a logit of 1000 gives exp(1000) = +Inf
// and the probabilities become NaN. p and z must have the same shape and
// may be the same matrix.
func Softmax(p, z *mat.Dense) {
	checkSameShape("Softmax", "p", p, "z", z)
	rows, _ := z.Dims()
	for i := range rows {
		src, dst := z.RawRowView(i), p.RawRowView(i)
		m := math.Inf(-1)
		for _, v := range src {
			m = max(m, v)
		}
		var sum float64
		for j, v := range src {
			e := math.Exp(v - m)
			dst[j] = e
			sum += e
		}
		for j := range dst {
			dst[j] /= sum
		}
	}
}

// minProb keeps log p finite when a probability underflows to 0.
const minProb = 1e-300

// CrossEntropy returns the mean categorical cross-entropy of the predicted
// probabilities p (B×C, rows summing to 1) against the true classes:
//
//	L = −(1/B) Σᵢ log p[i, yᵢ].
//
// It is the negative log-likelihood of the labels under the model: 0 when
// every true class gets probability 1, log C for a uniform guess, and large
// when the model is confidently wrong. A probability that underflowed to 0
// counts as 1e-300, so L stays finite (at most about 690.8 per example).
func CrossEntropy(p *mat.Dense, labels []int) float64 {
	checkLabels("CrossEntropy", p, labels)
	var sum float64
	for i, y := range labels {
		sum -= math.Log(max(p.At(i, y), minProb))
	}
	return sum / float64(len(labels))
}

// SoftmaxCrossEntropyBackward sets d to the gradient of the mean
// cross-entropy with respect to the logits z, given p = Softmax(z):
//
//	∂L/∂z[i,j] = (p[i,j] − y[i,j]) / B
//
// where y[i,j] is 1 if j is the true class of example i and 0 otherwise.
// For one example, log p_y = z_y − log Σₖ exp(z_k), whose derivative with
// respect to z_j is 1[j = y] − p_j; the loss is −log p_y averaged over the
// B examples, hence the sign and the 1/B. Differentiating softmax and
// cross-entropy together gives this simple difference, while softmax
// alone has a full C×C Jacobian. d and p may be the same matrix.
func SoftmaxCrossEntropyBackward(d, p *mat.Dense, labels []int) {
	checkSameShape("SoftmaxCrossEntropyBackward", "d", d, "p", p)
	checkLabels("SoftmaxCrossEntropyBackward", p, labels)
	scale := 1 / float64(len(labels))
	for i, y := range labels {
		src, dst := p.RawRowView(i), d.RawRowView(i)
		for j, v := range src {
			dst[j] = v * scale
		}
		dst[y] -= scale
	}
}

// checkLabels panics unless there is one label per row of p, each a valid
// column index.
func checkLabels(fn string, p *mat.Dense, labels []int) {
	r, c := p.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("nnlib: %s: %d labels for %d×%d probabilities, want %d", fn, len(labels), r, c, r))
	}
	for i, y := range labels {
		if y < 0 || y >= c {
			panic(fmt.Sprintf("nnlib: %s: label[%d] = %d, want 0…%d", fn, i, y, c-1))
		}
	}
}
