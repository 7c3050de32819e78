package steps_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// TestResolve_Layers: defaults < stored < config file < flags, and the
// stored stack's immutable fields refuse a different value.
func TestResolve_Layers(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "lab-ap-northeast-2.json")
	stored := steps.Inputs{Prefix: "lab", Region: "ap-northeast-2", VPCCIDR: "10.1.0.0/24", MyIP: "203.0.113.7/32", InstanceType: "t3.small"}.WithDefaults()
	raw, _ := json.Marshal(stored)
	st, err := state.Open(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(func(s *state.State) error { s.Stack, s.Region, s.Inputs = "lab", "ap-northeast-2", raw; return nil }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte("prefix: lab\nmy-ip: 198.51.100.1\nno-nat: false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := steps.Sources{
		Config:        cfg,
		Flags:         steps.Inputs{MyIP: "192.0.2.9"},
		Set:           map[string]bool{"my-ip": true},
		DefaultPrefix: func() string { return "nobody" },
		DefaultRegion: func(string) string { return "ap-northeast-2" },
		StatePath:     func(steps.Inputs) (string, error) { return statePath, nil },
	}
	r, err := steps.Resolve(src)
	if err != nil {
		t.Fatal(err)
	}
	in := r.Inputs
	switch {
	case in.Prefix != "lab": // the config's, not the default
		t.Errorf("prefix %q", in.Prefix)
	case in.MyIP != "192.0.2.9": // the flag's, over the config's and the stored one
		t.Errorf("my-ip %q", in.MyIP)
	case in.VPCCIDR != "10.1.0.0/24" || in.InstanceType != "t3.small": // the stored stack's, over the defaults
		t.Errorf("stored fields lost: %+v", in)
	case r.Stored == nil || r.StatePath != statePath:
		t.Errorf("stored %v at %s", r.Stored != nil, r.StatePath)
	}
	// An immutable field given otherwise is refused, naming the value
	// the stack was built with.
	src.Flags.InstanceType, src.Set["instance-type"] = "t3.large", true
	_, err = steps.Resolve(src)
	var fe *steps.FieldError
	if !errors.As(err, &fe) || fe.Field != "instance-type" || fe.Key != "stack.built" {
		t.Errorf("a changed instance type: %v, want refused", err)
	}
}
