package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/backend"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/mnist"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// The sample digits of data/samples/, drawn by scripts/draw-samples, are
// what the README offers a new user to try predict on. This test trains a
// network briefly on MNIST, as scripts/train would, then runs the command
// on the samples as the README does and checks it reads every one as the
// digit its file name says.
//
// The command runs in a process of its own (this test binary, running
// main through TestSamplesPredictProcess), so the test sees what a user
// sees: the output, the error messages and the exit status.

// samplesDir is data/samples/, from this package's folder.
var samplesDir = filepath.Join("..", "..", "data", "samples")

// sampleEpochs is how long the test trains: enough for every sample to be
// read right with a margin (tried with seeds 1 to 4, networks of one epoch
// read nine or ten of the ten right, of two to five epochs all ten), and
// short enough for go test.
const sampleEpochs = 3

func TestSamples(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a network on MNIST for a few seconds")
	}
	samples, err := filepath.Glob(filepath.Join(samplesDir, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) != 10 {
		t.Fatalf("%s holds %d PNG files, want 10, 0.png to 9.png (go run ./scripts/draw-samples)", samplesDir, len(samples))
	}
	model := trainSampleModel(t)

	out, stderr, err := runPredictProcess(t, append([]string{"-model", model}, samples...)...)
	if err != nil {
		t.Fatalf("predict: %v\nstderr:\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != len(samples) {
		t.Fatalf("predict printed %d lines for %d samples:\n%s", len(lines), len(samples), out)
	}
	for i, line := range lines {
		want := strings.TrimSuffix(filepath.Base(samples[i]), ".png")
		m := sampleLine.FindStringSubmatch(line)
		switch {
		case m == nil || m[1] != samples[i]:
			t.Errorf("line %q, want %s followed by three digits with their probabilities", line, samples[i])
		case m[2] != want:
			t.Errorf("%s is a %s, the network read it as %s: %s", samples[i], want, m[2], line)
		default:
			t.Log(line)
		}
	}

	// -show draws what the network read: a frame of 28 rows of 56 characters.
	out, stderr, err = runPredictProcess(t, "-model", model, "-show", samples[7])
	if err != nil {
		t.Fatalf("predict -show: %v\nstderr:\n%s", err, stderr)
	}
	if rows := strings.Count(out, "|\n"); rows != 28 {
		t.Errorf("predict -show %s drew %d rows, want 28:\n%s", samples[7], rows, out)
	}
}

// sampleLine matches a line of predict's output and captures the file and
// the most probable digit.
var sampleLine = regexp.MustCompile(`^(.+): (\d) \(\d+\.\d%\), \d \(\d+\.\d%\), \d \(\d+\.\d%\)$`)

// trainSampleModel trains the default network on MNIST for sampleEpochs
// with the trainer's default mini-batch settings and saves it; it returns
// the model file's path.
func trainSampleModel(t *testing.T) string {
	t.Helper()
	if err := backend.UseFromEnv(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	train, test, err := mnist.FetchAndLoad(filepath.Join("..", "..", "data"), &log)
	if log.Len() > 0 {
		t.Log(strings.TrimSpace(log.String()))
	}
	if err != nil {
		t.Fatal(err)
	}
	const batch = 128
	net := nnlib.NewNetwork(nnlib.DefaultSizes, rand.New(rand.NewPCG(1, 0)))
	_, err = nnlib.Train(context.Background(), net, train, nnlib.Config{
		Epochs: sampleEpochs, LearningRate: mnist.TunedLearningRate(batch, "sgd"), BatchSize: batch, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, acc := net.Evaluate(test)
	t.Logf("trained %v for %d epochs: %.2f%% test accuracy", net.Sizes(), sampleEpochs, 100*acc)
	path := filepath.Join(t.TempDir(), "model"+modelfile.Extension)
	if err := modelfile.Save(path, net); err != nil {
		t.Fatal(err)
	}
	return path
}

// runPredictProcess runs the predict command with args in a new process
// and returns its standard output and error.
func runPredictProcess(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestSamplesPredictProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "PREDICT_SAMPLES_PROCESS=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// TestSamplesPredictProcess is not a test on its own: runPredictProcess
// runs it, in a process of its own, to run the command's main with the
// arguments after "--".
func TestSamplesPredictProcess(t *testing.T) {
	if os.Getenv("PREDICT_SAMPLES_PROCESS") != "1" {
		t.Skip("run by TestSamples")
	}
	i := slices.Index(os.Args, "--")
	os.Args = append([]string{"predict"}, os.Args[i+1:]...)
	main()
	os.Exit(0)
}
