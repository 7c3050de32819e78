package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// The command line's own FieldErrors are keyed like those of steps, and
// the wizard's catalogue says them in English exactly as they are printed.
func TestFieldErrorKeys_CommandLine(t *testing.T) {
	_, _ = unitCLIEnv(t)
	ctx := context.Background()
	dir := t.TempDir()
	stored, _ := json.Marshal(steps.Inputs{Prefix: "mhson", VPCCIDR: "10.0.0.0/24"}.WithDefaults())
	exec := func(args ...string) error {
		root := newRoot(ctx, io.Discard, io.Discard)
		root.SetArgs(args)
		return root.ExecuteContext(ctx)
	}
	tests := []struct {
		name string
		err  func() error
		key  string
		args []any
	}{
		{"lang", func() error { return exec("plan", "--lang", "fr") }, "lang.format", nil},
		{"status output", func() error { return exec("status", "--output", "yaml") }, "output.format", nil},
		{"check ssh-user", func() error { return exec("check", "--ssh-user", "Root!") }, "ssh-user.format", nil},
		{"export ssh-user", func() error { return exec("export", "--ssh-user", "a b") }, "ssh-user.format", nil},
		{"export format", func() error { return exec("export", "--format", "pdf") }, "format.export", nil},
		{"state is a directory", func() error {
			return exec("plan", "--prefix", "mhson", "--my-ip", "203.0.113.7", "--state", dir)
		}, "state.file", nil},
		{"config not a mapping", func() error {
			return exec("plan", "--config", unitWriteTemp(t, "list.yaml", "- prefix\n"))
		}, "config.mapping", nil},
		{"immutable field", func() error {
			_, err := steps.MergeStored(steps.Inputs{Prefix: "mhson", VPCCIDR: "10.1.0.0/24"}.WithDefaults(), map[string]bool{"vpc-cidr": true},
				state.State{Stack: "mhson", Inputs: stored}, "mhson.json")
			return err
		}, "stack.built", []any{"mhson", "10.0.0.0/24"}},
		{"my-ip flag", func() error {
			return resolveMyIP(ctx, &resolved{in: steps.Inputs{MyIP: "10.0.0.1"}, set: map[string]bool{"my-ip": true}}, io.Discard)
		}, "my-ip.private", nil},
		{"my-ip not detected", func() error {
			return resolveMyIP(ctx, &resolved{set: map[string]bool{}}, io.Discard)
		}, "my-ip.detect", nil},
		{"profile", func() error {
			_, err := connect(ctx, steps.Inputs{Region: "ap-northeast-2", Profile: "nobody"}, io.Discard)
			return err
		}, "profile.missing", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err()
			var fe *steps.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FieldError", err)
			}
			if fe.Key != tc.key || (tc.args != nil && !reflect.DeepEqual(fe.Args, tc.args)) {
				t.Errorf("Key %q Args %#v, want %q %#v", fe.Key, fe.Args, tc.key, tc.args)
			}
			if _, ok := catalog.Lookup("field." + fe.Key); !ok {
				t.Fatalf("the catalogue has no field.%s", fe.Key)
			}
			if en := catalog.T(catalog.EN, "field."+fe.Key, fe.Args...); en != fe.Allowed {
				t.Errorf("field.%s in English is %q, want the Allowed text %q", fe.Key, en, fe.Allowed)
			}
		})
	}
}
