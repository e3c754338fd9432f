package notebook

import (
	"fmt"
	"html"

	"gonum.org/v1/gonum/mat"
)

// Shape returns a matrix's dimensions as "rows × columns", as the lessons
// write them: Shape(x) is "8 × 784" for a batch of 8 digits.
func Shape(m mat.Matrix) string {
	r, c := m.Dims()
	return fmt.Sprintf("%d × %d", r, c)
}

// MatrixHTML returns a small matrix under its name and shape, its entries
// in columns with at most 4 significant digits, as a <pre> block:
//
//	Z (2 × 2) =
//	⎡4.5   -2⎤
//	⎣0.5    0⎦
//
// A matrix of more than 8 rows or columns shows its first and last 3
// (mat.Excerpt).
func MatrixHTML(name string, m mat.Matrix) string {
	r, c := m.Dims()
	var f fmt.Formatter = mat.Formatted(m, mat.Squeeze())
	if r > 8 || c > 8 {
		f = mat.Formatted(m, mat.Squeeze(), mat.Excerpt(3))
	}
	text := fmt.Sprintf("%s (%s) =\n%.4v", name, Shape(m), f)
	return `<pre style="margin: 0.3em 0; line-height: 1.2;">` + html.EscapeString(text) + "</pre>"
}

// ShowMatrix displays MatrixHTML(name, m).
func ShowMatrix(name string, m mat.Matrix) { ShowHTML(MatrixHTML(name, m)) }
