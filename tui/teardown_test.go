package tui

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// teardownStage waits for the destroy screen to reach stage st.
func teardownStage(st TeardownStage) func(*Model) bool {
	return func(m *Model) bool { return m.sh.Teardown.Stage == st }
}

// openDestroy presses D on the summary and waits for the list.
func openDestroy(d *drive, timeout time.Duration) {
	d.t.Helper()
	d.goTo(scrSummary)
	d.keys("D")
	if d.m.cur != scrDestroy {
		d.t.Fatalf("D on the summary: at %v, want the destroy screen\n%s", d.m.cur, d.frame())
	}
	d.waitFor("the list of what goes", timeout, func(m *Model) bool { return m.sh.Teardown.Stage != TeardownListing })
}

// sweepSaysNothingLeft checks the sweep: a line per kind the stack held,
// each with nothing left, and nothing billable.
func sweepSaysNothingLeft(t *testing.T, d *drive, kinds []string) {
	t.Helper()
	lang := d.m.sh.Lang
	f := d.frame()
	mustSay(t, f, catalog.T(lang, "teardown.sweep", d.m.sh.Teardown.Stack, testRegion), catalog.T(lang, "teardown.clean"))
	for _, k := range kinds {
		want := kindWord(d.m.sh, k)
		found := false
		for _, l := range strings.Split(f, "\n") {
			if strings.Contains(l, want+" ") && strings.Contains(l, catalog.T(lang, "teardown.left", 0)) {
				found = true
			}
		}
		if !found {
			t.Errorf("the sweep has no line %q with %q:\n%s", want, catalog.T(lang, "teardown.left", 0), f)
		}
	}
	if strings.Contains(f, catalog.T(lang, "teardown.left", 1)) {
		t.Errorf("the sweep finds something left:\n%s", f)
	}
}

// The destroy screen lists what carries the stack's tags, by name and
// id; Esc before the prefix is typed leaves without deleting, a wrong
// prefix deletes nothing; the right one deletes, showing each object,
// and the sweep ends it: nothing left of any kind, nothing billable, the
// header no longer billing, every step pending again.
func TestTeardown_ListsConfirmsDeletesAndSweeps(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			e := newFakeEngine(t)
			d := fakeBuilt(t, e, lang)
			openDestroy(d, fakeWait)
			td := d.m.sh.Teardown
			if td.Stage != TeardownReady || len(td.Objects) != 20 {
				t.Fatalf("the destroy screen lists %d objects at stage %v, want the 20 the fake made", len(td.Objects), td.Stage)
			}
			f := d.frame()
			mustSay(t, f, catalog.T(lang, "teardown.intro", 20, "mhson"), catalog.T(lang, "teardown.confirm", "mhson"))
			for _, r := range []steps.Role{steps.RoleVPC, steps.RoleSubnetPublic1} {
				res, _ := d.m.sh.Plan.Get(r)
				if !strings.Contains(f, res.Name) || !strings.Contains(f, fakeID(res)) {
					t.Errorf("the list lacks %s %s:\n%s", res.Name, fakeID(res), f)
				}
			}
			// Everything is listed, scrolled to.
			var seen []string
			for _, fr := range scrolled(d, "down") {
				checkFits(t, "destroy list", fr, 120, 40)
				seen = append(seen, fr)
			}
			for _, o := range td.Objects {
				if !strings.Contains(strings.Join(seen, "\n"), o.Name) {
					t.Errorf("%s is never shown", o.Name)
				}
			}

			d.keys("esc")
			if d.m.cur != scrSummary || e.destroys != 0 {
				t.Fatalf("esc before confirming: at %v after %d destroys", d.m.cur, e.destroys)
			}
			openDestroy(d, fakeWait)
			d.typeIn("mhsom")
			d.keys("enter")
			mustSay(t, d.frame(), catalog.T(lang, "teardown.mismatch", "mhson"))
			if e.destroys != 0 || d.m.sh.Teardown.Stage != TeardownReady {
				t.Fatalf("a wrong prefix started a destroy (%d)", e.destroys)
			}
			d.keys("backspace")
			d.typeIn("n")
			d.keys("enter")
			d.waitFor("the sweep", fakeWait, teardownStage(TeardownDone))
			if !d.m.sh.Teardown.Clean() || e.destroys != 1 {
				t.Fatalf("after the destroy: %+v, %d destroys", d.m.sh.Teardown, e.destroys)
			}
			for _, o := range td.Objects {
				if l, ok := d.m.sh.Teardown.Lines[o.ID]; !ok || l.Phase != steps.PhaseDone {
					t.Errorf("%s %s: no deletion shown (%+v)", o.Name, o.ID, l)
				}
			}
			sweepSaysNothingLeft(t, d, []string{"key-pair", "vpc", "subnet", "internet-gateway", "elastic-ip", "nat-gateway", "route-table", "security-group", "instance"})
			d.waitFor("the report of nothing", fakeWait, func(m *Model) bool { return m.sh.Report != nil && !billing(m.sh.Report) })
			if h := strings.Split(d.frame(), "\n")[0]; strings.Contains(h, strings.Fields(catalog.T(lang, "cost.header", "$"))[0]) {
				t.Errorf("the header still bills after the destroy: %q", h)
			}
			for _, st := range steps.Steps {
				if d.stepState(st) != StepPending {
					t.Errorf("%s is %v after the destroy, want pending", st, d.stepState(st))
				}
			}
			if _, err := os.Stat(e.StatePath(d.m.sh.Inputs)); !os.IsNotExist(err) {
				t.Errorf("the progress file is still there: %v", err)
			}
			d.keys("esc")
			if d.m.cur != scrSummary {
				t.Errorf("esc after the sweep: at %v, want the summary", d.m.cur)
			}
		})
	}
}

// Quitting while the destroy runs asks first, saying it stops safely and
// the command that finishes it; Esc does not leave the screen meanwhile,
// and no step starts. Yes stops the destroy and quits.
func TestTeardown_QuitWhileDeletingAsksFirst(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeBuilt(t, e, catalog.EN)
	e.mu.Lock()
	e.destroyHold = make(chan struct{})
	e.mu.Unlock()
	openDestroy(d, fakeWait)
	d.typeIn("mhson")
	d.keys("enter")
	d.waitFor("the destroy", fakeWait, teardownStage(TeardownRunning))
	d.keys("esc")
	if d.m.cur != scrDestroy || d.m.status != catalog.T(catalog.EN, "teardown.wait") {
		t.Errorf("esc while deleting: at %v, status %q", d.m.cur, d.m.status)
	}
	d.send(nav.StartStep{Step: steps.StepVPC})
	if d.m.progress.Busy() {
		t.Error("a step started while the stack is being deleted")
	}
	d.keys("ctrl+c")
	f := d.frame()
	mustSay(t, dialogText(f), catalog.T(catalog.EN, "teardown.quit"))
	if cmd := steps.Command(d.m.sh.Inputs, "destroy", "--yes"); !strings.Contains(shellJoined(dialogText(f)), cmd) {
		t.Errorf("the dialog lacks %q:\n%s", cmd, f)
	}
	d.keys("n")
	if d.m.sh.Teardown.Stage != TeardownRunning {
		t.Fatalf("n stopped the destroy: %v", d.m.sh.Teardown.Stage)
	}
	d.keys("ctrl+c", "y")
	d.waitFor("the quit", fakeWait, func(*Model) bool { return d.quit })
	if err := d.m.sh.Teardown.Err; !errors.Is(err, context.Canceled) {
		t.Errorf("the destroy ended with %v, want it cancelled", err)
	}
}

// Nothing may delete the stack while a step runs: it would race the run.
func TestTeardown_RefusedWhileAStepRuns(t *testing.T) {
	e := newFakeEngine(t)
	release := e.hold(steps.StepKey)
	defer release()
	d := fakeDrive(t, e, catalog.EN)
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("the key run", fakeWait, func(m *Model) bool { return m.progress.Running() == 1 })
	d.goTo(scrSummary)
	d.keys("D")
	if d.m.cur != scrSummary || d.m.status != catalog.T(catalog.EN, "teardown.busy") {
		t.Errorf("D while a step runs: at %v, status %q", d.m.cur, d.m.status)
	}
}

// A stack with nothing in AWS has nothing to delete, and says so.
func TestTeardown_NothingToDelete(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeDrive(t, e, catalog.EN)
	openDestroy(d, fakeWait)
	mustSay(t, d.frame(), catalog.T(catalog.EN, "teardown.nothing", "mhson", testRegion))
	d.keys("enter")
	if e.destroys != 0 {
		t.Errorf("enter with nothing to delete ran %d destroys", e.destroys)
	}
}

// What a destroy leaves is shown (marked, counted in the sweep, with
// what it still bills), and ctrl+r tries again.
func TestTeardown_WhatIsLeftIsShownAndRetried(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeBuilt(t, e, catalog.EN)
	e.mu.Lock()
	e.destroyFail = map[steps.Role]error{steps.RoleNAT: errors.New("DependencyViolation: still in use")}
	e.mu.Unlock()
	openDestroy(d, fakeWait)
	d.typeIn("mhson")
	d.keys("enter")
	d.waitFor("the sweep", fakeWait, teardownStage(TeardownDone))
	td := d.m.sh.Teardown
	if td.Clean() || td.Left["nat-gateway"] != 1 {
		t.Fatalf("a NAT gateway that failed to go: sweep %+v", td.Left)
	}
	f := d.frame()
	mustSay(t, f, "still in use", catalog.T(catalog.EN, "teardown.left", 1), catalog.T(catalog.EN, "teardown.leftover", len(td.LeftObjects)))
	mustSay(t, f, catalog.T(catalog.EN, "teardown.still", td.LeftCost.Short()))
	if !strings.Contains(f, "✗ mhson-nat-2a") {
		t.Errorf("the NAT gateway is not marked as left:\n%s", f)
	}
	e.mu.Lock()
	e.destroyFail = nil
	e.mu.Unlock()
	d.keys("ctrl+r")
	d.waitFor("the second sweep", fakeWait, func(m *Model) bool { return m.sh.Teardown.Stage == TeardownDone && e.destroys == 2 })
	if !d.m.sh.Teardown.Clean() {
		t.Fatalf("after the retry: %+v", d.m.sh.Teardown.Left)
	}
	sweepSaysNothingLeft(t, d, []string{"nat-gateway"})
}

// On moto: the first steps of the mission (the key, the VPC, the subnets,
// the gateways: a NAT gateway and its Elastic IP bill), destroyed from
// the screen at 80x24; the sweep shows nothing left of any kind, a census
// of the region finds nothing with the prefix, and the progress file is
// gone.
func TestTeardown_OnMotoLeavesNothing(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	o := motoOptions(emu.Endpoint, home, "bye", catalog.EN)
	d := newDrive(t, o, 80, 24)
	d.connected()
	for _, st := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets, steps.StepGateways} {
		d.send(nav.StartStep{Step: st})
		d.waitFor(st.String(), 60*time.Second, settled(st, StepDone))
	}
	d.waitFor("a report that bills", 30*time.Second, func(m *Model) bool { return billing(m.sh.Report) })
	statePath := o.StatePath(d.m.sh.Inputs)
	if _, err := os.Stat(statePath); err != nil {
		t.Fatalf("no progress file after four steps: %v", err)
	}
	openDestroy(d, 30*time.Second)
	td := d.m.sh.Teardown
	kinds := map[string]bool{}
	for _, o := range td.Objects {
		kinds[o.Kind] = true
	}
	for _, k := range []string{"key-pair", "vpc", "subnet", "internet-gateway", "elastic-ip", "nat-gateway"} {
		if !kinds[k] {
			t.Errorf("the list has no %s: %+v", k, td.Objects)
		}
	}
	d.typeIn("bye")
	d.keys("enter")
	d.waitFor("the sweep", 120*time.Second, teardownStage(TeardownDone))
	if td := d.m.sh.Teardown; !td.Clean() {
		t.Fatalf("the destroy left %+v: %v\n%s", td.LeftObjects, td.Err, d.frame())
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	sweepSaysNothingLeft(t, d, ks)
	checkFits(t, "sweep", render(t, d.m), 80, 24)

	// Looked at from outside the wizard: nothing carries the tag.
	ctx := context.Background()
	c, err := testenv.NewClient(ctx, emu.Endpoint, testRegion)
	if err != nil {
		t.Fatal(err)
	}
	s, err := steps.NewSession(ctx, c, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	census, err := s.CensusStack(ctx, "bye")
	if err != nil {
		t.Fatal(err)
	}
	if len(census) != 0 {
		t.Errorf("the census still finds the stack: %+v", census)
	}
	d.waitFor("the progress file to go", 10*time.Second, func(m *Model) bool { return m.sh.Teardown.Removed != "" })
	if _, err := os.Stat(statePath); !os.IsNotExist(err) {
		t.Errorf("the progress file %s is still there: %v", statePath, err)
	}
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if h := strings.Split(d.frame(), "\n")[0]; strings.Contains(h, "billing") {
		t.Errorf("the header still bills: %q", h)
	}
}
