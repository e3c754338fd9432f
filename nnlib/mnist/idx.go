package mnist

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"gonum.org/v1/gonum/mat"
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

// idxData is what errors call IDX data decoded from a reader, not a file.
const idxData = "IDX data"

// ReadImages reads an MNIST image file, gzip-compressed (recognised by its
// first bytes, 0x1f 0x8b) or not, and returns its images as the rows of an
// N×784 matrix, pixels scaled from 0…255 to [0, 1]: 0 is the background and
// 1 full ink. The file's format is described at DecodeImages. A file whose
// name ends in .gz must be gzip-compressed.
func ReadImages(path string) (*mat.Dense, error) {
	var x *mat.Dense
	err := readIDX(path, nil, func(r io.Reader, size int64) (err error) {
		x, err = decodeImages(&idxDecoder{r: r, size: size, file: path})
		return err
	})
	return x, err
}

// ReadLabels reads an MNIST label file, gzip-compressed or not, and returns
// its labels, each in 0…9. The file's format is described at DecodeLabels.
// A file whose name ends in .gz must be gzip-compressed.
func ReadLabels(path string) ([]int, error) {
	var labels []int
	err := readIDX(path, nil, func(r io.Reader, size int64) (err error) {
		labels, err = decodeLabels(&idxDecoder{r: r, size: size, file: path})
		return err
	})
	return labels, err
}

// readIDX opens path and calls decode with the file's IDX stream:
// decompressed when the file starts with gzip's magic number, in which case
// the stream's size is unknown (-1), or else the file itself and its size.
// A file named *.gz that is not gzip-compressed is an error. If sum is not
// nil, the file's bytes go through it as they are read, all of them once
// decode succeeds.
func readIDX(path string, sum hash.Hash, decode func(r io.Reader, size int64) error) error {
	f, err := os.Open(path)
	if err != nil {
		return inputerror.File("mnist", path, "cannot open", err)
	}
	defer f.Close()
	var in io.Reader = f
	if sum != nil {
		in = io.TeeReader(f, sum)
	}
	br := bufio.NewReaderSize(in, 1<<16)
	fail := func(problem, want string, err error) error {
		return &inputerror.Error{Pkg: "mnist", Path: path, Problem: problem, Want: want, Err: err}
	}
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return inputerror.File("mnist", path, "cannot read", err) // such as a folder's
	}
	var stream io.Reader = br
	size := int64(-1)
	switch {
	case len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return fail("truncated in its gzip header", "", io.ErrUnexpectedEOF)
		case errors.Is(err, gzip.ErrHeader):
			return fail("not valid gzip data", "", err)
		case err != nil:
			return fail("cannot read", "", err)
		}
		defer zr.Close()
		stream = zr
	case strings.HasSuffix(path, ".gz") && len(magic) < 2:
		return fail("truncated in its gzip header", "", io.ErrUnexpectedEOF)
	case strings.HasSuffix(path, ".gz"):
		return fail("not gzip-compressed", "gzip data, as the name's .gz says", nil)
	default:
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	if err := decode(stream, size); err != nil {
		return err
	}
	if sum != nil {
		if _, err := io.Copy(io.Discard, br); err != nil { // what gzip has left, if anything
			return fail("cannot read", "", err)
		}
	}
	return nil
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
// Errors, in the data or from r, are *inputerror.Error naming the data
// "IDX data"; data that ends before what the header claims wraps
// io.ErrUnexpectedEOF.
func DecodeImages(r io.Reader, size int64) (*mat.Dense, error) {
	return decodeImages(&idxDecoder{r: r, size: size})
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
	return decodeLabels(&idxDecoder{r: r, size: size})
}

func decodeImages(d *idxDecoder) (*mat.Dense, error) {
	dims, err := d.header(idxImagesMagic, "images")
	if err != nil {
		return nil, err
	}
	n, rows, cols := dims[0], dims[1], dims[2]
	if rows != Side || cols != Side {
		return nil, d.fail(fmt.Sprintf("images are %d×%d", rows, cols), fmt.Sprintf("%d×%d", Side, Side), nil)
	}
	if n == 0 {
		return nil, d.fail("header claims no images", "at least 1", nil) // and a mat.Dense cannot be 0×784
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

func decodeLabels(d *idxDecoder) ([]int, error) {
	dims, err := d.header(idxLabelsMagic, "labels")
	if err != nil {
		return nil, err
	}
	if dims[0] == 0 {
		return nil, d.fail("header claims no labels", "at least 1", nil)
	}
	chunks, err := d.data(dims[0], 1, "labels")
	if err != nil {
		return nil, err
	}
	labels := make([]int, 0, dims[0])
	for _, c := range chunks {
		for _, b := range c {
			if b >= Classes {
				return nil, d.fail(fmt.Sprintf("label at index %d is %d", len(labels), b), fmt.Sprintf("0…%d", Classes-1), nil)
			}
			labels = append(labels, int(b))
		}
	}
	return labels, nil
}

// idxDecoder decodes one IDX stream, naming file in its errors, or
// idxData if file is "". If set is not nil, the stream must hold as many
// items as that set of MNIST, which its header must say.
type idxDecoder struct {
	r    io.Reader
	size int64 // bytes r holds at most, or -1 if unknown
	off  int64 // bytes read so far
	file string
	set  *mnistSet
}

// fail returns the error for data that is not what MNIST's files hold:
// problem says what is wrong, want what was expected (or ""), and err is
// the cause (or nil).
func (d *idxDecoder) fail(problem, want string, err error) *inputerror.Error {
	return &inputerror.Error{Pkg: "mnist", Path: cmp.Or(d.file, idxData), Problem: problem, Want: want, Err: err}
}

// readError wraps an error from the reader other than its end.
func (d *idxDecoder) readError(err error) error {
	return d.fail("cannot read", "", err)
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
			e := d.fail(fmt.Sprintf("wrong magic number 0x%08x", magic), fmt.Sprintf("0x%08x (%s)", want, kind), nil)
			e.Hint = magicHint(magic)
			return nil, e
		}
	}
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, d.fail(fmt.Sprintf("header ends after %d bytes", n), fmt.Sprintf("%d (%s)", len(hdr), kind), io.ErrUnexpectedEOF)
	case err != nil:
		return nil, d.readError(err)
	}
	dims := make([]uint32, want&0xff)
	for i := range dims {
		dims[i] = binary.BigEndian.Uint32(hdr[4+4*i:])
	}
	if n := dims[0]; d.set != nil && int64(n) != int64(d.set.size) {
		e := d.fail(fmt.Sprintf("%d %s", n, kind), fmt.Sprintf("the %d of MNIST's %s set", d.set.size, d.set.name), nil)
		if int64(n) == int64(d.set.otherSize) {
			e.Hint = fmt.Sprintf("is it the %s set's file?", d.set.other)
		}
		return nil, e
	}
	return dims, nil
}

// magicHint guesses what a stream with a wrong magic number is.
func magicHint(magic uint32) string {
	switch {
	case magic == idxImagesMagic:
		return "is it an image file?"
	case magic == idxLabelsMagic:
		return "is it a label file?"
	case magic>>16 == 0x1f8b:
		return "is it still gzip-compressed?"
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
		return nil, d.fail(fmt.Sprintf("header claims %d %s", n, kind),
			fmt.Sprintf("at most %d, what this platform can address", math.MaxInt/itemSize), nil)
	}
	if d.size >= 0 && want > d.size-d.off {
		return nil, d.fail(fmt.Sprintf("only %d bytes follow the header", max(d.size-d.off, 0)),
			fmt.Sprintf("the %d bytes of the %d %s it claims", want, n, kind), io.ErrUnexpectedEOF)
	}
	var chunks [][]byte
	for read := 0; read < int(want); {
		c := make([]byte, min(int(want)-read, idxChunk))
		m, err := io.ReadFull(d.r, c)
		read += m
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			problem := fmt.Sprintf("data ends after %d %s", read/itemSize, kind)
			if rest := read % itemSize; rest != 0 {
				problem += fmt.Sprintf(" and %d bytes", rest)
			}
			return nil, d.fail(problem, fmt.Sprintf("the %d %s the header claims", n, kind), io.ErrUnexpectedEOF)
		case err != nil:
			return nil, d.readError(err)
		}
		chunks = append(chunks, c)
	}
	// Read on to the end: that also makes gzip verify its checksum.
	var one [1]byte
	switch m, err := io.ReadFull(d.r, one[:]); {
	case m > 0:
		return nil, d.fail(fmt.Sprintf("data goes on after the %d %s the header claims", n, kind), "nothing after them", nil)
	case err != io.EOF:
		return nil, d.readError(err)
	}
	return chunks, nil
}
