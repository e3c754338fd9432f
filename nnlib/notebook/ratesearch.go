package notebook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
)

// GridSettings describe a RateGrid: every batch size trained at every
// learning rate, for the same number of epochs, from the same initial
// weights, on the first Examples images of the training split, and scored
// on the validation split.
type GridSettings struct {
	Batches  []int     `json:"batches"`
	Rates    []float64 `json:"rates"` // in increasing order
	Examples int       `json:"examples"`
	Epochs   int       `json:"epochs"`
	Seed     uint64    `json:"seed"` // initial weights and shuffles
}

// GridCell is the outcome of one run of a RateGrid.
type GridCell struct {
	ValidationLoss     float64 `json:"validation_loss"`
	ValidationAccuracy float64 `json:"validation_accuracy"`
	Diverged           bool    `json:"diverged"` // the loss blew up (an nnlib.DivergedError)
	Seconds            float64 `json:"seconds"`  // training time
}

// RateGrid is a study of learning rates against batch sizes:
// Cells[i][j] is the run at Rates[i] with Batches[j].
type RateGrid struct {
	Settings GridSettings `json:"settings"`
	Cells    [][]GridCell `json:"cells"`
}

// TrainRateGrid trains every run of the grid s, showing a progress line,
// and returns their outcomes. Each run reports only its validation score
// after its last epoch; a run that diverges counts as Diverged. It panics
// if s is empty or asks for more examples than the training split holds.
func (k *Kit) TrainRateGrid(s GridSettings) RateGrid {
	train, validation := k.Split()
	if len(s.Batches) == 0 || len(s.Rates) == 0 || s.Examples < 1 || s.Examples > train.Len() {
		panic(fmt.Sprintf("notebook: TrainRateGrid: %d batch sizes, %d rates, %d examples of %d",
			len(s.Batches), len(s.Rates), s.Examples, train.Len()))
	}
	train = train.Slice(0, s.Examples)
	g := RateGrid{Settings: s, Cells: make([][]GridCell, len(s.Rates))}
	p := NewProgress()
	start := time.Now()
	for i, rate := range s.Rates {
		g.Cells[i] = make([]GridCell, len(s.Batches))
		for j, b := range s.Batches {
			p.Update(fmt.Sprintf("B = %d, η = %g: run %d of %d (%.0f s)", b, rate,
				i*len(s.Batches)+j+1, len(s.Rates)*len(s.Batches), time.Since(start).Seconds()))
			g.Cells[i][j] = gridRun(train, validation, b, rate, s)
		}
	}
	p.Done(fmt.Sprintf("The grid: %d runs of %d epochs on %d images, in %.0f s.",
		len(s.Rates)*len(s.Batches), s.Epochs, s.Examples, time.Since(start).Seconds()))
	return g
}

// gridRun trains one run of a grid and scores it on validation.
func gridRun(train, validation nnlib.Dataset, batch int, rate float64, s GridSettings) GridCell {
	net := nnlib.NewNetwork(nnlib.DefaultSizes, rand.New(rand.NewPCG(s.Seed, 0)))
	h, err := nnlib.Train(context.Background(), net, train, nnlib.Config{
		Epochs: s.Epochs, LearningRate: rate, BatchSize: batch, Seed: s.Seed, TrainEvalSize: 100})
	var diverged *nnlib.DivergedError
	switch {
	case errors.As(err, &diverged):
		return GridCell{Diverged: true, Seconds: h.Last().Seconds}
	case err != nil:
		panic(err)
	}
	c := GridCell{Seconds: h.Last().Seconds}
	c.ValidationLoss, c.ValidationAccuracy = net.Evaluate(validation)
	return c
}

// TrainOn trains the run r on the first n images of the training split
// only, scoring the validation split after every epoch, with a progress
// line that ends as a summary, and returns its record, named name. r.Data
// must be "validation": a part of the training split is for studies that
// choose settings, never for a report. A run that diverges ends early, and
// its record says how far it got. It panics if n is not between 1 and the
// split's size.
func (k *Kit) TrainOn(name string, r Run, n int) *nnlib.History {
	train, validation := k.Split()
	if r.Data != "validation" || n < 1 || n > train.Len() {
		panic(fmt.Sprintf("notebook: Kit.TrainOn: Data = %q, %d images of %d; want \"validation\", 1 to %[3]d",
			r.Data, n, train.Len()))
	}
	p := NewProgress()
	h, _ := trainRun(name, r, train.Slice(0, n), validation, p)
	last := h.Last()
	p.Done(fmt.Sprintf("<b>%s</b>: %d epochs, %d updates, %.1f s of training; validation accuracy %.2f%%",
		name, last.Epoch, last.Updates, last.Seconds, 100*last.ValidationAccuracy))
	return h
}

// trainRun trains a new network as r says on train, scoring validation
// after every epoch and showing the epochs on p, and returns its record,
// named name, and whether it diverged (then the record ends early).
func trainRun(name string, r Run, train, validation nnlib.Dataset, p *Progress) (*nnlib.History, bool) {
	sizes := r.Sizes
	if sizes == nil {
		sizes = nnlib.DefaultSizes
	}
	opt, err := nnlib.NewOptimizer(cmp.Or(r.Optimizer, "sgd"))
	if err != nil {
		panic(err)
	}
	schedule, err := nnlib.NewSchedule(r.Schedule)
	if err != nil {
		panic(err)
	}
	start := time.Now()
	net := nnlib.NewNetwork(sizes, rand.New(rand.NewPCG(r.Seed, 0)))
	h, err := nnlib.Train(context.Background(), net, train, nnlib.Config{
		Epochs: r.Epochs, LearningRate: r.LearningRate, BatchSize: r.BatchSize, Optimizer: opt,
		Schedule: schedule, Seed: r.Seed, RecordSteps: r.RecordSteps, TrainEvalSize: r.TrainEvalSize,
		Validation: validation,
		Progress: func(e nnlib.EpochStats) {
			p.Update(fmt.Sprintf("%s: epoch <b>%d</b> of %d, validation accuracy %.2f%%, %.0f s",
				name, e.Epoch, r.Epochs, 100*e.ValidationAccuracy, time.Since(start).Seconds()))
		},
	})
	var diverged *nnlib.DivergedError
	if err != nil && !errors.As(err, &diverged) {
		panic(err)
	}
	h.Name = name
	return h, err != nil
}

// ValidationTable returns a table of runs scored on the validation split,
// one row per run: its name, learning rate, steps per epoch, training
// seconds per epoch, validation accuracy after its last epoch, its best
// validation accuracy with that epoch, and its validation loss after its
// last epoch, for ShowTable or MarkdownTable.
func ValidationTable(runs []*nnlib.History) (headers []string, rows [][]string) {
	headers = []string{"run", "η", "steps per epoch", "training s per epoch",
		"validation accuracy, last epoch", "best (epoch)", "validation loss, last epoch"}
	for _, h := range runs {
		best := h.BestEpoch()
		rows = append(rows, []string{h.Name, strconv.FormatFloat(h.LearningRate, 'g', 3, 64),
			strconv.Itoa(h.UpdatesPerEpoch()), fmt.Sprintf("%.2f", h.SecondsPerEpoch()),
			fmt.Sprintf("%.2f%%", 100*h.Last().ValidationAccuracy),
			fmt.Sprintf("%.2f%% (%d)", 100*best.ValidationAccuracy, best.Epoch),
			fmt.Sprintf("%.4f", h.Last().ValidationLoss)})
	}
	return headers, rows
}

// AccuracyDrops returns how many epochs of the run ended with a lower
// validation accuracy than the epoch before (epoch 0, the untrained
// network, is not counted as a start): how jagged its curve is.
func AccuracyDrops(h *nnlib.History) int {
	n := 0
	for e := 2; e < len(h.Epochs); e++ {
		if h.Epochs[e].ValidationAccuracy < h.Epochs[e-1].ValidationAccuracy {
			n++
		}
	}
	return n
}

// Best returns the index of the rate with the highest validation accuracy
// for batch size j (the first if tied; diverged runs never win).
func (g RateGrid) Best(j int) int {
	best := -1
	for i := range g.Cells {
		c := g.Cells[i][j]
		if !c.Diverged && (best < 0 || c.ValidationAccuracy > g.Cells[best][j].ValidationAccuracy) {
			best = i
		}
	}
	if best < 0 {
		panic(fmt.Sprintf("notebook: RateGrid.Best: every run of batch size %d diverged", g.Settings.Batches[j]))
	}
	return best
}

// BestRate returns the best learning rate for batch size b, which must be
// one of the grid's.
func (g RateGrid) BestRate(b int) float64 {
	j := slices.Index(g.Settings.Batches, b)
	if j < 0 {
		panic(fmt.Sprintf("notebook: RateGrid.BestRate: batch size %d is not in the grid %v", b, g.Settings.Batches))
	}
	return g.Settings.Rates[g.Best(j)]
}

// MatchingRate returns the learning rate at which batch size j reaches the
// validation loss target: the rates are scanned upwards, and between the
// last one whose loss is above target and the first at or below it the rate
// is interpolated (on log scales, where loss and rate are nearly linear in
// each other). It reports false if the smallest rate is already below
// target (exactly at it, that rate is the answer), or if no rate reaches it
// before one diverges or the loss turns up.
func (g RateGrid) MatchingRate(j int, target float64) (float64, bool) {
	rates := g.Settings.Rates
	for i := range rates {
		c := g.Cells[i][j]
		if c.Diverged || (i > 0 && c.ValidationLoss > g.Cells[i-1][j].ValidationLoss) {
			return 0, false
		}
		if c.ValidationLoss > target {
			continue
		}
		if i == 0 { // the target itself, or below it at the smallest rate
			if c.ValidationLoss == target {
				return rates[0], true
			}
			return 0, false
		}
		above := g.Cells[i-1][j].ValidationLoss
		t := (math.Log(above) - math.Log(target)) / (math.Log(above) - math.Log(c.ValidationLoss))
		return math.Exp(math.Log(rates[i-1]) + t*(math.Log(rates[i])-math.Log(rates[i-1]))), true
	}
	return 0, false
}

// HTML returns the grid as a table: a row per learning rate, a column per
// batch size, each cell the validation accuracy of its run, shaded deeper
// the more accurate, the best rate of each batch size in bold, diverged
// runs in red.
func (g RateGrid) HTML() string {
	var b strings.Builder
	td := `<td style="text-align: right; padding: 0.15em 0.6em; border: 1px solid #d0d7de;`
	b.WriteString(`<table style="border-collapse: collapse; margin: 0.3em 0;"><thead><tr>` +
		`<th style="padding: 0.15em 0.6em;">η \ B</th>`)
	for _, batch := range g.Settings.Batches {
		fmt.Fprintf(&b, `<th style="text-align: right; padding: 0.15em 0.6em;">%d</th>`, batch)
	}
	b.WriteString("</tr></thead><tbody>")
	best := make([]int, len(g.Settings.Batches))
	for j := range best {
		best[j] = g.Best(j)
	}
	for i, rate := range g.Settings.Rates {
		fmt.Fprintf(&b, `<tr><th style="text-align: right; padding: 0.15em 0.6em;">%s</th>`,
			html.EscapeString(strconv.FormatFloat(rate, 'g', 3, 64)))
		for j := range g.Settings.Batches {
			c := g.Cells[i][j]
			if c.Diverged {
				b.WriteString(td + ` background: #fbe3e4; color: #a40e26;">diverged</td>`)
				continue
			}
			// Shade by the error on a log scale: 90% accuracy is pale, 97% deep.
			depth := math.Log(100*(1-c.ValidationAccuracy)/50) / math.Log(3.0/50)
			depth = max(0, min(1, depth))
			weight := ""
			if i == best[j] {
				weight = " font-weight: bold;"
			}
			fmt.Fprintf(&b, `%s background: %s;%s">%.1f%%</td>`, td, gridShade(depth), weight, 100*c.ValidationAccuracy)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// gridShade returns a blue as deep as t (0: white, 1: the deepest shown), as a
// CSS colour light enough for black text.
func gridShade(t float64) string {
	mix := func(from, to float64) int { return int(math.Round(from + t*(to-from))) }
	return fmt.Sprintf("rgb(%d, %d, %d)", mix(255, 120), mix(255, 170), mix(255, 235))
}

// HalfDecade returns rate k of the grid …, 0.01, 0.03, 0.1, 0.3, 1, 3, …:
// HalfDecade(0) is 1, even k are powers of 10 and odd k three times one.
func HalfDecade(k int) float64 {
	m := "1"
	if k&1 != 0 {
		m = "3"
	}
	r, _ := strconv.ParseFloat(fmt.Sprintf("%se%d", m, k>>1), 64) // 0.03, not 0.030000000000000002
	return r
}

// halfDecadeIndex returns the k whose HalfDecade(k) is nearest r on a log
// scale.
func halfDecadeIndex(r float64) int {
	k := int(math.Round(2 * math.Log10(r))) // the grid is close to 10^(k/2)
	for _, c := range []int{k - 1, k + 1} {
		if math.Abs(math.Log(HalfDecade(c)/r)) < math.Abs(math.Log(HalfDecade(k)/r)) {
			k = c
		}
	}
	return k
}

// RateTrial is one learning rate tried by a search, and its outcome.
type RateTrial struct {
	Rate    float64        `json:"rate"`
	Score   float64        `json:"score"`   // the validation accuracy after the last epoch; 0 if it diverged
	History *nnlib.History `json:"history"` // the run
}

// RateSearch is the outcome of SearchRate: every rate tried, in increasing
// order, and which one won.
type RateSearch struct {
	Trials []RateTrial `json:"trials"`
	Best   int         `json:"best"`
}

// Chosen returns the winning trial.
func (s RateSearch) Chosen() RateTrial { return s.Trials[s.Best] }

// SearchTable returns a table of rate searches, one row per search: its
// name, every rate tried with its score as a validation accuracy ("0.1:
// 97.80%", "diverged" for a score of 0), and the rate chosen. It panics
// unless there is one name per search.
func SearchTable(names []string, searches []RateSearch) (headers []string, rows [][]string) {
	if len(names) != len(searches) {
		panic(fmt.Sprintf("notebook: SearchTable: %d names for %d searches", len(names), len(searches)))
	}
	headers = []string{"run", "rates tried: validation accuracy", "η chosen"}
	for i, s := range searches {
		var tried []string
		for _, t := range s.Trials {
			score := fmt.Sprintf("%.2f%%", 100*t.Score)
			if t.Score == 0 {
				score = "diverged"
			}
			tried = append(tried, strconv.FormatFloat(t.Rate, 'g', -1, 64)+": "+score)
		}
		rows = append(rows, []string{names[i], strings.Join(tried, ", "),
			strconv.FormatFloat(s.Chosen().Rate, 'g', -1, 64)})
	}
	return headers, rows
}

// SearchRate looks for the learning rate with the best score on the grid
// …, 0.01, 0.03, 0.1, 0.3, 1, … (HalfDecade): it tries the grid rate
// nearest start and both its neighbours, then walks towards the better
// neighbour, one grid rate at a time, until the rate in the middle scores
// at least as well as both of its neighbours, or until at least maxTrials
// rates have been tried (a step tries up to three). try returns a rate's score (higher is better) and the record of
// its run.
func SearchRate(start float64, maxTrials int, try func(rate float64) (float64, *nnlib.History)) RateSearch {
	tried := map[int]RateTrial{}
	score := func(k int) float64 {
		if t, ok := tried[k]; ok {
			return t.Score
		}
		s, h := try(HalfDecade(k))
		tried[k] = RateTrial{Rate: HalfDecade(k), Score: s, History: h}
		return s
	}
	mid := halfDecadeIndex(start)
	for len(tried) < maxTrials {
		here, lo, hi := score(mid), score(mid-1), score(mid+1)
		if here >= lo && here >= hi {
			break
		}
		if hi > lo {
			mid++
		} else {
			mid--
		}
	}
	var res RateSearch
	keys := make([]int, 0, len(tried))
	for k := range tried {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		res.Trials = append(res.Trials, tried[k])
		if tried[k].Score > res.Trials[res.Best].Score {
			res.Best = len(res.Trials) - 1
		}
	}
	return res
}

// SearchRate searches the learning rate of the run r (whose LearningRate
// is ignored) from start, as the function SearchRate does, training on the
// first n images of the training split and scoring each rate by the
// validation accuracy after the last epoch: r.Data must be "validation".
// A run that diverges scores 0. A progress line shows each run while it
// trains and ends as a summary of the search; the runs are named name plus
// their rate. It panics if n is not between 1 and the split's size.
func (k *Kit) SearchRate(name string, r Run, n int, start float64, maxTrials int) RateSearch {
	train, validation := k.Split()
	if r.Data != "validation" || n < 1 || n > train.Len() {
		panic(fmt.Sprintf("notebook: Kit.SearchRate: Data = %q, %d images of %d; want \"validation\", 1 to %[3]d",
			r.Data, n, train.Len()))
	}
	train = train.Slice(0, n)
	p := NewProgress()
	began := time.Now()
	s := SearchRate(start, maxTrials, func(rate float64) (float64, *nnlib.History) {
		r.LearningRate = rate
		h, diverged := trainRun(fmt.Sprintf("%s, η = %g", name, rate), r, train, validation, p)
		if diverged {
			return 0, h
		}
		return h.Last().ValidationAccuracy, h
	})
	p.Done(fmt.Sprintf("<b>%s</b>: %d rates tried in %.0f s; η = %g chosen", name, len(s.Trials),
		time.Since(began).Seconds(), s.Chosen().Rate))
	return s
}
