package notebook

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
)

// A pageLink is what an interactive widget in a running cell's output (the
// drawing pad, the playground) shares with the cell's Go program:
//
//  1. the browser: the widget's HTML, shown in one output block, and
//     JavaScript that brings it to life and sends the page's messages, as
//     strings, with gonb_comm.send, the object GoNB installs in the page;
//  2. GoNB's comms: the strings travel from the page to the Jupyter
//     server, to the GoNB kernel, to the cell's program, where
//     comms.Listen delivers them to the widget's receive function;
//  3. the cell's program, which shows its answers in a second output
//     block under the widget (Show), until the reader ends the widget (a
//     button that calls finish), or interrupts the kernel, and Close
//     replaces both blocks with a record.
//
// Every page's first message is "ready:0", sent once its script is set
// up: open waits for it, at most a given time, so that a headless run
// never hangs.
type pageLink struct {
	id      string // prefix of the widget's HTML ids
	address string // where the page sends its messages

	done  chan struct{} // closed by finish
	ready chan struct{} // closed by markReady

	mu         sync.Mutex
	reason     string // why done was closed
	readyOnce  sync.Once
	doneOnce   sync.Once
	closeOnce  sync.Once
	interrupts chan os.Signal
}

// HeadlessEnv is an environment variable that, when set to anything, tells
// OpenDrawPad and the playground that no browser shows the notebook, so
// that they return at once instead of waiting for one.
const HeadlessEnv = "NNLIB_HEADLESS"

// ErrNoBrowser is the error, wrapped with the reason, that OpenDrawPad
// and OpenPlayground return when no browser shows the notebook: in a
// headless run, say.
var ErrNoBrowser = errors.New("notebook: no browser shows this notebook")

// headlessReason returns why no browser can show the notebook, or "" if
// one may.
func headlessReason() string {
	switch {
	case !gonbui.IsNotebook:
		return "the program is not running in a GoNB kernel"
	case os.Getenv(HeadlessEnv) != "":
		return HeadlessEnv + " is set: a headless run"
	case os.Getenv("JPY_SESSION_NAME") == "":
		return "the kernel was not started by JupyterLab or Jupyter Notebook (a headless run, with nbconvert say)"
	}
	return ""
}

// newPageLink returns the link of a widget of the given kind ("drawpad",
// "playground") with the unique id uid: HTML ids start "nnlib-KIND-UID",
// and the page sends to "/nnlib/KIND/UID".
func newPageLink(kind, uid string) *pageLink {
	return &pageLink{
		id:         "nnlib-" + kind + "-" + uid,
		address:    "/nnlib/" + kind + "/" + uid,
		done:       make(chan struct{}),
		ready:      make(chan struct{}),
		interrupts: make(chan os.Signal, 1),
	}
}

// open shows widgetHTML with the status line connecting under it, sends
// js to the page, passes every message from the page to receive (on a
// goroutine of its own), and waits, at most wait, for receive to call
// markReady. If the page does not answer in time it removes the widget
// and returns an error wrapping ErrNoBrowser.
func (l *pageLink) open(wait time.Duration, widgetHTML, js, connecting string, receive func(string)) error {
	// Listening makes GoNB install its gonb_comm object in the page (and
	// wait, up to 3 s, for it to connect) before it shows anything else.
	messages := comms.Listen[string](l.address)
	gonbui.UpdateHTML(l.id+"-widget", widgetHTML)
	l.Show(StatusHTML(connecting))
	dom.TransientJavascript(js)
	go func() {
		for msg := range messages.C {
			receive(msg)
		}
	}()
	signal.Notify(l.interrupts, os.Interrupt)
	go func() {
		if _, ok := <-l.interrupts; ok {
			l.finish("the kernel was interrupted")
		}
	}()
	retry := time.NewTicker(reconnectEvery)
	defer retry.Stop()
	deadline := time.After(wait)
	for {
		select {
		case <-l.ready:
			return nil
		case <-retry.C:
			comms.Start()
		case <-deadline:
			l.close("")
			return fmt.Errorf("%w: the page did not answer within %v", ErrNoBrowser, wait)
		}
	}
}

// reconnectEvery is how often open asks GoNB to check its connection to
// the page while it waits for the page's first message. GoNB's script in
// the page gives up on the connection, for good, when the kernel does not
// acknowledge it within half a second, as happens on a busy machine; asked
// again (comms.Start), GoNB sends the page a heartbeat and installs the
// connection anew if nothing answers. The page's scripts say "ready"
// again every second, through whichever connection is there, until then.
const reconnectEvery = 3 * time.Second

// markReady records the page's "ready" message; calls after the first do
// nothing.
func (l *pageLink) markReady() { l.readyOnce.Do(func() { close(l.ready) }) }

// Show replaces what the widget shows under its controls with the given
// HTML.
func (l *pageLink) Show(h string) { gonbui.UpdateHTML(l.id+"-result", h) }

// Reason says why the widget was ended: "the Done button was clicked" or
// "the kernel was interrupted", say; "" while it is open.
func (l *pageLink) Reason() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reason
}

// finish closes done, once, recording why.
func (l *pageLink) finish(reason string) {
	l.doneOnce.Do(func() {
		l.mu.Lock()
		l.reason = reason
		l.mu.Unlock()
		close(l.done)
	})
}

// close removes the widget from the cell's output, with what it showed,
// and displays finalHTML (if not empty) in its place: a widget without its
// program is dead, and a notebook saved afterwards should hold a record
// of the result instead. Calls after the first do nothing.
func (l *pageLink) close(finalHTML string) {
	l.closeOnce.Do(func() {
		signal.Stop(l.interrupts)
		close(l.interrupts)
		gonbui.UpdateHTML(l.id+"-widget", "")
		gonbui.UpdateHTML(l.id+"-result", "")
		if finalHTML != "" {
			ShowHTML(finalHTML)
		}
	})
}
