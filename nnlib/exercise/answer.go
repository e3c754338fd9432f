package exercise

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"html"
	"path/filepath"
	"strings"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/notebook"
)

// AnswerSource returns the source of the top-level function fn (say
// "reluSolution") among the Go files of dir (not its tests), renamed to
// rename (say "relu") and without its doc comment, formatted as gofmt
// would: ready to stand in a notebook cell in place of the learner's
// function. A grader uses it to fill in solutions or wrong answers from
// notebooks/answers; ShowAnswer uses it to show the model answer.
func AnswerSource(dir, fn, rename string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", fmt.Errorf("exercise: %w", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return "", fmt.Errorf("exercise: %w", err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != fn {
				continue
			}
			fd.Doc = nil
			fd.Name = ast.NewIdent(rename)
			var b bytes.Buffer
			// CommentedNode keeps the comments inside the body.
			if err := printer.Fprint(&b, fset, &printer.CommentedNode{Node: fd, Comments: f.Comments}); err != nil {
				return "", fmt.Errorf("exercise: %w", err)
			}
			return b.String() + "\n", nil
		}
	}
	return "", fmt.Errorf("exercise: no function %s in %s", fn, dir)
}

// AnswersDir returns the folder of package notebooks/answers: beside
// nnlib, in the same repository or module.
func AnswersDir() (string, error) {
	dir, err := notebook.SourceDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "notebooks", "answers"), nil
}

// ShowAnswer displays the model answer of the exercise called name, for a
// learner who is stuck: its solution in notebooks/answers, under the name
// of the learner's function. It panics if there is no such exercise or
// answer, so that a renamed one fails the notebook loudly.
func ShowAnswer(name string) {
	var fn string
	for _, e := range registry {
		if e.spec.name == name {
			fn = e.spec.fn
		}
	}
	if fn == "" {
		panic(fmt.Sprintf("exercise: ShowAnswer: no exercise called %q", name))
	}
	dir, err := AnswersDir()
	if err != nil {
		panic(err)
	}
	src, err := AnswerSource(dir, fn+"Solution", fn)
	if err != nil {
		panic(err)
	}
	notebook.ShowHTML(`<div style="margin: 0.3em 0 0.8em 0;"><div style="color: #57606a;">A model answer for ` +
		html.EscapeString(name) + `:</div><pre style="background: #f6f8fa; color: #24292f; padding: 0.6em 0.8em; ` +
		`border-radius: 6px; overflow-x: auto;"><code>` + notebook.HighlightGo(src) + `</code></pre></div>`)
}
