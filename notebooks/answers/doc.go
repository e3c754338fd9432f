// Package answers holds, for every exercise of package nnlib/exercise, the
// stub the learner starts from, the model solution and typical wrong
// answers, kept apart from the notebooks the learner reads: one place that
// the checks' tests, a grader and CI all use.
//
// # Layout
//
// One file per notebook: forward.go (02), backprop.go (03) and
// optimizers.go (04 and 07). For an exercise whose learner's function is
// called f, the file holds
//
//	fStub          the cell as the notebook hands it out (for a
//	               find-the-bug exercise, the code with the planted mistake)
//	fSolution      the model answer
//	fWrong<Why>    a typical wrong answer, one function per mistake
//
// table.go lists them all (All), each with the mistake its exercise's
// check must recognise; exercise.Hint(exercise, mistake) is the hint the
// check must give for it, and the tests here hold every check to that.
//
// # Rules for an answer
//
// Each is a single self-contained top-level function, with exactly the
// signature of the learner's function, using only nnlib, gonum's mat, math
// and math/rand/v2 (and nothing else of this package), so that a grader
// can lift its source out of the file (with go/ast), rename it to f, and
// put it in the notebook cell in place of the learner's function. The
// tests check these rules.
package answers
