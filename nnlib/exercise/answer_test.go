package exercise_test

import (
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/exercise"
)

// TestAnswerSource lifts every solution out of notebooks/answers under its
// learner's name, as a grader would.
func TestAnswerSource(t *testing.T) {
	t.Parallel()
	dir, err := exercise.AnswersDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exercise.Exercises() {
		src, err := exercise.AnswerSource(dir, e.Func+"Solution", e.Func)
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.HasPrefix(src, e.Signature+" {\n") || strings.Contains(src, "Solution") {
			t.Errorf("%s: lifted\n%s", e.Name, src)
		}
	}
	src, err := exercise.AnswerSource(dir, "twoLayerBackwardSolution", "twoLayerBackward")
	if err != nil || !strings.Contains(src, "// Backward: dZ2 = (P − Y)/B") {
		t.Errorf("the comments inside the body are lost: %v\n%s", err, src)
	}
	if _, err := exercise.AnswerSource(dir, "noSuchSolution", "x"); err == nil {
		t.Error("no error for a missing function")
	}
}
