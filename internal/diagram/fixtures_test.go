package diagram_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/diagram"
	"github.com/infrawiz/infrawiz/steps"
)

// The regions the fixtures plan in: Seoul as AWS has it (four zones, the
// mission takes a and c) and a region with only two.
var (
	seoul   = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}
	twoZone = []string{"us-west-1a", "us-west-1c"}
)

func plan(t testing.TB, in steps.Inputs, zones []string) steps.Plan {
	t.Helper()
	if in.Prefix == "" {
		in.Prefix = "mhson"
	}
	if in.MyIP == "" {
		in.MyIP = "203.0.113.7"
	}
	p, err := steps.BuildPlan(in.WithDefaults(), zones)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// report is what status would report of a plan built in full: made-up ids
// and addresses, every resource as a healthy stack has it; change edits
// rows by role.
func report(p steps.Plan, change map[steps.Role]func(*steps.Row)) steps.Report {
	rep := steps.Report{Stack: p.Inputs.Prefix, Region: p.Inputs.Region, Account: "123456789012"}
	private := map[steps.Role]string{
		steps.RoleWeb: "192.168.11.10", steps.RoleDB: "192.168.11.140", steps.RoleBastion: "192.168.11.170",
		steps.RoleNAT: "192.168.11.20", steps.RoleEIPNAT: "192.168.11.20",
		steps.RoleEIPWeb: "192.168.11.10", steps.RoleEIPBastion: "192.168.11.170",
	}
	public := map[steps.Role]string{
		steps.RoleWeb: "3.35.120.7", steps.RoleEIPWeb: "3.35.120.7",
		steps.RoleBastion: "3.35.120.8", steps.RoleEIPBastion: "3.35.120.8",
		steps.RoleNAT: "3.35.120.9", steps.RoleEIPNAT: "3.35.120.9",
	}
	prefix := map[string]string{
		"key-pair": "key", "vpc": "vpc", "subnet": "subnet", "internet-gateway": "igw", "elastic-ip": "eipalloc",
		"nat-gateway": "nat", "route-table": "rtb", "security-group": "sg", "instance": "i",
	}
	state := map[string]string{
		"key-pair": "ok", "vpc": "available", "subnet": "available", "internet-gateway": "attached",
		"elastic-ip": "associated", "nat-gateway": "available", "route-table": "ok", "route": "active",
		"security-group": "ok", "sg-rules": "ok", "instance": "running",
	}
	ids := map[steps.Role]string{}
	for i, r := range p.Resources {
		kind := r.Kind.String()
		if pre, ok := prefix[kind]; ok {
			ids[r.Role] = fmt.Sprintf("%s-0%016x", pre, 0xa1b2c3d4e5f6000+i)
		}
	}
	for _, r := range p.Resources {
		kind := r.Kind.String()
		row := steps.Row{
			Name: r.Name, Kind: kind, ID: ids[r.Role], AZ: r.AZ, CIDR: r.CIDR,
			PrivateIP: private[r.Role], PublicIP: public[r.Role], State: state[kind], Role: r.Role, Step: r.Step.String(),
		}
		switch kind {
		case "route":
			row.ID = ids[r.TargetRole]
		case "sg-rules":
			row.ID = ids[r.GroupRole]
		}
		if f := change[r.Role]; f != nil {
			f(&row)
		}
		rep.Rows = append(rep.Rows, row)
	}
	for _, s := range steps.Steps {
		sp := steps.StepProgress{Step: s.String()}
		for _, r := range p.Resources {
			if r.Step == s {
				sp.Total++
				sp.Done++
			}
		}
		rep.Steps = append(rep.Steps, sp)
	}
	return rep
}

func missing(row *steps.Row) { row.State, row.ID, row.PrivateIP, row.PublicIP = "missing", "-", "", "" }

// stack is one of the pictures the tests draw.
type stack struct {
	name string
	p    steps.Plan
	rep  *steps.Report
}

func (s stack) topology() diagram.Topology { return steps.Topology(s.p, s.rep) }

// stacks are the pictures every test draws: the plan (the design before
// anything exists), a complete stack, one on its way (the NAT gateway still
// pending, so the internal route is missing, and the bastion stopped), the
// mission without a NAT gateway, a region with only two zones, and a
// complete stack with the longest prefix infrawiz takes.
func stacks(t testing.TB) []stack {
	t.Helper()
	p := plan(t, steps.Inputs{}, seoul)
	complete := report(p, nil)
	pending := report(p, map[steps.Role]func(*steps.Row){
		steps.RoleNAT:           func(r *steps.Row) { r.State, r.PrivateIP = "pending", "" },
		steps.RoleEIPNAT:        func(r *steps.Row) { r.State, r.PrivateIP = "unassociated", "" },
		steps.RoleRouteInternal: missing,
		steps.RoleBastion:       func(r *steps.Row) { r.State = "stopped" },
	})
	noNAT := plan(t, steps.Inputs{NoNAT: true}, seoul)
	noNATRep := report(noNAT, nil)
	two := plan(t, steps.Inputs{Region: "us-west-1", Prefix: "kim"}, twoZone)
	long := plan(t, steps.Inputs{Prefix: strings.Repeat("abcd", 11)}, seoul) // the longest prefix there is
	longRep := report(long, nil)
	return []stack{
		{"plan", p, nil},
		{"complete", p, &complete},
		{"pending", p, &pending},
		{"nonat", noNAT, &noNATRep},
		{"twozones", two, nil},
		{"longprefix", long, &longRep},
	}
}
