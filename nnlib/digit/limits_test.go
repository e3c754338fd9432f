package digit

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"runtime"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/inputerror"
	"gonum.org/v1/gonum/mat"
)

// TestPrepareLimits gives Prepare images in memory past MaxSide on one
// side, or past MaxPixels in all, and checks it refuses them before
// preparing them.
func TestPrepareLimits(t *testing.T) {
	t.Parallel()
	const want = ", want at most 16384 on a side and 67108864 in all; scale it down first"
	for _, tc := range []struct {
		img  image.Image
		want string
	}{
		{image.NewGray(image.Rect(0, 0, 1, MaxSide+1)), "digit: 1×16385 pixels" + want},
		{image.NewGray(image.Rect(0, 0, MaxSide+1, 2)), "digit: 16385×2 pixels" + want},
		{image.NewGray(image.Rect(0, 0, 8193, 8192)), "digit: 8193×8192 pixels" + want},
	} {
		pixels, err := Prepare(tc.img)
		if pixels != nil || err == nil || err.Error() != tc.want {
			t.Errorf("%v: %d values and error %v, want %q", tc.img.Bounds(), len(pixels), err, tc.want)
		}
	}
}

// TestPrepareFileFolder gives PrepareFile a folder.
func TestPrepareFileFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := PrepareFile(dir)
	want := "digit: " + dir + ": is a directory, want a PNG or JPEG file"
	if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Path != dir || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestFitBoxMemory checks that scaling a long thin strip of ink into the
// 20×20 box allocates about its output, not a matrix as long as the
// strip. Not parallel, to measure allocations alone.
func TestFitBoxMemory(t *testing.T) {
	for _, shape := range [][2]int{{1, MaxSide}, {MaxSide, 2}, {3000, 4000}} {
		m := mat.NewDense(shape[0], shape[1], nil)
		for i := range m.RawMatrix().Data {
			m.RawMatrix().Data[i] = 1
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		out := fitBox(m, digitBox)
		runtime.ReadMemStats(&after)
		r, c := out.Dims()
		limit := uint64(8*r*c + 64<<10) // the result, and room for the runtime's own

		if n := after.TotalAlloc - before.TotalAlloc; n > limit {
			t.Errorf("%d×%d: allocated %d bytes for a %d×%d result, want at most %d", shape[0], shape[1], n, r, c, limit)
		}
		if v := mat.Min(out); math.Abs(v-1) > 1e-12 {
			t.Errorf("%d×%d: ink everywhere becomes %v somewhere, want 1 everywhere", shape[0], shape[1], v)
		}
	}
}

// FuzzPrepare decodes and prepares any file as PrepareFile does, and
// checks that it does not panic, refuses with an *inputerror.Error an
// image outside MaxSide and MaxPixels or larger than its bytes can hold,
// and otherwise returns 784 values in [0, 1]; and that memory stays
// within a bound set by the pixels the input can hold, not those its
// header claims. Run it with
//
//	go test ./nnlib/digit -run '^$' -fuzz FuzzPrepare -fuzztime 20s
func FuzzPrepare(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		pixels, err := prepareBytes(data)
		runtime.ReadMemStats(&after)

		config, _, configErr := image.DecodeConfig(bytes.NewReader(data))
		claimed := int64(config.Width) * int64(config.Height)
		tooLarge := config.Width > MaxSide || config.Height > MaxSide || claimed > MaxPixels ||
			claimed > maxPixelsPerByte*int64(len(data))
		if configErr == nil && tooLarge && err == nil {
			t.Fatalf("a %d×%d image in %d bytes was prepared, want it refused", config.Width, config.Height, len(data))
		}
		// Decoding takes at most 8 bytes a pixel (64-bit colour), rounded
		// up to JPEG's 16×16 blocks; the grey levels 8 more.
		bound := uint64(min(claimed, maxPixelsPerByte*int64(len(data)), MaxPixels))
		limit := 4*8*bound + 64*uint64(config.Width+config.Height+16)*16 + 4<<20
		if n := after.TotalAlloc - before.TotalAlloc; n > limit {
			t.Fatalf("allocated %d bytes for a %d×%d image in %d bytes, want at most %d", n, config.Width, config.Height, len(data), limit)
		}
		if err != nil {
			if e, ok := errors.AsType[*inputerror.Error](err); !ok || e.Pkg != "digit" || e.Path != "fuzz" || e.Problem == "" {
				t.Fatalf("error %q is not an *inputerror.Error naming the input and its problem", err)
			}
			return
		}
		if len(pixels) != 28*28 {
			t.Fatalf("%d values, want 784", len(pixels))
		}
		for i, v := range pixels {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("value %d is %v, want it in [0, 1]", i, v)
			}
		}
	})
}

// prepareBytes is PrepareFile for a file holding data, named "fuzz".
func prepareBytes(data []byte) ([]float64, error) {
	img, err := decodeImage(bytes.NewReader(data), int64(len(data)), "fuzz")
	if err != nil {
		return nil, err
	}
	return preprocess(img, "fuzz")
}

// fuzzSeeds returns files to start fuzzing from: digits as PNG and JPEG,
// a long thin one, a 16-bit one, and headers claiming too much.
func fuzzSeeds(f *testing.F) [][]byte {
	encode := func(img image.Image, format string) []byte {
		var b bytes.Buffer
		var err error
		if format == "png" {
			err = png.Encode(&b, img)
		} else {
			err = jpeg.Encode(&b, img, nil)
		}
		if err != nil {
			f.Fatal(err)
		}
		return b.Bytes()
	}
	digit := render(30, 40, union(rect(5, 5, 25, 9), stroke(23, 7, 12, 36, 4)), black, white)
	strip := image.NewGray16(image.Rect(0, 0, 300, 2))
	for x := range 300 {
		strip.SetGray16(x, x%2, color.Gray16{0xffff})
	}
	return [][]byte{
		encode(digit, "png"),
		encode(digit, "jpeg"),
		encode(strip, "png"),
		withPNGSize(encode(digit, "png"), 1, MaxSide+1),
		withPNGSize(encode(digit, "png"), 8000, 8000),
		[]byte("not an image"),
	}
}
