package steps

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// CheckOptions say how to run the connectivity check.
type CheckOptions struct {
	// User logs in; LoginUser when empty.
	User string
	// MyIP is the user's public IP now (detected again, not the stored
	// one): the bastion must let this address in.
	MyIP       string
	KeyFile    string
	KnownHosts string
	// Static runs only the analysis of the rules and routes, no SSH.
	Static bool
	// Ports moves the probed ports (tests); zero means the mission's.
	Ports    check.Ports
	OnResult func(check.Result)
	// ConsoleWait bounds how long a console without host keys is read
	// again; zero is check's default, negative reads it once.
	ConsoleWait time.Duration
	// OnWait hears what the check waits for before its results.
	OnWait func(check.Wait)
}

// CheckReport is both halves of the check: what the rules and routes say,
// and what SSH found.
type CheckReport struct {
	Paths []reach.Path `json:"paths"`
	// SSH is nil when only the static analysis ran.
	SSH *check.Report `json:"ssh,omitempty"`
	// Why says why SSH did not run, when it did not; WhyMsg says it as a
	// message of the catalogue.
	Why    string          `json:"why_no_ssh,omitempty"`
	WhyMsg catalog.Message `json:"-"`
}

// OK reports whether every path is as the mission wants it and every probe
// that ran passed.
func (c CheckReport) OK() bool {
	for _, p := range c.Paths {
		if !p.OK() {
			return false
		}
	}
	return c.SSH == nil || c.SSH.OK()
}

// Practice mode's servers are records in an emulator: there is no sshd
// behind their addresses.
var sandboxNoSSH = catalog.Msg("check.nossh.sandbox")

// Check runs the mission's connectivity check over an inventory just read
// (Session.Report's): the static analysis first (it needs no server), then
// SSH through the bastion, whose failures the analysis explains by naming
// the rule or route. The servers' addresses and states come from the same
// inventory, so the stack is described once.
func (s *Session) Check(ctx context.Context, p Plan, inv aws.Inventory, o CheckOptions) (CheckReport, error) {
	ip, err := checkMyIP(o.MyIP, p.Inputs.Sandbox)
	if err != nil {
		return CheckReport{}, err
	}
	paths, err := s.reachability(ctx, p, inv, ip)
	if err != nil {
		return CheckReport{}, err
	}
	out := CheckReport{Paths: paths}
	switch {
	case o.Static:
		return out, nil
	case p.Inputs.Sandbox:
		out.Why, out.WhyMsg = sandboxNoSSH.String(), sandboxNoSSH
		return out, nil
	}
	in := CheckInput(BuildReport(p, inv, s.Identity.Account), o)
	in.Paths = paths
	in.Console = s.client.ConsoleOutput
	r, err := check.Run(ctx, in)
	if err != nil {
		return out, err
	}
	out.SSH = &r
	return out, nil
}

// CheckInput maps the servers of a report into the check's hosts.
func CheckInput(rep Report, o CheckOptions) check.Input {
	in := check.Input{
		User: cmp.Or(o.User, LoginUser), KeyFile: o.KeyFile, KnownHosts: o.KnownHosts,
		Ports: o.Ports, OnResult: o.OnResult, OnWait: o.OnWait, ConsoleWait: o.ConsoleWait,
	}
	for _, row := range rep.Rows {
		h := check.Host{
			Name: row.Name, InstanceID: row.ID, State: row.State,
			PublicIP: row.PublicIP, PrivateIP: row.PrivateIP,
		}
		if h.InstanceID == "-" {
			h.InstanceID = ""
		}
		if strings.EqualFold(h.State, "missing") {
			h.State = ""
		}
		switch row.Role {
		case RoleBastion:
			in.Bastion = h
		case RoleWeb:
			in.Web = h
		case RoleDB:
			in.DB = h
		}
	}
	return in
}
