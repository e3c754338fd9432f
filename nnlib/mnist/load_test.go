package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
)

// linkMNIST fills a new folder with links to the repository's MNIST
// files, fetched first if missing, then writes the files in spoil over
// them, or removes them where spoil holds nil, and returns the folder.
func linkMNIST(t *testing.T, spoil map[string][]byte) string {
	t.Helper()
	testMNIST(t)
	dir := t.TempDir()
	for _, f := range mnistFiles {
		real, err := filepath.Abs(filepath.Join(mnistDir, f.name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(real, filepath.Join(dir, f.name)); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range spoil {
		path := filepath.Join(dir, name)
		os.Remove(path)
		if data == nil {
			continue
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mnistBytes returns the content of the repository's MNIST file name.
func mnistBytes(t *testing.T, name string) []byte {
	t.Helper()
	testMNIST(t)
	data, err := os.ReadFile(filepath.Join(mnistDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestLoadChecks gives Load, or loadSet for the test set alone, files that
// are not MNIST's, and checks that each error names the file, says what
// was expected and that fetch-mnist repairs it.
func TestLoadChecks(t *testing.T) {
	t.Parallel()
	labels := make([]byte, TestSize) // the right count, the wrong labels
	ownLabels := idxLabels(labels...)
	rawTestLabels := mnistBytes(t, mnistTestLabels)
	cut := rawTestLabels[:len(rawTestLabels)/2]
	for _, tc := range []struct {
		name  string
		spoil map[string][]byte
		file  string // the file named in the error
		want  string // the message after "mnist: " and the file's path
		cause error  // what errors.Is must find, if anything
	}{
		{
			name: "sets swapped", file: mnistTrainImages,
			spoil: map[string][]byte{mnistTrainImages: mnistBytes(t, mnistTestImages)},
			want: "10000 images, want the 60000 of MNIST's training set; is it the test set's file? " +
				"`go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "100 test images", file: mnistTestImages,
			spoil: map[string][]byte{mnistTestImages: idxGzip(idxImages(100))},
			want:  "100 images, want the 10000 of MNIST's test set; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "labels unpaired", file: mnistTestLabels,
			spoil: map[string][]byte{mnistTestLabels: idxGzip(idxLabels(1, 2, 3))},
			want:  "3 labels, want the 10000 of MNIST's test set; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "other labels", file: mnistTestLabels,
			spoil: map[string][]byte{mnistTestLabels: idxGzip(ownLabels)},
			want: "SHA-256 " + hexSHA256(idxGzip(ownLabels)) + ", want " + testLabels.sha256 +
				", the published file's; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "other labels, decompressed", file: strings.TrimSuffix(mnistTestLabels, ".gz"),
			spoil: map[string][]byte{mnistTestLabels: nil, strings.TrimSuffix(mnistTestLabels, ".gz"): ownLabels},
			want: "SHA-256 " + hexSHA256(ownLabels) + ", want " + testLabels.rawSHA256 +
				", the published file's, decompressed; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "not gzip", file: mnistTestLabels,
			spoil: map[string][]byte{mnistTestLabels: []byte("not MNIST at all")},
			want:  "not gzip-compressed, want gzip data, as the name's .gz says; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "gzip header cut", file: mnistTestLabels, cause: io.ErrUnexpectedEOF,
			spoil: map[string][]byte{mnistTestLabels: rawTestLabels[:5]},
			want:  "truncated in its gzip header: unexpected EOF; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "cut short", file: mnistTestLabels, cause: io.ErrUnexpectedEOF,
			spoil: map[string][]byte{mnistTestLabels: cut},
			want:  "; `go run ./scripts/fetch-mnist` repairs it",
		},
		{
			name: "labels for images", file: mnistTestImages,
			spoil: map[string][]byte{mnistTestImages: rawTestLabels},
			want: "wrong magic number 0x00000801, want 0x00000803 (images); is it a label file? " +
				"`go run ./scripts/fetch-mnist` repairs it",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := linkMNIST(t, tc.spoil)
			var err error
			if strings.HasPrefix(tc.file, "train") {
				_, _, err = Load(dir)
			} else {
				_, err = loadSet(dir, &testSet) // not the training set, to save time
			}
			path := filepath.Join(dir, tc.file)
			if err == nil || !strings.HasPrefix(err.Error(), "mnist: "+path+": ") || !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %s and ending %q", err, path, tc.want)
			}
			if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != path {
				t.Errorf("error %v is not an *inputerror.Error naming %s", err, path)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("error %v does not wrap %v", err, tc.cause)
			}
		})
	}
}

// TestLoadDecompressed loads the test set from MNIST's files
// decompressed, whose SHA-256 Load checks too.
func TestLoadDecompressed(t *testing.T) {
	t.Parallel()
	spoil := map[string][]byte{}
	for _, name := range []string{mnistTestImages, mnistTestLabels} {
		x, err := readAll(filepath.Join(mnistDir, name))
		if err != nil {
			t.Fatal(err)
		}
		spoil[strings.TrimSuffix(name, ".gz")] = x
		spoil[name] = nil
	}
	dir := linkMNIST(t, spoil)
	test, err := loadSet(dir, &testSet)
	if err != nil || test.Len() != TestSize {
		t.Errorf("got %d examples and error %v, want %d and none", test.Len(), err, TestSize)
	}
}

// readAll returns the IDX data of the gzip-compressed file at path.
func readAll(path string) ([]byte, error) {
	var data []byte
	err := readIDX(path, nil, func(r io.Reader, _ int64) (err error) {
		data, err = io.ReadAll(r)
		return err
	})
	return data, err
}
