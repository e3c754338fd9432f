package notebook

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// TestSharpness compares Sharpness with the largest eigenvalue of the whole
// Hessian of a tiny network, built column by column from central
// differences of gradients and diagonalized by gonum.
func TestSharpness(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	net := nnlib.NewNetwork([]int{3, 4, 3}, rng)
	x := mat.NewDense(6, 3, nil)
	for i := range 6 {
		for j := range 3 {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	d := nnlib.Dataset{X: x, Labels: []int{0, 1, 2, 0, 1, 2}}
	before := flatten(net.Params(), func(p nnlib.Param) []float64 { return p.Value })

	got := Sharpness(net, d, 200, rand.New(rand.NewPCG(6, 6)))

	after := flatten(net.Params(), func(p nnlib.Param) []float64 { return p.Value })
	if !reflect.DeepEqual(before, after) {
		t.Error("Sharpness changed the weights, want them put back exactly")
	}
	params := net.Params()
	n := len(before)
	hessian := mat.NewSymDense(n, nil)
	const h = 1e-4
	for j := range n {
		e := make([]float64, n)
		e[j] = 1
		move(params, e, h)
		net.LossAndGradients(d.X, d.Labels)
		plus := flatten(params, func(p nnlib.Param) []float64 { return p.Grad })
		move(params, e, -2*h)
		net.LossAndGradients(d.X, d.Labels)
		minus := flatten(params, func(p nnlib.Param) []float64 { return p.Grad })
		move(params, e, h)
		for i := 0; i <= j; i++ {
			hessian.SetSym(i, j, (plus[i]-minus[i])/(2*h))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(hessian, false) {
		t.Fatal("the Hessian could not be diagonalized")
	}
	values := eig.Values(nil)
	want := values[len(values)-1]
	if math.Abs(values[0]) > want {
		t.Skipf("the eigenvalue of largest size is negative (%v); power iteration finds that one", values[0])
	}
	if math.Abs(got-want) > 1e-3*want {
		t.Errorf("Sharpness = %v, want the largest eigenvalue %v", got, want)
	}
}
