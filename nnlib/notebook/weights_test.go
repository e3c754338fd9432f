package notebook

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNeighbourCorrelation(t *testing.T) {
	t.Parallel()
	const side, units = 28, 16
	rng := rand.New(rand.NewPCG(1, 1))
	noise := mat.NewDense(side*side, units, nil)
	blobs := mat.NewDense(side*side, units, nil)
	for k := range units {
		cx, cy := 4+rng.Float64()*20, 4+rng.Float64()*20
		for p := range side * side {
			noise.Set(p, k, rng.NormFloat64())
			x, y := float64(p%side), float64(p/side)
			blobs.Set(p, k, math.Exp(-((x-cx)*(x-cx)+(y-cy)*(y-cy))/20))
		}
	}
	if r := NeighbourCorrelation(noise, side); math.Abs(r) > 0.05 {
		t.Errorf("independent noise: r = %g, want about 0", r)
	}
	if r := NeighbourCorrelation(blobs, side); r < 0.9 {
		t.Errorf("smooth blobs: r = %g, want near 1", r)
	}
	if ok, _ := panicsWith(func() { NeighbourCorrelation(noise, 27) }); !ok {
		t.Error("784 rows as images 27 wide: no panic")
	}
}
