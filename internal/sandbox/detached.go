package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

const recordFile = "emulator.json"

// record is emulator.json: what a later run of the tool needs to find the
// emulator again.
type record struct {
	PID       int       `json:"pid"`
	Port      int       `json:"port"`
	Endpoint  string    `json:"endpoint"`
	StartedAt time.Time `json:"started_at"`
}

// EnsureDetached returns the emulator recorded in opts.Dir if it is still
// alive and answering, and otherwise starts one that outlives this process, so
// that a sandbox stack survives quitting and restarting the tool. A stale
// record is replaced.
func EnsureDetached(ctx context.Context, opts Options) (*Emulator, error) {
	if opts.Dir == "" {
		return nil, errors.New("sandbox: Options.Dir is required")
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	// Two wizards started together must not each start an emulator and
	// overwrite each other's record.
	unlock, err := lockDir(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("sandbox: locking %s: %w", opts.Dir, err)
	}
	defer unlock()

	if rec, err := readRecord(opts.Dir); err == nil && isMoto(ctx, rec.PID, rec.Port) {
		return &Emulator{Endpoint: endpointFor(rec.Port), Port: rec.Port, PID: rec.PID}, nil
	}

	e, err := start(ctx, opts, true)
	if err != nil {
		return nil, err
	}
	rec := record{PID: e.PID, Port: e.Port, Endpoint: e.Endpoint, StartedAt: time.Now().UTC()}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err == nil {
		err = atomicfile.Write(filepath.Join(opts.Dir, recordFile), append(data, '\n'), 0o600)
	}
	if err != nil {
		// An emulator nobody can find again would run until reboot.
		_ = e.Stop()
		return nil, fmt.Errorf("sandbox: recording the emulator: %w", err)
	}
	return e, nil
}

// StopDetached stops the emulator recorded in dir, if it is still running, and
// removes its record. Nothing recorded is not an error.
func StopDetached(dir string) error {
	unlock, err := lockDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("sandbox: locking %s: %w", dir, err)
	}
	defer unlock()

	rec, err := readRecord(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		if err := stopForeign(rec.PID, rec.Port); err != nil {
			return err
		}
	}
	// A record that cannot be read names nothing that could be stopped.
	if err := os.Remove(filepath.Join(dir, recordFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sandbox: %w", err)
	}
	return nil
}

func readRecord(dir string) (record, error) {
	var rec record
	data, err := os.ReadFile(filepath.Join(dir, recordFile))
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, fmt.Errorf("sandbox: %s: %w", recordFile, err)
	}
	if rec.PID <= 0 || rec.Port <= 0 || rec.Port > 65535 {
		return rec, fmt.Errorf("sandbox: %s: no valid pid and port", recordFile)
	}
	return rec, nil
}

// isMoto reports whether pid is alive and is the moto_server listening on
// port. The pid alone is not enough: after a reboot it may belong to anything,
// and StopDetached must never kill a stranger.
func isMoto(ctx context.Context, pid, port int) bool {
	if !alive(pid) {
		return false
	}
	if ok, known := cmdlineMatches(pid, port); known && !ok {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return probe(ctx, endpointFor(port)) == nil
}

// stopForeign stops an emulator this process did not start (or no longer
// holds), asking politely first.
func stopForeign(pid, port int) error {
	if !isMoto(context.Background(), pid, port) {
		return nil
	}
	if err := terminateGroup(pid); err != nil {
		return fmt.Errorf("sandbox: stopping moto_server (pid %d): %w", pid, err)
	}
	if waitGone(pid, 5*time.Second) {
		return nil
	}
	killGroup(pid)
	if waitGone(pid, 5*time.Second) {
		return nil
	}
	return fmt.Errorf("sandbox: moto_server (pid %d) did not exit", pid)
}

func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !alive(pid) {
			return true
		}
		time.Sleep(pollInterval)
	}
	return !alive(pid)
}
