// Package notebook holds the display helpers that the project's notebooks
// use: the real source of nnlib's functions, highlighted (ShowSource);
// HTML tables (ShowTable); galleries of digits and of weight images
// (ImageGrid); a live progress line for long cells (Progress); a drawing
// pad for a notebook cell (OpenDrawPad, DrawDigit, PredictionHTML); and
// thin wrappers to show Markdown and PNG images.
//
// It talks to Jupyter through GoNB's gonbui package, whose calls do nothing
// outside a GoNB kernel, so code using it also runs (silently) under
// `go test` or in a terminal; Progress prints plain lines there instead.
// Each Show function has a pure counterpart that returns the HTML, which is
// what the tests check.
//
// nnlib itself does not import this package, nor gonbui: the library stays
// free of any notebook machinery.
package notebook
