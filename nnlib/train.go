package nnlib

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Config says how to train a network. The zero value of each optional field
// picks the plain choice: full-batch, SGD, constant learning rate.
type Config struct {
	Epochs       int     // passes over the training set, > 0
	LearningRate float64 // η, > 0 (the base rate when Schedule is set)

	// BatchSize is the number of examples per update. 0, or any size at
	// least the number of training examples, means full-batch gradient
	// descent: one update per epoch on all examples. Otherwise the
	// examples are reshuffled every epoch and cut into batches of this
	// size (the last may be smaller): mini-batch gradient descent.
	BatchSize int

	Optimizer Optimizer // nil means SGD
	Schedule  Schedule  // nil means ConstantRate
	Seed      uint64    // seeds the shuffles

	// Validation and Test, when not empty, are evaluated after every
	// epoch. Tune on Validation; report Test.
	Validation Dataset
	Test       Dataset

	RecordSteps bool // keep the loss of every update in History.StepLoss

	// Progress, when not nil, is called after every epoch (and once for
	// epoch 0, before training) with the record of that epoch.
	Progress func(EpochStats)
}

// Check returns an error naming the first setting that is out of range.
func (c Config) Check(train Dataset) error {
	switch {
	case c.Epochs <= 0:
		return fmt.Errorf("nnlib: epochs = %d, want > 0", c.Epochs)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1):
		return fmt.Errorf("nnlib: learning rate = %v, want a finite number > 0", c.LearningRate)
	case c.BatchSize < 0:
		return fmt.Errorf("nnlib: batch size = %d, want > 0 (or 0 for full batch)", c.BatchSize)
	case train.Len() == 0:
		return errors.New("nnlib: the training set is empty")
	}
	return nil
}

// DivergedError reports a loss that became NaN or infinite.
type DivergedError struct {
	Epoch, Update int
	Loss          float64
	LearningRate  float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("nnlib: training diverged at epoch %d, update %d: the loss is %v; try a smaller learning rate than %g",
		e.Epoch, e.Update, e.Loss, e.LearningRate)
}

// Train trains net on train by gradient descent as cfg says and returns the
// record of the run. Each epoch it evaluates the loss and accuracy on the
// training set and on cfg.Validation and cfg.Test when given.
//
// If ctx is cancelled, Train stops after the current update, puts the
// weights back to where they were at the end of the last completed epoch,
// and returns the history so far with ctx's error. If the loss becomes NaN
// or infinite it stops likewise with a *DivergedError.
func Train(ctx context.Context, net *Network, train Dataset, cfg Config) (*History, error) {
	if err := cfg.Check(train); err != nil {
		return nil, err
	}
	if _, c := train.X.Dims(); c != net.Inputs() {
		return nil, fmt.Errorf("nnlib: the network takes %d inputs but the examples have %d", net.Inputs(), c)
	}
	opt := cfg.Optimizer
	if opt == nil {
		opt = SGD{}
	}
	schedule := cfg.Schedule
	if schedule == nil {
		schedule = ConstantRate
	}
	n := train.Len()
	batch := cfg.BatchSize
	if batch == 0 || batch > n {
		batch = n
	}

	h := &History{
		Sizes:        net.Sizes(),
		BatchSize:    batch,
		Examples:     n,
		LearningRate: cfg.LearningRate,
		Optimizer:    opt.Name(),
		Seed:         cfg.Seed,
		Backend:      Backend(),
	}
	trainSeconds := 0.0
	start := time.Now()
	record := func(epoch, updates int, lr float64) {
		e := EpochStats{Epoch: epoch, Updates: updates, LearningRate: lr, Seconds: trainSeconds}
		e.TrainLoss, e.TrainAccuracy = net.Evaluate(train)
		if cfg.Validation.Len() > 0 {
			e.ValidationLoss, e.ValidationAccuracy = net.Evaluate(cfg.Validation)
		}
		if cfg.Test.Len() > 0 {
			e.TestLoss, e.TestAccuracy = net.Evaluate(cfg.Test)
		}
		e.WallSeconds = time.Since(start).Seconds()
		h.Epochs = append(h.Epochs, e)
		if cfg.Progress != nil {
			cfg.Progress(e)
		}
	}
	record(0, 0, 0)

	params := net.Params()
	lastGood := net.Clone()                              // the weights at the end of the last completed epoch
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6e6e6c6962)) // "nnlib"
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	_, cols := train.X.Dims()
	var batchX *mat.Dense
	batchY := make([]int, batch)
	if batch < n {
		batchX = mat.NewDense(batch, cols, nil)
	}

	updates := 0
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		lr := schedule(cfg.LearningRate, epoch, cfg.Epochs)
		epochStart := time.Now()
		if batch < n {
			rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		for from := 0; from < n; from += batch {
			if err := ctx.Err(); err != nil {
				net.CopyParamsFrom(lastGood)
				return h, err
			}
			x, y := train.X, train.Labels
			if batch < n {
				x, y = gatherBatch(batchX, batchY, train, order[from:min(from+batch, n)])
			}
			loss := net.LossAndGradients(x, y)
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				net.CopyParamsFrom(lastGood)
				return h, &DivergedError{Epoch: epoch, Update: updates + 1, Loss: loss, LearningRate: lr}
			}
			opt.Step(params, lr)
			updates++
			if cfg.RecordSteps {
				h.StepLoss = append(h.StepLoss, loss)
			}
		}
		trainSeconds += time.Since(epochStart).Seconds()
		lastGood.CopyParamsFrom(net)
		record(epoch, updates, lr)
	}
	return h, nil
}

// gatherBatch copies the examples at indices into the front rows of the
// reused buffers x and y and returns views of exactly that many rows.
func gatherBatch(x *mat.Dense, y []int, d Dataset, indices []int) (*mat.Dense, []int) {
	for i, k := range indices {
		copy(x.RawRowView(i), d.X.RawRowView(k))
		y[i] = d.Labels[k]
	}
	b := len(indices)
	if r, c := x.Dims(); b < r {
		return x.Slice(0, b, 0, c).(*mat.Dense), y[:b]
	}
	return x, y
}
