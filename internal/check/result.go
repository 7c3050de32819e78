package check

import (
	"fmt"
	"strings"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/hostkeys"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// Probe names what a result is about.
type Probe string

const (
	ProbeKey     Probe = "key"      // the .pem file
	ProbeState   Probe = "state"    // the instance's EC2 state
	ProbeTCP     Probe = "tcp"      // TCP connect to sshd
	ProbeSSH     Probe = "ssh"      // host key verified and login
	ProbePing    Probe = "ping"     // ping from the bastion
	ProbeWebPort Probe = "port-web" // 8080 on web, from here to its public IP
	ProbeDBPort  Probe = "port-db"  // 3306 on DB, from web
	ProbeTMOUT   Probe = "tmout"    // TMOUT=600 readonly in a bastion login shell
	ProbeAudit   Probe = "audit"    // a command typed on the bastion is in /var/log/command.log
)

// Status is a result's outcome.
type Status string

const (
	OK      Status = "ok"
	Failed  Status = "failed"
	Skipped Status = "skipped" // not tried because something it needs failed
)

// Kind is a stable problem kind; the wizard translates by kind.
type Kind string

const (
	KindKeyPermissions  Kind = "key-permissions"      // .pem readable by others: OpenSSH ignores it
	KindKeyFile         Kind = "key-file"             // .pem missing or not a private key
	KindNotRunning      Kind = "instance-not-running" // EC2 state is not running
	KindNoAddress       Kind = "no-address"           // the host has no address to try
	KindPrivatePublicIP Kind = "private-vs-public-ip" // a private address tried from outside, or a public one from inside
	KindSecurityGroup   Kind = "missing-sg-rule"      // no answer: a security group (or route) drops it
	KindRefused         Kind = "tcp-refused"          // the path is open but nothing listens
	KindTimeout         Kind = "tcp-timeout"          // no answer, and nothing names a rule
	KindUnreachable     Kind = "no-route"             // no route to the address
	KindHostKeyChanged  Kind = "host-key-changed"     // refused: not the key recorded or printed on the console
	KindAuth            Kind = "auth-refused"         // the server refused the key
	KindHardening       Kind = "bastion-hardening"    // TMOUT or the audit log is not as the mission wants
	KindUnexpected      Kind = "unexpected"
)

// Problem explains a failure.
type Problem struct {
	Kind Kind
	// Text is the English explanation, in the mission's terms; Msg says
	// it as a message of the catalogue.
	Text string
	Msg  catalog.Localized `json:"-"`
	// Path is the reach path ID involved, when there is one.
	Path string
	// Rule is what the static analysis says decides that path, in
	// English; RuleMsg says it in any language.
	Rule    string
	RuleMsg catalog.Localized `json:"-"`
}

// problem builds a Problem that says m.
func problem(kind Kind, path string, m catalog.Localized) *Problem {
	return &Problem{Kind: kind, Path: path, Text: m.In(catalog.EN), Msg: m}
}

// In says the problem's explanation in l.
func (p *Problem) In(l catalog.Lang) string {
	if p.Msg == nil {
		return p.Text
	}
	return p.Msg.In(l)
}

// RuleIn says what the static analysis says of the problem's path in l.
func (p *Problem) RuleIn(l catalog.Lang) string {
	if p.RuleMsg == nil {
		return p.Rule
	}
	return p.RuleMsg.In(l)
}

// Result is one probe's outcome.
type Result struct {
	Host   string // role: bastion, web, db
	Probe  Probe
	Target string // what was tried, e.g. "203.0.113.7:22" or "via bastion → 10.0.0.5:22"
	Status Status
	// Detail says what was seen: a fingerprint and how it was verified, a
	// command's output, why the probe was skipped. DetailMsg says it as a
	// message of the catalogue when it has words of infrawiz's own (a
	// command's output is only data); TargetMsg the same of Target.
	Detail    string
	DetailMsg catalog.Localized `json:"-"`
	TargetMsg catalog.Localized `json:"-"`
	Problem   *Problem
	// HostKey is set on an SSH result: how the host key was trusted.
	HostKey *hostkeys.Verified
}

// DetailIn says the detail in l.
func (r Result) DetailIn(l catalog.Lang) string {
	if r.DetailMsg == nil {
		return r.Detail
	}
	return r.DetailMsg.In(l)
}

// TargetIn says what was tried in l.
func (r Result) TargetIn(l catalog.Lang) string {
	if r.TargetMsg == nil {
		return r.Target
	}
	return r.TargetMsg.In(l)
}

// said sets the detail to m, with its English.
func (r *Result) said(m catalog.Localized) {
	r.Detail, r.DetailMsg = m.In(catalog.EN), m
}

// target sets what was tried to m, with its English.
func (r *Result) target(m catalog.Localized) {
	r.Target, r.TargetMsg = m.In(catalog.EN), m
}

// ID is stable: "<host>.<probe>".
func (r Result) ID() string { return r.Host + "." + string(r.Probe) }

func (r Result) String() string {
	s := fmt.Sprintf("%-7s %-8s %-7s %s", r.Host, r.Probe, r.Status, r.Target)
	if r.Detail != "" {
		s += " — " + r.Detail
	}
	if r.Problem != nil {
		s += "\n    [" + string(r.Problem.Kind) + "] " + r.Problem.Text
	}
	return s
}

// Report is the whole check.
type Report struct {
	Results []Result
	// CannotSee lists what the check does not prove, in English; Unseen
	// says the same as messages of the catalogue.
	CannotSee []string
	Unseen    []catalog.Message `json:"-"`
}

// OK reports whether every probe passed.
func (r Report) OK() bool {
	for _, x := range r.Results {
		if x.Status != OK {
			return false
		}
	}
	return len(r.Results) > 0
}

// Get returns the result of host's probe.
func (r Report) Get(host string, p Probe) (Result, bool) {
	for _, x := range r.Results {
		if x.Host == host && x.Probe == p {
			return x, true
		}
	}
	return Result{}, false
}

// Problems lists every failure's problem, in result order.
func (r Report) Problems() []Problem {
	var ps []Problem
	for _, x := range r.Results {
		if x.Problem != nil {
			ps = append(ps, *x.Problem)
		}
	}
	return ps
}

func (r Report) String() string {
	var b strings.Builder
	for _, x := range r.Results {
		b.WriteString(x.String() + "\n")
	}
	for _, c := range r.CannotSee {
		b.WriteString("not checked: " + c + "\n")
	}
	return b.String()
}

// Unseen is what no probe of this check proves; CannotSee says it in
// English.
var (
	Unseen = []catalog.Message{
		catalog.Msg("check.cannotsee.hops"),
		catalog.Msg("check.cannotsee.mysql"),
		catalog.Msg("check.cannotsee.web"),
		catalog.Msg("check.cannotsee.closed"),
	}
	CannotSee = func() []string {
		out := make([]string, len(Unseen))
		for i, m := range Unseen {
			out[i] = m.String()
		}
		return out
	}()
)

// ruleFor names the rule behind path id from the static analysis, if given.
func ruleFor(paths []reach.Path, id string) (reach.Path, bool) {
	if id == "" {
		return reach.Path{}, false
	}
	return reach.Find(paths, id)
}
