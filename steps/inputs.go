// Package steps is the mission: the inputs and their validation, the plan of
// every resource, and running it through the aws layer with progress written
// to state. The wizard and the headless commands are two faces of it; it
// imports no terminal package.
package steps

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/ssh"
)

// Inputs are everything the user chooses. Zero values mean "the default".
type Inputs struct {
	Prefix       string            `yaml:"prefix" json:"prefix"`
	Region       string            `yaml:"region" json:"region"`
	Profile      string            `yaml:"profile" json:"profile,omitempty"`
	VPCCIDR      string            `yaml:"vpc-cidr" json:"vpc_cidr"`
	Subnets      map[string]string `yaml:"subnets" json:"subnets,omitempty"`
	MyIP         string            `yaml:"my-ip" json:"my_ip,omitempty"`
	AMI          string            `yaml:"ami" json:"ami,omitempty"`
	InstanceType string            `yaml:"instance-type" json:"instance_type"`
	DiskGB       int32             `yaml:"disk-gb" json:"disk_gb"`
	NoNAT        bool              `yaml:"no-nat" json:"no_nat,omitempty"`
	PublicKey    string            `yaml:"public-key" json:"public_key,omitempty"`
	State        string            `yaml:"state" json:"-"`
	Sandbox      bool              `yaml:"sandbox" json:"sandbox,omitempty"`
	// SyslogTarget is a remote syslog server ("host" or "host:port") the
	// bastion also sends its command audit log to; empty means none.
	SyslogTarget string `yaml:"syslog-target" json:"syslog_target,omitempty"`
}

// Defaults of the mission.
const (
	DefaultRegion       = "ap-northeast-2"
	DefaultVPCCIDR      = "192.168.11.0/24"
	DefaultInstanceType = "t3.medium"
	DefaultDiskGB       = 30
)

// SubnetKeys are the subnets of the mission, in plan order; they are the
// keys of Inputs.Subnets.
var SubnetKeys = []string{"public-1", "public-2", "internal", "admin"}

// WithDefaults fills every empty field but MyIP (detected later) and Prefix
// (derived from the user name by the caller).
func (in Inputs) WithDefaults() Inputs {
	if in.Region == "" {
		in.Region = DefaultRegion
	}
	if in.VPCCIDR == "" {
		in.VPCCIDR = DefaultVPCCIDR
	}
	if in.InstanceType == "" {
		in.InstanceType = DefaultInstanceType
	}
	if in.DiskGB == 0 {
		in.DiskGB = DefaultDiskGB
	}
	return in
}

// LoadConfig reads a YAML file holding the same fields as the flags. An
// unknown field is an error: a typo must not silently become a default.
func LoadConfig(path string) (Inputs, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Inputs{}, &FieldError{Field: "config", Value: path, Allowed: "a readable YAML file", Key: "config.read", Err: err}
	}
	var in Inputs
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		return Inputs{}, &FieldError{
			Field: "config", Value: path,
			Allowed: "YAML with the fields prefix, region, profile, vpc-cidr, subnets, my-ip, ami, instance-type, disk-gb, no-nat, public-key, state, sandbox, syslog-target",
			Key:     "config.fields",
			Err:     err,
		}
	}
	return in, nil
}

// FieldError is bad input: which field, what was given, what is allowed.
// Allowed is English, for the command line; Key names the same message for
// a translation, which formats Args (the values Allowed quotes) into it.
type FieldError struct {
	Field   string
	Value   string
	Allowed string
	// Key is a stable id of the Allowed text, such as "prefix.required" or
	// "subnet.overlap"; empty when there is none.
	Key  string
	Args []any
	Err  error
}

// newFieldError builds a FieldError whose Allowed is format with args (as
// is when there are none), keyed for translation.
func newFieldError(field, value, key, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Value: value, Allowed: sprintf(format, args), Key: key, Args: args}
}

// Problem is a message with a stable key: Text is the English the command
// line shows, Key and Args let another language say the same. NormalizeIP
// and ReadPublicKey return them.
type Problem struct {
	Key  string
	Args []any
	Text string
}

func (p Problem) Error() string { return p.Text }

func newProblem(key, format string, args ...any) Problem {
	return Problem{Key: key, Args: args, Text: sprintf(format, args)}
}

func sprintf(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

func (e *FieldError) Error() string {
	s := e.Field
	if e.Value != "" {
		s += fmt.Sprintf(" %q", e.Value)
	}
	s += ": " + e.Allowed
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every bad field at once, so the user fixes them in
// one go.
type ValidationError []*FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// IsInput reports whether err is bad input (exit code 2).
func IsInput(err error) bool {
	var v ValidationError
	var f *FieldError
	return errors.As(err, &v) || errors.As(err, &f)
}

var (
	prefixRE   = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	regionRE   = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$`)
	typeRE     = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	amiRE      = regexp.MustCompile(`^ami-[0-9a-f]{8,17}$`)
	rfc1918    = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"), netip.MustParsePrefix("192.168.0.0/16")}
	longestTag = "-subnet-internal-2a"
)

// MaxPrefixLen keeps the longest derived name within 63 characters: names
// become host names (in the ssh config and the shell prompt), and a DNS
// label holds at most 63.
var MaxPrefixLen = 63 - len(longestTag)

// Validate checks every field without calling AWS. MyIP may be empty (it is
// detected afterwards); sandbox allows a loopback MyIP.
func (in Inputs) Validate() error {
	var errs ValidationError
	bad := func(field, value, key, format string, args ...any) {
		errs = append(errs, newFieldError(field, value, key, format, args...))
	}
	switch {
	case in.Prefix == "":
		bad("prefix", "", "prefix.required", "required: lowercase letters, digits and hyphens, e.g. mhson")
	case len(in.Prefix) > MaxPrefixLen:
		bad("prefix", in.Prefix, "prefix.toolong", "at most %d characters, so that the longest name (%s%s) fits a 63-character host name", MaxPrefixLen, in.Prefix, longestTag)
	case !prefixRE.MatchString(in.Prefix) || strings.Contains(in.Prefix, "--"):
		bad("prefix", in.Prefix, "prefix.chars", "lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen")
	case in.Prefix == "sg" || strings.HasPrefix(in.Prefix, "sg-"):
		bad("prefix", in.Prefix, "prefix.sg", "a prefix other than sg or sg-…: AWS refuses security group names that start with sg-")
	}
	if !regionRE.MatchString(in.Region) {
		bad("region", in.Region, "region.format", "an AWS region name such as ap-northeast-2 or us-east-1")
	}
	vpc, err := netip.ParsePrefix(in.VPCCIDR)
	switch {
	case err != nil || !vpc.Addr().Is4():
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.format", "an IPv4 CIDR block such as 192.168.11.0/24")
	case vpc.Bits() < 16 || vpc.Bits() > 28:
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.range", "a block from /16 to /28 (AWS's limits); the mission uses a /24")
	case !privateBlock(vpc.Masked()):
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.private", "a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
	case vpc.Masked() != vpc:
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.network", "a network address; did you mean %s?", vpc.Masked().String())
	default:
		if _, err := SubnetCIDRs(in); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				errs = append(errs, fe)
			}
		}
	}
	if in.MyIP != "" {
		if _, err := NormalizeIP(in.MyIP, in.Sandbox); err != nil {
			fe := &FieldError{Field: "my-ip", Value: in.MyIP, Allowed: err.Error()}
			var p Problem
			if errors.As(err, &p) {
				fe.Key, fe.Args = p.Key, p.Args
			}
			errs = append(errs, fe)
		}
	}
	if !typeRE.MatchString(in.InstanceType) {
		bad("instance-type", in.InstanceType, "instance-type.format", "an EC2 instance type such as t3.medium")
	}
	if in.AMI != "" && !amiRE.MatchString(in.AMI) {
		bad("ami", in.AMI, "ami.format", "an AMI id such as ami-0123456789abcdef0")
	}
	if in.DiskGB < 8 || in.DiskGB > 16384 {
		bad("disk-gb", fmt.Sprint(in.DiskGB), "disk-gb.range", "a root volume size from 8 to 16384 GB; the mission uses 30")
	}
	if in.PublicKey != "" {
		if _, err := ReadPublicKey(in.PublicKey); err != nil {
			fe := newFieldError("public-key", in.PublicKey, "public-key.file", "an OpenSSH public key file (ssh-ed25519 or ssh-rsa), such as ~/.ssh/id_ed25519.pub")
			fe.Err = err
			errs = append(errs, fe)
		}
	}
	if in.SyslogTarget != "" {
		if _, err := syslogTarget(in.SyslogTarget); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				errs = append(errs, fe)
			}
		}
	}
	for k := range in.Subnets {
		if !contains(SubnetKeys, k) {
			bad("subnets."+k, "", "subnets.key", "one of %s", strings.Join(SubnetKeys, ", "))
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
		return errs
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func privateBlock(p netip.Prefix) bool {
	for _, r := range rfc1918 {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// NormalizeIP turns the user's IP into the /32 the bastion rule allows. Only
// a single public IPv4 host is accepted: anything wider would open SSH to
// more than the user; a loopback address only in the sandbox. Its errors
// are Problems, keyed "my-ip.…".
func NormalizeIP(s string, sandbox bool) (string, error) {
	host := strings.TrimSuffix(s, "/32")
	a, err := netip.ParseAddr(host)
	if err != nil || !a.Is4() {
		return "", newProblem("my-ip.format", "a single IPv4 address such as 203.0.113.7 (optionally with /32)")
	}
	switch {
	case a.IsLoopback():
		if !sandbox {
			return "", newProblem("my-ip.loopback", "your public IPv4 address, not a loopback address (loopback is only for --sandbox)")
		}
	case a.IsUnspecified(), a.IsMulticast(), a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "", newProblem("my-ip.host", "a single host address, not a network, broadcast or multicast address")
	case a.IsPrivate(), a.IsLinkLocalUnicast():
		return "", newProblem("my-ip.private", "your public IPv4 address (the one https://checkip.amazonaws.com shows), not a private one")
	}
	return a.String() + "/32", nil
}

// ReadPublicKey reads an OpenSSH public key of a type EC2 imports.
func ReadPublicKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pk, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		return nil, err
	}
	switch pk.Type() {
	case ssh.KeyAlgoED25519, ssh.KeyAlgoRSA:
	default:
		return nil, newProblem("public-key.type", "EC2 does not import %s keys", pk.Type())
	}
	return bytes.TrimSpace(ssh.MarshalAuthorizedKey(pk)), nil
}
