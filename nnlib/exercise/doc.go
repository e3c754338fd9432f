// Package exercise checks the functions a learner writes in the notebooks.
//
// Each exercise is a Go function the learner completes in a cell, and a
// check in the cell after it:
//
//	func relu(a, z *mat.Dense) {
//		// Your code here: a = max(0, z), entry by entry.
//	}
//
//	%%
//	exercise.Show(exercise.CheckReLU(relu))
//
// A check runs the learner's function on fixed cases, then on random ones
// drawn from fixed seeds, against nnlib's own implementation and, for the
// gradients, against central differences too. It returns a Result: passed,
// "not yet" or panicked, a message naming the first entry that differs with
// the expected and actual value, and a one-line hint tied to the mistake it
// recognised (a transposed product, a missing 1/B, a mask on the wrong side
// of zero, no max subtraction, a variance of 1/n instead of 2/n, …). It
// recognises a mistake by its effect: the learner's output is compared
// with what each typical mistake would give on the same case.
//
// # The exercises
//
//	name             notebook  the learner's function
//	relu             02        func relu(a, z *mat.Dense)
//	softmax          02        func softmax(p, z *mat.Dense)
//	cross-entropy    02        func crossEntropy(p *mat.Dense, labels []int) float64
//	linear-forward   02        func linearForward(z, x, w *mat.Dense, b []float64)
//	he-init          02        func heInit(in, out int, rng *rand.Rand) *mat.Dense
//	relu-backward    03        func reluBackward(d, a *mat.Dense)
//	softmax-ce-grad  03        func softmaxCrossEntropyBackward(d, p *mat.Dense, labels []int)
//	linear-backward  03        func linearBackward(l *nnlib.Linear, dx, x, dz *mat.Dense)
//	grad-check       03        func centralDifference(f func() float64, v []float64, i int, h float64) float64
//	bug-relu-mask    03        func twoLayerBackward(l1, l2 *nnlib.Linear, x *mat.Dense, labels []int)
//	bug-batch-mean   03        func softmaxRegressionBackward(l *nnlib.Linear, x *mat.Dense, labels []int)
//	sgd-step         04        func sgdStep(w, g []float64, lr float64)
//	momentum-step    07        func momentumStep(w, v, g []float64, lr, mu float64)
//	adam-step        07        func adamStep(w, m, s, g []float64, t int, lr, beta1, beta2, eps float64)
//
// Each Check function's documentation states the math its function must
// compute. The signatures mirror nnlib's wherever nnlib has the function
// (relu is nnlib.ReLU's, reluBackward nnlib.ReLUBackward's, …), so that
// nnlib's source, shown after the exercise, reads as a model answer: the
// destination comes first and is written in place, and inputs are left as
// they were. A destination holds stale values (42) when the check calls the
// function, so an entry left unwritten shows. The optimizers take plain
// slices and their state (v; m, s and the step t, counted from 1) as
// arguments, which the learner updates in place. bug-relu-mask and
// bug-batch-mean are "find the bug" exercises: the learner gets working
// code with one planted mistake (no ReLU mask; a gradient not divided by
// the batch size), finds it with the gradient check, and repairs it.
//
// # Statuses and stubs
//
// A stub left as it was (it writes nothing, returns zero or nil, or panics
// with a message containing "not implemented", "TODO" or "your code
// here") gets "not yet" and the exercise's "start" hint, so a learner can
// run a whole notebook before solving anything. Any other panic in the
// learner's function is recovered and reported as "panicked", with the
// panic's message and a hint for its kind (matrix shapes that don't fit, an
// index out of range, a nil matrix); it never stops the notebook. For the
// find-the-bug exercises the stub is the planted mistake, which gets its
// own hint.
//
// Result.Mistake names the mistake recognised: "start", "other" (wrong in
// a way the check does not know), one of Exercise.Mistakes, "panic",
// "signature" (a function of the wrong type, given to Check) or "" when
// passed; Hint(exercise, mistake) is the hint given for it. The solutions,
// the stubs and the typical wrong answers, each with the mistake its check
// must find, are in package notebooks/answers, whose tests prove that the
// checks fail where they must.
//
// # Model answers
//
// ShowAnswer("relu") shows the model answer from notebooks/answers under
// the learner's function's name, for a learner who is stuck.
// AnswerSource lifts any answer function (solution, stub or wrong answer)
// out of those files the same way, for a grader that fills cells in.
//
// # Display and the grade report
//
// Show displays a Result as a small box (green passed, amber not yet, red
// panicked) through nnlib/notebook, or prints it as text outside a
// notebook, and records it. When the environment variable
// NNLIB_GRADE_REPORT names a file, Record (called by Show) appends to it one
// line of JSON per check run, creating the file if need be:
//
//	{"notebook":"03-backprop","exercise":"relu-backward","status":"not yet","message":"On the fixed 2×4 case: d[0,0] = 0.1, expected 0.","hint":"…","mistake":"start"}
//
//	field     value
//	notebook  the value of NNLIB_GRADE_NOTEBOOK; left out when that is unset
//	exercise  the exercise's name, from the table above
//	status    "passed", "not yet" or "panicked"
//	message   what was compared and, unless passed, the first entry that differs
//	hint      the one-line hint; "" when passed
//	mistake   as Result.Mistake; left out when passed
//
// Each line is written with one append, so lines never interleave. A cell
// run twice appends twice: a grader takes the last line for each exercise.
// An exercise with no line never ran its check: its cell (or one before it,
// since GoNB compiles every cell with the declarations of the cells before)
// did not compile, the notebook stopped before it, or it timed out; those
// statuses are the grader's to tell apart.
//
// The checks read no files and draw all their random cases from fixed
// seeds, so a check gives the same verdict every time for the same code.
package exercise
