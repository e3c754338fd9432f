package notebook

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestShape(t *testing.T) {
	t.Parallel()
	if got := Shape(mat.NewDense(8, 784, nil)); got != "8 × 784" {
		t.Errorf("Shape = %q, want %q", got, "8 × 784")
	}
	if got := Shape(mat.NewDense(2, 3, nil).T()); got != "3 × 2" {
		t.Errorf("Shape of a transpose = %q, want %q", got, "3 × 2")
	}
}

func TestMatrixHTML(t *testing.T) {
	t.Parallel()
	z := mat.NewDense(2, 2, []float64{4.5, -2, 0.5, 1.0 / 3})
	got := PlainText(MatrixHTML("Z", z))
	want := "Z (2 × 2) =\n⎡4.5      -2⎤\n⎣0.5  0.3333⎦"
	if got != want {
		t.Errorf("MatrixHTML:\n%s\nwant\n%s", got, want)
	}
	if h := MatrixHTML("a<b", z); !strings.Contains(h, "a&lt;b") {
		t.Errorf("the name is not escaped: %s", h)
	}
	big := PlainText(MatrixHTML("X", mat.NewDense(10, 784, nil)))
	if !strings.Contains(big, "X (10 × 784) =") || !strings.Contains(big, "...") || strings.Count(big, "\n") > 10 {
		t.Errorf("a large matrix is not cut to an excerpt:\n%s", big)
	}
}
