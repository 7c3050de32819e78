package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

// TestCheck_StaticAgainstMoto runs `infrawiz check --static` on a stack the
// binary applied in the emulator: every path as the mission wants it, then
// a moved IP and a revoked rule each fail (exit 1) naming what decides it.
func TestCheck_StaticAgainstMoto(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	stack := []string{"--prefix", "chk", "--region", "ap-northeast-2"}
	with := func(args ...string) []string { return append(append([]string{"check"}, args...), stack...) }

	if _, errs, code := c.run(with("--static", "--my-ip", "203.0.113.7")...); code != exitInput || !strings.Contains(errs, "chk") {
		t.Fatalf("check of a missing stack: exit %d %s", code, errs)
	}
	if _, errs, code := c.run(append([]string{"apply", "--yes", "--my-ip", "203.0.113.7"}, stack...)...); code != 0 {
		t.Fatalf("apply exit %d:\n%s", code, errs)
	}

	out, errs, code := c.run(with("--static", "--my-ip", "203.0.113.7")...)
	if code != 0 {
		t.Fatalf("check of a good stack: exit %d\n%s%s", code, out, errs)
	}
	for _, id := range []string{
		reach.InternetToWeb8080, reach.MeToBastion22, reach.BastionToWeb22, reach.BastionToDB22,
		reach.WebToDB3306, reach.DBToInternet, reach.InternetToDB, reach.InternetToWeb22, reach.OthersToBastion22,
	} {
		if f := strings.Fields(lineWith(out, id)); len(f) < 2 || f[0] != "ok" || f[1] != id {
			t.Errorf("path %s is not reported ok:\n%s", id, out)
		}
	}
	if strings.Contains(out, "SSH") {
		t.Errorf("--static must not try SSH:\n%s", out)
	}

	// The user's IP moved: the bastion no longer lets them in, and the
	// output says how to move the rule.
	out, _, code = c.run(with("--static", "--my-ip", "198.51.100.4")...)
	// The reasons wrap at 100 columns, between words.
	flat := strings.Join(strings.Fields(out), " ")
	if f := strings.Fields(lineWith(out, reach.MeToBastion22)); code != exitFailed || len(f) < 1 || f[0] != "FAIL" || !strings.Contains(flat, "chk-sg-bastion allows tcp 22 from 203.0.113.7/32 only") ||
		!regexp.MustCompile(`infrawiz apply --prefix chk --region \S+ --yes moves the bastion's SSH rule`).MatchString(out) {
		t.Fatalf("moved IP: exit %d\n%s", code, out)
	}

	// 8080 revoked behind the tool's back: JSON names the group.
	ctx := context.Background()
	client := testenv.Client(t, emu.Endpoint, "ap-northeast-2")
	rep := c.report(stack...)
	var sg string
	for _, r := range rep.Rows {
		if r.Role == "sg-public" {
			sg = r.ID
		}
	}
	if _, err := client.EC2.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sdk.String(sg), IpPermissions: []types.IpPermission{{
		IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(8080), ToPort: sdk.Int32(8080), IpRanges: []types.IpRange{{CidrIp: sdk.String("0.0.0.0/0")}},
	}}}); err != nil {
		t.Fatal(err)
	}
	out, errs, code = c.run(with("--static", "--my-ip", "203.0.113.7", "--output", "json")...)
	var cr steps.CheckReport
	if err := json.Unmarshal([]byte(out), &cr); err != nil || code != exitFailed {
		t.Fatalf("json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	p, ok := reach.Find(cr.Paths, reach.InternetToWeb8080)
	if !ok || p.Open || !strings.Contains(p.Because, "chk-sg-public") || cr.SSH != nil {
		t.Fatalf("8080 revoked: %+v (ssh %v)", p, cr.SSH)
	}
	if n := len(cr.Paths); n < 9 {
		t.Errorf("json has %d paths", n)
	}

	// --fix-key tightens a .pem that others can read, as ssh demands.
	pem := filepath.Join(home, ".ssh", "key-chk.pem")
	if err := os.Chmod(pem, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, _ = c.run(with("--static", "--my-ip", "203.0.113.7", "--fix-key")...)
	if fi, err := os.Stat(pem); err != nil || fi.Mode().Perm() != 0o400 || !strings.Contains(errs, "chmod 400 "+pem) {
		t.Fatalf("--fix-key: mode %v %v\n%s", fi.Mode(), err, errs)
	}

	if _, errs, code := c.run(with("--output", "yaml")...); code != exitInput || !strings.Contains(errs, "output") {
		t.Fatalf("--output yaml: exit %d %s", code, errs)
	}
}

// lineWith is the first line of out holding s.
func lineWith(out, s string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}
