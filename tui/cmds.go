package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// Results of the root's commands. Run messages carry the run's id, so a
// result that arrives after its run was replaced is dropped.
type (
	stacksMsg  struct{ stacks []steps.LocalStack }
	sessionMsg struct {
		session *steps.Session
		inputs  steps.Inputs
		err     error
	}
	reportMsg struct {
		// stack and region are those the report was asked for: one that
		// arrives after the stack in hand changed is dropped.
		stack, region string
		report        steps.Report
		err           error
	}
	ipMsg struct {
		ip  string
		err error
	}
	storeMsg struct {
		store *state.Store
		steps []steps.Step
		err   error
	}
	runEventMsg struct {
		run   int
		event steps.Event
		ch    <-chan tea.Msg
	}
	runDoneMsg struct {
		run int
		err error
	}
	preparedMsg struct {
		run  int
		prep steps.Prepared
		ch   <-chan tea.Msg
	}
	writtenMsg struct{ text string }
)

func (m Model) loadStacks() tea.Cmd {
	if m.opts.StateDir == nil {
		return nil
	}
	dirs := []string{m.opts.StateDir(false), m.opts.StateDir(true)}
	return func() tea.Msg {
		var all []steps.LocalStack
		for _, d := range dirs {
			ls, _ := steps.LocalStacks(d)
			all = append(all, ls...)
		}
		return stacksMsg{stacks: all}
	}
}

// connect checks the credentials and reads the zones, off the UI thread.
func (m *Model) connect() tea.Cmd {
	if m.opts.Connect == nil {
		return nil
	}
	m.sh.Connecting, m.sh.ConnErr = true, nil
	if m.sh.Inputs.Sandbox {
		m.practice = true // the connector starts the emulator
	}
	ctx, connect, in, sshDir := m.ctx, m.opts.Connect, m.sh.Inputs, m.opts.SSHDir
	return func() tea.Msg {
		s, err := steps.Connect(ctx, connect, in, sshDir)
		return sessionMsg{session: s, inputs: in, err: err}
	}
}

func (m Model) onSession(msg sessionMsg) (tea.Model, tea.Cmd) {
	if !sameConn(msg.inputs, m.sh.Inputs) {
		// Made for a stack no longer in hand (another region, practice
		// mode or profile): the connection for this one is under way.
		return m, nil
	}
	m.sh.Connecting = false
	if msg.err != nil {
		m.sh.ConnErr = msg.err
		m.refresh()
		return m, nil
	}
	m.session = msg.session
	m.connIn = msg.inputs
	m.sh.Identity = msg.session.Identity.ARN
	m.sh.Account = msg.session.Identity.Account
	m.sh.Zones = msg.session.Zones
	m.refresh()
	cmds := []tea.Cmd{m.fetchReport(), m.fetchFound()}
	if m.opts.DetectIP != nil && !m.sh.Inputs.Sandbox {
		detect, ctx := m.opts.DetectIP, m.ctx
		cmds = append(cmds, func() tea.Msg {
			ip, err := detect(ctx)
			return ipMsg{ip: ip, err: err}
		})
	}
	return m, tea.Batch(cmds...)
}

func (m Model) fetchReport() tea.Cmd {
	if m.session == nil || !m.sh.HasPlan {
		return nil
	}
	s, p, ctx := m.session, m.sh.Plan, m.ctx
	return func() tea.Msg {
		rep, _, err := s.Report(ctx, p)
		return reportMsg{stack: p.Inputs.Prefix, region: p.Inputs.Region, report: rep, err: err}
	}
}

func (m Model) onReport(msg reportMsg) (tea.Model, tea.Cmd) {
	if msg.stack != m.sh.Inputs.Prefix || msg.region != m.sh.Inputs.Region {
		return m, nil // another stack's, asked for before the name changed
	}
	if msg.err != nil {
		m.status, m.statusOK = localize(m.sh, msg.err), false
		return m, nil
	}
	rep := msg.report
	m.sh.Report = &rep
	m.finished = map[steps.Step]bool{}
	m.refresh()
	// A finished stack opens on its summary; one in progress on its first
	// step not done.
	if m.cur == scrCreds && m.opts.Resumed {
		if rep.Complete() {
			return m.goTo(scrSummary)
		}
		for _, st := range steps.Steps {
			if m.sh.Steps[st] != StepDone {
				return m.goTo(screenOf(st))
			}
		}
	}
	return m, nil
}

func (m Model) onIP(msg ipMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, nil
	}
	ip, err := steps.NormalizeIP(msg.ip, false)
	if err != nil {
		return m, nil
	}
	m.detectedIP = ip
	m.applyIP(ip)
	m.refresh()
	return m, nil
}

// applyIP takes the user's detected public IP: the inputs' when they have
// none, else, for a stack being continued, a notice that it moved.
func (m *Model) applyIP(ip string) {
	if m.sh.Inputs.Sandbox {
		return // the sandbox's bastion is reached from this machine
	}
	old := m.sh.Inputs.MyIP
	switch {
	case old == "":
		m.sh.Inputs.MyIP = ip
	case old != ip && m.opts.Resumed:
		m.sh.IPMoved = &[2]string{strings.TrimSuffix(old, "/32"), strings.TrimSuffix(ip, "/32")}
	}
}

// start runs some steps: it opens the progress file first if needed.
func (m Model) start(only []steps.Step) (tea.Model, tea.Cmd) {
	// A step already running or about to is not started again: two runs
	// of one step would each miss what the other creates.
	only = slices.DeleteFunc(slices.Clone(only), func(st steps.Step) bool {
		return m.starting[st] || m.stepStates()[st] == StepRunning
	})
	if len(only) == 0 {
		return m, nil
	}
	// A step that needs one still running waits for it rather than
	// failing on what is not there yet.
	if m.needsRunning(only) {
		for _, st := range only {
			m.starting[st] = true
		}
		m.queued = append(m.queued, only...)
		return m, nil
	}
	if m.session == nil {
		m.status, m.statusOK = m.sh.T("run.nosession"), false
		cmd := m.connect() // before m is returned: it marks the connection under way
		return m, cmd
	}
	if err := m.sh.Inputs.Validate(); err != nil {
		m.status, m.statusOK = localize(m.sh, err), false
		return m, nil
	}
	if m.sh.Inputs.MyIP == "" {
		if !m.sh.Inputs.Sandbox {
			m.status, m.statusOK = m.sh.T("run.needip"), false
			return m, nil
		}
		// The sandbox's bastion is reached from this machine.
		m.sh.Inputs.MyIP = "127.0.0.1/32"
		m.refresh()
	}
	for _, st := range only {
		m.starting[st] = true
	}
	path := m.opts.StatePath(m.sh.Inputs)
	var drop tea.Cmd
	if m.store != nil && m.store.Path() != path {
		// Never one stack's progress in another's file: the name changed
		// without the file following (it cannot, once fixed).
		drop = m.dropStore()
	}
	if m.store == nil {
		dropped := m.dropped
		return m, tea.Batch(drop, func() tea.Msg {
			// The file given up last may be this very one (--state).
			dropped.run()
			st, err := state.Open(path)
			return storeMsg{store: st, steps: only, err: err}
		})
	}
	return m.launch(only)
}

func (m Model) onStore(msg storeMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		for _, st := range msg.steps {
			delete(m.starting, st)
		}
		m.status, m.statusOK = localize(m.sh, msg.err), false
		return m, nil
	}
	m.store = msg.store
	return m.launch(msg.steps)
}

// launch starts one Apply in a goroutine; its events come back one message
// at a time through a channel, each read by the next command.
func (m Model) launch(only []steps.Step) (tea.Model, tea.Cmd) {
	plan, err := m.session.Plan(m.sh.Inputs)
	if err != nil {
		m.status, m.statusOK = localize(m.sh, err), false
		return m, nil
	}
	for _, st := range only {
		delete(m.starting, st)
	}
	m.nextRun++
	id := m.nextRun
	ctx, cancel := context.WithCancel(m.ctx)
	m.runs[id] = &run{id: id, steps: only, cancel: cancel}
	for _, st := range only {
		delete(m.lastErr, st)
		delete(m.finished, st)
		// Until its first event the run looks up what exists and checks
		// before creating anything: say so, rather than "pending".
		m.sh.Runs[st] = RunView{Running: true, Checking: true, Started: m.sh.Now, Lines: planLines(plan, st)}
	}
	m.refresh()
	session, store := m.session, m.store
	ch := make(chan tea.Msg, 256)
	startCmd := func() tea.Msg {
		go func() {
			err := session.Apply(ctx, steps.ApplyOptions{
				Store: store, Plan: plan, Only: only,
				OnEvent:    func(e steps.Event) { ch <- runEventMsg{run: id, event: e, ch: ch} },
				OnPrepared: func(p steps.Prepared) { ch <- preparedMsg{run: id, prep: p, ch: ch} },
			})
			ch <- runDoneMsg{run: id, err: err}
			close(ch)
		}()
		return <-ch
	}
	return m, tea.Batch(startCmd, m.spinner.Tick)
}

// checked ends the checking before the first create of a run's steps: it
// has reported something of its own.
func (m *Model) checked(id int) {
	r, ok := m.runs[id]
	if !ok {
		return
	}
	for _, st := range r.steps {
		if rv := m.sh.Runs[st]; rv.Checking {
			rv.Checking = false
			m.sh.Runs[st] = rv
		}
	}
}

func listen(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// planLines lists a step's resources before anything ran.
func planLines(p steps.Plan, st steps.Step) []RunLine {
	var out []RunLine
	for _, r := range p.Resources {
		if r.Step == st {
			out = append(out, RunLine{Role: r.Role, Name: r.Name, Kind: r.Kind.String(), Phase: -1})
		}
	}
	return out
}

func (m Model) onRunEvent(msg runEventMsg) (tea.Model, tea.Cmd) {
	next := listen(msg.ch)
	if _, ok := m.runs[msg.run]; !ok {
		return m, next
	}
	e := msg.event
	st := e.Resource.Step
	m.checked(msg.run)
	rv := m.sh.Runs[st]
	line := RunLine{
		Role: e.Resource.Role, Name: e.Resource.Name, Kind: e.Resource.Kind.String(), Phase: e.Phase,
		Action: e.Action, ID: e.ID, Message: noteText(m.sh.Lang, e.Key, e.Args, e.Message),
	}
	if e.Elapsed > 0 {
		line.Elapsed = e.Elapsed.Round(100 * time.Millisecond).String()
	}
	if e.Err != nil {
		line.Message = localize(m.sh, e.Err)
	}
	found := false
	line.Since = m.sh.Now
	for i, l := range rv.Lines {
		if l.Role == line.Role {
			if line.ID == "" {
				line.ID = l.ID
			}
			if l.Phase == line.Phase {
				line.Since = l.Since
			}
			rv.Lines[i] = line
			found = true
		}
	}
	if !found {
		rv.Lines = append(rv.Lines, line)
	}
	m.sh.Runs[st] = rv
	m.refresh()
	return m, next
}

func (m Model) onPrepared(msg preparedMsg) (tea.Model, tea.Cmd) {
	p := msg.prep
	m.checked(msg.run)
	if r, ok := m.runs[msg.run]; ok && len(r.steps) > 0 {
		st := r.steps[0]
		rv := m.sh.Runs[st]
		if p.KeyFile != nil && p.KeyFile.Created {
			rv.Notes = append(rv.Notes, m.sh.T("run.keywritten", p.KeyFile.Path))
		}
		if p.KeyFile != nil && p.KeyFile.Warning != "" {
			rv.Notes = append(rv.Notes, noteText(m.sh.Lang, p.KeyFile.WarningKey, p.KeyFile.WarningArgs, p.KeyFile.Warning))
		}
		if p.Image.ID != "" {
			rv.Notes = append(rv.Notes, m.sh.T("run.ami", p.Image.ID, amiSource(m.sh, p.Image.Source)))
		}
		for _, w := range p.Warnings {
			rv.Notes = append(rv.Notes, preflightText(m.sh.Lang, w))
		}
		m.sh.Runs[st] = rv
	}
	return m, listen(msg.ch)
}

func (m Model) onRunDone(msg runDoneMsg) (tea.Model, tea.Cmd) {
	r, ok := m.runs[msg.run]
	if !ok {
		return m, nil
	}
	delete(m.runs, msg.run)
	r.cancel()
	for _, st := range r.steps {
		rv := m.sh.Runs[st]
		rv.Running, rv.Checking = false, false
		if msg.err != nil {
			// The error belongs to the steps whose resources failed; a run
			// cut short by quitting is not a failure.
			failed := false
			for _, l := range rv.Lines {
				if l.Phase == steps.PhaseFailed {
					failed = true
				}
			}
			if failed || len(r.steps) == 1 {
				rv.Err = msg.err
				m.lastErr[st] = msg.err
			}
		}
		// Until the fresh report arrives, a step whose every resource
		// finished is done: Enter must move on, not run it again.
		all := len(rv.Lines) > 0
		for _, l := range rv.Lines {
			if l.Phase != steps.PhaseDone {
				all = false
			}
		}
		if all {
			m.finished[st] = true
		}
		m.sh.Runs[st] = rv
	}
	if msg.err != nil && !anyFailed(m.lastErr, r.steps) {
		// Nothing of the run failed on its own (a check before the first
		// create did): the error still belongs on screen.
		m.lastErr[r.steps[0]] = msg.err
		rv := m.sh.Runs[r.steps[0]]
		rv.Err = msg.err
		m.sh.Runs[r.steps[0]] = rv
		m.status, m.statusOK = localize(m.sh, msg.err), false
	}
	m.refresh()
	if m.quitting && len(m.runs) == 0 {
		return m, m.closeAndQuit()
	}
	cmds := []tea.Cmd{m.fetchReport()}
	if queued := m.queued; len(queued) > 0 && !m.needsRunning(queued) {
		m.queued = nil
		for _, st := range queued {
			delete(m.starting, st)
		}
		model, cmd := m.start(queued)
		m = model.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func anyFailed(errs map[steps.Step]error, sts []steps.Step) bool {
	for _, st := range sts {
		if errs[st] != nil {
			return true
		}
	}
	return false
}

// needsRunning reports whether any of the steps depends on a resource of
// a step that is running now.
func (m Model) needsRunning(only []steps.Step) bool {
	running := map[steps.Step]bool{}
	for _, r := range m.runs {
		for _, st := range r.steps {
			running[st] = true
		}
	}
	if len(running) == 0 || !m.sh.HasPlan {
		return false
	}
	stepOfRole := map[steps.Role]steps.Step{}
	for _, res := range m.sh.Plan.Resources {
		stepOfRole[res.Role] = res.Step
	}
	for _, res := range m.sh.Plan.Resources {
		if !slices.Contains(only, res.Step) {
			continue
		}
		for _, d := range res.Deps {
			if dst := stepOfRole[d]; dst != res.Step && running[dst] {
				return true
			}
		}
	}
	return false
}

// refreshRuns pushes the clock to the screens so timers move.
func (m *Model) refreshRuns() {
	if len(m.runs) > 0 || m.sh.Check.Running {
		m.refresh()
	}
}

// amiSource says where the AMI came from in the user's language: package
// aws names it in English ("--ami", "SSM <parameter>", or the newest
// Canonical image); the parameter's name is kept as it is.
func amiSource(sh Shared, source string) string {
	switch {
	case source == "--ami":
		return sh.T("ami.source.flag")
	case strings.HasPrefix(source, "SSM "):
		return sh.T("ami.source.ssm", strings.TrimPrefix(source, "SSM "))
	case strings.HasPrefix(source, "newest "):
		return sh.T("ami.source.newest")
	}
	return source
}
