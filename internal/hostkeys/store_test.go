package hostkeys

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

var anyAddr = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 22}

func offer(s *Store, h Host, k ssh.PublicKey) error { return s.Callback(h)(h.Addr, anyAddr, k) }

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sshKeygenFinds asks OpenSSH itself whether the file holds a key for host,
// proving the file is usable with ssh -o UserKnownHostsFile=.
func sshKeygenFinds(t *testing.T, file, host string) bool {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Fatalf("ssh-keygen (OpenSSH) is needed to prove the file is OpenSSH's format: %v", err)
	}
	out, err := exec.Command("ssh-keygen", "-F", host, "-f", file).CombinedOutput()
	return err == nil && strings.Contains(string(out), host)
}

func TestTOFUThenKnownThenChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stacks", "mhson-ap-northeast-2.known_hosts")
	s := Open(path)
	k, other := newKey(t), newKey(t)
	h := Host{Addr: "203.0.113.7:22", InstanceID: "i-1"}

	if err := offer(s, h, k); err != nil {
		t.Fatalf("first use: %v", err)
	}
	v, ok := s.Verified(h.Addr)
	if !ok || v.Method != TOFU || v.Fingerprint != ssh.FingerprintSHA256(k) {
		t.Fatalf("first use recorded as %+v", v)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("known_hosts mode: %v %v", st, err)
	}
	if !sshKeygenFinds(t, path, "203.0.113.7") {
		t.Errorf("ssh-keygen -F cannot find the recorded host in:\n%s", readFile(t, path))
	}

	s2 := Open(path) // a later run
	if err := offer(s2, h, k); err != nil {
		t.Fatalf("second connect: %v", err)
	}
	if v, _ := s2.Verified(h.Addr); v.Method != Known {
		t.Errorf("second connect method %q, want known", v.Method)
	}

	before := readFile(t, path)
	err = offer(s2, h, other)
	var ce *ChangedError
	if !errors.Is(err, ErrChanged) || !errors.As(err, &ce) || ce.Against != "known_hosts" {
		t.Fatalf("changed key: err = %v", err)
	}
	if !strings.Contains(err.Error(), "ssh-keygen -R 203.0.113.7 -f "+path) {
		t.Errorf("refusal does not say how to clear the entry: %v", err)
	}
	if readFile(t, path) != before {
		t.Errorf("a refused key changed the file")
	}
	if err := s2.Forget(h.Addr); err != nil {
		t.Fatal(err)
	}
	if err := offer(s2, h, other); err != nil {
		t.Fatalf("after Forget: %v", err)
	}
}

func TestConsolePinnedAndMismatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kh")
	s := Open(path)
	k, k2, rogue := newKey(t), newECDSA(t), newKey(t)
	h := Host{Addr: "10.0.0.5", InstanceID: "i-web", Console: Console{Keys: []ssh.PublicKey{k2, k}}}

	// A key that is not on the console is refused and nothing is recorded.
	err := offer(s, h, rogue)
	var ce *ChangedError
	if !errors.As(err, &ce) || ce.Against != "console" || len(ce.Want) != 2 {
		t.Fatalf("rogue key: err = %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused key created the file")
	}

	n, err := s.Pin(h)
	if err != nil || n != 2 {
		t.Fatalf("Pin = %d, %v", n, err)
	}
	if got := s.Algorithms(h); len(got) != 2 || got[0] != k2.Type() || got[1] != k.Type() {
		t.Errorf("Algorithms = %v", got)
	}
	if err := offer(s, h, k); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Verified("10.0.0.5:22"); v.Method != ConsolePinned || v.InstanceID != "i-web" {
		t.Errorf("pinned host verified as %+v", v)
	}
	if !strings.Contains(readFile(t, path), "infrawiz:instance=i-web") {
		t.Errorf("entries do not carry the instance id:\n%s", readFile(t, path))
	}
	if !sshKeygenFinds(t, path, "10.0.0.5") {
		t.Errorf("ssh-keygen cannot read the pinned file")
	}
	if err := offer(s, h, rogue); !errors.As(err, &ce) || ce.Against != "console" {
		t.Errorf("rogue after pinning: %v, want a refusal against the console", err)
	}
	if err := offer(Open(path), h, rogue); !errors.As(err, &ce) || ce.Against != "known_hosts" {
		t.Errorf("rogue in a later run: %v, want a refusal against known_hosts", err)
	}
}

func TestConsoleFingerprintThenRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kh")
	s := Open(path)
	k, rogue := newKey(t), newKey(t)
	c := ParseConsole(Format([]ssh.PublicKey{k}, "ip-10-0-0-9", false))
	h := Host{Addr: "[10.0.0.9]:2222", InstanceID: "i-db", Console: c}
	if n, _ := s.Pin(h); n != 0 {
		t.Fatalf("Pin wrote %d keys from fingerprints alone", n)
	}
	if err := offer(s, h, rogue); !errors.Is(err, ErrChanged) {
		t.Fatalf("key not matching the console fingerprint: %v", err)
	}
	if err := offer(s, h, k); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Verified(h.Addr); v.Method != ConsoleFingerprint {
		t.Errorf("method %q", v.Method)
	}
	if !sshKeygenFinds(t, path, "[10.0.0.9]:2222") {
		t.Errorf("not recorded:\n%s", readFile(t, path))
	}
	// Recorded now: a new run without console data knows it.
	if err := offer(Open(path), Host{Addr: h.Addr, InstanceID: "i-db"}, k); err != nil {
		t.Errorf("recorded key refused: %v", err)
	}
}

// A rebuilt stack reuses an Elastic IP or private address for a new
// instance; its entry is replaced from the new console, not a false alarm,
// and other hosts' lines (also foreign ones) are kept.
func TestInstanceReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kh")
	foreign := "example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEFcSNNpwkvnBqkQo3RYgaBsiA8tCRmDL1U3OzUbNAG6"
	if err := os.WriteFile(path, []byte("# mine\n"+foreign+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := Open(path)
	old, neu, other := newKey(t), newKey(t), newKey(t)
	if err := offer(s, Host{Addr: "10.0.0.5", InstanceID: "i-old"}, old); err != nil {
		t.Fatal(err)
	}
	if err := offer(s, Host{Addr: "10.0.0.6", InstanceID: "i-other"}, other); err != nil {
		t.Fatal(err)
	}
	h := Host{Addr: "10.0.0.5", InstanceID: "i-new", Console: Console{Keys: []ssh.PublicKey{neu}}}
	if _, err := s.Pin(h); err != nil {
		t.Fatal(err)
	}
	if err := offer(s, h, neu); err != nil {
		t.Fatalf("new instance at the old address refused: %v", err)
	}
	v, _ := s.Verified("10.0.0.5")
	if v.Replaced != "i-old" || v.Method != ConsolePinned {
		t.Errorf("verified %+v, want replaced i-old, console-pinned", v)
	}
	got := readFile(t, path)
	if strings.Contains(got, "i-old") || !strings.Contains(got, "i-other") || !strings.Contains(got, foreign) || !strings.Contains(got, "# mine") {
		t.Errorf("file after replacement:\n%s", got)
	}
	// The old instance's key is no longer accepted.
	if err := offer(s, h, old); !errors.Is(err, ErrChanged) {
		t.Errorf("old key after replacement: %v", err)
	}
}
