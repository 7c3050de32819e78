package tui

import (
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// A stack resumed says how its last check went: the checklist marks it,
// the check screen says when and what it found; Enter checks again.
func TestJourneyB_LastCheckShownWhenResumed(t *testing.T) {
	for _, lang := range goldenLangs {
		e := newFakeEngine(t)
		e.checked = journeyPaths()
		d := journeyBuiltAndChecked(t, e, lang)
		r := journeyResumed(t, e, lang, d.m.sh.Inputs)
		r.waitFor("the last check read", fakeWait, func(m *Model) bool { return m.lastCheck != nil })
		check := r.m.sh.screenLabel(scrCheck)
		if f := r.frame(); !strings.Contains(f, "✗ "+check) {
			t.Errorf("%v: the checklist does not mark the last check failed:\n%s", lang, f)
		}
		r.keys("esc")
		f := r.frame()
		for _, want := range []string{
			catalog.T(lang, "check.last", fixedNow.Local().Format("2006-01-02 15:04")),
			catalog.T(lang, "check.paths", 2, 3),
			catalog.T(lang, "check.last.bad"),
		} {
			if !strings.Contains(journeyWords(f), journeyWords(want)) {
				t.Errorf("%v: the check screen does not say %q:\n%s", lang, want, f)
			}
		}
		// Checked again, and all is well now: the new check is what the
		// screen says, and what the next run will.
		e.mu.Lock()
		e.checked.Paths[2].Open = true
		e.mu.Unlock()
		r.keys("enter")
		r.waitFor("the check", fakeWait, func(m *Model) bool { return m.sh.Check.Report != nil })
		if f := r.frame(); !strings.Contains(f, "✓ "+check) || strings.Contains(journeyWords(f), journeyWords(catalog.T(lang, "check.last.bad"))) {
			t.Errorf("%v: after checking again:\n%s", lang, f)
		}
		if c := r.m.lastCheck; c == nil || !c.OK || c.PathsOK != 3 {
			t.Errorf("%v: kept after checking again: %+v", lang, c)
		}
	}
}
