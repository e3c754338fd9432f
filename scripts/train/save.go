package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// modelName is the name of the model file in a run's folder.
const modelName = "model" + modelfile.Extension

// runFiles is what a run's folder holds, as the trainer reports it.
const runFiles = modelName + ", history.csv, history.json, curves.png and curves.svg"

// record is what a run's history.json holds: its history, and first the
// settings of the run that the history does not say itself, which
// nnlib.ReadHistoryJSON, reading the file as a history, skips.
type record struct {
	// Augment is how the training digits were distorted, as -augment
	// reads it: augment.Settings' String, or "none".
	Augment string `json:"augment"`
	*nnlib.History
}

// WriteJSON writes r as nnlib.History.WriteJSON writes a history, r's
// own fields first. It hides the History's WriteJSON, which would leave
// them out.
func (r record) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// saveRun writes the run's files into its folder, the model first, and
// commits it: the folder takes the run's name and latest links to it. It
// returns the folder's path. If a file cannot be written, it saves the
// network in a new file in tempDir instead, so that the trained network
// is not lost, and the error says where; if that fails too, it leaves
// what was written in the run's hidden folder, and the error says so.
func saveRun(out *runFolder, net *nnlib.Network, r record, tempDir string) (string, error) {
	err := writeRun(out, net, r)
	if err == nil {
		return out.commit()
	}
	path, tempErr := saveToTemp(tempDir, net, out.write)
	if tempErr != nil {
		out.done = true // keep what was written
		return "", fmt.Errorf("cannot write the run into %s: %v; nor the network into %s: %v; what was written is in %s",
			out.parent, err, tempDir, tempErr, out.partial)
	}
	out.discard()
	return "", fmt.Errorf("cannot write the run into %s: %v; the trained network is saved in %s instead "+
		"(go run ./scripts/predict -model %s digit.png)", out.parent, err, path, path)
}

// writeRun writes the model, the history and the curves into the run's
// folder. The curves are drawn before anything is written.
func writeRun(out *runFolder, net *nnlib.Network, r record) error {
	curves := map[string][]byte{}
	for _, format := range []string{"png", "svg"} {
		chart, err := charts.LossAccuracyChart([]*nnlib.History{r.History}, charts.ByEpoch, format, 720, 300)
		if err != nil {
			return fmt.Errorf("cannot draw curves.%s: %v", format, err)
		}
		curves[format] = chart
	}
	if err := out.writeFile(modelName, writeBytes(modelfile.Marshal(net))); err != nil {
		return err
	}
	if err := out.writeFile("history.csv", r.WriteCSV); err != nil {
		return err
	}
	if err := out.writeFile("history.json", r.WriteJSON); err != nil {
		return err
	}
	for _, format := range []string{"png", "svg"} {
		if err := out.writeFile("curves."+format, writeBytes(curves[format])); err != nil {
			return err
		}
	}
	return nil
}

// saveToTemp saves the network in a new file in dir through write, and
// returns the file's path.
func saveToTemp(dir string, net *nnlib.Network, write writeFunc) (string, error) {
	f, err := os.CreateTemp(dir, "train-model-*"+modelfile.Extension)
	if err != nil {
		return "", withoutPath(err)
	}
	path := f.Name()
	f.Close()
	if err := write(path, writeBytes(modelfile.Marshal(net))); err != nil {
		os.Remove(path)
		return "", withoutPath(err)
	}
	return path, nil
}

// writeBytes returns a function that writes data, for a writeFunc.
func writeBytes(data []byte) func(w io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}
