package tui

import (
	"fmt"
	"reflect"
	"regexp"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// Which stack the wizard holds. A progress file is named for one stack
// (<prefix>-<region>.json) and records that stack; the wizard keeps the
// two in agreement. Once the stack in hand has a resource its prefix and
// region are fixed: another name would be another stack, and the first
// would be left running, costing money, with no file to find it by. Before
// its first resource the name may change; the file opened for the old
// name then goes, since it holds nothing but the inputs.

// fixedWhy says why the stack in hand can no longer change its prefix and
// region, if it cannot.
type fixedWhy int

const (
	notFixed fixedWhy = iota
	// fixedRunning: a step or the check runs for it now.
	fixedRunning
	// fixedBuilt: it has resources.
	fixedBuilt
)

// foundMsg is the list of stacks AWS holds in the session's region.
type foundMsg struct {
	session Session
	stacks  []steps.StackInfo
	err     error
}

// storeDrop closes a progress file given up (and removes it if it records
// no resource) once, whoever asks first: the Cmd made for it, the next
// open of a file, or the quit.
type storeDrop struct {
	once  sync.Once
	store *steps.Store
	prev  *storeDrop
	// clean, when set, is done instead: the stack was destroyed, and its
	// file goes whatever it records.
	clean func()
}

// run does the drop, or waits for the one under way. A nil drop is done.
func (d *storeDrop) run() {
	if d == nil {
		return
	}
	d.once.Do(func() {
		d.prev.run()
		if d.clean != nil {
			d.clean()
			return
		}
		if len(d.store.State().Resources) == 0 {
			// Only the inputs: no stack, and a file left under this
			// name would be offered for resume as one.
			_ = d.store.Remove()
		}
		_ = d.store.Close()
	})
}

// dropStore gives up the progress file the wizard has open; the Cmd closes
// it off the UI thread.
func (m *Model) dropStore() tea.Cmd {
	if m.store == nil {
		return nil
	}
	d := &storeDrop{store: m.store, prev: m.dropped}
	m.store, m.dropped = nil, d
	return func() tea.Msg { d.run(); return nil }
}

// busy: something runs for the stack in hand, and its results would land
// on whatever stack is in hand when they arrive.
func (m *Model) busy() bool { return m.progress.Busy() || m.sh.Check.Running || m.tearingDown() }

// stackFixed says whether, and why, the stack in hand keeps its prefix and
// region: its progress file records a resource, or, for a stack chosen to
// be continued, it was known to have some or its report shows some.
func (m *Model) stackFixed() fixedWhy {
	switch {
	case m.store != nil && len(m.store.State().Resources) > 0:
		return fixedBuilt
	case m.opts.Resumed && (m.built || reportBuilt(m.sh.Report)):
		return fixedBuilt
	case m.busy():
		return fixedRunning
	}
	return notFixed
}

// reportBuilt says whether AWS holds anything of the report's stack.
func reportBuilt(rep *steps.Report) bool {
	if rep == nil {
		return false
	}
	for _, r := range rep.Rows {
		if r.ID != "" && r.ID != "-" {
			return true
		}
	}
	return len(rep.Stray) > 0
}

// sameName: the same stack, in AWS and in the list of progress files.
func sameName(a, b steps.Inputs) bool {
	return a.Prefix == b.Prefix && a.Region == b.Region && a.Sandbox == b.Sandbox
}

// sameStack: the same stack in the same progress file.
func sameStack(a, b steps.Inputs) bool { return sameName(a, b) && a.State == b.State }

// sameConn: a session made for a serves b (same region, the same AWS or
// emulator, the same profile).
func sameConn(a, b steps.Inputs) bool {
	return a.Region == b.Region && a.Sandbox == b.Sandbox && (a.Sandbox || a.Profile == b.Profile)
}

// setInputs takes a screen's edited inputs. A new prefix (or practice
// mode) makes another stack: refused once the stack in hand is fixed,
// else the file opened for the old one is given up and what was known of
// it (its report, runs and check) forgotten.
func (m *Model) setInputs(in steps.Inputs) tea.Cmd {
	old := m.sh.Inputs
	if sameStack(old, in) {
		m.sh.Inputs = in
		m.refresh()
		return nil
	}
	if why := m.stackFixed(); why != notFixed {
		in.Prefix, in.Region, in.Sandbox, in.State = old.Prefix, old.Region, old.Sandbox, old.State
		m.sh.Inputs = in
		m.status, m.statusOK = m.sh.T(fixedKey(why)), false
		m.refresh()
		return nil
	}
	cmd := m.dropStore()
	if !sameConn(in, m.connIn) {
		m.dropSession()
	}
	m.sh.Inputs = in
	// Another name is another stack, even if the old one was resumed.
	m.opts.Resumed, m.built = false, false
	m.forgetStack()
	m.refresh()
	return tea.Batch(cmd, m.fetchReport())
}

// fixedKey is the message that says why the prefix cannot change.
func fixedKey(why fixedWhy) string {
	if why == fixedRunning {
		return "naming.fixed.running"
	}
	return "naming.fixed"
}

// forgetStack drops what the wizard knew of the stack in hand.
func (m *Model) forgetStack() {
	m.sh.Report = nil
	m.progress.Reset()
	m.sh.Runs = map[steps.Step]RunView{}
	m.sh.Check = CheckView{}
	m.sh.IPMoved = nil
	m.lastCheck, m.lastCheckOf = nil, ""
}

// dropSession forgets a session made for other inputs (another region,
// practice mode or profile): a stack must never be built, or read, in the
// wrong account. A connection under way is left to finish; onSession drops
// its result.
func (m *Model) dropSession() {
	m.session = nil
	m.connIn = steps.Inputs{}
	m.sh.Identity, m.sh.Account, m.sh.Zones = "", "", nil
	m.sh.Connecting, m.sh.ConnErr = false, nil
	m.sh.Plan, m.sh.HasPlan = steps.Plan{}, false
	m.planned.session = nil
	m.found = nil
}

// switchStack puts another stack in hand: one to continue (resumed), or
// a new one. Nothing may run meanwhile: its results would land on the new
// stack.
func (m *Model) switchStack(in steps.Inputs, resumed, built bool) tea.Cmd {
	if resumed && sameStack(in, m.sh.Inputs) {
		// The stack in hand, chosen again: it goes on as it is, with
		// what runs for it, from its first step not done.
		m.opts.Resumed, m.built = true, m.built || built
		m.refresh()
		return tea.Batch(m.goTo(scrCreds), m.fetchReport())
	}
	if m.busy() {
		m.status, m.statusOK = m.sh.T("start.busy"), false
		return nil
	}
	var cmds []tea.Cmd
	if m.store != nil && m.store.Path() != m.engine.StatePath(in) {
		cmds = append(cmds, m.dropStore())
	}
	if !sameConn(in, m.connIn) {
		m.dropSession()
	}
	m.sh.Inputs = in
	m.opts.Resumed, m.built = resumed, built
	m.forgetStack()
	// Every screen anew, for the new stack's values; but the start screen
	// keeps its cursor where the student left it.
	start, ok := m.screens[scrStart]
	m.screens = map[screenID]screen{}
	if ok {
		m.screens[scrStart] = start
	}
	if m.detectedIP != "" {
		m.applyIP(m.detectedIP)
	}
	m.refresh()
	cmds = append(cmds, m.fetchReport())
	return tea.Batch(append(cmds, m.goTo(scrCreds))...)
}

// newStack is the start screen's "new stack". A stack in hand that is new
// and has nothing yet is that new stack: it goes on with what was typed.
func (m *Model) newStack() tea.Cmd {
	in := m.newStackInputs()
	if !m.opts.Resumed && m.stackFixed() == notFixed && reflect.DeepEqual(in, m.sh.Inputs) {
		return m.goTo(scrCreds)
	}
	return m.switchStack(in, false, false)
}

// newStackInputs are the inputs "new stack" gives: those of the stack in
// hand while it is new and has nothing, else the command line's; under a
// prefix no stack on this machine or in AWS uses.
func (m *Model) newStackInputs() steps.Inputs {
	in := m.fresh
	current := !m.opts.Resumed && m.stackFixed() == notFixed
	if current {
		in = m.sh.Inputs
	}
	used := map[string]bool{}
	key := func(prefix, region string, sandbox bool) string {
		return fmt.Sprintf("%s\x00%s\x00%v", prefix, region, sandbox)
	}
	for _, ls := range m.sh.Stacks {
		if current && ls.Created == 0 && sameName(ls.Inputs, m.sh.Inputs) {
			continue // the file of the stack in hand, with nothing in it
		}
		used[key(ls.Inputs.Prefix, ls.Inputs.Region, ls.Inputs.Sandbox)] = true
	}
	// Every owner's: a prefix another student uses is refused anyway.
	for _, st := range m.found {
		used[key(st.Stack, m.connIn.Region, m.connIn.Sandbox)] = true
	}
	if !current {
		used[key(m.sh.Inputs.Prefix, m.sh.Inputs.Region, m.sh.Inputs.Sandbox)] = true
	}
	in.Prefix = unusedPrefix(in, func(p string) bool { return used[key(p, in.Region, in.Sandbox)] })
	return in
}

// numbered is a prefix's "-N" ending, which unusedPrefix counts up.
var numbered = regexp.MustCompile(`-[0-9]+$`)

// unusedPrefix is in's prefix if unused, else the first of prefix-2,
// prefix-3, … that is valid and unused.
func unusedPrefix(in steps.Inputs, used func(string) bool) string {
	if !used(in.Prefix) {
		return in.Prefix
	}
	base := numbered.ReplaceAllString(in.Prefix, "")
	for n := 2; n < 1000; n++ {
		suffix := fmt.Sprintf("-%d", n)
		b := base
		if len(b)+len(suffix) > steps.MaxPrefixLen {
			b = b[:steps.MaxPrefixLen-len(suffix)]
		}
		for len(b) > 0 && b[len(b)-1] == '-' {
			b = b[:len(b)-1]
		}
		if p := b + suffix; !used(p) && validatePrefix(in, p) == nil {
			return p
		}
	}
	return in.Prefix
}

// foundStacks are the caller's stacks AWS holds that have no progress
// file here, each with the inputs that continue it: the command line's,
// under its name, in the session's region, with its VPC's block.
func (m *Model) foundStacks() []FoundStack {
	if m.session == nil {
		return nil
	}
	var out []FoundStack
	for _, st := range m.found {
		if !steps.SameOwner(st.Owner, m.session.Identity().ARN) {
			continue
		}
		in := m.fresh
		in.Prefix, in.Region, in.Sandbox, in.Profile, in.State = st.Stack, m.connIn.Region, m.connIn.Sandbox, m.connIn.Profile, ""
		if st.CIDR != "" && st.CIDR != in.VPCCIDR {
			in.VPCCIDR, in.Subnets = st.CIDR, nil
		}
		if in.Sandbox && in.MyIP == "" {
			// What a run sets in practice mode (start): the bastion rule
			// the stack was built with, so the report finds it done.
			in.MyIP = "127.0.0.1/32"
		}
		if m.hasFile(in) {
			continue
		}
		out = append(out, FoundStack{Inputs: in, VPCID: st.VPCID})
	}
	return out
}

// hasFile says whether the stack has a progress file here: listed, or
// the one the wizard has open.
func (m *Model) hasFile(in steps.Inputs) bool {
	for _, ls := range m.sh.Stacks {
		if sameName(ls.Inputs, in) {
			return true
		}
	}
	return m.store != nil && sameName(m.sh.Inputs, in)
}

// fetchFound asks AWS which stacks the region holds, by their tags.
func (m *Model) fetchFound() tea.Cmd {
	if m.session == nil {
		return nil
	}
	s, ctx := m.session, m.ctx
	return func() tea.Msg {
		stacks, err := s.Stacks(ctx)
		return foundMsg{session: s, stacks: stacks, err: err}
	}
}

func (m *Model) onFound(msg foundMsg) tea.Cmd {
	// A list that could not be read hides nothing the student relies on:
	// the stacks on disk are offered all the same.
	if msg.session != m.session || msg.err != nil {
		return nil
	}
	m.found = msg.stacks
	m.refresh()
	return nil
}
