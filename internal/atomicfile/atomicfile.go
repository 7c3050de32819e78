// Package atomicfile writes a file whole or not at all. A reader, another
// process or a crash at any moment sees the old file (or none) or the
// whole new one, never a half-written one: the data goes to a temporary
// file in the same directory (so the last step stays on one file system),
// whose mode is set before any byte is written, then synced, then moved
// into place, and the directory is synced so the move survives a crash.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
)

// Write replaces path with data, of mode perm whatever the old file's was.
func Write(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, os.Rename)
}

// WriteNew writes path only if nothing is there: it fails with an error
// matching fs.ErrExist rather than replace a file, so a secret such as a
// private key is never overwritten.
func WriteNew(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, os.Link)
}

func write(path string, data []byte, perm fs.FileMode, place func(tmp, path string) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// Gone after a Link (the new name stays) or a failed Rename; a no-op
	// after a Rename.
	defer os.Remove(tmp)
	if err := f.Chmod(perm); err != nil {
		_ = f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := place(tmp, path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// SyncDir makes a change to dir's entries (a file created, renamed or
// removed) durable. File systems that cannot sync a directory are taken
// at their word, and Windows cannot open one for it at all.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) {
		return nil
	}
	return err
}
