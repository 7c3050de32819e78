package reach

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

const me = "203.0.113.7"

var everywhere = Rule{Protocol: "-1", FromPort: -1, ToPort: -1, CIDR: "0.0.0.0/0"}

// mission is the snapshot of a stack built as the mission says.
func mission() Snapshot {
	local := Route{Destination: "192.168.11.0/24", Target: "local", State: "active"}
	toIGW := Route{Destination: "0.0.0.0/0", Target: "igw-1", State: "active"}
	return Snapshot{
		VPCCIDR: "192.168.11.0/24",
		MyIP:    me,
		Web: Instance{
			ID: "i-web", Name: "mhson-ec2-public-2a", State: "running", SubnetID: "subnet-pub1",
			PrivateIP: "192.168.11.10", PublicIP: "3.3.3.3", PublicIPName: "mhson-eip-public-2a", Groups: []string{"sg-pub"},
		},
		DB: Instance{
			ID: "i-db", Name: "mhson-ec2-internal-2a", State: "running", SubnetID: "subnet-int",
			PrivateIP: "192.168.11.140", Groups: []string{"sg-int"},
		},
		Bastion: Instance{
			ID: "i-bas", Name: "mhson-ec2-bastion-2a", State: "running", SubnetID: "subnet-adm",
			PrivateIP: "192.168.11.170", PublicIP: "3.3.3.4", PublicIPName: "mhson-eip-bastion-2a", Groups: []string{"sg-bas"},
		},
		Subnets: []Subnet{
			{ID: "subnet-pub1", Name: "mhson-subnet-public-2a", CIDR: "192.168.11.0/26"},
			{ID: "subnet-pub2", Name: "mhson-subnet-public-2c", CIDR: "192.168.11.64/26"},
			{ID: "subnet-int", Name: "mhson-subnet-internal-2a", CIDR: "192.168.11.128/27"},
			{ID: "subnet-adm", Name: "mhson-subnet-admin-2a", CIDR: "192.168.11.160/27"},
		},
		RouteTables: []RouteTable{
			{ID: "rtb-main", Main: true, Routes: []Route{local}},
			{ID: "rtb-pub", Name: "mhson-rt-public", Subnets: []string{"subnet-pub1", "subnet-pub2"}, Routes: []Route{local, toIGW}},
			{ID: "rtb-adm", Name: "mhson-rt-admin", Subnets: []string{"subnet-adm"}, Routes: []Route{local, toIGW}},
			{ID: "rtb-int", Name: "mhson-rt-internal", Subnets: []string{"subnet-int"}, Routes: []Route{local, {Destination: "0.0.0.0/0", Target: "nat-1", State: "active"}}},
		},
		Groups: []Group{
			{ID: "sg-pub", Name: "mhson-sg-public", Egress: []Rule{everywhere}, Ingress: []Rule{
				{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0"},
				{Protocol: "tcp", FromPort: 22, ToPort: 22, Group: "sg-bas"},
				{Protocol: "icmp", FromPort: -1, ToPort: -1, Group: "sg-bas"},
			}},
			{ID: "sg-int", Name: "mhson-sg-internal", Egress: []Rule{everywhere}, Ingress: []Rule{
				{Protocol: "tcp", FromPort: 3306, ToPort: 3306, Group: "sg-pub"},
				{Protocol: "tcp", FromPort: 22, ToPort: 22, Group: "sg-bas"},
				{Protocol: "icmp", FromPort: -1, ToPort: -1, Group: "sg-bas"},
			}},
			{ID: "sg-bas", Name: "mhson-sg-bastion", Egress: []Rule{everywhere}, Ingress: []Rule{
				{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: me + "/32"},
			}},
		},
		NATs: []NAT{{ID: "nat-1", Name: "mhson-nat-2a", State: "available", SubnetID: "subnet-pub1", PublicIP: "3.3.3.9", PrivateIP: "192.168.11.5"}},
		IGWs: []IGW{{ID: "igw-1", Name: "mhson-igw", Attached: true}},
		NACLs: []NACL{{ID: "acl-1", Default: true, Subnets: []string{"subnet-pub1", "subnet-pub2", "subnet-int", "subnet-adm"}, Entries: []NACLEntry{
			{Number: 100, Protocol: "-1", CIDR: "0.0.0.0/0", Allow: true},
			{Number: 32767, Protocol: "-1", CIDR: "0.0.0.0/0"},
			{Number: 100, Egress: true, Protocol: "-1", CIDR: "0.0.0.0/0", Allow: true},
			{Number: 32767, Egress: true, Protocol: "-1", CIDR: "0.0.0.0/0"},
		}}},
	}
}

func (s *Snapshot) group(id string) *Group {
	for i := range s.Groups {
		if s.Groups[i].ID == id {
			return &s.Groups[i]
		}
	}
	panic("no group " + id)
}

func (s *Snapshot) table(id string) *RouteTable {
	for i := range s.RouteTables {
		if s.RouteTables[i].ID == id {
			return &s.RouteTables[i]
		}
	}
	panic("no table " + id)
}

func path(t *testing.T, paths []Path, id string) Path {
	t.Helper()
	p, ok := Find(paths, id)
	if !ok {
		t.Fatalf("no path %s in %v", id, paths)
	}
	return p
}

func TestAnalyze_MissionAsPlanned(t *testing.T) {
	paths := Analyze(mission())
	ids := []string{
		InternetToWeb8080, MeToBastion22, BastionToWeb22, BastionToDB22, BastionToWebICMP, BastionToDBICMP,
		WebToDB3306, DBToInternet, InternetToDB, InternetToWeb22, OthersToBastion22,
	}
	if len(paths) != len(ids) {
		t.Fatalf("got %d paths, want %d", len(paths), len(ids))
	}
	for _, id := range ids {
		p := path(t, paths, id)
		if !p.OK() {
			t.Errorf("%s: want open=%v, got open: %s", id, p.Want, p.Because)
		}
	}
	for id, want := range map[string][]string{
		InternetToWeb8080: {
			"mhson-sg-public allows tcp 8080 from 0.0.0.0/0", "mhson-ec2-public-2a has public IP 3.3.3.3 (mhson-eip-public-2a)",
			"mhson-rt-public routes 0.0.0.0/0 to mhson-igw", "network ACL acl-1 allows all traffic",
		},
		MeToBastion22:     {"mhson-sg-bastion allows tcp 22 from 203.0.113.7/32", "mhson-rt-admin routes 0.0.0.0/0 to mhson-igw"},
		BastionToWeb22:    {"mhson-sg-bastion allows out all traffic to 0.0.0.0/0", "mhson-sg-public allows tcp 22 from mhson-sg-bastion, which mhson-ec2-bastion-2a is in", "mhson-rt-admin routes 192.168.11.0/24 locally"},
		BastionToDBICMP:   {"mhson-sg-internal allows all icmp from mhson-sg-bastion"},
		WebToDB3306:       {"mhson-sg-internal allows tcp 3306 from mhson-sg-public, which mhson-ec2-public-2a is in"},
		DBToInternet:      {"mhson-sg-internal allows out all traffic to 0.0.0.0/0", "mhson-rt-internal routes 0.0.0.0/0 to mhson-nat-2a", "mhson-nat-2a has public IP 3.3.3.9", "mhson-rt-public routes 0.0.0.0/0 to mhson-igw"},
		InternetToDB:      {"no rule of mhson-sg-internal allows any traffic from the internet", "mhson-ec2-internal-2a has no public IP", "mhson-rt-internal routes 0.0.0.0/0 to mhson-nat-2a, a NAT gateway, which carries connections out but none in"},
		InternetToWeb22:   {"no rule of mhson-sg-public allows tcp 22 from the internet", "mhson-sg-public allows tcp 22 from mhson-sg-bastion only"},
		OthersToBastion22: {"no rule of mhson-sg-bastion allows tcp 22 from addresses other than 203.0.113.7"},
	} {
		because := path(t, paths, id).Because
		for _, w := range want {
			if !strings.Contains(because, w) {
				t.Errorf("%s: because %q\nlacks %q", id, because, w)
			}
		}
	}
	// A must-be-closed path is explained by what closes it, never by what
	// would open it.
	if b := path(t, paths, InternetToWeb22).Because; strings.Contains(b, "has public IP") {
		t.Errorf("internet->web:22 names an opening condition: %s", b)
	}
}

// TestAnalyze_Breaks breaks the mission one way at a time and checks that
// the right path changes, explained by the right rule or route.
func TestAnalyze_Breaks(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *Snapshot)
		id     string
		open   bool
		why    []string
	}{
		{
			"ingress 8080 missing", func(s *Snapshot) { s.group("sg-pub").Ingress = s.group("sg-pub").Ingress[1:] },
			InternetToWeb8080, false,
			[]string{"no rule of mhson-sg-public allows tcp 8080 from 0.0.0.0/0"},
		},
		{
			"8080 from part of the internet only", func(s *Snapshot) { s.group("sg-pub").Ingress[0].CIDR = "198.51.100.0/24" },
			InternetToWeb8080, false,
			[]string{"mhson-sg-public allows tcp 8080 from 198.51.100.0/24 only"},
		},
		{
			"port range not covering", func(s *Snapshot) { r := &s.group("sg-pub").Ingress[0]; r.FromPort, r.ToPort = 8000, 8079 },
			InternetToWeb8080, false,
			[]string{"mhson-sg-public allows tcp 8000-8079 from 0.0.0.0/0, which does not cover tcp 8080"},
		},
		{
			"port range covering", func(s *Snapshot) { r := &s.group("sg-pub").Ingress[0]; r.FromPort, r.ToPort = 8000, 9000 },
			InternetToWeb8080, true,
			[]string{"mhson-sg-public allows tcp 8000-9000 from 0.0.0.0/0"},
		},
		{
			"protocol as a number", func(s *Snapshot) { s.group("sg-pub").Ingress[0].Protocol = "6" },
			InternetToWeb8080, true,
			[]string{"mhson-sg-public allows tcp 8080 from 0.0.0.0/0"},
		},
		{
			"wrong source group", func(s *Snapshot) { s.group("sg-int").Ingress[0].Group = "sg-bas" },
			WebToDB3306, false,
			[]string{"mhson-sg-internal allows tcp 3306 from mhson-sg-bastion only", "(192.168.11.10, in mhson-sg-public)"},
		},
		{
			"bastion rule from the wrong /32", func(s *Snapshot) { s.group("sg-bas").Ingress[0].CIDR = "198.51.100.9/32" },
			MeToBastion22, false,
			[]string{"mhson-sg-bastion allows tcp 22 from 198.51.100.9/32 only"},
		},
		{
			"bastion rule from the wrong /32 lets another in", func(s *Snapshot) { s.group("sg-bas").Ingress[0].CIDR = "198.51.100.9/32" },
			OthersToBastion22, true,
			[]string{"mhson-sg-bastion allows tcp 22 from 198.51.100.9/32"},
		},
		{
			"bastion rule widened to a /24", func(s *Snapshot) { s.group("sg-bas").Ingress[0].CIDR = "203.0.113.0/24" },
			OthersToBastion22, true,
			[]string{"mhson-sg-bastion allows tcp 22 from 203.0.113.0/24"},
		},
		{
			"bastion rule widened still admits me", func(s *Snapshot) { s.group("sg-bas").Ingress[0].CIDR = "203.0.113.0/24" },
			MeToBastion22, true,
			[]string{"mhson-sg-bastion allows tcp 22 from 203.0.113.0/24"},
		},
		{
			"bastion open to the world", func(s *Snapshot) { s.group("sg-bas").Ingress[0].CIDR = "0.0.0.0/0" },
			OthersToBastion22, true,
			[]string{"mhson-sg-bastion allows tcp 22 from 0.0.0.0/0", "mhson-rt-admin routes 0.0.0.0/0 to mhson-igw"},
		},
		{
			"no EIP on web", func(s *Snapshot) { s.Web.PublicIP, s.Web.PublicIPName = "", "" },
			InternetToWeb8080, false,
			[]string{"mhson-ec2-public-2a has no public IP"},
		},
		{
			"no EIP on bastion", func(s *Snapshot) { s.Bastion.PublicIP = "" },
			MeToBastion22, false,
			[]string{"mhson-ec2-bastion-2a has no public IP"},
		},
		{"web subnet on the wrong table", func(s *Snapshot) {
			s.table("rtb-pub").Subnets = []string{"subnet-pub2"}
			s.table("rtb-int").Subnets = append(s.table("rtb-int").Subnets, "subnet-pub1")
		}, InternetToWeb8080, false, []string{"mhson-rt-internal routes 0.0.0.0/0 to mhson-nat-2a, a NAT gateway, which carries connections out but none in"}},
		{"NAT subnet on the wrong table", func(s *Snapshot) {
			s.table("rtb-pub").Subnets = []string{"subnet-pub2"}
			s.table("rtb-int").Subnets = append(s.table("rtb-int").Subnets, "subnet-pub1")
		}, DBToInternet, false, []string{"mhson-rt-internal routes 0.0.0.0/0 to mhson-nat-2a, not to an internet gateway"}},
		{
			"admin subnet falls back to the main table", func(s *Snapshot) { s.table("rtb-adm").Subnets = nil },
			MeToBastion22, false,
			[]string{"rtb-main (the VPC's main table, which mhson-subnet-admin-2a uses for want of its own) has no route to 203.0.113.7"},
		},
		{"a more specific route diverts my address", func(s *Snapshot) {
			t := s.table("rtb-adm")
			t.Routes = append(t.Routes, Route{Destination: me + "/32", Target: "eni-9", State: "active"})
		}, MeToBastion22, false, []string{"mhson-rt-admin routes 203.0.113.7/32 to eni-9, not to an internet gateway"}},
		{"a more specific route diverts the internal subnet", func(s *Snapshot) {
			t := s.table("rtb-adm")
			t.Routes = append(t.Routes, Route{Destination: "192.168.11.128/27", Target: "pcx-1", State: "active"})
		}, BastionToDB22, false, []string{"mhson-rt-admin sends 192.168.11.140 to pcx-1 instead of the VPC's local route"}},
		{
			"internet gateway detached", func(s *Snapshot) { s.IGWs[0].Attached = false },
			InternetToWeb8080, false,
			[]string{"mhson-rt-public routes 0.0.0.0/0 to mhson-igw, which is not attached to the VPC"},
		},
		{
			"NAT route missing", func(s *Snapshot) { s.table("rtb-int").Routes = s.table("rtb-int").Routes[:1] },
			DBToInternet, false,
			[]string{"mhson-rt-internal has no route to 0.0.0.0/0"},
		},
		{
			"NAT route blackhole", func(s *Snapshot) { s.table("rtb-int").Routes[1].State = "blackhole"; s.NATs = nil },
			DBToInternet, false,
			[]string{"mhson-rt-internal routes 0.0.0.0/0 to nat-1, which is a blackhole"},
		},
		{
			"NAT route to the internet gateway", func(s *Snapshot) { s.table("rtb-int").Routes[1].Target = "igw-1" },
			DBToInternet, false,
			[]string{"mhson-rt-internal routes 0.0.0.0/0 to mhson-igw, not to a NAT gateway"},
		},
		{
			"NAT not available", func(s *Snapshot) { s.NATs[0].State = "failed" },
			DBToInternet, false,
			[]string{"mhson-nat-2a is failed, not available"},
		},
		{
			"NAT without public IP", func(s *Snapshot) { s.NATs[0].PublicIP = "" },
			DBToInternet, false,
			[]string{"mhson-nat-2a has no public IP"},
		},
		{
			"NAT's own subnet without internet route", func(s *Snapshot) { s.table("rtb-pub").Routes = s.table("rtb-pub").Routes[:1] },
			DBToInternet, false,
			[]string{"mhson-rt-public has no route to 0.0.0.0/0"},
		},
		{
			"db egress revoked", func(s *Snapshot) { s.group("sg-int").Egress = nil },
			DBToInternet, false,
			[]string{"no egress rule of mhson-sg-internal allows tcp 443 to 0.0.0.0/0"},
		},
		{"db egress to the VPC only", func(s *Snapshot) {
			s.group("sg-int").Egress = []Rule{{Protocol: "-1", CIDR: "192.168.11.0/24"}}
		}, DBToInternet, false, []string{"mhson-sg-internal allows out all traffic to 192.168.11.0/24 only"}},
		{
			"bastion egress revoked", func(s *Snapshot) { s.group("sg-bas").Egress = nil },
			BastionToWeb22, false,
			[]string{"no egress rule of mhson-sg-bastion allows tcp 22 to mhson-ec2-public-2a (192.168.11.10, in mhson-sg-public)"},
		},
		{
			"bastion egress revoked leaves me->bastion open (stateful)", func(s *Snapshot) { s.group("sg-bas").Egress = nil },
			MeToBastion22, true, nil,
		},
		{"web egress to db by group", func(s *Snapshot) {
			s.group("sg-pub").Egress = []Rule{{Protocol: "tcp", FromPort: 3306, ToPort: 3306, Group: "sg-int"}}
		}, WebToDB3306, true, []string{"mhson-sg-public allows out tcp 3306 to mhson-sg-internal, which mhson-ec2-internal-2a is in"}},
		{
			"icmp rule missing", func(s *Snapshot) { s.group("sg-int").Ingress = s.group("sg-int").Ingress[:2] },
			BastionToDBICMP, false,
			[]string{"no rule of mhson-sg-internal allows ping (icmp echo) from mhson-ec2-bastion-2a"},
		},
		{
			"icmp echo reply only", func(s *Snapshot) { r := &s.group("sg-int").Ingress[2]; r.FromPort, r.ToPort = 0, -1 },
			BastionToDBICMP, false,
			[]string{"mhson-sg-internal allows icmp type 0 from mhson-sg-bastion, which does not cover ping"},
		},
		{"all traffic from the bastion covers ping", func(s *Snapshot) {
			s.group("sg-pub").Ingress[2] = Rule{Protocol: "-1", FromPort: -1, ToPort: -1, Group: "sg-bas"}
		}, BastionToWebICMP, true, []string{"mhson-sg-public allows all traffic from mhson-sg-bastion"}},
		{"SSH to web from the world", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"})
		}, InternetToWeb22, true, []string{"mhson-sg-public allows tcp 22 from 0.0.0.0/0", "mhson-ec2-public-2a has public IP 3.3.3.3"}},
		{"SSH to web from my address only is still the internet", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 0, ToPort: 65535, CIDR: me + "/32"})
		}, InternetToWeb22, true, []string{"mhson-sg-public allows all tcp from 203.0.113.7/32"}},
		{"SSH to web from the VPC is not the internet", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "192.168.0.0/16"})
		}, InternetToWeb22, false, []string{"no rule of mhson-sg-public allows tcp 22 from the internet"}},
		{"IPv6 world rule reaches no IPv4-only server", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "::/0"})
		}, InternetToWeb22, false, nil},
		{"db open to the world but unreachable", func(s *Snapshot) {
			g := s.group("sg-int")
			g.Ingress = append(g.Ingress, everywhere)
		}, InternetToDB, false, []string{"mhson-ec2-internal-2a has no public IP"}},
		{"db exposed", func(s *Snapshot) {
			g := s.group("sg-int")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 3306, ToPort: 3306, CIDR: "0.0.0.0/0"})
			s.DB.PublicIP = "3.3.3.5"
			s.table("rtb-int").Routes[1].Target = "igw-1"
		}, InternetToDB, true, []string{"mhson-sg-internal allows tcp 3306 from 0.0.0.0/0", "mhson-ec2-internal-2a has public IP 3.3.3.5", "mhson-rt-internal routes 0.0.0.0/0 to mhson-igw"}},
		{"prefix list does not count as the internet", func(s *Snapshot) {
			s.group("sg-pub").Ingress[0] = Rule{Protocol: "tcp", FromPort: 8080, ToPort: 8080, PrefixList: "pl-1"}
		}, InternetToWeb8080, false, []string{"mhson-sg-public allows tcp 8080 from prefix list pl-1, a prefix list whose addresses infrawiz does not read"}},
		{"prefix list counts as open where it must be closed", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, PrefixList: "pl-1"})
		}, InternetToWeb22, true, []string{"prefix list pl-1", "cannot tell"}},
		{
			"web missing", func(s *Snapshot) { s.Web = Instance{} },
			BastionToWeb22, false,
			[]string{"the web server was not found"},
		},
		{
			"web missing closes internet->web:22 too", func(s *Snapshot) { s.Web = Instance{} },
			InternetToWeb22, false,
			[]string{"the web server was not found"},
		},
		{
			"bastion stopped", func(s *Snapshot) { s.Bastion.State = "stopped" },
			BastionToDB22, false,
			[]string{"mhson-ec2-bastion-2a is stopped, not running"},
		},
		{
			"no security group", func(s *Snapshot) { s.DB.Groups = nil },
			WebToDB3306, false,
			[]string{"mhson-ec2-internal-2a has no security group"},
		},
		{"second group opens the port", func(s *Snapshot) {
			s.Groups = append(s.Groups, Group{ID: "sg-x", Ingress: []Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"}}})
			s.Web.Groups = append(s.Web.Groups, "sg-x")
		}, InternetToWeb22, true, []string{"sg-x allows tcp 22 from 0.0.0.0/0"}},
		{
			"network ACLs not read", func(s *Snapshot) { s.NACLs = nil },
			InternetToWeb8080, true,
			[]string{"network ACLs not read: the default (allows all) is assumed"},
		},
		{
			"group not in the describe", func(s *Snapshot) { s.DB.Groups = []string{"sg-gone"} },
			WebToDB3306, false,
			[]string{"no rule of sg-gone (not in the describe, so none of its rules) allows tcp 3306"},
		},
		{
			"my IP unusable", func(s *Snapshot) { s.MyIP = "" },
			MeToBastion22, false,
			[]string{"is not an IPv4 address"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mission()
			c.mutate(&s)
			paths := Analyze(s)
			saysInKorean(t, paths)
			p := path(t, paths, c.id)
			if p.Open != c.open {
				t.Errorf("%s open=%v, want %v: %s", c.id, p.Open, c.open, p.Because)
			}
			for _, w := range c.why {
				if !strings.Contains(p.Because, w) {
					t.Errorf("%s because %q\nlacks %q", c.id, p.Because, w)
				}
			}
		})
	}
}

// TestAnalyze_BreakTouchesOnlyItsPaths guards against a check that looks at
// the wrong server: revoking the 8080 rule closes exactly one path.
func TestAnalyze_BreakTouchesOnlyItsPaths(t *testing.T) {
	s := mission()
	s.group("sg-pub").Ingress = s.group("sg-pub").Ingress[1:]
	var bad []string
	for _, p := range Analyze(s) {
		if !p.OK() {
			bad = append(bad, p.ID)
		}
	}
	if !slices.Equal(bad, []string{InternetToWeb8080}) {
		t.Fatalf("paths not as wanted: %v", bad)
	}
}

func TestHasPublic(t *testing.T) {
	for cidr, want := range map[string]bool{
		"0.0.0.0/0": true, "10.0.0.0/8": false, "10.1.2.3/32": false, "11.0.0.0/8": true, "8.0.0.0/7": true,
		"172.16.0.0/12": false, "172.0.0.0/8": true, "192.168.11.0/24": false, "192.0.0.0/8": true, "203.0.113.7/32": true,
	} {
		if got := hasPublic(mustPrefix(cidr)); got != want {
			t.Errorf("hasPublic(%s) = %v, want %v", cidr, got, want)
		}
	}
}

func mustPrefix(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func allowAll(n int32, egress bool) NACLEntry {
	return NACLEntry{Number: n, Egress: egress, Protocol: "-1", FromPort: 0, ToPort: 65535, ICMPType: -1, CIDR: "0.0.0.0/0", Allow: true}
}

func tcpEntry(n int32, egress, allow bool, from, to int32, cidr string) NACLEntry {
	return NACLEntry{Number: n, Egress: egress, Protocol: "6", FromPort: from, ToPort: to, ICMPType: -1, CIDR: cidr, Allow: allow}
}

// withACL gives one subnet an ACL of its own.
func withACL(s *Snapshot, subnet, name string, entries ...NACLEntry) {
	for i := range s.NACLs {
		s.NACLs[i].Subnets = slices.DeleteFunc(s.NACLs[i].Subnets, func(x string) bool { return x == subnet })
	}
	s.NACLs = append(s.NACLs, NACL{ID: "acl-" + name, Name: name, Subnets: []string{subnet}, Entries: entries})
}

// TestAnalyze_NetworkACLs: ACLs are stateless, so both the request and the
// reply (to the client's ephemeral ports) must pass every boundary.
func TestAnalyze_NetworkACLs(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *Snapshot)
		id     string
		open   bool
		why    []string
	}{
		{"tight ACL lets the bastion in", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight",
				tcpEntry(10, false, true, 22, 22, "192.168.11.160/27"), tcpEntry(20, false, true, 32768, 65535, "0.0.0.0/0"), allowAll(10, true))
		}, BastionToDB22, true, []string{
			"network ACL tight allows tcp 22 into mhson-subnet-internal-2a from mhson-ec2-bastion-2a (rule 10)",
			"network ACL tight allows all traffic (rule 10)", "network ACL acl-1 allows all traffic (rule 100)",
		}},
		{"tight ACL keeps the web server out", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight",
				tcpEntry(10, false, true, 22, 22, "192.168.11.160/27"), tcpEntry(20, false, true, 32768, 65535, "0.0.0.0/0"), allowAll(10, true))
		}, WebToDB3306, false, []string{"network ACL tight has no rule allowing tcp 3306 into mhson-subnet-internal-2a from mhson-ec2-public-2a, so its final deny-all drops it"}},
		{"deny in front of the allow", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight", tcpEntry(5, false, false, 0, 65535, "192.168.11.170/32"), allowAll(100, false), allowAll(100, true))
		}, BastionToDB22, false, []string{"network ACL tight denies tcp 22 into mhson-subnet-internal-2a from mhson-ec2-bastion-2a (rule 5)"}},
		{"deny of a wider block in front", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight", tcpEntry(5, false, false, 22, 22, "192.168.0.0/16"), allowAll(100, false), allowAll(100, true))
		}, BastionToDB22, false, []string{"denies tcp 22 into mhson-subnet-internal-2a from mhson-ec2-bastion-2a (rule 5)"}},
		{"replies cut short", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight", allowAll(100, false), tcpEntry(10, true, true, 1024, 40000, "0.0.0.0/0"))
		}, BastionToDB22, false, []string{"network ACL tight has no rule allowing the replies on tcp 32768-60999 (here port 40001) out of mhson-subnet-internal-2a to mhson-ec2-bastion-2a"}},
		{"replies allowed in two pieces", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight", allowAll(100, false), tcpEntry(10, true, true, 1024, 40000, "0.0.0.0/0"), tcpEntry(20, true, true, 40001, 65535, "192.168.11.0/24"))
		}, BastionToDB22, true, nil},
		{"ping reply blocked", func(s *Snapshot) {
			withACL(s, "subnet-int", "tight", allowAll(100, false),
				NACLEntry{Number: 10, Egress: true, Protocol: "1", ICMPType: echoRequest, CIDR: "0.0.0.0/0", Allow: true}, tcpEntry(20, true, true, 0, 65535, "0.0.0.0/0"))
		}, BastionToDBICMP, false, []string{"network ACL tight has no rule allowing the ping reply out of mhson-subnet-internal-2a to mhson-ec2-bastion-2a"}},
		{"ACL closes SSH that a group opened to the world", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"})
			withACL(s, "subnet-pub1", "web", tcpEntry(1, false, false, 22, 22, "0.0.0.0/0"), allowAll(100, false), allowAll(100, true))
		}, InternetToWeb22, false, []string{"network ACL web denies tcp 22 into mhson-subnet-public-2a from the internet (rule 1)"}},
		{"ACL that denies part of the world leaves SSH open", func(s *Snapshot) {
			g := s.group("sg-pub")
			g.Ingress = append(g.Ingress, Rule{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "0.0.0.0/0"})
			withACL(s, "subnet-pub1", "web", tcpEntry(1, false, false, 22, 22, "198.51.100.0/24"), allowAll(100, false), allowAll(100, true))
		}, InternetToWeb22, true, []string{"mhson-sg-public allows tcp 22 from 0.0.0.0/0", "network ACL web allows all traffic (rule 100)"}},
		{"ACL that denies part of the world breaks 8080 for them", func(s *Snapshot) {
			withACL(s, "subnet-pub1", "web", tcpEntry(1, false, false, 8080, 8080, "198.51.100.0/24"), allowAll(100, false), allowAll(100, true))
		}, InternetToWeb8080, false, []string{"network ACL web denies tcp 8080 into mhson-subnet-public-2a from 0.0.0.0/0 (rule 1)"}},
		{"NAT subnet takes only the web's ports", func(s *Snapshot) {
			withACL(s, "subnet-pub1", "web", tcpEntry(10, false, true, 8080, 8080, "0.0.0.0/0"), allowAll(100, true))
		}, DBToInternet, false, []string{
			"network ACL web has no rule allowing tcp 443 into mhson-subnet-public-2a from mhson-ec2-internal-2a",
			"network ACL web has no rule allowing the replies on tcp 1024-65535 (here port 1024) into mhson-subnet-public-2a from 0.0.0.0/0",
		}},
		{"NAT subnet ACL as it should be", func(s *Snapshot) {
			withACL(s, "subnet-pub1", "web", tcpEntry(10, false, true, 443, 443, "192.168.11.128/27"), tcpEntry(20, false, true, 1024, 65535, "0.0.0.0/0"), allowAll(100, true))
		}, DBToInternet, true, []string{"network ACL web allows tcp 443 into mhson-subnet-public-2a from mhson-ec2-internal-2a (rule 10)"}},
		{"one subnet crosses no ACL", func(s *Snapshot) {
			s.Web.SubnetID = "subnet-adm"
			withACL(s, "subnet-adm", "shut", tcpEntry(1, false, false, 0, 65535, "0.0.0.0/0"), tcpEntry(1, true, false, 0, 65535, "0.0.0.0/0"))
		}, BastionToWeb22, true, nil},
		{"the same ACL shuts the bastion off the internet", func(s *Snapshot) {
			withACL(s, "subnet-adm", "shut", tcpEntry(1, false, false, 0, 65535, "0.0.0.0/0"), tcpEntry(1, true, false, 0, 65535, "0.0.0.0/0"))
		}, MeToBastion22, false, []string{
			"network ACL shut denies tcp 22 into mhson-subnet-admin-2a from 203.0.113.7 (rule 1)",
			"network ACL shut denies the replies on tcp 1024-65535 (here port 1024) out of mhson-subnet-admin-2a to 203.0.113.7 (rule 1)",
		}},
		{
			"no ACL read at all", func(s *Snapshot) { s.NACLs = nil },
			BastionToWeb22, true,
			[]string{"network ACLs not read: the default (allows all) is assumed"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mission()
			c.mutate(&s)
			paths := Analyze(s)
			saysInKorean(t, paths)
			p := path(t, paths, c.id)
			if p.Open != c.open {
				t.Errorf("%s open=%v, want %v: %s", c.id, p.Open, c.open, p.Because)
			}
			for _, w := range c.why {
				if !strings.Contains(p.Because, w) {
					t.Errorf("%s because %q\nlacks %q", c.id, p.Because, w)
				}
			}
		})
	}
}

// saysInKorean holds every path's explanation to its messages: the English
// is Because itself, and the Korean names no missing key and glues every
// particle to its word.
func saysInKorean(t *testing.T, paths []Path) {
	t.Helper()
	for _, p := range paths {
		if en := p.Why.In(catalog.EN); en != p.Because {
			t.Errorf("%s: Why says %q in English, Because %q", p.ID, en, p.Because)
		}
		ko := p.Why.In(catalog.KO)
		if strings.Contains(ko, "!reach") || strings.Contains(ko, "!detail") {
			t.Errorf("%s: a key is missing from the catalogue: %s", p.ID, ko)
		}
		if m := catalog.SpacedParticle(ko); m != "" {
			t.Errorf("%s: %q in %s", p.ID, m, ko)
		}
	}
}

// TestAnalyze_KoreanExplanation shows how a closed path reads in Korean.
func TestAnalyze_KoreanExplanation(t *testing.T) {
	s := mission()
	s.group("sg-bas").Ingress[0].CIDR = "198.51.100.9/32"
	s.table("rtb-adm").Subnets = nil
	p := path(t, Analyze(s), MeToBastion22)
	want := "mhson-sg-bastion에는 203.0.113.7에서 오는 tcp 22를 허용하는 인바운드 규칙이 없습니다. 있는 규칙: mhson-sg-bastion은 198.51.100.9/32에서 오는 tcp 22만 허용합니다. " +
		"rtb-main(VPC의 기본 라우팅 테이블. mhson-subnet-admin-2a에 자체 테이블이 없어 이것을 씁니다)에는 203.0.113.7로 가는 경로가 없습니다"
	if got := p.Why.In(catalog.KO); got != want {
		t.Errorf("in Korean:\n got %s\nwant %s", got, want)
	}
}
