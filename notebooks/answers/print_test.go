package answers_test

import (
	"bytes"
	"go/printer"
	"go/token"
)

// exprString prints the expression (a function's type) as gofmt would.
func exprString(fset *token.FileSet, x any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, x); err != nil {
		return err.Error()
	}
	return b.String()
}
