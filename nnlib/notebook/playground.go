package notebook

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// The playground is notebook 10's set of controls for training the network
// on MNIST: move one (the learning rate, the batch size, the optimizer,
// the schedule, the hidden widths, the epochs, the size of the training
// subset) and the cell's Go program cancels the run under way, trains a
// new network from the same seed, and redraws the loss and accuracy curves
// after every epoch, training and validation, with the last few runs
// beside it as faint curves. Its parts:
//
//   - PlaySettings, the settings the controls set, and PlayTrain, one run
//     with a callback after every epoch, cancelled through its context;
//   - PlayChartHTML, the chart of a run and of the runs before it, as SVG
//     in HTML, drawn in Go so that tests can read it;
//   - the controls: HTML (playControlsHTML) brought to life by
//     playground.js, which sends the settings to Go over the same link as
//     the drawing pad (pagelink.go); playSession runs the loop;
//   - Kit.Playground, which the notebook calls: the controls in a browser,
//     one default run and its chart in a headless run;
//   - PlayPrompts, the guided experiments, each with the settings that its
//     test (playground_test.go) runs to keep its promise true.

// PlayRates are the learning rates the playground offers, from 10⁻⁴ to 10
// in half-decades (HalfDecade): the rate control is an index into it.
var PlayRates = []float64{1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}

// PlayBatches are the batch sizes offered; 0 is the whole subset (full
// batch).
var PlayBatches = []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 0}

// PlaySubsets are the training subsets offered: the first so many of the
// 50,000 images of the training split.
var PlaySubsets = []int{1000, 2000, 5000, 10000, 20000, 50000}

// The other limits of the playground's settings.
const (
	PlayMaxEpochs = 50   // epochs of a run
	PlayMaxWidth  = 1024 // units in a hidden layer
	PlayMaxHidden = 4    // hidden layers
	PlaySeed      = 1    // every run starts from the same weights and shuffles
	PlayKeep      = 4    // earlier runs kept as faint curves

	// PlayTrainEval is how many of the subset's images (the first ones)
	// score the training loss and accuracy after every epoch: a sample
	// draws the curve as well as all of them would, and scoring all 10,000
	// of the default subset would add a quarter to a run's time.
	PlayTrainEval = 2000
)

// PlaySettings are the settings of one playground run.
type PlaySettings struct {
	Rate      int    `json:"rate"`      // index into PlayRates
	Batch     int    `json:"batch"`     // examples per update; 0 (or ≥ Subset): the whole subset
	Optimizer string `json:"optimizer"` // "sgd", "momentum" or "adam"
	Schedule  string `json:"schedule"`  // "constant", "cosine" or "step"
	Hidden    []int  `json:"hidden"`    // widths of the hidden layers, input to output
	Epochs    int    `json:"epochs"`
	Subset    int    `json:"subset"` // trains on the first Subset images of the training split
}

// PlayDefaults returns the playground's starting settings: the project's
// network (784→128→64→10), SGD at 0.1 on batches of 64, 5 epochs on
// 10,000 images.
func PlayDefaults() PlaySettings {
	return PlaySettings{Rate: 6, Batch: 64, Optimizer: "sgd", Schedule: "constant",
		Hidden: []int{128, 64}, Epochs: 5, Subset: 10000}
}

// LearningRate returns the rate that s.Rate picks.
func (s PlaySettings) LearningRate() float64 { return PlayRates[s.Rate] }

// Check returns an error naming the first setting out of range.
func (s PlaySettings) Check() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("notebook: playground: "+format, args...)
	}
	switch {
	case s.Rate < 0 || s.Rate >= len(PlayRates):
		return fail("rate index %d, want 0 to %d", s.Rate, len(PlayRates)-1)
	case s.Batch < 0:
		return fail("batch size %d, want ≥ 1, or 0 for the whole subset", s.Batch)
	case !slices.Contains([]string{"sgd", "momentum", "adam"}, s.Optimizer):
		return fail("optimizer %q, want sgd, momentum or adam", s.Optimizer)
	case !slices.Contains([]string{"constant", "cosine", "step"}, s.Schedule):
		return fail("schedule %q, want constant, cosine or step", s.Schedule)
	case len(s.Hidden) > PlayMaxHidden:
		return fail("%d hidden layers, want at most %d", len(s.Hidden), PlayMaxHidden)
	case s.Epochs < 1 || s.Epochs > PlayMaxEpochs:
		return fail("%d epochs, want 1 to %d", s.Epochs, PlayMaxEpochs)
	case s.Subset < PlaySubsets[0] || s.Subset > PlaySubsets[len(PlaySubsets)-1]:
		return fail("a subset of %d images, want %d to %d", s.Subset, PlaySubsets[0], PlaySubsets[len(PlaySubsets)-1])
	}
	for _, w := range s.Hidden {
		if w < 1 || w > PlayMaxWidth {
			return fail("a hidden layer of %d units, want 1 to %d", w, PlayMaxWidth)
		}
	}
	return nil
}

// Sizes returns the network's layer widths: 784 inputs, the hidden
// layers, 10 outputs.
func (s PlaySettings) Sizes() []int {
	return slices.Concat([]int{784}, s.Hidden, []int{10})
}

// batch returns the batch size nnlib.Config takes: 0 for the whole subset.
func (s PlaySettings) batch() int {
	if s.Batch >= s.Subset {
		return 0
	}
	return s.Batch
}

// Label describes s in one short line, such as
// "sgd η=0.1, batch 64, 784-128-64-10, 10,000 images, 5 epochs".
func (s PlaySettings) Label() string {
	batch := "whole subset"
	if b := s.batch(); b > 0 {
		batch = "batch " + strconv.Itoa(b)
	}
	opt := s.Optimizer
	if s.Schedule != "constant" {
		opt += " (" + s.Schedule + ")"
	}
	return fmt.Sprintf("%s η=%s, %s, %s, %s images, %d epochs", opt,
		strconv.FormatFloat(s.LearningRate(), 'g', -1, 64), batch, formatSizes(s.Sizes()),
		thousands(s.Subset), s.Epochs)
}

func formatSizes(sizes []int) string {
	parts := make([]string, len(sizes))
	for i, w := range sizes {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, "-")
}

// thousands writes n with commas: 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ParseHidden reads hidden widths as the page's text box holds them,
// numbers separated by commas or spaces ("128, 64"); empty means no hidden
// layer. It does not check the ranges (PlaySettings.Check does).
func ParseHidden(text string) ([]int, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '-' })
	widths := []int{}
	for _, f := range fields {
		w, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("notebook: playground: hidden widths %q: %q is not a whole number", text, f)
		}
		widths = append(widths, w)
	}
	return widths, nil
}

// A PlayRun is one run of the playground: its settings, the record of
// every epoch so far (epoch 0 is the network before training), and how it
// ended.
type PlayRun struct {
	N        int // the run's number in its playground, from 1
	Settings PlaySettings
	Points   []nnlib.EpochStats
	State    string // "running", "finished", "diverged" or "stopped" (cancelled)
	Err      string // Train's message, when it diverged

	// The time from the start of the run to the first point (epoch 0) and
	// to the first trained point (epoch 1), and to its end.
	FirstPoint, FirstEpoch, Elapsed time.Duration
}

// Final returns the last point of the run, or the zero EpochStats if it
// has none.
func (r PlayRun) Final() nnlib.EpochStats {
	if len(r.Points) == 0 {
		return nnlib.EpochStats{}
	}
	return r.Points[len(r.Points)-1]
}

// PlayTrain trains a new network as s says, from the seed PlaySeed, on the
// first s.Subset images of train (the 50,000 of the training split),
// scoring validation (the held-out 10,000) after every epoch, and returns
// the run, numbered n. After every epoch, and once before training, it
// calls update (if not nil) with the run so far, on its own goroutine; the
// run must not be kept after update returns, only read.
//
// Cancelling ctx stops the run after the update under way (its State is
// then "stopped"); a run whose loss blows up stops with State "diverged"
// and Train's message in Err. It panics if s fails Check, or if train
// holds fewer than s.Subset images.
func PlayTrain(ctx context.Context, train, validation nnlib.Dataset, s PlaySettings, n int, update func(*PlayRun)) PlayRun {
	if err := s.Check(); err != nil {
		panic(err)
	}
	if train.Len() < s.Subset {
		panic(fmt.Sprintf("notebook: PlayTrain: %d training images, the settings want %d", train.Len(), s.Subset))
	}
	opt, err := nnlib.NewOptimizer(s.Optimizer)
	if err != nil {
		panic(err)
	}
	schedule, err := nnlib.NewSchedule(s.Schedule)
	if err != nil {
		panic(err)
	}
	run := &PlayRun{N: n, Settings: s, State: "running"}
	start := time.Now()
	cfg := nnlib.Config{
		Epochs: s.Epochs, LearningRate: s.LearningRate(), BatchSize: s.batch(),
		Optimizer: opt, Schedule: schedule, Seed: PlaySeed, Validation: validation,
		TrainEvalSize: min(s.Subset, PlayTrainEval),
		Progress: func(e nnlib.EpochStats) {
			switch e.Epoch {
			case 0:
				run.FirstPoint = time.Since(start)
			case 1:
				run.FirstEpoch = time.Since(start)
			}
			run.Points = append(run.Points, e)
			run.Elapsed = time.Since(start)
			if update != nil {
				update(run)
			}
		},
	}
	net := nnlib.NewNetwork(s.Sizes(), rand.New(rand.NewPCG(PlaySeed, 0)))
	_, err = nnlib.Train(ctx, net, train.Slice(0, s.Subset), cfg)
	run.Elapsed = time.Since(start)
	var diverged *nnlib.DivergedError
	switch {
	case err == nil:
		run.State = "finished"
	case errors.As(err, &diverged):
		run.State, run.Err = "diverged", err.Error()
	case ctx.Err() != nil:
		run.State = "stopped"
	default:
		panic(err)
	}
	return *run
}

// --- The chart ----------------------------------------------------------------

// The chart's colours: training in blue, validation in orange, as the
// other notebooks' charts.
const (
	playTrainColor = "#2166ac"
	playValColor   = "#d6604d"
	playLossTop    = 2.5 // the loss axis runs from 0 to this; higher losses are drawn at the top
)

// PlayChartHTML returns the chart of a run, cur, over the runs before it,
// earlier (oldest first), drawn faint and labelled with their numbers: two
// panels, the loss and the accuracy after every epoch, each with a
// training curve and a validation curve; then a line on cur (its
// settings, how far it got, Train's message if it diverged) and a key
// to the faint runs.
//
// The result is a <div class="nnlib-playground-chart"> whose data-run,
// data-state, data-points, data-rate and data-validation-accuracy say
// what it shows, for programs that read the page (scripts/browser-check).
func PlayChartHTML(cur PlayRun, earlier []PlayRun) string {
	last := cur.Final()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="nnlib-playground-chart" data-run="%d" data-state="%s" data-points="%d" `+
		`data-rate="%g" data-validation-accuracy="%.4f" data-earlier="%d" data-elapsed-ms="%d" style="margin: 0.3em 0;">`,
		cur.N, html.EscapeString(cur.State), len(cur.Points), cur.Settings.LearningRate(),
		last.ValidationAccuracy, len(earlier), cur.Elapsed.Milliseconds())
	epochs := cur.Settings.Epochs
	for _, r := range earlier {
		epochs = max(epochs, r.Settings.Epochs)
	}
	const panelW, height = 380, 230
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %[1]d %[2]d" `+
		`style="font: 11px sans-serif; display: block;">`, 2*panelW, height)
	loss := func(e nnlib.EpochStats) (float64, float64) { return e.TrainLoss, e.ValidationLoss }
	acc := func(e nnlib.EpochStats) (float64, float64) { return e.TrainAccuracy, e.ValidationAccuracy }
	drawPlayPanel(&b, 0, panelW, height, "loss (cross-entropy)", 0, playLossTop,
		[]float64{0, 0.5, 1, 1.5, 2, 2.5}, "%g", epochs, loss, cur, earlier)
	drawPlayPanel(&b, panelW, panelW, height, "accuracy", 0, 1,
		[]float64{0, 0.2, 0.4, 0.6, 0.8, 1}, "%.0f%%", epochs, acc, cur, earlier)
	b.WriteString(`</svg>`)
	b.WriteString(playKeyHTML(min(cur.Settings.Subset, PlayTrainEval)))
	b.WriteString(playStatusHTML(cur))
	if len(earlier) > 0 {
		b.WriteString(`<div style="color: #57606a; font-size: 90%; margin-top: 0.2em;">Faint, the runs before:<ul style="margin: 0.1em 0;">`)
		for i := len(earlier) - 1; i >= 0; i-- {
			r := earlier[i]
			outcome := fmt.Sprintf("validation accuracy %.1f%%", 100*r.Final().ValidationAccuracy)
			if r.State == "diverged" {
				outcome = fmt.Sprintf("diverged in epoch %d", len(r.Points))
			}
			fmt.Fprintf(&b, `<li>#%d: %s: %s</li>`, r.N, html.EscapeString(r.Settings.Label()), outcome)
		}
		b.WriteString(`</ul></div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// drawPlayPanel draws one panel of the chart at x0: axes from epoch 0 to
// epochs and from lo to hi, with a tick at each of ticks (labelled with
// format, applied to 100·tick when it has a %), the earlier runs faint,
// then cur.
func drawPlayPanel(b *strings.Builder, x0, w, h float64, title string, lo, hi float64, ticks []float64,
	format string, epochs int, value func(nnlib.EpochStats) (float64, float64), cur PlayRun, earlier []PlayRun) {
	const left, right, top, bottom = 46, 14, 20, 30
	px := func(epoch int) float64 { return x0 + left + (w-left-right)*float64(epoch)/float64(max(epochs, 1)) }
	py := func(v float64) float64 {
		v = min(max(v, lo), hi) // off the scale: drawn at its edge
		return top + (h-top-bottom)*(hi-v)/(hi-lo)
	}
	fmt.Fprintf(b, `<text x="%.0f" y="13" fill="#24292f" font-weight="bold">%s</text>`, x0+left, html.EscapeString(title))
	for _, t := range ticks {
		label := fmt.Sprintf(format, t)
		if strings.Contains(format, "%%") {
			label = fmt.Sprintf(format, 100*t)
		}
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1[3]f" stroke="#eaeef2"/>`, px(0), px(epochs), py(t))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#57606a">%s</text>`, px(0)-5, py(t)+4, label)
	}
	step := max(1, (epochs+9)/10)
	for e := 0; e <= epochs; e += step {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#57606a">%d</text>`, px(e), h-bottom+14, e)
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#57606a">epoch</text>`, (px(0)+px(epochs))/2, h-3)
	fmt.Fprintf(b, `<rect x="%.1f" y="%d" width="%.1f" height="%.1f" fill="none" stroke="#8c959f"/>`,
		px(0), top, px(epochs)-px(0), h-top-bottom)
	line := func(r PlayRun, validation bool, faint bool) {
		if len(r.Points) == 0 {
			return
		}
		var pts []string
		for _, e := range r.Points {
			tv, vv := value(e)
			v := tv
			if validation {
				v = vv
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(e.Epoch), py(v)))
		}
		color, kind := playTrainColor, "training"
		if validation {
			color, kind = playValColor, "validation"
		}
		width, opacity := 2.5, 1.0
		if faint {
			width, opacity = 1.5, 0.3
		}
		fmt.Fprintf(b, `<polyline class="nnlib-curve" data-run="%d" data-kind="%s" points="%s" fill="none" `+
			`stroke="%s" stroke-width="%g" stroke-opacity="%g" stroke-linejoin="round"/>`,
			r.N, kind, strings.Join(pts, " "), color, width, opacity)
		if !faint {
			for _, p := range pts {
				x, y, _ := strings.Cut(p, ",")
				fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="2.5" fill="%s"/>`, x, y, color)
			}
		} else if validation {
			lastPt := pts[len(pts)-1]
			x, y, _ := strings.Cut(lastPt, ",")
			fmt.Fprintf(b, `<text x="%s" y="%s" dx="3" dy="-3" fill="#8c959f" font-size="10">#%d</text>`, x, y, r.N)
		}
	}
	for _, r := range earlier {
		line(r, false, true)
		line(r, true, true)
	}
	line(cur, false, false)
	line(cur, true, false)
}

// playKeyHTML is the key to the curves' colours, the training loss
// scored on scored images.
func playKeyHTML(scored int) string {
	swatch := func(color, text string) string {
		return fmt.Sprintf(`<span style="display: inline-block; width: 1.4em; height: 3px; background: %s; `+
			`vertical-align: middle; margin: 0 0.3em 0 0.8em;"></span>%s`, color, text)
	}
	return `<div style="color: #57606a; font-size: 90%;">` + swatch(playTrainColor, fmt.Sprintf("training (scored on %s of its images)", thousands(scored))) +
		swatch(playValColor, "validation (the held-out 10,000 images)") + `</div>`
}

// playStatusHTML describes the run cur in a line: its settings and where
// it is, or, if it diverged, Train's message in red.
func playStatusHTML(cur PlayRun) string {
	last := cur.Final()
	label := fmt.Sprintf("<b>Run #%d</b> (%s)", cur.N, html.EscapeString(cur.Settings.Label()))
	scores := fmt.Sprintf("training loss %.3f, validation accuracy <b>%.1f%%</b>", last.TrainLoss, 100*last.ValidationAccuracy)
	var text string
	switch cur.State {
	case "running":
		text = fmt.Sprintf("%s: epoch %d of %d, %s, %.1f s", label, last.Epoch, cur.Settings.Epochs, scores,
			cur.Elapsed.Seconds())
	case "finished":
		text = fmt.Sprintf("%s: finished in %.1f s, %s", label, cur.Elapsed.Seconds(), scores)
	case "stopped":
		text = fmt.Sprintf("%s: stopped at epoch %d of %d", label, last.Epoch, cur.Settings.Epochs)
	case "diverged":
		return fmt.Sprintf(`<div class="nnlib-playground-status" style="margin: 0.3em 0;">%s: `+
			`<span class="nnlib-diverged" style="color: #b2182b; font-weight: bold;">diverged.</span> `+
			`<span class="nnlib-diverged-message" style="color: #b2182b;">%s</span></div>`,
			label, html.EscapeString(cur.Err))
	}
	return `<div class="nnlib-playground-status" style="margin: 0.3em 0;">` + text + `</div>`
}
