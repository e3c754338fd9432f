package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// options are the command's flags, checked.
type options struct {
	mode       string
	epochs     int
	lr         float64
	batch      int // examples per update; 0 in batch mode
	optimizer  string
	schedule   string
	seed       uint64
	validation int
	sizes      []int
	dataDir    string
	outDir     string
	saveEpochs bool
	augment    augment.Settings // the zero value: the digits as they are
}

// usageError is a mistake in the command line.
type usageError struct{ error }

// errHelp means the usage was printed as asked, and there is nothing to do.
var errHelp = errors.New("help shown")

// parseFlags reads and checks the command line, before anything is loaded
// or allocated: every setting, and that the network and its batches fit
// the limits. For -help it prints the usage on stdout and returns errHelp.
func parseFlags(args []string, stdout io.Writer) (options, error) {
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
	fs.StringVar(&o.outDir, "out", filepath.Join("out", "train"),
		"folder of the runs: each run's model, history and curves go into a folder of its own in it, and "+latestName+" names the last")
	fs.BoolVar(&o.saveEpochs, "save-every-epoch", false,
		"also write the model after every epoch, not only at the end, into the run's folder (hidden, .NAME.partial-N, until the run ends)")
	o.augment.Flags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: go run ./scripts/train [flags]")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return o, errHelp
		}
		return o, usageError{err}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
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
	if o.outDir == "" {
		return o, usageError{fmt.Errorf("-out is empty: want a folder, such as %s", filepath.Join("out", "train"))}
	}
	if err := o.checkBatch(set["batch"]); err != nil {
		return o, err
	}
	if err := o.setLearningRate(lr); err != nil {
		return o, err
	}
	if err := o.parseSizes(sizes); err != nil {
		return o, err
	}
	return o, o.checkMemory()
}

// checkBatch checks -batch, -validation and -augment together: the
// training examples left after the validation set must hold a batch. In
// batch mode -batch has no meaning, and giving it is a mistake; nor can
// batch mode augment, since augmentation distorts each mini-batch afresh
// (nnlib.Train refuses it), and neither can a batch that holds every
// training example.
func (o *options) checkBatch(batchSet bool) error {
	if o.validation < 0 || o.validation >= mnist.TrainSize {
		return usageError{fmt.Errorf("-validation %d: want 0…%d examples", o.validation, mnist.TrainSize-1)}
	}
	augmenting := !o.augment.IsZero()
	if o.mode == "batch" {
		switch {
		case batchSet:
			return usageError{fmt.Errorf("-batch %d: batch mode updates on all the training examples at once; "+
				"leave -batch out, or use -mode minibatch", o.batch)}
		case augmenting:
			return usageError{errors.New("-augment: batch mode updates on all the training examples at once, and augmentation " +
				"distorts each mini-batch afresh; leave -augment out, or use -mode minibatch")}
		}
		o.batch = 0
		return nil
	}
	left := mnist.TrainSize - o.validation
	switch {
	case o.batch <= 0:
		return usageError{fmt.Errorf("-batch %d: want a whole number > 0", o.batch)}
	case o.batch > mnist.TrainSize:
		return usageError{fmt.Errorf("-batch %d: want at most the %d training examples", o.batch, mnist.TrainSize)}
	case o.batch > left:
		return usageError{fmt.Errorf("-validation %d leaves %d of the %d training examples, fewer than a batch (-batch %d); want -validation at most %d",
			o.validation, left, mnist.TrainSize, o.batch, mnist.TrainSize-o.batch)}
	case augmenting && o.batch == left:
		return usageError{fmt.Errorf("-batch %d with -augment: a batch of all %d training examples is batch mode, "+
			"and augmentation needs mini-batches; want -batch below %d", o.batch, left, left)}
	}
	return nil
}

// setLearningRate sets o.lr from -lr, or else to the tuned rate.
func (o *options) setLearningRate(lr string) error {
	if lr == "" {
		o.lr = mnist.TunedLearningRate(o.batch, o.optimizer)
		if o.lr == 0 {
			return usageError{fmt.Errorf("-lr: no tuned default for %s mode with %s; give one, such as -lr 0.01", o.mode, o.optimizer)}
		}
		return nil
	}
	v, err := strconv.ParseFloat(lr, 64)
	if err != nil || !(v > 0) || v > 1e6 {
		return usageError{fmt.Errorf("-lr %q: want a number > 0, such as 0.1", lr)}
	}
	o.lr = v
	return nil
}

// parseSizes sets o.sizes from -sizes: MNIST's inputs first, its classes
// last, within modelfile's limits, so that what is trained can be saved
// and loaded.
func (o *options) parseSizes(sizes string) error {
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usageError{fmt.Errorf("-sizes %q: want layer widths such as 784,128,64,10", sizes)}
		}
		o.sizes = append(o.sizes, n)
	}
	if err := modelfile.CheckSizes(o.sizes); err != nil {
		return usageError{fmt.Errorf("-sizes %q: %w", sizes, err)}
	}
	if o.sizes[0] != mnist.Pixels || o.sizes[len(o.sizes)-1] != mnist.Classes {
		return usageError{fmt.Errorf("-sizes %q: MNIST needs %d inputs first and %d classes last",
			sizes, mnist.Pixels, mnist.Classes)}
	}
	return nil
}

// maxTrainingMemory bounds the memory that training the network may take,
// as trainingMemory estimates it: sizes within modelfile's limits can
// still need more, with wide layers and large batches, than a machine has,
// and are refused before anything is allocated rather than crash the
// runtime. The default network takes about 200 MB in batch mode, 7 MB
// in minibatch mode.
const maxTrainingMemory = 4 << 30 // 4 GiB

// trainingMemory returns about how many bytes training a network of these
// sizes takes, besides MNIST itself: its parameters P three times (the
// weights, their gradients, and the weights of the last completed epoch)
// and once or twice more for the optimizer's state (momentum's velocity,
// Adam's two moments), and the activations and their gradients, 2·Σ of the
// widths after the input, for each batch size that runs through it: a
// batch, the last smaller one, and the evaluation's chunks.
func trainingMemory(sizes []int, batch, examples int, optimizer string) int64 {
	var params, units int64
	for i := 1; i < len(sizes); i++ {
		params += int64(sizes[i-1]*sizes[i] + sizes[i])
		units += int64(sizes[i])
	}
	copies := int64(3)
	switch optimizer {
	case "momentum":
		copies++
	case "adam":
		copies += 2
	}
	if batch == 0 || batch > examples {
		batch = examples
	}
	rows := int64(batch + examples%batch + nnlib.EvalChunk)
	return 8 * (copies*params + 2*units*rows)
}

// checkMemory refuses a network and batch that trainingMemory puts above
// maxTrainingMemory.
func (o *options) checkMemory() error {
	need := trainingMemory(o.sizes, o.batch, mnist.TrainSize-o.validation, o.optimizer)
	if need <= maxTrainingMemory {
		return nil
	}
	return usageError{fmt.Errorf("-sizes %s in %s mode: training would take about %.1f GiB, want at most %d GiB (the trainer's limit); "+
		"use narrower layers or smaller batches", joinInts(o.sizes), o.mode, float64(need)/(1<<30), maxTrainingMemory>>30)}
}

// joinInts returns the numbers separated by commas, as -sizes takes them.
func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
