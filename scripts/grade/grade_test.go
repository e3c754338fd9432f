package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
)

// The tests without a kernel: the command line, the marker, filling in
// answers, the statuses read from a notebook's outputs, the exit status.

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{}, "no notebooks"},
		{[]string{"--solutions", "--wrong", "a.ipynb"}, "exclude each other"},
		{[]string{"--timeout", "0", "a.ipynb"}, "--timeout"},
		{[]string{"a.txt"}, "not a .ipynb"},
		{[]string{"--bogus", "a.ipynb"}, "not defined"},
		{[]string{"a.ipynb", "--wrong", "b.ipynb", "--csv", "x.csv"}, ""},
	} {
		o, err := parseArgs(tc.args, &bytes.Buffer{})
		if tc.wantErr == "" {
			if err != nil || o.mode != modeWrong || o.csv != "x.csv" || len(o.notebooks) != 2 {
				t.Errorf("parseArgs(%q) = %+v, %v", tc.args, o, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("parseArgs(%q): error %v, want one containing %q", tc.args, err, tc.wantErr)
		}
	}
	var stderr bytes.Buffer
	if code := run([]string{"--wrong", "--solutions", "a.ipynb"}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("a usage error exits %d, want 2 (%s)", code, stderr.String())
	}
}

func TestMarker(t *testing.T) {
	for src, want := range map[string]string{
		"// exercise: relu\nfunc relu(a, z *mat.Dense) {}": "relu",
		"\n  //exercise:   bug-relu-mask  \nfunc f() {}":   "bug-relu-mask",
		"// relu\n// exercise: relu":                       "",
		"%%\nexercise.Show(exercise.CheckReLU(relu))":      "",
	} {
		if got, _ := marker(src); got != want {
			t.Errorf("marker(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestFillIn(t *testing.T) {
	answer := "func relu(a, z *mat.Dense) {\n\ta.Copy(z)\n}\n"
	cell := "// exercise: relu\n\n// relu says what to do.\nfunc relu(a, z *mat.Dense) {\n\t// Your code here.\n}\n\nvar kept = 1\n"
	want := "// exercise: relu\n\n// relu says what to do.\nfunc relu(a, z *mat.Dense) {\n\ta.Copy(z)\n}\n\nvar kept = 1\n"
	if got := fillIn(cell, "relu", answer); got != want {
		t.Errorf("fillIn kept the rest of the cell wrongly:\n%s\nwant\n%s", got, want)
	}
	// A marker right above the function is not taken for its doc comment.
	if got := fillIn("// exercise: relu\nfunc relu(a, z *mat.Dense) {}", "relu", answer); got != "// exercise: relu\n"+answer {
		t.Errorf("fillIn = %q", got)
	}
	// Not plain Go: the cell becomes the marker and the answer.
	if got := fillIn("// exercise: relu\n%%\nfunc relu(", "relu", answer); got != "// exercise: relu\n"+answer {
		t.Errorf("fillIn on GoNB syntax = %q", got)
	}
}

// TestAnswers: every exercise has a stub, a solution and a wrong answer
// whose source lifts out, so --solutions and --wrong fill every cell.
func TestAnswers(t *testing.T) {
	dir, err := answersDir(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exercise.Exercises() {
		for _, mode := range []string{"", modeSolutions, modeWrong} {
			a, ok := answerFor(e.Name, mode)
			if !ok {
				t.Errorf("%s: no answer for mode %q", e.Name, mode)
				continue
			}
			if _, err := exercise.AnswerSource(dir, a.Func, e.Func); err != nil {
				t.Errorf("%s: %v", e.Name, err)
			}
		}
	}
}

// TestSilentStatus reads testdata/broken-executed.ipynb, broken.ipynb as
// a 45 s run left it (status.json said: 10 cells, timed out in cell 10, which shows "signal: interrupt").
func TestSilentStatus(t *testing.T) {
	ran, err := readNotebook("testdata/broken-executed.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	cells := exerciseCells(ran)
	timedOut := 9
	st := &runStatus{Cells: 10, TimedOutCell: &timedOut}
	o := &options{timeout: 45 * time.Second}
	rows := makeRows("broken.ipynb", ran, cells, nil, map[string]reportLine{
		"cross-entropy": {Result: exercise.Result{Exercise: "cross-entropy", Status: exercise.Passed}},
	}, st, o)
	want := map[string]string{
		"relu":          statusNoCompile + ": in the exercise's cell, line 3: undefined: notDeclared",
		"sgd-step":      statusPanicked + ": in its check's cell, outside the check: panic: boom in a goroutine",
		"cross-entropy": statusPassed + ": ",
		"momentum-step": statusTimedOut + ": the notebook ran past its 45 s limit in cell 10: a loop that never ends?",
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for _, r := range rows {
		if got := r.Status + ": " + r.Hint; got != want[r.Exercise] {
			t.Errorf("%s: %q, want %q", r.Exercise, got, want[r.Exercise])
		}
	}
	// Without the time-out and its cell's output, it "did not run".
	ran.cells[9]["outputs"] = []any{}
	rows = makeRows("broken.ipynb", ran, cells, nil, nil, &runStatus{Cells: 10}, o)
	if last := rows[len(rows)-1]; last.Status != statusDidNotRun {
		t.Errorf("%s: %s, want %s", last.Exercise, last.Status, statusDidNotRun)
	}
}

func TestMissingAndUnknown(t *testing.T) {
	nb := &ipynb{cells: []map[string]any{
		{"cell_type": "code", "source": "// exercise: relu\nfunc relu(a, z *mat.Dense) {}"},
		{"cell_type": "code", "source": "// exercise: rleu\nfunc relu(a, z *mat.Dense) {}"},
	}}
	rows := makeRows("alice/02-forward-pass.ipynb", nb, exerciseCells(nb), expectedExercises("alice/02-forward-pass.ipynb"),
		nil, &runStatus{}, &options{timeout: time.Minute})
	got := map[string]string{}
	for _, r := range rows {
		got[r.Exercise] = r.Status
	}
	if got["relu"] != statusDidNotRun || got["softmax"] != statusMissing || got["rleu"] != statusUnknownName {
		t.Errorf("statuses %v: want relu did not run, softmax missing, rleu unknown", got)
	}
}

func TestExitCode(t *testing.T) {
	pass := row{Status: statusPassed, AsExpected: true}
	notYet := row{Status: statusNotYet, AsExpected: true}
	wrongHint := row{Status: statusNotYet, AsExpected: false}
	for _, tc := range []struct {
		results []result
		expect  bool
		want    int
	}{
		{[]result{{Rows: []row{pass, pass}}}, false, 0},
		{[]result{{Rows: []row{pass, notYet}}}, false, 1},
		{[]result{{Rows: []row{pass}}, {Err: os.ErrNotExist}}, false, 2},
		{[]result{{Rows: []row{notYet, notYet}}}, true, 0},
		{[]result{{Rows: []row{notYet, wrongHint}}}, true, 1},
		{[]result{{Note: "no exercises"}}, true, 1},
	} {
		if got := exitCode(tc.results, &options{expectHints: tc.expect}); got != tc.want {
			t.Errorf("exitCode(%+v, expect %v) = %d, want %d", tc.results, tc.expect, got, tc.want)
		}
	}
}

func TestNotANotebook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.ipynb")
	if err := os.WriteFile(path, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := grade(t, "--no-setup", path)
	if code != 2 || !strings.Contains(out, "COULD NOT BE GRADED") {
		t.Errorf("exit %d, want 2:\n%s", code, out)
	}
}

// The tests below run real GoNB kernels, one per notebook graded: about
// 10 s per run of stubs.ipynb on 2 cores with a warm Go build cache, and
// about 60 s for TestGradeBroken, whose broken.ipynb hangs until its 45 s
// limit; the whole package about 90 s.
// go test -short skips them.

func TestGradeStubs(t *testing.T) {
	needKernel(t)
	out, code := grade(t, "--no-setup", "--csv", csvPath(t), "testdata/stubs.ipynb")
	if code != 1 {
		t.Errorf("exit %d, want 1:\n%s", code, out)
	}
	rows := readCSV(t)
	for _, name := range []string{"relu", "sgd-step"} {
		r := rows["testdata/stubs.ipynb "+name]
		if r["status"] != statusNotYet || r["hint"] != exercise.Hint(name, "start") {
			t.Errorf("%s: %v, want not yet with the start hint", name, r)
		}
	}
	if !strings.Contains(out, "ran cells 1–8 of 9") {
		t.Errorf("the cell after the last check ran:\n%s", out)
	}
}

func TestGradeSolutions(t *testing.T) {
	needKernel(t)
	if out, code := grade(t, "--no-setup", "--solutions", "testdata/stubs.ipynb"); code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}
}

func TestGradeWrong(t *testing.T) {
	needKernel(t)
	out, code := grade(t, "--no-setup", "--wrong", "--csv", csvPath(t), "testdata/stubs.ipynb")
	if code != 1 {
		t.Errorf("exit %d, want 1:\n%s", code, out)
	}
	rows := readCSV(t)
	for _, name := range []string{"relu", "sgd-step"} {
		a, _ := answerFor(name, modeWrong)
		r := rows["testdata/stubs.ipynb "+name]
		if r["status"] != statusNotYet || r["mistake"] != a.Mistake || r["hint"] != exercise.Hint(name, a.Mistake) {
			t.Errorf("%s (%s): %v, want not yet with the hint for %q", name, a.Func, r, a.Mistake)
		}
	}
	if out, code := grade(t, "--no-setup", "--wrong", "--expect-hints", "testdata/stubs.ipynb"); code != 0 {
		t.Errorf("--wrong --expect-hints: exit %d, want 0:\n%s", code, out)
	}
}

// TestGradeBroken grades, in one run, broken.ipynb (a compile error, a
// panic outside the check, a solved exercise, a hang) and two submissions
// both called sub.ipynb from different folders, one with relu solved: each
// gets its own rows, and the two sub.ipynb do not collide.
func TestGradeBroken(t *testing.T) {
	needKernel(t)
	nb, err := readNotebook("testdata/stubs.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	if err := nb.write(filepath.Join(dirA, "sub.ipynb")); err != nil {
		t.Fatal(err)
	}
	dir, _ := answersDir(repoRoot(t))
	src, err := exercise.AnswerSource(dir, "reluSolution", "relu")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range exerciseCells(nb) {
		if c.name == "relu" {
			nb.setSource(c.cell, fillIn(nb.source(c.cell), "relu", src))
		}
	}
	if err := nb.write(filepath.Join(dirB, "sub.ipynb")); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dirA, "sub.ipynb"), filepath.Join(dirB, "sub.ipynb")
	out, code := grade(t, "--no-setup", "--timeout", "45", "--csv", csvPath(t), "testdata/broken.ipynb", a, b)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	rows := readCSV(t)
	for key, want := range map[string]string{
		"testdata/broken.ipynb relu":          statusNoCompile,
		"testdata/broken.ipynb sgd-step":      statusPanicked,
		"testdata/broken.ipynb cross-entropy": statusPassed,
		"testdata/broken.ipynb momentum-step": statusTimedOut,
		a + " relu":                           statusNotYet,
		a + " sgd-step":                       statusNotYet,
		b + " relu":                           statusPassed,
		b + " sgd-step":                       statusNotYet,
	} {
		if got := rows[key]["status"]; got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// grade runs the command as from scripts/grade and returns what it
// printed and its exit status; the scratch folder it made is removed.
func grade(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(args, &stdout, &stderr)
	t.Logf("grade %s: exit %d in %.0f s", strings.Join(args, " "), code, time.Since(start).Seconds())
	if m := regexp.MustCompile(`scratch: (out/grade/\S+)\)`).FindStringSubmatch(stdout.String()); m != nil {
		scratchDir := filepath.Join(repoRoot(t), m[1])
		t.Cleanup(func() {
			if !t.Failed() {
				os.RemoveAll(scratchDir)
			}
		})
	}
	return stdout.String() + stderr.String(), code
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := repositoryRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func needKernel(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs GoNB kernels (slow): skipped with -short")
	}
	spec := filepath.Join(repoRoot(t), ".venv", "share", "jupyter", "kernels", kernelName, "kernel.json")
	if _, err := os.Stat(spec); err != nil {
		t.Skipf("no %s kernel: run scripts/setup first", kernelName)
	}
}

var csvFiles = map[*testing.T]string{}

func csvPath(t *testing.T) string {
	csvFiles[t] = filepath.Join(t.TempDir(), "grades.csv")
	return csvFiles[t]
}

// readCSV returns the test's CSV rows by "notebook exercise".
func readCSV(t *testing.T) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(csvFiles[t])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		r := map[string]string{}
		for i, h := range recs[0] {
			r[h] = rec[i]
		}
		rows[r["notebook"]+" "+r["exercise"]] = r
	}
	return rows
}
