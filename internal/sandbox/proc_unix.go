//go:build unix

package sandbox

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// childAttr puts the child in its own process group so that Stop reaches
// anything moto_server's launcher (a pyenv shim, say) left between us and
// Python.
func childAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(attr)
	return attr
}

// detachedAttr gives the emulator its own session so that neither quitting the
// tool nor closing its terminal (SIGHUP) takes the sandbox stack down.
func detachedAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true}
}

// killGroup kills pid's process group, which Start and EnsureDetached made pid
// the leader of, falling back to pid alone.
func killGroup(pid int) {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

func terminateGroup(pid int) error {
	err := syscall.Kill(-pid, syscall.SIGTERM)
	if err != nil {
		err = syscall.Kill(pid, syscall.SIGTERM)
	}
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}

// alive uses signal 0; EPERM means the pid exists but belongs to someone else.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// lockDir takes an exclusive flock on dir/emulator.lock; the kernel drops it if
// the process dies, so a crash cannot leave the sandbox locked.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, "emulator.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
