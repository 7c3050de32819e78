package steps

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/aws"
)

var learnZones = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}

// learnVariants are plans that write different commands: the default, no
// NAT gateway, an imported public key, no address of the user's yet, an
// AMI chosen.
func learnVariants(t *testing.T) map[string]Plan {
	t.Helper()
	out := map[string]Plan{}
	for name, mod := range map[string]func(*Inputs){
		"default": func(*Inputs) {},
		"no-nat":  func(in *Inputs) { in.NoNAT = true },
		"import":  func(in *Inputs) { in.PublicKey = writePublicKey(t) },
		"no-ip":   func(in *Inputs) { in.MyIP = "" },
		"ami":     func(in *Inputs) { in.AMI = "ami-0123456789abcdef0" },
	} {
		in := Inputs{Prefix: "stu9", MyIP: "203.0.113.7"}.WithDefaults()
		mod(&in)
		p, err := BuildPlan(in, learnZones)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = p
	}
	return out
}

// writePublicKey writes an OpenSSH public key file to import.
func writePublicKey(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "id_ed25519.pub")
	if err := os.WriteFile(path, ssh.MarshalAuthorizedKey(spk), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// realIDs gives every resource with an id of its own a made-up one.
func realIDs(p Plan) map[Role]string {
	ids := map[Role]string{}
	for i, r := range p.Resources {
		switch r.Kind {
		case aws.KindRoute, aws.KindSGRules:
			continue
		case aws.KindKeyPair:
			ids[r.Role] = r.Name
		default:
			ids[r.Role] = "real-" + num(int32(100+i)) + "abcdef"
		}
	}
	return ids
}

func allLearn(p Plan, ids map[Role]string) []string {
	var out []string
	for _, st := range Steps {
		out = append(out, LearnCommands(p, st, ids)...)
	}
	return out
}

// unquoted is cmd with everything inside quotes (and escaped characters)
// left out: what the shell reads as its syntax.
func unquoted(cmd string) string {
	var b strings.Builder
	var q rune
	escaped := false
	for _, r := range cmd {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && q != '\'':
			escaped = true
		case q != 0:
			if r == q {
				q = 0
			}
		case r == '\'' || r == '"':
			q = r
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// shellWords splits a line at the spaces outside quotes.
func shellWords(line string) []string {
	var out []string
	var b strings.Builder
	var q rune
	for _, r := range line {
		switch {
		case q != 0 && r == q:
			q = 0
		case q == 0 && (r == '\'' || r == '"'):
			q = r
		case q == 0 && r == ' ':
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// Every command of every step parses as bash, and holds no "<" or ">"
// outside quotes: nothing a shell would take for a redirection, which is
// what the placeholders of old were.
func TestLearnCommands_ParseAsBashWithoutRedirections(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("bash is needed: %v", err)
	}
	for name, p := range learnVariants(t) {
		for _, ids := range []map[Role]string{nil, realIDs(p)} {
			cmds := allLearn(p, ids)
			if len(cmds) < 30 {
				t.Fatalf("%s: only %d commands", name, len(cmds))
			}
			for _, c := range cmds {
				if out, err := exec.Command(bash, "-n", "-c", c).CombinedOutput(); err != nil {
					t.Errorf("%s: bash -n: %v\n%s\n%s", name, err, out, c)
				}
				if u := unquoted(c); strings.ContainsAny(u, "<>") {
					t.Errorf("%s: a < or > outside quotes:\n%s", name, c)
				}
				if strings.Contains(c, "<"+p.Inputs.Prefix) || strings.Contains(c, "<your") {
					t.Errorf("%s: a placeholder:\n%s", name, c)
				}
			}
		}
	}
}

// The layout: lines joined by " \" between arguments, continuation lines
// indented, and a line wider than the pane only where one argument is.
func TestLearnCommands_LinesBetweenArguments(t *testing.T) {
	p := learnVariants(t)["default"]
	for _, c := range allLearn(p, nil) {
		lines := strings.Split(c, "\n")
		for i, l := range lines {
			if i < len(lines)-1 && !strings.HasSuffix(l, " \\") {
				t.Errorf("line %d does not continue: %q in\n%s", i, l, c)
			}
			if i > 0 && !strings.HasPrefix(l, "  ") {
				t.Errorf("continuation line %d not indented: %q", i, l)
			}
			if len(l) > learnWidth {
				long := false
				for _, w := range shellWords(strings.TrimSuffix(l, " \\")) {
					if len(w) > learnWidth/2 {
						long = true
					}
				}
				if !long {
					t.Errorf("line %d is %d wide with no long argument to excuse it: %q", i, len(l), l)
				}
			}
		}
	}
}

// learnStub stands for the programs the commands call: aws logs its
// arguments and answers with an id named from the role of what it is
// asked to make ("id-vpc"), the owner's ARN, or an AMI.
const learnStub = `set -eu
aws() {
  printf 'ARG\t%s\n' "$@" >>"$LOG"
  echo END >>"$LOG"
  local a
  for a in "$@"; do
    case $a in
    *infrawiz:role,Value=*)
      a=${a#*infrawiz:role,Value=}
      echo "id-${a%%\}*}"
      return
      ;;
    esac
  done
  case $1 in
  sts) echo arn:aws:iam::123456789012:user/stu ;;
  ssm) echo ami-0123456789abcdef0 ;;
  esac
}
ssh-keygen() { printf 'KEYGEN\t%s\n' "$*" >>"$LOG"; }
chmod() { :; }
curl() { echo 198.51.100.9; }
`

type awsCall struct {
	args []string
}

func (c awsCall) verb() string {
	if len(c.args) >= 2 {
		return c.args[0] + " " + c.args[1]
	}
	return ""
}

// values are the words after flag, up to the next flag.
func (c awsCall) values(flag string) []string {
	var out []string
	for i, a := range c.args {
		if a != flag {
			continue
		}
		for _, v := range c.args[i+1:] {
			if strings.HasPrefix(v, "--") {
				break
			}
			out = append(out, v)
		}
	}
	return out
}

// runLearn runs cmds in bash with the stub and returns the AWS calls made.
func runLearn(t *testing.T, cmds []string) []awsCall {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "learn.sh")
	log := filepath.Join(dir, "log")
	if err := os.WriteFile(script, []byte(learnStub+strings.Join(cmds, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := exec.Command("bash", "--noprofile", "--norc", script)
	c.Env = []string{"HOME=" + dir, "LOG=" + log, "PATH=/usr/bin:/bin"}
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("the commands do not run in order: %v\n%s", err, out)
	}
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []awsCall
	var cur awsCall
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		switch line := sc.Text(); {
		case line == "END":
			calls = append(calls, cur)
			cur = awsCall{}
		case strings.HasPrefix(line, "ARG\t"):
			cur.args = append(cur.args, strings.TrimPrefix(line, "ARG\t"))
		}
	}
	return calls
}

var tagSpecRE = regexp.MustCompile(`^ResourceType=([a-z-]+),Tags=\[\{Key=Name,Value=([^,{}]+)\},\{Key=infrawiz:stack,Value=stu9\},\{Key=infrawiz:role,Value=([a-z0-9-]+)\},\{Key=infrawiz:owner,Value=arn:aws:iam::123456789012:user/stu\}\]$`)

// Every step's commands, pasted in order into one bash with set -u, run:
// each variable is set before it is used, every resource is tagged as
// infrawiz tags it with each tag specification one whole argument, and
// every id a command passes is one an earlier command made.
func TestLearnCommands_RunInOrderAndTagLikeInfrawiz(t *testing.T) {
	for name, p := range learnVariants(t) {
		t.Run(name, func(t *testing.T) {
			calls := runLearn(t, allLearn(p, nil))
			made := map[string]bool{}
			tagged := map[Role]bool{}
			for _, c := range calls {
				for _, a := range c.args {
					for _, id := range regexp.MustCompile(`id-[a-z0-9-]+`).FindAllString(a, -1) {
						if !made[id] {
							t.Errorf("%s uses %s before any command made it: %q", c.verb(), id, c.args)
						}
					}
				}
				for _, spec := range c.values("--tag-specifications") {
					m := tagSpecRE.FindStringSubmatch(spec)
					if m == nil {
						t.Errorf("%s: tag specification %q is not infrawiz's tags", c.verb(), spec)
						continue
					}
					r, ok := p.Get(Role(m[3]))
					if !ok || r.Name != m[2] {
						t.Errorf("%s: tags name %q role %q, want the plan's", c.verb(), m[2], m[3])
					}
					tagged[Role(m[3])] = true
					made["id-"+m[3]] = true
				}
			}
			for _, r := range p.Resources {
				if r.Kind != aws.KindRoute && !tagged[r.Role] {
					t.Errorf("%s (%s) is never tagged", r.Name, r.Role)
				}
			}
			wantIP := "203.0.113.7/32"
			if p.Inputs.MyIP == "" {
				wantIP = "198.51.100.9/32"
			}
			routes, rules := 0, 0
			for _, c := range calls {
				switch c.verb() {
				case "ec2 create-route":
					routes++
					rt := c.values("--route-table-id")
					if len(rt) == 1 && rt[0] == "id-"+string(RoleRTInternal) && !slicesEqual(c.values("--nat-gateway-id"), []string{"id-nat"}) {
						t.Errorf("the internal route is not to the NAT gateway: %q", c.args)
					}
				case "ec2 authorize-security-group-ingress":
					rules++
					perm := strings.Join(c.values("--ip-permissions"), " ")
					if strings.Contains(perm, "FromPort=22,") && strings.Contains(perm, "CidrIp=") && !strings.Contains(perm, "CidrIp="+wantIP+",") {
						t.Errorf("the bastion's SSH rule is not from %s: %s", wantIP, perm)
					}
				case "ec2 run-instances":
					if ami := c.values("--image-id"); len(ami) != 1 || !strings.HasPrefix(ami[0], "ami-") {
						t.Errorf("run-instances with image %q", ami)
					}
				}
			}
			wantRoutes, wantRules := 0, 0
			for _, r := range p.Resources {
				switch r.Kind {
				case aws.KindRoute:
					wantRoutes++
				case aws.KindSGRules:
					wantRules += len(r.Rules)
				}
			}
			if routes != wantRoutes || rules != wantRules {
				t.Errorf("%d routes and %d rules, want %d and %d", routes, rules, wantRoutes, wantRules)
			}
		})
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// Known ids are written as they are: a step's commands then run on their
// own, in a fresh shell, with no variable of another step.
func TestLearnCommands_KnownIDsInline(t *testing.T) {
	p := learnVariants(t)["default"]
	ids := realIDs(p)
	varRef := regexp.MustCompile(`\$\{?([A-Z0-9_]+_ID)\b`)
	for _, st := range Steps {
		cmds := LearnCommands(p, st, ids)
		for _, c := range cmds {
			if m := varRef.FindString(c); m != "" {
				t.Errorf("step %s refers to %s though every id is known:\n%s", st, m, c)
			}
		}
		runLearn(t, cmds) // set -u: no variable of another step
	}
	joined := strings.Join(LearnCommands(p, StepRoutes, ids), "\n")
	for _, role := range []Role{RoleVPC, RoleRTPublic, RoleSubnetPublic1, RoleIGW, RoleNAT} {
		if !strings.Contains(joined, ids[role]) {
			t.Errorf("the routes' commands do not name %s's id %s:\n%s", role, ids[role], joined)
		}
	}
	// Unknown, the same step names them by variable, set by the step that
	// makes them.
	joined = strings.Join(LearnCommands(p, StepRoutes, nil), "\n")
	for _, v := range []string{`"$VPC_ID"`, `"$SUBNET_PUBLIC_1_ID"`, `"$IGW_ID"`, `"$NAT_ID"`, `RT_PUBLIC_ID=$(aws ec2 create-route-table`} {
		if !strings.Contains(joined, v) {
			t.Errorf("the routes' commands lack %s:\n%s", v, joined)
		}
	}
}

// Words are quoted so that bash reads them back as they were meant.
func TestLearnWord_BashReadsItBack(t *testing.T) {
	cases := []struct {
		parts []any
		want  string // with V=val
	}{
		{[]any{"plain-word_1.2:3/4"}, "plain-word_1.2:3/4"},
		{[]any{"two words"}, "two words"},
		{[]any{"it's [a]{b}*"}, "it's [a]{b}*"},
		{[]any{""}, ""},
		{[]any{"x", shVar("V"), "y"}, "xvaly"},
		{[]any{shVar("V"), "/p"}, "val/p"},
		{[]any{`a"$b` + "`c`\\", shVar("V")}, `a"$b` + "`c`\\val"},
		{[]any{"ResourceType=vpc,Tags=[{Key=Name,Value=", []any{shVar("V"), "-vpc"}, "}]"}, "ResourceType=vpc,Tags=[{Key=Name,Value=val-vpc}]"},
	}
	for _, c := range cases {
		w := word(c.parts...)
		if w == "" {
			w = "''"
		}
		out, err := exec.Command("bash", "-c", "V=val; printf '%s' "+w).Output()
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		if string(out) != c.want {
			t.Errorf("word %s reads back as %q, want %q", w, out, c.want)
		}
	}
	if got := varOf(RoleSubnetPublic2); got != "SUBNET_PUBLIC_2_ID" {
		t.Errorf("varOf = %s", got)
	}
}
