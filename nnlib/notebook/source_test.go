package notebook

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

const fakeDir = "testdata/src"

func TestSourceHTMLFindsDeclarations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want []string // plain-text fragments the snippet must hold
		not  []string // …and must not
		line int
	}{
		{"Layer", []string{"// Layer is a layer.", "type Layer struct", "W []float64 // weights"}, []string{"Forward"}, 6},
		{"Layer.Forward", []string{"// Forward computes", "func (l *Layer) Forward(x float64) string {", `"<b>"`, "// not HTML\n}"}, []string{"Len"}, 11},
		{"Layer.Len", []string{"func (l Layer) Len() int"}, []string{"//"}, 16},
		{"Softmax", []string{"// Softmax is a function.\nfunc Softmax"}, nil, 18},
		{"Eps", []string{"// Eps is small.\nconst Eps = 1e-9"}, []string{"Tiny"}, 22},
		{"Smaller", []string{"// Tiny is smaller.\nconst Tiny, Smaller = 1e-12, 1e-15"}, nil, 24},
		{"Pair", []string{"// Pair holds two things.\ntype Pair[T any] struct {\n\tA, B T\n}"}, []string{"Swap"}, 29},
		{"Pair.Swap", []string{"func (p *Pair[T]) Swap()"}, nil, 35},
	}
	for _, tt := range tests {
		h, err := SourceHTML(fakeDir, tt.name)
		if err != nil {
			t.Errorf("SourceHTML(%q): %v", tt.name, err)
			continue
		}
		text := PlainText(h)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("SourceHTML(%q) has no %q; its text:\n%s", tt.name, w, text)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(text, n) {
				t.Errorf("SourceHTML(%q) has %q, which belongs elsewhere; its text:\n%s", tt.name, n, text)
			}
		}
		if caption := fmt.Sprintf("src/layer.go, line %d", tt.line); !strings.Contains(text, caption) {
			t.Errorf("SourceHTML(%q) has no caption %q; its text:\n%s", tt.name, caption, text)
		}
	}
}

func TestSourceHTMLErrors(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Nope", "Layer.Nope", "InTest", "OnlyJS", "Forward", "unexported"} {
		_, err := SourceHTML(fakeDir, name)
		if err == nil {
			t.Errorf("SourceHTML(%q): no error", name)
			continue
		}
		// The error lists what is available, and only that: the exported
		// names if the name asked for is exported.
		msg := err.Error()
		list := "exported names there are: Eps, Layer, Layer.Forward, Layer.Len, Pair, Pair.Swap, Smaller, Softmax, Tiny"
		if name == "unexported" {
			list = "names there are: Eps, Layer, Layer.Forward, Layer.Len, Pair, Pair.Swap, Smaller, Softmax, Tiny, helper"
		}
		for _, want := range []string{fmt.Sprintf("%q is not declared", name), list} {
			if !strings.Contains(msg, want) {
				t.Errorf("SourceHTML(%q) error %q has no %q", name, msg, want)
			}
		}
		if _, names, _ := strings.Cut(msg, "there are: "); strings.Contains(names, "InTest") || strings.Contains(names, "OnlyJS") {
			t.Errorf("SourceHTML(%q) error %q lists too much", name, msg)
		}
	}
	if _, err := SourceHTML("testdata/no-such-dir", "X"); err == nil {
		t.Error("SourceHTML in a missing folder: no error")
	}
}

func TestHighlightGo(t *testing.T) {
	t.Parallel()
	src := "func f() { // hi <x>\n\treturn len(\"a<b\") + 0x1F + 'c' + 2.5 }\n"
	h := HighlightGo(src)
	if got := PlainText(h); got != src {
		t.Errorf("HighlightGo changed the text:\n got %q\nwant %q", got, src)
	}
	for _, want := range []string{
		`<span style="color: ` + colorKeyword + `;">func</span>`,
		`<span style="color: ` + colorKeyword + `;">return</span>`,
		`<span style="color: ` + colorComment + `; font-style: italic;">// hi &lt;x&gt;</span>`,
		`<span style="color: ` + colorString + `;">&#34;a&lt;b&#34;</span>`,
		`<span style="color: ` + colorString + `;">&#39;c&#39;</span>`,
		`<span style="color: ` + colorNumber + `;">0x1F</span>`,
		`<span style="color: ` + colorNumber + `;">2.5</span>`,
		`<span style="color: ` + colorPredeclared + `;">len</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HighlightGo(%q) has no %s\nin %s", src, want, h)
		}
	}
	// Not Go at all: the text still comes back whole.
	for _, odd := range []string{"", "\"unterminated", "/* open", "a ☃ b\r\n", "`raw\nstring`"} {
		if got := PlainText(HighlightGo(odd)); got != odd {
			t.Errorf("HighlightGo(%q) has text %q", odd, got)
		}
	}
}

func TestSourceDirFindsNNLib(t *testing.T) {
	t.Parallel()
	dir, err := SourceDir()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(dir) != "nnlib" || !isPackageDir(dir, "nnlib") {
		t.Fatalf("SourceDir() = %q, not the folder of package nnlib", dir)
	}
	// Dataset is a type there (a central one, unlikely to be renamed).
	if _, err := SourceHTML(dir, "Dataset"); err != nil {
		t.Error(err)
	}
}

func TestShowSourcePanicsOnUnknownName(t *testing.T) {
	t.Parallel()
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "NoSuchThing") {
			t.Errorf("ShowSource(\"NoSuchThing\") recovered %v, want a panic naming it", r)
		}
	}()
	ShowSource("Dataset", "NoSuchThing")
}

// TestShowSourceOtherPackages checks that a name qualified with one of the
// packages beside the core is looked up in that package's folder.
func TestShowSourceOtherPackages(t *testing.T) {
	ShowSource("mnist.Load", "digit.Prepare", "Linear.Forward") // would panic if not found
	if panicked, msg := panicsWith(func() { ShowSource("mnist.Prepare") }); !panicked || !strings.Contains(msg, "Prepare") {
		t.Errorf(`ShowSource("mnist.Prepare") panicked: %t (%q), want a panic naming Prepare`, panicked, msg)
	}
}

// panicsWith runs fn and reports whether it panicked, and with what message.
func panicsWith(fn func()) (panicked bool, message string) {
	defer func() {
		if r := recover(); r != nil {
			panicked, message = true, fmt.Sprint(r)
		}
	}()
	fn()
	return false, ""
}
