package tui

import (
	"context"
	"errors"
	"os"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// The end of the course: the destroy screen, reached from the summary. It
// lists what carries the stack's tag and the caller's owner tag (a
// census, not the progress file: what the file forgot costs money too),
// deletes it once the student typed the prefix, showing each object as it
// goes, and then looks again by the tags: the sweep says, kind by kind,
// what is left, and whether anything still bills.

// TeardownStage is where the destroy screen stands.
type TeardownStage int

// The stages of a destroy.
const (
	// TeardownListing: the census of what the stack holds is on its way.
	TeardownListing TeardownStage = iota
	// TeardownReady: the list is shown; the prefix typed deletes it.
	TeardownReady
	// TeardownRunning: the destroy runs.
	TeardownRunning
	// TeardownSweeping: it ended; the census looks again.
	TeardownSweeping
	// TeardownDone: the sweep is shown.
	TeardownDone
)

// TeardownView is the destroy as the screen shows it.
type TeardownView struct {
	Stage         TeardownStage
	Stack, Region string
	// Objects are what the destroy deletes, the caller's, as the census
	// listed them before it; Others counts the objects with the stack's
	// tag that belong to someone else (the destroy refuses them), Owner
	// is theirs.
	Objects []steps.CensusItem
	Others  int
	Owner   string
	// Cost is what Objects bill now.
	Cost steps.Cost
	// Lines are how each object's deletion goes, by its id.
	Lines map[string]RunLine
	// Err is what the census or the destroy failed with.
	Err error
	// Swept: the census after the destroy came back; Left is what it
	// found of the caller's, by kind, LeftObjects each of them, and
	// LeftCost what they bill.
	Swept       bool
	Left        map[string]int
	LeftObjects []steps.CensusItem
	LeftCost    steps.Cost
	// Removed is the progress file removed once nothing was left.
	Removed string
	// KeyFile is the private key, which stays.
	KeyFile string
}

// Clean: the sweep found nothing of the caller's left.
func (t TeardownView) Clean() bool { return t.Swept && t.Err == nil && len(t.LeftObjects) == 0 }

// deleted counts the objects whose deletion is done.
func (t TeardownView) deleted() int {
	n := 0
	for _, l := range t.Lines {
		if l.Phase == steps.PhaseDone {
			n++
		}
	}
	return n
}

// Results of the destroy's commands, with the destroy's number: one from
// a destroy screen opened before is dropped.
type (
	censusMsg struct {
		run    int
		after  bool
		census []steps.StackCensus
		err    error
	}
	teardownEventMsg struct {
		run   int
		event steps.Event
		ch    <-chan tea.Msg
	}
	teardownDoneMsg struct {
		run int
		err error
	}
	teardownCleanMsg struct {
		run     int
		removed string
	}
)

// tearingDown: a destroy runs, or its sweep.
func (m *Model) tearingDown() bool {
	st := m.sh.Teardown.Stage
	return m.teardownRun > 0 && (st == TeardownRunning || st == TeardownSweeping)
}

// openTeardown shows the destroy screen of the stack in hand and asks AWS
// what carries its tag. Nothing may run meanwhile: a step creating what
// the destroy deletes would race it.
func (m *Model) openTeardown() tea.Cmd {
	if m.tearingDown() {
		return m.goTo(scrDestroy)
	}
	if m.session == nil {
		m.status, m.statusOK = m.sh.T("teardown.nosession"), false
		return nil
	}
	if m.progress.Busy() || m.sh.Check.Running {
		m.status, m.statusOK = m.sh.T("teardown.busy"), false
		return nil
	}
	m.teardownRun++
	in := m.sh.Inputs
	m.sh.Teardown = TeardownView{Stage: TeardownListing, Stack: in.Prefix, Region: in.Region, KeyFile: m.keyFile(in)}
	return tea.Batch(m.goTo(scrDestroy), m.fetchCensus(false))
}

func (m *Model) fetchCensus(after bool) tea.Cmd {
	s, ctx, stack, run := m.session, m.ctx, m.sh.Teardown.Stack, m.teardownRun
	return func() tea.Msg {
		cs, err := s.CensusStack(ctx, stack)
		return censusMsg{run: run, after: after, census: cs, err: err}
	}
}

func (m *Model) onCensus(msg censusMsg) tea.Cmd {
	if msg.run != m.teardownRun || m.session == nil {
		return nil
	}
	t := &m.sh.Teardown
	var mine steps.StackCensus
	others, owner := 0, ""
	for _, c := range msg.census {
		if steps.SameOwner(c.Owner, m.session.Identity().ARN) {
			mine = c
			continue
		}
		others += c.Resources
		owner = c.Owner
	}
	defer m.refresh()
	if !msg.after {
		t.Err = msg.err
		t.Objects, t.Others, t.Owner, t.Cost = sortedObjects(mine.Objects), others, owner, mine.Cost
		if msg.err == nil && len(mine.Objects) == 0 {
			// Nothing to delete: the sweep is the census itself.
			t.Stage, t.Swept, t.Left = TeardownDone, true, map[string]int{}
			return m.teardownGone()
		}
		t.Stage = TeardownReady
		return nil
	}
	t.Stage, t.Swept = TeardownDone, true
	if msg.err != nil {
		t.Err = errors.Join(t.Err, msg.err)
		return nil
	}
	t.Left, t.LeftObjects, t.LeftCost = mine.Counts, sortedObjects(mine.Objects), mine.Cost
	if t.Left == nil {
		t.Left = map[string]int{}
	}
	if len(mine.Objects) > 0 {
		return nil
	}
	// Nothing left: whatever the destroy said on the way (a wait that
	// timed out on an object gone since), the stack is gone.
	t.Err = nil
	return m.teardownGone()
}

// teardownGone forgets the stack, which AWS no longer holds: its progress
// file goes (only this stack's own, as destroy does on the command line),
// and the known_hosts of its servers; the next report shows every step
// pending.
func (m *Model) teardownGone() tea.Cmd {
	t := m.sh.Teardown
	in := m.sh.Inputs
	if in.Prefix != t.Stack || in.Region != t.Region {
		return nil
	}
	store, e, run := m.store, m.engine, m.teardownRun
	path := ""
	if e != nil {
		path = e.StatePath(in)
	}
	// Given up as any progress file is (the next open waits for it), but
	// removed whatever it records.
	var removed string
	drop := &storeDrop{prev: m.dropped, clean: func() {
		st := store
		if st == nil {
			if _, err := os.Stat(path); path == "" || err != nil {
				return
			}
			var err error
			if st, err = e.Open(path); err != nil {
				return
			}
		}
		defer st.Close()
		if s := st.State(); s.Stack == "" || (s.Stack == t.Stack && s.Region == t.Region) {
			if st.Remove() == nil {
				removed = path
			}
		}
		_ = os.Remove(steps.KnownHostsPath(path))
		_ = os.Remove(steps.LastCheckPath(path)) // it checked servers that are gone
	}}
	m.store, m.dropped = nil, drop
	m.opts.Resumed, m.built = false, false
	m.forgetStack()
	clean := func() tea.Msg {
		drop.run()
		return teardownCleanMsg{run: run, removed: removed}
	}
	return tea.Batch(clean, m.fetchReport(), m.loadStacks(), m.fetchFound())
}

func (m *Model) onTeardownClean(msg teardownCleanMsg) tea.Cmd {
	if msg.run != m.teardownRun {
		return nil
	}
	m.sh.Teardown.Removed = msg.removed
	m.refresh()
	return m.loadStacks() // without the file just removed
}

// startTeardown deletes the stack in a goroutine; its events come back one
// message at a time through a channel, as a run's do.
func (m *Model) startTeardown() tea.Cmd {
	t := &m.sh.Teardown
	if m.cur != scrDestroy || m.session == nil || (t.Stage != TeardownReady && !(t.Stage == TeardownDone && !t.Clean())) {
		return nil
	}
	if m.progress.Busy() || m.sh.Check.Running {
		m.status, m.statusOK = m.sh.T("teardown.busy"), false
		return nil
	}
	if t.Stage == TeardownDone {
		// Again, for what was left: it is the list now.
		if t.Swept && len(t.LeftObjects) > 0 {
			t.Objects = t.LeftObjects
		}
	}
	t.Stage, t.Err, t.Swept, t.Left, t.LeftObjects = TeardownRunning, nil, false, nil, nil
	t.Lines = map[string]RunLine{}
	m.teardownRun++
	run := m.teardownRun
	ctx, cancel := context.WithCancel(m.ctx)
	m.teardownCancel = cancel
	s, stack := m.session, t.Stack
	ch := make(chan tea.Msg, 256)
	m.refresh()
	startCmd := func() tea.Msg {
		go func() {
			err := s.Destroy(ctx, stack, func(e steps.Event) { ch <- teardownEventMsg{run: run, event: e, ch: ch} })
			ch <- teardownDoneMsg{run: run, err: err}
			close(ch)
		}()
		return <-ch
	}
	return tea.Batch(startCmd, m.spinner.Tick)
}

func (m *Model) onTeardownEvent(msg teardownEventMsg) tea.Cmd {
	next := listen(msg.ch)
	if msg.run != m.teardownRun {
		return next
	}
	e := msg.event
	id := e.ID
	if id == "" {
		return next
	}
	line := RunLine{
		Role: e.Resource.Role, Name: e.Resource.Name, Kind: e.Resource.Kind.String(), Phase: e.Phase,
		Action: e.Action, ID: id, Message: e.In(m.sh.Lang), Since: m.sh.Now,
	}
	if old, ok := m.sh.Teardown.Lines[id]; ok && old.Phase == line.Phase {
		line.Since = old.Since
	}
	m.sh.Teardown.Lines[id] = line
	m.refresh()
	return next
}

func (m *Model) onTeardownDone(msg teardownDoneMsg) tea.Cmd {
	if msg.run != m.teardownRun {
		return nil
	}
	if m.teardownCancel != nil {
		m.teardownCancel()
		m.teardownCancel = nil
	}
	t := &m.sh.Teardown
	t.Err = msg.err
	t.Stage = TeardownSweeping
	if m.quitting {
		t.Stage = TeardownDone
		m.refresh()
		if m.progress.Running() == 0 {
			return m.closeAndQuit()
		}
		return nil
	}
	m.refresh()
	return m.fetchCensus(true)
}

// sortedObjects orders objects by kind as the stack is built, then name:
// the order a student reads the summary in.
func sortedObjects(objs []steps.CensusItem) []steps.CensusItem {
	out := append([]steps.CensusItem(nil), objs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := teardownRank(out[i].Kind), teardownRank(out[j].Kind)
		if a != b {
			return a < b
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// teardownKinds are the kinds of objects a stack holds, in the order it
// builds them; volumes go with their servers.
var teardownKinds = []string{
	steps.KindKeyPair.String(), steps.KindVPC.String(), steps.KindSubnet.String(), steps.KindInternetGateway.String(),
	steps.KindElasticIP.String(), steps.KindNATGateway.String(), steps.KindRouteTable.String(),
	steps.KindSecurityGroup.String(), steps.KindInstance.String(), "volume",
}

func teardownRank(k string) int {
	for i, x := range teardownKinds {
		if x == k {
			return i
		}
	}
	return len(teardownKinds)
}

// kindWord is a kind as the student reads it.
func kindWord(sh Shared, k string) string {
	if k == "volume" {
		return sh.T("teardown.kind.volume")
	}
	if _, ok := catalog.Lookup("kind." + k); ok {
		return sh.T("kind." + k)
	}
	return k
}

// teardownScreen is the destroy screen: the list of what goes, the prefix
// to type, the progress of each object, then the sweep. Its state lives
// in the root (Shared.Teardown); the screen holds the field and where the
// list is scrolled to.
type teardownScreen struct {
	sh            Shared
	width, height int
	input         textinput.Model
	offset        int // where the list is scrolled to
	// wrong: Enter was pressed on something else than the prefix.
	wrong bool
}

func newTeardownScreen(sh Shared) screen {
	s := &teardownScreen{sh: sh, input: textinput.New()}
	s.input.Prompt = "> "
	s.input.CharLimit = 64
	return s
}

// Init empties the field: every visit types the prefix anew.
func (s *teardownScreen) Init() tea.Cmd {
	s.input.Reset()
	s.wrong, s.offset = false, 0
	return s.input.Focus()
}

func (s *teardownScreen) Refresh(sh Shared) { s.sh = sh }

// keys are the list's moves: only keys that type nothing while the field
// takes the others.
func (s *teardownScreen) keys() viewport.KeyMap {
	if s.sh.Teardown.Stage == TeardownDone {
		return s.sh.Keys.viewKeys()
	}
	return s.sh.Keys.typingViewKeys()
}

func (s *teardownScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.input.SetWidth(max(width-4, 1))
}

// typing: the field takes the keys.
func (s *teardownScreen) typing() bool { return s.sh.Teardown.Stage == TeardownReady }

// retry: the sweep found something left, and Enter tries again.
func (s *teardownScreen) retry() bool {
	t := s.sh.Teardown
	return t.Stage == TeardownDone && !t.Clean() && len(t.Objects) > 0
}

func (s *teardownScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	switch {
	case s.typing():
		return []key.Binding{k.Delete, k.ScrollUp, k.ScrollDown}
	case s.retry():
		return []key.Binding{k.Retry, k.Up, k.Down}
	}
	return []key.Binding{k.Up, k.Down}
}

func (s *teardownScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.typing() {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			return cmd
		}
		return nil
	}
	keys := s.sh.Keys
	switch {
	case s.typing() && key.Matches(k, keys.Delete):
		if strings.TrimSpace(s.input.Value()) != s.sh.Teardown.Stack {
			s.wrong = true
			return nil
		}
		s.input.Blur()
		return send(nav.Destroy{})
	case s.retry() && key.Matches(k, keys.Retry):
		return send(nav.Destroy{})
	}
	// The list scrolls by keys that type nothing; the rest is the field's.
	l := s.layout()
	v, cmd := l.pane.Update(k)
	if v.YOffset() != l.pane.YOffset() {
		s.offset = v.YOffset()
		return cmd
	}
	if s.typing() {
		s.wrong = false
		var icmd tea.Cmd
		s.input, icmd = s.input.Update(k)
		return icmd
	}
	return cmd
}

// teardownLayout is the body: the title, the list (scrolled) and what
// stays under it.
type teardownLayout struct {
	top, bottom []string
	pane        viewport.Model
}

func (s *teardownScreen) layout() teardownLayout {
	width, height := max(s.width, 10), max(s.height, 3)
	sh, st, t := s.sh, s.sh.Styles, s.sh.Teardown
	wrap := func(style lipgloss.Style, text string) []string {
		return strings.Split(style.Width(width).Render(text), "\n")
	}
	var l teardownLayout
	l.top = []string{st.Title.Render(fit(sh.T("teardown.title", t.Stack), width, 1))}
	var mid []string
	switch t.Stage {
	case TeardownListing:
		l.top = append(l.top, wrap(st.Running, sh.T("teardown.listing", t.Stack, t.Region))...)
	case TeardownReady:
		l.top = append(l.top, wrap(lipgloss.NewStyle(), sh.T("teardown.intro", len(t.Objects), t.Stack))...)
		mid = s.objectLines(width)
		if t.Others > 0 {
			l.bottom = append(l.bottom, wrap(st.Warning, sh.T("teardown.others", t.Others, t.Owner))...)
		}
		if len(t.Cost.Items) > 0 {
			l.bottom = append(l.bottom, wrap(st.Muted, sh.T("teardown.cost", t.Cost.Short()))...)
		}
		l.bottom = append(l.bottom, wrap(st.Muted, sh.T("teardown.keyfile"))...)
		l.bottom = append(l.bottom, pathLine(sh, t.KeyFile, width))
		l.bottom = append(l.bottom, wrap(lipgloss.NewStyle(), sh.T("teardown.confirm", t.Stack))...)
		l.bottom = append(l.bottom, fit(s.input.View(), width, 1))
		if s.wrong {
			l.bottom = append(l.bottom, wrap(st.Error, sh.T("teardown.mismatch", t.Stack))...)
		}
	case TeardownRunning, TeardownSweeping:
		mid = s.objectLines(width)
		if t.Stage == TeardownRunning {
			l.bottom = wrap(st.Running, sh.T("teardown.running", t.deleted(), s.deletable()))
		} else {
			l.bottom = wrap(st.Running, sh.T("teardown.sweeping"))
		}
	case TeardownDone:
		l.top = append(l.top, s.sweepLines(width)...)
		if !t.Clean() {
			// What is left, marked, for the retry.
			mid = s.objectLines(width)
		}
		if t.Removed != "" {
			l.bottom = append(l.bottom, wrap(st.Muted, sh.T("teardown.removed"))...)
			l.bottom = append(l.bottom, pathLine(sh, t.Removed, width))
		}
		if t.Clean() && t.KeyFile != "" && len(t.Objects) > 0 {
			l.bottom = append(l.bottom, wrap(st.Muted, sh.T("teardown.keyfile"))...)
			l.bottom = append(l.bottom, pathLine(sh, t.KeyFile, width))
		}
	}
	if t.Err != nil && t.Stage != TeardownRunning {
		errLines := append(wrap(st.Error, sh.T("teardown.failed")), wrap(st.Muted, oneLine(catalog.Text(sh.Lang, t.Err)))...)
		if len(errLines) > 4 {
			errLines = append(errLines[:3], "…")
		}
		l.bottom = append(errLines, l.bottom...)
	}
	if len(l.bottom) > 0 {
		l.bottom = append([]string{""}, l.bottom...)
	}
	if len(mid) > 0 {
		l.top = append(l.top, "")
	}
	paneH := max(min(height-len(l.top)-len(l.bottom), len(mid)), 1)
	l.pane = pane(s.keys(), s.offset, mid, width, paneH)
	return l
}

// pathLine is a path on a line of its own, indented, never broken at
// its dashes.
func pathLine(sh Shared, path string, width int) string {
	return fit("  "+sh.Styles.Code.Render(path), width, 1)
}

// deletable counts the objects the destroy deletes one by one: volumes go
// with their servers.
func (s *teardownScreen) deletable() int {
	n := 0
	for _, o := range s.sh.Teardown.Objects {
		if o.Kind != "volume" {
			n++
		}
	}
	return n
}

// objectLines are the objects, by kind: a heading with the count, then
// each name and id with how its deletion goes. A line too wide puts the
// id on the next.
func (s *teardownScreen) objectLines(width int) []string {
	sh, st, t := s.sh, s.sh.Styles, s.sh.Teardown
	left := map[string]bool{}
	for _, o := range t.LeftObjects {
		left[o.ID] = true
	}
	nameW := 0
	for _, o := range t.Objects {
		nameW = max(nameW, lipgloss.Width(o.Name))
	}
	var out []string
	for i, o := range t.Objects {
		if i == 0 || t.Objects[i-1].Kind != o.Kind {
			n := 0
			for _, x := range t.Objects {
				if x.Kind == o.Kind {
					n++
				}
			}
			out = append(out, st.Muted.Render(fit(kindWord(sh, o.Kind)+" ("+strconv.Itoa(n)+")", width, 1)))
		}
		mark, note := st.Pending.Render("·"), ""
		line, ran := t.Lines[o.ID]
		switch {
		case t.Swept && !left[o.ID]:
			mark = st.Done.Render("✓")
		case t.Swept:
			mark = st.Failed.Render("✗")
			if ran && line.Message != "" {
				note = line.Message
			}
		case ran && line.Phase == steps.PhaseDone:
			mark = st.Done.Render("✓")
		case ran && line.Phase == steps.PhaseFailed:
			mark, note = st.Failed.Render("✗"), line.Message
		case ran && line.Phase == steps.PhaseSkipped:
			mark, note = st.Muted.Render("–"), line.Message
		case ran && line.Phase == steps.PhaseWaiting:
			wait := sh.Now.Sub(line.Since).Round(1e9)
			mark, note = st.Running.Render("⏳"), sh.T("run.waiting", wait.String())
			if line.Message != "" {
				note = line.Message
			}
		case ran:
			mark, note = st.Running.Render("…"), sh.T("teardown.deleting")
		case o.Kind == "volume" && t.Stage != TeardownReady:
			note = sh.T("teardown.withserver")
		}
		name := o.Name
		if name == "" {
			name = o.ID
		}
		id := o.ID
		if id == name {
			id = ""
		}
		row := "  " + mark + " " + name + strings.Repeat(" ", max(nameW-lipgloss.Width(name), 0))
		if id != "" {
			if lipgloss.Width(row)+2+lipgloss.Width(id) <= width {
				out = append(out, row+"  "+st.Muted.Render(id))
			} else {
				out = append(out, fit("  "+mark+" "+name, width, 1), fit("      "+st.Muted.Render(id), width, 1))
			}
		} else {
			out = append(out, fit(strings.TrimRight(row, " "), width, 1))
		}
		if note != "" {
			out = append(out, fit("      "+st.Muted.Render(oneLine(note)), width, 1))
		}
	}
	return out
}

// sweepLines say what the census found after the destroy: per kind of
// what the stack held, how many are left, then whether anything bills.
func (s *teardownScreen) sweepLines(width int) []string {
	sh, st, t := s.sh, s.sh.Styles, s.sh.Teardown
	wrap := func(style lipgloss.Style, text string) []string {
		return strings.Split(style.Width(width).Render(text), "\n")
	}
	if len(t.Objects) == 0 && t.Err == nil {
		return wrap(st.Done, sh.T("teardown.nothing", t.Stack, t.Region))
	}
	if !t.Swept || t.Left == nil {
		return nil
	}
	out := wrap(st.Title, sh.T("teardown.sweep", t.Stack, t.Region))
	kinds := map[string]bool{}
	for _, o := range t.Objects {
		kinds[o.Kind] = true
	}
	for k := range t.Left {
		kinds[k] = true
	}
	var rows [][]string
	for _, k := range teardownKinds {
		if kinds[k] {
			rows = append(rows, []string{kindWord(sh, k), sh.T("teardown.left", t.Left[k])})
			delete(kinds, k)
		}
	}
	for k := range kinds { // a kind this wizard does not know
		rows = append(rows, []string{kindWord(sh, k), sh.T("teardown.left", t.Left[k])})
	}
	out = append(out, strings.Split(strings.TrimSuffix(columnsView(rows, width), "\n"), "\n")...)
	switch {
	case t.Clean():
		out = append(out, wrap(st.Done, sh.T("teardown.clean"))...)
	default:
		if len(t.LeftCost.Items) > 0 {
			out = append(out, wrap(st.Warning, sh.T("teardown.still", t.LeftCost.Short()))...)
		}
		if len(t.LeftObjects) > 0 {
			out = append(out, wrap(lipgloss.NewStyle(), sh.T("teardown.leftover", len(t.LeftObjects)))...)
		}
	}
	return out
}

func (s *teardownScreen) View() string {
	l := s.layout()
	lines := append([]string{}, l.top...)
	if l.pane.TotalLineCount() > 0 {
		lines = append(lines, paneView(s.sh, l.pane, max(s.width, 10)))
	}
	lines = append(lines, l.bottom...)
	return fit(strings.Join(lines, "\n"), max(s.width, 1), max(s.height, 1))
}
