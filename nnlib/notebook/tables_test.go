package notebook

import (
	"bytes"
	"fmt"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestConfusionMatrixHTML(t *testing.T) {
	t.Parallel()
	counts := [][]int{
		{8, 2, 0},
		{0, 10, 0},
		{1, 4, 5},
	}
	h, err := ConfusionMatrixHTML(counts, []string{"a", "b", "<c>"})
	if err != nil {
		t.Fatal(err)
	}
	cells := regexp.MustCompile(`<td style="[^"]*background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6});">(\d+)</td>`).
		FindAllStringSubmatch(h, -1)
	if len(cells) != 9 {
		t.Fatalf("%d count cells, want 9, in %s", len(cells), h)
	}
	bg := func(i, j int) string { return cells[3*i+j][1] }
	for i, row := range counts {
		for j, c := range row {
			if got := cells[3*i+j][3]; got != strconv.Itoa(c) {
				t.Errorf("cell (%d, %d) shows %s, want %d", i, j, got, c)
			}
		}
	}
	if bg(0, 2) != "#ffffff" {
		t.Errorf("a zero is shaded %s, want white", bg(0, 2))
	}
	// The largest confusion (4) is full red, as is a fully right row's diagonal blue.
	if bg(2, 1) != "#b2182b" {
		t.Errorf("largest off-diagonal count shaded %s, want #b2182b", bg(2, 1))
	}
	if bg(1, 1) != "#2166ac" {
		t.Errorf("a row all right has its diagonal shaded %s, want #2166ac", bg(1, 1))
	}
	// Deeper means darker: 4 errors darker than 1, 100% right darker than 50%.
	if !(lum(bg(2, 1)) < lum(bg(2, 0)) && lum(bg(1, 1)) < lum(bg(2, 2))) {
		t.Errorf("shading is not monotone: %s", h)
	}
	if !strings.Contains(h, "&lt;c&gt;") {
		t.Errorf("labels are not escaped: %s", h)
	}
	// Default labels are the class numbers.
	h, _ = ConfusionMatrixHTML([][]int{{1, 0}, {0, 1}}, nil)
	if !strings.Contains(PlainText(h), "predicted01") {
		t.Errorf("default labels missing: %q", PlainText(h))
	}
}

func TestConfusionMatrixHTMLErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		counts [][]int
		labels []string
		want   string
	}{
		{nil, nil, "no classes"},
		{[][]int{{1, 2}, {3}}, nil, "row 1 has 1 counts, want 2"},
		{[][]int{{1, -2}, {3, 4}}, nil, "counts[0][1] = -2"},
		{[][]int{{1}}, []string{"a", "b"}, "2 labels for 1 classes"},
	} {
		_, err := ConfusionMatrixHTML(tt.counts, tt.labels)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ConfusionMatrixHTML(%v, %v) error %v, want one with %q", tt.counts, tt.labels, err, tt.want)
		}
	}
}

func TestBarChartPNG(t *testing.T) {
	t.Parallel()
	c := BarChart{Title: "errors", YLabel: "%", Categories: []string{"0", "1", "2"},
		Series: []BarSeries{{"missed", []float64{1, 2, 3}}, {"wrongly claimed", []float64{0.5, 0, 4}}}}
	data, err := c.PNG(300, 200)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 400 { // 144 dpi: 2 pixels a point
		t.Errorf("chart is %v, want 600×400 pixels", b)
	}
	for _, bad := range []BarChart{
		{Categories: []string{"0"}},
		{Series: []BarSeries{{"s", nil}}},
		{Categories: []string{"0", "1"}, Series: []BarSeries{{"s", []float64{1}}}},
	} {
		if _, err := bad.PNG(100, 100); err == nil {
			t.Errorf("BarChart%+v.PNG: no error", bad)
		}
	}
}

// lum is the brightness of a #rrggbb colour, 0…765.
func lum(hex string) int {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return r + g + b
}
