package mnist

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
)

// The seed corpora are in testdata/fuzz/FuzzDecodeImages and
// testdata/fuzz/FuzzDecodeLabels: valid files and one of each kind of
// malformation. Run the fuzzers with
//
//	go test ./nnlib/mnist -run '^$' -fuzz FuzzDecodeImages -fuzztime 20s

// FuzzDecodeImages checks that DecodeImages does not panic, that it
// accepts exactly what it accepts whether or not it knows the input's size,
// and that what it accepts holds as many images as the input's length says
// and the pixels the input holds.
func FuzzDecodeImages(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := DecodeImages(bytes.NewReader(data), int64(len(data)))
		x2, err2 := DecodeImages(bytes.NewReader(data), -1)
		checkFuzzErrors(t, err, err2)
		if err != nil {
			return
		}
		r, c := x.Dims()
		if c != Pixels || 16+r*Pixels != len(data) {
			t.Fatalf("decoded %d×%d images from %d bytes, want (%d−16)/784 × 784", r, c, len(data), len(data))
		}
		for i, v := range x.RawMatrix().Data {
			if want := float64(data[16+i]) / 255; v != want {
				t.Fatalf("pixel %d is %v, want %v", i, v, want)
			}
		}
		if r2, _ := x2.Dims(); r2 != r || !slices.Equal(x.RawMatrix().Data, x2.RawMatrix().Data) {
			t.Fatal("decoded differently with size unknown")
		}
	})
}

// FuzzDecodeLabels is FuzzDecodeImages for labels.
func FuzzDecodeLabels(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		labels, err := DecodeLabels(bytes.NewReader(data), int64(len(data)))
		labels2, err2 := DecodeLabels(bytes.NewReader(data), -1)
		checkFuzzErrors(t, err, err2)
		if err != nil {
			return
		}
		if 8+len(labels) != len(data) {
			t.Fatalf("decoded %d labels from %d bytes, want %d", len(labels), len(data), len(data)-8)
		}
		for i, l := range labels {
			if l != int(data[8+i]) || l > 9 {
				t.Fatalf("label %d is %d, want %d in 0…9", i, l, data[8+i])
			}
		}
		if !slices.Equal(labels, labels2) {
			t.Fatal("decoded differently with size unknown")
		}
	})
}

// checkFuzzErrors checks that the errors from decoding an input of known
// and of unknown size are both nil or both *inputerror.Error calling the
// input IDX data, with a problem stated.
func checkFuzzErrors(t *testing.T, err, err2 error) {
	t.Helper()
	if (err == nil) != (err2 == nil) {
		t.Fatalf("size known: error %v; size unknown: error %v", err, err2)
	}
	for _, err := range []error{err, err2} {
		if err == nil {
			continue
		}
		e, ok := errors.AsType[*inputerror.Error](err)
		if !ok || e.Pkg != "mnist" || e.Path != idxData || e.Problem == "" || !strings.HasPrefix(err.Error(), "mnist: IDX data: ") {
			t.Fatalf("error %q is not an *inputerror.Error naming IDX data and its problem", err)
		}
	}
}
