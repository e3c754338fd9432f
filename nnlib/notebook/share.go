package notebook

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/gonn-lab/mnist-from-scratch/nnlib/modelfile"
)

// From returns a kit that keeps its results with those of the notebook
// called name, so that one notebook can use what another trained:
//
//	net := nb.From("05-evaluation").Train("default", run).Net
//
// reads back the network notebook 05 trained with the same name and
// settings, or, if 05 has not run yet (or ran other settings), trains it
// and keeps it where 05 will find it in turn. Everything else (the
// repository, the BLAS, the start of this run) is k's.
func (k *Kit) From(name string) *Kit {
	c := *k
	c.Name = name
	return &c
}

// Trained returns the result of the run r, as Train does, for the cells
// after the one that trained it, which only need the network: unlike
// Train, it reads back what was kept even when NNLIB_RECOMPUTE=1, since
// the cell that called Train has just recomputed it. If the run was never
// made, it is trained now, with Train's progress and summary.
func (k *Kit) Trained(name string, r Run) Result {
	if res, ok := readResult(filepath.Join(k.Results(), name+"-"+settingsKey(r))); ok {
		return res
	}
	return k.Train(name, r)
}

// readResult reads back what saveResult wrote, as loadResult does but
// whatever NNLIB_RECOMPUTE says, and reports whether it could.
func readResult(path string) (Result, bool) {
	data, err := os.ReadFile(path + ".json")
	if err != nil {
		return Result{}, false
	}
	var saved savedRun
	if json.Unmarshal(data, &saved) != nil || saved.History == nil || len(saved.History.Epochs) == 0 {
		return Result{}, false
	}
	net, err := modelfile.Load(path + modelfile.Extension)
	if err != nil {
		return Result{}, false
	}
	return Result{Net: net, History: saved.History, Err: saved.Err}, true
}
