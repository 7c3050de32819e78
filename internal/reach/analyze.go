package reach

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// flow is what a path carries: one protocol and one port (for icmp, the
// echo request), or anything at all.
type flow struct {
	proto string // tcp, icmp; "" with any
	port  int32
	any   bool
}

func (f flow) String() string { return f.said().String() }

// said names the flow: a message where it has words, else "tcp 22".
func (f flow) said() catalog.Message {
	switch {
	case f.any:
		return catalog.Msg("reach.flow.any")
	case f.proto == "icmp":
		return catalog.Msg("reach.flow.ping")
	}
	return catalog.Msg("detail.rule.port", f.proto, f.port)
}

var (
	tcp22   = flow{proto: "tcp", port: 22}
	tcp443  = flow{proto: "tcp", port: 443}
	tcp3306 = flow{proto: "tcp", port: 3306}
	tcp8080 = flow{proto: "tcp", port: 8080}
	ping    = flow{proto: "icmp", port: 8} // echo request, code 0
	anyFlow = flow{any: true}
)

// match says which addresses a rule must admit for the path to count. A
// path the mission needs must work for all of its sources (the whole
// internet, my address, one server); a path that must stay closed is open as
// soon as a rule admits any address it covers.
type match int

const (
	matchAll    match = iota // every address of peer.prefix (or the instance)
	matchPublic              // any public address
	matchOthers              // any public address other than peer.me
)

// peer is the other end of a security group rule's check. Its label is an
// address or a name as it is, or words of the catalogue ("the internet").
type peer struct {
	label  any
	inst   *Instance // a server: its private IP and its groups
	prefix netip.Prefix
	mode   match
	me     netip.Addr
}

// check is one condition of a path, said in words whether it holds or not:
// a message of the catalogue.
type check struct {
	ok  bool
	msg catalog.Localized
}

type verdict []check

func (v *verdict) add(ok bool, key string, a ...any) {
	v.say(ok, catalog.Msg(key, a...))
}

func (v *verdict) say(ok bool, m catalog.Localized) {
	*v = append(*v, check{ok: ok, msg: m})
}

// result is open when every check holds. An open path is explained by all
// its checks; a closed one by every check that fails, so a student can fix
// them all at once.
func (v verdict) result() (bool, catalog.List) {
	open := true
	for _, c := range v {
		open = open && c.ok
	}
	why := catalog.List{SepKey: "sep.clause"}
	var seen []string
	for _, c := range v {
		if en := c.msg.In(catalog.EN); c.ok == open && !slices.Contains(seen, en) {
			seen = append(seen, en)
			why.Items = append(why.Items, c.msg)
		}
	}
	return open, why
}

// Analyze decides every path of the mission from the snapshot.
func Analyze(s Snapshot) []Path {
	a := analyzer{s: s}
	me, meErr := netip.ParseAddr(s.MyIP)
	meOK := meErr == nil && me.Is4()
	everyone := netip.MustParsePrefix("0.0.0.0/0")
	internetAll := peer{label: "0.0.0.0/0", prefix: everyone}
	internetAny := peer{label: catalog.Msg("reach.peer.internet"), prefix: everyone, mode: matchPublic}
	var mePeer, others peer
	if meOK {
		mePeer = peer{label: me.String(), prefix: netip.PrefixFrom(me, 32)}
		others = peer{label: catalog.Msg("reach.peer.others", me.String()), prefix: everyone, mode: matchOthers, me: me}
	}

	var out []Path
	add := func(id string, want bool, v verdict) {
		open, why := v.result()
		out = append(out, Path{ID: id, Want: want, Open: open, Because: why.String(), Why: why})
	}
	add(InternetToWeb8080, true, a.inbound("web", s.Web, tcp8080, internetAll))
	if meOK {
		add(MeToBastion22, true, a.inbound("bastion", s.Bastion, tcp22, mePeer))
	} else {
		add(MeToBastion22, true, verdict{{false, catalog.Msg("reach.badip", s.MyIP)}})
	}
	add(BastionToWeb22, true, a.internal("bastion", s.Bastion, "web", s.Web, tcp22))
	add(BastionToDB22, true, a.internal("bastion", s.Bastion, "db", s.DB, tcp22))
	add(BastionToWebICMP, true, a.internal("bastion", s.Bastion, "web", s.Web, ping))
	add(BastionToDBICMP, true, a.internal("bastion", s.Bastion, "db", s.DB, ping))
	add(WebToDB3306, true, a.internal("web", s.Web, "db", s.DB, tcp3306))
	add(DBToInternet, true, a.viaNAT(s.DB))
	add(InternetToDB, false, a.inbound("db", s.DB, anyFlow, internetAny))
	add(InternetToWeb22, false, a.inbound("web", s.Web, tcp22, internetAny))
	if meOK {
		add(OthersToBastion22, false, a.inbound("bastion", s.Bastion, tcp22, others))
	} else {
		add(OthersToBastion22, false, a.inbound("bastion", s.Bastion, tcp22, internetAny))
	}
	return out
}

type analyzer struct{ s Snapshot }

// present checks that a server exists and runs: a path to or from a server
// that is not there cannot be decided, so it is closed with that reason.
func (a analyzer) present(v *verdict, role string, in Instance) bool {
	switch {
	case in.ID == "":
		v.add(false, "reach.notfound", catalog.Msg("detail.server."+role))
		return false
	case in.State != "" && in.State != "running":
		v.add(false, "reach.notrunning", in.Name, in.State)
		return false
	}
	return true
}

// inbound is a path from outside the VPC to a server: the server's groups
// must admit it, the server needs a public IP, and its subnet must route
// the replies to an attached internet gateway.
func (a analyzer) inbound(role string, dst Instance, f flow, src peer) verdict {
	var v verdict
	if !a.present(&v, role, dst) {
		return v
	}
	a.ingress(&v, dst, f, src)
	if dst.PublicIP != "" {
		if dst.PublicIPName != "" {
			v.add(true, "reach.publicip.eip", dst.Name, dst.PublicIP, dst.PublicIPName)
		} else {
			v.add(true, "reach.publicip", dst.Name, dst.PublicIP)
		}
	} else {
		v.add(false, "reach.nopublicip", dst.Name)
	}
	a.routeToIGW(&v, dst.SubnetID, src.prefix, true)
	a.acls(&v, flowLegs(f, "", dst.SubnetID, src, peer{}, anyLo, anyHi))
	return v
}

// internal is a path between two servers of the VPC: the source's egress,
// the destination's ingress and the local route both ways.
func (a analyzer) internal(srcRole string, src Instance, dstRole string, dst Instance, f flow) verdict {
	var v verdict
	okSrc := a.present(&v, srcRole, src)
	okDst := a.present(&v, dstRole, dst)
	if !okSrc || !okDst {
		return v
	}
	srcIP, err1 := netip.ParseAddr(src.PrivateIP)
	dstIP, err2 := netip.ParseAddr(dst.PrivateIP)
	if err1 != nil || err2 != nil {
		v.add(false, "reach.noprivate", src.Name, dst.Name)
		return v
	}
	srcPeer := peer{label: src.Name, inst: &src, prefix: netip.PrefixFrom(srcIP, 32)}
	dstPeer := peer{label: dst.Name, inst: &dst, prefix: netip.PrefixFrom(dstIP, 32)}
	a.egress(&v, src, f, dstPeer)
	a.ingress(&v, dst, f, srcPeer)
	a.routeLocal(&v, src.SubnetID, dstIP)
	a.routeLocal(&v, dst.SubnetID, srcIP)
	if src.SubnetID != dst.SubnetID {
		// Inside one subnet no ACL is crossed.
		a.acls(&v, flowLegs(f, src.SubnetID, dst.SubnetID, srcPeer, dstPeer, linuxLo, linuxHi))
	}
	return v
}

// viaNAT is the database's way out: its egress, a default route to an
// available NAT gateway with a public IP, and that gateway's own subnet
// routed to an internet gateway. The traffic it stands for is https (tcp 443),
// what package updates use.
func (a analyzer) viaNAT(db Instance) verdict {
	var v verdict
	if !a.present(&v, "db", db) {
		return v
	}
	everyone := netip.MustParsePrefix("0.0.0.0/0")
	a.egress(&v, db, tcp443, peer{label: "0.0.0.0/0", prefix: everyone})
	rt, how := a.tableOf(db.SubnetID)
	if rt == nil {
		v.say(false, how)
		return v
	}
	r := longest(rt.Routes, everyone)
	switch {
	case r == nil:
		v.add(false, "reach.noroute", a.name(rt.ID, rt.Name), how, "0.0.0.0/0")
		return v
	case r.State == "blackhole":
		v.add(false, "reach.blackhole", a.name(rt.ID, rt.Name), how, "0.0.0.0/0", a.targetName(r.Target))
		return v
	}
	nat := a.nat(r.Target)
	if nat == nil {
		if igw := a.igw(r.Target); igw != nil && db.PublicIP != "" && igw.Attached {
			v.add(true, "reach.nat.direct", a.name(rt.ID, rt.Name), how, a.name(igw.ID, igw.Name), db.Name, db.PublicIP)
			return v
		}
		v.add(false, "reach.nat.notnat", a.name(rt.ID, rt.Name), how, a.targetName(r.Target))
		return v
	}
	v.add(true, "reach.routes", a.name(rt.ID, rt.Name), how, "0.0.0.0/0", a.name(nat.ID, nat.Name))
	if nat.State != "available" {
		v.add(false, "reach.nat.notavailable", a.name(nat.ID, nat.Name), nat.State)
	}
	if nat.PublicIP != "" {
		v.add(true, "reach.publicip", a.name(nat.ID, nat.Name), nat.PublicIP)
	} else {
		v.add(false, "reach.nopublicip", a.name(nat.ID, nat.Name))
	}
	a.routeToIGW(&v, nat.SubnetID, everyone, false)
	// The request keeps the internet address as its destination all the
	// way; the NAT gateway's subnet sees it come in from the database and
	// leave for the internet, and the reply the other way round.
	internet := peer{label: "0.0.0.0/0", prefix: everyone}
	legs := []leg{
		{subnet: db.SubnetID, egress: true, proto: "tcp", lo: 443, hi: 443, peer: internet},
		{subnet: db.SubnetID, proto: "tcp", lo: linuxLo, hi: linuxHi, peer: internet, reply: true},
	}
	if nat.SubnetID != db.SubnetID {
		if ip, err := netip.ParseAddr(db.PrivateIP); err == nil {
			dbPeer := peer{label: db.Name, prefix: netip.PrefixFrom(ip, 32)}
			legs = append(legs,
				leg{subnet: nat.SubnetID, proto: "tcp", lo: 443, hi: 443, peer: dbPeer},
				leg{subnet: nat.SubnetID, egress: true, proto: "tcp", lo: linuxLo, hi: linuxHi, peer: dbPeer, reply: true})
		}
		legs = append(legs,
			leg{subnet: nat.SubnetID, egress: true, proto: "tcp", lo: 443, hi: 443, peer: internet},
			leg{subnet: nat.SubnetID, proto: "tcp", lo: anyLo, hi: anyHi, peer: internet, reply: true})
	}
	a.acls(&v, legs)
	return v
}

// ingress checks the destination's groups for a rule admitting the flow
// from the peer.
func (a analyzer) ingress(v *verdict, dst Instance, f flow, src peer) {
	a.groupRules(v, dst, f, src, false)
}

// egress checks the source's groups for a rule letting the flow out to the
// peer. Replies need no rule either way: security groups are stateful.
func (a analyzer) egress(v *verdict, src Instance, f flow, dst peer) {
	a.groupRules(v, src, f, dst, true)
}

func (a analyzer) groupRules(v *verdict, in Instance, f flow, p peer, out bool) {
	dir := "in"
	if out {
		dir = "out"
	}
	if len(in.Groups) == 0 {
		v.add(false, "reach.nogroup", in.Name)
		return
	}
	var names []catalog.Localized
	var unknown, wrongPeer, wrongPort []catalog.Localized
	for _, gid := range in.Groups {
		g := a.group(gid)
		if g == nil {
			names = append(names, catalog.Msg("reach.group.unknown", gid))
			continue
		}
		names = append(names, catalog.Verbatim(a.name(g.ID, g.Name)))
		rules := g.Ingress
		if out {
			rules = g.Egress
		}
		for _, r := range rules {
			portOK := covers(r, f)
			peerOK, unsure := a.admits(r, p)
			desc := catalog.Msg("reach.rule."+dir, a.name(g.ID, g.Name), ruleFlow(r), a.rulePeer(r))
			switch {
			case portOK && peerOK:
				said := catalog.List{Items: []catalog.Localized{desc}}
				if r.Group != "" && p.inst != nil {
					said.Items[0] = catalog.Msg("reach.rule."+dir+".member", a.name(g.ID, g.Name), ruleFlow(r), a.rulePeer(r), p.inst.Name)
				}
				if p.mode == matchOthers {
					said.Items = append(said.Items, catalog.Msg("reach.rule.others", p.me.String()))
				}
				v.say(true, said)
				return
			case portOK && unsure:
				unknown = append(unknown, desc)
			case portOK:
				wrongPeer = append(wrongPeer, catalog.Msg("reach.rule."+dir+".only", a.name(g.ID, g.Name), ruleFlow(r), a.rulePeer(r)))
			case peerOK:
				wrongPort = append(wrongPort, catalog.Msg("reach.rule."+dir+".notcover", a.name(g.ID, g.Name), ruleFlow(r), a.rulePeer(r), f.said()))
			}
		}
	}
	if len(unknown) > 0 {
		// A prefix list's addresses are not read: a path the mission needs
		// is not counted as open on its account, a path that must stay
		// closed is counted as open, so the doubt always shows as a failure.
		v.add(p.mode != matchAll, "reach.prefixlist", catalog.List{Sep: "; ", Items: unknown}, p.label)
		return
	}
	what := catalog.Msg("reach.what."+dir, f.said(), p.label)
	if p.inst != nil {
		what = catalog.Msg("reach.what."+dir+".inst", f.said(), p.label, p.inst.PrivateIP, a.groupNames(p.inst.Groups))
	}
	said := catalog.List{Items: []catalog.Localized{catalog.Msg("reach.norule."+dir, catalog.List{Sep: ", ", Items: names}, what)}}
	hints := append(wrongPeer, wrongPort...)
	if len(hints) > 0 {
		said.Items = append(said.Items, catalog.Msg("reach.hints", catalog.List{Sep: "; ", Items: hints}))
	}
	v.say(false, said)
}

func (a analyzer) groupNames(ids []string) any {
	var out []string
	for _, id := range ids {
		if g := a.group(id); g != nil {
			out = append(out, a.name(g.ID, g.Name))
		} else {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return catalog.Msg("reach.nogroupname")
	}
	return strings.Join(out, ", ")
}

// admits says whether the rule's peer covers p; unsure is set when it
// cannot be told (a prefix list).
func (a analyzer) admits(r Rule, p peer) (ok, unsure bool) {
	switch {
	case r.PrefixList != "":
		return false, true
	case r.Group != "":
		return p.inst != nil && slices.Contains(p.inst.Groups, r.Group), false
	}
	rp, err := netip.ParsePrefix(r.CIDR)
	if err != nil || !rp.Addr().Is4() {
		// The mission's servers have no IPv6 address: an IPv6 rule admits
		// nothing that reaches them.
		return false, false
	}
	rp = rp.Masked()
	switch p.mode {
	case matchPublic:
		return hasPublic(rp), false
	case matchOthers:
		return hasPublic(rp) && (rp.Bits() < 32 || rp.Addr() != p.me), false
	case matchAll:
	}
	return rp.Bits() <= p.prefix.Bits() && rp.Contains(p.prefix.Addr()), false
}

var private = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// hasPublic reports whether a prefix holds any address of the internet.
// The non-public blocks are aligned and not adjacent, so a prefix outside
// every one of them holds a public address.
func hasPublic(p netip.Prefix) bool {
	for _, b := range private {
		if b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
			return false
		}
	}
	return true
}

func protoName(p string) string {
	switch strings.ToLower(p) {
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	case "-1", "all", "":
		return "-1"
	}
	return strings.ToLower(p)
}

// covers says whether the rule's protocol and ports take the flow.
func covers(r Rule, f flow) bool {
	proto := protoName(r.Protocol)
	if proto == "-1" {
		return true
	}
	if f.any {
		return true // any protocol at all counts
	}
	if proto != f.proto {
		return false
	}
	if proto == "icmp" {
		// For icmp the "ports" are the type and the code.
		return (r.FromPort == -1 || r.FromPort == f.port) && (r.ToPort == -1 || r.ToPort == 0)
	}
	return r.FromPort <= f.port && f.port <= r.ToPort
}

func ruleFlow(r Rule) any {
	proto := protoName(r.Protocol)
	switch {
	case proto == "-1":
		return catalog.Msg("reach.flow.all")
	case proto == "icmp" && r.FromPort == -1:
		return catalog.Msg("reach.flow.allicmp")
	case proto == "icmp":
		return catalog.Msg("reach.flow.icmptype", r.FromPort)
	case r.FromPort == 0 && r.ToPort == 65535:
		return catalog.Msg("reach.flow.allproto", proto)
	case r.FromPort == r.ToPort:
		return fmt.Sprintf("%s %d", proto, r.FromPort)
	}
	return fmt.Sprintf("%s %d-%d", proto, r.FromPort, r.ToPort)
}

func (a analyzer) rulePeer(r Rule) any {
	switch {
	case r.PrefixList != "":
		return catalog.Msg("reach.peer.prefixlist", r.PrefixList)
	case r.Group != "":
		if g := a.group(r.Group); g != nil {
			return a.name(g.ID, g.Name)
		}
		return r.Group
	}
	return r.CIDR
}

// tableOf is the route table a subnet uses: its explicit association, else
// the VPC's main table. how says which, when it is the main one.
func (a analyzer) tableOf(subnetID string) (*RouteTable, catalog.Message) {
	var main *RouteTable
	for i := range a.s.RouteTables {
		rt := &a.s.RouteTables[i]
		if slices.Contains(rt.Subnets, subnetID) {
			return rt, catalog.Message{}
		}
		if rt.Main {
			main = rt
		}
	}
	sub := a.subnetName(subnetID)
	if main == nil {
		return nil, catalog.Msg("reach.tableless", sub)
	}
	return main, catalog.Msg("reach.how.main", sub)
}

// longest is the route a packet to dst takes: the most specific one whose
// destination holds all of dst.
func longest(routes []Route, dst netip.Prefix) *Route {
	var best *Route
	bestBits := -1
	for i := range routes {
		p, err := netip.ParsePrefix(routes[i].Destination)
		if err != nil || !p.Addr().Is4() {
			continue
		}
		if p.Bits() <= dst.Bits() && p.Masked().Contains(dst.Addr()) && p.Bits() > bestBits {
			best, bestBits = &routes[i], p.Bits()
		}
	}
	return best
}

// routeToIGW checks that a subnet sends traffic for dst (the internet, or
// my address) to an internet gateway attached to the VPC: for an inbound
// path that is the way the replies take.
func (a analyzer) routeToIGW(v *verdict, subnetID string, dst netip.Prefix, inbound bool) {
	rt, how := a.tableOf(subnetID)
	if rt == nil {
		v.say(false, how)
		return
	}
	name := a.name(rt.ID, rt.Name)
	dest := dst.String()
	if dst.Bits() == 32 {
		dest = dst.Addr().String()
	}
	r := longest(rt.Routes, dst)
	switch {
	case r == nil:
		v.add(false, "reach.noroute", name, how, dest)
		return
	case r.State == "blackhole":
		v.add(false, "reach.blackhole", name, how, r.Destination, a.targetName(r.Target))
		return
	}
	igw := a.igw(r.Target)
	switch {
	case igw == nil && inbound && a.nat(r.Target) != nil:
		v.add(false, "reach.igw.nat", name, how, r.Destination, a.targetName(r.Target))
	case igw == nil:
		v.add(false, "reach.igw.not", name, how, r.Destination, a.targetName(r.Target))
	case !igw.Attached:
		v.add(false, "reach.igw.detached", name, how, r.Destination, a.name(igw.ID, igw.Name))
	default:
		v.add(true, "reach.routes", name, how, r.Destination, a.name(igw.ID, igw.Name))
	}
}

// routeLocal checks that a subnet reaches dst inside the VPC by the local
// route (a more specific route could send it elsewhere).
func (a analyzer) routeLocal(v *verdict, subnetID string, dst netip.Addr) {
	rt, how := a.tableOf(subnetID)
	if rt == nil {
		v.say(false, how)
		return
	}
	name := a.name(rt.ID, rt.Name)
	r := longest(rt.Routes, netip.PrefixFrom(dst, 32))
	switch {
	case r == nil:
		v.add(false, "reach.noroute", name, how, dst.String())
	case r.Target != "local":
		v.add(false, "reach.local.other", name, how, dst.String(), a.targetName(r.Target))
	default:
		v.add(true, "reach.local.ok", name, how, r.Destination)
	}
}

func (a analyzer) group(id string) *Group {
	for i := range a.s.Groups {
		if a.s.Groups[i].ID == id {
			return &a.s.Groups[i]
		}
	}
	return nil
}

func (a analyzer) nat(id string) *NAT {
	for i := range a.s.NATs {
		if a.s.NATs[i].ID == id {
			return &a.s.NATs[i]
		}
	}
	return nil
}

func (a analyzer) igw(id string) *IGW {
	for i := range a.s.IGWs {
		if a.s.IGWs[i].ID == id {
			return &a.s.IGWs[i]
		}
	}
	return nil
}

func (a analyzer) subnetName(id string) any {
	for _, s := range a.s.Subnets {
		if s.ID == id {
			return a.name(s.ID, s.Name)
		}
	}
	if id == "" {
		return catalog.Msg("reach.subnet.unknown")
	}
	return catalog.Msg("reach.subnet.id", id)
}

func (a analyzer) targetName(id string) string {
	if n := a.nat(id); n != nil {
		return a.name(n.ID, n.Name)
	}
	if g := a.igw(id); g != nil {
		return a.name(g.ID, g.Name)
	}
	return id
}

func (analyzer) name(id, name string) string {
	if name != "" {
		return name
	}
	return id
}
