package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
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
	// The quit dialog's answers.
	Yes key.Binding
	No  key.Binding
	// The credentials screen's own keys.
	Practice  key.Binding
	Reconnect key.Binding
	UpdateIP  key.Binding
	// The check screen's own keys.
	Rerun  key.Binding
	FixKey key.Binding
	// The summary's own keys, and the moves of its table beyond Up and
	// Down (not on the help bar).
	Markdown     key.Binding
	CSV          key.Binding
	SSH          key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding
	// Form are the keys of the step screens' forms.
	Form *huh.KeyMap
}

// DefaultKeyMap returns the keys with help in lang.
func DefaultKeyMap(l catalog.Lang) KeyMap {
	t := func(k string) string { return catalog.T(l, k) }
	return KeyMap{
		Next:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.next"))),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back"))),
		Run:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.run"))),
		ApplyAll:     key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", t("key.applyall"))),
		Learn:        key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", t("key.learn"))),
		Help:         key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", t("key.help"))),
		Quit:         key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("key.quit"))),
		Retry:        key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", t("key.retry"))),
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", t("key.up"))),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", t("key.down"))),
		Yes:          key.NewBinding(key.WithKeys("y", "Y")),
		No:           key.NewBinding(key.WithKeys("n", "N", "esc")),
		Practice:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("creds.practice.key"))),
		Reconnect:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.retry"))),
		UpdateIP:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", t("creds.ip.update.key"))),
		Rerun:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.check.rerun"))),
		FixKey:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t("key.check.fix"))),
		Markdown:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("summary.key.md"))),
		CSV:          key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("summary.key.csv"))),
		SSH:          key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t("summary.key.ssh"))),
		PageUp:       key.NewBinding(key.WithKeys("b", "pgup")),
		PageDown:     key.NewBinding(key.WithKeys("f", "pgdown", "space")),
		HalfPageUp:   key.NewBinding(key.WithKeys("u", "ctrl+u")),
		HalfPageDown: key.NewBinding(key.WithKeys("d", "ctrl+d")),
		Top:          key.NewBinding(key.WithKeys("home", "g")),
		Bottom:       key.NewBinding(key.WithKeys("end", "G")),
		Form:         huh.NewDefaultKeyMap(),
	}
}

// tableKeys are the summary table's moves, from the KeyMap.
func (k KeyMap) tableKeys() table.KeyMap {
	return table.KeyMap{
		LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		HalfPageUp: k.HalfPageUp, HalfPageDown: k.HalfPageDown, GotoTop: k.Top, GotoBottom: k.Bottom,
	}
}
