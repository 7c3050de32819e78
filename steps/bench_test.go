package steps_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/steps"
)

// benchModel is AWS's timing as issue 2 sets it for the speed target.
var benchModel = latency.Model{PerCall: 50 * time.Millisecond, NATPending: 20 * time.Second, InstancePending: 10 * time.Second}

// criticalPath is the lower bound of a whole apply under the model: the
// longest dependency chain of the plan, each resource costing the calls it
// cannot do without (one create; the attach of the internet gateway; one
// look at a NAT gateway or instance once ready, after its pending time; the
// association of an Elastic IP), after the two rounds no apply can skip
// (who am I, with the zones alongside; then the look-up by tags).
func criticalPath(p steps.Plan, m latency.Model) time.Duration {
	cost := func(r steps.Resource) time.Duration {
		switch r.Kind {
		case aws.KindInternetGateway:
			return 2 * m.PerCall
		case aws.KindNATGateway:
			return m.PerCall + m.NATPending + m.PerCall
		case aws.KindInstance:
			d := m.PerCall + m.InstancePending + m.PerCall
			if r.EIPRole != "" {
				d += m.PerCall
			}
			return d
		}
		return m.PerCall
	}
	finish := map[steps.Role]time.Duration{}
	var longest time.Duration
	for _, r := range p.Resources {
		var start time.Duration
		for _, d := range r.Deps {
			start = max(start, finish[d])
		}
		finish[r.Role] = start + cost(r)
		longest = max(longest, finish[r.Role])
	}
	return 2*m.PerCall + longest
}

// BenchmarkApplyLatencyModel applies the whole mission against moto behind
// the latency model (50 ms a call, NAT gateways pending 20 s, instances 10 s)
// with the production poll timing, and prints the wall time next to the
// model's critical-path bound. Target: within 1.2x. Run it with
// go test -run '^$' -bench ApplyLatencyModel -benchtime 1x ./steps
func BenchmarkApplyLatencyModel(b *testing.B) {
	e := newEnv(b, benchModel)
	prod := aws.New(*e.cfg)
	e.c.PollMin, e.c.PollMax = prod.PollMin, prod.PollMax
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		prefix := fmt.Sprintf("bench%d", i)
		// The plan is pure once the zones are known; reading them here
		// also takes moto's slow first EC2 answer (over a second, an
		// emulator's start-up, not AWS's) out of the measurement.
		p := e.plan(b, prefix)
		b.StartTimer()
		start := time.Now()
		ctx := context.Background()
		if err := e.apply(b, p); err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		b.StopTimer()
		bound := criticalPath(p, benchModel)
		ratio := float64(wall) / float64(bound)
		fmt.Printf("apply wall %.2fs, critical-path bound %.2fs, ratio %.3f (target <= 1.2)\n", wall.Seconds(), bound.Seconds(), ratio)
		b.ReportMetric(ratio, "x-bound")
		b.ReportMetric(wall.Seconds(), "wall-s")
		if err := steps.Destroy(ctx, e.c, prefix, e.id.ARN, time.Minute, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// destroyModel is benchModel with AWS's teardown: a NAT gateway deleting
// for 15 s, instances shutting down for 10 s, then the lags after them
// (the VPC's mapped addresses, groups still in use, a NAT's address), and
// AWS's own throttling budget, which one student alone never meets.
var destroyModel = latency.Model{
	PerCall: benchModel.PerCall, NATPending: benchModel.NATPending, InstancePending: benchModel.InstancePending,
	NATDeleting: 15 * time.Second, ShuttingDown: 10 * time.Second,
	UnmapLag: 3 * time.Second, GroupLag: 3 * time.Second, ReleaseLag: 3 * time.Second,
	Throttle: latency.AWSThrottle(),
}

// destroyBound is the lower bound of a whole destroy under m: the
// inventory and the revoke of group references; then the longer of the
// NAT chain (delete, deleting, its address released after the lag, the
// internet gateway detached after the unmap lag and deleted) and the
// server chain (terminate, shutting down, the groups deleted after the
// lag; the subnets after the servers and the NAT gateway); then the VPC,
// and one more inventory that finds nothing.
func destroyBound(m latency.Model) time.Duration {
	p := m.PerCall
	nat := p + m.NATDeleting + p
	eip := nat + m.ReleaseLag + p
	igw := max(eip, nat+m.UnmapLag) + 2*p
	servers := p + m.ShuttingDown + p
	groups := servers + m.GroupLag + p
	subnets := max(servers, nat) + p
	return 2*p + max(igw, groups, subnets) + p + p
}

// BenchmarkDestroyLatencyModel destroys the whole mission against moto
// behind destroyModel with the production poll timing, and prints the wall
// time next to destroyBound. Target: within 1.2x. Run it with
// go test -run '^$' -bench DestroyLatencyModel -benchtime 1x ./steps
func BenchmarkDestroyLatencyModel(b *testing.B) {
	e := newEnv(b, destroyModel)
	prod := aws.New(*e.cfg)
	e.c.PollMin, e.c.PollMax = prod.PollMin, prod.PollMax
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		prefix := fmt.Sprintf("bench%d", i)
		p := e.plan(b, prefix)
		if err := e.apply(b, p); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := steps.Destroy(context.Background(), e.c, prefix, e.id.ARN, 5*time.Minute, nil); err != nil {
			b.Fatal(err)
		}
		wall := time.Since(start)
		b.StopTimer()
		bound := destroyBound(destroyModel)
		ratio := float64(wall) / float64(bound)
		fmt.Printf("destroy wall %.2fs, critical-path bound %.2fs, ratio %.3f (target <= 1.2)\n", wall.Seconds(), bound.Seconds(), ratio)
		b.ReportMetric(ratio, "x-bound")
		b.ReportMetric(wall.Seconds(), "wall-s")
	}
}

// BenchmarkReapplyCalls applies the mission, then applies it again with
// nothing to do, and prints how many calls the second apply made: none may
// change anything, and the target is at most 12 (who am I, the zones, one
// describe per kind, the VPC's DNS attribute).
func BenchmarkReapplyCalls(b *testing.B) {
	e := newEnv(b, latency.Model{})
	p := e.plan(b, "again")
	if err := e.apply(b, p); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		e.proxy.ResetCalls()
		if err := e.apply(b, p); err != nil {
			b.Fatal(err)
		}
		calls := e.proxy.Calls()
		if m := mutating(calls); len(m) > 0 {
			b.Fatalf("a re-apply with nothing to do changed something: %v", m)
		}
		fmt.Printf("re-apply with nothing to do: %d calls, none mutating (target <= 12): %v\n", len(calls), calls)
		b.ReportMetric(float64(len(calls)), "calls")
	}
}
