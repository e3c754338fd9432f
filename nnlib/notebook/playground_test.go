package notebook

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

// playMNIST returns the training split (50,000 images) and the validation
// split (10,000) of MNIST, read once for all the playground's tests, and
// makes the BLAS a notebook uses run the matrix products, as in the
// notebook (near the edge of stability, the order of a sum's terms shows).
var playMNIST = sync.OnceValues(func() (nnlib.Dataset, nnlib.Dataset) {
	ChooseBLAS()
	root, err := repositoryRoot()
	if err != nil {
		panic(err)
	}
	return (&Kit{Name: "playground-test", Root: root}).Split()
})

// playRuns trains each of settings on MNIST and returns the runs.
func playRuns(t testing.TB, settings ...PlaySettings) []PlayRun {
	t.Helper()
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	train, validation := playMNIST()
	var runs []PlayRun
	for i, s := range settings {
		r := PlayTrain(context.Background(), train, validation, s, i+1, nil)
		t.Logf("run %d, %s: %s in %.2f s, %s", r.N, s.Label(), r.State, r.Elapsed.Seconds(), playCurve(r))
		runs = append(runs, r)
	}
	return runs
}

// playCurve writes a run's training loss and validation accuracy, epoch by
// epoch, for the tests' logs.
func playCurve(r PlayRun) string {
	var parts []string
	for _, e := range r.Points {
		parts = append(parts, fmt.Sprintf("%d: %.3f %.1f%%", e.Epoch, e.TrainLoss, 100*e.ValidationAccuracy))
	}
	return strings.Join(parts, ", ")
}

// rises counts the epochs after which the training loss went up.
func rises(r PlayRun) int {
	n := 0
	for i := 1; i < len(r.Points); i++ {
		if r.Points[i].TrainLoss > r.Points[i-1].TrainLoss {
			n++
		}
	}
	return n
}

// prompt returns the guided experiment with the given title, or fails.
func prompt(t *testing.T, title string) PlayPrompt {
	t.Helper()
	for _, p := range PlayPrompts() {
		if p.Title == title {
			return p
		}
	}
	t.Fatalf("no prompt %q", title)
	return PlayPrompt{}
}

// --- The guided prompts' promises ---------------------------------------------

func TestPlaygroundPromptRateTooSmall(t *testing.T) {
	p := prompt(t, "A rate too small")
	runs := playRuns(t, p.Runs...)
	d, tiny := runs[0], runs[1]
	first, last := tiny.Points[0], tiny.Final()
	if tiny.State != "finished" || last.TrainLoss < 0.9*first.TrainLoss || last.ValidationLoss < 0.9*first.ValidationLoss {
		t.Errorf("at %g the losses fell from %.3f and %.3f to %.3f and %.3f (%s), want less than 10%% (almost flat)",
			tiny.Settings.LearningRate(), first.TrainLoss, first.ValidationLoss, last.TrainLoss, last.ValidationLoss, tiny.State)
	}
	if last.ValidationAccuracy > d.Final().ValidationAccuracy-0.5 {
		t.Errorf("at %g the accuracy ends at %.1f%%, want far (50 points) below the default run's %.1f%%",
			tiny.Settings.LearningRate(), 100*last.ValidationAccuracy, 100*d.Final().ValidationAccuracy)
	}
}

func TestPlaygroundPromptEdgeOfStability(t *testing.T) {
	p := prompt(t, "The edge of stability")
	runs := playRuns(t, p.Runs...)
	d, edge, over := runs[0], runs[1], runs[2]
	if edge.State != "finished" {
		t.Fatalf("at %g: %s (%s), want a finished run", edge.Settings.LearningRate(), edge.State, edge.Err)
	}
	if rises(edge) < 1 {
		t.Errorf("at %g the training loss never rose between epochs: %s", edge.Settings.LearningRate(), playCurve(edge))
	}
	if a, ad := edge.Points[1].ValidationAccuracy, d.Points[1].ValidationAccuracy; a > ad-0.2 {
		t.Errorf("at %g the accuracy after one epoch is %.1f%%, want far (20 points) behind the default's %.1f%%",
			edge.Settings.LearningRate(), 100*a, 100*ad)
	}
	if over.State != "diverged" {
		t.Errorf("at %g: %s, want a divergence", over.Settings.LearningRate(), over.State)
	}
	if edge.Settings.Rate+1 != over.Settings.Rate {
		t.Errorf("the rates %g and %g are not neighbours on the control", edge.Settings.LearningRate(), over.Settings.LearningRate())
	}
}

func TestPlaygroundPromptDiverging(t *testing.T) {
	p := prompt(t, "A rate that diverges")
	runs := playRuns(t, p.Runs...)
	bad, back := runs[0], runs[1]
	if bad.State != "diverged" || !strings.Contains(bad.Err, "diverged at epoch 1,") {
		t.Fatalf("at %g: %s with %q, want a divergence in epoch 1", bad.Settings.LearningRate(), bad.State, bad.Err)
	}
	if len(bad.Points) != 1 || bad.Points[0].Epoch != 0 {
		t.Errorf("the diverged run has %d points, want only the one before training", len(bad.Points))
	}
	chart := PlayChartHTML(bad, nil)
	for _, want := range []string{`data-state="diverged"`, "diverged.", "training diverged at epoch 1",
		"try a smaller learning rate"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the chart of the diverged run does not say %q", want)
		}
	}
	if back.State != "finished" || back.Final().ValidationAccuracy < 0.85 {
		t.Errorf("back at %g: %s at %.1f%%, want a run that trains again", back.Settings.LearningRate(),
			back.State, 100*back.Final().ValidationAccuracy)
	}
}

func TestPlaygroundPromptBatchSize(t *testing.T) {
	p := prompt(t, "Batch size 1 against the whole subset")
	runs := playRuns(t, p.Runs...)
	one, whole := runs[0], runs[1]
	if one.State != "finished" || whole.State != "finished" {
		t.Fatalf("states %s and %s, want both finished", one.State, whole.State)
	}
	if u := one.Points[1].Updates; u != one.Settings.Subset {
		t.Errorf("batches of 1 made %d updates in the first epoch, want %d", u, one.Settings.Subset)
	}
	if u := whole.Points[1].Updates; u != 1 {
		t.Errorf("the whole subset made %d updates in the first epoch, want 1", u)
	}
	if a := one.Points[1].ValidationAccuracy; a < 0.8 {
		t.Errorf("batches of 1 reach %.1f%% after one epoch, want over 80%%", 100*a)
	}
	if a := whole.Final().ValidationAccuracy; a > 0.2 {
		t.Errorf("the whole subset reaches %.1f%% after %d epochs, want hardly above chance (under 20%%)",
			100*a, whole.Settings.Epochs)
	}
	if s1, sw := one.Final().Seconds, whole.Final().Seconds; s1 < 2*sw {
		t.Errorf("batches of 1 trained for %.2f s, the whole subset %.2f s; want batches of 1 slower (2×)", s1, sw)
	}
}

func TestPlaygroundPromptAdamVsSGD(t *testing.T) {
	p := prompt(t, "Adam against SGD at the same rate")
	runs := playRuns(t, p.Runs...)
	sgd, adam, adamFast := runs[0], runs[1], runs[2]
	if sgd.Settings.Rate != adam.Settings.Rate || sgd.Settings.Optimizer != "sgd" || adam.Settings.Optimizer != "adam" {
		t.Fatalf("the first two runs are not SGD and Adam at the same rate: %s; %s", sgd.Settings.Label(), adam.Settings.Label())
	}
	if a := sgd.Final().ValidationAccuracy; a > 0.8 {
		t.Errorf("SGD at %g reaches %.1f%%, want below 80%%", sgd.Settings.LearningRate(), 100*a)
	}
	if a := adam.Final().ValidationAccuracy; a < 0.9 {
		t.Errorf("Adam at %g reaches %.1f%%, want over 90%%", adam.Settings.LearningRate(), 100*a)
	}
	if adamFast.State != "diverged" || adamFast.Settings.Rate != PlayDefaults().Rate {
		t.Errorf("Adam at SGD's default rate %g: %s, want a divergence", adamFast.Settings.LearningRate(), adamFast.State)
	}
}

func TestPlaygroundPromptEightUnits(t *testing.T) {
	p := prompt(t, "A hidden layer of 8 units")
	runs := playRuns(t, p.Runs...)
	d, narrow := runs[0], runs[1]
	if !slices.Equal(narrow.Settings.Hidden, []int{8}) {
		t.Fatalf("hidden layers %v, want [8]", narrow.Settings.Hidden)
	}
	an, ad := narrow.Final().ValidationAccuracy, d.Final().ValidationAccuracy
	if an < 0.8 || an > ad-0.03 {
		t.Errorf("8 units reach %.1f%%, the default %.1f%%; want over 80%% and at least 3 points below", 100*an, 100*ad)
	}
	if narrow.Final().TrainLoss <= d.Final().TrainLoss {
		t.Errorf("8 units end with training loss %.3f, want above the default's %.3f",
			narrow.Final().TrainLoss, d.Final().TrainLoss)
	}
	if narrow.Final().Seconds >= d.Final().Seconds {
		t.Errorf("8 units trained for %.2f s, the default %.2f s; want faster", narrow.Final().Seconds, d.Final().Seconds)
	}
}

// TestPlaygroundPrompts checks what every prompt says of itself: six, each
// trying and promising something, with valid settings that differ.
func TestPlaygroundPrompts(t *testing.T) {
	t.Parallel()
	prompts := PlayPrompts()
	if len(prompts) != 6 {
		t.Errorf("%d prompts, want 6", len(prompts))
	}
	for _, p := range prompts {
		if p.Title == "" || p.Try == "" || p.See == "" || len(p.Runs) < 2 {
			t.Errorf("prompt %q: empty text or fewer than two runs", p.Title)
		}
		for _, s := range p.Runs {
			if err := s.Check(); err != nil {
				t.Errorf("prompt %q: %v", p.Title, err)
			}
		}
	}
	md := PlayPromptsMarkdown(prompts)
	if !strings.HasPrefix(md, "1. **A rate too small.** Move the learning rate from 0.1 to its smallest, **0.0001**.") {
		t.Errorf("the prompts' Markdown starts %.120q", md)
	}
	if n := strings.Count(md, "*You should see:*"); n != len(prompts) {
		t.Errorf("%d \"You should see\" in the Markdown, want %d", n, len(prompts))
	}
}

// --- Speed ----------------------------------------------------------------

// TestPlaygroundDefaultRunIsCheap keeps the default run (10,000 images, 5
// epochs, scored after every epoch) cheap, compared side by side with one
// plain epoch of mini-batch training on the 50,000 images of the training
// split: at most 4 times as long, best of three each (on this project's
// 2-core machine it took less than twice as long, well under the 2 s the
// playground promises). A ratio rather than a time, since the machines are
// shared and their speed varies: BenchmarkPlaygroundLatency and the
// browser check measure the seconds.
func TestPlaygroundDefaultRunIsCheap(t *testing.T) {
	train, validation := playMNIST()
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	epoch := func() time.Duration {
		net := nnlib.NewNetwork(nnlib.DefaultSizes, rand.New(rand.NewPCG(1, 0)))
		start := time.Now()
		_, err := nnlib.Train(context.Background(), net, train, nnlib.Config{Epochs: 1,
			LearningRate: 0.1, BatchSize: 128, Seed: 1, TrainEvalSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	play, plain := time.Hour, time.Hour
	for range 3 {
		r := PlayTrain(context.Background(), train, validation, PlayDefaults(), 1, nil)
		play, plain = min(play, r.Elapsed), min(plain, epoch())
	}
	t.Logf("default run %v, plain epoch on 50,000 images %v: %.1f×", play, plain,
		play.Seconds()/plain.Seconds())
	if play > 4*plain {
		t.Errorf("the default run took %v, %.1f× a plain epoch on 50,000 images (%v); want at most 4×",
			play, play.Seconds()/plain.Seconds(), plain)
	}
}

// BenchmarkPlaygroundLatency measures what a reader waits for after moving
// a control, on the starting settings: the time to the first point drawn
// (the network before training), to the first trained point (epoch 1),
// and to the end of the run, in ms per run.
//
//	go test ./nnlib/notebook -run '^$' -bench PlaygroundLatency -benchtime 5x
func BenchmarkPlaygroundLatency(b *testing.B) {
	train, validation := playMNIST()
	var first, epoch1, end time.Duration
	for b.Loop() {
		r := PlayTrain(context.Background(), train, validation, PlayDefaults(), 1, nil)
		first, epoch1, end = first+r.FirstPoint, epoch1+r.FirstEpoch, end+r.Elapsed
	}
	ms := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(b.N) }
	b.ReportMetric(ms(first), "ms-first-point")
	b.ReportMetric(ms(epoch1), "ms-epoch-1")
	b.ReportMetric(ms(end), "ms-end")
}

// --- Settings and messages -------------------------------------------------

func TestPlaySettingsCheck(t *testing.T) {
	t.Parallel()
	if err := PlayDefaults().Check(); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
	for _, tt := range []struct {
		change func(*PlaySettings)
		want   string
	}{
		{func(s *PlaySettings) { s.Rate = -1 }, "rate index -1"},
		{func(s *PlaySettings) { s.Rate = len(PlayRates) }, "rate index 11"},
		{func(s *PlaySettings) { s.Batch = -2 }, "batch size -2"},
		{func(s *PlaySettings) { s.Optimizer = "lion" }, `optimizer "lion"`},
		{func(s *PlaySettings) { s.Schedule = "" }, `schedule ""`},
		{func(s *PlaySettings) { s.Hidden = []int{1, 2, 3, 4, 5} }, "5 hidden layers"},
		{func(s *PlaySettings) { s.Hidden = []int{128, 0} }, "a hidden layer of 0 units"},
		{func(s *PlaySettings) { s.Hidden = []int{2000} }, "a hidden layer of 2000 units"},
		{func(s *PlaySettings) { s.Epochs = 0 }, "0 epochs"},
		{func(s *PlaySettings) { s.Subset = 999 }, "a subset of 999 images"},
		{func(s *PlaySettings) { s.Subset = 50001 }, "a subset of 50001 images"},
	} {
		err := playWith(tt.change).Check()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check() = %v, want an error containing %q", err, tt.want)
		}
	}
	// No hidden layer (a linear classifier) and a batch larger than the
	// subset (the whole subset) are fine.
	for _, s := range []PlaySettings{playWith(func(s *PlaySettings) { s.Hidden = nil }),
		playWith(func(s *PlaySettings) { s.Batch = 20000 })} {
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", s.Label(), err)
		}
	}
}

func TestPlaySettingsLabel(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		s    PlaySettings
		want string
	}{
		{PlayDefaults(), "sgd η=0.1, batch 64, 784-128-64-10, 10,000 images, 5 epochs"},
		{playWith(func(s *PlaySettings) { s.Rate, s.Batch, s.Optimizer, s.Schedule = 0, 0, "adam", "cosine" }),
			"adam (cosine) η=0.0001, whole subset, 784-128-64-10, 10,000 images, 5 epochs"},
		{playWith(func(s *PlaySettings) { s.Batch, s.Subset, s.Hidden = 1000, 1000, nil }),
			"sgd η=0.1, whole subset, 784-10, 1,000 images, 5 epochs"},
	} {
		if got := tt.s.Label(); got != tt.want {
			t.Errorf("Label() = %q, want %q", got, tt.want)
		}
	}
	if got := PlayDefaults().batch(); got != 64 {
		t.Errorf("batch() = %d, want 64", got)
	}
	if got := playWith(func(s *PlaySettings) { s.Batch = 10000 }).batch(); got != 0 {
		t.Errorf("a batch as large as the subset: batch() = %d, want 0 (full batch)", got)
	}
}

func TestPlayRates(t *testing.T) {
	t.Parallel()
	for i, r := range PlayRates {
		if want := HalfDecade(i - 8); r != want {
			t.Errorf("PlayRates[%d] = %g, want %g", i, r, want)
		}
	}
	if PlayRates[0] != 1e-4 || PlayRates[len(PlayRates)-1] != 10 {
		t.Errorf("PlayRates run from %g to %g, want 1e-4 to 10", PlayRates[0], PlayRates[len(PlayRates)-1])
	}
}

func TestParseHidden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want []int
	}{
		{"128, 64", []int{128, 64}}, {"8", []int{8}}, {"", []int{}}, {" 32 16 ", []int{32, 16}},
		{"256-128", []int{256, 128}},
	} {
		got, err := ParseHidden(tt.text)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ParseHidden(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
		}
	}
	if _, err := ParseHidden("128, lots"); err == nil || !strings.Contains(err.Error(), `"lots" is not a whole number`) {
		t.Errorf("ParseHidden(\"128, lots\") error = %v", err)
	}
}

func TestParsePlayMessage(t *testing.T) {
	t.Parallel()
	settings := `{"rate":8,"batch":1,"optimizer":"adam","schedule":"step","hidden":"32, 16","epochs":3,"subset":2000}`
	kind, seq, req, err := parsePlayMessage("run:7:" + settings)
	want := PlaySettings{Rate: 8, Batch: 1, Optimizer: "adam", Schedule: "step", Hidden: []int{32, 16}, Epochs: 3, Subset: 2000}
	if err != nil || kind != "run" || seq != 7 || req.err != nil || req.reset ||
		fmt.Sprint(req.settings) != fmt.Sprint(want) {
		t.Fatalf("parsePlayMessage(run) = %s %d %+v %v; want run 7 %+v", kind, seq, req, err, want)
	}
	if kind, _, req, _ := parsePlayMessage("reset:8:" + settings); kind != "reset" || !req.reset {
		t.Errorf("parsePlayMessage(reset) = %s, reset %v", kind, req.reset)
	}
	for msg, want := range map[string]string{"ready:0": "ready", "stop:9": "stop"} {
		if kind, _, _, err := parsePlayMessage(msg); kind != want || err != nil {
			t.Errorf("parsePlayMessage(%q) = %q, %v; want %q", msg, kind, err, want)
		}
	}
	// Settings out of range: a request that carries the error.
	_, _, req, err = parsePlayMessage(`run:3:{"rate":4,"batch":64,"optimizer":"sgd","schedule":"constant",` +
		`"hidden":"128, x","epochs":5,"subset":10000}`)
	if err != nil || req.err == nil || !strings.Contains(req.err.Error(), `"x" is not a whole number`) {
		t.Errorf("bad hidden widths: err %v, request error %v", err, req.err)
	}
	_, _, req, _ = parsePlayMessage(`run:4:{"rate":4,"batch":64,"optimizer":"sgd","schedule":"constant",` +
		`"hidden":"8","epochs":500,"subset":10000}`)
	if req.err == nil || !strings.Contains(req.err.Error(), "500 epochs") {
		t.Errorf("500 epochs: request error %v", req.err)
	}
}

func TestParsePlayMessageErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ msg, want string }{
		{"", `unknown kind ""`},
		{"go:1", `unknown kind "go"`},
		{"run:1", "2 fields, want 3"},
		{"stop", "1 fields, want 2"},
		{"run:x:{}", `sequence number "x"`},
		{"run:-1:{}", `sequence number "-1"`},
		{"run:1:{nope", "settings:"},
	} {
		kind, _, _, err := parsePlayMessage(tt.msg)
		if err == nil || kind != "" || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parsePlayMessage(%q) = %q, %v; want an error containing %q", tt.msg, kind, err, tt.want)
		}
	}
}

func TestPlayPanelReceive(t *testing.T) {
	t.Parallel()
	p := newPlayPanel("test")
	if p.id != "nnlib-playground-test" || p.address != "/nnlib/playground/test" {
		t.Errorf("id %q, address %q", p.id, p.address)
	}
	p.receive("ready:0")
	select {
	case <-p.ready:
	default:
		t.Fatal("ready:0 did not mark the controls ready")
	}
	msg := func(seq, rate int) string {
		return fmt.Sprintf(`run:%d:{"rate":%d,"batch":64,"optimizer":"sgd","schedule":"constant",`+
			`"hidden":"128, 64","epochs":5,"subset":10000}`, seq, rate)
	}
	// Only the latest request waits; older ones are dropped.
	p.receive(msg(1, 3))
	p.receive(msg(2, 5))
	p.receive(msg(1, 9))
	if req := <-p.requests; req.settings.Rate != 5 {
		t.Errorf("the request waiting has rate %d, want the latest one's, 5", req.settings.Rate)
	}
	select {
	case req := <-p.requests:
		t.Errorf("a second request waits: %+v", req)
	default:
	}
	p.receive("run:3:{broken") // reported and ignored
	p.receive("stop:4")
	p.receive("stop:5") // twice is harmless
	select {
	case <-p.done:
	default:
		t.Fatal("stop:4 did not close done")
	}
	if !strings.Contains(p.Reason(), "Stop button") {
		t.Errorf("Reason() = %q", p.Reason())
	}
}

// --- The chart, the controls ---------------------------------------------------

// fakeRun returns a finished run of the default settings numbered n with
// epochs points, the loss falling and the accuracy rising.
func fakeRun(n, epochs int) PlayRun {
	r := PlayRun{N: n, Settings: PlayDefaults(), State: "finished", Elapsed: 1200 * time.Millisecond}
	for e := range epochs + 1 {
		f := float64(e) / float64(epochs)
		r.Points = append(r.Points, nnlib.EpochStats{Epoch: e, TrainLoss: 2.3 - 2*f, ValidationLoss: 2.3 - 1.9*f,
			TrainAccuracy: 0.1 + 0.85*f, ValidationAccuracy: 0.1 + 0.8*f})
	}
	return r
}

func TestPlayChartHTML(t *testing.T) {
	t.Parallel()
	earlier := []PlayRun{fakeRun(1, 5), fakeRun(2, 5)}
	earlier[1].State, earlier[1].Err, earlier[1].Points = "diverged", "nnlib: training diverged", earlier[1].Points[:1]
	cur := fakeRun(3, 5)
	cur.State, cur.Points = "running", cur.Points[:3]
	h := PlayChartHTML(cur, earlier)
	for _, want := range []string{
		`class="nnlib-playground-chart" data-run="3" data-state="running" data-points="3" data-rate="0.1"`,
		`data-earlier="2"`, "<svg", "loss (cross-entropy)", "accuracy", ">#1</text>", ">#2</text>",
		"<b>Run #3</b> (sgd η=0.1, batch 64, 784-128-64-10, 10,000 images, 5 epochs): epoch 2 of 5",
		"#1: sgd η=0.1", "validation accuracy 90.0%", "#2: sgd η=0.1, batch 64, 784-128-64-10, 10,000 images, 5 epochs: diverged in epoch 1",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the chart has no %q", want)
		}
	}
	// Two panels, each with a training and a validation curve per run.
	if n := strings.Count(h, `<polyline class="nnlib-curve"`); n != 2*2*3 {
		t.Errorf("%d curves, want 12", n)
	}
	if n := strings.Count(h, `data-run="3" data-kind="validation"`); n != 2 {
		t.Errorf("%d validation curves of the current run, want 2", n)
	}
	if n := strings.Count(h, `stroke-opacity="0.3"`); n != 8 {
		t.Errorf("%d faint curves, want 8", n)
	}
	// The grid lines are level.
	for _, m := range regexp.MustCompile(`<line [^>]*y1="([^"]*)" y2="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		if m[1] != m[2] {
			t.Errorf("a grid line from y = %s to %s, want level", m[1], m[2])
		}
	}
	// Points are inside the panels, and a loss off the scale is drawn at its top.
	cur.Points[1].TrainLoss = 50
	h = PlayChartHTML(cur, nil)
	for _, m := range regexp.MustCompile(`\spoints="([^"]*)"`).FindAllStringSubmatch(h, -1) {
		for _, p := range strings.Fields(m[1]) {
			var x, y float64
			fmt.Sscanf(p, "%g,%g", &x, &y)
			if x < 0 || x > 760 || y < 20 || y > 200 {
				t.Errorf("point %s outside the panels", p)
			}
		}
	}

	diverged := PlayRun{N: 4, Settings: PlayDefaults(), State: "diverged", Points: cur.Points[:1],
		Err: `nnlib: training diverged at epoch 1, update 2: the loss is 226.8 <b>`}
	h = PlayChartHTML(diverged, nil)
	for _, want := range []string{`data-state="diverged"`, `class="nnlib-diverged"`,
		"training diverged at epoch 1, update 2: the loss is 226.8 &lt;b&gt;"} {
		if !strings.Contains(h, want) {
			t.Errorf("the diverged run's chart has no %q", want)
		}
	}
	done := fakeRun(5, 5)
	if h := PlayChartHTML(done, nil); !strings.Contains(h, "finished in 1.2 s, training loss 0.300, validation accuracy <b>90.0%</b>") {
		t.Errorf("the finished run's line: %s", h[strings.Index(h, "nnlib-playground-status"):])
	}
}

func TestPlayControlsHTMLAndJS(t *testing.T) {
	t.Parallel()
	id, address := "nnlib-playground-x1", "/nnlib/playground/x1"
	h := playControlsHTML(id, PlayDefaults())
	for _, want := range []string{`id="nnlib-playground-x1"`, `id="nnlib-playground-x1-rate" min="0" max="10" step="1" value="6"`,
		`<b id="nnlib-playground-x1-rate-value">0.1</b>`, `<option value="64" selected>64</option>`,
		`<option value="0">whole subset</option>`, `<option value="sgd" selected>SGD</option>`,
		`<option value="constant" selected>`, `id="nnlib-playground-x1-hidden" value="128, 64"`,
		`id="nnlib-playground-x1-epochs" min="1" max="50" value="5"`, `<option value="10000" selected>10,000</option>`,
		`id="nnlib-playground-x1-run"`, `id="nnlib-playground-x1-reset"`, `id="nnlib-playground-x1-stop"`,
		`id="nnlib-playground-x1-status"`} {
		if !strings.Contains(h, want) {
			t.Errorf("the controls have no %q", want)
		}
	}
	js := playJS(id, address, PlayDefaults())
	if !strings.HasPrefix(js, strings.TrimSpace(playScript)[:40]) {
		t.Errorf("playJS does not start with playground.js: %.80s", js)
	}
	for _, want := range []string{`"address":"/nnlib/playground/x1"`, `"rates":[0.0001,0.0003,0.001,`,
		`"hidden":"128, 64"`, `"rate":"6"`} {
		if !strings.Contains(js[len(playScript)-10:], want) {
			t.Errorf("playJS's settings have no %s", want)
		}
	}
	if js := playJS(`a"b</script>`, "x", PlayDefaults()); strings.Contains(js, "</script>") {
		t.Error("playJS does not escape the id")
	}
}

// TestPlaygroundScriptsParse checks that the scripts sent to the page, the
// playground's and the drawing pad's, are valid JavaScript, with Node.js's
// parser when it is installed: a syntax error there shows only in a
// browser, as controls that never connect.
func TestPlaygroundScriptsParse(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on the PATH")
	}
	for name, js := range map[string]string{
		"playground.js": playJS("nnlib-playground-x", "/nnlib/playground/x", PlayDefaults()),
		"drawpad.js":    padJS("nnlib-drawpad-x", "/nnlib/drawpad/x"),
	} {
		file := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(file, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", name, err, out)
		}
	}
}

// --- The loop ------------------------------------------------------------------

// randomDigits returns n random "images" of 784 values with random labels:
// enough for the loop's tests, which need runs, not learning.
func randomDigits(n int, seed uint64) nnlib.Dataset {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := mat.NewDense(n, 784, nil)
	labels := make([]int, n)
	for i := range n {
		for j := range 784 {
			x.Set(i, j, rng.Float64())
		}
		labels[i] = rng.IntN(10)
	}
	return nnlib.Dataset{X: x, Labels: labels}
}

// chartsSeen collects the charts a session shows.
type chartsSeen struct {
	mu     sync.Mutex
	charts []string
}

func (c *chartsSeen) show(h string) { c.mu.Lock(); c.charts = append(c.charts, h); c.mu.Unlock() }

// waitFor waits, at most 20 s, for a chart that contains want.
func (c *chartsSeen) waitFor(t *testing.T, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, h := range c.charts {
			if strings.Contains(h, want) {
				c.mu.Unlock()
				return h
			}
		}
		c.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no chart with %q within 20 s", want)
	return ""
}

// waitForEnd waits, at most 20 s, for the chart of run n finished or
// diverged, and returns it.
func (c *chartsSeen) waitForEnd(t *testing.T, n int) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, h := range c.charts {
			for _, state := range []string{"finished", "diverged"} {
				if strings.Contains(h, fmt.Sprintf(`data-run="%d" data-state="%s"`, n, state)) {
					c.mu.Unlock()
					return h
				}
			}
		}
		c.mu.Unlock()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("run %d did not end within 20 s", n)
	return ""
}

func TestPlaygroundSession(t *testing.T) {
	t.Parallel()
	seen := &chartsSeen{}
	requests := make(chan playRequest, 1)
	done := make(chan struct{})
	s := &playSession{train: randomDigits(1000, 1), validation: randomDigits(100, 2), show: seen.show,
		requests: requests, done: done, idle: time.Minute}
	small := PlaySettings{Rate: 4, Batch: 100, Optimizer: "sgd", Schedule: "constant", Hidden: []int{8},
		Epochs: 2, Subset: 1000}
	type result struct{ last, reason string }
	ended := make(chan result)
	go func() {
		last, reason := s.play(small)
		ended <- result{last, reason}
	}()
	seen.waitFor(t, `data-run="1" data-state="finished" data-points="3"`)

	// A long run, superseded before it ends: cancelled, and not kept.
	long := small
	long.Epochs, long.Batch = PlayMaxEpochs, 1
	requests <- playRequest{settings: long}
	seen.waitFor(t, `data-run="2" data-state="running" data-points="1"`)
	bad := small
	bad.Rate = len(PlayRates) - 1
	requests <- playRequest{settings: bad}
	h := seen.waitFor(t, `data-run="3" data-state="`)
	if !strings.Contains(h, `data-earlier="1"`) {
		t.Errorf("run 3 starts with other runs before it than run 1: %.300s", h)
	}
	seen.waitForEnd(t, 3) // random labels: at rate 10 the run may diverge, or not

	// Settings out of range are said, and run nothing.
	requests <- playRequest{err: errors.New("notebook: playground: 0 epochs, want 1 to 50")}
	seen.waitFor(t, "Not run: notebook: playground: 0 epochs")

	// Reset forgets the earlier runs.
	requests <- playRequest{settings: small, reset: true}
	h = seen.waitFor(t, `data-run="4" data-state="finished"`)
	if !strings.Contains(h, `data-earlier="0"`) {
		t.Errorf("after Reset, run 4 has runs before it: %.300s", h)
	}
	// Five more runs: only PlayKeep stay as faint curves.
	for i := range 5 {
		requests <- playRequest{settings: small}
		seen.waitFor(t, fmt.Sprintf(`data-run="%d" data-state="finished"`, 5+i))
	}
	h = seen.waitFor(t, `data-run="9" data-state="finished"`)
	if !strings.Contains(h, fmt.Sprintf(`data-earlier="%d"`, PlayKeep)) {
		t.Errorf("run 9 does not show %d earlier runs: %.300s", PlayKeep, h)
	}
	// Stop, during a long run: it ends at once, with the last chart.
	requests <- playRequest{settings: long}
	seen.waitFor(t, `data-run="10" data-state="running"`)
	stopAt := time.Now()
	close(done)
	select {
	case r := <-ended:
		if !strings.Contains(r.last, `data-run="10" data-state="stopped"`) || r.reason != "" {
			t.Errorf("after Stop: reason %q, last chart %.200s", r.reason, r.last)
		}
		if d := time.Since(stopAt); d > 5*time.Second {
			t.Errorf("Stop took %v to end the playground", d)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the playground did not end within 20 s of Stop")
	}
}

func TestPlaygroundSessionIdle(t *testing.T) {
	t.Parallel()
	seen := &chartsSeen{}
	s := &playSession{train: randomDigits(1000, 3), validation: randomDigits(100, 4), show: seen.show,
		requests: make(chan playRequest), done: make(chan struct{}), idle: 300 * time.Millisecond}
	small := PlaySettings{Rate: 4, Batch: 500, Optimizer: "adam", Schedule: "cosine", Hidden: nil, Epochs: 1, Subset: 1000}
	start := time.Now()
	last, reason := s.play(small)
	if !strings.Contains(reason, "no control was moved for 300ms") || !strings.Contains(last, `data-run="1"`) {
		t.Errorf("idle: reason %q, last chart %.200s", reason, last)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("an idle playground ended after %v", d)
	}
}

func TestPlaygroundHeadless(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST; skipped with -short")
	}
	root, err := repositoryRoot()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	(&Kit{Name: "playground-test", Root: root}).Playground(PlayDefaults(), time.Minute, time.Hour)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Playground outside a notebook took %v, want one run and no wait", d)
	}
}
