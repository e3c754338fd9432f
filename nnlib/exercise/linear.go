package exercise

import (
	"github.com/gonn-lab/mnist-from-scratch/nnlib"
	"gonum.org/v1/gonum/mat"
)

var linearForwardSpec = &spec{
	name: "linear-forward", fn: "linearForward", notebook: "02-forward-pass",
	signature: "func linearForward(z, x, w *mat.Dense, b []float64)",
	hints: map[string]string{
		mistakeStart:    "Start here: z.Mul(x, w) computes X·W into z; then add b[j] to every entry of column j.",
		mistakeOther:    "Z = X·W + 1·bᵀ: Z[i,j] = Σₖ X[i,k]·W[k,j] + b[j].",
		"no-bias":       "Add the bias: Z = X·W + 1·bᵀ, so b[j] goes into every row's column j.",
		"order":         "Z = X·W: X (B×In) on the left, W (In×Out) on the right; matrix products do not commute.",
		"bias-per-row":  "b has one entry per output (column): add b[j] to Z[i,j], not b[i].",
		"accumulates":   "Set z, don't add to it: z holds old values on entry (z.Mul overwrites it).",
		"changes-input": "Write only into z: x, w and b are inputs.",
	},
}

// CheckLinearForward checks the learner's
//
//	func linearForward(z, x, w *mat.Dense, b []float64)
//
// which must compute the dense layer's pre-activations for the B×In batch
// x, the In×Out weights w and the Out biases b into the B×Out z:
//
//	Z = X·W + 1·bᵀ,  Z[i,j] = Σₖ X[i,k]·W[k,j] + b[j],
//
// as nnlib's Linear.Forward does.
func CheckLinearForward(linearForward func(z, x, w *mat.Dense, b []float64)) Result {
	s := linearForwardSpec
	if linearForward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(6)
		type fwdCase struct {
			name string
			x, w *mat.Dense
			b    []float64
		}
		cases := []fwdCase{{"the fixed 3×3 case",
			mat.NewDense(3, 3, []float64{1, 2, 0, -1, 0, 3, 0.5, -2, 1}),
			mat.NewDense(3, 3, []float64{0.5, -1, 2, 1, 0, -0.5, -1, 1.5, 0.25}),
			[]float64{0.1, -0.2, 0.3}}}
		for _, d := range [][3]int{{4, 5, 3}, {6, 20, 10}} {
			cases = append(cases, fwdCase{"a random " + shape(d[0], d[1]) + " batch into " + itoa(d[2]) + " outputs",
				randn(d[0], d[1], 1, rng), randn(d[1], d[2], 0.5, rng), randVec(d[2], 1, rng)})
		}
		for _, c := range cases {
			bs, _ := c.x.Dims()
			_, out := c.w.Dims()
			x, w, b := mat.DenseCopyOf(c.x), mat.DenseCopyOf(c.w), append([]float64(nil), c.b...)
			z := filled(bs, out, stale)
			linearForward(z, x, w, b)
			got := data(z)
			if !mat.Equal(x, c.x) || !mat.Equal(w, c.w) || !nearAll(b, c.b) {
				return s.notYet(c.name, "x, w or b was changed.", "changes-input")
			}
			if allEqual(got, stale) {
				return s.notYet(c.name, "z was not written.", mistakeStart)
			}
			l := nnlib.ZeroLinear(c.w.Dims())
			l.W.Copy(c.w)
			copy(l.B, c.b)
			want := mat.NewDense(bs, out, nil)
			l.Forward(want, c.x)
			wv := data(want)
			msg := mismatch(value{name: "z", cols: out, got: got, want: wv})
			if msg == "" {
				continue
			}
			var xw mat.Dense
			xw.Mul(c.x, c.w)
			noBias := data(&xw)
			mistake := mistakeOther
			switch {
			case nearAll(got, noBias):
				mistake = "no-bias"
			case nearAll(got, addConst(wv, stale)):
				mistake = "accumulates"
			case square(c.x, c.w) && nearAll(got, plusBias(mulData(c.w, c.x), c.b)):
				mistake = "order"
			case square(c.x, c.w) && nearAll(got, plusRowBias(noBias, c.b)):
				mistake = "bias-per-row"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "linearForward agrees with nnlib's Linear.Forward")
	})
}

// square reports whether every matrix given is n×n for the same n.
func square(ms ...*mat.Dense) bool {
	n, _ := ms[0].Dims()
	for _, m := range ms {
		if r, c := m.Dims(); r != n || c != n {
			return false
		}
	}
	return true
}

// mulData returns the entries of a·b.
func mulData(a, b mat.Matrix) []float64 {
	var m mat.Dense
	m.Mul(a, b)
	return data(&m)
}

// plusBias returns the row-major v, len(b) wide, with b[j] added to column j.
func plusBias(v, b []float64) []float64 {
	out := append([]float64(nil), v...)
	for k := range out {
		out[k] += b[k%len(b)]
	}
	return out
}

// plusRowBias returns the row-major v, len(b) wide and len(b) tall, with b[i]
// added to row i.
func plusRowBias(v, b []float64) []float64 {
	out := append([]float64(nil), v...)
	for k := range out {
		out[k] += b[k/len(b)]
	}
	return out
}

var linearBackwardSpec = &spec{
	name: "linear-backward", fn: "linearBackward", notebook: "03-backprop",
	signature: "func linearBackward(l *nnlib.Linear, dx, x, dz *mat.Dense)",
	hints: map[string]string{
		mistakeStart:      "Start here: l.DW.Mul(x.T(), dz) gives ∂W = Xᵀ·dZ; ∂b[j] is the sum of column j of dz; dx.Mul(dz, l.W.T()) gives ∂X = dZ·Wᵀ.",
		mistakeOther:      "∂W = Xᵀ·dZ (In×Out), ∂b = the column sums of dZ (Out), ∂X = dZ·Wᵀ (B×In): each from Z = X·W + 1·bᵀ by the chain rule.",
		"dw-transposed":   "∂W is transposed: it is Xᵀ·dZ (In×Out, shaped like W); dZᵀ·X = (Xᵀ·dZ)ᵀ is Out×In.",
		"dw-no-transpose": "∂W = Xᵀ·dZ: X needs its transpose (x.T()), so that the sum runs over the batch.",
		"dw-accumulates":  "Set l.DW, don't add to it: it holds old values on entry (Mul overwrites).",
		"db-mean":         "∂b is the sum of dZ's rows over the batch, not their mean: dZ already carries the loss's 1/B.",
		"db-rows":         "∂b[j] sums column j of dZ (over the batch), not row j.",
		"db-accumulates":  "Set l.DB, don't add to it: clear it first, since it holds old values on entry.",
		"dx-no-transpose": "∂X = dZ·Wᵀ: W needs its transpose (l.W.T()).",
		"dx-transposed":   "∂X is transposed: it is dZ·Wᵀ (B×In, shaped like X); W·dZᵀ is its transpose.",
		"dx-missing":      "Also set dx = dZ·Wᵀ: the layer below needs the gradient with respect to its output.",
		"changes-input":   "Write only into l.DW, l.DB and dx: x, dz and l.W are inputs.",
	},
}

// CheckLinearBackward checks the learner's
//
//	func linearBackward(l *nnlib.Linear, dx, x, dz *mat.Dense)
//
// which must compute the gradients of the dense layer Z = X·W + 1·bᵀ from
// dz = ∂L/∂Z (B×Out) and the input x (B×In) that the forward pass saw:
//
//	∂L/∂W = Xᵀ·dZ  into l.DW (In×Out)
//	∂L/∂b = 1ᵀ·dZ  into l.DB (the column sums of dZ)
//	∂L/∂X = dZ·Wᵀ  into dx (B×In)
//
// as nnlib's Linear.Backward does. Each case is also checked against the
// central differences of L = Σ dZ ⊙ (X·W + 1·bᵀ), whose gradient with
// respect to Z is dZ. The first case is square (B = In = Out), so that a
// product with a transpose missing still runs and can be recognised.
func CheckLinearBackward(linearBackward func(l *nnlib.Linear, dx, x, dz *mat.Dense)) Result {
	s := linearBackwardSpec
	if linearBackward == nil {
		return s.wrongType(nil)
	}
	return s.run(func() Result {
		rng := newRand(7)
		type bwdCase struct {
			name           string
			batch, in, out int
			x, w, dz       *mat.Dense
			b              []float64
		}
		var cases []bwdCase
		for k, d := range [][3]int{{3, 3, 3}, {4, 5, 3}, {10, 8, 6}} {
			name := "a random " + shape(d[0], d[1]) + " batch into " + itoa(d[2]) + " outputs"
			if k == 0 {
				name = "a random square case (B = In = Out = 3)"
			}
			cases = append(cases, bwdCase{name, d[0], d[1], d[2],
				randn(d[0], d[1], 1, rng), randn(d[1], d[2], 0.5, rng), randn(d[0], d[2], 0.3, rng), randVec(d[2], 1, rng)})
		}
		for _, c := range cases {
			ref := nnlib.ZeroLinear(c.in, c.out)
			ref.W.Copy(c.w)
			copy(ref.B, c.b)
			l := nnlib.ZeroLinear(c.in, c.out)
			l.W.Copy(c.w)
			copy(l.B, c.b)
			l.DW.Copy(filled(c.in, c.out, stale))
			for j := range l.DB {
				l.DB[j] = stale
			}
			x, dz, dx := mat.DenseCopyOf(c.x), mat.DenseCopyOf(c.dz), filled(c.batch, c.in, stale)
			linearBackward(l, dx, x, dz)
			if !mat.Equal(x, c.x) || !mat.Equal(dz, c.dz) || !mat.Equal(l.W, c.w) {
				return s.notYet(c.name, "x, dz or l.W was changed.", "changes-input")
			}
			gw, gb, gx := data(l.DW), append([]float64(nil), l.DB...), data(dx)
			if allEqual(gw, stale) && allEqual(gb, stale) && allEqual(gx, stale) {
				return s.notYet(c.name, "l.DW, l.DB and dx were not written.", mistakeStart)
			}
			wantX := mat.NewDense(c.batch, c.in, nil)
			ref.Backward(wantX, c.x, c.dz)
			ww, wb, wx := data(ref.DW), ref.DB, data(wantX)
			nw, nb, nx := linearNumerical(c.x, c.w, c.b, c.dz)
			msg := mismatch(
				value{name: "l.DW", cols: c.out, got: gw, want: ww, numerical: nw},
				value{name: "l.DB", cols: 0, got: gb, want: wb, numerical: nb},
				value{name: "dx", cols: c.in, got: gx, want: wx, numerical: nx})
			if msg == "" {
				continue
			}
			sq := c.batch == c.in && c.in == c.out
			bs := float64(c.batch)
			mistake := mistakeOther
			switch {
			case !nearAll(gw, ww) && nearAll(gw, addConst(ww, stale)):
				mistake = "dw-accumulates"
			case !nearAll(gw, ww) && sq && nearAll(gw, transposed(c.in, c.out, ww)):
				mistake = "dw-transposed"
			case !nearAll(gw, ww) && sq && nearAll(gw, mulData(c.x, c.dz)):
				mistake = "dw-no-transpose"
			case !nearAll(gw, ww):
			case !nearAll(gb, wb) && nearAll(gb, scaled(1/bs, wb)):
				mistake = "db-mean"
			case !nearAll(gb, wb) && nearAll(gb, addConst(wb, stale)):
				mistake = "db-accumulates"
			case !nearAll(gb, wb) && sq && nearAll(gb, rowSums(c.dz)):
				mistake = "db-rows"
			case !nearAll(gb, wb):
			case allEqual(gx, stale):
				mistake = "dx-missing"
			case sq && nearAll(gx, mulData(c.dz, c.w)):
				mistake = "dx-no-transpose"
			case sq && nearAll(gx, transposed(c.batch, c.in, wx)):
				mistake = "dx-transposed"
			}
			return s.notYet(c.name, msg, mistake)
		}
		return s.passed(len(cases), "linearBackward agrees with nnlib's Linear.Backward and the central differences")
	})
}

// linearNumerical returns the central differences of
// L = Σ dZ ⊙ (X·W + 1·bᵀ) with respect to W, b and X.
func linearNumerical(x, w *mat.Dense, b []float64, dz *mat.Dense) (dw, db, dx []float64) {
	xv, wv, bv := data(x), data(w), append([]float64(nil), b...)
	bs, in := x.Dims()
	_, out := w.Dims()
	loss := func() float64 {
		l := nnlib.ZeroLinear(in, out)
		l.W.Copy(mat.NewDense(in, out, wv))
		copy(l.B, bv)
		z := mat.NewDense(bs, out, nil)
		l.Forward(z, mat.NewDense(bs, in, xv))
		return mat.Sum(mulElem(z, dz))
	}
	grad := func(v []float64) []float64 {
		g := make([]float64, len(v))
		for k := range v {
			g[k] = nnlib.CentralDifference(loss, v, k, 1e-5)
		}
		return g
	}
	return grad(wv), grad(bv), grad(xv)
}

// mulElem returns a ⊙ b.
func mulElem(a, b *mat.Dense) *mat.Dense {
	var m mat.Dense
	m.MulElem(a, b)
	return &m
}

// rowSums returns the sum of each row of m.
func rowSums(m *mat.Dense) []float64 {
	r, _ := m.Dims()
	out := make([]float64, r)
	for i := range r {
		out[i] = mat.Sum(m.RowView(i))
	}
	return out
}
