// Command train trains the network on MNIST, the counterpart of the
// original project's `python train.py`:
//
//	go run ./scripts/train                      # mini-batch GD, the defaults
//	go run ./scripts/train -mode batch -epochs 100
//	go run ./scripts/train -optimizer adam -schedule cosine -lr 0.001
//	go run ./scripts/train -optimizer adam -schedule cosine -batch 64 -epochs 60 -augment chosen
//
// -augment trains every mini-batch on distorted copies of its digits
// (package nnlib/augment; notebooks/09-your-handwriting.ipynb chose the
// settings "chosen" stands for), drawn from a generator seeded from -seed,
// so the same seed distorts the same way.
//
// It prints the loss and accuracy of every epoch as it goes, evaluates on the
// test set, and writes each run into a folder of its own in the output
// folder (-out, out/train by default), named for the time it started:
//
//	out/train/20261128-203005/   model.nnm, history.csv, history.json, curves.png, curves.svg
//	out/train/latest             a link to the last run that completed, whose
//	                             model predict reads by default
//
// The files of a run appear together, once all are written, so a run's
// folder never mixes two runs, even two run at once. The output folder is
// created and proved writable before training; if the run's files cannot
// be written after it, the network is saved in the system's temporary
// folder instead, and the message says where.
//
// Ctrl-C stops after the current update and still writes what the
// completed epochs produced; before the first epoch completes, it writes
// nothing, as does a divergence in the first epoch. Exit status: 0 done,
// 1 failed, 2 a mistake in the command line, 130 interrupted.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

func main() {
	// Ctrl-C cancels ctx: training stops after the current update.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := command{stdout: os.Stdout, stderr: os.Stderr, write: atomicfile.Write, load: mnist.FetchAndLoad, tempDir: os.TempDir()}
	if err := c.run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		var usage usageError
		switch {
		case errors.As(err, &usage):
			os.Exit(2)
		case errors.Is(err, context.Canceled):
			os.Exit(130)
		}
		os.Exit(1)
	}
}

// command is the trainer with what it takes from outside: where it prints,
// how it writes files and loads MNIST, and the folder for a network that
// its run's folder cannot take. main gives it the real ones; tests give it
// faults, such as a full disk.
type command struct {
	stdout, stderr io.Writer
	write          writeFunc
	load           func(dir string, log io.Writer) (train, test nnlib.Dataset, err error)
	tempDir        string
}

// interrupted is the error of a run stopped by Ctrl-C: it wraps
// context.Canceled, for the exit status, but says only what happened.
type interrupted struct{ msg string }

func (e interrupted) Error() string { return e.msg }
func (e interrupted) Unwrap() error { return context.Canceled }

func (c *command) run(ctx context.Context, args []string) error {
	o, err := parseFlags(args, c.stdout)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := backend.UseFromEnv(); err != nil {
		return usageError{err}
	}
	out, err := newRunFolder(o.outDir, time.Now(), c.write)
	if err != nil {
		return fmt.Errorf("%v; nothing trained", err)
	}
	defer out.discard() // unless the run's files are all written

	train, test, err := c.load(o.dataDir, c.stdout)
	if ctx.Err() != nil {
		return interrupted{"interrupted while loading MNIST: nothing written"}
	}
	if err != nil {
		return err
	}
	var validation nnlib.Dataset
	if o.validation > 0 {
		train, validation = train.SplitLast(o.validation)
	}
	opt, _ := nnlib.NewOptimizer(o.optimizer)
	schedule, _ := nnlib.NewSchedule(o.schedule)

	net := nnlib.NewNetwork(o.sizes, rand.New(rand.NewPCG(o.seed, 0)))
	mode, shownBatch := "minibatch", o.batch
	if o.batch == 0 {
		mode, shownBatch = "batch", train.Len()
	}
	cfg := nnlib.Config{
		Epochs: o.epochs, LearningRate: o.lr, BatchSize: o.batch, Optimizer: opt, Schedule: schedule,
		Seed: o.seed, Validation: validation, Test: test,
	}
	// The distortions draw from a generator of their own, stream 2 of the
	// seed (the weights draw from stream 0), as the notebooks' runs do.
	// The record names the settings in full, as -augment reads them, with
	// σ filled in: "chosen" may come to mean other settings.
	augmented, name := "none", fmt.Sprintf("%s GD, %s, η = %g", mode, o.optimizer, o.lr)
	if !o.augment.IsZero() {
		aug := augment.New(o.augment, rand.New(rand.NewPCG(o.seed, 2)))
		cfg.Augment, augmented = aug.Batch, aug.Settings().String()
		name += ", augmented"
	}
	fmt.Fprintf(c.stdout, "network %v, %d parameters; %s GD, %d training examples, batch %d, %s, η = %g (%s), augment %s; BLAS: %s\n",
		o.sizes, net.NumParams(), mode, train.Len(), shownBatch, o.optimizer, o.lr, o.schedule, augmented, backend.Name())

	start := time.Now()
	cfg.Progress = func(e nnlib.EpochStats) {
		printEpoch(c.stdout, e, o.epochs, time.Since(start))
		if o.saveEpochs && e.Epoch > 0 {
			if err := out.writeFile(modelName, writeBytes(modelfile.Marshal(net))); err != nil {
				fmt.Fprintf(c.stderr, "train: after epoch %d: %v; training goes on\n", e.Epoch, err)
			}
		}
	}
	h, trainErr := nnlib.Train(ctx, net, train, cfg)
	if h == nil {
		return trainErr
	}
	completed := len(h.Epochs) - 1 // Epochs[0] is the network before training
	if completed == 0 {
		return notWritten(trainErr)
	}
	h.Name = name
	if trainErr == nil {
		last := h.Last()
		fmt.Fprintf(c.stdout, "test accuracy %.2f%% (loss %.4f) after %d epochs, %.1f s of training (%.2f s per epoch)\n",
			100*last.TestAccuracy, last.TestLoss, last.Epoch, last.Seconds, h.SecondsPerEpoch())
	}

	dir, err := saveRun(out, net, record{Augment: augmented, History: h}, c.tempDir)
	return c.report(dir, out.latest(), err, trainErr, completed)
}

// report prints what a run that completed epochs wrote, into dir, linked
// as latest, or returns it as an error, with the error of saving it,
// saveErr, and the error that stopped its training early, trainErr, if
// any.
func (c *command) report(dir, latest string, saveErr, trainErr error, completed int) error {
	if saveErr != nil && dir != "" { // written, but latest not linked to it
		saveErr = fmt.Errorf("wrote %s to %s, but %v; give predict -model %s",
			runFiles, dir, saveErr, filepath.Join(dir, modelName))
	}
	switch {
	case saveErr != nil && trainErr != nil:
		return fmt.Errorf("%v; %w", stopped(trainErr, completed, ""), saveErr)
	case saveErr != nil:
		return saveErr
	case trainErr != nil:
		return stopped(trainErr, completed, fmt.Sprintf(
			"wrote the history of the %d completed epoch(s), and the model as it was after epoch %d, to %s, now %s",
			completed, completed, dir, latest))
	}
	fmt.Fprintf(c.stdout, "wrote %s to %s; %s now links to it, and predict reads its model by default\n", runFiles, dir, latest)
	return nil
}

// notWritten is the error of a run stopped, by err, before any epoch
// completed: nothing was written, which it says.
func notWritten(err error) error {
	if errors.Is(err, context.Canceled) {
		return interrupted{"interrupted before the first epoch completed: nothing written"}
	}
	return fmt.Errorf("%w; no epoch completed: nothing written", err)
}

// stopped is the error of a run stopped by err, Ctrl-C or a divergence,
// after completed epochs, followed by what was done about it, if not "".
func stopped(err error, completed int, done string) error {
	if errors.Is(err, context.Canceled) {
		msg := fmt.Sprintf("interrupted during epoch %d", completed+1)
		if done != "" {
			msg += ": " + done
		}
		return interrupted{msg}
	}
	if done == "" {
		return err
	}
	return fmt.Errorf("%w; %s", err, done)
}
