package tui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// TestCheck_PracticeModeChecksTheRules builds the mission in the emulator
// with ctrl+a, then runs the check screen for real: the rules and routes of
// a fresh describe, every path as the mission wants it, and no SSH (the
// servers are emulated). A rule revoked behind the wizard's back makes the
// next run fail, naming the group.
func TestCheck_PracticeModeChecksTheRules(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			emu := testenv.Moto(t)
			o := motoOptions(emu.Endpoint, t.TempDir(), "chk", lang)
			o.Inputs.Sandbox = true
			o.SSHDir = fixedSSHDir(t)
			d := newDrive(t, o, 80, 24)
			d.connected()
			d.keys("ctrl+a")
			d.waitFor("every step done", 120*time.Second, func(m *Model) bool {
				return m.progress.Running() == 0 && m.stepStates()[steps.StepServers] == StepDone
			})
			d.goTo(scrCheck)
			if d.m.checkState() != StepPending {
				t.Fatalf("the check ran before Enter: %+v", d.m.sh.Check)
			}
			d.waitFor("the report", 30*time.Second, func(m *Model) bool { return m.sh.Report != nil && m.sh.Report.Complete() })
			fixAddrs(d)
			golden(t, d, "check-ready")

			d.keys("enter")
			d.waitFor("the check to end", 60*time.Second, func(m *Model) bool { return !m.sh.Check.Running && m.sh.Check.Report != nil })
			c := d.m.sh.Check
			if c.Err != nil || c.Report.SSH != nil || c.Report.Why == "" || !c.Report.OK() || len(c.Report.Paths) != 11 {
				t.Fatalf("practice-mode check: err %v, report %+v", c.Err, c.Report)
			}
			if d.m.checkState() != StepDone {
				t.Errorf("the checklist shows the check as %v", d.m.checkState())
			}
			golden(t, d, "check-practice")

			// 8080 revoked: r runs it again, and the path and the group
			// are named.
			var sg string
			for _, r := range d.m.sh.Report.Rows {
				if r.Role == "sg-public" {
					sg = r.ID
				}
			}
			client := testenv.Client(t, emu.Endpoint, d.m.sh.Inputs.Region)
			if _, err := client.EC2.RevokeSecurityGroupIngress(context.Background(), &ec2.RevokeSecurityGroupIngressInput{
				GroupId: sdk.String(sg), IpPermissions: []types.IpPermission{{IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(8080), ToPort: sdk.Int32(8080), IpRanges: []types.IpRange{{CidrIp: sdk.String("0.0.0.0/0")}}}},
			}); err != nil {
				t.Fatal(err)
			}
			d.keys("r")
			d.waitFor("the second check to end", 60*time.Second, func(m *Model) bool {
				return !m.sh.Check.Running && m.sh.Check.Report != nil && !m.sh.Check.Report.OK()
			})
			if p, _ := reach.Find(d.m.sh.Check.Report.Paths, reach.InternetToWeb8080); p.Open {
				t.Fatalf("8080 still open after the revoke: %+v", p)
			}
			d.mustShow(reach.InternetToWeb8080, "chk-sg-public", d.m.sh.T("check.paths", 10, 11))
			if d.m.checkState() != StepFailed {
				t.Errorf("the checklist shows a failed check as %v", d.m.checkState())
			}
			golden(t, d, "check-failed-rule")

			// f's run tightens a key file others can read before checking.
			pem := d.m.sh.Check.KeyFile
			if err := os.Chmod(pem, 0o644); err != nil {
				t.Fatal(err)
			}
			d.send(nav.RunCheck{FixKey: true})
			d.waitFor("the fixing check to end", 60*time.Second, func(m *Model) bool { return !m.sh.Check.Running && m.sh.Check.Report != nil })
			if fi, err := os.Stat(pem); err != nil || fi.Mode().Perm() != 0o400 {
				t.Errorf("after f the key file is %v (%v), want 0400", fi.Mode(), err)
			}
		})
	}
}

// badReport is a check that found one of each kind of trouble a student
// meets: more than fit at 80x24.
func badReport() *steps.CheckReport {
	problem := func(k check.Kind, text string) *check.Problem { return &check.Problem{Kind: k, Text: text} }
	return &steps.CheckReport{
		Paths: []reach.Path{
			{ID: reach.InternetToWeb8080, Want: true, Open: true},
			{ID: reach.MeToBastion22, Want: true, Open: false, Because: "no rule of mhson-sg-bastion allows tcp 22 from 203.0.113.7 (mhson-sg-bastion allows tcp 22 from 198.51.100.4/32 only)"},
			{ID: reach.InternetToDB, Want: false, Open: false},
		},
		SSH: &check.Report{Results: []check.Result{
			{
				Host: "bastion", Probe: check.ProbeKey, Status: check.Failed, Target: "/home/u/.ssh/key-mhson.pem",
				Problem: problem(check.KindKeyPermissions, "permissions 0644 for /home/u/.ssh/key-mhson.pem are too open"),
			},
			{
				Host: "bastion", Probe: check.ProbeTCP, Status: check.Failed, Target: "3.38.10.7:22",
				Problem: &check.Problem{Kind: check.KindSecurityGroup, Text: "no answer from the bastion (3.38.10.7:22) within 5s", Rule: "no rule of mhson-sg-bastion allows tcp 22 from 203.0.113.7"},
			},
			{Host: "web", Probe: check.ProbeWebPort, Status: check.OK, Target: "3.38.10.8:8080", Detail: "reachable"},
			{Host: "web", Probe: check.ProbeTCP, Status: check.Skipped},
			{Host: "db", Probe: check.ProbeState, Status: check.Failed, Problem: problem(check.KindNotRunning, "mhson-ec2-internal-2a is stopped")},
			{Host: "db", Probe: check.ProbeTCP, Status: check.Skipped},
		}, CannotSee: check.CannotSee},
	}
}

// TestCheck_ProblemsFitAndOfferTheFix: the verdict and the keys stay in
// sight at 80x24 however many problems there are; the rest is counted; a
// key file others can read offers f, which asks for a run that fixes it.
func TestCheck_ProblemsFitAndOfferTheFix(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) {
			d := newDrive(t, offlineOptions(lang), 80, 24)
			d.goTo(scrCheck)
			d.mustShow(strings.FieldsFunc(d.m.sh.T("check.needservers"), func(r rune) bool { return r == ':' || r == '.' })[0])
			if cmd := d.m.screen(scrCheck).Bindings(); len(cmd) != 1 {
				t.Errorf("before any check only Enter applies, got %d keys", len(cmd))
			}
			d.send(checkDoneMsg{report: badReport()})
			golden(t, d, "check-problems")

			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			f := d.frame()
			for _, want := range []string{d.m.sh.T("check.failed", 4), d.m.sh.T("check.fixkey"), "✗"} {
				if !strings.Contains(f, want) {
					t.Errorf("80x24 lacks %q:\n%s", want, f)
				}
			}
			if !strings.Contains(f, strings.SplitN(d.m.sh.T("check.more", 1), "1", 2)[0]) {
				t.Errorf("80x24 shows every problem or hides some without saying so:\n%s", f)
			}
			if d.m.checkState() != StepFailed {
				t.Errorf("checklist state %v", d.m.checkState())
			}
			// f asks the root for a run that fixes the key first.
			cmd := d.m.screen(scrCheck).Update(press("f"))
			if cmd == nil {
				t.Fatal("f did nothing")
			}
			if msg, ok := cmd().(nav.RunCheck); !ok || !msg.FixKey {
				t.Fatalf("f sent %#v, want nav.RunCheck{FixKey: true}", msg)
			}
			// Enter moves on to the summary.
			d.keys("enter")
			if d.m.cur != scrSummary {
				t.Errorf("Enter after a check opens screen %d, want the summary", d.m.cur)
			}
		})
	}
}

// TestCheck_ConsoleWaitIsShown: while the check reads a console again for
// its host keys (cloud-init prints them late), the screen says so, by
// server, instead of a bare timer.
func TestCheck_ConsoleWaitIsShown(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.KO} {
		m := New(Options{Lang: lang, Inputs: steps.Inputs{Prefix: "wait", Region: "ap-northeast-2"}.WithDefaults()})
		m.sh.Check = CheckView{Running: true, Started: m.sh.Now}
		m.cur = scrCheck
		ch := make(chan tea.Msg)
		model, _ := m.Update(checkWaitMsg{wait: check.Wait{Host: check.RoleBastion, Since: 42 * time.Second}, ch: ch})
		mm := model.(*Model)
		s := mm.screen(scrCheck)
		s.Refresh(mm.sh)
		view := viewAt(s, 80, 20)
		want := map[catalog.Lang]string{catalog.EN: "Waiting 42s for the bastion's console", catalog.KO: "배스천 콘솔에 호스트 키가 나오기를 42s째"}[lang]
		if !strings.Contains(strings.Join(strings.Fields(ansi.Strip(view)), " "), want) {
			t.Errorf("%s: the check screen does not say %q:\n%s", lang, want, view)
		}
	}
}
