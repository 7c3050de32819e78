package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// The wizard end to end: the built binary in a tmux pane of 120x40, driven
// with keys as a student would, against moto through AWS_ENDPOINT_URL.

const (
	wizRegion = "ap-northeast-2"
	wizIP     = "203.0.113.7"
	// wizDeadline bounds one whole mission through the wizard.
	wizDeadline = 120 * time.Second
)

// requireTmux skips without tmux, except in CI, where a missing tmux would
// turn these tests into no-ops.
func requireTmux(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but tmux is missing: %v", err)
		}
		t.Skip("skipping: tmux is not installed (apt-get install tmux); CI=true makes this a failure")
	}
	return p
}

// pane is one tmux session on a private server, holding the wizard.
type pane struct {
	t    *testing.T
	tmux string
	sock string
	name string
	last string // the last capture, for failure messages
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// wizardLine is the shell command of the pane: exec, so the pane's process
// is the wizard itself, with nothing of the test's environment but env.
// The missions pass --console-wait 0: moto's consoles never print host
// keys, so the check reads each once instead of waiting two minutes.
func wizardLine(env []string, args ...string) string {
	parts := []string{"exec", "env", "-i"}
	for _, e := range env {
		parts = append(parts, shellQuote(e))
	}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// startPane starts the wizard in a new detached tmux session of 120x40 on
// a tmux server of its own, killed when the test ends.
func startPane(t *testing.T, line string) *pane {
	t.Helper()
	tm := requireTmux(t)
	var b [4]byte
	_, _ = rand.Read(b[:])
	// A short socket path: unix sockets have a length limit.
	dir, err := os.MkdirTemp("", "iwz-tmux-")
	if err != nil {
		t.Fatal(err)
	}
	p := &pane{t: t, tmux: tm, sock: filepath.Join(dir, "s"), name: "wiz-" + hex.EncodeToString(b[:])}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last pane of %s:\n%s", p.name, p.capture())
		}
		_ = exec.Command(tm, "-S", p.sock, "kill-session", "-t", p.name).Run()
		_ = exec.Command(tm, "-S", p.sock, "kill-server").Run()
		_ = os.RemoveAll(dir)
	})
	// remain-on-exit keeps the last screen of a wizard that exits, so a
	// failure can show it.
	p.run("-f", "/dev/null", "new-session", "-d", "-s", p.name, "-x", "120", "-y", "40", line,
		";", "set-option", "-t", p.name, "remain-on-exit", "on")
	return p
}

func (p *pane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, append([]string{"-S", p.sock}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// capture is the pane's text now.
func (p *pane) capture() string {
	out, err := exec.Command(p.tmux, "-S", p.sock, "capture-pane", "-p", "-t", p.name).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("(capture-pane: %v: %s)", err, out)
	}
	p.last = string(out)
	return p.last
}

// keys sends tmux key names (Enter, BSpace, C-c).
func (p *pane) keys(keys ...string) {
	p.t.Helper()
	p.run(append([]string{"send-keys", "-t", p.name}, keys...)...)
}

// typeText sends text as typed, not as key names.
func (p *pane) typeText(s string) {
	p.t.Helper()
	p.run("send-keys", "-t", p.name, "-l", s)
}

// pid is the process in the pane: the wizard (the pane execs it).
func (p *pane) pid() int {
	p.t.Helper()
	out := strings.TrimSpace(p.run("display-message", "-p", "-t", p.name, "#{pane_pid}"))
	n, err := strconv.Atoi(out)
	if err != nil {
		p.t.Fatalf("pane pid %q: %v", out, err)
	}
	return n
}

// dead reports whether the wizard in the pane has exited.
func (p *pane) dead() bool {
	out, err := exec.Command(p.tmux, "-S", p.sock, "display-message", "-p", "-t", p.name, "#{pane_dead}").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

// respawn starts line again in the same pane, after the old one died.
func (p *pane) respawn(line string) {
	p.t.Helper()
	p.run("respawn-pane", "-k", "-t", p.name, line)
}

// waitFor polls the pane until cond holds, failing with the pane after
// timeout or when the wizard exited.
func (p *pane) waitFor(what string, timeout time.Duration, cond func(string) bool) string {
	p.t.Helper()
	end := time.Now().Add(timeout)
	for {
		s := p.capture()
		if cond(s) {
			return s
		}
		if p.dead() {
			p.t.Fatalf("the wizard exited while waiting for %s; last pane:\n%s", what, p.capture())
		}
		if time.Now().After(end) {
			p.t.Fatalf("after %s, still waiting for %s; last pane:\n%s", timeout, what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// enterUntil presses Enter, one press per look at the pane, until cond
// holds: a student who only presses Enter. Against moto no step may fail,
// so a failed step (✗ in the checklist) stops it at once, as does the
// wizard exiting. It returns every distinct pane it saw.
func (p *pane) enterUntil(what string, deadline time.Time, cond func(string) bool) []string {
	p.t.Helper()
	var seen []string
	for {
		s := p.capture()
		if len(seen) == 0 || seen[len(seen)-1] != s {
			seen = append(seen, s)
		}
		if cond(s) {
			return seen
		}
		if strings.Contains(s, "✗") {
			if f := p.failedStep(); f != "" {
				p.trouble(what, f)
			}
		}
		if p.dead() {
			p.trouble(what, s)
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("deadline passed pressing Enter for %s; last pane:\n%s", what, s)
		}
		p.keys("Enter")
		time.Sleep(250 * time.Millisecond)
	}
}

// failedStep goes back (Esc) to the failed step's screen, where its error
// is, and returns that pane; "" if no step shows as failed any more.
func (p *pane) failedStep() string {
	p.t.Helper()
	s := p.capture()
	for range 12 {
		cur, failed := -1, -1
		for i, l := range strings.Split(s, "\n") {
			side, _, ok := strings.Cut(l, "│")
			if !ok {
				continue
			}
			if strings.Contains(side, "›") {
				cur = i
			}
			// The check's own row fails here for want of servers: moto's
			// instances run no sshd. The check screen is asserted apart.
			if strings.Contains(side, "✗") && failed < 0 && !strings.Contains(side, "Check") && !strings.Contains(side, "연결 점검") {
				failed = i
			}
		}
		switch {
		case p.dead():
			return p.capture()
		case failed < 0:
			return ""
		case cur <= failed:
			return s
		}
		p.keys("Escape")
		time.Sleep(300 * time.Millisecond)
		s = p.capture()
	}
	return s
}

// trouble stops the test at a failed step or a wizard that exited, naming
// the known defect it shows, if any.
func (p *pane) trouble(what, s string) {
	p.t.Helper()
	if p.dead() {
		s = p.capture() // what it printed on its way out
	}
	switch {
	case strings.Contains(s, "panic") && strings.Contains(s, "localize.go"):
		defect(p.t, "D2", "the wizard panicked drawing an error (tui/localize.go) while pressing Enter for %s:\n%s", what, s)
	case strings.Contains(s, "Conflict") || strings.Contains(s, "Duplicate") || strings.Contains(s, "already exists"):
		defect(p.t, "D1", "a step failed because it ran twice at once while pressing Enter for %s:\n%s", what, s)
	case p.dead():
		p.t.Fatalf("the wizard exited while pressing Enter for %s; last pane:\n%s", what, s)
	}
	p.t.Fatalf("a step failed while pressing Enter for %s:\n%s", what, s)
}

// wizardEnv is the wizard's environment: a fresh HOME, moto (or a proxy to
// it) as AWS, and a local echo service as the public IP detector.
func wizardEnv(t *testing.T, home, endpoint string) []string {
	t.Helper()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(wizIP + "\n"))
	}))
	t.Cleanup(echo.Close)
	return []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "LANG=C.UTF-8",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "aws-credentials"),
		"AWS_ENDPOINT_URL=" + endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
		"INFRAWIZ_CHECKIP_URL=" + echo.URL,
	}
}

// planNames are the names the summary must list: every resource but the
// routes and the rule sets, which are parts of other resources.
func planNames(t *testing.T, endpoint, prefix string) []string {
	t.Helper()
	zones, err := testenv.Client(t, endpoint, wizRegion).Zones(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := steps.BuildPlan(steps.Inputs{Prefix: prefix, Region: wizRegion, MyIP: wizIP}.WithDefaults(), zones)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range p.Resources {
		if r.Kind != aws.KindRoute && r.Kind != aws.KindSGRules {
			out = append(out, r.Name)
		}
	}
	return out
}

// onSummary says whether the pane is the summary of a complete stack: its
// title with the count of the 26 resources.
func onSummary(lang catalog.Lang) func(string) bool {
	title := catalog.T(lang, "screen.summary") + " · " + catalog.T(lang, "summary.count", 26)
	return func(s string) bool { return strings.Contains(s, title) }
}

// cutNames are the names the summary on the pane does not show whole.
func cutNames(s string, names []string) []string {
	var missing []string
	for _, n := range names {
		if !strings.Contains(s, n) {
			missing = append(missing, n)
		}
	}
	return missing
}

// defect fails a test at a defect of the wizard, named by its id.
func defect(t *testing.T, id, format string, args ...any) {
	t.Helper()
	t.Fatalf("defect %s: %s", id, fmt.Sprintf(format, args...))
}

// spinning says whether a step runs: the checklist's spinner is on.
func spinning(s string) bool { return strings.ContainsAny(s, "⣾⣽⣻⢿⡿⣟⣯⣷") }

// natGateways lists the NAT gateways moto holds, with their state and tags.
func natGateways(t *testing.T, endpoint string) []string {
	t.Helper()
	out, err := ec2.NewFromConfig(testenv.Config(t, endpoint, wizRegion)).DescribeNatGateways(context.Background(), &ec2.DescribeNatGatewaysInput{})
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, n := range out.NatGateways {
		var tags []string
		for _, tg := range n.Tags {
			tags = append(tags, sdk.ToString(tg.Key)+"="+sdk.ToString(tg.Value))
		}
		list = append(list, fmt.Sprintf("%s %s %v", sdk.ToString(n.NatGatewayId), n.State, tags))
	}
	return list
}

// checkStack asserts the exact resource set through the command line's
// status: complete, 26 resources with these names, nothing stray.
func checkStack(t *testing.T, c *cli, prefix string, names []string) steps.Report {
	t.Helper()
	rep := c.report("--prefix", prefix, "--region", wizRegion)
	if len(rep.Stray) != 0 {
		var dups []string
		for _, r := range rep.Stray {
			dups = append(dups, r.Name+" "+r.ID)
		}
		defect(t, "D1", "the wizard made %d duplicates (a step ran twice at once): %v", len(dups), dups)
	}
	if !rep.Complete() || len(rep.Rows) != 26 {
		t.Fatalf("status after the wizard: complete=%v rows=%d stray=%+v steps=%+v", rep.Complete(), len(rep.Rows), rep.Stray, rep.Steps)
	}
	var got []string
	for _, r := range rep.Rows {
		if r.ID == "" || r.ID == "-" {
			t.Errorf("status: %s has no id", r.Name)
		}
		got = append(got, r.Name)
	}
	for _, n := range names {
		if !slices.Contains(got, n) {
			t.Errorf("status lacks %s; it has %v", n, got)
		}
	}
	return rep
}

func TestWizard_DefaultsWithChangedPrefix(t *testing.T) {
	requireTmux(t)
	emu := testenv.Moto(t)
	home := t.TempDir()
	env := wizardEnv(t, home, emu.Endpoint)
	const oldPrefix, prefix = "student", "lab7"
	names := planNames(t, emu.Endpoint, prefix)
	deadline := time.Now().Add(wizDeadline)
	bin := binary(t)
	started := time.Now()
	p := startPane(t, wizardLine(env, bin, "--prefix", oldPrefix, "--region", wizRegion, "--my-ip", wizIP, "--console-wait", "0"))

	p.waitFor("the start screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Start a new stack (prefix "+oldPrefix+")") })
	// Polled every 100 ms, through tmux: an upper bound, not a benchmark.
	t.Logf("the start screen was on the pane %s after tmux started the binary", time.Since(started).Round(time.Millisecond))
	p.keys("Enter")
	p.waitFor("the credentials", 30*time.Second, func(s string) bool { return strings.Contains(s, "Signed in.") })
	p.keys("Enter")
	p.waitFor("the naming screen", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "Names it will make") && strings.Contains(s, oldPrefix+"-vpc")
	})
	for range len(oldPrefix) {
		p.keys("BSpace")
	}
	p.typeText(prefix)
	p.waitFor("the preview of the new prefix", 10*time.Second, func(s string) bool {
		return strings.Contains(s, prefix+"-ec2-bastion-2a") && !strings.Contains(s, oldPrefix+"-vpc")
	})
	seen := p.enterUntil("the summary", deadline, onSummary(catalog.EN))
	t.Logf("%d distinct screens on the way", len(seen))
	// Enter on the check screen ran the check: the rules and routes are as
	// the mission wants them (SSH cannot reach moto's made-up addresses).
	ranCheck := false
	for _, s := range seen {
		if strings.Contains(s, "Rules and routes: 11 of 11 paths as the mission wants") {
			ranCheck = true
		}
	}
	if !ranCheck {
		t.Errorf("no pane on the way showed the check's verdict on the rules and routes:\n%s", strings.Join(seen, "\n----\n"))
	}
	cut := cutNames(seen[len(seen)-1], names)

	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	checkStack(t, c, prefix, names)
	// Nothing was made under the old prefix.
	if _, err := os.Stat(filepath.Join(home, ".infrawiz", "stacks", oldPrefix+"-"+wizRegion+".json")); !os.IsNotExist(err) {
		t.Errorf("a progress file for the old prefix exists: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, ".ssh", "key-"+prefix+".pem")); err != nil {
		t.Errorf("the key file of the new prefix: %v", err)
	}
	// infrawiz on a finished stack: the start screen offers it, done, and
	// Enter opens its summary.
	p.keys("C-c")
	p.waitFor("the quit dialog", 10*time.Second, func(s string) bool { return strings.Contains(s, "Quit infrawiz?") })
	p.keys("y")
	for end := time.Now().Add(10 * time.Second); !p.dead(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the wizard did not exit after ctrl+c y:\n%s", p.capture())
		}
	}
	p.respawn(wizardLine(env, bin, "--prefix", prefix, "--region", wizRegion, "--my-ip", wizIP, "--console-wait", "0"))
	p.waitFor("the finished stack offered", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "› "+prefix+" in "+wizRegion) && strings.Contains(s, "(26/26")
	})
	p.keys("Enter")
	p.waitFor("the summary of the finished stack", 30*time.Second, onSummary(catalog.EN))
	if len(cut) > 0 {
		defect(t, "D7", "the summary at 120x40 does not show %d names whole: %v\n%s", len(cut), cut, seen[len(seen)-1])
	}
}

// TestWizard_NoTTYSaysApplyYes: without a terminal, plain infrawiz does not
// start the wizard; it says to use apply --yes, with the exit code of bad
// usage, in a command complete for the stack: pasted, it builds this very
// stack (in practice mode when the wizard was asked for it), not a real
// one under the user's name.
func TestWizard_NoTTYSaysApplyYes(t *testing.T) {
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	for _, tc := range []struct {
		args []string
		want string
	}{
		// --console-wait is the wizard's own (its check's): apply has none.
		{[]string{"--prefix", "notty", "--lang", "en", "--console-wait", "0"}, "infrawiz apply --prefix notty --region " + wizRegion + " --yes\n"},
		{[]string{"--prefix", "notty", "--lang", "ko"}, "infrawiz apply --prefix notty --region " + wizRegion + " --yes"},
		{[]string{"--sandbox", "--prefix", "notty", "--vpc-cidr", "10.1.2.0/24"}, "infrawiz apply --prefix notty --region " + wizRegion + " --sandbox --vpc-cidr 10.1.2.0/24 --yes"},
		{[]string{"--prefix", "notty", "--region", "us-east-1", "--state", "/tmp/my stack.json", "--no-nat"}, "infrawiz apply --prefix notty --region us-east-1 --state '/tmp/my stack.json' --no-nat --yes"},
	} {
		stdout, stderr, code := c.run(tc.args...)
		if code != exitInput || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v without a TTY: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, stdout, stderr, exitInput, tc.want)
		}
	}
}

func TestWizard_KilledMidStepResumes(t *testing.T) {
	requireTmux(t)
	emu := testenv.Moto(t)
	// Slow enough to be caught mid-step: every call 30 ms, the NAT gateway
	// pending 5 s.
	px, err := latency.New(emu.Endpoint, latency.Model{PerCall: 30 * time.Millisecond, NATPending: 5 * time.Second, InstancePending: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = px.Close() })
	home := t.TempDir()
	env := wizardEnv(t, home, px.URL())
	const prefix = "killme"
	names := planNames(t, emu.Endpoint, prefix)
	line := wizardLine(env, binary(t), "--prefix", prefix, "--region", wizRegion, "--my-ip", wizIP, "--console-wait", "0")
	statePath := filepath.Join(home, ".infrawiz", "stacks", prefix+"-"+wizRegion+".json")
	p := startPane(t, line)

	// Enter, screen after screen, until some steps are saved and one runs
	// (the gateways, waiting for the NAT gateway, most likely).
	p.enterUntil("a step running, after some progress", time.Now().Add(60*time.Second), func(s string) bool {
		st, err := state.Load(statePath)
		return err == nil && len(st.Resources) >= 6 && spinning(s)
	})
	pid := p.pid()
	atKill := p.capture()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
	for end := time.Now().Add(10 * time.Second); !p.dead(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("pid %d still runs 10 s after SIGKILL", pid)
		}
	}
	st, err := state.Load(statePath)
	if err != nil {
		t.Fatalf("the progress file after kill -9: %v", err)
	}
	if len(st.Resources) >= 26 {
		t.Fatalf("the kill came too late to test anything (%d resources saved)", len(st.Resources))
	}
	t.Logf("killed pid %d with %d resources saved; the pane then:\n%s", pid, len(st.Resources), atKill)

	// Again: the start screen offers the stack, Enter resumes it.
	p.respawn(line)
	p.waitFor("the stack offered for resume", 15*time.Second, func(s string) bool {
		return strings.Contains(s, "Continue a stack in progress") && strings.Contains(s, "› "+prefix+" in "+wizRegion)
	})
	p.keys("Enter")
	seen := p.enterUntil("the summary after resuming", time.Now().Add(wizDeadline), onSummary(catalog.EN))
	cut := cutNames(seen[len(seen)-1], names)

	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	checkStack(t, c, prefix, names)
	// Nothing was made twice: no stray object (checkStack), and the calls
	// the proxy saw create each unique resource once. (The check before
	// creating also sends DryRun calls of RunInstances, AllocateAddress,
	// CreateInternetGateway and CreateSecurityGroup, so those are not
	// counted here.)
	creates := map[string]int{}
	for _, a := range px.Calls() {
		creates[a]++
	}
	if creates["CreateVpc"] > 1 || creates["ImportKeyPair"] > 1 || creates["CreateSubnet"] > 4 {
		defect(t, "D1", "steps ran twice at once: %d CreateVpc, %d ImportKeyPair, %d CreateSubnet calls (want 1, 1, 4)", creates["CreateVpc"], creates["ImportKeyPair"], creates["CreateSubnet"])
	}
	if creates["CreateVpc"] != 1 || creates["ImportKeyPair"] != 1 {
		t.Fatalf("creates across the kill: %v", creates)
	}
	// A CreateNatGateway cut by the kill may never have reached moto (the
	// proxy counts it all the same), so count the gateways moto holds.
	if nats := natGateways(t, emu.Endpoint); len(nats) != 1 {
		t.Errorf("moto holds %d NAT gateways after the kill and the resume, want 1: %v", len(nats), nats)
	}
	if len(cut) > 0 {
		defect(t, "D7", "the summary at 120x40 does not show %d names whole: %v\n%s", len(cut), cut, seen[len(seen)-1])
	}
}

func TestWizard_Korean(t *testing.T) {
	requireTmux(t)
	emu := testenv.Moto(t)
	home := t.TempDir()
	env := wizardEnv(t, home, emu.Endpoint)
	const prefix = "hangul"
	names := planNames(t, emu.Endpoint, prefix)
	p := startPane(t, wizardLine(env, binary(t), "--lang", "ko", "--prefix", prefix, "--region", wizRegion, "--my-ip", wizIP, "--console-wait", "0"))

	p.waitFor("the Korean start screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "새 스택 시작") })
	p.keys("Enter")
	p.waitFor("the Korean credentials screen", 30*time.Second, func(s string) bool {
		return strings.Contains(s, "AWS 자격 증명") && strings.Contains(s, "로그인되었습니다")
	})
	seen := p.enterUntil("the Korean summary", time.Now().Add(wizDeadline), onSummary(catalog.KO))
	cut := cutNames(seen[len(seen)-1], names)
	for _, s := range seen {
		for _, en := range []string{"Press Enter", "Signed in", "It will create", "This step failed", "Names it will make", "waits for", "step first", "usable hosts", "Checking before"} {
			if strings.Contains(s, en) {
				t.Errorf("English text %q on a Korean screen:\n%s", en, s)
			}
		}
	}
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	checkStack(t, c, prefix, names)
	if len(cut) > 0 {
		defect(t, "D7", "the summary at 120x40 does not show %d names whole: %v\n%s", len(cut), cut, seen[len(seen)-1])
	}
}
