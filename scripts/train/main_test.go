package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/augment"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

var mnistCache struct {
	once        sync.Once
	train, test nnlib.Dataset
	err         error
}

// testData loads MNIST once per test binary, from the repository's data
// folder (fetched there if missing), and returns the first 2000 training
// and 500 test examples, on which a run of a few epochs takes a fraction
// of a second.
func testData(t *testing.T) (train, test nnlib.Dataset) {
	t.Helper()
	mnistCache.once.Do(func() {
		mnistCache.train, mnistCache.test, mnistCache.err = mnist.FetchAndLoad(filepath.Join("..", "..", "data"), io.Discard)
	})
	if mnistCache.err != nil {
		t.Fatal(mnistCache.err)
	}
	return mnistCache.train.Slice(0, 2000), mnistCache.test.Slice(0, 500)
}

// testCommand returns a command that trains on testData, prints into out,
// writes files with atomicfile.Write, and saves a network its run's folder
// cannot take into a new temporary folder.
func testCommand(t *testing.T, out io.Writer) *command {
	return &command{stdout: out, stderr: out, write: atomicfile.Write, tempDir: t.TempDir(),
		load: func(string, io.Writer) (nnlib.Dataset, nnlib.Dataset, error) {
			train, test := testData(t)
			return train, test, nil
		}}
}

// cancelAt is a writer that cancels a context when what is written
// contains at: a Ctrl-C at a known point of a run.
type cancelAt struct {
	strings.Builder
	at     string
	cancel func()
}

func (w *cancelAt) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.at) {
		w.cancel()
	}
	return w.Builder.Write(p)
}

// fullDisk returns a writeFunc that fails, as a full disk does, for the
// files whose path full reports, and writes the others.
func fullDisk(full func(path string) bool) writeFunc {
	return func(path string, write func(w io.Writer) error) error {
		if full(path) {
			return &fs.PathError{Op: "write", Path: path + ".tmp123", Err: syscall.ENOSPC}
		}
		return atomicfile.Write(path, write)
	}
}

// runs returns the names in the folder of runs out, failing t if it holds
// anything else than run folders and latest, such as a hidden folder left
// behind.
func runs(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("%s holds %s, left behind", out, e.Name())
		}
		if e.Name() != latestName {
			names = append(names, e.Name())
		}
	}
	return names
}

// latestRun returns the name of the run that latest in out links to.
func latestRun(t *testing.T, out string) string {
	t.Helper()
	target, err := os.Readlink(filepath.Join(out, latestName))
	if err != nil {
		t.Fatal(err)
	}
	return target
}

// checkRun checks that the run's folder dir holds its five files, and a
// model and a history of one run: the same sizes, and epochs epochs.
func checkRun(t *testing.T, dir string, epochs int) *nnlib.Network {
	t.Helper()
	for _, name := range []string{"history.csv", "curves.png", "curves.svg"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	net, err := modelfile.Load(filepath.Join(dir, modelName))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := nnlib.ReadHistoryJSON(f, "history.json")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Sizes, net.Sizes()) || h.Last().Epoch != epochs {
		t.Errorf("%s: a model of sizes %v beside a history of sizes %v, %d epochs; want one run's, of %d epochs",
			dir, net.Sizes(), h.Sizes, h.Last().Epoch, epochs)
	}
	return net
}

// goodRun runs the trainer for an epoch into out and returns the name of
// its folder and its model file's content.
func goodRun(t *testing.T, out string) (name string, model []byte) {
	t.Helper()
	if err := testCommand(t, io.Discard).run(context.Background(), []string{"-epochs", "1", "-out", out}); err != nil {
		t.Fatal(err)
	}
	name = latestRun(t, out)
	model, err := os.ReadFile(filepath.Join(out, name, modelName))
	if err != nil {
		t.Fatal(err)
	}
	return name, model
}

// checkUntouched checks that out holds the run name alone, still latest,
// with its model unchanged.
func checkUntouched(t *testing.T, out, name string, model []byte) {
	t.Helper()
	if got := runs(t, out); !slices.Equal(got, []string{name}) {
		t.Errorf("%s holds the runs %v, want only %s", out, got, name)
	}
	if got := latestRun(t, out); got != name {
		t.Errorf("latest links to %s, want %s", got, name)
	}
	if got, _ := os.ReadFile(filepath.Join(out, name, modelName)); string(got) != string(model) {
		t.Errorf("the model of %s was replaced", name)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	var log strings.Builder
	if err := testCommand(t, &log).run(context.Background(), []string{"-epochs", "2", "-out", out}); err != nil {
		t.Fatal(err)
	}
	first := latestRun(t, out)
	checkRun(t, filepath.Join(out, first), 2)
	want := "wrote model.nnm, history.csv, history.json, curves.png and curves.svg to " + filepath.Join(out, first) + "; " +
		filepath.Join(out, latestName) + " now links to it, and predict reads its model by default\n"
	if !strings.HasSuffix(log.String(), want) {
		t.Errorf("the run printed\n%s\nwant it to end with\n%s", log.String(), want)
	}
	model, _ := os.ReadFile(filepath.Join(out, first, modelName))

	// A second run goes into a folder of its own, and becomes latest.
	if err := testCommand(t, io.Discard).run(context.Background(), []string{"-epochs", "1", "-out", out}); err != nil {
		t.Fatal(err)
	}
	second := latestRun(t, out)
	if got := runs(t, out); len(got) != 2 || second == first {
		t.Errorf("after two runs, %s holds %v, latest %s; want two runs, latest the second", out, got, second)
	}
	checkRun(t, filepath.Join(out, second), 1)
	if got, _ := os.ReadFile(filepath.Join(out, first, modelName)); string(got) != string(model) {
		t.Errorf("the second run replaced the first one's model")
	}
}

// TestRunAugment trains an epoch on distorted digits and the same epoch
// on the digits as they are, and checks that the two train different
// networks, and that each run's summary line and history.json say how it
// distorted: the settings in full, elastic σ filled in, or none.
func TestRunAugment(t *testing.T) {
	t.Parallel()
	chosen := augment.Chosen
	chosen.Sigma = augment.DefaultSigma
	var models [][]byte
	for _, tc := range []struct {
		augment   string
		want      augment.Settings // what the record says
		augmented bool             // whether the history's name says so
	}{
		{"chosen", chosen, true},
		{"none", augment.Settings{}, false},
	} {
		out := t.TempDir()
		var log strings.Builder
		args := []string{"-epochs", "1", "-sizes", "784,16,10", "-out", out, "-augment", tc.augment}
		if err := testCommand(t, &log).run(context.Background(), args); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(out, latestRun(t, out))
		checkRun(t, dir, 1)
		if summary := ", augment " + tc.want.String() + "; BLAS: "; !strings.Contains(log.String(), summary) {
			t.Errorf("-augment %s: the run printed\n%s\nwant its summary to say %q", tc.augment, log.String(), summary)
		}
		data, err := os.ReadFile(filepath.Join(dir, "history.json"))
		if err != nil {
			t.Fatal(err)
		}
		var rec struct{ Augment, Name string }
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		if s, err := augment.ParseSettings(rec.Augment); err != nil || s != tc.want || strings.HasSuffix(rec.Name, ", augmented") != tc.augmented {
			t.Errorf("-augment %s: history.json says augment %q (%v), name %q; want %q, augmented in the name %t",
				tc.augment, rec.Augment, err, rec.Name, tc.want, tc.augmented)
		}
		model, _ := os.ReadFile(filepath.Join(dir, modelName))
		models = append(models, model)
	}
	if bytes.Equal(models[0], models[1]) {
		t.Error("-augment chosen trained the same network as -augment none, from the same seed; want the distortions to change it")
	}
}

// TestRunNothingWritten stops runs before their first epoch completes, by
// Ctrl-C and by divergence, and checks that they write nothing: the run
// before them stays, and stays latest.
func TestRunNothingWritten(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		args     []string
		cancelAt string // what printed cancels the run, as Ctrl-C would; "" for none
		inLoad   bool   // cancel while loading MNIST instead
		want     string // the error: all of it, or its end after "…"
	}{
		{name: "Ctrl-C while loading", inLoad: true, want: "interrupted while loading MNIST: nothing written"},
		{name: "Ctrl-C in epoch 1", cancelAt: "(before training)", want: "interrupted before the first epoch completed: nothing written"},
		{name: "diverged in epoch 1", args: []string{"-lr", "1000"}, want: "…; try a smaller learning rate than 1000; no epoch completed: nothing written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := t.TempDir()
			name, model := goodRun(t, out)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			log := &cancelAt{at: "\x00", cancel: cancel}
			if tc.cancelAt != "" {
				log.at = tc.cancelAt
			}
			c := testCommand(t, log)
			if tc.inLoad {
				load := c.load
				c.load = func(dir string, w io.Writer) (nnlib.Dataset, nnlib.Dataset, error) { cancel(); return load(dir, w) }
			}
			err := c.run(ctx, append([]string{"-epochs", "3", "-out", out}, tc.args...))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if end, ok := strings.CutPrefix(tc.want, "…"); ok && !strings.HasSuffix(err.Error(), end) || !ok && err.Error() != tc.want {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if interrupted := tc.cancelAt != "" || tc.inLoad; errors.Is(err, context.Canceled) != interrupted {
				t.Errorf("error %q: context.Canceled %t, want %t (exit status 130)", err, !interrupted, interrupted)
			}
			checkUntouched(t, out, name, model)
		})
	}
}

// TestRunInterruptedKeepsCompletedEpochs stops a run after its first
// epoch, as Ctrl-C does, and checks that the run keeps that epoch's
// history and model, as the latest run, and says so once.
func TestRunInterruptedKeepsCompletedEpochs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := &cancelAt{at: "epoch   1/", cancel: cancel}
	err := testCommand(t, log).run(ctx, []string{"-epochs", "3", "-out", out})
	dir := filepath.Join(out, latestRun(t, out))
	want := "interrupted during epoch 2: wrote the history of the 1 completed epoch(s), and the model as it was after epoch 1, to " +
		dir + ", now " + filepath.Join(out, latestName)
	if !errors.Is(err, context.Canceled) || err.Error() != want {
		t.Errorf("error %v, want context.Canceled saying %q", err, want)
	}
	if strings.Contains(log.String(), "wrote") {
		t.Errorf("the run printed\n%s\nwant what it wrote said once, in the error", log.String())
	}
	checkRun(t, dir, 1)
}

// TestRunOutputChecked gives output folders that cannot be written, and
// checks that the run says so before loading MNIST or training.
func TestRunOutputChecked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "read-only")
	for _, tc := range []struct {
		name  string
		out   string
		write writeFunc
		want  string
		usage bool
	}{
		{"under a file", filepath.Join(file, "runs"), atomicfile.Write,
			"-out " + filepath.Join(file, "runs") + ": cannot create the folder: mkdir " + file + ": not a directory; nothing trained", false},
		{"empty", "", atomicfile.Write, "-out is empty: want a folder, such as out/train", true},
		// Unwritable for a user, though not for root: injected.
		{"not writable", readOnly, func(path string, _ func(io.Writer) error) error {
			return &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES}
		}, "-out " + readOnly + ": cannot write in it: cannot write .probe: permission denied; nothing trained", false},
	} {
		var log strings.Builder
		c := testCommand(t, &log)
		c.write = tc.write
		c.load = func(string, io.Writer) (nnlib.Dataset, nnlib.Dataset, error) {
			t.Errorf("%s: MNIST loaded before the output folder was checked", tc.name)
			return nnlib.Dataset{}, nnlib.Dataset{}, errors.New("stop")
		}
		err := c.run(context.Background(), []string{"-out", tc.out})
		var usage usageError
		if err == nil || err.Error() != tc.want || errors.As(err, &usage) != tc.usage {
			t.Errorf("%s: error %v, want %q (a usage error: %t)", tc.name, err, tc.want, tc.usage)
		}
	}
	if entries, _ := os.ReadDir(readOnly); len(entries) > 0 {
		t.Errorf("%s holds %d entries after the run, want none", readOnly, len(entries))
	}
}

// TestRunDiskFull fills the disk, by injection, as the run writes its
// history, and checks that the trained network is saved in the temporary
// folder, and the folder of runs left as it was.
func TestRunDiskFull(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	name, model := goodRun(t, out)
	c := testCommand(t, io.Discard)
	c.write = fullDisk(func(path string) bool { return strings.HasSuffix(path, "history.json") })
	err := c.run(context.Background(), []string{"-epochs", "1", "-out", out, "-sizes", "784,16,10"})
	saved, _ := filepath.Glob(filepath.Join(c.tempDir, "train-model-*.nnm"))
	if len(saved) != 1 {
		t.Fatalf("%s holds %v, want one model", c.tempDir, saved)
	}
	want := "cannot write the run into " + out + ": cannot write history.json: no space left on device; " +
		"the trained network is saved in " + saved[0] + " instead (go run ./scripts/predict -model " + saved[0] + " digit.png)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if net, err := modelfile.Load(saved[0]); err != nil || !slices.Equal(net.Sizes(), []int{784, 16, 10}) {
		t.Errorf("the saved network: %v", err)
	}
	checkUntouched(t, out, name, model)
}

// TestRunDiskFullEverywhere fills, by injection, the disk of the runs as
// the run writes its history and that of the temporary folder, and checks
// that the run's hidden folder keeps the model it could write, and that
// the error says where.
func TestRunDiskFullEverywhere(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	c := testCommand(t, io.Discard)
	c.write = fullDisk(func(path string) bool {
		return strings.HasSuffix(path, "history.json") || strings.HasPrefix(path, c.tempDir)
	})
	err := c.run(context.Background(), []string{"-epochs", "1", "-out", out})
	hidden, _ := filepath.Glob(filepath.Join(out, ".*.partial-*"))
	if len(hidden) != 1 {
		t.Fatalf("%s holds %v, want the run's hidden folder", out, hidden)
	}
	want := "cannot write the run into " + out + ": cannot write history.json: no space left on device; nor the network into " +
		c.tempDir + ": no space left on device; what was written is in " + hidden[0]
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if _, err := modelfile.Load(filepath.Join(hidden[0], modelName)); err != nil {
		t.Errorf("the model written: %v", err)
	}
}

// TestRunConcurrent runs two trainers into one folder, the first held up
// as it writes its history until the second has finished, and checks
// that each run's folder holds one run's files.
func TestRunConcurrent(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	secondDone := make(chan struct{})
	first := testCommand(t, io.Discard)
	first.write = func(path string, write func(io.Writer) error) error {
		if strings.HasSuffix(path, "history.json") {
			<-secondDone
		}
		return atomicfile.Write(path, write)
	}
	firstErr := make(chan error)
	go func() {
		firstErr <- first.run(context.Background(), []string{"-epochs", "1", "-out", out, "-sizes", "784,32,10"})
	}()
	err := testCommand(t, io.Discard).run(context.Background(), []string{"-epochs", "1", "-out", out, "-sizes", "784,16,10"})
	close(secondDone)
	if err := errors.Join(err, <-firstErr); err != nil {
		t.Fatal(err)
	}
	names := runs(t, out)
	if len(names) != 2 {
		t.Fatalf("%s holds %v, want two runs", out, names)
	}
	var hidden []int
	for _, name := range names {
		hidden = append(hidden, checkRun(t, filepath.Join(out, name), 1).Sizes()[1])
	}
	if slices.Sort(hidden); !slices.Equal(hidden, []int{16, 32}) {
		t.Errorf("the runs' networks have hidden layers of %v, want one of each run: 16 and 32", hidden)
	}
	if latest := filepath.Join(out, latestRun(t, out)); !slices.Equal(checkRun(t, latest, 1).Sizes(), []int{784, 32, 10}) {
		t.Errorf("latest links to %s, want the run that finished last", latest)
	}
}

// TestRunSaveEveryEpoch checks that -save-every-epoch writes the model
// into the run's hidden folder after every epoch, and again at the end.
func TestRunSaveEveryEpoch(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	c := testCommand(t, io.Discard)
	var saved []string
	c.write = func(path string, write func(io.Writer) error) error {
		if filepath.Base(path) == modelName {
			saved = append(saved, filepath.Base(filepath.Dir(path)))
		}
		return atomicfile.Write(path, write)
	}
	if err := c.run(context.Background(), []string{"-epochs", "2", "-out", out, "-save-every-epoch"}); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 3 || !strings.Contains(saved[0], ".partial-") {
		t.Errorf("the model was written into %v, want 3 times into the run's hidden folder", saved)
	}
	checkRun(t, filepath.Join(out, latestRun(t, out)), 2)
}

// TestRunLatestBlocked runs with a folder, not a link, named latest in
// the folder of runs, and checks that the run is written whole, and the
// error says where.
func TestRunLatestBlocked(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if err := os.Mkdir(filepath.Join(out, latestName), 0o755); err != nil {
		t.Fatal(err)
	}
	err := testCommand(t, io.Discard).run(context.Background(), []string{"-epochs", "1", "-out", out})
	var dir string
	for _, name := range runs(t, out) {
		dir = filepath.Join(out, name)
	}
	want := "wrote model.nnm, history.csv, history.json, curves.png and curves.svg to " + dir + ", but cannot link " +
		filepath.Join(out, latestName) + " to it: file exists; give predict -model " + filepath.Join(dir, modelName)
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	checkRun(t, dir, 1)
	if links, _ := filepath.Glob(filepath.Join(out, ".*")); len(links) > 0 {
		t.Errorf("left behind: %v", links)
	}
}

// TestBadDataReported gives the command a data folder whose files are not
// MNIST's, and checks the error names the first one and what is wrong.
func TestBadDataReported(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not MNIST at all"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := testCommand(t, io.Discard)
	c.load = mnist.FetchAndLoad
	out := t.TempDir()
	err := c.run(context.Background(), []string{"-epochs", "1", "-data", dir, "-out", out})
	path := filepath.Join(dir, "train-images-idx3-ubyte.gz")
	want := "mnist: " + path + ": not gzip-compressed, want gzip data, as the name's .gz says; `go run ./scripts/fetch-mnist` repairs it"
	if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != path || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("%s holds %d entries, want none", out, len(entries))
	}
}
