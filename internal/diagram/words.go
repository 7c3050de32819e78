package diagram

import (
	"fmt"
	"github.com/infrawiz/infrawiz/internal/kind"
	"strings"
)

// Words are the words a diagram draws. The renderers take them as an
// argument, so the caller's language decides: steps.DiagramWords fills
// them from the catalogue.
type Words struct {
	Stack       string // "Stack %s · %s": the stack's prefix and region
	Plan        string // added to the title while nothing exists yet
	Region      string
	Internet    string
	Me          string
	Public      string
	Internal    string
	Admin       string
	Web         string
	DB          string
	Bastion     string
	NAT         string
	IGW         string
	EIP         string
	Private     string // "private 192.168.11.10"
	PublicIP    string // "public 3.35.1.2"
	RouteTables string
	NoRoute     string // a route table without a default route
	Flows       string
	Outbound    string // the protocol "all", as a flow label
	Serves      string // "serves public-2a, public-2c"
	// States, as marked on a part that is not ready (and Ready, for the
	// legend); a broken part shows AWS's word, Broken is the legend's.
	Ready, Planned, Pending, Stopped, Missing, Broken string
	// Columns of the table of names and IPs.
	Columns []string
}

// title is the line that names the stack.
func (w Words) title(t Topology) string {
	s := fmt.Sprintf(w.Stack, t.Stack, t.Region)
	if t.Planned() {
		s += " · " + w.Plan
	}
	return s
}

// tier is a subnet tier's word.
func (w Words) tier(t Tier) string {
	switch t {
	case TierPublic:
		return w.Public
	case TierInternal:
		return w.Internal
	case TierAdmin:
		return w.Admin
	}
	return ""
}

// server is a server's word.
func (w Words) server(s Server) string {
	switch s {
	case ServerWeb:
		return w.Web
	case ServerDB:
		return w.DB
	case ServerBastion:
		return w.Bastion
	case ServerNone:
	}
	return ""
}

// state is the word a part that is not ready is marked with; "" for a
// ready part. A broken part shows AWS's own word.
func (w Words) state(p Part) string {
	switch p.State {
	case Ready:
		return ""
	case Planned:
		return w.Planned
	case Pending:
		return w.Pending
	case Stopped:
		return w.Stopped
	case Missing:
		return w.Missing
	case Broken:
		if p.Status != "" {
			return p.Status
		}
	}
	return p.State.String()
}

// ip is an address as the picture shows it: the address, the word for
// planned while the part is, or "" when it has none.
func (w Words) ip(p Part, ip string) string {
	if ip != "" {
		return ip
	}
	if p.State == Planned {
		return w.Planned
	}
	return ""
}

// ports is a flow's label: "tcp 8080", "icmp", or the word for outbound.
func (w Words) ports(f Flow) string {
	switch f.Protocol {
	case "all", "":
		return w.Outbound
	case "tcp", "udp":
		if f.Port > 0 {
			return fmt.Sprintf("%s %d", f.Protocol, f.Port)
		}
	}
	return f.Protocol
}

// end is the word for a flow's end: a part's name or Internet or me.
func (w Words) end(t Topology, key string) string {
	switch key {
	case Internet:
		return w.Internet
	case Me:
		return w.Me
	}
	if p, ok := t.Part(key); ok {
		if p.Kind == kind.Instance {
			return w.server(p.Server)
		}
		if p.Kind == kind.NATGateway {
			return w.NAT
		}
		if p.Kind == kind.InternetGateway {
			return w.IGW
		}
		return p.Name
	}
	return key
}

// subnetShort is a subnet as a route table's label names it: its tier and
// zone ("public-2a").
func (w Words) subnetShort(t Topology, key string) string {
	p, ok := t.Part(key)
	if !ok {
		return key
	}
	return w.tier(p.Tier) + "-" + ZoneSuffix(p.Zone)
}

// routeText is a route table's default route, "0.0.0.0/0 → mhson-igw", or
// the words for none.
func (w Words) routeText(t Topology, rt Part) string {
	if rt.Route == "" {
		return w.NoRoute
	}
	r, ok := t.Part(rt.Route)
	if !ok {
		return w.NoRoute
	}
	target := r.Target
	if tp, ok := t.Part(r.Target); ok {
		target = tp.Name
	}
	dest := r.CIDR
	if dest == "" {
		dest = "0.0.0.0/0"
	}
	return dest + " → " + target
}

// serves lists a route table's subnets by their short names.
func (w Words) serves(t Topology, rt Part) string {
	names := make([]string, 0, len(rt.Serves))
	for _, s := range rt.Serves {
		names = append(names, w.subnetShort(t, s))
	}
	return strings.Join(names, ", ")
}
