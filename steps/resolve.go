package steps

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/infrawiz/infrawiz/state"
)

// FieldNames are the Inputs fields as the flags and the YAML file name them.
var FieldNames = []string{"prefix", "region", "profile", "vpc-cidr", "subnets", "my-ip", "ami", "instance-type", "disk-gb", "no-nat", "public-key", "state", "sandbox", "syslog-target"}

// Immutable fields cannot change once a stack exists: the resources built
// from them would have to be replaced.
var Immutable = []string{"vpc-cidr", "subnets", "ami", "instance-type", "disk-gb", "no-nat", "public-key", "syslog-target"}

// Sources are where a stack's inputs come from, lowest first: the
// defaults, what the stack was built with (its progress file), a config
// file, the flags. The command line and the wizard resolve through them
// alike.
type Sources struct {
	// Flags holds the values of the fields named in Set, as given.
	Flags Inputs
	Set   map[string]bool
	// Config is a YAML file holding the same fields, or "".
	Config string
	// DefaultPrefix names the stack when nothing else does (the user name).
	DefaultPrefix func() string
	// DefaultRegion is the AWS config's region for a profile, or "".
	DefaultRegion func(profile string) string
	// StatePath is where a stack's progress file lives when no --state
	// names one.
	StatePath func(in Inputs) (string, error)
}

// Resolved is what a command works with once every source is merged.
type Resolved struct {
	Inputs    Inputs
	StatePath string
	// Stored is the stack's progress file; nil when it has none.
	Stored *state.State
	// Set are the fields the user gave (config file or flags).
	Set map[string]bool
}

// Resolve merges the sources. It changes nothing on disk. Bad input is
// reported before anything is read, so it always names the field.
func Resolve(src Sources) (*Resolved, error) {
	set := map[string]bool{}
	var in Inputs
	if src.Config != "" {
		cfg, keys, err := loadConfigKeys(src.Config)
		if err != nil {
			return nil, err
		}
		Overlay(&in, cfg, keys)
		for k := range keys {
			set[k] = true
		}
	}
	Overlay(&in, src.Flags, src.Set)
	for k := range src.Set {
		set[k] = true
	}
	if in.Prefix == "" && src.DefaultPrefix != nil {
		in.Prefix = src.DefaultPrefix()
	}
	if in.Region == "" && src.DefaultRegion != nil {
		in.Region = src.DefaultRegion(in.Profile)
	}
	in = in.WithDefaults()
	r := &Resolved{Inputs: in, Set: set, StatePath: in.State}
	if r.StatePath == "" && src.StatePath != nil {
		p, err := src.StatePath(in)
		if err != nil {
			return nil, err
		}
		r.StatePath = p
	}
	if err := r.Inputs.Validate(); err != nil {
		return nil, err
	}
	if r.StatePath == "" {
		return r, nil
	}
	if fi, err := os.Stat(r.StatePath); err == nil && !fi.Mode().IsRegular() {
		return nil, newFieldError("state", r.StatePath, "state.file")
	}
	st, err := state.Load(r.StatePath)
	switch {
	case err == nil:
		r.Stored = &st
		merged, err := MergeStored(r.Inputs, set, st, r.StatePath)
		if err != nil {
			return nil, err
		}
		r.Inputs = merged
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, err
	}
	if err := r.Inputs.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// MergeStored puts the inputs a stack was built with under the ones the
// user gave (set), so a resumed stack needs no flags again; a given value
// that contradicts an immutable one is refused rather than silently
// ignored. The wizard resuming a stack and the command line both merge
// through it. path names the progress file in errors.
func MergeStored(given Inputs, set map[string]bool, st state.State, path string) (Inputs, error) {
	if len(st.Inputs) == 0 {
		return given, nil
	}
	var stored Inputs
	if err := json.Unmarshal(st.Inputs, &stored); err != nil {
		return Inputs{}, &state.CorruptError{Path: path, Err: err}
	}
	for _, name := range Immutable {
		if set[name] && valueOf(stored, name) != valueOf(given, name) {
			return Inputs{}, newFieldError(name, valueOf(given, name), "stack.built", st.Stack, valueOf(stored, name))
		}
	}
	merged := stored.WithDefaults()
	keep := map[string]bool{}
	for _, n := range FieldNames {
		if set[n] {
			keep[n] = true
		}
	}
	Overlay(&merged, given, keep)
	merged.Prefix, merged.Region = given.Prefix, given.Region
	merged.Sandbox = given.Sandbox || stored.Sandbox
	return merged, nil
}

// Overlay copies the fields named in set from src to dst.
func Overlay(dst *Inputs, src Inputs, set map[string]bool) {
	for name := range set {
		switch name {
		case "prefix":
			dst.Prefix = src.Prefix
		case "region":
			dst.Region = src.Region
		case "profile":
			dst.Profile = src.Profile
		case "vpc-cidr":
			dst.VPCCIDR = src.VPCCIDR
		case "subnets":
			dst.Subnets = src.Subnets
		case "my-ip":
			dst.MyIP = src.MyIP
		case "ami":
			dst.AMI = src.AMI
		case "instance-type":
			dst.InstanceType = src.InstanceType
		case "disk-gb":
			dst.DiskGB = src.DiskGB
		case "no-nat":
			dst.NoNAT = src.NoNAT
		case "public-key":
			dst.PublicKey = src.PublicKey
		case "state":
			dst.State = src.State
		case "sandbox":
			dst.Sandbox = src.Sandbox
		case "syslog-target":
			dst.SyslogTarget = src.SyslogTarget
		}
	}
}

func valueOf(in Inputs, name string) string {
	switch name {
	case "vpc-cidr":
		return in.VPCCIDR
	case "subnets":
		b, _ := json.Marshal(in.Subnets)
		return string(b)
	case "ami":
		return in.AMI
	case "instance-type":
		return in.InstanceType
	case "disk-gb":
		return fmt.Sprint(in.DiskGB)
	case "no-nat":
		return fmt.Sprint(in.NoNAT)
	case "public-key":
		return in.PublicKey
	case "syslog-target":
		return in.SyslogTarget
	}
	return ""
}

// loadConfigKeys reads a config file and which of its fields it sets.
func loadConfigKeys(path string) (Inputs, map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		fe := newFieldError("config", path, "config.read")
		fe.Err = err
		return Inputs{}, nil, fe
	}
	// Is it a mapping at all? Then which fields does it hold?
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		fe := newFieldError("config", path, "config.mapping")
		fe.Err = err
		return Inputs{}, nil, fe
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		return Inputs{}, nil, err
	}
	keys := map[string]bool{}
	for k := range m {
		if slices.Contains(FieldNames, k) {
			keys[k] = true
		}
	}
	return cfg, keys, nil
}
