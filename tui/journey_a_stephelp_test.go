package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// stepHelp is what a step screen's help lists: "key desc" per binding.
func stepHelp(s screen) []string {
	var out []string
	for _, b := range s.Bindings() {
		if b.Enabled() {
			out = append(out, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return out
}

// While a step's fields are edited, the help says what Enter does in the
// focused field (the next field; on the last, run the step) and lists
// Shift+Tab where it goes back; a failed step adds ctrl+r, and Enter moves
// on there while Tab still goes to the next field.
func TestJourneyA_StepHelpFollowsTheForm(t *testing.T) {
	for _, lang := range goldenLangs {
		T := func(k string) string { return catalog.T(lang, k) }
		next := "enter/tab " + T("key.form.next")
		prev := "shift+tab " + T("key.form.prev")
		run := "enter " + T("key.run")
		s := netScreen(t, steps.StepSubnets, netShared(t, lang, nil))
		n := len(steps.SubnetKeys)
		for i := range n {
			help := strings.Join(stepHelp(s), " · ")
			switch {
			case i < n-1 && !strings.Contains(help, next):
				t.Errorf("%v: field %d of the subnets: the help %q lacks %q", lang, i+1, help, next)
			case i == n-1 && !strings.Contains(help, run):
				t.Errorf("%v: the last subnet: the help %q lacks %q", lang, help, run)
			case i == n-1 && strings.Contains(help, next):
				t.Errorf("%v: the last subnet: the help %q says Enter goes to a next field", lang, help)
			}
			if i > 0 && !strings.Contains(help, prev) {
				t.Errorf("%v: field %d of the subnets: the help %q lacks %q", lang, i+1, help, prev)
			}
			if i == 0 && strings.Contains(help, prev) {
				t.Errorf("%v: the first field: the help %q offers Shift+Tab, which goes nowhere", lang, help)
			}
			if i < n-1 {
				s, _ = netSend(t, s, tea.KeyPressMsg{Code: tea.KeyTab})
			}
		}

		// A failed step: ctrl+r, Enter moves on, Tab still edits.
		sh := netShared(t, lang, nil)
		sh.Steps[steps.StepSubnets] = StepFailed
		s = netScreen(t, steps.StepSubnets, sh)
		help := strings.Join(stepHelp(s), " · ")
		k := DefaultKeyMap(lang)
		for _, want := range []key.Binding{k.Retry, k.Next} {
			if w := want.Help().Key + " " + want.Help().Desc; !strings.Contains(help, w) {
				t.Errorf("%v: a failed step's help %q lacks %q", lang, help, w)
			}
		}
		if w := "tab " + T("key.form.next"); !strings.Contains(help, w) || strings.Contains(help, next) {
			t.Errorf("%v: a failed step's help %q: want %q, not Enter for the next field", lang, help, w)
		}
	}
}
