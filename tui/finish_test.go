package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// The specs of issue 3's last gaps: run messages in the user's language,
// layout at 80 columns, the preflight's progress, several failures, the
// apply-all key on the credentials screen, plurals, the spinner's width,
// and a plan derived only when its inputs change.

// What steps says while it runs is said in Korean in the Korean wizard: a
// step run before the one it needs says which, in Korean, with the step's
// Korean name.
func TestFinish_KoreanRunMessages(t *testing.T) {
	emu := testenv.Moto(t)
	d := newDrive(t, motoOptions(emu.Endpoint, t.TempDir(), "kor", catalog.KO), 120, 40)
	d.connected()
	d.goTo(scrRoutes)
	d.keys("enter") // nothing of the subnets or gateways exists yet
	d.waitFor("the routes run to end", 60*time.Second, func(m *Model) bool {
		return !m.progress.Busy() && len(m.sh.Runs[steps.StepRoutes].Lines) > 0
	})
	d.drain(nil)
	f := d.frame()
	for _, en := range []string{"waits for", "run the", "step first", "which failed", "interrupted"} {
		if strings.Contains(f, en) {
			t.Errorf("English %q on the Korean routes screen", en)
		}
	}
	var skipped []string
	for _, l := range d.m.sh.Runs[steps.StepRoutes].Lines {
		if l.Phase == steps.PhaseSkipped {
			skipped = append(skipped, l.Message)
		}
	}
	if len(skipped) == 0 {
		t.Fatalf("no resource of the routes step was skipped, with nothing built before it:\n%s", f)
	}
	for _, s := range skipped {
		if !localizeHangul(s) || catalog.EnglishLeft(s) != "" {
			t.Errorf("a skipped resource says %q, want Korean", s)
		}
	}
	if !strings.Contains(f, "먼저") {
		t.Errorf("the Korean screen does not say which step to run first:\n%s", f)
	}
	if t.Failed() {
		t.Logf("frame:\n%s", f)
	}
}

// An AWS failure in Korean keeps AWS's own words (code and message) and
// says the rest in Korean: no English "create VPC ..." around them.
func TestFinish_KoreanAWSFailure(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "CreateVpc")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "korfail", catalog.KO), 120, 40)
	d.connected()
	g.setFailing(true)
	d.goTo(scrVPC)
	d.keys("enter")
	d.waitFor("the VPC step to fail", 60*time.Second, settled(steps.StepVPC, StepFailed))
	f := d.frame()
	for _, want := range []string{"AWS 응답: ServiceUnavailable: gate: injected failure before CreateVpc", catalog.T(catalog.KO, "advice.transient")} {
		if !strings.Contains(f, want) {
			t.Errorf("the Korean failure lacks %q", want)
		}
	}
	if strings.Contains(f, "create VPC") || strings.Contains(f, "korfail-vpc: create") {
		t.Errorf("the Korean failure keeps infrawiz's English words around AWS's")
	}
	if t.Failed() {
		t.Logf("frame:\n%s", f)
	}
}

// The engine's own errors and warnings about the key file are said in the
// user's language; in English exactly as the command line says them.
func TestFinish_KeyFileMessages(t *testing.T) {
	dir := t.TempDir()
	path := steps.KeyPath(dir, "lab")
	if err := os.WriteFile(path, []byte("not a key\n"), 0o400); err != nil {
		t.Fatal(err)
	}
	_, err := steps.EnsureKeyFile(dir, "lab")
	if err == nil {
		t.Fatal("EnsureKeyFile took a file that is no key")
	}
	if got := catalog.Text(catalog.EN, err); got != err.Error() {
		t.Errorf("English: %q, want the command line's %q", got, err.Error())
	}
	ko := catalog.Text(catalog.KO, err)
	// The cause is the ssh library's own words, kept as they are.
	cause := errors.Unwrap(err)
	if cause == nil {
		t.Fatalf("%v has no cause", err)
	}
	words := strings.ReplaceAll(ko, cause.Error(), "")
	if !strings.Contains(ko, path) || !localizeHangul(ko) || catalog.EnglishLeft(words) != "" {
		t.Errorf("Korean: %q, want Korean naming %s", ko, path)
	}

	// A key readable by others: a warning, not an error.
	other := t.TempDir()
	kf, err := steps.EnsureKeyFile(other, "lab")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(kf.Path, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := steps.EnsureKeyFile(other, "lab")
	if err != nil || again.Warning == "" {
		t.Fatalf("EnsureKeyFile on a 0644 key: %+v, %v; want a warning", again, err)
	}
	if en := again.WarningMsg().In(catalog.EN); en != again.Warning {
		t.Errorf("English warning %q, want %q", en, again.Warning)
	}
	ko = again.WarningMsg().In(catalog.KO)
	if !localizeHangul(ko) || !strings.Contains(ko, "0644") || !strings.Contains(ko, "chmod 400 "+filepath.Clean(again.Path)) {
		t.Errorf("Korean warning %q", ko)
	}
}

// Several failures at once show the most important first, then how many
// more, the same whatever order they came in.
func TestFinish_SeveralFailuresDeterministic(t *testing.T) {
	sh := Shared{Lang: catalog.EN, Styles: NewStyles(true)}
	transient := &steps.ResourceError{Resource: steps.Resource{Name: "lab-subnet-public-2a"}, Err: &aws.Error{Op: "create subnet lab-subnet-public-2a", Kind: aws.ErrTransient, Code: "ServiceUnavailable", Message: "try later"}}
	quota := &steps.ResourceError{Resource: steps.Resource{Name: "lab-eip-nat-2a"}, Err: &aws.Error{Op: "allocate lab-eip-nat-2a", Kind: aws.ErrQuota, Code: "AddressLimitExceeded", Message: "too many"}}
	other := &steps.ResourceError{Resource: steps.Resource{Name: "lab-subnet-admin-2a"}, Err: &aws.Error{Op: "create subnet lab-subnet-admin-2a", Kind: aws.ErrTransient, Code: "ServiceUnavailable", Message: "try later"}}
	a := ansi.Strip(errorView(sh, errors.Join(transient, quota, other), 100))
	b := ansi.Strip(errorView(sh, errors.Join(quota, transient, other), 100))
	if a != b {
		t.Errorf("the same failures read differently by order:\n%s\n---\n%s", a, b)
	}
	if !strings.Contains(a, "AddressLimitExceeded") || strings.Contains(a, "try later") {
		t.Errorf("the quota failure is not the one shown first:\n%s", a)
	}
	if !strings.Contains(a, "+2 more") || !strings.Contains(a, catalog.T(catalog.EN, "advice.quota")) {
		t.Errorf("want +2 more and the quota's advice:\n%s", a)
	}
}

// Four subnets failing at once through the real runner: the failure shown
// is the first subnet of the plan, with the other three counted.
func TestFinish_RunFailuresInPlanOrder(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "CreateSubnet")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "order", catalog.EN), 120, 40)
	d.connected()
	d.goTo(scrVPC)
	d.keys("enter")
	d.waitFor("the VPC", 60*time.Second, settled(steps.StepVPC, StepDone))
	g.setFailing(true)
	d.goTo(scrSubnets)
	d.send(nav.StartStep{Step: steps.StepSubnets})
	d.waitFor("the subnets step to fail", 60*time.Second, settled(steps.StepSubnets, StepFailed))
	f := d.frame()
	view := ansi.Strip(errorView(d.m.sh, d.m.progress.Failure(steps.StepSubnets), 100))
	first := strings.SplitN(view, "\n", 3)[1]
	if !strings.Contains(first, "order-subnet-public-2a") || !strings.Contains(view, "+3 more") {
		t.Errorf("want the plan's first subnet shown, then +3 more:\n%s\nframe:\n%s", view, f)
	}
}

// While a run looks up what exists and checks before creating anything,
// the step says so; the line goes once the run reports.
func TestFinish_PreflightSaysChecking(t *testing.T) {
	emu := testenv.Moto(t)
	g := newGate(t, emu.Endpoint, "DescribeVpcs")
	d := newDrive(t, motoOptions(g.URL(), t.TempDir(), "chk", catalog.EN), 120, 40)
	d.connected()
	d.goTo(scrVPC)
	g.holdCalls()
	seen := g.calls()
	d.keys("enter")
	d.waitFor("the run to look up the stack", 30*time.Second, func(m *Model) bool { return m.progress.Running() > 0 && g.calls() > seen })
	d.mustShow(catalog.T(catalog.EN, "run.checking"))
	g.release()
	d.waitFor("the VPC step", 60*time.Second, settled(steps.StepVPC, StepDone))
	if f := d.frame(); strings.Contains(f, catalog.T(catalog.EN, "run.checking")) {
		t.Errorf("still checking after the run:\n%s", f)
	}
}

// ctrl+a on the credentials screen applies everything and moves to the
// review screen, which lists every step; before the credentials are
// checked it says why nothing happens.
func TestFinish_ApplyAllFromCredentials(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 80, 24)
	d.keys("enter") // to the credentials screen, with no connector
	d.keys("ctrl+a")
	if d.m.cur != scrCreds || d.m.progress.Busy() {
		t.Fatalf("ctrl+a without a session: at %v with %d runs", d.m.cur, d.m.progress.Running())
	}
	d.mustShow("ctrl+a runs every remaining step once")

	emu := testenv.Moto(t)
	d = newDrive(t, motoOptions(emu.Endpoint, t.TempDir(), "ca", catalog.EN), 80, 24)
	d.connected()
	if d.m.cur != scrCreds {
		t.Fatalf("connected at %v, want the credentials screen", d.m.cur)
	}
	d.send(press("ctrl+a"))
	if d.m.cur != scrReview {
		t.Fatalf("ctrl+a on the credentials screen left the wizard at %v\n%s", d.m.cur, d.frame())
	}
	if !d.m.progress.Busy() {
		t.Fatalf("ctrl+a on the credentials screen started nothing")
	}
	if f := d.frame(); strings.Contains(f, "Press Enter to continue") {
		t.Errorf("still asked to press Enter after ctrl+a:\n%s", f)
	}
}

// One step left is "1 step", not "1 steps".
func TestFinish_ReviewPlural(t *testing.T) {
	for _, tc := range []struct {
		left int
		want string
	}{{1, "1 step left: press Enter to run it."}, {3, "3 steps left"}} {
		sh := Shared{Lang: catalog.EN, Styles: NewStyles(true), Keys: DefaultKeyMap(catalog.EN), Steps: map[steps.Step]StepState{}}
		for i, st := range steps.Steps {
			sh.Steps[st] = StepDone
			if i < tc.left {
				sh.Steps[st] = StepPending
			}
		}
		got := ansi.Strip(viewAt(newReviewScreen(sh), 80, 24))
		if !strings.Contains(got, tc.want) || strings.Contains(got, "1 steps") {
			t.Errorf("%d left: want %q:\n%s", tc.left, tc.want, got)
		}
	}
}

// The spinner takes one column, as every other mark, at every frame: the
// running step's label stays where the others are.
func TestFinish_SpinnerKeepsLabelsInPlace(t *testing.T) {
	d := newDrive(t, offlineOptions(catalog.EN), 80, 24)
	d.m.sh.Steps[steps.StepVPC] = StepRunning
	d.m.sh.Steps[steps.StepKey] = StepDone
	col := func(side, label string) int {
		for _, l := range strings.Split(ansi.Strip(side), "\n") {
			if i := strings.Index(l, label); i >= 0 {
				return lipgloss.Width(l[:i])
			}
		}
		return -1
	}
	for i := range len(spinner.Dot.Frames) + 1 {
		side := d.m.sidebar(20)
		if got, want := col(side, "VPC"), col(side, "Key"); got != want || want < 0 {
			t.Fatalf("frame %d: the running label at column %d, the done one at %d:\n%s", i, got, want, ansi.Strip(side))
		}
		d.m.spinner, _ = d.m.spinner.Update(d.m.spinner.Tick())
	}
}

// The start screen's intro wraps at 80 columns instead of being cut.
func TestFinish_StartIntroWraps(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.KO} {
		d := newDrive(t, offlineOptions(lang), 80, 24)
		f := d.frame()
		intro := strings.Fields(catalog.T(lang, "start.intro"))
		last := intro[len(intro)-1]
		if !strings.Contains(f, last) {
			t.Errorf("%s: the intro's last word %q is not on screen:\n%s", lang, last, f)
		}
		lines := strings.Split(f, "\n")
		if body := strings.Join(lines[:len(lines)-1], "\n"); strings.Contains(body, "…") {
			t.Errorf("%s: something is cut on the start screen (the help bar aside):\n%s", lang, f)
		}
	}
}

// The plan is derived again only when the inputs or the session change,
// not on every spinner tick while a run goes on.
func TestFinish_PlanOnlyWhenInputsChange(t *testing.T) {
	emu := testenv.Moto(t)
	d := newDrive(t, motoOptions(emu.Endpoint, t.TempDir(), "tick", catalog.EN), 80, 24)
	d.connected()
	if !d.m.sh.HasPlan {
		t.Fatal("no plan after connecting")
	}
	first := &d.m.sh.Plan.Resources[0]
	run := d.m.progress.Started([]steps.Step{steps.StepVPC}, d.m.sh.Plan)
	for range 20 {
		d.m, _ = update(t, d.m, d.m.spinner.Tick())
	}
	d.m.progress.Ended(run, nil)
	if &d.m.sh.Plan.Resources[0] != first {
		t.Error("the plan was derived again on a spinner tick, with the same inputs")
	}
	in := d.m.sh.Inputs
	in.Prefix = "tock"
	d.send(nav.SetInputs{Inputs: in})
	if &d.m.sh.Plan.Resources[0] == first || d.m.sh.Plan.Resources[0].Name != "key-tock" {
		t.Errorf("new inputs, old plan: %s", d.m.sh.Plan.Resources[0].Name)
	}
	// A change in place of the subnets map is a change too.
	d.m.sh.Inputs.Subnets = map[string]string{"admin": "192.168.11.224/27"}
	d.m.refresh()
	for _, r := range d.m.sh.Plan.Resources {
		if r.Role == "subnet-admin" && r.CIDR != "192.168.11.224/27" {
			t.Errorf("the admin subnet is %s after its CIDR changed", r.CIDR)
		}
	}
}
