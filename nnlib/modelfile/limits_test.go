package modelfile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

func TestCheckSizes(t *testing.T) {
	t.Parallel()
	many := slices.Repeat([]int{2}, MaxLayers+2)
	for _, tc := range []struct {
		sizes []int
		want  string // the message, or "" for sizes within the limits
	}{
		{nnlib.DefaultSizes, ""},
		{slices.Repeat([]int{2}, MaxLayers+1), ""},
		{[]int{784, MaxWidth, 10}, "52101130 parameters, want at most 33554432 (modelfile.MaxParams)"},
		{[]int{MaxWidth, 500}, ""},
		{[]int{784}, "1 layer widths, want 2…64 (at most 63 layers, modelfile.MaxLayers)"},
		{many, "65 layer widths, want 2…64 (at most 63 layers, modelfile.MaxLayers)"},
		{[]int{784, 100000, 10}, "layer width 1 is 100000, want 1…65536 (modelfile.MaxWidth)"},
		{[]int{784, 0, 10}, "layer width 1 is 0, want 1…65536 (modelfile.MaxWidth)"},
	} {
		err := CheckSizes(tc.sizes)
		if tc.want == "" {
			if err != nil {
				t.Errorf("CheckSizes(%v) = %v, want nil", tc.sizes, err)
			}
			continue
		}
		if _, ok := errors.AsType[*SizeError](err); !ok || err.Error() != tc.want {
			t.Errorf("CheckSizes(%v) = %v, want a *SizeError saying %q", tc.sizes, err, tc.want)
		}
	}
}

// TestSaveOutsideLimits checks that Save writes nothing for a network
// that Load would refuse: more layers than MaxLayers.
func TestSaveOutsideLimits(t *testing.T) {
	t.Parallel()
	net := nnlib.NewNetwork(slices.Repeat([]int{1}, MaxLayers+2), newRNG(23))
	path := filepath.Join(t.TempDir(), "deep"+Extension)
	err := Save(path, net)
	want := "modelfile: cannot save " + path + ": the network has 65 layer widths, want 2…64"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want one starting %q", err, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written (stat: %v), want nothing", path, err)
	}
}
