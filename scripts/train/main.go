// Command train trains the network on MNIST, the counterpart of the
// original project's `python train.py`:
//
//	go run ./scripts/train                      # mini-batch GD, the defaults
//	go run ./scripts/train -mode batch -epochs 100
//	go run ./scripts/train -optimizer adam -schedule cosine -lr 0.001
//
// It prints the loss and accuracy of every epoch as it goes, evaluates on the
// test set, and writes into the output folder the history (history.csv,
// history.json) and the loss and accuracy curves (curves.png, curves.svg).
// Ctrl-C stops after the current update and still writes what the completed
// epochs produced.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// options are the command's flags, checked.
type options struct {
	mode       string
	epochs     int
	lr         float64
	batch      int
	optimizer  string
	schedule   string
	seed       uint64
	validation int
	sizes      []int
	dataDir    string
	outDir     string
	saveEpochs bool
}

func main() {
	// Ctrl-C cancels ctx: training stops after the current update.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		var usage usageError
		fmt.Fprintln(os.Stderr, "train:", err)
		switch {
		case errors.As(err, &usage):
			os.Exit(2)
		case errors.Is(err, context.Canceled):
			os.Exit(130)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line.
type usageError struct{ error }

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o options
	var lr, sizes string
	fs.StringVar(&o.mode, "mode", "minibatch", "batch (one update per epoch on all examples) or minibatch")
	fs.IntVar(&o.epochs, "epochs", 20, "passes over the training set")
	fs.StringVar(&lr, "lr", "", "learning rate (default: tuned on a validation split, see nnlib/mnist/tuned.go)")
	fs.IntVar(&o.batch, "batch", 128, "examples per update in minibatch mode")
	fs.StringVar(&o.optimizer, "optimizer", "sgd", "sgd, momentum or adam")
	fs.StringVar(&o.schedule, "schedule", "constant", "learning-rate schedule: constant, cosine or step")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the initial weights and the shuffles")
	fs.IntVar(&o.validation, "validation", 0, "hold out the last N training examples as a validation set")
	fs.StringVar(&sizes, "sizes", "784,128,64,10", "layer widths, input first")
	fs.StringVar(&o.dataDir, "data", "data", "folder of the MNIST files (fetched when missing)")
	fs.StringVar(&o.outDir, "out", filepath.Join("out", "train"), "folder for the history, plots and model")
	fs.BoolVar(&o.saveEpochs, "save-every-epoch", false, "also write the model after every epoch, not only at the end")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Println("usage: go run ./scripts/train [flags]")
			fs.SetOutput(os.Stdout)
			fs.PrintDefaults()
			os.Exit(0)
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q; all settings are flags (-help lists them)", fs.Arg(0))}
	}
	if o.mode != "batch" && o.mode != "minibatch" {
		return o, usageError{fmt.Errorf("-mode %q: want batch or minibatch", o.mode)}
	}
	if _, err := nnlib.NewOptimizer(o.optimizer); err != nil {
		return o, usageError{fmt.Errorf("-optimizer %q: want sgd, momentum or adam", o.optimizer)}
	}
	if _, err := nnlib.NewSchedule(o.schedule); err != nil {
		return o, usageError{fmt.Errorf("-schedule %q: want constant, cosine or step", o.schedule)}
	}
	if o.epochs <= 0 {
		return o, usageError{fmt.Errorf("-epochs %d: want a whole number > 0", o.epochs)}
	}
	if o.mode == "batch" {
		o.lr = mnist.TunedLearningRate(0, o.optimizer)
	} else {
		o.lr = mnist.TunedLearningRate(o.batch, o.optimizer)
	}
	if lr == "" && o.lr == 0 {
		return o, usageError{fmt.Errorf("-lr: no tuned default for %s mode with %s; give one, such as -lr 0.01", o.mode, o.optimizer)}
	}
	if lr != "" {
		v, err := strconv.ParseFloat(lr, 64)
		if err != nil || !(v > 0) || v > 1e6 {
			return o, usageError{fmt.Errorf("-lr %q: want a number > 0, such as 0.1", lr)}
		}
		o.lr = v
	}
	if o.batch <= 0 {
		return o, usageError{fmt.Errorf("-batch %d: want a whole number > 0", o.batch)}
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || n > 100000 {
			return o, usageError{fmt.Errorf("-sizes %q: want layer widths such as 784,128,64,10", sizes)}
		}
		o.sizes = append(o.sizes, n)
	}
	if len(o.sizes) < 2 || o.sizes[0] != mnist.Pixels || o.sizes[len(o.sizes)-1] != mnist.Classes {
		return o, usageError{fmt.Errorf("-sizes %q: MNIST needs %d inputs first and %d classes last",
			sizes, mnist.Pixels, mnist.Classes)}
	}
	if o.validation < 0 || o.validation >= mnist.TrainSize {
		return o, usageError{fmt.Errorf("-validation %d: want 0…%d examples", o.validation, mnist.TrainSize-1)}
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if err := backend.UseFromEnv(); err != nil {
		return usageError{err}
	}
	train, test, err := mnist.FetchAndLoad(o.dataDir, stdout)
	if err != nil {
		return err
	}
	var validation nnlib.Dataset
	if o.validation > 0 {
		train, validation = train.SplitLast(o.validation)
	}
	if o.mode == "minibatch" && o.batch > train.Len() {
		return usageError{fmt.Errorf("-batch %d: want at most the %d training examples", o.batch, train.Len())}
	}
	batch := o.batch
	if o.mode == "batch" {
		batch = 0
	}
	opt, _ := nnlib.NewOptimizer(o.optimizer)
	schedule, _ := nnlib.NewSchedule(o.schedule)

	net := nnlib.NewNetwork(o.sizes, rand.New(rand.NewPCG(o.seed, 0)))
	shownBatch := batch
	if batch == 0 {
		shownBatch = train.Len()
	}
	fmt.Fprintf(stdout, "network %v, %d parameters; %s GD, %d training examples, batch %d, %s, η = %g (%s); BLAS: %s\n",
		o.sizes, net.NumParams(), o.mode, train.Len(), shownBatch, o.optimizer, o.lr, o.schedule, backend.Name())

	start := time.Now()
	h, trainErr := nnlib.Train(ctx, net, train, nnlib.Config{
		Epochs: o.epochs, LearningRate: o.lr, BatchSize: batch, Optimizer: opt, Schedule: schedule,
		Seed: o.seed, Validation: validation, Test: test,
		Progress: func(e nnlib.EpochStats) {
			printEpoch(stdout, e, o.epochs, time.Since(start))
			if o.saveEpochs && e.Epoch > 0 {
				if err := saveModel(o.outDir, net); err != nil {
					fmt.Fprintln(os.Stderr, "train:", err)
				}
			}
		},
	})
	if h == nil {
		return trainErr
	}
	h.Name = fmt.Sprintf("%s GD, %s, η = %g", o.mode, o.optimizer, o.lr)
	if trainErr == nil {
		last := h.Last()
		fmt.Fprintf(stdout, "test accuracy %.2f%% (loss %.4f) after %d epochs, %.1f s of training (%.2f s per epoch)\n",
			100*last.TestAccuracy, last.TestLoss, last.Epoch, last.Seconds, h.SecondsPerEpoch())
	}
	if err := writeOutputs(o.outDir, h); err != nil {
		return err
	}
	if err := saveModel(o.outDir, net); err != nil { // on failure, the last completed epoch's weights
		return err
	}
	if trainErr != nil {
		fmt.Fprintf(stdout, "stopped after %d completed epoch(s): wrote their history, and the model as it was after the last, to %s\n",
			len(h.Epochs)-1, o.outDir)
		if errors.Is(trainErr, context.Canceled) {
			return fmt.Errorf("interrupted; what the completed epochs produced is in %s: %w", o.outDir, trainErr)
		}
		return trainErr
	}
	fmt.Fprintf(stdout, "wrote history.csv, history.json, curves.png, curves.svg and model.nnm to %s\n", o.outDir)
	return nil
}

// printEpoch prints one line of progress: the epoch, its figures, the time
// so far and an estimate of the time left.
func printEpoch(w io.Writer, e nnlib.EpochStats, epochs int, elapsed time.Duration) {
	if e.Epoch == 0 {
		fmt.Fprintf(w, "epoch %3d/%d  train loss %.4f acc %6.2f%%  test loss %.4f acc %6.2f%%  (before training)\n",
			0, epochs, e.TrainLoss, 100*e.TrainAccuracy, e.TestLoss, 100*e.TestAccuracy)
		return
	}
	left := time.Duration(float64(elapsed) / float64(e.Epoch) * float64(epochs-e.Epoch))
	val := ""
	if e.ValidationLoss != 0 {
		val = fmt.Sprintf("  val acc %6.2f%%", 100*e.ValidationAccuracy)
	}
	fmt.Fprintf(w, "epoch %3d/%d  train loss %.4f acc %6.2f%%%s  test loss %.4f acc %6.2f%%  %s elapsed, %s left\n",
		e.Epoch, epochs, e.TrainLoss, 100*e.TrainAccuracy, val, e.TestLoss, 100*e.TestAccuracy,
		elapsed.Round(100*time.Millisecond), left.Round(time.Second))
}

// saveModel writes the network to model.nnm in dir, atomically.
func saveModel(dir string, net *nnlib.Network) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder: %v", err)
	}
	return modelfile.Save(filepath.Join(dir, "model"+modelfile.Extension), net)
}

// writeOutputs writes the history and the curves into dir, each file
// atomically.
func writeOutputs(dir string, h *nnlib.History) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output folder: %v", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "history.csv"), h.WriteCSV); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, "history.json"), h.WriteJSON); err != nil {
		return err
	}
	for _, format := range []string{"png", "svg"} {
		chart, err := charts.LossAccuracyChart([]*nnlib.History{h}, charts.ByEpoch, format, 720, 300)
		if err != nil {
			return err
		}
		if err := charts.WriteChart(filepath.Join(dir, "curves."+format), chart); err != nil {
			return err
		}
	}
	return nil
}
