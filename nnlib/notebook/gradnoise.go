package notebook

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/floats"
)

// NoiseRow is GradientNoise's measurement for one batch size.
type NoiseRow struct {
	Batch    int     `json:"batch"`
	RelError float64 `json:"rel_error"` // mean of ‖g_B − ∇L‖ / ‖∇L‖ over the draws
}

// GradientNoise measures how far the gradient of a random mini-batch is
// from the exact gradient of the mean loss over all of d, at net's current
// weights. For each batch size B it draws `draws` batches of B examples
// (without replacement, by rng) and returns the mean relative error
// ‖g_B − ∇L‖ / ‖∇L‖, where g_B is the batch's gradient and ∇L the exact
// one, every parameter's gradient taken as one long vector.
//
// It leaves net's weights as they were and its gradients (Param.Grad) as
// the last batch's. It panics unless every size is between 1 and d.Len().
func GradientNoise(net *nnlib.Network, d nnlib.Dataset, sizes []int, draws int, rng *rand.Rand) []NoiseRow {
	exact := FullGradient(net, d, 10000)
	norm := floats.Norm(exact, 2)
	rows := make([]NoiseRow, len(sizes))
	for k, b := range sizes {
		if b < 1 || b > d.Len() {
			panic(fmt.Sprintf("notebook: GradientNoise: batch size %d, want 1 to %d", b, d.Len()))
		}
		var sum float64
		for range draws {
			batch := d.Sample(b, rng)
			net.LossAndGradients(batch.X, batch.Labels)
			sum += floats.Distance(gradVector(net, nil), exact, 2) / norm
		}
		rows[k] = NoiseRow{Batch: b, RelError: sum / float64(draws)}
	}
	return rows
}

// FullGradient returns the gradient of net's mean loss over all of d, all
// the parameters' gradients in one vector, computed chunk examples at a
// time (the mean of the chunks' gradients, each weighted by its size) so
// that a large d needs no matrices of its size.
func FullGradient(net *nnlib.Network, d nnlib.Dataset, chunk int) []float64 {
	var total []float64
	for from := 0; from < d.Len(); from += chunk {
		part := d.Slice(from, min(from+chunk, d.Len()))
		net.LossAndGradients(part.X, part.Labels)
		g := gradVector(net, nil)
		if total == nil {
			total = make([]float64, len(g))
		}
		floats.AddScaled(total, float64(part.Len())/float64(d.Len()), g)
	}
	return total
}

// gradVector appends every parameter's gradient, in the order of
// net.Params(), to dst and returns it.
func gradVector(net *nnlib.Network, dst []float64) []float64 {
	for _, p := range net.Params() {
		dst = append(dst, p.Grad...)
	}
	return dst
}

// LogLogSlope returns the slope of the least-squares line through the
// points (log x, log y): the exponent a of a power law y ∝ xᵃ that fits
// them best. It panics unless there are at least two points, as many y as
// x, all > 0, and not all x equal.
func LogLogSlope(x, y []float64) float64 {
	if len(x) < 2 || len(x) != len(y) {
		panic(fmt.Sprintf("notebook: LogLogSlope: %d x and %d y values, want as many, at least 2", len(x), len(y)))
	}
	lx, ly := make([]float64, len(x)), make([]float64, len(y))
	for i := range x {
		if !(x[i] > 0 && y[i] > 0) {
			panic(fmt.Sprintf("notebook: LogLogSlope: point %d is (%g, %g), want both > 0", i, x[i], y[i]))
		}
		lx[i], ly[i] = math.Log(x[i]), math.Log(y[i])
	}
	mx, my := floats.Sum(lx)/float64(len(lx)), floats.Sum(ly)/float64(len(ly))
	var sxy, sxx float64
	for i := range lx {
		sxy += (lx[i] - mx) * (ly[i] - my)
		sxx += (lx[i] - mx) * (lx[i] - mx)
	}
	if sxx == 0 {
		panic("notebook: LogLogSlope: all x are equal")
	}
	return sxy / sxx
}
