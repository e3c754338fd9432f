package augment_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"gonum.org/v1/gonum/mat"
)

// show prints rows y0…y1 and columns x0…x1 of an image: # for ink of at
// least 0.5, + for fainter ink, . for background.
func show(img []float64, x0, x1, y0, y1 int) {
	for y := y0; y <= y1; y++ {
		var b strings.Builder
		for x := x0; x <= x1; x++ {
			switch v := img[y*mnist.Side+x]; {
			case v >= 0.5:
				b.WriteByte('#')
			case v > 0:
				b.WriteByte('+')
			default:
				b.WriteByte('.')
			}
		}
		fmt.Println(b.String())
	}
}

// A bar to the right of the centre, turned a quarter turn counterclockwise,
// stands above the centre. Slanted by k = 1, it leans right by one pixel per
// pixel of height; the centre is at 13.5, between two rows, so the slant
// alone would put every row between two pixels, and a shift of half a
// pixel puts them back on pixel centres.
func ExampleTransformer_Affine() {
	bar := make([]float64, mnist.Pixels)
	for x := 16; x <= 20; x++ {
		bar[13*mnist.Side+x] = 1 // row 13, columns 16…20
	}
	var t augment.Transformer
	turned := make([]float64, mnist.Pixels)
	t.Affine(turned, bar, augment.Affine{Rotate: 90})
	show(turned, 10, 20, 6, 14)
	fmt.Println()

	slanted := make([]float64, mnist.Pixels)
	t.Affine(slanted, turned, augment.Affine{Shear: 1, DX: -0.5})
	show(slanted, 10, 20, 6, 14)
	// Output:
	// ...........
	// ...#.......
	// ...#.......
	// ...#.......
	// ...#.......
	// ...#.......
	// ...........
	// ...........
	// ...........
	//
	// ...........
	// .........#.
	// ........#..
	// .......#...
	// ......#....
	// .....#.....
	// ...........
	// ...........
	// ...........
}

// One lit pixel, two steps thicker, is a diamond; 1.75 steps thinner
// than that, a cross with faint arms.
func ExampleTransformer_Stroke() {
	dot := make([]float64, mnist.Pixels)
	dot[10*mnist.Side+10] = 1
	var t augment.Transformer
	thick := make([]float64, mnist.Pixels)
	t.Stroke(thick, dot, 2)
	show(thick, 7, 13, 7, 13)
	fmt.Println()
	thinner := make([]float64, mnist.Pixels)
	t.Stroke(thinner, thick, -1.75)
	show(thinner, 7, 13, 7, 13)
	// Output:
	// .......
	// ...#...
	// ..###..
	// .#####.
	// ..###..
	// ...#...
	// .......
	//
	// .......
	// .......
	// ...+...
	// ..+#+..
	// ...+...
	// .......
	// .......
}

// An Augmenter plugs into training as nnlib.Config's Augment hook: every
// mini-batch is distorted afresh before the network sees it.
func ExampleNew() {
	settings, err := augment.ParseSettings("shift=2,rotate=15,thicker=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	aug := augment.New(settings, rand.New(rand.NewPCG(1, 2)))
	cfg := nnlib.Config{Epochs: 40, LearningRate: 0.002, BatchSize: 64, Augment: aug.Batch}

	train := nnlib.Dataset{X: mat.NewDense(1000, mnist.Pixels, nil), Labels: make([]int, 1000)}
	fmt.Println(aug.Settings(), cfg.Check(train))
	// Output:
	// shift=2,rotate=15,thicker=1 <nil>
}

// The distortions of the test sets, and what their strengths measure.
func ExampleKinds() {
	for _, k := range augment.Kinds() {
		fmt.Printf("%-8s %s\n", k, k.Unit())
	}
	// Output:
	// shift    pixels
	// rotation degrees
	// scale    relative change of size
	// shear    slant k
	// elastic  α, with σ = 4
	// thicker  steps
	// thinner  steps
	// blur     σ in pixels
}
