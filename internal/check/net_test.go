package check_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/sshtest"
	"github.com/infrawiz/infrawiz/steps"
)

// world is a test's network, its key and the check's input for it.
type world struct {
	net *sshtest.Net
	key *sshtest.Key
	in  check.Input
	dir string
	// consoles is what the stubbed GetConsoleOutput returns, by instance id.
	consoles map[string]string
}

// newWorld builds the mission in namespaces: real sshd on all three, the
// bastion's first-boot files from steps.UserDataFiles with a real rsyslogd,
// a listener on web's 8080 and DB's 3306, and consoles carrying the real
// host keys as cloud-init prints them.
func newWorld(t *testing.T, opts ...worldOpt) *world {
	t.Helper()
	var o worldOpts
	for _, f := range opts {
		f(&o)
	}
	sshtest.RequireRoot(t)
	dir := t.TempDir()
	key := sshtest.NewKey(t, dir)
	var files []sshtest.File
	for _, f := range steps.UserDataFiles(steps.UserDataParams{Role: "bastion", Host: "test-ec2-bastion-2a"}) {
		if o.noHardening {
			break
		}
		files = append(files, sshtest.File{Path: f.Path, Mode: f.Mode, Content: f.Content})
	}
	n := sshtest.New(t, sshtest.Options{Authorized: key.Signer.PublicKey(), BastionFiles: files})
	if !o.noWeb8080 {
		n.Web.Listen(t, 8080)
	}
	n.DB.Listen(t, 3306)
	w := &world{net: n, key: key, dir: dir, consoles: map[string]string{}}
	for _, nd := range []*sshtest.Node{n.Bastion, n.Web, n.DB} {
		w.consoles[nd.InstanceID] = nd.Console(true)
	}
	var mu sync.Mutex
	w.in = check.Input{
		User:       n.User,
		KeyFile:    key.Path,
		KnownHosts: filepath.Join(dir, "stacks", "test-ap-northeast-2.known_hosts"),
		Bastion:    host(n.Bastion, "test-ec2-bastion-2a"),
		Web:        host(n.Web, "test-ec2-public-2a"),
		DB:         host(n.DB, "test-ec2-internal-2a"),
		Console: func(_ context.Context, id string) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			c, ok := w.consoles[id]
			if !ok {
				return "", fmt.Errorf("InvalidInstanceID.NotFound: %s", id)
			}
			return c, nil
		},
		DialTimeout: 3 * time.Second,
	}
	return w
}

type worldOpts struct{ noHardening, noWeb8080 bool }

type worldOpt func(*worldOpts)

func withoutHardening(o *worldOpts) { o.noHardening = true }
func withoutWeb8080(o *worldOpts)   { o.noWeb8080 = true }

func host(nd *sshtest.Node, name string) check.Host {
	return check.Host{Role: nd.Role, Name: name, InstanceID: nd.InstanceID, State: "running", PublicIP: nd.PublicIP, PrivateIP: nd.PrivateIP}
}

func (w *world) run(t *testing.T) check.Report {
	t.Helper()
	var mu sync.Mutex
	var live []check.Result
	in := w.in
	in.OnResult = func(r check.Result) {
		mu.Lock()
		live = append(live, r)
		mu.Unlock()
	}
	rep, err := check.Run(context.Background(), in)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(live) != len(rep.Results) {
		t.Errorf("OnResult saw %d results, the report has %d", len(live), len(rep.Results))
	}
	t.Logf("report:\n%s", rep)
	return rep
}

func (w *world) logs(t *testing.T) {
	t.Helper()
	if t.Failed() {
		for _, nd := range []*sshtest.Node{w.net.Bastion, w.net.Web, w.net.DB} {
			t.Logf("%s sshd log:\n%s", nd.Role, nd.Log())
		}
	}
}

// want asserts a result's status and, for a failure, its problem kind and
// that the explanation mentions each of says.
func want(t *testing.T, rep check.Report, host string, p check.Probe, st check.Status, kind check.Kind, says ...string) check.Result {
	t.Helper()
	r, ok := rep.Get(host, p)
	if !ok {
		t.Errorf("%s.%s: no result", host, p)
		return r
	}
	if r.Status != st {
		t.Errorf("%s.%s: status %s, want %s (%s)", host, p, r.Status, st, r)
	}
	if kind == "" {
		if r.Problem != nil && st == check.OK {
			t.Errorf("%s.%s: unexpected problem %+v", host, p, r.Problem)
		}
		return r
	}
	if r.Problem == nil || r.Problem.Kind != kind {
		t.Errorf("%s.%s: problem %+v, want kind %s", host, p, r.Problem, kind)
		return r
	}
	for _, s := range says {
		if !strings.Contains(r.Problem.Text, s) {
			t.Errorf("%s.%s: explanation does not say %q: %s", host, p, s, r.Problem.Text)
		}
	}
	return r
}

func TestCheckGoodSetup(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	n := w.net

	// The private hosts are not reachable from here directly: only the hop
	// through the bastion can pass.
	for _, nd := range []*sshtest.Node{n.Web, n.DB} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		reached := nd.ReachableFromRoot(ctx, nd.PrivateIP+":22")
		cancel()
		if reached {
			t.Fatalf("%s's private IP %s is reachable from the root namespace; the test network is wrong", nd.Role, nd.PrivateIP)
		}
	}

	rep := w.run(t)
	if !rep.OK() {
		t.Errorf("check failed on a good setup")
	}
	for _, r := range rep.Results {
		if r.Status != check.OK {
			t.Errorf("%s: %s", r.ID(), r)
		}
	}
	wantProbes := []string{
		"bastion.key", "bastion.state", "bastion.tcp", "bastion.ssh", "bastion.tmout", "bastion.audit",
		"web.state", "web.tcp", "web.ssh", "web.ping", "web.port-web", "db.state", "db.tcp", "db.ssh", "db.ping", "db.port-db",
	}
	var got []string
	for _, r := range rep.Results {
		got = append(got, r.ID())
	}
	if strings.Join(got, " ") != strings.Join(wantProbes, " ") {
		t.Errorf("results\n got %v\nwant %v", got, wantProbes)
	}
	for _, role := range []string{"bastion", "web", "db"} {
		r, _ := rep.Get(role, check.ProbeSSH)
		if r.HostKey == nil || r.HostKey.Method != "console-pinned" {
			t.Errorf("%s host key: %+v, want console-pinned", role, r.HostKey)
		}
	}
	audit, _ := rep.Get("bastion", check.ProbeAudit)
	log := n.Bastion.AuditLog()
	if !strings.Contains(log, audit.Detail) || !strings.Contains(audit.Detail, "[COMMAND]echo infrawiz-check-") ||
		!strings.Contains(audit.Detail, "[USER]"+n.User) || !strings.Contains(audit.Detail, "[IP]198.18.") {
		t.Errorf("audit result %q; command.log:\n%s", audit.Detail, log)
	}
	if tm, _ := rep.Get("bastion", check.ProbeTMOUT); !strings.Contains(tm.Detail, `TMOUT="600"`) {
		t.Errorf("tmout detail %q", tm.Detail)
	}
	if len(rep.CannotSee) == 0 || !strings.Contains(strings.Join(rep.CannotSee, "\n"), "ProxyJump") {
		t.Errorf("the report does not say the hops run no shell on the bastion: %v", rep.CannotSee)
	}
	// The known_hosts file is the stack's, private, and OpenSSH's.
	st, err := os.Stat(w.in.KnownHosts)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("known_hosts: %v %v", st, err)
	}

	// A second run knows every key already.
	rep = w.run(t)
	for _, role := range []string{"bastion", "web", "db"} {
		r, _ := rep.Get(role, check.ProbeSSH)
		if r.HostKey == nil || r.HostKey.Method != "known" {
			t.Errorf("second run, %s host key: %+v, want known", role, r.HostKey)
		}
	}
}
