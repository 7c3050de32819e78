package diagram

import (
	"github.com/infrawiz/infrawiz/internal/kind"
	"math"
	"strings"
)

// lanes are the y of the two lanes under the internet gateway and the x
// of the one between the zone columns.
type lanes struct{ top, nat, side float64 }

// hop is one arrow to draw, with the flows that pass it.
type hop struct {
	from, to string
	flows    []Flow
}

// edges draws an arrow for every hop of every flow between two parts the
// picture has.
func (b *builder) edges(at map[string]Rect, ln lanes) {
	var hops []*hop
	index := map[string]*hop{}
	for _, f := range b.t.Flows {
		for i := 0; i+1 < len(f.Path); i++ {
			k := f.Path[i] + ">" + f.Path[i+1]
			h, ok := index[k]
			if !ok {
				h = &hop{from: f.Path[i], to: f.Path[i+1]}
				index[k] = h
				hops = append(hops, h)
			}
			h.flows = append(h.flows, f)
		}
	}
	kindOf := func(key string) string {
		switch key {
		case Internet, Me:
			return key
		}
		p, ok := b.t.Part(key)
		if !ok {
			return ""
		}
		switch p.Kind {
		case kind.InternetGateway:
			return "igw"
		case kind.NATGateway:
			return "nat"
		case kind.Instance:
			switch p.Server {
			case ServerWeb:
				return "web"
			case ServerDB:
				return "db"
			case ServerBastion:
				return "bastion"
			case ServerNone:
			}
		case kind.KeyPair, kind.VPC, kind.Subnet, kind.ElasticIP, kind.RouteTable, kind.Route, kind.SecurityGroup, kind.SGRules:
		}
		return ""
	}
	for _, h := range hops {
		src, ok1 := at[h.from]
		dst, ok2 := at[h.to]
		if !ok1 || !ok2 {
			continue
		}
		e := Edge{ID: "edge-" + h.from + "-" + h.to, Source: idOf(h.from), Target: idOf(h.to)}
		var labels []string
		for _, f := range h.flows {
			e.Flows = append(e.Flows, f.ID)
			if l := b.w.ports(f); !contains(labels, l) {
				labels = append(labels, l)
			}
		}
		e.Label = strings.Join(labels, " · ")
		e.Color, e.Dashed = flowColor(h.flows[0])
		route(&e, kindOf(h.from)+">"+kindOf(h.to), src, dst, ln)
		b.l.Edges = append(b.l.Edges, e)
	}
	// Labels last, each where it is in nobody's way.
	for i := range b.l.Edges {
		b.placeLabel(i)
	}
}

func idOf(key string) string {
	if key == Internet || key == Me {
		return key
	}
	return PartID(key)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// flowColor tells kinds of traffic apart: the service (green), SSH and
// ping of the administrator (blue), the database (purple), the way out
// through the NAT gateway (orange, dashed).
func flowColor(f Flow) (string, bool) {
	switch {
	case f.Protocol == "all" || f.Protocol == "":
		return "#ED7100", true
	case len(f.Path) > 0 && f.Path[0] == Internet:
		return "#7AA116", false
	case f.Protocol == "icmp" || f.Port == 22:
		return "#147EBA", false
	}
	return "#C925D1", false
}

// route gives an arrow its way: the mission's arrows each have one that
// crosses no icon and no label; any other goes straight from centre to
// centre.
func route(e *Edge, kind string, s, d Rect, ln lanes) {
	at := func(r Rect, p Point) Point { return Point{r.X + p.X*r.W, r.Y + p.Y*r.H} }
	fixed := func(exit, entry Point, via ...Point) {
		e.Fixed, e.Exit, e.Entry = true, exit, entry
		e.Points = append(append([]Point{at(s, exit)}, via...), at(d, entry))
	}
	switch kind {
	case "internet>igw":
		fixed(Point{0.35, 1}, Point{0.35, 0})
	case "igw>internet":
		fixed(Point{0.7, 0}, Point{0.7, 1})
	case "me>igw":
		fixed(Point{1, 0.5}, Point{0.1, 0}, Point{d.X + 0.1*d.W, s.Y + s.H/2})
	case "igw>web":
		fixed(Point{0.25, 1}, Point{0.5, 0})
	case "igw>bastion":
		yb := d.Bottom() + 16
		fixed(Point{0.75, 1}, Point{0.5, 1},
			Point{s.X + 0.75*s.W, ln.top}, Point{ln.side, ln.top}, Point{ln.side, yb}, Point{d.X + d.W/2, yb})
	case "nat>igw":
		fixed(Point{0.5, 0}, Point{0.5, 1}, Point{s.X + s.W/2, ln.nat}, Point{d.X + d.W/2, ln.nat})
	case "bastion>web":
		fixed(Point{1.0 / 3, 0}, Point{1.0 / 3, 1})
	case "bastion>db":
		fixed(Point{1, 0.5}, Point{0.5, 1}, Point{d.X + d.W/2, s.Y + s.H/2})
	case "web>db":
		fixed(Point{2.0 / 3, 1}, Point{0, 0.5}, Point{s.X + 2.0/3*s.W, d.Y + d.H/2})
	case "db>nat":
		fixed(Point{0.5, 0}, Point{0.5, 1})
	default:
		e.Points = []Point{clip(s, d.Center()), clip(d, s.Center())}
	}
}

// clip is where the line from r's centre to p leaves r.
func clip(r Rect, p Point) Point {
	c := r.Center()
	dx, dy := p.X-c.X, p.Y-c.Y
	if dx == 0 && dy == 0 {
		return c
	}
	tx, ty := math.Inf(1), math.Inf(1)
	if dx != 0 {
		tx = (r.W / 2) / math.Abs(dx)
	}
	if dy != 0 {
		ty = (r.H / 2) / math.Abs(dy)
	}
	k := math.Min(tx, ty)
	return Point{c.X + dx*k, c.Y + dy*k}
}

// placeLabel puts an arrow's label where it covers no icon, no label, no
// other arrow and, if it can, no border: the first such place of a few
// along each of its segments.
func (b *builder) placeLabel(i int) {
	e := &b.l.Edges[i]
	if e.Label == "" {
		return
	}
	lw := textWidth(e.Label, 10) + 6
	lh := 14.0
	type cand struct {
		r    Rect
		cost int
	}
	best := cand{cost: math.MaxInt}
	for si := 0; si+1 < len(e.Points); si++ {
		p0, p1 := e.Points[si], e.Points[si+1]
		length := math.Hypot(p1.X-p0.X, p1.Y-p0.Y)
		if length < lh {
			continue
		}
		vertical := math.Abs(p1.X-p0.X) < 0.5
		for _, f := range []float64{0.5, 0.3, 0.7, 0.15, 0.85} {
			a := Point{p0.X + (p1.X-p0.X)*f, p0.Y + (p1.Y-p0.Y)*f}
			var rs []Rect
			if vertical {
				rs = []Rect{
					{a.X + 4, a.Y - lh/2, lw, lh},
					{a.X - 4 - lw, a.Y - lh/2, lw, lh},
				}
			} else {
				rs = []Rect{
					{a.X - lw/2, a.Y - lh - 3, lw, lh},
					{a.X - lw/2, a.Y + 3, lw, lh},
				}
			}
			for _, r := range rs {
				if c := b.labelCost(i, r); c < best.cost {
					best = cand{r, c}
				}
			}
		}
	}
	if best.cost == math.MaxInt {
		c := e.Points[0]
		best.r = Rect{c.X - lw/2, c.Y - lh/2, lw, lh}
	}
	e.LabelRect = best.r
}

// labelCost counts what a label at r would be in the way of: icons and
// labels and other arrows weigh much, a border a little.
func (b *builder) labelCost(self int, r Rect) int {
	cost := 0
	for _, s := range b.l.Shapes {
		switch s.Kind {
		case ShapeIcon, ShapeTitle, ShapeTable:
			if r.Overlaps(s.Rect) {
				cost += 100
			}
		case ShapeRegion, ShapeVPC, ShapeZone, ShapeSubnet:
			if crossesBorder(r, s.Rect) {
				cost++
			}
		case ShapeTableRow, ShapeTableCell:
		}
		if r.Overlaps(s.LabelRect) {
			cost += 100
		}
	}
	for j, e := range b.l.Edges {
		if j < self && r.Overlaps(e.LabelRect) {
			cost += 100
		}
		for k := 0; k+1 < len(e.Points); k++ {
			if segmentHits(e.Points[k], e.Points[k+1], r) {
				cost += 100
			}
		}
	}
	return cost
}

// crossesBorder reports whether r lies across one of c's edges.
func crossesBorder(r, c Rect) bool {
	return r.Overlaps(c) && !c.Contains(r)
}

// segmentHits reports whether the segment from p to q passes through r.
func segmentHits(p, q Point, r Rect) bool {
	// Clip the segment to r (Liang–Barsky).
	t0, t1 := 0.0, 1.0
	dx, dy := q.X-p.X, q.Y-p.Y
	const eps = 0.01
	for _, c := range [][2]float64{
		{-dx, p.X - (r.X + eps)},
		{dx, (r.Right() - eps) - p.X},
		{-dy, p.Y - (r.Y + eps)},
		{dy, (r.Bottom() - eps) - p.Y},
	} {
		pp, qq := c[0], c[1]
		if pp == 0 {
			if qq < 0 {
				return false
			}
			continue
		}
		t := qq / pp
		if pp < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// SegmentHits reports whether the segment from p to q passes through r; the
// tests of the picture use it.
func SegmentHits(p, q Point, r Rect) bool { return segmentHits(p, q, r) }
