package nnlib

import (
	"context"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
)

// TestMNISTOneEpoch trains the default network for one mini-batch epoch
// with the trainer's default settings, as the original project's first
// epoch did, and checks it already classifies the test set better than 90%.
func TestMNISTOneEpoch(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	train, test := testMNIST(t)
	net := NewNetwork(DefaultSizes, newRNG(1))
	h, err := Train(context.Background(), net, train, Config{
		Epochs: 1, LearningRate: 0.1, BatchSize: 128, Seed: 1, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	last := h.Last()
	t.Logf("after one epoch: test accuracy %.2f%%, loss %.4f (%.2f s of training on %s)",
		100*last.TestAccuracy, last.TestLoss, last.Seconds, h.Backend)
	if last.TestAccuracy <= 0.90 {
		t.Errorf("test accuracy %.2f%% after one mini-batch epoch, want > 90%%", 100*last.TestAccuracy)
	}
}

// benchmarkEpoch measures one training epoch over the 60,000 MNIST
// training images with batches of the given size (0: full batch),
// evaluation excluded, and reports samples per second.
func benchmarkEpoch(b *testing.B, batch int) {
	train, _ := testMNIST(b)
	net := NewNetwork(DefaultSizes, newRNG(1))
	if batch == 0 {
		batch = train.Len()
	}
	params := net.Params()
	ep := newEpochRunner(train, batch, 1)
	ok := func(float64) error { return nil }
	ctx := context.Background()
	ep.run(ctx, net, params, SGD{}, 0.01, ok) // warm up: workspaces, caches
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ep.run(ctx, net, params, SGD{}, 0.01, ok)
	}
	b.ReportMetric(float64(train.Len())*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkEpochMiniBatch128(b *testing.B) { benchmarkEpoch(b, 128) }
func BenchmarkEpochFullBatch(b *testing.B)    { benchmarkEpoch(b, 0) }

// benchmarkStep measures one update on a batch of the given size: forward,
// backward and the SGD step. Once warm it must allocate nothing.
func benchmarkStep(b *testing.B, batch int) {
	train, _ := testMNIST(b)
	net := NewNetwork(DefaultSizes, newRNG(1))
	params := net.Params()
	d := train.Slice(0, batch)
	net.LossAndGradients(d.X, d.Labels)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		net.LossAndGradients(d.X, d.Labels)
		SGD{}.Step(params, 0.01)
	}
	b.ReportMetric(float64(batch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkStep128(b *testing.B)   { benchmarkStep(b, 128) }
func BenchmarkStep60000(b *testing.B) { benchmarkStep(b, 60000) }

func TestStepAllocatesNothing(t *testing.T) {
	if !fastblas.Supported() || Backend() != fastblas.Name() {
		// gonum's own Dgemm starts goroutines, which allocate, for large products.
		t.Skipf("the matrix products run on %s, whose Dgemm allocates", Backend())
	}
	rng := newRNG(30)
	net := NewNetwork(DefaultSizes, rng)
	d := Dataset{X: randomDense(128, 784, rng), Labels: randomLabels(128, 10, rng)}
	params := net.Params()
	net.LossAndGradients(d.X, d.Labels)
	allocs := testing.AllocsPerRun(10, func() {
		net.LossAndGradients(d.X, d.Labels)
		SGD{}.Step(params, 0.01)
	})
	if allocs != 0 {
		t.Errorf("a training step allocates %v times, want 0", allocs)
	}
}
