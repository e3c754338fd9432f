package notebook

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Graph is a computational graph of scalars, drawn as a circuit in the
// manner of CS231n's notes on backpropagation: the inputs on the left,
// each operation a box that reads the wires coming in, and, at the
// start of every node's outgoing wire, its value in the forward pass
// (green, above the wire) and the gradient of the final node with respect
// to it (red, below).
//
// The graph only draws what it is given: the cell that builds it computes
// the values forward and the gradients backward itself, which is the
// lesson.
//
//	notebook.Graph{Nodes: []notebook.GraphNode{
//		{Name: "x", Value: 2, Grad: 3},
//		{Name: "y", Value: 3, Grad: 2},
//		{Name: "f", Op: "×", Inputs: []string{"x", "y"}, Value: 6, Grad: 1},
//	}}.Show(400, 200)
type Graph struct {
	Title string
	Nodes []GraphNode // in the order of the forward pass: inputs before the nodes that read them
}

// GraphNode is one value of a Graph.
type GraphNode struct {
	Name   string   // what the value is called, such as "w1" or "z"
	Op     string   // what computes it from Inputs, such as "+", "×" or "ReLU"; "" for an input
	Inputs []string // the names of the nodes it reads; none for an input
	Value  float64  // its value in the forward pass
	Grad   float64  // the final node's gradient with respect to it
}

// Show displays the graph, width×height CSS pixels, and panics if it is
// not a valid graph (see Plot).
func (g Graph) Show(width, height float64) {
	p, err := g.Plot()
	if err != nil {
		panic(err)
	}
	ShowPlots(width, height, p)
}

// PNG returns the graph as a PNG image of width×height points.
func (g Graph) PNG(width, height float64) ([]byte, error) { return plotPNG(g, width, height) }

// Plot returns the graph drawn on a gonum plot without axes. It returns an
// error if there are no nodes, two nodes share a name, a node reads a node
// that does not come before it, an operation reads nothing or an input
// reads something, or a value or gradient is NaN or infinite.
func (g Graph) Plot() (*plot.Plot, error) {
	pos, err := g.layout()
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = g.Title
	p.HideAxes()
	p.Add(graphDrawing{g: g, pos: pos})
	return p, nil
}

// graphPos is where a node is drawn, in data units: x its column, y its row.
type graphPos struct{ x, y float64 }

// layout checks the graph and places its nodes. An operation's column is
// one more than the largest column of the operations it reads (1 if it
// reads only inputs); an input sits one column before the first node that
// reads it. Inputs take rows from the top down in their order, and an
// operation sits at the mean height of what it reads.
func (g Graph) layout() ([]graphPos, error) {
	if len(g.Nodes) == 0 {
		return nil, errors.New("notebook: Graph: no nodes")
	}
	index := map[string]int{}
	pos := make([]graphPos, len(g.Nodes))
	row := 0.0
	for i, n := range g.Nodes {
		where := fmt.Sprintf("notebook: Graph: node %d (%q)", i, n.Name)
		if _, dup := index[n.Name]; dup {
			return nil, fmt.Errorf("%s: the name is taken by an earlier node", where)
		}
		if !isFinite(n.Value) || !isFinite(n.Grad) {
			return nil, fmt.Errorf("%s: value %g, gradient %g, want finite numbers", where, n.Value, n.Grad)
		}
		switch {
		case n.Op == "" && len(n.Inputs) > 0:
			return nil, fmt.Errorf("%s: an input (no Op) reads %v", where, n.Inputs)
		case n.Op != "" && len(n.Inputs) == 0:
			return nil, fmt.Errorf("%s: operation %q reads nothing", where, n.Op)
		}
		index[n.Name] = i
		if n.Op == "" {
			pos[i] = graphPos{x: math.Inf(1), y: row}
			row--
			continue
		}
		col, sumY := 1.0, 0.0
		for _, in := range n.Inputs {
			j, ok := index[in]
			if !ok {
				return nil, fmt.Errorf("%s: reads %q, which is not a node before it", where, in)
			}
			if g.Nodes[j].Op != "" {
				col = max(col, pos[j].x+1)
			}
			sumY += pos[j].y
		}
		pos[i] = graphPos{x: col, y: sumY / float64(len(n.Inputs))}
		for _, in := range n.Inputs {
			if j := index[in]; g.Nodes[j].Op == "" {
				pos[j].x = min(pos[j].x, col-1)
			}
		}
	}
	for i, n := range g.Nodes {
		if math.IsInf(pos[i].x, 1) {
			return nil, fmt.Errorf("notebook: Graph: input %q is read by no node", n.Name)
		}
	}
	return pos, nil
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// graphDrawing is the plotter that draws a Graph.
type graphDrawing struct {
	g   Graph
	pos []graphPos
}

// The look of a graph: sizes in points and colours as in HighlightGo.
var (
	graphRadius     = vg.Points(12)                      // half the height of an operation's node
	graphStub       = vg.Points(36)                      // the level start of a wire, which carries the labels
	graphValueColor = color.RGBA{0x1a, 0x7f, 0x37, 0xff} // green
	graphGradColor  = color.RGBA{0xcf, 0x22, 0x2e, 0xff} // red
	graphWireColor  = color.RGBA{0x57, 0x60, 0x6a, 0xff} // grey
	graphNodeFill   = color.RGBA{0xf6, 0xf8, 0xfa, 0xff}
)

// DataRange leaves room around the nodes for the names of the inputs on
// the left and the last node's labels on the right.
func (d graphDrawing) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range d.pos {
		xmin, xmax = min(xmin, p.x), max(xmax, p.x)
		ymin, ymax = min(ymin, p.y), max(ymax, p.y)
	}
	return xmin - 0.3, xmax + 0.7, ymin - 0.5, ymax + 0.5
}

// graphText is the style of a graph's text: size in points, colour and
// alignment around its point.
func graphText(size float64, clr color.Color, xa draw.XAlignment, ya draw.YAlignment) draw.TextStyle {
	return draw.TextStyle{Color: clr, Font: font.From(plot.DefaultFont, vg.Points(size)),
		Handler: plot.DefaultTextHandler, XAlign: xa, YAlign: ya}
}

// Plot draws the wires first, then the nodes and their labels over them.
// An operation is a rounded box wide enough for its name; every wire
// leaves its node level, for the labels, then runs straight to the middle
// of its reader's left side.
func (d graphDrawing) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	opText := graphText(10, color.Black, draw.XCenter, draw.YCenter)
	halfWidth := make([]vg.Length, len(d.g.Nodes)) // of the node's box, 0 for an input
	at := func(i int) vg.Point { return vg.Point{X: trX(d.pos[i].x), Y: trY(d.pos[i].y)} }
	port := func(i int) vg.Point { // where node i's wire starts
		return vg.Point{X: at(i).X + max(halfWidth[i], vg.Points(3)), Y: at(i).Y}
	}
	index := map[string]int{}
	for i, n := range d.g.Nodes {
		index[n.Name] = i
		if n.Op != "" {
			halfWidth[i] = max(graphRadius, opText.Width(n.Op)/2+vg.Points(6))
		}
	}
	wire := draw.LineStyle{Color: graphWireColor, Width: vg.Points(1)}
	for i, n := range d.g.Nodes {
		to := vg.Point{X: at(i).X - halfWidth[i], Y: at(i).Y}
		for _, in := range n.Inputs {
			from := port(index[in])
			c.StrokeLines(wire, []vg.Point{from, {X: from.X + graphStub, Y: from.Y}, to})
		}
	}
	out := port(len(d.g.Nodes) - 1)
	c.StrokeLine2(wire, out.X, out.Y, out.X+graphStub+vg.Points(8), out.Y)
	for i, n := range d.g.Nodes {
		pt := at(i)
		if n.Op == "" {
			c.FillText(graphText(12, color.Black, draw.XRight, draw.YCenter), pt, n.Name)
		} else {
			box := roundedBox(pt, halfWidth[i], graphRadius)
			c.SetColor(graphNodeFill)
			c.Fill(box)
			c.SetLineStyle(wire)
			c.Stroke(box)
			c.FillText(opText, pt, n.Op)
			above := vg.Point{X: pt.X, Y: pt.Y + graphRadius + vg.Points(2)}
			c.FillText(graphText(11, color.Black, draw.XCenter, draw.YBottom), above, n.Name)
		}
		p := port(i)
		p.X += vg.Points(3)
		c.FillText(graphText(9, graphValueColor, draw.XLeft, draw.YBottom),
			vg.Point{X: p.X, Y: p.Y + vg.Points(2)}, formatGraphNumber(n.Value))
		c.FillText(graphText(9, graphGradColor, draw.XLeft, draw.YTop),
			vg.Point{X: p.X, Y: p.Y - vg.Points(2)}, formatGraphNumber(n.Grad))
	}
}

// roundedBox returns the outline of a box centred on pt, halfWidth either
// side, 2r high, with round ends of radius r.
func roundedBox(pt vg.Point, halfWidth, r vg.Length) vg.Path {
	left, right := pt.X-halfWidth+r, pt.X+halfWidth-r
	var p vg.Path
	p.Move(vg.Point{X: left, Y: pt.Y - r})
	p.Line(vg.Point{X: right, Y: pt.Y - r})
	p.Arc(vg.Point{X: right, Y: pt.Y}, r, -math.Pi/2, math.Pi)
	p.Line(vg.Point{X: left, Y: pt.Y + r})
	p.Arc(vg.Point{X: left, Y: pt.Y}, r, math.Pi/2, math.Pi)
	p.Close()
	return p
}

// formatGraphNumber writes a value with at most 4 significant digits and
// no exponent for the sizes a hand-sized graph holds: 2.75, -0.875, 1e-05.
func formatGraphNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
