package aws

import (
	"context"
	"errors"
	"strings"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Blockers: what keeps a deletion waiting, as the argument of a NoteBlocked;
// the catalogue says each as "msg.run.blocked.<blocker>".
const (
	BlockedMapped     = "mapped"     // an internet gateway with public addresses still mapped in its VPC
	BlockedInUse      = "inuse"      // a security group a server's network interface still uses
	BlockedInterfaces = "interfaces" // a subnet that still holds network interfaces
	BlockedVPC        = "vpc"        // a VPC that still holds resources
	BlockedAttached   = "attached"   // an internet gateway still attached, or a table still associated
	BlockedNATAddress = "nataddress" // an Elastic IP AWS still ties to its deleted NAT gateway
)

// blockedBy recognises the refusals of a deletion that last only until
// something else is gone, and says what that is in a Note naming f.
func blockedBy(f Found, key string, codes ...string) func(code, msg string) (Note, bool) {
	return func(code, msg string) (Note, bool) {
		if code != "DependencyViolation" && !contains(codes, code) {
			return Note{}, false
		}
		k := key
		if strings.Contains(msg, "mapped public address") {
			k = BlockedMapped
		}
		return Note{Key: NoteBlocked, Args: []any{k}, ID: f.ID, Msg: catalog.Msg("msg.run.blocked."+k, nameOrID(f))}, true
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func nameOrID(f Found) string {
	if f.Name != "" {
		return f.Name
	}
	return f.ID
}

// Delete removes one object found by the stack's tags. It refuses an object
// whose stack or owner tag differs from what the caller expects: nothing
// without this stack's tags is ever changed or deleted. An object that is
// already gone counts as deleted. What real EC2 keeps blocking for a while
// (DependencyViolation while servers shut down and addresses are unmapped)
// is waited out within Patience.Blocked, each wait reported as a Note.
func (c *Client) Delete(ctx context.Context, f Found, stack, owner string, timeout time.Duration) error {
	if f.Stack != stack || !SameOwner(f.Owner, owner) {
		return &Error{
			Op: "delete " + f.Kind.String() + " " + f.ID, Kind: ErrForeign,
			Msg: catalog.Msg("aws.error.foreign", f.Stack, f.Owner),
		}
	}
	return c.delete(ctx, f, timeout)
}

func (c *Client) delete(ctx context.Context, f Found, timeout time.Duration) error {
	spec := kindSpecs[f.Kind]
	if spec.delete == nil {
		return nil // a part of another resource: it goes with it
	}
	return spec.delete(c, ctx, f, "delete "+f.Kind.String()+" "+f.Name+" ("+f.ID+")", timeout)
}

// del runs a deletion's call: it is done when the object is already gone
// (on its kind's own not-found code), and tried again after a lost reply.
func (c *Client) del(ctx context.Context, op string, k Kind, r rule, fn func(context.Context) error) error {
	r.gone, r.idempotent = kindSpecs[k].gone, true
	return c.call(ctx, op, r, fn)
}

func deleteInstance(c *Client, ctx context.Context, f Found, op string, timeout time.Duration) error {
	// An instance already shutting down (a destroy interrupted after
	// its call) is only waited for; terminating it again is harmless
	// but needless.
	if f.State != string(types.InstanceStateNameShuttingDown) {
		err := c.del(ctx, op, f.Kind, rule{}, func(ctx context.Context) error {
			_, err := c.EC2.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{f.ID}})
			return err
		})
		if errors.Is(err, ErrNotFound) && c.terminated(ctx, op, f.ID) {
			// Another not-found (moto names the instance's network
			// interface for one terminated already) proves nothing
			// alone; AWS advises confirming with a describe
			// (https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html).
			err = nil
		}
		if err != nil {
			return err
		}
	}
	return c.WaitInstanceTerminated(ctx, f, timeout)
}

func deleteNATGateway(c *Client, ctx context.Context, f Found, op string, timeout time.Duration) error {
	if f.State != string(types.NatGatewayStateDeleting) {
		err := c.del(ctx, op, f.Kind, rule{}, func(ctx context.Context) error {
			_, err := c.EC2.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: sdk.String(f.ID)})
			return err
		})
		if err != nil {
			return err
		}
	}
	return c.WaitNATGatewayDeleted(ctx, f, timeout)
}

func deleteElasticIP(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	if f.Address != nil && f.Address.AssociationId != nil && sdk.ToString(f.Address.InstanceId) != "" {
		err := c.call(ctx, op, rule{gone: []string{"InvalidAssociationID.NotFound"}, idempotent: true}, func(ctx context.Context) error {
			_, err := c.EC2.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: f.Address.AssociationId})
			return err
		})
		if err != nil {
			return err
		}
	}
	// Just after its NAT gateway is deleted, AWS answers AuthFailure,
	// then InvalidNetworkInterfaceID.NotFound, for an address it still
	// ties to the gateway's interface
	// (https://github.com/kubernetes/kops/issues/938,
	// https://github.com/hashicorp/terraform-provider-aws/issues/49299):
	// both pass, so both are waited out, never taken for "released".
	// Only for an address a NAT gateway held (on an interface that is
	// no instance's): anywhere else an AuthFailure is what it says.
	codes := []string{"InvalidIPAddress.InUse"}
	if f.Address != nil && sdk.ToString(f.Address.InstanceId) == "" && sdk.ToString(f.Address.NetworkInterfaceId) != "" {
		codes = append(codes, "AuthFailure", "InvalidNetworkInterfaceID.NotFound")
	}
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedNATAddress, codes...)},
		func(ctx context.Context) error {
			_, err := c.EC2.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: sdk.String(f.ID)})
			return err
		})
}

func deleteRouteTable(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	if f.RouteTable != nil {
		for _, a := range f.RouteTable.Associations {
			if sdk.ToBool(a.Main) {
				continue
			}
			err := c.call(ctx, op, rule{gone: []string{"InvalidAssociationID.NotFound"}, idempotent: true}, func(ctx context.Context) error {
				_, err := c.EC2.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedAttached)}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: sdk.String(f.ID)})
		return err
	})
}

func deleteInternetGateway(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	if f.IGW != nil {
		for _, a := range f.IGW.Attachments {
			// Gateway.NotAttached: a detach whose reply was lost, or a
			// gateway detached by hand.
			err := c.call(ctx, op, rule{
				gone: append([]string{"Gateway.NotAttached"}, kindSpecs[KindInternetGateway].gone...), idempotent: true,
				blocked: blockedBy(f, BlockedMapped),
			}, func(ctx context.Context) error {
				_, err := c.EC2.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{
					InternetGatewayId: sdk.String(f.ID), VpcId: a.VpcId,
				})
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedAttached)}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: sdk.String(f.ID)})
		return err
	})
}

func deleteSubnet(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedInterfaces)}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: sdk.String(f.ID)})
		return err
	})
}

func deleteSecurityGroup(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedInUse)}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: sdk.String(f.ID)})
		return err
	})
}

func deleteVPC(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	return c.del(ctx, op, f.Kind, rule{blocked: blockedBy(f, BlockedVPC)}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: sdk.String(f.ID)})
		return err
	})
}

func deleteKeyPair(c *Client, ctx context.Context, f Found, op string, _ time.Duration) error {
	return c.del(ctx, op, f.Kind, rule{}, func(ctx context.Context) error {
		_, err := c.EC2.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: sdk.String(f.ID)})
		return err
	})
}

// terminated reports whether a describe confirms the instance is gone or
// going.
func (c *Client) terminated(ctx context.Context, op, id string) bool {
	x, ok, err := c.instance(ctx, op, id, rule{gone: kindSpecs[KindInstance].gone, idempotent: true})
	if err != nil {
		return false
	}
	if !ok || x.State == nil {
		return true
	}
	return x.State.Name == types.InstanceStateNameTerminated || x.State.Name == types.InstanceStateNameShuttingDown
}

// WaitInstanceTerminated follows a terminated instance through
// shutting-down until it is gone, so that what its network interface held
// (its subnet, its security groups) can be deleted.
func (c *Client) WaitInstanceTerminated(ctx context.Context, f Found, timeout time.Duration) error {
	op := "wait for " + nameOrID(f) + " to terminate"
	r := rule{gone: kindSpecs[KindInstance].gone, idempotent: true}
	var last types.InstanceStateName
	err := c.poll(ctx, timeout, func(ctx context.Context) (bool, error) {
		x, ok, err := c.instance(ctx, op, f.ID, r)
		if err != nil || !ok || x.State == nil {
			// Not listed (any more): gone.
			return err == nil, err
		}
		if x.State.Name != last {
			last = x.State.Name
			notify(ctx, Note{Key: NoteState, Args: []any{string(last)}, ID: f.ID, Msg: catalog.Msg("msg.run.state", nameOrID(f), string(last))})
		}
		return x.State.Name == types.InstanceStateNameTerminated, nil
	})
	if err != nil {
		return waitError(op, err, timeout, string(last))
	}
	return nil
}

// WaitNATGatewayDeleted follows a NAT gateway through deleting until it is
// deleted: until then it holds its Elastic IP, its network interface in
// the subnet, and the VPC's mapped public address.
func (c *Client) WaitNATGatewayDeleted(ctx context.Context, f Found, timeout time.Duration) error {
	op := "wait for " + nameOrID(f) + " to be deleted"
	r := rule{gone: kindSpecs[KindNATGateway].gone, idempotent: true}
	var last types.NatGatewayState
	err := c.poll(ctx, timeout, func(ctx context.Context) (bool, error) {
		x, ok, err := c.natGateway(ctx, op, f.ID, r)
		if err != nil || !ok {
			return err == nil, err
		}
		if x.State != last {
			last = x.State
			notify(ctx, Note{Key: NoteState, Args: []any{string(last)}, ID: f.ID, Msg: catalog.Msg("msg.run.state", nameOrID(f), string(last))})
		}
		return x.State == types.NatGatewayStateDeleted, nil
	})
	if err != nil {
		return waitError(op, err, timeout, string(last))
	}
	return nil
}

// RevokeGroupReferences removes the rules of a group that name other groups,
// so that groups referring to each other can be deleted in any order.
func (c *Client) RevokeGroupReferences(ctx context.Context, sg Found) error {
	if sg.SG == nil {
		return nil
	}
	var refs []types.IpPermission
	for _, r := range Rules(sg.SG) {
		if r.SourceGroup != "" {
			refs = append(refs, r.permission())
		}
	}
	if len(refs) == 0 {
		return nil
	}
	err := c.call(ctx, "revoke group references of "+sg.Name, rule{gone: kindSpecs[KindSecurityGroup].gone, idempotent: true}, func(ctx context.Context) error {
		_, err := c.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{
			GroupId: sdk.String(sg.ID), IpPermissions: refs,
		})
		return err
	})
	// A rule already revoked (a retry after a lost reply) is what we want.
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
