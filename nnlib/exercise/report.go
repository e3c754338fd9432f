package exercise

import (
	"encoding/json"
	"fmt"
	"html"
	"os"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/notebook"
	"github.com/janpfeifer/gonb/gonbui"
)

// The environment variables that Record reads.
const (
	// ReportEnv names the file that Record appends one JSON line to per
	// check; unset or empty, Record writes nothing.
	ReportEnv = "NNLIB_GRADE_REPORT"
	// NotebookEnv, if set, is copied into each line's "notebook" field, so
	// that a grader running many notebooks into one file can tell them
	// apart.
	NotebookEnv = "NNLIB_GRADE_NOTEBOOK"
)

// reportLine is one line of the report.
type reportLine struct {
	Notebook string `json:"notebook,omitempty"`
	Result
}

// Record appends r to the file named by NNLIB_GRADE_REPORT as one line of
// JSON, creating the file if need be, and does nothing if the variable is
// unset. The line is written with a single append, so that lines from
// checks that run one after the other are never interleaved.
func Record(r Result) error {
	path := os.Getenv(ReportEnv)
	if path == "" {
		return nil
	}
	line, err := json.Marshal(reportLine{Notebook: os.Getenv(NotebookEnv), Result: r})
	if err != nil {
		return fmt.Errorf("exercise: %w", err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("exercise: report: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("exercise: report: %w", err)
	}
	return nil
}

// Show displays r in the running notebook cell as a small box (green for
// passed, amber for not yet, red for panicked), prints it as plain text
// when no notebook shows it, and records it (see Record); it returns r. A
// report that cannot be written is said on standard error: the box is still
// shown.
//
//	exercise.Show(exercise.CheckReLU(relu))
func Show(r Result) Result {
	if gonbui.IsNotebook {
		notebook.ShowHTML(HTML(r))
	} else {
		fmt.Println(Text(r))
	}
	if err := Record(r); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	return r
}

// Text returns r as plain text: a line with the verdict and the message,
// and one with the hint unless it passed.
func Text(r Result) string {
	s := fmt.Sprintf("%s %s: %s. %s", mark(r.Status), r.Exercise, r.Status, r.Message)
	if r.Hint != "" {
		s += "\nHint: " + r.Hint
	}
	return s
}

// boxColors gives each status its border and background colours.
var boxColors = map[Status][2]string{
	Passed:   {"#1a7f37", "#dafbe1"},
	NotYet:   {"#9a6700", "#fff8c5"},
	Panicked: {"#cf222e", "#ffebe9"},
}

// HTML returns r as the box Show displays.
func HTML(r Result) string {
	c, ok := boxColors[r.Status]
	if !ok {
		c = boxColors[NotYet]
	}
	h := fmt.Sprintf(`<div class="nnlib-exercise" data-status="%s" style="border-left: 4px solid %s; background: %s; `+
		`padding: 0.4em 0.8em; margin: 0.4em 0; border-radius: 4px;">`+
		`<b>%s %s: %s</b> — %s`,
		html.EscapeString(string(r.Status)), c[0], c[1], mark(r.Status),
		html.EscapeString(r.Exercise), html.EscapeString(string(r.Status)), html.EscapeString(r.Message))
	if r.Hint != "" {
		h += `<div style="margin-top: 0.3em;"><b>Hint:</b> ` + html.EscapeString(r.Hint) + `</div>`
	}
	return h + `</div>`
}

// mark returns the symbol that opens a result of status st.
func mark(st Status) string {
	switch st {
	case Passed:
		return "✓"
	case Panicked:
		return "✗"
	}
	return "…"
}
