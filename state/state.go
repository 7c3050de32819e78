// Package state keeps the local progress file of an infrawiz stack.
//
// The file exists so that a student can stop the wizard at any point and pick
// up later without asking AWS to rediscover everything. It is only a cache of
// progress, never the source of truth: every resource also carries the stack's
// tags, so a lost or damaged file costs a re-adoption, not the stack. That is
// why this package refuses to guess when the file looks wrong and never
// overwrites a file it could not read.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

// Version is the schema version this build writes. Older documents are
// migrated on load; newer ones are refused, because an older binary that
// rewrote them would silently drop what it does not understand.
const Version = 1

// Status records how far the creation of a resource got, so that a resume
// knows whether it must look the resource up by its tags before creating it.
type Status string

const (
	// Pending is written before a create call, so that a crash between the
	// call and its reply leaves a trace that resume resolves through the tags.
	Pending Status = "pending"
	// Created is written once the AWS id is known.
	Created Status = "created"
)

// Resource is one logical resource of the stack. Role is its logical name and
// the key under which the State holds it, so that a renamed Name tag never
// loses track of the resource.
type Resource struct {
	Role        string            `json:"role"`
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	ID          string            `json:"id,omitempty"`
	Status      Status            `json:"status"`
	ClientToken string            `json:"client_token,omitempty"`
	Attrs       map[string]string `json:"attrs,omitempty"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// State is the whole progress document. Inputs belongs to the package that
// collects the wizard's answers; it is kept as raw JSON so that this package
// does not have to change, or bump its version, whenever the inputs do.
type State struct {
	Version   int                  `json:"version"`
	Stack     string               `json:"stack"`
	Region    string               `json:"region"`
	Account   string               `json:"account,omitempty"`
	Owner     string               `json:"owner,omitempty"`
	Sandbox   bool                 `json:"sandbox,omitempty"`
	Inputs    json.RawMessage      `json:"inputs,omitempty"`
	Resources map[string]*Resource `json:"resources"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
}

// Errors callers classify with errors.Is. They are sentinels rather than
// strings so that the command line can map them to advice and exit codes.
var (
	// ErrLocked means another process (or another Store in this one) holds
	// the file; running two wizards on one stack would interleave their writes.
	ErrLocked = errors.New("state file is locked")
	// ErrNewerVersion means the file was written by a newer infrawiz.
	ErrNewerVersion = errors.New("state file written by a newer infrawiz")
	// ErrSecret means a save would have put key material on disk in a file
	// that is not meant to hold it.
	ErrSecret = errors.New("state would contain a private key")
	// ErrClosed means the Store was used after Close, when it no longer holds
	// the lock that makes writing safe.
	ErrClosed = errors.New("state store is closed")
)

// LockedError says who holds the lock, because "locked" alone leaves the user
// guessing which terminal to look at.
type LockedError struct {
	Path string
	PID  int // 0 when the holder's pid could not be read.
}

func (e *LockedError) Error() string {
	who := "another infrawiz"
	if e.PID > 0 {
		who = fmt.Sprintf("another infrawiz (pid %d)", e.PID)
	}
	return fmt.Sprintf("state file %s is in use by %s; wait for it to finish or stop it, then try again", e.Path, who)
}

// Is lets errors.Is(err, ErrLocked) match without callers knowing the type.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// CorruptError reports a file that could not be read as a state document.
// The message tells the user what to do, since the fix (moving the file aside
// and letting infrawiz re-adopt the stack from its tags) is not obvious.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("state file %s is corrupt (%v); it was left untouched. "+
		"Move it aside (for example to %s.bad) and run infrawiz again: it re-adopts the stack from its AWS tags",
		e.Path, e.Err, e.Path)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// Store is the open, locked progress file. All writes go through Update so
// that each one is saved before the caller goes on to its next AWS call.
type Store struct {
	// Now is the clock used for timestamps; tests replace it to get stable
	// files. Set it before the Store is shared between goroutines.
	Now func() time.Time

	path string
	lock *os.File

	// mu serialises writers, including their disk I/O, so saves never
	// interleave. Readers do not take it: they load cur, which always points
	// to a committed State that is never mutated again, so a slow fsync never
	// stalls the UI.
	mu     sync.Mutex
	closed bool
	// removed: the progress file went with the stack, and its lock file
	// goes at Close.
	removed bool
	cur     atomic.Pointer[State]
}

// Open locks and loads the state file at path. A missing file is not an error:
// it is how every new stack starts, and the file is only written by the first
// Update. On any error the lock is released, so a retry after fixing the file
// does not trip over this process.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create state directory: %w", err)
	}
	lock, err := acquireLock(path)
	if err != nil {
		return nil, err
	}
	st, err := Load(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		st = empty()
	case err != nil:
		_ = releaseLock(lock, false)
		return nil, err
	}
	s := &Store{Now: time.Now, path: path, lock: lock}
	s.cur.Store(&st)
	return s, nil
}

// Load reads the state file without locking it, for listings that must work
// while a wizard runs. It returns an error matching os.ErrNotExist when there is
// no file, so that callers can tell "no stack here" from an empty stack.
func Load(path string) (State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return State{}, fmt.Errorf("read state: %w", err)
	}
	return decode(path, data)
}

// Path returns the file this Store writes, for messages that tell the user
// where their progress lives.
func (s *Store) Path() string { return s.path }

// State returns a deep copy, so callers may keep and change it freely while
// other goroutines update the Store.
func (s *Store) State() State { return s.cur.Load().clone() }

// Get returns a copy of the resource with the given role.
func (s *Store) Get(role string) (Resource, bool) {
	r, ok := s.cur.Load().Resources[role]
	if !ok || r == nil {
		return Resource{}, false
	}
	return r.clone(), true
}

// Update applies fn to a copy of the state and saves it before returning, so
// that progress is on disk before the caller's next AWS call. The copy becomes
// current only once saved: if fn fails or the save fails, neither memory nor
// the file changes, and fn's error is returned as is.
func (s *Store) Update(fn func(*State) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	next := s.cur.Load().clone()
	if err := fn(&next); err != nil {
		return err
	}
	now := s.now()
	if next.CreatedAt.IsZero() {
		next.CreatedAt = now
	}
	next.UpdatedAt = now
	next.Version = Version
	if next.Resources == nil {
		next.Resources = map[string]*Resource{}
	}
	if err := normalize(&next); err != nil {
		return fmt.Errorf("state not saved: %w", err)
	}
	if err := save(s.path, &next); err != nil {
		return err
	}
	// Commit a fresh copy so nothing fn kept a pointer to can change the
	// committed state behind the readers' backs.
	committed := next.clone()
	s.cur.Store(&committed)
	return nil
}

// Put records r under its role, stamping it with the Store's clock.
func (s *Store) Put(r Resource) error {
	if r.Role == "" {
		return errors.New("state: resource has no role")
	}
	return s.Update(func(st *State) error {
		r.UpdatedAt = s.now()
		r.Attrs = maps.Clone(r.Attrs)
		st.Resources[r.Role] = &r
		return nil
	})
}

// Delete forgets the resource with the given role, typically once it has been
// deleted in AWS. Deleting an unknown role is not an error.
func (s *Store) Delete(role string) error {
	return s.Update(func(st *State) error {
		delete(st.Resources, role)
		return nil
	})
}

// Remove deletes the state file after a full destroy. The lock is kept until
// Close so that no other wizard starts on the stack while this one is still
// finishing; the in-memory state is reset to match the missing file.
func (s *Store) Remove() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove state: %w", err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(s.path)); err != nil {
		return err
	}
	st := empty()
	s.cur.Store(&st)
	s.removed = true
	return nil
}

// Close releases the lock. It is safe to call more than once, so that a
// deferred Close can follow an explicit one.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return releaseLock(s.lock, s.removed)
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func empty() State {
	return State{Version: Version, Resources: map[string]*Resource{}}
}

func (st *State) clone() State {
	c := *st
	c.Inputs = bytes.Clone(st.Inputs)
	if st.Resources != nil {
		c.Resources = make(map[string]*Resource, len(st.Resources))
		for k, r := range st.Resources {
			if r == nil {
				c.Resources[k] = nil
				continue
			}
			rc := r.clone()
			c.Resources[k] = &rc
		}
	}
	return c
}

func (r *Resource) clone() Resource {
	c := *r
	c.Attrs = maps.Clone(r.Attrs)
	return c
}

// normalize makes the map key and Role agree, because the key is what resume
// looks resources up by and Role is what the tags carry; a document where they
// differ could not be trusted on the next load.
func normalize(st *State) error {
	for key, r := range st.Resources {
		switch {
		case key == "":
			return errors.New("resource with an empty role")
		case r == nil:
			return fmt.Errorf("resource %q is null", key)
		case r.Role == "":
			r.Role = key
		case r.Role != key:
			return fmt.Errorf("resource stored under %q has role %q", key, r.Role)
		}
	}
	return nil
}

// decode turns file bytes into a current-version State. Anything that is not
// recognisably a state document becomes a CorruptError rather than an empty
// state, because treating it as empty would let the next save destroy it.
func decode(path string, data []byte) (State, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		return State{}, &CorruptError{Path: path, Err: err}
	}
	if doc == nil {
		return State{}, &CorruptError{Path: path, Err: errors.New("not a JSON object")}
	}
	version := 1 // Documents from before the field existed are v1.
	if raw, ok := doc["version"]; ok {
		if err := json.Unmarshal(raw, &version); err != nil {
			return State{}, &CorruptError{Path: path, Err: fmt.Errorf("version: %w", err)}
		}
	}
	switch {
	case version > Version:
		return State{}, fmt.Errorf("%w: %s has version %d and this infrawiz reads up to version %d; upgrade infrawiz",
			ErrNewerVersion, path, version, Version)
	case version < 1:
		return State{}, &CorruptError{Path: path, Err: fmt.Errorf("invalid version %d", version)}
	}
	if raw, ok := doc["resources"]; !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return State{}, &CorruptError{Path: path, Err: errors.New("no resources object; not a state document")}
	}
	doc, err := migrate(doc, version)
	if err != nil {
		return State{}, &CorruptError{Path: path, Err: err}
	}
	current, err := json.Marshal(doc)
	if err != nil {
		return State{}, &CorruptError{Path: path, Err: err}
	}
	var st State
	if err := json.Unmarshal(current, &st); err != nil {
		return State{}, &CorruptError{Path: path, Err: err}
	}
	st.Version = Version
	if err := normalize(&st); err != nil {
		return State{}, &CorruptError{Path: path, Err: err}
	}
	return st, nil
}

// migrate brings a document of an older version up to Version one step at a
// time, working on the raw fields so that a step can rename or reshape them
// before they meet the current struct. Only v1 exists today, so the loop does
// not run; the switch is where each "case n:" (v(n) to v(n+1)) will go.
func migrate(doc map[string]json.RawMessage, from int) (map[string]json.RawMessage, error) {
	for v := from; v < Version; v++ { //nolint:staticcheck // runs once a v2 exists
		switch v {
		default:
			return nil, fmt.Errorf("no migration from version %d", v)
		}
	}
	doc["version"] = json.RawMessage(fmt.Sprint(Version))
	return doc, nil
}

// save writes st atomically. The secret check runs on the encoded bytes,
// after every field including the opaque Inputs, as a last line of defence
// against a private key reaching a file that is backed up and copied around.
func save(path string, st *State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	if bytes.Contains(data, []byte("PRIVATE KEY")) {
		return fmt.Errorf("state not saved: %w", ErrSecret)
	}
	data = append(data, '\n')
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}
