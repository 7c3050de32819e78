package state

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// helperEnv carries the state path to the child process; its presence is what
// turns TestHelperLockHolder from a no-op into the lock holder.
const helperEnv = "INFRAWIZ_STATE_LOCK_HELPER"

// TestHelperLockHolder is not a test on its own: TestOpen_LockedByAnotherProcess
// re-executes the test binary to run it in a child process, which opens the
// store, says so on stdout and holds the lock until its stdin is closed.
func TestHelperLockHolder(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process for TestOpen_LockedByAnotherProcess")
	}
	s, err := Open(path)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(3)
	}
	if err := s.Put(Resource{Role: "vpc", Kind: "vpc", Status: Pending}); err != nil {
		fmt.Printf("error: %v\n", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := s.Close(); err != nil {
		os.Exit(4)
	}
	os.Exit(0)
}

func TestOpen_LockedByAnotherProcess(t *testing.T) {
	path := statePath(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperLockHolder$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	// If the child fails it exits, its stdout closes and this read returns,
	// so the test cannot hang on a broken helper.
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q (%v), want \"locked\"", line, err)
	}

	_, err = Open(path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while another process holds the lock = %v, want ErrLocked", err)
	}
	pid := fmt.Sprintf("pid %d", cmd.Process.Pid)
	if !strings.Contains(err.Error(), pid) || !strings.Contains(err.Error(), "another infrawiz") {
		t.Fatalf("lock error %q should say another infrawiz holds it, with %q", err, pid)
	}
	// Reading is still allowed while the other process writes.
	if st, err := Load(path); err != nil || st.Resources["vpc"] == nil {
		t.Fatalf("Load while locked = %+v, %v", st, err)
	}

	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper exited with %v", err)
	}
	s := open(t, path)
	if r, ok := s.Get("vpc"); !ok || r.Status != Pending {
		t.Fatalf("after the helper exited, Get(vpc) = %+v, %v", r, ok)
	}
}
