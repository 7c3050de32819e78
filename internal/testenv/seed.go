package testenv

import (
	"context"
	"fmt"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
)

// SeedStack makes, with one call per object straight to moto, the objects
// a whole stack has, tagged as infrawiz tags them (a key pair, the VPC,
// four subnets, the internet gateway, three Elastic IPs, the NAT gateway,
// three route tables, three groups and three servers with their
// volumes: 23 objects): a classroom in seconds instead of a hundred applies.
func SeedStack(ctx context.Context, raw *ec2.Client, stack, owner, ami string) error {
	tags := func(rt types.ResourceType, role string) []types.TagSpecification {
		return []types.TagSpecification{{ResourceType: rt, Tags: []types.Tag{
			{Key: sdk.String(aws.TagName), Value: sdk.String(stack + "-" + role)},
			{Key: sdk.String(aws.TagStack), Value: sdk.String(stack)},
			{Key: sdk.String(aws.TagRole), Value: sdk.String(role)},
			{Key: sdk.String(aws.TagOwner), Value: sdk.String(owner)},
		}}}
	}
	if _, err := raw.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: sdk.String("key-" + stack), TagSpecifications: tags(types.ResourceTypeKeyPair, "key")}); err != nil {
		return err
	}
	v, err := raw.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: sdk.String("10.0.0.0/24"), TagSpecifications: tags(types.ResourceTypeVpc, "vpc")})
	if err != nil {
		return err
	}
	vpc := v.Vpc.VpcId
	var subnets []*string
	for i, role := range []string{"subnet-public-1", "subnet-public-2", "subnet-internal", "subnet-admin"} {
		s, err := raw.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: sdk.String(fmt.Sprintf("10.0.0.%d/27", i*32)), TagSpecifications: tags(types.ResourceTypeSubnet, role)})
		if err != nil {
			return err
		}
		subnets = append(subnets, s.Subnet.SubnetId)
	}
	if _, err := raw.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: tags(types.ResourceTypeInternetGateway, "igw")}); err != nil {
		return err
	}
	var allocs []*string
	for _, role := range []string{"eip-nat", "eip-web", "eip-bastion"} {
		a, err := raw.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: tags(types.ResourceTypeElasticIp, role)})
		if err != nil {
			return err
		}
		allocs = append(allocs, a.AllocationId)
	}
	if _, err := raw.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: subnets[0], AllocationId: allocs[0], TagSpecifications: tags(types.ResourceTypeNatgateway, "nat")}); err != nil {
		return err
	}
	for _, role := range []string{"rt-public", "rt-internal", "rt-admin"} {
		if _, err := raw.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc, TagSpecifications: tags(types.ResourceTypeRouteTable, role)}); err != nil {
			return err
		}
	}
	for _, role := range []string{"sg-public", "sg-internal", "sg-bastion"} {
		if _, err := raw.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: vpc, GroupName: sdk.String(stack + "-" + role), Description: sdk.String(role), TagSpecifications: tags(types.ResourceTypeSecurityGroup, role)}); err != nil {
			return err
		}
	}
	for i, role := range []string{"web", "db", "bastion"} {
		spec := append(tags(types.ResourceTypeInstance, role), tags(types.ResourceTypeVolume, role)...)
		if _, err := raw.RunInstances(ctx, &ec2.RunInstancesInput{
			ImageId: sdk.String(ami), InstanceType: types.InstanceTypeT3Medium, MinCount: sdk.Int32(1), MaxCount: sdk.Int32(1),
			SubnetId: subnets[1+i%3], TagSpecifications: spec,
			BlockDeviceMappings: []types.BlockDeviceMapping{{DeviceName: sdk.String("/dev/sda1"), Ebs: &types.EbsBlockDevice{VolumeSize: sdk.Int32(30), VolumeType: types.VolumeTypeGp3, DeleteOnTermination: sdk.Bool(true)}}},
		}); err != nil {
			return err
		}
	}
	return nil
}

func AnyAMI(t testing.TB, raw *ec2.Client) string {
	t.Helper()
	r, err := raw.DescribeImages(context.Background(), &ec2.DescribeImagesInput{MaxResults: sdk.Int32(5)})
	if err != nil || len(r.Images) == 0 {
		t.Fatalf("no image in the emulator: %v", err)
	}
	return sdk.ToString(r.Images[0].ImageId)
}
