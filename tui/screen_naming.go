package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// namingScreen edits the prefix with a live preview of every name it makes.
// Once the stack has resources (or something runs for it) the prefix and
// region are shown, not edited: another name would be another stack.
type namingScreen struct {
	sh     Shared
	editor editor
}

type namingVals struct{ Prefix string }

func newNamingScreen(sh Shared) screen {
	s := namingScreen{sh: sh}
	s.editor = s.newEditor()
	return s
}

func (s namingScreen) newEditor() editor {
	sh := s.sh
	return newFormEditor(sh, namingVals{Prefix: sh.Inputs.Prefix},
		func(v *namingVals) *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(sh.T("naming.prefix")).Description(sh.T("naming.prefix.help")).
					Value(&v.Prefix).CharLimit(steps.MaxPrefixLen).
					Validate(func(p string) error { return localizedError(sh, validatePrefix(sh.Inputs, p)) }),
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

func (s namingScreen) Init() tea.Cmd { return s.editor.Init() }

func (s namingScreen) Refresh(sh Shared) screen {
	s.sh = sh
	return s
}

func (s namingScreen) Bindings() []key.Binding { return []key.Binding{s.sh.Keys.Next} }

func (s namingScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if s.sh.Fixed != notFixed {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.Keys.Next) {
			return s, send(nav.Next{})
		}
		return s, nil
	}
	var cmd tea.Cmd
	s.editor, cmd = s.editor.Update(msg)
	if s.editor.Done() {
		in := s.editor.Apply(s.sh.Inputs)
		// A new form holding the new value, so coming back here edits it.
		s.sh.Inputs = in
		s.editor = s.newEditor()
		return s, tea.Sequence(cmd, send(nav.SetInputs{Inputs: in}), send(nav.Next{}))
	}
	return s, cmd
}

func (s namingScreen) View(width, height int) string {
	st := s.sh.Styles
	lines := []string{st.Title.Render(s.sh.T("screen.naming")), st.Muted.Render(s.sh.T("naming.intro")), ""}
	in := s.sh.Inputs
	if s.sh.Fixed != notFixed {
		// Where the field is: the value kept, and why it cannot change.
		wrap := lipgloss.NewStyle().Width(width)
		lines = append(lines, st.Title.Render(s.sh.T("naming.fixed.value", in.Prefix, in.Region)),
			wrap.Inherit(st.Warning).Render(s.sh.T(fixedKey(s.sh.Fixed))))
	} else {
		lines = append(lines, s.editor.View(width))
		in = s.editor.Apply(s.sh.Inputs)
		if err := s.editor.Live(); err != nil {
			lines = append(lines, st.Error.Render(oneLine(localize(s.sh, err))))
			return strings.Join(lines, "\n")
		}
	}
	zones := s.sh.Zones
	if len(zones) == 0 {
		zones = []string{in.Region + "a", in.Region + "b", in.Region + "c"}
	}
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		lines = append(lines, st.Error.Render(oneLine(localize(s.sh, err))))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "", st.Title.Render(s.sh.T("naming.preview")))
	var rows [][]string
	for _, r := range p.Resources {
		if r.Kind.String() == "route" || r.Kind.String() == "sg-rules" {
			continue
		}
		rows = append(rows, []string{r.Name, s.sh.T("step." + r.Step.String())})
	}
	lines = append(lines, columnsView(rows, width))
	return strings.Join(lines, "\n")
}
