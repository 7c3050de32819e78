//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package state

import (
	"fmt"
	"os"
	"runtime"
)

// acquireLock refuses to run without a lock rather than risk two wizards
// writing one stack; infrawiz targets Linux and macOS terminals.
func acquireLock(string) (*os.File, error) {
	return nil, fmt.Errorf("state: file locking is not supported on %s", runtime.GOOS)
}

func releaseLock(f *os.File, _ bool) error { return f.Close() }
