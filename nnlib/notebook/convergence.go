package notebook

import (
	"strings"
)

// MarkdownTable returns a GitHub-flavoured Markdown table with the same
// content as Table(headers, rows): a header row, the delimiter row, then
// one line per row, ending in a newline. A column whose cells are all
// numbers (as Table judges them, "97.5%" and "12 s" included; empty cells
// and "never" don't count against it) is aligned right. Pipes and line
// breaks in cells are escaped, so any text is safe.
//
// It is for tables that a notebook computes and a README includes, such as
// the convergence report: the notebook shows Table and writes
// MarkdownTable to a file.
func MarkdownTable(headers []string, rows [][]string) string {
	cols := len(headers)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return ""
	}
	numeric := make([]bool, cols)
	for j := range numeric {
		numeric[j] = isNumericColumn(rows, j)
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for j := range cols {
			c := ""
			if j < len(cells) {
				c = markdownCell(cells[j])
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	line(headers)
	b.WriteString("|")
	for j := range cols {
		if numeric[j] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

// isNumericColumn reports whether column j of rows holds at least one
// number and otherwise only numbers, blanks, "never" or "–".
func isNumericColumn(rows [][]string, j int) bool {
	seen := false
	for _, r := range rows {
		if j >= len(r) {
			continue
		}
		switch c := strings.TrimSpace(r[j]); {
		case c == "" || c == "never" || c == "–" || c == "-":
		case isNumber(c):
			seen = true
		default:
			return false
		}
	}
	return seen
}

// markdownCell escapes text for one cell of a Markdown table: a pipe would
// end the cell and a line break the row.
func markdownCell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", "<br>")
	s = strings.ReplaceAll(s, "\n", "<br>")
	return strings.TrimSpace(s)
}
