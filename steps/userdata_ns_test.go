//go:build linux

package steps

// The first-boot script and its files, run for real: a real bash on a real
// terminal against a real rsyslogd, in a private mount namespace where /etc
// is a private copy of the machine's, scrubbed of infrawiz (see
// userdata_etc_test.go), and /var/log, /run and /dev are overlays or tmpfs
// of the test's own, so nothing of the machine changes or shows through and
// /dev/log is the test's. The test binary re-executes itself under unshare;
// init below is the namespace side.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

const (
	nsModeEnv = "INFRAWIZ_USERDATA_NS"      // which namespace job to run
	nsDirEnv  = "INFRAWIZ_USERDATA_NS_DIR"  // where it reads and writes
	nsFromEnv = "INFRAWIZ_USERDATA_NS_FROM" // the test's own mount namespace
	nsHost    = "mhson-ec2-bastion-2a"
	// nsHang bounds every wait in the namespace: it only stops a hung run,
	// it measures nothing.
	nsHang = 90 * time.Second
)

func init() {
	mode := os.Getenv(nsModeEnv)
	if mode == "" {
		return
	}
	err := nsMain(mode, os.Getenv(nsDirEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "namespace %s: %v\n", mode, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// nsRequire fails under CI=true, and skips elsewhere, when the namespace
// tests cannot run: they need root, unshare, mount, rsyslogd, logger, bash.
func nsRequire(t *testing.T) {
	t.Helper()
	var missing []string
	for _, c := range []string{"unshare", "mount", "rsyslogd", "logger", "bash", "sh"} {
		if _, err := exec.LookPath(c); err != nil {
			if _, err2 := os.Stat("/usr/sbin/" + c); err2 != nil {
				missing = append(missing, c)
			}
		}
	}
	var msg string
	if len(missing) > 0 {
		msg = "needs " + strings.Join(missing, ", ") + " (apt-get install rsyslog util-linux bsdutils dash)"
	}
	if os.Geteuid() != 0 {
		msg = strings.TrimPrefix(msg+"; ", "; ") + "must run as root (it mounts in a private mount namespace)"
	}
	if msg == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: the namespace test %s", msg)
	}
	t.Skipf("skipping: %s; CI=true makes this a failure", msg)
}

// nsRun runs one namespace job and returns its directory. It fails the
// test if the machine's own files where the script writes changed meanwhile:
// the namespace is what keeps them apart, and this is where that shows.
func nsRun(t *testing.T, mode string) string {
	t.Helper()
	nsRequire(t)
	dir := t.TempDir()
	machine, err := nsMachineSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		after, err := nsMachineSnapshot()
		if err != nil {
			t.Error(err)
			return
		}
		for path, f := range nsChanges(machine, after) {
			t.Errorf("the namespace job %s changed the machine's own %s: %+v, then %+v", mode, path, machine[path], f)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "unshare", "--mount", "--propagation", "private", "--", exe)
	path := os.Getenv("PATH")
	if !strings.Contains(":"+path+":", ":/usr/sbin:") {
		path += ":/usr/sbin:/sbin"
	}
	from, err := os.Readlink("/proc/self/ns/mnt")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), nsModeEnv+"="+mode, nsDirEnv+"="+dir, nsFromEnv+"="+from, "PATH="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("namespace %s: %v\n%s", mode, err, out)
	}
	return dir
}

func nsMain(mode, dir string) error {
	if dir == "" {
		return errors.New(nsDirEnv + " is not set")
	}
	// Every mount below would be the machine's if unshare had not given
	// this process a mount namespace of its own. (The test's, not pid 1's:
	// a container may not let us read pid 1's.)
	self, err := os.Readlink("/proc/self/ns/mnt")
	if err != nil {
		return err
	}
	if from := os.Getenv(nsFromEnv); from == "" || from == self {
		return fmt.Errorf("not in a mount namespace of its own: %s, the test's %q", self, from)
	}
	if err := nsMounts(dir); err != nil {
		return err
	}
	ns := filepath.Join(dir, "ns")
	var fake *nsFakeEtc
	if mode == "script-polluted" {
		// The machine's /etc, as the private copy sees it, holds the hook.
		if fake, err = nsPollutedEtc(ns); err != nil {
			return err
		}
	}
	if err := nsPrivateEtc(ns); err != nil {
		return err
	}
	switch mode {
	case "audit":
		return nsAudit(dir)
	case "tmout":
		return nsTMOUT(dir)
	case "script", "script-polluted":
		return nsScript(dir, fake)
	case "web":
		return nsWeb(dir)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

func nsCmd(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// nsMounts gives the namespace a tmpfs of its own in dir/ns, its own
// /var/spool/rsyslog and /dev (overlays: the machine's files show, writes
// land in dir/ns/<name>/upper), an empty /var/log (the tests read the audit
// log whole, so a line the machine's log held would count as theirs) and an
// empty /run (no systemd, no pid files). /etc is nsPrivateEtc's.
func nsMounts(dir string) error {
	ns := filepath.Join(dir, "ns")
	if err := os.MkdirAll(ns, 0o755); err != nil {
		return err
	}
	if err := nsCmd("mount", "-t", "tmpfs", "infrawiz-test", ns); err != nil {
		return err
	}
	overlay := func(name, target string) error {
		up, work := filepath.Join(ns, name, "upper"), filepath.Join(ns, name, "work")
		if err := os.MkdirAll(up, 0o755); err != nil {
			return err
		}
		if err := os.MkdirAll(work, 0o755); err != nil {
			return err
		}
		return nsCmd("mount", "-t", "overlay", "overlay", "-o", "lowerdir="+target+",upperdir="+up+",workdir="+work, target)
	}
	// The machine's mode and owners, so an rsyslogd that drops to the
	// syslog user can still write there.
	fi, err := os.Stat("/var/log")
	if err != nil {
		return err
	}
	st := fi.Sys().(*syscall.Stat_t)
	opts := fmt.Sprintf("mode=%o,uid=%d,gid=%d", st.Mode&0o7777, st.Uid, st.Gid)
	if err := nsCmd("mount", "-t", "tmpfs", "-o", opts, "infrawiz-varlog", "/var/log"); err != nil {
		return err
	}
	if fi, err := os.Stat("/var/spool/rsyslog"); err == nil && fi.IsDir() {
		if err := overlay("spool", "/var/spool/rsyslog"); err != nil {
			return err
		}
	}
	if err := nsCmd("mount", "-t", "tmpfs", "infrawiz-run", "/run"); err != nil {
		return err
	}
	// The overlay hides the terminals mounted below /dev: keep them aside
	// and put them back.
	pts := filepath.Join(ns, "pts")
	if err := os.Mkdir(pts, 0o755); err != nil {
		return err
	}
	if err := nsCmd("mount", "--bind", "/dev/pts", pts); err != nil {
		return err
	}
	if err := overlay("dev", "/dev"); err != nil {
		return err
	}
	return nsCmd("mount", "--move", pts, "/dev/pts")
}

// nsInstall writes the bastion's files as the script would, and the line
// /etc/bash.bashrc gets.
func nsInstall(p UserDataParams) error {
	for _, f := range UserDataFiles(p) {
		if err := os.MkdirAll(filepath.Dir(f.Path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f.Path, []byte(f.Content), f.Mode); err != nil {
			return err
		}
	}
	b, err := os.OpenFile(nsBashrc, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer b.Close()
	_, err = fmt.Fprintf(b, "\n%s\n%s\n", bashrcMarker, bashrcLine)
	return err
}

// nsHome is a login user's home as Ubuntu's skeleton makes it: ~/.profile
// reads ~/.bashrc, which sets its own prompt and ignoreboth.
func nsHome(dir string) (string, error) {
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return "", err
	}
	files := map[string]string{
		".profile": `if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi
`,
		".bashrc": `case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(home, name), []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	return home, nil
}

// nsRsyslog starts rsyslogd with the test's configuration: /dev/log (ours,
// in this namespace), our drop-in, and everything else into other.log, so
// that "& stop" can be seen to work. It returns once a line goes through.
func nsRsyslog(dir string) (stop func(), err error) {
	conf := filepath.Join(dir, "rsyslog.conf")
	other := filepath.Join(dir, "other.log")
	work := filepath.Join(dir, "spool")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	text := fmt.Sprintf(`global(workDirectory=%q)
module(load="imuxsock" SysSock.RateLimit.Interval="0")
include(file=%q)
*.* %s
`, work, rsyslogPath, other)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(dir, "rsyslogd.out"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("rsyslogd", "-n", "-f", conf, "-i", filepath.Join(dir, "rsyslogd.pid"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		out.Close()
	}
	for i := 0; ; i++ {
		marker := fmt.Sprintf("infrawiz-ready-%d", i)
		_ = exec.Command("logger", "-p", "user.info", marker).Run()
		if err := nsWaitFile(other, marker, 2*time.Second); err == nil {
			return stop, nil
		}
		if i > int(nsHang/(2*time.Second)) {
			stop()
			b, _ := os.ReadFile(filepath.Join(dir, "rsyslogd.out"))
			return nil, fmt.Errorf("rsyslogd did not log a line: %s", b)
		}
	}
}

// nsWaitFile waits for a file to contain s.
func nsWaitFile(path, s string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		b, _ := os.ReadFile(path)
		if bytes.Contains(b, []byte(s)) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s never held %q; it holds:\n%s", path, s, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// nsTerm is an interactive program on a pseudo-terminal.
type nsTerm struct {
	cmd    *exec.Cmd
	master *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
}

func ioctl(fd, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}

// nsStart runs argv on a new terminal, as its session leader.
func nsStart(env []string, dir string, argv ...string) (*nsTerm, error) {
	master, err := os.OpenFile("/dev/pts/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	var unlock int32
	var n uint32
	if err := ioctl(master.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		return nil, err
	}
	if err := ioctl(master.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		return nil, err
	}
	ws := struct{ row, col, x, y uint16 }{50, 200, 0, 0}
	if err := ioctl(master.Fd(), syscall.TIOCSWINSZ, unsafe.Pointer(&ws)); err != nil {
		return nil, err
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	defer slave.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env, cmd.Dir = env, dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	t := &nsTerm{cmd: cmd, master: master, done: make(chan struct{})}
	go func() {
		defer close(t.done)
		buf := make([]byte, 4096)
		for {
			k, err := master.Read(buf)
			t.mu.Lock()
			t.out.Write(buf[:k])
			t.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return t, nil
}

func (t *nsTerm) transcript() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.out.String()
}

// waitCount waits until s has appeared n times on the terminal.
func (t *nsTerm) waitCount(s string, n int) error {
	deadline := time.Now().Add(nsHang)
	for strings.Count(t.transcript(), s) < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("%q did not appear %d times; the terminal shows:\n%s", s, n, t.transcript())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

// session types each line after a prompt, then exits, and returns what
// the terminal showed and the shell's pid.
func nsSession(tag string, env []string, home string, lines []string, argv ...string) (string, int, error) {
	t, err := nsStart(env, home, argv...)
	if err != nil {
		return "", 0, err
	}
	pid := t.cmd.Process.Pid
	for i, l := range lines {
		if err := t.waitCount(tag, i+1); err != nil {
			_ = t.cmd.Process.Kill()
			return "", pid, err
		}
		if _, err := io.WriteString(t.master, l+"\r"); err != nil {
			return "", pid, err
		}
	}
	werr := make(chan error, 1)
	go func() { werr <- t.cmd.Wait() }()
	select {
	case err = <-werr:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = nil // exit's status is the last command's
		}
	case <-time.After(nsHang):
		_ = t.cmd.Process.Kill()
		err = fmt.Errorf("the shell did not exit; the terminal shows:\n%s", t.transcript())
	}
	<-t.done
	t.master.Close()
	return t.transcript(), pid, err
}

// nsAuditResult is what the audit job hands the test.
type nsAuditResult struct {
	CommandLog, OtherLog string
	Sessions             []nsSessionResult
}

type nsSessionResult struct {
	Name, Transcript string
	PID              int
	ExitErr          string
}

// The sessions of the audit job: what is typed in each, and how the shell
// is started. Shared with the test, which checks the log against them.
var nsAuditSessions = []struct {
	name, ip string
	env      []string
	rc       string // an --rcfile for a shell that is not a login shell
	lines    []string
}{
	{
		name: "login", ip: "203.0.113.7",
		env: []string{"SSH_CONNECTION=203.0.113.7 50022 192.168.11.170 22"},
		lines: []string{
			`echo "it's $HOME" | tr a-z A-Z; printf '%s|%s\n' '$PATH' "${USER:-x}"`,
			"",
			"true",
			"true",
			" echo leading-space",
			"cd /etc",
			"pwd",
			"TMOUT=5",
			"# a comment runs nothing",
			"exit",
		},
	},
	{
		name: "array, set -u", ip: "198.51.100.9",
		env: []string{"SSH_CLIENT=198.51.100.9 40000 22"},
		rc: `set -u
__mine_count=0
__mine() { __mine_count=$((__mine_count + 1)); }
PROMPT_COMMAND=(__mine)
PS1='rc\$ '
. ` + hookPath + "\n",
		lines: []string{`echo "mine=$__mine_count"`, "declare -p PROMPT_COMMAND", "exit"},
	},
	{
		name: "string, loaded twice", ip: "2001:db8::7",
		env: []string{"SSH_CONNECTION=2001:db8::7 50000 2001:db8::1 22"},
		rc: `__s=0
PROMPT_COMMAND='__s=$((__s + 1))'
PS1='rc\$ '
. ` + hookPath + `
. ` + hookPath + "\n",
		lines: []string{`echo "s=$__s"`, "echo string-session", "exit"},
	},
}

func nsAudit(dir string) error {
	if err := nsInstall(UserDataParams{Role: ServerBastion, Host: nsHost}); err != nil {
		return err
	}
	stop, err := nsRsyslog(dir)
	if err != nil {
		return err
	}
	defer stop()
	home, err := nsHome(dir)
	if err != nil {
		return err
	}
	var res nsAuditResult
	for i, s := range nsAuditSessions {
		env := append([]string{
			"HOME=" + home, "USER=root", "LOGNAME=root", "TERM=dumb", "LANG=C.UTF-8",
			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		}, s.env...)
		argv := []string{"bash", "-l", "-i"}
		if s.rc != "" {
			rc := filepath.Join(dir, fmt.Sprintf("rc%d", i))
			if err := os.WriteFile(rc, []byte(s.rc), 0o644); err != nil {
				return err
			}
			argv = []string{"bash", "--rcfile", rc, "-i"}
		}
		tr, pid, err := nsSession("[bastion "+nsHost+"]", env, home, s.lines, argv...)
		r := nsSessionResult{Name: s.name, Transcript: tr, PID: pid}
		if err != nil {
			r.ExitErr = err.Error()
		}
		res.Sessions = append(res.Sessions, r)
	}
	// Lines from one socket are handled in order: once this one is in the
	// file, every command before it is too.
	const end = "infrawiz-test-end"
	if err := exec.Command("logger", "-p", "local0.debug", "-t", "test", end).Run(); err != nil {
		return err
	}
	if err := nsWaitFile(AuditLogPath, end, nsHang); err != nil {
		return err
	}
	b, err := os.ReadFile(AuditLogPath)
	if err != nil {
		return err
	}
	res.CommandLog = string(b)
	if b, err = os.ReadFile(filepath.Join(dir, "other.log")); err != nil {
		return err
	}
	res.OtherLog = string(b)
	return nsWriteJSON(dir, res)
}

func nsWriteJSON(dir string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "result.json"), b, 0o644)
}

func nsReadJSON(t *testing.T, dir string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// nsShellResult is one non-interactive shell of the TMOUT job.
type nsShellResult struct {
	Args           []string
	Stdout, Stderr string
	Exit           int
}

var nsTMOUTShells = [][]string{
	{"bash", "-lc", `printf %s "$TMOUT"`},
	{"env", "TMOUT=5", "bash", "-lc", `printf %s "$TMOUT"`},
	{"bash", "-lc", "TMOUT=5"},
	{"bash", "-lc", "unset TMOUT"},
	{"bash", "-lc", "export TMOUT=0"},
	{"bash", "-lc", `. /etc/profile; printf %s "$TMOUT"`},
	{"sh", "-lc", `printf %s "$TMOUT"`},
	{"sh", "-lc", "TMOUT=5"},
	{"bash", "-c", `printf %s "${TMOUT:-unset}"`},
	{"bash", "-lc", `printf %s "$HISTTIMEFORMAT"`},
}

func nsTMOUT(dir string) error {
	if err := nsInstall(UserDataParams{Role: ServerBastion, Host: nsHost}); err != nil {
		return err
	}
	home, err := nsHome(dir)
	if err != nil {
		return err
	}
	var res []nsShellResult
	for _, args := range nsTMOUTShells {
		var out, errb bytes.Buffer
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = []string{"HOME=" + home, "USER=root", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
		cmd.Dir = home
		cmd.Stdout, cmd.Stderr = &out, &errb
		code := 0
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				return err
			}
			code = ee.ExitCode()
		}
		res = append(res, nsShellResult{Args: args, Stdout: out.String(), Stderr: errb.String(), Exit: code})
	}
	return nsWriteJSON(dir, res)
}

type nsScriptResult struct {
	Run1, Run2 string // the script's output
	// Snap1 and Snap2 are what differs under /etc from before the first
	// run, after the first and after the second.
	Snap1, Snap2       map[string]nsFile
	PID1, PID2         int
	Bashrc             string
	Alive              bool
	CommandLog, Syslog string
	Forwarded          string
	Marker             string
	Target             string
	// Of the polluted machine /etc, when there is one: what of infrawiz it
	// held, and its snapshots before the private copy was taken and after
	// the script's runs.
	SourceTraces     []string
	Source1, Source2 map[string]nsFile
}

func nsPidFile() int {
	b, _ := os.ReadFile("/run/rsyslogd.pid")
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// nsScript runs the whole script twice over the private /etc; fake is the
// polluted machine /etc the copy was taken from, or nil.
func nsScript(dir string, fake *nsFakeEtc) error {
	var res nsScriptResult
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer udp.Close()
	target := udp.LocalAddr().String()
	res.Target = target
	script, err := UserData(UserDataParams{Role: ServerBastion, Host: nsHost, SyslogTarget: target})
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "userdata.sh")
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil {
		return err
	}
	before, err := nsSnapshot("/etc")
	if err != nil {
		return err
	}
	changes := func() (map[string]nsFile, error) {
		after, err := nsSnapshot("/etc")
		return nsChanges(before, after), err
	}
	run := func() (string, error) {
		// Files, not pipes: the rsyslogd the script starts inherits them,
		// and a pipe would stay open after the script ends.
		out, err := os.CreateTemp(dir, "run-*.out")
		if err != nil {
			return "", err
		}
		defer out.Close()
		cmd := exec.Command("bash", path)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8"}
		err = cmd.Run()
		b, _ := os.ReadFile(out.Name())
		if err != nil {
			return string(b), fmt.Errorf("the script failed: %v\n%s", err, b)
		}
		return string(b), nil
	}
	defer func() {
		// The rsyslogd the script started lives in this namespace only
		// as long as it runs: stop it.
		if pid := nsPidFile(); pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGTERM)
			for i := 0; i < 200 && syscall.Kill(pid, 0) == nil; i++ {
				time.Sleep(20 * time.Millisecond)
			}
		}
	}()
	if res.Run1, err = run(); err != nil {
		return err
	}
	if res.Snap1, err = changes(); err != nil {
		return err
	}
	res.PID1 = nsPidFile()
	if res.Run2, err = run(); err != nil {
		return err
	}
	if res.Snap2, err = changes(); err != nil {
		return err
	}
	res.PID2 = nsPidFile()
	res.Alive = res.PID2 > 0 && syscall.Kill(res.PID2, 0) == nil
	b, err := os.ReadFile(nsBashrc)
	if err != nil {
		return err
	}
	res.Bashrc = string(b)
	if fake != nil {
		res.SourceTraces, res.Source1 = fake.Traces, fake.Before
		if res.Source2, err = nsSnapshot(fake.Path); err != nil {
			return err
		}
	}

	// The rsyslogd the script (re)started, with the machine's own
	// configuration and our drop-in, routes an audit line to the file and
	// the remote target, and not to syslog.
	res.Marker = "[USER]root [IP]local [PID]1 [PWD]/ [COMMAND]echo script-marker"
	if err := exec.Command("logger", "-p", "local0.debug", "-t", AuditTag, "--", res.Marker).Run(); err != nil {
		return err
	}
	if err := nsWaitFile(AuditLogPath, res.Marker, nsHang); err != nil {
		return err
	}
	_ = udp.SetReadDeadline(time.Now().Add(nsHang))
	buf := make([]byte, 8192)
	for !strings.Contains(res.Forwarded, res.Marker) {
		n, _, err := udp.ReadFrom(buf)
		if err != nil {
			return fmt.Errorf("no audit line reached the remote target %s: %v (got %q)", target, err, res.Forwarded)
		}
		res.Forwarded += string(buf[:n]) + "\n"
	}
	b, _ = os.ReadFile(AuditLogPath)
	res.CommandLog = string(b)
	b, _ = os.ReadFile("/var/log/syslog")
	res.Syslog = string(b)
	return nsWriteJSON(dir, res)
}

// auditLineRE is one line of the audit log as rsyslog writes it.
var auditLineRE = regexp.MustCompile(`^\S+ \S+ ` + AuditTag + `: \[USER\](\S+) \[IP\](\S+) \[PID\](\d+) \[PWD\](.*?) \[COMMAND\](.*)$`)

// historyStampRE is HISTTIMEFORMAT's "%F %T -- " as it would show.
var historyStampRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -- `)

// Commands typed in interactive shells (a login shell; one with set -u
// and an array PROMPT_COMMAND; one with a string PROMPT_COMMAND that read
// the hook twice) each reach /var/log/command.log exactly once per time
// typed, as typed, with user, SSH source IP, the shell's PID and the
// directory it was typed in; an empty Enter, a comment and the login add
// nothing, and "& stop" keeps them out of everything else.
func TestUserData_BastionAuditLog(t *testing.T) {
	dir := nsRun(t, "audit")
	var res nsAuditResult
	nsReadJSON(t, dir, &res)
	home := filepath.Join(dir, "home")

	type entry struct{ user, ip, pid, pwd, cmd string }
	var want []entry
	for i, s := range nsAuditSessions {
		r := res.Sessions[i]
		if r.ExitErr != "" {
			t.Fatalf("session %s: %s", s.name, r.ExitErr)
		}
		pid := strconv.Itoa(r.PID)
		pwd := home
		for _, l := range s.lines {
			switch {
			case l == "", l == "exit", strings.HasPrefix(l, "#"):
				continue
			}
			want = append(want, entry{"root", s.ip, pid, pwd, l})
			if l == "cd /etc" {
				pwd = "/etc"
			}
		}
	}
	var got []entry
	for _, line := range strings.Split(strings.TrimRight(res.CommandLog, "\n"), "\n") {
		if strings.Contains(line, "infrawiz-test-end") {
			continue
		}
		m := auditLineRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("a line of %s is not an audit line: %q", AuditLogPath, line)
			continue
		}
		got = append(got, entry{m[1], m[2], m[3], m[4], m[5]})
		if historyStampRE.MatchString(m[5]) {
			t.Errorf("a history timestamp is inside the command: %q", line)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d audit lines, want %d (one per command typed):\n%s", len(got), len(want), res.CommandLog)
	}
	for i := 0; i < len(want) && i < len(got); i++ {
		if got[i] != want[i] {
			t.Errorf("audit line %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}

	if strings.Contains(res.OtherLog, AuditTag) || strings.Contains(res.OtherLog, "[COMMAND]") {
		t.Errorf("audit lines also went elsewhere (the drop-in's & stop):\n%s", res.OtherLog)
	}
	for _, r := range res.Sessions {
		for _, bad := range []string{"unbound variable", "syntax error", "command not found", "__infrawiz"} {
			if strings.Contains(r.Transcript, bad) && !(bad == "__infrawiz" && r.Name == "array, set -u") {
				t.Errorf("session %s shows %q:\n%s", r.Name, bad, r.Transcript)
			}
		}
	}
	login, array, str := res.Sessions[0].Transcript, res.Sessions[1].Transcript, res.Sessions[2].Transcript
	if !strings.Contains(login, "\x1b[1;31m[bastion "+nsHost+"]\x1b[0m root@") {
		t.Errorf("the login prompt does not put the role and host before ~/.bashrc's prompt:\n%q", login)
	}
	if !strings.Contains(login, "TMOUT: readonly variable") {
		t.Errorf("TMOUT=5 in the login shell did not fail as readonly:\n%s", login)
	}
	if !strings.Contains(login, `IT'S `+strings.ToUpper(home)) || !strings.Contains(login, "$PATH|root") {
		t.Errorf("the quoted command did not run as typed:\n%s", login)
	}
	if !regexp.MustCompile(`mine=[1-9]`).MatchString(array) {
		t.Errorf("the array's own prompt command stopped running:\n%s", array)
	}
	if !regexp.MustCompile(`PROMPT_COMMAND=\(\[0\]="__infrawiz_prompt_command" \[1\]="__mine"\)`).MatchString(array) {
		t.Errorf("PROMPT_COMMAND as an array, want ours first and __mine kept:\n%s", array)
	}
	if !regexp.MustCompile(`s=[1-9]`).MatchString(str) {
		t.Errorf("the string's own prompt command stopped running:\n%s", str)
	}
}

// TMOUT is 600 in every login shell, sh or bash, even when the
// environment says otherwise, and no login shell can change or unset it;
// HISTTIMEFORMAT is set too.
func TestUserData_BastionTMOUTReadonly(t *testing.T) {
	dir := nsRun(t, "tmout")
	var res []nsShellResult
	nsReadJSON(t, dir, &res)
	if len(res) != len(nsTMOUTShells) {
		t.Fatalf("%d results, want %d", len(res), len(nsTMOUTShells))
	}
	want := []struct {
		stdout string
		fails  bool
	}{
		{"600", false},       // bash -l
		{"600", false},       // bash -l with TMOUT=5 in the environment
		{"", true},           // TMOUT=5
		{"", true},           // unset TMOUT
		{"", true},           // export TMOUT=0
		{"600", false},       // /etc/profile read again
		{"600", false},       // sh -l
		{"", true},           // sh: TMOUT=5
		{"unset", false},     // not a login shell: the file is what sets it
		{"%F %T -- ", false}, // HISTTIMEFORMAT
	}
	for i, r := range res {
		w := want[i]
		if r.Stdout != w.stdout || (r.Exit != 0) != w.fails {
			t.Errorf("%q: stdout %q exit %d (stderr %q), want stdout %q and failing=%v", r.Args, r.Stdout, r.Exit, r.Stderr, w.stdout, w.fails)
		}
		if w.fails && !strings.Contains(strings.ToLower(r.Stderr), "read") {
			t.Errorf("%q: stderr %q, want a readonly error", r.Args, r.Stderr)
		}
		if !w.fails && r.Stderr != "" {
			t.Errorf("%q: stderr %q, want none", r.Args, r.Stderr)
		}
	}
}

// The whole script, run twice as root: the second run changes no file
// (content, mode or time), adds no line and does not restart rsyslog; the
// rsyslogd it started routes audit lines to the log and the remote target
// and keeps them out of syslog.
func TestUserData_ScriptTwiceChangesNothing(t *testing.T) {
	dir := nsRun(t, "script")
	var res nsScriptResult
	nsReadJSON(t, dir, &res)
	nsCheckScript(t, res)
}

// nsCheckScript holds what the two runs of the script must show.
func nsCheckScript(t *testing.T, res nsScriptResult) {
	t.Helper()
	p := UserDataParams{Role: ServerBastion, Host: nsHost, SyslogTarget: res.Target}
	want := nsExpectedWrites(p)
	for path, f := range res.Snap1 {
		h, ok := want[path]
		switch {
		case !ok:
			t.Errorf("the script changed %s, which it should not: now %+v", path, f)
		case h != "" && f.Hash != h:
			t.Errorf("%s does not hold what UserDataFiles says", path)
		case f.Mode != "-rw-r--r--":
			t.Errorf("%s has mode %s, want -rw-r--r--", path, f.Mode)
		}
	}
	for path := range want {
		if _, ok := res.Snap1[path]; !ok {
			t.Errorf("the script did not write %s", path)
		}
	}
	if len(res.Snap2) != len(res.Snap1) {
		t.Errorf("the second run left %d files, the first %d", len(res.Snap2), len(res.Snap1))
	}
	for path, f := range res.Snap1 {
		if g := res.Snap2[path]; g != f {
			t.Errorf("the second run changed %s: %+v, then %+v", path, f, g)
		}
	}
	if res.Run2 != "" {
		t.Errorf("the second run said %q, want nothing", res.Run2)
	}
	if n := strings.Count(res.Bashrc, bashrcMarker); n != 1 {
		t.Errorf("/etc/bash.bashrc holds the marker %d times, want once", n)
	}
	if n := strings.Count(res.Bashrc, bashrcLine); n != 1 {
		t.Errorf("/etc/bash.bashrc holds the hook line %d times, want once", n)
	}
	if res.PID1 <= 0 || res.PID2 != res.PID1 || !res.Alive {
		t.Errorf("rsyslogd pid %d after the first run, %d (alive %v) after the second: want one started, then left alone", res.PID1, res.PID2, res.Alive)
	}
	if !strings.Contains(res.CommandLog, AuditTag+": "+res.Marker) {
		t.Errorf("%s does not hold the audit line:\n%s", AuditLogPath, res.CommandLog)
	}
	if !strings.Contains(res.Forwarded, res.Marker) || !strings.HasPrefix(res.Forwarded, "<135>") {
		t.Errorf("the remote target got %q, want the audit line as local0.debug (<135>)", res.Forwarded)
	}
	if strings.Contains(res.Syslog, res.Marker) {
		t.Errorf("the audit line also went to /var/log/syslog")
	}
}

// A machine whose /etc already holds the hook (an older script's files, a
// temp file of a cut-short run, the hook line in /etc/bash.bashrc twice)
// changes nothing for the tests: the private copy taken from it is
// scrubbed first, so the script writes everything it writes on a clean
// machine, the hook once; and that machine /etc itself is left as it was.
func TestUserData_ScriptOverPollutedEtc(t *testing.T) {
	dir := nsRun(t, "script-polluted")
	var res nsScriptResult
	nsReadJSON(t, dir, &res)
	// Without pollution the test would prove nothing: the fake machine
	// must hold every file the script writes, and its line.
	for _, p := range nsScriptPaths() {
		found := false
		for _, tr := range res.SourceTraces {
			found = found || strings.HasPrefix(tr, p)
		}
		if !found {
			t.Errorf("the polluted /etc holds no %s: %q", p, res.SourceTraces)
		}
	}
	nsCheckScript(t, res)
	if len(res.Source1) == 0 {
		t.Fatal("no snapshot of the polluted /etc")
	}
	for path, f := range nsChanges(res.Source1, res.Source2) {
		t.Errorf("the polluted machine /etc changed at %s: %+v, then %+v", path, res.Source1[path], f)
	}
}

// nsWebResult is a login shell on the web server.
type nsWebResult struct {
	Transcript, ExitErr string
}

func nsWeb(dir string) error {
	if err := nsInstall(UserDataParams{Role: ServerWeb, Host: "mhson-ec2-public-2a"}); err != nil {
		return err
	}
	home, err := nsHome(dir)
	if err != nil {
		return err
	}
	env := []string{"HOME=" + home, "USER=root", "TERM=dumb", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "SSH_CONNECTION=192.168.11.170 40000 192.168.11.10 22"}
	tr, _, err := nsSession("[web mhson-ec2-public-2a]", env, home,
		[]string{`echo "T=${TMOUT:-none} H=$HISTTIMEFORMAT"; declare -F __infrawiz_audit || echo no-audit`, "exit"}, "bash", "-l", "-i")
	r := nsWebResult{Transcript: tr}
	if err != nil {
		r.ExitErr = err.Error()
	}
	return nsWriteJSON(dir, r)
}

// A login shell on the web server shows its role and host before the
// user's own prompt and has HISTTIMEFORMAT, but neither TMOUT nor the
// audit hook: those are the bastion's.
func TestUserData_WebPrompt(t *testing.T) {
	dir := nsRun(t, "web")
	var r nsWebResult
	nsReadJSON(t, dir, &r)
	if r.ExitErr != "" {
		t.Fatal(r.ExitErr)
	}
	if !strings.Contains(r.Transcript, "\x1b[1;32m[web mhson-ec2-public-2a]\x1b[0m root@") {
		t.Errorf("the prompt does not name the web server before the user's prompt:\n%q", r.Transcript)
	}
	if !strings.Contains(r.Transcript, "T=none H=%F %T -- ") || !strings.Contains(r.Transcript, "no-audit") {
		t.Errorf("want no TMOUT, HISTTIMEFORMAT set and no audit hook:\n%s", r.Transcript)
	}
}
