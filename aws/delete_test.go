package aws

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestDelete_RefusesForeignWithoutCallingAWS(t *testing.T) {
	cases := []struct {
		name         string
		stack, owner string
	}{
		{"other stack", "kim", testOwner},
		{"other owner", "mhson", "arn:aws:iam::123456789012:user/kim"},
		{"both differ", "kim", "arn:aws:iam::123456789012:user/kim"},
		{"no owner tag", "mhson", ""},
		{"no tags at all", "", ""},
	}
	for _, k := range describable() {
		for _, tc := range cases {
			t.Run(k.String()+"/"+tc.name, func(t *testing.T) {
				f := newFake() // no script: any call panics
				obj := Found{Kind: k, ID: "id-1", Name: "x", Stack: tc.stack, Owner: tc.owner}
				err := testClient(f).Delete(context.Background(), obj, "mhson", testOwner, time.Second)
				if !errors.Is(err, ErrForeign) {
					t.Fatalf("Delete = %v, want ErrForeign", err)
				}
				if !strings.Contains(err.Error(), "id-1") {
					t.Errorf("message %q does not name the object", err)
				}
				f.mu.Lock()
				defer f.mu.Unlock()
				if len(f.calls) != 0 {
					t.Errorf("AWS calls %v for a foreign object", f.calls)
				}
			})
		}
	}
}

func mine(k Kind, id string) Found {
	return Found{Kind: k, ID: id, Name: "mhson-" + k.String(), Stack: "mhson", Role: k.String(), Owner: testOwner}
}

func TestDelete_AlreadyGoneCountsAsDeleted(t *testing.T) {
	f := newFake()
	on(f, "DeleteVpc", func(*ec2.DeleteVpcInput) (*ec2.DeleteVpcOutput, error) {
		return nil, apiError("DeleteVpc", 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
	})
	on(f, "DeleteSubnet", func(*ec2.DeleteSubnetInput) (*ec2.DeleteSubnetOutput, error) {
		return nil, apiError("DeleteSubnet", 400, "DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted.")
	})
	c := testClient(f)
	if err := c.Delete(context.Background(), mine(KindVPC, "vpc-1"), "mhson", testOwner, time.Second); err != nil {
		t.Errorf("deleting a VPC already gone: %v", err)
	}
	err := c.Delete(context.Background(), mine(KindSubnet, "subnet-1"), "mhson", testOwner, time.Second)
	if !errors.Is(err, ErrDependency) {
		t.Errorf("deleting a subnet in use: %v, want ErrDependency", err)
	}
}

func TestDelete_DetachesAndDisassociatesFirst(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	var order []string
	record := func(s string) { order = append(order, s) }
	on(f, "DetachInternetGateway", func(in *ec2.DetachInternetGatewayInput) (*ec2.DetachInternetGatewayOutput, error) {
		record("detach " + sdk.ToString(in.VpcId))
		return &ec2.DetachInternetGatewayOutput{}, nil
	})
	on(f, "DeleteInternetGateway", func(in *ec2.DeleteInternetGatewayInput) (*ec2.DeleteInternetGatewayOutput, error) {
		record("delete " + sdk.ToString(in.InternetGatewayId))
		return &ec2.DeleteInternetGatewayOutput{}, nil
	})
	on(f, "DisassociateRouteTable", func(in *ec2.DisassociateRouteTableInput) (*ec2.DisassociateRouteTableOutput, error) {
		record("disassociate " + sdk.ToString(in.AssociationId))
		return &ec2.DisassociateRouteTableOutput{}, nil
	})
	on(f, "DeleteRouteTable", func(in *ec2.DeleteRouteTableInput) (*ec2.DeleteRouteTableOutput, error) {
		record("delete " + sdk.ToString(in.RouteTableId))
		return &ec2.DeleteRouteTableOutput{}, nil
	})
	on(f, "DisassociateAddress", func(in *ec2.DisassociateAddressInput) (*ec2.DisassociateAddressOutput, error) {
		record("disassociate " + sdk.ToString(in.AssociationId))
		// Terminating the instance already let go of the address.
		return nil, apiError("DisassociateAddress", 400, "InvalidAssociationID.NotFound", "gone")
	})
	on(f, "ReleaseAddress", func(in *ec2.ReleaseAddressInput) (*ec2.ReleaseAddressOutput, error) {
		record("release " + sdk.ToString(in.AllocationId))
		return &ec2.ReleaseAddressOutput{}, nil
	})
	c := testClient(f)

	igw := mine(KindInternetGateway, "igw-1")
	igw.IGW = &types.InternetGateway{Attachments: []types.InternetGatewayAttachment{{VpcId: sdk.String("vpc-1")}}}
	rt := mine(KindRouteTable, "rtb-1")
	rt.RouteTable = &types.RouteTable{Associations: []types.RouteTableAssociation{
		{Main: sdk.Bool(true), RouteTableAssociationId: sdk.String("rtbassoc-main")},
		{SubnetId: sdk.String("subnet-1"), RouteTableAssociationId: sdk.String("rtbassoc-1")},
	}}
	eip := mine(KindElasticIP, "eipalloc-1")
	eip.Address = &types.Address{AllocationId: sdk.String("eipalloc-1"), AssociationId: sdk.String("eipassoc-1"), InstanceId: sdk.String("i-1")}
	for _, obj := range []Found{igw, rt, eip} {
		if err := c.Delete(ctx, obj, "mhson", testOwner, time.Second); err != nil {
			t.Errorf("Delete %v: %v", obj.Kind, err)
		}
	}
	want := []string{
		"detach vpc-1", "delete igw-1",
		"disassociate rtbassoc-1", "delete rtb-1",
		"disassociate eipassoc-1", "release eipalloc-1",
	}
	if !slices.Equal(order, want) {
		t.Errorf("calls %v, want %v (a main association is never removed)", order, want)
	}
}

func TestDelete_InstanceWaitsForTermination(t *testing.T) {
	f := newFake()
	on(f, "TerminateInstances", func(in *ec2.TerminateInstancesInput) (*ec2.TerminateInstancesOutput, error) {
		if !slices.Equal(in.InstanceIds, []string{"i-1"}) {
			t.Errorf("TerminateInstances %v", in.InstanceIds)
		}
		return &ec2.TerminateInstancesOutput{}, nil
	})
	on(f, "DescribeInstances", func(*ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		state := types.InstanceStateNameShuttingDown
		if f.count("DescribeInstances") >= 3 {
			state = types.InstanceStateNameTerminated
		}
		return &ec2.DescribeInstancesOutput{Reservations: []types.Reservation{{Instances: []types.Instance{{
			InstanceId: sdk.String("i-1"), State: &types.InstanceState{Name: state},
		}}}}}, nil
	})
	if err := testClient(f).Delete(context.Background(), mine(KindInstance, "i-1"), "mhson", testOwner, 10*time.Second); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if n := f.count("DescribeInstances"); n != 3 {
		t.Errorf("DescribeInstances called %d times, want 3 (until terminated)", n)
	}
}

func TestRevokeGroupReferences_OnlyGroupRules(t *testing.T) {
	sg := bastionGroup(
		tcpFrom(8080, "0.0.0.0/0", "web"),
		types.IpPermission{
			IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(22), ToPort: sdk.Int32(22),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-0bastion")}},
		},
	)
	f := newFake()
	on(f, "RevokeSecurityGroupIngress", func(*ec2.RevokeSecurityGroupIngressInput) (*ec2.RevokeSecurityGroupIngressOutput, error) {
		return &ec2.RevokeSecurityGroupIngressOutput{}, nil
	})
	if err := testClient(f).RevokeGroupReferences(context.Background(), sg); err != nil {
		t.Fatal(err)
	}
	ins := inputsOf[*ec2.RevokeSecurityGroupIngressInput](t, f, "RevokeSecurityGroupIngress")
	if len(ins) != 1 {
		t.Fatalf("RevokeSecurityGroupIngress called %d times", len(ins))
	}
	got := Rules(&types.SecurityGroup{IpPermissions: ins[0].IpPermissions})
	if !slices.Equal(got, []Rule{{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceGroup: "sg-0bastion"}}) {
		t.Errorf("revoked %+v, want only the group reference", got)
	}

	// A group with no references needs no call.
	f = newFake()
	if err := testClient(f).RevokeGroupReferences(context.Background(), bastionGroup(tcpFrom(22, "1.2.3.4/32", ""))); err != nil || len(f.mutating()) != 0 {
		t.Errorf("no references: err=%v calls=%v", err, f.mutating())
	}
}

// TestDelete_NATAddressWaitsOutTransientRefusals: just after its NAT
// gateway is deleted, AWS answers AuthFailure, then
// InvalidNetworkInterfaceID.NotFound, for the gateway's address; neither
// means released, so the release is tried again (reported as a wait) until
// it goes. For an address on a server, AuthFailure is a real refusal.
func TestDelete_NATAddressWaitsOutTransientRefusals(t *testing.T) {
	f := newFake()
	answers := []string{"AuthFailure", "InvalidNetworkInterfaceID.NotFound", ""}
	on(f, "ReleaseAddress", func(*ec2.ReleaseAddressInput) (*ec2.ReleaseAddressOutput, error) {
		code := answers[min(f.count("ReleaseAddress")-1, len(answers)-1)]
		if code != "" {
			return nil, apiError("ReleaseAddress", 400, code, "The networkInterface ID 'eni-1' does not exist")
		}
		return &ec2.ReleaseAddressOutput{}, nil
	})
	nat := mine(KindElasticIP, "eipalloc-nat")
	nat.Address = &types.Address{AllocationId: sdk.String("eipalloc-nat"), NetworkInterfaceId: sdk.String("eni-1")}
	var notes []Note
	ctx := WithNotes(context.Background(), func(n Note) { notes = append(notes, n) })
	c := testClient(f)
	c.Patience.Blocked = 5 * time.Second
	if err := c.Delete(ctx, nat, "mhson", testOwner, time.Second); err != nil {
		t.Fatalf("releasing a NAT gateway's address: %v", err)
	}
	if n := f.count("ReleaseAddress"); n != 3 || len(notes) != 2 || notes[0].Key != NoteBlocked || notes[0].Args[0] != BlockedNATAddress {
		t.Errorf("%d releases, notes %+v; want 3 and two waits naming the NAT gateway", n, notes)
	}

	f = newFake()
	on(f, "ReleaseAddress", func(*ec2.ReleaseAddressInput) (*ec2.ReleaseAddressOutput, error) {
		return nil, apiError("ReleaseAddress", 400, "AuthFailure", "You do not have permission to access the specified resource.")
	})
	server := mine(KindElasticIP, "eipalloc-web")
	server.Address = &types.Address{AllocationId: sdk.String("eipalloc-web")}
	err := testClient(f).Delete(context.Background(), server, "mhson", testOwner, time.Second)
	if !errors.Is(err, ErrAuth) || f.count("ReleaseAddress") != 1 {
		t.Errorf("a server's address refused: %v after %d calls; want ErrAuth at once", err, f.count("ReleaseAddress"))
	}
}
