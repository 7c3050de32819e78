package reach

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Network ACLs are stateless: a path crosses the ACL of every subnet
// boundary it passes twice, once with its request and once with the reply,
// and the reply goes to whatever port the client picked. Each crossing is a
// leg.
type leg struct {
	subnet string
	egress bool
	proto  string // tcp or icmp; "" for any traffic
	// lo and hi are the ports the packet may carry: one port for a
	// request, the client's ephemeral range for a reply; for icmp, the type.
	lo, hi int32
	peer   peer // the address on the other side of the boundary
	reply  bool
}

// Ephemeral port ranges replies go to.
const (
	linuxLo, linuxHi = 32768, 60999 // the mission's Ubuntu servers as clients
	anyLo, anyHi     = 1024, 65535  // a client we know nothing of, and a NAT gateway
)

const (
	echoRequest = 8
	echoReply   = 0
)

// request and reply legs of a flow that crosses out of one subnet's ACL
// (from) and into another's (to); either side may be "" (the internet).
func flowLegs(f flow, from, to string, fromPeer, toPeer peer, clientLo, clientHi int32) []leg {
	req := func(subnet string, egress bool, p peer) leg {
		l := leg{subnet: subnet, egress: egress, proto: f.proto, lo: f.port, hi: f.port, peer: p}
		if f.any {
			l.proto = ""
		}
		return l
	}
	rep := func(subnet string, egress bool, p peer) leg {
		l := leg{subnet: subnet, egress: egress, proto: f.proto, lo: clientLo, hi: clientHi, peer: p, reply: true}
		switch {
		case f.any:
			l.proto = ""
		case f.proto == "icmp":
			l.lo, l.hi = echoReply, echoReply
		}
		return l
	}
	var out []leg
	if from != "" {
		out = append(out, req(from, true, toPeer), rep(from, false, toPeer))
	}
	if to != "" {
		out = append(out, req(to, false, fromPeer), rep(to, true, fromPeer))
	}
	return out
}

// acls checks every leg against its subnet's network ACL. infrawiz manages
// no ACL, so the subnets normally keep the VPC's default one, which allows
// everything; when they were not read, that is assumed and said.
func (a analyzer) acls(v *verdict, legs []leg) {
	if a.s.NACLs == nil {
		v.add(true, "reach.nacl.unread")
		return
	}
	for _, l := range legs {
		acl := a.naclOf(l.subnet)
		if acl == nil {
			v.add(true, "reach.nacl.none", a.subnetName(l.subnet))
			continue
		}
		name := catalog.Msg("reach.nacl.name", a.name(acl.ID, acl.Name))
		ok, e, port := evalLeg(acl, l)
		what := legWhat(l, port, a.subnetName(l.subnet))
		switch {
		case ok && e != nil && protoName(e.Protocol) == "-1" && e.CIDR == "0.0.0.0/0":
			v.add(true, "reach.nacl.allowall", name, e.Number)
		case ok && e != nil:
			v.add(true, "reach.nacl.allows.rule", name, what, e.Number)
		case ok:
			v.add(true, "reach.nacl.allows", name, what)
		case e != nil:
			v.add(false, "reach.nacl.denies", name, what, e.Number)
		default:
			v.add(false, "reach.nacl.nodeny", name, what)
		}
	}
}

func legWhat(l leg, port int32, subnet any) catalog.Message {
	var f any
	switch {
	case l.proto == "":
		f = catalog.Msg("reach.flow.any")
	case l.proto == "icmp" && l.reply:
		f = catalog.Msg("reach.leg.pingreply")
	case l.proto == "icmp":
		f = catalog.Msg("reach.leg.ping")
	case l.reply:
		f = catalog.Msg("reach.leg.replies", l.proto, l.lo, l.hi, port)
	default:
		f = fmt.Sprintf("%s %d", l.proto, port)
	}
	if l.egress {
		return catalog.Msg("reach.leg.out", f, subnet, l.peer.label)
	}
	return catalog.Msg("reach.leg.in", f, subnet, l.peer.label)
}

// evalLeg decides a leg. For a path that must work, every port of the
// range must pass; for one that must stay closed, one passing port is
// enough. The first matching entry changes only at an entry's port bounds,
// so checking the range's start and every bound inside it covers it all.
// It returns the deciding entry (nil: the implicit deny, or no entry
// needed) and the port it was decided on.
func evalLeg(acl *NACL, l leg) (bool, *NACLEntry, int32) {
	ports := []int32{l.lo}
	if l.proto != "" && l.proto != "icmp" && l.lo < l.hi {
		for _, e := range acl.Entries {
			for _, b := range []int32{e.FromPort, e.ToPort + 1} {
				if b > l.lo && b <= l.hi && !slices.Contains(ports, b) {
					ports = append(ports, b)
				}
			}
		}
		slices.Sort(ports)
	}
	var last *NACLEntry
	for _, port := range ports {
		ok, e := evalPacket(acl, l.egress, l.proto, port, l.peer)
		switch {
		case l.peer.mode == matchAll && !ok:
			return false, e, port
		case l.peer.mode != matchAll && ok:
			return true, e, port
		}
		last = e
	}
	return l.peer.mode == matchAll, last, ports[0]
}

// evalPacket walks one direction's entries in number order, as AWS does.
// For a source that must pass whole, an entry that denies any part of it
// decides, and an allow decides once it covers all of it. For "any public
// address", the first allow that admits one decides: a deny in front of it
// that covers only part of what it admits is not subtracted, so a doubt
// leans towards "open", the failure of a path that must stay closed.
func evalPacket(acl *NACL, egress bool, proto string, port int32, p peer) (bool, *NACLEntry) {
	var dir []*NACLEntry
	for i := range acl.Entries {
		if acl.Entries[i].Egress == egress {
			dir = append(dir, &acl.Entries[i])
		}
	}
	sort.SliceStable(dir, func(i, j int) bool { return dir[i].Number < dir[j].Number })
	for _, e := range dir {
		if !entryTakes(e, proto, port) {
			continue
		}
		ep, err := netip.ParsePrefix(e.CIDR)
		if err != nil || !ep.Addr().Is4() {
			continue
		}
		ep = ep.Masked()
		if p.mode == matchAll {
			if !ep.Overlaps(p.prefix) {
				continue
			}
			if !e.Allow {
				return false, e
			}
			if ep.Bits() <= p.prefix.Bits() && ep.Contains(p.prefix.Addr()) {
				return true, e
			}
			continue
		}
		admits := hasPublic(ep) && (p.mode != matchOthers || ep.Bits() < 32 || ep.Addr() != p.me)
		if !admits {
			continue
		}
		if e.Allow {
			return true, e
		}
		if ep.Bits() == 0 {
			return false, e
		}
	}
	return false, nil
}

func entryTakes(e *NACLEntry, proto string, port int32) bool {
	ep := protoName(e.Protocol)
	switch {
	case ep == "-1", proto == "":
		return true
	case ep != proto:
		return false
	case ep == "icmp":
		return e.ICMPType == -1 || e.ICMPType == port
	}
	return e.FromPort <= port && port <= e.ToPort
}

func (a analyzer) naclOf(subnetID string) *NACL {
	var def *NACL
	for i := range a.s.NACLs {
		n := &a.s.NACLs[i]
		if slices.Contains(n.Subnets, subnetID) {
			return n
		}
		if n.Default {
			def = n
		}
	}
	return def
}
