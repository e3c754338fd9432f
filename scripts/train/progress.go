package main

import (
	"fmt"
	"io"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// printEpoch prints one line of progress: the epoch, its figures, the time
// so far and an estimate of the time left.
func printEpoch(w io.Writer, e nnlib.EpochStats, epochs int, elapsed time.Duration) {
	if e.Epoch == 0 {
		fmt.Fprintf(w, "epoch %3d/%d  train loss %.4f acc %6.2f%%  test loss %.4f acc %6.2f%%  (before training)\n",
			0, epochs, e.TrainLoss, 100*e.TrainAccuracy, e.TestLoss, 100*e.TestAccuracy)
		return
	}
	val := ""
	if e.ValidationLoss != 0 {
		val = fmt.Sprintf("  val acc %6.2f%%", 100*e.ValidationAccuracy)
	}
	left := elapsed.Seconds() / float64(e.Epoch) * float64(epochs-e.Epoch)
	fmt.Fprintf(w, "epoch %3d/%d  train loss %.4f acc %6.2f%%%s  test loss %.4f acc %6.2f%%  %s elapsed, %s left\n",
		e.Epoch, epochs, e.TrainLoss, 100*e.TrainAccuracy, val, e.TestLoss, 100*e.TestAccuracy,
		elapsed.Round(100*time.Millisecond), formatLeft(left))
}

// formatLeft formats a time left of seconds s: as a duration, such as
// 1m23s, up to a day, then in days, then in years, since a time.Duration
// holds at most 292 years and -epochs can ask for far more.
func formatLeft(s float64) string {
	const day, year = 24 * 3600, 365.25 * 24 * 3600
	switch {
	case s < day:
		return time.Duration(s * float64(time.Second)).Round(time.Second).String()
	case s < year:
		return fmt.Sprintf("%.1f days", s/day)
	}
	return fmt.Sprintf("%.3g years", s/year)
}
