package diagram

import (
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Rect is a rectangle in the picture's pixels, Y down.
type Rect struct{ X, Y, W, H float64 }

// Right is the rectangle's right edge.
func (r Rect) Right() float64 { return r.X + r.W }

// Bottom is the rectangle's bottom edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Center is the rectangle's centre.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Empty reports whether the rectangle has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Overlaps reports whether two rectangles share more than an edge.
func (r Rect) Overlaps(o Rect) bool {
	const eps = 0.01
	return !r.Empty() && !o.Empty() &&
		r.X < o.Right()-eps && o.X < r.Right()-eps && r.Y < o.Bottom()-eps && o.Y < r.Bottom()-eps
}

// Contains reports whether o lies inside r.
func (r Rect) Contains(o Rect) bool {
	const eps = 0.01
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.Right() <= r.Right()+eps && o.Bottom() <= r.Bottom()+eps
}

// Union is the smallest rectangle holding both.
func (r Rect) Union(o Rect) Rect {
	if r.Empty() {
		return o
	}
	if o.Empty() {
		return r
	}
	x, y := math.Min(r.X, o.X), math.Min(r.Y, o.Y)
	return Rect{x, y, math.Max(r.Right(), o.Right()) - x, math.Max(r.Bottom(), o.Bottom()) - y}
}

// Point is a point in the picture.
type Point struct{ X, Y float64 }

// ShapeKind is what a shape of the layout draws.
type ShapeKind int

// The shapes of the picture.
const (
	ShapeTitle ShapeKind = iota
	ShapeTable
	ShapeTableRow
	ShapeTableCell
	ShapeRegion
	ShapeVPC
	ShapeZone
	ShapeSubnet
	// ShapeIcon is a resource drawn as an icon with its label beside or
	// below it: a gateway, a server, a route table, and the two ends
	// outside the stack.
	ShapeIcon
)

// LabelPos is where an icon's label is drawn.
type LabelPos int

// The label positions.
const (
	LabelInside LabelPos = iota // containers and table cells: in the shape
	LabelRight
	LabelLeft
)

// Shape is one vertex of the picture.
type Shape struct {
	ID string
	// Parent is the ID of the shape it is drawn in, "" at the top.
	Parent string
	Kind   ShapeKind
	// Part is the key of the part the shape draws, or Internet or Me.
	Part string
	// Rect is where the shape is, in the picture's coordinates.
	Rect Rect
	// Lines is the label, one line each; the first is the name.
	Lines []string
	// Status is the word the part is marked with (its last line), or "".
	Status string
	// Pos is where the label goes, and LabelRect where it is drawn.
	Pos       LabelPos
	LabelRect Rect
	// Icon is the mxgraph.aws4 shape of an icon, Fill its colour.
	Icon, Fill string
	// State is the state of the part it draws.
	State State
	// Dim draws the shape faded: a part that is missing.
	Dim bool
	// Private marks a subnet with no way in from the internet.
	Private bool
	// Header marks a table cell of the header row.
	Header bool
	// Data are what the file keeps of the part beside the picture (shown
	// by diagrams.net's Edit Data): name and value.
	Data [][2]string
}

// Edge is one arrow of the picture: one hop of one or more flows.
type Edge struct {
	ID             string
	Source, Target string // shape IDs
	// Flows are the IDs of the flows that pass this hop.
	Flows []string
	Label string
	// Exit and Entry are where the arrow leaves its source and enters its
	// target, as fractions of their width and height; Fixed is false for
	// an arrow left to the renderer (from centre to centre).
	Exit, Entry Point
	Fixed       bool
	// Points are the arrow's whole route, its two ends included.
	Points []Point
	// LabelRect is where its label is drawn.
	LabelRect Rect
	// Color and Dashed tell the kind of traffic.
	Color  string
	Dashed bool
}

// Layout is the picture: where every shape and arrow goes.
type Layout struct {
	Width, Height float64
	Shapes        []Shape
	Edges         []Edge
}

// Shape returns the shape with the given ID.
func (l Layout) Shape(id string) (Shape, bool) {
	for _, s := range l.Shapes {
		if s.ID == id {
			return s, true
		}
	}
	return Shape{}, false
}

// PartID is the ID of the shape that draws a part in the picture.
func PartID(key string) string { return "part-" + key }

// RowID is the ID of a part's row in the table.
func RowID(key string) string { return "row-" + key }

// Sizes of the picture, in pixels.
const (
	fontSize  = 11.0
	lineH     = 14.0
	iconSize  = 48.0
	labelGap  = 6.0  // between an icon and its label
	rowH      = 20.0 // a row of the table
	colPad    = 12.0 // padding of a table cell
	margin    = 20.0
	corridor  = 64.0 // between the zone columns: the lane of the bastion's SSH
	subnetGap = 28.0
)

// textWidth estimates how wide a line of text is drawn, a little
// generously: Helvetica's (Liberation Sans's) advance widths at size px,
// CJK at a full em.
func textWidth(s string, px float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case ansi.StringWidth(string(r)) == 2:
			w += 1.0
		case strings.ContainsRune("iljI|!.,:;'", r):
			w += 0.25
		case strings.ContainsRune(" ft/-()[]r·", r):
			w += 0.36
		case r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 0.86
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r >= '0' && r <= '9':
			w += 0.56
		case r < 128:
			w += 0.54
		default:
			w += 0.6
		}
	}
	return math.Ceil(w*px*1.04) + 1
}

// linesSize is the size of a label: its widest line (the first in bold)
// and its lines' height.
func linesSize(lines []string) (float64, float64) {
	w := 0.0
	for i, l := range lines {
		lw := textWidth(l, fontSize)
		if i == 0 {
			lw = math.Ceil(lw * 1.1)
		}
		w = math.Max(w, lw)
	}
	return w + 4, float64(len(lines)) * lineH
}

// iconLabel is where an icon's label is drawn.
func iconLabel(r Rect, pos LabelPos, lines []string) Rect {
	w, h := linesSize(lines)
	y := r.Y + r.H/2 - h/2
	switch pos {
	case LabelLeft:
		return Rect{r.X - labelGap - w, y, w, h}
	case LabelRight:
		return Rect{r.Right() + labelGap, y, w, h}
	case LabelInside:
	}
	return Rect{}
}

// groupLabel is where a container's label is drawn: its top left corner,
// after its icon.
func groupLabel(r Rect, lines []string, indent float64) Rect {
	w, h := linesSize(lines)
	return Rect{r.X + indent, r.Y + 2, w, h + 4}
}

// Build lays the topology out.
func Build(t Topology, w Words) Layout {
	b := &builder{t: t, w: w}
	return b.build()
}
