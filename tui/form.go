package tui

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// editor is the editable part of a step screen: usually a huh form over
// some fields of the inputs.
type editor interface {
	Init() tea.Cmd
	Update(tea.Msg) (editor, tea.Cmd)
	View(width int) string
	// Done reports that the user confirmed the values.
	Done() bool
	// Apply writes the edited values into the inputs.
	Apply(in steps.Inputs) steps.Inputs
	// Live is the validation of the values as typed, shown under the form.
	Live() error
}

// formEditor is an editor made of a huh form. The form writes into vals,
// which lives on the heap so that copies of the screen share it.
type formEditor[V any] struct {
	form  *huh.Form
	vals  *V
	width *int // the width last drawn at, applied before each update
	apply func(V, steps.Inputs) steps.Inputs
	live  func(V) error
}

// newFormEditor builds a form over a copy of initial; build makes the
// fields, bound to the copy.
func newFormEditor[V any](_ Shared, initial V, build func(*V) *huh.Form, apply func(V, steps.Inputs) steps.Inputs, live func(V) error) editor {
	v := new(V)
	*v = initial
	f := build(v).WithShowHelp(false).WithTheme(huh.ThemeFunc(huh.ThemeBase16))
	return formEditor[V]{form: f, vals: v, apply: apply, live: live, width: new(int)}
}

func (e formEditor[V]) Init() tea.Cmd { return e.form.Init() }

func (e formEditor[V]) Update(msg tea.Msg) (editor, tea.Cmd) {
	// huh lays its fields out while updating, so it must know the width
	// before the first frame, not only when drawn.
	if *e.width > 0 {
		e.form.WithWidth(*e.width)
	}
	m, cmd := e.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		e.form = f
	}
	return e, cmd
}

func (e formEditor[V]) View(width int) string {
	if *e.width != width {
		// huh lays a group out only when told the window's size; the
		// form's own height is what it needs, so it is given plenty.
		*e.width = width
		e.form.WithWidth(width)
		e.form.Update(tea.WindowSizeMsg{Width: width, Height: 1 << 10})
	}
	return e.form.View()
}

func (e formEditor[V]) Done() bool { return e.form.State == huh.StateCompleted }

func (e formEditor[V]) Apply(in steps.Inputs) steps.Inputs { return e.apply(*e.vals, in) }

func (e formEditor[V]) Live() error {
	if e.live == nil {
		return nil
	}
	return e.live(*e.vals)
}

// formPage is a form with more drawn around it (a table, notes), whose
// validation reads the root's state through sh. It is the one place that
// passes updates to the form and hands the form the root's newer state;
// draw lays the page out around the form's own view.
type formPage struct {
	editor // the form
	// sh is shared with the form's validation, so Refresh reaches it.
	sh   *Shared
	draw func(form editor, width int) string
}

func (p formPage) Update(msg tea.Msg) (editor, tea.Cmd) {
	var cmd tea.Cmd
	p.editor, cmd = p.editor.Update(msg)
	return p, cmd
}

// Refresh takes the root's newer state: the plan's names, the sandbox flag
// and whatever else the validation reads.
func (p formPage) Refresh(sh Shared) editor {
	*p.sh = sh
	return p
}

func (p formPage) View(width int) string { return p.draw(p.editor, width) }
