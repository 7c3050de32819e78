package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// newScreen builds a screen from the shared state.
func newScreen(id screenID, sh Shared) screen {
	switch id {
	case scrStart:
		return newStartScreen(sh)
	case scrCreds:
		return newCredsScreen(sh)
	case scrNaming:
		return newNamingScreen(sh)
	case scrReview:
		return newReviewScreen(sh)
	case scrCheck:
		return newCheckScreen(sh)
	case scrSummary:
		return newSummaryScreen(sh)
	default:
		step, _ := stepOf(id)
		return newStepScreen(step, sh)
	}
}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// startScreen offers the stacks in progress on this machine, or a new one.
type startScreen struct {
	sh     Shared
	cursor int
}

func newStartScreen(sh Shared) screen { return startScreen{sh: sh} }

func (s startScreen) Init() tea.Cmd            { return nil }
func (s startScreen) Refresh(sh Shared) screen { s.sh = sh; return s }
func (s startScreen) Bindings() []key.Binding {
	return []key.Binding{s.sh.Keys.Up, s.sh.Keys.Down, s.sh.Keys.Next}
}
func (s startScreen) choices() int { return len(s.sh.Stacks) + 1 }
func (s startScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch {
	case key.Matches(k, s.sh.Keys.Up):
		s.cursor = max(0, s.cursor-1)
	case key.Matches(k, s.sh.Keys.Down):
		s.cursor = min(s.choices()-1, s.cursor+1)
	case key.Matches(k, s.sh.Keys.Next):
		if s.cursor < len(s.sh.Stacks) {
			return s, send(nav.Resume{Inputs: s.sh.Stacks[s.cursor].Inputs})
		}
		return s, send(nav.Next{})
	}
	return s, nil
}

func (s startScreen) View(width, height int) string {
	st := s.sh.Styles
	// Wrapped, not cut: the intro is the first thing a student reads.
	wrap := lipgloss.NewStyle().Width(width)
	lines := []string{wrap.Inherit(st.Title).Render(s.sh.T("start.title")), "", wrap.Render(s.sh.T("start.intro")), ""}
	if len(s.sh.Stacks) > 0 {
		lines = append(lines, s.sh.T("start.resume"))
	}
	for i, ls := range s.sh.Stacks {
		label := s.sh.T("start.stack", ls.Inputs.Prefix, ls.Inputs.Region, ls.Created, ls.Total)
		if ls.Inputs.Sandbox {
			label += " " + st.Warning.Render(s.sh.T("start.sandbox"))
		}
		if ls.Complete() {
			label += " " + st.Done.Render(s.sh.T("status.done"))
		}
		lines = append(lines, s.item(i, label))
	}
	lines = append(lines, s.item(len(s.sh.Stacks), s.sh.T("start.new", s.sh.Inputs.Prefix)))
	return strings.Join(lines, "\n")
}

func (s startScreen) item(i int, label string) string {
	if i == s.cursor {
		return s.sh.Styles.Selected.Render("› " + label)
	}
	return "  " + label
}

// credsScreen checks the credentials; without them it says how to set them
// up and offers practice mode.
type credsScreen struct{ sh Shared }

func newCredsScreen(sh Shared) screen { return credsScreen{sh: sh} }

func (s credsScreen) Init() tea.Cmd            { return nil }
func (s credsScreen) Refresh(sh Shared) screen { s.sh = sh; return s }
func (s credsScreen) Bindings() []key.Binding {
	b := []key.Binding{s.sh.Keys.Next}
	if s.sh.ConnErr != nil {
		b = append(b, key.NewBinding(key.WithKeys("p"), key.WithHelp("p", s.sh.T("creds.practice.key"))),
			key.NewBinding(key.WithKeys("r"), key.WithHelp("r", s.sh.T("key.retry"))))
	}
	if s.sh.IPMoved != nil {
		b = append(b, key.NewBinding(key.WithKeys("u"), key.WithHelp("u", s.sh.T("creds.ip.update.key"))))
	}
	return b
}

func (s credsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	switch k.String() {
	case "enter":
		if s.sh.Identity != "" {
			return s, send(nav.Next{})
		}
	case "p":
		if s.sh.ConnErr != nil {
			in := s.sh.Inputs
			in.Sandbox = true
			return s, tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.Connect{}))
		}
	case "r":
		if s.sh.ConnErr != nil {
			return s, send(nav.Connect{})
		}
	case "u":
		if s.sh.IPMoved != nil {
			in := s.sh.Inputs
			in.MyIP = s.sh.IPMoved[1] + "/32"
			return s, tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.StartStep{Step: steps.StepSecurityGroups}))
		}
	}
	return s, nil
}

func (s credsScreen) View(width, height int) string {
	st := s.sh.Styles
	lines := []string{st.Title.Render(s.sh.T("creds.title")), ""}
	switch {
	case s.sh.Connecting:
		lines = append(lines, s.sh.T("creds.checking"))
	case s.sh.ConnErr != nil:
		lines = append(lines, st.Error.Render(s.sh.T("creds.failed")), st.Muted.Render(oneLine(localize(s.sh, s.sh.ConnErr))), "",
			s.sh.T("creds.howto"), "", st.Code.Render("  aws configure"), st.Code.Render("  export AWS_PROFILE=<profile>"),
			st.Code.Render("  aws sso login --profile <profile>"), "", s.sh.T("creds.practice"))
	case s.sh.Identity != "":
		lines = append(lines, st.Done.Render(s.sh.T("creds.ok")), s.sh.T("creds.who", s.sh.Identity))
		if s.sh.Inputs.Sandbox {
			lines = append(lines, st.Warning.Render(s.sh.T("creds.sandbox")))
		}
		if s.sh.IPMoved != nil {
			lines = append(lines, "", st.Warning.Render(s.sh.T("creds.ip.moved", s.sh.IPMoved[0], s.sh.IPMoved[1])))
		}
		lines = append(lines, "", s.sh.T("creds.next"))
	default:
		lines = append(lines, s.sh.T("creds.checking"))
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var _ = fmt.Sprint
