package charts

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// labels returns the labels of the ticks that have one.
func labels(ticks []plot.Tick) []string {
	var l []string
	for _, t := range ticks {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return l
}

func TestLogTicks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		{0.3, 25, []string{"0.5", "1", "2", "5", "10", "20"}},
		// Three decades or more: only the powers of 10 keep a label.
		{0.3, 2500, []string{"1", "10", "100", "1000"}},
	} {
		if got := labels(LogTicks{}.Ticks(tc.min, tc.max)); !slices.Equal(got, tc.want) {
			t.Errorf("log tick labels for %g–%g: %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "must be > 0") {
			t.Errorf("LogTicks for 0–10: recovered %v, want a panic", r)
		}
	}()
	LogTicks{}.Ticks(0, 10)
}

func TestEpochTicks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		max  float64
		want []string
	}{
		{5, []string{"0", "1", "2", "3", "4", "5"}},
		{20, []string{"0", "5", "10", "15", "20"}},
		{100, []string{"0", "20", "40", "60", "80", "100"}},
		{10, []string{"0", "2", "4", "6", "8", "10"}},
		{300, []string{"0", "50", "100", "150", "200", "250", "300"}},
	} {
		if got := labels(epochTicks{}.Ticks(0, tc.max)); !slices.Equal(got, tc.want) {
			t.Errorf("epoch ticks for 0–%g: %q, want %q", tc.max, got, tc.want)
		}
	}
}
