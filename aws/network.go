package aws

import (
	"context"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/sync/errgroup"
)

// Network is everything in a VPC that decides where packets may go,
// tagged by the stack or not: the VPC's main route table, its default
// security group and its default network ACL carry no tag of ours, yet a
// subnet without a table of its own uses the main one, and a rule may name
// any group of the VPC.
type Network struct {
	RouteTables    []types.RouteTable
	SecurityGroups []types.SecurityGroup
	NetworkACLs    []types.NetworkAcl
	// NATGateways and InternetGateways are the VPC's, so a route to one
	// the stack did not tag is still recognised for what it is.
	NATGateways      []types.NatGateway
	InternetGateways []types.InternetGateway
}

// Network describes a VPC's route tables, security groups, network ACLs,
// NAT gateways and attached internet gateways at once; it only reads.
func (c *Client) Network(ctx context.Context, vpcID string) (Network, error) {
	// Every list is checked against the VPC on our side too: an emulator
	// may ignore a filter.
	byVPC := []types.Filter{filter("vpc-id", vpcID)}
	var (
		n  Network
		mu sync.Mutex
		g  errgroup.Group
	)
	g.Go(func() error {
		return pages(ctx, c, "describe route tables of "+vpcID, ec2.NewDescribeRouteTablesPaginator(c.EC2, &ec2.DescribeRouteTablesInput{Filters: byVPC}), func(r *ec2.DescribeRouteTablesOutput) {
			mu.Lock()
			defer mu.Unlock()
			for _, x := range r.RouteTables {
				if sdk.ToString(x.VpcId) == vpcID {
					n.RouteTables = append(n.RouteTables, x)
				}
			}
		})
	})
	g.Go(func() error {
		return pages(ctx, c, "describe security groups of "+vpcID, ec2.NewDescribeSecurityGroupsPaginator(c.EC2, &ec2.DescribeSecurityGroupsInput{Filters: byVPC}), func(r *ec2.DescribeSecurityGroupsOutput) {
			mu.Lock()
			defer mu.Unlock()
			for _, x := range r.SecurityGroups {
				if sdk.ToString(x.VpcId) == vpcID {
					n.SecurityGroups = append(n.SecurityGroups, x)
				}
			}
		})
	})
	g.Go(func() error {
		return pages(ctx, c, "describe network ACLs of "+vpcID, ec2.NewDescribeNetworkAclsPaginator(c.EC2, &ec2.DescribeNetworkAclsInput{Filters: byVPC}), func(r *ec2.DescribeNetworkAclsOutput) {
			mu.Lock()
			defer mu.Unlock()
			for _, x := range r.NetworkAcls {
				if sdk.ToString(x.VpcId) == vpcID {
					n.NetworkACLs = append(n.NetworkACLs, x)
				}
			}
		})
	})
	g.Go(func() error {
		return pages(ctx, c, "describe NAT gateways of "+vpcID, ec2.NewDescribeNatGatewaysPaginator(c.EC2, &ec2.DescribeNatGatewaysInput{Filter: byVPC}), func(r *ec2.DescribeNatGatewaysOutput) {
			mu.Lock()
			defer mu.Unlock()
			for _, x := range r.NatGateways {
				if sdk.ToString(x.VpcId) == vpcID {
					n.NATGateways = append(n.NATGateways, x)
				}
			}
		})
	})
	g.Go(func() error {
		byAttachment := []types.Filter{filter("attachment.vpc-id", vpcID)}
		return pages(ctx, c, "describe internet gateways of "+vpcID, ec2.NewDescribeInternetGatewaysPaginator(c.EC2, &ec2.DescribeInternetGatewaysInput{Filters: byAttachment}), func(r *ec2.DescribeInternetGatewaysOutput) {
			mu.Lock()
			defer mu.Unlock()
			n.InternetGateways = append(n.InternetGateways, r.InternetGateways...)
		})
	})
	if err := g.Wait(); err != nil {
		return Network{}, err
	}
	// An ACL list that came back empty is not "no ACL": every subnet has
	// one. Keep nil so the caller can tell "not read" from "read".
	if len(n.NetworkACLs) == 0 {
		n.NetworkACLs = nil
	}
	return n, nil
}
