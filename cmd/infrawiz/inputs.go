package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// flags are the common flags of every command, bound to Inputs.
type flags struct {
	fs     *flag.FlagSet
	in     steps.Inputs
	config string
	lang   string
}

// output adds --output, for the commands that print a table or JSON;
// checkOutput judges its value once the flags are parsed.
func (f *flags) output() *string { return f.fs.String("output", "table", "table or json") }

func checkOutput(v string) error {
	if v != "table" && v != "json" {
		return &steps.FieldError{Field: "output", Value: v, Allowed: "table or json", Key: "output.format"}
	}
	return nil
}

func newFlags(name string, stderr io.Writer) *flags {
	f := &flags{fs: flag.NewFlagSet("infrawiz "+name, flag.ContinueOnError)}
	f.fs.SetOutput(stderr)
	f.fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage of infrawiz %s (see infrawiz --help):\n", name)
		f.fs.PrintDefaults()
	}
	in := &f.in
	f.fs.StringVar(&in.Prefix, "prefix", "", "names start with it (default: your user name)")
	f.fs.StringVar(&in.Region, "region", "", "AWS region (default: the AWS config's, else "+steps.DefaultRegion+")")
	f.fs.StringVar(&in.Profile, "profile", "", "AWS profile")
	f.fs.StringVar(&in.VPCCIDR, "vpc-cidr", "", "VPC CIDR block (default "+steps.DefaultVPCCIDR+")")
	f.fs.StringVar(&in.MyIP, "my-ip", "", "your public IPv4 address, the only one the bastion accepts SSH from (default: detected)")
	f.fs.StringVar(&in.AMI, "ami", "", "AMI id (default: Ubuntu 22.04)")
	f.fs.StringVar(&in.InstanceType, "instance-type", "", "instance type (default "+steps.DefaultInstanceType+")")
	f.fs.BoolVar(&in.NoNAT, "no-nat", false, "skip the NAT gateway")
	f.fs.StringVar(&in.PublicKey, "public-key", "", "import this OpenSSH public key instead of generating one")
	f.fs.StringVar(&in.State, "state", "", "progress file (default ~/.infrawiz/stacks/PREFIX-REGION.json)")
	f.fs.BoolVar(&in.Sandbox, "sandbox", false, "run against a local AWS emulator (moto)")
	f.fs.StringVar(&in.SyslogTarget, "syslog-target", "", "remote syslog server HOST[:PORT] the bastion also sends its command audit log to")
	f.fs.StringVar(&f.config, "config", "", "YAML file holding the same fields")
	f.fs.StringVar(&f.lang, "lang", "", "en or ko (the wizard's language)")
	return f
}

func (f *flags) parse(args []string) error {
	if err := f.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if f.fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", f.fs.Arg(0))}
	}
	if f.lang != "" && f.lang != "en" && f.lang != "ko" {
		return &steps.FieldError{Field: "lang", Value: f.lang, Allowed: "en or ko", Key: "lang.format"}
	}
	return nil
}

// parseResolve parses the command line and merges it into the inputs.
func (f *flags) parseResolve(ctx context.Context, args []string) (*resolved, error) {
	if err := f.parse(args); err != nil {
		return nil, err
	}
	return f.resolve(ctx)
}

// set returns the names of the fields given on the command line.
func (f *flags) set() map[string]bool {
	out := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { out[fl.Name] = true })
	return out
}

// fieldNames are the Inputs fields as flag and YAML names.
var fieldNames = []string{"prefix", "region", "profile", "vpc-cidr", "subnets", "my-ip", "ami", "instance-type", "disk-gb", "no-nat", "public-key", "state", "sandbox", "syslog-target"}

// immutable fields cannot change once a stack exists: the resources built
// from them would have to be replaced.
var immutable = []string{"vpc-cidr", "subnets", "ami", "instance-type", "disk-gb", "no-nat", "public-key", "syslog-target"}

func overlay(dst *steps.Inputs, src steps.Inputs, set map[string]bool) {
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

func valueOf(in steps.Inputs, name string) string {
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

// resolved is what a command works with after flags, config file, stored
// state and defaults have been merged.
type resolved struct {
	in        steps.Inputs
	statePath string
	stored    *state.State // nil when no progress file exists
	set       map[string]bool
}

// resolve merges, lowest first: defaults, the stored inputs of an existing
// stack, the config file, the flags. It changes nothing on disk.
func (f *flags) resolve(ctx context.Context) (*resolved, error) {
	set := map[string]bool{}
	var in steps.Inputs
	if f.config != "" {
		cfg, err := steps.LoadConfig(f.config)
		if err != nil {
			return nil, err
		}
		keys, err := configKeys(f.config)
		if err != nil {
			return nil, err
		}
		overlay(&in, cfg, keys)
		for k := range keys {
			set[k] = true
		}
	}
	flagSet := f.set()
	overlay(&in, f.in, flagSet)
	for k := range flagSet {
		set[k] = true
	}
	if in.Prefix == "" {
		in.Prefix = defaultPrefix()
	}
	if in.Region == "" {
		in.Region = awsConfigRegion(ctx, in.Profile)
	}
	in = in.WithDefaults()
	r := &resolved{in: in, set: set}
	r.statePath = in.State
	if r.statePath == "" {
		p, err := defaultStatePath(in.Prefix, in.Region, in.Sandbox)
		if err != nil {
			return nil, err
		}
		r.statePath = p
	}
	// Bad input is reported before anything else is read, so it always
	// exits 2 naming the field.
	if err := r.in.Validate(); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(r.statePath); err == nil && !fi.Mode().IsRegular() {
		return nil, &steps.FieldError{Field: "state", Value: r.statePath, Allowed: "a file path (this is a directory or a device)", Key: "state.file"}
	}
	st, err := state.Load(r.statePath)
	switch {
	case err == nil:
		r.stored = &st
		if err := r.mergeStored(st); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, err
	}
	if err := r.in.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// mergeStored takes the inputs the stack was built with, so a resumed apply
// needs no flags; a flag that contradicts an immutable one is refused rather
// than silently ignored.
func (r *resolved) mergeStored(st state.State) error {
	if len(st.Inputs) == 0 {
		return nil
	}
	var stored steps.Inputs
	if err := json.Unmarshal(st.Inputs, &stored); err != nil {
		return &state.CorruptError{Path: r.statePath, Err: err}
	}
	for _, name := range immutable {
		if r.set[name] && valueOf(stored, name) != valueOf(r.in, name) {
			return &steps.FieldError{
				Field: name, Value: valueOf(r.in, name),
				Allowed: fmt.Sprintf("the value stack %s was built with (%s); destroy the stack to change it", st.Stack, valueOf(stored, name)),
				Key:     "stack.built", Args: []any{st.Stack, valueOf(stored, name)},
			}
		}
	}
	merged := stored.WithDefaults()
	keep := map[string]bool{}
	for _, n := range fieldNames {
		if r.set[n] {
			keep[n] = true
		}
	}
	overlay(&merged, r.in, keep)
	merged.Prefix, merged.Region = r.in.Prefix, r.in.Region
	merged.Sandbox = r.in.Sandbox || stored.Sandbox
	r.in = merged
	return nil
}

func configKeys(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, &steps.FieldError{Field: "config", Value: path, Allowed: "a YAML mapping", Key: "config.mapping", Err: err}
	}
	out := map[string]bool{}
	for k := range m {
		if slices.Contains(fieldNames, k) {
			out[k] = true
		}
	}
	return out, nil
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// defaultPrefix derives a prefix from the OS user name, as the course does
// ("mhson").
func defaultPrefix() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	p := strings.Trim(nonName.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if p == "" || p[0] < 'a' || p[0] > 'z' {
		p = "iw-" + p
	}
	if len(p) > steps.MaxPrefixLen {
		p = strings.TrimRight(p[:steps.MaxPrefixLen], "-")
	}
	return p
}

func homeDir() (string, error) {
	h, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find your home directory: %w", err)
	}
	return h, nil
}

func dataDir(sandbox bool) (string, error) {
	h, err := homeDir()
	if err != nil {
		return "", err
	}
	d := filepath.Join(h, ".infrawiz")
	if sandbox {
		d = filepath.Join(d, "sandbox")
	}
	return d, nil
}

func defaultStatePath(prefix, region string, sandbox bool) (string, error) {
	d, err := dataDir(sandbox)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "stacks", prefix+"-"+region+".json"), nil
}
