package notebook

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testKit returns a Kit rooted in a temporary folder, whose data folder
// links to the repository's.
func testKit(t *testing.T) *Kit {
	t.Helper()
	t.Setenv("GONB_TMP_DIR", t.TempDir()) // where Open notes the start
	k := Open("kit-test")
	root := t.TempDir()
	if err := os.Symlink(k.Path("data"), filepath.Join(root, "data")); err != nil {
		t.Fatal(err)
	}
	k.Root = root
	return k
}

func TestOpenFindsRepository(t *testing.T) {
	t.Setenv("GONB_TMP_DIR", t.TempDir()) // where Open notes the start
	k := Open("x")
	if _, err := os.Stat(filepath.Join(k.Root, "go.mod")); err != nil {
		t.Fatalf("Root %s holds no go.mod: %v", k.Root, err)
	}
	if k.BLAS == "" {
		t.Error("BLAS is empty, want the name of the BLAS chosen")
	}
}

// TestTrainRemembers checks that a run is trained once, read back the
// second time, and trained anew when a setting changes.
func TestTrainRemembers(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	r := Run{Seed: 1, Data: "validation", Epochs: 1, LearningRate: 0.3, BatchSize: 1000, TrainEvalSize: 100}
	first := k.Train("run", r)
	files, _ := filepath.Glob(filepath.Join(k.Results(), "run-*"))
	if len(files) != 2 {
		t.Fatalf("after one run the results folder holds %v, want a .json and a .nnm", files)
	}
	again := k.Train("run", r)
	if !reflect.DeepEqual(first.History.Epochs, again.History.Epochs) ||
		!reflect.DeepEqual(first.Net.Params()[0].Value, again.Net.Params()[0].Value) {
		t.Error("the second Train of the same run differs from the first, want it read back")
	}
	r.LearningRate = 0.1
	k.Train("run", r)
	if files, _ := filepath.Glob(filepath.Join(k.Results(), "run-*")); len(files) != 4 {
		t.Errorf("after a changed setting the results folder holds %v, want two runs", files)
	}
}

func TestTrainDivergedIsAResult(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	res := k.Train("huge", Run{Seed: 1, Data: "validation", Epochs: 1, LearningRate: 1e6, BatchSize: 128})
	if !strings.Contains(res.Err, "diverged") {
		t.Errorf("Err = %q, want Train's divergence message", res.Err)
	}
	if again := k.Train("huge", Run{Seed: 1, Data: "validation", Epochs: 1, LearningRate: 1e6, BatchSize: 128}); again.Err != res.Err {
		t.Errorf("read back Err = %q, want %q", again.Err, res.Err)
	}
}

func TestKeep(t *testing.T) {
	k := testKit(t)
	calls := 0
	compute := func() []float64 { calls++; return []float64{1, 2.5} }
	a := Keep(k, "numbers", map[string]int{"n": 2}, compute)
	b := Keep(k, "numbers", map[string]int{"n": 2}, compute)
	if calls != 1 || !reflect.DeepEqual(a, b) {
		t.Errorf("computed %d times, results %v and %v; want once, equal", calls, a, b)
	}
	Keep(k, "numbers", map[string]int{"n": 3}, compute)
	if calls != 2 {
		t.Errorf("changed settings computed %d times in all, want 2", calls)
	}
}

func TestWriteFigureNeedsItsSwitch(t *testing.T) {
	k := testKit(t)
	os.MkdirAll(filepath.Join(k.Root, "notebooks", "figures"), 0o755)
	write := func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }
	t.Setenv(FiguresEnv, "")
	if k.WriteFigure("f.md", write) {
		t.Error("WriteFigure wrote without NNLIB_FIGURES=1")
	}
	t.Setenv(FiguresEnv, "1")
	if !k.WriteFigure("f.md", write) {
		t.Error("WriteFigure did not write with NNLIB_FIGURES=1")
	}
	if data, _ := os.ReadFile(filepath.Join(k.Root, "notebooks", "figures", "f.md")); string(data) != "x" {
		t.Errorf("the figure holds %q, want %q", data, "x")
	}
}

// TestRecompute checks that with NNLIB_RECOMPUTE=1 a result kept before
// this run started is computed again, and one kept during it is not.
func TestRecompute(t *testing.T) {
	k := testKit(t)
	calls := 0
	compute := func() int { calls++; return calls }
	Keep(k, "n", 1, compute) // kept by an earlier run, an hour ago:
	kept, _ := filepath.Glob(filepath.Join(k.Results(), "n-*.json"))
	if len(kept) != 1 {
		t.Fatalf("kept %v, want one file", kept)
	}
	hourAgo := time.Now().Add(-time.Hour)
	os.Chtimes(kept[0], hourAgo, hourAgo)
	t.Setenv(RecomputeEnv, "1")
	Keep(k, "n", 1, compute)
	Keep(k, "n", 1, compute)
	if calls != 2 {
		t.Errorf("computed %d times, want 2: once before the run, once in it", calls)
	}
}
