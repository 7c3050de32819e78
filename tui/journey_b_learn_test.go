package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

var (
	journeyPgDown = tea.KeyPressMsg{Code: tea.KeyPgDown}
	journeyPgUp   = tea.KeyPressMsg{Code: tea.KeyPgUp}
)

// The learn pane scrolls: at 80x24 the routes step's commands do not fit
// under the screen, and pgdn brings every one of them in sight, pgup the
// first again; the help bar says so; the form beside it takes none of
// these keys.
func TestJourneyB_LearnPaneScrolls(t *testing.T) {
	for _, lang := range goldenLangs {
		e := newFakeEngine(t)
		d := newDrive(t, fakeOptions(e, lang), 80, 24)
		d.quiet = drainQuiet / 10
		d.connected()
		d.goTo(scrRoutes)
		d.keys("ctrl+l")
		cmds := steps.LearnCommands(d.m.sh.Plan, steps.StepRoutes, d.m.ids())
		if len(cmds) < 6 {
			t.Fatalf("only %d commands for the routes step", len(cmds))
		}
		// A command's first line names what it creates: each must come
		// in sight.
		firsts := make([]string, len(cmds))
		for i, c := range cmds {
			firsts[i] = strings.TrimSpace(strings.SplitN(strings.Join(shellWrap(c, 57), "\n"), "\n", 2)[0])
		}
		seen := map[int]bool{}
		look := func() string {
			f := d.frame()
			for i, l := range firsts {
				if strings.Contains(f, l) {
					seen[i] = true
				}
			}
			return f
		}
		f := look()
		if !seen[0] {
			t.Fatalf("%v: the first command %q is not in sight:\n%s", lang, firsts[0], f)
		}
		if len(seen) == len(cmds) {
			t.Fatalf("%v: every command fits at 80x24; the test needs a pane that scrolls:\n%s", lang, f)
		}
		if !strings.Contains(f, "pgup/pgdn") {
			t.Errorf("%v: the help bar does not name the keys that scroll the pane:\n%s", lang, f)
		}
		for range 40 {
			d.send(journeyPgDown)
			look()
		}
		if len(seen) != len(cmds) {
			t.Errorf("%v: after paging down, %d of %d commands came in sight:\n%s", lang, len(seen), len(cmds), d.frame())
		}
		for range 40 {
			d.send(journeyPgUp)
		}
		if f := d.frame(); !strings.Contains(f, firsts[0]) {
			t.Errorf("%v: paging up does not bring the first command back:\n%s", lang, f)
		}
		// The VPC screen's field takes no key of the pane.
		d.goTo(scrVPC)
		before := d.m.screen(scrVPC).(*stepScreen).editor.Apply(d.m.sh.Inputs).VPCCIDR
		d.send(journeyPgDown, journeyPgUp)
		if after := d.m.screen(scrVPC).(*stepScreen).editor.Apply(d.m.sh.Inputs).VPCCIDR; after != before {
			t.Errorf("%v: the pane's keys typed into the VPC field: %q -> %q", lang, before, after)
		}
		if !strings.Contains(d.frame(), catalog.T(lang, "learn.title")) {
			t.Errorf("%v: the learn pane closed on another screen", lang)
		}
	}
}
