package tui

import (
	"strings"
	"unicode"

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
	// refused says why the last key typed was not taken (Hangul, or a
	// prefix at its longest), until the next key is.
	refused string
	// scroll shows the page when the names to be made do not fit.
	scroll scroller
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
		func(v *namingVals, g *formGate) *huh.Form {
			// The rule on a line of its own, so it is never broken at a
			// hyphen; the problem is said once, under the field (Live).
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(sh.T("naming.prefix")).Description(sh.T("naming.prefix.lead") + "\n" + sh.T("naming.prefix.rule")).
					Value(&v.Prefix).CharLimit(steps.MaxPrefixLen).
					Validate(g.judge(func(p string) error { return textError(sh, validatePrefix(sh.Inputs, p)) })),
			)).WithShowErrors(false)
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
	s.scroll.follow()
	cmd := s.editor.Init()
	s.live = s.editor.Live()
	return cmd
}

func (s *namingScreen) Refresh(sh Shared) { s.sh = sh }

func (s *namingScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.editor.SetWidth(width)
}

func (s *namingScreen) Bindings() []key.Binding {
	b := []key.Binding{s.sh.Keys.Next}
	if s.width > 0 && !s.sh.LearnOpen {
		if page, _ := s.page(); tall(strings.Split(page, "\n"), s.height) {
			b = append(b, s.sh.Keys.PageScroll)
		}
	}
	return b
}

func (s *namingScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if s.scroll.press(s.sh, k, s.page, s.width, s.height) {
			return nil
		}
		s.scroll.follow()
	}
	if s.sh.Fixed != notFixed {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.Keys.Next) {
			return send(nav.Next{})
		}
		return nil
	}
	if why := s.refuse(msg); why != "" {
		// Said rather than swallowed: the field takes no such key.
		s.refused = why
		return nil
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		s.refused = ""
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

// refuse says why the field does not take msg ("" when it does): Hangul
// (a Korean keyboard left on), or more than a prefix holds.
func (s *namingScreen) refuse(msg tea.Msg) string {
	var text string
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		text = m.Text
	case tea.PasteMsg:
		text = m.Content
	}
	if text == "" {
		return ""
	}
	for _, r := range text {
		if unicode.Is(unicode.Hangul, r) {
			return s.sh.T("naming.prefix.hangul")
		}
	}
	cur := s.editor.Apply(s.sh.Inputs).Prefix
	if len(cur)+len(text) > steps.MaxPrefixLen {
		suffix := longestSuffix(s.sh, cur)
		return s.sh.T("naming.prefix.limit", steps.MaxPrefixLen, suffix, steps.MaxPrefixLen+len(suffix))
	}
	return ""
}

// longestSuffix is what the longest name the stack builds adds to its
// prefix ("-subnet-internal-2a").
func longestSuffix(sh Shared, prefix string) string {
	in := sh.Inputs
	in.Prefix, in.PublicKey = prefix, ""
	zones := sh.Zones
	if len(zones) == 0 {
		zones = []string{in.Region + "a", in.Region + "b", in.Region + "c"}
	}
	suffix := ""
	if p, err := steps.BuildPlan(in, zones); err == nil {
		for _, r := range p.Resources {
			if r.Kind == steps.KindRoute || r.Kind == steps.KindSGRules {
				continue // no objects of their own, no names of their own
			}
			if rest, ok := strings.CutPrefix(r.Name, prefix); ok && len(rest) > len(suffix) {
				suffix = rest
			}
		}
	}
	return suffix
}

func (s *namingScreen) View() string {
	page, keep := s.page()
	return s.scroll.view(s.sh, page, keep, s.width, s.height)
}

// page is the whole screen, however tall: the rule, the field, and every
// name the stack will have; keep are the field's lines.
func (s *namingScreen) page() (string, [2]int) {
	width := s.width
	keep := [2]int{-1, -1}
	st := s.sh.Styles
	lines := append([]string{st.Title.Render(s.sh.T("screen.naming"))}, wrapWords(st.Muted, s.sh.T("naming.intro"), width)...)
	lines = append(lines, "")
	in := s.sh.Inputs
	if s.sh.Fixed != notFixed {
		// Where the field is: the value kept, and why it cannot change.
		wrap := lipgloss.NewStyle().Width(width)
		lines = append(lines, st.Title.Render(s.sh.T("naming.fixed.value", in.Prefix, in.Region)),
			wrap.Inherit(st.Warning).Render(s.sh.T(fixedKey(s.sh.Fixed))))
	} else {
		form := s.editor.View()
		if first, last, ok := focusedLines(form); ok {
			keep = [2]int{len(lines) + first, len(lines) + last + 1}
		}
		lines = append(lines, form)
		in = s.editor.Apply(s.sh.Inputs)
		if s.refused != "" {
			lines = append(lines, wrapWords(st.Warning, s.refused, width)...)
		}
		if s.live != nil {
			lines = append(lines, wrapWords(st.Error, oneLine(catalog.Text(s.sh.Lang, s.live)), width)...)
			return strings.Join(lines, "\n"), keep
		}
	}
	zones := s.sh.Zones
	if len(zones) == 0 {
		zones = []string{in.Region + "a", in.Region + "b", in.Region + "c"}
	}
	in.PublicKey = "" // the key screen reads its file, not every frame here
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		lines = append(lines, wrapWords(st.Error, oneLine(catalog.Text(s.sh.Lang, err)), width)...)
		return strings.Join(lines, "\n"), keep
	}
	lines = append(lines, "", st.Title.Render(s.sh.T("naming.preview")))
	var rows []tableRow
	for _, r := range p.Resources {
		if r.Kind == steps.KindRoute || r.Kind == steps.KindSGRules {
			continue
		}
		rows = append(rows, tableRow{cells: []string{r.Name}, last: []span{{text: s.sh.T("step." + r.Step.String())}}})
	}
	if _, _, beside := tableLayout(rows, width); beside {
		lines = append(lines, tableView(rows, width))
		return strings.Join(lines, "\n"), keep
	}
	// Names too long for a column beside them: each step heads its own,
	// a name wider than the screen broken after a hyphen.
	step := ""
	for _, r := range rows {
		if h := r.last[0].text; h != step {
			step = h
			lines = append(lines, wrapWords(st.Muted, h, width)...)
		}
		lines = append(lines, indent(wrapWords(lipgloss.NewStyle(), r.cells[0], width-2), "  ")...)
	}
	return strings.Join(lines, "\n"), keep
}
