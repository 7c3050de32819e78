package steps

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// progressPlan is the course's plan for stack "lab".
func progressPlan(t *testing.T) Plan {
	t.Helper()
	p, err := BuildPlan(Inputs{Prefix: "lab", MyIP: "203.0.113.7/32"}.WithDefaults(), []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// progressWorld is what the events of a test act on: the progress, the
// plan its runs are of, and the runs by the test's names for them.
type progressWorld struct {
	t    *testing.T
	p    *Progress
	plan Plan
	runs map[string]int
}

// pev is one thing that happens to the progress in a test, with what it
// must answer.
type pev func(w *progressWorld)

// ask asks for steps; want are those that may start now.
func ask(want []Step, only ...Step) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		if got := w.p.Ask(only); !slices.Equal(got, want) {
			w.t.Fatalf("Ask(%v) = %v, want %v", only, got, want)
		}
	}
}

// launch asks for steps, which must be allowed to start, and starts them
// as run name.
func launch(name string, only ...Step) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		got := w.p.Ask(only)
		if !slices.Equal(got, only) {
			w.t.Fatalf("Ask(%v) = %v: not allowed to start", only, got)
		}
		w.p.Starting(got)
		for _, st := range got {
			if s := w.p.Status(st); s != StatusStarting {
				w.t.Fatalf("%s is %v while its run is set up, want starting", st, s)
			}
		}
		w.runs[name] = w.p.Started(got, w.plan)
	}
}

// event reports a resource of run name in phase ph.
func event(name string, role Role, ph Phase) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		r, ok := w.plan.Get(role)
		if !ok {
			w.t.Fatalf("no resource %s in the plan", role)
		}
		w.p.Observe(w.runs[name], Event{Resource: r, Phase: ph})
	}
}

// allDone reports every resource of the run's steps done.
func allDone(name string) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		sts := w.p.RunSteps(w.runs[name])
		for _, r := range w.plan.Resources {
			if slices.Contains(sts, r.Step) {
				w.p.Observe(w.runs[name], Event{Resource: r, Phase: PhaseDone})
			}
		}
	}
}

// end ends run name with err; ready are the queued steps it must release.
func end(name string, err error, unplaced bool, ready ...Step) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		got := w.p.Ended(w.runs[name], err)
		if !slices.Equal(got.Ready, ready) || got.Unplaced != unplaced {
			w.t.Fatalf("Ended(%s) = ready %v unplaced %v, want ready %v unplaced %v", name, got.Ready, got.Unplaced, ready, unplaced)
		}
	}
}

// report is a fresh report that counts the steps done done.
func report(done ...Step) pev {
	return func(w *progressWorld) {
		rep := Report{}
		for _, st := range Steps {
			sp := StepProgress{Step: st.String(), Total: 2}
			if slices.Contains(done, st) {
				sp.Done = 2
			}
			rep.Steps = append(rep.Steps, sp)
		}
		w.p.Reported(rep)
	}
}

// waits checks that queued step st waits on the steps on.
func waits(st Step, on ...Step) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		if got := w.p.WaitingOn(st); !slices.Equal(got, on) {
			w.t.Fatalf("%s waits on %v, want %v", st, got, on)
		}
	}
}

// is checks step st's status now.
func is(st Step, want StepStatus) pev {
	return func(w *progressWorld) {
		w.t.Helper()
		if got := w.p.Status(st); got != want {
			w.t.Fatalf("%s is %v, want %v", st, got, want)
		}
	}
}

func do(f func(p *Progress)) pev { return func(w *progressWorld) { f(w.p) } }

var (
	errNAT  = errors.New("lab-nat-2a: NatGatewayLimitExceeded")
	errVPC  = errors.New("lab-vpc: ServiceUnavailable")
	errPre  = errors.New("no such AMI ami-0123456789abcdef0")
	errRout = errors.New("lab-route-internal: run the gateways step first")
)

func TestProgress_EventsToStates(t *testing.T) {
	tests := []struct {
		name   string
		events []pev
		// want are the steps' states at the end (the others pending),
		// failed what they failed with.
		want   map[Step]StepStatus
		failed map[Step]error
		busy   bool
		remain []Step
	}{
		{
			name:   "nothing asked: everything pending",
			remain: Steps,
		},
		{
			name:   "a run is running until it ends; done when every resource finished",
			events: []pev{launch("r", StepVPC), is(StepVPC, StatusRunning), allDone("r"), is(StepVPC, StatusRunning), end("r", nil, false)},
			want:   map[Step]StepStatus{StepVPC: StatusDone},
			remain: []Step{StepKey, StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name:   "a run that ends before every resource finished leaves its step pending",
			events: []pev{launch("r", StepSubnets), event("r", RoleSubnetPublic1, PhaseDone), end("r", nil, false)},
			want:   map[Step]StepStatus{},
			remain: Steps,
		},
		{
			name: "a step running or being set up is not started again",
			events: []pev{
				launch("r", StepKey), ask(nil, StepKey), do(func(p *Progress) { p.Starting([]Step{StepVPC}) }),
				ask(nil, StepVPC, StepKey), ask([]Step{StepSubnets}, StepKey, StepSubnets, StepVPC),
			},
			want:   map[Step]StepStatus{StepKey: StatusRunning, StepVPC: StatusStarting},
			busy:   true,
			remain: []Step{StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name: "a set up given up goes back to pending",
			events: []pev{
				ask([]Step{StepVPC}, StepVPC), do(func(p *Progress) { p.Starting([]Step{StepVPC}) }), is(StepVPC, StatusStarting),
				do(func(p *Progress) { p.Cancel([]Step{StepVPC}) }),
			},
			remain: Steps,
		},
		{
			name: "a failed resource fails its step, which keeps the failure until it runs again",
			events: []pev{
				launch("r1", StepVPC), event("r1", RoleVPC, PhaseFailed), end("r1", errVPC, false),
				is(StepVPC, StatusFailed), report(StepKey), is(StepVPC, StatusFailed),
				launch("r2", StepVPC), is(StepVPC, StatusRunning), allDone("r2"), end("r2", nil, false),
			},
			want:   map[Step]StepStatus{StepKey: StatusDone, StepVPC: StatusDone},
			remain: []Step{StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name: "a queued step starts when the step it needs finishes",
			events: []pev{
				launch("gw", StepGateways), ask(nil, StepRoutes), is(StepRoutes, StatusQueued), waits(StepRoutes, StepGateways),
				ask(nil, StepRoutes), // asked again while queued: still one request
				allDone("gw"), end("gw", nil, false, StepRoutes),
				is(StepRoutes, StatusPending), ask([]Step{StepRoutes}, StepRoutes),
			},
			want:   map[Step]StepStatus{StepGateways: StatusDone},
			remain: []Step{StepKey, StepVPC, StepSubnets, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name: "a step that needs nothing running starts at once",
			events: []pev{
				launch("gw", StepGateways), ask([]Step{StepSecurityGroups}, StepSecurityGroups),
				ask([]Step{StepKey}, StepKey),
			},
			want: map[Step]StepStatus{StepGateways: StatusRunning},
			busy: true,
			remain: []Step{
				StepKey, StepVPC, StepSubnets, StepRoutes, StepSecurityGroups, StepServers,
			},
		},
		{
			name: "a failed prerequisite releases what waited for it, which then says what it misses",
			events: []pev{
				launch("gw", StepGateways), ask(nil, StepRoutes, StepServers), waits(StepServers, StepGateways),
				event("gw", RoleIGW, PhaseDone), event("gw", RoleNAT, PhaseFailed),
				end("gw", errNAT, false, StepRoutes, StepServers),
				is(StepGateways, StatusFailed),
				launch("rt", StepRoutes, StepServers), event("rt", RoleRouteInternal, PhaseSkipped), end("rt", errRout, true),
			},
			want:   map[Step]StepStatus{StepGateways: StatusFailed, StepRoutes: StatusFailed},
			failed: map[Step]error{StepGateways: errNAT, StepRoutes: errRout},
			remain: []Step{StepKey, StepVPC, StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name: "apply all: the failure belongs to the step whose resource failed; finished steps are done",
			events: []pev{
				launch("all", Steps...),
				event("all", RoleKey, PhaseDone), event("all", RoleVPC, PhaseFailed), event("all", RoleSubnetPublic1, PhaseSkipped),
				end("all", errVPC, false),
			},
			want:   map[Step]StepStatus{StepKey: StatusDone, StepVPC: StatusFailed},
			failed: map[Step]error{StepVPC: errVPC},
			remain: []Step{StepVPC, StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name:   "apply all failing before any resource: its first step holds the error",
			events: []pev{launch("all", Steps...), end("all", errPre, true)},
			want:   map[Step]StepStatus{StepKey: StatusFailed},
			failed: map[Step]error{StepKey: errPre},
			remain: Steps,
		},
		{
			name: "a run cut short by quitting is not a failure, and nothing queued starts",
			events: []pev{
				launch("gw", StepGateways), launch("vpc", StepVPC), ask(nil, StepRoutes), do((*Progress).Stop),
				end("vpc", context.Canceled, false), end("gw", context.Canceled, false),
			},
			want:   map[Step]StepStatus{StepRoutes: StatusQueued},
			busy:   true,
			remain: []Step{StepKey, StepVPC, StepSubnets, StepGateways, StepSecurityGroups, StepServers},
		},
		{
			name: "what a run finished is done until a fresh report says otherwise",
			events: []pev{
				report(StepKey), launch("r", StepVPC), allDone("r"), end("r", nil, false), is(StepVPC, StatusDone),
				report(StepKey, StepVPC, StepSubnets),
			},
			want:   map[Step]StepStatus{StepKey: StatusDone, StepVPC: StatusDone, StepSubnets: StatusDone},
			remain: []Step{StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
		{
			name: "another stack in hand: nothing of the first is kept",
			events: []pev{
				report(StepKey), launch("r", StepVPC), event("r", RoleVPC, PhaseFailed), end("r", errVPC, false),
				ask(nil), do((*Progress).Reset),
			},
			remain: Steps,
		},
		{
			name: "the end of an unknown run changes nothing",
			events: []pev{
				launch("r", StepVPC), allDone("r"), end("r", nil, false), end("r", errVPC, false), end("never", errVPC, false),
			},
			want:   map[Step]StepStatus{StepVPC: StatusDone},
			remain: []Step{StepKey, StepSubnets, StepGateways, StepRoutes, StepSecurityGroups, StepServers},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := &progressWorld{t: t, p: NewProgress(), plan: progressPlan(t), runs: map[string]int{}}
			w.p.SetPlan(w.plan)
			for _, e := range tc.events {
				e(w)
			}
			for _, st := range Steps {
				want, ok := tc.want[st]
				if !ok {
					want = StatusPending
				}
				if got := w.p.Status(st); got != want {
					t.Errorf("%s is %v, want %v", st, got, want)
				}
				if got := w.p.Failure(st); !errors.Is(got, tc.failed[st]) || (got == nil) != (tc.failed[st] == nil) {
					t.Errorf("%s failed with %v, want %v", st, got, tc.failed[st])
				}
			}
			if got := w.p.Busy(); got != tc.busy {
				t.Errorf("Busy() = %v, want %v", got, tc.busy)
			}
			if got := w.p.Remaining(); !slices.Equal(got, tc.remain) {
				t.Errorf("Remaining() = %v, want %v", got, tc.remain)
			}
		})
	}
}

// Without a plan (the zones are not known yet) nothing waits.
func TestProgress_NoPlanNothingWaits(t *testing.T) {
	p := NewProgress()
	plan := progressPlan(t)
	p.Starting([]Step{StepGateways})
	id := p.Started([]Step{StepGateways}, plan)
	if got := p.Ask([]Step{StepRoutes}); !slices.Equal(got, []Step{StepRoutes}) {
		t.Errorf("Ask(routes) with no plan = %v, want it to start", got)
	}
	p.SetPlan(plan)
	if got := p.Ask([]Step{StepRoutes}); got != nil {
		t.Errorf("Ask(routes) with the plan = %v, want it queued", got)
	}
	if p.Running() != 1 || p.LastRun() != id || !slices.Equal(p.RunSteps(id), []Step{StepGateways}) {
		t.Errorf("runs: %d, last %d, steps %v", p.Running(), p.LastRun(), p.RunSteps(id))
	}
}

// What needs what, as the course's plan has it: each step needs only
// steps before it, and the routes need the gateways.
func TestProgress_NeedsFollowThePlan(t *testing.T) {
	p := NewProgress()
	p.SetPlan(progressPlan(t))
	for st, needs := range p.needs {
		for need := range needs {
			if need >= st {
				t.Errorf("%s needs %s, which comes after it", st, need)
			}
		}
	}
	if !p.needs[StepRoutes][StepGateways] || !p.needs[StepServers][StepSecurityGroups] || len(p.needs[StepKey]) != 0 {
		t.Errorf("needs = %v", p.needs)
	}
}

func TestProgress_StatusNames(t *testing.T) {
	for s, want := range map[StepStatus]string{
		StatusPending: "pending", StatusQueued: "queued", StatusStarting: "starting",
		StatusRunning: "running", StatusDone: "done", StatusFailed: "failed", StepStatus(99): "unknown",
	} {
		if got := s.String(); got != want {
			t.Errorf("%d: %q, want %q", int(s), got, want)
		}
	}
}
