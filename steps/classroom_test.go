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
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

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
	if err := testenv.SeedStack(ctx, e.raw, "bob", bob, testenv.AnyAMI(t, e.raw)); err != nil {
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
	ami := testenv.AnyAMI(b, e.raw)
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
			if err := testenv.SeedStack(ctx, e.raw, fmt.Sprintf("stu%d", i), owner, ami); err != nil {
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
