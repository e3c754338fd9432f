// Package chartstest checks drawn charts against golden images, for the
// tests of nnlib/charts and nnlib/notebook. It follows gonum/plot's
// cmpimg.CheckPlot: the golden image of a test is testdata/NAME_golden.png,
// beside the test, and `go test -regen` writes the golden images anew from
// the current drawings, to be looked at before they are committed.
//
// It is a copy of that pattern rather than a use of cmpimg, because cmpimg
// also compares PDF files and so needs a module (rsc.io/pdf) that nothing
// else here does. Like cmpimg.CheckPlot, it compares pixels exactly. The
// charts use gonum/plot's own fonts (Liberation, built into the binary),
// not the machine's, so the drawing is the same from run to run and from
// machine to machine on one CPU architecture; another one (arm64 fuses
// multiply-adds) may shade a few edge pixels differently.
package chartstest

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// Regen is the -regen flag of the tests that import this package: with it,
// CheckPNG writes each drawing as the golden image instead of comparing.
var Regen = flag.Bool("regen", false, "write the golden images of the chart tests from the current drawings")

// CheckPNG compares got, a PNG file, pixel for pixel with the golden image
// testdata/NAME_golden.png, and fails t if they differ in size or in any
// pixel; it then writes got to testdata/NAME.png, for a look. With -regen
// it writes got as the golden image instead.
func CheckPNG(t testing.TB, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+"_golden.png")
	if *Regen {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", golden)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -regen writes it)", err)
	}
	if msg := compare(got, want); msg != "" {
		drawn := filepath.Join("testdata", name+".png")
		if err := os.WriteFile(drawn, got, 0o644); err != nil {
			t.Error(err)
		}
		t.Errorf("%s differs from %s: %s", drawn, golden, msg)
	}
}

// compare returns "" if the PNG files a and b hold the same pixels, else
// what differs.
func compare(a, b []byte) string {
	imgA, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return "the drawing is not a PNG: " + err.Error()
	}
	imgB, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "the golden image is not a PNG: " + err.Error()
	}
	if imgA.Bounds() != imgB.Bounds() {
		return fmt.Sprintf("size %v, golden %v", imgA.Bounds().Size(), imgB.Bounds().Size())
	}
	n, where := 0, image.Rectangle{}
	r := imgA.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ra, ga, ba, aa := imgA.At(x, y).RGBA()
			rb, gb, bb, ab := imgB.At(x, y).RGBA()
			if ra != rb || ga != gb || ba != bb || aa != ab {
				n++
				where = where.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if n > 0 {
		return fmt.Sprintf("%d of %d pixels differ, within %v", n, r.Dx()*r.Dy(), where)
	}
	return ""
}
