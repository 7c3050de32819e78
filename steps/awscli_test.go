package steps_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

const (
	cliRegion = "ap-northeast-2"
	cliIP     = "203.0.113.7" // a documentation address (RFC 5737)
)

var cliZones = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}

// requireTool finds a program the test runs: skipped without it, except
// under CI=true, where a missing tool would quietly turn the test off.
func requireTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: %v", name, err)
		}
		t.Skipf("skipping: %s is not on PATH; install it with: %s (CI=true makes this a failure)", name, install)
	}
	return path
}

func cliPlan(t *testing.T, prefix string, mod func(*steps.Inputs), zones []string) steps.Plan {
	t.Helper()
	in := steps.Inputs{Prefix: prefix, Region: cliRegion, MyIP: cliIP}.WithDefaults()
	if mod != nil {
		mod(&in)
	}
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func script(t *testing.T, p steps.Plan, l catalog.Lang) []byte {
	t.Helper()
	b, err := steps.AWSCLIScript(p, l)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The exported script, run with the real aws command against moto, builds
// exactly the plan: every resource by name and tags, the CIDRs, the routes,
// the rules, three servers in their subnets with their first-boot scripts,
// and nothing else; infrawiz's own report finds the stack complete and
// its owner the caller, and the private key is saved 0400.
func TestAWSCLIScript_BuildsThePlanInMoto(t *testing.T) {
	awsCLI := requireTool(t, "aws", "pip install awscli")
	emu := testenv.Moto(t)
	ctx := context.Background()
	c := testenv.Client(t, emu.Endpoint, cliRegion)
	raw := ec2.NewFromConfig(testenv.Config(t, emu.Endpoint, cliRegion))
	zones, err := c.Zones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := cliPlan(t, "cli1", func(in *steps.Inputs) { in.SyslogTarget = "logs.example.com:514" }, zones)

	home := t.TempDir()
	path := filepath.Join(home, "deploy.sh")
	if err := os.WriteFile(path, script(t, p, catalog.EN), 0o700); err != nil {
		t.Fatal(err)
	}
	run := exec.Command("bash", path)
	run.Env = []string{
		"PATH=" + filepath.Dir(awsCLI) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"AWS_ENDPOINT=" + emu.Endpoint,
		"AWS_ACCESS_KEY_ID=testing",
		"AWS_SECRET_ACCESS_KEY=testing",
		"AWS_DEFAULT_REGION=" + cliRegion,
		"AWS_EC2_METADATA_DISABLED=true",
		// Nothing of the machine's own AWS set-up.
		"AWS_CONFIG_FILE=" + filepath.Join(home, "no-config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "no-credentials"),
	}
	for _, k := range []string{"PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			run.Env = append(run.Env, k+"="+v)
		}
	}
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("the script failed: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"==> Step 1 of 7: Key", "==> Step 7 of 7: Servers", "Stack cli1 is built in ap-northeast-2.", "ssh -i " + home + "/.ssh/key-cli1.pem ubuntu@"} {
		if !strings.Contains(out, want) {
			t.Errorf("the script did not print %q:\n%s", want, out)
		}
	}

	inv, err := c.Inventory(ctx, "cli1")
	if err != nil {
		t.Fatal(err)
	}
	// infrawiz's own view: status finds every step done, nothing stray,
	// and the caller owns it all (so destroy would go ahead).
	rep := steps.BuildReport(p, inv, "")
	for _, sp := range rep.Steps {
		if sp.Done != sp.Total {
			t.Errorf("step %s: %d of %d done", sp.Step, sp.Done, sp.Total)
		}
	}
	for _, row := range rep.Rows {
		if row.ID == "-" || row.State == "missing" || row.State == "incomplete" || row.State == "extra rules" {
			t.Errorf("%s (%s): %s", row.Name, row.Role, row.State)
		}
	}
	for _, row := range rep.Stray {
		t.Errorf("stray: %s %s (%s)", row.Kind, row.Name, row.ID)
	}
	id, err := c.WhoAmI(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := steps.CheckOwners(inv, "cli1", id.ARN); err != nil {
		t.Errorf("owners: %v", err)
	}

	// Exactly the planned objects, by role, with their names and tags.
	var planned []string
	get := func(role steps.Role) aws.Found {
		t.Helper()
		fs := inv.ByRole[string(role)]
		if len(fs) != 1 {
			t.Fatalf("%s: %d objects, want 1", role, len(fs))
		}
		return fs[0]
	}
	for _, r := range p.Resources {
		if r.Kind == aws.KindRoute || r.Kind == aws.KindSGRules {
			continue
		}
		planned = append(planned, string(r.Role))
		f := get(r.Role)
		if f.Name != r.Name || f.Stack != "cli1" || f.Kind != r.Kind || !aws.SameOwner(f.Owner, id.ARN) {
			t.Errorf("%s: found %s %q of stack %q owned by %q, want %s %q", r.Role, f.Kind, f.Name, f.Stack, f.Owner, r.Kind, r.Name)
		}
	}
	var found []string
	for role := range inv.ByRole {
		found = append(found, role)
	}
	sort.Strings(planned)
	sort.Strings(found)
	if !slices.Equal(found, planned) {
		t.Errorf("roles in AWS:\n%v\nwant:\n%v", found, planned)
	}

	vpc := get(steps.RoleVPC)
	if got := sdk.ToString(vpc.VPC.CidrBlock); got != p.Inputs.VPCCIDR {
		t.Errorf("VPC CIDR %s, want %s", got, p.Inputs.VPCCIDR)
	}
	dns, err := raw.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: sdk.String(vpc.ID), Attribute: types.VpcAttributeNameEnableDnsHostnames})
	if err != nil {
		t.Fatal(err)
	}
	if dns.EnableDnsHostnames == nil || !sdk.ToBool(dns.EnableDnsHostnames.Value) {
		t.Error("DNS hostnames are off")
	}
	for _, r := range p.Resources {
		switch r.Kind {
		case aws.KindSubnet:
			s := get(r.Role).Subnet
			if sdk.ToString(s.CidrBlock) != r.CIDR || sdk.ToString(s.AvailabilityZone) != r.AZ || sdk.ToString(s.VpcId) != vpc.ID {
				t.Errorf("%s: %s in %s of %s, want %s in %s", r.Name, sdk.ToString(s.CidrBlock), sdk.ToString(s.AvailabilityZone), sdk.ToString(s.VpcId), r.CIDR, r.AZ)
			}
		case aws.KindInternetGateway:
			g := get(r.Role).IGW
			if len(g.Attachments) != 1 || sdk.ToString(g.Attachments[0].VpcId) != vpc.ID {
				t.Errorf("%s is not attached to the VPC: %+v", r.Name, g.Attachments)
			}
		case aws.KindNATGateway:
			n := get(r.Role)
			alloc := ""
			if len(n.NAT.NatGatewayAddresses) > 0 {
				alloc = sdk.ToString(n.NAT.NatGatewayAddresses[0].AllocationId)
			}
			if sdk.ToString(n.NAT.SubnetId) != get(r.SubnetRole).ID || alloc != get(r.EIPRole).ID || n.State != "available" {
				t.Errorf("%s: in %s with %s, %s", r.Name, sdk.ToString(n.NAT.SubnetId), alloc, n.State)
			}
		case aws.KindRouteTable:
			rt := get(r.Role).RouteTable
			var subnets, want []string
			for _, a := range rt.Associations {
				if !sdk.ToBool(a.Main) {
					subnets = append(subnets, sdk.ToString(a.SubnetId))
				}
			}
			for _, s := range r.SubnetRoles {
				want = append(want, get(s).ID)
			}
			sort.Strings(subnets)
			sort.Strings(want)
			if !slices.Equal(subnets, want) {
				t.Errorf("%s serves %v, want %v", r.Name, subnets, want)
			}
		case aws.KindRoute:
			rt := get(r.TableRole).RouteTable
			target := get(r.TargetRole).ID
			var others []string
			ok := false
			for _, route := range rt.Routes {
				dest, gw, nat := sdk.ToString(route.DestinationCidrBlock), sdk.ToString(route.GatewayId), sdk.ToString(route.NatGatewayId)
				switch {
				case gw == "local":
				case dest == r.CIDR && (gw == target || nat == target):
					ok = true
				default:
					others = append(others, dest+" -> "+gw+nat)
				}
			}
			if !ok || len(others) > 0 {
				t.Errorf("%s: no %s -> %s, or routes besides: %v", r.Name, r.CIDR, target, others)
			}
		case aws.KindSGRules:
			sg := get(r.GroupRole)
			if sdk.ToString(sg.SG.VpcId) != vpc.ID {
				t.Errorf("%s is not in the VPC", sg.Name)
			}
			var got, want []string
			for _, rule := range aws.Rules(sg.SG) {
				got = append(got, fmt.Sprintf("%s %d-%d %s%s %q", rule.Protocol, rule.FromPort, rule.ToPort, rule.CIDR, rule.SourceGroup, rule.Description))
			}
			for _, rs := range r.Rules {
				src := rs.CIDR
				if rs.SourceRole != "" {
					src = get(rs.SourceRole).ID
				}
				want = append(want, fmt.Sprintf("%s %d-%d %s %q", rs.Protocol, rs.FromPort, rs.ToPort, src, rs.Why))
			}
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s's rules:\n%s\nwant:\n%s", sg.Name, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}

	// The servers: in their subnets and groups, with the key, the image
	// infrawiz would pick, IMDSv2, the Elastic IPs, their first-boot
	// scripts.
	servers := 0
	for _, r := range p.Resources {
		if r.Kind != aws.KindInstance {
			continue
		}
		servers++
		f := get(r.Role)
		x := f.Instance
		// Launched through its network interface, so its groups are
		// the interface's.
		var groups []string
		for _, ni := range x.NetworkInterfaces {
			for _, g := range ni.Groups {
				groups = append(groups, sdk.ToString(g.GroupId))
			}
		}
		if f.State != "running" || sdk.ToString(x.SubnetId) != get(r.SubnetRole).ID || !slices.Equal(groups, []string{get(r.GroupRole).ID}) ||
			sdk.ToString(x.KeyName) != "key-cli1" || string(x.InstanceType) != p.Inputs.InstanceType {
			t.Errorf("%s: %s in %s with %v, key %s, type %s", r.Name, f.State, sdk.ToString(x.SubnetId), groups, sdk.ToString(x.KeyName), x.InstanceType)
		}
		if x.MetadataOptions == nil || x.MetadataOptions.HttpTokens != types.HttpTokensStateRequired {
			t.Errorf("%s: IMDSv2 is not required", r.Name)
		}
		if !strings.HasPrefix(sdk.ToString(x.ImageId), "ami-") {
			t.Errorf("%s: image %q", r.Name, sdk.ToString(x.ImageId))
		}
		if r.EIPRole != "" {
			eip := get(r.EIPRole).Address
			if sdk.ToString(eip.InstanceId) != f.ID {
				t.Errorf("%s: its Elastic IP is on %q", r.Name, sdk.ToString(eip.InstanceId))
			}
		}
		attr, err := raw.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{
			InstanceId: sdk.String(f.ID), Attribute: types.InstanceAttributeNameUserData,
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []byte
		if attr.UserData != nil {
			got, _ = base64.StdEncoding.DecodeString(sdk.ToString(attr.UserData.Value))
		}
		want, err := steps.UserData(steps.UserDataParams{Role: r.Server, Host: r.Name, SyslogTarget: p.Inputs.SyslogTarget})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s was launched with another first-boot script:\n%.300s", r.Name, got)
		}
	}
	if servers != 3 {
		t.Errorf("%d servers planned, want 3", servers)
	}

	key := filepath.Join(home, ".ssh", "key-cli1.pem")
	st, err := os.Stat(key)
	if err != nil {
		t.Fatalf("the private key was not saved: %v", err)
	}
	if st.Mode().Perm() != 0o400 {
		t.Errorf("%s has mode %v, want 0400", key, st.Mode().Perm())
	}
	b, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ssh.ParseRawPrivateKey(b); err != nil {
		t.Errorf("%s is no private key: %v", key, err)
	}
}

// The script passes shellcheck and bash -n in both languages and for the
// plans that write it differently.
func TestAWSCLIScript_Shellcheck(t *testing.T) {
	shellcheck := requireTool(t, "shellcheck", "apt-get install shellcheck")
	dir := t.TempDir()
	pub := filepath.Join(dir, "id.pub")
	writeAuthorizedKey(t, pub)
	for name, mod := range map[string]func(*steps.Inputs){
		"default": nil,
		"no-nat":  func(in *steps.Inputs) { in.NoNAT = true },
		"import":  func(in *steps.Inputs) { in.PublicKey = pub },
		"no-ip":   func(in *steps.Inputs) { in.MyIP = "" },
		"ami":     func(in *steps.Inputs) { in.AMI = "ami-0123456789abcdef0" },
	} {
		p := cliPlan(t, "cli2", mod, cliZones)
		for _, l := range []catalog.Lang{catalog.EN, catalog.KO} {
			path := filepath.Join(dir, name+"-"+l.String()+".sh")
			if err := os.WriteFile(path, script(t, p, l), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(shellcheck, "--shell=bash", "--severity=style", path).CombinedOutput(); err != nil {
				t.Errorf("%s (%s): shellcheck: %v\n%s", name, l, err, out)
			}
			if out, err := exec.Command("bash", "-n", path).CombinedOutput(); err != nil {
				t.Errorf("%s (%s): bash -n: %v\n%s", name, l, err, out)
			}
		}
	}
}

func writeAuthorizedKey(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", strings.TrimSuffix(path, ".pub")).CombinedOutput()
	if err != nil {
		t.Skipf("ssh-keygen: %v\n%s", err, out)
	}
}

// What the script says: the header (what, where, the course's step, what
// it does not do, how infrawiz finds it), the settings, the waits, every
// planned name, and no placeholder or missing key of the catalogue; the
// Korean script differs from the English in its comments and messages
// only.
func TestAWSCLIScript_Contents(t *testing.T) {
	p := cliPlan(t, "cli1", nil, cliZones)
	en := string(script(t, p, catalog.EN))
	ko := string(script(t, p, catalog.KO))
	// Comments and commands as one line each, wherever they were wrapped.
	flat := regexp.MustCompile(`\n *# `).ReplaceAllString(regexp.MustCompile(` \\\n *`).ReplaceAllString(en, " "), " ")
	for _, want := range []string{
		"#!/usr/bin/env bash\n",
		"\nset -euo pipefail\n",
		"Deploy script of stack cli1 in ap-northeast-2",
		`"write a deploy script"`,
		"does not resume after a failure",
		"#   infrawiz destroy --prefix cli1 --region ap-northeast-2\n",
		"\nPREFIX=cli1\n", "\nREGION=ap-northeast-2\n", "\nMY_IP=\"${MY_IP:-" + cliIP + "}\"\n", "\nAMI=\"${AMI:-}\"\n",
		aws.UbuntuParameter,
		`aws() { command aws ${AWS_ENDPOINT:+--endpoint-url "$AWS_ENDPOINT"} "$@"; }`,
		"OWNER=$(aws sts get-caller-identity --query Arn --output text)",
		"VPC_ID=$(aws ec2 create-vpc --cidr-block 192.168.11.0/24",
		"aws ec2 modify-vpc-attribute --vpc-id \"$VPC_ID\" --enable-dns-hostnames",
		"aws ec2 create-key-pair --key-name \"key-$PREFIX\" --key-type ed25519",
		"chmod 400 \"$KEY_FILE\"",
		"aws ec2 wait nat-gateway-available --nat-gateway-ids \"$NAT_ID\"",
		"aws ec2 wait instance-running --instance-ids \"$EC2_PUBLIC_ID\"",
		"--nat-gateway-id \"$NAT_ID\"",
		"UserIdGroupPairs=[{GroupId=$SG_BASTION_ID,",
		"CidrIp=$MY_IP/32,",
		"userdata_bastion >\"$WORK_DIR/userdata-bastion.sh\"",
		"\nuserdata_bastion() {\n  cat <<'END_OF_USER_DATA'\n#!/bin/bash\n",
		"\nmain \"$@\"\n",
	} {
		if !strings.Contains(en, want) && !strings.Contains(flat, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
	if !strings.HasSuffix(en, "main \"$@\"\n") {
		t.Error("the script does not end by running main")
	}
	for _, r := range p.Resources {
		if !strings.Contains(en, "# "+r.Name+": ") {
			t.Errorf("no comment names %s", r.Name)
		}
		if r.Kind != aws.KindRoute && !strings.Contains(en, "Value="+strings.Replace(r.Name, "cli1", "$PREFIX", 1)+"}") {
			t.Errorf("no tag names %s", r.Name)
		}
	}
	for _, s := range []string{en, ko} {
		if strings.Contains(s, "!awscli.") || strings.Contains(s, "!step.") {
			t.Errorf("a key missing from the catalogue:\n%s", s)
		}
		if m := regexp.MustCompile(`<[a-z][a-z0-9-]*>`).FindString(s); m != "" {
			t.Errorf("a placeholder %s", m)
		}
	}
	if !strings.Contains(ko, "스택 cli1의 배포 스크립트") || !strings.Contains(ko, "==> 1/7단계: 키 페어") {
		t.Error("the Korean script is not in Korean")
	}
	if code(en) != code(ko) {
		t.Errorf("the two languages run different commands:\n%s", firstDiff(code(en), code(ko)))
	}
	// Lines stay within 80 columns unless one argument (an option and
	// its value) is longer.
	for i, l := range strings.Split(en, "\n") {
		if len(l) <= 80 || inUserData(en, i) {
			continue
		}
		words := strings.Fields(strings.TrimSuffix(strings.TrimSpace(l), " \\"))
		if strings.ContainsAny(l, "'\"") {
			continue // a quoted argument: one word, however long
		}
		if len(words) > 2 {
			t.Errorf("line %d is %d long: %s", i+1, len(l), l)
		}
	}
}

// inUserData tells whether line i is inside a first-boot script.
func inUserData(s string, i int) bool {
	lines := strings.Split(s, "\n")
	in := false
	for j, l := range lines {
		if strings.HasSuffix(l, "<<'END_OF_USER_DATA'") {
			in = true
		} else if l == "END_OF_USER_DATA" {
			in = false
		}
		if j == i {
			return in
		}
	}
	return false
}

// code is a script without its comments and what it prints.
func code(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "#!") || strings.HasPrefix(t, "echo ") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines and %d", len(al), len(bl))
}

// The script's keys of the catalogue: both languages, the same arguments,
// no space before a Korean particle, no English sentence left in the
// Korean.
func TestAWSCLI_CatalogueKeys(t *testing.T) {
	n := 0
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-z]`)
	for _, k := range catalog.Keys() {
		if !strings.HasPrefix(k, "awscli.") {
			continue
		}
		n++
		e, _ := catalog.Lookup(k)
		if strings.TrimSpace(e.En) == "" || strings.TrimSpace(e.Ko) == "" {
			t.Errorf("%s: both languages wanted", k)
		}
		if a, b := verb.FindAllString(e.En, -1), verb.FindAllString(e.Ko, -1); !slices.Equal(a, b) {
			t.Errorf("%s: English quotes %v, Korean %v", k, a, b)
		}
		if m := catalog.SpacedParticle(e.Ko); m != "" {
			t.Errorf("%s: %q in %q", k, m, e.Ko)
		}
		if en := catalog.EnglishLeft(e.Ko); en != "" {
			t.Errorf("%s: English left in the Korean: %q", k, en)
		}
	}
	if n < 30 {
		t.Errorf("only %d awscli keys", n)
	}
}
