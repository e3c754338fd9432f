package main

import (
	"strings"
	"testing"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

func TestFormatLeft(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		seconds float64
		want    string
	}{
		{0, "0s"},
		{83.4, "1m23s"},
		{2 * 24 * 3600, "2.0 days"},
		{3e9 * 0.3, "28.5 years"},
		{3e18, "9.51e+10 years"},
	} {
		if got := formatLeft(tc.seconds); got != tc.want {
			t.Errorf("formatLeft(%g) = %q, want %q", tc.seconds, got, tc.want)
		}
	}
}

// TestPrintEpochHugeEpochs prints the progress of the first of 2⁶³ − 1
// epochs, whose time left does not fit a time.Duration.
func TestPrintEpochHugeEpochs(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	printEpoch(&b, nnlib.EpochStats{Epoch: 1}, 1<<63-1, 300*time.Millisecond)
	if want := "300ms elapsed, 8.77e+10 years left\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("printed %q, want it to end with %q", b.String(), want)
	}
}
