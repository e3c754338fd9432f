package notebook

import (
	"html"
	"regexp"

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

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// PlainText returns the text of a snippet of HTML: tags removed, entities
// such as &lt; decoded.
func PlainText(h string) string {
	return html.UnescapeString(htmlTag.ReplaceAllString(h, ""))
}
