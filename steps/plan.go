package steps

import (
	"errors"
	"fmt"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
)

// Step is one step of the mission, in the order the course takes them.
type Step int

// The steps. Check and summary come after apply and create nothing.
const (
	StepKey Step = iota
	StepVPC
	StepSubnets
	StepGateways
	StepRoutes
	StepSecurityGroups
	StepServers
)

// Steps lists every step that creates resources, in order.
var Steps = []Step{StepKey, StepVPC, StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers}

func (s Step) String() string {
	switch s {
	case StepKey:
		return "key"
	case StepVPC:
		return "vpc"
	case StepSubnets:
		return "subnets"
	case StepGateways:
		return "gateways"
	case StepRoutes:
		return "routes"
	case StepSecurityGroups:
		return "security-groups"
	case StepServers:
		return "servers"
	}
	return "unknown"
}

// Server roles: what each instance is for.
const (
	ServerWeb     = "web"
	ServerDB      = "db"
	ServerBastion = "bastion"
)

// RuleSpec is an ingress rule whose source is a CIDR or another group of the
// plan (by role), resolved to an id when the rules are applied.
type RuleSpec struct {
	Protocol   string
	FromPort   int32
	ToPort     int32
	CIDR       string
	SourceRole string
	Why        string
}

// Resource is one thing the mission creates. Role is its stable logical name
// (the infrawiz:role tag); Name follows [prefix]-[element]-[role]-[az].
type Resource struct {
	Role   string
	Name   string
	Kind   aws.Kind
	Step   Step
	AZ     string
	CIDR   string
	Deps   []string
	Detail string

	SubnetRoles []string   // route table: the subnets it serves
	TableRole   string     // route: its table
	TargetRole  string     // route: an internet or NAT gateway
	GroupRole   string     // rules: their group
	Rules       []RuleSpec // rules
	Server      string     // instance: web, db or bastion
	SubnetRole  string     // instance, NAT gateway
	EIPRole     string     // instance, NAT gateway
}

// Plan is every resource of a stack, in creation order.
type Plan struct {
	Inputs    Inputs
	Zones     []string
	Resources []Resource
}

// Get returns the resource with the given role.
func (p Plan) Get(role string) (Resource, bool) {
	for _, r := range p.Resources {
		if r.Role == role {
			return r, true
		}
	}
	return Resource{}, false
}

// ZoneSuffix is the part of a zone name that goes into resource names: its
// last two characters ("2a" of ap-northeast-2a).
func ZoneSuffix(zone string) string {
	if len(zone) < 2 {
		return zone
	}
	return zone[len(zone)-2:]
}

// PickZones returns the zones of the mission: everything in the first zone,
// the second public subnet in the third zone where there is one (a and c, as
// the course does), else the second.
func PickZones(zones []string) (first, second string, err error) {
	switch {
	case len(zones) >= 3:
		return zones[0], zones[2], nil
	case len(zones) == 2:
		return zones[0], zones[1], nil
	}
	return "", "", newFieldError("region", "", "region.zones", "a region with at least two availability zones (it has %d)", len(zones))
}

// KeyName is the EC2 key pair's name, and the .pem file's base name.
func KeyName(prefix string) string { return "key-" + prefix }

// BuildPlan derives every resource from validated inputs and the region's
// zones. It is pure: the same inputs always give the same plan.
func BuildPlan(in Inputs, zones []string) (Plan, error) {
	if err := in.Validate(); err != nil {
		return Plan{}, err
	}
	z1, z2, err := PickZones(zones)
	if err != nil {
		return Plan{}, err
	}
	cidrs, err := SubnetCIDRs(in)
	if err != nil {
		return Plan{}, err
	}
	a, c := ZoneSuffix(z1), ZoneSuffix(z2)
	p := in.Prefix
	n := func(parts ...string) string { return p + "-" + strings.Join(parts, "-") }
	myIP := in.MyIP
	if myIP != "" {
		if ip, err := NormalizeIP(myIP, in.Sandbox); err == nil {
			myIP = ip
		}
	}
	var rs []Resource
	add := func(r Resource) { rs = append(rs, r) }

	add(Resource{Role: "key", Name: KeyName(p), Kind: aws.KindKeyPair, Step: StepKey, Detail: keyDetail(in)})
	add(Resource{Role: "vpc", Name: n("vpc"), Kind: aws.KindVPC, Step: StepVPC, CIDR: in.VPCCIDR, Detail: "DNS hostnames on"})
	subnets := []struct{ key, role, az, name string }{
		{"public-1", "subnet-public-1", z1, n("subnet", "public", a)},
		{"public-2", "subnet-public-2", z2, n("subnet", "public", c)},
		{"internal", "subnet-internal", z1, n("subnet", "internal", a)},
		{"admin", "subnet-admin", z1, n("subnet", "admin", a)},
	}
	for _, s := range subnets {
		add(Resource{
			Role: s.role, Name: s.name, Kind: aws.KindSubnet, Step: StepSubnets, AZ: s.az, CIDR: cidrs[s.key],
			Deps: []string{"vpc"}, Detail: fmt.Sprintf("%d usable hosts", UsableHosts(cidrs[s.key])),
		})
	}
	add(Resource{Role: "igw", Name: n("igw"), Kind: aws.KindInternetGateway, Step: StepGateways, Deps: []string{"vpc"}, Detail: "attached to " + n("vpc")})
	if !in.NoNAT {
		add(Resource{Role: "eip-nat", Name: n("eip", "nat", a), Kind: aws.KindElasticIP, Step: StepGateways, Detail: "for the NAT gateway"})
		add(Resource{
			Role: "nat", Name: n("nat", a), Kind: aws.KindNATGateway, Step: StepGateways, AZ: z1,
			Deps: []string{"subnet-public-1", "eip-nat", "igw"}, SubnetRole: "subnet-public-1", EIPRole: "eip-nat",
			Detail: "in " + n("subnet", "public", a),
		})
	}
	tables := []struct {
		role, name, target string
		subnets            []string
	}{
		{"rt-public", n("rt", "public"), "igw", []string{"subnet-public-1", "subnet-public-2"}},
		{"rt-admin", n("rt", "admin"), "igw", []string{"subnet-admin"}},
		{"rt-internal", n("rt", "internal"), "nat", []string{"subnet-internal"}},
	}
	for _, t := range tables {
		names := make([]string, len(t.subnets))
		for i, s := range t.subnets {
			names[i] = nameOf(rs, s)
		}
		add(Resource{
			Role: t.role, Name: t.name, Kind: aws.KindRouteTable, Step: StepRoutes,
			Deps: append([]string{"vpc"}, t.subnets...), SubnetRoles: t.subnets, Detail: "serves " + strings.Join(names, ", "),
		})
		if t.target == "nat" && in.NoNAT {
			continue
		}
		add(Resource{
			Role: "route-" + strings.TrimPrefix(t.role, "rt-"), Name: t.name + " " + aws.DefaultRoute, Kind: aws.KindRoute,
			Step: StepRoutes, CIDR: aws.DefaultRoute, Deps: []string{t.role, t.target}, TableRole: t.role, TargetRole: t.target,
			Detail: aws.DefaultRoute + " -> " + nameOf(rs, t.target),
		})
	}
	groups := []struct {
		role, why string
		rules     []RuleSpec
	}{
		{"sg-public", "web servers: 8080 from anywhere, SSH and ping from the bastion", []RuleSpec{
			{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0", Why: "web service"},
			{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceRole: "sg-bastion", Why: "SSH from the bastion"},
			{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceRole: "sg-bastion", Why: "ping from the bastion"},
		}},
		{"sg-internal", "database: 3306 from the web servers, SSH and ping from the bastion", []RuleSpec{
			{Protocol: "tcp", FromPort: 3306, ToPort: 3306, SourceRole: "sg-public", Why: "MySQL from the web servers"},
			{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceRole: "sg-bastion", Why: "SSH from the bastion"},
			{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceRole: "sg-bastion", Why: "ping from the bastion"},
		}},
		{"sg-bastion", "bastion: SSH from your own IP only", []RuleSpec{
			{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: myIP, Why: "SSH from your IP"},
		}},
	}
	for _, g := range groups {
		add(Resource{
			Role: g.role, Name: n("sg", strings.TrimPrefix(g.role, "sg-")), Kind: aws.KindSecurityGroup,
			Step: StepSecurityGroups, Deps: []string{"vpc"}, Detail: g.why,
		})
	}
	for _, g := range groups {
		deps := []string{g.role}
		var details []string
		for _, r := range g.rules {
			if r.SourceRole != "" && !contains(deps, r.SourceRole) {
				deps = append(deps, r.SourceRole)
			}
			details = append(details, describeRule(r, rs))
		}
		add(Resource{
			Role: g.role + "-rules", Name: n("sg", strings.TrimPrefix(g.role, "sg-")) + " rules", Kind: aws.KindSGRules,
			Step: StepSecurityGroups, Deps: deps, GroupRole: g.role, Rules: g.rules, Detail: strings.Join(details, "; "),
		})
	}
	servers := []struct {
		server, role, element, subnet, group, eip string
	}{
		{ServerWeb, "ec2-public", "public", "subnet-public-1", "sg-public", "eip-public"},
		{ServerDB, "ec2-internal", "internal", "subnet-internal", "sg-internal", ""},
		{ServerBastion, "ec2-bastion", "bastion", "subnet-admin", "sg-bastion", "eip-bastion"},
	}
	for _, s := range servers {
		if s.eip != "" {
			add(Resource{
				Role: s.eip, Name: n("eip", s.element, a), Kind: aws.KindElasticIP, Step: StepServers,
				Detail: "public IP of " + n("ec2", s.element, a),
			})
		}
	}
	for _, s := range servers {
		deps := []string{"key", s.subnet, s.group}
		if s.eip != "" {
			// An Elastic IP can only be associated once the VPC has its
			// internet gateway.
			deps = append(deps, s.eip, "igw")
		}
		add(Resource{
			Role: s.role, Name: n("ec2", s.element, a), Kind: aws.KindInstance, Step: StepServers, AZ: z1,
			Deps: deps, Server: s.server, SubnetRole: s.subnet, EIPRole: s.eip,
			Detail: fmt.Sprintf("%s, %s, %d GB gp3 encrypted, IMDSv2, in %s", s.server, in.InstanceType, in.DiskGB, nameOf(rs, s.subnet)),
		})
	}
	return Plan{Inputs: in, Zones: zones, Resources: rs}, checkPlan(rs)
}

func keyDetail(in Inputs) string {
	if in.PublicKey != "" {
		return "imports " + in.PublicKey
	}
	return "ed25519, private key in ~/.ssh/" + KeyName(in.Prefix) + ".pem (0400)"
}

func nameOf(rs []Resource, role string) string {
	for _, r := range rs {
		if r.Role == role {
			return r.Name
		}
	}
	return role
}

func describeRule(r RuleSpec, rs []Resource) string {
	port := fmt.Sprintf("%s %d", r.Protocol, r.FromPort)
	if r.Protocol == "icmp" {
		port = "icmp"
	}
	src := r.CIDR
	if r.SourceRole != "" {
		src = nameOf(rs, r.SourceRole)
	}
	if src == "" {
		src = "(your IP, detected at apply)"
	}
	return port + " from " + src
}

// checkPlan guards the invariants the runner relies on: unique roles and
// dependencies that exist and come earlier.
func checkPlan(rs []Resource) error {
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.Role] {
			return errors.New("plan: duplicate role " + r.Role)
		}
		for _, d := range r.Deps {
			if !seen[d] {
				return fmt.Errorf("plan: %s depends on %s, which is not planned before it", r.Role, d)
			}
		}
		seen[r.Role] = true
	}
	return nil
}
