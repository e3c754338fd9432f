package charts

import (
	"errors"
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// LogTicks marks a log axis at 1, 2 and 5 times each power of 10, all
// labelled when the axis spans less than three decades, else only the
// powers of 10 (as plot.LogTicks does). Narrow ranges, such as a loss
// falling from 2.3 to 0.3, so get labels that plot.LogTicks leaves out.
// It panics unless the values are > 0.
type LogTicks struct{}

// Ticks returns the ticks for values from min to max.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		panic(errors.New("charts: log axis: the values must be > 0"))
	}
	var ticks []plot.Tick
	narrow := max/min < 1000
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, e)
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || narrow {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// epochTicks marks whole epochs: every 1, 2, 5, 10, 20, … epochs, the
// least of those steps that makes at most 8 ticks.
type epochTicks struct{}

func (epochTicks) Ticks(min, max float64) []plot.Tick {
	step := 1.0
	for k := 0; (max-min)/step > 7; k++ {
		step = []float64{2, 5, 10}[k%3] * math.Pow(10, float64(k/3))
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}
