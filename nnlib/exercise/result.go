package exercise

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Status is the verdict of a check.
type Status string

// The statuses a check gives. A grader adds its own for notebooks that never
// reach the check (see the package documentation).
const (
	Passed   Status = "passed"   // every case agreed with the reference
	NotYet   Status = "not yet"  // some case did not, or the stub is untouched
	Panicked Status = "panicked" // the learner's function panicked
)

// Result is what a check found.
type Result struct {
	Exercise string `json:"exercise"` // the exercise's name: "relu", "adam-step", …
	Status   Status `json:"status"`
	Message  string `json:"message"` // what was compared and, if not passed, which entry differs
	Hint     string `json:"hint"`    // one line on what to do next; "" when passed
	// Mistake names the mistake the check recognised: "start" for an
	// untouched stub, "other" when it recognised none, "" when passed.
	// Hint(exercise, mistake) is the hint it gave.
	Mistake string `json:"mistake,omitempty"`
}

// The mistakes every exercise knows.
const (
	mistakeStart = "start" // the stub is untouched: nothing written, zeros returned, or "not implemented"
	mistakeOther = "other" // wrong in a way the check does not recognise
)

// spec is one exercise: its names, its hints and its check.
type spec struct {
	name      string            // "relu"
	fn        string            // the learner's function: "relu"
	notebook  string            // where it is taught: "02-forward-pass"
	signature string            // "func relu(a, z *mat.Dense)"
	hints     map[string]string // mistake → hint; "start" and "other" are required
}

// passed returns the result of a check whose cases all agreed; what says
// what was compared with what.
func (s *spec) passed(cases int, what string) Result {
	on := fmt.Sprintf("on all %d cases", cases)
	if cases == 2 {
		on = "on both cases"
	}
	return Result{Exercise: s.name, Status: Passed, Message: fmt.Sprintf("%s %s.", what, on)}
}

// notYet returns a "not yet" result for the mistake recognised, on the
// case named.
func (s *spec) notYet(caseName, msg, mistake string) Result {
	if _, ok := s.hints[mistake]; !ok {
		mistake = mistakeOther
	}
	if caseName != "" {
		msg = "On " + caseName + ": " + msg
	}
	return Result{Exercise: s.name, Status: NotYet, Message: msg, Hint: s.hints[mistake], Mistake: mistake}
}

// errNotImplemented is what a stub may panic with.
var notImplemented = []string{"not implemented", "todo", "your code here"}

// run runs a check, turning a panic in the learner's function into a
// result: "not yet" with the start hint if the panic says the function is
// not implemented, "panicked" with the panic's message otherwise.
func (s *spec) run(check func() Result) (res Result) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		msg := fmt.Sprint(r)
		if err, ok := r.(error); ok {
			msg = err.Error()
		}
		low := strings.ToLower(msg)
		for _, ni := range notImplemented {
			if strings.Contains(low, ni) {
				res = s.notYet("", fmt.Sprintf("%s is not written yet (it panics: %q).", s.fn, msg), mistakeStart)
				return
			}
		}
		res = Result{Exercise: s.name, Status: Panicked,
			Message: fmt.Sprintf("%s panicked: %s", s.fn, msg), Hint: panicHint(r), Mistake: "panic"}
	}()
	return check()
}

// panicHint returns a hint for the kind of panic r is.
func panicHint(r any) string {
	var me mat.Error
	if e, ok := r.(mat.Error); ok {
		me = e
	}
	var re runtime.Error
	err, _ := r.(error)
	switch {
	case me == mat.ErrShape || (err != nil && errors.Is(err, mat.ErrShape)):
		return "Shapes don't fit in a matrix product: (r×k)·(k×c) needs equal inner sizes, and the destination must be r×c; check where .T() goes."
	case errors.As(err, &re) && strings.Contains(re.Error(), "index out of range"):
		return "An index went past the end: loop i over the rows and j over the columns (r, c := m.Dims()), and check which length each slice has."
	case errors.As(err, &re) && strings.Contains(re.Error(), "nil pointer"):
		return "Something is nil: use the matrices passed in (or make one with mat.NewDense) rather than a declared but unmade one."
	case me != (mat.Error{}) && strings.Contains(me.Error(), "index out of range"):
		return "An index went past the end of a matrix: At(i, j) and Set(i, j, v) need i < rows and j < columns."
	}
	return "Read the panic's message: it names what went wrong; the stack trace (run the cell's code alone) shows where."
}

// wrongType returns the result for a function of the wrong type.
func (s *spec) wrongType(fn any) Result {
	if fn == nil {
		return s.notYet("", "no function was given to check.", mistakeStart)
	}
	return Result{Exercise: s.name, Status: NotYet, Mistake: "signature",
		Message: fmt.Sprintf("the function to check is a %T; the exercise wants %s.", fn, s.signature),
		Hint:    "Keep the stub's signature: same parameters, same types, same results."}
}
