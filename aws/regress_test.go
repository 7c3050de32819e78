package aws

import (
	"context"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Regression tests for bugs fixed in create(), FindRole, Inventory,
// ResolveAMI and Rules/EnsureIngress. Each failed against the code before
// its fix.

// A lost create reply followed by a throttled look-up must look again, not
// create a second VPC: the first VPC may well exist.
func TestRegress_CreateLooksAgainWhenTheLookUpFails(t *testing.T) {
	m := vpcMeta()
	f := newFake()
	on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
		if f.count("CreateVpc") == 1 {
			return nil, connReset("CreateVpc") // AWS made vpc-0lost; only the reply was lost
		}
		v := vpcOf("vpc-0dup", m)
		return &ec2.CreateVpcOutput{Vpc: &v}, nil
	})
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		if f.count("DescribeVpcs") == 1 {
			return nil, apiError("DescribeVpcs", 503, "RequestLimitExceeded", "Request limit exceeded.")
		}
		return &ec2.DescribeVpcsOutput{Vpcs: []types.Vpc{vpcOf("vpc-0lost", m)}}, nil
	})
	got, err := testClient(f).CreateVPC(context.Background(), m, "192.168.11.0/24")
	if err != nil {
		t.Fatalf("CreateVPC: %v", err)
	}
	if n := f.count("CreateVpc"); n != 1 {
		t.Errorf("CreateVpc called %d times, want 1: a failed look-up must not lead to a second VPC", n)
	}
	if n := f.count("DescribeVpcs"); n != 2 {
		t.Errorf("DescribeVpcs called %d times, want 2 (throttled, then found)", n)
	}
	if got.ID != "vpc-0lost" || got.Kind != KindVPC {
		t.Errorf("CreateVPC = %+v, want vpc-0lost found by its tags", got)
	}
}

// An instance shutting down with the role's tags is an old one on its way
// out, never the one a lost RunInstances made.
func TestRegress_RunInstanceIgnoresShuttingDown(t *testing.T) {
	m := Meta{Stack: "mhson", Role: "ec2-web", Name: "mhson-ec2-web-2a", Owner: testOwner}
	f := newFake()
	on(f, "RunInstances", func(in *ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		if f.count("RunInstances") == 1 {
			// A reply lost: the launch may have happened, so the tags are
			// looked up before trying again.
			return nil, apiError("RunInstances", 503, "ServiceUnavailable", "Service unavailable.")
		}
		return runInstancesReply("i-new")(in)
	})
	on(f, "DescribeInstances", func(*ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		return &ec2.DescribeInstancesOutput{Reservations: []types.Reservation{{Instances: []types.Instance{{
			InstanceId: sdk.String("i-old"), Tags: m.tags(), State: &types.InstanceState{Name: types.InstanceStateNameShuttingDown},
		}}}}}, nil
	})
	got, err := testClient(f).RunInstance(context.Background(), m, InstanceSpec{AMI: "ami-1", Type: "t3.medium", DiskGB: 30})
	if err != nil {
		t.Fatalf("RunInstance: %v", err)
	}
	if got.ID != "i-new" {
		t.Errorf("RunInstance = %+v, want i-new (i-old is shutting down)", got)
	}
	if n := f.count("RunInstances"); n != 2 {
		t.Errorf("RunInstances called %d times, want 2", n)
	}
	if n := f.count("DescribeInstances"); n != 1 {
		t.Errorf("DescribeInstances called %d times, want 1", n)
	}
}

// moto ignores tag filters on DescribeNatGateways: the tags must be checked
// again on our side so that another stack's gateway never passes for ours.
func TestRegress_TagsCheckedClientSide(t *testing.T) {
	alpha := Meta{Stack: "alpha", Role: "nat", Name: "alpha-nat", Owner: testOwner}
	f := newFake()
	on(f, "DescribeNatGateways", func(*ec2.DescribeNatGatewaysInput) (*ec2.DescribeNatGatewaysOutput, error) {
		// Whatever the filter asks for, as moto does.
		return &ec2.DescribeNatGatewaysOutput{NatGateways: []types.NatGateway{{
			NatGatewayId: sdk.String("nat-0alpha"), State: types.NatGatewayStateAvailable, Tags: alpha.tags(),
		}}}, nil
	})
	on(f, "DescribeKeyPairs", func(*ec2.DescribeKeyPairsInput) (*ec2.DescribeKeyPairsOutput, error) {
		return &ec2.DescribeKeyPairsOutput{}, nil
	})
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{}, nil
	})
	on(f, "DescribeSubnets", func(*ec2.DescribeSubnetsInput) (*ec2.DescribeSubnetsOutput, error) {
		return &ec2.DescribeSubnetsOutput{}, nil
	})
	on(f, "DescribeInternetGateways", func(*ec2.DescribeInternetGatewaysInput) (*ec2.DescribeInternetGatewaysOutput, error) {
		return &ec2.DescribeInternetGatewaysOutput{}, nil
	})
	on(f, "DescribeAddresses", func(*ec2.DescribeAddressesInput) (*ec2.DescribeAddressesOutput, error) {
		return &ec2.DescribeAddressesOutput{}, nil
	})
	on(f, "DescribeRouteTables", func(*ec2.DescribeRouteTablesInput) (*ec2.DescribeRouteTablesOutput, error) {
		return &ec2.DescribeRouteTablesOutput{}, nil
	})
	on(f, "DescribeSecurityGroups", func(*ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
		return &ec2.DescribeSecurityGroupsOutput{}, nil
	})
	on(f, "DescribeInstances", func(*ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		return &ec2.DescribeInstancesOutput{}, nil
	})
	c := testClient(f)
	ctx := context.Background()

	beta, err := c.Inventory(ctx, "beta")
	if err != nil {
		t.Fatalf("Inventory(beta): %v", err)
	}
	if all := beta.All(); len(all) != 0 {
		t.Errorf("Inventory(beta) = %+v, want nothing: the gateway belongs to alpha", all)
	}
	if got, ok, err := c.FindRole(ctx, KindNATGateway, "beta", "nat"); err != nil || ok {
		t.Errorf("FindRole(nat-gateway, beta, nat) = %+v, %v, %v; want nothing found", got, ok, err)
	}

	inv, err := c.Inventory(ctx, "alpha")
	if err != nil {
		t.Fatalf("Inventory(alpha): %v", err)
	}
	if got, ok := inv.One("nat"); !ok || got.ID != "nat-0alpha" || got.Kind != KindNATGateway {
		t.Errorf("Inventory(alpha).One(nat) = %+v, %v; want nat-0alpha", got, ok)
	}
	if got, ok, err := c.FindRole(ctx, KindNATGateway, "alpha", "nat"); err != nil || !ok || got.ID != "nat-0alpha" {
		t.Errorf("FindRole(nat-gateway, alpha, nat) = %+v, %v, %v; want nat-0alpha", got, ok, err)
	}
}

// Two images registered in the same second: the build serial decides, not
// the whole name (where "hvm-ssd/" sorts after "hvm-ssd-gp3/").
func TestRegress_ResolveAMITieBrokenBySerial(t *testing.T) {
	const same = "2025-05-16T09:12:33.000Z"
	for name, images := range map[string][]types.Image{
		"gp3 first": {
			image("ami-gp3-new", "ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-20250516", same),
			image("ami-ssd-old", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301", same),
		},
		"gp3 last": {
			image("ami-ssd-old", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301", same),
			image("ami-gp3-new", "ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-20250516", same),
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake()
			on(f, "DescribeImages", func(*ec2.DescribeImagesInput) (*ec2.DescribeImagesOutput, error) {
				return &ec2.DescribeImagesOutput{Images: images}, nil
			})
			id, _, err := testClient(f).ResolveAMI(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if id != "ami-gp3-new" {
				t.Errorf("ResolveAMI = %q, want ami-gp3-new (serial 20250516)", id)
			}
		})
	}
}

// IPv6 and prefix-list rules the plan does not have must be revoked too;
// they used to be invisible to Rules and so stayed open.
func TestRegress_EnsureIngressRevokesIPv6AndPrefixListRules(t *testing.T) {
	sg := bastionGroup(
		tcpFrom(8080, "0.0.0.0/0", "web"),
		types.IpPermission{
			IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(22), ToPort: sdk.Int32(22),
			Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: sdk.String("::/0")}},
		},
		types.IpPermission{
			IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(443), ToPort: sdk.Int32(443),
			PrefixListIds: []types.PrefixListId{{PrefixListId: sdk.String("pl-123")}},
		},
	)
	want := []Rule{{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0", Description: "web"}}
	f := newFake()
	on(f, "RevokeSecurityGroupIngress", func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
		return &ec2.RevokeSecurityGroupIngressOutput{}, nil
	})
	on(f, "AuthorizeSecurityGroupIngress", func(*ec2.AuthorizeSecurityGroupIngressInput) (*ec2.AuthorizeSecurityGroupIngressOutput, error) {
		return &ec2.AuthorizeSecurityGroupIngressOutput{}, nil
	})
	changed, err := testClient(f).EnsureIngress(context.Background(), sg, vpcMeta(), want)
	if err != nil || !changed {
		t.Fatalf("EnsureIngress = %v, %v; want changed", changed, err)
	}
	if n := f.count("AuthorizeSecurityGroupIngress"); n != 0 {
		t.Errorf("AuthorizeSecurityGroupIngress called %d times, want 0", n)
	}
	revokes := inputsOf[*ec2.RevokeSecurityGroupIngressInput](t, f, "RevokeSecurityGroupIngress")
	if len(revokes) != 1 {
		t.Fatalf("RevokeSecurityGroupIngress called %d times, want 1", len(revokes))
	}
	if sdk.ToString(revokes[0].GroupId) != "sg-0bastion" {
		t.Errorf("revoke on %q", sdk.ToString(revokes[0].GroupId))
	}
	var v6, pl, web int
	for _, p := range revokes[0].IpPermissions {
		port := sdk.ToInt32(p.FromPort)
		for _, r := range p.Ipv6Ranges {
			if sdk.ToString(r.CidrIpv6) == "::/0" && port == 22 && sdk.ToInt32(p.ToPort) == 22 && sdk.ToString(p.IpProtocol) == "tcp" {
				v6++
			}
		}
		for _, x := range p.PrefixListIds {
			if sdk.ToString(x.PrefixListId) == "pl-123" && port == 443 && sdk.ToInt32(p.ToPort) == 443 && sdk.ToString(p.IpProtocol) == "tcp" {
				pl++
			}
		}
		for _, r := range p.IpRanges {
			if sdk.ToString(r.CidrIp) == "0.0.0.0/0" {
				web++
			}
		}
		if port == 8080 {
			web++
		}
	}
	if v6 != 1 || pl != 1 || web != 0 {
		t.Errorf("revoked %+v: want 22 from ::/0 in Ipv6Ranges and 443 from pl-123 in PrefixListIds, once each, and not 8080", revokes[0].IpPermissions)
	}
}
