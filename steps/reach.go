package steps

import (
	"context"
	"strings"

	"github.com/infrawiz/infrawiz/internal/catalog"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// Reachability decides, from a fresh describe, which of the mission's
// network paths are open and which closed, each with the rule or route that
// decides it. myIP is the user's current public IP (the "me" of the bastion
// rule), not the one the plan was made with: the point is to notice when it
// moved.
func (s *Session) Reachability(ctx context.Context, p Plan, myIP string) ([]reach.Path, error) {
	ip, err := checkMyIP(myIP, p.Inputs.Sandbox)
	if err != nil {
		return nil, err
	}
	inv, err := s.client.Inventory(ctx, p.Inputs.Prefix)
	if err != nil {
		return nil, err
	}
	return s.reachability(ctx, p, inv, ip)
}

// reachability is Reachability over an inventory just read, so a caller
// that has one describes the stack once.
func (s *Session) reachability(ctx context.Context, p Plan, inv aws.Inventory, ip string) ([]reach.Path, error) {
	vpc, ok := inv.One("vpc")
	if !ok {
		return nil, keyedError(aws.ErrNotFound, "reach.novpc", p.Inputs.Prefix, s.client.Region)
	}
	net, err := s.client.Network(ctx, vpc.ID)
	if err != nil {
		return nil, err
	}
	return explainChoices(p, reach.Analyze(snapshot(p, inv, net, ip))), nil
}

// explainChoices says where a closed path follows from a choice the
// student made rather than a mistake: without the NAT gateway (--no-nat)
// the DB has no way out, and the way back is a stack built with one (NAT
// is fixed once built).
func explainChoices(p Plan, paths []reach.Path) []reach.Path {
	if !p.Inputs.NoNAT {
		return paths
	}
	for i, x := range paths {
		if x.ID != reach.DBToInternet || x.Open {
			continue
		}
		in := p.Inputs
		in.NoNAT = false
		// The commands are items of their own, so a face can give each a
		// line and a student can copy it whole.
		why := []catalog.Localized{
			catalog.Msg("reach.nonat"),
			catalog.Verbatim(Command(p.Inputs, "destroy", "--yes")),
			catalog.Verbatim(Command(in, "apply", "--yes")),
		}
		if len(x.Why.Items) == 0 && x.Because != "" {
			x.Why.Items = []catalog.Localized{catalog.Verbatim(x.Because)}
		}
		x.Why.Items = append(why, x.Why.Items...)
		if x.Why.Sep == "" {
			x.Why.Sep = "; "
		}
		english := make([]string, len(why))
		for i, w := range why {
			english[i] = w.In(catalog.EN)
		}
		x.Because = strings.Join(english, "; ") + "; " + x.Because
		paths[i] = x
	}
	return paths
}

// checkMyIP is the user's IP as the analysis wants it (no /32), or bad
// input naming --my-ip.
func checkMyIP(myIP string, sandbox bool) (string, error) {
	ip, err := NormalizeIP(myIP, sandbox)
	if err != nil {
		return "", fieldErrorOf("my-ip", myIP, err)
	}
	return strings.TrimSuffix(ip, "/32"), nil
}

// snapshot maps the stack's objects, found by their role tags, and the
// VPC's untagged ones (main table, default group and ACL) into what the
// analysis reads.
func snapshot(p Plan, inv aws.Inventory, net aws.Network, myIP string) reach.Snapshot {
	s := reach.Snapshot{MyIP: myIP}
	var vpcID string
	if f, ok := inv.One("vpc"); ok && f.VPC != nil {
		vpcID, s.VPCCIDR = f.ID, sdk.ToString(f.VPC.CidrBlock)
	}
	var eips []types.Address
	natSeen, igwSeen := map[string]bool{}, map[string]bool{}
	for _, f := range inv.All() {
		switch {
		case f.Address != nil:
			eips = append(eips, *f.Address)
		case f.Subnet != nil:
			s.Subnets = append(s.Subnets, reach.SubnetFromSDK(*f.Subnet))
		case f.NAT != nil:
			natSeen[f.ID] = true
			s.NATs = append(s.NATs, reach.NATFromSDK(*f.NAT))
		case f.IGW != nil:
			igwSeen[f.ID] = true
			s.IGWs = append(s.IGWs, reach.IGWFromSDK(*f.IGW, vpcID))
		}
	}
	// The VPC's own lists add what the stack did not tag, so a route to
	// such a gateway is still recognised.
	for _, n := range net.NATGateways {
		if id := sdk.ToString(n.NatGatewayId); !natSeen[id] && n.State != types.NatGatewayStateDeleted {
			s.NATs = append(s.NATs, reach.NATFromSDK(n))
		}
	}
	for _, g := range net.InternetGateways {
		if !igwSeen[sdk.ToString(g.InternetGatewayId)] {
			s.IGWs = append(s.IGWs, reach.IGWFromSDK(g, vpcID))
		}
	}
	for _, t := range net.RouteTables {
		s.RouteTables = append(s.RouteTables, reach.RouteTableFromSDK(t))
	}
	for _, g := range net.SecurityGroups {
		s.Groups = append(s.Groups, reach.GroupFromSDK(g))
	}
	if net.NetworkACLs != nil {
		s.NACLs = []reach.NACL{}
		for _, a := range net.NetworkACLs {
			s.NACLs = append(s.NACLs, reach.NACLFromSDK(a))
		}
	}
	for _, r := range p.Resources {
		if r.Kind != aws.KindInstance {
			continue
		}
		f, ok := one(inv, r.Role)
		if !ok || f.Instance == nil {
			continue
		}
		in := reach.InstanceFromSDK(f.Instance, eips)
		switch r.Server {
		case ServerWeb:
			s.Web = in
		case ServerDB:
			s.DB = in
		case ServerBastion:
			s.Bastion = in
		}
	}
	return s
}
