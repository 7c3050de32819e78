package steps

import (
	"errors"
	"net/netip"
	"strings"
)

// SpareBlocks returns the parts of the VPC that no used block covers, as the
// fewest CIDR blocks, in address order. Used blocks may overlap each other
// and may reach outside the VPC; only what lies inside it counts. The
// default layout of a /24 leaves 192.168.11.192/26.
func SpareBlocks(vpc string, used []string) ([]string, error) {
	v, err := netip.ParsePrefix(vpc)
	if err != nil || !v.Addr().Is4() {
		return nil, newFieldError("vpc-cidr", vpc, "vpc-cidr.format")
	}
	blocks := make([]netip.Prefix, 0, len(used))
	for _, u := range used {
		p, err := netip.ParsePrefix(u)
		if err != nil || !p.Addr().Is4() {
			return nil, newFieldError("subnets", u, "subnet.example")
		}
		blocks = append(blocks, p.Masked())
	}
	var out []string
	var free func(p netip.Prefix)
	free = func(p netip.Prefix) {
		overlaps := false
		for _, b := range blocks {
			if b.Bits() <= p.Bits() && b.Contains(p.Addr()) {
				return // wholly used
			}
			if b.Overlaps(p) {
				overlaps = true
			}
		}
		if !overlaps {
			out = append(out, p.String())
			return
		}
		// Partly used: a used block lies inside p, so p is wider than a
		// single address and splits into two halves.
		lo := netip.PrefixFrom(p.Addr(), p.Bits()+1)
		a := p.Addr().As4()
		n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		n += 1 << (31 - p.Bits())
		hi := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), p.Bits()+1)
		free(lo)
		free(hi)
	}
	free(v.Masked())
	return out, nil
}

// Addresses is how many IPv4 addresses a block holds (0 when it is not one).
func Addresses(block string) int {
	p, err := netip.ParsePrefix(block)
	if err != nil || !p.Addr().Is4() {
		return 0
	}
	return 1 << (32 - p.Bits())
}

// SubnetError is the problem of one subnet of in (key is one of
// SubnetKeys), for a form that shows each problem under its own field.
// SubnetCIDRs reports an overlap on the later of the two subnets only; here
// it is the problem of both. A problem of another subnet alone is nil.
func SubnetError(in Inputs, key string) error {
	_, err := SubnetCIDRs(in)
	var fe *FieldError
	if !errors.As(err, &fe) {
		return err
	}
	field := "subnets." + key
	other, isSubnet := strings.CutPrefix(fe.Field, "subnets.")
	if fe.Field == field || !isSubnet {
		return fe
	}
	cur := map[string]string{}
	if defaults, err := SubnetCIDRs(Inputs{VPCCIDR: in.VPCCIDR}); err == nil {
		cur = defaults
	}
	for k, v := range in.Subnets {
		cur[k] = v
	}
	mine, err1 := netip.ParsePrefix(cur[key])
	theirs, err2 := netip.ParsePrefix(cur[other])
	if err1 == nil && err2 == nil && mine.Overlaps(theirs) {
		return overlapError(field, cur[key], other, theirs.String())
	}
	return nil
}
