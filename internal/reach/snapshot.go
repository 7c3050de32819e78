package reach

// Snapshot is what Analyze reads: plain values, so the analysis runs the
// same on a fresh describe and on a hand-built test case. Names are the
// Name tags; where an object has none (a VPC's main route table, its default
// group), its id stands in.
type Snapshot struct {
	VPCCIDR string
	// MyIP is the user's current public IPv4 address: the one source the
	// bastion must admit.
	MyIP string

	// The mission's servers. A zero ID means the server was not found.
	Web, DB, Bastion Instance

	Subnets     []Subnet
	RouteTables []RouteTable
	Groups      []Group
	NATs        []NAT
	IGWs        []IGW
	// NACLs are the VPC's network ACLs; nil means they were not read, and
	// the default ACL (allow all) is assumed and said so.
	NACLs []NACL
}

// Instance is one server as the network sees it.
type Instance struct {
	ID        string
	Name      string
	State     string // running, stopped, ...
	SubnetID  string
	PrivateIP string
	PublicIP  string
	// PublicIPName names the Elastic IP behind PublicIP, if any.
	PublicIPName string
	// Groups are the security groups of the instance's network interfaces.
	Groups []string
}

// Subnet is a subnet of the VPC.
type Subnet struct {
	ID   string
	Name string
	CIDR string
}

// RouteTable is a route table of the VPC with its explicit associations.
type RouteTable struct {
	ID      string
	Name    string
	Main    bool
	Subnets []string
	Routes  []Route
}

// Route is one route of a table.
type Route struct {
	Destination string // an IPv4 CIDR
	// Target is "local" or the id of the gateway, NAT gateway, interface or
	// peering the route sends to.
	Target string
	State  string // active or blackhole
}

// Group is a security group. Rule sources (ingress) and destinations
// (egress) are a CIDR, a group id or a prefix list id.
type Group struct {
	ID      string
	Name    string
	Ingress []Rule
	Egress  []Rule
}

// Rule is one permission of a security group: one protocol, one port range
// and one peer.
type Rule struct {
	// Protocol is "tcp", "udp", "icmp" or "-1" (all); numbers are accepted.
	Protocol string
	// FromPort and ToPort are the port range; for icmp, the type and the
	// code (-1: all).
	FromPort, ToPort int32
	CIDR             string
	Group            string
	PrefixList       string
}

// NAT is a NAT gateway.
type NAT struct {
	ID        string
	Name      string
	State     string // available, pending, failed, ...
	SubnetID  string
	PublicIP  string
	PrivateIP string
}

// IGW is an internet gateway; Attached says whether it is attached to the
// snapshot's VPC.
type IGW struct {
	ID       string
	Name     string
	Attached bool
}

// NACL is a network ACL of the VPC.
type NACL struct {
	ID      string
	Name    string
	Default bool
	Subnets []string
	Entries []NACLEntry
}

// NACLEntry is one numbered entry of a network ACL.
type NACLEntry struct {
	Number   int32
	Egress   bool
	Protocol string // as in a Rule
	// FromPort and ToPort bound a tcp or udp entry; ICMPType is an icmp
	// entry's type (-1: all).
	FromPort, ToPort int32
	ICMPType         int32
	CIDR             string
	Allow            bool
}
