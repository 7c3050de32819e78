package steps_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// TestPruneEmpty: a progress file with inputs only (a wizard left before
// its first create) is no stack and goes; one with a resource stays, and
// so does an empty one another infrawiz holds open.
func TestPruneEmpty(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, res *state.Resource) string {
		p := filepath.Join(dir, name)
		s, err := state.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Update(func(st *state.State) error { st.Stack = name; return nil }); err != nil {
			t.Fatal(err)
		}
		if res != nil {
			if err := s.Put(*res); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	empty := write("empty.json", nil)
	kept := write("built.json", &state.Resource{Role: "key", Kind: "key-pair", Name: "key-built", ID: "key-built", Status: state.Created})
	busy := write("busy.json", nil)
	holder, err := state.Open(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()

	left, err := steps.PruneEmpty(dir)
	if err != nil || left != 2 {
		t.Fatalf("PruneEmpty = %d, %v; want 2 stacks left", left, err)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("the empty file is still there: %v", err)
	}
	for _, p := range []string{kept, busy} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
