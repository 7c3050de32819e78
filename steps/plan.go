package steps

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
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

// In names the step in l: as the command line spells it in English
// ("security-groups"), by its screen's title in Korean.
func (s Step) In(l catalog.Lang) string { return catalog.T(l, "stepname."+s.String()) }

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
	SourceRole Role
	// Why is the rule's reason in English, also its description in AWS;
	// WhyMsg says it as a message of the catalogue.
	Why    string
	WhyMsg catalog.Message
}

// rule builds a RuleSpec whose reason is the catalogue's key.
func rule(proto string, port int32, cidr string, source Role, why string) RuleSpec {
	r := RuleSpec{Protocol: proto, FromPort: port, ToPort: port, CIDR: cidr, SourceRole: source, WhyMsg: catalog.Msg(why)}
	r.Why = r.WhyMsg.String()
	return r
}

// Resource is one thing the mission creates. Role is its stable logical name
// (the infrawiz:role tag); Name follows [prefix]-[element]-[role]-[az].
type Resource struct {
	Role Role
	Name string
	Kind aws.Kind
	Step Step
	AZ   string
	CIDR string
	Deps []Role
	// Detail says what the resource is, in English (a security group's
	// description in AWS too); DetailMsg says it as a message of the
	// catalogue, for the faces to say in the user's language.
	Detail    string
	DetailMsg catalog.Message

	SubnetRoles []Role     // route table: the subnets it serves
	TableRole   Role       // route: its table
	TargetRole  Role       // route: an internet or NAT gateway
	GroupRole   Role       // rules: their group; instance: its group
	Rules       []RuleSpec // rules
	Server      string     // instance: web, db or bastion
	SubnetRole  Role       // instance, NAT gateway
	EIPRole     Role       // instance, NAT gateway
}

// Plan is every resource of a stack, in creation order.
type Plan struct {
	Inputs    Inputs
	Zones     []string
	Resources []Resource
}

// Get returns the resource with the given role.
func (p Plan) Get(role Role) (Resource, bool) {
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
	return "", "", newFieldError("region", "", "region.zones", len(zones))
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

	add(Resource{Role: RoleKey, Name: KeyName(p), Kind: aws.KindKeyPair, Step: StepKey, DetailMsg: keyDetail(in)})
	add(Resource{Role: RoleVPC, Name: n("vpc"), Kind: aws.KindVPC, Step: StepVPC, CIDR: in.VPCCIDR, DetailMsg: catalog.Msg("detail.vpc")})
	subnets := []struct {
		key      string
		role     Role
		az, name string
	}{
		{"public-1", RoleSubnetPublic1, z1, n("subnet", "public", a)},
		{"public-2", RoleSubnetPublic2, z2, n("subnet", "public", c)},
		{"internal", RoleSubnetInternal, z1, n("subnet", "internal", a)},
		{"admin", RoleSubnetAdmin, z1, n("subnet", "admin", a)},
	}
	for _, s := range subnets {
		add(Resource{
			Role: s.role, Name: s.name, Kind: aws.KindSubnet, Step: StepSubnets, AZ: s.az, CIDR: cidrs[s.key],
			Deps: []Role{RoleVPC}, DetailMsg: catalog.Msg("detail.subnet", UsableHosts(cidrs[s.key])),
		})
	}
	add(Resource{Role: RoleIGW, Name: n("igw"), Kind: aws.KindInternetGateway, Step: StepGateways, Deps: []Role{RoleVPC}, DetailMsg: catalog.Msg("detail.igw", n("vpc"))})
	if !in.NoNAT {
		add(Resource{Role: RoleEIPNAT, Name: n("eip", "nat", a), Kind: aws.KindElasticIP, Step: StepGateways, DetailMsg: catalog.Msg("detail.eip.nat")})
		add(Resource{
			Role: RoleNAT, Name: n("nat", a), Kind: aws.KindNATGateway, Step: StepGateways, AZ: z1,
			Deps: []Role{RoleSubnetPublic1, RoleEIPNAT, RoleIGW}, SubnetRole: RoleSubnetPublic1, EIPRole: RoleEIPNAT,
			DetailMsg: catalog.Msg("detail.nat", n("subnet", "public", a)),
		})
	}
	tables := []struct {
		role, route, target Role
		name                string
		subnets             []Role
	}{
		{RoleRTPublic, RoleRoutePublic, RoleIGW, n("rt", "public"), []Role{RoleSubnetPublic1, RoleSubnetPublic2}},
		{RoleRTAdmin, RoleRouteAdmin, RoleIGW, n("rt", "admin"), []Role{RoleSubnetAdmin}},
		{RoleRTInternal, RoleRouteInternal, RoleNAT, n("rt", "internal"), []Role{RoleSubnetInternal}},
	}
	for _, t := range tables {
		names := make([]string, len(t.subnets))
		for i, s := range t.subnets {
			names[i] = nameOf(rs, s)
		}
		add(Resource{
			Role: t.role, Name: t.name, Kind: aws.KindRouteTable, Step: StepRoutes,
			Deps: append([]Role{RoleVPC}, t.subnets...), SubnetRoles: t.subnets, DetailMsg: catalog.Msg("detail.rt", strings.Join(names, ", ")),
		})
		if t.target == RoleNAT && in.NoNAT {
			continue
		}
		add(Resource{
			Role: t.route, Name: t.name + " " + aws.DefaultRoute, Kind: aws.KindRoute,
			Step: StepRoutes, CIDR: aws.DefaultRoute, Deps: []Role{t.role, t.target}, TableRole: t.role, TargetRole: t.target,
			DetailMsg: catalog.Msg("detail.route", aws.DefaultRoute, nameOf(rs, t.target)),
		})
	}
	groups := []struct {
		role, rules Role
		name        string
		specs       []RuleSpec
	}{
		{RoleSGPublic, RoleRulesPublic, "public", []RuleSpec{
			rule("tcp", 8080, "0.0.0.0/0", "", "sg.why.web"),
			rule("tcp", 22, "", RoleSGBastion, "sg.why.sshbast"),
			rule("icmp", -1, "", RoleSGBastion, "sg.why.pingbast"),
		}},
		{RoleSGInternal, RoleRulesInternal, "internal", []RuleSpec{
			rule("tcp", 3306, "", RoleSGPublic, "sg.why.mysql"),
			rule("tcp", 22, "", RoleSGBastion, "sg.why.sshbast"),
			rule("icmp", -1, "", RoleSGBastion, "sg.why.pingbast"),
		}},
		{RoleSGBastion, RoleRulesBastion, "bastion", []RuleSpec{
			rule("tcp", 22, myIP, "", "sg.why.sshmine"),
		}},
	}
	for _, g := range groups {
		add(Resource{
			Role: g.role, Name: n("sg", g.name), Kind: aws.KindSecurityGroup,
			Step: StepSecurityGroups, Deps: []Role{RoleVPC}, DetailMsg: catalog.Msg("detail." + string(g.role)),
		})
	}
	for _, g := range groups {
		deps := []Role{g.role}
		var details []catalog.Message
		for _, r := range g.specs {
			if r.SourceRole != "" && !slices.Contains(deps, r.SourceRole) {
				deps = append(deps, r.SourceRole)
			}
			details = append(details, describeRule(r, rs))
		}
		add(Resource{
			Role: g.rules, Name: n("sg", g.name) + " rules", Kind: aws.KindSGRules,
			Step: StepSecurityGroups, Deps: deps, GroupRole: g.role, Rules: g.specs, DetailMsg: catalog.Msg("detail.rules", catalog.Join("; ", details...)),
		})
	}
	servers := []struct {
		server, element          string
		role, subnet, group, eip Role
	}{
		{ServerWeb, "public", RoleWeb, RoleSubnetPublic1, RoleSGPublic, RoleEIPWeb},
		{ServerDB, "internal", RoleDB, RoleSubnetInternal, RoleSGInternal, ""},
		{ServerBastion, "bastion", RoleBastion, RoleSubnetAdmin, RoleSGBastion, RoleEIPBastion},
	}
	for _, s := range servers {
		if s.eip != "" {
			add(Resource{
				Role: s.eip, Name: n("eip", s.element, a), Kind: aws.KindElasticIP, Step: StepServers,
				DetailMsg: catalog.Msg("detail.eip.server", n("ec2", s.element, a)),
			})
		}
	}
	for _, s := range servers {
		deps := []Role{RoleKey, s.subnet, s.group}
		if s.eip != "" {
			// An Elastic IP can only be associated once the VPC has its
			// internet gateway.
			deps = append(deps, s.eip, RoleIGW)
		}
		add(Resource{
			Role: s.role, Name: n("ec2", s.element, a), Kind: aws.KindInstance, Step: StepServers, AZ: z1,
			Deps: deps, Server: s.server, SubnetRole: s.subnet, GroupRole: s.group, EIPRole: s.eip,
			DetailMsg: catalog.Msg("detail.server", catalog.Msg("detail.server."+s.server), in.InstanceType, in.DiskGB, nameOf(rs, s.subnet)),
		})
	}
	for i := range rs {
		rs[i].Detail = rs[i].DetailMsg.String()
	}
	return Plan{Inputs: in, Zones: zones, Resources: rs}, checkPlan(rs)
}

func keyDetail(in Inputs) catalog.Message {
	if in.PublicKey != "" {
		return catalog.Msg("detail.key.import", in.PublicKey)
	}
	return catalog.Msg("detail.key.new", "~/.ssh/"+KeyName(in.Prefix)+".pem")
}

func nameOf(rs []Resource, role Role) string {
	for _, r := range rs {
		if r.Role == role {
			return r.Name
		}
	}
	return string(role)
}

func describeRule(r RuleSpec, rs []Resource) catalog.Message {
	var port any = catalog.Msg("detail.rule.port", r.Protocol, r.FromPort)
	if r.Protocol == "icmp" {
		port = "icmp"
	}
	var src any = r.CIDR
	if r.SourceRole != "" {
		src = nameOf(rs, r.SourceRole)
	}
	if src == "" {
		src = catalog.Msg("detail.rule.myip")
	}
	return catalog.Msg("detail.rule", port, src)
}

// checkPlan guards the invariants the runner relies on: unique roles and
// dependencies that exist and come earlier.
func checkPlan(rs []Resource) error {
	seen := map[Role]bool{}
	for _, r := range rs {
		if seen[r.Role] {
			return errors.New("plan: duplicate role " + string(r.Role))
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
