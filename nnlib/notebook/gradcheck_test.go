package notebook

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// halvedW1 is a network whose gradient for W1 is half what it should be.
type halvedW1 struct{ *nnlib.Network }

func (h halvedW1) LossAndGradients(x *mat.Dense, labels []int) float64 {
	loss := h.Network.LossAndGradients(x, labels)
	h.Layers[0].DW.Scale(0.5, h.Layers[0].DW)
	return loss
}

func TestGradCheckTable(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(4, 6, nil)
	for i := range 4 {
		for j := range 6 {
			x.Set(i, j, rng.Float64())
		}
	}
	labels := []int{0, 1, 2, 1}
	net := nnlib.NewNetwork([]int{6, 5, 3}, rng)
	loss := net.Loss(x, labels)

	good := nnlib.GradCheck(net, x, labels, nnlib.GradCheckOptions{})
	if f := GradCheckFailures(good, loss); len(f) != 0 {
		t.Errorf("a correct network fails in %v", f)
	}
	bad := nnlib.GradCheck(halvedW1{net}, x, labels, nnlib.GradCheckOptions{})
	if f := GradCheckFailures(bad, loss); !slices.Equal(f, []string{"W1"}) {
		t.Errorf("a network with a wrong W1 gradient fails in %v, want [W1]", f)
	}
	headers, rows := GradCheckTable(bad, loss)
	if len(rows) != 4 || len(rows[0]) != len(headers) {
		t.Fatalf("%d rows of %d cells for 4 tensors and %d headers", len(rows), len(rows[0]), len(headers))
	}
	if got := rows[0][len(headers)-1]; got != "✗ wrong" {
		t.Errorf("W1's verdict is %q, want ✗ wrong", got)
	}
	if got := rows[1][len(headers)-1]; !strings.HasPrefix(got, "✓ ok") {
		t.Errorf("b1's verdict is %q, want ✓ ok", got)
	}
}

func TestGradCheckPassesOnRounding(t *testing.T) {
	t.Parallel()
	noise := GradCheckNoise(2.3)
	for _, tc := range []struct {
		p    nnlib.ParamCheck
		want bool
	}{
		{nnlib.ParamCheck{MaxRelError: 1e-8, AbsError: 1}, true},
		{nnlib.ParamCheck{MaxRelError: 0.5, AbsError: 5 * noise}, true}, // a tiny gradient, rounding
		{nnlib.ParamCheck{MaxRelError: 0.5, AbsError: 20 * noise}, false},
		{nnlib.ParamCheck{MaxRelError: 1e-5, AbsError: 1e-3}, false},
	} {
		if got := GradCheckPasses(tc.p, 2.3); got != tc.want {
			t.Errorf("GradCheckPasses(%+v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if noise < 1e-11 || noise > 1e-10 {
		t.Errorf("GradCheckNoise(2.3) = %g, want about 5e-11", noise)
	}
}

func TestReLUPattern(t *testing.T) {
	t.Parallel()
	net := nnlib.NewNetwork([]int{2, 3, 2}, rand.New(rand.NewPCG(1, 1)))
	w := net.Layers[0].W
	w.Copy(mat.NewDense(2, 3, []float64{1, -1, 0, 0, 0, 1}))
	x := mat.NewDense(2, 2, []float64{1, 0, -1, 2})
	// Z1 = x·W + 0: example 0 → (1, -1, 0), example 1 → (-1, 1, 2).
	want := []bool{true, false, false, false, true, true}
	if got := ReLUPattern(net, x); !slices.Equal(got, want) {
		t.Errorf("ReLUPattern = %v, want %v", got, want)
	}
}
