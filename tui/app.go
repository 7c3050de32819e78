// Package tui is the wizard: a root model that owns the inputs, the
// session and the runs, and one small screen per step of the mission. It
// talks to steps only, through an Engine; every side effect happens in a
// tea.Cmd.
package tui

import (
	"context"
	"maps"
	"reflect"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// Options are what the command line hands the wizard.
type Options struct {
	Lang   catalog.Lang
	Inputs steps.Inputs // from flags and config, defaults applied
	// Connect builds the AWS client for inputs (credentials or sandbox).
	Connect steps.Connector
	// StatePath is where a stack's progress file lives; StateDir lists them.
	StatePath func(in steps.Inputs) string
	StateDir  func(sandbox bool) string
	SSHDir    string
	// DetectIP finds the user's public IP (nil: never detect).
	DetectIP func(ctx context.Context) (string, error)
	// Engine, when set, is used instead of the one the fields above
	// describe (tests give a fake). With neither an Engine nor Connect
	// the wizard never leaves its process.
	Engine Engine
	Now    func() time.Time
	IsDark bool
	// Resumed is set when the inputs came from an existing progress file.
	Resumed bool
	// ConsoleWait bounds how long the check reads a server's console
	// again for its host keys (as check --console-wait): zero is the
	// check's default, negative reads it once.
	ConsoleWait time.Duration
	// NewStack are the inputs a new stack starts from: the command line's,
	// without what a resumed stack's progress file added. Zero: Inputs.
	NewStack steps.Inputs
}

// Model is the wizard's root.
type Model struct {
	opts    Options
	engine  Engine // nil: nothing outside the process is reached
	sh      Shared
	width   int
	height  int
	cur     screenID
	screens map[screenID]screen

	session Session
	// connIn are the inputs the session was made for: its region,
	// practice mode and profile.
	connIn steps.Inputs
	store  *steps.Store
	// dropped is the progress file given up last (another stack was put
	// in hand): the next open waits until it is closed.
	dropped *storeDrop
	// fresh are the inputs a new stack starts from.
	fresh steps.Inputs
	// built: the stack in hand was known to have resources when it was
	// chosen to be continued.
	built bool
	// found are the stacks AWS holds in the session's region, by tag.
	found []steps.StackInfo
	// detectedIP is the user's public IP as last detected ("" unknown).
	detectedIP string
	// practice: practice mode was used, so the emulator may be running.
	practice bool
	// progress is where each step stands; cancels stop its runs.
	progress *steps.Progress
	cancels  map[int]context.CancelFunc
	// teardownRun numbers the destroy screen's censuses and destroys, so
	// a result of an earlier one is dropped; teardownCancel stops the one
	// running.
	teardownRun    int
	teardownCancel context.CancelFunc
	// farewell is the last frame, drawn in the terminal's own screen so
	// that it stays after the wizard ends: what the stack costs a day and
	// the command that deletes it (none when nothing bills). leaving:
	// the wizard is ending, and draws only that.
	farewell []string
	leaving  bool
	// lastCheck is the stack's last connectivity check as the file beside
	// its progress file keeps it (nil: none, or not read yet), so a stack
	// resumed says how its check went; lastCheckOf is the progress file
	// it was read for.
	lastCheck   *steps.LastCheck
	lastCheckOf string
	// reportAsked numbers the reports asked for and reportShown is the
	// number of the one in sh.Report: reads overlap (a run's end, a
	// step's start, a resume), and one asked earlier may answer later
	// with a stack as it was before, so only a later one replaces it.
	reportAsked, reportShown int

	// planned is what sh.Plan was derived from.
	planned struct {
		session Session
		inputs  steps.Inputs
	}

	learn bool
	// learnOffset is how far the learn pane's commands are scrolled; a
	// screen shown, or the pane opened, starts them at the top.
	learnOffset int
	fullHelp    bool
	confirm     bool // the quit dialog is open
	quitting    bool // quit once the runs have stopped
	status      string
	statusOK    bool // the status line reports success, not an error
	spinner     spinner.Model
	help        help.Model
	ctx         context.Context
	cancel      context.CancelFunc
}

// New builds the root model. It does no I/O: the first frame never waits
// on AWS or the disk.
func New(o Options) *Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		opts:     o,
		engine:   o.Engine,
		screens:  map[screenID]screen{},
		progress: steps.NewProgress(),
		cancels:  map[int]context.CancelFunc{},
		spinner:  spinner.New(spinner.WithSpinner(spinner.Dot)),
		help:     help.New(),
		ctx:      ctx,
		cancel:   cancel,
		width:    80,
		height:   24,
	}
	if m.engine == nil && o.Connect != nil {
		m.engine = stepsEngine{o}
	}
	m.fresh = o.NewStack
	if m.fresh.Prefix == "" && m.fresh.Region == "" {
		m.fresh = o.Inputs
	}
	m.sh = Shared{
		Resumed: o.Resumed,
		Lang:    o.Lang,
		Styles:  NewStyles(o.IsDark),
		Keys:    DefaultKeyMap(o.Lang),
		Inputs:  o.Inputs,
		Sandbox: o.Inputs.Sandbox,
		Steps:   map[steps.Step]StepState{},
		Runs:    map[steps.Step]RunView{},
		Now:     o.Now(),
	}
	m.sh.NewStack = m.newStackInputs()
	m.help.SetWidth(m.width)
	m.cur = scrStart
	m.screen(m.cur)
	return m
}

// Init starts the clock, loads the list of stacks and the start screen.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.spinner.Tick, m.loadStacks(), m.screen(m.cur).Init())
}

// screen returns the built screen, or builds it from the shared state and
// sizes it for the body it would be drawn in.
func (m *Model) screen(id screenID) screen {
	if s, ok := m.screens[id]; ok {
		return s
	}
	s := newScreen(id, m.sh)
	m.screens[id] = s
	w, h := m.layout(id).screenSize()
	s.SetSize(w, h)
	return s
}

// fitScreen gives the current screen the body the next frame draws it in:
// the terminal's size less the header, checklist, learn pane, status line
// and help bar, which follow what the last message changed.
func (m *Model) fitScreen() {
	w, h := m.layout(m.cur).screenSize()
	m.screen(m.cur).SetSize(w, h)
}

// refresh recomputes the shared state and hands it to every built screen.
func (m *Model) refresh() {
	m.replan()
	m.sh.Steps = m.stepStates()
	for st, rv := range m.sh.Runs {
		rv.Err = m.progress.Failure(st)
		m.sh.Runs[st] = rv
	}
	m.sh.Sandbox = m.sh.Inputs.Sandbox
	m.sh.LearnOpen = m.learn && m.learnScrolls()
	if !m.sh.Check.Running {
		m.sh.Check.KeyFile = m.keyFile(m.sh.Inputs)
	}
	m.sh.Resumed = m.opts.Resumed
	m.sh.Fixed = m.stackFixed()
	m.sh.LastCheck = m.lastCheckShown()
	m.sh.Found = m.foundStacks()
	m.sh.NewStack = m.newStackInputs()
	for _, s := range m.screens {
		s.Refresh(m.sh)
	}
	m.fitScreen()
}

// keyFile is the private key the check logs in with.
func (m *Model) keyFile(in steps.Inputs) string {
	if m.engine == nil {
		return steps.IdentityFile("", in)
	}
	return m.engine.KeyFile(in)
}

// replan derives the plan again when the inputs or the session changed
// since the last time, and only then: refresh runs on every spinner tick.
func (m *Model) replan() {
	if m.session == nil {
		return
	}
	if m.planned.session == m.session && reflect.DeepEqual(m.planned.inputs, m.sh.Inputs) {
		return
	}
	in := m.sh.Inputs
	in.Subnets = maps.Clone(in.Subnets) // a later edit in place must not look planned
	m.planned.session, m.planned.inputs = m.session, in
	if p, err := steps.BuildPlan(m.sh.Inputs, m.session.Zones()); err == nil {
		m.sh.Plan, m.sh.HasPlan = p, true
		m.progress.SetPlan(p)
	} else {
		m.sh.HasPlan = false
		m.progress.SetPlan(steps.Plan{})
	}
}

// stepStates is how each step is drawn, as the progress has it.
func (m *Model) stepStates() map[steps.Step]StepState {
	out := map[steps.Step]StepState{}
	for _, st := range steps.Steps {
		out[st] = stepState(m.progress.Status(st))
	}
	return out
}

// Update routes a message, then gives the current screen the body the
// next frame draws it in.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.fitScreen()
	return m, cmd
}

// update routes messages: the terminal's and the clock's, global keys,
// the screens' requests (nav), the results of the root's own commands,
// and the rest to the current screen.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(max(msg.Width, minWidth))
		return nil
	case tea.BackgroundColorMsg:
		m.sh.Styles = NewStyles(msg.IsDark())
		m.refresh()
		return nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.sh.Now = m.opts.Now()
		m.refreshRuns()
		return cmd
	case tea.KeyPressMsg:
		if cmd, handled := m.handleKey(msg); handled {
			return cmd
		}
	}
	if cmd, ok := m.navigate(msg); ok {
		return cmd
	}
	if cmd, ok := m.result(msg); ok {
		return cmd
	}
	return m.screen(m.cur).Update(msg)
}

// navigate does what a screen asks (package nav).
func (m *Model) navigate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case nav.Next:
		return m.goTo(m.next()), true
	case nav.Back:
		return m.goTo(m.prev()), true
	case nav.SetInputs:
		return m.setInputs(msg.Inputs), true
	case nav.Connect:
		return m.connect(), true
	case nav.Resume:
		return m.switchStack(msg.Inputs, true, msg.Built), true
	case nav.NewStack:
		return m.newStack(), true
	case nav.StartStep:
		return m.start([]steps.Step{msg.Step}), true
	case nav.ApplyAll:
		return m.start(m.progress.Remaining()), true
	case nav.Quit:
		m.confirm = true
		return nil, true
	case nav.RunCheck:
		return m.startCheck(msg), true
	case nav.OpenDestroy:
		return m.openTeardown(), true
	case nav.Destroy:
		return m.startTeardown(), true
	}
	return nil, false
}

// result takes what one of the root's commands found.
func (m *Model) result(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case stacksMsg:
		return m.onStacks(msg), true
	case foundMsg:
		return m.onFound(msg), true
	case sessionMsg:
		return m.onSession(msg), true
	case reportMsg:
		return m.onReport(msg), true
	case ipMsg:
		return m.onIP(msg), true
	case storeMsg:
		return m.onStore(msg), true
	case runEventMsg:
		return m.onRunEvent(msg), true
	case runDoneMsg:
		return m.onRunDone(msg), true
	case preparedMsg:
		return m.onPrepared(msg), true
	case checkResultMsg:
		return m.onCheckResult(msg), true
	case checkWaitMsg:
		return m.onCheckWait(msg), true
	case checkDoneMsg:
		return tea.Batch(m.onCheckDone(msg), m.saveLastCheck(msg)), true
	case lastCheckMsg:
		return m.onLastCheck(msg), true
	case writtenMsg:
		m.status, m.statusOK = msg.text, true
		return nil, true
	case censusMsg:
		return m.onCensus(msg), true
	case teardownEventMsg:
		return m.onTeardownEvent(msg), true
	case teardownDoneMsg:
		return m.onTeardownDone(msg), true
	case teardownCleanMsg:
		return m.onTeardownClean(msg), true
	}
	return nil, false
}

func (m *Model) handleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.sh.Keys
	if m.confirm {
		switch {
		case key.Matches(msg, k.Yes):
			return m.quit(), true
		case key.Matches(msg, k.No):
			m.confirm = false
		}
		return nil, true
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.confirm = true
		return nil, true
	case key.Matches(msg, k.Back):
		if b, ok := m.screen(m.cur).(backCapturer); ok && b.CapturesBack() {
			return nil, false
		}
		if m.cur == scrStart {
			return nil, true
		}
		if m.cur == scrDestroy && m.tearingDown() {
			// Nothing else may run meanwhile: the student waits here.
			m.status, m.statusOK = m.sh.T("teardown.wait"), false
			return nil, true
		}
		return m.goTo(m.prev()), true
	case key.Matches(msg, k.Learn):
		m.learn = !m.learn
		m.learnOffset = 0
		m.refresh()
		return nil, true
	case m.learn && m.learnScrolls() && key.Matches(msg, k.LearnUp, k.LearnDown):
		v, _ := m.learnViewport(m.layout(m.cur)).Update(msg)
		m.learnOffset = v.YOffset()
		return nil, true
	case key.Matches(msg, k.Help):
		m.fullHelp = !m.fullHelp
		return nil, true
	case key.Matches(msg, k.ApplyAll):
		return m.applyAll(), true
	}
	return nil, false
}

// applyAll runs every remaining step; from the credentials screen it goes
// on to the review screen, which lists them all.
func (m *Model) applyAll() tea.Cmd {
	if m.cur == scrStart || m.cur == scrCreds && m.session == nil {
		// Nothing can run before the credentials are checked: say so
		// rather than ignore the key.
		m.status, m.statusOK = m.sh.T("applyall.noconn"), false
		return nil
	}
	in, ok := m.typedInputs()
	if !ok {
		m.status, m.statusOK = m.sh.T("applyall.typed"), false
		return nil
	}
	var set tea.Cmd
	if !reflect.DeepEqual(in, m.sh.Inputs) {
		// What is on screen is what runs, not what was there before.
		set = m.setInputs(in)
	}
	cmd := tea.Batch(set, m.start(m.progress.Remaining()))
	if m.cur != scrCreds {
		return cmd
	}
	// The credentials screen has nothing more to say: show the runs on
	// the review screen, every step with its state.
	status, ok := m.status, m.statusOK
	next := m.goTo(scrReview)
	m.status, m.statusOK = status, ok // why a step could not start
	return tea.Batch(cmd, next)
}

// typedInputs are the inputs with the values typed on the current step's
// screen and not run yet: ctrl+a runs every step with what is on screen,
// as Enter runs one. ok is false while those values are wrong (the screen
// says why).
func (m *Model) typedInputs() (steps.Inputs, bool) {
	s, isStep := m.screens[m.cur].(*stepScreen)
	if !isStep || s.editor.Done() || (s.state() != StepPending && s.state() != StepFailed) {
		return m.sh.Inputs, true
	}
	in := s.editor.Apply(m.sh.Inputs)
	if reflect.DeepEqual(in, m.sh.Inputs) {
		return in, true
	}
	check := in
	check.PublicKey = "" // the key screen checks its file as it is typed (live)
	if s.live != nil || check.Validate() != nil {
		return m.sh.Inputs, false
	}
	return in, true
}

func (m *Model) quit() tea.Cmd {
	m.confirm = false
	m.quitting = true
	m.progress.Stop()
	m.cancel()
	if m.progress.Running() == 0 && !m.tearingDown() {
		return m.closeAndQuit()
	}
	// The runs stop at the next call; each resource already done is saved.
	return nil
}

func (m *Model) closeAndQuit() tea.Cmd {
	m.leaving = true
	m.farewell = nil
	if r := m.reminder(max(m.width, minWidth) - 1); len(r) > 0 {
		m.farewell = append([]string{m.sh.T("bill.farewell", m.sh.Inputs.Prefix, m.sh.Inputs.Region)}, r...)
	}
	store, dropped := m.store, m.dropped
	return tea.Sequence(func() tea.Msg {
		dropped.run()
		if store != nil {
			_ = store.Close()
		}
		return nil
	}, tea.Quit)
}

// Close releases the progress files the wizard holds. The command line
// calls it once the program has ended, however it ended (a signal skips
// the quit dialog and its closeAndQuit), before it looks for sandbox
// stacks left idle: a file still locked by this process counts as in use.
func (m *Model) Close() {
	if m == nil {
		return
	}
	if m.cancel != nil { // nil: a program that never ran
		m.cancel()
	}
	m.dropped.run()
	if m.store != nil {
		_ = m.store.Close()
	}
}

// learnScrolls says the learn pane shows commands: on a step's screen,
// once there is a plan. Elsewhere its keys are the screen's (the
// summary's table pages with them).
func (m *Model) learnScrolls() bool {
	_, ok := stepOf(m.cur)
	return ok && m.sh.HasPlan
}

// learnViewport is the learn pane's commands, under its title, in the
// lines the layout gives the pane (less one for where they are, when
// they do not all fit), scrolled to where the student left them.
func (m *Model) learnViewport(l frameLayout) viewport.Model {
	lines := strings.Split(l.learnPane, "\n")
	lines = lines[min(1, len(lines)):]
	h := max(l.learnH-1, 1)
	if len(lines) > h {
		h = max(h-1, 1)
	}
	w, _ := l.screenSize()
	return pane(m.sh.Keys.learnKeys(), m.learnOffset, lines, w, h)
}

// learnView is the learn pane as drawn: its title, the commands in
// sight, and, when they do not all fit, which lines are in sight and the
// keys that scroll them.
func (m *Model) learnView(l frameLayout) string {
	title, _, _ := strings.Cut(l.learnPane, "\n")
	v := m.learnViewport(l)
	out := title + "\n" + v.View()
	if total := v.TotalLineCount(); total > v.Height() {
		first := v.YOffset() + 1
		last := min(first+v.Height()-1, total)
		w, _ := l.screenSize()
		out += "\n" + fit(m.sh.Styles.Muted.Render(m.sh.T("view.position", first, last, total)), w, 1)
	}
	return out
}

// Practice reports whether the wizard used practice mode, so the sandbox
// emulator may have been started.
func (m *Model) Practice() bool { return m != nil && (m.practice || m.opts.Inputs.Sandbox) }

func (m *Model) next() screenID {
	for i, s := range wizardScreens {
		if s.id == m.cur && i+1 < len(wizardScreens) && !wizardScreens[i+1].hidden {
			return wizardScreens[i+1].id
		}
	}
	return m.cur
}

func (m *Model) prev() screenID {
	for i, s := range wizardScreens {
		if s.id == m.cur && i > 0 {
			if wizardScreens[i-1].id == scrCreds && m.session != nil {
				return scrStart
			}
			return wizardScreens[i-1].id
		}
	}
	return m.cur
}

func (m *Model) goTo(id screenID) tea.Cmd {
	m.cur = id
	m.learnOffset = 0
	m.sh.LearnOpen = m.learn && m.learnScrolls()
	m.status, m.statusOK = "", false
	s := m.screen(id)
	s.Refresh(m.sh)
	m.fitScreen()
	cmds := []tea.Cmd{s.Init()}
	if id == scrCreds && m.session == nil && !m.sh.Connecting {
		cmds = append(cmds, m.connect())
	}
	if id == scrStart {
		// What is on disk and in AWS may have changed since the list was
		// read: a run wrote a progress file, another stack was dropped.
		cmds = append(cmds, m.loadStacks(), m.fetchFound())
	}
	return tea.Batch(cmds...)
}
