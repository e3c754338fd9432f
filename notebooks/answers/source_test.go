package answers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"github.com/gonn-lab/mnist-from-scratch/notebooks/answers"
)

// allowedImports are the packages an answer may use.
var allowedImports = map[string]bool{
	"github.com/gonn-lab/mnist-from-scratch/nnlib": true,
	"gonum.org/v1/gonum/mat":                       true,
	"math":                                         true,
	"math/rand/v2":                                 true,
}

// TestSelfContained checks that every answer can be lifted out on its own:
// a top-level function whose signature is the exercise's, which refers to
// no other declaration of this package and imports only allowedImports.
func TestSelfContained(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	decls := map[string]*ast.FuncDecl{}
	topLevel := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if name != "table.go" && !allowedImports[path] {
				t.Errorf("%s imports %s", name, path)
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				decls[d.Name.Name] = d
				topLevel[d.Name.Name] = true
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						topLevel[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							topLevel[n.Name] = true
						}
					}
				}
			}
		}
	}
	signatures := map[string]string{}
	for _, e := range exercise.Exercises() {
		signatures[e.Name] = strings.TrimPrefix(e.Signature, "func "+e.Func)
	}
	for _, a := range answers.All() {
		d, ok := decls[a.Func]
		if !ok {
			t.Errorf("%s: no top-level function of that name", a.Func)
			continue
		}
		var sig strings.Builder
		sig.WriteString(exprString(fset, d.Type))
		if got, want := strings.TrimPrefix(sig.String(), "func"), signatures[a.Exercise]; got != want {
			t.Errorf("%s has the signature %s, want %s", a.Func, got, want)
		}
		ast.Inspect(d.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && topLevel[id.Name] && id.Name != a.Func {
				t.Errorf("%s refers to %s, another declaration of the package", a.Func, id.Name)
			}
			return true
		})
	}
}
