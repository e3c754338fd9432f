package notebook

import (
	"strings"
	"testing"
)

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
