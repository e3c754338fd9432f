package notebook

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/plot"
)

// ShowCompactPlots displays plots as ShowPlots does, but with the image
// made smaller by CompactPNG: for plots of many points or curves, such as
// a ClassScatter, whose smoothed edges would otherwise make a PNG file of
// hundreds of kilobytes in the saved notebook. It panics if the plots
// cannot be drawn (see CompactPlotsHTML).
func ShowCompactPlots(width, height float64, plots ...*plot.Plot) {
	h, err := CompactPlotsHTML(width, height, plots...)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// CompactPlotsHTML returns ShowCompactPlots' image as an HTML <img>
// holding the PNG as a data URI. It returns an error if there are no
// plots, one of them is nil, or the size is not positive.
func CompactPlotsHTML(width, height float64, plots ...*plot.Plot) (string, error) {
	if len(plots) == 0 {
		return "", errors.New("notebook: CompactPlotsHTML: no plots")
	}
	for i, p := range plots {
		if p == nil {
			return "", fmt.Errorf("notebook: CompactPlotsHTML: plot %d is nil", i)
		}
	}
	if !(width > 0 && height > 0) {
		return "", fmt.Errorf("notebook: CompactPlotsHTML: size %g×%g, want both positive", width, height)
	}
	png, err := charts.EncodePlots([][]*plot.Plot{plots}, "png", width, height)
	if err == nil {
		png, err = CompactPNG(png)
	}
	if err != nil {
		return "", fmt.Errorf("notebook: CompactPlotsHTML: %w", err)
	}
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="plot">`,
		base64.StdEncoding.EncodeToString(png), int(width+0.5), int(height+0.5)), nil
}
