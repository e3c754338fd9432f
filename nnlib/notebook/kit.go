package notebook

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// A Kit is what a notebook sets up once, in its first declaration:
//
//	var nb = notebook.Open("04-convergence")
//
// GoNB compiles every cell, together with the declarations of the cells
// before it, into a new program, so that line runs again in every cell. Open
// is therefore quick and prints nothing: it finds the repository, chooses
// the BLAS, and notes when the notebook's run started. The data is read when
// a cell asks for it, and results that must outlive a cell are remembered
// by Kit.Train and Keep.
type Kit struct {
	Name  string // the notebook's name, which names its folder of results
	Root  string // the repository's folder
	BLAS  string // the BLAS that runs the matrix products
	Quick bool   // NNLIB_QUICK=1: shorter runs, for a quick look
}

// The environment variables a Kit reads.
const (
	// QuickEnv set to 1 makes Kit.Epochs return the short count.
	QuickEnv = "NNLIB_QUICK"
	// FiguresEnv set to 1 lets Kit.WriteFigure write notebooks/figures/:
	// only the command that refreshes the committed notebooks sets it, so
	// that running a notebook never changes tracked files.
	FiguresEnv = "NNLIB_FIGURES"
	// RecomputeEnv set to 1 makes Kit.Train and Keep ignore what they
	// kept from earlier runs of the notebook (but not from this one).
	RecomputeEnv = "NNLIB_RECOMPUTE"
)

// Open sets up the notebook called name, which must be run from the
// repository's notebooks folder (GoNB's GONB_DIR) or from the repository.
// It panics if it cannot find the repository: a notebook should stop
// loudly.
func Open(name string) *Kit {
	root, err := repositoryRoot()
	if err != nil {
		panic(err)
	}
	k := &Kit{Name: name, Root: root, BLAS: ChooseBLAS(), Quick: os.Getenv(QuickEnv) == "1"}
	k.markStart()
	return k
}

// repositoryRoot returns the folder that holds go.mod: the parent of the
// notebook's folder in GoNB, or the working directory or one of its parents.
func repositoryRoot() (string, error) {
	var starts []string
	if dir := os.Getenv("GONB_DIR"); dir != "" {
		starts = append(starts, dir)
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				return d, nil
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return "", fmt.Errorf("notebook: no go.mod above %s: run the notebook from the repository",
		strings.Join(starts, " or "))
}

// Path joins parts to the repository's folder.
func (k *Kit) Path(parts ...string) string {
	return filepath.Join(append([]string{k.Root}, parts...)...)
}

// Results returns the folder where the notebook's remembered results are
// kept: out/notebooks/NAME, which git ignores.
func (k *Kit) Results() string { return k.Path("out", "notebooks", k.Name) }

// Epochs returns full, or short in a quick run.
func (k *Kit) Epochs(full, short int) int {
	if k.Quick {
		return short
	}
	return full
}

var mnistData struct {
	once        sync.Once
	train, test nnlib.Dataset
	err         error
}

// MNIST returns MNIST's training set (60,000 images) and test set (10,000),
// read from the repository's data folder, and fetched there first if
// missing. A program reads them once, however many cells ask.
func (k *Kit) MNIST() (train, test nnlib.Dataset) {
	mnistData.once.Do(func() {
		mnistData.train, mnistData.test, mnistData.err = mnist.FetchAndLoad(k.Path("data"), os.Stdout)
	})
	if mnistData.err != nil {
		panic(mnistData.err)
	}
	return mnistData.train, mnistData.test
}

// Split returns MNIST's training set cut in two: the first 50,000 images to
// train on and the last 10,000 (mnist.ValidationSize) to choose settings on.
// The test set stays out of it.
func (k *Kit) Split() (train, validation nnlib.Dataset) {
	all, _ := k.MNIST()
	return all.SplitLast(mnist.ValidationSize)
}

// ShowSetup shows, in one line, what the timings of the notebook depend on:
// the BLAS, the number of CPU cores, and whether this is a quick run.
func (k *Kit) ShowSetup() {
	mode := "full run"
	if k.Quick {
		mode = "quick run (" + QuickEnv + "=1): fewer epochs"
	}
	ShowMarkdown(fmt.Sprintf("*%s; matrix products on %s, %d CPU cores.*", mode, k.BLAS, runtime.NumCPU()))
}

// startFile is where the start of the notebook's run is noted: in the
// kernel's own temporary folder, which lives as long as the kernel, or, if
// there is none, in the results folder.
func (k *Kit) startFile() string {
	if dir := os.Getenv("GONB_TMP_DIR"); dir != "" {
		return filepath.Join(dir, "notebook-started")
	}
	return filepath.Join(k.Results(), "started")
}

// markStart notes the time, unless a cell of this kernel did already.
func (k *Kit) markStart() {
	if _, err := os.Stat(k.startFile()); err == nil {
		return
	}
	os.MkdirAll(filepath.Dir(k.startFile()), 0o755)
	os.WriteFile(k.startFile(), []byte(time.Now().Format(time.RFC3339Nano)), 0o644)
}

// started returns when the first cell of this kernel opened the kit, or
// the zero time if that is not known.
func (k *Kit) started() time.Time {
	data, err := os.ReadFile(k.startFile())
	if err != nil {
		return time.Time{}
	}
	start, _ := time.Parse(time.RFC3339Nano, string(data))
	return start
}

// Elapsed returns the time since the first cell of this kernel opened the
// kit: the run time of a notebook run from the top.
func (k *Kit) Elapsed() time.Duration {
	if start := k.started(); !start.IsZero() {
		return time.Since(start)
	}
	return 0
}

// ShowElapsed shows how long this run of the notebook took, for its last
// cell.
func (k *Kit) ShowElapsed() {
	ShowMarkdown(fmt.Sprintf("*This run of the notebook took %.1f minutes on %d CPU cores.*",
		k.Elapsed().Minutes(), runtime.NumCPU()))
}

// WriteFigure writes data to notebooks/figures/name, atomically, when the
// environment variable NNLIB_FIGURES is 1 (set by the command that
// refreshes the committed notebooks), and reports whether it did. Otherwise
// it writes nothing: a learner's or a test's run never changes tracked
// files.
func (k *Kit) WriteFigure(name string, write func(w io.Writer) error) bool {
	if os.Getenv(FiguresEnv) != "1" {
		return false
	}
	if err := atomicfile.Write(k.Path("notebooks", "figures", name), write); err != nil {
		panic(err)
	}
	return true
}
