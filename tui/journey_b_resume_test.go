package tui

import (
	"os"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// journeyPaths are a check's paths: two as the mission wants, one not.
func journeyPaths() *steps.CheckReport {
	return &steps.CheckReport{Why: "fake", Paths: []steps.ReachPath{
		{ID: "internet->web:8080", Want: true, Open: true},
		{ID: "internet->db", Want: false, Open: false},
		{ID: "me->bastion:22", Want: true, Open: false},
	}}
}

// journeyBuiltAndChecked builds the whole stack on e and runs its check.
func journeyBuiltAndChecked(t *testing.T, e *fakeEngine, lang catalog.Lang) *drive {
	t.Helper()
	d := newDrive(t, fakeOptions(e, lang), 80, 24)
	d.quiet = drainQuiet / 10
	d.connected()
	d.send(nav.ApplyAll{})
	d.waitFor("the whole stack", fakeWait, func(m *Model) bool { return settled(steps.StepServers, StepDone)(m) && m.progress.Running() == 0 })
	d.drain(d.m.fetchReport())
	d.goTo(scrCheck)
	d.keys("enter")
	d.waitFor("the check", fakeWait, func(m *Model) bool { return m.sh.Check.Report != nil })
	return d
}

// journeyResumed is another run of the wizard on e, continuing the
// stack d built.
func journeyResumed(t *testing.T, e *fakeEngine, lang catalog.Lang, in steps.Inputs) *drive {
	t.Helper()
	d := newDrive(t, fakeOptions(e, lang), 80, 24)
	d.quiet = drainQuiet / 10
	d.send(nav.Resume{Inputs: in, Built: true})
	d.waitFor("the finished stack's summary", fakeWait, func(m *Model) bool { return m.cur == scrSummary })
	return d
}

// A check's outcome is kept beside the stack's progress file (0600: a
// time and counts), and a later run of the wizard that continues the
// stack has it; from the summary it opens on, Esc reaches the check and
// the review.
func TestJourneyB_LastCheckKeptAcrossRuns(t *testing.T) {
	e := newFakeEngine(t)
	e.checked = journeyPaths()
	d := journeyBuiltAndChecked(t, e, catalog.EN)
	in := d.m.sh.Inputs
	path := steps.LastCheckPath(e.StatePath(in))
	var fi os.FileInfo
	d.waitFor("the last check on disk", fakeWait, func(*Model) bool {
		var err error
		fi, err = os.Stat(path)
		return err == nil
	})
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want 0600", path, fi.Mode().Perm())
	}
	saved, err := steps.LoadLastCheck(path)
	if err != nil {
		t.Fatal(err)
	}
	if saved.OK || saved.Paths != 3 || saved.PathsOK != 2 || saved.SSH || !saved.At.Equal(fixedNow) || saved.VPC == "" {
		t.Errorf("kept %+v, want not OK, 2 of 3 paths, no SSH, at %v, the VPC's id", saved, fixedNow)
	}

	r := journeyResumed(t, e, catalog.EN, in)
	r.waitFor("the last check read", fakeWait, func(m *Model) bool { return m.lastCheck != nil })
	if got := *r.m.lastCheckShown(); got != saved {
		t.Errorf("the resumed wizard has %+v, want %+v", got, saved)
	}
	r.keys("esc")
	if r.m.cur != scrCheck {
		t.Fatalf("Esc from the summary went to %v, not the check", r.m.cur)
	}
	r.keys("esc")
	if r.m.cur != scrReview {
		t.Fatalf("Esc from the check went to %v, not the review", r.m.cur)
	}
	r.keys("enter")
	if r.m.cur != scrCheck {
		t.Fatalf("Enter on the review went to %v, not the check", r.m.cur)
	}

	// Built again under the same name, the stack has another VPC: the
	// old check says nothing of it.
	saved.VPC = "vpc-0ld"
	if err := steps.SaveLastCheck(path, saved); err != nil {
		t.Fatal(err)
	}
	r = journeyResumed(t, e, catalog.EN, in)
	r.waitFor("the last check read", fakeWait, func(m *Model) bool { return m.lastCheck != nil })
	if got := r.m.lastCheckShown(); got != nil {
		t.Errorf("a check of another VPC is said of this stack: %+v", got)
	}
}
