package steps

import (
	"strings"

	"github.com/infrawiz/infrawiz/internal/catalog"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/diagram"
	resourcekind "github.com/infrawiz/infrawiz/internal/kind"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// Topology is the stack as its design diagram draws it: every resource of
// the plan, in plan order, with its place in the picture and, when the
// stack exists (rep not nil), its id, addresses and state as AWS has them
// now; then the mission's flows, named as the connectivity check names
// them. With rep nil, or a report in which nothing exists yet, every part
// is planned: the design the course draws before building. Stray objects
// of the report follow the plan's, for the table.
func Topology(p Plan, rep *Report) diagram.Topology {
	t := diagram.Topology{Stack: p.Inputs.Prefix, Region: p.Inputs.Region}
	if ip, err := NormalizeIP(p.Inputs.MyIP, p.Inputs.Sandbox); err == nil {
		t.MyIP = strings.TrimSuffix(ip, "/32")
	}
	for _, role := range []Role{RoleSubnetPublic1, RoleSubnetPublic2} {
		if r, ok := p.Get(role); ok {
			t.Zones = append(t.Zones, r.AZ)
		}
	}
	rows := map[Role]Row{}
	live := false
	if rep != nil {
		for _, row := range rep.Rows {
			rows[row.Role] = row
			if row.ID != "" && row.ID != "-" && row.State != "missing" {
				live = true
			}
		}
	}
	routeOf := map[Role]Role{}
	for _, r := range p.Resources {
		if r.Kind == aws.KindRoute {
			routeOf[r.TableRole] = r.Role
		}
	}
	for _, r := range p.Resources {
		part := diagram.Part{
			Key: string(r.Role), Kind: r.Kind, Name: r.Name, Zone: r.AZ, CIDR: r.CIDR,
			In: string(r.SubnetRole), EIP: string(r.EIPRole), Group: string(r.GroupRole), Target: string(r.TargetRole),
		}
		switch r.Kind {
		case aws.KindSubnet:
			part.Tier = subnetTier(r.Role)
		case aws.KindInstance:
			part.Server = diagramServer(r.Server)
		case aws.KindRouteTable:
			for _, s := range r.SubnetRoles {
				part.Serves = append(part.Serves, string(s))
			}
			part.Route = string(routeOf[r.Role])
		case aws.KindKeyPair, aws.KindVPC, aws.KindInternetGateway, aws.KindElasticIP, aws.KindNATGateway,
			aws.KindRoute, aws.KindSecurityGroup, aws.KindSGRules:
		}
		if row, ok := rows[r.Role]; ok && live {
			applyRow(&part, r.Kind, row)
		}
		t.Parts = append(t.Parts, part)
	}
	if rep != nil && live {
		for _, row := range rep.Stray {
			t.Parts = append(t.Parts, diagram.Part{
				Key: "stray-" + row.ID, Kind: kindByName(row.Kind), Name: row.Name, ID: row.ID, Zone: row.AZ,
				CIDR: row.CIDR, PrivateIP: row.PrivateIP, PublicIP: row.PublicIP, State: diagram.Broken, Status: "stray",
			})
		}
	}
	t.Flows = missionFlows(p)
	return t
}

// applyRow gives a part what AWS holds of it.
func applyRow(part *diagram.Part, k aws.Kind, row Row) {
	if row.ID != "-" {
		part.ID = row.ID
	}
	if row.CIDR != "" {
		part.CIDR = row.CIDR
	}
	if row.AZ != "" {
		part.Zone = row.AZ
	}
	part.PrivateIP, part.PublicIP = row.PrivateIP, row.PublicIP
	part.Status = row.State
	part.State = liveState(k, row.State)
	if part.State == diagram.Missing {
		part.ID = ""
	}
}

// liveState reads AWS's word for a resource's state, as the summary row
// has it, into the diagram's states.
func liveState(k aws.Kind, s string) diagram.State {
	switch s {
	case "missing", "":
		return diagram.Missing
	case "ok", "available", "attached", "associated", "active":
		return diagram.Ready
	case "pending", "unassociated":
		return diagram.Pending
	}
	if k == aws.KindInstance {
		switch s {
		case "running":
			return diagram.Ready
		case "stopping", "stopped":
			return diagram.Stopped
		}
	}
	return diagram.Broken
}

// kindByName is the diagram's kind of a summary row's kind.
func kindByName(name string) diagram.Kind {
	if k, ok := resourcekind.Parse(name); ok {
		return k
	}
	return aws.KindSGRules
}

// subnetTier is what a subnet is for: the public ones and anything else
// are public.
func subnetTier(r Role) diagram.Tier {
	if r == RoleSubnetInternal {
		return diagram.TierInternal
	}
	if r == RoleSubnetAdmin {
		return diagram.TierAdmin
	}
	return diagram.TierPublic
}

func diagramServer(s string) diagram.Server {
	switch s {
	case ServerWeb:
		return diagram.ServerWeb
	case ServerDB:
		return diagram.ServerDB
	case ServerBastion:
		return diagram.ServerBastion
	}
	return diagram.ServerNone
}

// missionFlows are the paths the mission needs open, as the connectivity
// check names them, along the parts they pass; their ports are the plan's
// rules'. Without a NAT gateway the database has no way out to draw.
func missionFlows(p Plan) []diagram.Flow {
	key := func(r Role) string { return string(r) }
	port := func(rules Role, match func(RuleSpec) bool) int32 {
		if r, ok := p.Get(rules); ok {
			for _, s := range r.Rules {
				if s.Protocol == "tcp" && match(s) {
					return s.FromPort
				}
			}
		}
		return 0
	}
	web := port(RoleRulesPublic, func(s RuleSpec) bool { return s.CIDR == "0.0.0.0/0" })
	ssh := port(RoleRulesBastion, func(RuleSpec) bool { return true })
	hopWeb := port(RoleRulesPublic, func(s RuleSpec) bool { return s.SourceRole == RoleSGBastion })
	hopDB := port(RoleRulesInternal, func(s RuleSpec) bool { return s.SourceRole == RoleSGBastion })
	db := port(RoleRulesInternal, func(s RuleSpec) bool { return s.SourceRole == RoleSGPublic })
	flows := []diagram.Flow{
		{ID: reach.InternetToWeb8080, Path: []string{diagram.Internet, key(RoleIGW), key(RoleWeb)}, Protocol: "tcp", Port: web},
		{ID: reach.MeToBastion22, Path: []string{diagram.Me, key(RoleIGW), key(RoleBastion)}, Protocol: "tcp", Port: ssh},
		{ID: reach.BastionToWeb22, Path: []string{key(RoleBastion), key(RoleWeb)}, Protocol: "tcp", Port: hopWeb},
		{ID: reach.BastionToWebICMP, Path: []string{key(RoleBastion), key(RoleWeb)}, Protocol: "icmp"},
		{ID: reach.BastionToDB22, Path: []string{key(RoleBastion), key(RoleDB)}, Protocol: "tcp", Port: hopDB},
		{ID: reach.BastionToDBICMP, Path: []string{key(RoleBastion), key(RoleDB)}, Protocol: "icmp"},
		{ID: reach.WebToDB3306, Path: []string{key(RoleWeb), key(RoleDB)}, Protocol: "tcp", Port: db},
	}
	if _, ok := p.Get(RoleNAT); ok {
		flows = append(flows, diagram.Flow{
			ID: reach.DBToInternet, Path: []string{key(RoleDB), key(RoleNAT), key(RoleIGW), diagram.Internet}, Protocol: "all",
		})
	}
	return flows
}

// DiagramWords are the picture's words in l, from the catalogue.
func DiagramWords(l catalog.Lang) diagram.Words {
	t := func(key string) string { return catalog.T(l, "diagram."+key) }
	return diagram.Words{
		Stack: t("stack"), Plan: t("plan"), Region: t("region"), Internet: t("internet"), Me: t("me"),
		Public: t("public"), Internal: t("internal"), Admin: t("admin"),
		Web: t("web"), DB: t("db"), Bastion: t("bastion"), NAT: t("nat"), IGW: t("igw"), EIP: t("eip"),
		Private: t("private"), PublicIP: t("publicip"),
		RouteTables: t("routetables"), NoRoute: t("noroute"), Flows: t("flows"),
		Outbound: t("outbound"), Serves: t("serves"),
		Ready: t("ready"), Planned: t("planned"), Pending: t("pending"), Stopped: t("stopped"),
		Missing: t("missing"), Broken: t("broken"),
		Columns: strings.Split(t("columns"), "|"),
	}
}
