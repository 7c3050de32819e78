package reach

import (
	"slices"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tags(name string) []types.Tag {
	return []types.Tag{{Key: sdk.String("Name"), Value: sdk.String(name)}}
}

func TestInstanceFromSDK_GroupsFromInterfaces(t *testing.T) {
	x := &types.Instance{
		InstanceId: sdk.String("i-1"), Tags: tags("mhson-ec2-public-2a"), SubnetId: sdk.String("subnet-1"),
		PrivateIpAddress: sdk.String("192.168.11.10"), PublicIpAddress: sdk.String("3.3.3.3"),
		State: &types.InstanceState{Name: types.InstanceStateNameRunning},
		// As moto answers for an instance launched with an interface spec.
		NetworkInterfaces: []types.InstanceNetworkInterface{
			{Groups: []types.GroupIdentifier{{GroupId: sdk.String("sg-a")}, {GroupId: sdk.String("sg-b")}}},
			{Groups: []types.GroupIdentifier{{GroupId: sdk.String("sg-a")}}},
		},
	}
	eips := []types.Address{
		{PublicIp: sdk.String("3.3.3.4"), Tags: tags("other")},
		{PublicIp: sdk.String("3.3.3.3"), Tags: tags("mhson-eip-public-2a")},
	}
	in := InstanceFromSDK(x, eips)
	if in.Name != "mhson-ec2-public-2a" || in.State != "running" || in.PublicIPName != "mhson-eip-public-2a" ||
		!slices.Equal(in.Groups, []string{"sg-a", "sg-b"}) {
		t.Fatalf("instance %+v", in)
	}
	x.NetworkInterfaces = nil
	x.SecurityGroups = []types.GroupIdentifier{{GroupId: sdk.String("sg-c")}}
	if in := InstanceFromSDK(x, nil); !slices.Equal(in.Groups, []string{"sg-c"}) || in.PublicIPName != "" {
		t.Fatalf("instance without interfaces %+v", in)
	}
	if in := InstanceFromSDK(nil, nil); in.ID != "" {
		t.Fatalf("nil instance gave %+v", in)
	}
}

func TestGroupFromSDK_OneRulePerPeer(t *testing.T) {
	g := GroupFromSDK(types.SecurityGroup{
		GroupId: sdk.String("sg-1"), Tags: tags("mhson-sg-public"),
		IpPermissions: []types.IpPermission{{
			IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(22), ToPort: sdk.Int32(22),
			IpRanges:         []types.IpRange{{CidrIp: sdk.String("203.0.113.7/32")}},
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-2")}},
			PrefixListIds:    []types.PrefixListId{{PrefixListId: sdk.String("pl-1")}},
		}},
		IpPermissionsEgress: []types.IpPermission{{
			IpProtocol: sdk.String("-1"), FromPort: sdk.Int32(0), ToPort: sdk.Int32(0),
			IpRanges: []types.IpRange{{CidrIp: sdk.String("0.0.0.0/0")}},
		}},
	})
	want := []Rule{
		{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "203.0.113.7/32"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, Group: "sg-2"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, PrefixList: "pl-1"},
	}
	if g.Name != "mhson-sg-public" || !slices.Equal(g.Ingress, want) {
		t.Fatalf("ingress %+v", g.Ingress)
	}
	if !slices.Equal(g.Egress, []Rule{{Protocol: "-1", FromPort: -1, ToPort: -1, CIDR: "0.0.0.0/0"}}) {
		t.Fatalf("egress %+v", g.Egress)
	}
}

func TestRouteTableFromSDK_TargetsAndMain(t *testing.T) {
	rt := RouteTableFromSDK(types.RouteTable{
		RouteTableId: sdk.String("rtb-1"),
		Associations: []types.RouteTableAssociation{{Main: sdk.Bool(true)}, {SubnetId: sdk.String("subnet-1")}},
		Routes: []types.Route{
			{DestinationCidrBlock: sdk.String("192.168.11.0/24"), GatewayId: sdk.String("local")},
			{DestinationCidrBlock: sdk.String("0.0.0.0/0"), NatGatewayId: sdk.String("nat-1"), State: types.RouteStateBlackhole},
			{DestinationCidrBlock: sdk.String("10.0.0.0/8"), VpcPeeringConnectionId: sdk.String("pcx-1")},
			{DestinationIpv6CidrBlock: sdk.String("::/0"), GatewayId: sdk.String("igw-1")},
		},
	})
	want := []Route{
		{Destination: "192.168.11.0/24", Target: "local", State: "active"},
		{Destination: "0.0.0.0/0", Target: "nat-1", State: "blackhole"},
		{Destination: "10.0.0.0/8", Target: "pcx-1", State: "active"},
	}
	if !rt.Main || !slices.Equal(rt.Subnets, []string{"subnet-1"}) || !slices.Equal(rt.Routes, want) {
		t.Fatalf("route table %+v", rt)
	}
}

func TestIGWAndNACLFromSDK(t *testing.T) {
	for state, want := range map[types.AttachmentStatus]bool{"available": true, types.AttachmentStatusAttached: true, types.AttachmentStatusDetaching: false} {
		g := IGWFromSDK(types.InternetGateway{
			InternetGatewayId: sdk.String("igw-1"),
			Attachments:       []types.InternetGatewayAttachment{{VpcId: sdk.String("vpc-1"), State: state}},
		}, "vpc-1")
		if g.Attached != want {
			t.Errorf("attachment %s: attached=%v", state, g.Attached)
		}
	}
	if g := IGWFromSDK(types.InternetGateway{Attachments: []types.InternetGatewayAttachment{{VpcId: sdk.String("vpc-2"), State: "available"}}}, "vpc-1"); g.Attached {
		t.Error("a gateway of another VPC counts as attached")
	}
	n := NACLFromSDK(types.NetworkAcl{
		NetworkAclId: sdk.String("acl-1"), IsDefault: sdk.Bool(true),
		Associations: []types.NetworkAclAssociation{{SubnetId: sdk.String("subnet-1")}},
		Entries: []types.NetworkAclEntry{
			{RuleNumber: sdk.Int32(100), Protocol: sdk.String("-1"), CidrBlock: sdk.String("0.0.0.0/0"), RuleAction: types.RuleActionAllow, Egress: sdk.Bool(true)},
			{RuleNumber: sdk.Int32(101), Protocol: sdk.String("-1"), Ipv6CidrBlock: sdk.String("::/0"), RuleAction: types.RuleActionAllow},
			{
				RuleNumber: sdk.Int32(10), Protocol: sdk.String("6"), CidrBlock: sdk.String("10.0.0.0/8"), RuleAction: types.RuleActionDeny,
				PortRange: &types.PortRange{From: sdk.Int32(22), To: sdk.Int32(23)},
			},
			{
				RuleNumber: sdk.Int32(20), Protocol: sdk.String("1"), CidrBlock: sdk.String("10.0.0.0/8"), RuleAction: types.RuleActionAllow,
				IcmpTypeCode: &types.IcmpTypeCode{Type: sdk.Int32(8), Code: sdk.Int32(0)},
			},
		},
	})
	want := []NACLEntry{
		{Number: 100, Egress: true, Protocol: "-1", FromPort: 0, ToPort: 65535, ICMPType: -1, CIDR: "0.0.0.0/0", Allow: true},
		{Number: 10, Protocol: "6", FromPort: 22, ToPort: 23, ICMPType: -1, CIDR: "10.0.0.0/8"},
		{Number: 20, Protocol: "1", FromPort: 0, ToPort: 65535, ICMPType: 8, CIDR: "10.0.0.0/8", Allow: true},
	}
	if !n.Default || !slices.Equal(n.Subnets, []string{"subnet-1"}) || !slices.Equal(n.Entries, want) {
		t.Fatalf("nacl %+v", n)
	}
}
