package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// Results of the root's commands. Run messages carry the run's id, so a
// result that arrives after its run was replaced is dropped.
type (
	stacksMsg  struct{ stacks []steps.LocalStack }
	sessionMsg struct {
		session Session
		inputs  steps.Inputs
		err     error
	}
	reportMsg struct {
		// stack and region are those the report was asked for: one that
		// arrives after the stack in hand changed is dropped.
		stack, region string
		// seq is the order it was asked in (Model.reportAsked).
		seq    int
		report steps.Report
		err    error
	}
	ipMsg struct {
		ip  string
		err error
	}
	storeMsg struct {
		store *steps.Store
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

func (m *Model) loadStacks() tea.Cmd {
	if m.engine == nil {
		return nil
	}
	e := m.engine
	return func() tea.Msg { return stacksMsg{stacks: e.LocalStacks()} }
}

func (m *Model) onStacks(msg stacksMsg) tea.Cmd {
	m.sh.Stacks = msg.stacks
	for _, ls := range msg.stacks {
		// A stack continued from the command line is known built before
		// AWS is asked: its file says so.
		if m.opts.Resumed && ls.Created > 0 && sameName(ls.Inputs, m.sh.Inputs) {
			m.built = true
		}
	}
	m.refresh()
	return nil
}

// connect checks the credentials and reads the zones, off the UI thread.
func (m *Model) connect() tea.Cmd {
	if m.engine == nil {
		return nil
	}
	m.sh.Connecting, m.sh.ConnErr = true, nil
	if m.sh.Inputs.Sandbox {
		m.practice = true // the connector starts the emulator
	}
	ctx, e, in := m.ctx, m.engine, m.sh.Inputs
	return func() tea.Msg {
		s, err := e.Connect(ctx, in)
		return sessionMsg{session: s, inputs: in, err: err}
	}
}

func (m *Model) onSession(msg sessionMsg) tea.Cmd {
	if !sameConn(msg.inputs, m.sh.Inputs) {
		// Made for a stack no longer in hand (another region, practice
		// mode or profile): the connection for this one is under way.
		return nil
	}
	m.sh.Connecting = false
	if msg.err != nil {
		m.sh.ConnErr = msg.err
		m.refresh()
		return nil
	}
	m.session = msg.session
	m.connIn = msg.inputs
	id := msg.session.Identity()
	m.sh.Identity, m.sh.Account = id.ARN, id.Account
	m.sh.Zones = msg.session.Zones()
	m.refresh()
	cmds := []tea.Cmd{m.fetchReport(), m.fetchFound()}
	if !m.sh.Inputs.Sandbox {
		e, ctx := m.engine, m.ctx
		cmds = append(cmds, func() tea.Msg {
			ip, err := e.DetectIP(ctx)
			return ipMsg{ip: ip, err: err}
		})
	}
	return tea.Batch(cmds...)
}

func (m *Model) fetchReport() tea.Cmd {
	if m.session == nil || !m.sh.HasPlan {
		return nil
	}
	m.reportAsked++
	s, p, ctx, seq := m.session, m.sh.Plan, m.ctx, m.reportAsked
	return func() tea.Msg {
		rep, _, err := s.Report(ctx, p)
		return reportMsg{stack: p.Inputs.Prefix, region: p.Inputs.Region, seq: seq, report: rep, err: err}
	}
}

func (m *Model) onReport(msg reportMsg) tea.Cmd {
	if msg.stack != m.sh.Inputs.Prefix || msg.region != m.sh.Inputs.Region {
		return nil // another stack's, asked for before the name changed
	}
	if msg.seq < m.reportShown {
		return nil // read before the one on screen: the stack as it was
	}
	if msg.err != nil {
		m.status, m.statusOK = catalog.Text(m.sh.Lang, msg.err), false
		return nil
	}
	rep := msg.report
	m.sh.Report, m.reportShown = &rep, msg.seq
	m.progress.Reported(rep)
	m.refresh()
	load := m.loadLastCheck()
	// A finished stack opens on its summary; one in progress on its first
	// step not done.
	if m.cur == scrCreds && m.opts.Resumed {
		if rep.Complete() {
			return tea.Batch(load, m.goTo(scrSummary))
		}
		for _, st := range steps.Steps {
			if m.sh.Steps[st] != StepDone {
				return tea.Batch(load, m.goTo(screenOf(st)))
			}
		}
	}
	return load
}

// lastCheckMsg is the last check a stack's file beside its progress file
// keeps (nil: none).
type lastCheckMsg struct {
	path  string
	check *steps.LastCheck
}

// loadLastCheck reads the stack's last check, once per progress file.
func (m *Model) loadLastCheck() tea.Cmd {
	if m.engine == nil {
		return nil
	}
	path := m.engine.StatePath(m.sh.Inputs)
	if path == "" || path == m.lastCheckOf {
		return nil
	}
	m.lastCheckOf, m.lastCheck = path, nil
	return func() tea.Msg {
		c, err := steps.LoadLastCheck(steps.LastCheckPath(path))
		if err != nil {
			return lastCheckMsg{path: path}
		}
		return lastCheckMsg{path: path, check: &c}
	}
}

func (m *Model) onLastCheck(msg lastCheckMsg) tea.Cmd {
	if msg.path != m.lastCheckOf || m.lastCheck != nil {
		return nil // another stack's, or a check ran since
	}
	m.lastCheck = msg.check
	m.refresh()
	return nil
}

// saveLastCheck keeps what a finished check found beside the stack's
// progress file, for the next time the stack is resumed.
func (m *Model) saveLastCheck(msg checkDoneMsg) tea.Cmd {
	if msg.report == nil || m.engine == nil {
		return nil
	}
	path := m.engine.StatePath(m.sh.Inputs)
	if path == "" {
		return nil
	}
	c := steps.LastCheckOf(*msg.report, m.opts.Now(), m.vpcID())
	m.lastCheck, m.lastCheckOf = &c, path
	m.refresh()
	return func() tea.Msg {
		_ = steps.SaveLastCheck(steps.LastCheckPath(path), c) // a note, not progress: lost, the next check says it again
		return nil
	}
}

// vpcID is the stack's VPC as the last report found it ("" unknown).
func (m *Model) vpcID() string {
	if m.sh.Report == nil {
		return ""
	}
	for _, r := range m.sh.Report.Rows {
		if r.Role == steps.RoleVPC && r.ID != "-" {
			return r.ID
		}
	}
	return ""
}

// lastCheckShown is the last check kept for the stack in hand, while it
// says something of it: none once a check ran in this wizard (its report
// says more), and none of another VPC (the stack was built again since).
func (m *Model) lastCheckShown() *steps.LastCheck {
	c := m.lastCheck
	if c == nil || m.sh.Check.Running || m.sh.Check.Report != nil || m.sh.Check.Err != nil {
		return nil
	}
	if c.VPC != "" && c.VPC != m.vpcID() {
		return nil
	}
	return c
}

func (m *Model) onIP(msg ipMsg) tea.Cmd {
	if msg.err != nil {
		return nil
	}
	ip, err := steps.NormalizeIP(msg.ip, false)
	if err != nil {
		return nil
	}
	m.detectedIP = ip
	m.applyIP(ip)
	m.refresh()
	return nil
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

// start runs some steps, as far as the progress allows: a step already
// asked for is not asked again, and steps that need a running one wait
// for it (steps.Progress.Ask). It opens the progress file first if needed.
func (m *Model) start(only []steps.Step) tea.Cmd {
	if m.tearingDown() {
		m.status, m.statusOK = m.sh.T("teardown.wait"), false
		return nil
	}
	only = m.progress.Ask(only)
	if len(only) == 0 {
		m.refresh() // queued, if anything
		return nil
	}
	if m.session == nil {
		m.status, m.statusOK = m.sh.T("run.nosession"), false
		return m.connect()
	}
	if err := m.sh.Inputs.Validate(); err != nil {
		m.status, m.statusOK = catalog.Text(m.sh.Lang, err), false
		return nil
	}
	if m.sh.Inputs.MyIP == "" {
		if !m.sh.Inputs.Sandbox {
			m.status, m.statusOK = m.sh.T("run.needip"), false
			return nil
		}
		// The sandbox's bastion is reached from this machine.
		m.sh.Inputs.MyIP = "127.0.0.1/32"
	}
	m.progress.Starting(only)
	m.refresh()
	path := m.engine.StatePath(m.sh.Inputs)
	var drop tea.Cmd
	if m.store != nil && m.store.Path() != path {
		// Never one stack's progress in another's file: the name changed
		// without the file following (it cannot, once fixed).
		drop = m.dropStore()
	}
	if m.store == nil {
		dropped, e := m.dropped, m.engine
		return tea.Batch(drop, func() tea.Msg {
			// The file given up last may be this very one (--state).
			dropped.run()
			st, err := e.Open(path)
			return storeMsg{store: st, steps: only, err: err}
		})
	}
	return m.launch(only)
}

func (m *Model) onStore(msg storeMsg) tea.Cmd {
	if msg.err != nil {
		m.progress.Cancel(msg.steps)
		m.status, m.statusOK = catalog.Text(m.sh.Lang, msg.err), false
		m.refresh()
		return nil
	}
	m.store = msg.store
	return m.launch(msg.steps)
}

// launch starts one Apply in a goroutine; its events come back one message
// at a time through a channel, each read by the next command.
func (m *Model) launch(only []steps.Step) tea.Cmd {
	plan, err := steps.BuildPlan(m.sh.Inputs, m.session.Zones())
	if err != nil {
		m.progress.Cancel(only)
		m.status, m.statusOK = catalog.Text(m.sh.Lang, err), false
		m.refresh()
		return nil
	}
	id := m.progress.Started(only, plan)
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancels[id] = cancel
	for _, st := range only {
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
	return tea.Batch(startCmd, m.spinner.Tick)
}

// checked ends the checking before the first create of a run's steps: it
// has reported something of its own.
func (m *Model) checked(id int) {
	for _, st := range m.progress.RunSteps(id) {
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

func (m *Model) onRunEvent(msg runEventMsg) tea.Cmd {
	next := listen(msg.ch)
	if len(m.progress.RunSteps(msg.run)) == 0 {
		return next
	}
	e := msg.event
	m.progress.Observe(msg.run, e)
	st := e.Resource.Step
	m.checked(msg.run)
	rv := m.sh.Runs[st]
	line := RunLine{
		Role: e.Resource.Role, Name: e.Resource.Name, Kind: e.Resource.Kind.String(), Phase: e.Phase,
		Action: e.Action, ID: e.ID, Message: e.In(m.sh.Lang),
	}
	if e.Elapsed > 0 {
		line.Elapsed = e.Elapsed.Round(100 * time.Millisecond).String()
	}
	if e.Err != nil {
		line.Message = catalog.Text(m.sh.Lang, e.Err)
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
	return next
}

func (m *Model) onPrepared(msg preparedMsg) tea.Cmd {
	p := msg.prep
	m.checked(msg.run)
	sts := m.progress.RunSteps(msg.run)
	if len(sts) == 0 {
		return listen(msg.ch)
	}
	// Each note on the page of the step it is about when the run has
	// it (ctrl+a runs them all at once), else on the run's first.
	note := func(text string, about ...steps.Step) {
		st := sts[0]
		for _, a := range about {
			if slices.Contains(sts, a) {
				st = a
				break
			}
		}
		rv := m.sh.Runs[st]
		rv.Notes = append(rv.Notes, text)
		m.sh.Runs[st] = rv
	}
	if p.KeyFile != nil && p.KeyFile.Created {
		// The path on a line of its own: it is what the student
		// copies, and it is never cut or broken.
		note(m.sh.T("run.keyfile")+"\n"+p.KeyFile.Path, steps.StepKey)
	}
	if p.KeyFile != nil && p.KeyFile.Warning != "" {
		note(p.KeyFile.WarningMsg().In(m.sh.Lang), steps.StepKey)
	}
	if p.Image.ID != "" {
		var source any = p.Image.Source
		if !p.Image.From.IsZero() {
			source = p.Image.From
		}
		note(m.sh.T("run.ami", p.Image.ID, source), steps.StepServers)
	}
	for _, w := range p.Warnings {
		note(w.In(m.sh.Lang), steps.NoteSteps(w)...)
	}
	return listen(msg.ch)
}

// onRunDone hands the run's end to the progress, which says what failed,
// what is done and what waited for it; the waiting steps are asked for
// again.
func (m *Model) onRunDone(msg runDoneMsg) tea.Cmd {
	end := m.progress.Ended(msg.run, msg.err)
	if len(end.Steps) == 0 {
		return nil
	}
	if cancel, ok := m.cancels[msg.run]; ok {
		cancel()
		delete(m.cancels, msg.run)
	}
	for _, st := range end.Steps {
		rv := m.sh.Runs[st]
		rv.Running, rv.Checking = false, false
		m.sh.Runs[st] = rv
	}
	if end.Unplaced {
		// Nothing of the run failed on its own (a check before the first
		// create did): the error still belongs on screen.
		m.status, m.statusOK = catalog.Text(m.sh.Lang, msg.err), false
	}
	m.refresh()
	if m.quitting && m.progress.Running() == 0 {
		return m.closeAndQuit()
	}
	cmds := []tea.Cmd{m.fetchReport()}
	if len(end.Ready) > 0 {
		cmds = append(cmds, m.start(end.Ready))
	}
	return tea.Batch(cmds...)
}

// refreshRuns pushes the clock to the screens so timers move.
func (m *Model) refreshRuns() {
	if m.progress.Running() > 0 || m.sh.Check.Running || m.tearingDown() {
		m.refresh()
	}
}
