package diagram_test

import (
	"encoding/xml"
	"github.com/infrawiz/infrawiz/internal/kind"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/diagram"
)

// The file as encoding/xml reads it back.
type xFile struct {
	XMLName xml.Name `xml:"mxfile"`
	Diagram struct {
		Name  string `xml:"name,attr"`
		Model struct {
			PageWidth  string `xml:"pageWidth,attr"`
			PageHeight string `xml:"pageHeight,attr"`
			Root       struct {
				Cells   []xCell   `xml:"mxCell"`
				Objects []xObject `xml:"UserObject"`
			} `xml:"root"`
		} `xml:"mxGraphModel"`
	} `xml:"diagram"`
}

type xObject struct {
	ID    string `xml:"id,attr"`
	Label string `xml:"label,attr"`
	Role  string `xml:"infrawiz_role,attr"`
	Flows string `xml:"flows,attr"`
	Cell  xCell  `xml:"mxCell"`
}

type xCell struct {
	ID       string `xml:"id,attr"`
	Value    string `xml:"value,attr"`
	Style    string `xml:"style,attr"`
	Vertex   string `xml:"vertex,attr"`
	Edge     string `xml:"edge,attr"`
	Parent   string `xml:"parent,attr"`
	Source   string `xml:"source,attr"`
	Target   string `xml:"target,attr"`
	Geometry struct {
		X      string `xml:"x,attr"`
		Y      string `xml:"y,attr"`
		Width  string `xml:"width,attr"`
		Height string `xml:"height,attr"`
		As     string `xml:"as,attr"`
	} `xml:"mxGeometry"`
}

// node is a cell of the file, wrapped or not.
type node struct {
	id, label, role, flows string
	xCell
}

type parsed struct {
	name  string
	nodes map[string]*node
	order []string
}

func parse(t *testing.T, b []byte) parsed {
	t.Helper()
	var f xFile
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("the file is not XML encoding/xml reads: %v", err)
	}
	p := parsed{name: f.Diagram.Name, nodes: map[string]*node{}}
	add := func(n *node) {
		if n.id == "" {
			t.Errorf("a cell without id: %+v", n)
		}
		if _, dup := p.nodes[n.id]; dup {
			t.Errorf("two cells have the id %q", n.id)
		}
		p.nodes[n.id] = n
		p.order = append(p.order, n.id)
	}
	for _, c := range f.Diagram.Model.Root.Cells {
		add(&node{id: c.ID, label: c.Value, xCell: c})
	}
	for _, o := range f.Diagram.Model.Root.Objects {
		if o.Cell.ID != "" {
			t.Errorf("the cell in UserObject %s has an id of its own", o.ID)
		}
		add(&node{id: o.ID, label: o.Label, role: o.Role, flows: o.Flows, xCell: o.Cell})
	}
	return p
}

var tags = regexp.MustCompile(`<[^>]*>`)

// text is a label's text: the HTML's tags gone, <br> a new line.
func text(label string) string {
	return html.UnescapeString(tags.ReplaceAllString(strings.ReplaceAll(label, "<br>", "\n"), ""))
}

func f64(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// rect is a vertex's place in the page: its geometry, moved by its
// parents'.
func (p parsed) rect(t *testing.T, id string) diagram.Rect {
	t.Helper()
	n := p.nodes[id]
	r := diagram.Rect{X: f64(t, n.Geometry.X), Y: f64(t, n.Geometry.Y), W: f64(t, n.Geometry.Width), H: f64(t, n.Geometry.Height)}
	if par, ok := p.nodes[n.Parent]; ok && par.Vertex == "1" {
		pr := p.rect(t, par.id)
		r.X += pr.X
		r.Y += pr.Y
	}
	return r
}

// ancestor reports whether a is b's container, or its container's, ….
func (p parsed) ancestor(a, b string) bool {
	for n := p.nodes[b]; n != nil; n = p.nodes[n.Parent] {
		if n.Parent == a {
			return true
		}
		if n.Parent == "" || n.Parent == n.id {
			break
		}
	}
	return false
}

func (p parsed) vertices() []*node {
	var out []*node
	for _, id := range p.order {
		if n := p.nodes[id]; n.Vertex == "1" {
			out = append(out, n)
		}
	}
	return out
}

func (p parsed) edges() []*node {
	var out []*node
	for _, id := range p.order {
		if n := p.nodes[id]; n.Edge == "1" {
			out = append(out, n)
		}
	}
	return out
}

// drawings are the files every stack draws, in both languages.
type drawing struct {
	name string
	top  diagram.Topology
	w    diagram.Words
	xml  []byte
	p    parsed
}

func drawings(t *testing.T) []drawing {
	t.Helper()
	var out []drawing
	for _, s := range stacks(t) {
		for lang, w := range langs() {
			top := s.topology()
			b, err := diagram.DrawIO(top, w)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, drawing{name: s.name + "." + lang, top: top, w: w, xml: b, p: parse(t, b)})
		}
	}
	slices.SortFunc(out, func(a, b drawing) int { return strings.Compare(a.name, b.name) })
	return out
}

func TestDrawIO_IsAGraphModelDiagramsNetReads(t *testing.T) {
	for _, d := range drawings(t) {
		t.Run(d.name, func(t *testing.T) {
			p := d.p
			if n := p.nodes["0"]; n == nil || n.Parent != "" {
				t.Fatal("no root cell 0")
			}
			if n := p.nodes["1"]; n == nil || n.Parent != "0" {
				t.Fatal("no default layer 1 in cell 0")
			}
			for _, n := range p.nodes {
				if n.id == "0" {
					continue
				}
				if _, ok := p.nodes[n.Parent]; !ok {
					t.Errorf("%s: parent %q is no cell", n.id, n.Parent)
				}
				if n.Vertex == "1" && n.Edge == "1" {
					t.Errorf("%s is both a vertex and an edge", n.id)
				}
				if n.Vertex == "1" && n.Geometry.As != "geometry" {
					t.Errorf("%s has no geometry", n.id)
				}
			}
			for _, e := range p.edges() {
				for _, end := range []string{e.Source, e.Target} {
					if v, ok := p.nodes[end]; !ok || v.Vertex != "1" {
						t.Errorf("edge %s ends at %q, which is no shape", e.id, end)
					}
				}
			}
			if p.name != d.top.Stack+" "+d.top.Region {
				t.Errorf("page name %q", p.name)
			}
		})
	}
}

// kindsOfShapes are the mxgraph.aws4 shapes each kind of part is drawn
// with, as diagrams.net's AWS palettes write them.
var kindsOfShapes = map[diagram.Kind]string{
	kind.VPC:             "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_vpc2;",
	kind.Subnet:          "shape=mxgraph.aws4.group;grIcon=mxgraph.aws4.group_security_group;",
	kind.InternetGateway: "shape=mxgraph.aws4.internet_gateway;",
	kind.NATGateway:      "shape=mxgraph.aws4.nat_gateway;",
	kind.Instance:        "shape=mxgraph.aws4.instance2;",
	kind.RouteTable:      "shape=mxgraph.aws4.route_table;",
}

func TestDrawIO_EveryResourceIsThereByName(t *testing.T) {
	for _, d := range drawings(t) {
		t.Run(d.name, func(t *testing.T) {
			p := d.p
			for _, part := range d.top.Parts {
				// In the table: its row, its name in the first cell.
				row, ok := p.nodes[diagram.RowID(part.Key)]
				if !ok {
					t.Errorf("%s has no row in the table", part.Name)
					continue
				}
				if row.role != part.Key {
					t.Errorf("row of %s: role %q", part.Name, row.role)
				}
				var cells []string
				for _, n := range p.vertices() {
					if n.Parent == row.id {
						cells = append(cells, n.label)
					}
				}
				if len(cells) != len(d.w.Columns) || cells[0] != part.Name || cells[1] != part.Kind.String() {
					t.Errorf("row of %s: %q", part.Name, cells)
				}
				if part.ID != "" && !slices.Contains(cells, part.ID) {
					t.Errorf("row of %s lacks its id %s: %q", part.Name, part.ID, cells)
				}
				if part.State == diagram.Planned && cells[2] != d.w.Planned {
					t.Errorf("row of planned %s: id %q, want %q", part.Name, cells[2], d.w.Planned)
				}
				// In the picture: a shape of its kind's AWS shape, its
				// name in its label.
				style, drawn := kindsOfShapes[part.Kind]
				if !drawn {
					continue
				}
				n, ok := p.nodes[diagram.PartID(part.Key)]
				if !ok {
					t.Errorf("%s (%s) is not in the picture", part.Name, part.Kind)
					continue
				}
				if n.role != part.Key || !strings.Contains(n.label, part.Name) || !strings.Contains(n.Style, style) {
					t.Errorf("%s is drawn as role %q, label %q, style %q", part.Name, n.role, n.label, n.Style)
				}
				if part.Kind == kind.Instance {
					if g, ok := d.top.Part(part.Group); ok && !strings.Contains(n.label, g.Name) {
						t.Errorf("%s does not name its security group %s: %q", part.Name, g.Name, n.label)
					}
					ip := part.PrivateIP
					if ip == "" {
						ip = d.w.Planned
					}
					if !strings.Contains(n.label, d.w.Private+" "+ip) {
						t.Errorf("%s does not show its private IP %s: %q", part.Name, ip, n.label)
					}
				}
			}
			for _, id := range []string{diagram.Internet, diagram.Me, "region", "zone-0", "zone-1"} {
				if _, ok := p.nodes[id]; !ok {
					t.Errorf("no %s in the picture", id)
				}
			}
			if !strings.Contains(p.nodes["region"].label, d.top.Region) {
				t.Errorf("the region is labelled %q", p.nodes["region"].label)
			}
			for _, id := range []string{"region", "zone-0", "zone-1", diagram.Internet, diagram.Me} {
				if n := p.nodes[id]; id == "region" && !strings.Contains(n.Style, "grIcon=mxgraph.aws4.group_region;") ||
					id == diagram.Internet && !strings.Contains(n.Style, "shape=mxgraph.aws4.internet_alt2;") ||
					id == diagram.Me && !strings.Contains(n.Style, "shape=mxgraph.aws4.users;") {
					t.Errorf("%s has style %q", id, n.Style)
				}
			}
		})
	}
}

func TestDrawIO_NoTwoShapesOverlap(t *testing.T) {
	for _, d := range drawings(t) {
		t.Run(d.name, func(t *testing.T) {
			p := d.p
			vs := p.vertices()
			rects := map[string]diagram.Rect{}
			for _, v := range vs {
				rects[v.id] = p.rect(t, v.id)
			}
			igw := ""
			if g, ok := findKind(d.top, kind.InternetGateway); ok {
				igw = diagram.PartID(g.Key)
			}
			vpc, _ := findKind(d.top, kind.VPC)
			for i, a := range vs {
				for _, b := range vs[i+1:] {
					ra, rb := rects[a.id], rects[b.id]
					switch {
					case p.ancestor(a.id, b.id) || p.ancestor(b.id, a.id):
						outer, inner := a, b
						if p.ancestor(b.id, a.id) {
							outer, inner = b, a
						}
						if inner.id == igw && outer.id == diagram.PartID(vpc.Key) {
							// The gateway sits on the VPC's top edge.
							if c := rects[igw].Center(); c.Y != rects[outer.id].Y || !rects[outer.id].Contains(diagram.Rect{X: c.X, Y: c.Y, W: 0, H: 0}) {
								t.Errorf("the internet gateway is not on the VPC's top edge: %+v, VPC %+v", rects[igw], rects[outer.id])
							}
							continue
						}
						if !rects[outer.id].Contains(rects[inner.id]) {
							t.Errorf("%s is not inside its container %s: %+v in %+v", inner.id, outer.id, rects[inner.id], rects[outer.id])
						}
					case ra.Overlaps(rb):
						t.Errorf("%s and %s overlap: %+v and %+v", a.id, b.id, ra, rb)
					}
				}
			}
		})
	}
}

func findKind(t diagram.Topology, k diagram.Kind) (diagram.Part, bool) {
	for _, p := range t.Parts {
		if p.Kind == k {
			return p, true
		}
	}
	return diagram.Part{}, false
}

func TestDrawIO_EachSubnetInItsZoneAndTheVPC(t *testing.T) {
	for _, d := range drawings(t) {
		t.Run(d.name, func(t *testing.T) {
			p := d.p
			vpc, _ := findKind(d.top, kind.VPC)
			vpcID := diagram.PartID(vpc.Key)
			n := 0
			for _, s := range d.top.Parts {
				if s.Kind != kind.Subnet {
					continue
				}
				n++
				id := diagram.PartID(s.Key)
				zone := p.nodes[p.nodes[id].Parent]
				if zone == nil || !strings.HasPrefix(zone.id, "zone-") || text(zone.label) != s.Zone {
					t.Errorf("%s (in %s) is drawn in %+v", s.Name, s.Zone, zone)
					continue
				}
				if zone.Parent != vpcID || !p.ancestor(vpcID, id) {
					t.Errorf("the zone of %s is not in the VPC", s.Name)
				}
				sr := p.rect(t, id)
				if !p.rect(t, zone.id).Contains(sr) || !p.rect(t, vpcID).Contains(sr) {
					t.Errorf("%s (%+v) is not inside its zone and the VPC", s.Name, sr)
				}
				if !strings.Contains(p.nodes[id].label, s.CIDR) || !strings.Contains(p.nodes[id].label, d.w.Public) && !strings.Contains(p.nodes[id].label, d.w.Internal) && !strings.Contains(p.nodes[id].label, d.w.Admin) {
					t.Errorf("%s does not show its role and CIDR: %q", s.Name, p.nodes[id].label)
				}
			}
			if n != 4 {
				t.Errorf("%d subnets, want 4", n)
			}
			// The two zone columns are the topology's zones, left to right.
			z0, z1 := p.rect(t, "zone-0"), p.rect(t, "zone-1")
			if text(p.nodes["zone-0"].label) != d.top.Zones[0] || text(p.nodes["zone-1"].label) != d.top.Zones[1] || z0.Right() >= z1.X {
				t.Errorf("zone columns %q %+v, %q %+v", p.nodes["zone-0"].label, z0, p.nodes["zone-1"].label, z1)
			}
			// The NAT gateway is in the first public subnet; the servers
			// in theirs.
			for _, part := range d.top.Parts {
				if part.In == "" {
					continue
				}
				if got := p.nodes[diagram.PartID(part.Key)].Parent; got != diagram.PartID(part.In) {
					t.Errorf("%s is drawn in %s, want %s", part.Name, got, diagram.PartID(part.In))
				}
			}
		})
	}
}

func TestDrawIO_EachFlowIsAnEdgeBetweenTheRightShapes(t *testing.T) {
	for _, d := range drawings(t) {
		t.Run(d.name, func(t *testing.T) {
			p := d.p
			id := func(key string) string {
				if key == diagram.Internet || key == diagram.Me {
					return key
				}
				return diagram.PartID(key)
			}
			hops := map[string]bool{}
			for _, f := range d.top.Flows {
				for i := 0; i+1 < len(f.Path); i++ {
					src, dst := id(f.Path[i]), id(f.Path[i+1])
					hops[src+">"+dst] = true
					found := false
					for _, e := range p.edges() {
						if e.Source == src && e.Target == dst && slices.Contains(strings.Fields(e.flows), f.ID) {
							found = true
						}
					}
					if !found {
						t.Errorf("flow %s: no edge %s → %s that carries it", f.ID, src, dst)
					}
				}
			}
			for _, e := range p.edges() {
				if !hops[e.Source+">"+e.Target] {
					t.Errorf("edge %s (%s → %s) is no flow's", e.id, e.Source, e.Target)
				}
				if e.label == "" {
					t.Errorf("edge %s has no label", e.id)
				}
			}
			_, nat := findKind(d.top, kind.NATGateway)
			want := 7
			if nat {
				want = 8
			}
			if len(d.top.Flows) != want {
				t.Errorf("%d flows, want %d", len(d.top.Flows), want)
			}
		})
	}
}

func TestDrawIO_PlanShowsIDsAndIPsPlanned(t *testing.T) {
	for _, d := range drawings(t) {
		if !d.top.Planned() {
			continue
		}
		t.Run(d.name, func(t *testing.T) {
			for _, part := range d.top.Parts {
				if part.Kind != kind.Instance {
					continue
				}
				label := d.p.nodes[diagram.PartID(part.Key)].label
				if !strings.Contains(label, d.w.Private+" "+d.w.Planned) {
					t.Errorf("%s: %q", part.Name, label)
				}
				if part.EIP != "" && !strings.Contains(label, d.w.PublicIP+" "+d.w.Planned) {
					t.Errorf("%s: %q", part.Name, label)
				}
			}
			if !strings.Contains(d.p.nodes["title"].label, d.w.Plan) {
				t.Errorf("the title does not say it is the design: %q", d.p.nodes["title"].label)
			}
		})
	}
}

// TestLayout_NothingInTheWay checks what the file cannot show: that no
// label covers an icon or another label, and that no arrow runs through an
// icon other than its two ends, or through a label.
func TestLayout_NothingInTheWay(t *testing.T) {
	for _, s := range stacks(t) {
		for lang, w := range langs() {
			t.Run(s.name+"."+lang, func(t *testing.T) {
				l := diagram.Build(s.topology(), w)
				type thing struct {
					what string
					r    diagram.Rect
					icon string // the icon's shape ID
				}
				var things []thing
				for _, sh := range l.Shapes {
					switch sh.Kind {
					case diagram.ShapeIcon:
						things = append(things, thing{sh.ID, sh.Rect, sh.ID}, thing{sh.ID + " label", sh.LabelRect, ""})
					case diagram.ShapeRegion, diagram.ShapeVPC, diagram.ShapeZone, diagram.ShapeSubnet:
						things = append(things, thing{sh.ID + " label", sh.LabelRect, ""})
					case diagram.ShapeTitle, diagram.ShapeTable:
						things = append(things, thing{sh.ID, sh.Rect, ""})
					case diagram.ShapeTableRow, diagram.ShapeTableCell:
					}
				}
				for _, e := range l.Edges {
					if e.LabelRect.Empty() {
						t.Errorf("edge %s has no place for its label", e.ID)
					}
					things = append(things, thing{e.ID + " label", e.LabelRect, ""})
				}
				if len(things) < 30 || len(l.Edges) < 7 {
					t.Fatalf("only %d things and %d edges to check", len(things), len(l.Edges))
				}
				for i, a := range things {
					for _, b := range things[i+1:] {
						if a.r.Overlaps(b.r) {
							t.Errorf("%s and %s overlap: %+v, %+v", a.what, b.what, a.r, b.r)
						}
					}
				}
				for _, e := range l.Edges {
					for k := 0; k+1 < len(e.Points); k++ {
						for _, th := range things {
							if th.icon != "" && (th.icon == e.Source || th.icon == e.Target) {
								continue
							}
							if diagram.SegmentHits(e.Points[k], e.Points[k+1], th.r) {
								t.Errorf("edge %s runs through %s", e.ID, th.what)
							}
						}
					}
				}
				// Every icon's label lies in the icon's container.
				for _, sh := range l.Shapes {
					if sh.Kind != diagram.ShapeIcon || sh.Parent == "" {
						continue
					}
					if g, _ := findKind(s.topology(), kind.InternetGateway); sh.Part == g.Key {
						continue // on the VPC's edge, by design
					}
					if c, ok := l.Shape(sh.Parent); ok && !c.Rect.Contains(sh.LabelRect) {
						t.Errorf("the label of %s leaves its container %s: %+v, %+v", sh.ID, c.ID, sh.LabelRect, c.Rect)
					}
				}
			})
		}
	}
}
