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

	// Augment, when not nil, changes every mini-batch in place after its
	// examples are gathered and before the forward pass: data
	// augmentation, such as random shifts, rotations and distortions of
	// the images (package nnlib/augment), so that each epoch sees new
	// variants of the training examples. It must keep x's shape. Full
	// batch cannot use it: its batch is the training set itself.
	Augment func(x *mat.Dense)

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
	case c.Augment != nil && (c.BatchSize == 0 || c.BatchSize >= train.Len()):
		return errors.New("nnlib: augmentation needs mini-batches: a batch size below the training set's")
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
		what = fmt.Sprintf("the loss is %.4g, more than the limit %.4g", e.Loss, e.Limit)
	}
	return fmt.Sprintf("nnlib: training diverged at epoch %d, update %d: %s; try a smaller learning rate than %g",
		e.Epoch, e.Update, what, e.LearningRate)
}

// Train trains net on train by gradient descent as cfg says and returns the
// record of the run. Each epoch it shuffles the examples (mini-batch only),
// then, for every batch, runs the four steps of gradient descent:
//
//	P = net.Forward(X)              forward pass: class probabilities
//	L = CrossEntropy(P, y)          loss
//	net.Backward(X, y)              backward pass: ∂L/∂W and ∂L/∂b
//	optimizer.Step(params, η)       step: W ← W − η·∂L/∂W, or momentum, Adam
//
// After each epoch it evaluates the loss and accuracy on the training set
// and on cfg.Validation and cfg.Test when given.
//
// Train stops early in two cases, and then puts the weights back to where
// they were at the end of the last completed epoch (the start, if none) and
// returns the history so far with an error: when ctx is cancelled (ctx's
// error), and when training diverges (a *DivergedError): the loss of a
// batch is NaN, infinite, or more than ten times the training loss before
// training (or ten times log C, if that is larger, so that a network
// trained already may go on).
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
	batches := newBatches(train, cfg.BatchSize, cfg.Seed)
	h := &History{Sizes: net.Sizes(), Examples: train.Len(), BatchSize: batches.size,
		LearningRate: cfg.LearningRate, Optimizer: opt.Name(), Seed: cfg.Seed}
	eval := newEvaluation(train, cfg)

	eval.record(h, net, EpochStats{}) // epoch 0: the untrained network
	limit := 10 * max(h.Epochs[0].TrainLoss, math.Log(float64(net.Classes())))
	params := net.Params()
	lastGood := net.Clone() // the weights at the end of the last completed epoch
	net.workspaceFor(batches.size)
	updates, seconds := 0, 0.0

	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		lr := schedule(cfg.LearningRate, epoch, cfg.Epochs)
		start := time.Now()
		batches.shuffle()
		for b := range batches.count {
			if err := ctx.Err(); err != nil {
				net.CopyParamsFrom(lastGood)
				return h, err
			}
			x, y := batches.get(b)
			if cfg.Augment != nil {
				cfg.Augment(x)
			}
			p := net.Forward(x)
			loss := CrossEntropy(p, y)
			if math.IsNaN(loss) || math.IsInf(loss, 0) || loss > limit {
				net.CopyParamsFrom(lastGood)
				return h, &DivergedError{Epoch: epoch, Update: updates + 1, Loss: loss,
					Limit: limit, LearningRate: lr}
			}
			net.Backward(x, y)
			opt.Step(params, lr)
			updates++
			if cfg.RecordSteps {
				h.StepLoss = append(h.StepLoss, loss)
			}
		}
		seconds += time.Since(start).Seconds()
		lastGood.CopyParamsFrom(net)
		eval.record(h, net, EpochStats{Epoch: epoch, Updates: updates, LearningRate: lr, Seconds: seconds})
	}
	return h, nil
}

// batches cuts a training set into the batches of gradient descent: the
// whole set once for full batch, or, for mini-batch, batches of size
// examples (the last may be smaller) in an order shuffled every epoch.
type batches struct {
	train Dataset
	size  int // examples per batch; train.Len() for full batch
	count int // batches per epoch, ⌈train.Len()/size⌉

	order []int      // the order of the examples in this epoch
	rng   *rand.Rand // shuffles order
	x     *mat.Dense // the current mini-batch, gathered from train
	y     []int
}

// newBatches returns the batches of train for a batch size, where 0, or a
// size at least train.Len(), means full batch; seed seeds the shuffles.
func newBatches(train Dataset, size int, seed uint64) *batches {
	n := train.Len()
	if size == 0 || size > n {
		size = n
	}
	b := &batches{train: train, size: size, count: (n + size - 1) / size,
		rng: rand.New(rand.NewPCG(seed, 0x6e6e6c6962))} // "nnlib"
	if size < n {
		b.order = make([]int, n)
		for i := range b.order {
			b.order[i] = i
		}
		b.x = mat.NewDense(size, train.X.RawMatrix().Cols, nil)
		b.y = make([]int, size)
	}
	return b
}

// shuffle puts the examples in a new random order (mini-batch only).
func (b *batches) shuffle() {
	b.rng.Shuffle(len(b.order), func(i, j int) { b.order[i], b.order[j] = b.order[j], b.order[i] })
}

// get returns batch i of this epoch. For mini-batch it copies the examples
// into a buffer that the next get overwrites.
func (b *batches) get(i int) (*mat.Dense, []int) {
	if b.order == nil {
		return b.train.X, b.train.Labels
	}
	indices := b.order[i*b.size : min((i+1)*b.size, len(b.order))]
	for row, k := range indices {
		copy(b.x.RawRowView(row), b.train.X.RawRowView(k))
		b.y[row] = b.train.Labels[k]
	}
	if len(indices) < b.size {
		return b.x.Slice(0, len(indices), 0, b.x.RawMatrix().Cols).(*mat.Dense), b.y[:len(indices)]
	}
	return b.x, b.y
}

// evaluation scores a network after each epoch on the sets cfg names.
type evaluation struct {
	train, validation, test Dataset
	progress                func(EpochStats)
	start                   time.Time
}

func newEvaluation(train Dataset, cfg Config) *evaluation {
	if cfg.TrainEvalSize > 0 && cfg.TrainEvalSize < train.Len() {
		train = train.Slice(0, cfg.TrainEvalSize)
	}
	return &evaluation{train: train, validation: cfg.Validation, test: cfg.Test,
		progress: cfg.Progress, start: time.Now()}
}

// record fills in e's losses and accuracies, appends it to h, and reports
// it to the progress function.
func (ev *evaluation) record(h *History, net *Network, e EpochStats) {
	e.TrainLoss, e.TrainAccuracy = net.Evaluate(ev.train)
	if ev.validation.Len() > 0 {
		e.ValidationLoss, e.ValidationAccuracy = net.Evaluate(ev.validation)
	}
	if ev.test.Len() > 0 {
		e.TestLoss, e.TestAccuracy = net.Evaluate(ev.test)
	}
	e.WallSeconds = time.Since(ev.start).Seconds()
	h.Epochs = append(h.Epochs, e)
	if ev.progress != nil {
		ev.progress(e)
	}
}
