package diagram

import (
	"fmt"
	"github.com/infrawiz/infrawiz/internal/kind"
	"math"
	"sort"
)

// builder lays a topology out, shape by shape.
type builder struct {
	t Topology
	w Words
	l Layout
}

func (b *builder) add(s Shape) *Shape {
	b.l.Shapes = append(b.l.Shapes, s)
	return &b.l.Shapes[len(b.l.Shapes)-1]
}

// item is an icon placed in a subnet.
type item struct {
	part  Part
	col   int
	pos   LabelPos
	lines []string
	lw    float64 // label width
	lh    float64 // label height
}

// cell is a subnet in the grid of rows (tiers) and zone columns.
type cell struct {
	part  Part
	lines []string
	items []item
}

func (b *builder) build() Layout {
	t, w := b.t, b.w
	// The title and the table of names and IPs, on the left as the
	// course's post has them.
	title := w.title(t)
	tw, _ := linesSize([]string{title})
	b.add(Shape{ID: "title", Kind: ShapeTitle, Rect: Rect{margin, margin, math.Ceil(tw*1.3) + 8, 24}, Lines: []string{title}})
	table := b.table(Point{margin, margin + 36})

	// The picture, right of the table.
	origin := Point{table.Right() + 60, margin}
	b.picture(origin)

	// What the file keeps of each part, beside its picture.
	for i := range b.l.Shapes {
		s := &b.l.Shapes[i]
		if p, ok := t.Part(s.Part); ok && s.Data == nil {
			s.Data = data(p)
		}
	}

	// The page: everything and a margin.
	var all Rect
	for _, s := range b.l.Shapes {
		all = all.Union(s.Rect).Union(s.LabelRect)
	}
	for _, e := range b.l.Edges {
		all = all.Union(e.LabelRect)
	}
	b.l.Width, b.l.Height = math.Ceil(all.Right()+margin), math.Ceil(all.Bottom()+margin)
	return b.l
}

// data are the attributes a part's cell keeps: its kind, AWS id and state.
func data(p Part) [][2]string {
	d := [][2]string{{"infrawiz_kind", p.Kind.String()}}
	if p.ID != "" {
		d = append(d, [2]string{"aws_id", p.ID})
	}
	state := p.State.String()
	if p.Status != "" {
		state = p.Status
	}
	return append(d, [2]string{"state", state})
}

// tableRows are the table's cells: a header, then a row per part.
func (b *builder) tableRows() [][]string {
	rows := [][]string{b.w.Columns}
	for _, p := range b.t.Parts {
		id := p.ID
		if id == "" && p.State == Planned {
			id = b.w.Planned
		}
		state := b.w.state(p)
		if p.State == Ready {
			state = p.Status
			if state == "" {
				state = "ok"
			}
		}
		rows = append(rows, []string{
			p.Name, p.Kind.String(), id, p.Zone, p.CIDR,
			b.ipPrivate(p), b.ipPublic(p), state,
		})
	}
	return rows
}

// ipPrivate is the private IP a row shows: planned only for a part that
// will have one.
func (b *builder) ipPrivate(p Part) string {
	if p.PrivateIP != "" {
		return p.PrivateIP
	}
	if p.State == Planned && (p.Kind == kind.NATGateway || p.Kind == kind.Instance) {
		return b.w.Planned
	}
	return ""
}

// ipPublic is the public IP a row shows: planned only for a part that will
// have one.
func (b *builder) ipPublic(p Part) string {
	if p.PublicIP != "" {
		return p.PublicIP
	}
	if p.State == Planned && (p.Kind == kind.ElasticIP || p.Kind == kind.NATGateway || (p.Kind == kind.Instance && p.EIP != "")) {
		return b.w.Planned
	}
	return ""
}

func (b *builder) table(at Point) Rect {
	rows := b.tableRows()
	cols := len(b.w.Columns)
	widths := make([]float64, cols)
	for _, r := range rows {
		for i := 0; i < cols && i < len(r); i++ {
			widths[i] = math.Max(widths[i], textWidth(r[i], fontSize)*1.1+colPad)
		}
	}
	total := 0.0
	for i := range widths {
		widths[i] = math.Ceil(widths[i])
		total += widths[i]
	}
	rect := Rect{at.X, at.Y, total, rowH * float64(len(rows))}
	b.add(Shape{ID: "table", Kind: ShapeTable, Rect: rect})
	for i, r := range rows {
		rowID := fmt.Sprintf("table-row-%d", i)
		if i > 0 {
			rowID = RowID(b.t.Parts[i-1].Key)
		}
		row := Rect{at.X, at.Y + rowH*float64(i), total, rowH}
		s := b.add(Shape{ID: rowID, Parent: "table", Kind: ShapeTableRow, Rect: row, Header: i == 0})
		if i > 0 {
			p := b.t.Parts[i-1]
			s.Part, s.State, s.Dim, s.Data = p.Key, p.State, p.State == Missing, data(p)
		}
		x := at.X
		for j := 0; j < cols; j++ {
			v := ""
			if j < len(r) {
				v = r[j]
			}
			cell := Shape{
				ID: fmt.Sprintf("table-cell-%d-%d", i, j), Parent: rowID, Kind: ShapeTableCell,
				Rect: Rect{x, row.Y, widths[j], rowH}, Lines: []string{v}, Header: i == 0, State: Ready,
			}
			if i > 0 && j == cols-1 {
				// The state column: coloured where the part is not ready.
				cell.State = b.t.Parts[i-1].State
			}
			b.add(cell)
			x += widths[j]
		}
	}
	return rect
}

// serverLines is an instance's label.
func (b *builder) serverLines(p Part) []string {
	w := b.w
	lines := []string{w.server(p.Server) + " · " + p.Name}
	lines = append(lines, w.Private+" "+w.ip(p, p.PrivateIP))
	if pub := p.PublicIP; pub != "" || p.EIP != "" {
		if pub == "" {
			pub = w.ip(p, "")
		}
		if pub == "" {
			pub = "—"
		}
		lines = append(lines, w.PublicIP+" "+pub)
	}
	if g, ok := b.t.Part(p.Group); ok {
		lines = append(lines, "SG "+g.Name)
	}
	return b.withState(lines, p)
}

func (b *builder) withState(lines []string, p Part) []string {
	if s := b.w.state(p); s != "" && p.State != Planned {
		lines = append(lines, s)
	}
	return lines
}

// natLines is a NAT gateway's label.
func (b *builder) natLines(p Part) []string {
	pub := p.PublicIP
	if e, ok := b.t.Part(p.EIP); ok && pub == "" {
		pub = e.PublicIP
	}
	if pub == "" {
		pub = b.w.ip(p, "")
	}
	if pub == "" {
		pub = "—"
	}
	return b.withState([]string{b.w.NAT + " · " + p.Name, b.w.EIP + " " + pub}, p)
}

// itemsOf are the icons in a subnet: its servers and NAT gateway.
func (b *builder) itemsOf(subnet Part) []item {
	var out []item
	for _, p := range b.t.Parts {
		if p.In != subnet.Key {
			continue
		}
		var it item
		switch {
		case p.Kind == kind.NATGateway:
			it = item{part: p, col: 1, pos: LabelRight, lines: b.natLines(p)}
		case p.Kind == kind.Instance && (p.Server == ServerWeb || p.Server == ServerBastion):
			it = item{part: p, col: 0, pos: LabelLeft, lines: b.serverLines(p)}
		case p.Kind == kind.Instance:
			it = item{part: p, col: 1, pos: LabelRight, lines: b.serverLines(p)}
		default:
			continue
		}
		it.lw, it.lh = linesSize(it.lines)
		out = append(out, it)
	}
	// Two icons that want the same column: the later one moves right.
	used := map[int]bool{}
	for i := range out {
		for used[out[i].col] {
			out[i].col++
			out[i].pos = LabelRight
		}
		used[out[i].col] = true
	}
	return out
}

func (b *builder) subnetLines(p Part) []string {
	return b.withState([]string{p.Name, b.w.tier(p.Tier) + " · " + p.CIDR}, p)
}

// picture lays out the region with everything in it, and the two ends
// outside above it, from origin.
func (b *builder) picture(origin Point) {
	t, w := b.t, b.w
	g := b.zoneGrid()

	// The VPC's label, the internet gateway on its top edge above the web
	// server, and the two lanes under the gateway.
	vpc, _ := t.first(kind.VPC)
	vpcLines := b.withState([]string{vpc.Name, vpc.CIDR}, vpc)
	vpcLW, _ := linesSize(vpcLines)
	igw, hasIGW := t.first(kind.InternetGateway)
	igwLines := b.withState([]string{w.IGW + " · " + igw.Name}, igw)
	_, igwLH := linesSize(igwLines)
	igwHalf := math.Max(iconSize/2, igwLH/2)
	busTop := math.Max(iconSize/2, igwLH/2) + 12 // the lane to the bastion
	busNAT := busTop + 14                        // the lane from the NAT gateway
	g.top = busNAT + 16

	// Where the web server's column is, so the gateway can sit right
	// above it; the zones move right if the VPC's label is in the way.
	webCol := 0.0
	if len(g.colX[0]) > 0 {
		webCol = g.colX[0][0]
	}
	g.x[0] = 20.0
	if gx := g.x[0] + zonePad + webCol + 12; hasIGW && gx < 30+vpcLW+20 {
		g.x[0] += 30 + vpcLW + 20 - gx
	}
	g.x[1] = g.x[0] + g.zoneW[0] + corridor

	// Route tables, right of the zones.
	rts := t.of(kind.RouteTable)
	rtLabels, rtW := b.routeTableLabels(rts)
	rtX := g.x[1] + g.zoneW[1] + 50
	vpcW := g.x[1] + g.zoneW[1] + 20
	if len(rts) > 0 {
		vpcW = rtX + iconSize + labelGap + rtW + 20
	}
	vpcH := g.top + g.zoneH + 20

	// The region around the VPC, and the two ends outside above it.
	regionLines := []string{w.Region + " " + t.Region}
	const regionHead = 30.0
	vpcRel := Point{20, regionHead + igwHalf + 12}
	regionW, regionH := vpcW+40, vpcRel.Y+vpcH+20
	region := Rect{origin.X, origin.Y + 124, regionW, regionH}

	// The gateway's place fixes the two ends' places; the region moves
	// right if the left one's label would leave the picture.
	vpcAbs := Rect{region.X + vpcRel.X, region.Y + vpcRel.Y, vpcW, vpcH}
	igwRect := Rect{vpcAbs.X + g.x[0] + zonePad + webCol + 12, vpcAbs.Y - iconSize/2, iconSize, iconSize}
	meLines := []string{w.Me}
	if t.MyIP != "" {
		meLines = append(meLines, t.MyIP)
	}
	meW, _ := linesSize(meLines)
	if over := origin.X - (igwRect.X - 96 - labelGap - meW); over > 0 {
		region.X += over
		vpcAbs.X += over
		igwRect.X += over
	}

	b.add(Shape{ID: "region", Kind: ShapeRegion, Rect: region, Lines: regionLines, LabelRect: groupLabel(region, regionLines, 30)})
	b.add(Shape{ID: PartID(vpc.Key), Parent: "region", Kind: ShapeVPC, Part: vpc.Key, Rect: vpcAbs, Lines: vpcLines, Status: b.status(vpc), State: vpc.State, Dim: vpc.State == Missing, LabelRect: groupLabel(vpcAbs, vpcLines, 30)})

	shapeOf := b.zones(g, vpc, vpcAbs)
	bottom := b.routeTables(rts, rtLabels, shapeOf, vpc, Point{vpcAbs.X + rtX, vpcAbs.Y + g.top})
	// A route table column taller than the zones makes the VPC and the
	// region taller.
	if grow := bottom + 20 - vpcAbs.Bottom(); grow > 0 {
		b.grow(PartID(vpc.Key), grow)
		b.grow("region", grow)
	}

	// The internet gateway on the VPC's top edge, the internet above it,
	// me to its left.
	if hasIGW {
		shapeOf[igw.Key] = igwRect
		icon, fill := iconOf(igw)
		b.add(Shape{
			ID: PartID(igw.Key), Parent: PartID(vpc.Key), Kind: ShapeIcon, Part: igw.Key, Rect: igwRect,
			Lines: igwLines, Status: b.status(igw), State: igw.State, Pos: LabelRight, LabelRect: iconLabel(igwRect, LabelRight, igwLines),
			Icon: icon, Fill: fill, Dim: igw.State == Missing,
		})
	}
	inet := Rect{igwRect.X, origin.Y, iconSize, iconSize}
	inetLines := []string{w.Internet, "0.0.0.0/0"}
	b.add(Shape{ID: Internet, Kind: ShapeIcon, Part: Internet, Rect: inet, Lines: inetLines, Pos: LabelRight, LabelRect: iconLabel(inet, LabelRight, inetLines), Icon: "mxgraph.aws4.internet_alt2", Fill: "#232F3D"})
	me := Rect{igwRect.X - 96, inet.Bottom() + 6, iconSize, iconSize}
	b.add(Shape{ID: Me, Kind: ShapeIcon, Part: Me, Rect: me, Lines: meLines, Pos: LabelLeft, LabelRect: iconLabel(me, LabelLeft, meLines), Icon: "mxgraph.aws4.users", Fill: "#232F3D"})
	shapeOf[Internet], shapeOf[Me] = inet, me

	b.edges(shapeOf, lanes{
		top:  vpcAbs.Y + busTop,
		nat:  vpcAbs.Y + busNAT,
		side: vpcAbs.X + g.x[0] + g.zoneW[0] + corridor/2,
	})
}

// The zones' margins: the head holds the zone's name.
const zoneHead, zonePad = 30.0, 16.0

// zoneGrid is the two zone columns' layout, relative to the VPC: the
// subnets in a grid of rows (tiers) and zone columns, where the icon
// columns of each zone sit, and how wide and tall it all is. x and top
// (where each zone column and the zones begin) are the VPC's to set.
type zoneGrid struct {
	cells   [][2]*cell
	colX    [2][]float64 // x of each icon column, relative to its subnet
	subnetW [2]float64
	headerH float64 // a subnet's header: its name and block
	rowH    []float64
	zoneW   [2]float64
	zoneH   float64
	x       [2]float64
	top     float64
}

// zoneGrid lays the subnets out: a row per tier (more where a zone has
// two subnets of one tier), a column per zone.
func (b *builder) zoneGrid() zoneGrid {
	var g zoneGrid
	for _, tier := range []Tier{TierPublic, TierInternal, TierAdmin} {
		var cols [2][]*cell
		for _, s := range b.t.of(kind.Subnet) {
			if s.Tier != tier {
				continue
			}
			z := b.t.zoneIndex(s.Zone)
			cols[z] = append(cols[z], &cell{part: s, lines: b.subnetLines(s), items: b.itemsOf(s)})
		}
		for i := 0; i < max(len(cols[0]), len(cols[1])); i++ {
			var row [2]*cell
			for z := range 2 {
				if i < len(cols[z]) {
					row[z] = cols[z][i]
				}
			}
			g.cells = append(g.cells, row)
		}
	}
	g.columns()
	g.rows()
	g.zoneH = zoneHead + zonePad
	for i, h := range g.rowH {
		g.zoneH += h
		if i > 0 {
			g.zoneH += subnetGap
		}
	}
	g.zoneW = [2]float64{g.subnetW[0] + 2*zonePad, g.subnetW[1] + 2*zonePad}
	return g
}

// columns places the columns of icons in each zone column, shared by its
// subnets so that a server above another is straight above it, and sizes
// the subnets to hold them. The first column's labels are on the left;
// the arrows that cross a subnet's header run right of its text.
func (g *zoneGrid) columns() {
	var headerEnd, headerH [2]float64
	var leftW [2]float64
	var rightW [2][]float64
	ncol := [2]int{}
	for _, row := range g.cells {
		for z, c := range row {
			if c == nil {
				continue
			}
			lw, lh := linesSize(c.lines)
			headerEnd[z] = math.Max(headerEnd[z], 30+lw)
			headerH[z] = math.Max(headerH[z], lh+8)
			for _, it := range c.items {
				ncol[z] = max(ncol[z], it.col+1)
				if it.pos == LabelLeft {
					leftW[z] = math.Max(leftW[z], it.lw)
					continue
				}
				for len(rightW[z]) <= it.col {
					rightW[z] = append(rightW[z], 0)
				}
				rightW[z][it.col] = math.Max(rightW[z][it.col], it.lw)
			}
		}
	}
	g.headerH = math.Max(headerH[0], headerH[1])
	for z := range 2 {
		x := math.Max(headerEnd[z]-8, leftW[z]+labelGap+14)
		for c := 0; c < ncol[z]; c++ {
			if c > 0 {
				x += iconSize + 80
				if c-1 < len(rightW[z]) {
					x = math.Max(x, g.colX[z][c-1]+iconSize+labelGap+rightW[z][c-1]+40)
				}
			}
			g.colX[z] = append(g.colX[z], x)
		}
		g.subnetW[z] = headerEnd[z] + 16
		if n := len(g.colX[z]); n > 0 {
			last := g.colX[z][n-1] + iconSize + 16
			if n-1 < len(rightW[z]) {
				last += labelGap + rightW[z][n-1]
			}
			g.subnetW[z] = math.Max(g.subnetW[z], last)
		}
		g.subnetW[z] = math.Ceil(math.Max(g.subnetW[z], 200))
	}
}

// contentPad is the room above and below a subnet's icons.
const contentPad = 14.0

// rows sizes each row: the tallest icon or label of the row, and room
// under the bastion for the SSH arrow that enters it from below.
func (g *zoneGrid) rows() {
	g.rowH = make([]float64, len(g.cells))
	for i, row := range g.cells {
		h := iconSize
		extra := 0.0
		for _, c := range row {
			if c == nil {
				continue
			}
			for _, it := range c.items {
				h = math.Max(h, it.lh)
				if it.part.Server == ServerBastion {
					extra = 26
				}
			}
		}
		g.rowH[i] = math.Ceil(g.headerH + contentPad + h + contentPad + extra)
	}
}

// zones adds the zones, their subnets and the subnets' icons inside the
// VPC at vpcAbs, and returns where each part was placed.
func (b *builder) zones(g zoneGrid, vpc Part, vpcAbs Rect) map[string]Rect {
	shapeOf := map[string]Rect{}
	for z := range 2 {
		zr := Rect{vpcAbs.X + g.x[z], vpcAbs.Y + g.top, g.zoneW[z], g.zoneH}
		name := ""
		if z < len(b.t.Zones) {
			name = b.t.Zones[z]
		}
		zid := fmt.Sprintf("zone-%d", z)
		b.add(Shape{ID: zid, Parent: PartID(vpc.Key), Kind: ShapeZone, Rect: zr, Lines: []string{name}, LabelRect: groupLabel(zr, []string{name}, 8)})
		y := zr.Y + zoneHead
		for i, row := range g.cells {
			if c := row[z]; c != nil {
				b.subnet(g, z, c, Rect{zr.X + zonePad, y, g.subnetW[z], g.rowH[i]}, zid, shapeOf)
			}
			y += g.rowH[i] + subnetGap
		}
	}
	return shapeOf
}

// subnet adds a subnet at sr and its icons in the zone's icon columns.
func (b *builder) subnet(g zoneGrid, z int, c *cell, sr Rect, zid string, shapeOf map[string]Rect) {
	shapeOf[c.part.Key] = sr
	b.add(Shape{
		ID: PartID(c.part.Key), Parent: zid, Kind: ShapeSubnet, Part: c.part.Key, Rect: sr,
		Lines: c.lines, Status: b.status(c.part), State: c.part.State, Dim: c.part.State == Missing,
		LabelRect: groupLabel(sr, c.lines, 30), Private: c.part.Tier == TierInternal,
	})
	iconTop := sr.Y + g.headerH + contentPad + (sr.H-g.headerH-2*contentPad-iconSize)/2
	if hasBastion(c.items) {
		iconTop -= 13
	}
	for _, it := range c.items {
		x := sr.X + g.colX[z][min(it.col, len(g.colX[z])-1)]
		ir := Rect{x, math.Round(iconTop), iconSize, iconSize}
		shapeOf[it.part.Key] = ir
		icon, fill := iconOf(it.part)
		b.add(Shape{
			ID: PartID(it.part.Key), Parent: PartID(c.part.Key), Kind: ShapeIcon, Part: it.part.Key,
			Rect: ir, Lines: it.lines, Status: b.status(it.part), State: it.part.State, Pos: it.pos,
			LabelRect: iconLabel(ir, it.pos, it.lines), Icon: icon, Fill: fill, Dim: it.part.State == Missing,
		})
	}
}

// rtLabel is what a route table's icon says: its name, its route, what
// it serves, and its route's state when that is what is wrong.
type rtLabel struct {
	lines  []string
	status string
	state  State
}

// routeTableLabels are the route tables' labels, and the widest's width.
func (b *builder) routeTableLabels(rts []Part) ([]rtLabel, float64) {
	t, w := b.t, b.w
	out := make([]rtLabel, len(rts))
	width := 0.0
	for i, rt := range rts {
		l := rtLabel{lines: b.withState([]string{rt.Name, w.routeText(t, rt), w.Serves + " " + w.serves(t, rt)}, rt), status: b.status(rt), state: rt.State}
		if r, ok := t.Part(rt.Route); ok && rt.State == Ready && r.State != Ready && r.State != Planned {
			l.status, l.state = r.CIDR+" "+w.state(r), r.State
			l.lines = append(l.lines, l.status)
		}
		lw, _ := linesSize(l.lines)
		width = math.Max(width, lw)
		out[i] = l
	}
	return out, width
}

// routeTables adds the route tables in a column down from at, each as
// near the middle of the row of the first subnet it serves as the ones
// above it let it be; it returns the column's bottom.
func (b *builder) routeTables(rts []Part, labels []rtLabel, shapeOf map[string]Rect, vpc Part, at Point) float64 {
	order := make([]int, len(rts))
	want := make([]float64, len(rts))
	for i, rt := range rts {
		order[i] = i
		want[i] = at.Y
		if len(rt.Serves) > 0 {
			if sr, ok := shapeOf[rt.Serves[0]]; ok {
				want[i] = sr.Y + sr.H/2 - iconSize/2
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return want[order[a]] < want[order[b]] })
	bottom := at.Y
	for _, i := range order {
		rt, l := rts[i], labels[i]
		_, lh := linesSize(l.lines)
		y := math.Max(want[i], bottom+10+math.Max(0, lh-iconSize)/2)
		r := Rect{at.X, y, iconSize, iconSize}
		lr := iconLabel(r, LabelRight, l.lines)
		bottom = math.Max(r.Bottom(), lr.Bottom())
		icon, fill := iconOf(rt)
		b.add(Shape{
			ID: PartID(rt.Key), Parent: PartID(vpc.Key), Kind: ShapeIcon, Part: rt.Key, Rect: r,
			Lines: l.lines, Status: l.status, State: l.state, Pos: LabelRight, LabelRect: lr, Icon: icon, Fill: fill, Dim: rt.State == Missing,
		})
	}
	return bottom
}

func hasBastion(items []item) bool {
	for _, it := range items {
		if it.part.Server == ServerBastion {
			return true
		}
	}
	return false
}

// grow makes a shape taller.
func (b *builder) grow(id string, by float64) {
	for i := range b.l.Shapes {
		if b.l.Shapes[i].ID == id {
			b.l.Shapes[i].Rect.H += by
		}
	}
}

// status is the word a shape's part is marked with.
func (b *builder) status(p Part) string {
	if p.State == Planned {
		return ""
	}
	return b.w.state(p)
}

// iconOf is the diagrams.net shape and colour of a part's icon (the AWS
// Architecture Icons of diagrams.net's "AWS / Network & Content Delivery"
// and "AWS / Compute" palettes).
func iconOf(p Part) (string, string) {
	switch p.Kind {
	case kind.InternetGateway:
		return "mxgraph.aws4.internet_gateway", "#8C4FFF"
	case kind.NATGateway:
		return "mxgraph.aws4.nat_gateway", "#8C4FFF"
	case kind.RouteTable:
		return "mxgraph.aws4.route_table", "#8C4FFF"
	case kind.Instance:
		return "mxgraph.aws4.instance2", "#ED7100"
	case kind.ElasticIP:
		return "mxgraph.aws4.elastic_ip_address", "#ED7100"
	case kind.KeyPair, kind.VPC, kind.Subnet, kind.Route, kind.SecurityGroup, kind.SGRules:
	}
	return "mxgraph.aws4.resourceIcon", "#232F3D"
}
