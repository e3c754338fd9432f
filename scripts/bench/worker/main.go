// Command worker trains the default network on MNIST with one BLAS
// backend and reports what scripts/bench measures, as JSON lines on
// standard output:
//
//	{"go":"go1.26.8","backend":"fastblas (…)","mode":"minibatch","batch":128,…}   the set-up
//	{"epoch":1,"seconds":0.41,"test_accuracy":0.9279,"test_loss":0.24}           one per epoch
//	{"allocs_per_step":0,"steps":1000,"peak_rss_bytes":712000000}                 at the end
//
// An epoch's seconds are its training time alone: nnlib.Train evaluates the
// network after every epoch but leaves that out of EpochStats.Seconds.
// Allocations per step are counted after training, over -alloc-steps
// updates (forward, backward, SGD step) on a batch of the mode's size; peak
// memory is the process's maximum resident set size.
//
// scripts/bench builds and runs it; to run it by hand, from the repository
// root:
//
//	go run ./scripts/bench/worker -mode batch -epochs 3 -backend gonum
//	go run -tags openblas ./scripts/bench/worker -backend openblas
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"syscall"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}

func run() error {
	mode := flag.String("mode", "minibatch", "batch (one update per epoch on all examples) or minibatch")
	epochs := flag.Int("epochs", 5, "passes over the training set")
	batch := flag.Int("batch", 128, "examples per update in minibatch mode")
	lr := flag.Float64("lr", 0, fmt.Sprintf("learning rate (default: the tuned one of mnist.TunedLearningRate, as scripts/train: %g for minibatch, %g for batch)",
		mnist.TunedLearningRate(128, "sgd"), mnist.TunedLearningRate(0, "sgd")))
	blas := flag.String("backend", "fast", "BLAS: fast, gonum or openblas (needs -tags openblas)")
	seed := flag.Uint64("seed", 1, "seed of the initial weights and the shuffles")
	stopAt := flag.Float64("stop-at", 0, "stop after the first epoch whose test accuracy is at least this (0: never)")
	allocSteps := flag.Int("alloc-steps", 0, "updates over which allocations are counted (default 1000 minibatch, 3 batch)")
	dataDir := flag.String("data", "data", "folder of the MNIST files (fetched when missing)")
	flag.Parse()

	switch {
	case *mode != "minibatch" && *mode != "batch":
		return fmt.Errorf("-mode %q: want batch or minibatch", *mode)
	case *epochs <= 0 || *batch <= 0 || *lr < 0 || *allocSteps < 0:
		return errors.New("-epochs and -batch must be > 0, -lr and -alloc-steps ≥ 0")
	}
	if err := backend.Use(*blas); err != nil {
		return err
	}
	if *allocSteps == 0 {
		*allocSteps = map[string]int{"minibatch": 1000, "batch": 3}[*mode]
	}

	train, test, err := mnist.FetchAndLoad(*dataDir, os.Stderr)
	if err != nil {
		return err
	}
	size := *batch // examples per update
	if *mode == "batch" || size > train.Len() {
		size = train.Len()
	}
	if *lr == 0 {
		tunedBatch := *batch // TunedLearningRate's batch: 0 means full batch
		if *mode == "batch" {
			tunedBatch = 0
		}
		*lr = mnist.TunedLearningRate(tunedBatch, "sgd")
	}
	out := json.NewEncoder(os.Stdout)
	out.Encode(map[string]any{
		"go": runtime.Version(), "backend": backendName(), "gomaxprocs": runtime.GOMAXPROCS(0),
		"mode": *mode, "batch": size, "lr": *lr, "seed": *seed,
	})

	// The same initial weights as scripts/train with the same seed.
	net := nnlib.NewNetwork(nnlib.DefaultSizes, rand.New(rand.NewPCG(*seed, 0)))
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	prev := 0.0 // cumulative training seconds at the end of the previous epoch
	_, err = nnlib.Train(ctx, net, train, nnlib.Config{
		Epochs: *epochs, LearningRate: *lr, BatchSize: size, Seed: *seed, Test: test,
		Progress: func(e nnlib.EpochStats) {
			if e.Epoch == 0 {
				return
			}
			out.Encode(epochRecord{e.Epoch, e.Seconds - prev, e.TestAccuracy, e.TestLoss})
			prev = e.Seconds
			if *stopAt > 0 && e.TestAccuracy >= *stopAt {
				stop() // Train ends before the next epoch's first update
			}
		},
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}

	allocs := allocsPerStep(net, train.Slice(0, size), *lr, *allocSteps)
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return err
	}
	return out.Encode(map[string]any{
		"allocs_per_step": allocs, "steps": *allocSteps,
		"peak_rss_bytes": ru.Maxrss * 1024, // Linux reports KiB
	})
}

// epochRecord is the line printed after every epoch.
type epochRecord struct {
	Epoch        int     `json:"epoch"`
	Seconds      float64 `json:"seconds"` // this epoch's training time, evaluation excluded
	TestAccuracy float64 `json:"test_accuracy"`
	TestLoss     float64 `json:"test_loss"`
}

// allocsPerStep returns the mean number of heap allocations of one training
// step (forward, backward, SGD update) on d, counted over steps steps after
// one step of warm-up, which lets the network make its buffers for d's size.
func allocsPerStep(net *nnlib.Network, d nnlib.Dataset, lr float64, steps int) float64 {
	params := net.Params()
	step := func() {
		net.LossAndGradients(d.X, d.Labels)
		nnlib.SGD{}.Step(params, lr)
	}
	step()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range steps {
		step()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(steps)
}

// backendName is backend.Name(), with OpenBLAS's version and the CPU
// kernel it picked where the build can ask it (see openblas.go).
func backendName() string {
	if describeOpenBLAS != nil && backend.Name() == "OpenBLAS (cgo)" {
		return "OpenBLAS (cgo; " + describeOpenBLAS() + ")"
	}
	return backend.Name()
}

// describeOpenBLAS is set in builds with the openblas tag.
var describeOpenBLAS func() string
