package notebook

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// A Run is a training run described by its settings alone, so that
// Kit.Train can compute it once and remember it by them.
type Run struct {
	Sizes []int  // layer widths; nil means nnlib.DefaultSizes
	Seed  uint64 // the initial weights and the shuffles

	// Data is what the network trains on and is scored on after every
	// epoch: "test" trains on all 60,000 training images and scores the
	// test set, for a report; "validation" trains on the first 50,000 and
	// scores the last 10,000, for choosing settings.
	Data string

	Epochs        int
	LearningRate  float64
	BatchSize     int    // 0: full batch
	Optimizer     string // "sgd" (or ""), "momentum", "adam"
	Schedule      string // "constant" (or ""), "cosine", "step"
	RecordSteps   bool   // keep the loss of every update
	TrainEvalSize int    // as in nnlib.Config

	// Augment distorts every mini-batch as it says (see nnlib/augment),
	// drawing from a generator seeded with Seed; the zero value trains on
	// the digits as they are.
	Augment augment.Settings `json:",omitzero"`
}

// A Result is a finished run: the network, the record of its epochs, and
// Train's error if training stopped early (a divergence), else "".
type Result struct {
	Net     *nnlib.Network
	History *nnlib.History
	Err     string
}

// Train returns the result of the run r, called name in displays and file
// names: trained now, while a progress line shows the epochs, or, when this
// notebook ran the same settings before, read back from its results folder,
// silently. A run trained now ends by showing a one-line summary. A run that diverges is
// a result too, with Err set; any other failure panics.
func (k *Kit) Train(name string, r Run) Result {
	path := filepath.Join(k.Results(), name+"-"+settingsKey(r))
	if res, ok := k.loadResult(path); ok {
		return res
	}
	res := k.train(name, r)
	k.saveResult(path, res)
	return res
}

// train runs r.
func (k *Kit) train(name string, r Run) Result {
	sizes := r.Sizes
	if sizes == nil {
		sizes = nnlib.DefaultSizes
	}
	opt, err := nnlib.NewOptimizer(cmp.Or(r.Optimizer, "sgd"))
	if err != nil {
		panic(err)
	}
	schedule, err := nnlib.NewSchedule(r.Schedule)
	if err != nil {
		panic(err)
	}
	cfg := nnlib.Config{Epochs: r.Epochs, LearningRate: r.LearningRate, BatchSize: r.BatchSize,
		Optimizer: opt, Schedule: schedule, Seed: r.Seed, RecordSteps: r.RecordSteps,
		TrainEvalSize: r.TrainEvalSize}
	if !r.Augment.IsZero() {
		cfg.Augment = augment.New(r.Augment, rand.New(rand.NewPCG(r.Seed, 2))).Batch
	}
	var train nnlib.Dataset
	switch r.Data {
	case "test":
		train, cfg.Test = k.MNIST()
	case "validation":
		train, cfg.Validation = k.Split()
	default:
		panic(fmt.Sprintf("notebook: Run.Data = %q, want \"test\" or \"validation\"", r.Data))
	}
	p := NewProgress()
	start := time.Now()
	cfg.Progress = func(e nnlib.EpochStats) {
		p.Update(fmt.Sprintf("%s: epoch <b>%d</b> of %d, training loss %.4f, %.0f s",
			name, e.Epoch, r.Epochs, e.TrainLoss, time.Since(start).Seconds()))
	}
	net := nnlib.NewNetwork(sizes, rand.New(rand.NewPCG(r.Seed, 0)))
	h, err := nnlib.Train(context.Background(), net, train, cfg)
	res := Result{Net: net, History: h}
	var diverged *nnlib.DivergedError
	switch {
	case errors.As(err, &diverged):
		res.Err = err.Error()
	case err != nil:
		panic(err)
	}
	h.Name = name
	p.Done(summaryHTML(name, res))
	return res
}

// summaryHTML describes a result in one line.
func summaryHTML(name string, res Result) string {
	last := res.History.Last()
	s := fmt.Sprintf("<b>%s</b>: %d epochs, %d updates, %.1f s of training; training loss %.4f",
		name, last.Epoch, last.Updates, last.Seconds, last.TrainLoss)
	switch {
	case last.TestAccuracy > 0:
		s += fmt.Sprintf(", test accuracy <b>%.2f%%</b>", 100*last.TestAccuracy)
	case last.ValidationAccuracy > 0:
		s += fmt.Sprintf(", validation accuracy <b>%.2f%%</b>", 100*last.ValidationAccuracy)
	}
	if res.Err != "" {
		s += ". Stopped early: " + res.Err
	}
	return s
}

// settingsKey returns a short hash of v's JSON: the same settings give
// the same key, and any change gives another.
func settingsKey(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("notebook: settings %#v cannot be remembered: %v", v, err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:6])
}

// savedRun is how a Result's history and error are kept on disk, beside
// the network's model file.
type savedRun struct {
	History *nnlib.History `json:"history"`
	Err     string         `json:"err,omitempty"`
}

// saveResult writes res to path.json and path.nnm.
func (k *Kit) saveResult(path string, res Result) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		panic(err)
	}
	if err := modelfile.Save(path+modelfile.Extension, res.Net); err != nil {
		panic(err)
	}
	err := atomicfile.Write(path+".json", func(w io.Writer) error {
		return json.NewEncoder(w).Encode(savedRun{res.History, res.Err})
	})
	if err != nil {
		panic(err)
	}
}

// loadResult reads back what saveResult wrote, and reports whether it
// could: a missing or damaged file means the run is done again.
func (k *Kit) loadResult(path string) (Result, bool) {
	if !k.usable(path + ".json") {
		return Result{}, false
	}
	data, err := os.ReadFile(path + ".json")
	if err != nil {
		return Result{}, false
	}
	var saved savedRun
	if json.Unmarshal(data, &saved) != nil || saved.History == nil || len(saved.History.Epochs) == 0 {
		return Result{}, false
	}
	net, err := modelfile.Load(path + modelfile.Extension)
	if err != nil {
		return Result{}, false
	}
	return Result{Net: net, History: saved.History, Err: saved.Err}, true
}

// Keep returns compute's result for the given settings: computed now, or,
// when this notebook computed it before for the same name and settings,
// read back from its results folder. T must round-trip through JSON.
func Keep[T any](k *Kit, name string, settings any, compute func() T) T {
	path := filepath.Join(k.Results(), name+"-"+settingsKey(settings)+".json")
	var v T
	if k.usable(path) {
		if data, err := os.ReadFile(path); err == nil && json.Unmarshal(data, &v) == nil {
			return v
		}
	}
	v = compute()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		panic(err)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return json.NewEncoder(w).Encode(v) }); err != nil {
		panic(err)
	}
	return v
}

// usable reports whether a kept result at path may be read back: always,
// unless NNLIB_RECOMPUTE is 1, and then only if this run of the notebook
// wrote it, so that each result is computed once per run, afresh.
func (k *Kit) usable(path string) bool {
	if os.Getenv(RecomputeEnv) != "1" {
		return true
	}
	info, err := os.Stat(path)
	// Whole seconds: some file systems keep coarse modification times.
	return err == nil && !info.ModTime().Before(k.started().Truncate(time.Second))
}
