// Package testenv gives integration tests the services they run against.
package testenv

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/infrawiz/infrawiz/internal/sandbox"
)

// Moto starts a private moto_server for the test and stops it when the test
// ends. Without moto_server the test is skipped, naming the install command,
// except under CI=true, where a missing emulator would silently turn the
// integration suite into a no-op and so fails the test.
func Moto(t testing.TB) *sandbox.Emulator {
	t.Helper()
	e, err := sandbox.Start(context.Background(), sandbox.Options{Dir: t.TempDir()})
	if errors.Is(err, sandbox.ErrNotInstalled) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the AWS emulator is missing: %v", err)
		} else {
			t.Skipf("skipping: moto_server is not on PATH; install it with: pip install 'moto[server]' (CI=true makes this a failure)")
		}
		return nil
	}
	if err != nil {
		t.Fatalf("starting the AWS emulator: %v", err)
		return nil
	}
	t.Cleanup(func() {
		if err := e.Stop(); err != nil {
			t.Errorf("stopping the AWS emulator: %v", err)
		}
	})
	return e
}

// RequireMoto is Moto's rule for tests that start the emulator their own
// way (the command line's --sandbox): skip without moto_server, except in CI.
func RequireMoto(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("moto_server"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the AWS emulator is missing: %v", err)
		}
		t.Skipf("skipping: moto_server is not on PATH; install it with: pip install 'moto[server]' (CI=true makes this a failure)")
	}
}
