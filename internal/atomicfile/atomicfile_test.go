package atomicfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/infrawiz/infrawiz/internal/atomicfile"
)

func TestWrite_ReplacesWholeWithItsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if err != nil || string(b) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("after Write: %q mode %v (%v), want \"new\" 0600", b, fi.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestWriteNew_NeverReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "key.pem")
	if err := atomicfile.WriteNew(p, []byte("first"), 0o400); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.WriteNew(p, []byte("second"), 0o400)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second WriteNew: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "first" {
		t.Errorf("the file became %q", b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o400 {
		t.Errorf("mode %v, want 0400", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestWrite_ReadersSeeWholeFiles: readers racing a writer see one whole
// version or the other, never a mix.
func TestWrite_ReadersSeeWholeFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	a, b := make([]byte, 1<<16), make([]byte, 1<<16)
	for i := range a {
		a[i], b[i] = 'a', 'b'
	}
	if err := atomicfile.Write(p, a, 0o600); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			data := a
			if i%2 == 1 {
				data = b
			}
			if err := atomicfile.Write(p, data, 0o600); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 200 {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(a) || (got[0] != got[len(got)-1]) {
			t.Fatalf("a reader saw a mixed or short file: %d bytes, %q…%q", len(got), got[0], got[len(got)-1])
		}
	}
	close(stop)
	wg.Wait()
}

// TestWrite_FailedRenameRemovesTemp: a rename over a non-empty directory
// fails even for root, after the temporary file was written and synced,
// the latest point a write can fail; the temporary file must still go.
func TestWrite_FailedRenameRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "state.json")
	if err := os.MkdirAll(filepath.Join(target, "child"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(target, []byte("{}\n"), 0o600); err == nil {
		t.Fatal("rename over a non-empty directory succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Fatalf("dir holds %v, want only the original entry", entries)
	}
}
