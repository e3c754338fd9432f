package notebook

import "fmt"

// Claim stops the notebook, with a panic that quotes the claim, unless ok:
// the prose around a cell says what the measurements show, and the cell
// checks each such statement on the numbers it measured, so that a run in
// which one stops holding fails instead of printing a sentence it no longer
// supports.
//
//	notebook.Claim(mini.TestLoss < batch.TestLoss, "mini-batch GD ends with the lower test loss")
func Claim(ok bool, claim string) {
	if !ok {
		panic("notebook: the measurements no longer support the claim: " + claim)
	}
}

// Claimf is Claim with the claim formatted, to quote the numbers it was
// checked on.
func Claimf(ok bool, format string, args ...any) {
	if !ok {
		Claim(false, fmt.Sprintf(format, args...))
	}
}
