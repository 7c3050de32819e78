package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/steps"
)

// sidebarWidth fits the longest label (Korean labels are double width).
const sidebarWidth = 22

// maxStatusLines bounds the status line, wrapped: a path written shows
// whole on the lines after what was written.
const maxStatusLines = 4

// The smallest frame drawn; a smaller terminal gets it cut.
const (
	minWidth  = 20
	minHeight = 8
)

// View draws the shell around the current screen: a header with stack,
// region and account, the checklist of steps, the screen, the learn pane,
// a status line and the help bar. The shell wraps what it says (header,
// status, help, the quit dialog) rather than cut it; every line of a
// screen is cut to the width as a last resort.
func (m *Model) View() tea.View {
	if m.leaving {
		// The last frame, in the terminal's own screen: it stays there
		// after the wizard ends.
		if len(m.farewell) == 0 {
			return tea.NewView("")
		}
		return tea.NewView(strings.Join(m.farewell, "\n") + "\n")
	}
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.WindowTitle = "infrawiz · " + m.sh.Inputs.Prefix
	if n, total := m.done(); total > 0 && m.progress.Running() > 0 {
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 100*n/total)
	}
	return v
}

// frameLayout is how a frame is split: the body beside the checklist, and
// in the body the screen and the learn pane.
type frameLayout struct {
	w, h  int
	bodyH int
	// header, status and help are the lines around the body, wrapped to
	// the width.
	header, status, help []string
	// mainW is the body's width, left padding included.
	mainW int
	// learnPane is drawn under the screen, learnH lines of it.
	learnPane string
	learnH    int
	// wide: the screen takes the whole width, no checklist beside it (the
	// quit dialog takes it too, so its commands fit on fewer lines).
	wide bool
}

// screenSize is the width and height the screen is drawn in.
func (l frameLayout) screenSize() (int, int) { return l.mainW - 1, l.bodyH - l.learnH }

// layout is the frame's layout with screen id current. It changes nothing,
// and draws only what its size depends on: the header, the status and the
// help, each wrapped to the width (the full help in as many rows as it
// needs, at most half the frame), and the learn pane.
func (m *Model) layout(id screenID) frameLayout {
	w, h := max(m.width, minWidth), max(m.height, minHeight)
	l := frameLayout{w: w, h: h}
	l.header = m.header(w)
	l.status = m.statusLines(w)
	l.help = strings.Split(m.helpBar(id), "\n")
	// The help may take half the frame; the body keeps at least three
	// lines.
	l.help = l.help[:min(len(l.help), max(h/2, 1))]
	l.bodyH = max(h-len(l.header)-len(l.help)-1-len(l.status), 3)
	// The checklist's width holds its padding and border.
	l.mainW = w - sidebarWidth
	if s, ok := m.screens[id].(wideScreen); ok && s.Wide() || m.confirm {
		l.mainW, l.wide = w, true
	}
	if m.learn {
		l.learnPane = m.learnPane(id, l.mainW-1)
		l.learnH = min(lipgloss.Height(l.learnPane), l.bodyH/2)
	}
	return l
}

// Render is the frame as a plain string, for tests and golden files.
func (m *Model) Render() string {
	l := m.layout(m.cur)
	var side string
	if !l.wide {
		side = m.sidebar(l.bodyH)
	}
	var body string
	s := m.screens[m.cur]
	switch {
	case m.confirm:
		body = m.dialog(l.mainW-1, l.bodyH)
	case s == nil:
	case m.learn:
		sw, sh := l.screenSize()
		body = lipgloss.JoinVertical(lipgloss.Left, fit(s.View(), sw, sh), fit(m.learnView(l), sw, l.learnH))
	default:
		body = s.View()
	}
	body = m.sh.Styles.Body.Render(fit(body, l.mainW-1, l.bodyH))
	middle := lipgloss.JoinHorizontal(lipgloss.Top, side, body)
	lines := append([]string{}, l.header...)
	lines = append(lines, fit(middle, l.w, l.bodyH), "")
	lines = append(lines, l.status...)
	lines = append(lines, l.help...)
	return fit(lipgloss.JoinVertical(lipgloss.Left, lines...), l.w, l.h)
}

// fit cuts or pads a block to exactly w columns and at most h lines, so
// nothing overflows whatever a screen renders.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			l = ansi.Truncate(l, w, "…")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// header is the stack, its region, what it bills and whose account it
// is, on one line when it fits: in practice mode the short name of it
// first, then, on AWS, without the account (what the stack costs must
// show); else wrapped between its parts, none cut.
func (m *Model) header(w int) []string {
	st := m.sh.Styles
	parts := []string{st.Header.Render(m.sh.T("app.title"))}
	if m.sh.Inputs.Prefix != "" {
		parts = append(parts, m.sh.T("header.stack", m.sh.Inputs.Prefix))
	}
	parts = append(parts, m.sh.T("header.region", m.sh.Inputs.Region))
	if b := m.billingHeader(); b != "" {
		parts = append(parts, st.Warning.Render(b))
	}
	switch {
	case m.sh.Inputs.Sandbox:
		parts = append(parts, st.Warning.Render(m.sh.T("header.practice")))
	case m.sh.Account != "":
		parts = append(parts, m.sh.T("header.account", m.sh.Account))
	default:
		parts = append(parts, st.Muted.Render(m.sh.T("header.nocreds")))
	}
	sep := st.Muted.Render(" · ")
	last := len(parts) - 1
	switch {
	case lipgloss.Width(strings.Join(parts, sep)) <= w:
	case m.sh.Inputs.Sandbox:
		parts[last] = st.Warning.Render(m.sh.T("header.practice.short"))
	case billing(m.sh.Report):
		parts = parts[:last]
	}
	return joinWrapped(parts, sep, w)
}

// joinWrapped joins parts with sep in lines of at most w columns, breaking
// only between parts; a part wider than a line is wrapped on its own.
func joinWrapped(parts []string, sep string, w int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case lipgloss.Width(cur+sep+p) <= w:
			cur += sep + p
		default:
			lines = append(lines, cur)
			cur = p
		}
		if lipgloss.Width(cur) > w {
			wrapped := wrapWords(lipgloss.NewStyle(), cur, w)
			lines = append(lines, wrapped[:len(wrapped)-1]...)
			cur = wrapped[len(wrapped)-1]
		}
	}
	return append(lines, cur)
}

// billingHeader is what the stack bills per hour while anything of it
// does ("" when nothing does): in practice mode, what it would on AWS.
func (m *Model) billingHeader() string {
	rep := m.sh.Report
	if !billing(rep) {
		return ""
	}
	c := rep.Cost
	switch {
	case m.sh.Inputs.Sandbox && c.Priced:
		return m.sh.T("bill.header.practice", steps.USD(c.Hour))
	case m.sh.Inputs.Sandbox:
		return ""
	case !c.Priced:
		return m.sh.T("bill.header.unpriced")
	case c.Partial:
		return m.sh.T("bill.header.floor", steps.USD(c.Hour))
	}
	return m.sh.T("cost.header", steps.USD(c.Hour))
}

// reminder is what leaving the wizard tells of a stack that bills: what
// it costs a day, and the command that deletes it, wrapped between its
// arguments, as it pastes, within width. None when nothing bills, or in
// practice mode (nothing there does).
func (m *Model) reminder(width int) []string {
	rep := m.sh.Report
	if !billing(rep) || m.sh.Inputs.Sandbox {
		return nil
	}
	c := rep.Cost
	var text string
	switch {
	case !c.Priced:
		text = m.sh.T("bill.remind.unpriced", c.Region)
	case c.Partial:
		text = m.sh.T("bill.remind.floor", steps.USD(c.Day))
	default:
		text = m.sh.T("bill.remind", steps.USD(c.Day))
	}
	st := m.sh.Styles
	lines := wrapWords(st.Warning, text, width)
	for _, l := range shellWrap(steps.Command(m.sh.Inputs, "destroy", "--yes"), width) {
		lines = append(lines, st.Code.Render(l))
	}
	return lines
}

// sidebar is the checklist: every screen after the start, with the state of
// its step.
func (m *Model) sidebar(h int) string {
	st := m.sh.Styles
	var lines []string
	for _, spec := range wizardScreens[2:] {
		if spec.hidden {
			continue
		}
		id := spec.id
		mark := " "
		style := st.Pending
		state, isStep := StepState(0), false
		if spec.isStep() {
			state, isStep = m.sh.Steps[spec.step], true
		} else if id == scrCheck {
			state, isStep = m.checkState(), true
		}
		if isStep {
			switch state {
			case StepDone:
				mark, style = "✓", st.Done
			case StepRunning:
				// The spinner's frames carry their own padding: one
				// column, as every other mark, so the label stays put.
				mark, style = markCell(m.spinner.View()), st.Running
			case StepFailed:
				mark, style = "✗", st.Failed
			case StepPending:
				mark = "·"
			}
		}
		cursor := "  "
		if id == m.cur {
			cursor = st.Current.Render("› ")
			style = style.Bold(true)
		}
		lines = append(lines, fit(cursor+style.Render(mark+" "+m.sh.screenLabel(id)), sidebarWidth-2, 1))
	}
	block := strings.Join(lines, "\n")
	return st.Sidebar.Width(sidebarWidth).Height(h).Render(block)
}

// markCell is s in exactly one column.
func markCell(s string) string {
	s = strings.TrimSpace(ansi.Strip(s))
	if lipgloss.Width(s) > 1 {
		s = ansi.Truncate(s, 1, "")
	}
	return s + strings.Repeat(" ", 1-lipgloss.Width(s))
}

// statusLines are the status, wrapped between words (a path written is
// whole on a line of its own where it fits one): one line, blank when
// there is nothing to say.
func (m *Model) statusLines(w int) []string {
	if m.status == "" {
		return []string{""}
	}
	style := m.sh.Styles.Error
	if m.statusOK {
		style = m.sh.Styles.Done
	}
	lines := wrapWords(style, strings.ReplaceAll(m.status, "\n", " · "), w)
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1], w-1, "") + "…"
	}
	return lines
}

// helpBar is the keys of screen id, then the wizard's own, from the
// KeyMap: the quit dialog's answers while it is open. F1 lists every key,
// in as many rows as the width needs; the short bar as many of the
// screen's keys as leave room for quit and F1, then as many of the
// wizard's others as fit. Nothing is cut: F1 has the rest.
func (m *Model) helpBar(id screenID) string {
	k := m.sh.Keys
	width := max(m.width, minWidth)
	whole := m.help
	whole.SetWidth(0) // measured uncut
	whole.FullSeparator = "  "
	if m.confirm {
		return whole.ShortHelpView([]key.Binding{k.Yes, k.No})
	}
	var bindings []key.Binding
	if s, ok := m.screens[id]; ok {
		bindings = s.Bindings()
	}
	if m.learn && id == m.cur && m.learnScrolls() {
		// The learn pane's, with the screen's: they scroll it.
		bindings = append(bindings[:len(bindings):len(bindings)], k.LearnScroll)
	}
	help := k.Help
	if m.fullHelp {
		help.SetHelp(help.Help().Key, m.sh.T("key.help.close"))
	}
	global := []key.Binding{k.Quit, help}
	if id != scrStart {
		// Esc leaves every screen but the first.
		global = append(global, k.Back)
	}
	if id != scrStart && (id != scrCreds || m.session != nil) {
		// Nothing runs before the credentials are checked.
		global = append(global, k.ApplyAll)
	}
	global = append(global, k.Learn)
	if m.fullHelp {
		all := enabled(append(bindings[:len(bindings):len(bindings)], global...))
		rows := min(3, len(all))
		for rows < len(all) && lipgloss.Width(whole.FullHelpView(columns(all, rows))) > width {
			rows++
		}
		return whole.FullHelpView(columns(all, rows))
	}
	fits := func(b []key.Binding) bool { return lipgloss.Width(whole.ShortHelpView(b)) <= width }
	n := len(bindings)
	for n > 0 && !fits(append(bindings[:n:n], global[:2]...)) {
		n--
	}
	bar := append(bindings[:n:n], global[:2]...)
	for _, g := range global[2:] {
		if fits(append(bar[:len(bar):len(bar)], g)) {
			bar = append(bar, g)
		}
	}
	return whole.ShortHelpView(bar)
}

// enabled are the bindings that are on, so each column of the full help
// is as long as it looks.
func enabled(b []key.Binding) []key.Binding {
	var out []key.Binding
	for _, x := range b {
		if x.Enabled() {
			out = append(out, x)
		}
	}
	return out
}

func columns(b []key.Binding, n int) [][]key.Binding {
	var out [][]key.Binding
	for i := 0; i < len(b); i += n {
		out = append(out, b[i:min(i+n, len(b))])
	}
	return out
}

// dialog is the quit dialog, over the whole width: every line wrapped
// inside the box, the commands wrapped between their arguments as they
// paste.
func (m *Model) dialog(w, h int) string {
	boxW := max(min(w-2, 72), 12)
	// The box's border and padding take two columns on each side.
	inner := boxW - 4
	plain := lipgloss.NewStyle()
	wrap := func(text string) string { return strings.Join(wrapWords(plain, text, inner), "\n") }
	lines := []string{wrap(m.sh.T("quit.confirm"))}
	if m.progress.Running() > 0 {
		lines = append(lines, wrap(m.sh.T("quit.running")))
	}
	if m.tearingDown() {
		// Stopped half way, the rest is deleted by the same command.
		lines = append(lines, wrap(m.sh.T("teardown.quit")))
		for _, l := range shellWrap(steps.Command(m.sh.Inputs, "destroy", "--yes"), inner) {
			lines = append(lines, m.sh.Styles.Code.Render(l))
		}
		box := m.sh.Styles.Dialog.Width(boxW).Render(strings.Join(lines, "\n"))
		return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
	}
	if m.stackFixed() != notFixed || reportBuilt(m.sh.Report) {
		// The command that comes back to this very stack, whatever the
		// command line was: wrapped between arguments, as it pastes.
		lines = append(lines, wrap(m.sh.T("quit.resume")))
		for _, l := range shellWrap(steps.Command(m.sh.Inputs, ""), inner) {
			lines = append(lines, m.sh.Styles.Code.Render(l))
		}
	} else {
		lines = append(lines, wrap(m.sh.T("quit.nothing")))
	}
	lines = append(lines, m.reminder(inner)...)
	box := m.sh.Styles.Dialog.Width(boxW).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// learnPane shows the AWS CLI commands of screen id's step.
func (m *Model) learnPane(id screenID, w int) string {
	st := m.sh.Styles
	step, ok := stepOf(id)
	lines := []string{st.Title.Render(m.sh.T("learn.title"))}
	if !ok || !m.sh.HasPlan {
		lines = append(lines, st.Muted.Render(m.sh.T("learn.none")))
	} else {
		for _, c := range steps.LearnCommands(m.sh.Plan, step, m.ids()) {
			// Wrapped as the shell reads it, never re-wrapped by width.
			for _, l := range shellWrap(c, w) {
				lines = append(lines, st.Code.Render(l))
			}
		}
	}
	return strings.Join(lines, "\n")
}

// ids are the AWS ids known so far, by role.
func (m *Model) ids() map[steps.Role]string {
	out := map[steps.Role]string{}
	if m.sh.Report != nil {
		for _, r := range m.sh.Report.Rows {
			if r.ID != "" && r.ID != "-" {
				out[r.Role] = r.ID
			}
		}
	}
	for _, rv := range m.sh.Runs {
		for _, l := range rv.Lines {
			if l.ID != "" {
				out[l.Role] = l.ID
			}
		}
	}
	return out
}

// done counts the steps done, for the terminal's progress bar.
func (m *Model) done() (done, total int) {
	for _, st := range steps.Steps {
		total++
		if m.sh.Steps[st] == StepDone {
			done++
		}
	}
	return done, total
}
