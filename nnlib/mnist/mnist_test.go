package mnist

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// mnistDir is the repository's data folder, seen from this package's
// folder, where go test runs its tests.
var mnistDir = filepath.Join("..", "..", "data")

var mnistCache struct {
	once        sync.Once
	train, test nnlib.Dataset
	err         error
}

// testMNIST returns MNIST's training and test sets, read once per test
// binary from the repository's data folder, after fetching them there if
// missing. Tests and benchmarks share them: they must not change them, but
// copy them (nnlib.Dataset.Subset) to do so.
func testMNIST(t testing.TB) (train, test nnlib.Dataset) {
	t.Helper()
	mnistCache.once.Do(func() {
		var log strings.Builder
		mnistCache.train, mnistCache.test, mnistCache.err = FetchAndLoad(mnistDir, &log)
		if log.Len() > 0 {
			t.Log(strings.TrimSpace(log.String()))
		}
	})
	if mnistCache.err != nil {
		t.Fatal(mnistCache.err)
	}
	return mnistCache.train, mnistCache.test
}

func TestMNISTLoaded(t *testing.T) {
	t.Parallel()
	train, test := testMNIST(t)
	for _, set := range []struct {
		name   string
		d      nnlib.Dataset
		n      int
		counts []int // of each class, or nil
	}{
		{"train", train, 60000, []int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}},
		{"test", test, 10000, []int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}},
	} {
		if r, c := set.d.X.Dims(); r != set.n || c != 784 || len(set.d.Labels) != set.n {
			t.Errorf("%s: X is %d×%d with %d labels, want %d×784 with %d", set.name, r, c, len(set.d.Labels), set.n, set.n)
		}
		lo, hi := 1.0, 0.0
		for _, v := range set.d.X.RawMatrix().Data {
			lo, hi = min(lo, v), max(hi, v)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixels span [%v, %v], want [0, 1]", set.name, lo, hi)
		}
		counts := make([]int, 10)
		for i, l := range set.d.Labels {
			if l < 0 || l > 9 {
				t.Fatalf("%s: label %d is %d, want 0…9", set.name, i, l)
			}
			counts[l]++
		}
		for k := range counts {
			if counts[k] != set.counts[k] {
				t.Errorf("%s: %d examples of %d, want %d", set.name, counts[k], k, set.counts[k])
			}
		}
	}
}

// BenchmarkReadImagesMNIST decodes the 60000 training images, from the
// gzip-compressed file and from the decompressed IDX data in memory.
func BenchmarkReadImagesMNIST(b *testing.B) {
	testMNIST(b) // fetches the file if missing
	path, err := findMNISTFile(mnistDir, mnistTrainImages)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("file", func(b *testing.B) {
		for b.Loop() {
			if _, err := ReadImages(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := DecodeImages(bytes.NewReader(raw), int64(len(raw))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLoad reads and checks all of MNIST: Load, whose SHA-256 checks
// hash the files as they are read.
func BenchmarkLoad(b *testing.B) {
	testMNIST(b) // fetches the files if missing
	for b.Loop() {
		if _, _, err := Load(mnistDir); err != nil {
			b.Fatal(err)
		}
	}
}
