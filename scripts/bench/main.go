// Command bench measures how fast the Go trainer runs an epoch, next to the
// original project's NumPy version on the same machine in the same run, and
// writes the table to notebooks/figures/performance.md.
//
// Usage, from the repository root:
//
//	go run ./scripts/bench [-epochs 5] [-rounds 3] [-quick] [-peak 268] [-out file.md]
//
// # What it runs
//
// Four variants, each in a process of its own:
//
//	fast      the default build, nnlib's fastblas (scripts/bench/worker)
//	gonum     the default build on gonum's pure-Go BLAS
//	openblas  a build with -tags openblas on Debian's OpenBLAS (needs cgo,
//	          libopenblas-dev and gonum.org/v1/netlib in go.mod; the row says
//	          why when the build fails)
//	numpy     scripts/bench/numpy_mlp.py, the original in NumPy, run with the
//	          project's .venv (NumPy is installed there from
//	          scripts/bench/requirements.txt when missing)
//
// The two OpenBLAS users, openblas and numpy, run with OPENBLAS_CORETYPE
// and OPENBLAS_L2_SIZE unset, as on a user's machine: some machines set
// them for an older OpenBLAS, and they make OpenBLAS pick slower kernels
// (Haswell's AVX2 ones instead of AVX-512).
//
// Each round runs every variant for -epochs epochs of mini-batch GD (batch
// 128) and then of full-batch GD, all of them, NumPy too, at the tuned
// learning rates of mnist.TunedLearningRate (passed to each with -lr), the
// variants interleaved so that a change in the machine's load hits them
// alike; the order rotates from round to round. The first epoch of every
// process is warm-up (buffers, page faults, thread pools) and is not
// counted. Then one more run measures the training time to 97.5% test
// accuracy (-target) with the trainer's default mini-batch settings, for
// fast and for NumPy.
//
// Seconds are training time only: every variant evaluates on the test set
// between epochs, untimed. The report gives the measurements, and each
// variant's time as a multiple of NumPy's, and leaves judging them to the
// reader.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// Paths, relative to the repository root.
const (
	python       = ".venv/bin/python"
	pip          = ".venv/bin/pip"
	numpyScript  = "scripts/bench/numpy_mlp.py"
	requirements = "scripts/bench/requirements.txt"
	workerPkg    = "./scripts/bench/worker"
	dataDir      = "data"
)

// A mode is a way of training: mini-batch or full-batch gradient descent.
type mode struct {
	name  string  // the workers' -mode: "minibatch" or "batch"
	title string  // for the table
	batch int     // examples per update; 0 means all
	lr    float64 // learning rate η
}

var modes = []mode{
	{"minibatch", fmt.Sprintf("Mini-batch GD (batch 128, η = %g)", mnist.TunedLearningRate(128, "sgd")),
		128, mnist.TunedLearningRate(128, "sgd")},
	{"batch", fmt.Sprintf("Full-batch GD (all 60,000 examples per update, η = %g)", mnist.TunedLearningRate(0, "sgd")),
		0, mnist.TunedLearningRate(0, "sgd")},
}

// A variant is one implementation under test.
type variant struct {
	name    string
	blas    string                                             // the BLAS it ran on, from its first run
	command func(m mode, epochs int, stopAt float64) *exec.Cmd // nil when it could not be built
	missing string                                             // why command is nil
}

// A result gathers one variant's runs in one mode.
type result struct {
	seconds  []float64 // per epoch, warm-up epochs left out, all rounds
	warmUp   []float64 // the first epoch of each process
	allocs   float64   // allocations per training step, the largest over the runs (Go only)
	hasAlloc bool
	peakRSS  int64   // bytes, the largest over the runs
	testAcc  float64 // test accuracy after the last epoch of the last run
}

// options are the command-line settings.
type options struct {
	epochs, rounds int
	peak           float64 // GFLOP/s
	out            string  // the Markdown file; "" for none
	target         float64 // test accuracy for the time-to-accuracy run
	maxEpochs      int     // of that run
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./scripts/bench [flags]")
		flag.PrintDefaults()
	}
	var o options
	quick := flag.Bool("quick", false, "a quick look: 1 round of 3 epochs, and no Markdown file unless -out is given")
	flag.IntVar(&o.epochs, "epochs", 5, "epochs per process; the first is warm-up and not counted")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds of interleaved runs")
	flag.Float64Var(&o.peak, "peak", 268, "assumed float64 peak of the machine in GFLOP/s, for the share-of-peak column")
	flag.StringVar(&o.out, "out", filepath.Join("notebooks", "figures", "performance.md"), "Markdown file for the table")
	flag.Float64Var(&o.target, "target", 0.975, "test accuracy of the time-to-accuracy run")
	flag.IntVar(&o.maxEpochs, "max-epochs", 20, "epochs of the time-to-accuracy run at most (the trainer's default)")
	flag.Parse()
	if *quick {
		o.epochs, o.rounds = 3, 1
		outSet := false
		flag.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
		if !outSet {
			o.out = ""
		}
	}
	if o.epochs < 2 || o.rounds < 1 || !(o.peak > 0) || o.maxEpochs < 1 {
		fmt.Fprintln(os.Stderr, "bench: want -epochs ≥ 2 (the first is warm-up), -rounds ≥ 1, -peak > 0, -max-epochs ≥ 1")
		os.Exit(2)
	}
	if err := run(o, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options, args []string) error {
	start := time.Now()
	if err := chdirToRoot(); err != nil {
		return err
	}
	loadBefore := loadAverage()
	if err := mnist.Fetch(dataDir, os.Stderr); err != nil {
		return err
	}
	if err := ensureNumPy(); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "nnlib-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	variants, err := buildVariants(tmp)
	if err != nil {
		return err
	}

	// results[mode][variant]
	results := map[string]map[string]*result{}
	for _, m := range modes {
		results[m.name] = map[string]*result{}
		for _, v := range variants {
			results[m.name][v.name] = &result{}
		}
	}
	for round := range o.rounds {
		order := rotate(variants, round)
		for _, m := range modes {
			for _, v := range order {
				if v.command == nil {
					continue
				}
				fmt.Fprintf(os.Stderr, "round %d/%d  %-9s  %-8s ", round+1, o.rounds, m.name, v.name)
				t := time.Now()
				out, err := runProcess(v.command(m, o.epochs, 0))
				if err != nil {
					fmt.Fprintln(os.Stderr)
					return fmt.Errorf("%s, %s: %w", v.name, m.name, err)
				}
				v.blas = out.blas()
				results[m.name][v.name].add(out)
				fmt.Fprintf(os.Stderr, "%s s/epoch  (%.0f s)\n", out.secondsList(), time.Since(t).Seconds())
			}
		}
	}

	// Time to the target accuracy with the trainer's default mini-batch
	// settings (batch 128, tuned η, seed 1), the warm-up epoch included: it
	// is part of the time a user waits.
	var conv []convergence
	for _, name := range []string{"fast", "numpy"} {
		v := find(variants, name)
		fmt.Fprintf(os.Stderr, "time to %.1f%%  %-8s ", 100*o.target, name)
		out, err := runProcess(v.command(modes[0], o.maxEpochs, o.target))
		if err != nil {
			fmt.Fprintln(os.Stderr)
			return fmt.Errorf("%s, time to %.1f%%: %w", name, 100*o.target, err)
		}
		c := convergenceOf(v, out, o.target)
		fmt.Fprintln(os.Stderr, c.summary())
		conv = append(conv, c)
	}

	r := report{
		opts: o, args: args, variants: variants, results: results, convergence: conv,
		machine: describeMachine(), loadBefore: loadBefore, loadAfter: loadAverage(),
		date: time.Now().UTC(), elapsed: time.Since(start),
	}
	r.printText(os.Stdout)
	if o.out != "" {
		if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
			return err
		}
		if err := atomicfile.Write(o.out, r.writeMarkdown); err != nil {
			return err
		}
		fmt.Printf("\nwrote %s\n", o.out)
	}
	fmt.Printf("total time %s\n", time.Since(start).Round(time.Second))
	return nil
}

// chdirToRoot changes to the folder of the main module's go.mod, so that
// the command works from anywhere in the repository.
func chdirToRoot() error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	path := strings.TrimSpace(string(gomod))
	if path == "" || path == os.DevNull {
		return errors.New("run me inside the repository (no go.mod found)")
	}
	return os.Chdir(filepath.Dir(path))
}

// ensureNumPy makes sure that the project's virtual environment can import
// NumPy, installing the pinned version when it cannot.
func ensureNumPy() error {
	if _, err := os.Stat(python); err != nil {
		fmt.Fprintln(os.Stderr, "no .venv/: running scripts/setup --no-data to make the project's Python environment")
		if err := runVisible(exec.Command("scripts/setup", "--no-data")); err != nil {
			return fmt.Errorf("scripts/setup --no-data: %w; run it yourself and try again", err)
		}
	}
	if exec.Command(python, "-c", "import numpy").Run() == nil {
		return nil
	}
	fmt.Fprintf(os.Stderr, "installing NumPy into .venv/ (%s) ...\n", requirements)
	if err := runVisible(exec.Command(pip, "install", "-r", requirements)); err != nil {
		return fmt.Errorf("%s install -r %s: %w", pip, requirements, err)
	}
	return nil
}

// runVisible runs cmd with its output on the terminal.
func runVisible(cmd *exec.Cmd) error {
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// buildVariants builds the Go workers into dir and returns the variants:
// fast, gonum, openblas and numpy, in that order. The OpenBLAS build may
// fail; that variant then has no command but the reason.
func buildVariants(dir string) ([]*variant, error) {
	fmt.Fprintln(os.Stderr, "building the Go workers ...")
	worker := filepath.Join(dir, "worker")
	if out, err := exec.Command("go", "build", "-o", worker, workerPkg).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build %s: %v\n%s", workerPkg, err, out)
	}
	goCommand := func(binary, backend string) func(mode, int, float64) *exec.Cmd {
		return func(m mode, epochs int, stopAt float64) *exec.Cmd {
			args := []string{"-backend", backend, "-mode", m.name, "-epochs", fmt.Sprint(epochs),
				"-lr", fmt.Sprint(m.lr), "-seed", "1", "-data", dataDir}
			if m.batch > 0 {
				args = append(args, "-batch", fmt.Sprint(m.batch))
			}
			if stopAt > 0 {
				args = append(args, "-stop-at", fmt.Sprint(stopAt))
			}
			return exec.Command(binary, args...)
		}
	}
	fast := &variant{name: "fast", command: goCommand(worker, "fast")}
	gonum := &variant{name: "gonum", command: goCommand(worker, "gonum")}
	openblas := &variant{name: "openblas"}
	workerOB := filepath.Join(dir, "worker-openblas")
	build := exec.Command("go", "build", "-tags", "openblas", "-o", workerOB, workerPkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		openblas.missing = "not built: " + firstLines(string(out), err)
		fmt.Fprintf(os.Stderr, "openblas: %s\n", openblas.missing)
	} else {
		run := goCommand(workerOB, "openblas")
		openblas.command = func(m mode, epochs int, stopAt float64) *exec.Cmd {
			return withoutOpenBLASTuning(run(m, epochs, stopAt))
		}
	}
	numpy := &variant{name: "numpy", command: numpyCommand}
	return []*variant{fast, gonum, openblas, numpy}, nil
}

// numpyCommand runs the NumPy original.
func numpyCommand(m mode, epochs int, stopAt float64) *exec.Cmd {
	args := []string{numpyScript, "--mode", m.name, "--epochs", fmt.Sprint(epochs),
		"--lr", fmt.Sprint(m.lr), "--seed", "1", "--data", dataDir}
	if m.batch > 0 {
		args = append(args, "--batch", fmt.Sprint(m.batch))
	}
	if stopAt > 0 {
		args = append(args, "--stop-at", fmt.Sprint(stopAt))
	}
	return withoutOpenBLASTuning(exec.Command(python, args...))
}

// withoutOpenBLASTuning removes OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE from
// cmd's environment and returns cmd.
func withoutOpenBLASTuning(cmd *exec.Cmd) *exec.Cmd {
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") || strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=")
	})
	return cmd
}

// firstLines condenses a failed build's output to its first two lines.
func firstLines(out string, err error) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 || lines[0] == "" {
		return err.Error()
	}
	lines = lines[:min(2, len(lines))]
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.Join(lines, " ")
}

// rotate returns vs started at index k mod len(vs).
func rotate(vs []*variant, k int) []*variant {
	k %= len(vs)
	return append(slices.Clone(vs[k:]), vs[:k]...)
}

func find(vs []*variant, name string) *variant {
	for _, v := range vs {
		if v.name == name {
			return v
		}
	}
	panic("bench: no variant " + name)
}

// record is one JSON line of a worker or of numpy_mlp.py: the set-up
// first, then one per epoch, then the measurements at the end.
type record struct {
	Backend     string `json:"backend"` // Go: backend.Name()
	NumPy       string `json:"numpy"`   // NumPy: its version, BLAS, kernel, threads
	BLAS        string `json:"blas"`
	BLASCore    string `json:"blas_core"`
	BLASThreads int    `json:"blas_threads"`

	Epoch        int     `json:"epoch"`
	Seconds      float64 `json:"seconds"`
	TestAccuracy float64 `json:"test_accuracy"`

	AllocsPerStep *float64 `json:"allocs_per_step"`
	PeakRSS       int64    `json:"peak_rss_bytes"`
}

// processOutput is what one process printed.
type processOutput struct {
	header record
	epochs []record
	end    record
}

// runProcess runs cmd and reads its JSON lines.
func runProcess(cmd *exec.Cmd) (processOutput, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return processOutput{}, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, stderr.String())
	}
	var out processOutput
	for i, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var r record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return out, fmt.Errorf("%s: line %d: %v: %q", cmd.Args[0], i+1, err, line)
		}
		switch {
		case i == 0:
			out.header = r
		case r.Epoch > 0:
			out.epochs = append(out.epochs, r)
		default:
			out.end = r
		}
	}
	if len(out.epochs) == 0 {
		return out, fmt.Errorf("%s printed no epoch", strings.Join(cmd.Args, " "))
	}
	return out, nil
}

// blas names the BLAS the process ran on.
func (p processOutput) blas() string {
	h := p.header
	if h.NumPy == "" {
		return h.Backend
	}
	s := fmt.Sprintf("NumPy %s, %s", h.NumPy, h.BLAS)
	if h.BLASCore != "" {
		s += fmt.Sprintf(" (kernel %s, %d threads)", h.BLASCore, h.BLASThreads)
	}
	return s
}

// secondsList lists the epochs' seconds, for progress lines.
func (p processOutput) secondsList() string {
	parts := make([]string, len(p.epochs))
	for i, e := range p.epochs {
		parts[i] = fmt.Sprintf("%.3f", e.Seconds)
	}
	return strings.Join(parts, " ")
}

// add takes in one process's measurements.
func (r *result) add(p processOutput) {
	r.warmUp = append(r.warmUp, p.epochs[0].Seconds)
	for _, e := range p.epochs[1:] {
		r.seconds = append(r.seconds, e.Seconds)
	}
	if a := p.end.AllocsPerStep; a != nil {
		r.allocs = max(r.allocs, *a)
		r.hasAlloc = true
	}
	r.peakRSS = max(r.peakRSS, p.end.PeakRSS)
	r.testAcc = p.epochs[len(p.epochs)-1].TestAccuracy
}

// convergence is the outcome of a time-to-accuracy run.
type convergence struct {
	variant  string
	blas     string
	target   float64
	reached  bool
	epoch    int     // the first epoch at or above the target, or the last one
	seconds  float64 // training time up to the end of that epoch
	accuracy float64 // test accuracy after it
}

func convergenceOf(v *variant, p processOutput, target float64) convergence {
	c := convergence{variant: v.name, blas: p.blas(), target: target}
	for _, e := range p.epochs {
		c.epoch, c.accuracy = e.Epoch, e.TestAccuracy
		c.seconds += e.Seconds
		if e.TestAccuracy >= target {
			c.reached = true
			break
		}
	}
	return c
}

func (c convergence) summary() string {
	if !c.reached {
		return fmt.Sprintf("not reached in %d epochs (%.2f%%, %.2f s)", c.epoch, 100*c.accuracy, c.seconds)
	}
	return fmt.Sprintf("epoch %d, %.2f s of training (test accuracy %.2f%%)", c.epoch, c.seconds, 100*c.accuracy)
}

// machine describes the computer the benchmark ran on.
type machine struct {
	cpu   string
	mhz   string // nominal clock from /proc/cpuinfo
	cores int
	goVer string
}

func describeMachine() machine {
	m := machine{cpu: "unknown CPU", cores: runtime.NumCPU(), goVer: runtime.Version()}
	info, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(info), "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "model name":
			if m.cpu == "unknown CPU" {
				m.cpu = strings.TrimSpace(value)
			}
		case "cpu MHz":
			if m.mhz == "" {
				m.mhz = strings.TrimSpace(value)
			}
		}
	}
	return m
}

// loadAverage returns the 1-, 5- and 15-minute load averages, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
