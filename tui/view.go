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

// The smallest frame drawn; a smaller terminal gets it cut.
const (
	minWidth  = 20
	minHeight = 8
)

// View draws the shell around the current screen: a header with stack,
// region and account, the checklist of steps, the screen, the learn pane,
// a status line and the help bar. Every line is cut to the width.
func (m *Model) View() tea.View {
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
	// mainW is the body's width, left padding included.
	mainW int
	// learnPane is drawn under the screen, learnH lines of it.
	learnPane string
	learnH    int
}

// screenSize is the width and height the screen is drawn in.
func (l frameLayout) screenSize() (int, int) { return l.mainW - 1, l.bodyH - l.learnH }

// layout is the frame's layout with screen id current. It changes nothing,
// and draws only what its size depends on: the full help bar (the short
// one is a line) and the learn pane.
func (m *Model) layout(id screenID) frameLayout {
	w, h := max(m.width, minWidth), max(m.height, minHeight)
	l := frameLayout{w: w, h: h}
	helpH := 1
	if m.fullHelp {
		helpH = lipgloss.Height(fit(m.helpBar(id), w, 3))
	}
	l.bodyH = max(h-1-helpH-1-1, 3)
	// The checklist's width holds its padding and border.
	l.mainW = w - sidebarWidth
	if m.learn {
		l.learnPane = m.learnPane(id, l.mainW-1)
		l.learnH = min(lipgloss.Height(l.learnPane), l.bodyH/2)
	}
	return l
}

// Render is the frame as a plain string, for tests and golden files.
func (m *Model) Render() string {
	l := m.layout(m.cur)
	header := m.header(l.w)
	status := m.statusLine(l.w)
	helpBar := fit(m.helpBar(m.cur), l.w, 3)
	side := m.sidebar(l.bodyH)
	var body string
	s := m.screens[m.cur]
	switch {
	case m.confirm:
		body = m.dialog(l.mainW-1, l.bodyH)
	case s == nil:
	case m.learn:
		sw, sh := l.screenSize()
		body = lipgloss.JoinVertical(lipgloss.Left, fit(s.View(), sw, sh), fit(l.learnPane, sw, l.learnH))
	default:
		body = s.View()
	}
	body = m.sh.Styles.Body.Render(fit(body, l.mainW-1, l.bodyH))
	middle := lipgloss.JoinHorizontal(lipgloss.Top, side, body)
	frame := lipgloss.JoinVertical(lipgloss.Left, header, fit(middle, l.w, l.bodyH), "", status, helpBar)
	return fit(frame, l.w, l.h)
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

func (m *Model) header(w int) string {
	st := m.sh.Styles
	parts := []string{st.Header.Render(m.sh.T("app.title"))}
	if m.sh.Inputs.Prefix != "" {
		parts = append(parts, m.sh.T("header.stack", m.sh.Inputs.Prefix))
	}
	parts = append(parts, m.sh.T("header.region", m.sh.Inputs.Region))
	switch {
	case m.sh.Inputs.Sandbox:
		parts = append(parts, st.Warning.Render(m.sh.T("header.practice")))
	case m.sh.Account != "":
		parts = append(parts, m.sh.T("header.account", m.sh.Account))
	default:
		parts = append(parts, st.Muted.Render(m.sh.T("header.nocreds")))
	}
	return fit(strings.Join(parts, st.Muted.Render(" · ")), w, 1)
}

// sidebar is the checklist: every screen after the start, with the state of
// its step.
func (m *Model) sidebar(h int) string {
	st := m.sh.Styles
	var lines []string
	for _, spec := range wizardScreens[2:] {
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

func (m *Model) statusLine(w int) string {
	if m.status == "" {
		return ""
	}
	style := m.sh.Styles.Error
	if m.statusOK {
		style = m.sh.Styles.Done
	}
	return fit(style.Render(strings.ReplaceAll(m.status, "\n", " · ")), w, 1)
}

// helpBar is the keys of screen id, then the wizard's own, from the KeyMap.
func (m *Model) helpBar(id screenID) string {
	k := m.sh.Keys
	var bindings []key.Binding
	if s, ok := m.screens[id]; ok {
		bindings = s.Bindings()
	}
	// Quit and the full list come first, so a narrow bar never hides them.
	bindings = append(bindings, k.Quit, k.Help, k.Back, k.ApplyAll, k.Learn)
	if m.fullHelp {
		return m.help.FullHelpView(columns(bindings, 4))
	}
	return m.help.ShortHelpView(bindings)
}

func columns(b []key.Binding, n int) [][]key.Binding {
	var out [][]key.Binding
	for i := 0; i < len(b); i += n {
		out = append(out, b[i:min(i+n, len(b))])
	}
	return out
}

func (m *Model) dialog(w, h int) string {
	boxW := min(w-2, 60)
	// The box's border and padding take two columns on each side.
	inner := boxW - 4
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{wrap.Render(m.sh.T("quit.confirm"))}
	if m.progress.Running() > 0 {
		lines = append(lines, wrap.Render(m.sh.T("quit.running")))
	}
	if m.stackFixed() != notFixed {
		// The command that comes back to this very stack, whatever the
		// command line was: wrapped between arguments, as it pastes.
		lines = append(lines, wrap.Render(m.sh.T("quit.resume")))
		for _, l := range shellWrap(steps.Command(m.sh.Inputs, ""), inner) {
			lines = append(lines, m.sh.Styles.Code.Render(l))
		}
	} else {
		lines = append(lines, wrap.Render(m.sh.T("quit.nothing")))
	}
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
