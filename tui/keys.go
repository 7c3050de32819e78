package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// KeyMap holds the wizard's keys; its help texts follow the language.
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
	// The check screen's own keys.
	Rerun  key.Binding
	FixKey key.Binding
}

// DefaultKeyMap returns the keys with help in lang.
func DefaultKeyMap(l catalog.Lang) KeyMap {
	t := func(k string) string { return catalog.T(l, k) }
	return KeyMap{
		Next:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.next"))),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back"))),
		Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("key.run"))),
		ApplyAll: key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", t("key.applyall"))),
		Learn:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", t("key.learn"))),
		Help:     key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", t("key.help"))),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t("key.quit"))),
		Retry:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", t("key.retry"))),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", t("key.up"))),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", t("key.down"))),
		Rerun:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("key.check.rerun"))),
		FixKey:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t("key.check.fix"))),
	}
}
