package steps

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// The last check is kept beside the progress file, readable by its owner
// only, and read back as it was: when, whether it was as the mission
// wants, the counts, the VPC it checked.
func TestLastCheck_SavedBesideTheProgressFileAndReadBack(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "lab-ap-northeast-2.json")
	path := LastCheckPath(statePath)
	if filepath.Dir(path) != dir || strings.HasSuffix(path, ".json") {
		t.Fatalf("LastCheckPath(%s) = %s: not beside it, or listed as a stack (*.json)", statePath, path)
	}
	if _, err := LoadLastCheck(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("before any check: %v, want fs.ErrNotExist", err)
	}
	r := CheckReport{
		Paths: []reach.Path{{ID: "a", Want: true, Open: true}, {ID: "b", Want: false, Open: true}},
		SSH:   &check.Report{Results: []check.Result{{Status: check.OK}, {Status: check.Failed}, {Status: check.OK}}},
	}
	at := time.Date(2026, 11, 30, 14, 40, 0, 0, time.FixedZone("KST", 9*3600))
	c := LastCheckOf(r, at, "vpc-0123")
	want := LastCheck{At: at.UTC(), OK: false, Paths: 2, PathsOK: 1, SSH: true, Probes: 3, ProbesOK: 2, VPC: "vpc-0123"}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("LastCheckOf = %+v, want %+v", c, want)
	}
	if err := SaveLastCheck(path, c); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := LoadLastCheck(path)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("LoadLastCheck = %+v, %v; want %+v", got, err, want)
	}
	ls, err := LocalStacks(dir)
	if err != nil || len(ls) != 0 {
		t.Errorf("the last check is listed as a stack: %+v, %v", ls, err)
	}
}
