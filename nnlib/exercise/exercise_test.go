package exercise_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"gonum.org/v1/gonum/mat"
)

// TestPanics checks that a panic in the learner's function becomes a
// result: "not yet" with the start hint for a stub that says it is not
// implemented, "panicked" with the panic's message and a hint for its
// kind otherwise.
func TestPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fn       func(a, z *mat.Dense)
		status   exercise.Status
		message  string // text the message must contain
		hintWord string // text the hint must contain
	}{
		{"not implemented", func(a, z *mat.Dense) { panic("not implemented") }, exercise.NotYet, "not implemented", "Start here"},
		{"TODO", func(a, z *mat.Dense) { panic("TODO: relu") }, exercise.NotYet, "TODO", "Start here"},
		{"other panic", func(a, z *mat.Dense) { panic("boom") }, exercise.Panicked, "relu panicked: boom", "panic's message"},
		{"index out of range", func(a, z *mat.Dense) {
			r, _ := z.Dims()
			row := z.RawRowView(0)
			a.Set(0, 0, row[r+100])
		}, exercise.Panicked, "index out of range", "went past the end"},
		{"shapes", func(a, z *mat.Dense) { a.Mul(z, z) }, exercise.Panicked, "dimension mismatch", "Shapes don't fit"},
	}
	for _, tt := range tests {
		r := exercise.CheckReLU(tt.fn)
		if r.Status != tt.status || !strings.Contains(r.Message, tt.message) || !strings.Contains(r.Hint, tt.hintWord) {
			t.Errorf("%s: got %s: %q, hint %q; want %s, a message with %q, a hint with %q",
				tt.name, r.Status, r.Message, r.Hint, tt.status, tt.message, tt.hintWord)
		}
	}
}

// TestCheckByName checks Check's answers for a nil function, a function of
// the wrong type and an unknown exercise.
func TestCheckByName(t *testing.T) {
	t.Parallel()
	if r := exercise.Check("relu", nil); r.Status != exercise.NotYet || r.Mistake != "start" {
		t.Errorf("nil function: %+v", r)
	}
	if r := exercise.Check("relu", func(z *mat.Dense) {}); r.Status != exercise.NotYet || r.Mistake != "signature" ||
		!strings.Contains(r.Message, "func relu(a, z *mat.Dense)") {
		t.Errorf("wrong signature: %+v", r)
	}
	if r := exercise.Check("no-such", nil); r.Status != exercise.NotYet || r.Mistake != "unknown" {
		t.Errorf("unknown exercise: %+v", r)
	}
	var nilFn func(a, z *mat.Dense)
	if r := exercise.CheckReLU(nilFn); r.Status != exercise.NotYet || r.Mistake != "start" {
		t.Errorf("typed nil function: %+v", r)
	}
}

// TestExercises checks the list: at least 12 exercises and 2 find-the-bug
// ones, each with a start and an "other" hint and a hint for every mistake
// it lists.
func TestExercises(t *testing.T) {
	t.Parallel()
	list := exercise.Exercises()
	bugs := 0
	for _, e := range list {
		if strings.HasPrefix(e.Name, "bug-") {
			bugs++
		}
		if !strings.HasPrefix(e.Signature, "func "+e.Func+"(") {
			t.Errorf("%s: signature %q does not declare %s", e.Name, e.Signature, e.Func)
		}
		if len(e.Mistakes) < 3 || e.Mistakes[0] != "start" || e.Mistakes[1] != "other" {
			t.Errorf("%s: mistakes %v", e.Name, e.Mistakes)
		}
		for _, m := range e.Mistakes {
			if exercise.Hint(e.Name, m) == "" {
				t.Errorf("%s: no hint for %s", e.Name, m)
			}
		}
	}
	if len(list)-bugs < 12 || bugs < 2 {
		t.Errorf("%d exercises, %d of them find-the-bug; want at least 12 and 2 more", len(list), bugs)
	}
}

// TestHeInitAnySeed checks that the spread check does not hang on the
// seeds it uses: a correct heInit drawing from its own source passes for
// every one of 40 seeds, and one with variance 1/n_in fails for all.
func TestHeInitAnySeed(t *testing.T) {
	t.Parallel()
	draw := func(seed uint64, variance float64) func(in, out int, _ *rand.Rand) *mat.Dense {
		return func(in, out int, _ *rand.Rand) *mat.Dense {
			rng := rand.New(rand.NewPCG(seed, seed))
			w := mat.NewDense(in, out, nil)
			sd := math.Sqrt(variance / float64(in))
			for i := range in {
				for j := range out {
					w.Set(i, j, sd*rng.NormFloat64())
				}
			}
			return w
		}
	}
	for seed := range uint64(40) {
		if r := exercise.CheckHeInit(draw(seed, 2)); r.Status != exercise.Passed {
			t.Errorf("seed %d, variance 2/n: %s: %s", seed, r.Status, r.Message)
		}
		if r := exercise.CheckHeInit(draw(seed, 1)); r.Mistake != "variance-1-over-n" {
			t.Errorf("seed %d, variance 1/n: %s (%s): %s", seed, r.Status, r.Mistake, r.Message)
		}
	}
}

// TestRecord checks the report contract: one JSON line per check, appended,
// with the notebook's name when NNLIB_GRADE_NOTEBOOK is set; nothing when
// NNLIB_GRADE_REPORT is unset.
func TestRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.jsonl")
	t.Setenv(exercise.ReportEnv, "")
	if err := exercise.Record(exercise.Result{Exercise: "relu"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a report was written with %s unset", exercise.ReportEnv)
	}

	t.Setenv(exercise.ReportEnv, path)
	t.Setenv(exercise.NotebookEnv, "02-forward-pass")
	exercise.Show(exercise.CheckReLU(func(a, z *mat.Dense) {})) // the stub
	t.Setenv(exercise.NotebookEnv, "")
	exercise.Show(exercise.CheckReLU(func(a, z *mat.Dense) { panic("boom") }))

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), raw)
	}
	var first, second map[string]string
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"notebook": "02-forward-pass", "exercise": "relu", "status": "not yet",
		"message": "On the fixed 2×5 case: a was not written.", "hint": exercise.Hint("relu", "start"), "mistake": "start"}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("first line: %s = %q, want %q", k, first[k], v)
		}
	}
	if len(first) != len(want) {
		t.Errorf("first line has fields %v, want those of %v", first, want)
	}
	if _, ok := second["notebook"]; ok || second["status"] != "panicked" || second["message"] != "relu panicked: boom" {
		t.Errorf("second line: %s", lines[1])
	}
}

// TestHTML checks the box: its colour by status, the text escaped.
func TestHTML(t *testing.T) {
	t.Parallel()
	pass := exercise.HTML(exercise.Result{Exercise: "relu", Status: exercise.Passed, Message: "a < b"})
	if !strings.Contains(pass, "#dafbe1") || !strings.Contains(pass, "a &lt; b") || strings.Contains(pass, "Hint") {
		t.Errorf("passed box: %s", pass)
	}
	notYet := exercise.HTML(exercise.Result{Exercise: "relu", Status: exercise.NotYet, Message: "m", Hint: "h & h"})
	if !strings.Contains(notYet, "#fff8c5") || !strings.Contains(notYet, "<b>Hint:</b> h &amp; h") {
		t.Errorf("not-yet box: %s", notYet)
	}
}
