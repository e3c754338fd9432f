package notebook

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/janpfeifer/gonb/gonbui"
)

// Playground shows the playground in the running cell's output (see
// playground.go) and keeps the cell running while the reader plays: it
// trains with start at once, then again, from the same seed, whenever a
// control changes, cancelling the run under way. It ends when the reader
// clicks Stop, interrupts the kernel, or moves no control for idle, and
// leaves the last chart in the cell's output as its record.
//
// When no browser shows the notebook (see OpenDrawPad for how it tells),
// or the page does not answer within wait, it trains once with start and
// shows that run's chart, with a line saying why there are no controls:
// a headless run of the notebook ends as soon as that run does.
func (k *Kit) Playground(start PlaySettings, wait, idle time.Duration) {
	if err := start.Check(); err != nil {
		panic(err)
	}
	train, validation := k.Split()
	headless := func(why string) {
		run := PlayTrain(context.Background(), train, validation, start, 1, nil)
		ShowHTML(StatusHTML("No controls in this run: "+why+". Open the notebook in JupyterLab and "+
			"run this cell to play; here is the run with the starting settings.") + PlayChartHTML(run, nil))
	}
	if reason := headlessReason(); reason != "" {
		headless(reason)
		return
	}
	p := newPlayPanel(gonbui.UniqueId())
	err := p.open(wait, playControlsHTML(p.id, start), playJS(p.id, p.address, start),
		"Connecting the controls to the Go program…", p.receive)
	if err != nil {
		headless(strings.TrimPrefix(err.Error(), ErrNoBrowser.Error()+": "))
		return
	}
	s := &playSession{train: train, validation: validation, show: p.Show, requests: p.requests,
		done: p.done, idle: idle}
	last, reason := s.play(start)
	if reason == "" {
		reason = p.Reason()
	}
	p.close(StatusHTML("The playground is closed ("+reason+"); run the cell again to play.") + last)
}

// playRequest is what the page asks for: a run with the given settings,
// forgetting the earlier runs first if reset; or nothing but an error, for
// settings the page sent that are out of range.
type playRequest struct {
	settings PlaySettings
	reset    bool
	err      error
}

// playPanel is the playground's controls, linked to the page.
type playPanel struct {
	*pageLink
	requests chan playRequest // buffer of 1: the latest request only

	mu      sync.Mutex
	lastSeq int // the sequence number of the last request passed on
}

func newPlayPanel(uid string) *playPanel {
	return &playPanel{pageLink: newPageLink("playground", uid), requests: make(chan playRequest, 1)}
}

// receive handles one message from the page (see parsePlayMessage).
// Messages may arrive out of order, so requests older than the last one
// passed on are dropped, and a request not yet read is replaced by a newer
// one: only the latest settings matter.
func (p *playPanel) receive(msg string) {
	kind, seq, req, err := parsePlayMessage(msg)
	if err != nil && kind == "" {
		fmt.Fprintf(os.Stderr, "playground: %v\n", err)
		return
	}
	switch kind {
	case "ready":
		p.markReady()
	case "stop":
		p.finish("the Stop button was clicked")
	case "run", "reset":
		p.mu.Lock()
		defer p.mu.Unlock()
		if seq <= p.lastSeq {
			return
		}
		p.lastSeq = seq
		select { // drop the request still waiting, if any
		case <-p.requests:
		default:
		}
		p.requests <- req
	}
}

// parsePlayMessage decodes a message from the page, which sends strings:
//
//	ready:0                 the controls are set up and connected
//	run:SEQ:SETTINGS        a control changed, or Run was clicked
//	reset:SEQ:SETTINGS      Reset: the controls are back to the start
//	stop:SEQ                the Stop button
//
// SEQ counts the page's messages from 1, so that Go can tell their order.
// SETTINGS is JSON, PlaySettings's fields with the hidden widths as the
// text box holds them: {"rate":6,"batch":64,"optimizer":"sgd",
// "schedule":"constant","hidden":"128, 64","epochs":5,"subset":10000}.
//
// Settings out of range are a request with err set (the reader typed
// them); a message that breaks this format is an error with kind "".
func parsePlayMessage(msg string) (kind string, seq int, req playRequest, err error) {
	fail := func(format string, args ...any) (string, int, playRequest, error) {
		short := msg
		if len(short) > 60 {
			short = short[:60] + "…"
		}
		return "", 0, playRequest{}, fmt.Errorf("bad message %q: %s", short, fmt.Sprintf(format, args...))
	}
	parts := strings.SplitN(msg, ":", 3)
	want := map[string]int{"ready": 2, "stop": 2, "run": 3, "reset": 3}[parts[0]]
	switch {
	case want == 0:
		return fail("unknown kind %q", parts[0])
	case len(parts) != want:
		return fail("%d fields, want %d", len(parts), want)
	}
	kind = parts[0]
	seq, err = strconv.Atoi(parts[1])
	if err != nil || seq < 0 {
		return fail("sequence number %q", parts[1])
	}
	if want == 2 {
		return kind, seq, playRequest{}, nil
	}
	var wire struct {
		Rate      int    `json:"rate"`
		Batch     int    `json:"batch"`
		Optimizer string `json:"optimizer"`
		Schedule  string `json:"schedule"`
		Hidden    string `json:"hidden"`
		Epochs    int    `json:"epochs"`
		Subset    int    `json:"subset"`
	}
	if err := json.Unmarshal([]byte(parts[2]), &wire); err != nil {
		return fail("settings: %v", err)
	}
	req.reset = kind == "reset"
	req.settings = PlaySettings{Rate: wire.Rate, Batch: wire.Batch, Optimizer: wire.Optimizer,
		Schedule: wire.Schedule, Epochs: wire.Epochs, Subset: wire.Subset}
	req.settings.Hidden, req.err = ParseHidden(wire.Hidden)
	if req.err == nil {
		req.err = req.settings.Check()
	}
	return kind, seq, req, nil
}

// playSession is the playground's loop, apart from the page so that tests
// can drive it: it reads requests, runs PlayTrain on a goroutine of its
// own, one run at a time, and shows every chart with show.
type playSession struct {
	train, validation nnlib.Dataset
	show              func(html string)
	requests          <-chan playRequest
	done              <-chan struct{}
	idle              time.Duration

	mu   sync.Mutex
	last string // the last chart shown
}

// display shows a chart and remembers it.
func (s *playSession) display(h string) {
	s.mu.Lock()
	s.last = h
	s.mu.Unlock()
	s.show(h)
}

// play runs start, then every request, until done is closed or no request
// comes for s.idle; it returns the last chart shown and why it ended ("" when
// done was closed: whoever closed it knows why).
func (s *playSession) play(start PlaySettings) (lastChart, reason string) {
	var (
		n        int          // runs started
		earlier  []PlayRun    // finished runs, oldest first, at most PlayKeep
		cancel   = func() {}  // cancels the run under way
		finished chan PlayRun // the run under way's result; nil when none is
		before   []PlayRun    // earlier, as the run under way started
	)
	begin := func(set PlaySettings) {
		n++
		ctx, c := context.WithCancel(context.Background())
		cancel, finished, before = c, make(chan PlayRun, 1), earlier
		s.display(PlayChartHTML(PlayRun{N: n, Settings: set, State: "running"}, before))
		go func(n int, ch chan<- PlayRun, before []PlayRun) {
			ch <- PlayTrain(ctx, s.train, s.validation, set, n, func(r *PlayRun) {
				s.display(PlayChartHTML(*r, before))
			})
		}(n, finished, before)
	}
	// end shows how the run under way ended and keeps it for comparison.
	end := func(r PlayRun) {
		cancel()
		finished = nil
		s.display(PlayChartHTML(r, before))
		if r.State != "stopped" && len(r.Points) > 0 {
			earlier = append(earlier[max(0, len(earlier)+1-PlayKeep):len(earlier):len(earlier)], r)
		}
	}
	// stop cancels the run under way, if any, and waits for it.
	stop := func() {
		if finished != nil {
			cancel()
			end(<-finished)
		}
	}
	begin(start)
	idle := time.NewTimer(s.idle)
	defer idle.Stop()
	for {
		select {
		case req := <-s.requests:
			idle.Reset(s.idle)
			if req.err != nil {
				s.show(StatusHTML("Not run: "+req.err.Error()+".") + s.lastChartHTML())
				continue
			}
			if finished != nil { // superseded: not kept
				cancel()
				<-finished
				finished = nil
			}
			if req.reset {
				earlier = nil
			}
			begin(req.settings)
		case r := <-finished:
			end(r)
		case <-s.done:
			stop()
			return s.lastChartHTML(), "" // the page's link knows why
		case <-idle.C:
			stop()
			return s.lastChartHTML(), fmt.Sprintf("no control was moved for %v", s.idle)
		}
	}
}

func (s *playSession) lastChartHTML() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// playControlsHTML returns the controls, set to s, with HTML ids that
// start with id: id-rate, id-batch, id-optimizer, id-schedule, id-hidden,
// id-epochs, id-subset; the buttons id-run, id-reset, id-stop; and a
// status line, id-status.
func playControlsHTML(id string, s PlaySettings) string {
	var b strings.Builder
	id = html.EscapeString(id)
	fmt.Fprintf(&b, `<div class="nnlib-playground" id="%s" style="margin: 0.3em 0; padding: 0.5em 0.7em; `+
		`border: 1px solid #d0d7de; border-radius: 6px; max-width: 760px;">`, id)
	b.WriteString(`<div style="display: flex; flex-wrap: wrap; gap: 0.4em 1.4em; align-items: center;">`)
	label := func(text, control string) {
		fmt.Fprintf(&b, `<label style="white-space: nowrap;">%s %s</label>`, text, control)
	}
	label("learning rate", fmt.Sprintf(`<input type="range" id="%s-rate" min="0" max="%d" step="1" value="%d" `+
		`style="vertical-align: middle; width: 10em;"> <b id="%[1]s-rate-value">%[4]s</b>`,
		id, len(PlayRates)-1, s.Rate, strconv.FormatFloat(s.LearningRate(), 'g', -1, 64)))
	options := func(name string, values []string, texts []string, selected string) string {
		var o strings.Builder
		fmt.Fprintf(&o, `<select id="%s-%s">`, id, name)
		for i, v := range values {
			sel := ""
			if v == selected {
				sel = " selected"
			}
			fmt.Fprintf(&o, `<option value="%s"%s>%s</option>`, v, sel, texts[i])
		}
		return o.String() + `</select>`
	}
	var bv, bt []string
	for _, v := range PlayBatches {
		bv, bt = append(bv, strconv.Itoa(v)), append(bt, strconv.Itoa(v))
		if v == 0 {
			bt[len(bt)-1] = "whole subset"
		}
	}
	label("batch size", options("batch", bv, bt, strconv.Itoa(s.Batch)))
	opts := []string{"sgd", "momentum", "adam"}
	label("optimizer", options("optimizer", opts, []string{"SGD", "momentum", "Adam"}, s.Optimizer))
	scheds := []string{"constant", "cosine", "step"}
	label("schedule", options("schedule", scheds, []string{"constant", "cosine", "step (halved every 5)"}, s.Schedule))
	label("hidden layers", fmt.Sprintf(`<input type="text" id="%s-hidden" value="%s" size="9" `+
		`title="widths, separated by commas; empty for none">`, id, html.EscapeString(hiddenText(s.Hidden))))
	label("epochs", fmt.Sprintf(`<input type="number" id="%s-epochs" min="1" max="%d" value="%d" style="width: 4em;">`,
		id, PlayMaxEpochs, s.Epochs))
	var sv, st []string
	for _, v := range PlaySubsets {
		sv, st = append(sv, strconv.Itoa(v)), append(st, thousands(v))
	}
	label("training images", options("subset", sv, st, strconv.Itoa(s.Subset)))
	b.WriteString(`</div>`)
	fmt.Fprintf(&b, `<div style="margin-top: 0.4em;"><button id="%[1]s-run" type="button">Run</button> `+
		`<button id="%[1]s-reset" type="button">Reset</button> <button id="%[1]s-stop" type="button">Stop</button> `+
		`<span id="%[1]s-status" style="color: #57606a; margin-left: 0.5em;">waiting for the page's script…</span></div></div>`, id)
	return b.String()
}

// hiddenText writes hidden widths as the page's text box shows them:
// "128, 64".
func hiddenText(widths []int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, ", ")
}

// playJS returns the JavaScript that brings the controls with the given
// id to life and sends their messages (see parsePlayMessage) to address:
// playScript called with its settings, quoted by encoding/json (which
// also escapes <, > and &, so no string can end the page's <script>).
func playJS(id, address string, start PlaySettings) string {
	settings, err := json.Marshal(map[string]any{
		"id": id, "address": address, "rates": PlayRates,
		"start": map[string]string{
			"rate": strconv.Itoa(start.Rate), "batch": strconv.Itoa(start.Batch), "optimizer": start.Optimizer,
			"schedule": start.Schedule, "hidden": hiddenText(start.Hidden), "epochs": strconv.Itoa(start.Epochs),
			"subset": strconv.Itoa(start.Subset),
		},
	})
	if err != nil {
		panic(err) // strings and numbers: a bug
	}
	return strings.TrimSpace(playScript) + "(" + string(settings) + ");\n"
}

// playScript is the controls' JavaScript, playground.js: a function of
// their settings, which playJS calls.
//
//go:embed playground.js
var playScript string
