package aws

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	sqtypes "github.com/aws/aws-sdk-go-v2/service/servicequotas/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func testNeeds() Needs {
	return Needs{
		VPCs: 1, ElasticIPs: 3, NATGateways: 1, InternetGateways: 1, InstanceType: "t3.medium",
		Zones: []string{"ap-northeast-2a", "ap-northeast-2c"}, AMI: "ami-0123",
	}
}

// fakeQuotas is Service Quotas: the account's values by "service/code",
// or err for every question.
type fakeQuotas struct {
	mu     sync.Mutex
	values map[string]float64
	err    error
	asked  []string
}

func (q *fakeQuotas) GetServiceQuota(_ context.Context, in *servicequotas.GetServiceQuotaInput, _ ...func(*servicequotas.Options)) (*servicequotas.GetServiceQuotaOutput, error) {
	key := sdk.ToString(in.ServiceCode) + "/" + sdk.ToString(in.QuotaCode)
	q.mu.Lock()
	defer q.mu.Unlock()
	q.asked = append(q.asked, key)
	if q.err != nil {
		return nil, q.err
	}
	v, ok := q.values[key]
	if !ok {
		return nil, &sqtypes.NoSuchResourceException{Message: sdk.String("no such quota")}
	}
	return &servicequotas.GetServiceQuotaOutput{Quota: &sqtypes.ServiceQuota{QuotaCode: in.QuotaCode, Value: sdk.Float64(v)}}, nil
}

// defaultQuotas are AWS's defaults, as an account that raised none says.
func defaultQuotas() *fakeQuotas {
	return &fakeQuotas{values: map[string]float64{"vpc/L-F678F1CE": 5, "vpc/L-A4707A72": 5, "vpc/L-FE5A380F": 5, "ec2/L-0263D0A3": 5}}
}

// preflightClient is testClient with Service Quotas q.
func preflightClient(f *fakeEC2, q *fakeQuotas) *Client {
	c := testClient(f)
	if q != nil {
		c.Quotas = q
	}
	return c
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
	on(f, "DescribeInternetGateways", func(*ec2.DescribeInternetGatewaysInput) (*ec2.DescribeInternetGatewaysOutput, error) {
		return &ec2.DescribeInternetGatewaysOutput{InternetGateways: []types.InternetGateway{{InternetGatewayId: sdk.String("igw-default")}}}, nil
	})
	natsInZones(f, nil)
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

// natsInZones answers NAT gateways in subnets, and each subnet's zone.
func natsInZones(f *fakeEC2, zoneOfNAT map[string]string) {
	on(f, "DescribeNatGateways", func(*ec2.DescribeNatGatewaysInput) (*ec2.DescribeNatGatewaysOutput, error) {
		out := &ec2.DescribeNatGatewaysOutput{}
		for id := range zoneOfNAT {
			out.NatGateways = append(out.NatGateways, types.NatGateway{
				NatGatewayId: sdk.String(id), SubnetId: sdk.String("subnet-of-" + id), State: types.NatGatewayStateAvailable,
			})
		}
		return out, nil
	})
	on(f, "DescribeSubnets", func(in *ec2.DescribeSubnetsInput) (*ec2.DescribeSubnetsOutput, error) {
		zones, _ := filterValues(in.Filters, "availability-zone")
		out := &ec2.DescribeSubnetsOutput{}
		for id, z := range zoneOfNAT {
			if slices.Contains(zones, z) {
				out.Subnets = append(out.Subnets, types.Subnet{SubnetId: sdk.String("subnet-of-" + id), AvailabilityZone: sdk.String(z)})
			}
		}
		return out, nil
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
	q := defaultQuotas()
	problems, err := preflightClient(f, q).Preflight(context.Background(), testNeeds())
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
	for _, m := range []string{"RunInstances", "AllocateAddress", "CreateInternetGateway", "CreateSecurityGroup", "DescribeAddresses", "DescribeVpcs", "DescribeInternetGateways", "DescribeNatGateways", "DescribeInstanceTypeOfferings"} {
		if n := f.count(m); n != 1 {
			t.Errorf("%s called %d times, want 1", m, n)
		}
	}
	// Service Quotas answered: the account attribute is not needed.
	if n := f.count("DescribeAccountAttributes"); n != 0 {
		t.Errorf("DescribeAccountAttributes called %d times, want 0", n)
	}
	slices.Sort(q.asked)
	if want := []string{"ec2/L-0263D0A3", "vpc/L-A4707A72", "vpc/L-F678F1CE", "vpc/L-FE5A380F"}; !slices.Equal(q.asked, want) {
		t.Errorf("quotas asked %v, want %v", q.asked, want)
	}
}

// TestPreflight_RaisedQuotasLetTheClassIn is the sixth student of a class
// whose instructor raised the VPC quota to 50: the default of 5 must not
// refuse them.
func TestPreflight_RaisedQuotasLetTheClassIn(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{Vpcs: make([]types.Vpc, 6)}, nil
	})
	eipsInUse(f, 15)
	q := defaultQuotas()
	q.values["vpc/L-F678F1CE"], q.values["ec2/L-0263D0A3"] = 50, 100
	problems, err := preflightClient(f, q).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Fatalf("6 VPCs of 50, 15 Elastic IPs of 100: problems = %+v, %v", problems, err)
	}
}

// TestPreflight_UnreadableQuotaWarnsAgainstTheDefault: without permission
// to read Service Quotas, a shortfall against AWS's default is a warning
// that says so, never a refusal, and the Elastic IP quota still comes from
// EC2's own account attribute.
func TestPreflight_UnreadableQuotaWarnsAgainstTheDefault(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{Vpcs: make([]types.Vpc, 5)}, nil
	})
	eipLimit(f, "5")
	eipsInUse(f, 4)
	q := &fakeQuotas{err: &sqtypes.AccessDeniedException{Message: sdk.String("not authorized")}}
	problems, err := preflightClient(f, q).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 {
		t.Fatalf("problems = %+v, want the Elastic IPs (a refusal) and the VPCs (a warning)", problems)
	}
	eip, vpc := problems[0], problems[1]
	if eip.Warning || eip.Key != "eips" || eip.Kind != ErrQuota {
		t.Errorf("Elastic IPs = %+v, want a refusal: EC2's attribute is the account's own quota", eip)
	}
	if !vpc.Warning || vpc.Key != "vpcs.unverified" || !strings.Contains(vpc.Message, "AccessDeniedException") || !strings.Contains(vpc.Message, "default quota of 5") {
		t.Errorf("VPCs = %+v, want a warning naming the default and why the quota was not read", vpc)
	}
}

func TestPreflight_NATGatewaysPerZone(t *testing.T) {
	f := preflightFake()
	// Five NAT gateways in 2a already, two in 2c: the mission's goes in 2a.
	natsInZones(f, map[string]string{
		"nat-1": "ap-northeast-2a", "nat-2": "ap-northeast-2a", "nat-3": "ap-northeast-2a", "nat-4": "ap-northeast-2a",
		"nat-5": "ap-northeast-2a", "nat-6": "ap-northeast-2c", "nat-7": "ap-northeast-2c",
	})
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Key != "nats" || problems[0].Warning ||
		!strings.Contains(problems[0].Message, "5 in use in ap-northeast-2a") {
		t.Fatalf("problems = %+v, want the NAT gateways of ap-northeast-2a refused", problems)
	}
}

// TestPreflight_OnlyDryRunOperationMeansAllowed: a dry run answered with
// anything but DryRunOperation proves nothing either way.
func TestPreflight_OnlyDryRunOperationMeansAllowed(t *testing.T) {
	f := preflightFake()
	on(f, "CreateInternetGateway", func(*ec2.CreateInternetGatewayInput) (*ec2.CreateInternetGatewayOutput, error) {
		return nil, apiError("CreateInternetGateway", 400, "InvalidParameterValue", "something else")
	})
	on(f, "CreateSecurityGroup", func(*ec2.CreateSecurityGroupInput) (*ec2.CreateSecurityGroupOutput, error) {
		// An emulator that ignored DryRun and answered as if it created.
		return &ec2.CreateSecurityGroupOutput{GroupId: sdk.String("sg-oops")}, nil
	})
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		if !p.Warning || p.Key != "permission.unverified" {
			t.Errorf("problem %+v, want a warning that the permission could not be verified", p)
		}
		got = append(got, fmt.Sprint(p.Args...))
	}
	slices.Sort(got)
	if want := []string{"ec2:CreateInternetGatewayInvalidParameterValue", "ec2:CreateSecurityGroupno error"}; !slices.Equal(got, want) {
		t.Errorf("unverified %v, want %v", got, want)
	}
}

func TestPreflight_UnauthorizedRunInstances(t *testing.T) {
	f := preflightFake()
	on(f, "RunInstances", func(*ec2.RunInstancesInput) (*ec2.RunInstancesOutput, error) {
		return nil, apiError("RunInstances", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
	})
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
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
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
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
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds()) // needs 3
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
	problems, err = preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Errorf("2 used + 3 needed of 5: problems = %+v, %v", problems, err)
	}

	// A raised quota is honoured, from EC2's attribute when Service
	// Quotas cannot be read.
	f = preflightFake()
	eipLimit(f, "10")
	eipsInUse(f, 6)
	problems, err = preflightClient(f, &fakeQuotas{err: &sqtypes.AccessDeniedException{}}).Preflight(context.Background(), testNeeds())
	if err != nil || len(problems) != 0 {
		t.Errorf("6 used + 3 needed of 10: problems = %+v, %v", problems, err)
	}
}

func TestPreflight_VPCQuota(t *testing.T) {
	f := preflightFake()
	on(f, "DescribeVpcs", func(*ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		return &ec2.DescribeVpcsOutput{Vpcs: make([]types.Vpc, 5)}, nil
	})
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
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
	problems, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
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
	_, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), testNeeds())
	if !errors.Is(err, ErrAuth) {
		t.Fatalf("err = %v, want ErrAuth", err)
	}
}

func TestPreflight_NothingToCountSkipsLookups(t *testing.T) {
	f := preflightFake()
	n := testNeeds()
	n.VPCs, n.InstanceType, n.Zones = 0, "", nil
	if _, err := preflightClient(f, defaultQuotas()).Preflight(context.Background(), n); err != nil {
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
	f := newFake() // DescribeImages must not be needed: Canonical's images boot from /dev/sda1
	s := &fakeSSM{get: func(in *ssm.GetParameterInput) (*ssm.GetParameterOutput, error) {
		if sdk.ToString(in.Name) != UbuntuParameter {
			t.Errorf("asked SSM for %q", sdk.ToString(in.Name))
		}
		return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Value: sdk.String("ami-0ssm")}}, nil
	}}
	c := testClient(f)
	c.SSM = s
	img, err := c.ResolveImage(context.Background(), "")
	if err != nil || img.ID != "ami-0ssm" || !strings.Contains(img.Source, "SSM") || img.RootDevice != "/dev/sda1" {
		t.Fatalf("ResolveImage = %+v, %v; want ami-0ssm from SSM on /dev/sda1", img, err)
	}
	if s.calls != 1 || f.count("DescribeImages") != 0 {
		t.Errorf("SSM calls %d, DescribeImages calls %d", s.calls, f.count("DescribeImages"))
	}
}

// TestResolveImage_RootDeviceFromTheImage: an Amazon Linux image boots from
// /dev/xvda; a mapping for /dev/sda1 would add a second volume beside an
// unencrypted root instead of encrypting the root.
func TestResolveImage_RootDeviceFromTheImage(t *testing.T) {
	f := newFake()
	on(f, "DescribeImages", func(in *ec2.DescribeImagesInput) (*ec2.DescribeImagesOutput, error) {
		x := image(in.ImageIds[0], "al2023-ami", "2026-01-01T00:00:00.000Z")
		x.RootDeviceName = sdk.String("/dev/xvda")
		return &ec2.DescribeImagesOutput{Images: []types.Image{x}}, nil
	})
	img, err := testClient(f).ResolveImage(context.Background(), "ami-0al2023")
	if err != nil || img.ID != "ami-0al2023" || img.Source != "--ami" || img.RootDevice != "/dev/xvda" {
		t.Fatalf("ResolveImage = %+v, %v; want ami-0al2023 on /dev/xvda", img, err)
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
