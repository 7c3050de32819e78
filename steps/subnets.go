package steps

import (
	"net"
	"net/netip"

	"github.com/apparentlymart/go-cidr/cidr"
)

// SubnetCIDRs returns the CIDR of each subnet (by SubnetKeys): the user's
// overrides, else the mission's layout scaled to the VPC: two public blocks
// of a quarter each, then internal and admin of an eighth each, leaving the
// last quarter spare.
func SubnetCIDRs(in Inputs) (map[string]string, error) {
	vpc, err := netip.ParsePrefix(in.VPCCIDR)
	if err != nil {
		return nil, newFieldError("vpc-cidr", in.VPCCIDR, "vpc-cidr.format")
	}
	out := map[string]string{}
	if vpc.Bits()+3 <= 28 {
		_, base, _ := net.ParseCIDR(vpc.String())
		layout := []struct {
			key     string
			newbits int
			num     int
		}{{"public-1", 2, 0}, {"public-2", 2, 1}, {"internal", 3, 4}, {"admin", 3, 5}}
		for _, l := range layout {
			n, err := cidr.Subnet(base, l.newbits, l.num)
			if err != nil {
				return nil, err
			}
			out[l.key] = n.String()
		}
	}
	for k, v := range in.Subnets {
		out[k] = v
	}
	for _, k := range SubnetKeys {
		if _, ok := out[k]; !ok {
			return nil, newFieldError("vpc-cidr", in.VPCCIDR, "vpc-cidr.small")
		}
	}
	seen := []netip.Prefix{}
	seenKeys := []string{}
	for _, k := range SubnetKeys {
		p, err := netip.ParsePrefix(out[k])
		field := "subnets." + k
		switch {
		case err != nil || !p.Addr().Is4():
			return nil, newFieldError(field, out[k], "subnet.format")
		case p.Bits() < 16 || p.Bits() > 28:
			return nil, newFieldError(field, out[k], "subnet.range")
		case vpc.Bits() > p.Bits() || !vpc.Contains(p.Addr()):
			return nil, newFieldError(field, out[k], "subnet.outside", vpc.String())
		case p.Masked() != p:
			return nil, newFieldError(field, out[k], "subnet.network", p.Masked().String())
		}
		for i, q := range seen {
			if q.Overlaps(p) {
				return nil, overlapError(field, out[k], seenKeys[i], q.String())
			}
		}
		seen = append(seen, p)
		seenKeys = append(seenKeys, k)
	}
	return out, nil
}

// overlapError is a subnet's block overlapping subnets.other's.
func overlapError(field, value, other, theirs string) *FieldError {
	return newFieldError(field, value, "subnet.overlap", other, theirs)
}

// UsableHosts is what a subnet leaves after AWS's five reserved addresses.
func UsableHosts(block string) int {
	p, err := netip.ParsePrefix(block)
	if err != nil {
		return 0
	}
	return 1<<(32-p.Bits()) - 5
}
