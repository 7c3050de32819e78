package steps

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// unitValidInputs pass Validate; each case below breaks one field.
func unitValidInputs() Inputs {
	return Inputs{Prefix: "mhson", MyIP: "203.0.113.7"}.WithDefaults()
}

// unitWritePublicKey writes pub in authorized_keys format and returns the path.
func unitWritePublicKey(t *testing.T, pub any) string {
	t.Helper()
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.pub")
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " me@laptop\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func unitEd25519PubFile(t *testing.T) (string, ssh.PublicKey) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spk, _ := ssh.NewPublicKey(pub)
	return unitWritePublicKey(t, pub), spk
}

func unitECDSAPubFile(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return unitWritePublicKey(t, &k.PublicKey)
}

func unitWriteFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateAcceptsMission(t *testing.T) {
	edPath, _ := unitEd25519PubFile(t)
	ok := []struct {
		name string
		mod  func(*Inputs)
	}{
		{"defaults", func(*Inputs) {}},
		{"no my-ip yet", func(in *Inputs) { in.MyIP = "" }},
		{"my-ip /32", func(in *Inputs) { in.MyIP = "203.0.113.7/32" }},
		{"sandbox loopback", func(in *Inputs) { in.MyIP = "127.0.0.1"; in.Sandbox = true }},
		{"prefix of MaxPrefixLen", func(in *Inputs) { in.Prefix = "a" + strings.Repeat("1", MaxPrefixLen-1) }},
		{"one-letter prefix", func(in *Inputs) { in.Prefix = "m" }},
		{"prefix with hyphen and digits", func(in *Inputs) { in.Prefix = "team-7-b2" }},
		{"region us-east-1", func(in *Inputs) { in.Region = "us-east-1" }},
		{"region us-gov-west-1", func(in *Inputs) { in.Region = "us-gov-west-1" }},
		{"vpc 10/16", func(in *Inputs) { in.VPCCIDR = "10.0.0.0/16" }},
		{"vpc 172.31/20", func(in *Inputs) { in.VPCCIDR = "172.31.0.0/20" }},
		{"vpc /25", func(in *Inputs) { in.VPCCIDR = "192.168.11.0/25" }},
		{"instance type", func(in *Inputs) { in.InstanceType = "c7gn.16xlarge" }},
		{"ami 8 hex", func(in *Inputs) { in.AMI = "ami-0123abcd" }},
		{"ami 17 hex", func(in *Inputs) { in.AMI = "ami-0123456789abcdef0" }},
		{"disk 8", func(in *Inputs) { in.DiskGB = 8 }},
		{"ed25519 public key", func(in *Inputs) { in.PublicKey = edPath }},
		{"no-nat", func(in *Inputs) { in.NoNAT = true }},
	}
	for _, tc := range ok {
		in := unitValidInputs()
		tc.mod(&in)
		if err := in.Validate(); err != nil {
			t.Errorf("%s: Validate(%+v) = %v, want nil", tc.name, in, err)
		}
	}
}

func TestValidateRejectsEachField(t *testing.T) {
	dir := t.TempDir()
	garbage := unitWriteFile(t, "garbage.pub", "this is not a key\n")
	ecPath := unitECDSAPubFile(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	privPath := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(privPath, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		field   string
		mod     func(*Inputs)
		message string // a fragment of the error text ("" = no check)
	}{
		{"empty prefix", "prefix", func(in *Inputs) { in.Prefix = "" }, "required"},
		{"uppercase prefix", "prefix", func(in *Inputs) { in.Prefix = "Mhson" }, "lowercase"},
		{"underscore prefix", "prefix", func(in *Inputs) { in.Prefix = "bad_name" }, "lowercase"},
		{"leading digit", "prefix", func(in *Inputs) { in.Prefix = "1mhson" }, "starting with a letter"},
		{"leading hyphen", "prefix", func(in *Inputs) { in.Prefix = "-mhson" }, ""},
		{"trailing hyphen", "prefix", func(in *Inputs) { in.Prefix = "mhson-" }, "not ending with a hyphen"},
		{"double hyphen", "prefix", func(in *Inputs) { in.Prefix = "mh--son" }, "single hyphens"},
		{"space", "prefix", func(in *Inputs) { in.Prefix = "mh son" }, ""},
		{"too long prefix", "prefix", func(in *Inputs) { in.Prefix = strings.Repeat("a", MaxPrefixLen+1) }, "at most"},
		{"prefix sg", "prefix", func(in *Inputs) { in.Prefix = "sg" }, "sg-"},
		{"prefix sg-team", "prefix", func(in *Inputs) { in.Prefix = "sg-team" }, "sg-"},
		{"vpc host bits out of range", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "10.0.0.1/15" }, "/16 to /28"},
		{"public vpc with host bits", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "8.8.8.5/24" }, "RFC 1918"},
		{"region seoul", "region", func(in *Inputs) { in.Region = "seoul" }, "ap-northeast-2"},
		{"empty region", "region", func(in *Inputs) { in.Region = "" }, "ap-northeast-2"},
		{"zone as region", "region", func(in *Inputs) { in.Region = "ap-northeast-2a" }, ""},
		{"public vpc", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "8.8.8.0/24" }, "RFC 1918"},
		{"vpc just outside 172.16/12", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "172.32.0.0/16" }, "RFC 1918"},
		{"vpc /15", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "10.0.0.0/15" }, "/16 to /28"},
		{"vpc /29", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "192.168.11.0/29" }, "/16 to /28"},
		{"vpc host bits", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "192.168.11.5/24" }, "192.168.11.0/24"},
		{"vpc ipv6", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "fd00::/56" }, "IPv4"},
		{"vpc no mask", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "192.168.11.0" }, "IPv4 CIDR"},
		{"vpc empty", "vpc-cidr", func(in *Inputs) { in.VPCCIDR = "" }, ""},
		{"my-ip private", "my-ip", func(in *Inputs) { in.MyIP = "10.0.0.1" }, "public"},
		{"my-ip private 192.168", "my-ip", func(in *Inputs) { in.MyIP = "192.168.0.10/32" }, "public"},
		{"my-ip unspecified", "my-ip", func(in *Inputs) { in.MyIP = "0.0.0.0" }, "single host"},
		{"my-ip world", "my-ip", func(in *Inputs) { in.MyIP = "0.0.0.0/0" }, ""},
		{"my-ip network", "my-ip", func(in *Inputs) { in.MyIP = "1.2.3.0/24" }, "single IPv4 address"},
		{"my-ip loopback", "my-ip", func(in *Inputs) { in.MyIP = "127.0.0.1" }, "sandbox"},
		{"my-ip broadcast", "my-ip", func(in *Inputs) { in.MyIP = "255.255.255.255" }, ""},
		{"my-ip ipv6", "my-ip", func(in *Inputs) { in.MyIP = "2001:db8::1" }, "IPv4"},
		{"my-ip name", "my-ip", func(in *Inputs) { in.MyIP = "myhost" }, ""},
		{"instance type", "instance-type", func(in *Inputs) { in.InstanceType = "t3medium" }, "t3.medium"},
		{"instance type empty", "instance-type", func(in *Inputs) { in.InstanceType = "" }, ""},
		{"ami", "ami", func(in *Inputs) { in.AMI = "ami-xyz" }, "ami-0123456789abcdef0"},
		{"ami uppercase", "ami", func(in *Inputs) { in.AMI = "AMI-0123456789ABCDEF0" }, ""},
		{"disk 4", "disk-gb", func(in *Inputs) { in.DiskGB = 4 }, "8 to 16384"},
		{"disk negative", "disk-gb", func(in *Inputs) { in.DiskGB = -30 }, ""},
		{"disk huge", "disk-gb", func(in *Inputs) { in.DiskGB = 16385 }, ""},
		{"missing public key", "public-key", func(in *Inputs) { in.PublicKey = filepath.Join(dir, "nope.pub") }, "OpenSSH public key"},
		{"garbage public key", "public-key", func(in *Inputs) { in.PublicKey = garbage }, "OpenSSH public key"},
		{"ecdsa public key", "public-key", func(in *Inputs) { in.PublicKey = ecPath }, "ecdsa"},
		{"private key as public key", "public-key", func(in *Inputs) { in.PublicKey = privPath }, ""},
		{"unknown subnet", "subnets.dmz", func(in *Inputs) { in.Subnets = map[string]string{"dmz": "192.168.11.192/27"} }, "public-1, public-2, internal, admin"},
		{"bad subnet", "subnets.internal", func(in *Inputs) { in.Subnets = map[string]string{"internal": "192.168.11.128/29"} }, "/28"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := unitValidInputs()
			tc.mod(&in)
			err := in.Validate()
			var v ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("Validate(%+v) = %v, want a ValidationError", in, err)
			}
			if len(v) != 1 || v[0].Field != tc.field {
				t.Fatalf("Validate: %d errors %v; want exactly one, on %s", len(v), err, tc.field)
			}
			if !IsInput(err) {
				t.Errorf("IsInput(%v) = false", err)
			}
			if v[0].Allowed == "" {
				t.Errorf("%s: no Allowed text", tc.field)
			}
			if !strings.HasPrefix(err.Error(), tc.field) {
				t.Errorf("message %q does not start with the field %s", err, tc.field)
			}
			if tc.message != "" && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("message %q does not mention %q", err, tc.message)
			}
		})
	}
}

func TestValidateTooLongPrefixBoundary(t *testing.T) {
	if MaxPrefixLen < 1 || MaxPrefixLen > 63 {
		t.Fatalf("MaxPrefixLen = %d", MaxPrefixLen)
	}
	// The longest derived name with the longest prefix is exactly 63.
	longest := strings.Repeat("a", MaxPrefixLen) + "-subnet-internal-2a"
	if len(longest) != 63 {
		t.Errorf("longest name with a %d-character prefix is %d characters, want 63", MaxPrefixLen, len(longest))
	}
	for n, ok := range map[int]bool{MaxPrefixLen - 1: true, MaxPrefixLen: true, MaxPrefixLen + 1: false, 63: false} {
		in := unitValidInputs()
		in.Prefix = strings.Repeat("a", n)
		err := in.Validate()
		if (err == nil) != ok {
			t.Errorf("prefix of %d characters: Validate = %v, want ok=%v", n, err, ok)
		}
	}
}

func TestValidateReportsEveryField(t *testing.T) {
	in := Inputs{
		Prefix:       "Bad_Name",
		Region:       "seoul",
		VPCCIDR:      "8.8.8.0/24",
		MyIP:         "10.0.0.1",
		AMI:          "ami-xyz",
		InstanceType: "t3medium",
		DiskGB:       4,
		PublicKey:    filepath.Join(t.TempDir(), "missing.pub"),
		Subnets:      map[string]string{"colour": "x"},
	}
	err := in.Validate()
	got := map[string]bool{}
	for _, fe := range unitFieldErrors(err) {
		got[fe.Field] = true
	}
	want := map[string]bool{
		"prefix": true, "region": true, "vpc-cidr": true, "my-ip": true, "ami": true,
		"instance-type": true, "disk-gb": true, "public-key": true, "subnets.colour": true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields reported: %v\nwant %v\nerror: %v", got, want, err)
	}
	if !IsInput(err) {
		t.Errorf("IsInput = false")
	}
	// One line per field, so the user sees them all.
	if n := strings.Count(err.Error(), "\n") + 1; n != len(want) {
		t.Errorf("message has %d lines, want %d:\n%v", n, len(want), err)
	}
}

func TestNormalizeIP(t *testing.T) {
	tests := []struct {
		in      string
		sandbox bool
		want    string // "" = error
	}{
		{"203.0.113.7", false, "203.0.113.7/32"},
		{"203.0.113.7/32", false, "203.0.113.7/32"},
		{"8.8.8.8", true, "8.8.8.8/32"},
		{"127.0.0.1", true, "127.0.0.1/32"},
		{"127.0.0.1/32", true, "127.0.0.1/32"},
		{"127.0.0.1", false, ""},
		{"10.0.0.1", false, ""},
		{"172.16.3.4", false, ""},
		{"192.168.1.1", true, ""},
		{"169.254.169.254", false, ""},
		{"0.0.0.0", false, ""},
		{"0.0.0.0/0", false, ""},
		{"1.2.3.0/24", false, ""},
		{"203.0.113.7/31", false, ""},
		{"224.0.0.1", false, ""},
		{"255.255.255.255", false, ""},
		{"::1", true, ""},
		{"2001:db8::1", false, ""},
		{"", false, ""},
		{" 203.0.113.7", false, ""},
	}
	for _, tc := range tests {
		got, err := NormalizeIP(tc.in, tc.sandbox)
		if tc.want == "" {
			if err == nil {
				t.Errorf("NormalizeIP(%q, %v) = %q, want an error", tc.in, tc.sandbox, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeIP(%q, %v) = %q, %v; want %q", tc.in, tc.sandbox, got, err, tc.want)
		}
	}
}

func TestReadPublicKey(t *testing.T) {
	edPath, edKey := unitEd25519PubFile(t)
	got, err := ReadPublicKey(edPath)
	if err != nil {
		t.Fatalf("ed25519: %v", err)
	}
	if want := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(edKey))); string(got) != want {
		t.Errorf("ReadPublicKey = %q, want %q (comment dropped, no newline)", got, want)
	}
	if !strings.HasPrefix(string(got), "ssh-ed25519 ") {
		t.Errorf("ReadPublicKey = %q", got)
	}

	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ReadPublicKey(unitWritePublicKey(t, &rk.PublicKey)); err != nil || !strings.HasPrefix(string(got), "ssh-rsa ") {
		t.Errorf("rsa: %q, %v", got, err)
	}

	if _, err := ReadPublicKey(unitECDSAPubFile(t)); err == nil || !strings.Contains(err.Error(), "ecdsa") {
		t.Errorf("ecdsa: err = %v, want a refusal naming the key type", err)
	}
	if _, err := ReadPublicKey(unitWriteFile(t, "g.pub", "ssh-ed25519 AAAA-not-base64\n")); err == nil {
		t.Errorf("garbage: no error")
	}
	if _, err := ReadPublicKey(unitWriteFile(t, "e.pub", "")); err == nil {
		t.Errorf("empty file: no error")
	}
	if _, err := ReadPublicKey(filepath.Join(t.TempDir(), "missing.pub")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: err = %v, want ErrNotExist", err)
	}
}

func TestWithDefaults(t *testing.T) {
	got := Inputs{Prefix: "mhson"}.WithDefaults()
	want := Inputs{Prefix: "mhson", Region: "ap-northeast-2", VPCCIDR: "192.168.11.0/24", InstanceType: "t3.medium", DiskGB: 30}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WithDefaults = %+v, want %+v", got, want)
	}
	set := Inputs{Prefix: "p", Region: "us-east-1", VPCCIDR: "10.0.0.0/16", InstanceType: "t3.micro", DiskGB: 8, MyIP: "203.0.113.7"}
	if got := set.WithDefaults(); !reflect.DeepEqual(got, set) {
		t.Errorf("WithDefaults overwrote given values: %+v", got)
	}
	if (Inputs{}).WithDefaults().MyIP != "" || (Inputs{}).WithDefaults().Prefix != "" {
		t.Errorf("WithDefaults must leave MyIP and Prefix to the caller")
	}
}

func TestFieldErrorMessage(t *testing.T) {
	inner := errors.New("boom")
	fe := &FieldError{Field: "vpc-cidr", Value: "8.8.8.0/24", Allowed: "a private block", Err: inner}
	if got, want := fe.Error(), `vpc-cidr "8.8.8.0/24": a private block (boom)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(fe, inner) {
		t.Errorf("FieldError does not unwrap to its cause")
	}
	if got, want := (&FieldError{Field: "prefix", Allowed: "required"}).Error(), "prefix: required"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if IsInput(errors.New("plain")) || IsInput(nil) {
		t.Errorf("IsInput true for a non-input error")
	}
	wrapped := errors.Join(errors.New("context"), ValidationError{fe})
	if !IsInput(wrapped) || !IsInput(fe) {
		t.Errorf("IsInput false for a wrapped input error")
	}
}

func TestLoadConfig(t *testing.T) {
	edPath, _ := unitEd25519PubFile(t)
	full := unitWriteFile(t, "full.yaml", `
prefix: mhson
region: us-east-1
profile: course
vpc-cidr: 10.1.0.0/16
subnets:
  internal: 10.1.192.0/19
  admin: 10.1.224.0/19
my-ip: 203.0.113.7
ami: ami-0123456789abcdef0
instance-type: t3.small
disk-gb: 40
no-nat: true
public-key: `+edPath+`
state: /tmp/somewhere.json
sandbox: true
`)
	got, err := LoadConfig(full)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := Inputs{
		Prefix: "mhson", Region: "us-east-1", Profile: "course", VPCCIDR: "10.1.0.0/16",
		Subnets: map[string]string{"internal": "10.1.192.0/19", "admin": "10.1.224.0/19"},
		MyIP:    "203.0.113.7", AMI: "ami-0123456789abcdef0", InstanceType: "t3.small", DiskGB: 40,
		NoNAT: true, PublicKey: edPath, State: "/tmp/somewhere.json", Sandbox: true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadConfig\n got %+v\nwant %+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("the full config does not validate: %v", err)
	}

	for name, content := range map[string]string{"empty": "", "comment only": "# nothing yet\n"} {
		got, err := LoadConfig(unitWriteFile(t, "empty.yaml", content))
		if err != nil || !reflect.DeepEqual(got, Inputs{}) {
			t.Errorf("%s file: %+v, %v; want zero Inputs and no error", name, got, err)
		}
	}

	bad := []struct {
		name, content, key string
	}{
		{"misspelt vpc_cidr", "prefix: mhson\nvpc_cidr: 10.0.0.0/16\n", "vpc_cidr"},
		{"colour", "colour: blue\n", "colour"},
		{"camel case", "instanceType: t3.small\n", "instanceType"},
		{"wrong type", "disk-gb: lots\n", "lots"},
		{"not a mapping", "- prefix\n- mhson\n", ""},
		{"broken yaml", "prefix: [mhson\n", ""},
	}
	for _, tc := range bad {
		path := unitWriteFile(t, "bad.yaml", tc.content)
		_, err := LoadConfig(path)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "config" {
			t.Errorf("%s: err = %v, want a FieldError on config", tc.name, err)
			continue
		}
		if !IsInput(err) || !strings.Contains(err.Error(), "config") || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v should be an input error naming config and the file", tc.name, err)
		}
		if tc.key != "" && !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%s: %v does not name %q", tc.name, err, tc.key)
		}
		if !strings.Contains(fe.Allowed, "vpc-cidr") {
			t.Errorf("%s: Allowed %q should list the known fields", tc.name, fe.Allowed)
		}
	}

	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err = LoadConfig(missing)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "config" || fe.Value != missing || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want a FieldError on config wrapping ErrNotExist", err)
	}
}
