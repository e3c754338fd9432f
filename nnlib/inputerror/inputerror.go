// Package inputerror gives one shape to the errors of everything this
// project reads from outside the program: MNIST's IDX files (package
// mnist), model files (package modelfile) and pictures of digits (package
// digit). Each of those packages returns an *Error for input that is not
// what it expects, so that a caller finds, whatever was read,
//
//	Pkg      the package that read it               mnist
//	Path     the file, or what the data is called   data/train-images-idx3-ubyte.gz
//	Problem  what is wrong                          images are 28×27
//	Want     what was expected, or ""               28×28
//	Err      the cause, or nil                      io.ErrUnexpectedEOF
//	Hint     what to do about it, or ""             fetch MNIST with `go run ./scripts/fetch-mnist`
//
// and one message built from them, in that order:
//
//	mnist: data/train-images-idx3-ubyte.gz: images are 28×27, want 28×28
//	mnist: data/t10k-labels-idx1-ubyte.gz: data ends after 9000 labels, want the 10000 labels the header claims: unexpected EOF
//	modelfile: out/train/model.nnm: format version 2, want 1, the version this package reads
//	digit: blank.png: no digit found, want ink at least 10% darker or lighter than the paper: the image is blank
//
// The cause is reachable with errors.Is and errors.As through Unwrap:
// errors.Is(err, fs.ErrNotExist) for a missing file, errors.Is(err,
// io.ErrUnexpectedEOF) for data that ends before what its header claims,
// errors.Is(err, digit.ErrBlank) for a picture with no digit on it.
//
// Programmer errors are not input: they panic, with the package's name and
// both shapes in the message ("nnlib: Linear.Forward: x is 64×783, want
// 64×784"), and are not *Error.
package inputerror

import (
	"io/fs"
	"strings"
)

// Error reports input read from outside the program that is not what was
// expected. Its message is
//
//	Pkg: Path: Problem, want Want: Err; Hint
//
// each part after Problem left out when empty, and Path too.
type Error struct {
	Pkg     string // the package reporting it: "mnist", "modelfile", "digit"
	Path    string // the file, or a name for data given in memory ("" if none)
	Problem string // what is wrong, such as "images are 28×27"
	Want    string // what was expected, such as "28×28", or ""
	Err     error  // the cause, such as io.ErrUnexpectedEOF, fs.ErrNotExist, digit.ErrBlank, or nil
	Hint    string // what to do about it, such as "fetch MNIST with `go run ./scripts/fetch-mnist`", or ""
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pkg)
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	if e.Want != "" {
		b.WriteString(", want ")
		b.WriteString(e.Want)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap returns the cause, Err.
func (e *Error) Unwrap() error { return e.Err }

// File returns the *Error of package pkg for the file at path that the
// operating system could not open or read: problem says which, such as
// "cannot open", and err, what package os returned, is the cause. An
// *fs.PathError naming path is replaced by the error it holds, so that the
// message names the file once:
//
//	modelfile: out/train/model.nnm: cannot open: no such file or directory
//
// and errors.Is(e, fs.ErrNotExist) still holds for a missing file.
func File(pkg, path, problem string, err error) *Error {
	if pe, ok := err.(*fs.PathError); ok && pe.Path == path {
		err = pe.Err
	}
	return &Error{Pkg: pkg, Path: path, Problem: problem, Err: err}
}
