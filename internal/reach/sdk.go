package reach

import (
	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
)

// The converters below turn the SDK's descriptions into a Snapshot's plain
// values. They only read; describing is the aws package's job.

func nameTag(tags []types.Tag) string {
	for _, t := range tags {
		if sdk.ToString(t.Key) == "Name" {
			return sdk.ToString(t.Value)
		}
	}
	return ""
}

// InstanceFromSDK reads a server. Its groups are those of its network
// interfaces: an instance launched with an interface spec may list none of
// its own (moto does this), and an interface is what a group applies to.
// eips are the VPC's Elastic IPs, to name the one behind the public IP.
func InstanceFromSDK(x *types.Instance, eips []types.Address) Instance {
	if x == nil {
		return Instance{}
	}
	in := Instance{
		ID:        sdk.ToString(x.InstanceId),
		Name:      nameTag(x.Tags),
		SubnetID:  sdk.ToString(x.SubnetId),
		PrivateIP: sdk.ToString(x.PrivateIpAddress),
		PublicIP:  sdk.ToString(x.PublicIpAddress),
	}
	if in.Name == "" {
		in.Name = in.ID
	}
	if x.State != nil {
		in.State = string(x.State.Name)
	}
	add := func(id string) {
		for _, g := range in.Groups {
			if g == id {
				return
			}
		}
		in.Groups = append(in.Groups, id)
	}
	for _, ni := range x.NetworkInterfaces {
		for _, g := range ni.Groups {
			add(sdk.ToString(g.GroupId))
		}
	}
	if len(in.Groups) == 0 {
		for _, g := range x.SecurityGroups {
			add(sdk.ToString(g.GroupId))
		}
	}
	for _, e := range eips {
		if in.PublicIP != "" && sdk.ToString(e.PublicIp) == in.PublicIP {
			in.PublicIPName = nameTag(e.Tags)
		}
	}
	return in
}

// GroupFromSDK reads a security group's ingress and egress rules, one Rule
// per peer.
func GroupFromSDK(g types.SecurityGroup) Group {
	return Group{
		ID:      sdk.ToString(g.GroupId),
		Name:    nameTag(g.Tags),
		Ingress: rulesFromSDK(g.IpPermissions),
		Egress:  rulesFromSDK(g.IpPermissionsEgress),
	}
}

func rulesFromSDK(ps []types.IpPermission) []Rule {
	rs := aws.PermissionRules(ps)
	out := make([]Rule, len(rs))
	for i, r := range rs {
		out[i] = Rule{Protocol: r.Protocol, FromPort: r.FromPort, ToPort: r.ToPort, CIDR: r.CIDR, Group: r.SourceGroup, PrefixList: r.PrefixList}
		if protoName(r.Protocol) == "-1" {
			out[i].FromPort, out[i].ToPort = -1, -1
		}
	}
	return out
}

// RouteTableFromSDK reads a route table, its explicit subnet associations
// and whether it is the VPC's main table. IPv6 and prefix-list routes are
// left out: the mission's servers have IPv4 addresses only.
func RouteTableFromSDK(t types.RouteTable) RouteTable {
	rt := RouteTable{ID: sdk.ToString(t.RouteTableId), Name: nameTag(t.Tags)}
	for _, a := range t.Associations {
		if sdk.ToBool(a.Main) {
			rt.Main = true
		}
		if s := sdk.ToString(a.SubnetId); s != "" {
			rt.Subnets = append(rt.Subnets, s)
		}
	}
	for _, r := range t.Routes {
		dst := sdk.ToString(r.DestinationCidrBlock)
		if dst == "" {
			continue
		}
		target := sdk.ToString(r.GatewayId)
		for _, t := range []*string{r.NatGatewayId, r.NetworkInterfaceId, r.InstanceId, r.VpcPeeringConnectionId, r.TransitGatewayId, r.EgressOnlyInternetGatewayId} {
			if target == "" {
				target = sdk.ToString(t)
			}
		}
		state := string(r.State)
		if state == "" {
			state = "active"
		}
		rt.Routes = append(rt.Routes, Route{Destination: dst, Target: target, State: state})
	}
	return rt
}

// NATFromSDK reads a NAT gateway and its first address.
func NATFromSDK(n types.NatGateway) NAT {
	out := NAT{
		ID: sdk.ToString(n.NatGatewayId), Name: nameTag(n.Tags),
		State: string(n.State), SubnetID: sdk.ToString(n.SubnetId),
	}
	for _, a := range n.NatGatewayAddresses {
		if out.PublicIP == "" {
			out.PublicIP = sdk.ToString(a.PublicIp)
		}
		if out.PrivateIP == "" {
			out.PrivateIP = sdk.ToString(a.PrivateIp)
		}
	}
	return out
}

// IGWFromSDK reads an internet gateway and whether it is attached to vpcID.
func IGWFromSDK(g types.InternetGateway, vpcID string) IGW {
	out := IGW{ID: sdk.ToString(g.InternetGatewayId), Name: nameTag(g.Tags)}
	for _, a := range g.Attachments {
		// AWS reports an attached gateway as "available", not "attached".
		if sdk.ToString(a.VpcId) == vpcID && (a.State == types.AttachmentStatusAttached || a.State == "available") {
			out.Attached = true
		}
	}
	return out
}

// SubnetFromSDK reads a subnet.
func SubnetFromSDK(s types.Subnet) Subnet {
	return Subnet{ID: sdk.ToString(s.SubnetId), Name: nameTag(s.Tags), CIDR: sdk.ToString(s.CidrBlock)}
}

// NACLFromSDK reads a network ACL, its subnets and its IPv4 entries.
func NACLFromSDK(n types.NetworkAcl) NACL {
	out := NACL{ID: sdk.ToString(n.NetworkAclId), Name: nameTag(n.Tags), Default: sdk.ToBool(n.IsDefault)}
	for _, a := range n.Associations {
		if s := sdk.ToString(a.SubnetId); s != "" {
			out.Subnets = append(out.Subnets, s)
		}
	}
	for _, e := range n.Entries {
		cidr := sdk.ToString(e.CidrBlock)
		if cidr == "" {
			continue
		}
		x := NACLEntry{
			Number: sdk.ToInt32(e.RuleNumber), Egress: sdk.ToBool(e.Egress),
			Protocol: sdk.ToString(e.Protocol), CIDR: cidr, Allow: e.RuleAction == types.RuleActionAllow,
			FromPort: 0, ToPort: 65535, ICMPType: -1,
		}
		if e.PortRange != nil {
			x.FromPort, x.ToPort = sdk.ToInt32(e.PortRange.From), sdk.ToInt32(e.PortRange.To)
		}
		if e.IcmpTypeCode != nil {
			x.ICMPType = sdk.ToInt32(e.IcmpTypeCode.Type)
		}
		out.Entries = append(out.Entries, x)
	}
	return out
}
