package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/hostkeys"
	"github.com/infrawiz/infrawiz/internal/reach"
)

func TestDialOutcome(t *testing.T) {
	// A real refusal: a port that was just freed on loopback.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	_, refusedErr := net.Dial("tcp", addr)
	if refusedErr == nil {
		t.Fatal("dial to a closed port succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var d net.Dialer
	_, cancelled := d.DialContext(ctx, "tcp", addr)

	for _, tc := range []struct {
		name string
		err  error
		want outcome
	}{
		{"nil", nil, connected},
		{"refused", refusedErr, refused},
		{"deadline", fmt.Errorf("dial: %w", context.DeadlineExceeded), filtered},
		{"cancelled", cancelled, otherError},
		{"sshd refused", &ssh.OpenChannelError{Reason: ssh.ConnectionFailed, Message: "Connection refused"}, refused},
		{"sshd timed out", &ssh.OpenChannelError{Reason: ssh.ConnectionFailed, Message: "Connection timed out"}, filtered},
		{"sshd no route", &ssh.OpenChannelError{Reason: ssh.ConnectionFailed, Message: "No route to host"}, unreachable},
		{"forwarding off", &ssh.OpenChannelError{Reason: ssh.Prohibited, Message: "administratively prohibited"}, otherError},
	} {
		if got := dialOutcome(tc.err); got != tc.want {
			t.Errorf("%s: dialOutcome(%v) = %d, want %d", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestConnectProblem(t *testing.T) {
	closed := []reach.Path{{ID: reach.WebToDB3306, Want: true, Open: false, Because: "sg-internal has no rule for 3306"}}
	open := []reach.Path{{ID: reach.WebToDB3306, Want: true, Open: true, Because: "sg-internal allows 3306 from sg-public"}}
	for _, tc := range []struct {
		name  string
		o     outcome
		paths []reach.Path
		kind  Kind
		says  string
	}{
		{"refused", refused, nil, KindRefused, "nothing listens"},
		{"filtered, no analysis", filtered, nil, KindSecurityGroup, "sg-internal must allow tcp 3306 from sg-public"},
		{"filtered, rule missing", filtered, closed, KindSecurityGroup, "the rules say: sg-internal has no rule for 3306"},
		{"filtered, rules allow it", filtered, open, KindTimeout, "yet the rules allow it"},
		{"no route", unreachable, nil, KindUnreachable, "route table"},
		{"other", otherError, nil, KindUnexpected, "boom"},
	} {
		p := connectProblem(tc.o, errors.New("boom"), catalog.Msg("check.what.dbport", 3306, "db"), "10.0.0.30:3306", reach.WebToDB3306, tc.paths, time.Second)
		if p.Kind != tc.kind || !strings.Contains(p.Text, tc.says) || p.Path != reach.WebToDB3306 {
			t.Errorf("%s: %+v, want kind %s saying %q", tc.name, p, tc.kind, tc.says)
		}
	}
}

func TestSSHProblem(t *testing.T) {
	changed := fmt.Errorf("ssh: handshake failed: %w", &hostkeys.ChangedError{Addr: "1.2.3.4", Got: "SHA256:x", Want: []string{"SHA256:y"}, Against: "known_hosts", File: "/k"})
	for _, tc := range []struct {
		err  error
		kind Kind
	}{
		{changed, KindHostKeyChanged},
		{errors.New("ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain"), KindAuth},
		{errors.New("ssh: handshake failed: ssh: no common algorithm for host key; we offered: [ssh-rsa]"), KindHostKeyChanged},
		{fmt.Errorf("ssh handshake: %w", context.DeadlineExceeded), KindTimeout},
		{errors.New("EOF"), KindUnexpected},
	} {
		if p := sshProblem(tc.err, "bastion", "ubuntu", "k.pem"); p.Kind != tc.kind {
			t.Errorf("sshProblem(%v) = %s, want %s", tc.err, p.Kind, tc.kind)
		}
	}
}

func TestParseDeclare(t *testing.T) {
	for _, tc := range []struct{ line, flags, value string }{
		{`declare -rx TMOUT="600"`, "-rx", "600"},
		{`declare -x TMOUT="300"`, "-x", "300"},
		{`declare -- TMOUT="600"`, "--", "600"},
		{`bash: line 1: declare: TMOUT: not found`, "", ""},
		{``, "", ""},
	} {
		f, v := parseDeclare(tc.line)
		if f != tc.flags || v != tc.value {
			t.Errorf("parseDeclare(%q) = %q, %q", tc.line, f, v)
		}
	}
}

func TestCheckKeyFileModes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "k.pem")
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode os.FileMode
		ok   bool
	}{{0o600, true}, {0o400, true}, {0o640, false}, {0o604, false}, {0o664, false}, {0o644, false}} {
		if err := os.Chmod(p, tc.mode); err != nil {
			t.Fatal(err)
		}
		err := CheckKeyFile(p)
		if (err == nil) != tc.ok {
			t.Errorf("mode %04o: %v", tc.mode, err)
		}
		if !tc.ok && (!errors.Is(err, ErrKeyPermissions) || !strings.Contains(err.Error(), fmt.Sprintf("%04o", tc.mode))) {
			t.Errorf("mode %04o: error %v does not name the mode", tc.mode, err)
		}
	}
	if err := CheckKeyFile(filepath.Join(t.TempDir(), "missing.pem")); err == nil || errors.Is(err, ErrKeyPermissions) {
		t.Errorf("missing file: %v", err)
	}
}

func TestInputValidation(t *testing.T) {
	base := Input{KeyFile: "k.pem", KnownHosts: "kh"}
	for _, tc := range []struct {
		field string
		mod   func(*Input)
	}{
		{"KeyFile", func(in *Input) { in.KeyFile = "" }},
		{"KnownHosts", func(in *Input) { in.KnownHosts = "" }},
		{"Ports.DB", func(in *Input) { in.Ports.DB = 70000 }},
		{"Bastion.PublicIP", func(in *Input) { in.Bastion.PublicIP = "bastion.example" }},
		{"DB.PrivateIP", func(in *Input) { in.DB.PrivateIP = "10.0.0.300" }},
	} {
		in := base
		tc.mod(&in)
		_, err := Run(context.Background(), in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: err = %v", tc.field, err)
		}
	}
}

// A callback that never returns holds up neither the probes nor Run: it
// returns at its timeout with every result.
func TestOnResultBlockedForever(t *testing.T) {
	dir := t.TempDir()
	block := make(chan struct{})
	defer close(block)
	in := Input{
		KeyFile: filepath.Join(dir, "missing.pem"), KnownHosts: filepath.Join(dir, "kh"),
		Web:     Host{State: "stopped"},
		Timeout: 200 * time.Millisecond,
		OnResult: func(Result) {
			<-block
		},
	}
	rep, err := Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := rep.Get(RoleBastion, ProbeKey); !ok || k.Problem == nil || k.Problem.Kind != KindKeyFile {
		t.Errorf("key result %+v", k)
	}
	if len(rep.Results) < 10 {
		t.Errorf("only %d results", len(rep.Results))
	}
}
