package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
)

// sandboxEnv is the wizard's environment in practice mode: a fresh HOME,
// no AWS credentials and no endpoint, so only the emulator it starts
// itself can answer.
func sandboxEnv(home string) []string {
	return []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "LANG=C.UTF-8",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "aws-credentials"),
	}
}

// emulatorPID is the pid of the emulator recorded under home, 0 if none.
func emulatorPID(t *testing.T, home string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(home, ".infrawiz", "sandbox", "emulator", "emulator.json"))
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ PID int }
	if err := json.Unmarshal(b, &rec); err != nil || rec.PID <= 0 {
		t.Fatalf("emulator.json %q: %v", b, err)
	}
	return rec.PID
}

// running says whether pid is a live process.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// quitWizard answers ctrl+c with y and waits for the wizard to exit.
func quitWizard(t *testing.T, p *pane) {
	t.Helper()
	p.keys("C-c")
	p.waitFor("the quit dialog", 10*time.Second, func(s string) bool { return strings.Contains(s, "Quit infrawiz?") })
	p.keys("y")
	for end := time.Now().Add(20 * time.Second); !p.dead(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the wizard did not exit after ctrl+c y:\n%s", p.capture())
		}
	}
}

// sandboxFiles are the progress files of practice stacks under home.
func sandboxFiles(t *testing.T, home string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(home, ".infrawiz", "sandbox", "stacks", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestWizard_SandboxStopsWithoutAStack: practice mode left before the
// first resource leaves no stack, and so no emulator running; left after
// the key step, it leaves both, for the stack to be continued.
func TestWizard_SandboxStopsWithoutAStack(t *testing.T) {
	requireTmux(t)
	testenv.RequireMoto(t)
	bin := binary(t)
	start := func(t *testing.T, prefix string) (*pane, string) {
		t.Helper()
		home := t.TempDir()
		emuDir := filepath.Join(home, ".infrawiz", "sandbox", "emulator")
		t.Cleanup(func() { _ = sandbox.StopDetached(emuDir) })
		p := startPane(t, wizardLine(sandboxEnv(home), bin, "--sandbox", "--prefix", prefix, "--region", wizRegion))
		// Everything the wizard writes, for what it says as it exits: tmux
		// may show a dead pane without its last lines.
		p.run("pipe-pane", "-t", p.name, "-o", "cat >> "+shellQuote(filepath.Join(home, "pane.log")))
		p.waitFor("the start screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Start a new stack (prefix "+prefix+")") })
		p.keys("Enter")
		// Signing in starts the emulator.
		p.waitFor("the credentials", 60*time.Second, func(s string) bool { return strings.Contains(s, "Signed in.") })
		return p, home
	}

	t.Run("left before the first resource", func(t *testing.T) {
		p, home := start(t, "idle")
		pid := emulatorPID(t, home)
		if pid == 0 || !running(pid) {
			t.Fatalf("signed in, yet no emulator runs (pid %d)", pid)
		}
		quitWizard(t, p)
		for end := time.Now().Add(15 * time.Second); running(pid); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(end) {
				t.Fatalf("the emulator (pid %d) still runs after the wizard left with no stack; pane:\n%s", pid, p.capture())
			}
		}
		if got := emulatorPID(t, home); got != 0 {
			t.Errorf("an emulator is still recorded (pid %d)", got)
		}
		if files := sandboxFiles(t, home); len(files) != 0 {
			t.Errorf("progress files left with no stack: %v", files)
		}
		said := func() bool {
			b, _ := os.ReadFile(filepath.Join(home, "pane.log"))
			return strings.Contains(string(b), "emulator was stopped")
		}
		for end := time.Now().Add(5 * time.Second); !said(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(end) {
				t.Errorf("the wizard did not say it stopped the emulator")
				break
			}
		}
	})

	t.Run("left after the key step", func(t *testing.T) {
		p, home := start(t, "keyed")
		pid := emulatorPID(t, home)
		p.keys("Enter") // credentials: on to naming
		p.waitFor("the naming screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Names it will make") })
		p.keys("Enter") // the prefix as it is: on to the key step
		p.waitFor("the key step", 15*time.Second, func(s string) bool { return strings.Contains(s, "1 · Key") })
		file := filepath.Join(home, ".infrawiz", "sandbox", "stacks", "keyed-"+wizRegion+".json")
		// Enter confirms the key's form, then runs the step.
		for end := time.Now().Add(60 * time.Second); ; time.Sleep(250 * time.Millisecond) {
			if st, err := state.Load(file); err == nil {
				if r := st.Resources["key"]; r != nil && r.Status == state.Created {
					break
				}
			}
			if time.Now().After(end) {
				t.Fatalf("the key step did not record the key pair; pane:\n%s", p.capture())
			}
			if s := p.capture(); !strings.Contains(s, "✓ Key") && !spinning(s) {
				p.keys("Enter")
			}
		}
		p.waitFor("the key step done", 30*time.Second, func(s string) bool { return strings.Contains(s, "✓ Key") && !spinning(s) })
		quitWizard(t, p)
		if !running(pid) || emulatorPID(t, home) != pid {
			t.Fatalf("the emulator of a practice stack was stopped (pid %d, recorded %d)", pid, emulatorPID(t, home))
		}
		st, err := state.Load(file)
		if err != nil || st.Stack != "keyed" || len(st.Resources) == 0 {
			t.Fatalf("the practice stack's progress file: %+v, %v", st, err)
		}
	})
}
