package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"gonum.org/v1/gonum/mat"
)

// repairHint is the hint of every error about a file of MNIST that is
// there but wrong: Fetch replaces such a file.
const repairHint = "`go run ./scripts/fetch-mnist` repairs it"

// Load reads MNIST's training and test sets from dir, which holds the
// four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz, or any of them
// decompressed without the .gz. The sets hold 60000 and 10000 examples,
// each a row of 784 pixels in [0, 1] with its label in 0…9.
//
// Load checks that the files are MNIST's: each file's count, 60000 or
// 10000 images or labels, in its header before reading on, and then its
// SHA-256 against the published file's (or, decompressed, its content's),
// computed as the file is read. A file that is there but wrong is an
// *inputerror.Error that names it, says what was expected and that
// `go run ./scripts/fetch-mnist` repairs it, as in
//
//	mnist: data/train-images-idx3-ubyte.gz: 10000 images, want the 60000 of MNIST's training set; is it the test set's file? `go run ./scripts/fetch-mnist` repairs it
//
// A missing file is an *inputerror.Error wrapping fs.ErrNotExist; Fetch
// gets them, and FetchAndLoad gets them only if missing and then calls
// Load.
func Load(dir string) (train, test nnlib.Dataset, err error) {
	if train, err = loadSet(dir, &trainSet); err != nil {
		return nnlib.Dataset{}, nnlib.Dataset{}, err
	}
	if test, err = loadSet(dir, &testSet); err != nil {
		return nnlib.Dataset{}, nnlib.Dataset{}, err
	}
	return train, test, nil
}

// loadSet reads and checks the images and labels of one set of MNIST.
func loadSet(dir string, set *mnistSet) (nnlib.Dataset, error) {
	ipath, err := findMNISTFile(dir, set.images.name)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	lpath, err := findMNISTFile(dir, set.labels.name)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	var x *mat.Dense
	err = loadFile(ipath, set.images, func(r io.Reader, size int64) (err error) {
		x, err = decodeImages(&idxDecoder{r: r, size: size, file: ipath, set: set})
		return err
	})
	if err != nil {
		return nnlib.Dataset{}, err
	}
	var y []int
	err = loadFile(lpath, set.labels, func(r io.Reader, size int64) (err error) {
		y, err = decodeLabels(&idxDecoder{r: r, size: size, file: lpath, set: set})
		return err
	})
	if err != nil {
		return nnlib.Dataset{}, err
	}
	return nnlib.Dataset{X: x, Labels: y}, nil
}

// loadFile reads the file of MNIST f at path with decode, as readIDX
// does, and checks its SHA-256: f.sha256 for the gzip-compressed file,
// f.rawSHA256 for one decompressed. An error about a file that is there
// but wrong gets the hint that fetch-mnist repairs it.
func loadFile(path string, f mnistFile, decode func(r io.Reader, size int64) error) error {
	sum := sha256.New()
	err := readIDX(path, sum, decode)
	if err == nil {
		want, of := f.sha256, "the published file's"
		if !strings.HasSuffix(path, ".gz") {
			want, of = f.rawSHA256, "the published file's, decompressed"
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != want {
			err = &inputerror.Error{Pkg: "mnist", Path: path, Problem: "SHA-256 " + got, Want: want + ", " + of}
		}
	}
	if e, ok := errors.AsType[*inputerror.Error](err); ok && !errors.Is(e, fs.ErrNotExist) && !errors.Is(e, fs.ErrPermission) {
		e.Hint = joinHints(e.Hint, repairHint)
	}
	return err
}

// joinHints returns the hints a and b as one: "a? b", "a; b", or b alone.
func joinHints(a, b string) string {
	switch {
	case a == "":
		return b
	case strings.HasSuffix(a, "?"):
		return a + " " + b
	}
	return a + "; " + b
}

// findMNISTFile returns the path of the file name in dir or, if that does
// not exist, of its decompressed form, named without the .gz.
func findMNISTFile(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	_, err := os.Stat(path)
	if err == nil {
		return path, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", inputerror.File("mnist", path, "cannot open", err)
	}
	raw := strings.TrimSuffix(path, ".gz")
	if _, err := os.Stat(raw); err == nil {
		return raw, nil
	}
	return "", &inputerror.Error{Pkg: "mnist", Path: path, Problem: "missing, as is " + filepath.Base(raw),
		Err: fs.ErrNotExist, Hint: "fetch MNIST with `go run ./scripts/fetch-mnist`"}
}
