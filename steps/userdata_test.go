package steps

import (
	"errors"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

func udParams(role string) UserDataParams {
	return UserDataParams{Role: role, Host: "mhson-ec2-" + map[string]string{ServerWeb: "public", ServerDB: "internal", ServerBastion: "bastion"}[role] + "-2a"}
}

// Every server gets the prompt naming its role and host and
// HISTTIMEFORMAT; only the bastion gets TMOUT, the audit hook and rsyslog.
func TestUserData_Roles(t *testing.T) {
	for _, role := range []string{ServerWeb, ServerDB, ServerBastion} {
		t.Run(role, func(t *testing.T) {
			p := udParams(role)
			s, err := UserData(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s, "#!/bin/bash\n") {
				t.Errorf("the script starts %q, want #!/bin/bash", s[:min(len(s), 20)])
			}
			// EC2 takes at most 16 KB of user data.
			if len(s) > 16*1024 {
				t.Errorf("the script is %d bytes, over EC2's 16 KB", len(s))
			}
			files := map[string]UserDataFile{}
			for _, f := range UserDataFiles(p) {
				files[f.Path] = f
				if f.Mode != 0o644 {
					t.Errorf("%s mode %o, want 644", f.Path, f.Mode)
				}
				if !strings.Contains(s, "put "+f.Path+" 644 <<'"+heredocEnd+"'\n"+f.Content+heredocEnd+"\n") {
					t.Errorf("the script does not write %s whole", f.Path)
				}
			}
			hook := files[hookPath].Content
			if !strings.Contains(hook, "["+role+" "+p.Host+"]") {
				t.Errorf("the prompt tag does not name %s and %s:\n%s", role, p.Host, hook)
			}
			for _, path := range []string{hookPath, profilePath} {
				if !strings.Contains(files[path].Content, "HISTTIMEFORMAT='%F %T -- '\nexport HISTTIMEFORMAT\n") {
					t.Errorf("%s does not export HISTTIMEFORMAT", path)
				}
			}
			if !strings.Contains(s, bashrcMarker) || !strings.Contains(s, bashrcLine) {
				t.Errorf("the script does not hook /etc/bash.bashrc")
			}
			bastion := role == ServerBastion
			for _, path := range []string{tmoutPath, rsyslogPath, logrotatePath} {
				if _, ok := files[path]; ok != bastion {
					t.Errorf("%s written: %v, want %v", path, ok, bastion)
				}
			}
			for _, s := range []string{"TMOUT=600", "readonly TMOUT", "logger -p local0.debug"} {
				if strings.Contains(hook, s) != bastion {
					t.Errorf("the hook holds %q: %v, want %v", s, !bastion, bastion)
				}
			}
			if strings.Contains(s, "apt-get") != bastion || strings.Contains(s, "restart_rsyslog") != bastion {
				t.Errorf("rsyslog installed and restarted: %v, want %v", !bastion, bastion)
			}
		})
	}
}

// The remote syslog target: host names, IPv4 and IPv6 with optional
// ports, as rsyslog's @ action wants them; anything else is a FieldError.
func TestUserData_SyslogTarget(t *testing.T) {
	good := map[string]string{
		"logs.example.com":     "logs.example.com",
		"logs.example.com:514": "logs.example.com:514",
		"logs":                 "logs",
		"10.0.0.5":             "10.0.0.5",
		"10.0.0.5:65535":       "10.0.0.5:65535",
		"2001:db8::1":          "[2001:db8::1]",
		"[2001:db8::1]":        "[2001:db8::1]",
		"[2001:db8::1]:1":      "[2001:db8::1]:1",
		"log-1.example.com.":   "log-1.example.com.",
	}
	for in, want := range good {
		got, err := syslogTarget(in)
		if err != nil || got != want {
			t.Errorf("syslogTarget(%q) = %q, %v; want %q", in, got, err, want)
		}
		p := udParams(ServerBastion)
		p.SyslogTarget = in
		files := UserDataFiles(p)
		conf := files[3].Content
		if files[3].Path != rsyslogPath || !strings.Contains(conf, "local0.*\t@"+want+"\n& stop\n") {
			t.Errorf("target %q: the drop-in is\n%s", in, conf)
		}
	}
	bad := []string{
		"logs.example.com:0", "logs.example.com:65536", "logs.example.com:", "logs.example.com:x",
		"logs.example.com:0514", ":514", "-logs.example.com", "logs_1.example.com", "a b", "host;reboot",
		"$(reboot)", "10.0.0", "300.1.1.1", "[2001:db8::1", "[10.0.0.1]:514", "[2001:db8::1]514",
		"fe80::1%eth0", "logs..example.com", strings.Repeat("a", 64) + ".example.com",
	}
	for _, in := range bad {
		_, err := syslogTarget(in)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "syslog-target" || fe.Key != "syslog-target.format" || fe.Value != in {
			t.Errorf("syslogTarget(%q) = %v, want a FieldError for syslog-target", in, err)
		}
	}
	in := unitValidInputs()
	in.SyslogTarget = bad[0]
	if fs := unitFieldErrors(in.Validate()); len(fs) != 1 || fs[0].Field != "syslog-target" || fs[0].Key != "syslog-target.format" {
		t.Errorf("Validate with syslog-target %q: %v, want one syslog-target error", bad[0], fs)
	}
	in.SyslogTarget = "logs.example.com:514"
	if err := in.Validate(); err != nil {
		t.Errorf("Validate with a good syslog-target: %v", err)
	}

	// The web and DB servers have no audit log to send.
	p := udParams(ServerWeb)
	p.SyslogTarget = "logs.example.com"
	s, err := UserData(p)
	if err != nil || strings.Contains(s, "logs.example.com") {
		t.Errorf("web with a syslog target: %v, the script mentions it: %v", err, strings.Contains(s, "logs.example.com"))
	}
	// Without a target, nothing is forwarded.
	for _, f := range UserDataFiles(udParams(ServerBastion)) {
		if strings.Contains(f.Content, "@") && f.Path == rsyslogPath {
			t.Errorf("no target, yet the drop-in forwards:\n%s", f.Content)
		}
	}
}

// Role and host go into shell files: nothing but a plan's values passes.
func TestUserData_RejectsBadParams(t *testing.T) {
	for _, p := range []UserDataParams{
		{Role: "", Host: "mhson-ec2-bastion-2a"},
		{Role: "nat", Host: "mhson-ec2-bastion-2a"},
		{Role: ServerBastion, Host: ""},
		{Role: ServerBastion, Host: "it's"},
		{Role: ServerBastion, Host: "a b"},
		{Role: ServerBastion, Host: "$(reboot)"},
		{Role: ServerBastion, Host: "-x"},
		{Role: ServerBastion, Host: strings.Repeat("a", 64)},
		{Role: ServerBastion, Host: "mhson-ec2-bastion-2a", SyslogTarget: "x:99999"},
	} {
		if s, err := UserData(p); err == nil || s != "" {
			t.Errorf("UserData(%+v) = %d bytes, %v; want an error", p, len(s), err)
		}
	}
	_, err := UserData(UserDataParams{Role: ServerBastion, Host: "h", SyslogTarget: "x:0"})
	if !IsInput(err) {
		t.Errorf("a bad syslog target is %v, want bad input (exit 2)", err)
	}
}

// udRequire finds a tool the test needs: missing is a failure under
// CI=true, a skip elsewhere.
func udRequire(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but %s is missing: %s", name, install)
	}
	t.Skipf("skipping: %s is not installed (%s); CI=true makes this a failure", name, install)
	return ""
}

// Every rendered script and every shell file in it passes shellcheck (all
// severities) and the shells' own syntax check.
func TestUserData_Shellcheck(t *testing.T) {
	shellcheck := udRequire(t, "shellcheck", "apt-get install shellcheck")
	check := func(name, text string, args ...string) {
		t.Helper()
		cmd := exec.Command(shellcheck, append(args, "--severity=style", "-")...)
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("shellcheck %s: %v\n%s", name, err, out)
		}
	}
	syntax := func(name, text, shell string) {
		t.Helper()
		cmd := exec.Command(shell, "-n")
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s -n %s: %v\n%s", shell, name, err, out)
		}
	}
	for _, p := range []UserDataParams{
		udParams(ServerWeb), udParams(ServerDB), udParams(ServerBastion),
		{Role: ServerBastion, Host: "mhson-ec2-bastion-2a", SyslogTarget: "[2001:db8::1]:514"},
	} {
		s, err := UserData(p)
		if err != nil {
			t.Fatal(err)
		}
		check(p.Role+" script", s)
		syntax(p.Role+" script", s, "bash")
		for _, f := range UserDataFiles(p) {
			if !strings.HasSuffix(f.Path, ".sh") {
				continue
			}
			check(f.Path, f.Content)
			shell := "sh"
			if strings.Contains(f.Content, "shell=bash") {
				shell = "bash"
			}
			syntax(f.Path, f.Content, shell)
		}
	}
}

// The same params always give the same script: a re-created instance is
// given exactly what the first one was.
func TestUserData_Deterministic(t *testing.T) {
	p := UserDataParams{Role: ServerBastion, Host: "mhson-ec2-bastion-2a", SyslogTarget: "logs.example.com:514"}
	a, _ := UserData(p)
	b, _ := UserData(p)
	if a != b || !reflect.DeepEqual(UserDataFiles(p), UserDataFiles(p)) {
		t.Error("two renderings differ")
	}
}
