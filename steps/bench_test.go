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
	finish := map[string]time.Duration{}
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
		b.StartTimer()
		start := time.Now()
		ctx := context.Background()
		p := e.plan(b, prefix)
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
		if err := steps.Destroy(ctx, e.c, prefix, e.id, time.Minute, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
