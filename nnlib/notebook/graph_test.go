package notebook

import (
	"math"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts/chartstest"
)

// neuronGraph is one ReLU neuron with a squared-error loss, with the values
// and gradients worked out by hand: x = 2, w = -0.5, b = 2, t = 0.5 give
// z = 1, a = 1 and L = ½(a − t)² = 0.125.
func neuronGraph() Graph {
	return Graph{Title: "a neuron", Nodes: []GraphNode{
		{Name: "w", Value: -0.5, Grad: 1},
		{Name: "x", Value: 2, Grad: -0.25},
		{Name: "u", Op: "×", Inputs: []string{"w", "x"}, Value: -1, Grad: 0.5},
		{Name: "b", Value: 2, Grad: 0.5},
		{Name: "z", Op: "+", Inputs: []string{"u", "b"}, Value: 1, Grad: 0.5},
		{Name: "a", Op: "ReLU", Inputs: []string{"z"}, Value: 1, Grad: 0.5},
		{Name: "t", Value: 0.5, Grad: -0.5},
		{Name: "L", Op: "½(a−t)²", Inputs: []string{"a", "t"}, Value: 0.125, Grad: 1},
	}}
}

func TestGraphLayout(t *testing.T) {
	t.Parallel()
	pos, err := neuronGraph().layout()
	if err != nil {
		t.Fatal(err)
	}
	// Operations one column after what they read; inputs one column before
	// their reader, in rows from the top down; operations at the mean
	// height of their inputs.
	want := []graphPos{
		{0, 0}, {0, -1}, {1, -0.5}, {1, -2}, {2, -1.25}, {3, -1.25}, {3, -3}, {4, -2.125},
	}
	for i, p := range pos {
		if p != want[i] {
			t.Errorf("node %q at %v, want %v", neuronGraph().Nodes[i].Name, p, want[i])
		}
	}
}

func TestGraphGolden(t *testing.T) {
	data, err := neuronGraph().PNG(420, 170)
	if err != nil {
		t.Fatal(err)
	}
	chartstest.CheckPNG(t, "graph_neuron", data)
}

func TestGraphErrors(t *testing.T) {
	t.Parallel()
	in := func(name string) GraphNode { return GraphNode{Name: name} }
	for _, tc := range []struct {
		nodes []GraphNode
		want  string
	}{
		{nil, "no nodes"},
		{[]GraphNode{in("x"), in("x")}, `node 1 ("x"): the name is taken`},
		{[]GraphNode{in("x"), {Name: "y", Inputs: []string{"x"}}}, "an input (no Op) reads [x]"},
		{[]GraphNode{in("x"), {Name: "y", Op: "+"}}, `operation "+" reads nothing`},
		{[]GraphNode{in("x"), {Name: "y", Op: "+", Inputs: []string{"z"}}}, `reads "z", which is not a node before it`},
		{[]GraphNode{in("x"), in("y"), {Name: "f", Op: "-", Inputs: []string{"x"}}}, `input "y" is read by no node`},
		{[]GraphNode{{Name: "x", Value: math.NaN()}}, "want finite numbers"},
		{[]GraphNode{{Name: "x", Grad: math.Inf(-1)}}, "want finite numbers"},
	} {
		_, err := Graph{Nodes: tc.nodes}.Plot()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.nodes, err, tc.want)
		}
	}
}

func TestFormatGraphNumber(t *testing.T) {
	t.Parallel()
	for v, want := range map[float64]string{0: "0", 2.75: "2.75", -0.875: "-0.875", 1.0 / 3: "0.3333", 1e-5: "1e-05", 12345: "1.234e+04"} {
		if got := formatGraphNumber(v); got != want {
			t.Errorf("formatGraphNumber(%g) = %q, want %q", v, got, want)
		}
	}
}
