package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"github.com/gonn-lab/mnist-from-scratch/notebooks/answers"
)

// ipynb is a notebook as read from its file: every field is kept as it
// was, so that the copy that runs is the submission, except for the
// exercise cells that --solutions or --wrong fill in.
type ipynb struct {
	fields map[string]json.RawMessage
	cells  []map[string]any
}

func readNotebook(path string) (*ipynb, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb := &ipynb{}
	if err := json.Unmarshal(data, &nb.fields); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	raw, ok := nb.fields["cells"]
	if !ok {
		return nil, fmt.Errorf("not a notebook: no cells")
	}
	if err := json.Unmarshal(raw, &nb.cells); err != nil {
		return nil, fmt.Errorf("not a notebook: cells: %w", err)
	}
	return nb, nil
}

func (nb *ipynb) write(path string) error {
	cells, err := json.Marshal(nb.cells)
	if err != nil {
		return err
	}
	nb.fields["cells"] = cells
	data, err := json.MarshalIndent(nb.fields, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// source returns the text of cell i; nbformat allows a string or a list
// of lines.
func (nb *ipynb) source(i int) string { return joinText(nb.cells[i]["source"]) }

func (nb *ipynb) setSource(i int, src string) {
	lines := strings.SplitAfter(src, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	nb.cells[i]["source"] = lines
}

func (nb *ipynb) isCode(i int) bool { return nb.cells[i]["cell_type"] == "code" }

// joinText joins a multiline string field of nbformat.
func joinText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			if s, ok := s.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	case []string:
		return strings.Join(v, "")
	}
	return ""
}

// markerRE matches the line that opens an exercise cell.
var markerRE = regexp.MustCompile(`^//\s*exercise:\s*(\S+)\s*$`)

// exerciseCell is a cell that starts with the marker line.
type exerciseCell struct {
	cell int    // its index among the notebook's cells
	name string // the NAME of `// exercise: NAME`
}

// exerciseCells returns the code cells whose first non-blank line is
// `// exercise: NAME`, in order.
func exerciseCells(nb *ipynb) []exerciseCell {
	var found []exerciseCell
	for i := range nb.cells {
		if !nb.isCode(i) {
			continue
		}
		if name, ok := marker(nb.source(i)); ok {
			found = append(found, exerciseCell{i, name})
		}
	}
	return found
}

// marker returns the exercise named by src's first non-blank line.
func marker(src string) (string, bool) {
	for line := range strings.SplitSeq(src, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := markerRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			return "", false
		}
		return m[1], true
	}
	return "", false
}

// exerciseByName returns the exercise called name in the exercise table.
func exerciseByName(name string) (exercise.Exercise, bool) {
	for _, e := range exercise.Exercises() {
		if e.Name == name {
			return e, true
		}
	}
	return exercise.Exercise{}, false
}

// answerFor returns the answer that mode fills in for the exercise called
// name: its solution ("solutions"), its first typical wrong answer
// ("wrong"), or its stub (any other mode: what an untouched notebook
// holds). The answer's Mistake is what the check must recognise.
func answerFor(name, mode string) (answers.Answer, bool) {
	kind := answers.Stub
	switch mode {
	case modeSolutions:
		kind = answers.Solution
	case modeWrong:
		kind = answers.Wrong
	}
	for _, a := range answers.All() {
		if a.Exercise == name && a.Kind == kind {
			return a, true
		}
	}
	return answers.Answer{}, false
}

// fillIn replaces, in the exercise cell src (marker line first), the
// learner's function fn by the function answerSrc, keeping the marker
// line, the function's doc comment and whatever else the cell holds. When the cell is not plain Go
// (GoNB's %% or ! lines) or does not declare fn, the cell becomes the
// marker line and the answer.
func fillIn(src, fn, answerSrc string) string {
	markerLine, rest, _ := strings.Cut(strings.TrimLeft(src, "\n\t "), "\n")
	whole := markerLine + "\n" + answerSrc
	const prefix = "package p\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", prefix+rest, parser.ParseComments)
	if err != nil {
		return whole
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != fn {
			continue
		}
		// The doc comment, if any, stays: it says what to compute.
		from := fset.Position(fd.Pos()).Offset - len(prefix)
		to := fset.Position(fd.End()).Offset - len(prefix)
		out := rest[:from] + strings.TrimRight(answerSrc, "\n") + rest[to:]
		if !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		return markerLine + "\n" + out
	}
	return whole
}
