package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
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

// keyBinder is an editor whose focused field has keys of its own: a huh
// form's (Enter or Tab to the next field, Shift+Tab back, Enter on the
// last field runs the step), with help from the KeyMap's Form.
type keyBinder interface{ KeyBinds() []key.Binding }

// formEditor is an editor made of a huh form, which writes into vals: the
// editor is a pointer and never copied, so the form's pointers stay good.
type formEditor[V any] struct {
	form  *huh.Form
	vals  V
	width int // the width the form is laid out for
	apply func(V, steps.Inputs) steps.Inputs
	live  func(V) error
	keys  *huh.KeyMap
	gate  *formGate
}

// formGate lets the student go back a field whatever its value: huh
// judges a field as it leaves it and refuses to go back from a wrong one,
// after it took the focus away, which left the form with no field focused
// (the key screen's path could never go back to "generate"). While the
// student moves back, the fields' validations pass; each is judged again
// on the way forward, and a form is only ever submitted forward.
type formGate struct{ back bool }

// judge is fn, except while the student moves back.
func (g *formGate) judge(fn func(string) error) func(string) error {
	return func(s string) error {
		if g.back {
			return nil
		}
		return fn(s)
	}
}

// newFormEditor builds a form over a copy of initial, with the keys of
// keys.Form; build makes the fields, bound to the copy, each validation
// passed through the gate's judge.
func newFormEditor[V any](keys KeyMap, initial V, build func(*V, *formGate) *huh.Form, apply func(V, steps.Inputs) steps.Inputs, live func(V) error) *formEditor[V] {
	e := &formEditor[V]{vals: initial, apply: apply, live: live, keys: keys.Form, gate: &formGate{}}
	e.form = build(&e.vals, e.gate).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeBase16)).WithKeyMap(keys.Form)
	return e
}

func (e *formEditor[V]) Init() tea.Cmd { return e.form.Init() }

func (e *formEditor[V]) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && e.keys != nil {
		// Until the next key: the move back the key starts comes as
		// messages of huh's own.
		e.gate.back = key.Matches(k, e.keys.Input.Prev, e.keys.Select.Prev, e.keys.Confirm.Prev)
	}
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

// KeyBinds are the focused field's keys, as huh enables them for its
// place in the form.
func (e *formEditor[V]) KeyBinds() []key.Binding { return e.form.KeyBinds() }

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
	// preview changes what the step will create as the values typed say
	// (planPreviewer); nil changes nothing.
	preview func(sh Shared, p steps.Plan) steps.Plan
	// ownLive: the page shows the problem of its values itself, under
	// the field it is about (liveShower).
	ownLive bool
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

// PreviewPlan is p as the values typed change it.
func (p *formPage) PreviewPlan(plan steps.Plan) steps.Plan {
	if p.preview == nil {
		return plan
	}
	return p.preview(p.sh, plan)
}

// ShowsLive says the page shows its values' problem itself.
func (p *formPage) ShowsLive() bool { return p.ownLive }

// KeyBinds are the form's keys (none when the form has none of its own).
func (p *formPage) KeyBinds() []key.Binding {
	if kb, ok := p.editor.(keyBinder); ok {
		return kb.KeyBinds()
	}
	return nil
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
