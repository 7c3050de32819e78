package check_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/internal/sshtest"
)

func notOK(t *testing.T, rep check.Report) {
	t.Helper()
	if rep.OK() {
		t.Errorf("the check passed on a broken setup")
	}
}

// Nothing listens on web's 8080 (refused: the rule is open, which is what
// the probe is about, so it passes and says so), DB drops 3306 and ICMP
// (filtered: a missing rule).
func TestCheckClosedPortsRefusedVsFiltered(t *testing.T) {
	w := newWorld(t, withoutWeb8080)
	defer w.logs(t)
	w.net.DB.Drop(t, 3306)
	w.net.DB.DropICMP(t)
	rep := w.run(t)
	notOK(t, rep)
	if r := want(t, rep, "web", check.ProbeWebPort, check.OK, ""); !strings.Contains(r.Detail, "nothing listens on") {
		t.Errorf("a refused 8080 must say nothing listens yet: %q", r.Detail)
	}
	r := want(t, rep, "db", check.ProbeDBPort, check.Failed, check.KindSecurityGroup, "no answer", "sg-internal must allow tcp 3306 from sg-public")
	if r.Problem != nil && r.Problem.Path != reach.WebToDB3306 {
		t.Errorf("3306 problem path %q", r.Problem.Path)
	}
	want(t, rep, "db", check.ProbePing, check.Failed, check.KindSecurityGroup, "sg-internal must allow ICMP from sg-bastion")
	// Everything else still works.
	for _, id := range []struct {
		h string
		p check.Probe
	}{{"bastion", check.ProbeSSH}, {"web", check.ProbeSSH}, {"db", check.ProbeSSH}, {"web", check.ProbePing}, {"bastion", check.ProbeAudit}} {
		want(t, rep, id.h, id.p, check.OK, "")
	}
}

// 8080 dropped on web, 22 dropped on DB; the static analysis names the
// rule that is missing.
func TestCheckFilteredNamesRule(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	w.net.Web.Drop(t, 8080)
	w.net.DB.Drop(t, 22)
	w.in.Paths = []reach.Path{
		{ID: reach.BastionToDB22, Want: true, Open: false, Because: "sg-internal has no rule for tcp 22 from sg-bastion"},
		{ID: reach.InternetToWeb8080, Want: true, Open: true, Because: "sg-public allows tcp 8080 from 0.0.0.0/0"},
	}
	rep := w.run(t)
	notOK(t, rep)
	r := want(t, rep, "db", check.ProbeTCP, check.Failed, check.KindSecurityGroup, "sg-internal has no rule for tcp 22 from sg-bastion")
	if r.Problem != nil && r.Problem.Rule != "sg-internal has no rule for tcp 22 from sg-bastion" {
		t.Errorf("rule not carried: %+v", r.Problem)
	}
	want(t, rep, "db", check.ProbeSSH, check.Skipped, "")
	// The rules allow 8080, so a timeout is not blamed on them.
	want(t, rep, "web", check.ProbeWebPort, check.Failed, check.KindTimeout, "the rules allow it", "sg-public allows tcp 8080")
	want(t, rep, "db", check.ProbeDBPort, check.OK, "") // 3306 still open from web
}

// The bastion's 22 is dropped: the rule is named, every probe behind the
// bastion is skipped with the reason, and 8080 is still probed.
func TestCheckBastionFiltered(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	w.net.Bastion.Drop(t, 22)
	w.in.DB.State = "stopping" // named although the bastion is unreachable
	const rule = "sg-bastion allows tcp 22 only from 203.0.113.9/32, not from your IP"
	w.in.Paths = []reach.Path{{ID: reach.MeToBastion22, Want: true, Open: false, Because: rule}}
	w.in.DialTimeout = time.Second
	rep := w.run(t)
	notOK(t, rep)
	r := want(t, rep, "bastion", check.ProbeTCP, check.Failed, check.KindSecurityGroup, rule)
	if r.Problem != nil && (r.Problem.Path != reach.MeToBastion22 || r.Problem.Rule != rule) {
		t.Errorf("problem %+v", r.Problem)
	}
	for _, id := range []string{"bastion.ssh", "bastion.tmout", "bastion.audit", "web.tcp", "web.ssh", "web.ping", "db.tcp", "db.ssh", "db.ping", "db.port-db"} {
		h, p, _ := strings.Cut(id, ".")
		x := want(t, rep, h, check.Probe(p), check.Skipped, "")
		if x.Detail == "" {
			t.Errorf("%s skipped without a reason", id)
		}
	}
	want(t, rep, "web", check.ProbeWebPort, check.OK, "")
	want(t, rep, "db", check.ProbeState, check.Failed, check.KindNotRunning, "stopping")
}

// A .pem readable by others is refused as OpenSSH refuses it, before any
// connection; the fix makes it 0400 and the check passes.
func TestCheckKeyModeAndFix(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	if err := os.Chmod(w.key.Path, 0o664); err != nil {
		t.Fatal(err)
	}
	rep := w.run(t)
	notOK(t, rep)
	want(t, rep, "bastion", check.ProbeKey, check.Failed, check.KindKeyPermissions, "0664", "too open", "chmod 400 "+w.key.Path)
	want(t, rep, "bastion", check.ProbeTCP, check.Skipped, "")
	want(t, rep, "web", check.ProbeSSH, check.Skipped, "")
	if _, err := os.Stat(w.in.KnownHosts); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("known_hosts written although no connection should have been made: %v", err)
	}
	if strings.Contains(w.net.Bastion.Log(), "Accepted publickey") {
		t.Errorf("the bastion saw a login with a key the check should have refused to use")
	}
	if err := check.CheckKeyFile(w.key.Path); !errors.Is(err, check.ErrKeyPermissions) {
		t.Errorf("CheckKeyFile: %v", err)
	}

	if err := check.FixKeyFile(w.key.Path); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(w.key.Path)
	if st.Mode().Perm() != 0o400 {
		t.Errorf("after FixKeyFile: %o", st.Mode().Perm())
	}
	if rep := w.run(t); !rep.OK() {
		t.Errorf("check fails after the fix")
	}
}

// Host keys: a server whose key is not on its console is refused before
// login; a key recorded for the address and then changed is refused with
// the way to clear it; no console means trust on first use, said so; a
// rebuilt stack's stale entry is replaced from the new console.
func TestCheckHostKeys(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	n := w.net

	t.Run("not the console's key", func(t *testing.T) {
		in := w.in
		in.KnownHosts = filepath.Join(t.TempDir(), "kh")
		in.Console = func(_ context.Context, id string) (string, error) {
			if id == n.Bastion.InstanceID {
				return n.Web.Console(true), nil // someone else's keys
			}
			return w.consoles[id], nil
		}
		before := strings.Count(n.Bastion.Log(), "Accepted publickey")
		rep, err := check.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("report:\n%s", rep)
		notOK(t, rep)
		want(t, rep, "bastion", check.ProbeSSH, check.Failed, check.KindHostKeyChanged, "not one the instance printed on its console")
		want(t, rep, "web", check.ProbeTCP, check.Skipped, "")
		if after := strings.Count(n.Bastion.Log(), "Accepted publickey"); after != before {
			t.Errorf("the check logged in to a server whose key it refused")
		}
		b, _ := os.ReadFile(in.KnownHosts)
		for _, k := range n.Bastion.HostKeys {
			if strings.Contains(string(b), strings.Fields(string(ssh.MarshalAuthorizedKey(k)))[1]) {
				t.Errorf("a refused key was recorded:\n%s", b)
			}
		}
	})

	t.Run("changed since recorded", func(t *testing.T) {
		in := w.in
		in.KnownHosts = filepath.Join(t.TempDir(), "kh")
		in.Console = nil
		other := n.DB.HostKeys[0]
		line := knownhosts.Line([]string{knownhosts.Normalize(n.Bastion.PublicIP + ":22")}, other) + " infrawiz:instance=" + n.Bastion.InstanceID + "\n"
		if err := os.WriteFile(in.KnownHosts, []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := check.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		notOK(t, rep)
		want(t, rep, "bastion", check.ProbeSSH, check.Failed, check.KindHostKeyChanged,
			"changed", "intercepting", "ssh-keygen -R "+n.Bastion.PublicIP+" -f "+in.KnownHosts)
		if b, _ := os.ReadFile(in.KnownHosts); string(b) != line {
			t.Errorf("a refused key changed known_hosts:\n%s", b)
		}
	})

	t.Run("no console: trust on first use", func(t *testing.T) {
		in := w.in
		in.KnownHosts = filepath.Join(t.TempDir(), "kh")
		in.Console = func(context.Context, string) (string, error) { return "", fmt.Errorf("console not available yet") }
		rep, err := check.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("TOFU run failed:\n%s", rep)
		}
		for _, role := range []string{"bastion", "web", "db"} {
			r, _ := rep.Get(role, check.ProbeSSH)
			if r.HostKey == nil || r.HostKey.Method != "tofu" || !strings.Contains(r.Detail, "trusted on first use") || !strings.Contains(r.Detail, "SHA256:") ||
				!strings.Contains(r.Detail, "console not available yet") {
				t.Errorf("%s: %+v %q", role, r.HostKey, r.Detail)
			}
		}
	})

	t.Run("fingerprints only", func(t *testing.T) {
		in := w.in
		in.KnownHosts = filepath.Join(t.TempDir(), "kh")
		in.Console = func(_ context.Context, id string) (string, error) {
			for _, nd := range []*sshtest.Node{n.Bastion, n.Web, n.DB} {
				if nd.InstanceID == id {
					return nd.Console(false), nil
				}
			}
			return "", nil
		}
		rep, err := check.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("run failed:\n%s", rep)
		}
		if r, _ := rep.Get("db", check.ProbeSSH); r.HostKey == nil || r.HostKey.Method != "console-fingerprint" {
			t.Errorf("db: %+v", r.HostKey)
		}
	})

	t.Run("stack rebuilt: stale entry replaced", func(t *testing.T) {
		in := w.in
		in.KnownHosts = filepath.Join(t.TempDir(), "kh")
		stale := knownhosts.Line([]string{knownhosts.Normalize(n.Bastion.PublicIP + ":22")}, n.DB.HostKeys[0]) + " infrawiz:instance=i-0destroyed\n"
		if err := os.WriteFile(in.KnownHosts, []byte(stale), 0o600); err != nil {
			t.Fatal(err)
		}
		rep, err := check.Run(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("run failed:\n%s", rep)
		}
		r, _ := rep.Get("bastion", check.ProbeSSH)
		if r.HostKey == nil || r.HostKey.Replaced != "i-0destroyed" || !strings.Contains(r.Detail, "i-0destroyed") {
			t.Errorf("bastion: %+v %q", r.HostKey, r.Detail)
		}
		if b, _ := os.ReadFile(in.KnownHosts); strings.Contains(string(b), "i-0destroyed") {
			t.Errorf("stale entry kept:\n%s", b)
		}
	})
}

// web is stopped (its sshd killed, describe says stopped): explained as not
// running, its probes skipped, DB still checked.
func TestCheckStoppedHost(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	w.net.Web.Stop()
	w.in.Web.State = "stopped"
	rep := w.run(t)
	notOK(t, rep)
	want(t, rep, "web", check.ProbeState, check.Failed, check.KindNotRunning, "stopped", "start-instances", w.net.Web.InstanceID)
	for _, p := range []check.Probe{check.ProbeTCP, check.ProbeSSH, check.ProbePing, check.ProbeWebPort} {
		want(t, rep, "web", p, check.Skipped, "")
	}
	want(t, rep, "db", check.ProbeDBPort, check.Skipped, "")
	want(t, rep, "db", check.ProbeSSH, check.OK, "")

	// Describe still says running (stale), but nothing answers: refused.
	w.in.Web.State = "running"
	rep = w.run(t)
	want(t, rep, "web", check.ProbeTCP, check.Failed, check.KindRefused, "refused", "nothing listens")
}

// The course's classic mistakes: a private server given by its public
// address, and a key that is not the instance's key pair.
func TestCheckPrivatePublicAndAuth(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	in := w.in
	in.DB.PrivateIP = w.net.Web.PublicIP // a public address for a hop
	in.Web.PrivateIP, in.Web.PublicIP = "", w.net.Web.PublicIP
	rep, err := check.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report:\n%s", rep)
	want(t, rep, "db", check.ProbeTCP, check.Failed, check.KindPrivatePublicIP, "public address", "private IP")
	want(t, rep, "web", check.ProbeTCP, check.Failed, check.KindPrivatePublicIP, "only by its public IP", "private IP")
	want(t, rep, "bastion", check.ProbeSSH, check.OK, "")

	in = w.in
	wrong := sshtest.NewKey(t, t.TempDir())
	in.KeyFile = wrong.Path
	rep, err = check.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want(t, rep, "bastion", check.ProbeSSH, check.Failed, check.KindAuth, "refused the key", "key pair")
}

// Without the first-boot files the bastion has no TMOUT and no audit log.
func TestCheckHardeningMissing(t *testing.T) {
	w := newWorld(t, withoutHardening)
	defer w.logs(t)
	w.in.CommandTimeout = 20 * time.Second
	rep := w.run(t)
	notOK(t, rep)
	want(t, rep, "bastion", check.ProbeTMOUT, check.Failed, check.KindHardening, "TMOUT is not set", "not found")
	want(t, rep, "bastion", check.ProbeAudit, check.Failed, check.KindHardening, "command.log")
	want(t, rep, "web", check.ProbeSSH, check.OK, "")
}

// A cancelled check returns, with what it could not finish failed or
// skipped, even when every connect would wait a long time.
func TestCheckCancelled(t *testing.T) {
	w := newWorld(t)
	defer w.logs(t)
	w.net.Bastion.Drop(t, 22)
	w.net.Web.Drop(t, 8080)
	w.in.DialTimeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	in := w.in
	started := make(chan struct{}, 8)
	in.OnResult = func(check.Result) {
		select {
		case started <- struct{}{}:
		default:
		}
	}
	go func() { <-started; cancel() }() // after the key result: mid-check
	rep, err := check.Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	notOK(t, rep)
	for _, id := range []struct {
		h string
		p check.Probe
	}{{"bastion", check.ProbeTCP}, {"web", check.ProbeWebPort}} {
		r, _ := rep.Get(id.h, id.p)
		if r.Status != check.Failed {
			t.Errorf("%s.%s after cancel: %s", id.h, id.p, r)
		}
	}
}
