package notebook

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// Progress is a live status line for a long cell, such as a training loop:
//
//	p := notebook.NewProgress()
//	for epoch := range epochs {
//		…
//		p.Update(fmt.Sprintf("epoch %d: loss <b>%.3f</b>", epoch, loss))
//	}
//	p.Done("<b>trained</b> in 42 s")
//
// In a notebook, Update rewrites one output block in place and Done
// rewrites it a last time with its argument, so a notebook saved after a
// headless run holds the final result, not the last update. Outside a
// notebook (go test, a terminal) Update prints a plain-text line at most
// once a second, and Done prints its argument.
//
// Updates closer together than Interval are dropped, so calling Update on
// every mini-batch does not flood the browser.
type Progress struct {
	// Interval is the least time between two updates shown: 100 ms in a
	// notebook, 1 s in a terminal.
	Interval time.Duration

	id       string    // gonbui's display id of the block being updated
	notebook bool      // running in a GoNB kernel
	out      io.Writer // where lines go outside a notebook
	last     time.Time // when an update was last shown
}

// NewProgress returns a Progress that shows nothing until its first Update.
func NewProgress() *Progress {
	p := &Progress{notebook: gonbui.IsNotebook, out: os.Stdout, Interval: time.Second}
	if p.notebook {
		p.id = "progress_" + gonbui.UniqueId()
		p.Interval = 100 * time.Millisecond
	}
	return p
}

// Update shows html as the current status, replacing the previous one,
// unless the previous one was shown less than Interval ago.
func (p *Progress) Update(html string) {
	now := time.Now()
	if !p.last.IsZero() && now.Sub(p.last) < p.Interval {
		return
	}
	p.last = now
	if p.notebook {
		gonbui.UpdateHTML(p.id, html)
		return
	}
	fmt.Fprintln(p.out, PlainText(html))
}

// Done removes the status line and displays finalHTML (if not empty) in
// its place.
func (p *Progress) Done(finalHTML string) {
	if p.notebook {
		switch {
		case !p.last.IsZero():
			gonbui.UpdateHTML(p.id, finalHTML) // the live block becomes the result
		case finalHTML != "":
			ShowHTML(finalHTML)
		}
		return
	}
	if finalHTML != "" {
		fmt.Fprintln(p.out, PlainText(finalHTML))
	}
}
