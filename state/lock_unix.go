//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package state

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// acquireLock takes an exclusive flock on path+".lock". flock belongs to the
// open file description, so it also stops a second Store in this process, and
// the kernel drops it when the process dies, so a crash never leaves a stale
// lock behind. The lock file is separate from the state file because the state
// file is replaced by rename on every save, and a lock on a replaced inode
// would guard nothing.
func acquireLock(path string) (*os.File, error) {
	lockPath := path + ".lock"
	for {
		f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open state lock: %w", err)
		}
		if err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &LockedError{Path: path, PID: readPID(lockPath)}
			}
			return nil, fmt.Errorf("lock state: %w", err)
		}
		// The holder before us may have removed the lock file with the
		// stack (releaseLock with remove): a lock on that unlinked inode
		// guards nothing, so take the one now at the path instead.
		if !samePath(f, lockPath) {
			_ = f.Close()
			continue
		}
		// The pid is only for the message another process shows; failing
		// to write it does not make the lock any less held.
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
		return f, nil
	}
}

// samePath reports whether the open file f is still the file at path.
func samePath(f *os.File, path string) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	now, err := os.Stat(path)
	return err == nil && os.SameFile(held, now)
}

// releaseLock drops the lock. The lock file stays while the stack does;
// with remove (the stack was destroyed and its progress file removed) it is
// unlinked while still held, which is safe because acquireLock checks that
// the file it locked is still the one at the path.
func releaseLock(f *os.File, remove bool) error {
	if remove {
		_ = os.Remove(f.Name())
	}
	_ = f.Truncate(0)
	err := flock(f, syscall.LOCK_UN)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("unlock state: %w", err)
	}
	return nil
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// readPID returns the pid the holder wrote, or 0 if there is none yet (the
// holder may be between taking the lock and writing it).
func readPID(lockPath string) int {
	data, err := os.ReadFile(lockPath)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
