package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// fakeBuilt is a wizard on the fake engine with every step done.
func fakeBuilt(t *testing.T, e *fakeEngine, lang catalog.Lang) *drive {
	t.Helper()
	d := fakeDrive(t, e, lang)
	d.send(nav.ApplyAll{})
	d.waitFor("every step", fakeWait, func(m *Model) bool {
		return m.progress.Running() == 0 && len(m.progress.Remaining()) == 0 && m.sh.Report != nil && m.sh.Report.Complete()
	})
	return d
}

// billTexts are the words of a bill: every row's cells and every note.
func billTexts(c steps.Cost, now bool, lang catalog.Lang) []string {
	title, rows, notes := c.Bill(now)
	out := []string{title.In(lang)}
	for _, r := range rows {
		out = append(out, r.Item.In(lang), r.Qty.In(lang), r.Hour.In(lang), r.Month.In(lang))
	}
	for _, n := range notes {
		out = append(out, n.In(lang))
	}
	return append(out, catalog.T(lang, "cost.source", steps.PricesSource))
}

// billBody is a frame's body (right of the checklist, or the whole line
// when there is none) as one line of words, so that text wrapped on
// screen is found whole.
func billBody(frame string) string {
	var body []string
	for _, l := range strings.Split(frame, "\n") {
		if before, after, ok := strings.Cut(l, "│"); ok && ansi.StringWidth(before) == sidebarWidth-1 {
			l = after
		}
		body = append(body, l)
	}
	return strings.Join(strings.Fields(strings.Join(body, " ")), " ")
}

// mustSay fails unless the frame's body says each text, wrapped or not.
func mustSay(t *testing.T, frame string, texts ...string) {
	t.Helper()
	b := billBody(frame)
	for _, s := range texts {
		if !strings.Contains(b, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("the frame does not say %q:\n%s", s, frame)
		}
	}
}

// scrolled are the frames of a screen from its top down, one per key
// until the frame no longer changes.
func scrolled(d *drive, key string) []string {
	d.t.Helper()
	frames := []string{d.frame()}
	for range 60 {
		d.keys(key)
		f := d.frame()
		if f == frames[len(frames)-1] {
			break
		}
		frames = append(frames, f)
	}
	return frames
}

// The review itemises what the plan bills once built, with the notes,
// per hour and per month; at 80x24 what does not fit scrolls, the total
// stays in view, and every line fits.
func TestBill_ReviewItemisesThePlannedCost(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			e := newFakeEngine(t)
			d := fakeDrive(t, e, lang)
			d.goTo(scrReview)
			c := steps.Estimate(d.m.sh.Inputs.Region, steps.PlanBillable(d.m.sh.Plan))
			if len(c.Items) != 4 || c.Hour == 0 {
				t.Fatalf("the plan's estimate: %+v", c)
			}
			mustSay(t, d.frame(), billTexts(c, false, lang)...)

			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			total := catalog.T(lang, "bill.planned", c.Short())
			frames := scrolled(d, "down")
			if len(frames) < 2 {
				t.Fatalf("at 80x24 the review does not scroll:\n%s", frames[0])
			}
			var all []string
			for _, f := range frames {
				checkFits(t, "review", f, 80, 24)
				mustSay(t, f, total)
				all = append(all, billBody(f))
			}
			mustSay(t, strings.Join(all, "\n"), billTexts(c, false, lang)...)
		})
	}
}

// The summary's $ shows what bills now (the report's cost), over the
// whole width; Esc goes back to the table, not to the screen before.
func TestBill_SummaryShowsWhatBillsNow(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			d := fakeBuilt(t, newFakeEngine(t), lang)
			d.goTo(scrSummary)
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			c := d.m.sh.Report.Cost
			if c.Hour == 0 {
				t.Fatalf("the report bills nothing: %+v", c)
			}
			d.keys("$")
			f := d.frame()
			checkFits(t, "summary bill", f, 80, 24)
			mustSay(t, f, billTexts(c, true, lang)...)
			// One line per item: the checklist makes room.
			_, rows, _ := c.Bill(true)
			for _, r := range rows {
				if !strings.Contains(f, r.Qty.In(lang)+"  ") {
					t.Errorf("%q is not on its item's line:\n%s", r.Qty.In(lang), f)
				}
			}
			d.keys("esc")
			if d.m.cur != scrSummary || !strings.Contains(d.frame(), catalog.T(lang, "summary.count", 26)) {
				t.Fatalf("esc from the bill: at %v\n%s", d.m.cur, d.frame())
			}
		})
	}
}

// The header says what the stack bills per hour while anything does.
func TestBill_HeaderShowsTheHourlyCostWhileAnythingBills(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			e := newFakeEngine(t)
			d := fakeDrive(t, e, lang)
			header := func() string { return strings.Split(d.frame(), "\n")[0] }
			word := strings.Fields(catalog.T(lang, "cost.header", "$"))[0]
			for _, st := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets} {
				d.send(nav.StartStep{Step: st})
				d.waitFor(st.String(), fakeWait, settled(st, StepDone))
				if h := header(); strings.Contains(h, word) {
					t.Fatalf("after %s, nothing bills, but the header says %q", st, h)
				}
			}
			d.send(nav.StartStep{Step: steps.StepGateways})
			d.waitFor("the gateways", fakeWait, func(m *Model) bool { return reportHas(m, steps.StepGateways) })
			// A NAT gateway and its Elastic IP: 0.059 + 0.005 an hour.
			if h, want := header(), catalog.T(lang, "cost.header", "$0.064"); !strings.Contains(h, want) {
				t.Errorf("header %q lacks %q", h, want)
			}
			d.send(nav.ApplyAll{})
			d.waitFor("every step", fakeWait, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			if h, want := header(), catalog.T(lang, "cost.header", "$0.241"); !strings.Contains(h, want) {
				t.Errorf("at 80x24 the header %q lacks %q", h, want)
			}
		})
	}
}

// A report read before the one on screen, answering after it, is the
// stack as it was: it does not replace the later one. (Reports overlap:
// a run's end, a step's start and a resume each ask for one, and on a
// loaded machine the earliest can answer last.)
func TestBill_AnEarlierReportAnsweringLateIsDropped(t *testing.T) {
	e := newFakeEngine(t)
	d := fakeDrive(t, e, catalog.EN)
	for _, st := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets, steps.StepGateways} {
		d.send(nav.StartStep{Step: st})
		d.waitFor(st.String(), fakeWait, settled(st, StepDone))
	}
	early := d.m.fetchReport()
	before := early() // read now, while only the gateways bill
	d.send(nav.ApplyAll{})
	d.waitFor("every step", fakeWait, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
	header := func() string { return strings.Split(d.frame(), "\n")[0] }
	want := catalog.T(catalog.EN, "cost.header", "$0.241")
	if h := header(); !strings.Contains(h, want) {
		t.Fatalf("the built stack's header %q lacks %q", h, want)
	}
	d.send(before)
	if h := header(); !strings.Contains(h, want) {
		t.Errorf("a report asked for before the servers existed replaced the later one: header %q, want %q", h, want)
	}
	if !d.m.sh.Report.Complete() {
		t.Errorf("the stack on screen went back to incomplete: %+v", d.m.sh.Report.Steps)
	}
	// A report asked for after it still replaces it.
	d.drain(d.m.fetchReport())
	if h := header(); !strings.Contains(h, want) {
		t.Errorf("after a fresh report, header %q lacks %q", h, want)
	}
}

// The servers' disk help says what a GB costs in the region, and the
// note under it what three servers' disks come to and what the free tier
// does not give; no text says 30 GB per server is free.
func TestBill_ServersDiskNoteTellsTheTruth(t *testing.T) {
	for _, k := range catalog.Keys() {
		e, _ := catalog.Lookup(k)
		if strings.Contains(e.En, "stays in the free tier") || strings.Contains(e.Ko, "30GB까지는 프리 티어") {
			t.Errorf("%s still says 30 GB is free: %+v", k, e)
		}
	}
	for _, lang := range goldenLangs {
		sh := hostsShared(t, lang)
		d := newHostsDriver(t, steps.StepServers, sh)
		v := billBody(ansi.Strip(viewAt(d.s, hostsNarrow, 40)))
		for _, want := range []string{
			catalog.T(lang, "servers.disk.help", "$0.0912"),
			catalog.T(lang, "servers.disk.sum", 30, 90, "$8.21"),
			catalog.T(lang, "servers.free"),
			catalog.T(lang, "servers.free.type", "t3.medium"),
		} {
			if !strings.Contains(v, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("%v: the servers step does not say %q:\n%s", lang, want, v)
			}
		}
		// As typed: 50 GB is 150 GB for the three.
		d.enter()
		d.enter()
		d.backspace(2)
		d.typeText("50")
		if v, want := billBody(ansi.Strip(viewAt(d.s, hostsNarrow, 40))), catalog.T(lang, "servers.disk.sum", 50, 150, "$13.68"); !strings.Contains(v, want) {
			t.Errorf("%v: after typing 50, the note lacks %q:\n%s", lang, want, v)
		}
	}
}

// Leaving the wizard with a stack that bills says what it costs a day
// and the command that deletes it: in the quit dialog, and in the last
// frame, which stays in the terminal. A stack with nothing, or one in
// practice mode, is not billed.
func TestBill_LeavingRemindsWhatItCostsAndTheDestroyCommand(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			d := fakeBuilt(t, newFakeEngine(t), lang)
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			cmd := steps.Command(d.m.sh.Inputs, "destroy", "--yes")
			remind := catalog.T(lang, "bill.remind", steps.USD(d.m.sh.Report.Cost.Day))
			d.keys("ctrl+c")
			f := d.frame()
			checkFits(t, "quit dialog", f, 80, 24)
			mustSay(t, dialogText(f), remind)
			if !strings.Contains(shellJoined(dialogText(f)), cmd) {
				t.Errorf("the quit dialog lacks %q:\n%s", cmd, f)
			}
			d.keys("y")
			d.waitFor("the quit", fakeWait, func(*Model) bool { return d.quit })
			v := d.m.View()
			if v.AltScreen {
				t.Error("the last frame is drawn in the alternate screen, which goes with the wizard")
			}
			last := ansi.Strip(v.Content)
			mustSay(t, last, catalog.T(lang, "bill.farewell", "mhson", testRegion), remind)
			if !strings.Contains(shellJoined(last), cmd) {
				t.Errorf("the last frame lacks %q:\n%s", cmd, last)
			}
		})
	}

	// Nothing built: nothing to remind of.
	d := fakeDrive(t, newFakeEngine(t), catalog.EN)
	d.keys("ctrl+c")
	if f := d.frame(); strings.Contains(f, "a day") {
		t.Errorf("nothing built, yet the dialog speaks of a cost:\n%s", f)
	}
	d.keys("y")
	d.waitFor("the quit", fakeWait, func(*Model) bool { return d.quit })
	if v := d.m.View(); strings.TrimSpace(v.Content) != "" {
		t.Errorf("nothing built, yet the last frame says %q", v.Content)
	}

	// Practice mode: the emulator bills nothing.
	e := newFakeEngine(t)
	o := fakeOptions(e, catalog.EN)
	o.Inputs.Sandbox = true
	d = newDrive(t, o, 120, 40)
	d.quiet = fakeWait / 500
	d.connected()
	d.send(nav.ApplyAll{})
	d.waitFor("every step", fakeWait, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
	if h := strings.Split(d.frame(), "\n")[0]; !strings.Contains(h, catalog.T(catalog.EN, "bill.header.practice", "$0.241")) {
		t.Errorf("practice mode's header %q does not say what AWS would bill", h)
	}
	d.keys("ctrl+c")
	if f := d.frame(); strings.Contains(f, "a day") {
		t.Errorf("practice mode, yet the dialog speaks of a cost a day:\n%s", f)
	}
}

// dialogText is the quit dialog's lines, their borders taken off.
func dialogText(frame string) string {
	var out []string
	for _, l := range strings.Split(frame, "\n") {
		l = strings.TrimRight(l, " ")
		if in, ok := strings.CutSuffix(l, "│"); ok {
			if i := strings.LastIndex(in, "│"); i >= 0 {
				out = append(out, strings.TrimSpace(in[i+len("│"):]))
			}
		}
	}
	return strings.Join(out, "\n")
}

// The summary's d draws the stack over the whole width, scrolled by the
// keys and left by Esc; x writes it for diagrams.net next to the other
// exports, readable by its owner only, and says its full path.
func TestSummary_DiagramViewAndDrawIOFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	d := fakeBuilt(t, newFakeEngine(t), catalog.EN)
	d.goTo(scrSummary)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.keys("d")
	f := d.frame()
	checkFits(t, "diagram", f, 80, 24)
	for _, want := range []string{"Stack mhson · ap-northeast-2", "┌─ Region ap-northeast-2", "VPC mhson-vpc · 192.168.11.0/24"} {
		if !strings.Contains(f, want) {
			t.Errorf("the diagram lacks %q:\n%s", want, f)
		}
	}
	if strings.Contains(f, "Naming") {
		t.Errorf("the checklist is drawn beside the diagram:\n%s", f)
	}
	frames := scrolled(d, "down")
	if last := frames[len(frames)-1]; !strings.Contains(last, "Flows") || !strings.Contains(last, "bastion → db") {
		t.Errorf("scrolled to its end, the diagram lacks its flows:\n%s", last)
	}
	d.keys("x")
	d.waitFor("the diagram written", fakeWait, func(m *Model) bool { return m.status != "" })
	path := filepath.Join(dir, "mhson-ap-northeast-2.drawio")
	if want := catalog.T(catalog.EN, "summary.drawio.written", path); d.m.status != want {
		t.Errorf("status %q, want %q", d.m.status, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s is %v, want 0600", path, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "<mxfile") || !strings.Contains(string(b), "mhson-ec2-bastion-2a") {
		t.Errorf("%s is no diagrams.net file of the stack:\n%.300s", path, b)
	}
	d.keys("esc")
	if d.m.cur != scrSummary || !strings.Contains(d.frame(), "Summary · 26 resources") {
		t.Errorf("esc from the diagram: at %v\n%s", d.m.cur, d.frame())
	}
	// Every key of the views is on the help bar (F1 has them all).
	d.keys("d", "f1")
	for _, b := range d.m.screen(scrSummary).Bindings() {
		if !strings.Contains(billBody(d.frame()), b.Help().Key+" "+b.Help().Desc) {
			t.Errorf("F1 does not list %q:\n%s", b.Help().Key, d.frame())
		}
	}
}

// TestGolden_Bill draws, on the fake engine, the bill as the review shows
// it before anything is built (its top, then paged down to the total),
// what the built stack bills now on the summary, its picture, the quit
// dialog's reminder, and the destroy screen before and after.
func TestGolden_Bill(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			e := newFakeEngine(t)
			e.dir = fixedSSHDir(t) // the paths shown keep their length
			d := fakeDrive(t, e, lang)
			d.goTo(scrReview)
			golden(t, d, "review-bill")
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24}) // where it scrolls
			d.keys("f")
			golden(t, d, "review-bill-down")
			d.send(nav.ApplyAll{})
			d.waitFor("every step", fakeWait, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
			d.goTo(scrSummary)
			d.keys("$")
			golden(t, d, "summary-bill")
			d.keys("esc", "d")
			golden(t, d, "summary-diagram")
			d.keys("esc", "ctrl+c")
			golden(t, d, "quit-dialog-billing")
			d.keys("n")
			openDestroy(d, fakeWait)
			golden(t, d, "destroy-confirm")
			d.typeIn("mhson")
			d.keys("enter")
			d.waitFor("the sweep", fakeWait, func(m *Model) bool { return m.sh.Teardown.Stage == TeardownDone && m.sh.Teardown.Removed != "" })
			golden(t, d, "destroy-swept")
		})
	}
}
