// Package fake is a stand-in for nnlib in the tests of package notebook.
package fake

import "fmt"

// Layer is a layer.
type Layer struct {
	W []float64 // weights
}

// Forward computes out = 2·x + "<b>".
func (l *Layer) Forward(x float64) string {
	return fmt.Sprint(2*x, 0x1F, 'a', "<b>") // not HTML
}

func (l Layer) Len() int { return len(l.W) }

// Softmax is a function.
func Softmax(v []float64) {}

const (
	// Eps is small.
	Eps = 1e-9
	// Tiny is smaller.
	Tiny, Smaller = 1e-12, 1e-15
)

type (
	// Pair holds two things.
	Pair[T any] struct {
		A, B T
	}
)

// Swap swaps, with a generic receiver.
func (p *Pair[T]) Swap() { p.A, p.B = p.B, p.A }

func helper() {}
