package main

import (
	"context"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// flags are the flags of the stack a command works on, bound to Inputs.
// The stack's address (prefix, region, profile, state, sandbox, config,
// lang) goes on every command and may come before or after the verb; the
// mission's inputs go on the commands that build (the wizard, plan, apply).
type flags struct {
	fs     *pflag.FlagSet // the running command's, once parsed
	in     steps.Inputs
	config string
	lang   string
}

// addStackFlags binds the flags that say which stack: every command takes
// them, before or after the verb.
func (f *flags) addStackFlags(fs *pflag.FlagSet) {
	in := &f.in
	fs.StringVar(&in.Prefix, "prefix", "", "names start with it: NAME-vpc, key-NAME (default: your user name)")
	fs.StringVar(&in.Region, "region", "", "the AWS region (default: the AWS config's, else "+steps.DefaultRegion+")")
	fs.StringVar(&in.Profile, "profile", "", "an AWS profile of ~/.aws/config")
	fs.StringVar(&in.State, "state", "", "the progress file (default ~/.infrawiz/stacks/PREFIX-REGION.json)")
	fs.BoolVar(&in.Sandbox, "sandbox", false, "practice mode: a local AWS emulator (moto), no AWS account needed")
	fs.StringVar(&f.config, "config", "", "a YAML file holding the same fields as the flags")
	fs.StringVar(&f.lang, "lang", "", "language: en or ko (default: from LANG)")
}

// addInputFlags binds the mission's inputs, for the commands that build.
func (f *flags) addInputFlags(fs *pflag.FlagSet) {
	in := &f.in
	fs.StringVar(&in.VPCCIDR, "vpc-cidr", "", "the VPC's CIDR block (default "+steps.DefaultVPCCIDR+")")
	f.addMyIP(fs)
	fs.StringVar(&in.AMI, "ami", "", "the AMI the servers boot (default: Ubuntu 22.04 from SSM, else the newest Canonical jammy image)")
	fs.StringVar(&in.InstanceType, "instance-type", "", "instance type (default "+steps.DefaultInstanceType+")")
	fs.BoolVar(&in.NoNAT, "no-nat", false, "skip the NAT gateway (it costs money every hour)")
	fs.StringVar(&in.PublicKey, "public-key", "", "import this OpenSSH public key file instead of generating ~/.ssh/key-PREFIX.pem")
	fs.StringVar(&in.SyslogTarget, "syslog-target", "", "a remote syslog server (HOST or HOST:PORT) the bastion also sends its command audit log to")
}

// addMyIP binds --my-ip, which check takes too.
func (f *flags) addMyIP(fs *pflag.FlagSet) {
	fs.StringVar(&f.in.MyIP, "my-ip", "", "your public IPv4 address, the only one the bastion accepts SSH from (default: detected)")
}

// addOutput binds --output, for the commands that print a table or JSON;
// checkOutput judges its value.
func addOutput(fs *pflag.FlagSet) *string {
	return fs.String("output", "table", "table or json")
}

func checkOutput(v string) error {
	if v != "table" && v != "json" {
		return steps.NewFieldError("output", v, "output.format")
	}
	return nil
}

// checkLang judges --lang once the flags are parsed.
func (f *flags) checkLang() error {
	if f.lang != "" && f.lang != "en" && f.lang != "ko" {
		return steps.NewFieldError("lang", f.lang, "lang.format")
	}
	return nil
}

// say is the language the command line speaks: --lang, else a Korean
// LANG or LC_ALL, else English.
func (f *flags) say() catalog.Lang { return catalog.Detect(f.lang, os.Getenv) }

// set returns the names of the fields given on the command line.
func (f *flags) set() map[string]bool {
	out := map[string]bool{}
	if f.fs != nil {
		f.fs.Visit(func(fl *pflag.Flag) { out[fl.Name] = true })
	}
	return out
}

// resolved is what a command works with once flags, config file, stored
// state and defaults are merged (steps.Resolve).
type resolved struct {
	in        steps.Inputs
	statePath string
	stored    *state.State // nil when no progress file exists
	set       map[string]bool
	lang      catalog.Lang // the language the command speaks
}

// resolve merges, lowest first: defaults, the stored inputs of an existing
// stack, the config file, the flags. It changes nothing on disk.
func (f *flags) resolve(ctx context.Context) (*resolved, error) {
	r, err := steps.Resolve(steps.Sources{
		Flags: f.in, Set: f.set(), Config: f.config,
		DefaultPrefix: defaultPrefix,
		DefaultRegion: func(profile string) string { return awsConfigRegion(ctx, profile) },
		StatePath: func(in steps.Inputs) (string, error) {
			return defaultStatePath(in.Prefix, in.Region, in.Sandbox)
		},
	})
	if err != nil {
		return nil, err
	}
	return &resolved{in: r.Inputs, statePath: r.StatePath, stored: r.Stored, set: r.Set, lang: f.say()}, nil
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
		return "", failure(err, "cli.error.home", err)
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
