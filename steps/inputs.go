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
	"io/fs"
	"net/netip"
	"os"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
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
		fe := newFieldError("config", path, "config.read")
		fe.Err = err
		return Inputs{}, fe
	}
	var in Inputs
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
		fe := newFieldError("config", path, "config.fields")
		fe.Err = yamlCause(err)
		return Inputs{}, fe
	}
	return in, nil
}

var (
	yamlUnknown = regexp.MustCompile(`field (\S+) not found in type \S+`)
	yamlType    = regexp.MustCompile("cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (\\S+)")
)

// yamlCause is the YAML parser's complaint in a student's words: which
// line, which field is unknown, which value is of the wrong kind and what
// belongs there; never a Go type's name ("steps.Inputs", "int32").
func yamlCause(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	kinds := map[string]string{"seq": "a list", "map": "a mapping", "str": "text", "int": "a number", "bool": "true or false", "float": "a number"}
	target := func(goType string) string {
		switch {
		case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
			return "a number"
		case goType == "string":
			return "text"
		case goType == "bool":
			return "true or false"
		case strings.HasPrefix(goType, "[]"):
			return "a list"
		}
		return "a mapping of fields"
	}
	lines := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		e = yamlUnknown.ReplaceAllString(e, "unknown field \"$1\"")
		e = yamlType.ReplaceAllStringFunc(e, func(m string) string {
			g := yamlType.FindStringSubmatch(m)
			what := kinds[g[1]]
			if what == "" {
				what = "a value"
			}
			if g[2] != "" {
				what = fmt.Sprintf("%q (%s)", g[2], what)
			}
			return what + " where " + target(g[3]) + " belongs"
		})
		lines[i] = e
	}
	return errors.New(strings.Join(lines, "; "))
}

// FieldError is bad input: which field, what was given, what is allowed.
// What is allowed is the catalogue's "field.<Key>" with Args; Allowed is
// its English, for the command line's errors, logs and tests.
type FieldError struct {
	Field   string
	Value   string
	Allowed string
	// Key is the catalogue's key of what is allowed, without its "field."
	// (such as "prefix.required" or "subnet.overlap").
	Key  string
	Args []any
	Err  error
}

// newFieldError builds a FieldError from the catalogue's "field.<key>".
func newFieldError(field, value, key string, args ...any) *FieldError {
	return &FieldError{Field: field, Value: value, Allowed: catalog.T(catalog.EN, "field."+key, args...), Key: key, Args: args}
}

// NewFieldError is bad input in one of the command line's own flags, said
// by the catalogue's "field.<key>".
func NewFieldError(field, value, key string, args ...any) *FieldError {
	return newFieldError(field, value, key, args...)
}

// FieldErrorOf is bad input in field whose reason is err, a Problem's key
// and words when it is one.
func FieldErrorOf(field, value string, err error) *FieldError { return fieldErrorOf(field, value, err) }

// fieldErrorOf is bad input in field whose reason is a Problem (NormalizeIP,
// ReadPublicKey): its key and words become the FieldError's.
func fieldErrorOf(field, value string, err error) *FieldError {
	fe := &FieldError{Field: field, Value: value, Allowed: err.Error()}
	var p Problem
	if errors.As(err, &p) {
		fe.Key, fe.Args = p.Key, p.Args
	}
	return fe
}

// Problem is a message with a stable key: the catalogue's "field.<Key>"
// when it says what an input must be (NormalizeIP, ReadPublicKey), else
// "msg.<Key>" (what a run reports). Text is its English.
type Problem struct {
	Key  string
	Args []any
	Text string
}

func (p Problem) Error() string { return p.Text }

// Msg is the problem as the catalogue's message.
func (p Problem) Msg() catalog.Message { return catalog.Msg(messageKey(p.Key), p.Args...) }

// In says the problem in l.
func (p Problem) In(l catalog.Lang) string { return p.Msg().In(l) }

func newProblem(key string, args ...any) Problem {
	return Problem{Key: key, Args: args, Text: catalog.T(catalog.EN, messageKey(key), args...)}
}

// messageKey is the catalogue's key of a Problem's or a KeyedError's Key:
// "field.<key>" where the catalogue has one, else "msg.<key>". The wizard
// looks them up the same way.
func messageKey(key string) string {
	if _, ok := catalog.Lookup("field." + key); ok {
		return "field." + key
	}
	return "msg." + key
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

// Msg is what is allowed, as the catalogue's message; zero for a
// FieldError built without a key.
func (e *FieldError) Msg() catalog.Message {
	if e.Key == "" {
		return catalog.Message{}
	}
	return catalog.Msg("field."+e.Key, e.Args...)
}

// In says the error in l as Error says it in English: the field's name, the
// value given, what is allowed, and the cause.
func (e *FieldError) In(l catalog.Lang) string {
	if l == catalog.EN || e.Key == "" {
		return e.Error()
	}
	s := FieldName(l, e.Field)
	if e.Value != "" {
		s += fmt.Sprintf(" %q", e.Value)
	}
	s += ": " + e.Msg().In(l)
	if e.Err != nil {
		s += " (" + causeText(l, e.Err) + ")"
	}
	return s
}

// FieldName is a field as a message names it in l: the catalogue's
// "fieldname.<field>", a subnet by its key, else the field as the command
// line spells it.
func FieldName(l catalog.Lang, field string) string {
	if _, ok := catalog.Lookup("fieldname." + field); ok {
		return catalog.T(l, "fieldname."+field)
	}
	if k, ok := strings.CutPrefix(field, "subnets."); ok {
		return catalog.T(l, "fieldname.subnets.item", k)
	}
	return field
}

// causeText says the cause a FieldError carries in l: one that says itself,
// or a missing or unreadable file and a stack of someone else's, which
// English leaves in the system's own words.
func causeText(l catalog.Lang, err error) string {
	if x, ok := err.(catalog.Localized); ok { //nolint:errorlint // the cause itself says itself
		return x.In(l)
	}
	key := func(err error) string {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "cause.notexist"
		case errors.Is(err, fs.ErrPermission):
			return "cause.permission"
		case errors.Is(err, aws.ErrForeign):
			return "cause.foreign"
		}
		return ""
	}
	if l == catalog.EN {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if k := key(pe.Err); k != "" {
			return pe.Path + ": " + catalog.T(l, k)
		}
		return err.Error()
	}
	if k := key(err); k != "" && errors.Unwrap(err) == nil {
		return catalog.T(l, k)
	}
	return err.Error()
}

func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every bad field at once, so the user fixes them in
// one go.
type ValidationError []*FieldError

func (v ValidationError) Error() string { return v.In(catalog.EN) }

// In says every bad field in l, each on its line.
func (v ValidationError) In(l catalog.Lang) string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.In(l)
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
	prefixRE = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$`)
	// typeRE is EC2's instance types as their names are made: a family
	// (generation digit, options) and a size. It refuses a typo such as
	// t9.huge offline; online, plan asks EC2 whether the region offers it.
	typeRE     = regexp.MustCompile(`^(a1|[cdgimprtxz][1-9][a-z-]*|inf[12]|trn[12]n?|hpc[6-8][a-z]*|mac[1-9][a-z-]*|vt1|dl[12][a-z]*|f[12]|u-[0-9]+tb1|u[0-9]?[a-z]?-[0-9a-z]+|im4gn|is4gen|x[128][a-z-]*)\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge|metal(-[0-9]+xl)?)$`)
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
	bad := func(field, value, key string, args ...any) {
		errs = append(errs, newFieldError(field, value, key, args...))
	}
	switch {
	case in.Prefix == "":
		bad("prefix", "", "prefix.required")
	case len(in.Prefix) > MaxPrefixLen:
		bad("prefix", in.Prefix, "prefix.toolong", MaxPrefixLen, in.Prefix, longestTag)
	case !prefixRE.MatchString(in.Prefix) || strings.Contains(in.Prefix, "--"):
		bad("prefix", in.Prefix, "prefix.chars")
	case in.Prefix == "sg" || strings.HasPrefix(in.Prefix, "sg-"):
		bad("prefix", in.Prefix, "prefix.sg")
	}
	if !regionRE.MatchString(in.Region) {
		bad("region", in.Region, "region.format")
	}
	vpc, err := netip.ParsePrefix(in.VPCCIDR)
	switch {
	case err != nil || !vpc.Addr().Is4():
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.format")
	case vpc.Bits() < 16 || vpc.Bits() > 28:
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.range")
	case !privateBlock(vpc.Masked()):
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.private")
	case vpc.Masked() != vpc:
		bad("vpc-cidr", in.VPCCIDR, "vpc-cidr.network", vpc.Masked().String())
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
			errs = append(errs, fieldErrorOf("my-ip", in.MyIP, err))
		}
	}
	if !typeRE.MatchString(in.InstanceType) {
		bad("instance-type", in.InstanceType, "instance-type.format")
	}
	if in.AMI != "" && !amiRE.MatchString(in.AMI) {
		bad("ami", in.AMI, "ami.format")
	}
	if in.DiskGB < 8 || in.DiskGB > 16384 {
		bad("disk-gb", fmt.Sprint(in.DiskGB), "disk-gb.range")
	}
	if in.PublicKey != "" {
		if _, err := ReadPublicKey(in.PublicKey); err != nil {
			fe := newFieldError("public-key", in.PublicKey, "public-key.file")
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
			bad("subnets."+k, "", "subnets.key", strings.Join(SubnetKeys, ", "))
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
		return "", newProblem("my-ip.format")
	}
	switch {
	case a.IsLoopback():
		if !sandbox {
			return "", newProblem("my-ip.loopback")
		}
	case a.IsUnspecified(), a.IsMulticast(), a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "", newProblem("my-ip.host")
	case a.IsPrivate(), a.IsLinkLocalUnicast():
		return "", newProblem("my-ip.private")
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
		return nil, newProblem("public-key.type", pk.Type())
	}
	return bytes.TrimSpace(ssh.MarshalAuthorizedKey(pk)), nil
}
