package inputerror_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/digit"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

func ExampleError() {
	err := &inputerror.Error{
		Pkg:     "mnist",
		Path:    "data/train-images-idx3-ubyte.gz",
		Problem: "images are 28×27",
		Want:    "28×28",
	}
	fmt.Println(err)
	err.Err = io.ErrUnexpectedEOF
	fmt.Println(err)
	// Output:
	// mnist: data/train-images-idx3-ubyte.gz: images are 28×27, want 28×28
	// mnist: data/train-images-idx3-ubyte.gz: images are 28×27, want 28×28: unexpected EOF
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  inputerror.Error
		want string
	}{
		{inputerror.Error{Pkg: "digit", Problem: "no digit found"}, "digit: no digit found"},
		{inputerror.Error{Pkg: "digit", Path: "a.png", Problem: "a GIF image", Want: "PNG or JPEG"},
			"digit: a.png: a GIF image, want PNG or JPEG"},
		{inputerror.Error{Pkg: "modelfile", Path: "m.nnm", Problem: "truncated at 12 bytes", Err: io.ErrUnexpectedEOF},
			"modelfile: m.nnm: truncated at 12 bytes: unexpected EOF"},
		{inputerror.Error{Pkg: "mnist", Path: "x.gz", Problem: "missing", Err: fs.ErrNotExist, Hint: "fetch MNIST"},
			"mnist: x.gz: missing: file does not exist; fetch MNIST"},
		{inputerror.Error{Pkg: "mnist", Path: "x", Problem: "p", Want: "w", Err: io.EOF, Hint: "h"},
			"mnist: x: p, want w: EOF; h"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%+v: message %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "none")
	_, err := os.Open(path)
	e := inputerror.File("modelfile", path, "cannot open", err)
	if want := "modelfile: " + path + ": cannot open: no such file or directory"; e.Error() != want {
		t.Errorf("message %q, want %q", e, want)
	}
	if !errors.Is(e, fs.ErrNotExist) {
		t.Errorf("%v does not wrap fs.ErrNotExist", e)
	}
	// A *fs.PathError naming another file is kept whole.
	other := &fs.PathError{Op: "remove", Path: "other", Err: fs.ErrPermission}
	if e := inputerror.File("mnist", path, "cannot open", other); e.Err != other {
		t.Errorf("cause %v, want %v", e.Err, other)
	}
}

// TestInputErrors checks that a bad input of each kind, an IDX file, a
// model file and a picture of a digit, gives the one error type, with
// Path, Problem and Want filled in and the cause reachable, and that a
// missing file of each kind is fs.ErrNotExist.
func TestInputErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}

	// An image file whose header claims 3 images but which holds 2.
	idx := binary.BigEndian.AppendUint32(nil, 0x00000803)
	for _, d := range []uint32{3, mnist.Side, mnist.Side} {
		idx = binary.BigEndian.AppendUint32(idx, d)
	}
	idx = append(idx, make([]byte, 2*mnist.Pixels)...)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(idx)
	zw.Close()
	images := write("train-images-idx3-ubyte.gz", gz.Bytes())

	// A model file missing its last byte.
	model := filepath.Join(dir, "model"+modelfile.Extension)
	if err := modelfile.Save(model, nnlib.NewNetwork([]int{3, 2}, rand.New(rand.NewPCG(1, 1)))); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	write(filepath.Base(model), data[:len(data)-1])

	// A white picture.
	white := image.NewGray(image.Rect(0, 0, 20, 30))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, white); err != nil {
		t.Fatal(err)
	}
	blank := write("blank.png", pngData.Bytes())

	for _, tc := range []struct {
		kind    string
		read    func(path string) error
		path    string
		problem string
		want    string
		cause   error
	}{
		{"IDX", func(p string) error { _, err := mnist.ReadImages(p); return err }, images,
			"data ends after 2 images", "the 3 images the header claims", io.ErrUnexpectedEOF},
		{"model", func(p string) error { _, err := modelfile.Load(p); return err }, model,
			fmt.Sprintf("truncated at %d bytes", len(data)-1), fmt.Sprintf("exactly %d bytes, for widths [3 2]", len(data)), io.ErrUnexpectedEOF},
		{"image", func(p string) error { _, err := digit.PrepareFile(p); return err }, blank,
			"no digit found", "ink at least 10% darker or lighter than the paper", digit.ErrBlank},
	} {
		err := tc.read(tc.path)
		e, ok := errors.AsType[*inputerror.Error](err)
		if !ok {
			t.Errorf("%s: error %v, want an *inputerror.Error", tc.kind, err)
			continue
		}
		if e.Path != tc.path || e.Problem != tc.problem || e.Want != tc.want {
			t.Errorf("%s: Path %q, Problem %q, Want %q; want %q, %q, %q", tc.kind, e.Path, e.Problem, e.Want, tc.path, tc.problem, tc.want)
		}
		if !errors.Is(err, tc.cause) {
			t.Errorf("%s: error %v does not wrap %v", tc.kind, err, tc.cause)
		}
		if want := tc.path + ": " + tc.problem + ", want " + tc.want + ": " + tc.cause.Error(); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: message %q, want it to contain %q", tc.kind, err, want)
		}

		missing := filepath.Join(dir, "missing-"+filepath.Base(tc.path))
		err = tc.read(missing)
		if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != missing || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: error %v for a missing file, want an *inputerror.Error naming it and wrapping fs.ErrNotExist", tc.kind, err)
		}
	}
}
