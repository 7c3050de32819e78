package aws

import (
	"context"
	"sync"

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
}

// Network describes a VPC's route tables, security groups and network ACLs
// at once; it only reads.
func (c *Client) Network(ctx context.Context, vpcID string) (Network, error) {
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
			n.RouteTables = append(n.RouteTables, r.RouteTables...)
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
			n.SecurityGroups = append(n.SecurityGroups, r.SecurityGroups...)
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
			n.NetworkACLs = append(n.NetworkACLs, r.NetworkAcls...)
			mu.Unlock()
		}
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
