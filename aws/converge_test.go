package aws

import (
	"context"
	"errors"
	"slices"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func bastionGroup(perms ...types.IpPermission) Found {
	return Found{
		Kind: KindSecurityGroup, ID: "sg-0bastion", Name: "mhson-sg-bastion", Stack: "mhson", Role: "sg-bastion", Owner: testOwner,
		SG: &types.SecurityGroup{GroupId: sdk.String("sg-0bastion"), IpPermissions: perms},
	}
}

func tcpFrom(port int32, cidr, why string) types.IpPermission {
	return types.IpPermission{
		IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(port), ToPort: sdk.Int32(port),
		IpRanges: []types.IpRange{{CidrIp: sdk.String(cidr), Description: optional(why)}},
	}
}

func TestEnsureIngress_ReplacesOnlyTheRuleThatMoved(t *testing.T) {
	sg := bastionGroup(tcpFrom(22, "1.2.3.4/32", "SSH from my IP"), tcpFrom(8080, "0.0.0.0/0", "web"))
	want := []Rule{
		{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "5.6.7.8/32", Description: "SSH from my IP"},
		{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0", Description: "web"},
	}
	m := Meta{Stack: "mhson", Role: "sg-bastion-rules", Name: "mhson-sg-bastion", Owner: testOwner}
	f := newFake()
	on(f, "RevokeSecurityGroupIngress", func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
		return &ec2.RevokeSecurityGroupIngressOutput{}, nil
	})
	on(f, "AuthorizeSecurityGroupIngress", func(*ec2.AuthorizeSecurityGroupIngressInput) (*ec2.AuthorizeSecurityGroupIngressOutput, error) {
		return &ec2.AuthorizeSecurityGroupIngressOutput{}, nil
	})
	changed, err := testClient(f).EnsureIngress(context.Background(), sg, m, want)
	if err != nil || !changed {
		t.Fatalf("EnsureIngress = %v, %v; want changed", changed, err)
	}

	revokes := inputsOf[*ec2.RevokeSecurityGroupIngressInput](t, f, "RevokeSecurityGroupIngress")
	if len(revokes) != 1 {
		t.Fatalf("RevokeSecurityGroupIngress called %d times, want 1", len(revokes))
	}
	if sdk.ToString(revokes[0].GroupId) != "sg-0bastion" {
		t.Errorf("revoke on %q", sdk.ToString(revokes[0].GroupId))
	}
	gotRevoked := Rules(&types.SecurityGroup{IpPermissions: revokes[0].IpPermissions})
	if !slices.Equal(gotRevoked, []Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "1.2.3.4/32", Description: "SSH from my IP"}}) {
		t.Errorf("revoked %+v, want exactly 22 from 1.2.3.4/32", gotRevoked)
	}

	adds := inputsOf[*ec2.AuthorizeSecurityGroupIngressInput](t, f, "AuthorizeSecurityGroupIngress")
	if len(adds) != 1 {
		t.Fatalf("AuthorizeSecurityGroupIngress called %d times, want 1", len(adds))
	}
	if sdk.ToString(adds[0].GroupId) != "sg-0bastion" {
		t.Errorf("authorize on %q", sdk.ToString(adds[0].GroupId))
	}
	gotAdded := Rules(&types.SecurityGroup{IpPermissions: adds[0].IpPermissions})
	if !slices.Equal(gotAdded, []Rule{want[0]}) {
		t.Errorf("authorized %+v, want exactly 22 from 5.6.7.8/32", gotAdded)
	}
	checkTagSpecs(t, adds[0].TagSpecifications, m, types.ResourceTypeSecurityGroupRule)
}

func TestEnsureIngress_NothingToDoMakesNoCall(t *testing.T) {
	perms := []types.IpPermission{
		tcpFrom(22, "1.2.3.4/32", "SSH from my IP"),
		tcpFrom(8080, "0.0.0.0/0", "web"),
		{
			IpProtocol: sdk.String("icmp"), FromPort: sdk.Int32(-1), ToPort: sdk.Int32(-1),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-0other")}},
		},
	}
	want := []Rule{
		{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceGroup: "sg-0other"},
		{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0", Description: "web"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "1.2.3.4/32", Description: "SSH from my IP"},
	}
	f := newFake() // no script: any call panics
	changed, err := testClient(f).EnsureIngress(context.Background(), bastionGroup(perms...), vpcMeta(), want)
	if err != nil || changed {
		t.Fatalf("EnsureIngress = %v, %v; want unchanged", changed, err)
	}
	if m := f.mutating(); len(m) != 0 {
		t.Errorf("mutating calls %v, want none", m)
	}
}

func TestEnsureIngress_NewGroupOnlyAuthorizes(t *testing.T) {
	want := []Rule{
		{Protocol: "tcp", FromPort: 3306, ToPort: 3306, SourceGroup: "sg-0web"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceGroup: "sg-0bastion"},
	}
	f := newFake()
	on(f, "AuthorizeSecurityGroupIngress", func(*ec2.AuthorizeSecurityGroupIngressInput) (*ec2.AuthorizeSecurityGroupIngressOutput, error) {
		return &ec2.AuthorizeSecurityGroupIngressOutput{}, nil
	})
	changed, err := testClient(f).EnsureIngress(context.Background(), bastionGroup(), vpcMeta(), want)
	if err != nil || !changed {
		t.Fatalf("EnsureIngress = %v, %v", changed, err)
	}
	adds := inputsOf[*ec2.AuthorizeSecurityGroupIngressInput](t, f, "AuthorizeSecurityGroupIngress")
	got := Rules(&types.SecurityGroup{IpPermissions: adds[0].IpPermissions})
	if len(got) != 2 {
		t.Errorf("authorized %+v, want both rules in one call", got)
	}
	if n := f.count("RevokeSecurityGroupIngress"); n != 0 {
		t.Errorf("RevokeSecurityGroupIngress called %d times", n)
	}
}

func TestEnsureIngress_AuthorizeFailureIsReported(t *testing.T) {
	f := newFake()
	on(f, "AuthorizeSecurityGroupIngress", func(*ec2.AuthorizeSecurityGroupIngressInput) (*ec2.AuthorizeSecurityGroupIngressOutput, error) {
		return nil, apiError("AuthorizeSecurityGroupIngress", 400, "RulesPerSecurityGroupLimitExceeded", "too many rules")
	})
	_, err := testClient(f).EnsureIngress(context.Background(), bastionGroup(), vpcMeta(),
		[]Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "5.6.7.8/32"}})
	if !errors.Is(err, ErrQuota) {
		t.Fatalf("err = %v, want ErrQuota", err)
	}
}

func routeTable(routes ...types.Route) Found {
	local := types.Route{DestinationCidrBlock: sdk.String("192.168.11.0/24"), GatewayId: sdk.String("local"), State: types.RouteStateActive}
	return Found{
		Kind: KindRouteTable, ID: "rtb-0pub", Name: "mhson-rt-public",
		RouteTable: &types.RouteTable{RouteTableId: sdk.String("rtb-0pub"), Routes: append([]types.Route{local}, routes...)},
	}
}

func defaultVia(gw, nat string, state types.RouteState) types.Route {
	return types.Route{DestinationCidrBlock: sdk.String(DefaultRoute), GatewayId: optional(gw), NatGatewayId: optional(nat), State: state}
}

func TestEnsureDefaultRoute(t *testing.T) {
	ok := func(string) error { return nil }
	cases := []struct {
		name        string
		rt          Found
		target      Target
		create      func(string) error // nil: CreateRoute must not be called
		replace     func(string) error // nil: ReplaceRoute must not be called
		wantChanged bool
	}{
		{name: "no default route", rt: routeTable(), target: Target{GatewayID: "igw-1"}, create: ok, wantChanged: true},
		{name: "no route table description", rt: Found{Kind: KindRouteTable, ID: "rtb-0pub"}, target: Target{GatewayID: "igw-1"}, create: ok, wantChanged: true},
		{name: "route to another gateway", rt: routeTable(defaultVia("igw-old", "", types.RouteStateActive)), target: Target{GatewayID: "igw-1"}, replace: ok, wantChanged: true},
		{name: "route to an old NAT gateway", rt: routeTable(defaultVia("", "nat-old", types.RouteStateBlackhole)), target: Target{NATGatewayID: "nat-new"}, replace: ok, wantChanged: true},
		{name: "blackhole to the same target", rt: routeTable(defaultVia("", "nat-new", types.RouteStateBlackhole)), target: Target{NATGatewayID: "nat-new"}, replace: ok, wantChanged: true},
		{name: "same gateway", rt: routeTable(defaultVia("igw-1", "", types.RouteStateActive)), target: Target{GatewayID: "igw-1"}},
		{name: "same NAT gateway", rt: routeTable(defaultVia("", "nat-new", types.RouteStateActive)), target: Target{NATGatewayID: "nat-new"}},
		{
			name: "create after a lost reply finds the route there", rt: routeTable(), target: Target{GatewayID: "igw-1"},
			create: func(string) error {
				return apiError("CreateRoute", 400, "RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists.")
			},
			replace: ok, wantChanged: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			if tc.create != nil {
				on(f, "CreateRoute", func(in *ec2.CreateRouteInput) (*ec2.CreateRouteOutput, error) {
					return &ec2.CreateRouteOutput{}, tc.create(sdk.ToString(in.GatewayId))
				})
			}
			if tc.replace != nil {
				on(f, "ReplaceRoute", func(in *ec2.ReplaceRouteInput) (*ec2.ReplaceRouteOutput, error) {
					return &ec2.ReplaceRouteOutput{}, tc.replace(sdk.ToString(in.GatewayId))
				})
			}
			changed, err := testClient(f).EnsureDefaultRoute(context.Background(), tc.rt, tc.target)
			if err != nil {
				t.Fatalf("EnsureDefaultRoute: %v", err)
			}
			if changed != tc.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tc.wantChanged)
			}
			wantCreates, wantReplaces := 0, 0
			if tc.create != nil {
				wantCreates = 1
			}
			if tc.replace != nil {
				wantReplaces = 1
			}
			if n := f.count("CreateRoute"); n != wantCreates {
				t.Errorf("CreateRoute called %d times, want %d", n, wantCreates)
			}
			if n := f.count("ReplaceRoute"); n != wantReplaces {
				t.Errorf("ReplaceRoute called %d times, want %d", n, wantReplaces)
			}
			check := func(op string, rtID, dest, gw, nat *string) {
				t.Helper()
				if sdk.ToString(rtID) != tc.rt.ID || sdk.ToString(dest) != DefaultRoute {
					t.Errorf("%s on %s for %s", op, sdk.ToString(rtID), sdk.ToString(dest))
				}
				if sdk.ToString(gw) != tc.target.GatewayID || sdk.ToString(nat) != tc.target.NATGatewayID {
					t.Errorf("%s via gateway %q NAT %q, want %+v", op, sdk.ToString(gw), sdk.ToString(nat), tc.target)
				}
				if (tc.target.GatewayID == "") != (gw == nil) || (tc.target.NATGatewayID == "") != (nat == nil) {
					t.Errorf("%s sends an empty target id instead of leaving it out", op)
				}
			}
			for _, in := range inputsOf[*ec2.CreateRouteInput](t, f, "CreateRoute") {
				check("CreateRoute", in.RouteTableId, in.DestinationCidrBlock, in.GatewayId, in.NatGatewayId)
			}
			for _, in := range inputsOf[*ec2.ReplaceRouteInput](t, f, "ReplaceRoute") {
				check("ReplaceRoute", in.RouteTableId, in.DestinationCidrBlock, in.GatewayId, in.NatGatewayId)
			}
		})
	}
}

func TestEnsureDefaultRoute_ReplaceFailureIsReported(t *testing.T) {
	f := newFake()
	on(f, "ReplaceRoute", func(*ec2.ReplaceRouteInput) (*ec2.ReplaceRouteOutput, error) {
		return nil, apiError("ReplaceRoute", 400, "InvalidNatGatewayID.NotFound", "The natGateway ID 'nat-new' does not exist")
	})
	changed, err := testClient(f).EnsureDefaultRoute(context.Background(),
		routeTable(defaultVia("", "nat-old", types.RouteStateBlackhole)), Target{NATGatewayID: "nat-new"})
	// A NAT gateway AWS keeps not knowing is reported, after waiting for
	// it as for one just created, naming the id.
	var ae *Error
	if changed || !errors.Is(err, ErrUnknownID) || !errors.As(err, &ae) || ae.ID != "nat-new" {
		t.Fatalf("EnsureDefaultRoute = %v, %v; want unchanged and ErrUnknownID naming nat-new", changed, err)
	}
	if n := f.count("ReplaceRoute"); n < 2 {
		t.Errorf("ReplaceRoute called %d times: an id just created must be waited for", n)
	}
}

func TestEnsureDNSHostnames(t *testing.T) {
	for _, enabled := range []bool{true, false} {
		f := newFake()
		on(f, "DescribeVpcAttribute", func(in *ec2.DescribeVpcAttributeInput) (*ec2.DescribeVpcAttributeOutput, error) {
			if in.Attribute != types.VpcAttributeNameEnableDnsHostnames {
				t.Errorf("asked for %q", in.Attribute)
			}
			return &ec2.DescribeVpcAttributeOutput{EnableDnsHostnames: &types.AttributeBooleanValue{Value: sdk.Bool(enabled)}}, nil
		})
		on(f, "ModifyVpcAttribute", func(in *ec2.ModifyVpcAttributeInput) (*ec2.ModifyVpcAttributeOutput, error) {
			if in.EnableDnsHostnames == nil || !sdk.ToBool(in.EnableDnsHostnames.Value) || sdk.ToString(in.VpcId) != "vpc-1" {
				t.Errorf("ModifyVpcAttribute input = %+v", in)
			}
			return &ec2.ModifyVpcAttributeOutput{}, nil
		})
		changed, err := testClient(f).EnsureDNSHostnames(context.Background(), "vpc-1")
		if err != nil || changed == enabled {
			t.Errorf("hostnames on=%v: EnsureDNSHostnames = %v, %v", enabled, changed, err)
		}
		wantModify := 0
		if !enabled {
			wantModify = 1
		}
		if n := f.count("ModifyVpcAttribute"); n != wantModify {
			t.Errorf("hostnames on=%v: ModifyVpcAttribute called %d times, want %d", enabled, n, wantModify)
		}
	}
}

func TestEnsureAttached(t *testing.T) {
	igw := Found{
		Kind: KindInternetGateway, ID: "igw-1", Name: "mhson-igw",
		IGW: &types.InternetGateway{Attachments: []types.InternetGatewayAttachment{{VpcId: sdk.String("vpc-1"), State: types.AttachmentStatusAttached}}},
	}

	f := newFake()
	changed, err := testClient(f).EnsureAttached(context.Background(), igw, "vpc-1")
	if err != nil || changed || f.count("AttachInternetGateway") != 0 {
		t.Errorf("already attached: changed=%v err=%v calls=%d", changed, err, f.count("AttachInternetGateway"))
	}

	f = newFake()
	on(f, "AttachInternetGateway", func(*ec2.AttachInternetGatewayInput) (*ec2.AttachInternetGatewayOutput, error) {
		return &ec2.AttachInternetGatewayOutput{}, nil
	})
	changed, err = testClient(f).EnsureAttached(context.Background(), Found{Kind: KindInternetGateway, ID: "igw-1"}, "vpc-1")
	if err != nil || !changed || f.count("AttachInternetGateway") != 1 {
		t.Errorf("detached: changed=%v err=%v calls=%d", changed, err, f.count("AttachInternetGateway"))
	}

	f = newFake()
	on(f, "AttachInternetGateway", func(*ec2.AttachInternetGatewayInput) (*ec2.AttachInternetGatewayOutput, error) {
		return nil, apiError("AttachInternetGateway", 400, "Resource.AlreadyAssociated", "resource igw-1 is already attached to network vpc-1")
	})
	changed, err = testClient(f).EnsureAttached(context.Background(), Found{Kind: KindInternetGateway, ID: "igw-1"}, "vpc-1")
	if err != nil || changed {
		t.Errorf("attached meanwhile: changed=%v err=%v", changed, err)
	}
}

func TestEnsureAssociations_OnlyMissingSubnets(t *testing.T) {
	rt := routeTable()
	rt.RouteTable.Associations = []types.RouteTableAssociation{{SubnetId: sdk.String("subnet-a"), RouteTableAssociationId: sdk.String("rtbassoc-a")}}
	f := newFake()
	on(f, "AssociateRouteTable", func(in *ec2.AssociateRouteTableInput) (*ec2.AssociateRouteTableOutput, error) {
		if sdk.ToString(in.SubnetId) == "subnet-c" {
			return nil, apiError("AssociateRouteTable", 400, "Resource.AlreadyAssociated", "already associated")
		}
		return &ec2.AssociateRouteTableOutput{}, nil
	})
	// subnet-c belongs to another table, which must give it up.
	on(f, "DescribeRouteTables", func(in *ec2.DescribeRouteTablesInput) (*ec2.DescribeRouteTablesOutput, error) {
		return &ec2.DescribeRouteTablesOutput{RouteTables: []types.RouteTable{{
			RouteTableId: sdk.String("rtb-other"),
			Associations: []types.RouteTableAssociation{{SubnetId: sdk.String("subnet-c"), RouteTableAssociationId: sdk.String("rtbassoc-c")}},
		}}}, nil
	})
	on(f, "ReplaceRouteTableAssociation", func(in *ec2.ReplaceRouteTableAssociationInput) (*ec2.ReplaceRouteTableAssociationOutput, error) {
		return &ec2.ReplaceRouteTableAssociationOutput{}, nil
	})
	changed, err := testClient(f).EnsureAssociations(context.Background(), rt, []string{"subnet-a", "subnet-b", "subnet-c"})
	if err != nil || !changed {
		t.Fatalf("EnsureAssociations = %v, %v", changed, err)
	}
	rep := inputsOf[*ec2.ReplaceRouteTableAssociationInput](t, f, "ReplaceRouteTableAssociation")
	if len(rep) != 1 || sdk.ToString(rep[0].AssociationId) != "rtbassoc-c" || sdk.ToString(rep[0].RouteTableId) != rt.ID {
		t.Errorf("replace calls %+v, want rtbassoc-c moved to %s", rep, rt.ID)
	}
	var got []string
	for _, in := range inputsOf[*ec2.AssociateRouteTableInput](t, f, "AssociateRouteTable") {
		got = append(got, sdk.ToString(in.SubnetId))
	}
	if !slices.Equal(got, []string{"subnet-b", "subnet-c"}) {
		t.Errorf("associated %v, want [subnet-b subnet-c]", got)
	}
}

func TestEnsureAddressAssociated(t *testing.T) {
	addr := Found{
		Kind: KindElasticIP, ID: "eipalloc-1", Name: "mhson-eip-web",
		Address: &types.Address{AllocationId: sdk.String("eipalloc-1"), InstanceId: sdk.String("i-web")},
	}
	f := newFake()
	changed, err := testClient(f).EnsureAddressAssociated(context.Background(), addr, "i-web")
	if err != nil || changed || len(f.mutating()) != 0 {
		t.Errorf("already associated: changed=%v err=%v calls=%v", changed, err, f.mutating())
	}
	on(f, "AssociateAddress", func(in *ec2.AssociateAddressInput) (*ec2.AssociateAddressOutput, error) {
		if sdk.ToString(in.AllocationId) != "eipalloc-1" || sdk.ToString(in.InstanceId) != "i-new" {
			t.Errorf("AssociateAddress input = %+v", in)
		}
		return &ec2.AssociateAddressOutput{AssociationId: sdk.String("eipassoc-1")}, nil
	})
	changed, err = testClient(f).EnsureAddressAssociated(context.Background(), addr, "i-new")
	if err != nil || !changed || f.count("AssociateAddress") != 1 {
		t.Errorf("moved: changed=%v err=%v calls=%d", changed, err, f.count("AssociateAddress"))
	}
}
