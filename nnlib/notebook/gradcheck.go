package notebook

import (
	"fmt"
	"math"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// GradCheckTolerance is the largest relative error between backpropagation
// and the central difference that GradCheckPasses accepts outright: a wrong
// formula gives errors near 1, a correct one in float64 usually below 1e-7.
const GradCheckTolerance = 1e-6

// gradCheckStep is the step h of nnlib.GradCheck's central difference, by
// default.
const gradCheckStep = 1e-5

// GradCheckNoise is the rounding noise of a central difference of a loss
// near loss, with nnlib.GradCheck's default step h = 1e-5: u·|L|/h, u =
// 2⁻⁵² being float64's precision. Backpropagation and the difference can
// disagree by this much, whatever the size of the gradient.
func GradCheckNoise(loss float64) float64 { return 0x1p-52 * math.Abs(loss) / gradCheckStep }

// GradCheckPasses reports whether a parameter tensor passed nnlib.GradCheck
// on a batch whose loss is loss: its worst relative error is at most
// GradCheckTolerance, or, at an entry whose gradient is so small that
// rounding is a sizeable part of it, the absolute difference is within ten
// times GradCheckNoise(loss).
func GradCheckPasses(p nnlib.ParamCheck, loss float64) bool {
	return p.MaxRelError <= GradCheckTolerance || p.AbsError <= 10*GradCheckNoise(loss)
}

// GradCheckFailures returns the names of the parameter tensors that did not
// pass (see GradCheckPasses), in the network's order.
func GradCheckFailures(res nnlib.GradCheckResult, loss float64) []string {
	var failed []string
	for _, p := range res.Params {
		if !GradCheckPasses(p, loss) {
			failed = append(failed, p.Name)
		}
	}
	return failed
}

// GradCheckTable returns the rows of a table of nnlib.GradCheck's result,
// one per parameter tensor: how many entries were checked, the worst
// relative error, the two gradients and their difference at that entry,
// and the verdict of GradCheckPasses ("✓ ok", "✓ ok (rounding)" when only
// the absolute difference passed, "✗ wrong").
func GradCheckTable(res nnlib.GradCheckResult, loss float64) (headers []string, rows [][]string) {
	headers = []string{"parameter", "checked", "entries", "max rel. error",
		"backprop (worst entry)", "numerical (worst entry)", "|difference|", "verdict"}
	for _, p := range res.Params {
		verdict := "✗ wrong"
		switch {
		case p.MaxRelError <= GradCheckTolerance:
			verdict = "✓ ok"
		case GradCheckPasses(p, loss):
			verdict = "✓ ok (rounding)"
		}
		rows = append(rows, []string{p.Name, fmt.Sprint(p.Checked), fmt.Sprint(p.Total),
			fmt.Sprintf("%.1e", p.MaxRelError), fmt.Sprintf("%.4e", p.Backprop),
			fmt.Sprintf("%.4e", p.Numerical), fmt.Sprintf("%.1e", p.AbsError), verdict})
	}
	return headers, rows
}

// ShowGradCheck displays GradCheckTable(res, loss).
func ShowGradCheck(res nnlib.GradCheckResult, loss float64) {
	ShowTable(GradCheckTable(res, loss))
}

// ReLUPattern returns, for every hidden unit of net and every example of
// the batch x, whether the unit is on (its pre-activation above 0): layer
// after layer, example after example, unit after unit. Two patterns differ
// when a change of the weights switched some ReLU on or off, which is
// where a finite difference straddles a kink. It panics if x does not
// have net.Inputs() columns.
func ReLUPattern(net *nnlib.Network, x *mat.Dense) []bool {
	var on []bool
	a := x
	for _, l := range net.Layers[:len(net.Layers)-1] {
		z := mat.NewDense(a.RawMatrix().Rows, l.Out(), nil)
		l.Forward(z, a)
		for _, v := range z.RawMatrix().Data {
			on = append(on, v > 0)
		}
		nnlib.ReLU(z, z)
		a = z
	}
	return on
}
