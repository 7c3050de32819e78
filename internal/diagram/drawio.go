package diagram

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// DrawIO is the topology as a diagrams.net (draw.io) file: the picture with
// diagrams.net's AWS shapes (mxgraph.aws4) and, left of it, the table of
// every name and IP. Every part is a UserObject whose data (Edit Data in
// diagrams.net) holds its role, kind, id and state; every arrow one whose
// data names the flows it carries.
func DrawIO(t Topology, w Words) ([]byte, error) {
	return Build(t, w).DrawIO(t.Stack + " " + t.Region)
}

// DrawIO writes the layout as a diagrams.net file whose page is named name.
func (l Layout) DrawIO(name string) ([]byte, error) {
	abs := map[string]Rect{}
	for _, s := range l.Shapes {
		abs[s.ID] = s.Rect
	}
	cells := []any{
		mxCell{ID: "0"},
		mxCell{ID: "1", Parent: "0"},
	}
	for _, s := range l.Shapes {
		parent := "1"
		r := s.Rect
		if s.Parent != "" {
			parent = s.Parent
			p := abs[s.Parent]
			r.X, r.Y = r.X-p.X, r.Y-p.Y
		}
		c := mxCell{
			Style: shapeStyle(s), Vertex: "1", Parent: parent,
			Geometry: &mxGeometry{X: num(r.X), Y: num(r.Y), Width: num(r.W), Height: num(r.H), As: "geometry"},
		}
		label := labelHTML(s)
		if s.Part == "" {
			c.ID, c.Value = s.ID, label
			cells = append(cells, c)
			continue
		}
		o := userObject{ID: s.ID, Label: label, Role: s.Part, Cell: c}
		for _, d := range s.Data {
			o.Data = append(o.Data, xml.Attr{Name: xml.Name{Local: d[0]}, Value: d[1]})
		}
		cells = append(cells, o)
	}
	for _, e := range l.Edges {
		c := mxCell{
			Style: edgeStyle(e), Edge: "1", Parent: "1", Source: e.Source, Target: e.Target,
			Geometry: edgeGeometry(e),
		}
		cells = append(cells, userObject{ID: e.ID, Label: html.EscapeString(e.Label), Flows: strings.Join(e.Flows, " "), Cell: c})
	}
	f := mxFile{
		Host: "infrawiz", Type: "device",
		Diagram: mxDiagram{
			ID: "infrawiz", Name: name,
			Model: mxGraphModel{
				DX: num(l.Width), DY: num(l.Height), Grid: "1", GridSize: "10", Guides: "1", Tooltips: "1",
				Connect: "1", Arrows: "1", Fold: "1", Page: "0", PageScale: "1",
				PageWidth: num(l.Width), PageHeight: num(l.Height), Math: "0", Shadow: "0",
				Root: mxRoot{Cells: cells},
			},
		},
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("diagram: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

type mxFile struct {
	XMLName xml.Name  `xml:"mxfile"`
	Host    string    `xml:"host,attr"`
	Type    string    `xml:"type,attr"`
	Diagram mxDiagram `xml:"diagram"`
}

type mxDiagram struct {
	ID    string       `xml:"id,attr"`
	Name  string       `xml:"name,attr"`
	Model mxGraphModel `xml:"mxGraphModel"`
}

type mxGraphModel struct {
	DX         string `xml:"dx,attr"`
	DY         string `xml:"dy,attr"`
	Grid       string `xml:"grid,attr"`
	GridSize   string `xml:"gridSize,attr"`
	Guides     string `xml:"guides,attr"`
	Tooltips   string `xml:"tooltips,attr"`
	Connect    string `xml:"connect,attr"`
	Arrows     string `xml:"arrows,attr"`
	Fold       string `xml:"fold,attr"`
	Page       string `xml:"page,attr"`
	PageScale  string `xml:"pageScale,attr"`
	PageWidth  string `xml:"pageWidth,attr"`
	PageHeight string `xml:"pageHeight,attr"`
	Math       string `xml:"math,attr"`
	Shadow     string `xml:"shadow,attr"`
	Root       mxRoot `xml:"root"`
}

type mxRoot struct {
	Cells []any
}

// mxCell is a cell of the graph; a cell inside a UserObject has no id of
// its own.
type mxCell struct {
	XMLName  xml.Name    `xml:"mxCell"`
	ID       string      `xml:"id,attr,omitempty"`
	Value    string      `xml:"value,attr,omitempty"`
	Style    string      `xml:"style,attr,omitempty"`
	Vertex   string      `xml:"vertex,attr,omitempty"`
	Edge     string      `xml:"edge,attr,omitempty"`
	Parent   string      `xml:"parent,attr,omitempty"`
	Source   string      `xml:"source,attr,omitempty"`
	Target   string      `xml:"target,attr,omitempty"`
	Geometry *mxGeometry `xml:"mxGeometry,omitempty"`
}

// userObject is a cell with data: diagrams.net keeps its attributes and
// shows them in Edit Data.
type userObject struct {
	XMLName xml.Name   `xml:"UserObject"`
	Label   string     `xml:"label,attr"`
	Role    string     `xml:"infrawiz_role,attr,omitempty"`
	Flows   string     `xml:"flows,attr,omitempty"`
	Data    []xml.Attr `xml:",any,attr"`
	ID      string     `xml:"id,attr"`
	Cell    mxCell
}

type mxGeometry struct {
	X        string     `xml:"x,attr,omitempty"`
	Y        string     `xml:"y,attr,omitempty"`
	Width    string     `xml:"width,attr,omitempty"`
	Height   string     `xml:"height,attr,omitempty"`
	Relative string     `xml:"relative,attr,omitempty"`
	As       string     `xml:"as,attr"`
	Offset   *mxPoint   `xml:"mxPoint,omitempty"`
	Points   *mxPointAr `xml:"Array,omitempty"`
}

type mxPoint struct {
	X  string `xml:"x,attr,omitempty"`
	Y  string `xml:"y,attr,omitempty"`
	As string `xml:"as,attr,omitempty"`
}

type mxPointAr struct {
	As     string    `xml:"as,attr"`
	Points []mxPoint `xml:"mxPoint"`
}

// num writes a coordinate: whole pixels where it is one, else two decimals.
func num(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}

// The pieces of diagrams.net's styles for its AWS shapes, as its "AWS"
// palettes (Sidebar-AWS4.js) write them.
const (
	groupPoints = "points=[[0,0],[0.25,0],[0.5,0],[0.75,0],[1,0],[1,0.25],[1,0.5],[1,0.75],[1,1],[0.75,1],[0.5,1],[0.25,1],[0,1],[0,0.75],[0,0.5],[0,0.25]];"
	groupBase   = groupPoints + "outlineConnect=0;gradientColor=none;html=1;whiteSpace=wrap;fontSize=12;fontStyle=0;container=1;pointerEvents=0;collapsible=0;recursiveResize=0;shape=mxgraph.aws4.group;"
	iconPoints  = "points=[[0,0,0],[0.25,0,0],[0.5,0,0],[0.75,0,0],[1,0,0],[0,1,0],[0.25,1,0],[0.5,1,0],[0.75,1,0],[1,1,0],[0,0.25,0],[0,0.5,0],[0,0.75,0],[1,0.25,0],[1,0.5,0],[1,0.75,0]];"
	iconBase    = "sketch=0;outlineConnect=0;fontColor=#232F3E;gradientColor=none;strokeColor=none;dashed=0;html=1;fontSize=11;fontStyle=0;aspect=fixed;pointerEvents=1;"
	tableBorder = "#879196"
)

func shapeStyle(s Shape) string {
	var st string
	switch s.Kind {
	case ShapeTitle:
		st = "text;html=1;align=left;verticalAlign=middle;fontSize=16;fontColor=#232F3E;strokeColor=none;fillColor=none;"
	case ShapeTable:
		st = "shape=table;startSize=0;container=1;collapsible=0;childLayout=tableLayout;fixedRows=1;rowLines=1;columnLines=1;html=1;fontSize=11;strokeColor=" + tableBorder + ";fillColor=#FFFFFF;"
	case ShapeTableRow:
		st = "shape=tableRow;horizontal=0;startSize=0;swimlaneHead=0;swimlaneBody=0;top=0;left=0;bottom=0;right=0;collapsible=0;dropTarget=0;points=[[0,0.5],[1,0.5]];portConstraint=eastwest;html=1;strokeColor=" + tableBorder + ";fillColor=none;"
		if s.Header {
			st = strings.Replace(st, "fillColor=none;", "fillColor=#EFF0F3;", 1)
		}
	case ShapeTableCell:
		st = "shape=partialRectangle;html=1;whiteSpace=nowrap;connectable=0;overflow=hidden;fillColor=none;top=0;left=0;bottom=0;right=0;pointerEvents=1;align=left;verticalAlign=middle;spacingLeft=6;fontSize=11;strokeColor=" + tableBorder + ";"
		if s.Header {
			st += "fontStyle=1;"
		}
		if s.State != Ready && s.State != Planned {
			st += "fontColor=" + statusColor(s.State) + ";"
		} else {
			st += "fontColor=#232F3E;"
		}
	case ShapeRegion:
		st = groupBase + "grIcon=mxgraph.aws4.group_region;strokeColor=#00A4A6;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#147EBA;dashed=1;"
	case ShapeVPC:
		st = groupBase + "grIcon=mxgraph.aws4.group_vpc2;strokeColor=#8C4FFF;fillColor=none;verticalAlign=top;align=left;spacingLeft=30;fontColor=#8C4FFF;dashed=0;"
	case ShapeZone:
		st = "fillColor=none;strokeColor=#147EBA;dashed=1;verticalAlign=top;fontStyle=0;fontColor=#147EBA;whiteSpace=wrap;html=1;align=left;spacingLeft=8;container=1;collapsible=0;recursiveResize=0;"
	case ShapeSubnet:
		if s.Private {
			st = groupBase + "grIcon=mxgraph.aws4.group_security_group;grStroke=0;strokeColor=#00A4A6;fillColor=#E6F6F7;verticalAlign=top;align=left;spacingLeft=30;fontColor=#147EBA;dashed=0;"
		} else {
			st = groupBase + "grIcon=mxgraph.aws4.group_security_group;grStroke=0;strokeColor=#7AA116;fillColor=#F2F6E8;verticalAlign=top;align=left;spacingLeft=30;fontColor=#248814;dashed=0;"
		}
	case ShapeIcon:
		st = iconPoints + iconBase + "fillColor=" + s.Fill + ";shape=" + s.Icon + ";"
		switch s.Pos {
		case LabelLeft:
			st += "labelPosition=left;verticalLabelPosition=middle;align=right;verticalAlign=middle;spacingRight=4;"
		case LabelRight, LabelInside:
			st += "labelPosition=right;verticalLabelPosition=middle;align=left;verticalAlign=middle;spacingLeft=4;"
		}
		if s.Kind == ShapeIcon && strings.HasSuffix(s.Icon, "internet_gateway") {
			// The label lies across the VPC's edge: a white ground keeps
			// the edge from running through it.
			st += "labelBackgroundColor=#FFFFFF;"
		}
	}
	if s.Dim {
		st += "opacity=40;textOpacity=60;"
	}
	return st
}

// statusColor is the colour of a part's state: orange while it is on its
// way, red when it is not there or does not serve.
func statusColor(s State) string {
	switch s {
	case Pending, Planned:
		return "#D86613"
	case Ready:
		return "#248814"
	case Stopped, Missing, Broken:
	}
	return "#DD3522"
}

func labelHTML(s Shape) string {
	if len(s.Lines) == 0 {
		return ""
	}
	var b strings.Builder
	for i, l := range s.Lines {
		if i > 0 {
			b.WriteString("<br>")
		}
		t := html.EscapeString(l)
		switch {
		case s.Kind == ShapeTableCell || s.Kind == ShapeTitle:
			if s.Kind == ShapeTitle {
				t = "<b>" + t + "</b>"
			}
		case i == len(s.Lines)-1 && s.Status != "" && l == s.Status:
			t = `<font color="` + statusColor(s.State) + `"><i>` + t + `</i></font>`
		case i == 0:
			t = "<b>" + t + "</b>"
		}
		b.WriteString(t)
	}
	return b.String()
}

func edgeStyle(e Edge) string {
	st := "html=1;rounded=0;edgeStyle=none;endArrow=open;endFill=0;strokeWidth=1.5;fontSize=10;fontColor=#232F3E;labelBackgroundColor=#FFFFFF;strokeColor=" + e.Color + ";"
	if e.Dashed {
		st += "dashed=1;"
	}
	if e.Fixed {
		st += "exitX=" + num(e.Exit.X) + ";exitY=" + num(e.Exit.Y) + ";exitDx=0;exitDy=0;exitPerimeter=0;" +
			"entryX=" + num(e.Entry.X) + ";entryY=" + num(e.Entry.Y) + ";entryDx=0;entryDy=0;entryPerimeter=0;"
	}
	return st
}

// edgeGeometry gives an arrow its waypoints and puts its label where the
// layout placed it: a position along the arrow (-1 at its source, 1 at its
// target) and an offset from there.
func edgeGeometry(e Edge) *mxGeometry {
	g := &mxGeometry{Relative: "1", As: "geometry"}
	if n := len(e.Points); e.Fixed && n > 2 {
		g.Points = &mxPointAr{As: "points"}
		for _, p := range e.Points[1 : n-1] {
			g.Points.Points = append(g.Points.Points, mxPoint{X: num(p.X), Y: num(p.Y)})
		}
	}
	if e.Label == "" || e.LabelRect.Empty() {
		return g
	}
	c := e.LabelRect.Center()
	pos, anchor := nearestOnPath(e.Points, c)
	g.X = num(math.Round(pos*1000) / 1000)
	g.Offset = &mxPoint{X: num(math.Round(c.X - anchor.X)), Y: num(math.Round(c.Y - anchor.Y)), As: "offset"}
	// Round the offset back into the anchor so the label lands where the
	// layout placed it, to the pixel.
	return g
}

// nearestOnPath is the point of a polyline nearest to c, as a position from
// -1 (its start) to 1 (its end), and the point.
func nearestOnPath(pts []Point, c Point) (float64, Point) {
	total := 0.0
	for i := 0; i+1 < len(pts); i++ {
		total += math.Hypot(pts[i+1].X-pts[i].X, pts[i+1].Y-pts[i].Y)
	}
	if total == 0 {
		return 0, pts[0]
	}
	best, bestD, bestS := pts[0], math.Inf(1), 0.0
	run := 0.0
	for i := 0; i+1 < len(pts); i++ {
		p, q := pts[i], pts[i+1]
		l := math.Hypot(q.X-p.X, q.Y-p.Y)
		f := 0.0
		if l > 0 {
			f = ((c.X-p.X)*(q.X-p.X) + (c.Y-p.Y)*(q.Y-p.Y)) / (l * l)
			f = math.Max(0, math.Min(1, f))
		}
		a := Point{p.X + (q.X-p.X)*f, p.Y + (q.Y-p.Y)*f}
		if d := math.Hypot(c.X-a.X, c.Y-a.Y); d < bestD {
			best, bestD, bestS = a, d, run+l*f
		}
		run += l
	}
	// The position is rounded; the anchor is where the rounded position
	// falls, so the offset makes up the difference.
	pos := math.Round((2*bestS/total-1)*1000) / 1000
	return pos, pointAt(pts, (pos+1)/2*total, best)
}

// pointAt is the point at arc length s of a polyline.
func pointAt(pts []Point, s float64, fallback Point) Point {
	run := 0.0
	for i := 0; i+1 < len(pts); i++ {
		p, q := pts[i], pts[i+1]
		l := math.Hypot(q.X-p.X, q.Y-p.Y)
		if l > 0 && s <= run+l+1e-9 {
			f := (s - run) / l
			return Point{p.X + (q.X-p.X)*f, p.Y + (q.Y-p.Y)*f}
		}
		run += l
	}
	return fallback
}
