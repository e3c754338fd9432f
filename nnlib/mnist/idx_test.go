package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
)

// idxBytes returns an IDX stream: magic, the dimensions, then data.
func idxBytes(magic uint32, dims []uint32, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, magic)
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

// idxImages returns an image file of n 28×28 images, pixel j of image i
// being byte(7i + j).
func idxImages(n int) []byte {
	return idxBytes(idxImagesMagic, []uint32{uint32(n), 28, 28}, idxTestPixels(n))
}

func idxTestPixels(n int) []byte {
	p := make([]byte, n*Pixels)
	for i := range n {
		for j := range Pixels {
			p[i*Pixels+j] = byte(7*i + j)
		}
	}
	return p
}

// idxLabels returns a label file holding labels.
func idxLabels(labels ...byte) []byte {
	return idxBytes(idxLabelsMagic, []uint32{uint32(len(labels))}, labels)
}

func idxGzip(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// idxWriteTemp writes data to the file name in a new temporary folder and
// returns its path.
func idxWriteTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadIDX(t *testing.T) {
	t.Parallel()
	const n = 3
	labels := []byte{0, 9, 4}
	for _, test := range []struct {
		name   string
		gzip   bool
		images string
		labels string
	}{
		{name: "raw", images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte"},
		{name: "gzip", gzip: true, images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz"},
		// gzip is recognised by content, not by name.
		{name: "gzip unnamed", gzip: true, images: "images", labels: "labels"},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			img, lab := idxImages(n), idxLabels(labels...)
			if test.gzip {
				img, lab = idxGzip(img), idxGzip(lab)
			}
			x, err := ReadImages(idxWriteTemp(t, test.images, img))
			if err != nil {
				t.Fatal(err)
			}
			checkIDXImages(t, x, n)
			y, err := ReadLabels(idxWriteTemp(t, test.labels, lab))
			if err != nil {
				t.Fatal(err)
			}
			checkIDXLabels(t, y, labels)
		})
	}
}

func TestDecodeIDX(t *testing.T) {
	t.Parallel()
	const n = 2
	labels := []byte{3, 1, 4, 1, 5}
	img, lab := idxImages(n), idxLabels(labels...)
	for _, size := range []int64{-1, int64(len(img))} {
		x, err := DecodeImages(bytes.NewReader(img), size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		checkIDXImages(t, x, n)
	}
	for _, size := range []int64{-1, int64(len(lab))} {
		y, err := DecodeLabels(bytes.NewReader(lab), size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		checkIDXLabels(t, y, labels)
	}

	// Errors from a reader name no file, but the data.
	_, err := DecodeImages(bytes.NewReader(lab), -1)
	const want = "mnist: IDX data: wrong magic number 0x00000801, want 0x00000803 (images); is it a label file?"
	if err == nil || err.Error() != want {
		t.Errorf("DecodeImages(labels): got error %v, want %q", err, want)
	}
}

func checkIDXImages(t *testing.T, x interface{ At(i, j int) float64 }, n int) {
	t.Helper()
	p := idxTestPixels(n)
	for i := range n {
		for j := range Pixels {
			if got, want := x.At(i, j), float64(p[i*Pixels+j])/255; got != want {
				t.Fatalf("pixel (%d, %d) = %v, want %v", i, j, got, want)
			}
		}
	}
}

func checkIDXLabels(t *testing.T, got []int, want []byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d labels, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != int(want[i]) {
			t.Fatalf("label %d = %d, want %d", i, got[i], want[i])
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	t.Parallel()
	readImages := func(path string) error { _, err := ReadImages(path); return err }
	readLabels := func(path string) error { _, err := ReadLabels(path); return err }
	const huge = 4_000_000_000
	badChecksum := idxGzip(idxLabels(1, 2))
	badChecksum[len(badChecksum)-8] ^= 0xff // the CRC-32 in gzip's trailer

	for _, test := range []struct {
		name  string
		read  func(path string) error
		data  []byte
		gzip  bool
		named string // a suffix for the name, as .gz, whatever the data
		want  string // what the message must contain after "mnist: " and the path
		cause error  // what errors.Is must find, if anything
	}{
		{
			name: "images wrong magic", read: readImages, data: idxLabels(1, 2), gzip: true,
			want: "wrong magic number 0x00000801, want 0x00000803 (images); is it a label file?",
		},
		{
			name: "labels wrong magic", read: readLabels, data: idxImages(1),
			want: "wrong magic number 0x00000803, want 0x00000801 (labels); is it an image file?",
		},
		{
			name: "images other magic", read: readImages, data: idxBytes(0x00000802, []uint32{1, 28, 28}, nil), gzip: true,
			want: "wrong magic number 0x00000802, want 0x00000803 (images)",
		},
		{
			name: "gzip twice", read: readImages, data: idxGzip(idxImages(1)), gzip: true,
			want: "want 0x00000803 (images); is it still gzip-compressed?",
		},
		{
			name: "empty", read: readImages, data: nil, cause: io.ErrUnexpectedEOF,
			want: "header ends after 0 bytes, want 16 (images): unexpected EOF",
		},
		{
			name: "images truncated header", read: readImages, data: idxImages(1)[:6], gzip: true, cause: io.ErrUnexpectedEOF,
			want: "header ends after 6 bytes, want 16 (images): unexpected EOF",
		},
		{
			name: "labels truncated header", read: readLabels, data: idxLabels(1)[:7], cause: io.ErrUnexpectedEOF,
			want: "header ends after 7 bytes, want 8 (labels): unexpected EOF",
		},
		{
			name: "images truncated data", read: readImages, data: idxImages(3)[:16+2*784+100], gzip: true, cause: io.ErrUnexpectedEOF,
			want: "data ends after 2 images and 100 bytes, want the 3 images the header claims: unexpected EOF",
		},
		{
			name: "images truncated raw", read: readImages, data: idxImages(3)[:16+2*784], cause: io.ErrUnexpectedEOF,
			want: "only 1568 bytes follow the header, want the 2352 bytes of the 3 images it claims: unexpected EOF",
		},
		{
			name: "labels truncated data", read: readLabels, data: idxLabels(1, 2, 3)[:8+2], gzip: true, cause: io.ErrUnexpectedEOF,
			want: "data ends after 2 labels, want the 3 labels the header claims: unexpected EOF",
		},
		{
			name: "images trailing data", read: readImages, data: append(idxImages(2), 0), gzip: true,
			want: "data goes on after the 2 images the header claims, want nothing after them",
		},
		{
			name: "labels trailing data", read: readLabels, data: append(idxLabels(1, 2), 3),
			want: "data goes on after the 2 labels the header claims, want nothing after them",
		},
		{
			name: "no images", read: readImages, data: idxImages(0), gzip: true,
			want: "header claims no images, want at least 1",
		},
		{
			name: "no labels", read: readLabels, data: idxLabels(),
			want: "header claims no labels, want at least 1",
		},
		{
			name: "images 28×27", read: readImages, data: idxBytes(idxImagesMagic, []uint32{1, 28, 27}, make([]byte, 28*27)),
			want: "images are 28×27, want 28×28",
		},
		{
			name: "images 32×32", read: readImages, data: idxBytes(idxImagesMagic, []uint32{1, 32, 32}, make([]byte, 32*32)), gzip: true,
			want: "images are 32×32, want 28×28",
		},
		{
			name: "label above 9", read: readLabels, data: idxLabels(1, 12, 3), gzip: true,
			want: "label at index 1 is 12, want 0…9",
		},
		{
			name: "images huge claim raw", read: readImages, data: idxBytes(idxImagesMagic, []uint32{huge, 28, 28}, make([]byte, 100)),
			cause: io.ErrUnexpectedEOF,
			want:  "only 100 bytes follow the header, want the 3136000000000 bytes of the 4000000000 images it claims",
		},
		{
			name: "images huge claim gzip", read: readImages, data: idxBytes(idxImagesMagic, []uint32{huge, 28, 28}, make([]byte, 100)), gzip: true,
			cause: io.ErrUnexpectedEOF,
			want:  "data ends after 0 images and 100 bytes, want the 4000000000 images the header claims",
		},
		{
			name: "labels huge claim gzip", read: readLabels, data: idxBytes(idxLabelsMagic, []uint32{huge}, make([]byte, 100)), gzip: true,
			cause: io.ErrUnexpectedEOF,
			want:  "data ends after 100 labels, want the 4000000000 labels the header claims",
		},
		{
			name: "gzip checksum", read: readLabels, data: badChecksum, cause: gzip.ErrChecksum,
			want: "cannot read: gzip: invalid checksum",
		},
		{
			name: "named .gz, not gzip", read: readLabels, data: idxLabels(1, 2), named: ".gz",
			want: "not gzip-compressed, want gzip data, as the name's .gz says",
		},
		{
			name: "gzip header cut", read: readLabels, data: []byte{0x1f, 0x8b, 8}, named: ".gz", cause: io.ErrUnexpectedEOF,
			want: "truncated in its gzip header: unexpected EOF",
		},
		{
			name: "named .gz, empty", read: readImages, data: nil, named: ".gz", cause: io.ErrUnexpectedEOF,
			want: "truncated in its gzip header: unexpected EOF",
		},
		{
			name: "gzip header invalid", read: readImages, data: []byte{0x1f, 0x8b, 99, 0, 0, 0, 0, 0, 0, 0, 0}, cause: gzip.ErrHeader,
			want: "not valid gzip data: gzip: invalid header",
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			name := "train-labels-idx1-ubyte"
			data := test.data
			if test.gzip {
				name += ".gz"
				data = idxGzip(data)
			}
			path := idxWriteTemp(t, name+test.named, data)
			err := test.read(path)
			if err == nil {
				t.Fatalf("got no error, want one containing %q", test.want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "mnist: "+path+": ") {
				t.Errorf("error %q does not start with mnist: and the file's path", msg)
			}
			if !strings.Contains(msg, test.want) {
				t.Errorf("error %q does not contain %q", msg, test.want)
			}
			if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != path {
				t.Errorf("error %q is not an *inputerror.Error naming the file", msg)
			}
			if test.cause != nil && !errors.Is(err, test.cause) {
				t.Errorf("error %q does not wrap %v", msg, test.cause)
			}
		})
	}
}

// TestReadIDXFolder reads a folder named as MNIST's file.
func TestReadIDXFolder(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), mnistTrainImages)
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := ReadImages(path)
	if want := "mnist: " + path + ": cannot read: is a directory"; err == nil || err.Error() != want {
		t.Errorf("got error %v, want %q", err, want)
	}
}

func TestReadIDXMissing(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nothing.gz")
	_, err := ReadImages(path)
	if want := "mnist: " + path + ": cannot open: no such file or directory"; !errors.Is(err, fs.ErrNotExist) || err.Error() != want {
		t.Errorf("got error %v, want fs.ErrNotExist saying %q", err, want)
	}
}

// TestDecodeIDXHugeClaim checks that headers claiming 4e9 images or labels
// in a tiny input cost little memory, whether or not the input's size is
// known. Not parallel, to measure allocations alone.
func TestDecodeIDXHugeClaim(t *testing.T) {
	const limit = 64 << 20 // bytes; the claims are 3.1 TB of bytes, 25 TB of float64
	images := idxBytes(idxImagesMagic, []uint32{4_000_000_000, 28, 28}, make([]byte, 1000))
	labels := idxBytes(idxLabelsMagic, []uint32{4_000_000_000}, make([]byte, 1000))
	gzipped := idxWriteTemp(t, "train-images-idx3-ubyte.gz", idxGzip(images))
	for _, test := range []struct {
		name   string
		decode func() error
	}{
		{"images size known", func() error { _, err := DecodeImages(bytes.NewReader(images), int64(len(images))); return err }},
		{"images size unknown", func() error { _, err := DecodeImages(bytes.NewReader(images), -1); return err }},
		{"labels size unknown", func() error { _, err := DecodeLabels(bytes.NewReader(labels), -1); return err }},
		{"images gzip file", func() error { _, err := ReadImages(gzipped); return err }},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := test.decode()
		runtime.ReadMemStats(&after)
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), " 4000000000 ") {
			t.Errorf("%s: got error %v, want unexpected EOF before the 4000000000 claimed", test.name, err)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > limit {
			t.Errorf("%s: allocated %d bytes, want at most %d", test.name, n, limit)
		}
	}
}

func TestLoadMNISTMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, _, err := Load(dir)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got error %v, want fs.ErrNotExist", err)
	}
	want := "mnist: " + filepath.Join(dir, mnistTrainImages) + ": missing, as is train-images-idx3-ubyte: " +
		"file does not exist; fetch MNIST with `go run ./scripts/fetch-mnist`"
	if err.Error() != want {
		t.Errorf("got error %q, want %q", err, want)
	}
}
