package steps

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/aws"
)

var unitSeoulZones = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}

// unitMissionInputs are the course's inputs: prefix mhson in Seoul, defaults for
// everything else, and a public IP for the bastion rule.
func unitMissionInputs() Inputs {
	return Inputs{Prefix: "mhson", Region: "ap-northeast-2", MyIP: "203.0.113.7"}.WithDefaults()
}

func unitPlan(t *testing.T, in Inputs, zones []string) Plan {
	t.Helper()
	p, err := BuildPlan(in, zones)
	if err != nil {
		t.Fatalf("BuildPlan(%+v, %v): %v", in, zones, err)
	}
	return p
}

type unitPlanRow struct {
	Role Role
	Name string
	Kind aws.Kind
	Step Step
	AZ   string
	CIDR string
	Deps []Role
}

func unitRows(p Plan) []unitPlanRow {
	out := make([]unitPlanRow, len(p.Resources))
	for i, r := range p.Resources {
		out[i] = unitPlanRow{Role: r.Role, Name: r.Name, Kind: r.Kind, Step: r.Step, AZ: r.AZ, CIDR: r.CIDR, Deps: r.Deps}
	}
	return out
}

func unitDeps(d ...Role) []Role { return d }

// TestBuildPlanMission is the spec of the mission's plan with the course's
// inputs: every resource, in creation order, with its name, kind, zone,
// CIDR and dependencies.
func TestBuildPlanMission(t *testing.T) {
	const a, c = "ap-northeast-2a", "ap-northeast-2c"
	want := []unitPlanRow{
		{"key", "key-mhson", aws.KindKeyPair, StepKey, "", "", nil},
		{"vpc", "mhson-vpc", aws.KindVPC, StepVPC, "", "192.168.11.0/24", nil},
		{"subnet-public-1", "mhson-subnet-public-2a", aws.KindSubnet, StepSubnets, a, "192.168.11.0/26", unitDeps("vpc")},
		{"subnet-public-2", "mhson-subnet-public-2c", aws.KindSubnet, StepSubnets, c, "192.168.11.64/26", unitDeps("vpc")},
		{"subnet-internal", "mhson-subnet-internal-2a", aws.KindSubnet, StepSubnets, a, "192.168.11.128/27", unitDeps("vpc")},
		{"subnet-admin", "mhson-subnet-admin-2a", aws.KindSubnet, StepSubnets, a, "192.168.11.160/27", unitDeps("vpc")},
		{"igw", "mhson-igw", aws.KindInternetGateway, StepGateways, "", "", unitDeps("vpc")},
		{"eip-nat", "mhson-eip-nat-2a", aws.KindElasticIP, StepGateways, "", "", nil},
		{"nat", "mhson-nat-2a", aws.KindNATGateway, StepGateways, a, "", unitDeps("subnet-public-1", "eip-nat", "igw")},
		{"rt-public", "mhson-rt-public", aws.KindRouteTable, StepRoutes, "", "", unitDeps("vpc", "subnet-public-1", "subnet-public-2")},
		{"route-public", "mhson-rt-public 0.0.0.0/0", aws.KindRoute, StepRoutes, "", "0.0.0.0/0", unitDeps("rt-public", "igw")},
		{"rt-admin", "mhson-rt-admin", aws.KindRouteTable, StepRoutes, "", "", unitDeps("vpc", "subnet-admin")},
		{"route-admin", "mhson-rt-admin 0.0.0.0/0", aws.KindRoute, StepRoutes, "", "0.0.0.0/0", unitDeps("rt-admin", "igw")},
		{"rt-internal", "mhson-rt-internal", aws.KindRouteTable, StepRoutes, "", "", unitDeps("vpc", "subnet-internal")},
		{"route-internal", "mhson-rt-internal 0.0.0.0/0", aws.KindRoute, StepRoutes, "", "0.0.0.0/0", unitDeps("rt-internal", "nat")},
		{"sg-public", "mhson-sg-public", aws.KindSecurityGroup, StepSecurityGroups, "", "", unitDeps("vpc")},
		{"sg-internal", "mhson-sg-internal", aws.KindSecurityGroup, StepSecurityGroups, "", "", unitDeps("vpc")},
		{"sg-bastion", "mhson-sg-bastion", aws.KindSecurityGroup, StepSecurityGroups, "", "", unitDeps("vpc")},
		{"sg-public-rules", "mhson-sg-public rules", aws.KindSGRules, StepSecurityGroups, "", "", unitDeps("sg-public", "sg-bastion")},
		{"sg-internal-rules", "mhson-sg-internal rules", aws.KindSGRules, StepSecurityGroups, "", "", unitDeps("sg-internal", "sg-public", "sg-bastion")},
		{"sg-bastion-rules", "mhson-sg-bastion rules", aws.KindSGRules, StepSecurityGroups, "", "", unitDeps("sg-bastion")},
		{"eip-public", "mhson-eip-public-2a", aws.KindElasticIP, StepServers, "", "", nil},
		{"eip-bastion", "mhson-eip-bastion-2a", aws.KindElasticIP, StepServers, "", "", nil},
		{"ec2-public", "mhson-ec2-public-2a", aws.KindInstance, StepServers, a, "", unitDeps("key", "subnet-public-1", "sg-public", "eip-public", "igw")},
		{"ec2-internal", "mhson-ec2-internal-2a", aws.KindInstance, StepServers, a, "", unitDeps("key", "subnet-internal", "sg-internal")},
		{"ec2-bastion", "mhson-ec2-bastion-2a", aws.KindInstance, StepServers, a, "", unitDeps("key", "subnet-admin", "sg-bastion", "eip-bastion", "igw")},
	}
	p := unitPlan(t, unitMissionInputs(), unitSeoulZones)
	got := unitRows(p)
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			t.Errorf("resource %d: missing, want %+v", i, want[i])
		case i >= len(want):
			t.Errorf("resource %d: unexpected %+v", i, got[i])
		case !reflect.DeepEqual(got[i], want[i]):
			t.Errorf("resource %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if !reflect.DeepEqual(p.Zones, unitSeoulZones) {
		t.Errorf("Zones = %v, want %v", p.Zones, unitSeoulZones)
	}
	if p.Inputs.Prefix != "mhson" {
		t.Errorf("Inputs.Prefix = %q", p.Inputs.Prefix)
	}
}

// TestBuildPlanWiring checks the links the runner follows: route tables to
// their subnets, routes to their targets, servers to subnet, group and EIP.
func TestBuildPlanWiring(t *testing.T) {
	p := unitPlan(t, unitMissionInputs(), unitSeoulZones)
	get := func(role Role) Resource {
		t.Helper()
		r, ok := p.Get(role)
		if !ok {
			t.Fatalf("no resource with role %q", role)
		}
		return r
	}
	tables := []struct {
		role    Role
		subnets []Role
	}{
		{"rt-public", []Role{"subnet-public-1", "subnet-public-2"}},
		{"rt-admin", []Role{"subnet-admin"}},
		{"rt-internal", []Role{"subnet-internal"}},
	}
	for _, tc := range tables {
		if got := get(tc.role).SubnetRoles; !reflect.DeepEqual(got, tc.subnets) {
			t.Errorf("%s serves %v, want %v", tc.role, got, tc.subnets)
		}
	}
	routes := []struct{ role, table, target Role }{
		{"route-public", "rt-public", "igw"},
		{"route-admin", "rt-admin", "igw"},
		{"route-internal", "rt-internal", "nat"},
	}
	for _, tc := range routes {
		r := get(tc.role)
		if r.TableRole != tc.table || r.TargetRole != tc.target || r.CIDR != "0.0.0.0/0" {
			t.Errorf("%s: table %q target %q cidr %q, want %q -> %q for 0.0.0.0/0", tc.role, r.TableRole, r.TargetRole, r.CIDR, tc.table, tc.target)
		}
	}
	servers := []struct {
		role               Role
		server             string
		subnet, group, eip Role
	}{
		{"ec2-public", ServerWeb, "subnet-public-1", "sg-public", "eip-public"},
		{"ec2-internal", ServerDB, "subnet-internal", "sg-internal", ""},
		{"ec2-bastion", ServerBastion, "subnet-admin", "sg-bastion", "eip-bastion"},
	}
	for _, tc := range servers {
		r := get(tc.role)
		if r.Server != tc.server || r.SubnetRole != tc.subnet || r.EIPRole != tc.eip || !slices.Contains(r.Deps, tc.group) {
			t.Errorf("%s: server %q subnet %q eip %q deps %v; want %q in %q with %q and group %q",
				tc.role, r.Server, r.SubnetRole, r.EIPRole, r.Deps, tc.server, tc.subnet, tc.eip, tc.group)
		}
	}
	nat := get("nat")
	if nat.SubnetRole != "subnet-public-1" || nat.EIPRole != "eip-nat" {
		t.Errorf("nat: subnet %q eip %q, want subnet-public-1 and eip-nat", nat.SubnetRole, nat.EIPRole)
	}
	for _, g := range []Role{"sg-public", "sg-internal", "sg-bastion"} {
		if r := get(g + "-rules"); r.GroupRole != g {
			t.Errorf("%s-rules: GroupRole %q", g, r.GroupRole)
		}
	}
}

// TestBuildPlanRules is the mission's firewall, exactly.
func TestBuildPlanRules(t *testing.T) {
	type rule struct {
		proto    string
		from, to int32
		cidr     string
		src      Role
	}
	want := map[Role][]rule{
		"sg-public": {
			{"tcp", 8080, 8080, "0.0.0.0/0", ""},
			{"tcp", 22, 22, "", "sg-bastion"},
			{"icmp", -1, -1, "", "sg-bastion"},
		},
		"sg-internal": {
			{"tcp", 3306, 3306, "", "sg-public"},
			{"tcp", 22, 22, "", "sg-bastion"},
			{"icmp", -1, -1, "", "sg-bastion"},
		},
		"sg-bastion": {
			{"tcp", 22, 22, "203.0.113.7/32", ""},
		},
	}
	for _, myIP := range []string{"203.0.113.7", "203.0.113.7/32"} {
		in := unitMissionInputs()
		in.MyIP = myIP
		p := unitPlan(t, in, unitSeoulZones)
		for group, rules := range want {
			r, ok := p.Get(group + "-rules")
			if !ok {
				t.Fatalf("no %s-rules", group)
			}
			var got []rule
			for _, s := range r.Rules {
				got = append(got, rule{s.Protocol, s.FromPort, s.ToPort, s.CIDR, s.SourceRole})
			}
			if !reflect.DeepEqual(got, rules) {
				t.Errorf("my-ip %s: %s rules\n got %+v\nwant %+v", myIP, group, got, rules)
			}
		}
	}
}

// TestBuildPlanNothingWide: no rule anywhere opens SSH (or anything but the
// web port) to the world, and every rule names exactly one source.
func TestBuildPlanNothingWide(t *testing.T) {
	for _, in := range []Inputs{unitMissionInputs(), {Prefix: "mhson"}, {Prefix: "sb", MyIP: "127.0.0.1", Sandbox: true}} {
		in = in.WithDefaults()
		p := unitPlan(t, in, unitSeoulZones)
		n := 0
		for _, r := range p.Resources {
			if r.Kind != aws.KindSGRules {
				if len(r.Rules) > 0 {
					t.Errorf("%s (%s) carries rules", r.Role, r.Kind)
				}
				continue
			}
			for _, s := range r.Rules {
				n++
				if (s.CIDR == "") == (s.SourceRole == "") && !(r.Role == "sg-bastion-rules" && in.MyIP == "") {
					t.Errorf("%s: rule %+v must have exactly one of CIDR and SourceRole", r.Role, s)
				}
				if strings.HasSuffix(s.CIDR, "/0") && !(s.Protocol == "tcp" && s.FromPort == 8080 && s.ToPort == 8080 && r.GroupRole == "sg-public") {
					t.Errorf("%s: rule %+v is open to the world", r.Role, s)
				}
				if s.Protocol == "tcp" && s.FromPort <= 22 && s.ToPort >= 22 && s.CIDR != "" && !strings.HasSuffix(s.CIDR, "/32") {
					t.Errorf("%s: SSH rule %+v is wider than one host", r.Role, s)
				}
			}
		}
		if n != 7 {
			t.Errorf("prefix %s: %d rules in all, want 7", in.Prefix, n)
		}
	}
}

func TestBuildPlanSandboxBastionRule(t *testing.T) {
	in := Inputs{Prefix: "sb", MyIP: "127.0.0.1", Sandbox: true}.WithDefaults()
	p := unitPlan(t, in, unitSeoulZones)
	r, _ := p.Get("sg-bastion-rules")
	if len(r.Rules) != 1 || r.Rules[0].CIDR != "127.0.0.1/32" {
		t.Errorf("sandbox bastion rules = %+v, want 22 from 127.0.0.1/32", r.Rules)
	}
}

func TestBuildPlanNoNAT(t *testing.T) {
	in := unitMissionInputs()
	in.NoNAT = true
	p := unitPlan(t, in, unitSeoulZones)
	for _, role := range []Role{"nat", "eip-nat", "route-internal"} {
		if r, ok := p.Get(role); ok {
			t.Errorf("--no-nat plans %s (%s)", role, r.Name)
		}
	}
	for _, r := range p.Resources {
		if r.Kind == aws.KindNATGateway || r.TargetRole == "nat" || slices.Contains(r.Deps, "nat") {
			t.Errorf("--no-nat: %s still refers to a NAT gateway", r.Role)
		}
	}
	// Everything else is still there: the internal table, just without a route.
	for _, role := range []Role{"rt-internal", "route-public", "route-admin", "igw", "subnet-internal", "ec2-internal"} {
		if _, ok := p.Get(role); !ok {
			t.Errorf("--no-nat dropped %s", role)
		}
	}
	full := unitPlan(t, unitMissionInputs(), unitSeoulZones)
	if got, want := len(p.Resources), len(full.Resources)-3; got != want {
		t.Errorf("--no-nat: %d resources, want %d", got, want)
	}
}

func TestBuildPlanZones(t *testing.T) {
	tests := []struct {
		name                  string
		region                string
		zones                 []string
		pub1, pub2            string // names
		zone1, zone2          string
		internal, bastionName string
	}{
		{
			"seoul four zones", "ap-northeast-2", unitSeoulZones,
			"mhson-subnet-public-2a", "mhson-subnet-public-2c", "ap-northeast-2a", "ap-northeast-2c",
			"mhson-subnet-internal-2a", "mhson-ec2-bastion-2a",
		},
		{
			"three zones", "ap-northeast-2",
			[]string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"},
			"mhson-subnet-public-2a", "mhson-subnet-public-2c", "ap-northeast-2a", "ap-northeast-2c",
			"mhson-subnet-internal-2a", "mhson-ec2-bastion-2a",
		},
		{
			"two zones", "ap-northeast-2",
			[]string{"ap-northeast-2a", "ap-northeast-2b"},
			"mhson-subnet-public-2a", "mhson-subnet-public-2b", "ap-northeast-2a", "ap-northeast-2b",
			"mhson-subnet-internal-2a", "mhson-ec2-bastion-2a",
		},
		{
			"us-east-1", "us-east-1",
			[]string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			"mhson-subnet-public-1a", "mhson-subnet-public-1c", "us-east-1a", "us-east-1c",
			"mhson-subnet-internal-1a", "mhson-ec2-bastion-1a",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := unitMissionInputs()
			in.Region = tc.region
			p := unitPlan(t, in, tc.zones)
			pub1, _ := p.Get("subnet-public-1")
			pub2, _ := p.Get("subnet-public-2")
			internal, _ := p.Get("subnet-internal")
			bastion, _ := p.Get("ec2-bastion")
			if pub1.Name != tc.pub1 || pub1.AZ != tc.zone1 {
				t.Errorf("public-1 = %s in %s, want %s in %s", pub1.Name, pub1.AZ, tc.pub1, tc.zone1)
			}
			if pub2.Name != tc.pub2 || pub2.AZ != tc.zone2 {
				t.Errorf("public-2 = %s in %s, want %s in %s", pub2.Name, pub2.AZ, tc.pub2, tc.zone2)
			}
			if internal.Name != tc.internal || internal.AZ != tc.zone1 {
				t.Errorf("internal = %s in %s, want %s in %s", internal.Name, internal.AZ, tc.internal, tc.zone1)
			}
			if bastion.Name != tc.bastionName || bastion.AZ != tc.zone1 {
				t.Errorf("bastion = %s in %s, want %s in %s", bastion.Name, bastion.AZ, tc.bastionName, tc.zone1)
			}
			// Every zoned name ends with the suffix of the zone it is in.
			for _, r := range p.Resources {
				if r.AZ != "" && !strings.HasSuffix(r.Name, "-"+ZoneSuffix(r.AZ)) {
					t.Errorf("%s is in %s but named %s", r.Role, r.AZ, r.Name)
				}
			}
		})
	}
}

func TestBuildPlanTooFewZones(t *testing.T) {
	for _, zones := range [][]string{nil, {}, {"ap-northeast-2a"}} {
		_, err := BuildPlan(unitMissionInputs(), zones)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "region" {
			t.Errorf("zones %v: err = %v, want a FieldError on region", zones, err)
			continue
		}
		if !strings.Contains(fe.Allowed, "two") || !IsInput(err) {
			t.Errorf("zones %v: %v should say at least two zones are needed and be an input error", zones, err)
		}
	}
}

func TestBuildPlanRejectsInvalidInputs(t *testing.T) {
	in := unitMissionInputs()
	in.Prefix = "Bad_Name"
	if _, err := BuildPlan(in, unitSeoulZones); !IsInput(err) || !strings.Contains(err.Error(), "prefix") {
		t.Errorf("BuildPlan with a bad prefix: err = %v, want an input error on prefix", err)
	}
}

func TestPickZones(t *testing.T) {
	tests := []struct {
		zones         []string
		first, second string
		err           bool
	}{
		{unitSeoulZones, "ap-northeast-2a", "ap-northeast-2c", false},
		{[]string{"x-1a", "x-1b", "x-1c"}, "x-1a", "x-1c", false},
		{[]string{"x-1a", "x-1b"}, "x-1a", "x-1b", false},
		{[]string{"x-1a"}, "", "", true},
		{nil, "", "", true},
	}
	for _, tc := range tests {
		f, s, err := PickZones(tc.zones)
		if f != tc.first || s != tc.second || (err != nil) != tc.err {
			t.Errorf("PickZones(%v) = %q, %q, %v; want %q, %q, error %v", tc.zones, f, s, err, tc.first, tc.second, tc.err)
		}
	}
}

func TestZoneSuffixAndKeyName(t *testing.T) {
	for zone, want := range map[string]string{"ap-northeast-2a": "2a", "us-east-1c": "1c", "eu-west-3b": "3b", "a": "a", "": ""} {
		if got := ZoneSuffix(zone); got != want {
			t.Errorf("ZoneSuffix(%q) = %q, want %q", zone, got, want)
		}
	}
	if got := KeyName("mhson"); got != "key-mhson" {
		t.Errorf("KeyName = %q", got)
	}
}

// TestBuildPlanDepsComeFirst: the runner starts a resource only after its
// dependencies, so each must be planned earlier, and roles must be unique.
func TestBuildPlanDepsComeFirst(t *testing.T) {
	variants := map[string]Inputs{"mission": unitMissionInputs(), "no-nat": func() Inputs { in := unitMissionInputs(); in.NoNAT = true; return in }()}
	for name, in := range variants {
		p := unitPlan(t, in, unitSeoulZones)
		seen := map[Role]bool{}
		for _, r := range p.Resources {
			if seen[r.Role] {
				t.Errorf("%s: duplicate role %s", name, r.Role)
			}
			for _, d := range r.Deps {
				if !seen[d] {
					t.Errorf("%s: %s depends on %s, which is not planned before it", name, r.Role, d)
				}
			}
			for _, ref := range []Role{r.TableRole, r.TargetRole, r.GroupRole, r.SubnetRole, r.EIPRole} {
				if ref != "" && !seen[ref] {
					t.Errorf("%s: %s refers to %s, which is not planned before it", name, r.Role, ref)
				}
			}
			for _, s := range r.SubnetRoles {
				if !seen[s] {
					t.Errorf("%s: %s serves %s, which is not planned before it", name, r.Role, s)
				}
			}
			for _, rule := range r.Rules {
				if rule.SourceRole != "" && !slices.Contains(r.Deps, rule.SourceRole) {
					t.Errorf("%s: %s has a rule from %s but does not depend on it", name, r.Role, rule.SourceRole)
				}
			}
			seen[r.Role] = true
		}
		// Steps never go backwards.
		for i := 1; i < len(p.Resources); i++ {
			if p.Resources[i].Step < p.Resources[i-1].Step {
				t.Errorf("%s: %s (step %s) comes after %s (step %s)", name, p.Resources[i].Role, p.Resources[i].Step, p.Resources[i-1].Role, p.Resources[i-1].Step)
			}
		}
	}
}

func TestBuildPlanDeterministic(t *testing.T) {
	in := unitMissionInputs()
	in.Subnets = map[string]string{"internal": "192.168.11.192/27", "admin": "192.168.11.224/27"}
	p1 := unitPlan(t, in, unitSeoulZones)
	for i := 0; i < 20; i++ {
		p2 := unitPlan(t, in, unitSeoulZones)
		if !reflect.DeepEqual(p1, p2) {
			t.Fatalf("two plans from the same inputs differ:\n%+v\n%+v", p1.Resources, p2.Resources)
		}
	}
}

// TestBuildPlanLongestPrefix: the longest prefix Validate allows keeps every
// derived name within 63 characters.
func TestBuildPlanLongestPrefix(t *testing.T) {
	in := unitMissionInputs()
	in.Prefix = "a" + strings.Repeat("b", MaxPrefixLen-1)
	for _, zones := range [][]string{unitSeoulZones, {"us-east-1a", "us-east-1b", "us-east-1c"}} {
		p := unitPlan(t, in, zones)
		for _, r := range p.Resources {
			if r.Kind == aws.KindRoute || r.Kind == aws.KindSGRules {
				continue // not AWS objects; their Name is a label
			}
			if len(r.Name) > 63 {
				t.Errorf("%s: name %q is %d characters", r.Role, r.Name, len(r.Name))
			}
		}
	}
}

func TestStepString(t *testing.T) {
	want := []string{"key", "vpc", "subnets", "gateways", "routes", "security-groups", "servers"}
	if len(Steps) != len(want) {
		t.Fatalf("Steps = %v", Steps)
	}
	for i, s := range Steps {
		if s.String() != want[i] {
			t.Errorf("step %d = %q, want %q", i, s, want[i])
		}
	}
	if Step(99).String() != "unknown" {
		t.Errorf("Step(99) = %q", Step(99))
	}
}

func TestSubnetCIDRsLayout(t *testing.T) {
	tests := []struct {
		vpc  string
		want map[string]string
	}{
		{"192.168.11.0/24", map[string]string{
			"public-1": "192.168.11.0/26", "public-2": "192.168.11.64/26",
			"internal": "192.168.11.128/27", "admin": "192.168.11.160/27",
		}},
		{"10.0.0.0/16", map[string]string{
			"public-1": "10.0.0.0/18", "public-2": "10.0.64.0/18",
			"internal": "10.0.128.0/19", "admin": "10.0.160.0/19",
		}},
		{"172.16.4.0/22", map[string]string{
			"public-1": "172.16.4.0/24", "public-2": "172.16.5.0/24",
			"internal": "172.16.6.0/25", "admin": "172.16.6.128/25",
		}},
		{"192.168.11.0/25", map[string]string{
			"public-1": "192.168.11.0/27", "public-2": "192.168.11.32/27",
			"internal": "192.168.11.64/28", "admin": "192.168.11.80/28",
		}},
		{"192.168.11.128/25", map[string]string{
			"public-1": "192.168.11.128/27", "public-2": "192.168.11.160/27",
			"internal": "192.168.11.192/28", "admin": "192.168.11.208/28",
		}},
	}
	for _, tc := range tests {
		in := Inputs{VPCCIDR: tc.vpc}
		got, err := SubnetCIDRs(in)
		if err != nil {
			t.Errorf("SubnetCIDRs(%s): %v", tc.vpc, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SubnetCIDRs(%s)\n got %v\nwant %v", tc.vpc, got, tc.want)
		}
		// The whole inputs validate too, and the plan uses exactly these blocks.
		full := Inputs{Prefix: "mhson", VPCCIDR: tc.vpc}.WithDefaults()
		if err := full.Validate(); err != nil {
			t.Errorf("Validate with vpc-cidr %s: %v", tc.vpc, err)
			continue
		}
		p := unitPlan(t, full, unitSeoulZones)
		for key, block := range tc.want {
			r, _ := p.Get(Role("subnet-" + key))
			if r.CIDR != block {
				t.Errorf("vpc %s: plan puts subnet-%s at %q, want %s", tc.vpc, key, r.CIDR, block)
			}
		}
	}
}

func TestSubnetCIDRsTooSmallVPC(t *testing.T) {
	for _, vpc := range []string{"192.168.11.0/26", "192.168.11.0/27", "192.168.11.0/28"} {
		_, err := SubnetCIDRs(Inputs{VPCCIDR: vpc})
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "vpc-cidr" || !strings.Contains(fe.Allowed, "/25") {
			t.Errorf("SubnetCIDRs(%s): err = %v, want a vpc-cidr FieldError mentioning /25", vpc, err)
		}
		err = Inputs{Prefix: "mhson", VPCCIDR: vpc}.WithDefaults().Validate()
		if f := unitFieldErrors(err); len(f) != 1 || f[0].Field != "vpc-cidr" {
			t.Errorf("Validate with vpc-cidr %s: %v, want exactly one error, on vpc-cidr", vpc, err)
		}
	}
}

// A /26 VPC is fine when every subnet is given explicitly.
func TestSubnetCIDRsSmallVPCWithOverrides(t *testing.T) {
	in := Inputs{VPCCIDR: "192.168.11.0/26", Subnets: map[string]string{
		"public-1": "192.168.11.0/28", "public-2": "192.168.11.16/28", "internal": "192.168.11.32/28", "admin": "192.168.11.48/28",
	}}
	got, err := SubnetCIDRs(in)
	if err != nil {
		t.Fatalf("SubnetCIDRs: %v", err)
	}
	if !reflect.DeepEqual(got, in.Subnets) {
		t.Errorf("got %v, want the overrides %v", got, in.Subnets)
	}
}

func TestSubnetCIDRsOverrides(t *testing.T) {
	tests := []struct {
		name    string
		subnets map[string]string
		field   string // "" = valid
		allowed string // a fragment of Allowed
		want    map[string]string
	}{
		{
			name: "move internal and admin", subnets: map[string]string{"internal": "192.168.11.192/27", "admin": "192.168.11.224/27"},
			want: map[string]string{"public-1": "192.168.11.0/26", "public-2": "192.168.11.64/26", "internal": "192.168.11.192/27", "admin": "192.168.11.224/27"},
		},
		{
			name: "smaller internal", subnets: map[string]string{"internal": "192.168.11.128/28"},
			want: map[string]string{"public-1": "192.168.11.0/26", "public-2": "192.168.11.64/26", "internal": "192.168.11.128/28", "admin": "192.168.11.160/27"},
		},
		{
			name: "outside the vpc", subnets: map[string]string{"internal": "10.0.0.0/27"},
			field: "subnets.internal", allowed: "inside the VPC 192.168.11.0/24",
		},
		{
			name: "partly outside the vpc", subnets: map[string]string{"admin": "192.168.10.0/23"},
			field: "subnets.admin", allowed: "inside the VPC",
		},
		{
			name: "overlapping public-1", subnets: map[string]string{"internal": "192.168.11.32/27"},
			field: "subnets.internal", allowed: "not overlap subnets.public-1",
		},
		{
			name: "overlapping each other", subnets: map[string]string{"internal": "192.168.11.192/27", "admin": "192.168.11.192/28"},
			field: "subnets.admin", allowed: "not overlap subnets.internal",
		},
		{
			name: "too small", subnets: map[string]string{"internal": "192.168.11.128/29"},
			field: "subnets.internal", allowed: "/28",
		},
		{
			name: "host bits", subnets: map[string]string{"public-2": "192.168.11.65/26"},
			field: "subnets.public-2", allowed: "192.168.11.64/26",
		},
		{
			name: "not a cidr", subnets: map[string]string{"public-1": "192.168.11.0"},
			field: "subnets.public-1", allowed: "IPv4 CIDR",
		},
		{
			name: "empty", subnets: map[string]string{"admin": ""},
			field: "subnets.admin", allowed: "IPv4 CIDR",
		},
		{
			name: "ipv6", subnets: map[string]string{"admin": "fd00::/64"},
			field: "subnets.admin", allowed: "IPv4 CIDR",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Inputs{Prefix: "mhson", Subnets: tc.subnets}.WithDefaults()
			got, err := SubnetCIDRs(in)
			verr := in.Validate()
			if tc.field == "" {
				if err != nil || verr != nil {
					t.Fatalf("SubnetCIDRs: %v; Validate: %v", err, verr)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %v\nwant %v", got, tc.want)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("SubnetCIDRs: err = %v, want a FieldError on %s", err, tc.field)
			}
			if !strings.Contains(fe.Allowed, tc.allowed) {
				t.Errorf("Allowed = %q, want it to mention %q", fe.Allowed, tc.allowed)
			}
			fs := unitFieldErrors(verr)
			if len(fs) != 1 || fs[0].Field != tc.field {
				t.Errorf("Validate: %v, want exactly one error, on %s", verr, tc.field)
			}
			if _, err := BuildPlan(in, unitSeoulZones); !IsInput(err) {
				t.Errorf("BuildPlan: err = %v, want an input error", err)
			}
		})
	}
}

func TestUsableHosts(t *testing.T) {
	for block, want := range map[string]int{
		"192.168.11.0/24":  251,
		"192.168.11.0/26":  59,
		"192.168.11.64/27": 27,
		"10.0.0.0/28":      11,
		"10.0.0.0/16":      65531,
		"garbage":          0,
	} {
		if got := UsableHosts(block); got != want {
			t.Errorf("UsableHosts(%s) = %d, want %d", block, got, want)
		}
	}
	p := unitPlan(t, unitMissionInputs(), unitSeoulZones)
	for role, want := range map[string]string{"subnet-public-1": "59 usable hosts", "subnet-internal": "27 usable hosts"} {
		if r, _ := p.Get(Role(role)); r.Detail != want {
			t.Errorf("%s detail = %q, want %q", role, r.Detail, want)
		}
	}
}

// unitFieldErrors unpacks what Validate returns.
func unitFieldErrors(err error) []*FieldError {
	var v ValidationError
	if errors.As(err, &v) {
		return v
	}
	var f *FieldError
	if errors.As(err, &f) {
		return []*FieldError{f}
	}
	return nil
}
