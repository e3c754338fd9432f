package notebook

import (
	"fmt"
	"strconv"
	"strings"
)

// A PlayPrompt is a guided experiment for the playground: what to try,
// and what the reader should then see. Runs are the settings the
// experiment compares, in the order the reader sets them; its test in
// playground_test.go trains them and checks the promise, so that it stays
// true.
type PlayPrompt struct {
	Title string
	Try   string // Markdown: what to set
	See   string // Markdown: what the charts then show
	Runs  []PlaySettings
}

// playWith returns the playground's defaults changed by f.
func playWith(f func(*PlaySettings)) PlaySettings {
	s := PlayDefaults()
	f(&s)
	return s
}

// rateText writes PlayRates[i] as the rate control shows it.
func rateText(i int) string { return strconv.FormatFloat(PlayRates[i], 'g', -1, 64) }

// PlayPrompts returns the playground's six guided experiments, which
// notebooks 04, 06 and 07 discuss: a rate too small, the edge of
// stability, a rate that diverges, batch size 1 against the whole subset,
// Adam against SGD at the same rate, and a hidden layer of 8 units.
func PlayPrompts() []PlayPrompt {
	d := PlayDefaults()
	tiny := playWith(func(s *PlaySettings) { s.Rate = 0 })
	edge := playWith(func(s *PlaySettings) { s.Rate = 8 })
	over := playWith(func(s *PlaySettings) { s.Rate = 9 })
	diverge := playWith(func(s *PlaySettings) { s.Rate = 10 })
	one := playWith(func(s *PlaySettings) { s.Rate, s.Batch = 4, 1 })
	whole := playWith(func(s *PlaySettings) { s.Rate, s.Batch = 4, 0 })
	sgdSlow := playWith(func(s *PlaySettings) { s.Rate = 2 })
	adamSlow := playWith(func(s *PlaySettings) { s.Rate, s.Optimizer = 2, "adam" })
	adam := playWith(func(s *PlaySettings) { s.Optimizer = "adam" })
	narrow := playWith(func(s *PlaySettings) { s.Hidden = []int{8} })
	return []PlayPrompt{{
		Title: "A rate too small",
		Try: fmt.Sprintf("Move the learning rate from %s to its smallest, **%s**.",
			rateText(d.Rate), rateText(tiny.Rate)),
		See: "Both loss curves stay almost flat near where they start, and the accuracy stays far below " +
			"the faint run's: every step is so small that five epochs barely move the network. " +
			"Nothing is wrong but the patience it would take.",
		Runs: []PlaySettings{d, tiny},
	}, {
		Title: "The edge of stability",
		Try: fmt.Sprintf("Move the rate up a notch at a time, from %s to **%s**, then **%s**.",
			rateText(d.Rate), rateText(edge.Rate), rateText(over.Rate)),
		See: fmt.Sprintf("At %s the network still learns, but roughly: after its first epoch it is far "+
			"behind the default run (by more than 20 points of accuracy), and its loss goes up from one "+
			"epoch to the next at least once, where the default's mostly falls. One notch further, at %s, "+
			"training diverges. %s is the last rate of the list on the stable side of the edge; past the "+
			"default, a larger rate is not a faster one. (Near the edge, each run is chaotic: a change as "+
			"small as the order of a sum's terms can change its curve.)",
			rateText(edge.Rate), rateText(over.Rate), rateText(edge.Rate)),
		Runs: []PlaySettings{d, edge, over},
	}, {
		Title: "A rate that diverges",
		Try:   fmt.Sprintf("Move the rate to its largest, **%s**.", rateText(diverge.Rate)),
		See: "The run stops in its first epoch, and the chart says why, in red, with the message that " +
			"training gave: the loss of an update grew past ten times its value before training. Only " +
			"the point before training is drawn. Move the rate back, and the next run trains again.",
		Runs: []PlaySettings{diverge, d},
	}, {
		Title: "Batch size 1 against the whole subset",
		Try: fmt.Sprintf("Set the rate to **%s**, then the batch size to **1**, then to **whole subset**.",
			rateText(one.Rate)),
		See: fmt.Sprintf("With batches of 1 the network makes %s updates an epoch and passes 80%% "+
			"accuracy in its first; with the whole subset it makes one update an epoch, and after five "+
			"its accuracy has hardly left chance (10%%). Per epoch, the batches of 1 take longer: "+
			"a matrix product on one row wastes most of the machine.", thousands(one.Subset)),
		Runs: []PlaySettings{one, whole},
	}, {
		Title: "Adam against SGD at the same rate",
		Try: fmt.Sprintf("Set the rate to **%s** with the optimizer on **SGD**, then switch it to "+
			"**Adam**; then move the rate back to %s.", rateText(sgdSlow.Rate), rateText(d.Rate)),
		See: fmt.Sprintf("At %s SGD creeps (its accuracy ends below 80%%) while Adam passes 90%%: "+
			"Adam moves every weight by about the rate per step, however small its gradient. At %s, "+
			"SGD's good rate, Adam diverges: the same number means a different step for each rule, "+
			"so each needs its own rate.", rateText(sgdSlow.Rate), rateText(d.Rate)),
		Runs: []PlaySettings{sgdSlow, adamSlow, adam},
	}, {
		Title: "A hidden layer of 8 units",
		Try:   "Type **8** in the hidden layers box (one layer of 8 units, instead of 128 and 64).",
		See: "The network still learns, to over 80%, but ends several points below the faint 128-64 " +
			"run, with a higher training loss too: 8 numbers are too few to carry what the digits' " +
			"pixels say. It trains faster, with far fewer weights.",
		Runs: []PlaySettings{d, narrow},
	}}
}

// PlayPromptsMarkdown returns the prompts as a numbered list in Markdown:
// for each, its title, what to try and what you should see.
func PlayPromptsMarkdown(prompts []PlayPrompt) string {
	var b strings.Builder
	for i, p := range prompts {
		fmt.Fprintf(&b, "%d. **%s.** %s\n\n   *You should see:* %s\n\n", i+1, p.Title, p.Try, p.See)
	}
	return b.String()
}

// ShowPlayPrompts shows the playground's guided experiments.
func ShowPlayPrompts() { ShowMarkdown(PlayPromptsMarkdown(PlayPrompts())) }
