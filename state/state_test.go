package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// open opens a store with a fixed clock and closes it when the test ends.
func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	s.Now = func() time.Time { return t0 }
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func statePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "state.json")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // Undo the umask.
		t.Fatal(err)
	}
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// dirNames lists a directory, so tests can spot leftover temp files.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func vpc() Resource {
	return Resource{
		Role: "vpc", Kind: "vpc", Name: "mhson-vpc", ID: "vpc-0abc",
		Status: Created, Attrs: map[string]string{"cidr": "192.168.11.0/24"},
	}
}

func TestOpen_MissingFileIsEmptyAndNotCreated(t *testing.T) {
	path := statePath(t)
	s := open(t, path)

	st := s.State()
	if st.Version != Version || st.Resources == nil || len(st.Resources) != 0 {
		t.Fatalf("State() = %+v, want version %d and an empty resources map", st, Version)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open wrote the state file before any Update: stat err = %v", err)
	}
	if s.Path() != path {
		t.Fatalf("Path() = %q, want %q", s.Path(), path)
	}
}

func TestOpen_CreatesParentDir0700(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "state.json")
	s := open(t, path)
	if got := mode(t, dir); got != 0o700 {
		t.Fatalf("parent dir mode = %v, want 0700", got)
	}
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, path); got != 0o600 {
		t.Fatalf("state file mode = %v, want 0600", got)
	}
}

func TestRoundTrip_AcrossCloseAndReopen(t *testing.T) {
	path := statePath(t)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return t0 }
	err = s.Update(func(st *State) error {
		st.Stack, st.Region, st.Account = "mhson", "ap-northeast-2", "123456789012"
		st.Owner = "arn:aws:iam::123456789012:user/mhson"
		st.Inputs = json.RawMessage(`{"prefix":"mhson","vpc_cidr":"192.168.11.0/24"}`)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	nat := Resource{Role: "nat-2a", Kind: "nat", Name: "mhson-nat-2a", Status: Pending, ClientToken: "tok-1"}
	if err := s.Put(nat); err != nil {
		t.Fatal(err)
	}
	want := s.State()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(vpc()); !errors.Is(err, ErrClosed) {
		t.Fatalf("Put after Close = %v, want ErrClosed", err)
	}

	s2 := open(t, path)
	got := s2.State()
	if got.Stack != "mhson" || got.Region != "ap-northeast-2" || got.Account != "123456789012" ||
		got.Owner != want.Owner || got.Version != Version {
		t.Fatalf("reopened header = %+v", got)
	}
	if string(got.Inputs) != `{"prefix":"mhson","vpc_cidr":"192.168.11.0/24"}` {
		t.Fatalf("Inputs = %s, want them verbatim", got.Inputs)
	}
	if !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
		t.Fatalf("CreatedAt/UpdatedAt = %v/%v, want %v", got.CreatedAt, got.UpdatedAt, t0)
	}
	r, ok := s2.Get("vpc")
	if !ok {
		t.Fatal(`Get("vpc") missing after reopen`)
	}
	if r.ID != "vpc-0abc" || r.Status != Created || r.Attrs["cidr"] != "192.168.11.0/24" || !r.UpdatedAt.Equal(t0) {
		t.Fatalf("Get(vpc) = %+v", r)
	}
	r, ok = s2.Get("nat-2a")
	if !ok || r.Status != Pending || r.ClientToken != "tok-1" || r.ID != "" {
		t.Fatalf("Get(nat-2a) = %+v, %v", r, ok)
	}
	if _, ok := s2.Get("nope"); ok {
		t.Fatal(`Get("nope") found something`)
	}
	if len(got.Resources) != 2 {
		t.Fatalf("reopened with %d resources, want 2", len(got.Resources))
	}
}

func TestUpdate_StampsCreatedOnceAndUpdatedEachTime(t *testing.T) {
	s := open(t, statePath(t))
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(time.Hour)
	s.Now = func() time.Time { return t1 }
	if err := s.Delete("vpc"); err != nil {
		t.Fatal(err)
	}
	st := s.State()
	if !st.CreatedAt.Equal(t0) || !st.UpdatedAt.Equal(t1) {
		t.Fatalf("CreatedAt, UpdatedAt = %v, %v; want %v, %v", st.CreatedAt, st.UpdatedAt, t0, t1)
	}
	if _, ok := s.Get("vpc"); ok {
		t.Fatal("Delete left the resource in place")
	}
	loaded, err := Load(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := loaded.Resources["vpc"]; ok || !loaded.UpdatedAt.Equal(t1) {
		t.Fatalf("file after Delete = %+v", loaded)
	}
}

func TestState_IsADeepCopy(t *testing.T) {
	s := open(t, statePath(t))
	in := vpc()
	if err := s.Put(in); err != nil {
		t.Fatal(err)
	}
	in.Attrs["cidr"] = "changed by caller after Put"

	st := s.State()
	st.Resources["vpc"].Attrs["cidr"] = "changed"
	st.Resources["vpc"].ID = "changed"
	st.Resources["extra"] = &Resource{Role: "extra"}
	r, _ := s.Get("vpc")
	r.Attrs["cidr"] = "changed via Get"

	got, _ := s.Get("vpc")
	if got.ID != "vpc-0abc" || got.Attrs["cidr"] != "192.168.11.0/24" {
		t.Fatalf("store changed through a copy: %+v", got)
	}
	if _, ok := s.Get("extra"); ok {
		t.Fatal("store changed through the map of a copy")
	}
}

func TestUpdate_KeepsNoAliasToWhatFnSaw(t *testing.T) {
	s := open(t, statePath(t))
	var kept *State
	if err := s.Update(func(st *State) error {
		st.Resources["vpc"] = &Resource{Kind: "vpc", Attrs: map[string]string{"a": "1"}}
		kept = st
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	kept.Resources["vpc"].Attrs["a"] = "2"
	r, ok := s.Get("vpc")
	if !ok || r.Attrs["a"] != "1" {
		t.Fatalf("Get(vpc) = %+v, %v; fn's pointer changed the committed state", r, ok)
	}
	if r.Role != "vpc" {
		t.Fatalf("Role = %q, want it filled from the map key", r.Role)
	}
}

func TestUpdate_RejectsRoleThatDisagreesWithKey(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, path)
	err := s.Update(func(st *State) error {
		st.Resources["igw"] = &Resource{Role: "nat-2a"}
		return nil
	})
	if err == nil {
		t.Fatal("Update saved a resource whose role differs from its key")
	}
	if !bytes.Equal(readFile(t, path), before) {
		t.Fatal("a refused Update changed the file")
	}
	if err := s.Put(Resource{Kind: "vpc"}); err == nil {
		t.Fatal("Put accepted a resource without a role")
	}
}

func TestSave_Replaces0644FileWith0600(t *testing.T) {
	path := statePath(t)
	writeFile(t, path, []byte(`{"version":1,"stack":"mhson","resources":{}}`), 0o644)
	s := open(t, path)
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, path); got != 0o600 {
		t.Fatalf("mode after save = %v, want 0600", got)
	}
	if got := s.State().Stack; got != "mhson" {
		t.Fatalf("Stack = %q, want the existing file's value kept", got)
	}
}

func TestSave_LeavesNoTempFiles(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	for i := range 100 {
		if err := s.Put(Resource{Role: fmt.Sprintf("r%d", i), Kind: "subnet"}); err != nil {
			t.Fatal(err)
		}
	}
	// A refused save must clean up as well.
	_ = s.Update(func(st *State) error {
		st.Inputs = json.RawMessage(`"-----BEGIN OPENSSH PRIVATE KEY-----"`)
		return nil
	})
	got := dirNames(t, filepath.Dir(path))
	want := []string{"state.json", "state.json.lock"}
	if !slices.Equal(got, want) {
		t.Fatalf("dir holds %v, want %v", got, want)
	}
}

func TestSave_FailuresLeaveFileAndMemoryUntouched(t *testing.T) {
	tests := []struct {
		name    string
		fn      func(*State) error
		wantErr error
	}{
		{
			name:    "fn fails",
			fn:      func(st *State) error { st.Stack = "other"; return errBoom },
			wantErr: errBoom,
		},
		{
			name: "private key in inputs",
			fn: func(st *State) error {
				st.Stack = "other"
				st.Inputs = json.RawMessage(`{"key":"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...\n"}`)
				return nil
			},
			wantErr: ErrSecret,
		},
		{
			name: "private key in attrs",
			fn: func(st *State) error {
				st.Resources["key"] = &Resource{Role: "key", Attrs: map[string]string{"pem": "-----BEGIN RSA PRIVATE KEY-----"}}
				return nil
			},
			wantErr: ErrSecret,
		},
		{
			name: "inputs not JSON",
			fn:   func(st *State) error { st.Inputs = json.RawMessage(`{not json`); return nil },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := statePath(t)
			s := open(t, path)
			if err := s.Update(func(st *State) error { st.Stack = "mhson"; return nil }); err != nil {
				t.Fatal(err)
			}
			if err := s.Put(vpc()); err != nil {
				t.Fatal(err)
			}
			before := readFile(t, path)
			beforeState := s.State()

			err := s.Update(tt.fn)
			if err == nil {
				t.Fatal("Update succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Update error = %v, want %v", err, tt.wantErr)
			}
			if !bytes.Equal(readFile(t, path), before) {
				t.Fatal("failed save changed the file")
			}
			if got := s.State(); got.Stack != beforeState.Stack || len(got.Resources) != len(beforeState.Resources) {
				t.Fatalf("failed save changed memory: %+v", got)
			}
			if names := dirNames(t, filepath.Dir(path)); len(names) != 2 {
				t.Fatalf("dir holds %v after a failed save", names)
			}
		})
	}
}

var errBoom = errors.New("boom")

func TestConcurrentPuts_AllSaved(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			r := Resource{
				Role: fmt.Sprintf("subnet-%02d", i), Kind: "subnet", Status: Created,
				Attrs: map[string]string{"i": fmt.Sprint(i)},
			}
			if err := s.Put(r); err != nil {
				errs <- err
			}
			// Readers run alongside writers; -race checks they share nothing.
			st := s.State()
			for _, r := range st.Resources {
				r.Attrs["seen"] = "yes"
			}
			_, _ = s.Get(r.Role)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := open(t, path)
	st := s2.State()
	if len(st.Resources) != n {
		t.Fatalf("reopened with %d resources, want %d", len(st.Resources), n)
	}
	for i := range n {
		r, ok := st.Resources[fmt.Sprintf("subnet-%02d", i)]
		if !ok || r.Attrs["i"] != fmt.Sprint(i) || r.Attrs["seen"] != "" {
			t.Fatalf("subnet-%02d = %+v", i, r)
		}
	}
}

func TestOpen_TwiceInOneProcessIsLocked(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	_, err := Open(path)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	msg := err.Error()
	for _, want := range []string{path, "another infrawiz", fmt.Sprintf("pid %d", os.Getpid()), "wait"} {
		if !strings.Contains(msg, want) {
			t.Errorf("lock error %q does not mention %q", msg, want)
		}
	}
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("errors.As LockedError = %+v", le)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close = %v, want nil", err)
	}
	s2 := open(t, path)
	if err := s2.Put(vpc()); err != nil {
		t.Fatal(err)
	}
}

func TestLoad_WorksWhileStoreIsOpen(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	st, err := Load(path)
	if err != nil {
		t.Fatalf("Load while locked: %v", err)
	}
	if st.Resources["vpc"] == nil || st.Resources["vpc"].ID != "vpc-0abc" {
		t.Fatalf("Load = %+v", st)
	}
	// Load takes no lock, so the writer is not disturbed.
	if err := s.Delete("vpc"); err != nil {
		t.Fatal(err)
	}
}

func TestLoad_MissingFileIsNotExist(t *testing.T) {
	_, err := Load(statePath(t))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of a missing file = %v, want fs.ErrNotExist", err)
	}
}

func TestOpen_CorruptFileIsLeftUntouched(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"garbage", "\x00\x01garbage{{{"},
		{"empty file", ""},
		{"truncated", `{"version":1,"stack":"mhson","resources":{"vpc":{"role"`},
		{"array", `[1,2,3]`},
		{"null", `null`},
		{"empty object", `{}`},
		{"other JSON", `{"name":"left-pad","version":"1.3.0"}`},
		{"null resources", `{"version":1,"resources":null}`},
		{"null resource", `{"version":1,"resources":{"vpc":null}}`},
		{"role differs from key", `{"version":1,"resources":{"vpc":{"role":"igw"}}}`},
		{"wrong field type", `{"version":1,"stack":7,"resources":{}}`},
		{"bad time", `{"version":1,"resources":{},"updated_at":"yesterday"}`},
		{"version zero", `{"version":0,"resources":{}}`},
		{"trailing data", `{"version":1,"resources":{}} extra`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := statePath(t)
			writeFile(t, path, []byte(tt.data), 0o600)

			_, err := Open(path)
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("Open = %v, want *CorruptError", err)
			}
			if ce.Path != path {
				t.Errorf("CorruptError.Path = %q, want %q", ce.Path, path)
			}
			msg := err.Error()
			for _, want := range []string{path, "corrupt", "untouched", "tags"} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not mention %q", msg, want)
				}
			}
			if _, err := Load(path); !errors.As(err, &ce) {
				t.Errorf("Load = %v, want *CorruptError", err)
			}
			if got := readFile(t, path); string(got) != tt.data {
				t.Fatalf("corrupt file changed: %q", got)
			}
			// The failed Open released its lock: once the file is fixed, a
			// new Open in this same process succeeds.
			writeFile(t, path, []byte(`{"version":1,"stack":"mhson","resources":{}}`), 0o600)
			s := open(t, path)
			if s.State().Stack != "mhson" {
				t.Fatalf("fixed file loaded as %+v", s.State())
			}
		})
	}
}

func TestOpen_NewerVersionRefused(t *testing.T) {
	path := statePath(t)
	data := fmt.Sprintf(`{"version":%d,"stack":"mhson","resources":{},"shiny":true}`, Version+1)
	writeFile(t, path, []byte(data), 0o600)

	_, err := Open(path)
	if !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("Open = %v, want ErrNewerVersion", err)
	}
	if !strings.Contains(err.Error(), "newer infrawiz") || !strings.Contains(err.Error(), path) {
		t.Fatalf("message %q should name the file and say a newer infrawiz wrote it", err)
	}
	var ce *CorruptError
	if errors.As(err, &ce) {
		t.Fatal("a newer file is not corrupt; telling the user to move it aside would be wrong")
	}
	if _, err := Load(path); !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("Load = %v, want ErrNewerVersion", err)
	}
	if got := readFile(t, path); string(got) != data {
		t.Fatal("newer file was modified")
	}
	// Lock released: the same process can open it once it is readable.
	writeFile(t, path, []byte(`{"version":1,"resources":{}}`), 0o600)
	open(t, path)
}

func TestOpen_MissingVersionMigratesAsV1(t *testing.T) {
	path := statePath(t)
	writeFile(t, path, []byte(`{
  "stack": "mhson",
  "region": "ap-northeast-2",
  "inputs": {"prefix": "mhson"},
  "resources": {
    "vpc": {"kind": "vpc", "name": "mhson-vpc", "id": "vpc-1", "status": "created",
            "updated_at": "2024-12-01T10:00:00Z"}
  }
}`), 0o600)

	s := open(t, path)
	st := s.State()
	if st.Version != Version || st.Stack != "mhson" || st.Region != "ap-northeast-2" {
		t.Fatalf("migrated header = %+v", st)
	}
	r, ok := s.Get("vpc")
	if !ok || r.Role != "vpc" || r.ID != "vpc-1" || r.Status != Created {
		t.Fatalf("migrated vpc = %+v, %v", r, ok)
	}
	var in map[string]string
	if err := json.Unmarshal(st.Inputs, &in); err != nil || in["prefix"] != "mhson" {
		t.Fatalf("Inputs = %s (%v), want them kept", st.Inputs, err)
	}
	if err := s.Put(Resource{Role: "igw", Kind: "igw", Status: Pending}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(readFile(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version == nil || *doc.Version != Version {
		t.Fatalf("saved version = %v, want %d written explicitly", doc.Version, Version)
	}
}

func TestRemove_DeletesFileButKeepsLock(t *testing.T) {
	path := statePath(t)
	s := open(t, path)
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("state file still there: %v", err)
	}
	if n := len(s.State().Resources); n != 0 {
		t.Fatalf("State() after Remove has %d resources", n)
	}
	if err := s.Remove(); err != nil {
		t.Fatalf("second Remove = %v, want nil", err)
	}
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("Open after Remove = %v, want ErrLocked until Close", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := open(t, path)
	if n := len(s2.State().Resources); n != 0 {
		t.Fatalf("reopened after Remove with %d resources", n)
	}
}

// A destroyed stack leaves no empty .lock file behind; the lock is still
// held until Close, and a process that opened the old lock file before it
// went takes the new one instead of the unlinked inode, so two stores
// never hold one stack.
func TestRemove_LeavesNoLockFile(t *testing.T) {
	path := statePath(t)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(vpc()); err != nil {
		t.Fatal(err)
	}
	// Someone opened the lock file a moment before it is removed.
	late, err := os.OpenFile(path+".lock", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	if err := s.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Fatalf("the lock file went before Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a .lock file is left after the stack was removed: %v", err)
	}
	// The late opener's inode is unlinked: it is no lock any more.
	if samePath(late, path+".lock") {
		t.Fatal("the unlinked lock file still counts as the path's")
	}
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := Open(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".lock"); err != nil {
		t.Fatalf("a stack that was not removed lost its lock file: %v", err)
	}
}
