package nnlib_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportHasNoEffect builds and runs testdata/importcheck, which imports
// every package of nnlib a program imports for what it does: importing them
// must print nothing and leave gonum's BLAS as gonum registers it. Choosing
// a BLAS is the program's act (package backend).
func TestImportHasNoEffect(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	cmd := exec.Command("go", "run", "./testdata/importcheck")
	cmd.Env = append(os.Environ(), "NNLIB_BLAS=fast") // would matter only if something read it
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run ./testdata/importcheck: %v\n%s", err, stderr.String())
	}
	if got, want := stdout.String(), "gonum.Implementation"; got != want {
		t.Errorf("after the imports the output is %q, want %q: an import printed or chose a BLAS", got, want)
	}
	if stderr.Len() > 0 {
		t.Errorf("the imports wrote to stderr: %q", stderr.String())
	}
}

// TestNoInit checks that no package a program imports for what it does has
// a func init, so that nothing runs, or is chosen, merely by importing.
// (fastblas has none either; its kernel is picked by a variable's
// initializer that only inspects the CPU.)
func TestNoInit(t *testing.T) {
	for _, dir := range []string{".", "atomicfile", "backend", "charts", "digit", "fastblas", "inputerror", "mnist", "modelfile", "notebook"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
					t.Errorf("%s has a func init", file)
				}
			}
		}
	}
}
