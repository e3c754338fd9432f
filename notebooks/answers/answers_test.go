package answers_test

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
	"github.com/gonn-lab/mnist-from-scratch/notebooks/answers"
)

// TestChecks runs every answer through its exercise's check: each solution
// passes, each stub and wrong answer gets "not yet" with the hint of its
// mistake.
func TestChecks(t *testing.T) {
	t.Parallel()
	for _, a := range answers.All() {
		t.Run(a.Func, func(t *testing.T) {
			t.Parallel()
			r := exercise.Check(a.Exercise, a.Fn)
			if r.Exercise != a.Exercise {
				t.Errorf("result for exercise %q, want %q", r.Exercise, a.Exercise)
			}
			if a.Kind == answers.Solution {
				if r.Status != exercise.Passed {
					t.Errorf("%s: %s: %s (hint %q)", a.Func, r.Status, r.Message, r.Hint)
				}
				return
			}
			want := exercise.Hint(a.Exercise, a.Mistake)
			if want == "" {
				t.Fatalf("exercise %q has no hint for mistake %q", a.Exercise, a.Mistake)
			}
			if r.Status != exercise.NotYet || r.Mistake != a.Mistake || r.Hint != want {
				t.Errorf("%s: got %s, mistake %q: %s\nhint %q\nwant not yet, mistake %q, hint %q",
					a.Func, r.Status, r.Mistake, r.Message, r.Hint, a.Mistake, want)
			}
		})
	}
}

// TestTable checks the table itself: every exercise has a stub, a solution
// and a wrong answer; every entry names its own function, after the
// learner's function's name and its kind.
func TestTable(t *testing.T) {
	t.Parallel()
	kinds := map[string]map[answers.Kind]int{}
	funcs := map[string]string{}
	for _, e := range exercise.Exercises() {
		kinds[e.Name] = map[answers.Kind]int{}
		funcs[e.Name] = e.Func
	}
	for _, a := range answers.All() {
		k, ok := kinds[a.Exercise]
		if !ok {
			t.Errorf("%s: no exercise %q", a.Func, a.Exercise)
			continue
		}
		k[a.Kind]++
		name := runtime.FuncForPC(reflect.ValueOf(a.Fn).Pointer()).Name()
		if got := name[strings.LastIndex(name, ".")+1:]; got != a.Func {
			t.Errorf("entry %s holds the function %s", a.Func, got)
		}
		prefix := funcs[a.Exercise]
		if a.Kind == answers.Wrong {
			prefix += "Wrong"
		} else {
			prefix += strings.ToUpper(string(a.Kind[:1])) + string(a.Kind[1:])
		}
		if !strings.HasPrefix(a.Func, prefix) || (a.Kind != answers.Wrong && a.Func != prefix) {
			t.Errorf("%s: a %s of %s should be called %s…", a.Func, a.Kind, funcs[a.Exercise], prefix)
		}
	}
	for name, k := range kinds {
		if k[answers.Stub] != 1 || k[answers.Solution] != 1 || k[answers.Wrong] < 1 {
			t.Errorf("exercise %s has %d stubs, %d solutions and %d wrong answers; want 1, 1 and at least 1",
				name, k[answers.Stub], k[answers.Solution], k[answers.Wrong])
		}
	}
}
