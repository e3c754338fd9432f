// Package notebook holds the display helpers that the project's notebooks
// use, one file for each kind of thing shown:
//
//   - display.go: the thin wrappers that show HTML, Markdown and PNG
//     images (ShowHTML, ShowMarkdown, ShowPNG), and PlainText;
//   - tables.go: HTML tables (ShowTable, Table), the same as Markdown for
//     a README (MarkdownTable), and the shaded confusion matrix
//     (ShowConfusionMatrix);
//   - plots.go: gonum plots shown in a notebook (ShowPlots, PlotsHTML),
//     the accuracy chart of training runs on a log scale of the error
//     (AccuracyChart) and grouped bars (BarChart), drawn with the axes and
//     curves of package nnlib/charts;
//   - images.go: galleries of digits and of weight images (ImageGrid,
//     ImagePNG) in grey or in a diverging blue–red, and CompactPNG, which
//     makes a chart's PNG file smaller;
//   - source.go: the real source of nnlib's functions, highlighted
//     (ShowSource, SourceHTML, HighlightGo);
//   - progress.go: a live progress line for long cells (Progress);
//   - drawpad.go, with drawpad.js: a drawing pad in a notebook cell
//     (OpenDrawPad), digits drawn in code (DrawDigit), and what a network
//     made of a drawing (PredictionHTML);
//   - pagelink.go: what every widget in a running cell's output shares
//     with the cell's program: GoNB's comms, a guard for headless runs,
//     a time limit on the page's first answer, the end on a button or an
//     interrupt, and the record left when it closes;
//   - playground.go, playcontrols.go with playground.js, playprompts.go:
//     notebook 10's playground (Kit.Playground): settings on controls,
//     training cancelled and restarted when one changes (PlayTrain), the
//     live chart of the run over the last few (PlayChartHTML), and the
//     guided experiments (PlayPrompts), each checked by a test.
//
// It talks to Jupyter through GoNB's gonbui package, whose calls do nothing
// outside a GoNB kernel, so code using it also runs (silently) under
// `go test` or in a terminal; Progress prints plain lines there instead.
// Each Show function has a pure counterpart that returns the HTML, which is
// what the tests check; the charts are checked against golden images in
// testdata (`go test -regen` writes them anew).
//
// nnlib itself does not import this package, nor gonbui: the library stays
// free of any notebook machinery. Importing this package prints nothing
// and leaves gonum's BLAS implementation as it is.
package notebook
