package modelfile

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
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
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a model file"},
		{"foreign", []byte("\x89PNG\r\n\x1a\n0000000000000000"), "not a model file"},
		{"header cut", good[:12], "truncated"},
		{"version", edit(func(b []byte) []byte { b[8] = 2; return resum(b) }), "format version 2"},
		{"no layers", edit(func(b []byte) []byte { b[12] = 1; return b }), "1 layer widths, want 2…64"},
		{"widths cut", good[:18], "truncated: the header lists 2 widths"},
		{"zero width", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[16:], 0); return b }), "layer width 0 is 0"},
		{"huge claim", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[16:], 65536)
			binary.LittleEndian.PutUint32(b[20:], 65536)
			return b
		}), "need exactly"},
		{"truncated", good[:len(good)-1], "need exactly"},
		{"extra", append(append([]byte(nil), good...), 0), "need exactly"},
		{"damaged", edit(func(b []byte) []byte { b[30] ^= 1; return b }), "checksum mismatch"},
		{"NaN weight", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[24:], 0x7ff8000000000001)
			return resum(b)
		}), "W1[0] is NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal(tc.data, "m.nnm")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "m.nnm") {
				t.Errorf("err = %v, want it to name m.nnm and say %q", err, tc.want)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.nnm"))
	if err == nil || !strings.Contains(err.Error(), "none.nnm") || !os.IsNotExist(unwrapAll(err)) {
		t.Errorf("err = %v", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
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
