package steps_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/steps"
)

// TestReachability_Mission applies the whole mission against moto, checks
// that every path is as the mission wants it, then breaks one thing at a
// time through the SDK, as a student clicking in the console would, and
// checks that exactly the right paths change, named by the right rule or
// route. Each break is repaired before the next one.
func TestReachability_Mission(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	p := e.plan(t, "mhson")
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply: %v", err)
	}
	s, err := steps.NewSession(ctx, e.c, filepath.Join(e.home, ".ssh"))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := e.c.Inventory(ctx, "mhson")
	if err != nil {
		t.Fatal(err)
	}
	id := func(role string) string {
		f, ok := inv.One(role)
		if !ok {
			t.Fatalf("no %s in the stack", role)
		}
		return f.ID
	}
	webIP := *inv.ByRole["eip-public"][0].Address.PublicIp

	// analyze returns the paths that are not as wanted, by id.
	analyze := func(ip string) ([]reach.Path, []string) {
		t.Helper()
		paths, err := s.Reachability(ctx, p, ip)
		if err != nil {
			t.Fatalf("reachability: %v", err)
		}
		var bad []string
		for _, x := range paths {
			if !x.OK() {
				bad = append(bad, x.ID)
			}
		}
		return paths, bad
	}
	expect := func(step string, paths []reach.Path, bad, wantBad []string, because map[string][]string) {
		t.Helper()
		if !slices.Equal(bad, wantBad) {
			for _, x := range paths {
				t.Logf("%s open=%v: %s", x.ID, x.Open, x.Because)
			}
			t.Fatalf("%s: paths not as wanted %v, want %v", step, bad, wantBad)
		}
		for pid, ws := range because {
			x, _ := reach.Find(paths, pid)
			for _, w := range ws {
				if !strings.Contains(x.Because, w) {
					t.Errorf("%s: %s (open=%v) because %q\nlacks %q", step, pid, x.Open, x.Because, w)
				}
			}
		}
	}

	paths, bad := analyze(myIP)
	if len(paths) != 11 {
		t.Fatalf("got %d paths, want 11", len(paths))
	}
	expect("as applied", paths, bad, nil, map[string][]string{
		reach.InternetToWeb8080: {"mhson-sg-public allows tcp 8080 from 0.0.0.0/0", "mhson-ec2-public-2a has public IP " + webIP + " (mhson-eip-public-2a)", "mhson-rt-public routes 0.0.0.0/0 to mhson-igw"},
		reach.MeToBastion22:     {"mhson-sg-bastion allows tcp 22 from " + myIP + "/32", "mhson-rt-admin routes 0.0.0.0/0 to mhson-igw"},
		reach.BastionToDB22:     {"mhson-sg-internal allows tcp 22 from mhson-sg-bastion, which mhson-ec2-bastion-2a is in", "mhson-rt-internal routes 192.168.11.0/24 locally"},
		reach.WebToDB3306:       {"mhson-sg-internal allows tcp 3306 from mhson-sg-public, which mhson-ec2-public-2a is in"},
		reach.DBToInternet:      {"mhson-rt-internal routes 0.0.0.0/0 to mhson-nat-2a", "mhson-rt-public routes 0.0.0.0/0 to mhson-igw"},
		reach.InternetToDB:      {"mhson-ec2-internal-2a has no public IP"},
		reach.InternetToWeb22:   {"no rule of mhson-sg-public allows tcp 22 from the internet"},
	})
	for _, x := range paths {
		if x.Open && !strings.Contains(x.Because, "network ACL") {
			t.Errorf("%s says nothing of network ACLs: %s", x.ID, x.Because)
		}
	}

	// The user's address moved since the apply: the bastion rule no longer
	// admits them, says which address it does admit, and that address is
	// now someone else's as far as the mission is concerned.
	paths, bad = analyze("198.51.100.20")
	expect("my IP moved", paths, bad, []string{reach.MeToBastion22, reach.OthersToBastion22}, map[string][]string{
		reach.MeToBastion22:     {"mhson-sg-bastion allows tcp 22 from " + myIP + "/32 only"},
		reach.OthersToBastion22: {"mhson-sg-bastion allows tcp 22 from " + myIP + "/32"},
	})

	sgPublic, sgBastion := id("sg-public"), id("sg-bastion")
	perm := func(port int32, cidr string) []types.IpPermission {
		return []types.IpPermission{{IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(port), ToPort: sdk.Int32(port), IpRanges: []types.IpRange{{CidrIp: sdk.String(cidr)}}}}
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// reapply repairs what the break changed and checks that all is well
	// again, so each break starts from the mission as planned.
	reapply := func() {
		t.Helper()
		if err := e.apply(t, p); err != nil {
			t.Fatalf("repairing apply: %v", err)
		}
		paths, bad := analyze(myIP)
		expect("after repair", paths, bad, nil, nil)
	}

	must(e.raw.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &sgPublic, IpPermissions: perm(8080, "0.0.0.0/0")}))
	paths, bad = analyze(myIP)
	expect("8080 revoked", paths, bad, []string{reach.InternetToWeb8080}, map[string][]string{
		reach.InternetToWeb8080: {"no rule of mhson-sg-public allows tcp 8080 from 0.0.0.0/0"},
	})
	reapply()

	must(e.raw.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: &sgBastion, IpPermissions: perm(22, myIP+"/32")}))
	must(e.raw.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &sgBastion, IpPermissions: perm(22, "198.51.100.9/32")}))
	paths, bad = analyze(myIP)
	expect("bastion rule on the wrong /32", paths, bad, []string{reach.MeToBastion22, reach.OthersToBastion22}, map[string][]string{
		reach.MeToBastion22:     {"mhson-sg-bastion allows tcp 22 from 198.51.100.9/32 only"},
		reach.OthersToBastion22: {"mhson-sg-bastion allows tcp 22 from 198.51.100.9/32"},
	})
	reapply()

	must(e.raw.DeleteRoute(ctx, &ec2.DeleteRouteInput{RouteTableId: sdk.String(id("rt-internal")), DestinationCidrBlock: sdk.String("0.0.0.0/0")}))
	paths, bad = analyze(myIP)
	expect("NAT route deleted", paths, bad, []string{reach.DBToInternet}, map[string][]string{
		reach.DBToInternet: {"mhson-rt-internal has no route to 0.0.0.0/0"},
	})
	reapply()

	must(e.raw.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &sgPublic, IpPermissions: perm(22, "0.0.0.0/0")}))
	paths, bad = analyze(myIP)
	expect("SSH to web opened to the world", paths, bad, []string{reach.InternetToWeb22}, map[string][]string{
		reach.InternetToWeb22: {"mhson-sg-public allows tcp 22 from 0.0.0.0/0", "mhson-ec2-public-2a has public IP " + webIP},
	})
	reapply()

	// The web subnet loses its association and falls back to the VPC's
	// main table, which has no way to the internet.
	rt, err := e.raw.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: []string{id("rt-public")}})
	if err != nil || len(rt.RouteTables) != 1 {
		t.Fatalf("describe rt-public: %v", err)
	}
	for _, a := range rt.RouteTables[0].Associations {
		if sdk.ToString(a.SubnetId) == id("subnet-public-1") {
			must(e.raw.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId}))
		}
	}
	paths, bad = analyze(myIP)
	// The NAT gateway sits in the same subnet, so the database loses its
	// way out too.
	expect("web subnet on the main table", paths, bad, []string{reach.InternetToWeb8080, reach.DBToInternet}, map[string][]string{
		reach.InternetToWeb8080: {"(the VPC's main table, which mhson-subnet-public-2a uses for want of its own) has no route to 0.0.0.0/0"},
		reach.DBToInternet:      {"(the VPC's main table, which mhson-subnet-public-2a uses for want of its own) has no route to 0.0.0.0/0"},
	})
	reapply()

	// Egress is not managed by the apply: revoke it and put it back by hand.
	allOut := []types.IpPermission{{IpProtocol: sdk.String("-1"), IpRanges: []types.IpRange{{CidrIp: sdk.String("0.0.0.0/0")}}}}
	must(e.raw.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: &sgBastion, IpPermissions: allOut}))
	paths, bad = analyze(myIP)
	expect("bastion egress revoked", paths, bad, []string{reach.BastionToWeb22, reach.BastionToDB22, reach.BastionToWebICMP, reach.BastionToDBICMP}, map[string][]string{
		reach.BastionToWeb22:  {"no egress rule of mhson-sg-bastion allows tcp 22 to mhson-ec2-public-2a"},
		reach.BastionToDBICMP: {"no egress rule of mhson-sg-bastion allows ping (icmp echo) to mhson-ec2-internal-2a"},
	})
	must(e.raw.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: &sgBastion, IpPermissions: allOut}))
	paths, bad = analyze(myIP)
	expect("bastion egress restored", paths, bad, nil, nil)

	// The internal subnet gets a network ACL of its own that lets SSH from
	// the admin subnet in and every reply out, and nothing else in.
	acl, err := e.raw.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{
		VpcId:             sdk.String(id("vpc")),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeNetworkAcl, Tags: []types.Tag{{Key: sdk.String("Name"), Value: sdk.String("tight")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	aclID := acl.NetworkAcl.NetworkAclId
	for _, entry := range []ec2.CreateNetworkAclEntryInput{
		{RuleNumber: sdk.Int32(10), Egress: sdk.Bool(false), Protocol: sdk.String("6"), PortRange: &types.PortRange{From: sdk.Int32(22), To: sdk.Int32(22)}, CidrBlock: sdk.String("192.168.11.160/27")},
		{RuleNumber: sdk.Int32(10), Egress: sdk.Bool(true), Protocol: sdk.String("-1"), CidrBlock: sdk.String("0.0.0.0/0")},
	} {
		entry.NetworkAclId, entry.RuleAction = aclID, types.RuleActionAllow
		must(e.raw.CreateNetworkAclEntry(ctx, &entry))
	}
	acls, err := e.raw.DescribeNetworkAcls(ctx, &ec2.DescribeNetworkAclsInput{Filters: []types.Filter{{Name: sdk.String("association.subnet-id"), Values: []string{id("subnet-internal")}}}})
	if err != nil || len(acls.NetworkAcls) != 1 {
		t.Fatalf("the internal subnet's ACL: %v %+v", err, acls)
	}
	var assoc, defaultACL *string
	for _, a := range acls.NetworkAcls[0].Associations {
		if sdk.ToString(a.SubnetId) == id("subnet-internal") {
			assoc, defaultACL = a.NetworkAclAssociationId, a.NetworkAclId
		}
	}
	moved, err := e.raw.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: assoc, NetworkAclId: aclID})
	if err != nil {
		t.Fatal(err)
	}
	paths, bad = analyze(myIP)
	expect("tight ACL on the internal subnet", paths, bad, []string{reach.BastionToDBICMP, reach.WebToDB3306, reach.DBToInternet}, map[string][]string{
		reach.BastionToDB22:   {"network ACL tight allows tcp 22 into mhson-subnet-internal-2a from mhson-ec2-bastion-2a (rule 10)"},
		reach.WebToDB3306:     {"network ACL tight has no rule allowing tcp 3306 into mhson-subnet-internal-2a from mhson-ec2-public-2a"},
		reach.BastionToDBICMP: {"network ACL tight has no rule allowing ping into mhson-subnet-internal-2a"},
		reach.DBToInternet:    {"network ACL tight has no rule allowing the replies on tcp 32768-60999 (here port 32768) into mhson-subnet-internal-2a from 0.0.0.0/0"},
	})
	must(e.raw.ReplaceNetworkAclAssociation(ctx, &ec2.ReplaceNetworkAclAssociationInput{AssociationId: moved.NewAssociationId, NetworkAclId: defaultACL}))
	paths, bad = analyze(myIP)
	expect("default ACL back", paths, bad, nil, nil)

	// A stopped server closes every path that needs it, and says so.
	must(e.raw.StopInstances(ctx, &ec2.StopInstancesInput{InstanceIds: []string{id("ec2-internal")}}))
	paths, bad = analyze(myIP)
	expect("db stopped", paths, bad, []string{reach.BastionToDB22, reach.BastionToDBICMP, reach.WebToDB3306, reach.DBToInternet}, map[string][]string{
		reach.WebToDB3306: {"mhson-ec2-internal-2a is stop"},
	})
}

// TestReachability_NeedsMyIPAndAStack: the two inputs Reachability cannot do
// without are refused with a reason, before and without any change.
func TestReachability_NeedsMyIPAndAStack(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	s, err := steps.NewSession(ctx, e.c, filepath.Join(e.home, ".ssh"))
	if err != nil {
		t.Fatal(err)
	}
	p := e.plan(t, "empty")
	if _, err := s.Reachability(ctx, p, "10.0.0.1"); !steps.IsInput(err) || !strings.Contains(err.Error(), "my-ip") {
		t.Errorf("a private my-ip was accepted: %v", err)
	}
	e.proxy.ResetCalls()
	if _, err := s.Reachability(ctx, p, myIP); steps.KindOf(err) != steps.KindNotFound || !strings.Contains(err.Error(), "empty has no VPC") {
		t.Errorf("a stack with nothing applied: %v", err)
	}
	if m := mutating(e.proxy.Calls()); len(m) != 0 {
		t.Errorf("reachability made mutating calls: %v", m)
	}
}
