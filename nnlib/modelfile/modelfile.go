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
)

// A model file holds a trained Network's sizes, weights and biases. Every
// number is little-endian:
//
//	offset   size   field
//	0        8      magic "NNLIBNET"
//	8        4      format version, uint32 = 1
//	12       4      n, the number of layer widths (layers + 1), uint32, 2…64
//	16       4·n    the widths, input first, uint32 each, 1…65536
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
	maxLayers  = 64
	maxWidth   = 1 << 16
	headerSize = 16
	sumSize    = sha256.Size
	// Extension is the usual file name extension of a model file.
	Extension = ".nnm"
)

// Error reports a model file that cannot be read, naming the file.
type Error struct {
	File string
	Msg  string
}

func (e *Error) Error() string { return "nnlib: model file " + e.File + ": " + e.Msg }

// Marshal encodes the network in the model file format above.
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
// name is what errors call the data, usually its file name.
func Unmarshal(data []byte, name string) (*nnlib.Network, error) {
	fail := func(format string, args ...any) (*nnlib.Network, error) {
		return nil, &Error{File: name, Msg: fmt.Sprintf(format, args...)}
	}
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return fail("not a model file: it does not start with %q", magic)
	}
	if len(data) < headerSize {
		return fail("truncated: %d bytes, shorter than the %d-byte header", len(data), headerSize)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != version {
		return fail("format version %d, but this nnlib reads version %d", v, version)
	}
	count := binary.LittleEndian.Uint32(data[12:])
	if count < 2 || count > maxLayers {
		return fail("%d layer widths, want 2…%d", count, maxLayers)
	}
	widthsEnd := headerSize + 4*int(count)
	if len(data) < widthsEnd {
		return fail("truncated: the header lists %d widths but the file ends after %d bytes", count, len(data))
	}
	sizes := make([]int, count)
	params := 0
	for i := range sizes {
		w := binary.LittleEndian.Uint32(data[headerSize+4*i:])
		if w < 1 || w > maxWidth {
			return fail("layer width %d is %d, want 1…%d", i, w, maxWidth)
		}
		sizes[i] = int(w)
		if i > 0 {
			params += sizes[i-1]*sizes[i] + sizes[i]
		}
	}
	if want := widthsEnd + 8*params + sumSize; len(data) != want {
		return fail("%d bytes, but widths %v need exactly %d (truncated or with extra data)", len(data), sizes, want)
	}
	body := data[:len(data)-sumSize]
	if sum := sha256.Sum256(body); !bytes.Equal(sum[:], data[len(body):]) {
		return fail("checksum mismatch: the file is damaged")
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
				return fail("parameter %s[%d] is %v, want a finite number", p.Name, i, v)
			}
			p.Value[i] = v
			off += 8
		}
	}
	return net, nil
}

// maxFile bounds the size of a file Load will read: far above
// any network this package trains (784→128→64→10 takes 875 kB).
const maxFile = 1 << 30

// Save writes the network to path in the model file format,
// atomically: path holds the old file or the whole new one, never a part.
func Save(path string, n *nnlib.Network) error {
	data := Marshal(n)
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Load reads a network saved by Save.
func Load(path string) (*nnlib.Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nnlib: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("nnlib: %w", err)
	}
	if info.Size() > maxFile {
		return nil, &Error{File: path, Msg: fmt.Sprintf("%d bytes, too large for a model file", info.Size())}
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("reading: %v", err)}
	}
	return Unmarshal(data, path)
}
