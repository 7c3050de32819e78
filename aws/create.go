package aws

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// create runs one create call. When the reply is lost (a timeout, a reset
// connection, a 5xx) the call may still have happened, and most EC2 creates
// take no idempotency token, so the tags are looked up again before any new
// attempt: a retry never makes a second copy.
func (c *Client) create(ctx context.Context, k Kind, m Meta, op string, do func(context.Context) (Found, error)) (Found, error) {
	var last error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			notify(ctx, Note{Key: NoteTransient, Msg: catalog.Msg("msg.run.retry.lookup", m.Name)})
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return Found{}, classify(op, err)
			}
			f, ok, err := c.FindRole(ctx, k, m.Stack, m.Role)
			if err != nil {
				// Without an answer the create may still have happened:
				// look again rather than risk a second copy.
				last = err
				continue
			}
			if ok {
				return f, nil
			}
		}
		// Throttling and ids not known yet are waited out inside call: AWS
		// refused those creates, so trying again makes no second copy.
		var f Found
		err := c.call(ctx, op, rule{unknown: true}, func(ctx context.Context) error {
			var err error
			f, err = do(ctx)
			return err
		})
		if err == nil {
			return f, nil
		}
		last = err
		if !errors.Is(err, ErrTransient) {
			return Found{}, err
		}
	}
	return Found{}, last
}

func backoff(attempt int) time.Duration {
	d := 200 * time.Millisecond << (attempt - 1)
	return min(d, 5*time.Second)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// CreateKeyPair imports the public half of the user's key. The private half
// never leaves the user's machine.
func (c *Client) CreateKeyPair(ctx context.Context, m Meta, publicKey []byte) (Found, error) {
	return c.create(ctx, KindKeyPair, m, "import key pair "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.ImportKeyPair(ctx, &ec2.ImportKeyPairInput{
			KeyName:           sdk.String(m.Name),
			PublicKeyMaterial: publicKey,
			TagSpecifications: m.spec(types.ResourceTypeKeyPair),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindKeyPair, sdk.ToString(r.KeyName), m.tags())
		f.Key = &types.KeyPairInfo{KeyName: r.KeyName, KeyPairId: r.KeyPairId, KeyFingerprint: r.KeyFingerprint, Tags: m.tags()}
		return f, nil
	})
}

// CreateVPC creates the VPC.
func (c *Client) CreateVPC(ctx context.Context, m Meta, cidr string) (Found, error) {
	return c.create(ctx, KindVPC, m, "create VPC "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{
			CidrBlock:         sdk.String(cidr),
			TagSpecifications: m.spec(types.ResourceTypeVpc),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindVPC, sdk.ToString(r.Vpc.VpcId), m.tags())
		f.VPC, f.State = r.Vpc, string(r.Vpc.State)
		return f, nil
	})
}

// CreateSubnet creates a subnet; it never maps public IPs on launch, so only
// the Elastic IPs the mission asks for make anything public.
func (c *Client) CreateSubnet(ctx context.Context, m Meta, vpcID, cidr, az string) (Found, error) {
	return c.create(ctx, KindSubnet, m, "create subnet "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.CreateSubnet(ctx, &ec2.CreateSubnetInput{
			VpcId:             sdk.String(vpcID),
			CidrBlock:         sdk.String(cidr),
			AvailabilityZone:  sdk.String(az),
			TagSpecifications: m.spec(types.ResourceTypeSubnet),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindSubnet, sdk.ToString(r.Subnet.SubnetId), m.tags())
		f.Subnet, f.State = r.Subnet, string(r.Subnet.State)
		return f, nil
	})
}

// CreateInternetGateway creates the (still detached) internet gateway.
func (c *Client) CreateInternetGateway(ctx context.Context, m Meta) (Found, error) {
	return c.create(ctx, KindInternetGateway, m, "create internet gateway "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{
			TagSpecifications: m.spec(types.ResourceTypeInternetGateway),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindInternetGateway, sdk.ToString(r.InternetGateway.InternetGatewayId), m.tags())
		f.IGW = r.InternetGateway
		return f, nil
	})
}

// AllocateAddress allocates an Elastic IP.
func (c *Client) AllocateAddress(ctx context.Context, m Meta) (Found, error) {
	return c.create(ctx, KindElasticIP, m, "allocate Elastic IP "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.AllocateAddress(ctx, &ec2.AllocateAddressInput{
			Domain:            types.DomainTypeVpc,
			TagSpecifications: m.spec(types.ResourceTypeElasticIp),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindElasticIP, sdk.ToString(r.AllocationId), m.tags())
		f.Address = &types.Address{AllocationId: r.AllocationId, PublicIp: r.PublicIp, Domain: r.Domain, Tags: m.tags()}
		return f, nil
	})
}

// CreateNATGateway starts a public NAT gateway; it is pending for minutes on
// AWS, and WaitNATGateway follows it.
func (c *Client) CreateNATGateway(ctx context.Context, m Meta, subnetID, allocationID, token string) (Found, error) {
	return c.create(ctx, KindNATGateway, m, "create NAT gateway "+m.Name, func(ctx context.Context) (Found, error) {
		in := &ec2.CreateNatGatewayInput{
			SubnetId:          sdk.String(subnetID),
			AllocationId:      sdk.String(allocationID),
			ConnectivityType:  types.ConnectivityTypePublic,
			TagSpecifications: m.spec(types.ResourceTypeNatgateway),
		}
		if token != "" {
			in.ClientToken = sdk.String(token)
		}
		r, err := c.EC2.CreateNatGateway(ctx, in)
		if err != nil {
			return Found{}, err
		}
		f := found(KindNATGateway, sdk.ToString(r.NatGateway.NatGatewayId), m.tags())
		f.NAT, f.State = r.NatGateway, string(r.NatGateway.State)
		return f, nil
	})
}

// CreateRouteTable creates an empty route table in the VPC.
func (c *Client) CreateRouteTable(ctx context.Context, m Meta, vpcID string) (Found, error) {
	return c.create(ctx, KindRouteTable, m, "create route table "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{
			VpcId:             sdk.String(vpcID),
			TagSpecifications: m.spec(types.ResourceTypeRouteTable),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindRouteTable, sdk.ToString(r.RouteTable.RouteTableId), m.tags())
		f.RouteTable = r.RouteTable
		return f, nil
	})
}

// CreateSecurityGroup creates a group with no ingress rule; the rules are
// added once every group they name exists.
func (c *Client) CreateSecurityGroup(ctx context.Context, m Meta, vpcID, description string) (Found, error) {
	return c.create(ctx, KindSecurityGroup, m, "create security group "+m.Name, func(ctx context.Context) (Found, error) {
		r, err := c.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
			GroupName:         sdk.String(m.Name),
			Description:       sdk.String(description),
			VpcId:             sdk.String(vpcID),
			TagSpecifications: m.spec(types.ResourceTypeSecurityGroup),
		})
		if err != nil {
			return Found{}, err
		}
		f := found(KindSecurityGroup, sdk.ToString(r.GroupId), m.tags())
		f.SG = &types.SecurityGroup{GroupId: r.GroupId, GroupName: sdk.String(m.Name), VpcId: sdk.String(vpcID), Tags: m.tags()}
		return f, nil
	})
}

// InstanceSpec is one server of the mission.
type InstanceSpec struct {
	AMI             string
	Type            string
	SubnetID        string
	SecurityGroupID string
	KeyName         string
	UserData        string
	DiskGB          int32
	ClientToken     string
	// RootDevice is the image's root device name (Image.RootDevice);
	// empty means DefaultRootDevice.
	RootDevice string
}

// RunInstance launches one server: IMDSv2 required, an encrypted gp3 root
// volume, and no automatic public IP (web and the bastion get Elastic IPs).
func (c *Client) RunInstance(ctx context.Context, m Meta, s InstanceSpec) (Found, error) {
	return c.create(ctx, KindInstance, m, "launch instance "+m.Name, func(ctx context.Context) (Found, error) {
		in := &ec2.RunInstancesInput{
			ImageId:      sdk.String(s.AMI),
			InstanceType: types.InstanceType(s.Type),
			MinCount:     sdk.Int32(1),
			MaxCount:     sdk.Int32(1),
			KeyName:      sdk.String(s.KeyName),
			NetworkInterfaces: []types.InstanceNetworkInterfaceSpecification{{
				DeviceIndex:              sdk.Int32(0),
				SubnetId:                 sdk.String(s.SubnetID),
				Groups:                   []string{s.SecurityGroupID},
				AssociatePublicIpAddress: sdk.Bool(false),
				DeleteOnTermination:      sdk.Bool(true),
			}},
			MetadataOptions: &types.InstanceMetadataOptionsRequest{
				HttpTokens:              types.HttpTokensStateRequired,
				HttpEndpoint:            types.InstanceMetadataEndpointStateEnabled,
				HttpPutResponseHopLimit: sdk.Int32(1),
			},
			BlockDeviceMappings: []types.BlockDeviceMapping{{
				// The image's own root device, so this mapping sizes and
				// encrypts the root volume rather than adding a second one.
				DeviceName: sdk.String(cmp.Or(s.RootDevice, DefaultRootDevice)),
				Ebs: &types.EbsBlockDevice{
					VolumeSize:          sdk.Int32(s.DiskGB),
					VolumeType:          types.VolumeTypeGp3,
					Encrypted:           sdk.Bool(true),
					DeleteOnTermination: sdk.Bool(true),
				},
			}},
			TagSpecifications: m.spec(types.ResourceTypeInstance, types.ResourceTypeVolume, types.ResourceTypeNetworkInterface),
		}
		if s.UserData != "" {
			in.UserData = sdk.String(base64.StdEncoding.EncodeToString([]byte(s.UserData)))
		}
		if s.ClientToken != "" {
			in.ClientToken = sdk.String(s.ClientToken)
		}
		r, err := c.EC2.RunInstances(ctx, in)
		if err != nil {
			return Found{}, err
		}
		x := &r.Instances[0]
		f := found(KindInstance, sdk.ToString(x.InstanceId), m.tags())
		f.Instance = x
		if x.State != nil {
			f.State = string(x.State.Name)
		}
		return f, nil
	})
}
