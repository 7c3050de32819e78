package steps

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/state"
)

// Connector builds the AWS client for a stack's inputs: credentials,
// profile, region, or the sandbox emulator. The command line provides it, so
// the wizard and the headless commands connect the same way.
type Connector func(ctx context.Context, in Inputs) (*aws.Client, error)

// Session is a connected account and region: who the caller is and which
// zones there are. Everything the wizard does to AWS goes through it.
type Session struct {
	client   *aws.Client
	Identity aws.Identity
	Zones    []string
	// SSHDir is where the stack's .pem lives (~/.ssh).
	SSHDir string
	// WaitTimeout bounds each wait for a NAT gateway or an instance.
	WaitTimeout time.Duration
}

// Connect checks the credentials (STS) and reads the zones: the two calls
// every command needs before it can plan.
func Connect(ctx context.Context, connect Connector, in Inputs, sshDir string) (*Session, error) {
	c, err := connect(ctx, in)
	if err != nil {
		return nil, err
	}
	return NewSession(ctx, c, sshDir)
}

// NewSession is Connect with a client already built.
func NewSession(ctx context.Context, c *aws.Client, sshDir string) (*Session, error) {
	// Both at once: every command waits for them before anything else.
	var (
		id    aws.Identity
		zones []string
		g     errgroup.Group
	)
	g.Go(func() (err error) { id, err = c.WhoAmI(ctx); return err })
	g.Go(func() (err error) { zones, err = c.Zones(ctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return &Session{client: c, Identity: id, Zones: zones, SSHDir: sshDir}, nil
}

// Plan derives the plan of the inputs in this session's region.
func (s *Session) Plan(in Inputs) (Plan, error) { return BuildPlan(in, s.Zones) }

// ApplyOptions says what to run and whom to tell.
type ApplyOptions struct {
	Store      *state.Store
	Plan       Plan
	Only       []Step
	OnEvent    func(Event)
	OnPrepared func(Prepared)
}

// Apply runs the plan (or some steps of it): the key file and the checks
// before the first create, then every resource.
func (s *Session) Apply(ctx context.Context, o ApplyOptions) error {
	return s.runner(o).Apply(ctx)
}

// ApplyReport is Apply, then the report of the stack as it is now. A run
// that changed nothing reports from what it read at its start, so that a
// re-apply with nothing to do asks AWS only what it must.
func (s *Session) ApplyReport(ctx context.Context, o ApplyOptions) (Report, error) {
	r := s.runner(o)
	if err := r.Apply(ctx); err != nil {
		return Report{}, err
	}
	if inv, ok := r.Current(); ok {
		return BuildReport(o.Plan, inv, s.Identity.Account), nil
	}
	rep, _, err := s.Report(ctx, o.Plan)
	return rep, err
}

func (s *Session) runner(o ApplyOptions) *Runner {
	r := &Runner{
		AWS: s.client, Store: o.Store, Plan: o.Plan, Identity: s.Identity,
		UserData: UserData, OnEvent: o.OnEvent, Only: o.Only, WaitTimeout: s.WaitTimeout,
	}
	r.Preflight = func(ctx context.Context, missing []Resource) error {
		prep, err := Prepare(ctx, s.client, o.Plan, s.Zones, s.SSHDir, missing)
		if o.OnPrepared != nil {
			o.OnPrepared(prep)
		}
		r.PublicKey, r.Image = prep.PublicKey, prep.Image
		return err
	}
	return r
}

// Report compares the plan with what AWS holds now.
func (s *Session) Report(ctx context.Context, p Plan) (Report, aws.Inventory, error) {
	inv, err := s.client.Inventory(ctx, p.Inputs.Prefix)
	if err != nil {
		return Report{}, aws.Inventory{}, err
	}
	return BuildReport(p, inv, s.Identity.Account), inv, nil
}

// Destroy deletes the stack's resources.
func (s *Session) Destroy(ctx context.Context, stack string, onEvent func(Event)) error {
	timeout := s.WaitTimeout
	if timeout == 0 {
		timeout = 20 * time.Minute
	}
	return Destroy(ctx, s.client, stack, s.Identity.ARN, timeout, onEvent)
}

// DestroyOwnedBy deletes a stack that belongs to owner (as the census
// shows it), not necessarily to the caller: the instructor's broom. It
// touches only what carries both the stack's tag and that owner's.
func (s *Session) DestroyOwnedBy(ctx context.Context, stack, owner string, onEvent func(Event)) error {
	timeout := s.WaitTimeout
	if timeout == 0 {
		timeout = 20 * time.Minute
	}
	return Destroy(ctx, s.client, stack, owner, timeout, onEvent)
}

// Census is every stack of the region by its tags, priced as it stands.
func (s *Session) Census(ctx context.Context) ([]StackCensus, error) {
	c, err := s.client.Census(ctx)
	if err != nil {
		return nil, err
	}
	return Classroom(s.client.Region, c), nil
}

// Stacks lists the stacks in the region by their tags.
func (s *Session) Stacks(ctx context.Context) ([]aws.StackInfo, error) {
	return s.client.Stacks(ctx)
}

// LocalStack is a stack with a progress file on this machine.
type LocalStack struct {
	Path    string
	Inputs  Inputs
	Created int // resources recorded as created
	Total   int // resources the plan has
	Updated time.Time
}

// Complete reports whether every resource was recorded.
func (l LocalStack) Complete() bool { return l.Total > 0 && l.Created >= l.Total }

// LocalStacks lists the progress files in dir, newest first, so the wizard
// can offer to resume them without asking AWS. A file that cannot be read
// is left out (the command that opens it reports why).
func LocalStacks(dir string) ([]LocalStack, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []LocalStack
	for _, p := range paths {
		st, err := state.Load(p)
		if err != nil {
			continue
		}
		// The same merge as the command line's (steps.Resolve): the
		// wizard resuming a stack gets the inputs it was built with.
		in, err := MergeStored(Inputs{Prefix: st.Stack, Region: st.Region}.WithDefaults(), nil, st, p)
		if err != nil {
			continue
		}
		ls := LocalStack{Path: p, Inputs: in, Updated: st.UpdatedAt}
		for _, r := range st.Resources {
			if r.Status == state.Created {
				ls.Created++
			}
		}
		// The zone names do not change how many resources there are.
		if plan, err := BuildPlan(in, []string{in.Region + "a", in.Region + "b", in.Region + "c"}); err == nil {
			ls.Total = len(plan.Resources)
		}
		out = append(out, ls)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return out, nil
}

// PruneEmpty removes the progress files in dir that record no resource and
// that no other infrawiz holds open, and returns how many stacks are left:
// a wizard left before its first create leaves a file with its inputs
// only, which is no stack (nothing in AWS costs money or needs destroying)
// and must not keep the sandbox emulator running.
func PruneEmpty(dir string) (left int, err error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return 0, err
	}
	for _, p := range paths {
		st, err := state.Load(p)
		if err != nil || len(st.Resources) > 0 {
			// A damaged file is kept (and counted) for its owner to look at.
			left++
			continue
		}
		store, err := state.Open(p)
		if err != nil {
			left++ // in use: a wizard is on it now
			continue
		}
		err = store.Remove()
		_ = store.Close()
		if err != nil {
			left++
		}
	}
	return left, nil
}

// HomeSSHDir is ~/.ssh.
func HomeSSHDir() (string, error) {
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".ssh"), nil
}

// CheckOffered refuses a plan whose instance type EC2 does not offer in a
// zone its servers go to (a typo such as t9.medium, a type the region
// lacks): bad input, said before anything is created.
func (s *Session) CheckOffered(ctx context.Context, p Plan) error {
	var zones []string
	for _, r := range p.Resources {
		if r.Kind == KindInstance && r.AZ != "" && !slices.Contains(zones, r.AZ) {
			zones = append(zones, r.AZ)
		}
	}
	if len(zones) == 0 {
		return nil
	}
	missing, err := s.client.NotOffered(ctx, p.Inputs.InstanceType, zones)
	if err != nil || len(missing) == 0 {
		return err
	}
	return newFieldError("instance-type", p.Inputs.InstanceType, "instance-type.offered", p.Inputs.Region, strings.Join(missing, ", "))
}
