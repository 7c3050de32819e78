// Package tui is the wizard: a root model that owns the inputs, the AWS
// session and the runs, and one small screen per step of the mission. It
// calls steps, never aws; every side effect happens in a tea.Cmd.
package tui

import (
	"context"
	"maps"
	"reflect"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/state"
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
	Now      func() time.Time
	IsDark   bool
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
)

var screenOrder = []screenID{scrStart, scrCreds, scrNaming, scrKey, scrVPC, scrSubnets, scrGateways, scrRoutes, scrSecurityGroups, scrServers, scrReview, scrCheck, scrSummary}

// stepOf maps a screen to its mission step.
func stepOf(id screenID) (steps.Step, bool) {
	switch id {
	case scrKey:
		return steps.StepKey, true
	case scrVPC:
		return steps.StepVPC, true
	case scrSubnets:
		return steps.StepSubnets, true
	case scrGateways:
		return steps.StepGateways, true
	case scrRoutes:
		return steps.StepRoutes, true
	case scrSecurityGroups:
		return steps.StepSecurityGroups, true
	case scrServers:
		return steps.StepServers, true
	default:
		return 0, false
	}
}

func screenOf(s steps.Step) screenID {
	for _, id := range screenOrder {
		if st, ok := stepOf(id); ok && st == s {
			return id
		}
	}
	return scrReview
}

// run is one Apply in flight; an apply-all run covers several steps.
type run struct {
	id     int
	steps  []steps.Step
	cancel context.CancelFunc
}

// Model is the wizard's root.
type Model struct {
	opts    Options
	sh      Shared
	width   int
	height  int
	cur     screenID
	screens map[screenID]screen

	session *steps.Session
	// connIn are the inputs the session was made for: its region,
	// practice mode and profile.
	connIn steps.Inputs
	store  *state.Store
	// dropped is the progress file given up last (another stack was put
	// in hand): the next open waits until it is closed.
	dropped *storeDrop
	// fresh are the inputs a new stack starts from.
	fresh steps.Inputs
	// built: the stack in hand was known to have resources when it was
	// chosen to be continued.
	built bool
	// found are the stacks AWS holds in the session's region, by tag.
	found []aws.StackInfo
	// detectedIP is the user's public IP as last detected ("" unknown).
	detectedIP string
	// practice: practice mode was used, so the emulator may be running.
	practice bool
	runs     map[int]*run
	nextRun  int
	// lastErr is the last failure per step, shown until it runs again.
	lastErr map[steps.Step]error
	// finished are steps whose run just completed, done until the next
	// report says so itself.
	finished map[steps.Step]bool
	// starting are steps asked to run whose run has not begun yet; queued
	// wait for a running step they need.
	starting map[steps.Step]bool
	queued   []steps.Step

	// planned is what sh.Plan was derived from.
	planned struct {
		session *steps.Session
		inputs  steps.Inputs
	}

	learn    bool
	fullHelp bool
	confirm  bool // the quit dialog is open
	quitting bool // quit once the runs have stopped
	status   string
	statusOK bool // the status line reports success, not an error
	spinner  spinner.Model
	help     help.Model
	ctx      context.Context
	cancel   context.CancelFunc
}

// New builds the root model. It does no I/O: the first frame never waits
// on AWS or the disk.
func New(o Options) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := Model{
		opts:     o,
		screens:  map[screenID]screen{},
		runs:     map[int]*run{},
		lastErr:  map[steps.Step]error{},
		finished: map[steps.Step]bool{},
		starting: map[steps.Step]bool{},
		spinner:  spinner.New(spinner.WithSpinner(spinner.Dot)),
		help:     help.New(),
		ctx:      ctx,
		cancel:   cancel,
		width:    80,
		height:   24,
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
	m.cur = scrStart
	return m
}

// Init starts the clock, loads the list of stacks and the start screen.
func (m Model) Init() tea.Cmd {
	return tea.Batch(m.spinner.Tick, m.loadStacks(), m.screen(m.cur).Init())
}

// screen returns the cached screen or builds it from the shared state.
func (m *Model) screen(id screenID) screen {
	if s, ok := m.screens[id]; ok {
		return s
	}
	s := newScreen(id, m.sh)
	m.screens[id] = s
	return s
}

// refresh recomputes the shared state and hands it to every built screen.
func (m *Model) refresh() {
	m.sh.Steps = m.stepStates()
	m.sh.Sandbox = m.sh.Inputs.Sandbox
	if !m.sh.Check.Running {
		m.sh.Check.KeyFile = steps.IdentityFile(m.opts.SSHDir, m.sh.Inputs)
	}
	m.replan()
	m.sh.Resumed = m.opts.Resumed
	m.sh.Fixed = m.stackFixed()
	m.sh.Found = m.foundStacks()
	m.sh.NewStack = m.newStackInputs()
	for id, s := range m.screens {
		m.screens[id] = s.Refresh(m.sh)
	}
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
	if p, err := m.session.Plan(m.sh.Inputs); err == nil {
		m.sh.Plan, m.sh.HasPlan = p, true
	} else {
		m.sh.HasPlan = false
	}
}

func (m *Model) stepStates() map[steps.Step]StepState {
	out := map[steps.Step]StepState{}
	for _, st := range steps.Steps {
		out[st] = StepPending
		if m.sh.Report != nil {
			for _, p := range m.sh.Report.Steps {
				if p.Step == st.String() && p.Total > 0 && p.Done == p.Total {
					out[st] = StepDone
				}
			}
		}
		if m.finished[st] {
			out[st] = StepDone
		}
		if m.lastErr[st] != nil {
			out[st] = StepFailed
		}
	}
	for _, r := range m.runs {
		for _, st := range r.steps {
			out[st] = StepRunning
		}
	}
	for st := range m.starting {
		out[st] = StepRunning
	}
	return out
}

// Update routes messages: global keys first, then results of the root's
// own commands, then the current screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		m.sh.Styles = NewStyles(msg.IsDark())
		m.refresh()
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.sh.Now = m.opts.Now()
		m.refreshRuns()
		return m, cmd
	case tea.KeyPressMsg:
		if model, cmd, handled := m.handleKey(msg); handled {
			return model, cmd
		}
	case nav.Next:
		return m.goTo(m.next())
	case nav.Back:
		return m.goTo(m.prev())
	case nav.SetInputs:
		return m.setInputs(msg.Inputs)
	case nav.Connect:
		cmd := m.connect()
		return m, cmd
	case nav.Resume:
		return m.switchStack(msg.Inputs, true, msg.Built)
	case nav.NewStack:
		return m.newStack()
	case nav.StartStep:
		return m.start([]steps.Step{msg.Step})
	case nav.ApplyAll:
		return m.start(m.remaining())
	case nav.Quit:
		m.confirm = true
		return m, nil
	case nav.RunCheck:
		return m.startCheck(msg)
	case checkResultMsg:
		return m.onCheckResult(msg)
	case checkWaitMsg:
		return m.onCheckWait(msg)
	case checkDoneMsg:
		return m.onCheckDone(msg)
	case stacksMsg:
		m.sh.Stacks = msg.stacks
		for _, ls := range msg.stacks {
			// A stack continued from the command line is known built
			// before AWS is asked: its file says so.
			if m.opts.Resumed && ls.Created > 0 && sameName(ls.Inputs, m.sh.Inputs) {
				m.built = true
			}
		}
		m.refresh()
		return m, nil
	case foundMsg:
		return m.onFound(msg)
	case sessionMsg:
		return m.onSession(msg)
	case reportMsg:
		return m.onReport(msg)
	case ipMsg:
		return m.onIP(msg)
	case storeMsg:
		return m.onStore(msg)
	case runEventMsg:
		return m.onRunEvent(msg)
	case runDoneMsg:
		return m.onRunDone(msg)
	case preparedMsg:
		return m.onPrepared(msg)
	case writtenMsg:
		m.status, m.statusOK = msg.text, true
		return m, nil
	}
	s, cmd := m.screen(m.cur).Update(msg)
	m.screens[m.cur] = s
	return m, cmd
}

func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd, bool) {
	k := m.sh.Keys
	if m.confirm {
		switch msg.String() {
		case "y", "Y":
			return m.quit()
		case "n", "N", "esc":
			m.confirm = false
			return m, nil, true
		}
		return m, nil, true
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.confirm = true
		return m, nil, true
	case key.Matches(msg, k.Back):
		if m.cur == scrStart {
			return m, nil, true
		}
		model, cmd := m.goTo(m.prev())
		return model, cmd, true
	case key.Matches(msg, k.Learn):
		m.learn = !m.learn
		return m, nil, true
	case key.Matches(msg, k.Help):
		m.fullHelp = !m.fullHelp
		return m, nil, true
	case key.Matches(msg, k.ApplyAll):
		if m.cur == scrStart || m.cur == scrCreds && m.session == nil {
			// Nothing can run before the credentials are checked: say so
			// rather than ignore the key.
			m.status, m.statusOK = m.sh.T("applyall.noconn"), false
			return m, nil, true
		}
		model, cmd := m.start(m.remaining())
		if m.cur == scrCreds {
			// The credentials screen has nothing more to say: show the
			// runs on the review screen, every step with its state.
			mm := model.(Model)
			status, ok := mm.status, mm.statusOK
			model, next := mm.goTo(scrReview)
			mm = model.(Model)
			mm.status, mm.statusOK = status, ok // why a step could not start
			return mm, tea.Batch(cmd, next), true
		}
		return model, cmd, true
	}
	return m, nil, false
}

func (m Model) quit() (tea.Model, tea.Cmd, bool) {
	m.confirm = false
	m.quitting = true
	m.cancel()
	if len(m.runs) == 0 {
		return m, m.closeAndQuit(), true
	}
	// The runs stop at the next call; each resource already done is saved.
	return m, nil, true
}

func (m Model) closeAndQuit() tea.Cmd {
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
func (m Model) Close() {
	if m.cancel != nil { // nil: a program that never ran
		m.cancel()
	}
	m.dropped.run()
	if m.store != nil {
		_ = m.store.Close()
	}
}

// Practice reports whether the wizard used practice mode, so the sandbox
// emulator may have been started.
func (m Model) Practice() bool { return m.practice || m.opts.Inputs.Sandbox }

func (m Model) next() screenID {
	for i, id := range screenOrder {
		if id == m.cur && i+1 < len(screenOrder) {
			return screenOrder[i+1]
		}
	}
	return m.cur
}

func (m Model) prev() screenID {
	for i, id := range screenOrder {
		if id == m.cur && i > 0 {
			if screenOrder[i-1] == scrCreds && m.session != nil {
				return scrStart
			}
			return screenOrder[i-1]
		}
	}
	return m.cur
}

func (m Model) goTo(id screenID) (tea.Model, tea.Cmd) {
	m.cur = id
	m.status, m.statusOK = "", false
	s := m.screen(id).Refresh(m.sh)
	m.screens[id] = s
	cmds := []tea.Cmd{s.Init()}
	if id == scrCreds && m.session == nil && !m.sh.Connecting {
		cmds = append(cmds, m.connect())
	}
	if id == scrStart {
		// What is on disk and in AWS may have changed since the list was
		// read: a run wrote a progress file, another stack was dropped.
		cmds = append(cmds, m.loadStacks(), m.fetchFound())
	}
	return m, tea.Batch(cmds...)
}

// remaining lists the steps not done and not running, in mission order.
func (m Model) remaining() []steps.Step {
	var out []steps.Step
	states := m.stepStates()
	for _, st := range steps.Steps {
		if states[st] != StepDone && states[st] != StepRunning {
			out = append(out, st)
		}
	}
	return out
}
