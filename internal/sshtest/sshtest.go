// Package sshtest builds a small copy of the mission's network for tests:
// network namespaces joined by veth pairs and a bridge, a real OpenSSH sshd
// in each, and on the bastion the first-boot files installed in a private
// mount namespace with a real rsyslogd. "me" is the test process in the
// root namespace. It needs root (CI runs as root).
package sshtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/hostkeys"
)

// RequireRoot skips a test that needs root where there is none (a
// developer's laptop) and fails it under CI=true, where a skip would hide
// the whole SSH suite.
func RequireRoot(t testing.TB) {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root (network namespaces, iptables, sshd)")
	}
	for _, bin := range []string{"ip", "iptables", "/usr/sbin/sshd", "ssh-keygen", "rsyslogd", "ping", "mount"} {
		if _, err := exec.LookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "needs " + strings.Join(missing, ", ") + " (apt-get install iproute2 iptables openssh-server rsyslog iputils-ping; run as root)"
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s", msg)
	}
	t.Skipf("skipping: %s; CI=true makes this a failure", msg)
}

// Key is the test's client key pair; the private half is a .pem file.
type Key struct {
	Path   string
	Signer ssh.Signer
}

// NewKey writes a fresh ed25519 key as an OpenSSH .pem with mode 0400.
func NewKey(t testing.TB, dir string) *Key {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "infrawiz test")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "key-test.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(block), 0o400); err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return &Key{Path: p, Signer: s}
}

// File is one file installed on the bastion (from steps.UserDataFiles).
type File struct {
	Path    string
	Mode    os.FileMode
	Content string
}

// Options shape the network.
type Options struct {
	// Authorized is the public key sshd accepts.
	Authorized ssh.PublicKey
	// BastionFiles are installed on the bastion, in its private view of
	// /etc, before rsyslogd and sshd start.
	BastionFiles []File
	// PrivateIPs sets the nodes' private addresses by role ("bastion",
	// "web", "db"), all in one /24, to match what a describe reports; the
	// default is a fresh 10.213.x.0/24. Each namespace has its own, so
	// networks with the same private addresses never clash.
	PrivateIPs map[string]string
}

// Node is one server: a network namespace with a running sshd.
type Node struct {
	Role       string
	NS         string
	PublicIP   string // "" for db
	PrivateIP  string
	Dir        string
	HostKeys   []ssh.PublicKey
	InstanceID string

	t    testing.TB
	mu   sync.Mutex
	cmd  *exec.Cmd
	log  *bytes.Buffer
	done chan struct{}
}

// Net is the mission's network in miniature.
type Net struct {
	Bastion, Web, DB *Node
	User             string // the login user (the test's own)
}

func run(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.CommandContext(context.Background(), args[0], args[1:]...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// New builds the network: the bastion and web each have a "public" address
// on a veth pair to the root namespace; all three share a private /24 on a
// bridge in a fourth namespace (the VPC). No namespace forwards, so the
// private addresses are reachable only from the bastion, web and db.
func New(t testing.TB, opt Options) *Net {
	t.Helper()
	RequireRoot(t)
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	idb := make([]byte, 3)
	_, _ = rand.Read(idb)
	id := hex.EncodeToString(idb[:2])
	// The third octet keeps concurrent networks apart.
	oct := int(idb[2])%250 + 2
	for strings.Contains(run(t, "ip", "-4", "addr"), fmt.Sprintf("198.18.%d.", oct)) {
		oct = oct%250 + 3
	}
	ns := func(s string) string { return "iwz-" + id + "-" + s }
	vpc := ns("vpc")
	n := &Net{User: currentUser(t)}
	n.Bastion = &Node{Role: "bastion", NS: ns("bastion"), PublicIP: fmt.Sprintf("198.18.%d.2", oct), PrivateIP: fmt.Sprintf("10.213.%d.10", oct), InstanceID: "i-0bastion" + id}
	n.Web = &Node{Role: "web", NS: ns("web"), PublicIP: fmt.Sprintf("198.18.%d.6", oct), PrivateIP: fmt.Sprintf("10.213.%d.20", oct), InstanceID: "i-0web" + id}
	n.DB = &Node{Role: "db", NS: ns("db"), PrivateIP: fmt.Sprintf("10.213.%d.30", oct), InstanceID: "i-0db" + id}
	nodes := []*Node{n.Bastion, n.Web, n.DB}
	if opt.PrivateIPs != nil {
		setPrivateIPs(t, nodes, opt.PrivateIPs)
	}

	// Cleanup runs in reverse: processes end before their namespaces go.
	for _, name := range []string{vpc, n.Bastion.NS, n.Web.NS, n.DB.NS} {
		run(t, "ip", "netns", "add", name)
		t.Cleanup(func() {
			if out, err := exec.CommandContext(context.Background(), "ip", "netns", "del", name).CombinedOutput(); err != nil {
				t.Errorf("ip netns del %s: %v %s", name, err, out)
			}
		})
		run(t, "ip", "-n", name, "link", "set", "lo", "up")
	}
	run(t, "ip", "-n", vpc, "link", "add", "br0", "type", "bridge")
	run(t, "ip", "-n", vpc, "link", "set", "br0", "up")
	for _, nd := range nodes {
		nd.t = t
		// Private side: a veth from the node to the VPC's bridge.
		run(t, "ip", "link", "add", "iwz"+id+nd.Role[:1]+"v", "netns", vpc, "type", "veth", "peer", "name", "priv0", "netns", nd.NS)
		run(t, "ip", "-n", vpc, "link", "set", "iwz"+id+nd.Role[:1]+"v", "master", "br0", "up")
		run(t, "ip", "-n", nd.NS, "addr", "add", nd.PrivateIP+"/24", "dev", "priv0")
		run(t, "ip", "-n", nd.NS, "link", "set", "priv0", "up")
		if nd.PublicIP == "" {
			continue
		}
		// Public side: a veth to the root namespace, a /30 each.
		host := "iwz" + id + nd.Role[:1] + "p"
		run(t, "ip", "link", "add", host, "type", "veth", "peer", "name", "pub0", "netns", nd.NS)
		gw := strings.TrimSuffix(nd.PublicIP, lastOctet(nd.PublicIP)) + fmt.Sprint(atoi(lastOctet(nd.PublicIP))-1)
		run(t, "ip", "addr", "add", gw+"/30", "dev", host)
		run(t, "ip", "link", "set", host, "up")
		run(t, "ip", "-n", nd.NS, "addr", "add", nd.PublicIP+"/30", "dev", "pub0")
		run(t, "ip", "-n", nd.NS, "link", "set", "pub0", "up")
		run(t, "ip", "-n", nd.NS, "route", "add", "default", "via", gw)
	}

	for _, nd := range nodes {
		nd.Dir = t.TempDir()
		nd.setup(t, opt)
	}
	n.Bastion.installBastion(t, opt.BastionFiles)
	for _, nd := range nodes {
		nd.Start()
	}
	return n
}

// setPrivateIPs gives each node the address ips names for its role: the
// bridge is one /24, so they must share it.
func setPrivateIPs(t testing.TB, nodes []*Node, ips map[string]string) {
	t.Helper()
	var net24 string
	for _, nd := range nodes {
		ip := net.ParseIP(ips[nd.Role]).To4()
		if ip == nil {
			t.Fatalf("sshtest: Options.PrivateIPs[%q]: %q is not an IPv4 address", nd.Role, ips[nd.Role])
		}
		if p := ip.Mask(net.CIDRMask(24, 32)).String(); net24 == "" {
			net24 = p
		} else if p != net24 {
			t.Fatalf("sshtest: Options.PrivateIPs: %s is not in %s/24 with the others: the VPC is one /24 bridge", ip, net24)
		}
		nd.PrivateIP = ip.String()
	}
}

func lastOctet(ip string) string { return ip[strings.LastIndex(ip, ".")+1:] }

func atoi(s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		panic("sshtest: not a number: " + s) // only ever our own addresses
	}
	return n
}

func currentUser(t testing.TB) string {
	out := strings.TrimSpace(run(t, "id", "-un"))
	if out == "" {
		t.Fatal("id -un: empty")
	}
	return out
}

// setup writes the node's host keys and sshd_config.
func (nd *Node) setup(t testing.TB, opt Options) {
	t.Helper()
	d := nd.Dir
	nd.genHostKeys(t)
	if opt.Authorized == nil {
		t.Fatal("sshtest: Options.Authorized: required, the client key sshd accepts")
	}
	if err := os.WriteFile(filepath.Join(d, "authorized_keys"), ssh.MarshalAuthorizedKey(opt.Authorized), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`Port 22
ListenAddress 0.0.0.0
HostKey %[1]s/ssh_host_ed25519_key
HostKey %[1]s/ssh_host_ecdsa_key
PidFile %[1]s/sshd.pid
AuthorizedKeysFile %[1]s/authorized_keys
# The key file lives under /tmp, which is world-writable.
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
`, d)
	if err := os.WriteFile(filepath.Join(d, "sshd_config"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	// The wrapper gives web and db a plain sshd; the bastion's replaces it.
	nd.writeWrapper(t, "exec /usr/sbin/sshd -D -e -f "+d+"/sshd_config\n")
}

// genHostKeys writes fresh host keys, replacing any the node had.
func (nd *Node) genHostKeys(t testing.TB) {
	t.Helper()
	nd.HostKeys = nil
	for _, typ := range []string{"ed25519", "ecdsa"} {
		f := filepath.Join(nd.Dir, "ssh_host_"+typ+"_key")
		for _, old := range []string{f, f + ".pub"} {
			if err := os.Remove(old); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		run(t, "ssh-keygen", "-q", "-t", typ, "-N", "", "-C", "root@"+nd.Role, "-f", f)
		raw, err := os.ReadFile(f + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		k, _, _, _, err := ssh.ParseAuthorizedKey(raw)
		if err != nil {
			t.Fatal(err)
		}
		nd.HostKeys = append(nd.HostKeys, k)
	}
}

// Rekey gives the node new host keys, as a server rebuilt behind the same
// address has: it restarts sshd with them.
func (nd *Node) Rekey() {
	nd.t.Helper()
	nd.Stop()
	nd.genHostKeys(nd.t)
	nd.Start()
}

func (nd *Node) writeWrapper(t testing.TB, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(nd.Dir, "start.sh"), []byte("#!/bin/sh\nset -e\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
}

// installBastion gives the bastion a private view of /etc (an overlay, so
// the first-boot files land in the test's copy), /var/log and /dev (so
// /dev/log is the test's rsyslogd), and starts rsyslogd before sshd. ip
// netns exec has already put the wrapper in its own mount namespace, with
// mounts not propagating back.
func (nd *Node) installBastion(t testing.TB, files []File) {
	t.Helper()
	d := nd.Dir
	upper := filepath.Join(d, "etc-files")
	for _, f := range files {
		rel, ok := strings.CutPrefix(f.Path, "/etc/")
		if !ok {
			t.Fatalf("sshtest: bastion file %s: only files under /etc/ can be installed", f.Path)
		}
		p := filepath.Join(upper, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.Content), f.Mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"etc-files", "varlog", "spool", "ovl", "olddev"} {
		if err := os.MkdirAll(filepath.Join(d, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	rconf := fmt.Sprintf(`global(workDirectory="%[1]s/spool")
module(load="imuxsock")
$FileCreateMode 0640
$IncludeConfig /etc/rsyslog.d/*.conf
# rsyslogd refuses to start without an action: a bastion missing its
# drop-in (a broken setup under test) must still have a running rsyslogd.
local7.*	%[1]s/rsyslog-local7.log
`, d)
	if err := os.WriteFile(filepath.Join(d, "rsyslog.conf"), []byte(rconf), 0o644); err != nil {
		t.Fatal(err)
	}
	nd.writeWrapper(t, fmt.Sprintf(`d=%[1]s
# /etc: an overlay whose upper layer is on a tmpfs (overlayfs refuses some
# upper filesystems), seeded with the first-boot files.
mount -t tmpfs tmpfs "$d/ovl"
mkdir -p "$d/ovl/up" "$d/ovl/work"
cp -a "$d/etc-files/." "$d/ovl/up/"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$d/ovl/up,workdir=$d/ovl/work" /etc
mount --bind "$d/varlog" /var/log
# /dev: a tmpfs holding only what a login needs, so rsyslogd's /dev/log
# is this namespace's.
mount --rbind /dev "$d/olddev"
mount -t tmpfs -o mode=755 tmpfs /dev
for f in null zero full random urandom tty; do
	touch "/dev/$f"
	mount --bind "$d/olddev/$f" "/dev/$f"
done
mkdir /dev/pts /dev/shm
# A devpts of its own, as containers have, for the audit check's PTY.
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx
mount --bind "$d/olddev/shm" /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
# A restart (Rekey) follows a SIGKILL: the old pid file would stop rsyslogd.
rm -f "$d/rsyslogd.pid"
/usr/sbin/rsyslogd -n -f "$d/rsyslog.conf" -i "$d/rsyslogd.pid" &
i=0
while [ ! -S /dev/log ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ -S /dev/log ] || { echo "rsyslogd made no /dev/log" >&2; exit 1; }
exec /usr/sbin/sshd -D -e -f "$d/sshd_config"
`, d))
}

// AuditLog is the bastion's /var/log/command.log as the test sees it.
func (nd *Node) AuditLog() string {
	b, _ := os.ReadFile(filepath.Join(nd.Dir, "varlog", "command.log"))
	return string(b)
}

// Start starts the node's sshd (and the bastion's rsyslogd) and waits until
// it accepts connections.
func (nd *Node) Start() {
	t := nd.t
	t.Helper()
	nd.mu.Lock()
	if nd.cmd != nil {
		nd.mu.Unlock()
		t.Fatalf("sshtest: %s already started", nd.Role)
	}
	logMu.Lock()
	nd.log = &bytes.Buffer{}
	logMu.Unlock()
	// A background context: sshd outlives this call, and Stop ends it.
	cmd := exec.CommandContext(context.Background(), "ip", "netns", "exec", nd.NS, filepath.Join(nd.Dir, "start.sh"))
	cmd.Stdout = &lockedWriter{w: nd.log}
	cmd.Stderr = cmd.Stdout
	// Its own process group: stopping it stops rsyslogd too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		nd.mu.Unlock()
		t.Fatalf("starting sshd in %s: %v", nd.NS, err)
	}
	done := make(chan struct{})
	nd.cmd, nd.done = cmd, done
	nd.mu.Unlock()
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(nd.Stop)

	addr := net.JoinHostPort(nd.PrivateIP, "22")
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := nd.InNS(func() error {
			d := net.Dialer{Timeout: time.Second}
			c, err := d.DialContext(context.Background(), "tcp", addr)
			if err == nil {
				_ = c.Close()
			}
			return err
		})
		if err == nil {
			return
		}
		select {
		case <-done:
			t.Fatalf("sshd in %s exited:\n%s", nd.NS, nd.Log())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd in %s not listening on %s: %v\n%s", nd.NS, addr, err, nd.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop kills the node's sshd and whatever its wrapper started, by process
// group id, and waits for them.
func (nd *Node) Stop() {
	nd.mu.Lock()
	cmd, done := nd.cmd, nd.done
	nd.cmd = nil
	nd.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	<-done
	// rsyslogd may have left its group if it daemonised; its pid file says.
	if b, err := os.ReadFile(filepath.Join(nd.Dir, "rsyslogd.pid")); err == nil {
		var pid int
		// Only if that pid is still this node's rsyslogd: a stale file's pid
		// may belong to any process by now.
		if _, err := fmt.Sscan(string(b), &pid); err == nil && pid > 1 {
			cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
			if bytes.Contains(cmdline, []byte(nd.Dir+"/rsyslog.conf")) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		_ = os.Remove(filepath.Join(nd.Dir, "rsyslogd.pid"))
	}
}

// Log is what sshd (and the wrapper) wrote.
func (nd *Node) Log() string {
	logMu.Lock()
	defer logMu.Unlock()
	if nd.log == nil {
		return ""
	}
	return nd.log.String()
}

type lockedWriter struct{ w *bytes.Buffer }

func (l *lockedWriter) Write(p []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	return l.w.Write(p)
}

// logMu guards every node's log buffer.
var logMu sync.Mutex

// InNS runs fn on an OS thread that has joined the node's network
// namespace; sockets fn creates stay in it. The thread is discarded after.
func (nd *Node) InNS(fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if sysSetns < 0 {
			errc <- fmt.Errorf("setns: this architecture's system call number is not known to sshtest")
			return
		}
		// The thread goes back to its own namespace afterwards and lives
		// on. Letting it end instead would fire the parent-death signal
		// of every child this thread happened to start (Pdeathsig is per
		// thread, not per process): the tests' moto_server among them.
		home, err := os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", syscall.Gettid()))
		if err != nil {
			errc <- err
			return
		}
		defer home.Close()
		f, err := os.Open("/run/netns/" + nd.NS)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- err
			return
		}
		defer f.Close()
		if _, _, e := syscall.RawSyscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("setns %s: %w", nd.NS, e)
			return
		}
		err = fn()
		if _, _, e := syscall.RawSyscall(sysSetns, home.Fd(), syscall.CLONE_NEWNET, 0); e == 0 {
			runtime.UnlockOSThread()
		} // else: still locked, so the thread ends with the goroutine and no other goroutine runs in the namespace
		errc <- err
	}()
	return <-errc
}

// Listen opens a TCP listener inside the node's namespace on port, accepting
// and closing connections until the test ends: a service that answers.
func (nd *Node) Listen(t testing.TB, port int) {
	t.Helper()
	var l net.Listener
	err := nd.InNS(func() (err error) {
		var lc net.ListenConfig
		l, err = lc.Listen(context.Background(), "tcp", fmt.Sprintf("0.0.0.0:%d", port))
		return err
	})
	if err != nil {
		t.Fatalf("listen on %d in %s: %v", port, nd.NS, err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
}

// Drop adds a rule that drops incoming TCP SYNs to port, as a missing
// security group rule does (the client sees a timeout, not a refusal).
func (nd *Node) Drop(t testing.TB, port int) {
	t.Helper()
	run(t, "ip", "netns", "exec", nd.NS, "iptables", "-I", "INPUT", "-p", "tcp", "--dport", fmt.Sprint(port), "-j", "DROP")
}

// DropICMP drops pings to the node.
func (nd *Node) DropICMP(t testing.TB) {
	t.Helper()
	run(t, "ip", "netns", "exec", nd.NS, "iptables", "-I", "INPUT", "-p", "icmp", "-j", "DROP")
}

// Console is the node's console output as cloud-init prints it, made from
// its real host keys; withKeys false prints fingerprints only.
func (nd *Node) Console(withKeys bool) string {
	return "[    0.000000] Linux version 5.15.0-1051-aws\n" +
		hostkeys.Format(nd.HostKeys, "ip-"+strings.ReplaceAll(nd.PrivateIP, ".", "-"), withKeys) +
		"Ubuntu 22.04.4 LTS " + nd.Role + " ttyS0\n"
}

// ReachableFromRoot reports whether the node's sshd answers at addr from
// the root namespace ("me"): a TCP connect and an SSH handshake that
// presents one of the node's host keys. A connect alone proves nothing: a
// sandbox's default gateway may accept any TCP connection.
func (nd *Node) ReachableFromRoot(ctx context.Context, addr string) bool {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	defer func() { _ = c.Close() }()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	seen := false
	cfg := &ssh.ClientConfig{
		User: "nobody",
		HostKeyCallback: func(_ string, _ net.Addr, k ssh.PublicKey) error {
			for _, hk := range nd.HostKeys {
				if bytes.Equal(hk.Marshal(), k.Marshal()) {
					seen = true
				}
			}
			return fmt.Errorf("probe only")
		},
	}
	_, _, _, _ = ssh.NewClientConn(c, addr, cfg)
	return seen
}
