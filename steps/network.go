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
		return nil, newFieldError("vpc-cidr", vpc, "vpc-cidr.format", "an IPv4 CIDR block such as 192.168.11.0/24")
	}
	blocks := make([]netip.Prefix, 0, len(used))
	for _, u := range used {
		p, err := netip.ParsePrefix(u)
		if err != nil || !p.Addr().Is4() {
			return nil, newFieldError("subnets", u, "subnet.example", "an IPv4 CIDR block such as 192.168.11.0/26")
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

// HoursPerMonth is the month AWS's price pages use: 730 hours.
const HoursPerMonth = 730

// EIPPerHour is what AWS charges for each public IPv4 address, an Elastic
// IP included, per hour (since February 2024, in every commercial region).
const EIPPerHour = 0.005

// natPrices are public on-demand NAT gateway prices per hour, in USD, by
// region (each GB the gateway processes costs extra, at the same rate).
//
// Checked on 2026-11-25, and found right. The source is
// https://aws.amazon.com/vpc/pricing/ ("NAT Gateway" tab), but that page
// draws its per-region table with script, so the figures were checked
// against copies of it:
//   - us-east-1/us-east-2 at $0.045: the page's own Ohio example, as
//     transcribed on 2026-09-20 (github.com/api-evangelist/amazon-vpc,
//     plans/amazon-vpc-plans-pricing.yml);
//   - ap-northeast-2 (Seoul) at $0.059: a real bill's Cost Explorer line
//     APN2-NatGateway-Hours of 36.05 USD for 611 Hrs (0.0590/h), and the
//     AWS Price List API as of 2026-08 (APN2-NatGateway-Hours 0.059);
//   - ap-southeast-1 at $0.059, eu-west-1 at $0.048, ap-northeast-1 at
//     $0.062 and the rest: the Price List API's "per NAT Gateway Hour"
//     rates as other tools record them.
//
// Check again when AWS changes its prices.
var natPrices = map[string]float64{
	"us-east-1":      0.045,
	"us-east-2":      0.045,
	"us-west-1":      0.048,
	"us-west-2":      0.045,
	"ca-central-1":   0.050,
	"sa-east-1":      0.093,
	"eu-west-1":      0.048,
	"eu-west-2":      0.050,
	"eu-west-3":      0.050,
	"eu-central-1":   0.052,
	"eu-north-1":     0.046,
	"ap-northeast-1": 0.062,
	"ap-northeast-2": 0.059,
	"ap-northeast-3": 0.062,
	"ap-southeast-1": 0.059,
	"ap-southeast-2": 0.059,
	"ap-south-1":     0.056,
}

// NATPrice is the hourly price of a NAT gateway in region. For a region not
// in the table it returns the us-east-1 price with known false, so the
// caller can say "about".
func NATPrice(region string) (perHour float64, known bool) {
	if p, ok := natPrices[region]; ok {
		return p, true
	}
	return natPrices["us-east-1"], false
}

// Monthly is an hourly price over a month of HoursPerMonth, in cents
// rounded, so that the sums shown add up.
func Monthly(perHour float64) float64 {
	return float64(int64(perHour*HoursPerMonth*100+0.5)) / 100
}
