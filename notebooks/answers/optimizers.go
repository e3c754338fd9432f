package answers

import "math"

// Notebooks 04 and 07, the optimizers: sgdStep, momentumStep, adamStep.

// sgdStepStub is the cell the learner starts from.
func sgdStepStub(w, g []float64, lr float64) {
	// Your code here: w ← w − lr·g, in place.
}

// sgdStepSolution takes one step of gradient descent: w ← w − η·g.
func sgdStepSolution(w, g []float64, lr float64) {
	for i := range w {
		w[i] -= lr * g[i]
	}
}

// sgdStepWrongAscent climbs the loss.
func sgdStepWrongAscent(w, g []float64, lr float64) {
	for i := range w {
		w[i] += lr * g[i]
	}
}

// sgdStepWrongNoRate forgets the learning rate.
func sgdStepWrongNoRate(w, g []float64, lr float64) {
	for i := range w {
		w[i] -= g[i]
	}
}

// momentumStepStub is the cell the learner starts from.
func momentumStepStub(w, v, g []float64, lr, mu float64) {
	// Your code here: v ← mu·v + g, then w ← w − lr·v, in place.
}

// momentumStepSolution: v ← μ·v + g, then w ← w − η·v.
func momentumStepSolution(w, v, g []float64, lr, mu float64) {
	for i := range w {
		v[i] = mu*v[i] + g[i]
		w[i] -= lr * v[i]
	}
}

// momentumStepWrongOldVelocity moves w by the velocity before updating it.
func momentumStepWrongOldVelocity(w, v, g []float64, lr, mu float64) {
	for i := range w {
		w[i] -= lr * v[i]
		v[i] = mu*v[i] + g[i]
	}
}

// momentumStepWrongDampened averages instead of summing: v ← μ·v + (1−μ)·g.
func momentumStepWrongDampened(w, v, g []float64, lr, mu float64) {
	for i := range w {
		v[i] = mu*v[i] + (1-mu)*g[i]
		w[i] -= lr * v[i]
	}
}

// momentumStepWrongNoMu never lets the velocity decay.
func momentumStepWrongNoMu(w, v, g []float64, lr, mu float64) {
	for i := range w {
		v[i] = v[i] + g[i]
		w[i] -= lr * v[i]
	}
}

// momentumStepWrongStoresStep keeps −η·v in v (the other convention).
func momentumStepWrongStoresStep(w, v, g []float64, lr, mu float64) {
	for i := range w {
		v[i] = mu*v[i] - lr*g[i]
		w[i] += v[i]
	}
}

// adamStepStub is the cell the learner starts from.
func adamStepStub(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	// Your code here: update m and s, correct them for step t, move w.
}

// adamStepSolution takes step t of Adam.
func adamStepSolution(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	c1 := 1 - math.Pow(beta1, float64(t))
	c2 := 1 - math.Pow(beta2, float64(t))
	for i := range w {
		m[i] = beta1*m[i] + (1-beta1)*g[i]
		s[i] = beta2*s[i] + (1-beta2)*g[i]*g[i]
		mHat, sHat := m[i]/c1, s[i]/c2
		w[i] -= lr * mHat / (math.Sqrt(sHat) + eps)
	}
}

// adamStepWrongNoBiasCorrection skips the correction for starting at 0.
func adamStepWrongNoBiasCorrection(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	for i := range w {
		m[i] = beta1*m[i] + (1-beta1)*g[i]
		s[i] = beta2*s[i] + (1-beta2)*g[i]*g[i]
		w[i] -= lr * m[i] / (math.Sqrt(s[i]) + eps)
	}
}

// adamStepWrongEpsInSqrt adds ε under the square root.
func adamStepWrongEpsInSqrt(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	c1 := 1 - math.Pow(beta1, float64(t))
	c2 := 1 - math.Pow(beta2, float64(t))
	for i := range w {
		m[i] = beta1*m[i] + (1-beta1)*g[i]
		s[i] = beta2*s[i] + (1-beta2)*g[i]*g[i]
		mHat, sHat := m[i]/c1, s[i]/c2
		w[i] -= lr * mHat / math.Sqrt(sHat+eps)
	}
}

// adamStepWrongNoSquare averages the gradient instead of its square in s.
func adamStepWrongNoSquare(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	c1 := 1 - math.Pow(beta1, float64(t))
	c2 := 1 - math.Pow(beta2, float64(t))
	for i := range w {
		m[i] = beta1*m[i] + (1-beta1)*g[i]
		s[i] = beta2*s[i] + (1-beta2)*g[i]
		mHat, sHat := m[i]/c1, s[i]/c2
		w[i] -= lr * mHat / (math.Sqrt(sHat) + eps)
	}
}

// adamStepWrongHardCoded writes the usual constants in instead of using
// the arguments.
func adamStepWrongHardCoded(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64) {
	c1 := 1 - math.Pow(0.9, float64(t))
	c2 := 1 - math.Pow(0.999, float64(t))
	for i := range w {
		m[i] = 0.9*m[i] + 0.1*g[i]
		s[i] = 0.999*s[i] + 0.001*g[i]*g[i]
		mHat, sHat := m[i]/c1, s[i]/c2
		w[i] -= lr * mHat / (math.Sqrt(sHat) + 1e-8)
	}
}
