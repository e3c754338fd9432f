package exercise

import (
	"fmt"
	"slices"
	"sort"
)

// Exercise describes one exercise.
type Exercise struct {
	Name      string   // "relu": what results and reports call it
	Func      string   // the function the learner completes: "relu"
	Notebook  string   // the notebook that teaches it: "02-forward-pass"
	Signature string   // the function's signature: "func relu(a, z *mat.Dense)"
	Mistakes  []string // the mistakes its check recognises, "start" and "other" first
}

// entry is an exercise's spec and its check, taking the learner's function
// as any.
type entry struct {
	spec  *spec
	check func(fn any) Result
}

// typed wraps a typed check so that it takes the function as any, giving
// a "not yet" result when the function has another type.
func typed[F any](s *spec, check func(F) Result) entry {
	return entry{s, func(fn any) Result {
		f, ok := fn.(F)
		if !ok {
			return s.wrongType(fn)
		}
		return check(f)
	}}
}

// registry lists the exercises in the order the notebooks reach them.
var registry = []entry{
	typed(reluSpec, CheckReLU),
	typed(softmaxSpec, CheckSoftmax),
	typed(crossEntropySpec, CheckCrossEntropy),
	typed(linearForwardSpec, CheckLinearForward),
	typed(heInitSpec, CheckHeInit),
	typed(reluBackwardSpec, CheckReLUBackward),
	typed(softmaxCEGradSpec, CheckSoftmaxCEGrad),
	typed(linearBackwardSpec, CheckLinearBackward),
	typed(centralDifferenceSpec, CheckCentralDifference),
	typed(bugReLUMaskSpec, CheckBugReLUMask),
	typed(bugBatchMeanSpec, CheckBugBatchMean),
	typed(sgdStepSpec, CheckSGDStep),
	typed(momentumStepSpec, CheckMomentumStep),
	typed(adamStepSpec, CheckAdamStep),
}

// Exercises returns every exercise, in the order the notebooks reach them.
func Exercises() []Exercise {
	var out []Exercise
	for _, e := range registry {
		s := e.spec
		var mistakes []string
		for m := range s.hints {
			if m != mistakeStart && m != mistakeOther {
				mistakes = append(mistakes, m)
			}
		}
		sort.Strings(mistakes)
		out = append(out, Exercise{Name: s.name, Func: s.fn, Notebook: s.notebook, Signature: s.signature,
			Mistakes: slices.Concat([]string{mistakeStart, mistakeOther}, mistakes)})
	}
	return out
}

// Check runs the check of the exercise called name on fn, which must be a
// function of the exercise's signature. A function of another type gets
// "not yet" (mistake "signature"); an unknown name gets "not yet" (mistake
// "unknown"). Notebooks call the typed checks (CheckReLU, …) instead, so
// that the compiler catches a changed signature; Check serves graders and
// tests, which hold the functions as values.
func Check(name string, fn any) Result {
	for _, e := range registry {
		if e.spec.name == name {
			return e.check(fn)
		}
	}
	return Result{Exercise: name, Status: NotYet, Mistake: "unknown",
		Message: fmt.Sprintf("there is no exercise called %q.", name),
		Hint:    "Check the exercise's name: exercise.Exercises() lists them."}
}

// Hint returns the hint that the check of the exercise called name gives
// for mistake ("start", "other", or one of Exercise.Mistakes), or "" if
// there is none.
func Hint(name, mistake string) string {
	for _, e := range registry {
		if e.spec.name == name {
			return e.spec.hints[mistake]
		}
	}
	return ""
}
