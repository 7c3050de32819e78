package steps

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
)

// keysValidate is the one FieldError of Validate with mod applied to valid
// inputs.
func keysValidate(mod func(*Inputs)) func(*testing.T) error {
	return func(t *testing.T) error {
		in := unitValidInputs()
		mod(&in)
		err := in.Validate()
		if fs := unitFieldErrors(err); len(fs) != 1 {
			t.Fatalf("Validate: %v, want exactly one error", err)
		}
		return err
	}
}

// Every message of steps carries a stable Key and the Args its text
// quotes, so the wizard can say it in another language; the English stays
// what it was.
func TestFieldErrorKeys(t *testing.T) {
	dir := t.TempDir()
	garbage := unitWriteFile(t, "garbage.pub", "this is not a key\n")
	ecPath := unitECDSAPubFile(t)
	missing := filepath.Join(dir, "nope.pub")
	tooLong := strings.Repeat("a", MaxPrefixLen+1)
	seoul := Inputs{Prefix: "mhson"}.WithDefaults()

	tests := []struct {
		name  string
		err   func(*testing.T) error
		field string
		key   string
		args  []any
	}{
		{"empty prefix", keysValidate(func(in *Inputs) { in.Prefix = "" }), "prefix", "prefix.required", nil},
		{"long prefix", keysValidate(func(in *Inputs) { in.Prefix = tooLong }), "prefix", "prefix.toolong", []any{MaxPrefixLen, tooLong, longestTag}},
		{"uppercase prefix", keysValidate(func(in *Inputs) { in.Prefix = "Mhson" }), "prefix", "prefix.chars", nil},
		{"double hyphen", keysValidate(func(in *Inputs) { in.Prefix = "mh--son" }), "prefix", "prefix.chars", nil},
		{"prefix sg-", keysValidate(func(in *Inputs) { in.Prefix = "sg-team" }), "prefix", "prefix.sg", nil},
		{"region", keysValidate(func(in *Inputs) { in.Region = "seoul" }), "region", "region.format", nil},
		{"vpc no mask", keysValidate(func(in *Inputs) { in.VPCCIDR = "192.168.11.0" }), "vpc-cidr", "vpc-cidr.format", nil},
		{"vpc /29", keysValidate(func(in *Inputs) { in.VPCCIDR = "192.168.11.0/29" }), "vpc-cidr", "vpc-cidr.range", nil},
		{"public vpc", keysValidate(func(in *Inputs) { in.VPCCIDR = "8.8.8.0/24" }), "vpc-cidr", "vpc-cidr.private", nil},
		{"vpc host bits", keysValidate(func(in *Inputs) { in.VPCCIDR = "192.168.11.5/24" }), "vpc-cidr", "vpc-cidr.network", []any{"192.168.11.0/24"}},
		{"vpc /26", keysValidate(func(in *Inputs) { in.VPCCIDR = "192.168.11.0/26" }), "vpc-cidr", "vpc-cidr.small", nil},
		{"subnet not a cidr", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"admin": "x"} }), "subnets.admin", "subnet.format", nil},
		{"subnet /29", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"internal": "192.168.11.128/29"} }), "subnets.internal", "subnet.range", nil},
		{"subnet outside", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"internal": "10.0.0.0/27"} }), "subnets.internal", "subnet.outside", []any{"192.168.11.0/24"}},
		{"subnet host bits", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"public-2": "192.168.11.65/26"} }), "subnets.public-2", "subnet.network", []any{"192.168.11.64/26"}},
		{"subnet overlap", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"internal": "192.168.11.32/27"} }), "subnets.internal", "subnet.overlap", []any{"public-1", "192.168.11.0/26"}},
		{"subnet overlap, the earlier side", func(*testing.T) error {
			in := seoul
			in.Subnets = map[string]string{"internal": "192.168.11.32/27"}
			return SubnetError(in, "public-1")
		}, "subnets.public-1", "subnet.overlap", []any{"internal", "192.168.11.32/27"}},
		{"unknown subnet", keysValidate(func(in *Inputs) { in.Subnets = map[string]string{"dmz": "192.168.11.192/27"} }), "subnets.dmz", "subnets.key", []any{"public-1, public-2, internal, admin"}},
		{"my-ip name", keysValidate(func(in *Inputs) { in.MyIP = "myhost" }), "my-ip", "my-ip.format", nil},
		{"my-ip network", keysValidate(func(in *Inputs) { in.MyIP = "1.2.3.0/24" }), "my-ip", "my-ip.format", nil},
		{"my-ip loopback", keysValidate(func(in *Inputs) { in.MyIP = "127.0.0.1" }), "my-ip", "my-ip.loopback", nil},
		{"my-ip broadcast", keysValidate(func(in *Inputs) { in.MyIP = "255.255.255.255" }), "my-ip", "my-ip.host", nil},
		{"my-ip private", keysValidate(func(in *Inputs) { in.MyIP = "10.0.0.1" }), "my-ip", "my-ip.private", nil},
		{"instance type", keysValidate(func(in *Inputs) { in.InstanceType = "t3medium" }), "instance-type", "instance-type.format", nil},
		{"ami", keysValidate(func(in *Inputs) { in.AMI = "ami-xyz" }), "ami", "ami.format", nil},
		{"disk", keysValidate(func(in *Inputs) { in.DiskGB = 4 }), "disk-gb", "disk-gb.range", nil},
		{"missing public key", keysValidate(func(in *Inputs) { in.PublicKey = missing }), "public-key", "public-key.file", nil},
		{"garbage public key", keysValidate(func(in *Inputs) { in.PublicKey = garbage }), "public-key", "public-key.file", nil},
		{"ecdsa public key", keysValidate(func(in *Inputs) { in.PublicKey = ecPath }), "public-key", "public-key.file", nil},
		{"config unreadable", func(*testing.T) error { _, err := LoadConfig(missing); return err }, "config", "config.read", nil},
		{"config unknown field", func(t *testing.T) error {
			_, err := LoadConfig(unitWriteFile(t, "c.yaml", "prefx: mhson\n"))
			return err
		}, "config", "config.fields", nil},
		{"spare of a bad vpc", func(*testing.T) error { _, err := SpareBlocks("x", nil); return err }, "vpc-cidr", "vpc-cidr.format", nil},
		{"spare of a bad block", func(*testing.T) error { _, err := SpareBlocks("192.168.11.0/24", []string{"x"}); return err }, "subnets", "subnet.example", nil},
		{"subnets of a bad vpc", func(*testing.T) error { _, err := SubnetCIDRs(Inputs{VPCCIDR: "x"}); return err }, "vpc-cidr", "vpc-cidr.format", nil},
		{"one zone", func(*testing.T) error { _, _, err := PickZones([]string{"ap-northeast-2a"}); return err }, "region", "region.zones", []any{1}},
		{"foreign stack", func(*testing.T) error {
			inv := aws.Inventory{ByRole: map[string][]aws.Found{"vpc": {{Owner: "arn:aws:iam::1:user/other"}}}}
			return CheckOwners(inv, "mhson", "arn:aws:iam::1:user/me")
		}, "prefix", "prefix.foreign", []any{"arn:aws:iam::1:user/other"}},
		{"vpc built with another block", func(*testing.T) error {
			f := aws.Found{VPC: &types.Vpc{CidrBlock: sdk.String("10.0.0.0/24")}}
			return kinds[aws.KindVPC].check(&Runner{}, context.Background(), Resource{Kind: aws.KindVPC, CIDR: "192.168.11.0/24"}, &f)
		}, "vpc-cidr", "vpc-cidr.built", []any{"10.0.0.0/24"}},
		{"subnet built with another block", func(*testing.T) error {
			f := aws.Found{Subnet: &types.Subnet{CidrBlock: sdk.String("192.168.11.0/27")}}
			return kinds[aws.KindSubnet].check(&Runner{}, context.Background(), Resource{Kind: aws.KindSubnet, Name: "mhson-subnet-public-2a", CIDR: "192.168.11.0/26"}, &f)
		}, "subnets", "subnet.built", []any{"mhson-subnet-public-2a", "192.168.11.0/27"}},
		{"no ip for the bastion rule", func(*testing.T) error {
			r := &Runner{found: map[Role]aws.Found{"sg-bastion": {ID: "sg-1"}}}
			_, _, err := r.ensureRules(context.Background(), Resource{GroupRole: "sg-bastion", Rules: []RuleSpec{{Protocol: "tcp", FromPort: 22, ToPort: 22}}})
			return err
		}, "my-ip", "my-ip.needed", nil},
		{"public key unreadable on apply", func(*testing.T) error {
			_, _, err := settleKey(Plan{Inputs: Inputs{PublicKey: missing}}, dir)
			return err
		}, "public-key", "public-key.read", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err(t)
			fs := unitFieldErrors(err)
			if len(fs) != 1 {
				t.Fatalf("err = %v, want one FieldError", err)
			}
			fe := fs[0]
			if fe.Field != tc.field || fe.Key != tc.key || !reflect.DeepEqual(fe.Args, tc.args) {
				t.Errorf("FieldError{Field: %q, Key: %q, Args: %#v}, want {%q, %q, %#v}", fe.Field, fe.Key, fe.Args, tc.field, tc.key, tc.args)
			}
			for _, a := range fe.Args {
				if !strings.Contains(fe.Allowed, fmt.Sprint(a)) {
					t.Errorf("Args %v: %v is not in Allowed %q", fe.Args, a, fe.Allowed)
				}
			}
		})
	}
}

// The errors of NormalizeIP and ReadPublicKey are Problems: the same
// English, keyed; Validate puts the key on the my-ip FieldError.
func TestProblemKeys(t *testing.T) {
	for ip, key := range map[string]string{
		"myhost": "my-ip.format", "2001:db8::1": "my-ip.format", "1.2.3.0/24": "my-ip.format",
		"127.0.0.1": "my-ip.loopback", "0.0.0.0": "my-ip.host", "224.0.0.1": "my-ip.host",
		"255.255.255.255": "my-ip.host", "10.0.0.1": "my-ip.private", "169.254.1.1": "my-ip.private",
	} {
		_, err := NormalizeIP(ip, false)
		var p Problem
		if !errors.As(err, &p) || p.Key != key || p.Text == "" || p.Error() != p.Text {
			t.Errorf("NormalizeIP(%s) = %#v, want a Problem keyed %s", ip, err, key)
			continue
		}
		in := unitValidInputs()
		in.MyIP = ip
		fs := unitFieldErrors(in.Validate())
		if len(fs) != 1 || fs[0].Key != key || fs[0].Allowed != p.Text {
			t.Errorf("Validate with my-ip %s: %+v, want key %s and Allowed %q", ip, fs, key, p.Text)
		}
	}

	_, err := ReadPublicKey(unitECDSAPubFile(t))
	var p Problem
	if !errors.As(err, &p) || p.Key != "public-key.type" || !reflect.DeepEqual(p.Args, []any{"ecdsa-sha2-nistp256"}) ||
		err.Error() != "EC2 does not import ecdsa-sha2-nistp256 keys" {
		t.Errorf("ReadPublicKey(ecdsa) = %#v, want the Problem public-key.type", err)
	}
}
