// Package diagram draws a stack of the mission as the course draws it before
// building anything: the classic AWS architecture picture (the region, the
// VPC, two zone columns, subnets, gateways, servers, route tables and the
// flows between them) beside a table of every name and IP. It has two
// renderers of one model: DrawIO writes a diagrams.net file with the
// mxgraph.aws4 shapes, Terminal draws the same picture in text for a terminal
// of 80 columns.
//
// The model, Topology, knows kinds of parts and their places, not the
// mission's roles: package steps builds it from a plan and, when the stack
// exists, a report of what AWS holds (steps.Topology). The package speaks no
// language of its own: the words it draws come from a Words table (English
// and Korean are given).
package diagram

import "github.com/infrawiz/infrawiz/internal/kind"

// Kind is a kind of resource; its String is the one of the summary table
// (package kind names them for every package).
type Kind = kind.Kind

// State is where a part stands, as the picture marks it.
type State int

// The states. Planned is a part of a stack that does not exist yet (the
// design drawn before building); the others describe a stack that exists.
const (
	Planned State = iota
	Ready
	Pending
	Stopped
	Missing
	// Broken is anything else that does not serve: a failed or deleting
	// NAT gateway, a route that is a black hole, rules that differ from
	// the plan. Part.Status says which.
	Broken
)

func (s State) String() string {
	switch s {
	case Planned:
		return "planned"
	case Ready:
		return "ready"
	case Pending:
		return "pending"
	case Stopped:
		return "stopped"
	case Missing:
		return "missing"
	case Broken:
		return "broken"
	}
	return "unknown"
}

// Tier is what a subnet is for.
type Tier int

// The tiers of the mission's subnets.
const (
	TierPublic Tier = iota
	TierInternal
	TierAdmin
)

// Server is what an instance is for.
type Server int

// The servers of the mission. ServerNone is a part that is not a server.
const (
	ServerNone Server = iota
	ServerWeb
	ServerDB
	ServerBastion
)

// The two ends of the flows that are not parts of the stack.
const (
	Internet = "internet"
	Me       = "me"
)

// Part is one resource of the stack.
type Part struct {
	// Key is the part's stable logical name (the infrawiz:role tag); the
	// shapes and edges of the picture are named after it.
	Key  string
	Kind Kind
	Name string
	// ID is AWS's id; empty while planned or missing.
	ID        string
	Zone      string
	CIDR      string
	PrivateIP string
	PublicIP  string
	State     State
	// Status is AWS's own word for the state ("pending", "stopped",
	// "blackhole"), shown where it says more than State.
	Status string

	Tier   Tier   // subnet
	Server Server // instance
	// In is the key of the subnet an instance or a NAT gateway is in.
	In string
	// EIP is the key of the Elastic IP of an instance or a NAT gateway.
	EIP string
	// Group is the key of an instance's security group.
	Group string
	// Serves are the keys of the subnets a route table serves.
	Serves []string
	// Route is the key of a route table's default route, if it has one.
	Route string
	// Target is the key of a route's target (a gateway).
	Target string
}

// Flow is one path the mission needs open.
type Flow struct {
	// ID names the flow as the connectivity check does ("web->db:3306").
	ID string
	// Path are the keys of the parts the flow passes, in order, with
	// Internet and Me for the ends outside the stack.
	Path []string
	// Protocol is "tcp", "icmp" or "all"; Port is a tcp port.
	Protocol string
	Port     int32
}

// Topology is what the diagram draws.
type Topology struct {
	Stack  string
	Region string
	// Zones are the zone columns, left to right.
	Zones []string
	// MyIP is the user's public IP, the "me" of the bastion rule.
	MyIP string
	// Parts are every resource, in plan order; the table lists them all.
	Parts []Part
	Flows []Flow
}

// Part returns the part with the given key.
func (t Topology) Part(key string) (Part, bool) {
	for _, p := range t.Parts {
		if p.Key == key {
			return p, true
		}
	}
	return Part{}, false
}

// Planned reports whether nothing of the stack exists yet: the picture is
// the design, drawn before building.
func (t Topology) Planned() bool {
	for _, p := range t.Parts {
		if p.State != Planned {
			return false
		}
	}
	return true
}

// of returns the parts of a kind, in order.
func (t Topology) of(k Kind) []Part {
	var out []Part
	for _, p := range t.Parts {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

// first returns the first part of a kind.
func (t Topology) first(k Kind) (Part, bool) {
	for _, p := range t.Parts {
		if p.Kind == k {
			return p, true
		}
	}
	return Part{}, false
}

// zoneIndex is the column of a zone: 0 for the first, 1 for the second; a
// zone the topology does not list goes to the first column.
func (t Topology) zoneIndex(zone string) int {
	for i, z := range t.Zones {
		if z == zone && i < 2 {
			return i
		}
	}
	return 0
}

// ZoneSuffix is the part of a zone name that goes into resource names ("2a"
// of ap-northeast-2a).
func ZoneSuffix(zone string) string {
	if len(zone) < 2 {
		return zone
	}
	return zone[len(zone)-2:]
}
