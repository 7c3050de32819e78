package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// editor is the editable part of a step screen: usually a huh form over
// some fields of the inputs. Like a screen it changes only in Init,
// Update, SetWidth and Refresh; View and Live change nothing.
type editor interface {
	Init() tea.Cmd
	Update(tea.Msg) tea.Cmd
	// SetWidth is the width the editor is drawn at.
	SetWidth(width int)
	View() string
	// Done reports that the user confirmed the values.
	Done() bool
	// Apply writes the edited values into the inputs.
	Apply(in steps.Inputs) steps.Inputs
	// Live is the validation of the values as typed, shown under the form.
	Live() error
	// Refresh hands the editor the root's newer state. It returns the
	// editor to use from now on: itself, or a new one when the new state
	// makes its fields wrong (a new prefix renames the key file on offer).
	Refresh(Shared) editor
}

// readOnlyViewer is an editor that can show its values once the step is
// done (finished steps are read-only, not hidden).
type readOnlyViewer interface {
	ReadOnlyView() string
}

// formEditor is an editor made of a huh form, which writes into vals: the
// editor is a pointer and never copied, so the form's pointers stay good.
type formEditor[V any] struct {
	form  *huh.Form
	vals  V
	width int // the width the form is laid out for
	apply func(V, steps.Inputs) steps.Inputs
	live  func(V) error
}

// newFormEditor builds a form over a copy of initial, with the keys of
// keys.Form; build makes the fields, bound to the copy.
func newFormEditor[V any](keys KeyMap, initial V, build func(*V) *huh.Form, apply func(V, steps.Inputs) steps.Inputs, live func(V) error) *formEditor[V] {
	e := &formEditor[V]{vals: initial, apply: apply, live: live}
	e.form = build(&e.vals).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeBase16)).WithKeyMap(keys.Form)
	return e
}

func (e *formEditor[V]) Init() tea.Cmd { return e.form.Init() }

func (e *formEditor[V]) Update(msg tea.Msg) tea.Cmd {
	// huh lays its fields out while updating, so it must know the width
	// before the first frame, not only when drawn.
	if e.width > 0 {
		e.form.WithWidth(e.width)
	}
	m, cmd := e.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		e.form = f
	}
	return cmd
}

// SetWidth lays the form out for width. huh lays a group out only when
// told the window's size; the form's own height is what it needs, so it
// is given plenty.
func (e *formEditor[V]) SetWidth(width int) {
	if width <= 0 || width == e.width {
		return
	}
	e.width = width
	e.form.WithWidth(width)
	e.form.Update(tea.WindowSizeMsg{Width: width, Height: 1 << 10})
}

func (e *formEditor[V]) View() string { return e.form.View() }

func (e *formEditor[V]) Done() bool { return e.form.State == huh.StateCompleted }

func (e *formEditor[V]) Apply(in steps.Inputs) steps.Inputs { return e.apply(e.vals, in) }

func (e *formEditor[V]) Live() error {
	if e.live == nil {
		return nil
	}
	return e.live(e.vals)
}

func (e *formEditor[V]) Refresh(Shared) editor { return e }

// formPage is a step's editor: a form with more drawn around it from the
// values as typed (a table, notes, prices), and, once the step ran, the
// values it ran with. The form's validation reads the root's state
// through the page (p.sh), so Refresh reaches it.
type formPage struct {
	editor // the form
	sh     Shared
	width  int
	// above and below are drawn around the form (below only while it is
	// edited), unless draw lays the whole page out around the form's view.
	above, below func(sh Shared, width int) string
	draw         func(sh Shared, form string, width int) string
	readOnly     func(sh Shared, width int) string
	// rebuild returns a new editor when the root's new state makes the
	// form's fields wrong (nil: keep this one).
	rebuild func(old, new Shared) editor
}

func (p *formPage) SetWidth(width int) {
	p.width = width
	p.editor.SetWidth(width)
}

// Refresh takes the root's newer state: the plan's names, the sandbox flag
// and whatever else the validation reads.
func (p *formPage) Refresh(sh Shared) editor {
	if p.rebuild != nil && !p.Done() {
		if fresh := p.rebuild(p.sh, sh); fresh != nil {
			// Init focuses the first field; its Cmd only starts the
			// cursor's blink, and the step screen's Init runs again when
			// the screen is shown.
			fresh.Init()
			return fresh
		}
	}
	p.sh = sh
	return p
}

func (p *formPage) View() string {
	form := p.editor.View()
	if p.draw != nil {
		return p.draw(p.sh, form, p.width)
	}
	var parts []string
	if p.above != nil {
		parts = append(parts, p.above(p.sh, p.width))
	}
	parts = append(parts, form)
	if p.below != nil && !p.Done() {
		parts = append(parts, p.below(p.sh, p.width))
	}
	return strings.Join(parts, "\n")
}

// ReadOnlyView shows the values the step ran with ("" when the page has
// no such view).
func (p *formPage) ReadOnlyView() string {
	if p.readOnly == nil {
		return ""
	}
	return p.readOnly(p.sh, p.width)
}

// netFocusedKey is the key of the form's focused field.
func netFocusedKey(f *huh.Form) string {
	if f == nil {
		return ""
	}
	if field := f.GetFocusedField(); field != nil {
		return field.GetKey()
	}
	return ""
}
