package nnlib

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// blobs returns n points in d dimensions around one of k random centres,
// labelled by their centre: a small problem a network can learn quickly.
func blobs(n, d, k int, seed uint64) Dataset {
	rng := newRNG(seed)
	centres := randomDense(k, d, rng)
	centres.Scale(2, centres)
	x := mat.NewDense(n, d, nil)
	y := make([]int, n)
	for i := range n {
		y[i] = rng.IntN(k)
		for j := range d {
			x.Set(i, j, centres.At(y[i], j)+0.5*rng.NormFloat64())
		}
	}
	return Dataset{X: x, Labels: y}
}

func TestTrainReducesLoss(t *testing.T) {
	data := blobs(600, 8, 4, 11)
	train, val := data.SplitLast(100)
	for _, tc := range []struct {
		name      string
		batch     int
		optimizer Optimizer
	}{
		{"full batch", 0, nil},
		{"mini-batch", 32, nil},
		{"momentum", 32, &Momentum{Mu: 0.9}},
		{"adam", 32, NewAdam()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net := NewNetwork([]int{8, 16, 4}, newRNG(12))
			lr := 0.1
			if tc.optimizer != nil && tc.optimizer.Name() == "adam" {
				lr = 0.01
			}
			h, err := Train(context.Background(), net, train, Config{
				Epochs: 20, LearningRate: lr, BatchSize: tc.batch, Optimizer: tc.optimizer,
				Validation: val, Seed: 1,
			})
			if err != nil {
				t.Fatal(err)
			}
			first, last := h.Epochs[0], h.Last()
			t.Logf("loss %.3f → %.3f, validation accuracy %.3f → %.3f", first.TrainLoss, last.TrainLoss,
				first.ValidationAccuracy, last.ValidationAccuracy)
			if !(last.TrainLoss < first.TrainLoss/2) {
				t.Errorf("training loss went from %.3f to %.3f, want at least halved", first.TrainLoss, last.TrainLoss)
			}
			if last.ValidationAccuracy < 0.9 {
				t.Errorf("validation accuracy %.3f, want ≥ 0.9", last.ValidationAccuracy)
			}
			wantUpdates := 20 * h.UpdatesPerEpoch()
			if last.Updates != wantUpdates {
				t.Errorf("%d updates, want %d", last.Updates, wantUpdates)
			}
		})
	}
}

func TestTrainUpdatesPerEpoch(t *testing.T) {
	data := blobs(100, 3, 2, 13)
	for _, tc := range []struct{ batch, want int }{{0, 1}, {100, 1}, {500, 1}, {32, 4}, {1, 100}} {
		net := NewNetwork([]int{3, 2}, newRNG(1))
		h, err := Train(context.Background(), net, data, Config{Epochs: 1, LearningRate: 0.1, BatchSize: tc.batch})
		if err != nil {
			t.Fatal(err)
		}
		if got := h.Last().Updates; got != tc.want {
			t.Errorf("batch %d: %d updates per epoch, want %d", tc.batch, got, tc.want)
		}
	}
}

func TestTrainSameSeedSameResult(t *testing.T) {
	data := blobs(300, 6, 3, 14)
	run := func(seed uint64) (*History, *Network) {
		net := NewNetwork([]int{6, 10, 3}, newRNG(seed))
		h, err := Train(context.Background(), net, data, Config{
			Epochs: 3, LearningRate: 0.05, BatchSize: 16, Seed: seed, RecordSteps: true})
		if err != nil {
			t.Fatal(err)
		}
		return h, net
	}
	h1, n1 := run(1)
	h2, n2 := run(1)
	h3, _ := run(2)
	if !reflect.DeepEqual(h1.StepLoss, h2.StepLoss) || !reflect.DeepEqual(n1.Params()[0].Value, n2.Params()[0].Value) {
		t.Error("two runs with seed 1 differ")
	}
	if reflect.DeepEqual(h1.StepLoss, h3.StepLoss) {
		t.Error("seeds 1 and 2 gave the same losses")
	}
}

func TestTrainDiverges(t *testing.T) {
	data := blobs(200, 4, 3, 15)
	data.X.Scale(1e3, data.X)
	net := NewNetwork([]int{4, 8, 3}, newRNG(1))
	before := net.Clone()
	h, err := Train(context.Background(), net, data, Config{Epochs: 5, LearningRate: 1e6, BatchSize: 20})
	var d *DivergedError
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want a *DivergedError", err)
	}
	t.Log(err)
	if d.Epoch < 1 || d.Update < 1 || !(math.IsNaN(d.Loss) || math.IsInf(d.Loss, 0) || d.Loss > d.Limit) {
		t.Errorf("DivergedError %+v", d)
	}
	if len(h.Epochs) != d.Epoch { // epochs 0…d.Epoch−1 completed
		t.Errorf("history has %d epochs, diverged in epoch %d", len(h.Epochs), d.Epoch)
	}
	if d.Epoch == 1 && !reflect.DeepEqual(net.Params()[0].Value, before.Params()[0].Value) {
		t.Error("weights not restored to the last completed epoch")
	}
}

// TestTrainAgainIsNotDivergence trains a network that has already learned
// the data: its mean loss starts low, and a single mislabelled example in
// a batch of one then costs far more than ten times that mean, which must
// not count as divergence.
func TestTrainAgainIsNotDivergence(t *testing.T) {
	data := blobs(400, 6, 3, 18)
	for i := 0; i < len(data.Labels); i += 50 { // 2% of the labels wrong
		data.Labels[i] = (data.Labels[i] + 1) % 3
	}
	net := NewNetwork([]int{6, 4, 3}, newRNG(1))
	cfg := Config{Epochs: 10, LearningRate: 0.05, BatchSize: 1, Seed: 1}
	for round := 1; round <= 2; round++ {
		h, err := Train(context.Background(), net, data, cfg)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		t.Logf("round %d: loss %.2g → %.2g", round, h.Epochs[0].TrainLoss, h.Last().TrainLoss)
	}
}

func TestTrainCancel(t *testing.T) {
	data := blobs(200, 4, 3, 16)
	net := NewNetwork([]int{4, 8, 3}, newRNG(1))
	ctx, cancel := context.WithCancel(context.Background())
	var afterEpoch1 *Network
	h, err := Train(ctx, net, data, Config{Epochs: 5, LearningRate: 0.1, BatchSize: 10,
		Progress: func(e EpochStats) {
			if e.Epoch == 1 {
				afterEpoch1 = net.Clone()
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(h.Epochs) != 2 {
		t.Errorf("history has %d epochs, want 2 (0 and 1)", len(h.Epochs))
	}
	if !reflect.DeepEqual(net.Params()[0].Value, afterEpoch1.Params()[0].Value) {
		t.Error("weights differ from those at the end of epoch 1")
	}
}

func TestConfigCheck(t *testing.T) {
	data := blobs(10, 2, 2, 17)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Epochs: 0, LearningRate: 0.1}, "epochs = 0"},
		{Config{Epochs: 1, LearningRate: 0}, "learning rate = 0"},
		{Config{Epochs: 1, LearningRate: math.NaN()}, "learning rate = NaN"},
		{Config{Epochs: 1, LearningRate: math.Inf(1)}, "learning rate = +Inf"},
		{Config{Epochs: 1, LearningRate: 0.1, BatchSize: -1}, "batch size = -1"},
	} {
		err := tc.cfg.Check(data)
		if err == nil || !contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want it to say %q", tc.cfg, err, tc.want)
		}
	}
	if err := (Config{Epochs: 1, LearningRate: 0.1}).Check(data); err != nil {
		t.Errorf("a valid config: %v", err)
	}
}

// TestTrainAugment checks that Augment sees every mini-batch, gathered
// into a buffer (never the training set itself), and that full batch
// refuses it.
func TestTrainAugment(t *testing.T) {
	data := blobs(100, 4, 3, 21)
	before := mat.DenseCopyOf(data.X)
	rows := 0
	augment := func(x *mat.Dense) {
		r, _ := x.Dims()
		rows += r
		x.Scale(2, x) // would corrupt the training set if x were part of it
	}
	net := NewNetwork([]int{4, 8, 3}, newRNG(22))
	_, err := Train(context.Background(), net, data, Config{
		Epochs: 3, LearningRate: 0.01, BatchSize: 32, Augment: augment})
	if err != nil {
		t.Fatal(err)
	}
	if rows != 3*100 {
		t.Errorf("Augment saw %d examples in 3 epochs of 100, want 300", rows)
	}
	if !mat.Equal(before, data.X) {
		t.Error("Augment changed the training set, want only the gathered batches changed")
	}
	_, err = Train(context.Background(), net, data, Config{Epochs: 1, LearningRate: 0.01, Augment: augment})
	if err == nil || !strings.Contains(err.Error(), "augmentation needs mini-batches") {
		t.Errorf("full batch with Augment: error %v, want one saying augmentation needs mini-batches", err)
	}
}
