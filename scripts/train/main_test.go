package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

func TestBadFlags(t *testing.T) {
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
		{[]string{"-mode", "stochastic"}, `-mode "stochastic": want batch or minibatch`},
		{[]string{"-optimizer", "rmsprop"}, `-optimizer "rmsprop": want sgd, momentum or adam`},
		{[]string{"-schedule", "linear"}, `-schedule "linear": want constant, cosine or step`},
		{[]string{"-sizes", "784,128,9"}, "10 classes last"},
		{[]string{"-sizes", "100,10"}, "784 inputs first"},
		{[]string{"-sizes", "784,x,10"}, `-sizes "784,x,10"`},
		{[]string{"-validation", "60000"}, "-validation 60000: want 0…59999"},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-mode", "batch", "-optimizer", "adam"}, "-lr: no tuned default for batch mode with adam"},
	} {
		_, err := parseFlags(tc.args)
		var usage usageError
		if err == nil || !errors.As(err, &usage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want a usage error saying %q", tc.args, err, tc.want)
		}
	}
	o, err := parseFlags([]string{"-mode", "batch"})
	if err != nil || o.lr != mnist.TunedLearningRate(0, "sgd") || o.epochs != 20 {
		t.Errorf("-mode batch: %+v, %v", o, err)
	}
}

func TestBatchLargerThanTrainingSet(t *testing.T) {
	err := run(context.Background(), []string{"-batch", "60001", "-data", "../../data", "-out", t.TempDir()}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-batch 60001: want at most the 60000 training examples") {
		t.Errorf("err = %v", err)
	}
}

func TestMissingDataFolderIsCreatedOrReported(t *testing.T) {
	err := run(context.Background(), []string{"-epochs", "1", "-data", "/proc/no-such-dir", "-out", t.TempDir()}, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "mnist: ") || !strings.Contains(err.Error(), "/proc/no-such-dir") {
		t.Errorf("err = %v, want it to name the data folder", err)
	}
}

// TestBadDataReported gives the command a data folder whose files are not
// MNIST's, and checks the error names the first one and what is wrong.
func TestBadDataReported(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not MNIST at all"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := run(context.Background(), []string{"-epochs", "1", "-data", dir, "-out", t.TempDir()}, io.Discard)
	path := filepath.Join(dir, "train-images-idx3-ubyte.gz")
	want := "mnist: " + path + ": not gzip-compressed, want gzip data, as the name's .gz says; `go run ./scripts/fetch-mnist` repairs it"
	if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != path || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestInterruptKeepsCompletedEpochs cancels a long run, as Ctrl-C does, and
// checks the command still writes the history and the model of the epochs
// it completed, and says where they are.
func TestInterruptKeepsCompletedEpochs(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST")
	}
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(3*time.Second, cancel)
	var log strings.Builder
	err := run(ctx, []string{"-epochs", "200", "-data", "../../data", "-out", out}, &log)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), out) {
		t.Fatalf("err = %v, want an interruption naming %s", err, out)
	}
	for _, name := range []string{"history.csv", "history.json", "curves.png", "model.nnm"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	t.Log(strings.TrimSpace(log.String()))
}
