package notebook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"github.com/gonn-lab/mnist-from-scratch/nnlib/charts"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// LayerStats are the health figures of one layer of a network on one
// batch, the sanity checks CS231n and Karpathy teach: are the activations
// alive and of a sensible size, does the gradient reach the layer, and how
// large is a step of gradient descent against the weights it changes.
//
// A layer's output A is ReLU(Z) for a hidden layer and the logits Z for the
// output layer (the softmax comes after). Its gradient is ∂L/∂A, the error
// signal backpropagation brings to that output, for the mean cross-entropy
// L of the batch.
type LayerStats struct {
	Layer  int  `json:"layer"`  // 1, 2, …, as in the formulas: Network.Layers[Layer−1]
	Hidden bool `json:"hidden"` // a ReLU layer; the output layer is not

	ActMean float64 `json:"act_mean"` // mean of A over the batch and the units
	ActStd  float64 `json:"act_std"`  // its standard deviation
	Active  float64 `json:"active"`   // hidden: share of the values of A above 0; else 0
	Dead    int     `json:"dead"`     // hidden: units at 0 for every example of the batch; else 0

	GradMean float64 `json:"grad_mean"` // mean of ∂L/∂A
	GradStd  float64 `json:"grad_std"`  // its standard deviation

	WeightStd float64 `json:"weight_std"` // standard deviation of the weights W
	// UpdateRatio is the size of the step plain gradient descent would take
	// on this batch against the size of the weights, η·‖∂L/∂W‖ / ‖W‖
	// (Frobenius norms). CS231n's rule of thumb: about 10⁻³.
	UpdateRatio float64 `json:"update_ratio"`
}

// MeasureLayers returns the LayerStats of every layer of net on the batch
// x with its labels, for steps of learning rate lr. It runs its own forward
// and backward pass, on a copy of the network, so net is left as it was
// (its gradients included). It panics if x does not have net.Inputs()
// columns or labels one label per row.
func MeasureLayers(net *nnlib.Network, x *mat.Dense, labels []int, lr float64) []LayerStats {
	b, _ := x.Dims()
	if len(labels) != b {
		panic(fmt.Sprintf("notebook: MeasureLayers: %d labels for %d examples", len(labels), b))
	}
	layers := net.Clone().Layers
	last := len(layers) - 1
	// acts[i] is the input of layers[i]; acts[i+1] its output.
	acts := []*mat.Dense{x}
	for i, l := range layers {
		z := mat.NewDense(b, l.Out(), nil)
		l.Forward(z, acts[i])
		if i < last {
			nnlib.ReLU(z, z)
		}
		acts = append(acts, z)
	}
	p := mat.NewDense(b, layers[last].Out(), nil)
	nnlib.Softmax(p, acts[last+1])
	// grads[i] is ∂L/∂(output of layers[i]).
	grads := make([]*mat.Dense, len(layers))
	grads[last] = mat.NewDense(b, layers[last].Out(), nil)
	nnlib.SoftmaxCrossEntropyBackward(grads[last], p, labels)
	dz := grads[last] // for the output layer, A = Z
	for i := last; i >= 0; i-- {
		if i == 0 {
			layers[0].Backward(nil, x, dz)
			break
		}
		da := mat.NewDense(b, layers[i].In(), nil)
		layers[i].Backward(da, acts[i], dz)
		grads[i-1] = mat.DenseCopyOf(da)
		nnlib.ReLUBackward(da, acts[i]) // now ∂L/∂Z of layers[i−1]
		dz = da
	}

	stats := make([]LayerStats, len(layers))
	for i, l := range layers {
		out := acts[i+1].RawMatrix().Data
		s := LayerStats{Layer: i + 1, Hidden: i < last}
		s.ActMean, s.ActStd = stat.PopMeanStdDev(out, nil)
		s.GradMean, s.GradStd = stat.PopMeanStdDev(grads[i].RawMatrix().Data, nil)
		_, s.WeightStd = stat.PopMeanStdDev(l.W.RawMatrix().Data, nil)
		s.UpdateRatio = lr * mat.Norm(l.DW, 2) / mat.Norm(l.W, 2)
		if s.Hidden {
			s.Active, s.Dead = activity(acts[i+1])
		}
		stats[i] = s
	}
	return stats
}

// activity returns the share of a's values above 0 and the number of its
// columns (units) with no value above 0.
func activity(a *mat.Dense) (active float64, dead int) {
	rows, cols := a.Dims()
	alive := make([]bool, cols)
	on := 0
	for i := range rows {
		for j, v := range a.RawRowView(i) {
			if v > 0 {
				on++
				alive[j] = true
			}
		}
	}
	for _, ok := range alive {
		if !ok {
			dead++
		}
	}
	return float64(on) / float64(rows*cols), dead
}

// TraceLayers trains the network of the run r, as Train would, and
// measures its layers with MeasureLayers on the first probe training
// images before training and after every epoch: trace[e] holds the
// layers' figures after epoch e. The learning rate of each measurement is
// the one of the epoch after it, so the update ratios are those of the
// steps the run takes (of plain gradient descent: for momentum and Adam
// they are only a guide). The scores of every epoch are taken on 1,000
// training images only, which changes nothing in the training.
//
// Like Keep, it remembers the trace by its name, r and probe, and reads it
// back instead of training again. It panics if the run fails.
func (k *Kit) TraceLayers(name string, r Run, probe int) (trace [][]LayerStats) {
	settings := struct {
		Run   Run
		Probe int
	}{r, probe}
	return Keep(k, name, settings, func() [][]LayerStats {
		opt, err := nnlib.NewOptimizer(cmp.Or(r.Optimizer, "sgd"))
		if err != nil {
			panic(err)
		}
		schedule, err := nnlib.NewSchedule(r.Schedule)
		if err != nil {
			panic(err)
		}
		var train nnlib.Dataset
		switch r.Data {
		case "test":
			train, _ = k.MNIST()
		case "validation":
			train, _ = k.Split()
		default:
			panic(fmt.Sprintf("notebook: Run.Data = %q, want \"test\" or \"validation\"", r.Data))
		}
		batch := train.Slice(0, probe)
		sizes := r.Sizes
		if sizes == nil {
			sizes = nnlib.DefaultSizes
		}
		net := nnlib.NewNetwork(sizes, rand.New(rand.NewPCG(r.Seed, 0)))
		p := NewProgress()
		start := time.Now()
		cfg := nnlib.Config{Epochs: r.Epochs, LearningRate: r.LearningRate, BatchSize: r.BatchSize,
			Optimizer: opt, Schedule: schedule, Seed: r.Seed, TrainEvalSize: 1000}
		cfg.Progress = func(e nnlib.EpochStats) {
			lr := schedule(r.LearningRate, min(e.Epoch+1, r.Epochs), r.Epochs)
			trace = append(trace, MeasureLayers(net, batch.X, batch.Labels, lr))
			p.Update(fmt.Sprintf("%s: epoch <b>%d</b> of %d measured, %.0f s",
				name, e.Epoch, r.Epochs, time.Since(start).Seconds()))
		}
		_, err = nnlib.Train(context.Background(), net, train, cfg)
		var diverged *nnlib.DivergedError
		if err != nil && !errors.As(err, &diverged) {
			panic(err)
		}
		p.Done(fmt.Sprintf("<b>%s</b>: %d epochs trained and measured on %d training images in %.1f s",
			name, len(trace)-1, probe, time.Since(start).Seconds()))
		return trace
	})
}

// LayerChart is a chart of one of the LayerStats of every layer over a
// training run, from a trace such as TraceLayers returns: one curve per
// layer, against the epochs.
type LayerChart struct {
	Title, YLabel string
	Trace         [][]LayerStats
	Value         func(LayerStats) float64
	// Hidden draws only the hidden layers (for Active and Dead, which the
	// output layer lacks).
	Hidden bool
	// LogY puts y on a log scale; values ≤ 0 are then left out.
	LogY bool
	// Guide, if > 0, draws a dashed grey line across at this value, such
	// as the 10⁻³ of the update-ratio rule of thumb.
	Guide float64
	// LegendBottom puts the legend in the bottom right corner instead of
	// the top right, to keep it off curves that rise.
	LegendBottom bool
}

// Plot returns the chart as a gonum plot, or an error if the trace is
// empty, Value is nil, or a value is NaN or infinite.
func (c LayerChart) Plot() (*plot.Plot, error) {
	if len(c.Trace) == 0 || len(c.Trace[0]) == 0 || c.Value == nil {
		return nil, fmt.Errorf("notebook: LayerChart %q: no trace or no value", c.Title)
	}
	p := charts.NewPlot(c.Title, charts.ByEpoch, false)
	p.Y.Label.Text = c.YLabel
	if c.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = charts.LogTicks{}
	}
	p.Legend.Top = !c.LegendBottom
	for i := range c.Trace[0] {
		if c.Hidden && !c.Trace[0][i].Hidden {
			continue
		}
		var pts plotter.XYs
		for e, layers := range c.Trace {
			v := c.Value(layers[i])
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("notebook: LayerChart %q: layer %d, epoch %d: value %g", c.Title, i+1, e, v)
			}
			if c.LogY && v <= 0 {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(e), Y: v})
		}
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("notebook: LayerChart %q: %w", c.Title, err)
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("layer %d", i+1), line)
	}
	if c.Guide > 0 {
		guide, err := plotter.NewLine(plotter.XYs{{X: 0, Y: c.Guide}, {X: float64(len(c.Trace) - 1), Y: c.Guide}})
		if err != nil {
			return nil, fmt.Errorf("notebook: LayerChart %q: %w", c.Title, err)
		}
		guide.Color = color.Gray{Y: 128}
		guide.Dashes = plotutil.Dashes(2)
		guide.Width = vg.Points(1)
		p.Add(guide)
	}
	return p, nil
}
