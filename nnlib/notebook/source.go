package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// nnlibImportPath is the package whose source ShowSource shows.
const nnlibImportPath = "github.com/gonn-lab/mnist-from-scratch/nnlib"

// ShowSource displays the source of the named declarations of package
// nnlib, doc comments included, as highlighted HTML, one block per name.
// A name is a function ("Softmax"), a method ("Linear.Forward"), a type
// ("Dataset"), a constant or a variable. A name in one of the packages
// beside the core, in nnlib's sub-folders, starts with that package's
// name: "mnist.Load", "digit.Prepare".
//
// The notebooks use it to show the code they explain, read from nnlib's
// files at run time, so text and code can't drift apart. ShowSource panics
// if a name is not found: a renamed function then fails the notebook
// (and scripts/test) loudly, instead of showing nothing.
func ShowSource(names ...string) {
	dir, err := SourceDir()
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		pkgDir, decl := dir, name
		if pkg, rest, ok := strings.Cut(name, "."); ok && isPackageDir(filepath.Join(dir, pkg), pkg) {
			pkgDir, decl = filepath.Join(dir, pkg), rest
		}
		h, err := SourceHTML(pkgDir, decl)
		if err != nil {
			panic(err)
		}
		ShowHTML(h)
	}
}

var sourceDir struct {
	once sync.Once
	dir  string
	err  error
}

// SourceDir returns the folder holding nnlib's source files. It looks next
// to this package's own source first (nnlib/notebook is inside nnlib), which
// is where the compiler found it, and asks `go list` if that folder is gone
// (a binary built with -trimpath, or moved elsewhere).
func SourceDir() (string, error) {
	sourceDir.once.Do(func() {
		if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
			dir := filepath.Dir(filepath.Dir(file))
			if isPackageDir(dir, "nnlib") {
				sourceDir.dir = dir
				return
			}
		}
		out, err := exec.Command("go", "list", "-f", "{{.Dir}}", nnlibImportPath).Output()
		if err != nil {
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(exitErr.Stderr))
			}
			sourceDir.err = fmt.Errorf("notebook: can't find the source of %s: go list: %w", nnlibImportPath, err)
			return
		}
		sourceDir.dir = strings.TrimSpace(string(out))
	})
	return sourceDir.dir, sourceDir.err
}

// isPackageDir reports whether dir holds a Go file of package pkg.
func isPackageDir(dir, pkg string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		if err == nil && parsed.Name.Name == pkg {
			return true
		}
	}
	return false
}

// A snippet is the source text of one declaration.
type snippet struct {
	file string // file name, relative to the package folder
	line int    // line of the first line of text (its doc comment)
	text string
}

// SourceHTML returns the source of the declaration called name in the Go
// package in dir, with its doc comment, as highlighted HTML: a caption
// with the file and line, then a <pre> block. Names are as in ShowSource.
// Test files, and files excluded by build constraints, are skipped.
// If name is not declared, the error lists the names that are.
func SourceHTML(dir, name string) (string, error) {
	s, err := findSource(dir, name)
	if err != nil {
		return "", err
	}
	caption := fmt.Sprintf("%s/%s, line %d", filepath.Base(dir), s.file, s.line)
	return codeHTML(caption, HighlightGo(s.text)), nil
}

// codeHTML returns a block of code, given as HTML, under a caption in
// plain text.
func codeHTML(caption, code string) string {
	return fmt.Sprintf(`<div style="margin: 0.3em 0 0.8em 0;">`+
		`<div style="font-size: 85%%; color: #57606a; margin-bottom: 0.2em;">%s</div>`+
		`<pre style="%s"><code>%s</code></pre></div>`, html.EscapeString(caption), preStyle, code)
}

// preStyle gives the code block its own colours, so that it reads the same
// in light and dark themes.
const preStyle = "background: #f6f8fa; color: #24292f; padding: 0.6em 0.8em; " +
	"border-radius: 4px; line-height: 1.35; tab-size: 4; -moz-tab-size: 4; " +
	"overflow-x: auto; font-size: 90%;"

// findSource parses the package in dir and returns the text of the
// declaration called name.
func findSource(dir, name string) (snippet, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return snippet{}, err
	}
	slices.Sort(paths)
	var available []string
	for _, path := range paths {
		base := filepath.Base(path)
		if strings.HasSuffix(base, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, base); err != nil || !ok {
			continue // excluded by a build constraint, say for another CPU
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return snippet{}, err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return snippet{}, fmt.Errorf("notebook: %w", err)
		}
		cut := func(from, to token.Pos) snippet {
			start, end := fset.Position(from), fset.Position(to)
			return snippet{file: base, line: start.Line, text: string(src[start.Offset:end.Offset])}
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				declName := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) == 1 {
					declName = receiverName(d.Recv.List[0].Type) + "." + declName
				}
				available = append(available, declName)
				if declName == name {
					return cut(startOf(d.Doc, d.Pos()), d.End()), nil
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					for _, specName := range specNames(spec) {
						available = append(available, specName)
						if specName != name {
							continue
						}
						if !d.Lparen.IsValid() { // type T …, a declaration of its own
							return cut(startOf(d.Doc, d.Pos()), d.End()), nil
						}
						// One spec out of a group such as `const ( … )`:
						// show it as if declared alone.
						s := cut(startOf(specDoc(spec), spec.Pos()), spec.End())
						s.text = dedent(s.text)
						lines := strings.Split(s.text, "\n")
						for i, l := range lines {
							if !strings.HasPrefix(l, "//") {
								lines[i] = d.Tok.String() + " " + l
								break
							}
						}
						s.text = strings.Join(lines, "\n")
						return s, nil
					}
				}
			}
		}
	}
	// List what there is; only the exported names, unless the name asked
	// for is unexported.
	kind := "names"
	if exported(name) {
		kind = "exported names"
		available = slices.DeleteFunc(available, func(n string) bool { return !exported(n) })
	}
	slices.Sort(available)
	available = slices.Compact(available)
	return snippet{}, fmt.Errorf("notebook: %q is not declared in %s; the %s there are: %s",
		name, dir, kind, strings.Join(available, ", "))
}

// exported reports whether every part of a name such as "Linear.Forward"
// is exported.
func exported(name string) bool {
	for part := range strings.SplitSeq(name, ".") {
		if !token.IsExported(part) {
			return false
		}
	}
	return true
}

// receiverName returns T for the receiver types T, *T, T[E] and *T[E].
func receiverName(expr ast.Expr) string {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return "?"
		}
	}
}

// specNames returns the names a spec of a type, const or var declaration
// declares.
func specNames(spec ast.Spec) []string {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		return []string{s.Name.Name}
	case *ast.ValueSpec:
		var names []string
		for _, n := range s.Names {
			if n.Name != "_" {
				names = append(names, n.Name)
			}
		}
		return names
	}
	return nil
}

func specDoc(spec ast.Spec) *ast.CommentGroup {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}

// startOf returns where a declaration's text begins: at its doc comment if
// it has one.
func startOf(doc *ast.CommentGroup, pos token.Pos) token.Pos {
	if doc != nil {
		return doc.Pos()
	}
	return pos
}

// dedent removes the indentation of a spec cut out of a group: its first
// line starts at the spec, the others carry the group's one tab.
func dedent(text string) string {
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.TrimPrefix(lines[i], "\t")
	}
	return strings.Join(lines, "\n")
}

// Colours of the highlighter, close to GitHub's light theme.
const (
	colorKeyword     = "#cf222e"
	colorComment     = "#6e7781"
	colorString      = "#0a3069"
	colorNumber      = "#0550ae"
	colorPredeclared = "#8250df"
)

// isPredeclared reports whether name is one of Go's predeclared
// identifiers: types, constants, nil and built-in functions.
func isPredeclared(name string) bool {
	switch name {
	case "any", "bool", "byte", "comparable", "complex64", "complex128", "error",
		"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
		"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
		"true", "false", "iota", "nil",
		"append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
		"len", "make", "max", "min", "new", "panic", "print", "println", "real",
		"recover":
		return true
	}
	return false
}

// HighlightGo returns Go source as HTML, with keywords, comments, string
// and numeric literals and predeclared identifiers in colour (inline
// styles, which survive Jupyter's and GitHub's HTML sanitizers). The text
// need not be a whole file: any sequence of Go tokens will do. Text the
// scanner can't read is shown as is.
func HighlightGo(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)

	var b strings.Builder
	done := 0 // bytes of src written so far
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit != ";" {
			continue // inserted by the scanner at a line end: no text
		}
		start := file.Offset(pos)
		end := start + len(tok.String())
		if lit != "" {
			end = start + len(lit)
		}
		if start < done || end > len(src) {
			continue // defensive; can't happen for text the scanner read
		}
		b.WriteString(html.EscapeString(src[done:start])) // white space
		text := html.EscapeString(src[start:end])
		color, italic := "", false
		switch {
		case tok.IsKeyword():
			color = colorKeyword
		case tok == token.COMMENT:
			color, italic = colorComment, true
		case tok == token.STRING || tok == token.CHAR:
			color = colorString
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			color = colorNumber
		case tok == token.IDENT && isPredeclared(lit):
			color = colorPredeclared
		}
		switch {
		case italic:
			fmt.Fprintf(&b, `<span style="color: %s; font-style: italic;">%s</span>`, color, text)
		case color != "":
			fmt.Fprintf(&b, `<span style="color: %s;">%s</span>`, color, text)
		default:
			b.WriteString(text)
		}
		done = end
	}
	b.WriteString(html.EscapeString(src[done:]))
	return b.String()
}
