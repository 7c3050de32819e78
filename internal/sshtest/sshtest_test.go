package sshtest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The harness itself: the bastion's files are visible only in its mount
// namespace, its rsyslogd owns a /dev/log of its own, the private network
// is not reachable from the root namespace, a dropped port times out, and
// everything is gone after the test.
func TestNetIsolatedAndCleanedUp(t *testing.T) {
	RequireRoot(t)
	var names []string
	t.Run("net", func(t *testing.T) {
		key := NewKey(t, t.TempDir())
		n := New(t, Options{Authorized: key.Signer.PublicKey(), BastionFiles: []File{
			{Path: "/etc/infrawiz-sshtest/marker", Mode: 0o644, Content: "only on the bastion\n"},
			{Path: "/etc/rsyslog.d/40-sshtest.conf", Mode: 0o644, Content: "local1.*\t/var/log/sshtest.log\n"},
		}})
		names = []string{n.Bastion.NS, n.Web.NS, n.DB.NS}

		if _, err := os.Stat("/etc/infrawiz-sshtest/marker"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the bastion's file leaked into the root mount namespace: %v", err)
		}
		b, err := os.ReadFile(filepath.Join(n.Bastion.Dir, "rsyslogd.pid"))
		if err != nil {
			t.Fatal(err)
		}
		root := "/proc/" + strings.TrimSpace(string(b)) + "/root"
		if got, err := os.ReadFile(root + "/etc/infrawiz-sshtest/marker"); err != nil || string(got) != "only on the bastion\n" {
			t.Errorf("the bastion does not see its file: %q %v", got, err)
		}
		if st, err := os.Stat(root + "/dev/log"); err != nil || st.Mode()&os.ModeSocket == 0 {
			t.Errorf("the bastion's /dev/log: %v %v", st, err)
		}
		// A message logged on the bastion reaches the test's log through
		// the drop-in.
		out, err := exec.Command("nsenter", "-t", strings.TrimSpace(string(b)), "-m", "-n", "logger", "-p", "local1.info", "sshtest-hello").CombinedOutput()
		if err != nil {
			t.Fatalf("logger on the bastion: %v %s", err, out)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			lb, _ := os.ReadFile(filepath.Join(n.Bastion.Dir, "varlog", "sshtest.log"))
			if strings.Contains(string(lb), "sshtest-hello") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the bastion's rsyslogd did not write the message")
			}
			time.Sleep(50 * time.Millisecond)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if !n.Web.ReachableFromRoot(ctx, n.Web.PublicIP+":22") {
			t.Errorf("web's public address does not reach its sshd")
		}
		if n.DB.ReachableFromRoot(ctx, n.DB.PrivateIP+":22") {
			t.Errorf("db's private address reaches its sshd from the root namespace")
		}
		n.Bastion.Drop(t, 22)
		dctx, dcancel := context.WithTimeout(context.Background(), time.Second)
		defer dcancel()
		if n.Bastion.ReachableFromRoot(dctx, n.Bastion.PublicIP+":22") {
			t.Errorf("a dropped port still answers")
		}
	})
	out, _ := exec.Command("ip", "netns", "list").CombinedOutput()
	for _, ns := range names {
		if strings.Contains(string(out), ns) {
			t.Errorf("namespace %s left behind", ns)
		}
	}
}

// PrivateIPs puts the nodes at the addresses a describe reports, and Rekey
// restarts a node (the bastion, with its rsyslogd) under new host keys.
func TestPrivateIPsAndRekey(t *testing.T) {
	RequireRoot(t)
	key := NewKey(t, t.TempDir())
	ips := map[string]string{"bastion": "192.168.11.164", "web": "192.168.11.4", "db": "192.168.11.132"}
	n := New(t, Options{Authorized: key.Signer.PublicKey(), PrivateIPs: ips})
	for _, nd := range []*Node{n.Bastion, n.Web, n.DB} {
		if nd.PrivateIP != ips[nd.Role] {
			t.Errorf("%s: private IP %s, want %s", nd.Role, nd.PrivateIP, ips[nd.Role])
		}
		if out := run(t, "ip", "-n", nd.NS, "-4", "addr", "show", "priv0"); !strings.Contains(out, ips[nd.Role]+"/24") {
			t.Errorf("%s: priv0 lacks %s/24:\n%s", nd.Role, ips[nd.Role], out)
		}
	}
	old := n.Bastion.HostKeys
	n.Bastion.Rekey()
	if len(n.Bastion.HostKeys) != len(old) || string(n.Bastion.HostKeys[0].Marshal()) == string(old[0].Marshal()) {
		t.Fatalf("Rekey kept the old host keys")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// ReachableFromRoot accepts only the node's current keys.
	if !n.Bastion.ReachableFromRoot(ctx, n.Bastion.PublicIP+":22") {
		t.Errorf("after Rekey the bastion's sshd does not present its new keys:\n%s", n.Bastion.Log())
	}
}
