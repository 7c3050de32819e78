package aws

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

const testOwner = "arn:aws:iam::123456789012:user/mhson"

func vpcMeta() Meta {
	return Meta{Stack: "mhson", Role: "vpc", Name: "mhson-vpc", Owner: testOwner}
}

func vpcOf(id string, m Meta) types.Vpc {
	return types.Vpc{VpcId: sdk.String(id), CidrBlock: sdk.String("192.168.11.0/24"), State: types.VpcStateAvailable, Tags: m.tags()}
}

// checkFindsByTags checks that a look-up selected exactly the stack and role
// of m.
func checkFindsByTags(t *testing.T, filters []types.Filter, m Meta) {
	t.Helper()
	if v, ok := filterValues(filters, "tag:"+TagStack); !ok || !slices.Equal(v, []string{m.Stack}) {
		t.Errorf("look-up filters %v: want tag:%s = [%s]", filters, TagStack, m.Stack)
	}
	if v, ok := filterValues(filters, "tag:"+TagRole); !ok || !slices.Equal(v, []string{m.Role}) {
		t.Errorf("look-up filters %v: want tag:%s = [%s]", filters, TagRole, m.Role)
	}
}

func TestCreateVPC_LostReplyResolvedByTags(t *testing.T) {
	for name, lost := range map[string]error{
		"connection reset": connReset("CreateVpc"),
		"500":              httpError("CreateVpc", 500),
		"InternalError":    apiError("CreateVpc", 500, "InternalError", "An internal error has occurred"),
	} {
		t.Run(name, func(t *testing.T) {
			m := vpcMeta()
			f := newFake()
			created := false // AWS made the VPC; only the reply was lost
			on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
				created = true
				return nil, lost
			})
			on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
				if !created {
					return &ec2.DescribeVpcsOutput{}, nil
				}
				return &ec2.DescribeVpcsOutput{Vpcs: []types.Vpc{vpcOf("vpc-0aaa", m)}}, nil
			})
			got, err := testClient(f).CreateVPC(context.Background(), m, "192.168.11.0/24")
			if err != nil {
				t.Fatalf("CreateVPC: %v", err)
			}
			if got.ID != "vpc-0aaa" || got.Kind != KindVPC || got.VPC == nil || got.Stack != m.Stack || got.Role != m.Role {
				t.Errorf("CreateVPC = %+v, want the VPC found by its tags", got)
			}
			if n := f.count("CreateVpc"); n != 1 {
				t.Errorf("CreateVpc called %d times, want 1: a lost reply must not make a second VPC", n)
			}
			ins := inputsOf[*ec2.DescribeVpcsInput](t, f, "DescribeVpcs")
			if len(ins) != 1 {
				t.Fatalf("DescribeVpcs called %d times, want 1", len(ins))
			}
			checkFindsByTags(t, ins[0].Filters, m)
		})
	}
}

func TestCreateVPC_LostReplyNotCreatedTriesAgain(t *testing.T) {
	m := vpcMeta()
	f := newFake()
	on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
		if f.count("CreateVpc") == 1 {
			return nil, httpError("CreateVpc", 503) // the request never reached EC2
		}
		v := vpcOf("vpc-0bbb", m)
		return &ec2.CreateVpcOutput{Vpc: &v}, nil
	})
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{}, nil
	})
	got, err := testClient(f).CreateVPC(context.Background(), m, "192.168.11.0/24")
	if err != nil {
		t.Fatalf("CreateVPC: %v", err)
	}
	if got.ID != "vpc-0bbb" {
		t.Errorf("ID = %q, want vpc-0bbb", got.ID)
	}
	if n := f.count("CreateVpc"); n != 2 {
		t.Errorf("CreateVpc called %d times, want 2", n)
	}
	if n := f.count("DescribeVpcs"); n != 1 {
		t.Errorf("DescribeVpcs called %d times, want 1 (between the two attempts)", n)
	}
	ins := inputsOf[*ec2.CreateVpcInput](t, f, "CreateVpc")
	if sdk.ToString(ins[1].CidrBlock) != "192.168.11.0/24" || len(ins[1].TagSpecifications) != 1 {
		t.Errorf("the second attempt differs from the first: %+v", ins[1])
	}
}

func TestCreateVPC_ThrottledTriesAgain(t *testing.T) {
	m := vpcMeta()
	f := newFake()
	on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
		if f.count("CreateVpc") == 1 {
			return nil, apiError("CreateVpc", 503, "RequestLimitExceeded", "Request limit exceeded.")
		}
		v := vpcOf("vpc-0ccc", m)
		return &ec2.CreateVpcOutput{Vpc: &v}, nil
	})
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{}, nil
	})
	got, err := testClient(f).CreateVPC(context.Background(), m, "192.168.11.0/24")
	if err != nil || got.ID != "vpc-0ccc" {
		t.Fatalf("CreateVPC = %+v, %v", got, err)
	}
	if n := f.count("CreateVpc"); n != 2 {
		t.Errorf("CreateVpc called %d times, want 2", n)
	}
}

func TestCreateVPC_NonRetryableReturnsAtOnce(t *testing.T) {
	f := newFake()
	on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
		return nil, apiError("CreateVpc", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
	})
	_, err := testClient(f).CreateVPC(context.Background(), vpcMeta(), "192.168.11.0/24")
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
	if n := f.count("CreateVpc"); n != 1 {
		t.Errorf("CreateVpc called %d times, want 1", n)
	}
	if n := f.count("DescribeVpcs"); n != 0 {
		t.Errorf("DescribeVpcs called %d times, want 0", n)
	}
}

func TestCreateVPC_GivesUpAfterRetries(t *testing.T) {
	f := newFake()
	on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
		return nil, connReset("CreateVpc")
	})
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{}, nil
	})
	c := testClient(f)
	c.Retries = 1
	_, err := c.CreateVPC(context.Background(), vpcMeta(), "192.168.11.0/24")
	if !errors.Is(err, ErrTransient) {
		t.Fatalf("err = %v, want ErrTransient", err)
	}
	if n := f.count("CreateVpc"); n != 2 {
		t.Errorf("CreateVpc called %d times, want 1 + Retries = 2", n)
	}
	if n := f.count("DescribeVpcs"); n != 1 {
		t.Errorf("DescribeVpcs called %d times, want 1", n)
	}
}

func TestCreate_CancelledContextStopsRetrying(t *testing.T) {
	t.Run("cancelled while the reply was lost", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := newFake()
		on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
			cancel() // the user presses Ctrl-C while the call hangs
			return nil, connReset("CreateVpc")
		})
		_, err := testClient(f).CreateVPC(ctx, vpcMeta(), "192.168.11.0/24")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if errors.Is(err, ErrTransient) {
			t.Errorf("a cancelled create reports a lost reply: %v", err)
		}
		if n := f.count("CreateVpc"); n != 1 {
			t.Errorf("CreateVpc called %d times after cancel, want 1", n)
		}
		if n := f.count("DescribeVpcs"); n != 0 {
			t.Errorf("DescribeVpcs called %d times after cancel, want 0", n)
		}
	})
	t.Run("the call itself was cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := newFake()
		on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
			cancel()
			return nil, context.Canceled
		})
		_, err := testClient(f).CreateVPC(ctx, vpcMeta(), "192.168.11.0/24")
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTransient) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := f.count("CreateVpc"); n != 1 {
			t.Errorf("CreateVpc called %d times, want 1", n)
		}
	})
}

// checkTagSpecs checks that specs tag each of the resource types with
// exactly the four tags of m.
func checkTagSpecs(t *testing.T, specs []types.TagSpecification, m Meta, want ...types.ResourceType) {
	t.Helper()
	var got []types.ResourceType
	for _, s := range specs {
		got = append(got, s.ResourceType)
		tags := map[string]string{}
		for _, tg := range s.Tags {
			tags[sdk.ToString(tg.Key)] = sdk.ToString(tg.Value)
		}
		wantTags := map[string]string{TagName: m.Name, TagStack: m.Stack, TagRole: m.Role, TagOwner: m.Owner}
		if len(tags) != len(wantTags) || len(s.Tags) != len(wantTags) {
			t.Errorf("%s tags = %v, want %v", s.ResourceType, tags, wantTags)
		}
		for k, v := range wantTags {
			if tags[k] != v {
				t.Errorf("%s tag %s = %q, want %q", s.ResourceType, k, tags[k], v)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("tagged resource types %v, want %v", got, want)
	}
}

// checkOneCall checks that a create called AWS once.
func checkOneCall(t *testing.T, f *fakeEC2, method string) {
	t.Helper()
	if n := f.count(method); n != 1 {
		t.Fatalf("%s called %d times, want 1", method, n)
	}
}

// TestNew_NoSDKRetriesForEC2 guards the one place that decides on retries:
// a retry inside the SDK after a lost reply could make a second copy of a
// resource, and would wait out throttling without a word.
func TestNew_NoSDKRetriesForEC2(t *testing.T) {
	c := New(sdk.Config{Region: "ap-northeast-2"})
	e, ok := c.EC2.(*ec2.Client)
	if !ok {
		t.Fatalf("EC2 is %T", c.EC2)
	}
	if _, ok := e.Options().Retryer.(sdk.NopRetryer); !ok {
		t.Errorf("EC2 runs with the SDK's retryer %T", e.Options().Retryer)
	}
	if c.Quotas == nil {
		t.Error("New builds no Service Quotas client: every quota would be a guess")
	}
}

// checkFound checks the Found a create returns.
func checkFound(t *testing.T, got Found, k Kind, id string, m Meta) {
	t.Helper()
	if got.Kind != k || got.ID != id || got.Name != m.Name || got.Stack != m.Stack || got.Role != m.Role || got.Owner != m.Owner {
		t.Errorf("Found = %+v, want %v %s tagged %+v", got, k, id, m)
	}
}

func TestCreate_TagsInTheCreateCall(t *testing.T) {
	ctx := context.Background()
	m := Meta{Stack: "mhson", Role: "subnet-public-2a", Name: "mhson-subnet-public-2a", Owner: testOwner}

	t.Run("CreateVpc", func(t *testing.T) {
		f := newFake()
		on(f, "CreateVpc", func(*ec2.CreateVpcInput) (*ec2.CreateVpcOutput, error) {
			v := vpcOf("vpc-1", m)
			return &ec2.CreateVpcOutput{Vpc: &v}, nil
		})
		got, err := testClient(f).CreateVPC(ctx, m, "192.168.11.0/24")
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindVPC, "vpc-1", m)
		in := inputsOf[*ec2.CreateVpcInput](t, f, "CreateVpc")[0]
		if sdk.ToString(in.CidrBlock) != "192.168.11.0/24" {
			t.Errorf("CidrBlock = %q", sdk.ToString(in.CidrBlock))
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeVpc)
		checkOneCall(t, f, "CreateVpc")
	})

	t.Run("CreateSubnet", func(t *testing.T) {
		f := newFake()
		on(f, "CreateSubnet", func(*ec2.CreateSubnetInput) (*ec2.CreateSubnetOutput, error) {
			return &ec2.CreateSubnetOutput{Subnet: &types.Subnet{SubnetId: sdk.String("subnet-1"), State: types.SubnetStateAvailable}}, nil
		})
		got, err := testClient(f).CreateSubnet(ctx, m, "vpc-1", "192.168.11.0/26", "ap-northeast-2a")
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindSubnet, "subnet-1", m)
		in := inputsOf[*ec2.CreateSubnetInput](t, f, "CreateSubnet")[0]
		if sdk.ToString(in.VpcId) != "vpc-1" || sdk.ToString(in.CidrBlock) != "192.168.11.0/26" || sdk.ToString(in.AvailabilityZone) != "ap-northeast-2a" {
			t.Errorf("CreateSubnet input = %+v", in)
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeSubnet)
		checkOneCall(t, f, "CreateSubnet")
	})

	t.Run("ImportKeyPair", func(t *testing.T) {
		f := newFake()
		on(f, "ImportKeyPair", func(*ec2.ImportKeyPairInput) (*ec2.ImportKeyPairOutput, error) {
			return &ec2.ImportKeyPairOutput{KeyName: sdk.String("mhson-subnet-public-2a"), KeyPairId: sdk.String("key-0123")}, nil
		})
		got, err := testClient(f).CreateKeyPair(ctx, m, []byte("ssh-ed25519 AAAA test"))
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindKeyPair, m.Name, m)
		in := inputsOf[*ec2.ImportKeyPairInput](t, f, "ImportKeyPair")[0]
		if sdk.ToString(in.KeyName) != m.Name || string(in.PublicKeyMaterial) != "ssh-ed25519 AAAA test" {
			t.Errorf("ImportKeyPair input = %+v", in)
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeKeyPair)
		checkOneCall(t, f, "ImportKeyPair")
	})

	t.Run("CreateInternetGateway", func(t *testing.T) {
		f := newFake()
		on(f, "CreateInternetGateway", func(*ec2.CreateInternetGatewayInput) (*ec2.CreateInternetGatewayOutput, error) {
			return &ec2.CreateInternetGatewayOutput{InternetGateway: &types.InternetGateway{InternetGatewayId: sdk.String("igw-1")}}, nil
		})
		got, err := testClient(f).CreateInternetGateway(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindInternetGateway, "igw-1", m)
		checkTagSpecs(t, inputsOf[*ec2.CreateInternetGatewayInput](t, f, "CreateInternetGateway")[0].TagSpecifications, m, types.ResourceTypeInternetGateway)
		checkOneCall(t, f, "CreateInternetGateway")
	})

	t.Run("AllocateAddress", func(t *testing.T) {
		f := newFake()
		on(f, "AllocateAddress", func(*ec2.AllocateAddressInput) (*ec2.AllocateAddressOutput, error) {
			return &ec2.AllocateAddressOutput{AllocationId: sdk.String("eipalloc-1"), PublicIp: sdk.String("3.3.3.3"), Domain: types.DomainTypeVpc}, nil
		})
		got, err := testClient(f).AllocateAddress(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindElasticIP, "eipalloc-1", m)
		in := inputsOf[*ec2.AllocateAddressInput](t, f, "AllocateAddress")[0]
		if in.Domain != types.DomainTypeVpc {
			t.Errorf("Domain = %q, want vpc", in.Domain)
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeElasticIp)
		checkOneCall(t, f, "AllocateAddress")
	})

	t.Run("CreateNatGateway", func(t *testing.T) {
		f := newFake()
		on(f, "CreateNatGateway", func(*ec2.CreateNatGatewayInput) (*ec2.CreateNatGatewayOutput, error) {
			return &ec2.CreateNatGatewayOutput{NatGateway: &types.NatGateway{NatGatewayId: sdk.String("nat-1"), State: types.NatGatewayStatePending}}, nil
		})
		got, err := testClient(f).CreateNATGateway(ctx, m, "subnet-1", "eipalloc-1", "tok-nat")
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindNATGateway, "nat-1", m)
		in := inputsOf[*ec2.CreateNatGatewayInput](t, f, "CreateNatGateway")[0]
		if sdk.ToString(in.SubnetId) != "subnet-1" || sdk.ToString(in.AllocationId) != "eipalloc-1" ||
			in.ConnectivityType != types.ConnectivityTypePublic || sdk.ToString(in.ClientToken) != "tok-nat" {
			t.Errorf("CreateNatGateway input = %+v", in)
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeNatgateway)
		checkOneCall(t, f, "CreateNatGateway")
	})

	t.Run("CreateRouteTable", func(t *testing.T) {
		f := newFake()
		on(f, "CreateRouteTable", func(*ec2.CreateRouteTableInput) (*ec2.CreateRouteTableOutput, error) {
			return &ec2.CreateRouteTableOutput{RouteTable: &types.RouteTable{RouteTableId: sdk.String("rtb-1")}}, nil
		})
		got, err := testClient(f).CreateRouteTable(ctx, m, "vpc-1")
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindRouteTable, "rtb-1", m)
		checkTagSpecs(t, inputsOf[*ec2.CreateRouteTableInput](t, f, "CreateRouteTable")[0].TagSpecifications, m, types.ResourceTypeRouteTable)
		checkOneCall(t, f, "CreateRouteTable")
	})

	t.Run("CreateSecurityGroup", func(t *testing.T) {
		f := newFake()
		on(f, "CreateSecurityGroup", func(*ec2.CreateSecurityGroupInput) (*ec2.CreateSecurityGroupOutput, error) {
			return &ec2.CreateSecurityGroupOutput{GroupId: sdk.String("sg-1")}, nil
		})
		got, err := testClient(f).CreateSecurityGroup(ctx, m, "vpc-1", "the web servers")
		if err != nil {
			t.Fatal(err)
		}
		checkFound(t, got, KindSecurityGroup, "sg-1", m)
		in := inputsOf[*ec2.CreateSecurityGroupInput](t, f, "CreateSecurityGroup")[0]
		if sdk.ToString(in.GroupName) != m.Name || sdk.ToString(in.VpcId) != "vpc-1" || sdk.ToString(in.Description) != "the web servers" {
			t.Errorf("CreateSecurityGroup input = %+v", in)
		}
		checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeSecurityGroup)
		checkOneCall(t, f, "CreateSecurityGroup")
	})
}

func runInstancesReply(id string) func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
	return func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		return &ec2.RunInstancesOutput{Instances: []types.Instance{{
			InstanceId: sdk.String(id), State: &types.InstanceState{Name: types.InstanceStateNamePending},
		}}}, nil
	}
}

func TestRunInstance_Hardened(t *testing.T) {
	m := Meta{Stack: "mhson", Role: "ec2-web", Name: "mhson-ec2-web-2a", Owner: testOwner}
	spec := InstanceSpec{
		AMI: "ami-0123", Type: "t3.medium", SubnetID: "subnet-1", SecurityGroupID: "sg-web", KeyName: "key-mhson",
		UserData: "#!/bin/bash\necho hello > /tmp/hello\n", DiskGB: 30, ClientToken: "tok-web",
	}
	f := newFake()
	on(f, "RunInstances", runInstancesReply("i-0web"))
	got, err := testClient(f).RunInstance(context.Background(), m, spec)
	if err != nil {
		t.Fatal(err)
	}
	checkFound(t, got, KindInstance, "i-0web", m)
	if got.State != "pending" || got.Instance == nil {
		t.Errorf("Found = %+v, want the pending instance", got)
	}
	checkOneCall(t, f, "RunInstances")
	in := inputsOf[*ec2.RunInstancesInput](t, f, "RunInstances")[0]

	checkTagSpecs(t, in.TagSpecifications, m, types.ResourceTypeInstance, types.ResourceTypeVolume, types.ResourceTypeNetworkInterface)
	if sdk.ToString(in.ImageId) != "ami-0123" || in.InstanceType != "t3.medium" || sdk.ToString(in.KeyName) != "key-mhson" ||
		sdk.ToInt32(in.MinCount) != 1 || sdk.ToInt32(in.MaxCount) != 1 || sdk.ToString(in.ClientToken) != "tok-web" {
		t.Errorf("RunInstances input = %+v", in)
	}
	if in.MetadataOptions == nil || in.MetadataOptions.HttpTokens != types.HttpTokensStateRequired {
		t.Errorf("MetadataOptions = %+v, want HttpTokens required (IMDSv2)", in.MetadataOptions)
	} else if in.MetadataOptions.HttpEndpoint == types.InstanceMetadataEndpointStateDisabled {
		t.Errorf("the metadata endpoint is disabled")
	}
	if len(in.BlockDeviceMappings) != 1 || in.BlockDeviceMappings[0].Ebs == nil {
		t.Fatalf("BlockDeviceMappings = %+v, want one EBS root volume", in.BlockDeviceMappings)
	}
	root := in.BlockDeviceMappings[0]
	if sdk.ToString(root.DeviceName) != "/dev/sda1" || sdk.ToInt32(root.Ebs.VolumeSize) != 30 ||
		root.Ebs.VolumeType != types.VolumeTypeGp3 || !sdk.ToBool(root.Ebs.Encrypted) || !sdk.ToBool(root.Ebs.DeleteOnTermination) {
		t.Errorf("root volume = %s %+v, want /dev/sda1 encrypted gp3 of 30 GB deleted on termination", sdk.ToString(root.DeviceName), *root.Ebs)
	}
	if len(in.NetworkInterfaces) != 1 {
		t.Fatalf("NetworkInterfaces = %+v, want one", in.NetworkInterfaces)
	}
	ni := in.NetworkInterfaces[0]
	if ni.AssociatePublicIpAddress == nil || *ni.AssociatePublicIpAddress {
		t.Errorf("AssociatePublicIpAddress = %v, want false", ni.AssociatePublicIpAddress)
	}
	if sdk.ToInt32(ni.DeviceIndex) != 0 || sdk.ToString(ni.SubnetId) != "subnet-1" || !slices.Equal(ni.Groups, []string{"sg-web"}) {
		t.Errorf("network interface = %+v", ni)
	}
	if in.SubnetId != nil || len(in.SecurityGroupIds) != 0 {
		t.Errorf("subnet or groups set outside the network interface, which EC2 refuses")
	}
	ud, err := base64.StdEncoding.DecodeString(sdk.ToString(in.UserData))
	if err != nil || string(ud) != spec.UserData {
		t.Errorf("UserData = %q (%v), want base64 of %q", sdk.ToString(in.UserData), err, spec.UserData)
	}
}

// TestRunInstance_RootDeviceOfTheImage: the one mapping is the image's own
// root device, so a non-Ubuntu image gets one encrypted root volume.
func TestRunInstance_RootDeviceOfTheImage(t *testing.T) {
	m := Meta{Stack: "mhson", Role: "ec2-bastion", Name: "mhson-ec2-bastion-2a", Owner: testOwner}
	f := newFake()
	on(f, "RunInstances", runInstancesReply("i-0al"))
	spec := InstanceSpec{AMI: "ami-0al2023", Type: "t3.medium", SubnetID: "subnet-1", SecurityGroupID: "sg-1", KeyName: "key-mhson", DiskGB: 30, RootDevice: "/dev/xvda"}
	if _, err := testClient(f).RunInstance(context.Background(), m, spec); err != nil {
		t.Fatal(err)
	}
	in := inputsOf[*ec2.RunInstancesInput](t, f, "RunInstances")[0]
	if len(in.BlockDeviceMappings) != 1 || sdk.ToString(in.BlockDeviceMappings[0].DeviceName) != "/dev/xvda" || !sdk.ToBool(in.BlockDeviceMappings[0].Ebs.Encrypted) {
		t.Errorf("BlockDeviceMappings = %+v, want one encrypted /dev/xvda", in.BlockDeviceMappings)
	}
}

func TestRunInstance_NoUserDataNoToken(t *testing.T) {
	f := newFake()
	on(f, "RunInstances", runInstancesReply("i-0db"))
	_, err := testClient(f).RunInstance(context.Background(), Meta{Stack: "s", Role: "ec2-db", Name: "s-ec2-db", Owner: testOwner},
		InstanceSpec{AMI: "ami-1", Type: "t3.medium", SubnetID: "subnet-1", SecurityGroupID: "sg-1", KeyName: "k", DiskGB: 8})
	if err != nil {
		t.Fatal(err)
	}
	in := inputsOf[*ec2.RunInstancesInput](t, f, "RunInstances")[0]
	if in.UserData != nil || in.ClientToken != nil {
		t.Errorf("UserData = %v, ClientToken = %v, want both unset", in.UserData, in.ClientToken)
	}
}

func TestRunInstance_LostReplyFoundByTags(t *testing.T) {
	m := Meta{Stack: "mhson", Role: "ec2-web", Name: "mhson-ec2-web-2a", Owner: testOwner}
	f := newFake()
	on(f, "RunInstances", func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		return nil, connReset("RunInstances")
	})
	on(f, "DescribeInstances", func(*ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		return &ec2.DescribeInstancesOutput{Reservations: []types.Reservation{{Instances: []types.Instance{{
			InstanceId: sdk.String("i-0web"), Tags: m.tags(), State: &types.InstanceState{Name: types.InstanceStateNamePending},
		}}}}}, nil
	})
	got, err := testClient(f).RunInstance(context.Background(), m, InstanceSpec{AMI: "ami-1", Type: "t3.medium", DiskGB: 30})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "i-0web" || got.State != "pending" {
		t.Errorf("RunInstance = %+v", got)
	}
	if n := f.count("RunInstances"); n != 1 {
		t.Errorf("RunInstances called %d times, want 1", n)
	}
	in := inputsOf[*ec2.DescribeInstancesInput](t, f, "DescribeInstances")[0]
	checkFindsByTags(t, in.Filters, m)
	// A terminated instance is gone for every purpose: the look-up must
	// not adopt one, but must see one still pending.
	states, ok := filterValues(in.Filters, "instance-state-name")
	if !ok || slices.Contains(states, "terminated") || !slices.Contains(states, "pending") {
		t.Errorf("instance-state-name filter = %v", states)
	}
}
