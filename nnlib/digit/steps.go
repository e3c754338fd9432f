package digit

import (
	"fmt"
	"image"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"gonum.org/v1/gonum/mat"
)

// Step is one stage of Prepare's work on a picture: what the stage did and
// the picture it left, Width pixels wide, row after row.
//
// The values are those Prepare computes at that stage: luminance (0 black,
// 1 white) for the grey levels, and from the polarity on ink level (0 no
// ink, 1 full ink), which is how MNIST stores its digits.
type Step struct {
	Name   string // a few words, such as "size: fit a 20×20 box"
	Pixels []float64
	Width  int
}

// Height returns the number of rows of the step's picture.
func (s Step) Height() int { return len(s.Pixels) / s.Width }

// Steps returns the pictures Prepare makes on its way from img to the
// network's input, one per stage, in order:
//
//  1. grey levels: the luminance of every pixel, laid over white paper;
//  2. polarity: ink made the high end, so dark ink on light paper is
//     inverted (1 − v) and light ink on dark paper is left as it is;
//  3. contrast: the paper at 0, the strongest ink at 1, faint noise at 0;
//  4. crop: the smallest rectangle holding all the ink;
//  5. size: that rectangle scaled so that its longer side is 20 pixels;
//  6. position: the scaled digit in the 28×28 field, moved so that its
//     centre of mass is at the centre.
//
// (Prepare's doc counts five steps: the crop is the first half of the
// size step.) The last picture holds exactly the 784 values Prepare
// returns for img. It is for showing how Prepare works; the errors are
// Prepare's.
func Steps(img image.Image) ([]Step, error) {
	if _, err := preprocess(img, ""); err != nil {
		return nil, err
	}
	g := grayLevels(img)
	_, w := g.Dims()
	steps := []Step{{Name: "grey levels", Pixels: denseValues(g), Width: w}}

	// inkLevels decides the polarity by where the image's mean falls
	// against the paper's level; showing its decision on its own takes
	// the same test.
	polar := denseValues(g)
	if mean(polar) < median(borderPixels(g)) {
		for i, v := range polar {
			polar[i] = 1 - v
		}
	}
	steps = append(steps, Step{Name: "polarity: ink high", Pixels: polar, Width: w})

	ink, err := inkLevels(g) // changes g in place
	if err != nil {
		return nil, err
	}
	steps = append(steps, Step{Name: "contrast: paper 0, ink 1", Pixels: denseValues(ink), Width: w})

	crop := cropToInk(ink)
	_, cw := crop.Dims()
	steps = append(steps, Step{Name: "crop to the ink", Pixels: denseValues(crop), Width: cw})

	fit := fitBox(crop, digitBox)
	_, fw := fit.Dims()
	steps = append(steps, Step{Name: fmt.Sprintf("size: fit a %d×%d box", digitBox, digitBox),
		Pixels: denseValues(fit), Width: fw})

	placed := centreOfMassPlace(fit, mnist.Side)
	steps = append(steps, Step{Name: fmt.Sprintf("position: centre of mass at the centre of %d×%d",
		mnist.Side, mnist.Side), Pixels: placed, Width: mnist.Side})
	return steps, nil
}

// denseValues returns a copy of m's values, row after row (m may be a
// view).
func denseValues(m *mat.Dense) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		out = append(out, m.RawRowView(i)...)
	}
	return out
}
