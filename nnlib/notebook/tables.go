package notebook

import (
	"fmt"
	"html"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// ShowTable displays Table(headers, rows).
func ShowTable(headers []string, rows [][]string) { ShowHTML(Table(headers, rows)) }

// Table returns an HTML table with a header row (none if headers is nil)
// and one row per element of rows. Cells are plain text, escaped for HTML
// (so a cell may hold "a < b"). Cells that hold a number, such as "0.97",
// "-3e-5", "12 ms" or "97.5%", are aligned right so that columns of
// numbers line up.
func Table(headers []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse: collapse; margin: 0.3em 0;">`)
	cell := func(tag, text string) {
		align := "left"
		if isNumber(text) {
			align = "right"
		}
		b.WriteString("<" + tag + ` style="text-align: ` + align +
			`; padding: 0.15em 0.7em; border-bottom: 1px solid #d0d7de;">`)
		b.WriteString(html.EscapeString(text))
		b.WriteString("</" + tag + ">")
	}
	if headers != nil {
		b.WriteString("<thead><tr>")
		for _, h := range headers {
			cell("th", h)
		}
		b.WriteString("</tr></thead>")
	}
	b.WriteString("<tbody>")
	for _, row := range rows {
		b.WriteString("<tr>")
		for _, c := range row {
			cell("td", c)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// isNumber reports whether s is a number, possibly with a trailing % or
// " s"/"ms" unit as in timing tables.
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	for _, unit := range []string{"%", " ms", " s", "ms", "s", "×"} {
		if t, ok := strings.CutSuffix(s, unit); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

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

// ShowConfusionMatrix displays ConfusionMatrixHTML(counts, labels), and
// panics if counts is not a valid confusion matrix.
func ShowConfusionMatrix(counts [][]int, labels []string) {
	h, err := ConfusionMatrixHTML(counts, labels)
	if err != nil {
		panic(err)
	}
	ShowHTML(h)
}

// ConfusionMatrixHTML returns a confusion matrix as a shaded HTML table:
// counts[i][j] is the number of examples of true class i that were
// predicted as class j, so row i holds what became of class i and the
// diagonal holds the correct predictions. labels names the classes; nil
// means 0, 1, 2, ….
//
// The shading makes the two kinds of cell readable at a glance: a diagonal
// cell is blue, as deep as the fraction of its row that was right; an
// off-diagonal cell is red, as deep as its count against the largest
// off-diagonal count, so the most frequent confusion stands out whatever
// its size. Zeros are left white.
//
// It returns an error unless counts is square, non-empty, with no negative
// count, and labels (if given) has one name per class.
func ConfusionMatrixHTML(counts [][]int, labels []string) (string, error) {
	n := len(counts)
	if n == 0 {
		return "", fmt.Errorf("notebook: ConfusionMatrixHTML: no classes")
	}
	maxOff := 0
	for i, row := range counts {
		if len(row) != n {
			return "", fmt.Errorf("notebook: ConfusionMatrixHTML: row %d has %d counts, want %d", i, len(row), n)
		}
		for j, c := range row {
			if c < 0 {
				return "", fmt.Errorf("notebook: ConfusionMatrixHTML: counts[%d][%d] = %d, want ≥ 0", i, j, c)
			}
			if i != j {
				maxOff = max(maxOff, c)
			}
		}
	}
	if labels == nil {
		for i := range n {
			labels = append(labels, strconv.Itoa(i))
		}
	}
	if len(labels) != n {
		return "", fmt.Errorf("notebook: ConfusionMatrixHTML: %d labels for %d classes", len(labels), n)
	}

	const cellStyle = "text-align: right; padding: 0.2em 0.55em; border: 1px solid #e1e4e8; min-width: 2.6em;"
	const headStyle = "text-align: center; padding: 0.2em 0.55em; font-weight: bold; color: #24292f; background: #f6f8fa; border: 1px solid #e1e4e8;"
	var b strings.Builder
	b.WriteString(`<table style="border-collapse: collapse; margin: 0.3em 0; font-variant-numeric: tabular-nums;">`)
	fmt.Fprintf(&b, `<thead><tr><th style="%s" rowspan="2">true</th><th style="%s" colspan="%d">predicted</th></tr><tr>`,
		headStyle, headStyle, n)
	for _, l := range labels {
		fmt.Fprintf(&b, `<th style="%s">%s</th>`, headStyle, html.EscapeString(l))
	}
	b.WriteString("</tr></thead><tbody>")
	for i, row := range counts {
		total := 0
		for _, c := range row {
			total += c
		}
		fmt.Fprintf(&b, `<tr><th style="%s">%s</th>`, headStyle, html.EscapeString(labels[i]))
		for j, c := range row {
			var bg, fg string
			switch {
			case c == 0:
				bg, fg = "#ffffff", "#8c959f"
			case i == j:
				bg, fg = shade(divNegative, float64(c)/float64(total))
			default:
				bg, fg = shade(divPositive, float64(c)/float64(maxOff))
			}
			fmt.Fprintf(&b, `<td style="%s background: %s; color: %s;">%d</td>`, cellStyle, bg, fg, c)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String(), nil
}

// shade returns the CSS background colour t of the way from white to full
// (t in [0, 1]; blue or red, as the ends of Diverging) and a text colour
// that reads on it.
func shade(full color.RGBA, t float64) (bg, fg string) {
	t = math.Max(0, math.Min(1, t))
	if math.IsNaN(t) {
		t = 0
	}
	// A floor, so that the least nonzero cell is still tinted.
	t = 0.12 + 0.88*t
	c := tint(full, t)
	fg = "#24292f"
	if t > 0.55 {
		fg = "#ffffff"
	}
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B), fg
}
