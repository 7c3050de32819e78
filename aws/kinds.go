package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// kindSpec is what this package does differently for one kind of
// resource, so that a new kind is one entry of kindSpecs.
type kindSpec struct {
	// describe lists the objects of the kind that match filters; nil for
	// a part of another resource (a route, a rule set), which has no AWS
	// object of its own.
	describe func(c *Client, ctx context.Context, filters []types.Filter) ([]Found, error)
	// gone are the codes that say the object itself is gone: a deletion
	// that meets one is done. Only the object's own code counts;
	// ReleaseAddress answering InvalidNetworkInterfaceID.NotFound just
	// after a NAT gateway is deleted does not mean the address was
	// released, and an address reported deleted while it stays allocated
	// keeps costing money
	// (https://github.com/hashicorp/terraform-provider-aws/issues/49299).
	gone []string
	// delete removes one object, waiting out what real EC2 blocks for a
	// while; nil for a part of another resource.
	delete func(c *Client, ctx context.Context, f Found, op string, timeout time.Duration) error
}

var kindSpecs map[Kind]kindSpec

func init() {
	// Filled here: the funcs refer to Client methods that refer back.
	kindSpecs = map[Kind]kindSpec{
		KindKeyPair:         {describe: describeKeyPair, gone: []string{"InvalidKeyPair.NotFound"}, delete: deleteKeyPair},
		KindVPC:             {describe: describeVPC, gone: []string{"InvalidVpcID.NotFound"}, delete: deleteVPC},
		KindSubnet:          {describe: describeSubnet, gone: []string{"InvalidSubnetID.NotFound"}, delete: deleteSubnet},
		KindInternetGateway: {describe: describeInternetGateway, gone: []string{"InvalidInternetGatewayID.NotFound"}, delete: deleteInternetGateway},
		KindElasticIP:       {describe: describeElasticIP, gone: []string{"InvalidAllocationID.NotFound"}, delete: deleteElasticIP},
		KindNATGateway:      {describe: describeNATGateway, gone: []string{"NatGatewayNotFound", "InvalidNatGatewayID.NotFound"}, delete: deleteNATGateway},
		KindRouteTable:      {describe: describeRouteTable, gone: []string{"InvalidRouteTableID.NotFound"}, delete: deleteRouteTable},
		KindRoute:           {},
		KindSecurityGroup:   {describe: describeSecurityGroup, gone: []string{"InvalidGroup.NotFound"}, delete: deleteSecurityGroup},
		KindSGRules:         {},
		KindInstance:        {describe: describeInstance, gone: []string{"InvalidInstanceID.NotFound"}, delete: deleteInstance},
	}
}
