// Command draw-samples draws the sample digits in data/samples/, one PNG of
// each digit 0 to 9, for trying a trained network without drawing your own:
//
//	go run ./scripts/draw-samples                  # writes data/samples/0.png … 9.png
//	go run ./scripts/predict data/samples/*.png    # with a model from scripts/train
//
// Each digit is a few pen strokes, listed in strokes below in the drawing
// pad's canvas coordinates (280×280, y down), and rendered by
// notebook.DrawDigit exactly as the pad of notebooks/08-draw-a-digit sends
// a drawing: 140×140 grey levels, black ink on white, a round pen with
// smooth edges. No MNIST image is used or copied: the samples are the
// project's own work, under its licence.
//
// The PNG files are committed. Run this again only after changing the
// strokes; its test checks that the committed files are what it draws,
// and scripts/predict's samples test that a trained network reads each
// file as the digit its name says.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/atomicfile"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/notebook"
)

// arc returns the points of an elliptic arc around (cx, cy) with radii rx
// and ry, from angle from to angle to in degrees (0 to the right, 90 down,
// since y points down), in n steps.
func arc(cx, cy, rx, ry, from, to float64, n int) []image.Point {
	points := make([]image.Point, 0, n+1)
	for i := range n + 1 {
		a := (from + (to-from)*float64(i)/float64(n)) * math.Pi / 180
		points = append(points, image.Pt(int(math.Round(cx+rx*math.Cos(a))), int(math.Round(cy+ry*math.Sin(a)))))
	}
	return points
}

// strokes holds, for each digit, its pen strokes on the pad's canvas: each
// stroke a line through its points, drawn without lifting the pen.
var strokes = [10][][]image.Point{
	0: {arc(142, 140, 62, 98, -75, 295, 40)},
	1: {{{118, 78}, {152, 42}, {146, 240}}},
	2: {append(arc(138, 100, 62, 56, 195, 360, 14), image.Pt(198, 118), image.Pt(82, 236), image.Pt(222, 232))},
	3: {append(arc(134, 94, 58, 50, 210, 450, 16)[:14], arc(134, 188, 66, 54, 270, 515, 18)...)},
	4: {{{168, 242}, {170, 40}, {58, 166}, {222, 164}}},
	5: {{{206, 46}, {98, 48}, {88, 132}}, arc(136, 176, 70, 62, 232, 505, 20)},
	6: {append([]image.Point{{186, 46}, {150, 62}, {118, 94}, {97, 138}, {88, 186}}, arc(142, 188, 54, 50, 180, -170, 26)...)},
	7: {{{58, 58}, {222, 56}, {118, 242}}},
	8: {append(arc(140, 90, 52, 46, 90, 450, 26), arc(140, 190, 64, 52, -90, 270, 26)...)},
	9: {append(arc(138, 94, 58, 52, 0, 360, 26), image.Pt(196, 96), image.Pt(184, 242))},
}

// Draw returns the picture of digit d, 0 to 9.
func Draw(d int) *image.Gray { return notebook.DrawDigit(strokes[d]...) }

// FileName is the name of digit d's file: "7.png".
func FileName(d int) string { return fmt.Sprintf("%d.png", d) }

func main() {
	dir := flag.String("dir", filepath.Join("data", "samples"), "the folder to write the PNG files to")
	flag.Parse()
	if err := run(*dir, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "draw-samples:", err)
		os.Exit(1)
	}
}

func run(dir string, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for d := range strokes {
		path := filepath.Join(dir, FileName(d))
		err := atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, Draw(d)) })
		if err != nil {
			return err
		}
		fmt.Fprintln(log, "wrote", path)
	}
	return nil
}
