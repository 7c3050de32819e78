package main

import (
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/steps"
)

// render userdata prints exactly the script the runner gives the server of
// that role and name, with no AWS call and nothing written.
func TestRender_UserData(t *testing.T) {
	tests := []struct {
		args []string
		want steps.UserDataParams
	}{
		{[]string{"--role", "web", "--prefix", "mhson"}, steps.UserDataParams{Role: "web", Host: "mhson-ec2-public-2a"}},
		{[]string{"--role", "db", "--prefix", "mhson"}, steps.UserDataParams{Role: "db", Host: "mhson-ec2-internal-2a"}},
		{
			[]string{"--role=bastion", "--prefix", "team-7", "--syslog-target", "logs.example.com:514"},
			steps.UserDataParams{Role: "bastion", Host: "team-7-ec2-bastion-2a", SyslogTarget: "logs.example.com:514"},
		},
		{[]string{"--role", "bastion", "--prefix", "mhson", "--region", "us-east-1"}, steps.UserDataParams{Role: "bastion", Host: "mhson-ec2-bastion-1a"}},
	}
	for _, tc := range tests {
		home, tw := unitCLIEnv(t)
		args := append([]string{"render", "userdata"}, tc.args...)
		code, stdout, stderr := unitRunCLI(t, args...)
		want, err := steps.UserData(tc.want)
		if err != nil {
			t.Fatal(err)
		}
		if code != exitOK || stdout != want {
			t.Errorf("infrawiz %q: exit %d, stderr %q; stdout is the script of %+v: %v", args, code, stderr, tc.want, stdout == want)
		}
		if n := tw.hits.Load(); n != 0 {
			t.Errorf("infrawiz %q made %d network calls", args, n)
		}
		if left := unitFilesUnder(t, home); len(left) != 0 {
			t.Errorf("infrawiz %q left %v under HOME", args, left)
		}
	}

	// Without --prefix, the prefix is derived from the user name, as for
	// every other command.
	unitCLIEnv(t)
	code, stdout, _ := unitRunCLI(t, "render", "userdata", "--role", "web")
	if code != exitOK || !strings.Contains(stdout, defaultPrefix()+"-ec2-public-2a") {
		t.Errorf("render userdata without --prefix: exit %d, script does not name %s-ec2-public-2a", code, defaultPrefix())
	}
}

// A missing or bad role, a bad target or prefix, or nothing to render is
// bad input: exit 2, naming what is wrong and what is allowed.
func TestRender_BadInputExits2(t *testing.T) {
	tests := []struct {
		args    []string
		mention []string
	}{
		{[]string{"render", "userdata"}, []string{"--role", "web, db or bastion"}},
		{[]string{"render", "userdata", "--role", "nat"}, []string{"--role", `"nat"`, "web, db or bastion"}},
		{[]string{"render", "userdata", "--role", ""}, []string{"--role", "web, db or bastion"}},
		{[]string{"render", "userdata", "--role", "bastion", "--syslog-target", "logs:0"}, []string{"syslog-target", "logs:0", "65535"}},
		{[]string{"render", "userdata", "--role", "bastion", "--prefix", "Bad_Name"}, []string{"prefix", "Bad_Name"}},
		{[]string{"render", "userdata", "--role", "web", "extra"}, []string{"extra"}},
		{[]string{"render", "userdata", "--nosuchflag"}, []string{"nosuchflag"}},
		{[]string{"render"}, []string{"render userdata --role web|db|bastion"}},
		{[]string{"render", "cloud-init"}, []string{`"cloud-init"`, "render userdata"}},
		// The same target on the commands that build the stack.
		{[]string{"plan", "--prefix", "ok", "--syslog-target", "bad host"}, []string{"syslog-target", "bad host"}},
		{[]string{"apply", "--yes", "--prefix", "ok", "--my-ip", "203.0.113.7", "--syslog-target", "x:70000"}, []string{"syslog-target"}},
	}
	for _, tc := range tests {
		home, tw := unitCLIEnv(t)
		code, stdout, stderr := unitRunCLI(t, tc.args...)
		if code != exitInput {
			t.Errorf("infrawiz %q: exit %d, want %d\nstdout: %s\nstderr: %s", tc.args, code, exitInput, stdout, stderr)
		}
		for _, m := range tc.mention {
			if !strings.Contains(stderr, m) {
				t.Errorf("infrawiz %q: stderr does not mention %q:\n%s", tc.args, m, stderr)
			}
		}
		if stdout != "" && tc.args[0] == "render" {
			t.Errorf("infrawiz %q printed a script anyway", tc.args)
		}
		if n := tw.hits.Load(); n != 0 {
			t.Errorf("infrawiz %q made %d network calls", tc.args, n)
		}
		if left := unitFilesUnder(t, home); len(left) != 0 {
			t.Errorf("infrawiz %q left %v under HOME", tc.args, left)
		}
	}
}

// The help lists the command.
func TestRender_InUsage(t *testing.T) {
	unitCLIEnv(t)
	code, stdout, _ := unitRunCLI(t, "--help")
	if code != exitOK || !strings.Contains(stdout, "render") || !strings.Contains(stdout, "--syslog-target") {
		t.Errorf("--help does not list render and --syslog-target:\n%s", stdout)
	}
	code, stdout, _ = unitRunCLI(t, "render", "userdata", "--help")
	if code != exitOK || !strings.Contains(stdout, "--role") || !strings.Contains(stdout, "--syslog-target") {
		t.Errorf("render userdata --help does not list --role and --syslog-target:\n%s", stdout)
	}
}

// syslog-target in a config file is read and checked like the flag.
func TestSyslogTarget_Config(t *testing.T) {
	home, tw := unitCLIEnv(t)
	cfg := unitWriteTemp(t, "c.yaml", "prefix: ok\nsyslog-target: \"logs.example.com:0\"\n")
	code, _, stderr := unitRunCLI(t, "plan", "--config", cfg)
	if code != exitInput || !strings.Contains(stderr, `syslog-target "logs.example.com:0"`) {
		t.Errorf("plan --config with a bad syslog-target: exit %d, stderr %q", code, stderr)
	}
	r, err := steps.Resolve(steps.Sources{Config: unitWriteTemp(t, "c.yaml", "prefix: ok\nsyslog-target: logs.example.com:514\n")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Inputs.SyslogTarget != "logs.example.com:514" {
		t.Errorf("syslog target %q, want the config's", r.Inputs.SyslogTarget)
	}
	if tw.hits.Load() != 0 || len(unitFilesUnder(t, home)) != 0 {
		t.Errorf("network calls %d, files under HOME %v", tw.hits.Load(), unitFilesUnder(t, home))
	}
}
