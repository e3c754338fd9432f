package notebook

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

func TestHalfDecade(t *testing.T) {
	t.Parallel()
	got := []float64{HalfDecade(-4), HalfDecade(-3), HalfDecade(-1), HalfDecade(0), HalfDecade(1), HalfDecade(2)}
	if want := []float64{0.01, 0.03, 0.3, 1, 3, 10}; !slices.Equal(got, want) {
		t.Errorf("HalfDecade(-4, -3, -1, 0, 1, 2) = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		rate float64
		k    int
	}{{0.3, -1}, {0.25, -1}, {0.001, -6}, {0.0015, -6}, {0.002, -5}, {5, 1}, {7, 2}} {
		if got := halfDecadeIndex(tc.rate); got != tc.k {
			t.Errorf("halfDecadeIndex(%g) = %d, want %d", tc.rate, got, tc.k)
		}
	}
}

// peaked scores a rate by its distance from peak on a log scale, and
// counts its calls.
func peaked(peak float64, calls *int) func(float64) (float64, *nnlib.History) {
	return func(r float64) (float64, *nnlib.History) {
		*calls++
		return 1 - math.Abs(math.Log10(r/peak)), &nnlib.History{LearningRate: r}
	}
}

func TestSearchRate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		start, peak float64
		wantTrials  int
	}{
		{0.03, 0.03, 3}, // found at once: the start and its two neighbours
		{1, 0.01, 7},    // walks down four grid steps, one rate past the peak
		{1e-4, 0.1, 9},  // walks up six
		{0.1, 0.02, 4},  // the peak between grid rates: the nearer one wins
	} {
		calls := 0
		s := SearchRate(tc.start, 20, peaked(tc.peak, &calls))
		want := HalfDecade(halfDecadeIndex(tc.peak))
		if got := s.Chosen().Rate; got != want {
			t.Errorf("start %g, peak %g: chose %g, want %g", tc.start, tc.peak, got, want)
		}
		if len(s.Trials) != tc.wantTrials || calls != len(s.Trials) {
			t.Errorf("start %g, peak %g: %d trials in %d calls, want %d, each rate once", tc.start, tc.peak, len(s.Trials), calls, tc.wantTrials)
		}
		if !slices.IsSortedFunc(s.Trials, func(a, b RateTrial) int { return int(math.Copysign(1, a.Rate-b.Rate)) }) {
			t.Errorf("start %g: trials not in increasing order of rate: %v", tc.start, s.Trials)
		}
		if s.Chosen().History.LearningRate != s.Chosen().Rate {
			t.Errorf("start %g: the chosen trial's history is another run's", tc.start)
		}
	}
	calls := 0
	if s := SearchRate(1, 4, peaked(1e-6, &calls)); len(s.Trials) > 6 {
		t.Errorf("maxTrials 4: %d trials, want the walk stopped soon after 4", len(s.Trials))
	}
}

// testGrid is a grid of three rates and two batch sizes whose losses fall
// with the rate until the largest, which diverges for batch size 1.
func testGrid() RateGrid {
	return RateGrid{
		Settings: GridSettings{Batches: []int{1, 4}, Rates: []float64{0.01, 0.04, 0.16}},
		Cells: [][]GridCell{
			{{ValidationLoss: 0.5, ValidationAccuracy: 0.90}, {ValidationLoss: 1.0, ValidationAccuracy: 0.80}},
			{{ValidationLoss: 0.3, ValidationAccuracy: 0.95}, {ValidationLoss: 0.5, ValidationAccuracy: 0.90}},
			{{Diverged: true}, {ValidationLoss: 0.25, ValidationAccuracy: 0.96}},
		},
	}
}

func TestRateGrid(t *testing.T) {
	t.Parallel()
	g := testGrid()
	if g.BestRate(1) != 0.04 || g.BestRate(4) != 0.16 {
		t.Errorf("best rates %g and %g, want 0.04 and 0.16", g.BestRate(1), g.BestRate(4))
	}
	for _, tc := range []struct {
		j      int
		target float64
		want   float64
		ok     bool
	}{
		{0, 0.5, 0.01, true},            // the reference itself
		{1, 0.5, 0.04, true},            // on a grid rate
		{1, math.Sqrt(0.5), 0.02, true}, // halfway, on log scales
		{0, 0.2, 0, false},              // never reached before diverging
		{0, 0.6, 0, false},              // below the target at the smallest rate already
	} {
		got, ok := g.MatchingRate(tc.j, tc.target)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("MatchingRate(%d, %g) = %g, %t; want %g, %t", tc.j, tc.target, got, ok, tc.want, tc.ok)
		}
	}
	h := g.HTML()
	for _, want := range []string{">diverged<", "font-weight: bold;\">95.0%", "font-weight: bold;\">96.0%", ">0.16<"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if ok, _ := panicsWith(func() { g.BestRate(2) }); !ok {
		t.Error("BestRate of a batch size not in the grid did not panic")
	}
}

func TestTrainRateGrid(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	s := GridSettings{Batches: []int{10, 50}, Rates: []float64{0.1, 1e6}, Examples: 1000, Epochs: 1, Seed: 1}
	g := k.TrainRateGrid(s)
	if len(g.Cells) != 2 || len(g.Cells[0]) != 2 {
		t.Fatalf("cells %d×%d, want 2×2", len(g.Cells), len(g.Cells[0]))
	}
	for j := range s.Batches {
		if c := g.Cells[0][j]; c.Diverged || !(c.ValidationAccuracy > 0.15) {
			t.Errorf("B = %d, η = 0.1: %+v, want a run that learned something", s.Batches[j], c)
		}
		if !g.Cells[1][j].Diverged {
			t.Errorf("B = %d, η = 1e6: not diverged", s.Batches[j])
		}
	}
}

func TestKitSearchRate(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	r := Run{Seed: 1, Data: "validation", Epochs: 1, BatchSize: 100, TrainEvalSize: 100}
	s := k.SearchRate("sgd", r, 5000, 0.3, 3)
	if len(s.Trials) < 3 || s.Chosen().Score < 0.6 || s.Chosen().History.Examples != 5000 {
		t.Errorf("%d trials, chose %g with %g; want at least 3, and a rate that learns", len(s.Trials), s.Chosen().Rate, s.Chosen().Score)
	}
	if ok, _ := panicsWith(func() { k.SearchRate("x", Run{Data: "test"}, 5000, 0.3, 3) }); !ok {
		t.Error("a search on the test set did not panic")
	}
	if ok, _ := panicsWith(func() { k.SearchRate("x", r, 0, 0.3, 3) }); !ok {
		t.Error("a search on no images did not panic")
	}
}

func TestTrainOn(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	k := testKit(t)
	r := Run{Seed: 1, Data: "validation", Epochs: 2, LearningRate: 0.1, BatchSize: 50, TrainEvalSize: 100}
	h := k.TrainOn("part", r, 1000)
	if h.Name != "part" || h.Examples != 1000 || len(h.Epochs) != 3 || h.Last().ValidationAccuracy < 0.5 {
		t.Errorf("history %q of %d examples, %d epochs, validation accuracy %g; want \"part\", 1000, 3, a run that learned",
			h.Name, h.Examples, len(h.Epochs), h.Last().ValidationAccuracy)
	}
	if h := k.TrainOn("huge", Run{Seed: 1, Data: "validation", Epochs: 2, LearningRate: 1e6, BatchSize: 50}, 1000); len(h.Epochs) != 1 {
		t.Errorf("a diverging run recorded %d epochs, want only epoch 0", len(h.Epochs))
	}
	for _, bad := range []func(){
		func() { k.TrainOn("x", Run{Data: "test", Epochs: 1, LearningRate: 0.1}, 1000) },
		func() { k.TrainOn("x", r, 0) },
		func() { k.TrainOn("x", r, 50001) },
	} {
		if ok, _ := panicsWith(bad); !ok {
			t.Error("TrainOn with bad data or size did not panic")
		}
	}
}

func TestValidationTable(t *testing.T) {
	t.Parallel()
	h := &nnlib.History{Name: "B = 16", Examples: 100, BatchSize: 16, LearningRate: 0.25, Epochs: []nnlib.EpochStats{
		{}, {Epoch: 1, Seconds: 0.5, ValidationAccuracy: 0.98}, {Epoch: 2, Seconds: 1, ValidationAccuracy: 0.9712, ValidationLoss: 0.09876}}}
	headers, rows := ValidationTable([]*nnlib.History{h})
	want := []string{"B = 16", "0.25", "7", "0.50", "97.12%", "98.00% (1)", "0.0988"}
	if len(rows) != 1 || !slices.Equal(rows[0], want) || len(headers) != len(want) {
		t.Errorf("rows %q, want [%q] under %d headers", rows, want, len(want))
	}
}

func TestAccuracyDrops(t *testing.T) {
	t.Parallel()
	h := &nnlib.History{}
	for _, a := range []float64{0.1, 0.9, 0.8, 0.95, 0.94, 0.96} {
		h.Epochs = append(h.Epochs, nnlib.EpochStats{ValidationAccuracy: a})
	}
	if got := AccuracyDrops(h); got != 2 {
		t.Errorf("AccuracyDrops = %d, want 2", got)
	}
}

func TestSearchTable(t *testing.T) {
	t.Parallel()
	s := RateSearch{Trials: []RateTrial{{Rate: 0.1, Score: 0.978}, {Rate: 0.3, Score: 0.9801}, {Rate: 1}}, Best: 1}
	_, rows := SearchTable([]string{"SGD"}, []RateSearch{s})
	want := []string{"SGD", "0.1: 97.80%, 0.3: 98.01%, 1: diverged", "0.3"}
	if len(rows) != 1 || !slices.Equal(rows[0], want) {
		t.Errorf("rows %q, want [%q]", rows, want)
	}
	if ok, _ := panicsWith(func() { SearchTable(nil, []RateSearch{s}) }); !ok {
		t.Error("no names for a search: no panic")
	}
}
