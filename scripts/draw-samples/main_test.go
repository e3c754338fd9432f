package main

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedSamples checks that the PNG files in data/samples/ are the
// pictures this program draws: the committed samples are what the strokes
// say. After changing the strokes, run go run ./scripts/draw-samples.
func TestCommittedSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "data", "samples")
	for d := range strokes {
		path := filepath.Join(dir, FileName(d))
		got, err := readGray(path)
		if err != nil {
			t.Errorf("%v (run go run ./scripts/draw-samples)", err)
			continue
		}
		want := Draw(d)
		if !got.Rect.Eq(want.Rect) {
			t.Errorf("%s is %v, want %v: run go run ./scripts/draw-samples", path, got.Rect, want.Rect)
			continue
		}
		differ := 0
		for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
			for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
				if got.GrayAt(x, y) != want.GrayAt(x, y) {
					differ++
				}
			}
		}
		if differ > 0 {
			t.Errorf("%s: %d pixels differ from what the strokes draw: run go run ./scripts/draw-samples", path, differ)
		}
	}
	// No stray files: the samples are exactly the ten digits.
	names, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(strokes) {
		t.Errorf("%s holds %d PNG files, want %d: %v", dir, len(names), len(strokes), names)
	}
}

// readGray decodes the PNG file at path, which must be 8-bit grey.
func readGray(path string) (*image.Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g, ok := img.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("%s: a %T, want 8-bit grey", path, img)
	}
	return g, nil
}

// TestRunWritesEveryDigit checks that run writes ten pictures of dark ink
// on white paper, with a plausible amount of ink.
func TestRunWritesEveryDigit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "samples")
	if err := run(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	for d := range 10 {
		g, err := readGray(filepath.Join(dir, FileName(d)))
		if err != nil {
			t.Fatal(err)
		}
		// Ink on white: some black, mostly white.
		ink := 0
		for _, v := range g.Pix {
			if v < 128 {
				ink++
			}
		}
		if frac := float64(ink) / float64(len(g.Pix)); frac < 0.03 || frac > 0.3 {
			t.Errorf("digit %d: %.1f%% of the pixels are ink, want 3%% to 30%%", d, 100*frac)
		}
	}
}
