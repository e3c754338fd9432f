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

	// TrainEvalSize, when > 0, scores the training loss and accuracy of
	// each epoch on the first TrainEvalSize training examples instead of
	// all of them, which saves time on long full-batch runs.
	TrainEvalSize int

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

// DivergedError reports a loss that became NaN or infinite, or grew past
// Limit: ten times the loss before training, or ten times log C, the loss
// of a uniform guess over C classes, whichever is larger. The steps are
// too large, and each one moves the network further from the answer.
type DivergedError struct {
	Epoch, Update int
	Loss          float64 // the loss of that update
	Limit         float64 // the largest loss taken for training, not diverging
	LearningRate  float64
}

func (e *DivergedError) Error() string {
	what := fmt.Sprintf("the loss is %v", e.Loss)
	if !math.IsNaN(e.Loss) && !math.IsInf(e.Loss, 0) {
		what = fmt.Sprintf("the loss is %.4g, more than %.4g (ten times an untrained network's)", e.Loss, e.Limit)
	}
	return fmt.Sprintf("nnlib: training diverged at epoch %d, update %d: %s; try a smaller learning rate than %g",
		e.Epoch, e.Update, what, e.LearningRate)
}

// Train trains net on train by gradient descent as cfg says and returns the
// record of the run. Each epoch it evaluates the loss and accuracy on the
// training set and on cfg.Validation and cfg.Test when given.
//
// If ctx is cancelled, Train stops after the current update, puts the
// weights back to where they were at the end of the last completed epoch,
// and returns the history so far with ctx's error. If the loss of an update
// is NaN, infinite, or more than ten times the training loss before
// training (or than ten times log C, if that is larger, so that a network
// trained already may go on), it stops likewise with a *DivergedError.
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
	trainEval := train
	if cfg.TrainEvalSize > 0 && cfg.TrainEvalSize < n {
		trainEval = train.Slice(0, cfg.TrainEvalSize)
	}
	record := func(epoch, updates int, lr float64) {
		e := EpochStats{Epoch: epoch, Updates: updates, LearningRate: lr, Seconds: trainSeconds}
		e.TrainLoss, e.TrainAccuracy = net.Evaluate(trainEval)
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
	limit := 10 * max(h.Epochs[0].TrainLoss, math.Log(float64(net.Classes())))

	params := net.Params()
	lastGood := net.Clone() // the weights at the end of the last completed epoch
	ep := newEpochRunner(train, batch, cfg.Seed)
	net.workspaceFor(batch) // allocate before the clock starts
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		lr := schedule(cfg.LearningRate, epoch, cfg.Epochs)
		epochStart := time.Now()
		err := ep.run(ctx, net, params, opt, lr, func(loss float64) error {
			if math.IsNaN(loss) || math.IsInf(loss, 0) || loss > limit {
				return &DivergedError{Epoch: epoch, Update: ep.updates + 1, Loss: loss,
					Limit: limit, LearningRate: lr}
			}
			if cfg.RecordSteps {
				h.StepLoss = append(h.StepLoss, loss)
			}
			return nil
		})
		if err != nil {
			net.CopyParamsFrom(lastGood)
			return h, err
		}
		trainSeconds += time.Since(epochStart).Seconds()
		lastGood.CopyParamsFrom(net)
		record(epoch, ep.updates, lr)
	}
	return h, nil
}

// epochRunner runs epochs of gradient descent, reusing its buffers.
type epochRunner struct {
	train   Dataset
	batch   int        // examples per update; = train.Len() for full batch
	order   []int      // the order of the examples in this epoch
	rng     *rand.Rand // shuffles order
	batchX  *mat.Dense // the current mini-batch, gathered
	batchY  []int
	updates int // updates so far
}

func newEpochRunner(train Dataset, batch int, seed uint64) *epochRunner {
	n := train.Len()
	r := &epochRunner{train: train, batch: batch, order: make([]int, n),
		rng: rand.New(rand.NewPCG(seed, 0x6e6e6c6962))} // "nnlib"
	for i := range r.order {
		r.order[i] = i
	}
	if batch < n {
		_, cols := train.X.Dims()
		r.batchX = mat.NewDense(batch, cols, nil)
		r.batchY = make([]int, batch)
	}
	return r
}

// run makes one pass over the training set: for full batch a single
// update on all examples; for mini-batch, a reshuffle and then one update
// per batch. Before each update it calls check with the batch's loss and
// stops with its error, if any; it stops likewise when ctx is cancelled.
func (r *epochRunner) run(ctx context.Context, net *Network, params []Param, opt Optimizer, lr float64,
	check func(loss float64) error) error {
	n := r.train.Len()
	if r.batch < n {
		r.rng.Shuffle(n, func(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] })
	}
	for from := 0; from < n; from += r.batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		x, y := r.train.X, r.train.Labels
		if r.batch < n {
			x, y = gatherBatch(r.batchX, r.batchY, r.train, r.order[from:min(from+r.batch, n)])
		}
		loss := net.LossAndGradients(x, y)
		if err := check(loss); err != nil {
			return err
		}
		opt.Step(params, lr)
		r.updates++
	}
	return nil
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
