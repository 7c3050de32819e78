package aws

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Identity is who the credentials belong to.
type Identity struct {
	Account string
	ARN     string
}

// Owner is what the owner tag of this caller's resources says (OwnerOf).
func (i Identity) Owner() string { return OwnerOf(i.ARN) }

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
	var r *ec2.DescribeAvailabilityZonesOutput
	err := c.call(ctx, "list availability zones", reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{
			Filters: []types.Filter{filter("state", "available"), filter("zone-type", "availability-zone")},
		})
		return err
	})
	if err != nil {
		return nil, err
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

// Image is the AMI the servers boot: where it came from, and the device its
// root volume is attached as, which differs between images (/dev/sda1 for
// Ubuntu, /dev/xvda for Amazon Linux). A block device mapping for another
// name would add a second, unencrypted-by-us volume beside the image's own
// root instead of configuring it.
type Image struct {
	ID string
	// Source says where the image came from in English ("--ami", "SSM
	// <parameter>", the newest Canonical image); From says the same as a
	// message of the catalogue.
	Source     string
	From       catalog.Message
	RootDevice string
}

// DefaultRootDevice is Ubuntu's root device, used when an image does not say.
const DefaultRootDevice = "/dev/sda1"

// ResolveAMI returns the AMI to use and where it came from; see ResolveImage.
func (c *Client) ResolveAMI(ctx context.Context, ami string) (id, source string, err error) {
	img, err := c.ResolveImage(ctx, ami)
	return img.ID, img.Source, err
}

// ResolveImage returns the image to use: the given one after checking it
// exists, else the SSM public parameter, else the newest Canonical jammy
// image; with its root device name.
func (c *Client) ResolveImage(ctx context.Context, ami string) (Image, error) {
	if ami != "" {
		x, err := c.image(ctx, ami)
		if err != nil {
			return Image{}, err
		}
		return Image{ID: ami, Source: "--ami", From: catalog.Msg("ami.source.given"), RootDevice: rootDevice(x)}, nil
	}
	if c.SSM != nil {
		r, err := c.SSM.GetParameter(ctx, &ssm.GetParameterInput{Name: sdk.String(UbuntuParameter)})
		if err == nil && r.Parameter != nil && strings.HasPrefix(sdk.ToString(r.Parameter.Value), "ami-") {
			// Canonical's Ubuntu images boot from /dev/sda1; asking again
			// would cost every apply a round to AWS.
			return Image{ID: sdk.ToString(r.Parameter.Value), Source: "SSM " + UbuntuParameter, From: catalog.Msg("ami.source.ssm", UbuntuParameter), RootDevice: DefaultRootDevice}, nil
		}
	}
	var r *ec2.DescribeImagesOutput
	err := c.call(ctx, "look up the Ubuntu 22.04 AMI", reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeImages(ctx, &ec2.DescribeImagesInput{
			Owners: []string{CanonicalOwner},
			Filters: []types.Filter{
				filter("name", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*", "ubuntu/images/hvm-ssd-gp3/ubuntu-jammy-22.04-amd64-server-*"),
				filter("architecture", "x86_64"),
				filter("state", "available"),
			},
		})
		return err
	})
	if err != nil {
		return Image{}, err
	}
	if len(r.Images) == 0 {
		return Image{}, &Error{
			Op: "look up the Ubuntu 22.04 AMI", Kind: ErrNotFound,
			Msg: catalog.Msg("aws.error.noubuntu", c.Region),
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
	x := r.Images[0]
	return Image{ID: sdk.ToString(x.ImageId), Source: "newest Canonical jammy image", From: catalog.Msg("ami.source.newest"), RootDevice: rootDevice(&x)}, nil
}

// image describes one AMI, which must be available.
func (c *Client) image(ctx context.Context, ami string) (*types.Image, error) {
	op := "look up AMI " + ami
	var r *ec2.DescribeImagesOutput
	err := c.call(ctx, op, reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{ami}})
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(r.Images) == 0 || r.Images[0].State != types.ImageStateAvailable {
		return nil, &Error{Op: op, Kind: ErrNotFound, Code: "InvalidAMIID.NotFound", Msg: catalog.Msg("aws.error.noimage", c.Region)}
	}
	return &r.Images[0], nil
}

func rootDevice(x *types.Image) string {
	if x != nil && sdk.ToString(x.RootDeviceName) != "" {
		return sdk.ToString(x.RootDeviceName)
	}
	return DefaultRootDevice
}

// Needs is what a mission is about to create, for the checks before it.
type Needs struct {
	VPCs             int
	ElasticIPs       int
	NATGateways      int
	InternetGateways int
	InstanceType     string
	Zones            []string // where instances go; the first also holds the NAT gateway
	AMI              string
}

// Problem is one reason the mission may not be built as planned: the
// catalogue's "preflight.<Key>" with Args; Message is its English.
type Problem struct {
	Kind    error
	Message string
	Key     string
	Args    []any
	// Warning marks what AWS may still allow: a quota infrawiz could not
	// read, a permission it could not verify. It is said, never a refusal.
	Warning bool
	// Practice marks a quota finding in practice mode, where the emulator
	// enforces no quota: what AWS would do, said as a warning.
	Practice bool
}

// Msg is the problem as the catalogue's message.
func (p Problem) Msg() catalog.Message { return catalog.Msg("preflight."+p.Key, p.Args...) }

// In says the problem in l; a warning and a practice-mode quota say so
// first.
func (p Problem) In(l catalog.Lang) string {
	switch {
	case p.Practice:
		return catalog.T(l, "preflight.practice", p.Msg())
	case p.Warning:
		return catalog.T(l, "preflight.warning", p.Msg())
	}
	return p.Msg().In(l)
}

// problem builds a Problem with its English.
func problem(kind error, key string, args ...any) Problem {
	return Problem{Kind: kind, Key: key, Args: args, Message: catalog.T(catalog.EN, "preflight."+key, args...)}
}

// quota is one of the account's limits the mission can run into, as
// Service Quotas names it, with AWS's default for when the account's own
// cannot be read
// (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
type quota struct {
	service, code string
	def           int
	key           string // the catalogue's "preflight.<key>"
	what          string // English, plural, for the error of counting them
	need          func(Needs) int
	where         func(c *Client, n Needs) string
	used          func(ctx context.Context, c *Client, n Needs) (int, error)
}

var quotas = []quota{
	{
		service: "vpc", code: "L-F678F1CE", def: 5, key: "vpcs", what: "VPCs",
		need: func(n Needs) int { return n.VPCs }, where: inRegion,
		used: func(ctx context.Context, c *Client, _ Needs) (int, error) {
			fs, err := c.describe(ctx, KindVPC, nil)
			return len(fs), err
		},
	},
	{
		service: "vpc", code: "L-A4707A72", def: 5, key: "igws", what: "Internet gateways",
		need: func(n Needs) int { return n.InternetGateways }, where: inRegion,
		used: func(ctx context.Context, c *Client, _ Needs) (int, error) {
			fs, err := c.describe(ctx, KindInternetGateway, nil)
			return len(fs), err
		},
	},
	{
		service: "vpc", code: "L-FE5A380F", def: 5, key: "nats", what: "NAT gateways",
		need: func(n Needs) int { return n.NATGateways },
		where: func(c *Client, n Needs) string {
			if len(n.Zones) > 0 {
				return n.Zones[0]
			}
			return c.Region
		},
		used: natsInZone,
	},
	{
		service: "ec2", code: "L-0263D0A3", def: 5, key: "eips", what: "Elastic IPs",
		need: func(n Needs) int { return n.ElasticIPs }, where: inRegion,
		used: func(ctx context.Context, c *Client, _ Needs) (int, error) {
			fs, err := c.describe(ctx, KindElasticIP, nil)
			return len(fs), err
		},
	},
}

func inRegion(c *Client, _ Needs) string { return c.Region }

// natsInZone counts the NAT gateways, live or coming up, in the zone the
// mission puts its own in: the quota is per zone.
func natsInZone(ctx context.Context, c *Client, n Needs) (int, error) {
	if len(n.Zones) == 0 {
		return 0, nil
	}
	nats, err := c.describe(ctx, KindNATGateway, nil)
	if err != nil {
		return 0, err
	}
	var subnets []string
	for _, f := range nats {
		if f.State == string(types.NatGatewayStatePending) || f.State == string(types.NatGatewayStateAvailable) {
			subnets = append(subnets, sdk.ToString(f.NAT.SubnetId))
		}
	}
	if len(subnets) == 0 {
		return 0, nil
	}
	inZone, err := c.describe(ctx, KindSubnet, []types.Filter{filter("availability-zone", n.Zones[0])})
	if err != nil {
		return 0, err
	}
	zone := map[string]bool{}
	for _, s := range inZone {
		zone[s.ID] = true
	}
	count := 0
	for _, s := range subnets {
		if zone[s] {
			count++
		}
	}
	return count, nil
}

// limit reads the account's quota. authoritative is false when it could
// not be read and def stands in for it; why says what stood in the way.
func (c *Client) limit(ctx context.Context, q quota) (limit int, authoritative bool, why catalog.Message) {
	if c.Quotas != nil {
		r, err := c.Quotas.GetServiceQuota(ctx, &servicequotas.GetServiceQuotaInput{
			ServiceCode: sdk.String(q.service), QuotaCode: sdk.String(q.code),
		})
		if err == nil && r.Quota != nil && r.Quota.Value != nil {
			return int(*r.Quota.Value), true, catalog.Message{}
		}
		why = catalog.Msg("preflight.why.call")
		if code, _ := codeOf(err); code != "" {
			why = catalog.Msg("preflight.why.answered", code)
		}
	} else {
		why = catalog.Msg("preflight.why.noclient")
	}
	if q.key == "eips" {
		// EC2 itself says how many Elastic IPs the account may hold.
		if n, ok := c.eipAttribute(ctx); ok {
			return n, true, catalog.Message{}
		}
	}
	return q.def, false, why
}

func (c *Client) eipAttribute(ctx context.Context) (int, bool) {
	var r *ec2.DescribeAccountAttributesOutput
	err := c.call(ctx, "read the Elastic IP quota", reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeAccountAttributes(ctx, &ec2.DescribeAccountAttributesInput{
			AttributeNames: []types.AccountAttributeName{vpcMaxElasticIPs},
		})
		return err
	})
	if err != nil {
		return 0, false
	}
	for _, a := range r.AccountAttributes {
		if sdk.ToString(a.AttributeName) == string(vpcMaxElasticIPs) && len(a.AttributeValues) > 0 {
			if v, err := strconv.Atoi(sdk.ToString(a.AttributeValues[0].AttributeValue)); err == nil {
				return v, true
			}
		}
	}
	return 0, false
}

// Preflight checks, before the first create, what would otherwise fail
// half-way: permissions (EC2 DryRun), quotas against current usage, and
// whether the instance type is offered in the zones. It returns every
// problem at once so the user can fix them together; problems marked
// Warning are what it could not verify.
func (c *Client) Preflight(ctx context.Context, n Needs) ([]Problem, error) {
	var (
		mu       sync.Mutex
		problems []Problem
		g        errgroup.Group
	)
	add := func(p Problem) { mu.Lock(); problems = append(problems, p); mu.Unlock() }

	// Only calls that honour DryRun (and reach no further than a permission
	// check) are used: a DryRun ignored by an emulator must not create anything.
	dry := map[string]func(context.Context) error{
		"ec2:RunInstances": func(ctx context.Context) error {
			_, err := c.EC2.RunInstances(ctx, &ec2.RunInstancesInput{
				DryRun:  sdk.Bool(true),
				ImageId: sdk.String(n.AMI), InstanceType: types.InstanceType(n.InstanceType),
				MinCount: sdk.Int32(1), MaxCount: sdk.Int32(1),
			})
			return err
		},
		"ec2:AllocateAddress": func(ctx context.Context) error {
			_, err := c.EC2.AllocateAddress(ctx, &ec2.AllocateAddressInput{DryRun: sdk.Bool(true), Domain: types.DomainTypeVpc})
			return err
		},
		"ec2:CreateInternetGateway": func(ctx context.Context) error {
			_, err := c.EC2.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{DryRun: sdk.Bool(true)})
			return err
		},
		"ec2:CreateSecurityGroup": func(ctx context.Context) error {
			_, err := c.EC2.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
				DryRun:    sdk.Bool(true),
				GroupName: sdk.String("infrawiz-dryrun"), Description: sdk.String("permission check"),
			})
			return err
		},
	}
	for action, call := range dry {
		g.Go(func() error {
			// A DryRun answers with an error either way: DryRunOperation
			// alone means allowed. Anything else (a throttle waited out
			// too long, an emulator's own answer, an outage) proves
			// nothing, so it is said as such, with AWS's code.
			err := c.call(ctx, "check permission "+action, rule{}, call)
			code, _ := codeOf(err)
			switch {
			case code == "DryRunOperation":
			case code == "UnauthorizedOperation":
				add(problem(ErrAuth, "permission", action))
			default:
				what := "no error"
				if err != nil {
					what = cmp.Or(code, err.Error())
				}
				p := problem(ErrAuth, "permission.unverified", action, what)
				p.Warning = true
				add(p)
			}
			return nil
		})
	}
	for _, q := range quotas {
		need := q.need(n)
		if need == 0 {
			continue
		}
		g.Go(func() error {
			// The count and the quota at once: both are a round to AWS.
			var (
				limit int
				sure  bool
				why   catalog.Message
				got   = make(chan struct{})
			)
			go func() {
				defer close(got)
				limit, sure, why = c.limit(ctx, q)
			}()
			used, err := q.used(ctx, c, n)
			<-got
			if err != nil {
				return fmt.Errorf("count %s: %w", q.what, err)
			}
			if used+need <= limit {
				return nil
			}
			where := q.where(c, n)
			p := problem(ErrQuota, q.key, used, where, limit, need, why)
			if !sure {
				p = problem(ErrQuota, q.key+".unverified", used, where, limit, need, why)
				p.Warning = true
			}
			add(p)
			return nil
		})
	}
	if n.InstanceType != "" && len(n.Zones) > 0 {
		g.Go(func() error {
			missing, err := c.NotOffered(ctx, n.InstanceType, n.Zones)
			for _, z := range missing {
				add(problem(ErrCapacity, "offering", n.InstanceType, z))
			}
			return err
		})
	}
	err := g.Wait()
	sort.Slice(problems, func(i, j int) bool {
		if problems[i].Warning != problems[j].Warning {
			return !problems[i].Warning
		}
		return problems[i].Message < problems[j].Message
	})
	return problems, err
}

// vpcMaxElasticIPs is missing from the SDK's enum, though EC2 answers it.
const vpcMaxElasticIPs types.AccountAttributeName = "vpc-max-elastic-ips"

// serial is the build serial at the end of a Canonical image name
// ("...-server-20250516" gives "20250516").
func serial(name string) string { return name[strings.LastIndex(name, "-")+1:] }

// NotOffered lists the zones among zones where EC2 does not offer the
// instance type (all of them for a type that does not exist): one
// DescribeInstanceTypeOfferings, filtered by type and zone.
func (c *Client) NotOffered(ctx context.Context, instanceType string, zones []string) ([]string, error) {
	var r *ec2.DescribeInstanceTypeOfferingsOutput
	err := c.call(ctx, "check instance type "+instanceType, reads, func(ctx context.Context) (err error) {
		r, err = c.EC2.DescribeInstanceTypeOfferings(ctx, &ec2.DescribeInstanceTypeOfferingsInput{
			LocationType: types.LocationTypeAvailabilityZone,
			Filters:      []types.Filter{filter("instance-type", instanceType), filter("location", zones...)},
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	offered := map[string]bool{}
	for _, o := range r.InstanceTypeOfferings {
		offered[sdk.ToString(o.Location)] = true
	}
	var missing []string
	for _, z := range zones {
		if !offered[z] {
			missing = append(missing, z)
		}
	}
	return missing, nil
}
