package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// The student's journey (issue 11): nothing a student must read or copy
// is cut, and the help lists every key a screen takes.

// journeySizes are the terminals the journey is checked at: the smallest
// the course supports and a common one.
var journeySizes = [][2]int{{80, 24}, {100, 30}}

// journeyLines are a frame's lines as a student reads them: the
// checklist beside the body and a dialog's borders left out, colour
// stripped, trailing spaces dropped.
func journeyLines(frame string) []string {
	var out []string
	for _, l := range strings.Split(ansi.Strip(frame), "\n") {
		if before, after, ok := strings.Cut(l, "│"); ok && ansi.StringWidth(before) == sidebarWidth-1 {
			l = after
		}
		l = strings.Map(func(r rune) rune {
			if strings.ContainsRune("│╭╮╰╯─", r) {
				return ' '
			}
			return r
		}, l)
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// journeyText is a frame's words one after another: a sentence wrapped
// over lines is found whole, one cut short is not.
func journeyText(frame string) string {
	return strings.Join(strings.Fields(strings.Join(journeyLines(frame), " ")), " ")
}

// journeySays fails unless the frame says each text whole.
func journeySays(t *testing.T, what, frame string, texts ...string) {
	t.Helper()
	got := journeyText(frame)
	for _, s := range texts {
		if !strings.Contains(got, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("%s does not say %q:\n%s", what, s, frame)
		}
	}
}

// journeyPastes fails unless each command is in the frame as it pastes:
// on one line, or wrapped between its arguments with " \\", or inside an
// argument too long for a line with "\\" (the shell joins both back).
func journeyPastes(t *testing.T, what, frame string, cmds ...string) {
	t.Helper()
	var b strings.Builder
	for _, l := range journeyLines(frame) {
		l = strings.TrimSpace(l)
		if cut, ok := strings.CutSuffix(l, " \\"); ok {
			b.WriteString(cut + " ")
			continue
		}
		if cut, ok := strings.CutSuffix(l, "\\"); ok {
			b.WriteString(cut)
			continue
		}
		b.WriteString(l + "\n")
	}
	got := b.String()
	for _, c := range cmds {
		if !strings.Contains(got, c) {
			t.Errorf("%s does not hold %q as it pastes:\n%s", what, c, frame)
		}
	}
}

// journeyUncut fails when a line of the frame ends cut short.
func journeyUncut(t *testing.T, what, frame string) {
	t.Helper()
	for i, l := range journeyLines(frame) {
		if strings.Contains(l, "…") {
			t.Errorf("%s: line %d is cut: %q\n%s", what, i+1, l, frame)
		}
	}
}

// journeyModel is the wizard on a finished stack (summaryShared's) at
// w x h, on screen id.
func journeyModel(t *testing.T, lang catalog.Lang, edit func(*Shared), id screenID, w, h int) *Model {
	t.Helper()
	sh := summaryShared(t, lang)
	for _, st := range steps.Steps {
		sh.Steps[st] = StepDone
	}
	if edit != nil {
		edit(&sh)
	}
	m := New(Options{Lang: lang, Inputs: sh.Inputs, Now: fixedClock, IsDark: true})
	m.sh = sh
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.goTo(id)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// journeyFrame draws m, checking that it fits.
func journeyFrame(t *testing.T, m *Model) string {
	t.Helper()
	raw := m.Render()
	checkFits(t, "frame", raw, max(m.width, minWidth), max(m.height, minHeight))
	return ansi.Strip(raw)
}

// At 80 and 100 columns the summary's table shows every name and id
// whole (the subnets are told apart, the ids copied), and the row under
// the cursor shows below it with every value whole: name, kind, id, zone,
// CIDR and both addresses.
func TestJourneyA_SummaryShowsNamesAndIDsWhole(t *testing.T) {
	for _, lang := range goldenLangs {
		for _, sz := range journeySizes {
			t.Run(fmt.Sprintf("%v/%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				m := journeyModel(t, lang, nil, scrSummary, sz[0], sz[1])
				rows := m.sh.Report.Rows
				for i, r := range rows {
					f := journeyFrame(t, m)
					what := fmt.Sprintf("the summary on %s", r.Name)
					journeyUncut(t, what, f)
					lines := journeyLines(f)
					// The table's row: name and id whole, side by side.
					inTable := false
					for _, l := range lines {
						if strings.HasPrefix(strings.TrimSpace(l), r.Name+" ") && strings.Contains(l, " "+r.ID) {
							inTable = true
						}
					}
					if !inTable {
						t.Errorf("%s: no table row with %q and %q whole:\n%s", what, r.Name, r.ID, f)
					}
					// The detail: every value of the row, whole.
					journeySays(t, what, f, "› "+r.Name+" "+r.Kind)
					for _, v := range []string{r.ID, r.AZ, r.CIDR, r.PrivateIP, r.PublicIP} {
						if v == "" {
							continue
						}
						found := false
						for _, l := range lines {
							for _, w := range strings.Fields(l) {
								found = found || w == v
							}
						}
						if !found {
							t.Errorf("%s: %q is not whole on a line:\n%s", what, v, f)
						}
					}
					if t.Failed() {
						return
					}
					if i < len(rows)-1 {
						m.Update(press("down"))
					}
				}
			})
		}
	}
}

// A name too long for the table beside its id is cut in the table only:
// the row under the cursor is whole below it.
func TestJourneyA_SummaryLongNamesWholeBelowTheTable(t *testing.T) {
	long := "course-2026-spring-section-b-student-42"
	m := journeyModel(t, catalog.EN, func(sh *Shared) {
		for i := range sh.Report.Rows {
			r := &sh.Report.Rows[i]
			r.Name = strings.Replace(r.Name, "mhson", long, 1)
		}
	}, scrSummary, 80, 24)
	for range 8 {
		m.Update(press("down"))
	}
	r := m.sh.Report.Rows[8]
	f := journeyFrame(t, m)
	journeySays(t, "the summary of a long prefix", f, "› "+r.Name+" "+r.Kind)
	journeyPastes(t, "the summary of a long prefix", f, r.ID, r.PrivateIP, r.PublicIP)
}

// The quit dialog wraps every sentence and keeps every command whole as
// it pastes, in every state it has, at 80 and 100 columns: nothing of the
// frame is cut. Where a command fits the dialog it is on one line.
func TestJourneyA_QuitDialogWhole(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Shared)
	}{
		{"on AWS, billing", func(sh *Shared) {
			sh.Report.Cost = steps.Estimate(sh.Inputs.Region, steps.PlanBillable(journeyPlan(t, sh.Inputs)))
		}},
		{"practice mode", func(sh *Shared) { sh.Inputs.Sandbox = true }},
		{"a progress file elsewhere", func(sh *Shared) {
			sh.Inputs.State = "/home/student/courses/cloud-101/week-03/infrawiz-state/mhson.json"
			sh.Report.Cost = steps.Estimate(sh.Inputs.Region, steps.PlanBillable(journeyPlan(t, sh.Inputs)))
		}},
	}
	for _, lang := range goldenLangs {
		for _, c := range cases {
			for _, sz := range journeySizes {
				t.Run(fmt.Sprintf("%v/%s/%dx%d", lang, c.name, sz[0], sz[1]), func(t *testing.T) {
					m := journeyModel(t, lang, c.edit, scrSummary, sz[0], sz[1])
					m.Update(press("ctrl+c"))
					if !m.confirm {
						t.Fatal("ctrl+c opened no dialog")
					}
					f := journeyFrame(t, m)
					journeyUncut(t, c.name, f)
					T := func(k string, a ...any) string { return catalog.T(lang, k, a...) }
					journeySays(t, c.name, f, T("quit.confirm"), T("quit.resume"))
					resume := steps.Command(m.sh.Inputs, "")
					journeyPastes(t, c.name, f, resume)
					if billing(m.sh.Report) && !m.sh.Inputs.Sandbox {
						journeySays(t, c.name, f, T("bill.remind", steps.USD(m.sh.Report.Cost.Day)))
						journeyPastes(t, c.name, f, steps.Command(m.sh.Inputs, "destroy", "--yes"))
					}
					if m.sh.Inputs.State == "" && !strings.Contains(f, resume) {
						t.Errorf("the resume command %q fits the dialog yet is not on one line:\n%s", resume, f)
					}
					// The help bar says what the dialog's keys do.
					journeySays(t, c.name, f, "y "+T("key.quit.yes"), "n/esc "+T("key.quit.no"))
				})
			}
		}
	}
}

// journeyPlan is the plan of in in three zones.
func journeyPlan(t *testing.T, in steps.Inputs) steps.Plan {
	t.Helper()
	p, err := steps.BuildPlan(in, []string{in.Region + "a", in.Region + "b", in.Region + "c"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// m and c say what they wrote and its absolute path, whole, however deep
// the working directory: the status wraps rather than cut.
func TestJourneyA_SummaryWritesSayTheWholePath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "home", "student", "courses", "cloud-networking-101", "week-03-vpc-lab-with-a-long-name")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, lang := range goldenLangs {
		for _, k := range []struct{ key, ext, msg string }{{"m", "md", "summary.written.md"}, {"c", "csv", "summary.written.csv"}} {
			t.Run(fmt.Sprintf("%v/%s", lang, k.key), func(t *testing.T) {
				m := journeyModel(t, lang, nil, scrSummary, 80, 24)
				cmd := m.screen(scrSummary).Update(press(k.key))
				if cmd == nil {
					t.Fatalf("%s: no Cmd", k.key)
				}
				m.Update(cmd())
				path := filepath.Join(dir, "mhson-summary."+k.ext)
				if _, err := os.Stat(path); err != nil {
					t.Fatal(err)
				}
				f := journeyFrame(t, m)
				journeyUncut(t, "the status", f)
				// Said whole: the path on a line of its own, or, longer
				// than a line, broken only where the line ends.
				squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
				if want := catalog.T(lang, k.msg, path); !strings.Contains(squeeze(strings.Join(journeyLines(f), "")), squeeze(want)) {
					t.Errorf("the status does not say %q:\n%s", want, f)
				}
				journeySays(t, "the status", f, catalog.T(lang, k.msg, ""))
			})
		}
	}
}

// journeyHelp is the frame with F1 open; F1 is closed again after.
func journeyHelp(t *testing.T, m *Model) string {
	t.Helper()
	m.Update(press("f1"))
	f := journeyFrame(t, m)
	m.Update(press("f1"))
	return f
}

// journeyLists fails unless the frame says each binding's key with its
// help, and nothing of the frame is cut.
func journeyLists(t *testing.T, what, frame string, bs ...key.Binding) {
	t.Helper()
	journeyUncut(t, what, frame)
	text := journeyText(frame)
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		if h := b.Help(); h.Key == "" || h.Desc == "" {
			t.Errorf("%s: the key %v has no help to list", what, b.Keys())
		} else if !strings.Contains(text, h.Key+" "+h.Desc) {
			t.Errorf("%s: F1 does not list %q %q:\n%s", what, h.Key, h.Desc, frame)
		}
	}
}

// F1 lists every key of the screen with what it does now, the wizard's
// own keys that work there, and nothing cut: the summary's moves of its
// table and views, what Enter does on the review and the check (run the
// rest, run the check, or move on), the quit dialog's answers; no Esc on
// the start screen, where it does nothing.
func TestJourneyA_HelpListsEveryKey(t *testing.T) {
	for _, lang := range goldenLangs {
		for _, sz := range journeySizes {
			t.Run(fmt.Sprintf("%v/%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				T := func(k string) string { return catalog.T(lang, k) }
				k := DefaultKeyMap(lang)
				closeHelp := k.Help
				closeHelp.SetHelp("f1", T("key.help.close"))
				global := []key.Binding{k.Quit, closeHelp, k.Back, k.ApplyAll, k.Learn}

				m := journeyModel(t, lang, nil, scrSummary, sz[0], sz[1])
				f := journeyHelp(t, m)
				journeyLists(t, "the summary", f, append(m.screen(scrSummary).Bindings(), global...)...)
				journeyLists(t, "the summary", f, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp, k.Top, k.Bottom, k.Markdown, k.CSV, k.SSH)
				for _, mode := range []string{"$", "d"} {
					m.Update(press(mode))
					journeyLists(t, "the summary's "+mode, journeyHelp(t, m), append(m.screen(scrSummary).Bindings(), global...)...)
					m.Update(press("esc"))
				}

				// The review: Enter runs what is left, or moves on.
				m = journeyModel(t, lang, func(sh *Shared) { sh.Steps[steps.StepServers] = StepPending }, scrReview, sz[0], sz[1])
				f = journeyHelp(t, m)
				journeyLists(t, "the review with a step left", f, append([]key.Binding{k.RunAll}, global...)...)
				if strings.Contains(journeyText(f), "enter "+T("key.next")) {
					t.Errorf("the review with a step left says Enter moves on:\n%s", f)
				}
				m = journeyModel(t, lang, nil, scrReview, sz[0], sz[1])
				journeyLists(t, "the review, all built", journeyHelp(t, m), append([]key.Binding{k.Next}, global...)...)

				// The check: Enter runs it first, then moves on; r again.
				m = journeyModel(t, lang, nil, scrCheck, sz[0], sz[1])
				f = journeyHelp(t, m)
				journeyLists(t, "the check before it ran", f, append([]key.Binding{k.RunCheck}, global...)...)
				if strings.Contains(journeyText(f), "enter "+T("key.next")) {
					t.Errorf("the check before it ran says Enter moves on:\n%s", f)
				}
				m = journeyModel(t, lang, func(sh *Shared) { sh.Check.Report = &steps.CheckReport{Why: "practice"} }, scrCheck, sz[0], sz[1])
				journeyLists(t, "the check that ran", journeyHelp(t, m), append([]key.Binding{k.Next, k.Rerun}, global...)...)

				// The start screen: Esc leaves nothing there.
				m = journeyModel(t, lang, nil, scrStart, sz[0], sz[1])
				f = journeyHelp(t, m)
				journeyLists(t, "the start screen", f, k.Up, k.Down, k.Next, k.Quit, closeHelp, k.Learn)
				if slices.Contains(strings.Fields(journeyText(f)), "esc") {
					t.Errorf("the start screen lists esc, which does nothing there:\n%s", f)
				}

				// The quit dialog: its answers, nothing else.
				m = journeyModel(t, lang, nil, scrSummary, sz[0], sz[1])
				m.Update(press("ctrl+c"))
				journeyLists(t, "the quit dialog", journeyFrame(t, m), k.Yes, k.No)
			})
		}
	}
}

// The check's lines wrap rather than cut on a narrow body: every probe of
// every server with its mark, every path with its verdict, the verdict
// and the key to fix a key file.
func TestJourneyA_CheckWrapsNotCuts(t *testing.T) {
	probes := []steps.CheckProbe{
		steps.ProbeKey, steps.ProbeState, steps.ProbeTCP, steps.ProbeSSH, steps.ProbePing,
		steps.ProbeWebPort, steps.ProbeDBPort, steps.ProbeTMOUT, steps.ProbeAudit,
	}
	rep := badReport()
	for _, host := range []string{steps.CheckHostBastion, steps.CheckHostWeb, steps.CheckHostDB} {
		for _, p := range probes {
			rep.SSH.Results = append(rep.SSH.Results, steps.CheckResult{Host: host, Probe: p, Status: steps.CheckOK})
		}
	}
	for _, lang := range goldenLangs {
		for _, w := range []int{36, 57} {
			sh := summaryShared(t, lang)
			sh.Steps[steps.StepServers] = StepDone
			sh.Check.Report = rep
			s := newCheckScreen(sh)
			v := ansi.Strip(viewAt(s, w, 80))
			what := fmt.Sprintf("the check (%v) at %d columns", lang, w)
			summaryFits(t, v, w, 80)
			journeyUncut(t, what, v)
			T := func(k string, a ...any) string { return catalog.T(lang, k, a...) }
			var want []string
			for _, p := range probes {
				want = append(want, "✓"+T("check.probe."+string(p)))
			}
			for _, p := range rep.Paths {
				want = append(want, p.ID+" "+T(pathVerdict(p)))
			}
			want = append(want, T("check.fixkey"))
			journeySays(t, what, v, want...)
		}
	}
}

// The start and credentials screens wrap what a student reads: a stack's
// label with its marks, why signing in failed and how to practise
// instead, an ARN longer than the body.
func TestJourneyA_StartAndCredentialsWrapNotCut(t *testing.T) {
	const long = "course-2026-spring-section-b-student-42"
	for _, lang := range goldenLangs {
		T := func(k string, a ...any) string { return catalog.T(lang, k, a...) }
		for _, w := range []int{40, 57} {
			sh := summaryShared(t, lang)
			in := sh.Inputs
			in.Prefix, in.Sandbox = long, true
			sh.Stacks = []steps.LocalStack{{Path: "/tmp/x.json", Inputs: in, Created: 26, Total: 26}}
			v := ansi.Strip(viewAt(newStartScreen(sh), w, 30))
			what := fmt.Sprintf("the start screen (%v) at %d columns", lang, w)
			summaryFits(t, v, w, 30)
			journeyUncut(t, what, v)
			journeySays(t, what, v, T("start.intro"))
			// A prefix wider than the line is broken where the line ends.
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if label := "› " + T("start.stack", long, in.Region, 26, 26) + " " + T("start.sandbox") + " " + T("status.done"); !strings.Contains(squeeze(strings.Join(journeyLines(v), "")), squeeze(label)) {
				t.Errorf("%s does not show %q whole:\n%s", what, label, v)
			}

			sh.ConnErr = fmt.Errorf("get identity: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata")
			v = ansi.Strip(viewAt(newCredsScreen(sh), w, 30))
			what = fmt.Sprintf("the credentials screen (%v) at %d columns", lang, w)
			summaryFits(t, v, w, 30)
			journeyUncut(t, what, v)
			journeySays(t, what, v, T("creds.failed"), sh.ConnErr.Error(), T("creds.howto"), T("creds.practice"))

			sh.ConnErr = nil
			sh.Identity = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_StudentAccess_0123456789abcdef/student42@example.edu"
			v = ansi.Strip(viewAt(newCredsScreen(sh), w, 30))
			summaryFits(t, v, w, 30)
			journeyUncut(t, what, v)
			if !strings.Contains(squeeze(strings.Join(journeyLines(v), "")), sh.Identity) {
				t.Errorf("%s does not show the ARN %q whole:\n%s", what, sh.Identity, v)
			}
		}
	}
}
