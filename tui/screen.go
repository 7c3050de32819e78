package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// screen is one page of the wizard. Screens own their editing state and
// talk upward with nav messages; the root owns the inputs, the session and
// the runs, and hands screens a fresh view of them (Shared) when it changes.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (screen, tea.Cmd)
	// View renders the body, which must fit width x height.
	View(width, height int) string
	// Bindings are the screen's keys for the help bar.
	Bindings() []key.Binding
	// Refresh hands the screen the root's current state.
	Refresh(Shared) screen
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
	// Check is the connectivity check, as far as it got.
	Check CheckView
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

// StepState is where a step of the mission stands.
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
	case StepRunning:
		return "running"
	case StepDone:
		return "done"
	case StepFailed:
		return "failed"
	default:
		return "pending"
	}
}

// RunView is the live list of one step's run: a line per resource.
type RunView struct {
	Running bool
	// Checking: the run has not reported anything yet; it is looking up
	// what exists and checking quotas, the key and the AMI.
	Checking bool
	Started  time.Time
	Lines    []RunLine
	Err      error
	Notes    []string
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
