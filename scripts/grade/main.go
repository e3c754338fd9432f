// Command grade grades learners' notebooks: it runs each one headless, as
// submitted, and tells for every exercise whether its check passed.
//
//	go run ./scripts/grade [flags] NOTEBOOK.ipynb...
//	go run ./scripts/grade --csv class.csv submissions/*/*.ipynb
//	go run ./scripts/grade --solutions notebooks/02-forward-pass.ipynb
//	go run ./scripts/grade --wrong --expect-hints notebooks/0[2-4]*.ipynb
//
// Grading RUNS THE LEARNER'S CODE, with your rights: for submissions you
// do not trust, run it in a throwaway container (see the README).
//
// # The convention
//
// A learner's exercise cell starts with the line
//
//	// exercise: NAME
//
// NAME being the exercise's name in package nnlib/exercise's table (relu,
// softmax, …, bug-relu-mask, adam-step), and holds the learner's function
// (the stub, as handed out). The check is in a later cell, before the next
// exercise cell, and calls exercise.Show(exercise.CheckXxx(fn)), which
// appends one JSON line per check to the file named by NNLIB_GRADE_REPORT,
// tagged with NNLIB_GRADE_NOTEBOOK.
//
// # What it does
//
// Each notebook is copied into a scratch folder of its own,
// out/grade/RUN/NNN-NAME/notebooks/NAME.ipynb (git ignores out/; NNN, the
// notebook's place on the command line, keeps same-named submissions
// apart), and run there top to bottom in a fresh GoNB kernel (the gonb-raw
// kernel spec that scripts/setup registers) by nbclient, carrying on after
// a cell that fails, under one time limit for the whole notebook. The
// kernel's working directory, GoNB's GONB_DIR, is that notebooks/ folder:
// its sibling scripts/gonb-join.sh hands over to the repository's, so the
// first cell's `!*bash "${GONB_DIR}/../scripts/gonb-join.sh"` works as in
// the repository, and notebook.Open finds the repository's go.mod above
// it. Running stops after the check of the last exercise (the first cell
// after the last exercise cell that mentions "exercise."): later cells do
// not depend on the learner's answers. --all-cells runs them too.
//
// With --solutions every exercise cell's function is first replaced by
// the model answer from notebooks/answers (answers.All and
// exercise.AnswerSource, under the learner's function's name), with
// --wrong by the first typical wrong answer listed there; the marker line
// and the rest of the cell stay.
//
// # Statuses
//
// An exercise gets its check's verdict (passed, not yet, panicked) and
// hint from the report, the last line for it if its check ran twice. An
// exercise whose cell is there but whose check left no line gets
//
//	does not compile  its cell or its check's cell shows a compile error
//	panicked          its cell's program crashed outside the check (a
//	                  panic in a goroutine, os.Exit, …)
//	timed out         the time limit was hit before its check ran
//	did not run       none of these (its check cell deleted, …)
//
// and, with the cause in the hint column, missing (a notebook named like
// one of the table's, 02-forward-pass…, lacks one of its exercises) or
// unknown exercise (a marker with a name the table does not have).
//
// # Output and exit status
//
// A table per notebook (exercise, status, hint) and a summary; --csv FILE
// writes one row per notebook and exercise. Exit status: 0 every exercise
// passed; 1 some exercise did not; 2 a notebook could not be graded at
// all (not a notebook, the kernel would not start), or a usage error.
//
// With --expect-hints (for CI) the status says instead whether every
// exercise got what the answer in its cell must get: the stub's hint for
// a notebook as handed out, passed with --solutions, its wrong answer's
// hint with --wrong (0 yes, 1 no, 2 as above).
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

// options are the command line's flags.
type options struct {
	mode        string // "", modeSolutions or modeWrong
	csv         string
	timeout     time.Duration
	expectHints bool
	allCells    bool
	noSetup     bool
	notebooks   []string
}

const usage = `usage: go run ./scripts/grade [--solutions|--wrong] [--csv FILE] [--timeout SECONDS]
                             [--expect-hints] [--all-cells] NOTEBOOK.ipynb...`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usageError is a mistake in the command line.
type usageError string

func (e usageError) Error() string { return string(e) }

func parseArgs(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	solutions := fs.Bool("solutions", false, "fill in the model answers first (notebooks/answers)")
	wrong := fs.Bool("wrong", false, "fill in each exercise's first typical wrong answer first")
	fs.StringVar(&o.csv, "csv", "", "write one row per notebook and exercise to `FILE`")
	seconds := fs.Int("timeout", 600, "the longest one notebook may run, in `SECONDS`")
	fs.BoolVar(&o.expectHints, "expect-hints", false, "exit 0 only if every exercise got what its answer must get (for CI)")
	fs.BoolVar(&o.allCells, "all-cells", false, "run the cells after the last check too")
	fs.BoolVar(&o.noSetup, "no-setup", false, "don't run scripts/setup first")
	// Flags may come after notebooks too.
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError(err.Error())
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		o.notebooks = append(o.notebooks, rest[0])
		rest = rest[1:]
	}
	switch {
	case *solutions && *wrong:
		return nil, usageError("--solutions and --wrong exclude each other")
	case *solutions:
		o.mode = modeSolutions
	case *wrong:
		o.mode = modeWrong
	}
	if *seconds <= 0 {
		return nil, usageError("--timeout must be a number of seconds above 0")
	}
	o.timeout = time.Duration(*seconds) * time.Second
	if len(o.notebooks) == 0 {
		return nil, usageError("no notebooks to grade")
	}
	for _, nb := range o.notebooks {
		if !strings.HasSuffix(nb, ".ipynb") {
			return nil, usageError(fmt.Sprintf("%s is not a .ipynb file", nb))
		}
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "grade: %v\n%s\n", err, usage)
		return 2
	}
	root, err := repositoryRoot()
	if err != nil {
		fmt.Fprintln(stderr, "grade:", err)
		return 2
	}
	if !o.noSetup {
		setup := exec.Command(filepath.Join(root, "scripts", "setup"))
		setup.Stdout, setup.Stderr = stderr, stderr
		if err := setup.Run(); err != nil {
			fmt.Fprintln(stderr, "grade: scripts/setup failed:", err)
			return 2
		}
	}
	runDir, err := newRunDir(root)
	if err != nil {
		fmt.Fprintln(stderr, "grade:", err)
		return 2
	}
	var results []result
	for i, path := range o.notebooks {
		fmt.Fprintf(stderr, "grade: %s ...\n", path)
		res := gradeNotebook(o, root, runDir, i+1, path)
		printResult(stdout, res, o)
		results = append(results, res)
	}
	code := exitCode(results, o)
	printSummary(stdout, results, o, runDir, root)
	if o.csv != "" {
		if err := writeCSV(o.csv, results, o); err != nil {
			fmt.Fprintln(stderr, "grade:", err)
			return 2
		}
	}
	return code
}

// repositoryRoot is the folder holding notebooks/answers and scripts/: the
// working directory or one of its parents.
func repositoryRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "scripts", "gonb-join.sh")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("run it from the repository: no scripts/gonb-join.sh above %s", wd)
		}
	}
}

// newRunDir makes out/grade/RUN, RUN being the time and the process id.
func newRunDir(root string) (string, error) {
	dir := filepath.Join(root, "out", "grade", fmt.Sprintf("%s-%d", time.Now().Format("20060102-150405"), os.Getpid()))
	return dir, os.MkdirAll(dir, 0o755)
}

// exitCode: 2 if a notebook could not be graded; else 0 if every row
// passed (with --expect-hints: got what was expected), 1 if not.
func exitCode(results []result, o *options) int {
	rows := 0
	ok := true
	for _, r := range results {
		if r.Err != nil {
			return 2
		}
		for _, w := range r.Rows {
			rows++
			if o.expectHints {
				ok = ok && w.AsExpected
			} else {
				ok = ok && w.Status == statusPassed
			}
		}
	}
	if o.expectHints && rows == 0 {
		return 1
	}
	if ok {
		return 0
	}
	return 1
}

func printResult(w io.Writer, res result, o *options) {
	fmt.Fprintf(w, "\n%s", res.Path)
	if res.Elapsed > 0 {
		fmt.Fprintf(w, "  (%.0f s)", res.Elapsed.Seconds())
	}
	fmt.Fprintln(w)
	if res.Err != nil {
		fmt.Fprintf(w, "  COULD NOT BE GRADED: %v\n", res.Err)
		return
	}
	if len(res.Rows) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		head := "  exercise\tstatus\thint"
		if o.expectHints {
			head = "  exercise\tstatus\texpected\thint"
		}
		fmt.Fprintln(tw, head)
		for _, r := range res.Rows {
			if o.expectHints {
				mark := "yes"
				if !r.AsExpected {
					mark = "NO"
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Exercise, r.Status, mark, r.Hint)
			} else {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Exercise, r.Status, r.Hint)
			}
		}
		tw.Flush()
		if o.expectHints {
			for _, r := range res.Rows {
				if !r.AsExpected {
					fmt.Fprintf(w, "  %s: expected mistake %q, hint %q; got %s, mistake %q\n",
						r.Exercise, r.WantMistake, r.WantHint, r.Status, r.Mistake)
				}
			}
		}
	}
	counts := map[string]int{}
	var order []string
	for _, r := range res.Rows {
		if counts[r.Status] == 0 {
			order = append(order, r.Status)
		}
		counts[r.Status]++
	}
	var parts []string
	for _, s := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "  %d of %d passed: %s\n", counts[statusPassed], len(res.Rows), strings.Join(parts, ", "))
	}
	if res.Note != "" {
		fmt.Fprintf(w, "  (%s)\n", res.Note)
	}
	if res.Executed != "" {
		fmt.Fprintf(w, "  executed copy: %s\n", res.Executed)
	}
}

func printSummary(w io.Writer, results []result, o *options, runDir, root string) {
	passed, total, failed := 0, 0, 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
		for _, x := range r.Rows {
			total++
			if x.Status == statusPassed {
				passed++
			}
		}
	}
	rel, err := filepath.Rel(root, runDir)
	if err != nil {
		rel = runDir
	}
	fmt.Fprintf(w, "\n%d notebook(s): %d of %d exercises passed", len(results), passed, total)
	if failed > 0 {
		fmt.Fprintf(w, "; %d notebook(s) could not be graded", failed)
	}
	fmt.Fprintf(w, " (scratch: %s)\n", rel)
	if o.expectHints {
		expected := 0
		for _, r := range results {
			for _, x := range r.Rows {
				if x.AsExpected {
					expected++
				}
			}
		}
		fmt.Fprintf(w, "--expect-hints: %d of %d exercises as expected\n", expected, total)
	}
}

// writeCSV writes one row per notebook and exercise; a notebook that
// could not be graded gets one row with its error.
func writeCSV(path string, results []result, o *options) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	head := []string{"notebook", "exercise", "status", "mistake", "hint", "message"}
	if o.expectHints {
		head = append(head, "expected_mistake", "expected_hint", "as_expected")
	}
	_ = w.Write(head)
	for _, r := range results {
		if r.Err != nil {
			rec := []string{r.Path, "", "could not be graded", "", "", r.Err.Error()}
			if o.expectHints {
				rec = append(rec, "", "", "false")
			}
			_ = w.Write(rec)
			continue
		}
		for _, x := range r.Rows {
			rec := []string{x.Notebook, x.Exercise, x.Status, x.Mistake, x.Hint, x.Message}
			if o.expectHints {
				rec = append(rec, x.WantMistake, x.WantHint, fmt.Sprint(x.AsExpected))
			}
			_ = w.Write(rec)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
