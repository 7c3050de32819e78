package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// startScreen offers the stacks to continue (those with a progress file
// here, then those AWS holds without one) or a new stack.
type startScreen struct {
	sh Shared
	// sel names the item under the cursor, so it stays under the cursor
	// when the lists change around it (AWS answers after the disk); ""
	// until the user moves it.
	sel           string
	width, height int
}

func newStartScreen(sh Shared) screen { return &startScreen{sh: sh} }

// startItem is one choice of the start screen.
type startItem struct {
	id    string
	local *steps.LocalStack
	found *FoundStack
}

func (s *startScreen) items() []startItem {
	var out []startItem
	for i := range s.sh.Stacks {
		out = append(out, startItem{id: "local:" + s.sh.Stacks[i].Path, local: &s.sh.Stacks[i]})
	}
	for i := range s.sh.Found {
		f := &s.sh.Found[i]
		out = append(out, startItem{id: fmt.Sprintf("found:%s:%s:%v", f.Inputs.Prefix, f.Inputs.Region, f.Inputs.Sandbox), found: f})
	}
	return append(out, startItem{id: "new"})
}

// cursor is the index of the selected item: the one chosen last, else the
// stack in hand when it is listed, else the first.
func (s *startScreen) cursor(items []startItem) int {
	for i, it := range items {
		if it.id == s.sel {
			return i
		}
	}
	for i, it := range items {
		if it.local != nil && sameName(it.local.Inputs, s.sh.Inputs) || it.found != nil && sameName(it.found.Inputs, s.sh.Inputs) {
			return i
		}
	}
	return 0
}

func (s *startScreen) Init() tea.Cmd             { return nil }
func (s *startScreen) Refresh(sh Shared)         { s.sh = sh }
func (s *startScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *startScreen) Bindings() []key.Binding {
	return []key.Binding{s.sh.Keys.Up, s.sh.Keys.Down, s.sh.Keys.Next}
}

func (s *startScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	items := s.items()
	cur := s.cursor(items)
	switch {
	case key.Matches(k, s.sh.Keys.Up):
		s.sel = items[max(0, cur-1)].id
	case key.Matches(k, s.sh.Keys.Down):
		s.sel = items[min(len(items)-1, cur+1)].id
	case key.Matches(k, s.sh.Keys.Next):
		switch it := items[cur]; {
		case it.local != nil:
			return send(nav.Resume{Inputs: it.local.Inputs, Built: it.local.Created > 0})
		case it.found != nil:
			// AWS holds it by definition: it is built.
			return send(nav.Resume{Inputs: it.found.Inputs, Built: true})
		default:
			return send(nav.NewStack{})
		}
	}
	return nil
}

// View is the intro, then each stack to continue and the new one, one
// item each, wrapped under its own start rather than cut.
func (s *startScreen) View() string {
	width := s.width
	st := s.sh.Styles
	plain := lipgloss.NewStyle()
	// Wrapped, not cut: the intro is the first thing a student reads.
	lines := wrapWords(st.Title, s.sh.T("start.title"), width)
	lines = append(lines, "")
	lines = append(lines, wrapWords(plain, s.sh.T("start.intro"), width)...)
	lines = append(lines, "")
	items := s.items()
	cur := s.cursor(items)
	for i, it := range items {
		switch {
		case it.local != nil:
			ls := it.local
			if i == 0 {
				lines = append(lines, wrapWords(plain, s.sh.T("start.resume"), width)...)
			}
			label := []span{{text: s.sh.T("start.stack", ls.Inputs.Prefix, ls.Inputs.Region, ls.Created, ls.Total)}}
			if ls.Inputs.Sandbox {
				label = append(label, span{text: " " + s.sh.T("start.sandbox"), style: st.Warning})
			}
			if ls.Complete() {
				label = append(label, span{text: " " + s.sh.T("status.done"), style: st.Done})
			}
			lines = append(lines, s.item(i == cur, label...)...)
		case it.found != nil:
			in := it.found.Inputs
			if i == len(s.sh.Stacks) {
				lines = append(lines, wrapWords(st.Warning, s.sh.T("start.found"), width)...)
			}
			label := []span{{text: s.sh.T("start.found.stack", in.Prefix, in.Region)}}
			if in.Sandbox {
				label = append(label, span{text: " " + s.sh.T("start.sandbox"), style: st.Warning})
			}
			lines = append(lines, s.item(i == cur, label...)...)
			// How to delete it, beside it: a stack with no file here is
			// the one a student forgets, and it costs money.
			const indent = "    "
			for _, l := range wrapWords(st.Muted, s.sh.T("start.found.destroy"), width-len(indent)) {
				lines = append(lines, indent+l)
			}
			for _, l := range shellWrap(steps.Command(in, "destroy", "--yes"), width-len(indent)) {
				lines = append(lines, indent+st.Code.Render(l))
			}
		default:
			lines = append(lines, s.item(i == cur, span{text: s.sh.T("start.new", s.sh.NewStack.Prefix)})...)
		}
	}
	return strings.Join(lines, "\n")
}

// item is one choice, the cursor's marked, wrapped under its label
// (spans: the label and the marks after it, each in its style).
func (s *startScreen) item(selected bool, label ...span) []string {
	if selected {
		for i := range label {
			label[i].style = s.sh.Styles.Selected.Inherit(label[i].style)
		}
	}
	lines := wrapSpans(max(s.width-2, 1), label...)
	for i, l := range lines {
		switch {
		case i == 0 && selected:
			lines[i] = s.sh.Styles.Selected.Render("› ") + l
		default:
			lines[i] = "  " + l
		}
	}
	return lines
}

// credsScreen checks the credentials; without them it says how to set them
// up and offers practice mode.
type credsScreen struct {
	sh            Shared
	width, height int
}

func newCredsScreen(sh Shared) screen { return &credsScreen{sh: sh} }

func (s *credsScreen) Init() tea.Cmd             { return nil }
func (s *credsScreen) Refresh(sh Shared)         { s.sh = sh }
func (s *credsScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *credsScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	b := []key.Binding{k.Next}
	if s.sh.ConnErr != nil {
		b = append(b, k.Practice, k.Reconnect)
	}
	if s.sh.IPMoved != nil {
		b = append(b, k.UpdateIP)
	}
	return b
}

func (s *credsScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	keys := s.sh.Keys
	switch {
	case key.Matches(k, keys.Next):
		if s.sh.Identity != "" {
			return send(nav.Next{})
		}
	case key.Matches(k, keys.Practice):
		if s.sh.ConnErr != nil {
			in := s.sh.Inputs
			in.Sandbox = true
			return tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.Connect{}))
		}
	case key.Matches(k, keys.Reconnect):
		if s.sh.ConnErr != nil {
			return send(nav.Connect{})
		}
	case key.Matches(k, keys.UpdateIP):
		if s.sh.IPMoved != nil {
			in := s.sh.Inputs
			in.MyIP = s.sh.IPMoved[1] + "/32"
			return tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.StartStep{Step: steps.StepSecurityGroups}))
		}
	}
	return nil
}

// View says who is signed in, or why not and how to sign in; every
// sentence wrapped to the width, the commands whole.
func (s *credsScreen) View() string {
	st := s.sh.Styles
	plain := lipgloss.NewStyle()
	lines := []string{st.Title.Render(s.sh.T("creds.title")), ""}
	add := func(style lipgloss.Style, text string) { lines = append(lines, wrapWords(style, text, s.width)...) }
	switch {
	case s.sh.Connecting:
		add(plain, s.sh.T("creds.checking"))
	case s.sh.ConnErr != nil:
		add(st.Error, s.sh.T("creds.failed"))
		add(st.Muted, oneLine(catalog.Text(s.sh.Lang, s.sh.ConnErr)))
		lines = append(lines, "")
		add(plain, s.sh.T("creds.howto"))
		lines = append(lines, "")
		for _, c := range []string{"aws configure", "export AWS_PROFILE=<profile>", "aws sso login --profile <profile>"} {
			for _, l := range shellWrap(c, s.width-2) {
				lines = append(lines, "  "+st.Code.Render(l))
			}
		}
		lines = append(lines, "")
		add(plain, s.sh.T("creds.practice"))
	case s.sh.Identity != "":
		add(st.Done, s.sh.T("creds.ok"))
		add(plain, s.sh.T("creds.who", s.sh.Identity))
		if s.sh.Inputs.Sandbox {
			add(st.Warning, s.sh.T("creds.sandbox"))
		}
		// The first screen that knows the account says what it holds of
		// the student's with no file here; the start screen offers them.
		var found []string
		for _, f := range s.sh.Found {
			if !sameName(f.Inputs, s.sh.Inputs) {
				found = append(found, f.Inputs.Prefix)
			}
		}
		if len(found) > 0 {
			lines = append(lines, "")
			add(st.Warning, s.sh.T("creds.found", strings.Join(found, ", ")))
			add(plain, s.sh.T("creds.found.how"))
		}
		if s.sh.IPMoved != nil {
			lines = append(lines, "")
			add(st.Warning, s.sh.T("creds.ip.moved", s.sh.IPMoved[0], s.sh.IPMoved[1]))
		}
		lines = append(lines, "")
		add(plain, s.sh.T("creds.next"))
	default:
		add(plain, s.sh.T("creds.checking"))
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
