package charts

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts/chartstest"
)

func sampleHistory(name string, batch int) *nnlib.History {
	h := &nnlib.History{Name: name, Examples: 1000, BatchSize: batch}
	for e := 0; e <= 5; e++ {
		h.Epochs = append(h.Epochs, nnlib.EpochStats{
			Epoch: e, Updates: e * 1000 / batch, Seconds: 0.1 * float64(e),
			TrainLoss: 2.3 / float64(e+1), TestLoss: 2.4 / float64(e+1),
			TrainAccuracy: 0.1 + 0.15*float64(e), TestAccuracy: 0.1 + 0.14*float64(e),
		})
	}
	return h
}

func TestLossAccuracyChart(t *testing.T) {
	runs := []*nnlib.History{sampleHistory("full batch", 1000), sampleHistory("mini-batch", 100)}
	for _, x := range []XAxis{ByEpoch, ByUpdate, BySeconds} {
		data, err := LossAccuracyChart(runs, x, "png", 720, 300)
		if err != nil {
			t.Fatalf("%v: %v", x, err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%v: not a PNG: %v", x, err)
		}
		if b := img.Bounds(); b.Dx() != 1440 || b.Dy() != 600 { // 144 dpi
			t.Errorf("%v: image is %v, want 1440×600", x, b)
		}
	}
	svg, err := LossAccuracyChart(runs, ByEpoch, "svg", 720, 300)
	if err != nil || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("mini-batch")) {
		t.Errorf("svg: err = %v, %d bytes", err, len(svg))
	}
}

func TestLossAccuracyChartGolden(t *testing.T) {
	// Against updates: both x axes and the loss axis on log scales.
	runs := []*nnlib.History{sampleHistory("A", 1000), sampleHistory("B", 100)}
	data, err := LossAccuracyChart(runs, ByUpdate, "png", 360, 150)
	if err != nil {
		t.Fatal(err)
	}
	chartstest.CheckPNG(t, "loss_accuracy_update", data)
}

func TestChartErrors(t *testing.T) {
	if _, err := LossAccuracyChart([]*nnlib.History{{Name: "empty"}}, ByEpoch, "png", 100, 100); err == nil ||
		!strings.Contains(err.Error(), `run "empty": no epochs to draw`) {
		t.Errorf("a run with no epochs: err = %v", err)
	}
	if _, err := LossAccuracyChart([]*nnlib.History{sampleHistory("a", 10)}, ByEpoch, "gif", 100, 100); err == nil ||
		!strings.Contains(err.Error(), `"gif", want png or svg`) {
		t.Errorf("format gif: err = %v", err)
	}
}

func TestHistoryCSVAndJSON(t *testing.T) {
	h := sampleHistory("run", 100)
	var csvBuf, jsonBuf bytes.Buffer
	if err := h.WriteCSV(&csvBuf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(csvBuf.String()), "\n")
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "epoch,updates,") || !strings.HasPrefix(lines[2], "1,10,") {
		t.Errorf("CSV:\n%s", csvBuf.String())
	}
	if err := h.WriteJSON(&jsonBuf); err != nil {
		t.Fatal(err)
	}
	back, err := nnlib.ReadHistoryJSON(&jsonBuf, "run.json")
	if err != nil || back.Last() != h.Last() || back.Name != "run" {
		t.Errorf("JSON round trip: %v, %+v", err, back)
	}
	if _, err := nnlib.ReadHistoryJSON(strings.NewReader("{"), "bad.json"); err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("bad JSON: err = %v", err)
	}
	if e, ok := h.FirstEpoch(func(e nnlib.EpochStats) bool { return e.TestAccuracy > 0.5 }); !ok || e.Epoch != 3 {
		t.Errorf("FirstEpoch past 50%% = %d, %v; want 3", e.Epoch, ok)
	}
}
