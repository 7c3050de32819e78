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
	// The pid is only for the message another process shows; failing to
	// write it does not make the lock any less held.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// releaseLock drops the lock but leaves the lock file in place: removing it
// would race with a process that has just opened it and is about to lock the
// unlinked inode while a third process creates and locks a new one.
func releaseLock(f *os.File) error {
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
