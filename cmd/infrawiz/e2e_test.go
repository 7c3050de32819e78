package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the real infrawiz once per test run: these tests drive the
// program as a user does, in its own process, so it can be killed.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "infrawiz-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "infrawiz")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &exec.ExitError{Stderr: out}
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

// cli runs the binary with a clean environment of its own.
type cli struct {
	t   *testing.T
	env []string
}

func newCLI(t *testing.T, home string, extra ...string) *cli {
	env := []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "aws-credentials"),
	}
	return &cli{t: t, env: append(env, extra...)}
}

func (c *cli) cmd(args ...string) *exec.Cmd {
	cmd := exec.Command(binary(c.t), args...)
	cmd.Env = c.env
	return cmd
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	cmd := c.cmd(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

func (c *cli) report(args ...string) steps.Report {
	c.t.Helper()
	out, errs, code := c.run(append([]string{"status", "--output", "json"}, args...)...)
	if code != 0 {
		c.t.Fatalf("status exit %d: %s", code, errs)
	}
	var rep steps.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		c.t.Fatalf("status json: %v\n%s", err, out)
	}
	return rep
}

// TestCLI_KillNineMidApplyThenResume kills the program with SIGKILL while
// it works, then runs apply again: it must finish with the exact set.
func TestCLI_KillNineMidApplyThenResume(t *testing.T) {
	emu := testenv.Moto(t)
	// Slow enough to be caught mid-way: every call 30 ms, the NAT gateway
	// pending 4 s.
	p, err := latency.New(emu.Endpoint, latency.Model{PerCall: 30 * time.Millisecond, NATPending: 4 * time.Second, InstancePending: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+p.URL(), "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	args := []string{"apply", "--yes", "--prefix", "killme", "--region", "ap-northeast-2", "--my-ip", "203.0.113.7"}
	statePath := filepath.Join(home, ".infrawiz", "stacks", "killme-ap-northeast-2.json")

	cmd := c.cmd(args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := state.Load(statePath)
		if err == nil && len(st.Resources) >= 6 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("apply wrote no progress in 30 s: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	st, err := state.Load(statePath)
	if err != nil {
		t.Fatalf("state after kill -9: %v", err)
	}
	if len(st.Resources) >= 26 {
		t.Fatalf("the kill came too late to test anything (%d resources)", len(st.Resources))
	}

	out, errs, code := c.run(args...)
	if code != 0 {
		t.Fatalf("resumed apply exit %d:\n%s", code, errs)
	}
	if !strings.Contains(out, "killme-ec2-bastion-2a") || !strings.Contains(errs, "Done in") {
		t.Fatalf("resumed apply output:\n%s\n%s", out, errs)
	}
	rep := c.report("--prefix", "killme", "--region", "ap-northeast-2")
	if !rep.Complete() || len(rep.Stray) != 0 || len(rep.Rows) != 26 {
		t.Fatalf("after resume: complete=%v rows=%d stray=%+v", rep.Complete(), len(rep.Rows), rep.Stray)
	}
	// Nothing was made twice: the latency proxy saw each create of a unique
	// resource once (the kill may have cut a call whose effect the resume
	// then adopted, but never one that ran twice).
	creates := map[string]int{}
	for _, a := range p.Calls() {
		creates[a]++
	}
	if creates["CreateVpc"] != 1 || creates["ImportKeyPair"] > 1 {
		t.Fatalf("creates: %v", creates)
	}

	_, errs, code = c.run("destroy", "--yes", "--prefix", "killme", "--region", "ap-northeast-2")
	if code != 0 {
		t.Fatalf("destroy exit %d: %s", code, errs)
	}
	if _, err := os.Stat(statePath); !os.IsNotExist(err) {
		t.Fatalf("state file after destroy: %v", err)
	}
	if _, errs, code := c.run("status", "--prefix", "killme", "--region", "ap-northeast-2"); code != 2 || !strings.Contains(errs, "killme") {
		t.Fatalf("status after destroy: exit %d %s", code, errs)
	}
}

// TestCLI_SandboxSurvivesRestart runs the mission with --sandbox in one
// process and reads it back from others: the emulator outlives the tool.
func TestCLI_SandboxSurvivesRestart(t *testing.T) {
	testenv.RequireMoto(t)
	home := t.TempDir()
	emuDir := filepath.Join(home, ".infrawiz", "sandbox", "emulator")
	t.Cleanup(func() { _ = sandbox.StopDetached(emuDir) })
	c := newCLI(t, home)
	out, errs, code := c.run("apply", "--sandbox", "--yes", "--prefix", "sbx")
	if code != 0 {
		t.Fatalf("sandbox apply exit %d:\n%s", code, errs)
	}
	if !strings.Contains(out, "Bastion: ssh -i "+filepath.Join(home, ".ssh", "key-sbx.pem")) {
		t.Fatalf("apply output lacks the bastion ssh command:\n%s", out)
	}
	rep := c.report("--sandbox", "--prefix", "sbx")
	if !rep.Complete() || len(rep.Rows) != 26 {
		t.Fatalf("sandbox status from a new process: %+v", rep.Steps)
	}
	// Apply again: nothing to do, nothing created.
	_, errs, code = c.run("apply", "--sandbox", "--yes", "--prefix", "sbx")
	if code != 0 || !strings.Contains(errs, "0 created, 0 adopted, 0 updated, 26 unchanged") {
		t.Fatalf("second sandbox apply exit %d:\n%s", code, errs)
	}
	out, _, code = c.run("ls", "--sandbox")
	if code != 0 || !strings.Contains(out, "sbx") {
		t.Fatalf("ls: %d %s", code, out)
	}
	out, errs, code = c.run("destroy", "--sandbox", "--yes", "--prefix", "sbx", "--delete-key-file")
	if code != 0 || !strings.Contains(out, "destroyed") || !strings.Contains(out, "emulator was stopped") {
		t.Fatalf("sandbox destroy exit %d:\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(home, ".ssh", "key-sbx.pem")); !os.IsNotExist(err) {
		t.Fatalf("--delete-key-file kept the key: %v", err)
	}
}

// TestCLI_UnreachableAWSFailsWithExit1AndAdvice: a failure that is not bad
// input exits 1 and says what to do.
func TestCLI_UnreachableAWSFailsWithExit1AndAdvice(t *testing.T) {
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL=http://127.0.0.1:9", "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_MAX_ATTEMPTS=1")
	_, errs, code := c.run("plan", "--prefix", "nope", "--region", "ap-northeast-2")
	if code != 1 || !strings.Contains(errs, "infrawiz:") || strings.Contains(errs, "goroutine") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	_, errs, code = newCLI(t, home, "AWS_ACCESS_KEY_ID=", "AWS_MAX_ATTEMPTS=1").run("apply", "--yes", "--prefix", "nope", "--region", "ap-northeast-2", "--my-ip", "203.0.113.7")
	if code != 1 || !strings.Contains(errs, "--sandbox") {
		t.Fatalf("no credentials: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(home, ".infrawiz")); !os.IsNotExist(err) {
		t.Fatalf("a failed start left state behind: %v", err)
	}
}
