package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

func TestBadFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-epochs", "0"}, "-epochs 0: want a whole number > 0"},
		{[]string{"-epochs", "-3"}, "-epochs -3"},
		{[]string{"-epochs", "ten"}, `invalid value "ten" for flag -epochs`},
		{[]string{"-lr", "0"}, `-lr "0": want a number > 0`},
		{[]string{"-lr", "-0.1"}, `-lr "-0.1"`},
		{[]string{"-lr", "NaN"}, `-lr "NaN"`},
		{[]string{"-lr", "fast"}, `-lr "fast"`},
		{[]string{"-batch", "0"}, "-batch 0: want a whole number > 0"},
		{[]string{"-batch", "60001"}, "-batch 60001: want at most the 60000 training examples"},
		{[]string{"-mode", "batch", "-batch", "64"}, "-batch 64: batch mode updates on all the training examples at once; " +
			"leave -batch out, or use -mode minibatch"},
		{[]string{"-validation", "59999"}, "-validation 59999 leaves 1 of the 60000 training examples, fewer than a batch (-batch 128); " +
			"want -validation at most 59872"},
		{[]string{"-validation", "60000"}, "-validation 60000: want 0…59999"},
		{[]string{"-mode", "stochastic"}, `-mode "stochastic": want batch or minibatch`},
		{[]string{"-optimizer", "rmsprop"}, `-optimizer "rmsprop": want sgd, momentum or adam`},
		{[]string{"-schedule", "linear"}, `-schedule "linear": want constant, cosine or step`},
		{[]string{"-sizes", "784,128,9"}, "10 classes last"},
		{[]string{"-sizes", "100,10"}, "784 inputs first"},
		{[]string{"-sizes", "784,x,10"}, `-sizes "784,x,10"`},
		{[]string{"-sizes", "784,100000,10"}, `-sizes "784,100000,10": layer width 1 is 100000, want 1…65536 (modelfile.MaxWidth)`},
		{[]string{"-sizes", "784" + strings.Repeat(",1", 64) + ",10"}, "66 layer widths, want 2…64 (at most 63 layers, modelfile.MaxLayers)"},
		{[]string{"-sizes", "784,65536,10"}, "52101130 parameters, want at most 33554432 (modelfile.MaxParams)"},
		{[]string{"-sizes", "784,4096,4096,10", "-mode", "batch"}, "-sizes 784,4096,4096,10 in batch mode: training would take about 7.9 GiB, " +
			"want at most 4 GiB (the trainer's limit); use narrower layers or smaller batches"},
		{[]string{"-out", ""}, "-out is empty: want a folder, such as out/train"},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-mode", "batch", "-optimizer", "adam"}, "-lr: no tuned default for batch mode with adam"},
		{[]string{"-augment", "yes"}, `invalid value "yes" for flag -augment: augment: "yes": want name=value pairs, such as rotate=15,shift=2, or chosen, or none`},
		{[]string{"-augment", "rotate=x"}, `invalid value "rotate=x" for flag -augment: augment: "rotate=x": "x" is not a number`},
		{[]string{"-augment", "tilt=5"}, `unknown setting "tilt"; want one of shift, rotate,`},
		{[]string{"-augment", "scale=1"}, "for flag -augment: augment: scale = 1, want < 1"},
		{[]string{"-mode", "batch", "-augment", "chosen"}, "-augment: batch mode updates on all the training examples at once, " +
			"and augmentation distorts each mini-batch afresh; leave -augment out, or use -mode minibatch"},
		{[]string{"-augment", "shift=2", "-batch", "60000"}, "-batch 60000 with -augment: a batch of all 60000 training examples is batch mode, " +
			"and augmentation needs mini-batches; want -batch below 60000"},
		{[]string{"-augment", "chosen", "-validation", "10000", "-batch", "50000"}, "-batch 50000 with -augment: a batch of all 50000"},
	} {
		_, err := parseFlags(tc.args, io.Discard)
		var usage usageError
		if err == nil || !errors.As(err, &usage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error saying %q", tc.args, err, tc.want)
		}
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	o, err := parseFlags([]string{"-mode", "batch"}, io.Discard)
	if err != nil || o.lr != mnist.TunedLearningRate(0, "sgd") || o.epochs != 20 || o.batch != 0 {
		t.Errorf("-mode batch: %+v, %v", o, err)
	}
	o, err = parseFlags([]string{"-validation", "59872", "-sizes", "784,4096,4096,10"}, io.Discard)
	if err != nil || o.batch != 128 || len(o.sizes) != 4 {
		t.Errorf("-validation 59872 -sizes 784,4096,4096,10: %+v, %v", o, err)
	}
	var out strings.Builder
	if _, err := parseFlags([]string{"-help"}, &out); err != errHelp ||
		!strings.Contains(out.String(), "-save-every-epoch") || !strings.Contains(out.String(), "-augment settings") {
		t.Errorf("-help: error %v, printed %q", err, out.String())
	}
}

// TestAugmentFlag checks the settings -augment sets, and that batch mode
// and a batch of every training example take it when it distorts nothing.
func TestAugmentFlag(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want augment.Settings
	}{
		{nil, augment.Settings{}},
		{[]string{"-augment", "chosen"}, augment.Chosen},
		{[]string{"-augment", "rotate=15,shift=2", "-batch", "59999"}, augment.Settings{Shift: 2, Rotate: 15}},
		{[]string{"-augment", "none", "-mode", "batch"}, augment.Settings{}},
		{[]string{"-augment", "rotate=15,keep=1", "-batch", "60000"}, augment.Settings{Rotate: 15, Keep: 1}},
	} {
		o, err := parseFlags(tc.args, io.Discard)
		if err != nil || o.augment != tc.want {
			t.Errorf("%v: augment %v, error %v; want %v", tc.args, o.augment, err, tc.want)
		}
	}
}

// TestTrainingMemory checks the estimate against the default network's,
// worked out by hand.
func TestTrainingMemory(t *testing.T) {
	t.Parallel()
	sizes := []int{784, 128, 64, 10}
	const params, units = 109386, 202
	for _, tc := range []struct {
		batch     int
		optimizer string
		want      int64
	}{
		{128, "sgd", 8 * (3*params + 2*units*(128+60000%128+1000))},
		{128, "adam", 8 * (5*params + 2*units*(128+60000%128+1000))},
		{0, "sgd", 8 * (3*params + 2*units*(60000+1000))},
	} {
		if got := trainingMemory(sizes, tc.batch, 60000, tc.optimizer); got != tc.want {
			t.Errorf("batch %d, %s: %d bytes, want %d", tc.batch, tc.optimizer, got, tc.want)
		}
	}
}
