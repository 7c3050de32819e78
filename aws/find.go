package aws

import (
	"context"
	"slices"
	"sort"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"

	"github.com/infrawiz/infrawiz/internal/kind"
)

// Kind is a kind of AWS resource that infrawiz creates (package kind
// names them for every package).
type Kind = kind.Kind

// The kinds, in the order the mission creates them. Route and SGRules have no
// AWS object of their own: they live inside a route table and a group.
const (
	KindKeyPair         = kind.KeyPair
	KindVPC             = kind.VPC
	KindSubnet          = kind.Subnet
	KindInternetGateway = kind.InternetGateway
	KindElasticIP       = kind.ElasticIP
	KindNATGateway      = kind.NATGateway
	KindRouteTable      = kind.RouteTable
	KindRoute           = kind.Route
	KindSecurityGroup   = kind.SecurityGroup
	KindSGRules         = kind.SGRules
	KindInstance        = kind.Instance
)

// describable are the kinds that exist as AWS objects with tags, in the
// order of Kind.
func describable() []Kind {
	var out []Kind
	for _, k := range kind.All() {
		if kindSpecs[k].describe != nil {
			out = append(out, k)
		}
	}
	return out
}

// Found is one tagged AWS object of a stack, with the SDK's own description
// of it so converging needs no second look-up.
type Found struct {
	Kind  Kind
	ID    string
	Name  string
	Stack string
	Role  string
	Owner string
	State string

	Key        *types.KeyPairInfo
	VPC        *types.Vpc
	Subnet     *types.Subnet
	IGW        *types.InternetGateway
	Address    *types.Address
	NAT        *types.NatGateway
	RouteTable *types.RouteTable
	SG         *types.SecurityGroup
	Instance   *types.Instance
}

func found(k Kind, id string, tags []types.Tag) Found {
	return Found{
		Kind: k, ID: id,
		Name:  tagValue(tags, TagName),
		Stack: tagValue(tags, TagStack),
		Role:  tagValue(tags, TagRole),
		Owner: tagValue(tags, TagOwner),
	}
}

// pager is an SDK paginator of an EC2 describe.
type pager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ec2.Options)) (O, error)
}

// pages reads every page of p, each read waiting out throttling.
func pages[O any](ctx context.Context, c *Client, op string, p pager[O], each func(O)) error {
	for p.HasMorePages() {
		var out O
		err := c.call(ctx, op, reads, func(ctx context.Context) (err error) {
			out, err = p.NextPage(ctx)
			return err
		})
		if err != nil {
			return err
		}
		each(out)
	}
	return nil
}

// describe lists the objects of one kind that match the filters. Deleted
// NAT gateways and terminated instances linger in describes for a while and
// are left out: they are gone for every purpose of ours. A NAT gateway
// still deleting and an instance still shutting down are kept: until they
// are gone they hold their address, subnet and groups, which destroy must
// wait for, and an apply must not take them for live ones.
func (c *Client) describe(ctx context.Context, k Kind, filters []types.Filter) ([]Found, error) {
	if spec := kindSpecs[k]; spec.describe != nil {
		return spec.describe(c, ctx, filters)
	}
	return nil, nil
}

func describeKeyPair(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	var r *ec2.DescribeKeyPairsOutput
	err := c.call(ctx, "describe key pairs", reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeKeyPairs(ctx, &ec2.DescribeKeyPairsInput{Filters: filters})
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range r.KeyPairs {
		x := &r.KeyPairs[i]
		f := found(KindKeyPair, sdk.ToString(x.KeyName), x.Tags)
		f.Key = x
		out = append(out, f)
	}
	return out, nil
}

func describeVPC(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe VPCs", ec2.NewDescribeVpcsPaginator(c.EC2, &ec2.DescribeVpcsInput{Filters: filters}), func(r *ec2.DescribeVpcsOutput) {
		for i := range r.Vpcs {
			x := &r.Vpcs[i]
			f := found(KindVPC, sdk.ToString(x.VpcId), x.Tags)
			f.VPC, f.State = x, string(x.State)
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeSubnet(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe subnets", ec2.NewDescribeSubnetsPaginator(c.EC2, &ec2.DescribeSubnetsInput{Filters: filters}), func(r *ec2.DescribeSubnetsOutput) {
		for i := range r.Subnets {
			x := &r.Subnets[i]
			f := found(KindSubnet, sdk.ToString(x.SubnetId), x.Tags)
			f.Subnet, f.State = x, string(x.State)
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeInternetGateway(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe internet gateways", ec2.NewDescribeInternetGatewaysPaginator(c.EC2, &ec2.DescribeInternetGatewaysInput{Filters: filters}), func(r *ec2.DescribeInternetGatewaysOutput) {
		for i := range r.InternetGateways {
			x := &r.InternetGateways[i]
			f := found(KindInternetGateway, sdk.ToString(x.InternetGatewayId), x.Tags)
			f.IGW = x
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeElasticIP(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	var r *ec2.DescribeAddressesOutput
	err := c.call(ctx, "describe Elastic IPs", reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{Filters: filters})
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range r.Addresses {
		x := &r.Addresses[i]
		f := found(KindElasticIP, sdk.ToString(x.AllocationId), x.Tags)
		f.Address = x
		out = append(out, f)
	}
	return out, nil
}

func describeNATGateway(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe NAT gateways", ec2.NewDescribeNatGatewaysPaginator(c.EC2, &ec2.DescribeNatGatewaysInput{Filter: filters}), func(r *ec2.DescribeNatGatewaysOutput) {
		for i := range r.NatGateways {
			x := &r.NatGateways[i]
			if x.State == types.NatGatewayStateDeleted {
				continue
			}
			f := found(KindNATGateway, sdk.ToString(x.NatGatewayId), x.Tags)
			f.NAT, f.State = x, string(x.State)
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeRouteTable(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe route tables", ec2.NewDescribeRouteTablesPaginator(c.EC2, &ec2.DescribeRouteTablesInput{Filters: filters}), func(r *ec2.DescribeRouteTablesOutput) {
		for i := range r.RouteTables {
			x := &r.RouteTables[i]
			f := found(KindRouteTable, sdk.ToString(x.RouteTableId), x.Tags)
			f.RouteTable = x
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeSecurityGroup(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	err := pages(ctx, c, "describe security groups", ec2.NewDescribeSecurityGroupsPaginator(c.EC2, &ec2.DescribeSecurityGroupsInput{Filters: filters}), func(r *ec2.DescribeSecurityGroupsOutput) {
		for i := range r.SecurityGroups {
			x := &r.SecurityGroups[i]
			f := found(KindSecurityGroup, sdk.ToString(x.GroupId), x.Tags)
			f.SG = x
			out = append(out, f)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func describeInstance(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error) {
	var out []Found
	fs := append([]types.Filter{filter("instance-state-name", "pending", "running", "stopping", "stopped", "shutting-down")}, filters...)
	err := pages(ctx, c, "describe instances", ec2.NewDescribeInstancesPaginator(c.EC2, &ec2.DescribeInstancesInput{Filters: fs}), func(r *ec2.DescribeInstancesOutput) {
		for _, res := range r.Reservations {
			for i := range res.Instances {
				x := &res.Instances[i]
				f := found(KindInstance, sdk.ToString(x.InstanceId), x.Tags)
				f.Instance = x
				if x.State != nil {
					f.State = string(x.State.Name)
				}
				out = append(out, f)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindRole looks one role of a stack up by its tags. Where more than one
// object carries the role (a lost reply retried by hand, say), the first in
// id order is returned and the rest are left for destroy to find.
//
// An instance shutting down, or a NAT gateway deleting, is never the one a
// create made.
func (c *Client) FindRole(ctx context.Context, k Kind, stack, role string) (Found, bool, error) {
	fs, err := c.describe(ctx, k, stackFilters(stack, role))
	if err != nil {
		return Found{}, false, err
	}
	fs = slices.DeleteFunc(fs, func(f Found) bool {
		return !f.of(stack, role) || f.goingAway()
	})
	if len(fs) == 0 {
		return Found{}, false, nil
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	return fs[0], true, nil
}

// of checks the tags again on our side: an emulator may ignore a tag
// filter (moto does for NAT gateways), and nothing of another stack may
// ever pass for ours.
func (f Found) of(stack, role string) bool {
	return f.Stack == stack && (role == "" || f.Role == role)
}

// goingAway reports an object on its way out: it cannot serve the stack.
func (f Found) goingAway() bool {
	return (f.Kind == KindInstance && f.State == string(types.InstanceStateNameShuttingDown)) ||
		(f.Kind == KindNATGateway && f.State == string(types.NatGatewayStateDeleting))
}

// Inventory is everything AWS holds with a stack's tag, by role.
type Inventory struct {
	ByRole map[string][]Found
}

// One returns the object playing role, if any: a live one before one on
// its way out (a NAT gateway deleting, an instance shutting down).
func (inv Inventory) One(role string) (Found, bool) {
	fs := inv.ByRole[role]
	if len(fs) == 0 {
		return Found{}, false
	}
	for _, f := range fs {
		if !f.goingAway() {
			return f, true
		}
	}
	return fs[0], true
}

// All returns every object, sorted by role then id.
func (inv Inventory) All() []Found {
	var out []Found
	for _, fs := range inv.ByRole {
		out = append(out, fs...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Owners returns the distinct owners found (as OwnerOf says them).
func (inv Inventory) Owners() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range inv.All() {
		if o := OwnerOf(f.Owner); !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

// Inventory describes every kind at once, filtered by the stack tag. It is
// how an apply learns what already exists (one round of read-only calls
// instead of a look-up per resource) and how a lost state file is recovered.
func (c *Client) Inventory(ctx context.Context, stack string) (Inventory, error) {
	inv := Inventory{ByRole: map[string][]Found{}}
	var (
		mu sync.Mutex
		g  errgroup.Group
	)
	for _, k := range describable() {
		g.Go(func() error {
			fs, err := c.describe(ctx, k, stackFilters(stack, ""))
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, f := range fs {
				if f.of(stack, "") {
					inv.ByRole[f.Role] = append(inv.ByRole[f.Role], f)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Inventory{}, err
	}
	for _, fs := range inv.ByRole {
		sort.Slice(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
	}
	return inv, nil
}

// StackInfo is one stack found in the region by its tags.
type StackInfo struct {
	Stack string
	Owner string
	VPCID string
	CIDR  string
}

// Stacks lists the stacks in the region, found by the stack tag on VPCs and
// key pairs (the first and the last things a stack has).
func (c *Client) Stacks(ctx context.Context) ([]StackInfo, error) {
	byStack := map[string]*StackInfo{}
	for _, k := range []Kind{KindVPC, KindKeyPair} {
		fs, err := c.describe(ctx, k, []types.Filter{filter("tag-key", TagStack)})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			owner := OwnerOf(f.Owner)
			key := f.Stack + "\x00" + owner
			s, ok := byStack[key]
			if !ok {
				s = &StackInfo{Stack: f.Stack, Owner: owner}
				byStack[key] = s
			}
			if f.VPC != nil {
				s.VPCID, s.CIDR = f.ID, sdk.ToString(f.VPC.CidrBlock)
			}
		}
	}
	out := make([]StackInfo, 0, len(byStack))
	for _, s := range byStack {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Stack != out[j].Stack {
			return out[i].Stack < out[j].Stack
		}
		return out[i].Owner < out[j].Owner
	})
	return out, nil
}
