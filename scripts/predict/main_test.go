package main

import (
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// saveModel writes an untrained network of the given sizes into dir and
// returns its path.
func saveModel(t *testing.T, dir string, sizes ...int) string {
	t.Helper()
	path := filepath.Join(dir, "model"+modelfile.Extension)
	if err := modelfile.Save(path, nnlib.NewNetwork(sizes, rand.New(rand.NewPCG(1, 1)))); err != nil {
		t.Fatal(err)
	}
	return path
}

// saveDigit writes a w×h PNG of a black bar, a "1", on white into dir.
func saveDigit(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetGray(x, y, color.Gray{255})
			if x >= w*2/5 && x < w*3/5 && y >= h/8 && y < h*7/8 {
				img.SetGray(x, y, color.Gray{0})
			}
		}
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(name, ".gif") {
		err = gif.Encode(f, img, nil)
	} else {
		err = png.Encode(f, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// predictionLine matches one line of output: the file, then three classes
// with their probabilities.
var predictionLine = regexp.MustCompile(`^(.+): (\d) \((\d+\.\d)%\), (\d) \((\d+\.\d)%\), (\d) \((\d+\.\d)%\)$`)

// checkPrediction fails t unless line gives three different classes for
// file, their probabilities in decreasing order.
func checkPrediction(t *testing.T, line, file string) {
	t.Helper()
	m := predictionLine.FindStringSubmatch(line)
	if m == nil || m[1] != file {
		t.Errorf("line %q, want %q followed by three classes with probabilities", line, file+": …")
		return
	}
	if m[2] == m[4] || m[2] == m[6] || m[4] == m[6] {
		t.Errorf("line %q repeats a class", line)
	}
	p1, _ := strconv.ParseFloat(m[3], 64)
	p2, _ := strconv.ParseFloat(m[5], 64)
	p3, _ := strconv.ParseFloat(m[7], 64)
	if p1 < p2 || p2 < p3 || p1+p2+p3 > 100.2 {
		t.Errorf("line %q: probabilities %v, %v, %v, want decreasing and summing to at most 100%%", line, p1, p2, p3)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := saveModel(t, dir, nnlib.DefaultSizes...)
	a := saveDigit(t, dir, "a.png", 200, 300)
	b := saveDigit(t, dir, "b.png", 30, 40)
	for _, tc := range []struct {
		name string
		args []string
		show bool
	}{
		{"flags first", []string{"-model", model, a, b}, false},
		{"flags last", []string{a, b, "-model", model}, false},
		{"-show", []string{"-show", "-model", model, a, b}, true},
	} {
		var out strings.Builder
		if err := run(tc.args, &out); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		perImage := 1
		if tc.show {
			perImage = 1 + 28 + 2 // the prediction, the rows, the frame
		}
		if len(lines) != 2*perImage {
			t.Errorf("%s: %d lines, want %d:\n%s", tc.name, len(lines), 2*perImage, out.String())
			continue
		}
		checkPrediction(t, lines[0], a)
		checkPrediction(t, lines[perImage], b)
		if tc.show {
			art := strings.Join(lines[1:perImage], "\n")
			if !strings.Contains(art, "@@") || len(lines[2]) != 2*28+2 {
				t.Errorf("%s: the drawing of %s is\n%s\nwant 28 rows of 56 characters in a frame, with full ink", tc.name, a, art)
			}
		}
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := saveModel(t, dir, nnlib.DefaultSizes...)
	img := saveDigit(t, dir, "digit.png", 20, 30)
	garbage := filepath.Join(dir, "garbage.nnm")
	if err := os.WriteFile(garbage, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.png")
	for _, tc := range []struct {
		name   string
		args   []string
		want   []string // what the message must contain
		lines  int      // its number of lines, if more than 1
		usage  bool     // a usageError, exit status 2
		output string   // what the output must contain, if anything
	}{
		{"no images", []string{"-model", good}, []string{"no images: give one or more PNG or JPEG files"}, 0, true, ""},
		{"empty -model", []string{"-model", "", img}, []string{"-model is empty"}, 0, true, ""},
		{"-model without a value", []string{img, "-model"}, []string{"flag needs an argument: -model"}, 0, true, ""},
		{"unknown flag", []string{"-top", "5", img}, []string{"flag provided but not defined: -top"}, 0, true, ""},
		{"model missing", []string{"-model", filepath.Join(dir, "nope.nnm"), img},
			[]string{"modelfile: " + filepath.Join(dir, "nope.nnm") + ": cannot open: no such file or directory; " +
				"train a model with `go run ./scripts/train`, or name one with -model"}, 0, false, ""},
		{"model garbage", []string{"-model", garbage, img},
			[]string{"modelfile: " + garbage + `: not a model file, want one starting with "NNLIBNET"`}, 0, false, ""},
		{"model with 100 inputs", []string{"-model", saveModel(t, t.TempDir(), 100, 10), img},
			[]string{"takes 100 inputs, want 784"}, 0, false, ""},
		{"model with 5 classes", []string{"-model", saveModel(t, t.TempDir(), 784, 5), img},
			[]string{"gives 5 classes, want 10"}, 0, false, ""},
		{"image missing", []string{"-model", good, missing, img},
			[]string{"digit: " + missing + ": cannot open: no such file or directory"}, 0, false, img + ": "},
		{"GIF", []string{"-model", good, saveDigit(t, dir, "cat.gif", 20, 30)},
			[]string{"digit: " + filepath.Join(dir, "cat.gif") + ": a GIF image, want PNG or JPEG"}, 0, false, ""},
		{"folder", []string{"-model", good, dir},
			[]string{"digit: " + dir + ": is a directory, want a PNG or JPEG file"}, 0, false, ""},
		{"long and thin", []string{"-model", good, saveDigit(t, dir, "long.png", 2, 20000)},
			[]string{"digit: " + filepath.Join(dir, "long.png") + ": 2×20000 pixels, want at most 16384 on a side and 67108864 in all; scale it down first"}, 0, false, ""},
		{"two bad images", []string{"-model", good, missing, garbage},
			[]string{"digit: " + missing + ": cannot open: no such file or directory\n" +
				"digit: " + garbage + ": unknown image format, want PNG or JPEG"}, 2, false, ""},
	} {
		var out strings.Builder
		err := run(tc.args, &out)
		if err == nil {
			t.Errorf("%s: no error, want one containing %q", tc.name, tc.want)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q, want it to contain %q", tc.name, err, want)
			}
		}
		if n, want := strings.Count(err.Error(), "\n")+1, max(tc.lines, 1); n != want {
			t.Errorf("%s: error of %d lines, want %d, one per problem", tc.name, n, want)
		}
		var usage usageError
		if errors.As(err, &usage) != tc.usage {
			t.Errorf("%s: usage error %t, want %t", tc.name, !tc.usage, tc.usage)
		}
		if !strings.Contains(out.String(), tc.output) {
			t.Errorf("%s: output %q, want it to contain %q", tc.name, out.String(), tc.output)
		}
	}
}

// TestRunDefaultModel runs the command where there is no model at the
// default path, and checks the error says how to make one.
func TestRunDefaultModel(t *testing.T) {
	t.Chdir(t.TempDir())
	err := run([]string{"digit.png"}, &strings.Builder{})
	want := "modelfile: " + filepath.Join("out", "train", "latest", "model.nnm") + ": cannot open: no such file or directory; " +
		"train a model with `go run ./scripts/train`, or name one with -model"
	if err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestRunLatestModel lays out two runs as scripts/train does, latest
// linking to the second, and checks that predict reads the second's model
// by default. Not parallel: it changes the working directory.
func TestRunLatestModel(t *testing.T) {
	t.Chdir(t.TempDir())
	runs := filepath.Join("out", "train")
	for _, run := range []string{"20261128-120000", "20261128-130000"} {
		if err := os.MkdirAll(filepath.Join(runs, run), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	saveModel(t, filepath.Join(runs, "20261128-120000"), 784, 5) // refused, if read
	saveModel(t, filepath.Join(runs, "20261128-130000"), nnlib.DefaultSizes...)
	if err := os.Symlink("20261128-130000", filepath.Join(runs, "latest")); err != nil {
		t.Fatal(err)
	}
	img := saveDigit(t, ".", "digit.png", 20, 30)
	var out strings.Builder
	if err := run([]string{img}, &out); err != nil {
		t.Fatal(err)
	}
	checkPrediction(t, strings.TrimSuffix(out.String(), "\n"), img)
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if err := run([]string{"-help"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"usage:", "-model", "-show"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-help prints %q, want it to contain %q", out.String(), want)
		}
	}
}
