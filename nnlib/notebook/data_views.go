package notebook

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
)

// ShowPlots displays gonum plots side by side, in one row, as an image
// width×height CSS pixels in all:
//
//	notebook.ShowPlots(480, 300, p)
//
// The image is drawn by charts.EncodePlots at twice that size, so it stays
// sharp on high-density screens, and its fonts and lines, given in points,
// appear at their nominal size. ShowPlots panics if the plots cannot be
// drawn (see PlotsHTML).
func ShowPlots(width, height float64, plots ...*plot.Plot) {
	h, err := PlotsHTML(width, height, plots...)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// PlotsHTML returns ShowPlots' image as an HTML <img> holding the PNG as a
// data URI, which notebooks save with their outputs. It returns an error
// if there are no plots, one of them is nil, or the size is not positive.
func PlotsHTML(width, height float64, plots ...*plot.Plot) (string, error) {
	if len(plots) == 0 {
		return "", errors.New("notebook: PlotsHTML: no plots")
	}
	for i, p := range plots {
		if p == nil {
			return "", fmt.Errorf("notebook: PlotsHTML: plot %d is nil", i)
		}
	}
	if !(width > 0 && height > 0) {
		return "", fmt.Errorf("notebook: PlotsHTML: size %g×%g, want both positive", width, height)
	}
	png, err := charts.EncodePlots([][]*plot.Plot{plots}, "png", width, height)
	if err != nil {
		return "", fmt.Errorf("notebook: PlotsHTML: %w", err)
	}
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="plot">`,
		base64.StdEncoding.EncodeToString(png), int(width+0.5), int(height+0.5)), nil
}
