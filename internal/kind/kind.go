// Package kind names the kinds of resource the mission makes, once: the
// AWS layer that makes them and the picture that draws them both speak of
// them, and neither should need the other to.
package kind

// Kind is a kind of resource infrawiz makes. Its String is the name the
// summary table, the plan and the JSON outputs give it.
type Kind int

// The kinds, in the order the mission creates them. Route and SGRules have
// no AWS object of their own: they live inside a route table and a group.
const (
	KeyPair Kind = iota
	VPC
	Subnet
	InternetGateway
	ElasticIP
	NATGateway
	RouteTable
	Route
	SecurityGroup
	SGRules
	Instance
)

var names = [...]string{
	KeyPair:         "key-pair",
	VPC:             "vpc",
	Subnet:          "subnet",
	InternetGateway: "internet-gateway",
	ElasticIP:       "elastic-ip",
	NATGateway:      "nat-gateway",
	RouteTable:      "route-table",
	Route:           "route",
	SecurityGroup:   "security-group",
	SGRules:         "sg-rules",
	Instance:        "instance",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(names) {
		return "unknown"
	}
	return names[k]
}

// All are the kinds, in the order the mission creates them.
func All() []Kind {
	out := make([]Kind, len(names))
	for i := range names {
		out[i] = Kind(i)
	}
	return out
}

// Parse is the kind of that name (false: none is).
func Parse(name string) (Kind, bool) {
	for k, n := range names {
		if n == name {
			return Kind(k), true
		}
	}
	return 0, false
}
