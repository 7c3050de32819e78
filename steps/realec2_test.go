package steps_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/steps"
)

// realEC2 is each behaviour of real EC2 that the emulator hides, alone,
// then all of them at once, with times short enough for a test: what the
// engine must survive in its first minute in front of a class.
func realEC2() []struct {
	name  string
	model latency.Model
} {
	all := latency.Model{
		PerCall:    5 * time.Millisecond,
		NATPending: time.Second, InstancePending: time.Second,
		NATDeleting: 1500 * time.Millisecond, ShuttingDown: 1500 * time.Millisecond,
		Propagation: 700 * time.Millisecond,
		UnmapLag:    time.Second, GroupLag: time.Second, ReleaseLag: time.Second,
		Throttle: &latency.Throttle{Describe: latency.Bucket{Capacity: 12, Refill: 8}, Mutate: latency.Bucket{Capacity: 6, Refill: 4}},
		Quotas:   latency.ClassroomQuotas(),
		Faults:   latency.RandomFaults{Seed: 8, FailBefore: 0.04, LoseReply: 0.04},
	}
	return []struct {
		name  string
		model latency.Model
	}{
		{"pending", latency.Model{NATPending: all.NATPending, InstancePending: all.InstancePending}},
		{"deleting", latency.Model{NATDeleting: all.NATDeleting, ShuttingDown: all.ShuttingDown}},
		{"propagation", latency.Model{Propagation: all.Propagation}},
		{"unmap-lag", latency.Model{UnmapLag: all.UnmapLag}},
		{"group-lag", latency.Model{GroupLag: all.GroupLag}},
		{"release-lag", latency.Model{ReleaseLag: all.ReleaseLag, NATDeleting: 300 * time.Millisecond}},
		{"throttle", latency.Model{Throttle: all.Throttle}},
		{"quotas", latency.Model{Quotas: all.Quotas}},
		{"faults", latency.Model{Faults: all.Faults}},
		{"all", all},
	}
}

// TestRealEC2_OneApplyOneDestroy applies the mission once under each
// behaviour (one Apply, not a second run) and checks the exact planned set
// (each role once, wired as planned, tagged, nothing else), then destroys
// it once and checks that nothing of the stack is left. Every wait and
// retry must have been reported as a waiting event of its resource, never
// as a failure.
func TestRealEC2_OneApplyOneDestroy(t *testing.T) {
	for _, b := range realEC2() {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, b.model)
			e.c.Patience = aws.Patience{Unknown: 30 * time.Second, Blocked: time.Minute, Throttled: time.Minute}
			p := e.plan(t, "real")
			var (
				mu    sync.Mutex
				waits []string
			)
			record := func(ev steps.Event) {
				if ev.Phase == steps.PhaseWaiting && ev.Key != "" {
					mu.Lock()
					waits = append(waits, ev.Key)
					mu.Unlock()
				}
				if ev.Phase == steps.PhaseFailed {
					t.Errorf("%s failed: %v", ev.Resource.Name, ev.Err)
				}
			}
			if err := e.applyEvents(context.Background(), t, p, record); err != nil {
				t.Fatalf("apply under %s: %v", b.name, err)
			}
			e.verify(t, p)
			if err := steps.Destroy(context.Background(), e.c, "real", e.id.ARN, time.Minute, record); err != nil {
				t.Fatalf("destroy under %s: %v", b.name, err)
			}
			inv, err := e.c.Inventory(context.Background(), "real")
			if err != nil {
				t.Fatal(err)
			}
			if left := inv.All(); len(left) != 0 {
				t.Fatalf("destroy left %d resources, first %s %s", len(left), left[0].Kind, left[0].Name)
			}
			st := e.proxy.Stats()
			mu.Lock()
			defer mu.Unlock()
			t.Logf("%s: %d calls, %d throttled, %d failed before, %d lost, %d not known yet, %d blocked, waits %s",
				b.name, st.Calls, st.Throttled, st.FailedBefore, st.LostReplies, st.NotFound, st.Dependency, summarize(waits))
			// The behaviour must have happened, or the test proved nothing.
			switch b.name {
			case "throttle":
				if st.Throttled == 0 || !contains(waits, "run.retry.throttled") {
					t.Errorf("throttled %d calls, waits %v: the throttling was not met or not reported", st.Throttled, summarize(waits))
				}
			case "propagation":
				if st.NotFound == 0 || !contains(waits, "run.retry.unknown") {
					t.Errorf("%d not-known answers, waits %v", st.NotFound, summarize(waits))
				}
			case "unmap-lag", "group-lag", "release-lag":
				if st.Dependency == 0 || !hasPrefix(waits, "run.blocked.") {
					t.Errorf("%d blocked answers, waits %v", st.Dependency, summarize(waits))
				}
			case "deleting":
				if !contains(waits, "run.state") {
					t.Errorf("waits %v: the deletions' intermediate states were not followed", summarize(waits))
				}
			case "faults":
				if st.FailedBefore+st.LostReplies == 0 {
					t.Error("no fault fired")
				}
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasPrefix(xs []string, p string) bool {
	for _, y := range xs {
		if strings.HasPrefix(y, p) {
			return true
		}
	}
	return false
}

// summarize counts keys: "run.state×4 run.retry.unknown×2".
func summarize(keys []string) string {
	n := map[string]int{}
	var order []string
	for _, k := range keys {
		if n[k] == 0 {
			order = append(order, k)
		}
		n[k]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = k + "×" + itoa(int32(n[k]))
	}
	return strings.Join(parts, " ")
}

// TestPrepare_PracticeModeQuotasAreWarnings: the emulator enforces no
// quota, so in practice mode a quota the mission would exceed on AWS is
// said as what AWS would do, and the run goes on; on AWS the same finding
// refuses before the first create.
func TestPrepare_PracticeModeQuotasAreWarnings(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	// moto's default VPC and four more: five of AWS's default five.
	for i := range 4 {
		if _, err := e.c.CreateVPC(ctx, aws.Meta{Stack: "other", Role: "vpc", Name: "other-vpc", Owner: "someone"}, "10."+itoa(int32(i))+".0.0/16"); err != nil {
			t.Fatal(err)
		}
	}
	zones, err := e.c.Zones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := steps.Inputs{Prefix: "quota", Region: region, MyIP: myIP}.WithDefaults()
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		t.Fatal(err)
	}
	vpc, _ := p.Get("vpc")
	missing := []steps.Resource{vpc}

	_, err = steps.Prepare(ctx, e.c, p, zones, t.TempDir(), missing)
	var pe *steps.PreflightError
	if !errors.As(err, &pe) || pe.Problems[0].Key != "vpcs" {
		t.Fatalf("on AWS: err = %v, want the VPC quota refused", err)
	}

	in.Sandbox = true
	p, err = steps.BuildPlan(in, zones)
	if err != nil {
		t.Fatal(err)
	}
	prep, err := steps.Prepare(ctx, e.c, p, zones, t.TempDir(), missing)
	if err != nil {
		t.Fatalf("in practice mode: %v, want no refusal", err)
	}
	if len(prep.Warnings) != 1 || !prep.Warnings[0].Practice || prep.Warnings[0].Key != "vpcs" {
		t.Fatalf("warnings = %+v, want the VPC quota said as what AWS would do", prep.Warnings)
	}
}
