package notebook

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// NeighbourCorrelation measures how smooth the pictures of a weight
// matrix are, such as a first layer's, whose column k holds one weight per
// pixel of an image width pixels wide (784 rows for MNIST's 28×28). It
// returns the correlation between the weights of neighbouring pixels, the
// pairs (left, right) and (above, below), pooled over all columns:
//
//	r = cov(a, b) / (σ_a·σ_b)  over every pair (a, b) of neighbours.
//
// Independent random weights, as a network starts with, give r ≈ 0: the
// pictures are noise. Smooth blobs and strokes, the shapes of digits,
// give r near 1. It panics if w's rows do not make images width wide.
func NeighbourCorrelation(w mat.Matrix, width int) float64 {
	rows, cols := w.Dims()
	if width <= 0 || rows%width != 0 || rows/width < 2 || width < 2 {
		panic(fmt.Sprintf("notebook: NeighbourCorrelation: %d rows are not images %d pixels wide", rows, width))
	}
	height := rows / width
	var a, b []float64
	for k := range cols {
		for y := range height {
			for x := range width {
				p := y*width + x
				if x+1 < width {
					a, b = append(a, w.At(p, k)), append(b, w.At(p+1, k))
				}
				if y+1 < height {
					a, b = append(a, w.At(p, k)), append(b, w.At(p+width, k))
				}
			}
		}
	}
	return stat.Correlation(a, b, nil)
}
