package tui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// updateGolden rewrites the golden files: go test ./tui -run Golden -update.
var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenSizes are the terminal sizes every screen is drawn at.
var goldenSizes = [][2]int{{80, 24}, {120, 40}}

var goldenLangs = []catalog.Lang{catalog.EN, catalog.KO}

// Masks keep what AWS makes up out of the golden files: ids (same length,
// so columns stay where they are), the addresses AWS gave out, and times
// measured by the engine rather than the injected clock.
var (
	maskID      = regexp.MustCompile(`\b(vpc|subnet|igw|nat|eipalloc|eipassoc|rtb|rtbassoc|sg|sgr|i|key|ami|eni|r|acl)-([0-9a-f]{4,}|[0-9a-f]+…)`)
	maskAddr    = regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`)
	maskElapsed = regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s)\b *`)
	// A time cut at the edge, after the action ("created 1…").
	maskCutTime = regexp.MustCompile(`(created|found|updated|already there|생성|발견|갱신|이미 있음) \d+(\.\d*)?…`)
	// A time that ends its line, cut or not: how many digits it has (1.2s
	// or 12.3s on a loaded machine) must not move where the line is cut.
	maskTailTime = regexp.MustCompile(`(?m)(created|found|updated|already there|생성|발견|갱신|이미 있음) \d[0-9.µnms]*…? *$`)
	maskSSHDir   = regexp.MustCompile(`/tmp/iwz-[0-9a-f]{8}`)
)

// mask hides ids, times, the key directory and the addresses in addrs
// (whole, or cut at the edge of the screen).
func mask(s string, addrs []string) string {
	s = maskID.ReplaceAllStringFunc(s, func(id string) string {
		kind, hexa, _ := strings.Cut(id, "-")
		if h, cut := strings.CutSuffix(hexa, "…"); cut {
			return kind + "-" + strings.Repeat("x", len(h)) + "…"
		}
		return kind + "-" + strings.Repeat("x", len(hexa))
	})
	for _, a := range addrs {
		s = strings.ReplaceAll(s, a, strings.Repeat("#", len(a)))
		for n := len(a) - 1; n >= 4; n-- {
			s = strings.ReplaceAll(s, a[:n]+"…", strings.Repeat("#", n)+"…")
		}
	}
	s = maskTailTime.ReplaceAllStringFunc(s, func(m string) string {
		action := maskTailTime.FindStringSubmatch(m)[1]
		rest := strings.TrimPrefix(m, action+" ")
		return action + " ~" + strings.Repeat(" ", len([]rune(rest))-1)
	})
	// A time and the padding after it keep their width together: "1.2s  "
	// and "0s    " both become "~     ".
	s = maskElapsed.ReplaceAllStringFunc(s, func(d string) string { return "~" + strings.Repeat(" ", len([]rune(d))-1) })
	s = maskCutTime.ReplaceAllStringFunc(s, func(d string) string {
		action, num, _ := strings.Cut(d, " ")
		return action + " " + strings.Repeat("~", len([]rune(num))-1) + "…"
	})
	return maskSSHDir.ReplaceAllString(s, "/tmp/iwz-XXXXXXXX")
}

// awsAddrs are the addresses AWS handed out that the model knows of.
func awsAddrs(m *Model) []string {
	var out []string
	if m.sh.Report != nil {
		for _, r := range m.sh.Report.Rows {
			out = append(out, maskAddr.FindAllString(r.PrivateIP+" "+r.PublicIP, -1)...)
		}
	}
	for _, rv := range m.sh.Runs {
		for _, l := range rv.Lines {
			out = append(out, maskAddr.FindAllString(l.ID+" "+l.Message, -1)...)
		}
	}
	// Longest first, so no address is masked half by a shorter one.
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// fixedSSHDir is a key directory whose path has the same length in every
// run, so lines cut at the edge are cut at the same place.
func fixedSSHDir(t testing.TB) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	dir := "/tmp/iwz-" + hex.EncodeToString(b[:])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return filepath.Join(dir, ".ssh")
}

// golden draws the current state at every size and compares each frame,
// colour stripped and masked, with testdata/<name>.<lang>.<w>x<h>.golden.
// Every frame must fit: no line wider than the terminal, no more lines
// than it has.
func golden(t *testing.T, d *drive, name string) {
	t.Helper()
	for _, sz := range goldenSizes {
		w, h := sz[0], sz[1]
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		raw := render(t, d.m)
		checkFits(t, name, raw, w, h)
		got := mask(ansi.Strip(raw), awsAddrs(d.m)) + "\n"
		file := filepath.Join("testdata", fmt.Sprintf("%s.%s.%dx%d.golden", name, d.m.sh.Lang, w, h))
		if *updateGolden {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: %v (run go test ./tui -run Golden -update to write it)", file, err)
			continue
		}
		if got != string(want) {
			t.Errorf("%s differs (run with -update if the screen changed on purpose):\n%s", file, firstDiff(string(want), got))
		}
	}
}

// checkFits fails a frame with a line wider than w or more than h lines.
func checkFits(t *testing.T, name, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Errorf("%s at %dx%d: %d lines, more than the terminal's %d", name, w, h, len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("%s at %dx%d: line %d is %d columns wide: %q", name, w, h, i+1, lw, ansi.Strip(l))
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var a, b string
		if i < len(wl) {
			a = wl[i]
		}
		if i < len(gl) {
			b = gl[i]
		}
		if a != b {
			return fmt.Sprintf("line %d\nwant: %q\ngot:  %q\nwhole frame:\n%s", i+1, a, b, got)
		}
	}
	return "(only trailing differences)"
}

// failingConnector is AWS without credentials.
func failingConnector(context.Context, steps.Inputs) (*aws.Client, error) {
	return nil, errors.New("get identity: failed to refresh cached credentials, no EC2 IMDS role found")
}

// TestGolden_WithoutAWS draws the screens that need no AWS: the start, the
// credentials check (waiting, failed), naming, the dialog, the learn pane
// and the screens of a wizard not yet connected.
func TestGolden_WithoutAWS(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			d := newDrive(t, offlineOptions(lang), 80, 24)
			golden(t, d, "start")
			// The keys that get a student out of trouble are on the help
			// bar at every size: quit, and the one that shows the others.
			var defects []string
			for _, sz := range goldenSizes {
				d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				lines := strings.Split(d.frame(), "\n")
				bar := lines[len(lines)-1]
				for _, k := range []string{"ctrl+c", "f1"} {
					if !strings.Contains(bar, k) {
						defects = append(defects, fmt.Sprintf("at %dx%d the help bar hides %s: %q", sz[0], sz[1], k, strings.TrimSpace(bar)))
					}
				}
			}
			d.keys("ctrl+c")
			golden(t, d, "quit-dialog")
			d.keys("n")
			d.goTo(scrNaming)
			golden(t, d, "naming")
			d.keys("ctrl+l")
			golden(t, d, "naming-learn")
			d.keys("ctrl+l")
			// An invalid prefix: the message under the field, no preview.
			d.keys("backspace", "backspace", "backspace", "backspace", "backspace")
			d.typeIn("9lab")
			golden(t, d, "naming-invalid")
			d.keys("f1")
			golden(t, d, "naming-fullhelp")
			d.keys("f1")
			d.goTo(scrVPC)
			golden(t, d, "vpc-unconnected")
			d.goTo(scrReview)
			golden(t, d, "review-unconnected")
			d.goTo(scrSummary)
			golden(t, d, "summary-empty")

			bc := newBlockingConnector(t)
			o := offlineOptions(lang)
			o.Connect = bc.connect
			d = newDrive(t, o, 80, 24)
			d.quiet = 20 * time.Millisecond
			d.keys("enter")
			golden(t, d, "creds-checking")

			o.Connect = failingConnector
			d = newDrive(t, o, 80, 24)
			d.keys("enter")
			d.waitFor("the failed check", 5*time.Second, func(m *Model) bool { return m.sh.ConnErr != nil })
			golden(t, d, "creds-failed")
			if len(defects) > 0 {
				defectNoted(t, "D8", "%s", strings.Join(defects, "\n"))
			}
		})
	}
}

// goldenCreates are the create calls of every step: held, they keep a
// step running; failing, they fail it.
var goldenCreates = []string{"ImportKeyPair", "CreateVpc", "CreateSubnet", "CreateInternetGateway", "AllocateAddress", "CreateNatGateway", "CreateRouteTable", "CreateSecurityGroup", "RunInstances"}

// TestGolden_Mission builds the whole mission on moto, one step at a time,
// and draws each step pending, failed, running and done, then the review,
// the summary and the start screen offering the stack.
func TestGolden_Mission(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			emu := testenv.Moto(t)
			g := newGate(t, emu.Endpoint, goldenCreates...)
			home := t.TempDir()
			o := motoOptions(g.URL(), home, "lab", lang)
			o.SSHDir = fixedSSHDir(t)
			d := newDrive(t, o, 80, 24)
			// Known defects are noted on the way and reported at the end,
			// so that every golden file is still compared.
			var defects []string
			d.connected()
			golden(t, d, "creds-connected")
			d.goTo(scrReview)
			golden(t, d, "review-pending")

			for _, st := range steps.Steps {
				name := "step-" + st.String()
				d.goTo(screenOf(st))
				golden(t, d, name+"-pending")

				// Running: every create of the step held at the gate.
				g.holdCalls()
				d.send(nav.StartStep{Step: st})
				d.waitFor(st.String()+" to reach AWS", 60*time.Second, func(*Model) bool { return g.calls() > 0 })
				waitStill(d, g)
				// A create at the gate means the checks before it are over;
				// on a loaded machine their report may still be on its way.
				d.waitFor(st.String()+" to report past its checks", 30*time.Second, func(m *Model) bool { return !m.sh.Runs[st].Checking })
				golden(t, d, name+"-running")
				if st == steps.StepVPC {
					d.keys("ctrl+c")
					golden(t, d, "quit-dialog-running")
					d.keys("n")
				}
				// Failed: the step's first resource fails, the others are
				// made (or wait for it).
				g.failOnly(firstOf(d.m, st))
				g.release()
				d.waitFor(st.String()+" to fail", 60*time.Second, settled(st, StepFailed))
				// What the failed run left is what the header bills: a
				// report read now, not the one on its way since the run
				// ended (or the one before it).
				d.drain(d.m.fetchReport())
				golden(t, d, name+"-failed")
				defects = append(defects, failureShown(t, d, st)...)

				// Done, after a retry.
				g.failOnly("")
				d.keys("ctrl+r")
				d.waitFor(st.String()+" to finish", 60*time.Second, settled(st, StepDone))
				d.waitFor("the report", 30*time.Second, func(m *Model) bool { return reportHas(m, st) })
				golden(t, d, name+"-done")
				if st == steps.StepVPC {
					d.keys("ctrl+l")
					golden(t, d, "step-vpc-learn")
					d.keys("ctrl+l")

					// Another wizard on this machine offers the stack.
					o2 := o
					o2.Connect = newBlockingConnector(t).connect
					d2 := newDrive(t, o2, 80, 24)
					d2.waitFor("the stacks on disk", 5*time.Second, func(m *Model) bool { return len(m.sh.Stacks) > 0 })
					golden(t, d2, "start-resume")
				}
			}
			d.goTo(scrReview)
			golden(t, d, "review-complete")
			d.goTo(scrSummary)
			d.waitFor("a complete report", 30*time.Second, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
			fixAddrs(d)
			golden(t, d, "summary")
			defects = append(defects, summaryWhole(t, d)...)
			if len(defects) > 0 {
				defectNoted(t, "D6/D7", "%d problems:\n%s", len(defects), strings.Join(defects, "\n"))
			}
		})
	}
}

// waitStill waits until the gate has seen no new call for a while: every
// resource the step can start is then blocked at its create.
func waitStill(d *drive, g *gate) {
	d.t.Helper()
	last, since := g.calls(), time.Now()
	d.waitFor("the run to settle at the gate", 30*time.Second, func(*Model) bool {
		if n := g.calls(); n != last {
			last, since = n, time.Now()
		}
		return time.Since(since) > 300*time.Millisecond
	})
}

// reportHas reports whether the report counts step st as done.
func reportHas(m *Model, st steps.Step) bool {
	return m.sh.Report != nil && m.sh.Report.StepDone(st)
}

// firstOf is the name of the first resource of step st that AWS creates
// (not a route or a set of rules, which are calls on their parent).
func firstOf(m *Model, st steps.Step) string {
	for _, r := range m.sh.Plan.Resources {
		if r.Step == st && r.Kind != steps.KindRoute && r.Kind != steps.KindSGRules {
			return r.Name
		}
	}
	return ""
}

// fixAddrs gives the report's addresses fixed values of fixed length: moto
// hands them out at random, and their length moves the table's columns.
func fixAddrs(d *drive) {
	if d.m.sh.Report == nil {
		return
	}
	rep := *d.m.sh.Report
	rep.Rows = append([]steps.Row(nil), rep.Rows...)
	for i := range rep.Rows {
		r := &rep.Rows[i]
		if r.PrivateIP != "" {
			r.PrivateIP = fmt.Sprintf("192.168.11.%d", 100+i)
		}
		if r.PublicIP != "" {
			r.PublicIP = fmt.Sprintf("3.38.10.%d", 100+i)
		}
	}
	d.m.sh.Report = &rep
	d.m.refresh()
}

// failureShown checks, at every size, that a failed step's screen shows
// what the issue asks of it: that it failed, the AWS message, what it
// means (the advice) and how to retry. It returns what is missing.
func failureShown(t *testing.T, d *drive, st steps.Step) []string {
	t.Helper()
	err := d.m.progress.Failure(st)
	want := []string{d.m.sh.T("run.failed"), d.m.sh.T("run.retry")}
	if kind := steps.KindOf(err); kind != steps.KindNone {
		want = append(want, d.m.sh.T("advice."+string(kind)))
	}
	var missing []string
	for _, sz := range goldenSizes {
		d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		// Wrapped text is read as the student reads it: the body's lines
		// one after the other.
		var body []string
		for _, l := range strings.Split(d.frame(), "\n") {
			if _, after, ok := strings.Cut(l, "│"); ok {
				l = after
			}
			body = append(body, l)
		}
		f := strings.Join(strings.Fields(strings.Join(body, " ")), " ")
		for _, w := range want {
			if !strings.Contains(f, strings.Join(strings.Fields(w), " ")) {
				missing = append(missing, fmt.Sprintf("D6: at %dx%d the failed %s step does not show %q", sz[0], sz[1], st, w))
			}
		}
	}
	return missing
}

// summaryWhole checks that the summary at 120x40 shows every resource's
// name and id whole: a student copies ids from it.
func summaryWhole(t *testing.T, d *drive) []string {
	t.Helper()
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	f := d.frame()
	var missing []string
	for _, r := range d.m.sh.Report.Rows {
		for _, v := range []string{r.Name, r.ID} {
			if v != "" && v != "-" && !strings.Contains(f, v) {
				missing = append(missing, fmt.Sprintf("D7: the summary at 120x40 cuts %q", v))
			}
		}
	}
	return missing
}
