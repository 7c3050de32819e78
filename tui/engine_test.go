package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// fakeEngine is an Engine without AWS, for model tests that run in
// milliseconds: its session knows the zones of ap-northeast-2, its Apply
// creates each resource of the steps asked for at once (or fails the first
// resource of a step told to fail, or waits while a step is held), and its
// report counts what it created. The progress files are real, in a
// temporary directory. It records every Apply.
type fakeEngine struct {
	dir string

	mu      sync.Mutex
	created map[steps.Role]bool
	// fails fails the next run of a step: its first resource, with the
	// error; before holds every run until it is closed; preflight fails
	// the next run before any resource.
	fails     map[steps.Step]error
	holds     map[steps.Step]chan struct{}
	preflight error
	applies   [][]steps.Step
	// made are the resources created, in the order they were, and in is
	// the stack's inputs as the last Apply had them: the census and the
	// destroy list them. destroyHold holds every destroy until closed,
	// destroyFail fails the destroy of the resource of that role, foreign
	// counts objects with the stack's tag of another owner; destroys
	// counts the destroys.
	made        []steps.Resource
	in          steps.Inputs
	destroyHold chan struct{}
	destroyFail map[steps.Role]error
	foreign     int
	destroys    int
	// prepared is what the checks before the first create report, once:
	// the key file written, the warnings.
	prepared *steps.Prepared
	// checked is what the connectivity check finds (nil: no path, no SSH).
	checked *steps.CheckReport
}

var _ Engine = (*fakeEngine)(nil)

func newFakeEngine(t testing.TB) *fakeEngine {
	return &fakeEngine{
		dir: t.TempDir(), created: map[steps.Role]bool{},
		fails: map[steps.Step]error{}, holds: map[steps.Step]chan struct{}{},
	}
}

// fakeOptions are the wizard's options on e.
func fakeOptions(e *fakeEngine, lang catalog.Lang) Options {
	o := offlineOptions(lang)
	o.Engine = e
	return o
}

// fail makes the next run of st fail its first resource with err.
func (e *fakeEngine) fail(st steps.Step, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fails[st] = err
}

// hold makes every run with st wait until the returned func is called.
func (e *fakeEngine) hold(st steps.Step) (release func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ch := make(chan struct{})
	e.holds[st] = ch
	return sync.OnceFunc(func() { close(ch) })
}

// runs are the steps of each Apply so far, in order.
func (e *fakeEngine) runs() [][]steps.Step {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.applies)
}

func (e *fakeEngine) LocalStacks() []steps.LocalStack { return nil }

func (e *fakeEngine) Connect(context.Context, steps.Inputs) (Session, error) {
	return &fakeSession{e: e}, nil
}

func (e *fakeEngine) StatePath(in steps.Inputs) string {
	return filepath.Join(e.dir, in.Prefix+"-"+in.Region+".json")
}

func (e *fakeEngine) Open(path string) (*steps.Store, error) { return steps.OpenStore(path) }

func (e *fakeEngine) KeyFile(in steps.Inputs) string { return steps.IdentityFile(e.dir, in) }

func (e *fakeEngine) FixKeyFile(string) error { return nil }

func (e *fakeEngine) DetectIP(context.Context) (string, error) { return "203.0.113.7", nil }

// fakeSession is the fake engine's one account.
type fakeSession struct{ e *fakeEngine }

func (s *fakeSession) Identity() steps.Identity {
	return steps.Identity{Account: "123456789012", ARN: "arn:aws:iam::123456789012:user/student"}
}

func (s *fakeSession) Zones() []string {
	return []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}
}

func (s *fakeSession) Report(_ context.Context, p steps.Plan) (steps.Report, steps.Inventory, error) {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	rep := steps.Report{Stack: p.Inputs.Prefix, Region: p.Inputs.Region, Account: "123456789012"}
	for _, st := range steps.Steps {
		sp := steps.StepProgress{Step: st.String()}
		for _, r := range p.Resources {
			if r.Step != st {
				continue
			}
			sp.Total++
			if s.e.created[r.Role] {
				sp.Done++
				rep.Rows = append(rep.Rows, steps.Row{Name: r.Name, Kind: r.Kind.String(), ID: fakeID(r), Role: r.Role, Step: st.String(), State: "ok"})
			}
		}
		rep.Steps = append(rep.Steps, sp)
	}
	rep.Cost = steps.Estimate(p.Inputs.Region, s.e.billable(p.Inputs))
	return rep, steps.Inventory{}, nil
}

// billable is what the fake's resources bill, as the plan counts them
// (every server running). The caller holds e.mu.
func (e *fakeEngine) billable(in steps.Inputs) steps.Billable {
	made := steps.Plan{Inputs: in}
	for _, r := range e.made {
		if e.created[r.Role] {
			made.Resources = append(made.Resources, r)
		}
	}
	return steps.PlanBillable(made)
}

// fakeObject is the census's kind of a resource: routes and rule sets
// are no objects of their own.
func fakeObject(r steps.Resource) bool {
	return r.Kind != steps.KindRoute && r.Kind != steps.KindSGRules
}

// CensusStack lists what the fake created, as the caller's, and the
// foreign objects as another owner's.
func (s *fakeSession) CensusStack(_ context.Context, stack string) ([]steps.StackCensus, error) {
	e := s.e
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []steps.StackCensus
	if e.foreign > 0 {
		out = append(out, steps.StackCensus{Stack: stack, Owner: "arn:aws:iam::123456789012:user/classmate", Resources: e.foreign, Counts: map[string]int{"vpc": e.foreign}})
	}
	if e.in.Prefix != stack {
		return out, nil
	}
	mine := steps.StackCensus{Stack: stack, Owner: s.Identity().ARN, Counts: map[string]int{}}
	for _, r := range e.made {
		if !e.created[r.Role] || !fakeObject(r) {
			continue
		}
		mine.Counts[r.Kind.String()]++
		mine.Resources++
		mine.Objects = append(mine.Objects, steps.CensusItem{Kind: r.Kind.String(), ID: fakeID(r), Name: r.Name})
	}
	if mine.Resources == 0 {
		return out, nil
	}
	mine.Billable = e.billable(e.in)
	mine.Cost = steps.Estimate(e.in.Region, mine.Billable)
	return append(out, mine), nil
}

// Destroy deletes what the fake created, newest first, each at once (or
// failing the role told to fail); a held destroy waits first.
func (s *fakeSession) Destroy(ctx context.Context, stack string, onEvent func(steps.Event)) error {
	e := s.e
	e.mu.Lock()
	e.destroys++
	hold := e.destroyHold
	e.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.foreign > 0 {
		return errors.New("prefix " + stack + " is used by someone else")
	}
	var errs []error
	for i := len(e.made) - 1; i >= 0; i-- {
		r := e.made[i]
		if !e.created[r.Role] || e.in.Prefix != stack {
			continue
		}
		if !fakeObject(r) {
			delete(e.created, r.Role) // goes with its parent
			continue
		}
		onEvent(steps.Event{Resource: r, Phase: steps.PhaseStarted, ID: fakeID(r)})
		if err := e.destroyFail[r.Role]; err != nil {
			onEvent(steps.Event{Resource: r, Phase: steps.PhaseFailed, ID: fakeID(r), Err: err})
			errs = append(errs, err)
			continue
		}
		delete(e.created, r.Role)
		onEvent(steps.Event{Resource: r, Phase: steps.PhaseDone, Action: steps.Deleted, ID: fakeID(r), Elapsed: time.Millisecond})
	}
	return errors.Join(errs...)
}

func fakeID(r steps.Resource) string { return fmt.Sprintf("%s-0fake%s", r.Kind, r.Role) }

// Apply creates the resources of o.Only in plan order, each at once: a
// resource whose dependency does not exist is skipped, a step told to
// fail fails its first resource, a held step waits first.
func (s *fakeSession) Apply(ctx context.Context, o steps.ApplyOptions) error {
	e := s.e
	e.mu.Lock()
	e.applies = append(e.applies, slices.Clone(o.Only))
	var holds []chan struct{}
	for _, st := range o.Only {
		if ch, ok := e.holds[st]; ok {
			holds = append(holds, ch)
		}
	}
	pre := e.preflight
	e.preflight = nil
	prep := steps.Prepared{}
	if e.prepared != nil {
		prep, e.prepared = *e.prepared, nil
	}
	e.mu.Unlock()
	for _, ch := range holds {
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if pre != nil {
		return pre
	}
	if o.OnPrepared != nil {
		o.OnPrepared(prep)
	}
	var errs []error
	for _, r := range o.Plan.Resources {
		if !slices.Contains(o.Only, r.Step) {
			continue
		}
		o.OnEvent(steps.Event{Resource: r, Phase: steps.PhaseStarted})
		e.mu.Lock()
		failure := e.fails[r.Step]
		delete(e.fails, r.Step)
		missing := ""
		for _, d := range r.Deps {
			if !e.created[d] {
				missing = string(d)
			}
		}
		if failure == nil && missing == "" && !e.created[r.Role] {
			e.created[r.Role] = true
			e.made = append(e.made, r)
		}
		e.in = o.Plan.Inputs
		e.mu.Unlock()
		switch {
		case failure != nil:
			err := &steps.ResourceError{Resource: r, Err: failure}
			o.OnEvent(steps.Event{Resource: r, Phase: steps.PhaseFailed, Err: err})
			errs = append(errs, err)
		case missing != "":
			err := fmt.Errorf("%s needs %s, which does not exist", r.Name, missing)
			o.OnEvent(steps.Event{Resource: r, Phase: steps.PhaseSkipped, Message: err.Error()})
			errs = append(errs, err)
		default:
			o.OnEvent(steps.Event{Resource: r, Phase: steps.PhaseDone, Action: steps.Created, ID: fakeID(r), Elapsed: time.Millisecond})
		}
	}
	return errors.Join(errs...)
}

func (s *fakeSession) Stacks(context.Context) ([]steps.StackInfo, error) { return nil, nil }

func (s *fakeSession) Check(context.Context, steps.Plan, steps.Inventory, steps.CheckOptions) (steps.CheckReport, error) {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	if s.e.checked != nil {
		return *s.e.checked, nil
	}
	return steps.CheckReport{Why: "fake"}, nil
}

// fakeDrive is a wizard on a fake engine, connected, at 120x40.
func fakeDrive(t *testing.T, e *fakeEngine, lang catalog.Lang) *drive {
	t.Helper()
	d := newDrive(t, fakeOptions(e, lang), 120, 40)
	// Nothing waits on a network: what does not come at once is a clock.
	d.quiet = 10 * time.Millisecond
	d.connected()
	return d
}

const fakeWait = 5 * time.Second // deadlock detection, not a timing assertion

// A failed step shows what failed and how to retry; ctrl+r runs it again,
// and the failure goes once the step is done.
func TestModel_FailedStepShowsItsFailureAndCtrlRRetries(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeDrive(t, e, catalog.EN)
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("the key step", fakeWait, settled(steps.StepKey, StepDone))
	e.fail(steps.StepVPC, errors.New("ServiceUnavailable: try later"))
	d.goTo(scrVPC)
	d.keys("enter") // the default block: run the step
	d.waitFor("the VPC step to fail", fakeWait, settled(steps.StepVPC, StepFailed))
	d.mustShow("This step failed.", "try later", "ctrl+r retry", "✗ VPC")
	if err := d.m.progress.Failure(steps.StepVPC); err == nil || !strings.Contains(err.Error(), "try later") {
		t.Fatalf("the VPC step's failure: %v", err)
	}

	d.keys("ctrl+r")
	d.waitFor("the retried VPC step", fakeWait, settled(steps.StepVPC, StepDone))
	d.mustShow("Done.", "✓ VPC", "mhson-vpc")
	if f := d.frame(); strings.Contains(f, "This step failed.") {
		t.Fatalf("the failure is still shown after a good retry:\n%s", f)
	}
	if err := d.m.progress.Failure(steps.StepVPC); err != nil {
		t.Errorf("the failure is kept after a good retry: %v", err)
	}
	want := [][]steps.Step{{steps.StepKey}, {steps.StepVPC}, {steps.StepVPC}}
	if got := e.runs(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("runs %v, want %v", got, want)
	}
}

// A step that needs a step running in the background waits for it (it
// shows as running, and is not run), and starts when it finishes.
func TestModel_StepWaitingForARunningOneStartsWhenItEnds(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeDrive(t, e, catalog.EN)
	for _, st := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets} {
		d.send(nav.StartStep{Step: st})
		d.waitFor(st.String()+" done", fakeWait, settled(st, StepDone))
	}
	release := e.hold(steps.StepGateways)
	defer release()
	d.goTo(scrGateways)
	d.keys("enter")
	d.waitFor("the gateways run", fakeWait, func(m *Model) bool { return m.progress.Status(steps.StepGateways) == steps.StatusRunning })
	d.goTo(scrRoutes)
	d.keys("enter")
	if got := d.m.progress.Status(steps.StepRoutes); got != steps.StatusQueued {
		t.Fatalf("routes asked for while the gateways run: %v, want queued", got)
	}
	if got := d.m.progress.WaitingOn(steps.StepRoutes); !slices.Equal(got, []steps.Step{steps.StepGateways}) {
		t.Errorf("routes wait on %v, want the gateways", got)
	}
	if st := d.stepState(steps.StepRoutes); st != StepRunning {
		t.Errorf("routes are drawn %v while they wait, want running", st)
	}
	d.mustShow(catalog.T(catalog.EN, "step.background"))
	if n := len(e.runs()); n != 4 {
		t.Fatalf("%d runs before the gateways ended, want 4 (routes waiting): %v", n, e.runs())
	}

	release()
	d.waitFor("the routes after the gateways", fakeWait, func(m *Model) bool {
		return settled(steps.StepRoutes, StepDone)(m) && m.stepStates()[steps.StepGateways] == StepDone
	})
	runs := e.runs()
	if len(runs) != 5 || !slices.Equal(runs[3], []steps.Step{steps.StepGateways}) || !slices.Equal(runs[4], []steps.Step{steps.StepRoutes}) {
		t.Errorf("runs %v, want the gateways then the routes", runs)
	}
	if len(stepFailures(d.m)) != 0 {
		t.Errorf("failures: %v", stepFailures(d.m))
	}
}

// ctrl+a runs every remaining step in one run; all are done after it.
func TestModel_ApplyAllRunsTheRest(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeDrive(t, e, catalog.EN)
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("the key step", fakeWait, settled(steps.StepKey, StepDone))
	d.goTo(scrVPC)
	d.keys("ctrl+a")
	d.waitFor("every step", fakeWait, func(m *Model) bool {
		return m.progress.Running() == 0 && len(m.progress.Remaining()) == 0 && m.sh.Report != nil && m.sh.Report.Complete()
	})
	runs := e.runs()
	if len(runs) != 2 || !slices.Equal(runs[1], steps.Steps[1:]) {
		t.Errorf("runs %v, want the key, then the rest at once", runs)
	}
	d.goTo(scrReview)
	d.mustShow(catalog.T(catalog.EN, "review.complete"))
}

// A run that fails before any resource of its own (a check before the
// first create) shows its error on its first step and the status line.
func TestModel_FailureBeforeAnyResourceIsShown(t *testing.T) {
	e := newFakeEngine(t)
	e.preflight = errors.New("no such AMI ami-0123456789abcdef0")
	d := fakeDrive(t, e, catalog.EN)
	d.keys("ctrl+a")
	d.waitFor("the run to end", fakeWait, func(m *Model) bool { return m.progress.LastRun() > 0 && m.progress.Running() == 0 })
	if err := d.m.progress.Failure(steps.StepKey); err == nil || d.stepState(steps.StepKey) != StepFailed {
		t.Fatalf("the key step is %v with %v, want failed with the run's error", d.stepState(steps.StepKey), err)
	}
	if !strings.Contains(d.m.status, "ami-0123456789abcdef0") {
		t.Errorf("status line %q does not say why", d.m.status)
	}
}

// Quitting while a step runs cuts its run short: the wizard quits once it
// stopped, and the step did not fail.
func TestModel_QuitWhileRunningIsNoFailure(t *testing.T) {
	e := newFakeEngine(t)
	release := e.hold(steps.StepKey)
	defer release()
	d := fakeDrive(t, e, catalog.EN)
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("the key run", fakeWait, func(m *Model) bool { return m.progress.Running() == 1 })
	d.keys("ctrl+c")
	d.mustShow("A step is still running")
	d.keys("y")
	d.waitFor("the quit", fakeWait, func(*Model) bool { return d.quit })
	if err := d.m.progress.Failure(steps.StepKey); err != nil || d.stepState(steps.StepKey) == StepFailed {
		t.Errorf("the key step cut short by quitting: %v, %v; want no failure", d.stepState(steps.StepKey), err)
	}
}
