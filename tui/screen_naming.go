package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// namingScreen edits the prefix with a live preview of every name it makes.
// Once the stack has resources (or something runs for it) the prefix and
// region are shown, not edited: another name would be another stack.
type namingScreen struct {
	sh            Shared
	editor        editor
	width, height int
	// live is the prefix's problem as typed, taken when it changes.
	live error
}

type namingVals struct{ Prefix string }

func newNamingScreen(sh Shared) screen {
	s := &namingScreen{sh: sh}
	s.setEditor(s.newEditor())
	return s
}

// setEditor puts e in place, laid out for the screen's width.
func (s *namingScreen) setEditor(e editor) {
	s.editor = e
	s.editor.SetWidth(s.width)
	s.live = s.editor.Live()
}

func (s *namingScreen) newEditor() editor {
	sh := s.sh
	return newFormEditor(sh.Keys, namingVals{Prefix: sh.Inputs.Prefix},
		func(v *namingVals) *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(sh.T("naming.prefix")).Description(sh.T("naming.prefix.help")).
					Value(&v.Prefix).CharLimit(steps.MaxPrefixLen).
					Validate(func(p string) error { return textError(sh, validatePrefix(sh.Inputs, p)) }),
			))
		},
		func(v namingVals, in steps.Inputs) steps.Inputs { in.Prefix = v.Prefix; return in },
		func(v namingVals) error { return validatePrefix(sh.Inputs, v.Prefix) })
}

// validatePrefix checks only the prefix, with the other inputs as they are.
func validatePrefix(in steps.Inputs, p string) error {
	in.Prefix = p
	err := in.Validate()
	var ve steps.ValidationError
	if err == nil {
		return nil
	}
	if asValidation(err, &ve) {
		for _, fe := range ve {
			if fe.Field == "prefix" {
				return fe
			}
		}
		return nil
	}
	return err
}

func (s *namingScreen) Init() tea.Cmd {
	cmd := s.editor.Init()
	s.live = s.editor.Live()
	return cmd
}

func (s *namingScreen) Refresh(sh Shared) { s.sh = sh }

func (s *namingScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.editor.SetWidth(width)
}

func (s *namingScreen) Bindings() []key.Binding { return []key.Binding{s.sh.Keys.Next} }

func (s *namingScreen) Update(msg tea.Msg) tea.Cmd {
	if s.sh.Fixed != notFixed {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.Keys.Next) {
			return send(nav.Next{})
		}
		return nil
	}
	cmd := s.editor.Update(msg)
	s.live = s.editor.Live()
	if s.editor.Done() {
		in := s.editor.Apply(s.sh.Inputs)
		// A new form holding the new value, so coming back here edits it.
		s.sh.Inputs = in
		s.setEditor(s.newEditor())
		return tea.Sequence(cmd, send(nav.SetInputs{Inputs: in}), send(nav.Next{}))
	}
	return cmd
}

func (s *namingScreen) View() string {
	width := s.width
	st := s.sh.Styles
	lines := []string{st.Title.Render(s.sh.T("screen.naming")), st.Muted.Render(s.sh.T("naming.intro")), ""}
	in := s.sh.Inputs
	if s.sh.Fixed != notFixed {
		// Where the field is: the value kept, and why it cannot change.
		wrap := lipgloss.NewStyle().Width(width)
		lines = append(lines, st.Title.Render(s.sh.T("naming.fixed.value", in.Prefix, in.Region)),
			wrap.Inherit(st.Warning).Render(s.sh.T(fixedKey(s.sh.Fixed))))
	} else {
		lines = append(lines, s.editor.View())
		in = s.editor.Apply(s.sh.Inputs)
		if s.live != nil {
			lines = append(lines, st.Error.Render(oneLine(catalog.Text(s.sh.Lang, s.live))))
			return strings.Join(lines, "\n")
		}
	}
	zones := s.sh.Zones
	if len(zones) == 0 {
		zones = []string{in.Region + "a", in.Region + "b", in.Region + "c"}
	}
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		lines = append(lines, st.Error.Render(oneLine(catalog.Text(s.sh.Lang, err))))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "", st.Title.Render(s.sh.T("naming.preview")))
	var rows [][]string
	for _, r := range p.Resources {
		if r.Kind == steps.KindRoute || r.Kind == steps.KindSGRules {
			continue
		}
		rows = append(rows, []string{r.Name, s.sh.T("step." + r.Step.String())})
	}
	lines = append(lines, columnsView(rows, width))
	return strings.Join(lines, "\n")
}
