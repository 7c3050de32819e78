package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/state"
)

// Phase is where a resource is in a run.
type Phase int

// The phases a resource goes through in a run.
const (
	PhaseStarted Phase = iota
	PhaseWaiting
	PhaseDone
	PhaseFailed
	PhaseSkipped
)

func (p Phase) String() string {
	switch p {
	case PhaseStarted:
		return "started"
	case PhaseWaiting:
		return "waiting"
	case PhaseDone:
		return "done"
	case PhaseFailed:
		return "failed"
	case PhaseSkipped:
		return "skipped"
	}
	return "unknown"
}

// Action says what a finished resource needed.
type Action string

// The actions.
const (
	Created   Action = "created"   // made by this run
	Adopted   Action = "adopted"   // found by its tags, unknown to the state file
	Updated   Action = "updated"   // existed; a part of it was changed
	Unchanged Action = "unchanged" // existed as planned
	Deleted   Action = "deleted"
)

// Event reports progress of one resource; the wizard and the headless
// commands render the same events.
type Event struct {
	Resource Resource
	Phase    Phase
	Action   Action
	ID       string
	// Message is what a waiting or skipped resource says, in English: the
	// catalogue's "msg.<Key>" with Args (Key is empty when there is none).
	Message string
	Key     string
	Args    []any
	Err     error
	Elapsed time.Duration
}

// Msg is what the event says, as the catalogue's message (zero when it
// says nothing but its phase).
func (e Event) Msg() catalog.Message {
	if e.Key == "" {
		return catalog.Message{}
	}
	return catalog.Msg("msg."+e.Key, e.Args...)
}

// In says the event's message in l; a failure says its error.
func (e Event) In(l catalog.Lang) string {
	switch {
	case e.Phase == PhaseFailed && e.Err != nil:
		return catalog.Text(l, e.Err)
	case e.Key != "":
		return e.Msg().In(l)
	}
	return e.Message
}

// saying is e telling why: the Problem's key, arguments and English.
func (e Event) saying(why Problem) Event {
	e.Key, e.Args, e.Message = why.Key, why.Args, why.Text
	return e
}

// Runner applies a plan: every resource is found or created, then converged,
// with independent resources in parallel, and each result written to state
// before the next action that depends on it.
type Runner struct {
	AWS       *aws.Client
	Store     *state.Store
	Plan      Plan
	Identity  aws.Identity
	PublicKey []byte
	// Image is what the servers boot (Prepare resolves it).
	Image    aws.Image
	UserData func(UserDataParams) (string, error)
	OnEvent  func(Event)
	// WaitTimeout bounds each wait for a NAT gateway or an instance.
	WaitTimeout time.Duration
	// Preflight runs once, before the first create, with what is missing;
	// nothing is checked when the stack is complete.
	Preflight func(ctx context.Context, missing []Resource) error
	// Only limits the run to some steps (the wizard runs one step per
	// screen); what they depend on must exist already. Empty means all.
	Only []Step

	mu     sync.Mutex
	found  map[Role]aws.Found
	emitMu sync.Mutex
	// before is what AWS held when the run began; changed records that a
	// resource was created or updated since, so before no longer tells
	// the stack as it is.
	before  aws.Inventory
	changed atomic.Bool
}

// Current returns what AWS held when the run began if the run changed
// nothing in it: then it is the stack as it is now, and a report needs no
// second look.
func (r *Runner) Current() (aws.Inventory, bool) {
	if r.before.ByRole == nil || r.changed.Load() {
		return aws.Inventory{}, false
	}
	return r.before, true
}

// CheckOwners refuses a stack whose resources carry another owner's tag:
// classmates sharing an account may pick the same prefix, and nothing of
// theirs may be touched.
func CheckOwners(inv aws.Inventory, stack, owner string) error {
	for _, o := range inv.Owners() {
		if !aws.SameOwner(o, owner) {
			fe := newFieldError("prefix", stack, "prefix.foreign", o)
			fe.Err = aws.ErrForeign
			return fe
		}
	}
	return nil
}

// Apply runs every resource of the plan. It returns the joined errors of the
// resources that failed; the ones that depend on them are skipped.
func (r *Runner) Apply(ctx context.Context) error {
	stack := r.Plan.Inputs.Prefix
	inv, err := r.AWS.Inventory(ctx, stack)
	if err != nil {
		return err
	}
	r.before = inv
	if err := CheckOwners(inv, stack, r.Identity.ARN); err != nil {
		return err
	}
	if err := r.checkStateFile(); err != nil {
		return err
	}
	if r.Preflight != nil {
		var missing []Resource
		for _, res := range r.Plan.Resources {
			if _, ok := one(inv, res.Role); !ok && r.inScope(res) && res.Kind != aws.KindRoute && res.Kind != aws.KindSGRules {
				missing = append(missing, res)
			}
		}
		if len(missing) > 0 {
			if err := r.Preflight(ctx, missing); err != nil {
				return err
			}
		}
	}
	if err := r.writeHeader(); err != nil {
		return err
	}
	r.found = map[Role]aws.Found{}
	done := map[Role]chan struct{}{}
	failed := map[Role]Problem{} // role -> why its dependents cannot run
	for _, res := range r.Plan.Resources {
		done[res.Role] = make(chan struct{})
	}
	var (
		wg   sync.WaitGroup
		errs = map[Role]error{} // by role, joined in plan order
		emu  sync.Mutex
	)
	for _, res := range r.Plan.Resources {
		wg.Add(1)
		go func(res Resource) {
			defer wg.Done()
			defer close(done[res.Role])
			fail := func(why Problem) {
				emu.Lock()
				failed[res.Role] = why
				emu.Unlock()
			}
			for _, d := range res.Deps {
				<-done[d]
				emu.Lock()
				why, f := failed[d]
				emu.Unlock()
				if f {
					fail(why)
					if r.inScope(res) {
						r.emit(Event{Resource: res, Phase: PhaseSkipped}.saying(why))
					}
					return
				}
			}
			if !r.inScope(res) {
				// Outside this run: usable as it is in AWS, or not at all.
				if f, ok := one(inv, res.Role); ok && kinds[f.Kind].usable(f) {
					r.mu.Lock()
					r.found[res.Role] = f
					r.mu.Unlock()
				} else {
					fail(newProblem("run.waits.step", res.Name, res.Step))
				}
				return
			}
			if ctx.Err() != nil {
				why := newProblem("run.interrupted")
				fail(why)
				r.emit(Event{Resource: res, Phase: PhaseSkipped}.saying(why))
				return
			}
			start := time.Now()
			r.emit(Event{Resource: res, Phase: PhaseStarted})
			f, action, err := r.ensure(r.notes(ctx, res), res, inv)
			if err != nil {
				fail(newProblem("run.waits.failed", res.Name))
				emu.Lock()
				errs[res.Role] = &ResourceError{Resource: res, Err: err}
				emu.Unlock()
				r.emit(Event{Resource: res, Phase: PhaseFailed, Err: err, Elapsed: time.Since(start)})
				return
			}
			r.mu.Lock()
			r.found[res.Role] = f
			r.mu.Unlock()
			r.emit(Event{Resource: res, Phase: PhaseDone, Action: action, ID: f.ID, Elapsed: time.Since(start)})
		}(res)
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// In the plan's order, not the order the goroutines failed in, so the
	// same failures always read the same.
	var joined []error
	for _, res := range r.Plan.Resources {
		if err, ok := errs[res.Role]; ok {
			joined = append(joined, err)
		}
	}
	return errors.Join(joined...)
}

func (r *Runner) inScope(res Resource) bool {
	return len(r.Only) == 0 || slices.Contains(r.Only, res.Step)
}

func (r *Runner) emit(e Event) {
	if r.OnEvent == nil {
		return
	}
	r.emitMu.Lock()
	defer r.emitMu.Unlock()
	r.OnEvent(e)
}

// checkStateFile refuses a progress file that belongs to another stack: a
// file whose name says one stack and whose contents another would hide the
// second from every later command (and from destroy).
func (r *Runner) checkStateFile() error {
	st := r.Store.State()
	in := r.Plan.Inputs
	if st.Stack == "" || (st.Stack == in.Prefix && st.Region == in.Region) {
		return nil
	}
	return keyedError(ErrStateOfAnotherStack, "state.other",
		r.Store.Path(), st.Stack, st.Region, in.Prefix, in.Region)
}

// ErrStateOfAnotherStack is a progress file opened for a stack it does
// not hold.
var ErrStateOfAnotherStack = errors.New("progress file of another stack")

// notes reports what package aws waits for on this resource's behalf as
// waiting events, naming ids by the stack's names: a throttled account, an
// id AWS does not know yet, a deletion blocked by what is still going away.
func (r *Runner) notes(ctx context.Context, res Resource) context.Context {
	return aws.WithNotes(ctx, func(n aws.Note) {
		r.emit(NoteEvent(res, n, r.nameOf))
	})
}

// nameOf names an AWS id by the resource of this run that has it.
func (r *Runner) nameOf(id string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for role, f := range r.found {
		if f.ID == id {
			if res, ok := r.Plan.Get(role); ok {
				return res.Name
			}
		}
	}
	return id
}

// writeHeader records which stack the file is for and the inputs it was
// built from, so a later command needs no flags to resume it.
func (r *Runner) writeHeader() error {
	in := r.Plan.Inputs
	in.State = ""
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	st := r.Store.State()
	if st.Stack == in.Prefix && st.Region == in.Region && st.Owner == r.Identity.Owner() && string(st.Inputs) == string(raw) {
		return nil
	}
	return r.Store.Update(func(s *state.State) error {
		s.Stack, s.Region, s.Sandbox = in.Prefix, in.Region, in.Sandbox
		s.Account, s.Owner = r.Identity.Account, r.Identity.Owner()
		s.Inputs = raw
		return nil
	})
}

func (r *Runner) get(role Role) (aws.Found, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.found[role]
	if !ok {
		return aws.Found{}, keyedError(nil, "run.notready", role)
	}
	return f, nil
}

func (r *Runner) meta(res Resource) aws.Meta {
	return aws.Meta{Stack: r.Plan.Inputs.Prefix, Role: string(res.Role), Name: res.Name, Owner: r.Identity.Owner()}
}

func (r *Runner) waitTimeout() time.Duration {
	if r.WaitTimeout > 0 {
		return r.WaitTimeout
	}
	return 20 * time.Minute
}

// ensure finds or creates one resource, then converges it, and records it.
func (r *Runner) ensure(ctx context.Context, res Resource, inv aws.Inventory) (aws.Found, Action, error) {
	k := kinds[res.Kind]
	if k.ensure != nil {
		return k.ensure(r, ctx, res)
	}
	prev, known := r.Store.Get(string(res.Role))
	f, ok := one(inv, res.Role)
	if ok && k.check != nil {
		if err := k.check(r, ctx, res, &f); err != nil {
			return aws.Found{}, "", err
		}
		ok = f.ID != ""
	}
	action := Unchanged
	if !ok {
		token := prev.ClientToken
		if token == "" && k.token {
			token = newToken()
		}
		// Intent first: a crash between the call and its reply leaves this
		// record, and the next run resolves it through the tags.
		if err := r.Store.Put(state.Resource{
			Role: string(res.Role), Kind: res.Kind.String(), Name: res.Name,
			Status: state.Pending, ClientToken: token,
		}); err != nil {
			return aws.Found{}, "", err
		}
		var err error
		if f, err = k.create(r, ctx, res, r.meta(res), token); err != nil {
			return aws.Found{}, "", err
		}
		action = Created
		if err := r.record(res, f); err != nil {
			return aws.Found{}, "", err
		}
	} else if !known || prev.ID != f.ID || prev.Status != state.Created {
		action = Adopted
	}
	var changed bool
	if k.converge != nil {
		var err error
		if changed, err = k.converge(r, ctx, res, &f, action == Created); err != nil {
			return aws.Found{}, "", err
		}
	}
	if changed || action == Created {
		r.changed.Store(true)
	}
	if changed && action == Unchanged {
		action = Updated
	}
	if action != Unchanged || !sameAttrs(prev.Attrs, attrs(res, f)) {
		if err := r.record(res, f); err != nil {
			return aws.Found{}, "", err
		}
	}
	return f, action, nil
}

func (r *Runner) ensureRoute(ctx context.Context, res Resource) (aws.Found, Action, error) {
	rt, err := r.get(res.TableRole)
	if err != nil {
		return aws.Found{}, "", err
	}
	target, err := r.get(res.TargetRole)
	if err != nil {
		return aws.Found{}, "", err
	}
	t := aws.Target{GatewayID: target.ID}
	if target.Kind == aws.KindNATGateway {
		t = aws.Target{NATGatewayID: target.ID}
	}
	changed, err := r.AWS.EnsureDefaultRoute(ctx, rt, t)
	if err != nil {
		return aws.Found{}, "", err
	}
	f := aws.Found{Kind: aws.KindRoute, ID: target.ID, Name: res.Name, Role: string(res.Role)}
	return r.recordPart(res, f, changed)
}

func (r *Runner) ensureRules(ctx context.Context, res Resource) (aws.Found, Action, error) {
	sg, err := r.get(res.GroupRole)
	if err != nil {
		return aws.Found{}, "", err
	}
	want := make([]aws.Rule, 0, len(res.Rules))
	for _, rs := range res.Rules {
		rule := aws.Rule{Protocol: rs.Protocol, FromPort: rs.FromPort, ToPort: rs.ToPort, CIDR: rs.CIDR, Description: rs.Why}
		if rs.SourceRole != "" {
			src, err := r.get(rs.SourceRole)
			if err != nil {
				return aws.Found{}, "", err
			}
			rule.SourceGroup = src.ID
		} else if rule.CIDR == "" {
			return aws.Found{}, "", newFieldError("my-ip", "", "my-ip.needed")
		}
		want = append(want, rule)
	}
	changed, err := r.AWS.EnsureIngress(ctx, sg, r.meta(res), want)
	if err != nil {
		return aws.Found{}, "", err
	}
	f := aws.Found{Kind: aws.KindSGRules, ID: sg.ID, Name: res.Name, Role: string(res.Role)}
	return r.recordPart(res, f, changed)
}

// recordPart records a part of another resource (a route, a rule set),
// which has no id of its own, as done.
func (r *Runner) recordPart(res Resource, f aws.Found, changed bool) (aws.Found, Action, error) {
	prev, known := r.Store.Get(string(res.Role))
	action := Unchanged
	if changed {
		r.changed.Store(true)
	}
	switch {
	case changed:
		action = Updated
		if !known {
			action = Created
		}
	case !known || prev.ID != f.ID:
		action = Adopted
	}
	if action != Unchanged {
		if err := r.record(res, f); err != nil {
			return aws.Found{}, "", err
		}
	}
	return f, action, nil
}

func (r *Runner) record(res Resource, f aws.Found) error {
	return r.Store.Put(state.Resource{
		Role: string(res.Role), Kind: res.Kind.String(), Name: res.Name, ID: f.ID,
		Status: state.Created, Attrs: attrs(res, f),
	})
}

// attrs are the facts of a resource worth showing without asking AWS.
func attrs(res Resource, f aws.Found) map[string]string {
	a := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			a[k] = v
		}
	}
	set("az", res.AZ)
	set("cidr", res.CIDR)
	switch {
	case f.Address != nil:
		set("public_ip", sdk.ToString(f.Address.PublicIp))
	case f.Instance != nil:
		set("private_ip", sdk.ToString(f.Instance.PrivateIpAddress))
		set("public_ip", sdk.ToString(f.Instance.PublicIpAddress))
	case f.NAT != nil && len(f.NAT.NatGatewayAddresses) > 0:
		set("private_ip", sdk.ToString(f.NAT.NatGatewayAddresses[0].PrivateIp))
		set("public_ip", sdk.ToString(f.NAT.NatGatewayAddresses[0].PublicIp))
	}
	if len(a) == 0 {
		return nil
	}
	return a
}

func sameAttrs(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "infrawiz-" + hex.EncodeToString(b)
}
