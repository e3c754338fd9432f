package nnlib_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/fastblas"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
)

// These tests train on real MNIST. They live in package nnlib_test, outside
// the core, because the core does not import the data package; and they
// choose the BLAS back-end themselves, as every program does (the core
// never changes it): NNLIB_BLAS, or fastblas when unset.
func TestMain(m *testing.M) {
	if err := backend.UseFromEnv(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

var mnistCache struct {
	once        sync.Once
	train, test nnlib.Dataset
	err         error
}

// testMNIST returns MNIST's training and test sets, read once per test
// binary from the repository's data folder, after fetching them there if
// missing. Tests must not change them.
func testMNIST(t testing.TB) (train, test nnlib.Dataset) {
	t.Helper()
	mnistCache.once.Do(func() {
		var log strings.Builder
		dir := filepath.Join("..", "data")
		mnistCache.train, mnistCache.test, mnistCache.err = mnist.FetchAndLoad(dir, &log)
		if log.Len() > 0 {
			t.Log(strings.TrimSpace(log.String()))
		}
	})
	if mnistCache.err != nil {
		t.Fatal(mnistCache.err)
	}
	return mnistCache.train, mnistCache.test
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// TestMNISTOneEpoch trains the default network for one mini-batch epoch
// with the trainer's default settings (batches of 128, SGD at the tuned
// rate) and checks it already classifies the test set better than 95%.
func TestMNISTOneEpoch(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	train, test := testMNIST(t)
	net := nnlib.NewNetwork(nnlib.DefaultSizes, newRNG(1))
	lr := mnist.TunedLearningRate(128, "sgd")
	h, err := nnlib.Train(context.Background(), net, train, nnlib.Config{
		Epochs: 1, LearningRate: lr, BatchSize: 128, Seed: 1, Test: test})
	if err != nil {
		t.Fatal(err)
	}
	last := h.Last()
	t.Logf("after one epoch at η = %g: test accuracy %.2f%%, loss %.4f (%.2f s of training on %s)",
		lr, 100*last.TestAccuracy, last.TestLoss, last.Seconds, backend.Name())
	if last.TestAccuracy <= 0.95 {
		t.Errorf("test accuracy %.2f%% after one mini-batch epoch, want > 95%%", 100*last.TestAccuracy)
	}
}

// benchmarkEpoch measures one training epoch over the 60,000 MNIST
// training images with batches of the given size (0: full batch), and
// reports the training time alone, evaluation excluded, per epoch.
func benchmarkEpoch(b *testing.B, batch int) {
	train, _ := testMNIST(b)
	net := nnlib.NewNetwork(nnlib.DefaultSizes, newRNG(1))
	cfg := nnlib.Config{Epochs: 1, LearningRate: 0.01, BatchSize: batch, Seed: 1, TrainEvalSize: 1}
	seconds := 0.0
	for b.Loop() {
		h, err := nnlib.Train(context.Background(), net, train, cfg)
		if err != nil {
			b.Fatal(err)
		}
		seconds += h.Last().Seconds
	}
	b.ReportMetric(seconds/float64(b.N), "train-s/epoch")
	b.ReportMetric(float64(train.Len())*float64(b.N)/seconds, "samples/s")
}

func BenchmarkEpochMiniBatch128(b *testing.B) { benchmarkEpoch(b, 128) }
func BenchmarkEpochFullBatch(b *testing.B)    { benchmarkEpoch(b, 0) }

// benchmarkStep measures one update on a batch of the given size: forward,
// loss, backward and the SGD step. Once warm it must allocate nothing.
func benchmarkStep(b *testing.B, batch int) {
	train, _ := testMNIST(b)
	net := nnlib.NewNetwork(nnlib.DefaultSizes, newRNG(1))
	d := train.Slice(0, batch)
	step := trainingStep(net, d)
	step() // warm up: the network's workspace for this batch size
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(batch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkStep128(b *testing.B)   { benchmarkStep(b, 128) }
func BenchmarkStep60000(b *testing.B) { benchmarkStep(b, 60000) }

// trainingStep returns one update of gradient descent on d, as Train makes it.
func trainingStep(net *nnlib.Network, d nnlib.Dataset) func() {
	params := net.Params()
	return func() {
		nnlib.CrossEntropy(net.Forward(d.X), d.Labels)
		net.Backward(d.X, d.Labels)
		nnlib.SGD{}.Step(params, 0.01)
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	if _, fast := blas64.Implementation().(fastblas.Implementation); !fast || !fastblas.Supported() {
		// gonum's own Dgemm starts goroutines, which allocate, for large products.
		t.Skipf("the matrix products run on %s, whose Dgemm allocates", backend.Name())
	}
	train, _ := testMNIST(t)
	net := nnlib.NewNetwork(nnlib.DefaultSizes, newRNG(30))
	step := trainingStep(net, train.Slice(0, 128))
	step()
	if allocs := testing.AllocsPerRun(10, step); allocs != 0 {
		t.Errorf("a training step allocates %v times, want 0", allocs)
	}
}
