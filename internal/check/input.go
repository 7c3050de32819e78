// Package check is the mission's connectivity check: SSH to the bastion's
// public IP with the .pem, hop through that connection to web and DB by
// their private IPs (ProxyJump semantics: the key never leaves this
// machine), ping and probe ports from where the security groups allow it,
// and confirm the bastion's hardening. Every failure carries a stable
// problem kind and an explanation in the mission's troubleshooting terms.
package check

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// Roles of the mission's servers.
const (
	RoleBastion = "bastion"
	RoleWeb     = "web"
	RoleDB      = "db"
)

// Host is one server as a fresh describe shows it.
type Host struct {
	Role       string
	Name       string // e.g. mhson-ec2-bastion-2a
	InstanceID string
	State      string // EC2 state name: "running", "stopped", ...; "" when unknown
	PublicIP   string
	PrivateIP  string
}

func (h Host) label() string {
	if h.Name != "" {
		return h.Name
	}
	return h.Role
}

// Ports are the mission's ports; tests may move them.
type Ports struct {
	SSH int // 22
	Web int // 8080
	DB  int // 3306
}

// Input is everything the check needs.
type Input struct {
	User       string // login user; "ubuntu" when empty
	KeyFile    string // the .pem
	KnownHosts string // the stack's own known_hosts file

	Bastion, Web, DB Host
	Ports            Ports

	// Console returns an instance's console output (aws.Client.ConsoleOutput);
	// nil means no console: keys are trusted on first use.
	Console func(ctx context.Context, instanceID string) (string, error)
	// Paths is the static reachability analysis, when there is one; it names
	// the rule or route behind a failed probe.
	Paths []reach.Path

	// DialTimeout bounds each TCP connect and SSH handshake (5s); a probe
	// that gets no answer within it counts as filtered.
	DialTimeout time.Duration
	// CommandTimeout bounds each command run on a server (15s).
	CommandTimeout time.Duration
	// Timeout bounds the whole check (4m).
	Timeout time.Duration
	// ConsoleWait bounds how long a console without host keys is read
	// again (2m): cloud-init prints them late in the first boot, so a
	// check run right after apply finds them a minute or two later. A
	// negative ConsoleWait reads each console once. ConsoleEvery is the
	// pause between reads (5s).
	ConsoleWait, ConsoleEvery time.Duration

	// OnResult, when set, gets each result as soon as it is known, from any
	// goroutine but never two at once. When ctx ends first, Run returns
	// without waiting for a slow OnResult, which may then still be called
	// once with a result the returned Report holds already.
	OnResult func(Result)
	// OnWait, when set, hears what the check is waiting for before its
	// results come (a console with no host keys yet), from any goroutine.
	OnWait func(Wait)
}

// Wait is something the check waits for: a host's console that has not
// printed its host keys yet, since Since.
type Wait struct {
	Host  string // role
	Since time.Duration
	// Text is the English of it; Msg says it as a message of the
	// catalogue.
	Text string
	Msg  catalog.Message
}

func (in Input) withDefaults() Input {
	if in.User == "" {
		in.User = "ubuntu"
	}
	if in.Ports.SSH == 0 {
		in.Ports.SSH = 22
	}
	if in.Ports.Web == 0 {
		in.Ports.Web = 8080
	}
	if in.Ports.DB == 0 {
		in.Ports.DB = 3306
	}
	if in.DialTimeout <= 0 {
		in.DialTimeout = 5 * time.Second
	}
	if in.CommandTimeout <= 0 {
		in.CommandTimeout = 15 * time.Second
	}
	if in.Timeout <= 0 {
		in.Timeout = 4 * time.Minute
	}
	switch {
	case in.ConsoleWait == 0:
		in.ConsoleWait = 2 * time.Minute
	case in.ConsoleWait < 0:
		in.ConsoleWait = 0
	}
	if in.ConsoleEvery <= 0 {
		in.ConsoleEvery = 5 * time.Second
	}
	in.Bastion.Role, in.Web.Role, in.DB.Role = RoleBastion, RoleWeb, RoleDB
	return in
}

// InputError names the field that is wrong and what is allowed.
type InputError struct{ Field, Problem string }

func (e *InputError) Error() string { return "check: " + e.Field + ": " + e.Problem }

func (in Input) validate() error {
	if in.KeyFile == "" {
		return &InputError{"KeyFile", "required: the .pem file of the stack's key pair"}
	}
	if in.KnownHosts == "" {
		return &InputError{"KnownHosts", "required: the stack's own known_hosts file"}
	}
	for _, p := range []struct {
		name string
		v    int
	}{{"Ports.SSH", in.Ports.SSH}, {"Ports.Web", in.Ports.Web}, {"Ports.DB", in.Ports.DB}} {
		if p.v < 1 || p.v > 65535 {
			return &InputError{p.name, fmt.Sprintf("%d is not a port (1-65535)", p.v)}
		}
	}
	for _, h := range []struct {
		field string
		host  Host
	}{{"Bastion", in.Bastion}, {"Web", in.Web}, {"DB", in.DB}} {
		for _, a := range []struct{ f, v string }{{"PublicIP", h.host.PublicIP}, {"PrivateIP", h.host.PrivateIP}} {
			if a.v != "" && net.ParseIP(a.v) == nil {
				return &InputError{h.field + "." + a.f, fmt.Sprintf("%q is not an IP address", a.v)}
			}
		}
	}
	return nil
}
