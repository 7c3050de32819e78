package aws

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func testNeeds() Needs {
	return Needs{
		VPCs: 1, ElasticIPs: 3, NATGateways: 1, InstanceType: "t3.medium",
		Zones: []string{"ap-northeast-2a", "ap-northeast-2c"}, AMI: "ami-0123",
	}
}

// preflightFake answers every call Preflight makes as a healthy account
// would: every DryRun would have succeeded, 5 Elastic IPs allowed and none
// used, only the default VPC, the instance type offered everywhere.
func preflightFake() *fakeEC2 {
	f := newFake()
	on(f, "RunInstances", func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		return nil, dryRunOK("RunInstances")
	})
	on(f, "AllocateAddress", func(*ec2.AllocateAddressInput) (*ec2.AllocateAddressOutput, error) {
		return nil, dryRunOK("AllocateAddress")
	})
	on(f, "CreateInternetGateway", func(*ec2.CreateInternetGatewayInput) (*ec2.CreateInternetGatewayOutput, error) {
		return nil, dryRunOK("CreateInternetGateway")
	})
	on(f, "CreateSecurityGroup", func(*ec2.CreateSecurityGroupInput) (*ec2.CreateSecurityGroupOutput, error) {
		return nil, dryRunOK("CreateSecurityGroup")
	})
	eipLimit(f, "5")
	eipsInUse(f, 0)
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{Vpcs: []types.Vpc{{VpcId: sdk.String("vpc-default"), IsDefault: sdk.Bool(true)}}}, nil
	})
	on(f, "DescribeInstanceTypeOfferings", func(in *ec2.DescribeInstanceTypeOfferingsInput) (*ec2.DescribeInstanceTypeOfferingsOutput, error) {
		zones, _ := filterValues(in.Filters, "location")
		out := &ec2.DescribeInstanceTypeOfferingsOutput{}
		for _, z := range zones {
			out.InstanceTypeOfferings = append(out.InstanceTypeOfferings, types.InstanceTypeOffering{
				InstanceType: types.InstanceTypeT3Medium, Location: sdk.String(z), LocationType: types.LocationTypeAvailabilityZone,
			})
		}
		return out, nil
	})
	return f
}

func eipLimit(f *fakeEC2, limit string) {
	on(f, "DescribeAccountAttributes", func(*ec2.DescribeAccountAttributesInput) (*ec2.DescribeAccountAttributesOutput, error) {
		return &ec2.DescribeAccountAttributesOutput{AccountAttributes: []types.AccountAttribute{
			{AttributeName: sdk.String("supported-platforms"), AttributeValues: []types.AccountAttributeValue{{AttributeValue: sdk.String("VPC")}}},
			{AttributeName: sdk.String("vpc-max-elastic-ips"), AttributeValues: []types.AccountAttributeValue{{AttributeValue: sdk.String(limit)}}},
		}}, nil
	})
}

func eipsInUse(f *fakeEC2, n int) {
	on(f, "DescribeAddresses", func(*ec2.DescribeAddressesInput) (*ec2.DescribeAddressesOutput, error) {
		out := &ec2.DescribeAddressesOutput{}
		for i := range n {
			out.Addresses = append(out.Addresses, types.Address{AllocationId: sdk.String("eipalloc-" + string(rune('a'+i)))})
		}
		return out, nil
	})
}

func TestPreflight_HealthyAccountHasNoProblem(t *testing.T) {
	f := preflightFake()
	problems, err := testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Fatalf("Preflight = %+v, %v; want no problem", problems, err)
	}
	// Every permission check is a DryRun: a check that forgot the flag
	// would create a real resource (or a real bill).
	for _, in := range inputsOf[*ec2.RunInstancesInput](t, f, "RunInstances") {
		if !sdk.ToBool(in.DryRun) || sdk.ToString(in.ImageId) != "ami-0123" || in.InstanceType != "t3.medium" {
			t.Errorf("RunInstances check = %+v, want a DryRun of the planned AMI and type", in)
		}
	}
	for _, in := range inputsOf[*ec2.AllocateAddressInput](t, f, "AllocateAddress") {
		if !sdk.ToBool(in.DryRun) {
			t.Errorf("AllocateAddress without DryRun")
		}
	}
	for _, in := range inputsOf[*ec2.CreateInternetGatewayInput](t, f, "CreateInternetGateway") {
		if !sdk.ToBool(in.DryRun) {
			t.Errorf("CreateInternetGateway without DryRun")
		}
	}
	for _, in := range inputsOf[*ec2.CreateSecurityGroupInput](t, f, "CreateSecurityGroup") {
		if !sdk.ToBool(in.DryRun) {
			t.Errorf("CreateSecurityGroup without DryRun")
		}
	}
	for _, m := range []string{"RunInstances", "AllocateAddress", "CreateInternetGateway", "CreateSecurityGroup", "DescribeAccountAttributes", "DescribeAddresses", "DescribeVpcs", "DescribeInstanceTypeOfferings"} {
		if n := f.count(m); n != 1 {
			t.Errorf("%s called %d times, want 1", m, n)
		}
	}
	attrs := inputsOf[*ec2.DescribeAccountAttributesInput](t, f, "DescribeAccountAttributes")[0]
	if !slices.Contains(attrs.AttributeNames, types.AccountAttributeName("vpc-max-elastic-ips")) {
		t.Errorf("DescribeAccountAttributes asked for %v", attrs.AttributeNames)
	}
}

func TestPreflight_UnauthorizedRunInstances(t *testing.T) {
	f := preflightFake()
	on(f, "RunInstances", func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		return nil, apiError("RunInstances", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
	})
	problems, err := testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 {
		t.Fatalf("problems = %+v, want one", problems)
	}
	p := problems[0]
	if p.Kind != ErrAuth || !strings.Contains(p.Message, "ec2:RunInstances") {
		t.Errorf("problem = %+v, want ErrAuth naming ec2:RunInstances", p)
	}
	for _, other := range []string{"ec2:AllocateAddress", "ec2:CreateInternetGateway", "ec2:CreateSecurityGroup"} {
		if strings.Contains(p.Message, other) {
			t.Errorf("problem %q names %s, which is allowed", p.Message, other)
		}
	}
}

func TestPreflight_EveryDryRunDenied(t *testing.T) {
	f := preflightFake()
	deny := func(op string) error {
		return apiError(op, 403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
	}
	on(f, "RunInstances", func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) { return nil, deny("RunInstances") })
	on(f, "AllocateAddress", func(*ec2.AllocateAddressInput) (*ec2.AllocateAddressOutput, error) {
		return nil, deny("AllocateAddress")
	})
	on(f, "CreateInternetGateway", func(*ec2.CreateInternetGatewayInput) (*ec2.CreateInternetGatewayOutput, error) {
		return nil, deny("CreateInternetGateway")
	})
	on(f, "CreateSecurityGroup", func(*ec2.CreateSecurityGroupInput) (*ec2.CreateSecurityGroupOutput, error) {
		return nil, deny("CreateSecurityGroup")
	})
	problems, err := testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, p := range problems {
		if p.Kind != ErrAuth {
			t.Errorf("problem %+v is not ErrAuth", p)
		}
		for _, a := range []string{"ec2:RunInstances", "ec2:AllocateAddress", "ec2:CreateInternetGateway", "ec2:CreateSecurityGroup"} {
			if strings.Contains(p.Message, a) {
				named = append(named, a)
			}
		}
	}
	slices.Sort(named)
	if !slices.Equal(named, []string{"ec2:AllocateAddress", "ec2:CreateInternetGateway", "ec2:CreateSecurityGroup", "ec2:RunInstances"}) {
		t.Errorf("problems name %v, want all four actions once", named)
	}
	if !slices.IsSortedFunc(problems, func(a, b Problem) int { return strings.Compare(a.Message, b.Message) }) {
		t.Errorf("problems come in no stable order")
	}
}

func TestPreflight_ElasticIPQuota(t *testing.T) {
	f := preflightFake()
	eipLimit(f, "5")
	eipsInUse(f, 4)
	problems, err := testClient(f).Preflight(context.Background(), testNeeds()) // needs 3
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Kind != ErrQuota {
		t.Fatalf("problems = %+v, want one ErrQuota", problems)
	}
	msg := problems[0].Message
	for _, n := range []string{"4", "5", "3"} {
		if !regexp.MustCompile(`\b` + n + `\b`).MatchString(msg) {
			t.Errorf("message %q does not say %s", msg, n)
		}
	}

	// Exactly at the limit is fine.
	f = preflightFake()
	eipsInUse(f, 2)
	problems, err = testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Errorf("2 used + 3 needed of 5: problems = %+v, %v", problems, err)
	}

	// A raised quota is honoured.
	f = preflightFake()
	eipLimit(f, "10")
	eipsInUse(f, 6)
	problems, err = testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Errorf("6 used + 3 needed of 10: problems = %+v, %v", problems, err)
	}
}

func TestPreflight_VPCQuota(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{Vpcs: make([]types.Vpc, 5)}, nil
	})
	problems, err := testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Kind != ErrQuota || !strings.Contains(problems[0].Message, "VPC") {
		t.Errorf("problems = %+v, want one VPC ErrQuota", problems)
	}
}

func TestPreflight_InstanceTypeNotOfferedInAZone(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeInstanceTypeOfferings", func(in *ec2.DescribeInstanceTypeOfferingsInput) (*ec2.DescribeInstanceTypeOfferingsOutput, error) {
		if in.LocationType != types.LocationTypeAvailabilityZone {
			t.Errorf("LocationType = %q", in.LocationType)
		}
		if v, _ := filterValues(in.Filters, "instance-type"); !slices.Equal(v, []string{"t3.medium"}) {
			t.Errorf("instance-type filter = %v", v)
		}
		if v, _ := filterValues(in.Filters, "location"); !slices.Equal(v, []string{"ap-northeast-2a", "ap-northeast-2c"}) {
			t.Errorf("location filter = %v", v)
		}
		return &ec2.DescribeInstanceTypeOfferingsOutput{InstanceTypeOfferings: []types.InstanceTypeOffering{
			{InstanceType: types.InstanceTypeT3Medium, Location: sdk.String("ap-northeast-2a"), LocationType: types.LocationTypeAvailabilityZone},
		}}, nil
	})
	problems, err := testClient(f).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Kind != ErrCapacity {
		t.Fatalf("problems = %+v, want one ErrCapacity", problems)
	}
	if msg := problems[0].Message; !strings.Contains(msg, "ap-northeast-2c") || strings.Contains(msg, "ap-northeast-2a") || !strings.Contains(msg, "t3.medium") {
		t.Errorf("message %q, want it to name t3.medium and ap-northeast-2c only", msg)
	}
}

func TestPreflight_FailedLookupIsAnError(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeAddresses", func(*ec2.DescribeAddressesInput) (*ec2.DescribeAddressesOutput, error) {
		return nil, apiError("DescribeAddresses", 401, "AuthFailure", "AWS was not able to validate the provided access credentials")
	})
	_, err := testClient(f).Preflight(context.Background(), testNeeds())
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
}

func TestPreflight_NothingToCountSkipsLookups(t *testing.T) {
	f := preflightFake()
	n := testNeeds()
	n.VPCs, n.InstanceType, n.Zones = 0, "", nil
	if _, err := testClient(f).Preflight(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	if f.count("DescribeVpcs") != 0 || f.count("DescribeInstanceTypeOfferings") != 0 {
		t.Errorf("looked up VPCs (%d) or offerings (%d) with nothing to check", f.count("DescribeVpcs"), f.count("DescribeInstanceTypeOfferings"))
	}
}

func image(id, name, created string) types.Image {
	return types.Image{ImageId: sdk.String(id), Name: sdk.String(name), CreationDate: sdk.String(created), State: types.ImageStateAvailable}
}

func TestResolveAMI_Explicit(t *testing.T) {
	cases := []struct {
		name    string
		reply   *ec2.DescribeImagesOutput
		err     error
		want    error
		wantAMI string
	}{
		{name: "available", reply: &ec2.DescribeImagesOutput{Images: []types.Image{image("ami-0123", "mine", "2025-01-01T00:00:00.000Z")}}, wantAMI: "ami-0123"},
		{name: "empty answer", reply: &ec2.DescribeImagesOutput{}, want: ErrNotFound},
		{name: "not found error", err: apiError("DescribeImages", 400, "InvalidAMIID.NotFound", "The image id '[ami-0123]' does not exist"), want: ErrNotFound},
		{name: "pending", reply: &ec2.DescribeImagesOutput{Images: []types.Image{{ImageId: sdk.String("ami-0123"), State: types.ImageStatePending}}}, want: ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			on(f, "DescribeImages", func(in *ec2.DescribeImagesInput) (*ec2.DescribeImagesOutput, error) {
				if !slices.Equal(in.ImageIds, []string{"ami-0123"}) {
					t.Errorf("ImageIds = %v", in.ImageIds)
				}
				return tc.reply, tc.err
			})
			c := testClient(f)
			c.SSM = &fakeSSM{} // must not be asked: the user chose the AMI
			id, source, err := c.ResolveAMI(context.Background(), "ami-0123")
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("ResolveAMI = %q, %v; want %v", id, err, tc.want)
				}
				return
			}
			if err != nil || id != tc.wantAMI || source != "--ami" {
				t.Errorf("ResolveAMI = %q, %q, %v", id, source, err)
			}
		})
	}
}

func TestResolveAMI_FromSSM(t *testing.T) {
	f := newFake() // DescribeImages must not be needed
	s := &fakeSSM{get: func(in *ssm.GetParameterInput) (*ssm.GetParameterOutput, error) {
		if sdk.ToString(in.Name) != UbuntuParameter {
			t.Errorf("asked SSM for %q", sdk.ToString(in.Name))
		}
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: sdk.String("ami-0ssm")}}, nil
	}}
	c := testClient(f)
	c.SSM = s
	id, source, err := c.ResolveAMI(context.Background(), "")
	if err != nil || id != "ami-0ssm" || !strings.Contains(source, "SSM") {
		t.Fatalf("ResolveAMI = %q, %q, %v; want ami-0ssm from SSM", id, source, err)
	}
	if s.calls != 1 || f.count("DescribeImages") != 0 {
		t.Errorf("SSM calls %d, DescribeImages calls %d", s.calls, f.count("DescribeImages"))
	}
}

func TestResolveAMI_NewestCanonicalImage(t *testing.T) {
	const (
		same  = "2025-05-16T09:12:33.000Z"
		older = "2024-03-01T10:00:00.000Z"
	)
	images := []types.Image{
		image("ami-old", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240301", same),
		image("ami-older-big-name", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20991231", older),
		image("ami-new", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250516", same),
	}
	ssmAnswers := map[string]func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error){
		"parameter missing": func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error) {
			return nil, &ssmtypes.ParameterNotFound{Message: sdk.String("not found")}
		},
		"parameter not an AMI": func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error) {
			return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: sdk.String("")}}, nil
		},
		"no SSM client": nil,
	}
	for name, get := range ssmAnswers {
		t.Run(name, func(t *testing.T) {
			f := newFake()
			on(f, "DescribeImages", func(in *ec2.DescribeImagesInput) (*ec2.DescribeImagesOutput, error) {
				if !slices.Equal(in.Owners, []string{CanonicalOwner}) {
					t.Errorf("Owners = %v, want Canonical only", in.Owners)
				}
				names, _ := filterValues(in.Filters, "name")
				if len(names) == 0 || !strings.Contains(strings.Join(names, " "), "ubuntu-jammy-22.04-amd64-server-") {
					t.Errorf("name filter = %v", names)
				}
				return &ec2.DescribeImagesOutput{Images: slices.Clone(images)}, nil
			})
			c := testClient(f)
			if get != nil {
				c.SSM = &fakeSSM{get: get}
			}
			id, source, err := c.ResolveAMI(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if id != "ami-new" {
				t.Errorf("ResolveAMI = %q, want ami-new (newest date, ties broken by the build serial)", id)
			}
			if source == "" || strings.Contains(source, "SSM") {
				t.Errorf("source = %q", source)
			}
		})
	}
}

func TestResolveAMI_NoImageAtAll(t *testing.T) {
	f := newFake()
	on(f, "DescribeImages", func(*ec2.DescribeImagesInput) (*ec2.DescribeImagesOutput, error) {
		return &ec2.DescribeImagesOutput{}, nil
	})
	_, _, err := testClient(f).ResolveAMI(context.Background(), "")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "--ami") {
		t.Fatalf("err = %v, want ErrNotFound that suggests --ami", err)
	}
}

func TestZones_SortedAndOptedIn(t *testing.T) {
	f := newFake()
	on(f, "DescribeAvailabilityZones", func(in *ec2.DescribeAvailabilityZonesInput) (*ec2.DescribeAvailabilityZonesOutput, error) {
		if v, _ := filterValues(in.Filters, "state"); !slices.Equal(v, []string{"available"}) {
			t.Errorf("state filter = %v", v)
		}
		z := func(name string, opt types.AvailabilityZoneOptInStatus) types.AvailabilityZone {
			return types.AvailabilityZone{ZoneName: sdk.String(name), OptInStatus: opt}
		}
		return &ec2.DescribeAvailabilityZonesOutput{AvailabilityZones: []types.AvailabilityZone{
			z("ap-northeast-2c", types.AvailabilityZoneOptInStatusOptInNotRequired),
			z("ap-northeast-2a", types.AvailabilityZoneOptInStatusOptInNotRequired),
			z("ap-northeast-2-wl1-a", types.AvailabilityZoneOptInStatusNotOptedIn),
			z("ap-northeast-2b", types.AvailabilityZoneOptInStatusOptedIn),
		}}, nil
	})
	got, err := testClient(f).Zones(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}) {
		t.Errorf("Zones = %v", got)
	}
}

type fakeSTS struct {
	out *sts.GetCallerIdentityOutput
	err error
}

func (f fakeSTS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return f.out, f.err
}

func TestWhoAmI(t *testing.T) {
	c := testClient(newFake())
	c.STS = fakeSTS{out: &sts.GetCallerIdentityOutput{Account: sdk.String("123456789012"), Arn: sdk.String(testOwner)}}
	id, err := c.WhoAmI(context.Background())
	if err != nil || id.Account != "123456789012" || id.ARN != testOwner {
		t.Errorf("WhoAmI = %+v, %v", id, err)
	}
	c.STS = fakeSTS{err: apiError("GetCallerIdentity", 403, "ExpiredToken", "The security token included in the request is expired")}
	if _, err := c.WhoAmI(context.Background()); !errors.Is(err, ErrAuth) {
		t.Errorf("expired credentials: err = %v, want ErrAuth", err)
	}
}
