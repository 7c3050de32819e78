package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// journeyBody is the frame's body: each line right of the checklist.
func journeyBody(frame string) []string {
	var out []string
	for _, l := range strings.Split(frame, "\n") {
		if _, body, ok := strings.Cut(l, "│ "); ok {
			out = append(out, strings.TrimRight(body, " "))
		}
	}
	return out
}

// journeyWords is text as a reader takes it in: its words, one space
// between them, wherever the lines broke. A word broken across lines, or
// cut, is not in it whole.
func journeyWords(text string) string { return strings.Join(strings.Fields(ansi.Strip(text)), " ") }

// journeyWhole fails unless every text is in view word for word.
func journeyWhole(t *testing.T, what, view string, texts ...string) {
	t.Helper()
	words := journeyWords(view)
	for _, text := range texts {
		if !strings.Contains(words, journeyWords(text)) {
			t.Errorf("%s: %q is not shown whole:\n%s", what, text, view)
		}
	}
}

// journeyFits fails when a line of view is wider than width (the frame
// would cut it with "…").
func journeyFits(t *testing.T, what, view string, width int) {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("%s: a line of %d columns in %d: %q", what, w, width, ansi.Strip(l))
		}
	}
}

// The narrowest body: an 80-column terminal less the checklist.
const journeyNarrow = 57

// Every step's introduction and every detail of "It will create" is
// shown whole at 80 columns, in both languages: wrapped, never cut.
func TestJourneyB_StepScreensCutNothing(t *testing.T) {
	for _, lang := range goldenLangs {
		for _, st := range steps.Steps {
			sh := netShared(t, lang, func(in *steps.Inputs) { in.MyIP = testIP })
			s := netScreen(t, st, sh)
			v := viewAt(s, journeyNarrow, 200)
			what := lang.String() + " " + st.String()
			journeyFits(t, what, v, journeyNarrow)
			texts := []string{catalog.T(lang, "intro."+st.String())}
			for _, r := range sh.Plan.Resources {
				if r.Step == st {
					texts = append(texts, r.Name+" "+r.Kind.String(), r.DetailMsg.In(lang))
				}
			}
			journeyWhole(t, what, v, texts...)
		}
	}
}

// The naming screen's rule is on a line of its own, never broken at a
// hyphen.
func TestJourneyB_PrefixRuleWhole(t *testing.T) {
	for _, lang := range goldenLangs {
		sh := netShared(t, lang, nil)
		v := ansi.Strip(viewAt(newNamingScreen(sh), journeyNarrow, 40))
		rule := catalog.T(lang, "naming.prefix.rule")
		found := false
		for _, l := range strings.Split(v, "\n") {
			if strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "┃")) == rule {
				found = true
			}
		}
		if !found {
			t.Errorf("%v: the rule %q has no line of its own:\n%s", lang, rule, v)
		}
		journeyFits(t, lang.String(), v, journeyNarrow)
	}
}

// journeyQuota is the check before the first create finding too few
// Elastic IPs left.
func journeyQuota(practice bool) aws.Problem {
	return aws.Problem{
		Kind: aws.ErrQuota, Key: "eips", Args: []any{4, "ap-northeast-2", 5, 3},
		Warning: practice, Practice: practice,
	}
}

// A step refused by the Elastic IP quota says the whole reason and what
// to do at 80 columns.
func TestJourneyB_QuotaErrorWhole(t *testing.T) {
	for _, lang := range goldenLangs {
		sh := netShared(t, lang, nil)
		err := &steps.PreflightError{Problems: []aws.Problem{journeyQuota(false)}}
		sh.Steps[steps.StepGateways] = StepFailed
		sh.Runs[steps.StepGateways] = RunView{Err: err}
		s := netScreen(t, steps.StepGateways, sh)
		v := viewAt(s, journeyNarrow, 200)
		journeyFits(t, lang.String(), v, journeyNarrow)
		journeyWhole(t, lang.String(), v, err.In(lang), catalog.T(lang, "advice.quota"), catalog.T(lang, "run.retry"))
	}
}

// The key step's run at 80x24: the private key's file on a line of its
// own, what to do with it whole, and practice mode's word on the Elastic
// IP quota whole.
func TestJourneyB_KeyFileNoteWholeAt80x24(t *testing.T) {
	const path = "/home/student/.ssh/key-lab.pem"
	for _, lang := range goldenLangs {
		e := newFakeEngine(t)
		e.prepared = &steps.Prepared{
			KeyFile:  &steps.KeyFile{Path: path, Created: true},
			Warnings: []aws.Problem{journeyQuota(true)},
		}
		d := newDrive(t, fakeOptions(e, lang), 80, 24)
		d.quiet = 10 * time.Millisecond
		d.connected()
		d.goTo(scrKey)
		d.keys("enter")
		d.waitFor("the key step", fakeWait, settled(steps.StepKey, StepDone))
		body := journeyBody(d.frame())
		own := false
		for _, l := range body {
			if strings.TrimSpace(l) == path {
				own = true
			}
		}
		if !own {
			t.Errorf("%v: the key's path has no line of its own:\n%s", lang, strings.Join(body, "\n"))
		}
		journeyWhole(t, lang.String(), strings.Join(body, "\n"), catalog.T(lang, "run.keyfile"), journeyQuota(true).In(lang))
	}
}

// At 80x24 a step's page taller than the screen (Security groups and
// Servers are) scrolls with pgup/pgdn: the screen says which lines are in
// sight, the help bar names the keys, every frame fits, and scrolled to
// the bottom it shows "It will create" and every resource's detail whole.
// Before scrolling, and again once a key goes to the form, the field in
// focus is in sight whole.
func TestJourneyB_TallStepPagesScroll(t *testing.T) {
	for _, lang := range goldenLangs {
		tall := 0
		for _, st := range steps.Steps {
			what := lang.String() + " " + st.String()
			d := fakeDrive(t, newFakeEngine(t), lang)
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			d.goTo(screenOf(st))
			frames := scrolled(d, "pgdown")
			var texts []string
			for _, r := range d.m.sh.Plan.Resources {
				if r.Step == st {
					texts = append(texts, r.Name, r.DetailMsg.In(lang))
				}
			}
			last := frames[len(frames)-1]
			for _, f := range frames {
				checkFits(t, what, f, 80, 24)
			}
			journeyWhole(t, what, strings.Join(journeyBody(last), "\n"), append(texts, catalog.T(lang, "step.creates"))...)
			if len(frames) == 1 {
				if strings.Contains(last, "pgup/pgdn") {
					t.Errorf("%s fits, yet it speaks of scrolling:\n%s", what, last)
				}
				continue
			}
			tall++
			page, _ := d.m.screen(d.m.cur).(*stepScreen).page()
			if first, last, ok := focusedLines(page); ok {
				shown := 0
				for _, l := range journeyBody(frames[0]) {
					if strings.HasPrefix(l, "┃") {
						shown++
					}
				}
				if shown != last-first+1 {
					t.Errorf("%s: %d of the focused field's %d lines in sight:\n%s", what, shown, last-first+1, frames[0])
				}
			}
			if !strings.Contains(frames[0], "pgup/pgdn") {
				t.Errorf("%s scrolls, yet its page does not say how:\n%s", what, frames[0])
			}
			d.keys("f1")
			if f := d.frame(); !strings.Contains(f, catalog.T(lang, "key.page.scroll")) {
				t.Errorf("%s scrolls, yet F1 does not list the keys:\n%s", what, f)
			}
			d.keys("f1")
			// Back up to the step's title; a key for the form brings the
			// field in focus back in sight.
			up := scrolled(d, "pgup")
			if top := journeyBody(up[len(up)-1]); !strings.Contains(top[0], catalog.T(lang, "step."+st.String())) {
				t.Errorf("%s: pgup to the top does not show the title:\n%s", what, up[len(up)-1])
			}
			d.keys("end")
			if f := d.frame(); f != frames[0] {
				t.Errorf("%s: a key for the form left the page where it was scrolled:\n%s\nwant\n%s", what, f, frames[0])
			}
		}
		// With the learn pane open, pgup and pgdn are its: the page says
		// how to scroll it instead, whole.
		d := fakeDrive(t, newFakeEngine(t), lang)
		d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.goTo(screenOf(steps.StepServers))
		d.keys("ctrl+l")
		before := d.m.screen(d.m.cur).(*stepScreen).scroll.from
		f := d.frame()
		var where string
		for _, l := range journeyBody(f) {
			if strings.Contains(l, "ctrl+l") {
				where = l
			}
		}
		_, how, _ := strings.Cut(catalog.T(lang, "view.position.learn", 1, 2, 3), ":")
		if where == "" || !strings.HasSuffix(where, how) {
			t.Errorf("%v: with the learn pane open the page does not say whole how to scroll it (%q): %q\n%s", lang, how, where, f)
		}
		d.keys("pgdown")
		if s := d.m.screen(d.m.cur).(*stepScreen); s.scroll.scrolled || s.scroll.from != before || d.m.learnOffset == 0 {
			t.Errorf("%v: with the learn pane open pgdn scrolled the page (%v, %d) or not the pane (%d)", lang, s.scroll.scrolled, s.scroll.from, d.m.learnOffset)
		}
		if tall < 2 {
			t.Errorf("%v: %d step pages are taller than 80x24, the issue found two (Security groups, Servers)", lang, tall)
		}
	}
}

// ctrl+a runs every step at once; each note of the checks before the
// first create is on the page of the step it is about: the key file on
// Key's, the AMI on Servers', the Elastic IP quota on Gateways'.
func TestJourneyB_NotesOnTheStepTheyAreAbout(t *testing.T) {
	const path = "/home/student/.ssh/key-lab.pem"
	e := newFakeEngine(t)
	e.prepared = &steps.Prepared{
		KeyFile:  &steps.KeyFile{Path: path, Created: true},
		Image:    aws.Image{ID: "ami-0123456789abcdef0", Source: "ssm"},
		Warnings: []aws.Problem{journeyQuota(true)},
	}
	d := fakeDrive(t, e, catalog.EN)
	d.send(nav.ApplyAll{})
	d.waitFor("every step", fakeWait, func(m *Model) bool {
		return m.progress.Running() == 0 && len(m.progress.Remaining()) == 0
	})
	if runs := e.runs(); len(runs) != 1 || len(runs[0]) != len(steps.Steps) {
		t.Fatalf("ctrl+a ran %v, not every step at once", runs)
	}
	want := map[steps.Step]string{
		steps.StepKey:      path,
		steps.StepServers:  "ami-0123456789abcdef0",
		steps.StepGateways: journeyQuota(true).In(catalog.EN),
	}
	for _, st := range steps.Steps {
		notes := strings.Join(d.m.sh.Runs[st].Notes, "\n")
		for at, text := range want {
			if has := strings.Contains(notes, text); has != (at == st) {
				t.Errorf("%s's notes have %q: %v, want %v:\n%s", st, text, has, at == st, notes)
			}
		}
	}
}

// At 80x24 the naming screen's names to be made do not fit: pgdn brings
// every one in sight, each frame fits, and the prefix's field is whole in
// the first.
func TestJourneyB_NamingListsEveryNameAt80x24(t *testing.T) {
	for _, lang := range goldenLangs {
		d := fakeDrive(t, newFakeEngine(t), lang)
		d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.goTo(scrNaming)
		frames := scrolled(d, "pgdown")
		if len(frames) < 2 {
			t.Fatalf("%v: the naming screen at 80x24 does not scroll:\n%s", lang, frames[0])
		}
		if !strings.Contains(frames[0], "┃ > "+d.m.sh.Inputs.Prefix) {
			t.Errorf("%v: the prefix's field is not in sight:\n%s", lang, frames[0])
		}
		var all []string
		for _, f := range frames {
			checkFits(t, "naming", f, 80, 24)
			all = append(all, journeyBody(f)...)
		}
		seen := strings.Join(all, "\n")
		for _, r := range d.m.sh.Plan.Resources {
			if r.Kind != steps.KindRoute && r.Kind != steps.KindSGRules && !strings.Contains(seen, r.Name+" ") {
				t.Errorf("%v: %s is never in sight:\n%s", lang, r.Name, frames[len(frames)-1])
			}
		}
		// Typing goes to the field, and brings it back in sight.
		d.keys("end")
		if f := d.frame(); f != frames[0] {
			t.Errorf("%v: after a key for the field the page is still scrolled:\n%s", lang, f)
		}
	}
}

// A line narrower than a character (Hangul is two columns) still wraps:
// each character on its own line, none lost, and it ends.
func TestWrapWords_NarrowerThanACharacter(t *testing.T) {
	got := wrapWords(lipgloss.NewStyle(), "가나다", 1)
	if strings.Join(got, "") != "가나다" || len(got) != 3 {
		t.Errorf("wrapWords(가나다, 1) = %q", got)
	}
}
