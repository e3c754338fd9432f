package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// trainExamples is the size of MNIST's training set: one epoch's examples.
const trainExamples = 60000

// flopsPerEpoch counts the floating-point operations of the matrix products
// in one epoch over n examples of a network with the given layer widths,
// two per multiply-add:
//
//	forward  Zₗ = Aₗ₋₁·Wₗ          2·n·inₗ·outₗ for every layer
//	backward ∂Wₗ = Aₗ₋₁ᵀ·∂Zₗ        the same again
//	         ∂Aₗ₋₁ = ∂Zₗ·Wₗᵀ        the same for every layer but the first,
//	                                 whose input is the data
//
// Element-wise work (bias, ReLU, softmax, the update) is left out: it is
// under 1% of the total. The count does not depend on the batch size, so
// mini-batch and full-batch epochs do the same work: 27.3 GFLOP for
// 784→128→64→10 and 60,000 examples.
func flopsPerEpoch(sizes []int, n int) float64 {
	total := 0.0
	for l := 1; l < len(sizes); l++ {
		mac := float64(n) * float64(sizes[l-1]) * float64(sizes[l])
		total += 2 * 2 * mac // forward and ∂W
		if l > 1 {
			total += 2 * mac // ∂A of the layer below
		}
	}
	return total
}

// report holds everything the table shows.
type report struct {
	opts        options
	args        []string
	variants    []*variant
	results     map[string]map[string]*result // [mode][variant]
	convergence []convergence
	machine     machine
	loadBefore  string
	loadAfter   string
	date        time.Time
	elapsed     time.Duration
}

// row is one line of a mode's table, formatted.
type row struct {
	variant, blas                           string
	median, min, max, ratio, gflops, ofPeak string
	allocs, rss, acc, warmUp                string
}

var header = row{"variant", "BLAS", "s/epoch median", "min", "max", "× NumPy", "GFLOP/s",
	"of peak", "allocs/step", "peak RSS", "test acc.", "warm-up epoch"}

func (r row) cells() []string {
	return []string{r.variant, r.blas, r.median, r.min, r.max, r.ratio, r.gflops, r.ofPeak,
		r.allocs, r.rss, r.acc, r.warmUp}
}

// rows formats the table of mode m.
func (r report) rows(m mode) []row {
	flops := flopsPerEpoch(nnlib.DefaultSizes, trainExamples)
	numpy := r.results[m.name]["numpy"]
	var rows []row
	for _, v := range r.variants {
		res := r.results[m.name][v.name]
		if v.command == nil {
			rows = append(rows, row{variant: v.name, blas: v.missing})
			continue
		}
		med := median(res.seconds)
		x := row{
			variant: v.name, blas: v.blas,
			median: fmt.Sprintf("%.3f", med),
			min:    fmt.Sprintf("%.3f", slices.Min(res.seconds)),
			max:    fmt.Sprintf("%.3f", slices.Max(res.seconds)),
			ratio:  "n/a",
			gflops: fmt.Sprintf("%.1f", flops/med/1e9),
			ofPeak: fmt.Sprintf("%.0f%%", 100*flops/med/1e9/r.opts.peak),
			allocs: "n/a",
			rss:    fmt.Sprintf("%.0f MB", float64(res.peakRSS)/1e6),
			acc:    fmt.Sprintf("%.2f%%", 100*res.testAcc),
			warmUp: fmt.Sprintf("%.3f", median(res.warmUp)),
		}
		if len(numpy.seconds) > 0 {
			x.ratio = fmt.Sprintf("%.2f", med/median(numpy.seconds))
		}
		if res.hasAlloc {
			x.allocs = formatAllocs(res.allocs)
		}
		rows = append(rows, x)
	}
	return rows
}

// A target is one of the goals with what this run measured.
type target struct {
	goal, measured, met string
}

// targets checks the goals against the results.
func (r report) targets() []target {
	ratio := func(mode, name string) (float64, bool) {
		res, numpy := r.results[mode][name], r.results[mode]["numpy"]
		if len(res.seconds) == 0 || len(numpy.seconds) == 0 {
			return 0, false
		}
		return median(res.seconds) / median(numpy.seconds), true
	}
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "no"
	}
	var ts []target
	for _, m := range modes {
		x, _ := ratio(m.name, "fast")
		ts = append(ts, target{fmt.Sprintf("default build, %s epoch ≤ 1.0× NumPy", m.name),
			fmt.Sprintf("%.2f×", x), yes(x <= 1.0)})
	}
	ob := find(r.variants, "openblas")
	for _, m := range modes {
		goal := fmt.Sprintf("OpenBLAS build, %s epoch ≤ 0.6× NumPy", m.name)
		if ob.command == nil {
			ts = append(ts, target{goal, ob.missing, "not measured"})
			continue
		}
		x, _ := ratio(m.name, "openblas")
		ts = append(ts, target{goal, fmt.Sprintf("%.2f×", x), yes(x <= 0.6)})
	}
	var allocs []string
	zero := true
	for _, m := range modes {
		res := r.results[m.name]["fast"]
		allocs = append(allocs, fmt.Sprintf("%s %s", m.name, formatAllocs(res.allocs)))
		zero = zero && res.allocs == 0
	}
	ts = append(ts, target{"a training step in steady state allocates nothing (default build)",
		strings.Join(allocs, ", ") + " per step", yes(zero)})
	rss := r.results["batch"]["fast"].peakRSS
	ts = append(ts, target{"peak memory of a full-batch run ≤ 1.5 GB (default build)",
		fmt.Sprintf("%.0f MB", float64(rss)/1e6), yes(rss <= 1.5e9)})
	for _, c := range r.convergence {
		if c.variant != "fast" {
			continue
		}
		ts = append(ts, target{fmt.Sprintf("training time to %.1f%% test accuracy ≤ 5 s (default mini-batch settings)", 100*c.target),
			c.summary(), yes(c.reached && c.seconds <= 5)})
	}
	return ts
}

// printText prints the tables, aligned, for the terminal.
func (r report) printText(w io.Writer) {
	fmt.Fprintln(w)
	for _, m := range modes {
		fmt.Fprintf(w, "%s\n", m.title)
		table := [][]string{header.cells()}
		for _, x := range r.rows(m) {
			c := x.cells()
			c[1] = shorten(c[1], 48)
			table = append(table, c)
		}
		printAligned(w, table, 2)
		fmt.Fprintln(w)
	}
	for _, c := range r.convergence {
		fmt.Fprintf(w, "time to %.1f%% test accuracy, %s: %s\n", 100*c.target, c.variant, c.summary())
	}
	fmt.Fprintln(w, "\ntargets:")
	for _, t := range r.targets() {
		fmt.Fprintf(w, "  %-3s  %s: %s\n", t.met, t.goal, t.measured)
	}
	fmt.Fprintf(w, "\n%s; load average %s before, %s after\n", r.machineLine(), r.loadBefore, r.loadAfter)
	fmt.Fprintln(w, r.peakNote())
}

// writeMarkdown writes the report as a Markdown page.
func (r report) writeMarkdown(w io.Writer) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("<!-- Generated by go run ./scripts/bench: rerun it, do not edit this file. -->\n\n")
	p("Measured on %s. %s. Load average (1, 5, 15 min) %s at the start, %s at the end; the run took %s.\n\n",
		r.date.Format("2006-01-02 15:04 MST"), r.machineLine(), r.loadBefore, r.loadAfter, r.elapsed.Round(time.Second))
	p("Reproduce from a clone with\n\n```sh\n%s\n```\n\n", r.command())
	p("Each variant ran in a process of its own, in %d rounds of %d epochs per mode, the variants interleaved "+
		"and their order rotated each round. The first epoch of every process is warm-up and not counted "+
		"(its median is the last column), leaving %d epochs per variant and mode. Seconds are training time only: "+
		"the evaluation after each epoch is not timed. ", r.opts.rounds, r.opts.epochs, r.opts.rounds*(r.opts.epochs-1))
	p("One epoch is %.1f GFLOP of matrix products (forward, ∂W, and ∂A of all but the first layer; "+
		"see flopsPerEpoch in scripts/bench/report.go). %s Allocations per step are runtime.MemStats.Mallocs over "+
		"1000 mini-batch or 3 full-batch training steps after warm-up (forward, backward, SGD update), so they count whatever the Go runtime "+
		"allocates meanwhile too; peak RSS is the process's maximum resident set size.\n\n",
		flopsPerEpoch(nnlib.DefaultSizes, trainExamples)/1e9, r.peakNote())
	for _, m := range modes {
		p("### %s\n\n", m.title)
		p("| %s |\n", strings.Join(header.cells(), " | "))
		p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, x := range r.rows(m) {
			p("| %s |\n", strings.Join(x.cells(), " | "))
		}
		p("\n")
	}
	p("### Time to %.1f%% test accuracy\n\n", 100*r.opts.target)
	p("The trainer's default mini-batch settings (batch 128, η = %g, seed 1, at most %d epochs); "+
		"training time up to the end of the first epoch at or above the target, warm-up included.\n\n",
		mnist.TunedLearningRate(128, "sgd"), r.opts.maxEpochs)
	p("| variant | BLAS | epochs | training seconds | test accuracy |\n|---|---|---:|---:|---:|\n")
	for _, c := range r.convergence {
		epochs := fmt.Sprint(c.epoch)
		if !c.reached {
			epochs = fmt.Sprintf("not reached in %d", c.epoch)
		}
		p("| %s | %s | %s | %.2f | %.2f%% |\n", c.variant, c.blas, epochs, c.seconds, 100*c.accuracy)
	}
	p("\n### Targets\n\n| target | measured | met |\n|---|---|---|\n")
	for _, t := range r.targets() {
		p("| %s | %s | %s |\n", t.goal, t.measured, t.met)
	}
	return nil
}

// machineLine describes the machine and the software in one sentence.
func (r report) machineLine() string {
	numpy := "NumPy not run"
	if v := find(r.variants, "numpy"); v.blas != "" {
		numpy = v.blas
	}
	return fmt.Sprintf("%s, %d cores (nominal %s MHz); %s; %s",
		r.machine.cpu, r.machine.cores, r.machine.mhz, r.machine.goVer, numpy)
}

// peakNote says where the share-of-peak column comes from.
func (r report) peakNote() string {
	return fmt.Sprintf("Share of peak is against an assumed peak of %.0f GFLOP/s (-peak): 2 cores × 32 float64 "+
		"FLOP per cycle (two AVX-512 FMA units) × the clock the fastblas kernel alone runs at on one core, "+
		"134 GFLOP/s (BenchmarkKernel8x16 in nnlib/fastblas); the nominal clock would give less than the "+
		"full-batch products reach.", r.opts.peak)
}

// command is the command line that reproduces the run.
func (r report) command() string {
	cmd := "go run ./scripts/bench"
	if len(r.args) > 0 {
		cmd += " " + strings.Join(r.args, " ")
	}
	if flags := os.Getenv("GOFLAGS"); flags != "" {
		cmd = fmt.Sprintf("GOFLAGS=%q %s", flags, cmd)
	}
	return cmd
}

// median returns the median of xs, which must not be empty.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// shorten cuts s to at most n characters, marking the cut with "…".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// printAligned prints table with its columns padded to a common width: the
// first left columns aligned left (text), the others right (numbers).
func printAligned(w io.Writer, table [][]string, left int) {
	var widths []int
	for _, line := range table {
		for i, cell := range line {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, line := range table {
		var b strings.Builder
		for i, cell := range line {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i < left {
				b.WriteString(cell + pad + "  ")
			} else {
				b.WriteString(pad + cell + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// formatAllocs formats a number of allocations per step: whole numbers
// from 10 up, three significant digits below.
func formatAllocs(a float64) string {
	if a >= 10 {
		return fmt.Sprintf("%.0f", a)
	}
	return fmt.Sprintf("%.3g", a)
}
