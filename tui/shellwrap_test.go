package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/steps"
)

// learnCommandsWithIDs are every step's learn commands with an id for every
// role, so none holds a <placeholder> (a redirect to the shell).
func learnCommandsWithIDs(t *testing.T) []string {
	t.Helper()
	in := steps.Inputs{Prefix: "mhson", MyIP: testIP}.WithDefaults()
	p, err := steps.BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[steps.Role]string{}
	for i, r := range p.Resources {
		ids[r.Role] = "id-" + strings.Repeat("0", 12) + string(rune('a'+i%26))
	}
	var out []string
	for _, st := range steps.Steps {
		out = append(out, steps.LearnCommands(p, st, ids)...)
	}
	// Words longer than any pane, in and out of quotes, with escapes.
	out = append(out,
		`aws ec2 create-security-group --description 'a rather long description with spaces, "quotes" and a backslash \ in it' --group-name x`,
		`echo "double quoted \"escaped\" and \$dollar and more and more and more words" plain\ escaped\ spaces`,
		`echo unquoted-`+strings.Repeat("abcdefghij", 12)+` end`)
	return out
}

// bashArgs runs cmd in bash with printf in front of it and aws a function
// that echoes its arguments, returning what it printed: the arguments as
// the shell parsed them, one a line.
func bashArgs(t *testing.T, bash, home, cmd string) string {
	t.Helper()
	script := "aws() { printf 'AWS[%s]\\n' \"$@\"; }\nssh-keygen() { printf 'KEYGEN[%s]\\n' \"$@\"; }\nchmod() { printf 'CHMOD[%s]\\n' \"$@\"; }\nprintf '[%s]\\n' " + cmd + "\n"
	path := filepath.Join(home, "cmd.sh")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(bash, "--noprofile", "--norc", path)
	c.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("bash on %q: %v\n%s", cmd, err, out)
	}
	return string(out)
}

// The learn pane's commands, wrapped at any width, fit it and paste into
// a real bash as the very same arguments; a word that fits a line is never
// split.
func TestShellWrap_PastesAsTheSameCommand(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed to check the wrapped commands: %v", err)
	}
	home := t.TempDir()
	for _, cmd := range learnCommandsWithIDs(t) {
		want := bashArgs(t, bash, home, cmd)
		for _, width := range []int{12, 20, 37, 57, 80, 97} {
			lines := shellWrap(cmd, width)
			for i, l := range lines {
				if w := lipgloss.Width(l); w > width {
					t.Errorf("width %d: line %d of %q is %d wide: %q", width, i, cmd, w, l)
				}
				if i < len(lines)-1 && !strings.HasSuffix(l, `\`) {
					t.Errorf("width %d: line %d of %q does not continue: %q", width, i, cmd, l)
				}
			}
			joined := strings.Join(lines, "\n")
			if got := bashArgs(t, bash, home, joined); got != want {
				t.Errorf("width %d: the wrapped command parses differently:\n%s\ngot:\n%s\nwant:\n%s", width, joined, got, want)
			}
			for _, tok := range shellFields(cmd) {
				if lipgloss.Width(tok) <= width-4 && !lineHolds(lines, tok) {
					t.Errorf("width %d: the word %q fits a line but was split:\n%s", width, tok, joined)
				}
			}
		}
	}
}

func lineHolds(lines []string, tok string) bool {
	for _, l := range lines {
		if strings.Contains(l, tok) {
			return true
		}
	}
	return false
}

// At 80 columns the learn pane shows each command's words whole: the ids
// and the tag specification are on one line each, nothing is cut by "…".
func TestLearnPane_WordsWholeAt80(t *testing.T) {
	d := newDrive(t, offlineOptions(0), 80, 24)
	d.m.sh.Plan, d.m.sh.HasPlan = mustPlan(t), true
	d.m.cur = scrVPC
	pane := ansi.Strip(d.m.learnPane(d.m.cur, 80-sidebarWidth-2))
	if strings.Contains(pane, "…") {
		t.Errorf("the learn pane cuts something:\n%s", pane)
	}
	for _, want := range []string{"aws ec2 create-vpc", "--cidr-block 192.168.11.0/24", "--enable-dns-hostnames"} {
		if !strings.Contains(pane, want) {
			t.Errorf("the learn pane lacks %q whole:\n%s", want, pane)
		}
	}
	if !strings.Contains(pane, " \\\n") {
		t.Errorf("the learn pane has no continuation between arguments:\n%s", pane)
	}
}

func mustPlan(t *testing.T) steps.Plan {
	t.Helper()
	in := steps.Inputs{Prefix: "mhson", MyIP: testIP}.WithDefaults()
	p, err := steps.BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
