//go:build !unix

package sandbox

import (
	"os"
	"syscall"
)

// Without process groups and sessions the emulator is a plain child; a
// detached one survives this process only where the OS lets children outlive
// their parent.
func childAttr() *syscall.SysProcAttr    { return nil }
func detachedAttr() *syscall.SysProcAttr { return nil }

func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

func terminateGroup(pid int) error {
	killGroup(pid)
	return nil
}

func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

func lockDir(string) (func(), error) { return func() {}, nil }
