package tui

import (
	"fmt"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// planDetail is what the plan says about a resource, in the user's
// language. The plan words its Detail in English for the command line; in
// English it is shown as it is, otherwise it is said again from the
// resource's own fields.
func planDetail(sh Shared, p steps.Plan, r steps.Resource) string {
	if sh.Lang == catalog.EN {
		return r.Detail
	}
	return derivedDetail(sh, p, r)
}

// derivedDetail is a resource's Detail said from its fields in sh's
// language; in English it reads as the plan's own (a test holds them to
// it).
func derivedDetail(sh Shared, p steps.Plan, r steps.Resource) string {
	name := func(role steps.Role) string {
		if x, ok := p.Get(role); ok {
			return x.Name
		}
		return string(role)
	}
	switch r.Kind {
	case aws.KindKeyPair:
		if p.Inputs.PublicKey != "" {
			return sh.T("detail.key.import", p.Inputs.PublicKey)
		}
		return sh.T("detail.key.new", "~/.ssh/"+r.Name+".pem")
	case aws.KindVPC:
		return sh.T("detail.vpc")
	case aws.KindSubnet:
		return sh.T("detail.subnet", steps.UsableHosts(r.CIDR))
	case aws.KindInternetGateway:
		return sh.T("detail.igw", name("vpc"))
	case aws.KindElasticIP:
		for _, x := range p.Resources {
			if x.EIPRole == r.Role && x.Kind == aws.KindInstance {
				return sh.T("detail.eip.server", x.Name)
			}
		}
		return sh.T("detail.eip.nat")
	case aws.KindNATGateway:
		return sh.T("detail.nat", name(r.SubnetRole))
	case aws.KindRouteTable:
		names := make([]string, len(r.SubnetRoles))
		for i, s := range r.SubnetRoles {
			names[i] = name(s)
		}
		return sh.T("detail.rt", strings.Join(names, ", "))
	case aws.KindSecurityGroup:
		if _, ok := catalog.Lookup("detail." + string(r.Role)); ok {
			return sh.T("detail." + string(r.Role))
		}
	case aws.KindSGRules:
		parts := make([]string, len(r.Rules))
		for i, rule := range r.Rules {
			port := fmt.Sprintf("%s %d", rule.Protocol, rule.FromPort)
			if rule.Protocol == "icmp" {
				port = "icmp"
			}
			src := rule.CIDR
			if rule.SourceRole != "" {
				src = name(rule.SourceRole)
			}
			if src == "" {
				src = sh.T("detail.rule.myip")
			}
			parts[i] = sh.T("detail.rule", port, src)
		}
		return strings.Join(parts, "; ")
	case aws.KindInstance:
		return sh.T("detail.server", sh.T("detail.server."+r.Server), p.Inputs.InstanceType, p.Inputs.DiskGB, name(r.SubnetRole))
	case aws.KindRoute:
	}
	return r.Detail // a route: "0.0.0.0/0 -> lab-igw" reads the same in every language
}
