package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"github.com/gonn-lab/mnist-from-scratch/notebooks/answers"
)

// The statuses of a row: the checks' own three, and the grader's for an
// exercise whose check left no report line.
const (
	statusPassed       = string(exercise.Passed)   // "passed"
	statusNotYet       = string(exercise.NotYet)   // "not yet"
	statusPanicked     = string(exercise.Panicked) // "panicked"
	statusNoCompile    = "does not compile"
	statusTimedOut     = "timed out"
	statusDidNotRun    = "did not run"
	statusMissing      = "missing" // the notebook should hold it, but no cell has its marker
	statusUnknownName  = "unknown exercise"
	modeSolutions      = "solutions"
	modeWrong          = "wrong"
	checkCellSubstring = "exercise."
)

// row is one exercise of one notebook.
type row struct {
	Notebook string // the submission's path, as given
	Exercise string
	Status   string
	Hint     string // the check's hint, or what the grader found
	Message  string // the check's message
	Mistake  string // the mistake the check recognised

	// With an answer filled in (or the stub expected): the mistake and
	// hint the check must give, and whether it did.
	WantMistake string
	WantHint    string
	AsExpected  bool
}

// result is one graded notebook.
type result struct {
	Path     string
	Rows     []row
	Err      error  // the notebook could not be graded at all
	Note     string // said under its table
	Executed string // the executed copy
	Elapsed  time.Duration
}

// gradeNotebook grades one submission in its own scratch folder.
func gradeNotebook(o *options, root, runDir string, index int, path string) (res result) {
	start := time.Now()
	res.Path = path
	defer func() { res.Elapsed = time.Since(start) }()
	nb, err := readNotebook(path)
	if err != nil {
		res.Err = err
		return res
	}
	cells := exerciseCells(nb)
	expected := expectedExercises(path)
	if len(cells) == 0 && len(expected) == 0 {
		res.Note = "no exercise cells (`// exercise: NAME`): nothing to grade, not run"
		return res
	}
	if o.mode != "" {
		dir, err := answersDir(root)
		if err != nil {
			res.Err = err
			return res
		}
		for _, c := range cells {
			e, ok := exerciseByName(c.name)
			a, ok2 := answerFor(c.name, o.mode)
			if !ok || !ok2 {
				continue
			}
			src, err := exercise.AnswerSource(dir, a.Func, e.Func)
			if err != nil {
				res.Err = err
				return res
			}
			nb.setSource(c.cell, fillIn(nb.source(c.cell), e.Func, src))
		}
	}
	s, err := newScratch(root, runDir, index, path)
	if err != nil {
		res.Err = fmt.Errorf("scratch folder: %w", err)
		return res
	}
	res.Executed = s.notebook
	if err := nb.write(s.notebook); err != nil {
		res.Err = fmt.Errorf("scratch copy: %w", err)
		return res
	}
	last := -1
	if !o.allCells && len(cells) > 0 {
		last = lastCheckCell(nb, cells[len(cells)-1].cell)
	}
	st, err := execute(root, s, last, o.timeout)
	if err != nil {
		res.Err = err
		return res
	}
	ran, err := readNotebook(s.notebook)
	if err != nil {
		res.Err = fmt.Errorf("the executed copy: %w", err)
		return res
	}
	report, err := readReport(s.report, s.tag)
	if err != nil {
		res.Err = fmt.Errorf("the report: %w", err)
		return res
	}
	res.Rows = makeRows(path, ran, cells, expected, report, st, o)
	switch {
	case st.TimedOutCell != nil:
		res.Note = fmt.Sprintf("stopped at the %s limit, in cell %d", seconds(o.timeout), *st.TimedOutCell+1)
	case st.DeadKernelCell != nil:
		res.Note = fmt.Sprintf("the kernel died in cell %d", *st.DeadKernelCell+1)
	case last >= 0 && last < len(nb.cells)-1:
		res.Note = fmt.Sprintf("ran cells 1–%d of %d: the rest come after the last check (--all-cells runs them)", last+1, len(nb.cells))
	}
	return res
}

// answersDir is notebooks/answers in the repository.
func answersDir(root string) (string, error) {
	dir := filepath.Join(root, "notebooks", "answers")
	if _, err := os.Stat(dir); err != nil {
		return exercise.AnswersDir()
	}
	return dir, nil
}

// expectedExercises returns the exercises that the exercise table places
// in the notebook whose name path's file name starts with ("02-forward-pass",
// "02-forward-pass-alice"), so that a cell deleted or a marker line
// changed shows as "missing".
func expectedExercises(path string) []string {
	base := filepath.Base(path)
	var names []string
	for _, e := range exercise.Exercises() {
		if e.Notebook != "" && strings.HasPrefix(base, e.Notebook) {
			names = append(names, e.Name)
		}
	}
	return names
}

// lastCheckCell returns the index of the first code cell after the cell
// lastExercise that mentions the exercise package (the check of the last
// exercise), or -1 (run every cell) if there is none.
func lastCheckCell(nb *ipynb, lastExercise int) int {
	for i := lastExercise + 1; i < len(nb.cells); i++ {
		if nb.isCode(i) && strings.Contains(nb.source(i), checkCellSubstring) {
			return i
		}
	}
	return -1
}

// makeRows turns what the run left (report lines, the cells' outputs,
// the driver's status) into one row per exercise: the exercise table's
// order, then names it does not know.
func makeRows(path string, ran *ipynb, cells []exerciseCell, expected []string, report map[string]reportLine, st *runStatus, o *options) []row {
	var names []string
	add := func(n string) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, e := range exercise.Exercises() {
		_, reported := report[e.Name]
		if slices.Contains(expected, e.Name) || reported || slices.ContainsFunc(cells, func(c exerciseCell) bool { return c.name == e.Name }) {
			add(e.Name)
		}
	}
	for _, c := range cells {
		add(c.name)
	}
	var rows []row
	for _, name := range names {
		r := row{Notebook: path, Exercise: name}
		cell := -1
		for _, c := range cells {
			if c.name == name {
				cell = c.cell // the last one, as GoNB keeps the last definition
			}
		}
		_, known := exerciseByName(name)
		switch line, ok := report[name]; {
		case !known:
			r.Status = statusUnknownName
			r.Hint = fmt.Sprintf("no exercise is called %q: check the cell's first line, `// exercise: NAME`", name)
		case ok:
			r.Status, r.Hint, r.Message, r.Mistake = string(line.Status), line.Hint, line.Message, line.Mistake
		case cell < 0:
			r.Status = statusMissing
			r.Hint = fmt.Sprintf("no cell starts with `// exercise: %s`: was it deleted, or its first line changed?", name)
		default:
			r.Status, r.Hint = silentStatus(ran, cell, nextExercise(cells, cell), st, o.timeout)
		}
		if known {
			if a, ok := answerFor(name, o.mode); ok {
				r.WantMistake = a.Mistake
				r.WantHint = exercise.Hint(name, a.Mistake)
				if a.Kind == answers.Solution {
					r.AsExpected = r.Status == statusPassed
				} else {
					r.AsExpected = r.Status == statusNotYet && r.Mistake == a.Mistake && r.Hint == r.WantHint
				}
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// nextExercise returns the index of the exercise cell after cell, or -1.
func nextExercise(cells []exerciseCell, cell int) int {
	for _, c := range cells {
		if c.cell > cell {
			return c.cell
		}
	}
	return -1
}

var (
	compileRE = regexp.MustCompile(`(?m)^\S*\.go:\d+:\d+: (.*)$`)
	cellRE    = regexp.MustCompile(`Line (\d+)`)
	panicRE   = regexp.MustCompile(`(?m)^(panic: |fatal error: )(.*)$`)
	exitRE    = regexp.MustCompile(`^(exit status \d+|signal: .*)$`)
)

// silentStatus tells why the exercise in cell left no report line, from
// the outputs of its cell and the cells up to the next exercise (its
// check among them): a compile error, a crash of the cell's program,
// the time limit, or none of these.
func silentStatus(ran *ipynb, cell, next int, st *runStatus, limit time.Duration) (status, hint string) {
	end := len(ran.cells)
	if next >= 0 {
		end = next
	}
	for i := cell; i < end; i++ {
		if !ran.isCode(i) {
			continue
		}
		if st.TimedOutCell != nil && *st.TimedOutCell == i {
			break // stopped from outside: whatever it shows is from that
		}
		where := "in its check's cell"
		if i == cell {
			where = "in the exercise's cell"
		}
		outs, _ := ran.cells[i]["outputs"].([]any)
		stderr := ""
		for _, o := range outs {
			out, _ := o.(map[string]any)
			if out["output_type"] == "stream" && out["name"] == "stderr" {
				stderr += joinText(out["text"])
			}
		}
		for _, o := range outs {
			out, _ := o.(map[string]any)
			if out["output_type"] != "error" {
				continue
			}
			evalue := fmt.Sprint(out["evalue"])
			if exitRE.MatchString(strings.TrimSpace(evalue)) {
				continue // the program ran and failed: see below
			}
			msg := strings.TrimSpace(evalue)
			if m := compileRE.FindStringSubmatch(evalue); m != nil {
				msg = m[1]
			}
			if m := cellRE.FindStringSubmatch(joinText(out["traceback"])); m != nil {
				where += ", line " + m[1]
			}
			return statusNoCompile, fmt.Sprintf("%s: %s", where, firstLine(msg))
		}
		if m := panicRE.FindStringSubmatch(stderr); m != nil {
			return statusPanicked, fmt.Sprintf("%s, outside the check: %s%s", where, m[1], firstLine(m[2]))
		}
		for _, o := range outs {
			out, _ := o.(map[string]any)
			if out["output_type"] == "error" {
				return statusPanicked, fmt.Sprintf("%s, the program stopped: %s", where, strings.TrimSpace(fmt.Sprint(out["evalue"])))
			}
		}
	}
	if st.TimedOutCell != nil && *st.TimedOutCell < end {
		return statusTimedOut, fmt.Sprintf("the notebook ran past its %s limit in cell %d: a loop that never ends?", seconds(limit), *st.TimedOutCell+1)
	}
	if st.DeadKernelCell != nil && *st.DeadKernelCell < end {
		return statusDidNotRun, fmt.Sprintf("the kernel died in cell %d", *st.DeadKernelCell+1)
	}
	return statusDidNotRun, "its check left no report: is the check cell after it still there?"
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.0f s", d.Seconds()) }
