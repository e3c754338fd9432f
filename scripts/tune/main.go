// Command tune chooses the learning rates the trainer and the notebooks use,
// on a validation split carved from the training set: the last 10,000 of the
// 60,000 training images are held out, every candidate is trained on the
// first 50,000, and the one with the best validation accuracy wins. The test
// set is never looked at.
//
//	go run ./scripts/tune                 # every study, about 15 minutes
//	go run ./scripts/tune -study minibatch
//
// It writes notebooks/figures/tune.md (a table per study, which the README
// includes) and out/tune/tune.json, and says whether the learning rates in
// nnlib/mnist/tuned.go (mnist.TunedLearningRate), which the trainer and the
// notebooks use, are the ones it chose.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// A study is one training setting whose learning rate is tuned.
type study struct {
	Name      string    `json:"name"`
	Batch     int       `json:"batch"` // 0: full batch
	Optimizer string    `json:"optimizer"`
	Schedule  string    `json:"schedule"`
	Epochs    int       `json:"epochs"`
	Rates     []float64 `json:"rates"`
}

var studies = []study{
	{"minibatch", 128, "sgd", "constant", 20, []float64{0.03, 0.1, 0.3, 1.0}},
	{"batch", 0, "sgd", "constant", 100, []float64{0.1, 0.3, 0.5, 1.0}},
	{"momentum", 128, "momentum", "constant", 20, []float64{0.01, 0.03, 0.1, 0.3}},
	{"adam", 128, "adam", "constant", 20, []float64{3e-4, 1e-3, 3e-3, 1e-2}},
}

// trial is the outcome of one candidate.
type trial struct {
	Study              string  `json:"study"`
	LearningRate       float64 `json:"learning_rate"`
	ValidationAccuracy float64 `json:"validation_accuracy"` // after the last epoch
	ValidationLoss     float64 `json:"validation_loss"`
	EpochsTo90         int     `json:"epochs_to_90"` // first epoch past 90% validation accuracy; 0: never
	Seconds            float64 `json:"seconds"`
	Diverged           bool    `json:"diverged"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tune:", err)
		os.Exit(1)
	}
}

func run() error {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./scripts/tune [flags]")
		flag.PrintDefaults()
	}
	only := flag.String("study", "", "run only this study: "+studyNames())
	dataDir := flag.String("data", "data", "folder of the MNIST files")
	mdPath := flag.String("md", filepath.Join("notebooks", "figures", "tune.md"), "where to write the Markdown tables")
	outDir := flag.String("out", filepath.Join("out", "tune"), "folder for tune.json")
	flag.Parse()
	if err := backend.UseFromEnv(); err != nil {
		return err
	}
	if *only != "" && !slices.ContainsFunc(studies, func(s study) bool { return s.Name == *only }) {
		return fmt.Errorf("-study %q: want one of %s", *only, studyNames())
	}
	all, _, err := mnist.FetchAndLoad(*dataDir, os.Stdout)
	if err != nil {
		return err
	}
	train, validation := all.SplitLast(mnist.ValidationSize)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var trials []trial
	var report strings.Builder
	fmt.Fprintf(&report, "Learning rates tuned on a validation split: trained on the first %d training images, "+
		"scored on the last %d. BLAS: %s.\n", train.Len(), validation.Len(), backend.Name())
	for _, s := range studies {
		if *only != "" && s.Name != *only {
			continue
		}
		fmt.Printf("study %s: %s, batch %s, %s schedule, %d epochs\n", s.Name, s.Optimizer, batchName(s.Batch), s.Schedule, s.Epochs)
		var rows []trial
		for _, lr := range s.Rates {
			t, err := runTrial(ctx, s, lr, train, validation)
			if err != nil {
				return err
			}
			if t.Diverged {
				fmt.Printf("  η = %-6g diverged\n", lr)
			} else {
				fmt.Printf("  η = %-6g validation accuracy %6.2f%%  loss %.4f  epochs to 90%%: %s  (%.1f s)\n",
					lr, 100*t.ValidationAccuracy, t.ValidationLoss, epochsTo90(t), t.Seconds)
			}
			rows = append(rows, t)
		}
		trials = append(trials, rows...)
		best := writeStudy(&report, s, rows)
		if inUse := mnist.TunedLearningRate(s.Batch, s.Optimizer); inUse != best {
			fmt.Printf("  note: nnlib/mnist/tuned.go uses η = %g for %s; this run chose %g\n", inUse, s.Name, best)
		} else {
			fmt.Printf("  nnlib/mnist/tuned.go uses η = %g for %s, as chosen\n", inUse, s.Name)
		}
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(*mdPath, func(w io.Writer) error {
		_, err := io.WriteString(w, report.String())
		return err
	}); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(*outDir, "tune.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"studies": studies, "trials": trials})
	})
}

func runTrial(ctx context.Context, s study, lr float64, train, validation nnlib.Dataset) (trial, error) {
	opt, _ := nnlib.NewOptimizer(s.Optimizer)
	schedule, _ := nnlib.NewSchedule(s.Schedule)
	net := nnlib.NewNetwork(nnlib.DefaultSizes, rand.New(rand.NewPCG(1, 0)))
	h, err := nnlib.Train(ctx, net, train, nnlib.Config{
		Epochs: s.Epochs, LearningRate: lr, BatchSize: s.Batch, Optimizer: opt, Schedule: schedule,
		Seed: 1, Validation: validation,
	})
	t := trial{Study: s.Name, LearningRate: lr}
	var diverged *nnlib.DivergedError
	switch {
	case errors.As(err, &diverged):
		t.Diverged = true
		return t, nil
	case err != nil:
		return t, err
	}
	last := h.Last()
	t.ValidationAccuracy, t.ValidationLoss, t.Seconds = last.ValidationAccuracy, last.ValidationLoss, last.Seconds
	if e, ok := h.FirstEpoch(func(e nnlib.EpochStats) bool { return e.ValidationAccuracy > 0.9 }); ok {
		t.EpochsTo90 = e.Epoch
	}
	return t, nil
}

// writeStudy adds a Markdown table of one study's trials, the best marked,
// and returns the best learning rate.
func writeStudy(w io.Writer, s study, rows []trial) float64 {
	best := 0
	for i, t := range rows {
		if !t.Diverged && t.ValidationAccuracy > rows[best].ValidationAccuracy {
			best = i
		}
	}
	fmt.Fprintf(w, "\n**%s**: %s, batch %s, %s schedule, %d epochs\n\n", s.Name, s.Optimizer, batchName(s.Batch), s.Schedule, s.Epochs)
	fmt.Fprintln(w, "| learning rate | validation accuracy | validation loss | epochs to 90% | training time |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
	for i, t := range rows {
		mark := ""
		if i == best {
			mark = " ← chosen"
		}
		if t.Diverged {
			fmt.Fprintf(w, "| %g | diverged | | | |\n", t.LearningRate)
			continue
		}
		fmt.Fprintf(w, "| %g%s | %.2f%% | %.4f | %s | %.1f s |\n", t.LearningRate, mark, 100*t.ValidationAccuracy,
			t.ValidationLoss, epochsTo90(t), t.Seconds)
	}
	return rows[best].LearningRate
}

// epochsTo90 says when a trial first passed 90% validation accuracy.
func epochsTo90(t trial) string {
	if t.EpochsTo90 == 0 {
		return "never"
	}
	return fmt.Sprint(t.EpochsTo90)
}

func batchName(b int) string {
	if b == 0 {
		return "full (all examples)"
	}
	return fmt.Sprint(b)
}

func studyNames() string {
	var names []string
	for _, s := range studies {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}
