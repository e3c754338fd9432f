package modelfile

import "fmt"

// The limits of a network's sizes, the same for every program of this
// project: the trainer refuses sizes outside them before it allocates
// anything, Save does not write such a network, and Load refuses a file
// that claims one, so that every network trained can be saved and every
// one saved can be loaded. MaxParams bounds a model file at 256 MiB and a
// network's weights in memory at as much; the default network,
// 784→128→64→10, has 109,386 parameters.
const (
	MaxLayers = 63      // layers, so at most 64 layer widths, input and output included
	MaxWidth  = 1 << 16 // 65536, the most inputs or units of a layer
	MaxParams = 1 << 25 // 33554432 weights and biases in all
)

// SizeError reports layer widths outside the limits: Problem says what is
// wrong, Want what the limit allows.
type SizeError struct {
	Problem string // such as "layer width 1 is 100000"
	Want    string // such as "1…65536 (modelfile.MaxWidth)"
}

func (e *SizeError) Error() string { return e.Problem + ", want " + e.Want }

// CheckSizes returns a *SizeError if the layer widths sizes, input first,
// are not a network this project can train, save and load: 2 to
// MaxLayers+1 widths, each 1 to MaxWidth, with at most MaxParams weights
// and biases in all. It returns nil for sizes within the limits.
func CheckSizes(sizes []int) error {
	if err := checkSizes(sizes); err != nil {
		return err
	}
	return nil
}

// checkSizes is CheckSizes, returning the *SizeError itself (nil if none).
func checkSizes(sizes []int) *SizeError {
	if len(sizes) < 2 || len(sizes) > MaxLayers+1 {
		return countError(len(sizes))
	}
	for i, w := range sizes {
		if w < 1 || w > MaxWidth {
			return &SizeError{fmt.Sprintf("layer width %d is %d", i, w), fmt.Sprintf("1…%d (modelfile.MaxWidth)", MaxWidth)}
		}
	}
	if p := numParams(sizes); p > MaxParams {
		return &SizeError{fmt.Sprintf("%d parameters", p), fmt.Sprintf("at most %d (modelfile.MaxParams)", MaxParams)}
	}
	return nil
}

// countError is the error for n layer widths, too few or too many.
func countError(n int) *SizeError {
	return &SizeError{fmt.Sprintf("%d layer widths", n),
		fmt.Sprintf("2…%d (at most %d layers, modelfile.MaxLayers)", MaxLayers+1, MaxLayers)}
}

// numParams returns the number of weights and biases of a network with
// layer widths sizes, Σ (Inₗ·Outₗ + Outₗ). With at most MaxLayers+1 widths
// of at most MaxWidth, as checkSizes makes sure first, it is below 2³⁸.
func numParams(sizes []int) int {
	total := 0
	for i := 1; i < len(sizes); i++ {
		total += sizes[i-1]*sizes[i] + sizes[i]
	}
	return total
}
