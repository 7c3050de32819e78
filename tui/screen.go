package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// screen is one page of the wizard, a component in the manner of
// soft-serve's: it owns its editing state, changes only in Update,
// Refresh and SetSize (pointer receivers), and talks upward with nav
// messages. The root owns the inputs, the session and the runs, and hands
// screens a fresh view of them (Shared) when it changes.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	// SetSize is the body the screen is drawn in; View must fit it.
	SetSize(width, height int)
	// View renders the body. It changes nothing.
	View() string
	// Bindings are the screen's keys for the help bar, from the KeyMap.
	Bindings() []key.Binding
	// Refresh hands the screen the root's current state.
	Refresh(Shared)
}

// screenID names the screens, in the order the wizard walks them.
type screenID int

const (
	scrStart screenID = iota
	scrCreds
	scrNaming
	scrKey
	scrVPC
	scrSubnets
	scrGateways
	scrRoutes
	scrSecurityGroups
	scrServers
	scrReview
	scrCheck
	scrSummary
	scrDestroy
)

// screenSpec is one screen of the wizard: how it is built and named, and
// the mission step it runs, if it runs one.
type screenSpec struct {
	id screenID
	// label is the catalogue key of its name in the checklist.
	label string
	// build makes a screen that runs no step.
	build func(Shared) screen
	// A step's screen runs step, with its fields in the editor made by
	// editor.
	step   steps.Step
	editor func(Shared) editor
	// hidden: not in the checklist, and not a step of the walk (the
	// destroy screen, reached from the summary).
	hidden bool
}

// isStep says the screen runs a mission step.
func (s screenSpec) isStep() bool { return s.editor != nil }

// wizardScreens are the wizard's screens in the order it walks them: the
// one list of them and of the step each runs.
var wizardScreens = []screenSpec{
	{id: scrStart, label: "screen.start", build: newStartScreen},
	{id: scrCreds, label: "screen.creds", build: newCredsScreen},
	{id: scrNaming, label: "screen.naming", build: newNamingScreen},
	{id: scrKey, step: steps.StepKey, editor: newKeyEditor},
	{id: scrVPC, step: steps.StepVPC, editor: newVPCEditor},
	{id: scrSubnets, step: steps.StepSubnets, editor: newSubnetsEditor},
	{id: scrGateways, step: steps.StepGateways, editor: newGatewaysEditor},
	{id: scrRoutes, step: steps.StepRoutes, editor: newRoutesEditor},
	{id: scrSecurityGroups, step: steps.StepSecurityGroups, editor: newSecurityEditor},
	{id: scrServers, step: steps.StepServers, editor: newServersEditor},
	{id: scrReview, label: "screen.review", build: newReviewScreen},
	{id: scrCheck, label: "sidebar.check", build: newCheckScreen},
	{id: scrSummary, label: "screen.summary", build: newSummaryScreen},
	{id: scrDestroy, label: "screen.teardown", build: newTeardownScreen, hidden: true},
}

// wideScreen is a screen that may take the whole width, the checklist
// aside: the summary's picture needs 60 columns.
type wideScreen interface{ Wide() bool }

// backCapturer is a screen that takes Esc itself while it says so (to
// leave a view of its own rather than the screen).
type backCapturer interface{ CapturesBack() bool }

// specOf is the screen's entry in wizardScreens.
func specOf(id screenID) screenSpec {
	for _, s := range wizardScreens {
		if s.id == id {
			return s
		}
	}
	return screenSpec{id: id}
}

// stepOf maps a screen to its mission step.
func stepOf(id screenID) (steps.Step, bool) {
	s := specOf(id)
	return s.step, s.isStep()
}

// screenOf is the screen of a mission step.
func screenOf(st steps.Step) screenID {
	for _, s := range wizardScreens {
		if s.isStep() && s.step == st {
			return s.id
		}
	}
	return scrReview
}

// newScreen builds a screen from the shared state.
func newScreen(id screenID, sh Shared) screen {
	s := specOf(id)
	if s.isStep() {
		return newStepScreen(s.step, sh)
	}
	return s.build(sh)
}

// screenLabel is the screen's name in the checklist.
func (s Shared) screenLabel(id screenID) string {
	spec := specOf(id)
	if spec.isStep() {
		return s.T("step." + spec.step.String())
	}
	if spec.label == "" {
		return ""
	}
	return s.T(spec.label)
}

// Shared is the root's state as screens may read it. It is a value: a
// screen cannot change the root through it.
type Shared struct {
	Lang    catalog.Lang
	Styles  Styles
	Keys    KeyMap
	Inputs  steps.Inputs
	Plan    steps.Plan // empty until the session knows the zones
	HasPlan bool
	Zones   []string
	Account string
	Sandbox bool
	Steps   map[steps.Step]StepState
	Runs    map[steps.Step]RunView
	Report  *steps.Report
	// Now is the wizard's clock, advanced by its tick, so views are
	// deterministic in tests.
	Now time.Time
	// Connection: who is signed in, or why not.
	Identity   string
	Connecting bool
	ConnErr    error
	// IPMoved holds the old and the new public IP when the user's address
	// changed since the bastion rule was made.
	IPMoved *[2]string
	// Stacks are the progress files found on this machine.
	Stacks []steps.LocalStack
	// Found are the caller's own stacks that AWS holds (found by their
	// tags in the session's region) and that have no progress file here:
	// nothing else would remind a student that they cost money.
	Found []FoundStack
	// NewStack is what choosing "new stack" on the start screen gives.
	NewStack steps.Inputs
	// Resumed: the stack in hand was chosen to be continued.
	Resumed bool
	// Fixed says whether, and why, the stack in hand can no longer change
	// its prefix and region: it has resources (its progress file or, when
	// resumed, AWS records some) or something runs for it. A new name
	// would be another stack.
	Fixed fixedWhy
	// LearnOpen: the learn pane is open beside the screen with commands,
	// and pgup and pgdn scroll them (not the screen's page).
	LearnOpen bool
	// Check is the connectivity check, as far as it got.
	Check CheckView
	// LastCheck is how the stack's last check went, as kept beside its
	// progress file, while no check ran in this wizard (nil: none kept).
	LastCheck *steps.LastCheck
	// Teardown is the destroy of the stack, as far as it got.
	Teardown TeardownView
}

// FoundStack is a stack found in AWS by its tags, with no progress file
// on this machine: Inputs resume it (the engine re-adopts every resource
// by its tags).
type FoundStack struct {
	Inputs steps.Inputs
	VPCID  string
}

// T is a shorthand for the catalogue in the shared language.
func (s Shared) T(key string, args ...any) string { return catalog.T(s.Lang, key, args...) }

// StepState is how a step is drawn: its steps.StepStatus, with a step
// queued or being set up drawn as running (the student asked for it).
type StepState int

// The states of a step.
const (
	StepPending StepState = iota
	StepRunning
	StepDone
	StepFailed
)

func (s StepState) String() string {
	switch s {
	case StepPending:
		return "pending"
	case StepRunning:
		return "running"
	case StepDone:
		return "done"
	case StepFailed:
		return "failed"
	}
	return "pending"
}

// stepState is how a step in status s is drawn.
func stepState(s steps.StepStatus) StepState {
	switch s {
	case steps.StatusQueued, steps.StatusStarting, steps.StatusRunning:
		return StepRunning
	case steps.StatusDone:
		return StepDone
	case steps.StatusFailed:
		return StepFailed
	case steps.StatusPending:
	}
	return StepPending
}

// RunView is the live list of one step's run: a line per resource.
type RunView struct {
	Running bool
	// Checking: the run has not reported anything yet; it is looking up
	// what exists and checking quotas, the key and the AMI.
	Checking bool
	Started  time.Time
	Lines    []RunLine
	// Err is what the step last failed with (steps.Progress holds it).
	Err   error
	Notes []string
}

// RunLine is one resource of a run.
type RunLine struct {
	Role    steps.Role
	Name    string
	Kind    string
	Phase   steps.Phase
	Action  steps.Action
	ID      string
	Message string
	Elapsed string
	Since   time.Time // when it started waiting, for the timer
}
