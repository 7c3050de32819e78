package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/viewport"
	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// KeyMap holds every key the wizard reacts to; its help texts follow the
// language. Screens list theirs for the help bar (Bindings) from here and
// match keys against these bindings only, so the help bar and F1 say what
// the keys do; the forms' keys (next and previous field, submit, the
// choices of a select) are huh's own, handed to every form from here.
type KeyMap struct {
	Next     key.Binding
	Back     key.Binding
	Run      key.Binding
	ApplyAll key.Binding
	Learn    key.Binding
	Help     key.Binding
	Quit     key.Binding
	Retry    key.Binding
	Up       key.Binding
	Down     key.Binding
	// RunAll is the review's Enter while steps remain: it runs them all.
	RunAll key.Binding
	// The quit dialog's answers.
	Yes key.Binding
	No  key.Binding
	// The credentials screen's own keys.
	Practice  key.Binding
	Reconnect key.Binding
	UpdateIP  key.Binding
	// The check screen's own keys: Enter runs the check before it ran.
	RunCheck key.Binding
	Rerun    key.Binding
	FixKey   key.Binding
	// The summary's own keys, and the moves of a table or a scrolled view
	// beyond Up and Down (last on the help bar: F1 lists them).
	Markdown     key.Binding
	CSV          key.Binding
	SSH          key.Binding
	Bill         key.Binding
	Diagram      key.Binding
	DrawIO       key.Binding
	Destroy      key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding
	// The destroy screen's: Enter deletes once the prefix is typed, and
	// its list scrolls by keys that type nothing.
	Delete     key.Binding
	ScrollUp   key.Binding
	ScrollDown key.Binding
	// The learn pane's: it scrolls by keys that type nothing and move no
	// field or choice of the screen beside it. LearnScroll is the two as
	// the help bar names them.
	LearnUp     key.Binding
	LearnDown   key.Binding
	LearnScroll key.Binding
	// PageScroll moves a step's page that is taller than the screen, by
	// the keys no form takes (a page up or down, as LearnUp and
	// LearnDown; the learn pane has them while it is open).
	PageScroll key.Binding
	// Form are the keys of the step screens' forms.
	Form *huh.KeyMap
}

// DefaultKeyMap returns the keys with help in lang.
func DefaultKeyMap(l catalog.Lang) KeyMap {
	t := func(k string) string { return catalog.T(l, k) }
	return KeyMap{
		Next:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.next"))),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back"))),
		Run:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.run"))),
		ApplyAll:  key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", t("key.applyall"))),
		Learn:     key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", t("key.learn"))),
		Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", t("key.help"))),
		Quit:      key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("key.quit"))),
		Retry:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", t("key.retry"))),
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", t("key.up"))),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", t("key.down"))),
		RunAll:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.review.runall"))),
		Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", t("key.quit.yes"))),
		No:        key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", t("key.quit.no"))),
		Practice:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("creds.practice.key"))),
		Reconnect: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.retry"))),
		UpdateIP:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", t("creds.ip.update.key"))),
		RunCheck:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.check.run"))),
		Rerun:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.check.rerun"))),
		FixKey:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t("key.check.fix"))),
		Markdown:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("summary.key.md"))),
		CSV:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("summary.key.csv"))),
		SSH:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t("summary.key.ssh"))),
		Bill:      key.NewBinding(key.WithKeys("$"), key.WithHelp("$", t("summary.key.bill"))),
		Diagram:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t("summary.key.diagram"))),
		DrawIO:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t("summary.key.drawio"))),
		Destroy:   key.NewBinding(key.WithKeys("D"), key.WithHelp("D", t("summary.key.destroy"))),
		PageUp:    key.NewBinding(key.WithKeys("b", "pgup"), key.WithHelp("b/pgup", t("key.page.up"))),
		PageDown:  key.NewBinding(key.WithKeys("f", "pgdown", "space"), key.WithHelp("f/pgdn", t("key.page.down"))),
		// ctrl+u and ctrl+d only: d draws the diagram.
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", t("key.halfpage.up"))),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("key.halfpage.down"))),
		Top:          key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", t("key.top"))),
		Bottom:       key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", t("key.bottom"))),
		Delete:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("teardown.key.delete"))),
		ScrollUp:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", t("key.up"))),
		ScrollDown:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", t("key.down"))),
		LearnUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", t("key.learn.up"))),
		LearnDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", t("key.learn.down"))),
		LearnScroll:  key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", t("key.learn.scroll"))),
		PageScroll:   key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", t("key.page.scroll"))),
		Form:         formKeys(t),
	}
}

// formKeys are huh's keys for the step screens' forms, with help in the
// wizard's language: the step screens list the focused field's keys on
// the help bar (Enter moves to the next field; on the last it runs the
// step).
func formKeys(t func(string) string) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	next, prev, submit := t("key.form.next"), t("key.form.prev"), t("key.run")
	k.Input.Next.SetHelp("enter/tab", next)
	k.Input.Prev.SetHelp("shift+tab", prev)
	k.Input.Submit.SetHelp("enter", submit)
	k.Input.AcceptSuggestion.SetHelp("ctrl+e", t("key.form.complete"))
	k.Select.Next.SetHelp("enter/tab", t("key.form.choose"))
	k.Select.Prev.SetHelp("shift+tab", prev)
	k.Select.Submit.SetHelp("enter", submit)
	k.Select.Up.SetHelp("↑", t("key.up"))
	k.Select.Down.SetHelp("↓", t("key.down"))
	k.Select.Left.SetHelp("←", t("key.form.left"))
	k.Select.Right.SetHelp("→", t("key.form.right"))
	k.Select.Filter.SetHelp("/", t("key.form.filter"))
	k.Select.SetFilter.SetHelp("esc", t("key.form.filter.set"))
	k.Select.ClearFilter.SetHelp("esc", t("key.form.filter.clear"))
	k.Select.HalfPageUp.SetHelp("ctrl+u", t("key.halfpage.up"))
	k.Select.HalfPageDown.SetHelp("ctrl+d", t("key.halfpage.down"))
	k.Select.GotoTop.SetHelp("g/home", t("key.top"))
	k.Select.GotoBottom.SetHelp("G/end", t("key.bottom"))
	k.Confirm.Toggle.SetHelp("←/→", t("key.form.toggle"))
	k.Confirm.Prev.SetHelp("shift+tab", prev)
	k.Confirm.Next.SetHelp("enter/tab", next)
	k.Confirm.Submit.SetHelp("enter", submit)
	k.Confirm.Accept.SetHelp("y", t("key.form.yes"))
	k.Confirm.Reject.SetHelp("n", t("key.form.no"))
	return k
}

// viewKeys are the moves of a scrolled view (the review, the summary's
// bill and diagram), from the KeyMap; nothing scrolls sideways.
func (k KeyMap) viewKeys() viewport.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	return viewport.KeyMap{
		Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: k.HalfPageUp, HalfPageDown: k.HalfPageDown, Left: off, Right: off,
	}
}

// typingViewKeys are the moves of a view beside a text field: only keys
// that type nothing.
func (k KeyMap) typingViewKeys() viewport.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	return viewport.KeyMap{Up: k.ScrollUp, Down: k.ScrollDown, PageUp: off, PageDown: off, HalfPageUp: off, HalfPageDown: off, Left: off, Right: off}
}

// learnKeys are the moves of the learn pane, from the KeyMap: a page at a
// time, by keys no form takes.
func (k KeyMap) learnKeys() viewport.KeyMap {
	off := key.NewBinding(key.WithDisabled())
	return viewport.KeyMap{Up: off, Down: off, PageUp: k.LearnUp, PageDown: k.LearnDown, HalfPageUp: off, HalfPageDown: off, Left: off, Right: off}
}

// tableKeys are the summary table's moves, from the KeyMap.
func (k KeyMap) tableKeys() table.KeyMap {
	return table.KeyMap{
		LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: k.HalfPageUp, HalfPageDown: k.HalfPageDown, GotoTop: k.Top, GotoBottom: k.Bottom,
	}
}
