package notebook

import (
	"math"
	"slices"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

func TestValleyDescend(t *testing.T) {
	t.Parallel()
	v := Valley{Steep: 100}
	// Along w₂ a step multiplies the distance by 1 − η·100: stable below η = 0.02.
	stable := v.Descend(nnlib.SGD{}, 0.019, [2]float64{0, 1}, 50)
	if got, want := stable.W2[1], 1-0.019*100; math.Abs(got-want) > 1e-15 {
		t.Errorf("first step along w₂ to %g, want %g", got, want)
	}
	if last := stable.Loss[len(stable.Loss)-1]; !(last < v.Loss([]float64{0, 1})) {
		t.Errorf("below 2/λ the loss rose to %g", last)
	}
	unstable := v.Descend(nnlib.SGD{}, 0.021, [2]float64{0, 1}, 50)
	if last := unstable.Loss[len(unstable.Loss)-1]; !(last > v.Loss([]float64{0, 1})) {
		t.Errorf("above 2/λ the loss fell to %g, want it growing", last)
	}
	if got := stable.StepLength(1); math.Abs(got-0.019*100) > 1e-12 {
		t.Errorf("the first step is %g long, want η·100·|w₂| = 1.9", got)
	}
	if x := stable.Steps(); len(x) != 50 || x[0] != 1 || x[49] != 50 {
		t.Errorf("Steps() = %v…, want 1 to 50", x[:min(3, len(x))])
	}
	if len(stable.W1) != 51 || len(stable.Loss) != 50 {
		t.Errorf("%d points and %d losses for 50 steps, want 51 and 50", len(stable.W1), len(stable.Loss))
	}
	for _, c := range v.Contours(2) {
		for k := range c.X {
			if l := v.Loss([]float64{c.X[k], c.Y[k]}); math.Abs(l-2) > 1e-12 || !c.Faint {
				t.Fatalf("contour point %d has loss %g (faint %t), want 2 (and faint)", k, l, c.Faint)
			}
		}
	}
}

func TestConstantGradientMoves(t *testing.T) {
	t.Parallel()
	grads := []float64{100, 0.01}
	sgd := ConstantGradientMoves(nnlib.SGD{}, grads, 0.1, 3)
	if !slices.Equal(sgd[2], []float64{-10, -0.001}) {
		t.Errorf("SGD's third moves %v, want -η·g", sgd[2])
	}
	mom := ConstantGradientMoves(&nnlib.Momentum{Mu: 0.5}, grads, 0.1, 3)
	if got := mom[2][0] / mom[0][0]; math.Abs(got-1.75) > 1e-12 { // 1 + μ + μ²
		t.Errorf("momentum's third move is %g times its first, want 1.75", got)
	}
	adam := ConstantGradientMoves(nnlib.NewAdam(), grads, 0.1, 1)
	for i, m := range adam[0] {
		if math.Abs(m+0.1) > 1e-6 {
			t.Errorf("Adam's first move of parameter %d is %g, want -η whatever the gradient", i, m)
		}
	}
}

func TestScheduleSteps(t *testing.T) {
	t.Parallel()
	x, y := ScheduleSteps(nnlib.StepRate(2, 0.5), 4)
	if !slices.Equal(x, []float64{0, 1, 1, 2, 2, 3, 3, 4}) || !slices.Equal(y, []float64{1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5}) {
		t.Errorf("steps %v, %v", x, y)
	}
	if ok, _ := panicsWith(func() { ScheduleSteps(nnlib.CosineRate, 0) }); !ok {
		t.Error("0 epochs did not panic")
	}
}
