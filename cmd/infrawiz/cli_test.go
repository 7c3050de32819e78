package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

// cliTripwire stands in for AWS and for the IP echo service: the commands under
// test must reject their input before any call, so any request it receives
// is a failure. It answers like EC2 refusing the credentials, so that a
// command that does get through fails fast instead of retrying.
type cliTripwire struct {
	srv  *httptest.Server
	hits atomic.Int32
	last atomic.Value // string
}

func newCLITripwire(t *testing.T) *cliTripwire {
	t.Helper()
	tw := &cliTripwire{}
	tw.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw.hits.Add(1)
		_ = r.ParseForm()
		tw.last.Store(r.Method + " " + r.URL.Path + " Action=" + r.Form.Get("Action"))
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>AuthFailure</Code><Message>tripwire: no AWS call expected</Message></Error></Errors><RequestID>tripwire</RequestID></Response>`))
	}))
	t.Cleanup(tw.srv.Close)
	return tw
}

// unitCLIEnv isolates a run: HOME is a fresh directory, the user's AWS
// configuration and credentials are out of reach, and every endpoint the
// program could call is the tripwire. It returns HOME.
func unitCLIEnv(t *testing.T) (home string, tw *cliTripwire) {
	t.Helper()
	home = t.TempDir()
	tw = newCLITripwire(t)
	t.Setenv("HOME", home)
	for _, k := range []string{
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSM", "CI",
	} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "tripwire")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "tripwire")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_ENDPOINT_URL", tw.srv.URL)
	t.Setenv("INFRAWIZ_CHECKIP_URL", tw.srv.URL+"/checkip")
	// English, whatever the machine's locale: the tests read its words.
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	return home, tw
}

func unitRunCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// unitFilesUnder lists everything below dir (relative paths).
func unitFilesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unitWriteTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name) // never under HOME
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// goType finds a Go type's name ("steps.Inputs", "*aws.Client") in what a
// student reads.
var goType = regexp.MustCompile(`\b(steps|aws|state|main|catalog)\.[A-Z][A-Za-z]+`)

// TestRun_BadInputExits2 runs commands whose input is wrong: each must exit 2,
// say which field is wrong, make no network call and leave nothing behind.
func TestRun_BadInputExits2(t *testing.T) {
	tests := []struct {
		name    string
		args    func(t *testing.T) []string
		mention []string // in stderr
	}{
		{"bad prefix", unitArgs("plan", "--prefix", "Bad_Name"), []string{"prefix", "Bad_Name", "lowercase"}},
		{"prefix with slash", unitArgs("plan", "--prefix", "../x"), []string{"prefix"}},
		{"too long prefix", unitArgs("plan", "--prefix", strings.Repeat("a", steps.MaxPrefixLen+1)), []string{"prefix", "at most"}},
		{"public vpc", unitArgs("plan", "--vpc-cidr", "8.8.8.0/24"), []string{"vpc-cidr", "8.8.8.0/24", "RFC 1918"}},
		{"vpc /26", unitArgs("plan", "--prefix", "ok", "--vpc-cidr", "192.168.11.0/26"), []string{"vpc-cidr", "/25"}},
		{"bad region", unitArgs("plan", "--prefix", "ok", "--region", "seoul"), []string{"region", "seoul"}},
		{"missing profile", unitArgs("plan", "--prefix", "ok", "--profile", "nosuch"), []string{"profile", "nosuch"}},
		{"state is a directory", func(t *testing.T) []string {
			return []string{"plan", "--prefix", "ok", "--state", t.TempDir()}
		}, []string{"state", "directory"}},
		{"bad prefix beats corrupt state", func(t *testing.T) []string {
			return []string{"plan", "--prefix", "Bad_Name", "--state", unitWriteTemp(t, "s.json", "{not json")}
		}, []string{"prefix", "Bad_Name"}},
		{"private my-ip", unitArgs("apply", "--yes", "--my-ip", "10.0.0.1", "--prefix", "ok"), []string{"my-ip", "10.0.0.1"}},
		{"loopback my-ip without sandbox", unitArgs("apply", "--yes", "--my-ip", "127.0.0.1", "--prefix", "ok"), []string{"my-ip", "sandbox"}},
		{"network my-ip", unitArgs("apply", "--yes", "--my-ip", "1.2.3.0/24", "--prefix", "ok"), []string{"my-ip"}},
		{"bad instance type", unitArgs("plan", "--prefix", "ok", "--instance-type", "t3medium"), []string{"instance-type", "t3.medium"}},
		{"bad ami", unitArgs("apply", "--yes", "--prefix", "ok", "--my-ip", "203.0.113.7", "--ami", "ami-xyz"), []string{"ami", "ami-xyz"}},
		{"missing public key", func(t *testing.T) []string {
			return []string{"apply", "--yes", "--prefix", "ok", "--my-ip", "203.0.113.7", "--public-key", filepath.Join(t.TempDir(), "nope.pub")}
		}, []string{"public-key"}},
		{"config unknown field", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "prefix: ok\nvpc_cidr: 10.0.0.0/16\n")}
		}, []string{"config", `unknown field "vpc_cidr"`}},
		{"config wrong kind", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "prefix: ok\nregion: [a, b]\n")}
		}, []string{"config", "line 2: a list where text belongs"}},
		{"config colour", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "colour: blue\n")}
		}, []string{"config", "colour"}},
		{"config bad value", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "prefix: ok\ndisk-gb: 4\n")}
		}, []string{"disk-gb"}},
		{"config unknown subnet", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "prefix: ok\nsubnets:\n  dmz: 192.168.11.192/27\n")}
		}, []string{"subnets.dmz"}},
		{"config overlapping subnet", func(t *testing.T) []string {
			return []string{"plan", "--config", unitWriteTemp(t, "c.yaml", "prefix: ok\nsubnets:\n  internal: 192.168.11.0/27\n")}
		}, []string{"subnets.internal", "overlap"}},
		{"config missing", func(t *testing.T) []string {
			return []string{"plan", "--config", filepath.Join(t.TempDir(), "missing.yaml")}
		}, []string{"config", "missing.yaml"}},
		// The flag wins over the file, and the file's other fields still count.
		{"flag overrides config", func(t *testing.T) []string {
			return []string{"plan", "--prefix", "ok", "--config", unitWriteTemp(t, "c.yaml", "prefix: Bad_Name\nvpc-cidr: 8.8.8.0/24\n")}
		}, []string{"vpc-cidr"}},
		{
			"several fields at once", unitArgs("apply", "--yes", "--prefix", "Bad_Name", "--vpc-cidr", "8.8.8.0/24", "--my-ip", "10.0.0.1"),
			[]string{"prefix", "vpc-cidr", "my-ip"},
		},
		{"unknown command", unitArgs("frobnicate"), []string{"frobnicate", "plan, apply"}},
		{"no command", unitArgs(), []string{"infrawiz apply --prefix", "--yes"}},
		{"unknown flag", unitArgs("plan", "--nosuchflag"), []string{"nosuchflag"}},
		{"flag without value", unitArgs("plan", "--prefix"), []string{"prefix"}},
		{"bad bool", unitArgs("plan", "--no-nat=maybe"), []string{"no-nat"}},
		{"extra argument", unitArgs("plan", "extra-arg"), []string{"extra-arg"}},
		{"apply without --yes", unitArgs("apply"), []string{"--yes"}},
		{"apply without --yes with flags", unitArgs("apply", "--prefix", "ok", "--my-ip", "203.0.113.7"), []string{"--yes"}},
		{"destroy without --yes", unitArgs("destroy", "--prefix", "ok"), []string{"--yes"}},
		{"status output xml", unitArgs("status", "--output", "xml"), []string{"output", "xml", "table or json"}},
		{"plan lang fr", unitArgs("plan", "--lang", "fr"), []string{"lang", "fr", "en or ko"}},
		{"ls unknown flag", unitArgs("ls", "--everyone"), []string{"everyone"}},
		{"ls bad prefix", unitArgs("ls", "--prefix", "Bad_Name"), []string{"prefix"}},
		{"ls output xml", unitArgs("ls", "--output", "xml"), []string{"output", "table or json"}},
		{"plan instance type typo", unitArgs("plan", "--instance-type", "t9.huge"), []string{"instance-type", "t9.huge", "t3.medium"}},
		{"destroy older-than word", unitArgs("destroy", "--older-than", "old"), []string{"--older-than", "24h"}},
		{"destroy owner alone", unitArgs("destroy", "--owner", "arn:aws:iam::1:user/x"), []string{"--stack"}},
		{"destroy stack and prefix", unitArgs("destroy", "--stack", "a", "--prefix", "b"), []string{"--stack", "--prefix"}},
		{"destroy stack bad name", unitArgs("destroy", "--stack", "Bad_Name", "--yes"), []string{"prefix", "Bad_Name"}},
		{"status diagram json", unitArgs("status", "--diagram", "--output", "json"), []string{"--diagram"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home, tw := unitCLIEnv(t)
			args := tc.args(t)
			code, stdout, stderr := unitRunCLI(t, args...)
			if code != exitInput {
				t.Errorf("infrawiz %q: exit %d, want %d\nstdout: %s\nstderr: %s", args, code, exitInput, stdout, stderr)
			}
			for _, m := range tc.mention {
				if !strings.Contains(stderr, m) {
					t.Errorf("infrawiz %q: stderr does not mention %q:\n%s", args, m, stderr)
				}
			}
			if goType.MatchString(stderr) {
				t.Errorf("infrawiz %q: a Go type's name in:\n%s", args, stderr)
			}
			if !strings.Contains(stderr, "infrawiz: ") {
				t.Errorf("stderr has no infrawiz: error line:\n%s", stderr)
			}
			if n := tw.hits.Load(); n != 0 {
				t.Errorf("infrawiz %q made %d network calls before rejecting its input (last: %v)", args, n, tw.last.Load())
			}
			if left := unitFilesUnder(t, home); len(left) != 0 {
				t.Errorf("infrawiz %q left %v under HOME", args, left)
			}
		})
	}
}

func unitArgs(args ...string) func(*testing.T) []string {
	return func(*testing.T) []string { return args }
}

// TestRun_FlagOverridesConfig: the config's bad prefix is replaced by the flag,
// so the error names only vpc-cidr.
func TestRun_FlagOverridesConfig(t *testing.T) {
	unitCLIEnv(t)
	cfg := unitWriteTemp(t, "c.yaml", "prefix: Bad_Name\nvpc-cidr: 8.8.8.0/24\n")
	code, _, stderr := unitRunCLI(t, "plan", "--prefix", "ok", "--config", cfg)
	if code != exitInput || strings.Contains(stderr, "Bad_Name") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 about vpc-cidr only (the flag's prefix wins)", code, stderr)
	}
	// And without the flag, both are reported.
	code, _, stderr = unitRunCLI(t, "plan", "--config", cfg)
	if code != exitInput || !strings.Contains(stderr, "Bad_Name") || !strings.Contains(stderr, "8.8.8.0/24") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2 about prefix and vpc-cidr", code, stderr)
	}
}

// TestRun_ImmutableFieldAgainstStoredStack: a flag that contradicts what the
// stack was built with is refused (exit 2, naming the field and the stored
// value), before any AWS call, and the progress file is left alone.
func TestRun_ImmutableFieldAgainstStoredStack(t *testing.T) {
	home, tw := unitCLIEnv(t)
	statePath := filepath.Join(t.TempDir(), "ok.json")
	in := steps.Inputs{Prefix: "ok", MyIP: "203.0.113.7/32"}.WithDefaults()
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	st, err := state.Open(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(func(s *state.State) error {
		s.Stack, s.Region, s.Inputs = in.Prefix, in.Region, raw
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(statePath)

	for _, args := range [][]string{
		{"plan", "--prefix", "ok", "--state", statePath, "--vpc-cidr", "10.0.0.0/16"},
		{"apply", "--yes", "--prefix", "ok", "--state", statePath, "--instance-type", "t3.large", "--my-ip", "203.0.113.7"},
		{"plan", "--prefix", "ok", "--state", statePath, "--no-nat"},
	} {
		code, _, stderr := unitRunCLI(t, args...)
		if code != exitInput {
			t.Errorf("infrawiz %q: exit %d, want 2\n%s", args, code, stderr)
		}
		if !strings.Contains(stderr, "built with") || !strings.Contains(stderr, "destroy") {
			t.Errorf("infrawiz %q: stderr should say what the stack was built with and how to change it:\n%s", args, stderr)
		}
	}
	// Bad input on a stored stack: still exit 2.
	code, _, stderr := unitRunCLI(t, "plan", "--prefix", "ok", "--state", statePath, "--my-ip", "10.0.0.1")
	if code != exitInput || !strings.Contains(stderr, "my-ip") {
		t.Errorf("bad my-ip on a stored stack: exit %d\n%s", code, stderr)
	}
	after, _ := os.ReadFile(statePath)
	if !bytes.Equal(before, after) {
		t.Errorf("the state file changed:\n%s\n->\n%s", before, after)
	}
	if n := tw.hits.Load(); n != 0 {
		t.Errorf("%d network calls (last: %v)", n, tw.last.Load())
	}
	if left := unitFilesUnder(t, home); len(left) != 0 {
		t.Errorf("left %v under HOME", left)
	}
}

func TestRun_Help(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		home, tw := unitCLIEnv(t)
		code, stdout, stderr := unitRunCLI(t, args...)
		if code != exitOK {
			t.Errorf("infrawiz %q: exit %d, want 0\n%s", args, code, stderr)
		}
		for _, cmd := range []string{"plan", "apply", "status", "destroy", "ls", "--prefix", "--vpc-cidr", "--my-ip", "--sandbox", "--config", "Exit codes"} {
			if !strings.Contains(stdout, cmd) {
				t.Errorf("infrawiz %q: usage does not mention %s:\n%s", args, cmd, stdout)
			}
		}
		if stderr != "" {
			t.Errorf("infrawiz %q wrote to stderr: %s", args, stderr)
		}
		if tw.hits.Load() != 0 || len(unitFilesUnder(t, home)) != 0 {
			t.Errorf("infrawiz %q: network calls or files written", args)
		}
	}
	// Each command's own -h lists its flags, and only its own (with the
	// stack's address, which every command takes), and is not an error.
	for cmd, flag := range map[string]string{"plan": "--vpc-cidr", "apply": "--yes", "status": "--output", "destroy": "--delete-key-file", "ls": "--all"} {
		home, tw := unitCLIEnv(t)
		code, stdout, stderr := unitRunCLI(t, cmd, "-h")
		if code != exitOK || !strings.Contains(stdout, flag) || !strings.Contains(stdout, "--prefix") || stderr != "" {
			t.Errorf("infrawiz %s -h: exit %d, want 0 and %s in:\n%s%s", cmd, code, flag, stdout, stderr)
		}
		if cmd != "plan" && cmd != "apply" && (strings.Contains(stdout, "--vpc-cidr") || strings.Contains(stdout, "--ami")) {
			t.Errorf("infrawiz %s -h lists the mission's inputs, which it does not take:\n%s", cmd, stdout)
		}
		if tw.hits.Load() != 0 || len(unitFilesUnder(t, home)) != 0 {
			t.Errorf("infrawiz %s -h: network calls or files written", cmd)
		}
	}
}

// TestRun_ValidInputReachesAWS is the control of the tripwire: with valid
// input, plan gets as far as asking AWS for the zones (here refused), exits
// 1 rather than 2, and still writes nothing locally.
func TestRun_ValidInputReachesAWS(t *testing.T) {
	home, tw := unitCLIEnv(t)
	code, stdout, stderr := unitRunCLI(t, "plan", "--prefix", "ok", "--my-ip", "203.0.113.7")
	if code != exitFailed {
		t.Errorf("exit %d, want 1 (AWS refused)\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if tw.hits.Load() == 0 {
		t.Errorf("no call reached the tripwire: the other tests prove nothing")
	}
	if !strings.Contains(stderr, "credentials") {
		t.Errorf("an AuthFailure should come with a hint about credentials:\n%s", stderr)
	}
	if left := unitFilesUnder(t, home); len(left) != 0 {
		t.Errorf("plan left %v under HOME", left)
	}
}

func TestRun_ExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{usageText("x"), exitInput},
		{&steps.FieldError{Field: "prefix", Allowed: "x"}, exitInput},
		{steps.ValidationError{{Field: "prefix", Allowed: "x"}}, exitInput},
		{context.Canceled, exitFailed},
		{&state.CorruptError{Path: "p", Err: context.Canceled}, exitFailed},
	}
	for _, tc := range tests {
		if got := exitCode(tc.err); got != tc.want {
			t.Errorf("exitCode(%T %v) = %d, want %d", tc.err, tc.err, got, tc.want)
		}
	}
}

func TestRun_DefaultPrefix(t *testing.T) {
	p := defaultPrefix()
	in := steps.Inputs{Prefix: p}.WithDefaults()
	if err := in.Validate(); err != nil {
		t.Errorf("defaultPrefix() = %q does not validate: %v", p, err)
	}
}

// TestRun_FlagsBeforeOrAfterTheVerb: `infrawiz --prefix x plan` is
// `infrawiz plan --prefix x`; the flag reaches the command either way (here
// it is bad, so the command names it, exit 2, with no AWS call).
func TestRun_FlagsBeforeOrAfterTheVerb(t *testing.T) {
	for _, args := range [][]string{
		{"--prefix", "Bad_Name", "plan"},
		{"plan", "--prefix", "Bad_Name"},
		{"--vpc-cidr", "8.8.8.0/24", "plan", "--prefix", "ok"},
		{"--sandbox", "--prefix", "Bad_Name", "status"},
	} {
		_, tw := unitCLIEnv(t)
		code, _, stderr := unitRunCLI(t, args...)
		want := "prefix"
		if args[0] == "--vpc-cidr" {
			want = "8.8.8.0/24"
		}
		if code != exitInput || !strings.Contains(stderr, want) {
			t.Errorf("infrawiz %q: exit %d, want 2 naming %s:\n%s", args, code, want, stderr)
		}
		if tw.hits.Load() != 0 {
			t.Errorf("infrawiz %q reached AWS", args)
		}
	}
	// A flag the command does not take is refused, before or after.
	for _, args := range [][]string{{"ls", "--vpc-cidr", "10.0.0.0/24"}, {"--console-wait", "1s", "ls"}} {
		unitCLIEnv(t)
		if code, _, stderr := unitRunCLI(t, args...); code != exitInput || !strings.Contains(stderr, "unknown flag") {
			t.Errorf("infrawiz %q: exit %d\n%s", args, code, stderr)
		}
	}
}

// TestRun_VersionAndCompletion: --version, and the completion scripts a
// shell can load (bash's is checked by bash itself).
func TestRun_VersionAndCompletion(t *testing.T) {
	unitCLIEnv(t)
	code, stdout, _ := unitRunCLI(t, "--version")
	if code != exitOK || !strings.Contains(stdout, "infrawiz version") {
		t.Errorf("--version: exit %d %q", code, stdout)
	}
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, stdout, stderr := unitRunCLI(t, "completion", sh)
		if code != exitOK || !strings.Contains(stdout, "infrawiz") || len(stdout) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes\n%s", sh, code, len(stdout), stderr)
			continue
		}
		if sh == "bash" {
			if bash, err := exec.LookPath("bash"); err == nil {
				cmd := exec.Command(bash, "-n")
				cmd.Stdin = strings.NewReader(stdout)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("bash -n on the completion script: %v\n%s", err, out)
				}
			}
		}
	}
}
