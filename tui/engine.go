package tui

import (
	"context"
	"errors"

	"github.com/infrawiz/infrawiz/steps"
)

// Engine is what the wizard asks of the world outside its process: the
// progress files on this machine, AWS (a Session, through steps), the
// user's key file and public IP. Every call is made from a tea.Cmd, never
// from Update or View. The command line's Options describe the real one
// (stepsEngine); model tests give a small fake.
type Engine interface {
	// LocalStacks lists the stacks with a progress file on this machine,
	// against AWS and in practice mode.
	LocalStacks() []steps.LocalStack
	// Connect checks the credentials for the stack's inputs (region,
	// profile, practice mode) and reads the region's zones.
	Connect(ctx context.Context, in steps.Inputs) (Session, error)
	// StatePath is where the stack's progress file is.
	StatePath(in steps.Inputs) string
	// Open opens and locks the progress file at path.
	Open(path string) (*steps.Store, error)
	// KeyFile is the private key that logs in to the stack's servers.
	KeyFile(in steps.Inputs) string
	// FixKeyFile makes a key file readable by its owner only.
	FixKeyFile(path string) error
	// DetectIP finds the user's public IP.
	DetectIP(ctx context.Context) (string, error)
}

// Session is one signed-in account and region: steps.Session as the
// wizard uses it.
type Session interface {
	Identity() steps.Identity
	Zones() []string
	// Report compares the plan with what AWS holds now.
	Report(ctx context.Context, p steps.Plan) (steps.Report, steps.Inventory, error)
	// Apply runs steps of the plan, telling o's callbacks as it goes.
	Apply(ctx context.Context, o steps.ApplyOptions) error
	// Stacks lists the stacks in the region, by their tags.
	Stacks(ctx context.Context) ([]steps.StackInfo, error)
	// Check runs the connectivity check over an inventory just read.
	Check(ctx context.Context, p steps.Plan, inv steps.Inventory, o steps.CheckOptions) (steps.CheckReport, error)
	// CensusStack is everything in the region with the stack's tag, by
	// owner, every object listed.
	CensusStack(ctx context.Context, stack string) ([]steps.StackCensus, error)
	// Destroy deletes what carries the stack's tags and the caller's
	// owner tag, telling onEvent about each object as it goes.
	Destroy(ctx context.Context, stack string, onEvent func(steps.Event)) error
}

// stepsEngine is the Engine that Options describe: steps against AWS, or
// the emulator, as the command line connects.
type stepsEngine struct{ o Options }

var _ Engine = stepsEngine{}

// errNoDetect: the command line gave no way to find the user's IP.
var errNoDetect = errors.New("public IP detection is off")

func (e stepsEngine) LocalStacks() []steps.LocalStack {
	if e.o.StateDir == nil {
		return nil
	}
	var all []steps.LocalStack
	for _, sandbox := range []bool{false, true} {
		ls, _ := steps.LocalStacks(e.o.StateDir(sandbox))
		all = append(all, ls...)
	}
	return all
}

func (e stepsEngine) Connect(ctx context.Context, in steps.Inputs) (Session, error) {
	s, err := steps.Connect(ctx, e.o.Connect, in, e.o.SSHDir)
	if err != nil {
		return nil, err
	}
	return stepsSession{s}, nil
}

func (e stepsEngine) StatePath(in steps.Inputs) string {
	if e.o.StatePath == nil {
		return ""
	}
	return e.o.StatePath(in)
}

func (stepsEngine) Open(path string) (*steps.Store, error) { return steps.OpenStore(path) }

func (e stepsEngine) KeyFile(in steps.Inputs) string { return steps.IdentityFile(e.o.SSHDir, in) }

func (stepsEngine) FixKeyFile(path string) error { return steps.FixKeyFile(path) }

func (e stepsEngine) DetectIP(ctx context.Context) (string, error) {
	if e.o.DetectIP == nil {
		return "", errNoDetect
	}
	return e.o.DetectIP(ctx)
}

// stepsSession is a *steps.Session as a Session.
type stepsSession struct{ s *steps.Session }

func (s stepsSession) Identity() steps.Identity { return s.s.Identity }
func (s stepsSession) Zones() []string          { return s.s.Zones }

func (s stepsSession) Report(ctx context.Context, p steps.Plan) (steps.Report, steps.Inventory, error) {
	return s.s.Report(ctx, p)
}

func (s stepsSession) Apply(ctx context.Context, o steps.ApplyOptions) error {
	return s.s.Apply(ctx, o)
}

func (s stepsSession) Stacks(ctx context.Context) ([]steps.StackInfo, error) { return s.s.Stacks(ctx) }

func (s stepsSession) Check(ctx context.Context, p steps.Plan, inv steps.Inventory, o steps.CheckOptions) (steps.CheckReport, error) {
	return s.s.Check(ctx, p, inv, o)
}

func (s stepsSession) CensusStack(ctx context.Context, stack string) ([]steps.StackCensus, error) {
	return s.s.CensusStack(ctx, stack)
}

func (s stepsSession) Destroy(ctx context.Context, stack string, onEvent func(steps.Event)) error {
	return s.s.Destroy(ctx, stack, onEvent)
}
