package answers

// Kind says what an answer is.
type Kind string

// The kinds of answer.
const (
	Stub     Kind = "stub"     // the cell the learner starts from (for find-the-bug, the planted mistake)
	Solution Kind = "solution" // the model answer
	Wrong    Kind = "wrong"    // a typical wrong answer
)

// An Answer is one function of this package, filed under its exercise.
type Answer struct {
	Exercise string // the exercise's name in nnlib/exercise: "relu"
	Func     string // this function's name: the learner's function name + Stub, Solution or Wrong…
	Kind     Kind
	// Mistake is, for a stub or a wrong answer, the mistake the exercise's
	// check must recognise; exercise.Hint(Exercise, Mistake) is the hint it
	// must give. "" for a solution.
	Mistake string
	Fn      any // the function itself
}

// All returns every answer: for each exercise its stub, its solution, and
// its typical wrong answers, each with the mistake its check must find.
func All() []Answer {
	return []Answer{
		{"relu", "reluStub", Stub, "start", reluStub},
		{"relu", "reluSolution", Solution, "", reluSolution},
		{"relu", "reluWrongMin", Wrong, "min", reluWrongMin},
		{"relu", "reluWrongOnlyPositives", Wrong, "only-positives", reluWrongOnlyPositives},
		{"relu", "reluWrongSwapped", Wrong, "swapped", reluWrongSwapped},

		{"softmax", "softmaxStub", Stub, "start", softmaxStub},
		{"softmax", "softmaxSolution", Solution, "", softmaxSolution},
		{"softmax", "softmaxWrongNoMax", Wrong, "no-max", softmaxWrongNoMax},
		{"softmax", "softmaxWrongGlobalMax", Wrong, "global-max", softmaxWrongGlobalMax},
		{"softmax", "softmaxWrongColumns", Wrong, "columns", softmaxWrongColumns},

		{"cross-entropy", "crossEntropyStub", Stub, "start", crossEntropyStub},
		{"cross-entropy", "crossEntropySolution", Solution, "", crossEntropySolution},
		{"cross-entropy", "crossEntropyWrongSum", Wrong, "sum", crossEntropyWrongSum},
		{"cross-entropy", "crossEntropyWrongSign", Wrong, "sign", crossEntropyWrongSign},
		{"cross-entropy", "crossEntropyWrongAllClasses", Wrong, "all-classes", crossEntropyWrongAllClasses},

		{"linear-forward", "linearForwardStub", Stub, "start", linearForwardStub},
		{"linear-forward", "linearForwardSolution", Solution, "", linearForwardSolution},
		{"linear-forward", "linearForwardWrongNoBias", Wrong, "no-bias", linearForwardWrongNoBias},
		{"linear-forward", "linearForwardWrongOrder", Wrong, "order", linearForwardWrongOrder},
		{"linear-forward", "linearForwardWrongAccumulates", Wrong, "accumulates", linearForwardWrongAccumulates},

		{"he-init", "heInitStub", Stub, "start", heInitStub},
		{"he-init", "heInitSolution", Solution, "", heInitSolution},
		{"he-init", "heInitWrongVariance", Wrong, "variance-1-over-n", heInitWrongVariance},
		{"he-init", "heInitWrongNoSqrt", Wrong, "no-sqrt", heInitWrongNoSqrt},
		{"he-init", "heInitWrongUsesOut", Wrong, "uses-out", heInitWrongUsesOut},
		{"he-init", "heInitWrongUniform", Wrong, "not-centred", heInitWrongUniform},
		{"he-init", "heInitWrongShape", Wrong, "shape", heInitWrongShape},

		{"relu-backward", "reluBackwardStub", Stub, "start", reluBackwardStub},
		{"relu-backward", "reluBackwardSolution", Solution, "", reluBackwardSolution},
		{"relu-backward", "reluBackwardWrongSide", Wrong, "wrong-side", reluBackwardWrongSide},
		{"relu-backward", "reluBackwardWrongTimesA", Wrong, "times-a", reluBackwardWrongTimesA},
		{"relu-backward", "reluBackwardWrongNegative", Wrong, "start", reluBackwardWrongNegative},

		{"softmax-ce-grad", "softmaxCrossEntropyBackwardStub", Stub, "start", softmaxCrossEntropyBackwardStub},
		{"softmax-ce-grad", "softmaxCrossEntropyBackwardSolution", Solution, "", softmaxCrossEntropyBackwardSolution},
		{"softmax-ce-grad", "softmaxCrossEntropyBackwardWrongNoBatch", Wrong, "no-batch", softmaxCrossEntropyBackwardWrongNoBatch},
		{"softmax-ce-grad", "softmaxCrossEntropyBackwardWrongSign", Wrong, "sign", softmaxCrossEntropyBackwardWrongSign},
		{"softmax-ce-grad", "softmaxCrossEntropyBackwardWrongNoOneHot", Wrong, "no-one-hot", softmaxCrossEntropyBackwardWrongNoOneHot},
		{"softmax-ce-grad", "softmaxCrossEntropyBackwardWrongByClasses", Wrong, "by-classes", softmaxCrossEntropyBackwardWrongByClasses},

		{"linear-backward", "linearBackwardStub", Stub, "start", linearBackwardStub},
		{"linear-backward", "linearBackwardSolution", Solution, "", linearBackwardSolution},
		{"linear-backward", "linearBackwardWrongDWTransposed", Wrong, "dw-transposed", linearBackwardWrongDWTransposed},
		{"linear-backward", "linearBackwardWrongDBMean", Wrong, "db-mean", linearBackwardWrongDBMean},
		{"linear-backward", "linearBackwardWrongDBAccumulates", Wrong, "db-accumulates", linearBackwardWrongDBAccumulates},
		{"linear-backward", "linearBackwardWrongDXNoTranspose", Wrong, "dx-no-transpose", linearBackwardWrongDXNoTranspose},
		{"linear-backward", "linearBackwardWrongNoDX", Wrong, "dx-missing", linearBackwardWrongNoDX},

		{"grad-check", "centralDifferenceStub", Stub, "start", centralDifferenceStub},
		{"grad-check", "centralDifferenceSolution", Solution, "", centralDifferenceSolution},
		{"grad-check", "centralDifferenceWrongForward", Wrong, "forward", centralDifferenceWrongForward},
		{"grad-check", "centralDifferenceWrongNoHalf", Wrong, "no-half", centralDifferenceWrongNoHalf},
		{"grad-check", "centralDifferenceWrongNotRestored", Wrong, "not-restored", centralDifferenceWrongNotRestored},
		{"grad-check", "centralDifferenceWrongSign", Wrong, "sign", centralDifferenceWrongSign},

		{"bug-relu-mask", "twoLayerBackwardStub", Stub, "no-mask", twoLayerBackwardStub},
		{"bug-relu-mask", "twoLayerBackwardSolution", Solution, "", twoLayerBackwardSolution},
		{"bug-relu-mask", "twoLayerBackwardWrongMaskSide", Wrong, "wrong-side", twoLayerBackwardWrongMaskSide},

		{"bug-batch-mean", "softmaxRegressionBackwardStub", Stub, "no-batch", softmaxRegressionBackwardStub},
		{"bug-batch-mean", "softmaxRegressionBackwardSolution", Solution, "", softmaxRegressionBackwardSolution},
		{"bug-batch-mean", "softmaxRegressionBackwardWrongByClasses", Wrong, "by-classes", softmaxRegressionBackwardWrongByClasses},
		{"bug-batch-mean", "softmaxRegressionBackwardWrongTwice", Wrong, "twice", softmaxRegressionBackwardWrongTwice},

		{"sgd-step", "sgdStepStub", Stub, "start", sgdStepStub},
		{"sgd-step", "sgdStepSolution", Solution, "", sgdStepSolution},
		{"sgd-step", "sgdStepWrongAscent", Wrong, "ascent", sgdStepWrongAscent},
		{"sgd-step", "sgdStepWrongNoRate", Wrong, "no-rate", sgdStepWrongNoRate},

		{"momentum-step", "momentumStepStub", Stub, "start", momentumStepStub},
		{"momentum-step", "momentumStepSolution", Solution, "", momentumStepSolution},
		{"momentum-step", "momentumStepWrongOldVelocity", Wrong, "old-velocity", momentumStepWrongOldVelocity},
		{"momentum-step", "momentumStepWrongDampened", Wrong, "dampened", momentumStepWrongDampened},
		{"momentum-step", "momentumStepWrongNoMu", Wrong, "no-mu", momentumStepWrongNoMu},
		{"momentum-step", "momentumStepWrongStoresStep", Wrong, "stores-step", momentumStepWrongStoresStep},

		{"adam-step", "adamStepStub", Stub, "start", adamStepStub},
		{"adam-step", "adamStepSolution", Solution, "", adamStepSolution},
		{"adam-step", "adamStepWrongNoBiasCorrection", Wrong, "no-bias-correction", adamStepWrongNoBiasCorrection},
		{"adam-step", "adamStepWrongEpsInSqrt", Wrong, "eps-in-sqrt", adamStepWrongEpsInSqrt},
		{"adam-step", "adamStepWrongNoSquare", Wrong, "no-square", adamStepWrongNoSquare},
		{"adam-step", "adamStepWrongHardCoded", Wrong, "hard-coded", adamStepWrongHardCoded},
	}
}
