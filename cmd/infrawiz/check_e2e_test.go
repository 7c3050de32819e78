package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/hostkeys"
	"github.com/infrawiz/infrawiz/internal/sshtest"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

// TestCheckE2E_BinaryThroughRealSSH runs the built binary's whole chain:
// apply in the emulator, then real sshd servers in network namespaces with
// the private IPs the emulator gave and Elastic IPs moved to the harness's
// public addresses, so `infrawiz check` logs in for real through the
// bastion. Then what breaks: the key's mode, a changed host key, a stopped
// sshd, a dropped port with its rule revoked; and real OpenSSH through the
// exported ssh-config.
func TestCheckE2E_BinaryThroughRealSSH(t *testing.T) {
	sshtest.RequireRoot(t)
	if _, err := exec.LookPath("ssh"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true: needs the OpenSSH client (apt-get install openssh-client)")
		}
		t.Skip("skipping: needs the OpenSSH client; CI=true makes this a failure")
	}
	const prefix, region = "e2e", "ap-northeast-2"
	emu := testenv.Moto(t)
	home := t.TempDir()
	c := newCLI(t, home, "AWS_ENDPOINT_URL="+emu.Endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
	stack := []string{"--prefix", prefix, "--region", region, "--my-ip", "203.0.113.7"}
	if _, errs, code := c.run(append([]string{"apply", "--yes"}, stack...)...); code != 0 {
		t.Fatalf("apply exit %d:\n%s", code, errs)
	}
	rows := rowsByRole(c.report("--prefix", prefix, "--region", region))

	pemPath := filepath.Join(home, ".ssh", "key-"+prefix+".pem")
	raw, err := os.ReadFile(pemPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(raw)
	if err != nil {
		t.Fatalf("the .pem apply wrote: %v", err)
	}
	var files []sshtest.File
	for _, f := range steps.UserDataFiles(steps.UserDataParams{Role: "bastion", Host: rows["ec2-bastion"].Name}) {
		files = append(files, sshtest.File{Path: f.Path, Mode: f.Mode, Content: f.Content})
	}
	n := sshtest.New(t, sshtest.Options{
		Authorized:   signer.PublicKey(),
		BastionFiles: files,
		PrivateIPs: map[string]string{
			"bastion": rows["ec2-bastion"].PrivateIP, "web": rows["ec2-public"].PrivateIP, "db": rows["ec2-internal"].PrivateIP,
		},
	})
	defer func() {
		if t.Failed() {
			for _, nd := range []*sshtest.Node{n.Bastion, n.Web, n.DB} {
				t.Logf("%s sshd log:\n%s", nd.Role, nd.Log())
			}
		}
	}()

	// The emulator's Elastic IPs become the harness's public addresses.
	ctx := context.Background()
	// A plain SDK client: the tool's EC2API has no CreateTags on its own.
	api := ec2.NewFromConfig(testenv.Config(t, emu.Endpoint, region))
	moveEIP(ctx, t, api, rows["eip-bastion"].ID, rows["ec2-bastion"].ID, n.Bastion.PublicIP)
	moveEIP(ctx, t, api, rows["eip-public"].ID, rows["ec2-public"].ID, n.Web.PublicIP)
	rows = rowsByRole(c.report("--prefix", prefix, "--region", region))
	if rows["ec2-bastion"].PublicIP != n.Bastion.PublicIP || rows["ec2-public"].PublicIP != n.Web.PublicIP {
		t.Fatalf("after moving the EIPs the report shows bastion %q web %q, want %s %s",
			rows["ec2-bastion"].PublicIP, rows["ec2-public"].PublicIP, n.Bastion.PublicIP, n.Web.PublicIP)
	}

	chk := func(args ...string) (string, int) {
		t.Helper()
		// moto's consoles never print host keys: read them once.
		out, errs, code := c.run(append(append([]string{"check", "--ssh-user", n.User, "--console-wait", "0"}, stack...), args...)...)
		t.Logf("check %v: exit %d\n%s%s", args, code, out, errs)
		return out, code
	}
	all := []string{
		"bastion.key", "bastion.state", "bastion.tcp", "bastion.ssh", "bastion.tmout", "bastion.audit",
		"web.state", "web.tcp", "web.ssh", "web.ping", "web.port-web", "db.state", "db.tcp", "db.ssh", "db.ping", "db.port-db",
	}
	allOK := func(out string) {
		t.Helper()
		got := sshMarks(out)
		for _, id := range all {
			if got[id] != "ok" {
				t.Errorf("%s is %q, want ok", id, got[id])
			}
		}
		if len(got) != len(all) {
			t.Errorf("%d SSH results, want %d: %v", len(got), len(all), got)
		}
	}

	// First run: every probe passes and the keys are trusted on first use
	// (the emulator's console prints no keys), then pinned.
	out, code := chk()
	if code != 0 {
		t.Fatalf("first check: exit %d", code)
	}
	allOK(out)
	if k := strings.Count(out, "trusted on first use"); k != 3 {
		t.Errorf("first check: %d hosts trusted on first use, want 3", k)
	}
	if !strings.Contains(n.Bastion.Log(), "Accepted publickey for "+n.User) {
		t.Errorf("the bastion's sshd logged no login")
	}
	khPath := filepath.Join(home, ".infrawiz", "stacks", prefix+"-"+region+".known_hosts")
	fi, err := os.Stat(khPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("known_hosts %s: %v %v, want mode 0600", khPath, fi, err)
	}
	// The wizard says this check when the stack is resumed: kept beside
	// the progress file, 0600, with every probe counted.
	lcPath := filepath.Join(home, ".infrawiz", "stacks", prefix+"-"+region+".lastcheck")
	if lc, err := steps.LoadLastCheck(lcPath); err != nil || !lc.OK || !lc.SSH || lc.ProbesOK != len(all) || lc.Paths != 11 {
		t.Errorf("last check %s: %+v %v", lcPath, lc, err)
	}
	if fi, err := os.Stat(lcPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("last check %s: %v %v, want mode 0600", lcPath, fi, err)
	}
	kh, _ := os.ReadFile(khPath)
	for _, nd := range []struct {
		node *sshtest.Node
		addr string
	}{{n.Bastion, n.Bastion.PublicIP}, {n.Web, n.Web.PrivateIP}, {n.DB, n.DB.PrivateIP}} {
		if !knownHostsHas(kh, nd.addr, nd.node.HostKeys) {
			t.Errorf("known_hosts has no key of %s at %s:\n%s", nd.node.Role, nd.addr, kh)
		}
	}

	// Second run: the same keys, now known.
	out, code = chk()
	if code != 0 {
		t.Fatalf("second check: exit %d", code)
	}
	allOK(out)
	if k := strings.Count(out, "already known"); k != 3 || strings.Contains(out, "trusted on first use") {
		t.Errorf("second check: %d hosts already known, want 3", k)
	}

	// JSON: the same, machine-readable.
	out, code = chk("--output", "json")
	var cr steps.CheckReport
	if err := json.Unmarshal([]byte(out), &cr); err != nil || code != 0 || cr.SSH == nil {
		t.Fatalf("json check: exit %d %v", code, err)
	}
	if len(cr.SSH.Results) != len(all) {
		t.Errorf("json: %d results, want %d", len(cr.SSH.Results), len(all))
	}
	for _, r := range cr.SSH.Results {
		if r.Status != check.OK {
			t.Errorf("json: %s is %s: %+v", r.ID(), r.Status, r.Problem)
		}
		if r.Probe == check.ProbeSSH && (r.HostKey == nil || r.HostKey.Method != hostkeys.Known) {
			t.Errorf("json: %s host key %+v, want known", r.ID(), r.HostKey)
		}
	}

	// Real OpenSSH with the exported config: DB through the bastion, host
	// keys checked strictly against what the check pinned.
	cfg := filepath.Join(home, "ssh-config")
	if _, errs, code := c.run("export", "--format", "ssh-config", "--ssh-user", n.User, "-o", cfg, "--prefix", prefix, "--region", region); code != 0 {
		t.Fatalf("export ssh-config: exit %d %s", code, errs)
	}
	for _, host := range []string{rows["ec2-bastion"].Name, rows["ec2-public"].Name, rows["ec2-internal"].Name} {
		sshCmd := exec.Command("ssh", "-F", cfg, "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", host, "cat", "/proc/sys/kernel/hostname")
		sshCmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
		if b, err := sshCmd.CombinedOutput(); err != nil {
			cb, _ := os.ReadFile(cfg)
			t.Fatalf("ssh -F %s %s: %v\n%s\nconfig:\n%s", cfg, host, err, b, cb)
		}
	}

	// A .pem others can read: ssh would ignore it, so the check says so
	// and how to fix it; --fix-key does.
	if err := os.Chmod(pemPath, 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = chk()
	if code != exitFailed || sshMarks(out)["bastion.key"] != "FAIL" || !strings.Contains(out, "--fix-key") || !strings.Contains(out, "chmod 400 "+pemPath) {
		t.Errorf("0644 key: exit %d, want %d with the --fix-key hint", code, exitFailed)
	}
	out, code = chk("--fix-key")
	if fi, err := os.Stat(pemPath); code != 0 || err != nil || fi.Mode().Perm() != 0o400 {
		t.Errorf("--fix-key: exit %d, mode %v %v", code, fi.Mode(), err)
	}
	allOK(out)

	// web's sshd stopped: web fails and says why, the bastion still passes.
	n.Web.Stop()
	out, code = chk()
	m := sshMarks(out)
	if code != exitFailed || m["web.tcp"] != "FAIL" || m["bastion.ssh"] != "ok" || m["bastion.audit"] != "ok" || m["db.ssh"] != "ok" ||
		!strings.Contains(out, "web tcp: ") || !strings.Contains(out, rows["ec2-public"].Name) {
		t.Errorf("web's sshd stopped: exit %d %v", code, m)
	}
	if !strings.Contains(strings.ToLower(lineWith(out, "web tcp: ")), "refused") {
		t.Errorf("web's sshd stopped: the explanation does not say the connection was refused")
	}
	n.Web.Start()

	// The bastion's host key changed: refused, nothing logged in.
	n.Bastion.Rekey()
	out, code = chk()
	m = sshMarks(out)
	if code != exitFailed || m["bastion.ssh"] != "FAIL" || !strings.Contains(out, "changed") || !strings.Contains(out, "ssh-keygen -R") {
		t.Errorf("changed host key: exit %d %v", code, m)
	}
	if m["web.ssh"] == "ok" || m["db.ssh"] == "ok" {
		t.Errorf("changed host key: hops went on through an unverified bastion: %v", m)
	}
	if strings.Contains(n.Bastion.Log(), "Accepted") {
		t.Errorf("changed host key: the client logged in anyway:\n%s", n.Bastion.Log())
	}
	kh2, _ := os.ReadFile(khPath)
	if knownHostsHas(kh2, n.Bastion.PublicIP, n.Bastion.HostKeys) {
		t.Errorf("changed host key: the new key was recorded")
	}

	// Port 22 dropped on the bastion and its rule revoked: the output
	// names the security group rule the static analysis found.
	n.Bastion.Drop(t, 22)
	if _, err := api.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: sdk.String(rows["sg-bastion"].ID), IpPermissions: []types.IpPermission{{
		IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(22), ToPort: sdk.Int32(22), IpRanges: []types.IpRange{{CidrIp: sdk.String("203.0.113.7/32")}},
	}}}); err != nil {
		t.Fatal(err)
	}
	out, code = chk()
	m = sshMarks(out)
	explain := lineWith(out, "bastion tcp: ")
	if code != exitFailed || m["bastion.tcp"] != "FAIL" || !strings.Contains(out, rows["sg-bastion"].Name) || !strings.Contains(explain, "22") {
		t.Errorf("dropped 22: exit %d %v; explanation %q", code, m, explain)
	}
	if m["web.ssh"] == "ok" || m["db.ssh"] == "ok" {
		t.Errorf("dropped 22: web or DB passed without the bastion: %v", m)
	}

	// destroy takes the pinned host keys with the servers.
	if _, errs, code := c.run("destroy", "--yes", "--prefix", prefix, "--region", region); code != 0 {
		t.Fatalf("destroy: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(khPath); !os.IsNotExist(err) {
		t.Errorf("known_hosts outlived the stack: %v", err)
	}
}

// moveEIP replaces an Elastic IP with one at addr, same tags, on the same
// instance: the emulator's 127.x addresses become ones a test reaches.
func moveEIP(ctx context.Context, t *testing.T, api *ec2.Client, allocID, instanceID, addr string,
) {
	t.Helper()
	d, err := api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{allocID}})
	if err != nil || len(d.Addresses) != 1 {
		t.Fatalf("describe %s: %v %+v", allocID, err, d)
	}
	old := d.Addresses[0]
	if old.AssociationId != nil {
		if _, err := api.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: old.AssociationId}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := api.ReleaseAddress(ctx, &ec2.ReleaseAddressInput{AllocationId: old.AllocationId}); err != nil {
		t.Fatal(err)
	}
	a, err := api.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, Address: sdk.String(addr)})
	if err != nil {
		t.Fatal(err)
	}
	if sdk.ToString(a.PublicIp) != addr {
		t.Fatalf("the emulator allocated %s, not %s", sdk.ToString(a.PublicIp), addr)
	}
	if len(old.Tags) < 4 {
		t.Fatalf("the old address carries %d tags (%+v): the stack's tags are missing", len(old.Tags), old.Tags)
	}
	if _, err := api.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*a.AllocationId}, Tags: old.Tags}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: a.AllocationId, InstanceId: sdk.String(instanceID)}); err != nil {
		t.Fatal(err)
	}
}

func rowsByRole(rep steps.Report) map[steps.Role]steps.Row {
	m := map[steps.Role]steps.Row{}
	for _, r := range rep.Rows {
		m[r.Role] = r
	}
	return m
}

// sshMarks reads the SSH table of check's output: "ok" or "FAIL" by
// "<host>.<probe>".
func sshMarks(out string) map[string]string {
	_, table, ok := strings.Cut(out, "\nSSH, from here")
	if !ok {
		return nil
	}
	table, _, _ = strings.Cut(table, "\n\n")
	m := map[string]string{}
	for _, l := range strings.Split(table, "\n")[1:] {
		f := strings.Fields(l)
		if len(f) >= 3 && (f[0] == "ok" || f[0] == "FAIL") {
			m[f[1]+"."+f[2]] = f[0]
		}
	}
	return m
}

// knownHostsHas reports whether known_hosts holds one of keys for host.
func knownHostsHas(kh []byte, host string, keys []ssh.PublicKey) bool {
	rest := kh
	for len(rest) > 0 {
		_, hosts, key, _, next, err := ssh.ParseKnownHosts(rest)
		if err != nil {
			return false
		}
		rest = next
		for _, h := range hosts {
			if h != host {
				continue
			}
			for _, k := range keys {
				if string(k.Marshal()) == string(key.Marshal()) {
					return true
				}
			}
		}
	}
	return false
}
