package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/steps"
)

// sidebarWidth fits the longest label (Korean labels are double width).
const sidebarWidth = 22

// View draws the shell around the current screen: a header with stack,
// region and account, the checklist of steps, the screen, the learn pane,
// a status line and the help bar. Every line is cut to the width.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.WindowTitle = "infrawiz · " + m.sh.Inputs.Prefix
	if n, total := m.progress(); total > 0 && len(m.runs) > 0 {
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, 100*n/total)
	}
	return v
}

// Render is the frame as a plain string, for tests and golden files.
func (m Model) Render() string {
	w, h := max(m.width, 20), max(m.height, 8)
	header := m.header(w)
	helpBar := fit(m.helpBar(w), w, 3)
	status := m.statusLine(w)
	bodyH := h - 1 - lipgloss.Height(helpBar) - 1 - 1
	bodyH = max(bodyH, 3)

	side := m.sidebar(bodyH)
	mainW := w - lipgloss.Width(side)
	s := m.screen(m.cur)
	var body string
	if m.confirm {
		body = m.dialog(mainW-1, bodyH)
	} else if m.learn {
		learnPane := m.learnPane(mainW - 1)
		lh := min(lipgloss.Height(learnPane), bodyH/2)
		body = lipgloss.JoinVertical(lipgloss.Left, fit(s.View(mainW-1, bodyH-lh), mainW-1, bodyH-lh), fit(learnPane, mainW-1, lh))
	} else {
		body = s.View(mainW-1, bodyH)
	}
	body = m.sh.Styles.Body.Render(fit(body, mainW-1, bodyH))
	middle := lipgloss.JoinHorizontal(lipgloss.Top, side, body)
	frame := lipgloss.JoinVertical(lipgloss.Left, header, fit(middle, w, bodyH), "", status, helpBar)
	return fit(frame, w, h)
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

func (m Model) header(w int) string {
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
func (m Model) sidebar(h int) string {
	st := m.sh.Styles
	var lines []string
	for _, id := range screenOrder[2:] {
		label := m.screenLabel(id)
		mark := " "
		style := st.Pending
		state, isStep := StepState(0), false
		if step, ok := stepOf(id); ok {
			state, isStep = m.sh.Steps[step], true
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
			default:
				mark = "·"
			}
		}
		cursor := "  "
		if id == m.cur {
			cursor = st.Current.Render("› ")
			style = style.Bold(true)
		}
		lines = append(lines, fit(cursor+style.Render(mark+" "+label), sidebarWidth-2, 1))
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

func (m Model) screenLabel(id screenID) string {
	if step, ok := stepOf(id); ok {
		return m.sh.T("step." + step.String())
	}
	switch id {
	case scrStart:
		return m.sh.T("screen.start")
	case scrCreds:
		return m.sh.T("screen.creds")
	case scrNaming:
		return m.sh.T("screen.naming")
	case scrReview:
		return m.sh.T("screen.review")
	case scrCheck:
		return m.sh.T("sidebar.check")
	case scrSummary:
		return m.sh.T("screen.summary")
	default:
		return ""
	}
}

func (m Model) statusLine(w int) string {
	if m.status == "" {
		return ""
	}
	style := m.sh.Styles.Error
	if m.statusOK {
		style = m.sh.Styles.Done
	}
	return fit(style.Render(strings.ReplaceAll(m.status, "\n", " · ")), w, 1)
}

func (m Model) helpBar(w int) string {
	k := m.sh.Keys
	// Quit and the full list come first, so a narrow bar never hides them.
	bindings := append(m.screen(m.cur).Bindings(), k.Quit, k.Help, k.Back, k.ApplyAll, k.Learn)
	m.help.SetWidth(w)
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

func (m Model) dialog(w, h int) string {
	boxW := min(w-2, 60)
	// The box's border and padding take two columns on each side.
	inner := boxW - 4
	wrap := lipgloss.NewStyle().Width(inner)
	lines := []string{wrap.Render(m.sh.T("quit.confirm"))}
	if len(m.runs) > 0 {
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

// learnPane shows the AWS CLI commands of the current step.
func (m Model) learnPane(w int) string {
	st := m.sh.Styles
	step, ok := stepOf(m.cur)
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
func (m Model) ids() map[steps.Role]string {
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

func (m Model) progress() (done, total int) {
	for _, st := range steps.Steps {
		total++
		if m.sh.Steps[st] == StepDone {
			done++
		}
	}
	return done, total
}

var _ = fmt.Sprint
