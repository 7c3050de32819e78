package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Converging changes a part of a resource only when it differs from what the
// plan says, so an apply with nothing left to do makes no mutating call.

// EnsureDNSHostnames turns on DNS hostnames for the VPC if they are off.
func (c *Client) EnsureDNSHostnames(ctx context.Context, vpcID string) (changed bool, err error) {
	var r *ec2.DescribeVpcAttributeOutput
	err = c.call(ctx, "read DNS hostnames of "+vpcID, converges, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{
			VpcId: sdk.String(vpcID), Attribute: types.VpcAttributeNameEnableDnsHostnames,
		})
		return err
	})
	if err != nil {
		return false, err
	}
	if r.EnableDnsHostnames != nil && sdk.ToBool(r.EnableDnsHostnames.Value) {
		return false, nil
	}
	if err := c.EnableDNSHostnames(ctx, vpcID); err != nil {
		return false, err
	}
	return true, nil
}

// EnableDNSHostnames turns DNS hostnames on; a VPC just created has them
// off, so there is nothing to read first.
func (c *Client) EnableDNSHostnames(ctx context.Context, vpcID string) error {
	return c.call(ctx, "turn on DNS hostnames of "+vpcID, converges, func(ctx context.Context) error {
		_, err := c.EC2.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{
			VpcId: sdk.String(vpcID), EnableDnsHostnames: &types.AttributeBooleanValue{Value: sdk.Bool(true)},
		})
		return err
	})
}

// EnsureAttached attaches the internet gateway to the VPC if it is not.
func (c *Client) EnsureAttached(ctx context.Context, igw Found, vpcID string) (changed bool, err error) {
	if igw.IGW != nil {
		for _, a := range igw.IGW.Attachments {
			if sdk.ToString(a.VpcId) == vpcID {
				return false, nil
			}
		}
	}
	err = c.call(ctx, "attach "+igw.Name+" to "+vpcID, converges, func(ctx context.Context) error {
		_, err := c.EC2.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{
			InternetGatewayId: sdk.String(igw.ID), VpcId: sdk.String(vpcID),
		})
		return err
	})
	if errors.Is(err, ErrExists) {
		return false, nil
	}
	return err == nil, err
}

// EnsureAssociations associates the route table with each subnet that is not
// associated with it yet.
func (c *Client) EnsureAssociations(ctx context.Context, rt Found, subnetIDs []string) (changed bool, err error) {
	have := map[string]bool{}
	if rt.RouteTable != nil {
		for _, a := range rt.RouteTable.Associations {
			have[sdk.ToString(a.SubnetId)] = true
		}
	}
	for _, id := range subnetIDs {
		if have[id] {
			continue
		}
		op := "associate " + rt.Name + " with " + id
		err := c.call(ctx, op, converges, func(ctx context.Context) error {
			_, err := c.EC2.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{
				RouteTableId: sdk.String(rt.ID), SubnetId: sdk.String(id),
			})
			return err
		})
		if errors.Is(err, ErrExists) {
			// The subnet is associated already: with this table (a retried
			// call whose reply was lost), or with another one, which must
			// give it up.
			err = c.moveAssociation(ctx, op, rt.ID, id)
		}
		if err != nil {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

func (c *Client) moveAssociation(ctx context.Context, op, tableID, subnetID string) error {
	var r *ec2.DescribeRouteTablesOutput
	err := c.call(ctx, op, reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
			Filters: []types.Filter{filter("association.subnet-id", subnetID)},
		})
		return err
	})
	if err != nil {
		return err
	}
	for _, t := range r.RouteTables {
		for _, a := range t.Associations {
			if sdk.ToString(a.SubnetId) != subnetID {
				continue
			}
			if sdk.ToString(t.RouteTableId) == tableID {
				return nil
			}
			return c.call(ctx, op, converges, func(ctx context.Context) error {
				_, err := c.EC2.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{
					AssociationId: a.RouteTableAssociationId, RouteTableId: sdk.String(tableID),
				})
				return err
			})
		}
	}
	return nil
}

// Target is where a default route sends traffic: an internet gateway or a
// NAT gateway.
type Target struct {
	GatewayID    string
	NATGatewayID string
}

func (t Target) String() string {
	if t.NATGatewayID != "" {
		return t.NATGatewayID
	}
	return t.GatewayID
}

// DefaultRoute is the destination of every route infrawiz makes.
const DefaultRoute = "0.0.0.0/0"

// EnsureDefaultRoute points 0.0.0.0/0 of the route table at the target,
// replacing a route that points elsewhere (a NAT gateway made anew, say).
func (c *Client) EnsureDefaultRoute(ctx context.Context, rt Found, t Target) (changed bool, err error) {
	if rt.RouteTable != nil {
		for _, r := range rt.RouteTable.Routes {
			if sdk.ToString(r.DestinationCidrBlock) != DefaultRoute {
				continue
			}
			if sdk.ToString(r.GatewayId) == t.GatewayID && sdk.ToString(r.NatGatewayId) == t.NATGatewayID &&
				r.State != types.RouteStateBlackhole {
				return false, nil
			}
			err := c.replaceRoute(ctx, "point the default route of "+rt.Name+" at "+t.String(), rt, t)
			return err == nil, err
		}
	}
	err = c.call(ctx, "add the default route of "+rt.Name+" via "+t.String(), converges, func(ctx context.Context) error {
		_, err := c.EC2.CreateRoute(ctx, &ec2.CreateRouteInput{
			RouteTableId: sdk.String(rt.ID), DestinationCidrBlock: sdk.String(DefaultRoute),
			GatewayId: optional(t.GatewayID), NatGatewayId: optional(t.NATGatewayID),
		})
		return err
	})
	if errors.Is(err, ErrExists) {
		// A retried call whose first reply was lost, or a route made by
		// hand: point it at the target either way.
		err = c.replaceRoute(ctx, "point the default route of "+rt.Name+" at "+t.String(), rt, t)
	}
	return err == nil, err
}

func (c *Client) replaceRoute(ctx context.Context, op string, rt Found, t Target) error {
	return c.call(ctx, op, converges, func(ctx context.Context) error {
		_, err := c.EC2.ReplaceRoute(ctx, &ec2.ReplaceRouteInput{
			RouteTableId: sdk.String(rt.ID), DestinationCidrBlock: sdk.String(DefaultRoute),
			GatewayId: optional(t.GatewayID), NatGatewayId: optional(t.NATGatewayID),
		})
		return err
	})
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return sdk.String(s)
}

// Rule is one ingress rule: from a CIDR or from the members of a group.
type Rule struct {
	Protocol    string // "tcp" or "icmp"
	FromPort    int32  // -1 for all ICMP
	ToPort      int32
	CIDR        string // IPv4 or IPv6
	SourceGroup string // a group id
	PrefixList  string // a managed prefix list id
	Description string
}

func (r Rule) key() string {
	return fmt.Sprintf("%s/%d/%d/%s/%s/%s", strings.ToLower(r.Protocol), r.FromPort, r.ToPort, r.CIDR, r.SourceGroup, r.PrefixList)
}

func (r Rule) permission() types.IpPermission {
	p := types.IpPermission{IpProtocol: sdk.String(r.Protocol), FromPort: sdk.Int32(r.FromPort), ToPort: sdk.Int32(r.ToPort)}
	switch {
	case strings.Contains(r.CIDR, ":"):
		p.Ipv6Ranges = []types.Ipv6Range{{CidrIpv6: sdk.String(r.CIDR), Description: optional(r.Description)}}
	case r.CIDR != "":
		p.IpRanges = []types.IpRange{{CidrIp: sdk.String(r.CIDR), Description: optional(r.Description)}}
	}
	if r.SourceGroup != "" {
		p.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: sdk.String(r.SourceGroup), Description: optional(r.Description)}}
	}
	if r.PrefixList != "" {
		p.PrefixListIds = []types.PrefixListId{{PrefixListId: sdk.String(r.PrefixList), Description: optional(r.Description)}}
	}
	return p
}

// Rules flattens a group's ingress permissions into one Rule per source.
func Rules(sg *types.SecurityGroup) []Rule {
	if sg == nil {
		return nil
	}
	out := PermissionRules(sg.IpPermissions)
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// PermissionRules flattens permissions (ingress or egress) into one Rule
// per peer, in the order AWS gave them.
func PermissionRules(ps []types.IpPermission) []Rule {
	var out []Rule
	for _, p := range ps {
		base := Rule{Protocol: sdk.ToString(p.IpProtocol), FromPort: sdk.ToInt32(p.FromPort), ToPort: sdk.ToInt32(p.ToPort)}
		if base.Protocol == "-1" {
			base.FromPort, base.ToPort = -1, -1
		}
		for _, r := range p.IpRanges {
			x := base
			x.CIDR, x.Description = sdk.ToString(r.CidrIp), sdk.ToString(r.Description)
			out = append(out, x)
		}
		for _, r := range p.Ipv6Ranges {
			x := base
			x.CIDR, x.Description = sdk.ToString(r.CidrIpv6), sdk.ToString(r.Description)
			out = append(out, x)
		}
		for _, g := range p.UserIdGroupPairs {
			x := base
			x.SourceGroup, x.Description = sdk.ToString(g.GroupId), sdk.ToString(g.Description)
			out = append(out, x)
		}
		for _, pl := range p.PrefixListIds {
			x := base
			x.PrefixList, x.Description = sdk.ToString(pl.PrefixListId), sdk.ToString(pl.Description)
			out = append(out, x)
		}
	}
	return out
}

// EnsureIngress makes the group's ingress rules exactly the wanted ones: it
// adds what is missing and revokes what the plan does not have (a bastion
// rule for an IP the user no longer has), so nothing stays open wider than
// the mission says.
func (c *Client) EnsureIngress(ctx context.Context, sg Found, m Meta, want []Rule) (changed bool, err error) {
	have := map[string]Rule{}
	for _, r := range Rules(sg.SG) {
		have[r.key()] = r
	}
	wanted := map[string]bool{}
	var add []types.IpPermission
	for _, r := range want {
		wanted[r.key()] = true
		if _, ok := have[r.key()]; !ok {
			add = append(add, r.permission())
		}
	}
	var revoke []types.IpPermission
	keys := make([]string, 0, len(have))
	for k := range have {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !wanted[k] {
			revoke = append(revoke, have[k].permission())
		}
	}
	if len(revoke) > 0 {
		err := c.call(ctx, "revoke old rules of "+sg.Name, converges, func(ctx context.Context) error {
			_, err := c.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{
				GroupId: sdk.String(sg.ID), IpPermissions: revoke,
			})
			return err
		})
		if err != nil {
			return false, err
		}
		changed = true
	}
	if len(add) > 0 {
		err := c.call(ctx, "add rules to "+sg.Name, converges, func(ctx context.Context) error {
			_, err := c.EC2.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{
				GroupId: sdk.String(sg.ID), IpPermissions: add,
				TagSpecifications: m.spec(types.ResourceTypeSecurityGroupRule),
			})
			return err
		})
		if err != nil && !errors.Is(err, ErrExists) {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

// EnsureAddressAssociated associates the Elastic IP with the instance if it
// is not already.
func (c *Client) EnsureAddressAssociated(ctx context.Context, addr Found, instanceID string) (changed bool, err error) {
	if addr.Address != nil && sdk.ToString(addr.Address.InstanceId) == instanceID {
		return false, nil
	}
	err = c.call(ctx, "associate "+addr.Name+" with "+instanceID, converges, func(ctx context.Context) error {
		_, err := c.EC2.AssociateAddress(ctx, &ec2.AssociateAddressInput{
			AllocationId: sdk.String(addr.ID), InstanceId: sdk.String(instanceID),
		})
		return err
	})
	return err == nil, err
}

// WaitNATGateway waits until the NAT gateway is available. A failed gateway
// returns its own reason, which says what went wrong far better than a
// timeout. AWS may not know a gateway just created for a moment
// (NatGatewayNotFound): that is waited out, as throttling is.
func (c *Client) WaitNATGateway(ctx context.Context, id string, timeout time.Duration) (Found, error) {
	op := "wait for NAT gateway " + id
	var (
		out  Found
		last types.NatGatewayState
	)
	err := c.poll(ctx, timeout, func(ctx context.Context) (bool, error) {
		x, ok, err := c.natGateway(ctx, op, id, converges)
		if err != nil || !ok {
			return false, err
		}
		if x.State != last {
			last = x.State
			notify(ctx, Note{Key: NoteState, Args: []any{string(x.State)}, ID: id, Msg: catalog.Msg("msg.run.state", id, string(x.State))})
		}
		switch x.State {
		case types.NatGatewayStateAvailable:
			out = found(KindNATGateway, id, x.Tags)
			out.NAT, out.State = x, string(x.State)
			return true, nil
		case types.NatGatewayStateFailed:
			return false, &Error{Op: op, Kind: ErrFailed, Code: sdk.ToString(x.FailureCode), Message: sdk.ToString(x.FailureMessage), ID: id}
		case types.NatGatewayStateDeleting, types.NatGatewayStateDeleted:
			return false, &Error{Op: op, Kind: ErrFailed, Msg: catalog.Msg("aws.error.nat.gone", string(x.State)), ID: id}
		case types.NatGatewayStatePending:
		}
		return false, nil
	})
	if err != nil {
		return Found{}, waitError(op, err, timeout, string(last))
	}
	return out, nil
}

// natGateway describes one NAT gateway by id; ok is false while AWS does
// not list it yet.
func (c *Client) natGateway(ctx context.Context, op, id string, r rule) (*types.NatGateway, bool, error) {
	var res *ec2.DescribeNatGatewaysOutput
	err := c.call(ctx, op, r, func(ctx context.Context) (err error) {
		res, err = c.EC2.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
		return err
	})
	if err != nil || res == nil || len(res.NatGateways) == 0 {
		return nil, false, err
	}
	return &res.NatGateways[0], true, nil
}

// instance describes one instance by id; ok is false while AWS does not
// list it.
func (c *Client) instance(ctx context.Context, op, id string, r rule) (*types.Instance, bool, error) {
	var res *ec2.DescribeInstancesOutput
	err := c.call(ctx, op, r, func(ctx context.Context) (err error) {
		res, err = c.EC2.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
		return err
	})
	if err != nil || res == nil {
		return nil, false, err
	}
	for _, rv := range res.Reservations {
		for i := range rv.Instances {
			if sdk.ToString(rv.Instances[i].InstanceId) == id {
				return &rv.Instances[i], true, nil
			}
		}
	}
	return nil, false, nil
}

// waitError says why a wait ended without its state.
func waitError(op string, err error, timeout time.Duration, last string) error {
	if errors.Is(err, errWaitTimeout) {
		msg := catalog.Msg("aws.error.notdone", timeout.String())
		if last != "" {
			msg = catalog.Msg("aws.error.notdone.still", timeout.String(), last)
		}
		return &Error{Op: op, Kind: ErrFailed, Msg: msg}
	}
	return classify(op, err)
}

// WaitInstanceRunning waits until the instance runs and returns it with its
// private IP. An instance that stops or terminates instead returns AWS's
// reason (StateReason).
func (c *Client) WaitInstanceRunning(ctx context.Context, id string, timeout time.Duration) (Found, error) {
	op := "wait for instance " + id
	var (
		out  Found
		last types.InstanceStateName
	)
	err := c.poll(ctx, timeout, func(ctx context.Context) (bool, error) {
		x, ok, err := c.instance(ctx, op, id, converges)
		if err != nil || !ok || x.State == nil {
			return false, err
		}
		if x.State.Name != last {
			last = x.State.Name
			notify(ctx, Note{Key: NoteState, Args: []any{string(x.State.Name)}, ID: id, Msg: catalog.Msg("msg.run.state", id, string(x.State.Name))})
		}
		switch x.State.Name {
		case types.InstanceStateNameRunning:
			out = found(KindInstance, id, x.Tags)
			out.Instance, out.State = x, string(x.State.Name)
			return true, nil
		case types.InstanceStateNamePending:
			return false, nil
		case types.InstanceStateNameShuttingDown, types.InstanceStateNameTerminated,
			types.InstanceStateNameStopping, types.InstanceStateNameStopped:
		}
		e := &Error{Op: op, Kind: ErrFailed, Msg: catalog.Msg("aws.error.instance.state", string(x.State.Name)), ID: id}
		if x.StateReason != nil {
			// AWS's own reason says more than the state.
			e.Code, e.Message, e.Msg = sdk.ToString(x.StateReason.Code), sdk.ToString(x.StateReason.Message), catalog.Message{}
		}
		return false, e
	})
	if err != nil {
		return Found{}, waitError(op, err, timeout, string(last))
	}
	return out, nil
}
