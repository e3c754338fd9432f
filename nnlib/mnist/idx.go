package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// MNIST's four files, gzip-compressed, as their authors publish them.
// Load also accepts them decompressed, without the .gz suffix.
const (
	mnistTrainImages = "train-images-idx3-ubyte.gz"
	mnistTrainLabels = "train-labels-idx1-ubyte.gz"
	mnistTestImages  = "t10k-images-idx3-ubyte.gz"
	mnistTestLabels  = "t10k-labels-idx1-ubyte.gz"
)

const (
	idxImagesMagic = 0x00000803 // unsigned bytes, 3 dimensions
	idxLabelsMagic = 0x00000801 // unsigned bytes, 1 dimension
)

// idxPixel maps a pixel byte b to b/255: a table lookup is faster than
// converting and dividing each of MNIST's 47 million pixels.
var idxPixel = func() (t [256]float64) {
	for i := range t {
		t[i] = float64(i) / 255
	}
	return t
}()

// A FormatError reports IDX data that is not what MNIST's files hold: a
// wrong magic number or image size, a label out of range, or data that ends
// before, or goes on after, what the header claims.
type FormatError struct {
	File string // path of the file; "" when decoding from a reader
	Msg  string // what is wrong
}

func (e *FormatError) Error() string {
	if e.File == "" {
		return "nnlib: IDX: " + e.Msg
	}
	return "nnlib: " + e.File + ": " + e.Msg
}

// ReadImages reads an MNIST image file, gzip-compressed (recognised by its
// first bytes, 0x1f 0x8b) or not, and returns its images as the rows of an
// N×784 matrix, pixels scaled from 0…255 to [0, 1]: 0 is the background and
// 1 full ink. The file's format is described at DecodeImages.
func ReadImages(path string) (*mat.Dense, error) {
	var x *mat.Dense
	err := readIDX(path, func(r io.Reader, size int64) (err error) {
		x, err = decodeImages(r, size, path)
		return err
	})
	return x, err
}

// ReadLabels reads an MNIST label file, gzip-compressed or not, and returns
// its labels, each in 0…9. The file's format is described at DecodeLabels.
func ReadLabels(path string) ([]int, error) {
	var labels []int
	err := readIDX(path, func(r io.Reader, size int64) (err error) {
		labels, err = decodeLabels(r, size, path)
		return err
	})
	return labels, err
}

// readIDX opens path and calls decode with the file's IDX stream:
// decompressed when the file starts with gzip's magic number, in which case
// the stream's size is unknown (-1), or else the file itself and its size.
func readIDX(path string, decode func(r io.Reader, size int64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("nnlib: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("nnlib: %s: %w", path, err)
		}
		defer zr.Close()
		return decode(zr, -1)
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return decode(br, size)
}

// DecodeImages decodes MNIST images in the IDX format from r, which holds at
// most size bytes, or an unknown number if size is negative. It returns the
// images as the rows of an N×784 matrix, pixels scaled from 0…255 to [0, 1].
// An image file is, big-endian:
//
//	offset  type    value       meaning
//	0       uint32  0x00000803  magic: 0x08 = unsigned bytes, 3 dimensions
//	4       uint32  N           number of images, N ≥ 1: 60000 or 10000 in MNIST
//	8       uint32  28          rows of an image
//	12      uint32  28          columns of an image
//	16      uint8   …           N×28×28 pixels, image by image, row by row;
//	                            0 is the background, 255 full ink
//
// and nothing after. DecodeImages allocates memory only for data that has
// arrived: it reads the pixels in pieces of 1 MiB and makes the matrix once
// they are all there. A header claiming more than size allows fails at
// once, and one claiming more than r holds fails when r ends, so billions
// of images claimed in a small input cost an error, not the memory claimed.
// Errors in the data are *FormatError; errors from r are returned wrapped.
func DecodeImages(r io.Reader, size int64) (*mat.Dense, error) {
	return decodeImages(r, size, "")
}

// DecodeLabels decodes MNIST labels in the IDX format from r, which holds at
// most size bytes, or an unknown number if size is negative. A label file
// is, big-endian:
//
//	offset  type    value       meaning
//	0       uint32  0x00000801  magic: 0x08 = unsigned bytes, 1 dimension
//	4       uint32  N           number of labels, N ≥ 1: 60000 or 10000 in MNIST
//	8       uint8   …           N labels, each in 0…9
//
// and nothing after. Like DecodeImages, it allocates only for data that
// arrives.
func DecodeLabels(r io.Reader, size int64) ([]int, error) {
	return decodeLabels(r, size, "")
}

func decodeImages(r io.Reader, size int64, file string) (*mat.Dense, error) {
	d := idxDecoder{r: r, size: size, file: file}
	dims, err := d.header(idxImagesMagic, "images")
	if err != nil {
		return nil, err
	}
	n, rows, cols := dims[0], dims[1], dims[2]
	if rows != Side || cols != Side {
		return nil, d.errorf("images are %d×%d, want %d×%d", rows, cols, Side, Side)
	}
	if n == 0 {
		return nil, d.errorf("header claims no images") // and a mat.Dense cannot be 0×784
	}
	chunks, err := d.data(n, Pixels, "images")
	if err != nil {
		return nil, err
	}
	x := make([]float64, int(n)*Pixels)
	off := 0
	for _, c := range chunks {
		dst := x[off : off+len(c)]
		for i, b := range c {
			dst[i] = idxPixel[b]
		}
		off += len(c)
	}
	return mat.NewDense(int(n), Pixels, x), nil
}

func decodeLabels(r io.Reader, size int64, file string) ([]int, error) {
	d := idxDecoder{r: r, size: size, file: file}
	dims, err := d.header(idxLabelsMagic, "labels")
	if err != nil {
		return nil, err
	}
	if dims[0] == 0 {
		return nil, d.errorf("header claims no labels")
	}
	chunks, err := d.data(dims[0], 1, "labels")
	if err != nil {
		return nil, err
	}
	labels := make([]int, 0, dims[0])
	for _, c := range chunks {
		for _, b := range c {
			if b >= Classes {
				return nil, d.errorf("label %d at index %d is above %d", b, len(labels), Classes-1)
			}
			labels = append(labels, int(b))
		}
	}
	return labels, nil
}

// idxDecoder decodes one IDX stream, naming file in its errors.
type idxDecoder struct {
	r    io.Reader
	size int64 // bytes r holds at most, or -1 if unknown
	off  int64 // bytes read so far
	file string
}

func (d *idxDecoder) errorf(format string, args ...any) error {
	return &FormatError{File: d.file, Msg: fmt.Sprintf(format, args...)}
}

// readError wraps an error from the reader other than its end.
func (d *idxDecoder) readError(err error) error {
	if d.file == "" {
		return fmt.Errorf("nnlib: IDX: %w", err)
	}
	return fmt.Errorf("nnlib: %s: %w", d.file, err)
}

// header reads the header of an IDX stream whose magic number must be want,
// and returns its dimensions, as many as the magic number's low byte says.
func (d *idxDecoder) header(want uint32, kind string) ([]uint32, error) {
	var buf [4 + 4*3]byte // room for 3 dimensions, the most MNIST needs
	hdr := buf[:4+4*(want&0xff)]
	n, err := io.ReadFull(d.r, hdr)
	d.off += int64(n)
	if n >= 4 {
		if magic := binary.BigEndian.Uint32(hdr); magic != want {
			return nil, d.errorf("wrong magic number 0x%08x, want 0x%08x (%s)%s", magic, want, kind, magicHint(magic))
		}
	}
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, d.errorf("header ends after %d bytes, want %d (%s)", n, len(hdr), kind)
	case err != nil:
		return nil, d.readError(err)
	}
	dims := make([]uint32, want&0xff)
	for i := range dims {
		dims[i] = binary.BigEndian.Uint32(hdr[4+4*i:])
	}
	return dims, nil
}

// magicHint guesses what a stream with a wrong magic number is.
func magicHint(magic uint32) string {
	switch {
	case magic == idxImagesMagic:
		return ": an image file?"
	case magic == idxLabelsMagic:
		return ": a label file?"
	case magic>>16 == 0x1f8b:
		return ": still gzip-compressed?"
	}
	return ""
}

// idxChunk is the size of the pieces in which data is read. Memory is
// allocated a piece at a time, as data arrives, so that a header claiming
// more than the stream holds costs at most a piece more than what it does
// hold; a contiguous buffer would also need copying as it grew.
const idxChunk = 1 << 20

// data reads the n items of itemSize bytes each that the header claims,
// in pieces of idxChunk bytes, then checks that nothing follows them.
func (d *idxDecoder) data(n uint32, itemSize int, kind string) ([][]byte, error) {
	want := int64(n) * int64(itemSize) // at most 2³²·784 < 2⁴², no overflow
	if want > math.MaxInt {
		return nil, d.errorf("header claims %d %s, more than this platform can address", n, kind)
	}
	if d.size >= 0 && want > d.size-d.off {
		return nil, d.errorf("header claims %d %s (%d bytes) but only %d bytes follow the header", n, kind, want, max(d.size-d.off, 0))
	}
	var chunks [][]byte
	for read := 0; read < int(want); {
		c := make([]byte, min(int(want)-read, idxChunk))
		m, err := io.ReadFull(d.r, c)
		read += m
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			msg := fmt.Sprintf("header claims %d %s but data ends after %d %s", n, kind, read/itemSize, kind)
			if rest := read % itemSize; rest != 0 {
				msg += fmt.Sprintf(" and %d bytes", rest)
			}
			return nil, d.errorf("%s", msg)
		case err != nil:
			return nil, d.readError(err)
		}
		chunks = append(chunks, c)
	}
	// Read on to the end: that also makes gzip verify its checksum.
	var one [1]byte
	switch m, err := io.ReadFull(d.r, one[:]); {
	case m > 0:
		return nil, d.errorf("data goes on after the %d %s the header claims", n, kind)
	case err != io.EOF:
		return nil, d.readError(err)
	}
	return chunks, nil
}

// Load reads MNIST's training and test sets from dir, which holds the
// four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz, or any of them
// decompressed without the .gz. The sets hold 60000 and 10000 examples,
// each a row of 784 pixels in [0, 1] with its label in 0…9.
//
// A missing file is an error wrapping fs.ErrNotExist; Fetch gets them,
// and FetchAndLoad gets them only if missing and then calls Load.
func Load(dir string) (train, test nnlib.Dataset, err error) {
	if train, err = loadMNISTSet(dir, mnistTrainImages, mnistTrainLabels); err != nil {
		return nnlib.Dataset{}, nnlib.Dataset{}, err
	}
	if test, err = loadMNISTSet(dir, mnistTestImages, mnistTestLabels); err != nil {
		return nnlib.Dataset{}, nnlib.Dataset{}, err
	}
	return train, test, nil
}

func loadMNISTSet(dir, images, labels string) (nnlib.Dataset, error) {
	ipath, err := findMNISTFile(dir, images)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	lpath, err := findMNISTFile(dir, labels)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	x, err := ReadImages(ipath)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	y, err := ReadLabels(lpath)
	if err != nil {
		return nnlib.Dataset{}, err
	}
	if n, _ := x.Dims(); n != len(y) {
		return nnlib.Dataset{}, fmt.Errorf("nnlib: %s holds %d images but %s holds %d labels", ipath, n, lpath, len(y))
	}
	return nnlib.Dataset{X: x, Labels: y}, nil
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
		return "", fmt.Errorf("nnlib: %w", err)
	}
	raw := strings.TrimSuffix(path, ".gz")
	if _, err := os.Stat(raw); err == nil {
		return raw, nil
	}
	return "", fmt.Errorf("nnlib: %s (or %s): %w; fetch MNIST with `go run ./scripts/fetch-mnist`",
		path, filepath.Base(raw), fs.ErrNotExist)
}
