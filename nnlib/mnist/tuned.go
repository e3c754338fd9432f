package mnist

// The learning rates that the trainer and the notebooks use by default,
// chosen by `go run ./scripts/tune` on a validation split: trained on the
// first 50,000 training images, scored on the last 10,000, never on the test
// set. The README's "Tuning" section shows the table each came from; the
// tune command says whether these still are the ones it would choose.
var tunedLearningRates = map[[2]string]float64{
	{"minibatch", "sgd"}:      0.3,
	{"minibatch", "momentum"}: 0.03,
	{"minibatch", "adam"}:     0.001,
	{"batch", "sgd"}:          0.5,
}

// TunedLearningRate returns the tuned learning rate of an optimizer ("sgd",
// "momentum" or "adam") for batches of the given size, where 0 means full
// batch. The mini-batch rates were tuned at batch size 128. It returns 0
// for a combination that was not tuned (full batch with momentum or Adam).
func TunedLearningRate(batch int, optimizer string) float64 {
	mode := "minibatch"
	if batch == 0 {
		mode = "batch"
	}
	return tunedLearningRates[[2]string{mode, optimizer}]
}
