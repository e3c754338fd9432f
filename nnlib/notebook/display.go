package notebook

import (
	"html"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
)

// Every Show function waits until GoNB has received what it displays
// (gonbui.Sync): GoNB ends a cell when its program exits, and output still
// in the pipe then would be lost.

// ShowHTML displays HTML as the output of the running cell.
func ShowHTML(h string) {
	gonbui.DisplayHTML(h)
	gonbui.Sync()
}

// ShowMarkdown displays Markdown as the output of the running cell; LaTeX
// between $…$ (inline) or $$…$$ (display) is typeset.
func ShowMarkdown(md string) {
	gonbui.DisplayMarkdown(md)
	gonbui.Sync()
}

// ShowPNG displays a PNG image, given as the bytes of the file, for example
// a gonum/plot plot written with p.WriterTo(w, h, "png").
func ShowPNG(png []byte) {
	gonbui.DisplayPng(png)
	gonbui.Sync()
}

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
