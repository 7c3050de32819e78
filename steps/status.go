package steps

import (
	"fmt"
	"sort"

	sdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/infrawiz/infrawiz/aws"
)

// Row is one line of the summary table.
type Row struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	AZ        string `json:"az,omitempty"`
	CIDR      string `json:"cidr,omitempty"`
	PrivateIP string `json:"private_ip,omitempty"`
	PublicIP  string `json:"public_ip,omitempty"`
	State     string `json:"state"`
	Role      Role   `json:"role"`
	Step      string `json:"step"`
}

// StepProgress is how far one step got.
type StepProgress struct {
	Step  string `json:"step"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Report is the summary of a stack as AWS has it now.
type Report struct {
	Stack   string         `json:"stack"`
	Region  string         `json:"region"`
	Account string         `json:"account,omitempty"`
	Steps   []StepProgress `json:"steps"`
	Rows    []Row          `json:"resources"`
	// Stray are tagged objects of the stack that the plan does not have
	// (left by a lost reply, say); destroy removes them too.
	Stray []Row `json:"stray,omitempty"`
	// Cost is what the stack bills now, as it stands.
	Cost Cost `json:"cost"`
}

// Complete reports whether every step is done.
func (r Report) Complete() bool {
	for _, s := range r.Steps {
		if s.Done < s.Total {
			return false
		}
	}
	return true
}

// BuildReport compares the plan with a fresh inventory.
func BuildReport(p Plan, inv aws.Inventory, account string) Report {
	rep := Report{Stack: p.Inputs.Prefix, Region: p.Inputs.Region, Account: account}
	progress := map[Step]*StepProgress{}
	for _, s := range Steps {
		sp := &StepProgress{Step: s.String()}
		progress[s] = sp
	}
	planned := map[Role]bool{}
	for _, res := range p.Resources {
		planned[res.Role] = true
		done, row := evaluate(res, inv)
		sp := progress[res.Step]
		sp.Total++
		if done {
			sp.Done++
		}
		rep.Rows = append(rep.Rows, row)
	}
	for _, s := range Steps {
		rep.Steps = append(rep.Steps, *progress[s])
	}
	for _, f := range inv.All() {
		if first, _ := inv.One(f.Role); planned[Role(f.Role)] && first.ID == f.ID {
			continue
		}
		row := rowOf(Resource{Role: Role(f.Role), Name: f.Name, Kind: f.Kind}, f, "stray")
		// A stray has no step of its own: it is a duplicate of a planned
		// role (that role's step), or of no role the plan knows ("-").
		row.Step = "-"
		for _, res := range p.Resources {
			if res.Role == Role(f.Role) {
				row.Step = res.Step.String()
			}
		}
		rep.Stray = append(rep.Stray, row)
	}
	sort.SliceStable(rep.Stray, func(i, j int) bool { return rep.Stray[i].Name < rep.Stray[j].Name })
	rep.Cost = Estimate(p.Inputs.Region, LiveBillable(inv, p.Inputs.DiskGB))
	return rep
}

func evaluate(res Resource, inv aws.Inventory) (bool, Row) {
	if spec := kinds[res.Kind]; spec.evaluate != nil {
		return spec.evaluate(res, inv)
	}
	f, ok := one(inv, res.Role)
	if !ok {
		row := rowOf(res, aws.Found{}, "missing")
		row.ID = "-"
		return false, row
	}
	return kinds[res.Kind].usable(f), rowOf(res, f, "")
}

func ruleKey(proto string, port int32, cidr, src string) string {
	return fmt.Sprintf("%s|%d|%s|%s", proto, port, cidr, src)
}

func rowOf(res Resource, f aws.Found, st string) Row {
	row := Row{
		Name: res.Name, Kind: res.Kind.String(), ID: f.ID, AZ: res.AZ, CIDR: res.CIDR,
		Role: res.Role, Step: res.Step.String(), State: st,
	}
	if row.Name == "" {
		row.Name = f.Name
	}
	if spec := kinds[res.Kind]; spec.row != nil && f.ID != "" {
		spec.row(f, &row)
	}
	return row
}

// evaluateRoute tells whether a route is as planned: in its table, to its
// target, not a black hole.
func evaluateRoute(res Resource, inv aws.Inventory) (bool, Row) {
	row := Row{Name: res.Name, Kind: res.Kind.String(), CIDR: res.CIDR, Role: res.Role, Step: res.Step.String(), State: "missing", ID: "-"}
	rt, ok1 := one(inv, res.TableRole)
	target, ok2 := one(inv, res.TargetRole)
	if ok1 && ok2 && rt.RouteTable != nil {
		for _, r := range rt.RouteTable.Routes {
			if sdk.ToString(r.DestinationCidrBlock) == aws.DefaultRoute &&
				(sdk.ToString(r.GatewayId) == target.ID || sdk.ToString(r.NatGatewayId) == target.ID) {
				row.ID, row.State = target.ID, string(r.State)
				return r.State != "blackhole", row
			}
		}
	}
	return false, row
}

// evaluateRules tells whether a group's rules are exactly the planned ones.
func evaluateRules(res Resource, inv aws.Inventory) (bool, Row) {
	row := Row{Name: res.Name, Kind: res.Kind.String(), Role: res.Role, Step: res.Step.String(), State: "missing", ID: "-"}
	sg, ok := one(inv, res.GroupRole)
	if !ok {
		return false, row
	}
	row.ID = sg.ID
	have := map[string]bool{}
	for _, r := range aws.Rules(sg.SG) {
		have[ruleKey(r.Protocol, r.FromPort, r.CIDR, r.SourceGroup)] = true
	}
	for _, rs := range res.Rules {
		src := ""
		if rs.SourceRole != "" {
			g, ok := one(inv, rs.SourceRole)
			if !ok {
				row.State = "incomplete"
				return false, row
			}
			src = g.ID
		}
		if !have[ruleKey(rs.Protocol, rs.FromPort, rs.CIDR, src)] {
			row.State = "incomplete"
			return false, row
		}
	}
	if len(have) != len(res.Rules) {
		row.State = "extra rules"
		return false, row
	}
	row.State = "ok"
	return true, row
}
