package steps_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/steps"
)

// seedStack makes, with one call per object straight to moto, the objects
// a whole stack has, tagged as infrawiz tags them (a key pair, the VPC,
// four subnets, the internet gateway, three Elastic IPs, the NAT gateway,
// three route tables, three groups and three servers with their
// volumes: 23 objects): a classroom in seconds instead of a hundred applies.
func seedStack(ctx context.Context, raw *ec2.Client, stack, owner, ami string) error {
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

func anyAMI(t testing.TB, raw *ec2.Client) string {
	t.Helper()
	r, err := raw.DescribeImages(context.Background(), &ec2.DescribeImagesInput{MaxResults: sdk.Int32(5)})
	if err != nil || len(r.Images) == 0 {
		t.Fatalf("no image in the emulator: %v", err)
	}
	return sdk.ToString(r.Images[0].ImageId)
}

// The census of a region with a real stack, a classmate's and what a
// half-finished destroy left: each stack once per owner, priced as it
// stands, the orphan named with its objects.
func TestClassroom_CensusOfARegion(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	p := e.plan(t, "alice")
	if err := e.apply(t, p); err != nil {
		t.Fatal(err)
	}
	const bob = "arn:aws:iam::123456789012:user/bob"
	if err := seedStack(ctx, e.raw, "bob", bob, anyAMI(t, e.raw)); err != nil {
		t.Fatal(err)
	}
	// carol's destroy stopped after the VPC: an address and the key are left.
	orphanTags := []types.TagSpecification{{ResourceType: types.ResourceTypeElasticIp, Tags: []types.Tag{
		{Key: sdk.String(aws.TagStack), Value: sdk.String("carol")},
		{Key: sdk.String(aws.TagOwner), Value: sdk.String("arn:aws:iam::123456789012:user/carol")},
		{Key: sdk.String(aws.TagRole), Value: sdk.String("eip-web")},
		{Key: sdk.String(aws.TagName), Value: sdk.String("carol-eip-public-2a")},
	}}}
	if _, err := e.raw.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: orphanTags}); err != nil {
		t.Fatal(err)
	}
	// Something without our tags is nobody's stack and stays out.
	if _, err := e.raw.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}); err != nil {
		t.Fatal(err)
	}

	e.proxy.ResetCalls()
	census, err := e.c.Census(ctx)
	if err != nil {
		t.Fatal(err)
	}
	calls := e.proxy.Calls()
	got := steps.Classroom(region, census)
	if len(got) != 3 {
		t.Fatalf("stacks = %+v, want alice, bob, carol", got)
	}
	alice, bobs, carol := got[0], got[1], got[2]
	if alice.Stack != "alice" || !alice.Mine(e.id.ARN) || alice.Orphan || alice.VPCID == "" {
		t.Errorf("alice = %+v", alice)
	}
	// What is built bills as the plan said it would.
	want := steps.Estimate(region, steps.PlanBillable(p))
	if math.Abs(alice.Cost.Hour-want.Hour) > 1e-12 || alice.Billable.DiskGB != 90 || alice.Billable.NATGateways != 1 || alice.Billable.PublicIPv4 != 3 {
		t.Errorf("alice bills %+v ($%.4f/h), the plan said $%.4f/h", alice.Billable, alice.Cost.Hour, want.Hour)
	}
	inv, err := e.c.Inventory(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if rep := steps.BuildReport(p, inv, ""); math.Abs(rep.Cost.Hour-want.Hour) > 1e-12 {
		t.Errorf("status prices alice at $%.4f/h, the plan at $%.4f/h", rep.Cost.Hour, want.Hour)
	}
	if alice.Counts["subnet"] != 4 || alice.Counts["instance"] != 3 || alice.Counts["volume"] != 3 || alice.Counts["key-pair"] != 1 || alice.Resources != 23 {
		t.Errorf("alice counts = %v", alice.Counts)
	}
	if alice.Created.IsZero() || time.Since(alice.Created) > time.Hour {
		t.Errorf("alice created %v", alice.Created)
	}
	if bobs.Stack != "bob" || bobs.Owner != bob || bobs.Mine(e.id.ARN) || bobs.Resources != 23 {
		t.Errorf("bob = %+v (resources %d, want 23)", bobs, bobs.Resources)
	}
	if carol.Stack != "carol" || !carol.Orphan || len(carol.Objects) != 1 || carol.Objects[0].Kind != "elastic-ip" {
		t.Errorf("carol = %+v", carol)
	}
	if len(calls) > 11 || len(mutating(calls)) > 0 {
		t.Errorf("census made %d calls: %v", len(calls), calls)
	}

	// The broom takes what is older than asked, never what has no age.
	now := alice.Created.Add(25 * time.Hour)
	old := steps.OlderThan(got, 24*time.Hour, now)
	for _, s := range old {
		if s.Stack == "carol" {
			t.Error("a stack of unknown age was picked")
		}
	}
	if len(old) != 2 || len(steps.OlderThan(got, 24*time.Hour, alice.Created)) != 0 {
		t.Errorf("older than 24h at +25h: %v", old)
	}

	// The instructor removes bob's stack: only what carries bob's tags.
	if err := steps.Destroy(ctx, e.c, "bob", bob, time.Minute, nil); err != nil {
		t.Fatal(err)
	}
	census, err = e.c.Census(ctx)
	if err != nil {
		t.Fatal(err)
	}
	after := steps.Classroom(region, census)
	if len(after) != 2 || after[0].Stack != "alice" || after[0].Resources != alice.Resources || after[1].Stack != "carol" {
		t.Errorf("after removing bob: %+v", after)
	}
}

// BenchmarkClassroomCensus lists a classroom of a hundred stacks (about
// 2,300 tagged objects) and prints how many calls and how long the census
// takes. Target: a handful of paginated describes, one per kind, whatever
// the number of stacks. Run it with
// go test -run '^$' -bench ClassroomCensus -benchtime 1x ./steps
func BenchmarkClassroomCensus(b *testing.B) {
	e := newEnv(b, latency.Model{})
	ctx := context.Background()
	ami := anyAMI(b, e.raw)
	const stacks = 100
	start := time.Now()
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 8)
	)
	for i := range stacks {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			owner := fmt.Sprintf("arn:aws:iam::123456789012:user/stu%d", i)
			if err := seedStack(ctx, e.raw, fmt.Sprintf("stu%d", i), owner, ami); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	fmt.Printf("seeded %d stacks in %s\n", stacks, time.Since(start).Round(time.Millisecond))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.proxy.ResetCalls()
		t0 := time.Now()
		census, err := e.c.Census(ctx)
		if err != nil {
			b.Fatal(err)
		}
		got := steps.Classroom(region, census)
		took := time.Since(t0)
		calls := e.proxy.Calls()
		objects := len(census.Objects) + len(census.Volumes)
		if len(got) != stacks || objects != stacks*23 {
			b.Fatalf("census found %d stacks and %d objects, want %d and %d", len(got), objects, stacks, stacks*23)
		}
		var day float64
		for _, s := range got {
			day += s.Cost.Day
		}
		fmt.Printf("ls --all census: %d stacks, %d objects, %d calls, %s (classroom cost %s/day): %v\n",
			len(got), objects, len(calls), took.Round(time.Millisecond), steps.USD(day), calls)
		b.ReportMetric(float64(len(calls)), "calls")
	}
}
