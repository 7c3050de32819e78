package aws

import (
	"context"
	"errors"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Delete removes one object found by the stack's tags. It refuses an object
// whose stack or owner tag differs from what the caller expects: nothing
// without this stack's tags is ever changed or deleted. An object that is
// already gone counts as deleted.
func (c *Client) Delete(ctx context.Context, f Found, stack, owner string, timeout time.Duration) error {
	if f.Stack != stack || f.Owner != owner {
		return &Error{
			Op: "delete " + f.Kind.String() + " " + f.ID, Kind: ErrForeign,
			Message: "it is tagged for stack " + f.Stack + " of " + f.Owner + ", not this stack; left alone",
		}
	}
	err := c.delete(ctx, f, timeout)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func (c *Client) delete(ctx context.Context, f Found, timeout time.Duration) error {
	op := "delete " + f.Kind.String() + " " + f.Name + " (" + f.ID + ")"
	switch f.Kind {
	case KindInstance:
		if _, err := c.EC2.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{f.ID}}); err != nil {
			return classify(op, err)
		}
		w := ec2.NewInstanceTerminatedWaiter(c.EC2, func(o *ec2.InstanceTerminatedWaiterOptions) {
			o.MinDelay, o.MaxDelay = c.PollMin, c.PollMax
		})
		return classify(op, w.Wait(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{f.ID}}, timeout))
	case KindNATGateway:
		if _, err := c.EC2.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: sdk.String(f.ID)}); err != nil {
			return classify(op, err)
		}
		w := ec2.NewNatGatewayDeletedWaiter(c.EC2, func(o *ec2.NatGatewayDeletedWaiterOptions) {
			o.MinDelay, o.MaxDelay = c.PollMin, c.PollMax
		})
		return classify(op, w.Wait(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{f.ID}}, timeout))
	case KindElasticIP:
		if f.Address != nil && f.Address.AssociationId != nil && sdk.ToString(f.Address.InstanceId) != "" {
			_, err := c.EC2.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: f.Address.AssociationId})
			if err != nil && !errors.Is(classify("", err), ErrNotFound) {
				return classify(op, err)
			}
		}
		_, err := c.EC2.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: sdk.String(f.ID)})
		return classify(op, err)
	case KindRouteTable:
		if f.RouteTable != nil {
			for _, a := range f.RouteTable.Associations {
				if sdk.ToBool(a.Main) {
					continue
				}
				_, err := c.EC2.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
				if err != nil && !errors.Is(classify("", err), ErrNotFound) {
					return classify(op, err)
				}
			}
		}
		_, err := c.EC2.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: sdk.String(f.ID)})
		return classify(op, err)
	case KindInternetGateway:
		if f.IGW != nil {
			for _, a := range f.IGW.Attachments {
				_, err := c.EC2.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{
					InternetGatewayId: sdk.String(f.ID), VpcId: a.VpcId,
				})
				if err != nil && !errors.Is(classify("", err), ErrNotFound) {
					return classify(op, err)
				}
			}
		}
		_, err := c.EC2.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: sdk.String(f.ID)})
		return classify(op, err)
	case KindSubnet:
		_, err := c.EC2.DeleteSubnet(ctx, &ec2.DeleteSubnetInput{SubnetId: sdk.String(f.ID)})
		return classify(op, err)
	case KindSecurityGroup:
		_, err := c.EC2.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: sdk.String(f.ID)})
		return classify(op, err)
	case KindVPC:
		_, err := c.EC2.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: sdk.String(f.ID)})
		return classify(op, err)
	case KindKeyPair:
		_, err := c.EC2.DeleteKeyPair(ctx, &ec2.DeleteKeyPairInput{KeyName: sdk.String(f.ID)})
		return classify(op, err)
	case KindRoute, KindSGRules:
		return nil
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
	_, err := c.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{
		GroupId: sdk.String(sg.ID), IpPermissions: refs,
	})
	if errors.Is(classify("", err), ErrNotFound) {
		return nil
	}
	return classify("revoke group references of "+sg.Name, err)
}
