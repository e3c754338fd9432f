package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// fakeReport is a report of made-up measurements: fast, gonum and numpy ran,
// openblas could not be built.
func fakeReport() report {
	run := func(mode, int, float64) *exec.Cmd { return nil }
	variants := []*variant{
		{name: "fast", blas: "fastblas (test)", command: run},
		{name: "gonum", blas: "gonum native", command: run},
		{name: "openblas", missing: "not built: cgo disabled"},
		{name: "numpy", blas: "NumPy 2.4.6, OpenBLAS", command: run},
	}
	results := map[string]map[string]*result{}
	for _, m := range modes {
		results[m.name] = map[string]*result{
			"fast":     {seconds: []float64{0.2, 0.3, 0.25}, warmUp: []float64{0.4}, hasAlloc: true, peakRSS: 5e8, testAcc: 0.97},
			"gonum":    {seconds: []float64{0.8, 0.9}, warmUp: []float64{1}, hasAlloc: true, allocs: 74, peakRSS: 5e8, testAcc: 0.97},
			"openblas": {},
			"numpy":    {seconds: []float64{0.4, 0.5}, warmUp: []float64{0.6}, peakRSS: 6e8, testAcc: 0.96},
		}
	}
	return report{
		opts:     options{epochs: 3, rounds: 1, peak: 268, target: 0.975, maxEpochs: 20},
		args:     []string{"-quick"},
		variants: variants, results: results,
		convergence: []convergence{
			{variant: "fast", blas: "fastblas (test)", target: 0.975, reached: true, epoch: 7, seconds: 1.5, accuracy: 0.977},
			{variant: "numpy", blas: "NumPy 2.4.6, OpenBLAS", target: 0.975, epoch: 20, seconds: 9, accuracy: 0.97},
		},
		machine:    machine{cpu: "Test CPU", mhz: "2600", cores: 2, goVer: "go1.26"},
		loadBefore: "0.1 0.2 0.3", loadAfter: "0.2 0.3 0.4",
		date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), elapsed: time.Minute,
	}
}

// The published report gives measurements only: no goals, no verdicts.
func TestReportMeasuresOnly(t *testing.T) {
	r := fakeReport()
	var md, text bytes.Buffer
	if err := r.writeMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	r.printText(&text)
	for name, out := range map[string]string{"Markdown": md.String(), "text": text.String()} {
		lower := strings.ToLower(out)
		for _, verdict := range []string{"target", "| met", "≤", " yes", " no ", "pass", "fail"} {
			if strings.Contains(lower, verdict) {
				t.Errorf("%s report contains %q:\n%s", name, verdict, out)
			}
		}
	}

	// Each mode's table: a header, its alignment line and one row per
	// variant, with the ratio to NumPy as a measurement.
	for _, m := range modes {
		i := strings.Index(md.String(), "### "+m.title+"\n\n")
		if i < 0 {
			t.Fatalf("no section %q in\n%s", m.title, md.String())
		}
		lines := strings.Split(md.String()[i:], "\n")[2:]
		if !strings.HasPrefix(lines[0], "| variant | BLAS |") || !strings.Contains(lines[0], "× NumPy") {
			t.Errorf("%s: header %q", m.name, lines[0])
		}
		if n := strings.Count(lines[1], "|"); n != len(header.cells())+1 {
			t.Errorf("%s: alignment line %q has %d bars, want %d", m.name, lines[1], n, len(header.cells())+1)
		}
		want := []string{
			"| fast | fastblas (test) | 0.250 | 0.200 | 0.300 | 0.56 |",
			"| gonum | gonum native | 0.850 |",
			"| openblas | not built: cgo disabled |",
			"| numpy | NumPy 2.4.6, OpenBLAS | 0.450 | 0.400 | 0.500 | 1.00 |",
		}
		for j, w := range want {
			if !strings.HasPrefix(lines[2+j], w) {
				t.Errorf("%s: row %d = %q, want it to start %q", m.name, j, lines[2+j], w)
			}
		}
	}
	for _, w := range []string{
		"### Time to 97.5% test accuracy",
		"| fast | fastblas (test) | 7 | 1.50 | 97.70% |",
		"| numpy | NumPy 2.4.6, OpenBLAS | not reached in 20 | 9.00 | 97.00% |",
		"go run ./scripts/bench -quick",
	} {
		if !strings.Contains(md.String(), w) {
			t.Errorf("Markdown lacks %q:\n%s", w, md.String())
		}
	}
}
