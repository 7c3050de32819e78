package aws

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Identity is who the credentials belong to.
type Identity struct {
	Account string
	ARN     string
}

// WhoAmI asks STS who the caller is: the first call of every command, which
// also proves the credentials work.
func (c *Client) WhoAmI(ctx context.Context) (Identity, error) {
	r, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, classify("check credentials", err)
	}
	return Identity{Account: sdk.ToString(r.Account), ARN: sdk.ToString(r.Arn)}, nil
}

// Zones lists the region's available zones, sorted by name.
func (c *Client) Zones(ctx context.Context) ([]string, error) {
	r, err := c.EC2.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
		Filters: []types.Filter{filter("state", "available"), filter("zone-type", "availability-zone")},
	})
	if err != nil {
		return nil, classify("list availability zones", err)
	}
	var out []string
	for _, z := range r.AvailabilityZones {
		if z.OptInStatus == types.AvailabilityZoneOptInStatusNotOptedIn {
			continue
		}
		out = append(out, sdk.ToString(z.ZoneName))
	}
	sort.Strings(out)
	return out, nil
}

// UbuntuParameter is the SSM public parameter Canonical keeps pointing at the
// current Ubuntu 22.04 AMI.
const UbuntuParameter = "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"

// CanonicalOwner is Canonical's AWS account, which publishes Ubuntu images.
const CanonicalOwner = "099720109477"

// ResolveAMI returns the AMI to use: the given one after checking it exists,
// else the SSM public parameter, else the newest Canonical jammy image.
func (c *Client) ResolveAMI(ctx context.Context, ami string) (id, source string, err error) {
	if ami != "" {
		r, err := c.EC2.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{ami}})
		if err != nil {
			return "", "", classify("look up AMI "+ami, err)
		}
		if len(r.Images) == 0 || r.Images[0].State != types.ImageStateAvailable {
			return "", "", &Error{Op: "look up AMI " + ami, Kind: ErrNotFound, Message: "no available image with that id in " + c.Region}
		}
		return ami, "--ami", nil
	}
	if c.SSM != nil {
		r, err := c.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: sdk.String(UbuntuParameter)})
		if err == nil && r.Parameter != nil && strings.HasPrefix(sdk.ToString(r.Parameter.Value), "ami-") {
			return sdk.ToString(r.Parameter.Value), "SSM " + UbuntuParameter, nil
		}
	}
	r, err := c.EC2.DescribeImages(ctx, &ec2.DescribeImagesInput{
		Owners: []string{CanonicalOwner},
		Filters: []types.Filter{
			filter("name", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*", "ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-*"),
			filter("architecture", "x86_64"),
			filter("state", "available"),
		},
	})
	if err != nil {
		return "", "", classify("look up the Ubuntu 22.04 AMI", err)
	}
	if len(r.Images) == 0 {
		return "", "", &Error{
			Op: "look up the Ubuntu 22.04 AMI", Kind: ErrNotFound,
			Message: "no Canonical Ubuntu 22.04 image in " + c.Region + "; pass --ami",
		}
	}
	// Canonical's names end with the build serial, which breaks ties
	// between images registered in the same second.
	sort.Slice(r.Images, func(i, j int) bool {
		a, b := r.Images[i], r.Images[j]
		if sdk.ToString(a.CreationDate) != sdk.ToString(b.CreationDate) {
			return sdk.ToString(a.CreationDate) > sdk.ToString(b.CreationDate)
		}
		return serial(sdk.ToString(a.Name)) > serial(sdk.ToString(b.Name))
	})
	return sdk.ToString(r.Images[0].ImageId), "newest Canonical jammy image", nil
}

// Needs is what a mission is about to create, for the quota check.
type Needs struct {
	VPCs         int
	ElasticIPs   int
	NATGateways  int
	InstanceType string
	Zones        []string // where instances go
	AMI          string
}

// Problem is one reason the mission cannot be built as planned.
type Problem struct {
	Kind    error
	Message string
	// Key and Args let the wizard say Message in the user's language
	// ("preflight.<key>" in its catalogue).
	Key  string
	Args []any
}

// Preflight checks, before the first create, what would otherwise fail
// half-way: permissions (EC2 DryRun), quotas against current usage, and
// whether the instance type is offered in the zones. It returns every
// problem at once so the user can fix them together.
func (c *Client) Preflight(ctx context.Context, n Needs) ([]Problem, error) {
	var (
		mu       sync.Mutex
		problems []Problem
		wg       sync.WaitGroup
		firstErr error
	)
	add := func(p Problem) { mu.Lock(); problems = append(problems, p); mu.Unlock() }
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	run := func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }

	// Only calls that honour DryRun (and reach no further than a permission
	// check) are used: a DryRun ignored by an emulator must not create anything.
	dry := map[string]func() error{
		"ec2:RunInstances": func() error {
			_, err := c.EC2.RunInstances(ctx, &ec2.RunInstancesInput{
				DryRun:  sdk.Bool(true),
				ImageId: sdk.String(n.AMI), InstanceType: types.InstanceType(n.InstanceType),
				MinCount: sdk.Int32(1), MaxCount: sdk.Int32(1),
			})
			return err
		},
		"ec2:AllocateAddress": func() error {
			_, err := c.EC2.AllocateAddress(ctx, &ec2.AllocateAddressInput{DryRun: sdk.Bool(true), Domain: types.DomainTypeVpc})
			return err
		},
		"ec2:CreateInternetGateway": func() error {
			_, err := c.EC2.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{DryRun: sdk.Bool(true)})
			return err
		},
		"ec2:CreateSecurityGroup": func() error {
			_, err := c.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
				DryRun:    sdk.Bool(true),
				GroupName: sdk.String("infrawiz-dryrun"), Description: sdk.String("permission check"),
			})
			return err
		},
	}
	for action, call := range dry {
		run(func() {
			err := call()
			var api interface{ ErrorCode() string }
			if errors.As(err, &api) && api.ErrorCode() == "UnauthorizedOperation" {
				add(Problem{
					Kind: ErrAuth, Key: "permission", Args: []any{action},
					Message: "your credentials may not call " + action + "; ask for EC2 permissions (for example the AmazonEC2FullAccess policy)",
				})
			}
		})
	}

	run(func() {
		r, err := c.EC2.DescribeAccountAttributes(ctx, &ec2.DescribeAccountAttributesInput{
			AttributeNames: []types.AccountAttributeName{vpcMaxElasticIPs},
		})
		if err != nil {
			fail(classify("read the Elastic IP quota", err))
			return
		}
		limit := 5
		for _, a := range r.AccountAttributes {
			if sdk.ToString(a.AttributeName) == string(vpcMaxElasticIPs) && len(a.AttributeValues) > 0 {
				if v, err := strconv.Atoi(sdk.ToString(a.AttributeValues[0].AttributeValue)); err == nil {
					limit = v
				}
			}
		}
		ar, err := c.EC2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
		if err != nil {
			fail(classify("count Elastic IPs", err))
			return
		}
		if used := len(ar.Addresses); used+n.ElasticIPs > limit {
			add(Problem{
				Kind: ErrQuota, Key: "eips", Args: []any{used, limit, n.ElasticIPs},
				Message: fmt.Sprintf("Elastic IPs: %d in use of %d allowed, and the mission needs %d more; release unused ones or ask AWS for a higher quota", used, limit, n.ElasticIPs),
			})
		}
	})
	run(func() {
		if n.VPCs == 0 {
			return
		}
		r, err := c.EC2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
		if err != nil {
			fail(classify("count VPCs", err))
			return
		}
		// The default quota; accounts that raised it can ignore this.
		const limit = 5
		if used := len(r.Vpcs); used+n.VPCs > limit {
			add(Problem{
				Kind: ErrQuota, Key: "vpcs", Args: []any{used, c.Region, limit},
				Message: fmt.Sprintf("VPCs: %d in use in %s, and the default quota is %d per region; delete an unused VPC or ask AWS for a higher quota", used, c.Region, limit),
			})
		}
	})
	run(func() {
		if n.InstanceType == "" || len(n.Zones) == 0 {
			return
		}
		r, err := c.EC2.DescribeInstanceTypeOfferings(ctx, &ec2.DescribeInstanceTypeOfferingsInput{
			LocationType: types.LocationTypeAvailabilityZone,
			Filters:      []types.Filter{filter("instance-type", n.InstanceType), filter("location", n.Zones...)},
		})
		if err != nil {
			fail(classify("check instance type "+n.InstanceType, err))
			return
		}
		offered := map[string]bool{}
		for _, o := range r.InstanceTypeOfferings {
			offered[sdk.ToString(o.Location)] = true
		}
		for _, z := range n.Zones {
			if !offered[z] {
				add(Problem{
					Kind: ErrCapacity, Key: "offering", Args: []any{n.InstanceType, z},
					Message: "instance type " + n.InstanceType + " is not offered in " + z + "; choose another --instance-type",
				})
			}
		}
	})
	wg.Wait()
	sort.Slice(problems, func(i, j int) bool { return problems[i].Message < problems[j].Message })
	return problems, firstErr
}

// vpcMaxElasticIPs is missing from the SDK's enum, though EC2 answers it.
const vpcMaxElasticIPs types.AccountAttributeName = "vpc-max-elastic-ips"

// serial is the build serial at the end of a Canonical image name
// ("...-server-20250516" gives "20250516").
func serial(name string) string { return name[strings.LastIndex(name, "-")+1:] }
