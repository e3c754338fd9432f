// Package modelfile saves a trained nnlib.Network to a file and loads it
// back, in a small format of its own laid out below, whose SHA-256 at the
// end catches damage anywhere.
//
// Everything read is checked before it is used. A file that cannot be
// read, or is not a model file, is reported as an *inputerror.Error, the
// shape of every error about input in this project: the file, what is
// wrong, what was expected and the cause, as in
//
//	modelfile: out/train/model.nnm: format version 2, want 1, the version this package reads
//	modelfile: out/train/model.nnm: truncated at 12 bytes, want at least the 16-byte header: unexpected EOF
//
// A missing file wraps fs.ErrNotExist, and a file that ends before what
// its header claims wraps io.ErrUnexpectedEOF.
package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
)

// A model file holds a trained Network's sizes, weights and biases. Every
// number is little-endian:
//
//	offset   size   field
//	0        8      magic "NNLIBNET"
//	8        4      format version, uint32 = 1
//	12       4      n, the number of layer widths (layers + 1), uint32, 2…64
//	16       4·n    the widths, input first, uint32 each, 1…65536, with
//	                at most MaxParams parameters in all
//	16+4n    8·P    the parameters as float64: W1 row by row (In×Out), b1,
//	                W2, b2, … where P = Σ (Inₗ·Outₗ + Outₗ)
//	end−32   32     SHA-256 of all the bytes before it
//
// The checksum catches damage anywhere; the widths fix P, so a file whose
// length is not 16 + 4n + 8P + 32 is rejected before anything is allocated
// for its parameters.
const (
	magic      = "NNLIBNET"
	version    = 1
	headerSize = 16
	sumSize    = sha256.Size
	// Extension is the usual file name extension of a model file.
	Extension = ".nnm"
)

// Marshal encodes the network in the model file format above. Unmarshal
// refuses a network outside the limits of CheckSizes, and Save does not
// write one.
func Marshal(n *nnlib.Network) []byte {
	sizes := n.Sizes()
	var buf bytes.Buffer
	buf.WriteString(magic)
	binary.Write(&buf, binary.LittleEndian, uint32(version))
	binary.Write(&buf, binary.LittleEndian, uint32(len(sizes)))
	for _, s := range sizes {
		binary.Write(&buf, binary.LittleEndian, uint32(s))
	}
	var b [8]byte
	for _, p := range n.Params() {
		for _, v := range p.Value {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			buf.Write(b[:])
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	return buf.Bytes()
}

// Unmarshal decodes a network from data in the model file format;
// name is what errors call the data, usually its file name. Errors are
// *inputerror.Error.
func Unmarshal(data []byte, name string) (*nnlib.Network, error) {
	fail := func(problem, want string, err error) (*nnlib.Network, error) {
		return nil, &inputerror.Error{Pkg: "modelfile", Path: name, Problem: problem, Want: want, Err: err}
	}
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return fail("not a model file", fmt.Sprintf("one starting with %q", magic), nil)
	}
	if len(data) < headerSize {
		return fail(fmt.Sprintf("truncated at %d bytes", len(data)),
			fmt.Sprintf("at least the %d-byte header", headerSize), io.ErrUnexpectedEOF)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != version {
		return fail(fmt.Sprintf("format version %d", v), fmt.Sprintf("%d, the version this package reads", version), nil)
	}
	count := binary.LittleEndian.Uint32(data[12:])
	if count < 2 || count > MaxLayers+1 {
		e := countError(int(count))
		return fail(e.Problem, e.Want, nil)
	}
	widthsEnd := headerSize + 4*int(count)
	if len(data) < widthsEnd {
		return fail(fmt.Sprintf("truncated at %d bytes", len(data)),
			fmt.Sprintf("at least %d bytes, for the header and the %d layer widths it lists", widthsEnd, count), io.ErrUnexpectedEOF)
	}
	sizes := make([]int, count)
	for i := range sizes {
		// At most 2³² − 1, which fits an int where Go runs: 64 bits.
		sizes[i] = int(binary.LittleEndian.Uint32(data[headerSize+4*i:]))
	}
	if err := checkSizes(sizes); err != nil {
		return fail(err.Problem, err.Want, nil)
	}
	params := numParams(sizes)
	if want := widthsEnd + 8*params + sumSize; len(data) != want {
		wantMsg := fmt.Sprintf("exactly %d bytes, for widths %v", want, sizes)
		if len(data) < want {
			return fail(fmt.Sprintf("truncated at %d bytes", len(data)), wantMsg, io.ErrUnexpectedEOF)
		}
		return fail(fmt.Sprintf("%d bytes, with extra data", len(data)), wantMsg, nil)
	}
	body := data[:len(data)-sumSize]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], data[len(body):]) {
		return fail("checksum mismatch: the file is damaged", "", nil)
	}
	net := &nnlib.Network{}
	for i := 1; i < len(sizes); i++ {
		net.Layers = append(net.Layers, nnlib.ZeroLinear(sizes[i-1], sizes[i]))
	}
	off := widthsEnd
	for _, p := range net.Params() {
		for i := range p.Value {
			v := math.Float64frombits(binary.LittleEndian.Uint64(data[off:]))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fail(fmt.Sprintf("parameter %s[%d] is %v", p.Name, i, v), "a finite number", nil)
			}
			p.Value[i] = v
			off += 8
		}
	}
	return net, nil
}

// maxFile is the size of the largest model file: MaxLayers layers of
// MaxParams parameters in all (784→128→64→10 takes 875 kB).
const maxFile = headerSize + 4*(MaxLayers+1) + 8*MaxParams + sumSize

// Save writes the network to path in the model file format,
// atomically: path holds the old file or the whole new one, never a part.
// It writes nothing for a network outside the limits of CheckSizes, which
// Load would refuse.
func Save(path string, n *nnlib.Network) error {
	if err := CheckSizes(n.Sizes()); err != nil {
		return fmt.Errorf("modelfile: cannot save %s: the network has %w", path, err)
	}
	data := Marshal(n)
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Load reads a network saved by Save. Errors are *inputerror.Error, one
// for a missing file wrapping fs.ErrNotExist.
func Load(path string) (*nnlib.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputerror.File("modelfile", path, "cannot open", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, inputerror.File("modelfile", path, "cannot read", err)
	}
	if info.Size() > maxFile {
		return nil, &inputerror.Error{Pkg: "modelfile", Path: path, Problem: fmt.Sprintf("%d bytes, too large for a model file", info.Size()),
			Want: fmt.Sprintf("at most %d", maxFile)}
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, inputerror.File("modelfile", path, "cannot read", err)
	}
	return Unmarshal(data, path)
}
