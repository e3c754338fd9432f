package notebook

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFromSharesResults checks that a kit From another notebook keeps its
// results with that notebook's, and that Trained reads them back.
func TestFromSharesResults(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	other := k.From("other-notebook")
	if k.Name != "kit-test" || other.Root != k.Root {
		t.Fatalf("From changed the kit (%q) or lost its root (%q)", k.Name, other.Root)
	}
	r := Run{Seed: 1, Data: "validation", Epochs: 1, LearningRate: 0.3, BatchSize: 1000, TrainEvalSize: 100}
	trained := other.Train("run", r)
	files, _ := filepath.Glob(filepath.Join(k.Path("out", "notebooks", "other-notebook"), "run-*"))
	if len(files) != 2 {
		t.Fatalf("the other notebook's results folder holds %v, want the run's two files", files)
	}
	again := k.From("other-notebook").Trained("run", r)
	if !reflect.DeepEqual(trained.Net.Params()[0].Value, again.Net.Params()[0].Value) {
		t.Error("Trained returned other weights than the run Train kept")
	}

	// With NNLIB_RECOMPUTE=1, Trained still reads back what a Train just
	// made: mark the kept history, and see the mark come back.
	var kept string
	for _, f := range files {
		if strings.HasSuffix(f, ".json") {
			kept = f
		}
	}
	data, err := os.ReadFile(kept)
	if err != nil {
		t.Fatal(err)
	}
	marked := strings.Replace(string(data), `"name":"run"`, `"name":"marked"`, 1)
	if marked == string(data) {
		t.Fatalf("the kept history %s has no name to mark: %.200s", kept, data)
	}
	if err := os.WriteFile(kept, []byte(marked), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(RecomputeEnv, "1")
	if got := other.Trained("run", r).History.Name; got != "marked" {
		t.Errorf("with %s=1, Trained's history is called %q, want the kept %q", RecomputeEnv, got, "marked")
	}
}
