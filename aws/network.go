package aws

import (
	"context"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
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
		n        Network
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
	)
	run := func(f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	run(func() error {
		p := ec2.NewDescribeRouteTablesPaginator(c.EC2, &ec2.DescribeRouteTablesInput{Filters: byVPC})
		for p.HasMorePages() {
			r, err := p.NextPage(ctx)
			if err != nil {
				return classify("describe route tables of "+vpcID, err)
			}
			mu.Lock()
			for _, x := range r.RouteTables {
				if sdk.ToString(x.VpcId) == vpcID {
					n.RouteTables = append(n.RouteTables, x)
				}
			}
			mu.Unlock()
		}
		return nil
	})
	run(func() error {
		p := ec2.NewDescribeSecurityGroupsPaginator(c.EC2, &ec2.DescribeSecurityGroupsInput{Filters: byVPC})
		for p.HasMorePages() {
			r, err := p.NextPage(ctx)
			if err != nil {
				return classify("describe security groups of "+vpcID, err)
			}
			mu.Lock()
			for _, x := range r.SecurityGroups {
				if sdk.ToString(x.VpcId) == vpcID {
					n.SecurityGroups = append(n.SecurityGroups, x)
				}
			}
			mu.Unlock()
		}
		return nil
	})
	run(func() error {
		p := ec2.NewDescribeNetworkAclsPaginator(c.EC2, &ec2.DescribeNetworkAclsInput{Filters: byVPC})
		for p.HasMorePages() {
			r, err := p.NextPage(ctx)
			if err != nil {
				return classify("describe network ACLs of "+vpcID, err)
			}
			mu.Lock()
			for _, x := range r.NetworkAcls {
				if sdk.ToString(x.VpcId) == vpcID {
					n.NetworkACLs = append(n.NetworkACLs, x)
				}
			}
			mu.Unlock()
		}
		return nil
	})
	run(func() error {
		p := ec2.NewDescribeNatGatewaysPaginator(c.EC2, &ec2.DescribeNatGatewaysInput{Filter: byVPC})
		for p.HasMorePages() {
			r, err := p.NextPage(ctx)
			if err != nil {
				return classify("describe NAT gateways of "+vpcID, err)
			}
			mu.Lock()
			for _, g := range r.NatGateways {
				if sdk.ToString(g.VpcId) == vpcID {
					n.NATGateways = append(n.NATGateways, g)
				}
			}
			mu.Unlock()
		}
		return nil
	})
	run(func() error {
		r, err := c.EC2.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{filter("attachment.vpc-id", vpcID)}})
		if err != nil {
			return classify("describe internet gateways of "+vpcID, err)
		}
		mu.Lock()
		n.InternetGateways = append(n.InternetGateways, r.InternetGateways...)
		mu.Unlock()
		return nil
	})
	wg.Wait()
	if firstErr != nil {
		return Network{}, firstErr
	}
	// An ACL list that came back empty is not "no ACL": every subnet has
	// one. Keep nil so the caller can tell "not read" from "read".
	if len(n.NetworkACLs) == 0 {
		n.NetworkACLs = nil
	}
	return n, nil
}
