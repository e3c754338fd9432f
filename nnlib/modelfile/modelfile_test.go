package modelfile

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"gonum.org/v1/gonum/mat"
)

func TestModelRoundTrip(t *testing.T) {
	rng := newRNG(20)
	net := nnlib.NewNetwork([]int{7, 5, 4, 3}, rng)
	for _, l := range net.Layers {
		for j := range l.B {
			l.B[j] = rng.NormFloat64()
		}
	}
	path := filepath.Join(t.TempDir(), "net"+Extension)
	if err := Save(path, net); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Sizes(), net.Sizes()) {
		t.Fatalf("sizes %v, want %v", back.Sizes(), net.Sizes())
	}
	for i, p := range net.Params() {
		if !reflect.DeepEqual(p.Value, back.Params()[i].Value) {
			t.Errorf("%s differs after a round trip", p.Name)
		}
	}
	x := randomDense(20, 7, rng)
	if !reflect.DeepEqual(net.Predict(x), back.Predict(x)) {
		t.Error("predictions differ after a round trip")
	}
}

// resum replaces the checksum at the end of data with a correct one, so a
// test can reach the checks behind it.
func resum(data []byte) []byte {
	body := data[:len(data)-32]
	sum := sha256.Sum256(body)
	return append(append([]byte(nil), body...), sum[:]...)
}

func TestModelErrors(t *testing.T) {
	good := Marshal(nnlib.NewNetwork([]int{3, 2}, newRNG(21)))
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	for _, tc := range []struct {
		name  string
		data  []byte
		want  string // what the message must contain after "modelfile: m.nnm: "
		cause error  // what errors.Is must find, if anything
	}{
		{"empty", nil, `not a model file, want one starting with "NNLIBNET"`, nil},
		{"foreign", []byte("\x89PNG\r\n\x1a\n0000000000000000"), "not a model file", nil},
		{"header cut", good[:12], "truncated at 12 bytes, want at least the 16-byte header: unexpected EOF", io.ErrUnexpectedEOF},
		{"version", edit(func(b []byte) []byte { b[8] = 2; return resum(b) }),
			"format version 2, want 1, the version this package reads", nil},
		{"no layers", edit(func(b []byte) []byte { b[12] = 1; return b }), "1 layer widths, want 2…64", nil},
		{"widths cut", good[:18],
			"truncated at 18 bytes, want at least 24 bytes, for the header and the 2 layer widths it lists: unexpected EOF", io.ErrUnexpectedEOF},
		{"zero width", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[16:], 0); return b }),
			"layer width 0 is 0, want 1…65536", nil},
		{"huge claim", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[16:], 65536)
			binary.LittleEndian.PutUint32(b[20:], 65536)
			return b
		}), "4295032832 parameters, want at most 33554432 (modelfile.MaxParams)", nil},
		{"wide but within limits", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[16:], 65536)
			binary.LittleEndian.PutUint32(b[20:], 500)
			return b
		}), "truncated at 120 bytes, want exactly 262148056 bytes, for widths [65536 500]: unexpected EOF", io.ErrUnexpectedEOF},
		{"too many layers", edit(func(b []byte) []byte { b[12] = 65; return b }),
			"65 layer widths, want 2…64 (at most 63 layers, modelfile.MaxLayers)", nil},
		{"truncated", good[:len(good)-1], "truncated at 119 bytes, want exactly 120 bytes, for widths [3 2]", io.ErrUnexpectedEOF},
		{"extra", append(append([]byte(nil), good...), 0), "121 bytes, with extra data, want exactly 120 bytes, for widths [3 2]", nil},
		{"damaged", edit(func(b []byte) []byte { b[30] ^= 1; return b }), "checksum mismatch: the file is damaged", nil},
		{"NaN weight", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[24:], 0x7ff8000000000001)
			return resum(b)
		}), "parameter W1[0] is NaN, want a finite number", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal(tc.data, "m.nnm")
			if err == nil || !strings.HasPrefix(err.Error(), "modelfile: m.nnm: "+tc.want) {
				t.Errorf("err = %v, want it to start with %q", err, "modelfile: m.nnm: "+tc.want)
			}
			if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != "m.nnm" {
				t.Errorf("err = %v, want an *inputerror.Error naming m.nnm", err)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("err = %v, want it to wrap %v", err, tc.cause)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.nnm")
	_, err := Load(missing)
	if want := "modelfile: " + missing + ": cannot open: no such file or directory"; !errors.Is(err, fs.ErrNotExist) || err == nil || err.Error() != want {
		t.Errorf("err = %v, want fs.ErrNotExist saying %q", err, want)
	}
	cut := filepath.Join(dir, "cut.nnm")
	if err := os.WriteFile(cut, []byte(magic+"\x01"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(cut)
	if want := "modelfile: " + cut + ": truncated at 9 bytes"; !errors.Is(err, io.ErrUnexpectedEOF) || err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want io.ErrUnexpectedEOF starting %q", err, want)
	}
}

func FuzzUnmarshal(f *testing.F) {
	good := Marshal(nnlib.NewNetwork([]int{3, 4, 2}, newRNG(22)))
	f.Add(good)
	f.Add(good[:40])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := Unmarshal(data, "fuzz")
		if err != nil {
			if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != "fuzz" || e.Problem == "" ||
				!strings.HasPrefix(err.Error(), "modelfile: fuzz: ") {
				t.Errorf("error %q is not an *inputerror.Error naming the data and its problem", err)
			}
			return
		}
		again := Marshal(net)
		if string(again) != string(data) {
			t.Errorf("a file that loads does not re-encode to itself")
		}
	})
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// randomDense returns an r×c matrix of standard normal values.
func randomDense(r, c int, rng *rand.Rand) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := range m.RawMatrix().Data {
		m.RawMatrix().Data[i] = rng.NormFloat64()
	}
	return m
}
