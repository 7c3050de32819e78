package diagram

import (
	"github.com/infrawiz/infrawiz/internal/kind"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// TermOptions say how Terminal draws.
type TermOptions struct {
	// Width is the terminal's width in cells; 80 when zero. The picture
	// needs 60.
	Width int
	// Paint colours a part's mark (✓, ~, !, ✗, +) by its state; nil draws
	// them plain. It may add ANSI codes: widths are measured without them.
	Paint func(s State, mark string) string
}

// MinWidth is the narrowest terminal the picture is drawn for.
const MinWidth = 60

// Mark is the sign a part's state is drawn with in a terminal.
func Mark(s State) string {
	switch s {
	case Ready:
		return "✓"
	case Planned:
		return "+"
	case Pending:
		return "~"
	case Stopped, Broken:
		return "!"
	case Missing:
		return "✗"
	}
	return "?"
}

// Terminal draws the topology as text: the region, the VPC with its
// internet gateway on its top edge, the two zone columns with their subnets
// and what is in them, the route tables, then the flows. Every part carries
// its state's mark, and the word for it when it is not ready. No line is
// wider than the width.
func Terminal(t Topology, w Words, o TermOptions) string {
	width := o.Width
	if width == 0 {
		width = 80
	}
	width = max(width, MinWidth)
	d := termDrawer{t: t, w: w, paint: o.Paint}
	var out []string
	out = append(out, fit(w.title(t), width))
	out = append(out, d.ends(width)...)
	out = append(out, d.region(width)...)
	out = append(out, d.flows(width)...)
	out = append(out, fit(d.legend(), width))
	return strings.Join(out, "\n") + "\n"
}

type termDrawer struct {
	t     Topology
	w     Words
	paint func(State, string) string
}

// mark is a part's painted mark.
func (d termDrawer) mark(s State) string {
	m := Mark(s)
	if d.paint != nil {
		return d.paint(s, m)
	}
	return m
}

// named is "mark what name", with the state's word after it when the part
// is not ready, in at most width cells: a name too long loses its middle,
// so that the end that tells the parts apart ("…-subnet-public-2a") stays.
func (d termDrawer) named(p Part, what string, width int) string {
	head := d.mark(p.State) + " "
	if what != "" {
		head += what + " "
	}
	tail := ""
	if p.State != Ready && p.State != Planned {
		tail = " " + d.w.state(p)
	}
	return head + shorten(p.Name, width-ansi.StringWidth(head)-ansi.StringWidth(tail)) + tail
}

// shorten fits s into width cells by putting … in place of its middle.
func shorten(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	if width < 5 {
		return fit(s, max(width, 1))
	}
	r := []rune(s)
	head := (width - 1) / 3
	tail := width - 1 - head
	for ansi.StringWidth(string(r[:head]))+ansi.StringWidth(string(r[len(r)-tail:])) > width-1 && tail > 1 {
		tail--
	}
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// ends is the line of the two ends outside the stack, over the region.
func (d termDrawer) ends(width int) []string {
	s := d.w.Internet + " 0.0.0.0/0 ↓↑"
	me := d.w.Me
	if d.t.MyIP != "" {
		me += " " + d.t.MyIP
	}
	s += "   " + me + " ↓"
	pad := max(0, width-4-ansi.StringWidth(s))
	return []string{fit(strings.Repeat(" ", pad)+s, width)}
}

func (d termDrawer) region(width int) []string {
	inner := width - 2
	body := d.vpc(inner)
	return box(d.w.Region+" "+d.t.Region, "", width, body)
}

func (d termDrawer) vpc(width int) []string {
	t, w := d.t, d.w
	// The VPC's top edge: the VPC on the left, its internet gateway on
	// the right, sharing the edge.
	room := width - 9
	right := ""
	if igw, ok := t.first(kind.InternetGateway); ok {
		right = d.named(igw, w.IGW, min(room/2, ansi.StringWidth(d.named(igw, w.IGW, room))))
	}
	vpc, _ := t.first(kind.VPC)
	cidr := ""
	if vpc.CIDR != "" {
		cidr = " · " + vpc.CIDR
	}
	left := d.named(vpc, "VPC", room-ansi.StringWidth(right)-ansi.StringWidth(cidr)) + cidr
	inner := width - 2
	la := inner * 58 / 100
	ra := inner - la
	lcol := d.zone(0, la)
	rcol := append(d.zone(1, ra), d.routeTables(ra)...)
	n := max(len(lcol), len(rcol))
	body := make([]string, 0, n)
	for i := range n {
		l, r := strings.Repeat(" ", la), strings.Repeat(" ", ra)
		if i < len(lcol) {
			l = lcol[i]
		}
		if i < len(rcol) {
			r = rcol[i]
		}
		body = append(body, l+r)
	}
	return box(left, right, width, body)
}

// zone is the box of zone column z, width cells wide.
func (d termDrawer) zone(z, width int) []string {
	t := d.t
	name := ""
	if z < len(t.Zones) {
		name = t.Zones[z]
	}
	var body []string
	for _, tier := range []Tier{TierPublic, TierInternal, TierAdmin} {
		for _, s := range t.of(kind.Subnet) {
			if s.Tier != tier || t.zoneIndex(s.Zone) != z {
				continue
			}
			body = append(body, d.subnet(s, width-2)...)
		}
	}
	return box(name, "", width, body)
}

// subnet is a subnet's box: its tier and CIDR, then the servers and the NAT
// gateway in it.
func (d termDrawer) subnet(s Part, width int) []string {
	t, w := d.t, d.w
	body := []string{" " + w.tier(s.Tier) + " · " + s.CIDR}
	roleW := 0
	for _, r := range []string{w.Web, w.DB, w.Bastion, w.NAT} {
		roleW = max(roleW, ansi.StringWidth(r))
	}
	role := func(r string) string { return r + strings.Repeat(" ", roleW-ansi.StringWidth(r)) }
	// Servers first, then the NAT gateway: as the picture has them, left
	// to right.
	var in []Part
	for _, k := range []Kind{kind.Instance, kind.NATGateway} {
		for _, p := range t.of(k) {
			if p.In == s.Key {
				in = append(in, p)
			}
		}
	}
	for _, p := range in {
		switch p.Kind {
		case kind.Instance:
			body = append(body, " "+d.named(p, role(w.server(p.Server)), width-3))
			body = append(body, "   "+w.Private+" "+w.ip(p, p.PrivateIP))
			if pub := p.PublicIP; pub != "" || p.EIP != "" {
				if pub == "" {
					pub = w.ip(p, "")
				}
				if pub == "" {
					pub = "—"
				}
				body = append(body, "   "+w.PublicIP+" "+pub)
			}
		case kind.NATGateway:
			body = append(body, " "+d.named(p, role(w.NAT), width-3))
			pub := p.PublicIP
			if e, ok := t.Part(p.EIP); ok && pub == "" {
				pub = e.PublicIP
			}
			if pub == "" {
				pub = w.ip(p, "")
			}
			if pub != "" {
				body = append(body, "   "+w.EIP+" "+pub)
			}
		case kind.KeyPair, kind.VPC, kind.Subnet, kind.InternetGateway, kind.ElasticIP, kind.RouteTable, kind.Route, kind.SecurityGroup, kind.SGRules:
		}
	}
	return box(d.named(s, "", width-6), "", width, body)
}

// routeTables is the block of route tables under the second zone.
func (d termDrawer) routeTables(width int) []string {
	t, w := d.t, d.w
	rts := t.of(kind.RouteTable)
	if len(rts) == 0 {
		return nil
	}
	out := []string{pad("", width), pad(" "+w.RouteTables, width)}
	for _, rt := range rts {
		out = append(out, pad(" "+d.named(rt, "", width-2), width))
		r, ok := t.Part(rt.Route)
		if !ok {
			out = append(out, pad("   "+w.NoRoute, width))
		} else {
			head := "   " + d.mark(r.State) + " " + r.CIDR + " → "
			target := r.Target
			if tp, ok := t.Part(r.Target); ok {
				target = tp.Name
			}
			out = append(out, pad(head+shorten(target, width-ansi.StringWidth(head)-1), width))
			if r.State != Ready && r.State != Planned {
				out = append(out, pad("     "+w.state(r), width))
			}
		}
		out = append(out, pad("   "+w.Serves+" "+w.serves(t, rt), width))
	}
	return out
}

// flows lists the mission's flows under the picture, those along one path
// on one line, each marked with the worst state of the parts it passes.
func (d termDrawer) flows(width int) []string {
	t, w := d.t, d.w
	if len(t.Flows) == 0 {
		return nil
	}
	type line struct {
		path  string
		state State
		ports []string
	}
	var lines []*line
	byPath := map[string]*line{}
	for _, f := range t.Flows {
		words := make([]string, len(f.Path))
		state := Ready
		if t.Planned() {
			state = Planned
		}
		for i, k := range f.Path {
			words[i] = w.end(t, k)
			if p, ok := t.Part(k); ok && worse(p.State, state) {
				state = p.State
			}
		}
		path := strings.Join(words, " → ")
		l, ok := byPath[path]
		if !ok {
			l = &line{path: path, state: state}
			byPath[path] = l
			lines = append(lines, l)
		}
		if p := w.ports(f); !contains(l.ports, p) {
			l.ports = append(l.ports, p)
		}
	}
	pathW := 0
	for _, l := range lines {
		pathW = max(pathW, ansi.StringWidth(l.path))
	}
	out := []string{w.Flows}
	for _, l := range lines {
		s := " " + d.mark(l.state) + " " + l.path + strings.Repeat(" ", pathW-ansi.StringWidth(l.path)) + "  " + strings.Join(l.ports, " · ")
		out = append(out, fit(s, width))
	}
	return out
}

// legend says what the marks mean.
func (d termDrawer) legend() string {
	w := d.w
	return strings.Join([]string{
		d.mark(Ready) + " " + w.Ready, d.mark(Planned) + " " + w.Planned, d.mark(Pending) + " " + w.Pending,
		d.mark(Stopped) + " " + w.Stopped + "/" + w.Broken, d.mark(Missing) + " " + w.Missing,
	}, "  ")
}

// worse orders states by how much they stop a flow.
func worse(a, b State) bool {
	rank := func(s State) int {
		switch s {
		case Ready:
			return 0
		case Planned:
			return 1
		case Pending:
			return 2
		case Stopped:
			return 3
		case Broken:
			return 4
		case Missing:
			return 5
		}
		return 6
	}
	return rank(a) > rank(b)
}

// box draws body in a box width cells wide, with title on the top edge at
// the left and right at the right.
func box(title, right string, width int, body []string) []string {
	inner := width - 2
	top := "─"
	if title != "" {
		top += " " + title + " "
	}
	if right != "" {
		r := " " + right + " ─"
		// The right title gives way to the left one.
		room := inner - ansi.StringWidth(top) - 1
		if ansi.StringWidth(r) > room {
			r = ""
		}
		top = fit(top, inner-ansi.StringWidth(r))
		top += strings.Repeat("─", max(0, inner-ansi.StringWidth(top)-ansi.StringWidth(r))) + r
	} else {
		top = fit(top, inner)
		top += strings.Repeat("─", max(0, inner-ansi.StringWidth(top)))
	}
	out := []string{"┌" + top + "┐"}
	for _, l := range body {
		out = append(out, "│"+pad(l, inner)+"│")
	}
	out = append(out, "└"+strings.Repeat("─", inner)+"┘")
	return out
}

// fit cuts s to width cells, ending it with … when it is cut.
func fit(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// pad fits s to exactly width cells.
func pad(s string, width int) string {
	s = fit(s, width)
	return s + strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
}
