package steps

import "slices"

// StepStatus is where a step of the mission stands in a wizard that runs
// steps in the background.
type StepStatus int

// The states of a step. A step asked to run is Queued while a step it
// needs runs, Starting while its run is set up (the progress file opened),
// then Running. Its run leaves it Done (every resource finished), Failed
// (the failure is kept until it runs again) or Pending (cut short).
const (
	StatusPending StepStatus = iota
	StatusQueued
	StatusStarting
	StatusRunning
	StatusDone
	StatusFailed
)

func (s StepStatus) String() string {
	switch s {
	case StatusPending:
		return "pending"
	case StatusQueued:
		return "queued"
	case StatusStarting:
		return "starting"
	case StatusRunning:
		return "running"
	case StatusDone:
		return "done"
	case StatusFailed:
		return "failed"
	}
	return "unknown"
}

// Progress is the wizard's progress through the mission as data: which run
// has which step, which step waits for which, the last failure of each
// step, and what is done. It is fed what happens (a step asked for, a run
// set up, started, a resource's event, a run ended, a fresh report) and
// answers what may start now. It does no I/O and knows no terminal: the
// wizard starts the runs Progress allows and draws the states it reports.
//
// The rules:
//   - a step already running, starting or queued is not asked for again:
//     two runs of one step would each miss what the other creates;
//   - steps asked for together wait together, while any of them needs a
//     resource of a step that is running (a route needs the NAT gateway of
//     a gateways run going on in the background): they are queued and
//     released when the run ends, whatever its outcome (a step that still
//     misses something then says so itself, resource by resource);
//   - a run's error belongs to the steps whose resources failed (to its one
//     step, if it has one); an error no resource of its own had (a check
//     before the first create) goes to its first step;
//   - a run cut short because the wizard stops is not a failure;
//   - a step is done when its last run finished every resource of it, or,
//     after a fresh report, when the report says every resource exists;
//   - a failure is kept until the step runs again, whatever reports come.
type Progress struct {
	// needs are, per step, the other steps whose resources its resources
	// depend on (from the plan).
	needs    map[Step]map[Step]bool
	reported map[Step]bool
	finished map[Step]bool
	failed   map[Step]error
	starting map[Step]bool
	queued   []Step
	runs     map[int]*stepRun
	last     int
	stopping bool
}

// stepRun is one run in flight: its steps and where each of their
// resources is.
type stepRun struct {
	steps  []Step
	phases map[Role]Phase
	stepOf map[Role]Step
}

// phaseNone is a resource of a run that has reported nothing yet.
const phaseNone Phase = -1

// NewProgress is the progress of a stack nothing is known of yet.
func NewProgress() *Progress {
	p := &Progress{runs: map[int]*stepRun{}}
	p.Reset()
	return p
}

// Reset forgets what was known of the stack in hand (another stack is put
// in hand): reports, failures, what was done and what was asked for. Runs
// in flight are left to end.
func (p *Progress) Reset() {
	p.reported = map[Step]bool{}
	p.finished = map[Step]bool{}
	p.failed = map[Step]error{}
	p.starting = map[Step]bool{}
	p.queued = nil
}

// SetPlan says what needs what: a step whose resources depend on a
// resource of another step waits for it while it runs. An empty plan
// (none yet) makes nothing wait.
func (p *Progress) SetPlan(pl Plan) {
	stepOf := map[Role]Step{}
	for _, r := range pl.Resources {
		stepOf[r.Role] = r.Step
	}
	p.needs = map[Step]map[Step]bool{}
	for _, r := range pl.Resources {
		for _, d := range r.Deps {
			dst, ok := stepOf[d]
			if !ok || dst == r.Step {
				continue
			}
			if p.needs[r.Step] == nil {
				p.needs[r.Step] = map[Step]bool{}
			}
			p.needs[r.Step][dst] = true
		}
	}
}

// Ask is a request to run steps. It returns those that may start now, in
// the order asked, for the caller to set up (Starting) or give up; none
// when each is running, starting or queued already, or when they must
// wait for a running step they need, in which case they are queued.
func (p *Progress) Ask(only []Step) []Step {
	only = slices.DeleteFunc(slices.Clone(only), func(st Step) bool {
		switch p.Status(st) {
		case StatusRunning, StatusStarting, StatusQueued:
			return true
		case StatusPending, StatusDone, StatusFailed:
		}
		return false
	})
	if len(only) == 0 {
		return nil
	}
	if p.blocked(only) {
		p.queued = append(p.queued, only...)
		return nil
	}
	return only
}

// Starting says the runs of these steps are being set up.
func (p *Progress) Starting(only []Step) {
	for _, st := range only {
		p.starting[st] = true
	}
}

// Cancel says the runs being set up for these steps will not start (the
// progress file could not be opened).
func (p *Progress) Cancel(only []Step) {
	for _, st := range only {
		delete(p.starting, st)
	}
}

// Started says a run of these steps of pl began, and returns its id. What
// the steps failed with before is forgotten, and so is what a run before
// finished: this run says now.
func (p *Progress) Started(only []Step, pl Plan) int {
	p.last++
	r := &stepRun{steps: slices.Clone(only), phases: map[Role]Phase{}, stepOf: map[Role]Step{}}
	for _, res := range pl.Resources {
		if slices.Contains(only, res.Step) {
			r.phases[res.Role], r.stepOf[res.Role] = phaseNone, res.Step
		}
	}
	for _, st := range only {
		delete(p.starting, st)
		delete(p.failed, st)
		delete(p.finished, st)
	}
	p.runs[p.last] = r
	return p.last
}

// Observe takes a resource's event from a run.
func (p *Progress) Observe(run int, e Event) {
	r, ok := p.runs[run]
	if !ok {
		return
	}
	r.phases[e.Resource.Role] = e.Phase
	r.stepOf[e.Resource.Role] = e.Resource.Step
}

// RunEnd is what the end of a run decided.
type RunEnd struct {
	// Steps are the run's steps; none when the run was unknown (it ended
	// before, or belonged to a stack no longer in hand).
	Steps []Step
	// Unplaced says the run failed with an error no resource of its own
	// had (a check before its first create), which its first step now
	// holds: the wizard also says it outside the step.
	Unplaced bool
	// Ready are the steps that waited and may start now: the caller asks
	// for them again (Ask).
	Ready []Step
}

// Ended says a run ended, with err (nil: it did everything it was asked).
func (p *Progress) Ended(run int, err error) RunEnd {
	r, ok := p.runs[run]
	if !ok {
		return RunEnd{}
	}
	delete(p.runs, run)
	out := RunEnd{Steps: r.steps}
	failure := err != nil && !p.stopping
	placed := false
	for _, st := range r.steps {
		if failure && (r.has(st, PhaseFailed) || len(r.steps) == 1) {
			p.failed[st] = err
			placed = true
		}
		if r.finished(st) {
			p.finished[st] = true
		}
	}
	if failure && !placed {
		p.failed[r.steps[0]] = err
		out.Unplaced = true
	}
	if !p.stopping && len(p.queued) > 0 && !p.blocked(p.queued) {
		out.Ready, p.queued = p.queued, nil
	}
	return out
}

// Stop says the wizard is stopping: its runs are being cut short, which
// fails none of their steps, and nothing queued starts any more.
func (p *Progress) Stop() { p.stopping = true }

// Reported takes a fresh report of the stack: the steps it counts done
// are, until a run says otherwise; what runs finished before it is its
// to say now. Failures stay until their steps run again.
func (p *Progress) Reported(rep Report) {
	p.reported = map[Step]bool{}
	for _, st := range Steps {
		p.reported[st] = rep.StepDone(st)
	}
	p.finished = map[Step]bool{}
}

// Status is where step st stands.
func (p *Progress) Status(st Step) StepStatus {
	switch {
	case p.inRun(st):
		return StatusRunning
	case p.starting[st]:
		return StatusStarting
	case slices.Contains(p.queued, st):
		return StatusQueued
	case p.failed[st] != nil:
		return StatusFailed
	case p.finished[st] || p.reported[st]:
		return StatusDone
	}
	return StatusPending
}

// Failure is what step st last failed with, until it runs again (nil: it
// did not).
func (p *Progress) Failure(st Step) error { return p.failed[st] }

// WaitingOn are the running steps that step st, queued, waits for.
func (p *Progress) WaitingOn(st Step) []Step {
	if !slices.Contains(p.queued, st) {
		return nil
	}
	var out []Step
	for _, s := range Steps {
		if p.needs[st][s] && p.inRun(s) {
			out = append(out, s)
		}
	}
	return out
}

// Running is how many runs are in flight.
func (p *Progress) Running() int { return len(p.runs) }

// Busy says something runs, is being set up or waits to run.
func (p *Progress) Busy() bool { return len(p.runs) > 0 || len(p.starting) > 0 || len(p.queued) > 0 }

// RunSteps are the steps of run id (none once it ended).
func (p *Progress) RunSteps(id int) []Step {
	if r, ok := p.runs[id]; ok {
		return slices.Clone(r.steps)
	}
	return nil
}

// LastRun is the id of the run started last (0: none yet); ids count up
// from 1.
func (p *Progress) LastRun() int { return p.last }

// Remaining are the steps neither done nor running, starting or queued,
// in mission order: what "apply all" asks for.
func (p *Progress) Remaining() []Step {
	var out []Step
	for _, st := range Steps {
		switch p.Status(st) {
		case StatusPending, StatusFailed:
			out = append(out, st)
		case StatusQueued, StatusStarting, StatusRunning, StatusDone:
		}
	}
	return out
}

// inRun says a run in flight has step st.
func (p *Progress) inRun(st Step) bool {
	for _, r := range p.runs {
		if slices.Contains(r.steps, st) {
			return true
		}
	}
	return false
}

// blocked says a step of only needs a resource of a step that is running.
func (p *Progress) blocked(only []Step) bool {
	for _, st := range only {
		for need := range p.needs[st] {
			if p.inRun(need) {
				return true
			}
		}
	}
	return false
}

// has says a resource of step st is in phase ph.
func (r *stepRun) has(st Step, ph Phase) bool {
	for role, at := range r.phases {
		if r.stepOf[role] == st && at == ph {
			return true
		}
	}
	return false
}

// finished says every resource of step st in the run is done (and it has
// some).
func (r *stepRun) finished(st Step) bool {
	n := 0
	for role, at := range r.phases {
		if r.stepOf[role] != st {
			continue
		}
		if at != PhaseDone {
			return false
		}
		n++
	}
	return n > 0
}

// StepDone says the report counts every resource of step st as existing.
func (r Report) StepDone(st Step) bool {
	for _, sp := range r.Steps {
		if sp.Step == st.String() {
			return sp.Total > 0 && sp.Done == sp.Total
		}
	}
	return false
}
