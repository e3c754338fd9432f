package nnlib

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// EpochStats is the record of one epoch. Epoch 0 is the network before
// training. Losses are mean cross-entropies, accuracies fractions in [0, 1];
// the validation and test figures are 0 when that set was not given.
type EpochStats struct {
	Epoch        int     `json:"epoch"`
	Updates      int     `json:"updates"`       // parameter updates so far
	LearningRate float64 `json:"learning_rate"` // η used in this epoch

	TrainLoss          float64 `json:"train_loss"`
	TrainAccuracy      float64 `json:"train_accuracy"`
	ValidationLoss     float64 `json:"validation_loss"`
	ValidationAccuracy float64 `json:"validation_accuracy"`
	TestLoss           float64 `json:"test_loss"`
	TestAccuracy       float64 `json:"test_accuracy"`

	Seconds     float64 `json:"seconds"`      // training time so far, evaluation excluded
	WallSeconds float64 `json:"wall_seconds"` // time since the start, evaluation included
}

// History is the record of a training run: its settings and one
// EpochStats per epoch, starting with epoch 0.
type History struct {
	Name         string       `json:"name"` // a label for plots and tables
	Sizes        []int        `json:"sizes"`
	Examples     int          `json:"examples"`   // training examples
	BatchSize    int          `json:"batch_size"` // = Examples for full batch
	LearningRate float64      `json:"learning_rate"`
	Optimizer    string       `json:"optimizer"`
	Seed         uint64       `json:"seed"`
	Epochs       []EpochStats `json:"epochs"`
	StepLoss     []float64    `json:"step_loss,omitempty"` // loss of every update, if recorded
}

// Last returns the record of the last epoch.
func (h *History) Last() EpochStats { return h.Epochs[len(h.Epochs)-1] }

// UpdatesPerEpoch returns ⌈Examples/BatchSize⌉.
func (h *History) UpdatesPerEpoch() int { return (h.Examples + h.BatchSize - 1) / h.BatchSize }

// SecondsPerEpoch returns the mean training time of an epoch.
func (h *History) SecondsPerEpoch() float64 {
	last := h.Last()
	if last.Epoch == 0 {
		return 0
	}
	return last.Seconds / float64(last.Epoch)
}

// FirstEpoch returns the first epoch whose record satisfies ok, and false
// if none does; for example the first epoch past 90% test accuracy:
//
//	e, ok := h.FirstEpoch(func(e EpochStats) bool { return e.TestAccuracy > 0.9 })
func (h *History) FirstEpoch(ok func(EpochStats) bool) (EpochStats, bool) {
	for _, e := range h.Epochs {
		if ok(e) {
			return e, true
		}
	}
	return EpochStats{}, false
}

// BestEpoch returns the epoch with the highest validation accuracy, the
// first if tied; without a validation set, that is epoch 0.
func (h *History) BestEpoch() EpochStats {
	best := h.Epochs[0]
	for _, e := range h.Epochs {
		if e.ValidationAccuracy > best.ValidationAccuracy {
			best = e
		}
	}
	return best
}

// csvHeader names the columns WriteCSV writes.
var csvHeader = []string{"epoch", "updates", "learning_rate",
	"train_loss", "train_accuracy", "validation_loss", "validation_accuracy",
	"test_loss", "test_accuracy", "seconds", "wall_seconds"}

// WriteCSV writes one line per epoch, with a header line naming the
// columns.
func (h *History) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 8, 64) }
	for _, e := range h.Epochs {
		cw.Write([]string{strconv.Itoa(e.Epoch), strconv.Itoa(e.Updates), f(e.LearningRate),
			f(e.TrainLoss), f(e.TrainAccuracy), f(e.ValidationLoss), f(e.ValidationAccuracy),
			f(e.TestLoss), f(e.TestAccuracy), f(e.Seconds), f(e.WallSeconds)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the whole history as indented JSON.
func (h *History) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(h)
}

// ReadHistoryJSON reads a history written by WriteJSON.
func ReadHistoryJSON(r io.Reader, name string) (*History, error) {
	var h History
	if err := json.NewDecoder(r).Decode(&h); err != nil {
		return nil, fmt.Errorf("nnlib: %s: not a training history: %v", name, err)
	}
	if len(h.Epochs) == 0 {
		return nil, fmt.Errorf("nnlib: %s: a training history with no epochs", name)
	}
	return &h, nil
}
