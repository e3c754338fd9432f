package notebook

import (
	"fmt"
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

// lum is the brightness of a #rrggbb colour, 0…765.
func lum(hex string) int {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return r + g + b
}

func TestTable(t *testing.T) {
	t.Parallel()
	h := Table([]string{"model", "accuracy"}, [][]string{{"a<b", "97.5%"}, {"c", "0.5"}})
	for _, want := range []string{
		`<th style="text-align: left;`, ">model</th>",
		`<td style="text-align: left; padding: 0.15em 0.7em; border-bottom: 1px solid #d0d7de;">a&lt;b</td>`,
		`<td style="text-align: right; padding: 0.15em 0.7em; border-bottom: 1px solid #d0d7de;">97.5%</td>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("Table has no %s\nin %s", want, h)
		}
	}
	if strings.Contains(Table(nil, [][]string{{"x"}}), "<thead>") {
		t.Error("Table(nil, …) has a header")
	}
	for s, want := range map[string]bool{"1": true, "-3e-5": true, "12 ms": true, "1.5 s": true, "97.5%": true, "3×": true,
		"": false, "s": false, "abc": false, "1 2": false, "NaN%": true} {
		if got := isNumber(s); got != want {
			t.Errorf("isNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMarkdownTable(t *testing.T) {
	t.Parallel()
	got := MarkdownTable(
		[]string{"method", "epochs to 90%", "final accuracy", "claim"},
		[][]string{
			{"batch GD", "never", "87.1%", "not converged | slow"},
			{"mini-batch GD", "1", "97.9%", "over 90%\nin 20–30 epochs"},
		})
	want := "| method | epochs to 90% | final accuracy | claim |\n" +
		"| --- | ---: | ---: | --- |\n" +
		"| batch GD | never | 87.1% | not converged \\| slow |\n" +
		"| mini-batch GD | 1 | 97.9% | over 90%<br>in 20–30 epochs |\n"
	if got != want {
		t.Errorf("MarkdownTable:\n got %q\nwant %q", got, want)
	}
}

func TestMarkdownTableShapes(t *testing.T) {
	t.Parallel()
	if got := MarkdownTable(nil, nil); got != "" {
		t.Errorf("MarkdownTable(nil, nil) = %q, want empty", got)
	}
	// Short rows are padded; a column of blanks and "never" only is text.
	got := MarkdownTable([]string{"a", "b"}, [][]string{{"x"}, {"y", "never"}, {"z", "3 s", "extra"}})
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 5:\n%s", len(lines), got)
	}
	for i, l := range lines {
		if n := strings.Count(l, "|"); n != 4 {
			t.Errorf("line %d %q has %d pipes, want 4 (3 columns)", i, l, n)
		}
	}
	if lines[1] != "| --- | ---: | --- |" {
		t.Errorf("delimiter row %q", lines[1])
	}
	if MarkdownTable([]string{"n"}, [][]string{{"never"}, {""}}) != "| n |\n| --- |\n| never |\n|  |\n" {
		t.Errorf("a column without numbers is aligned right")
	}
}
