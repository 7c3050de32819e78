package steps

import (
	"sort"
	"strconv"
	"strings"

	"github.com/infrawiz/infrawiz/internal/catalog"

	"github.com/infrawiz/infrawiz/aws"
)

// The price table: AWS's public on-demand list prices in USD (Linux,
// shared tenancy), by region. PricesAsOf is when they were last checked.
//
//   - NAT gateway hours and public IPv4: https://aws.amazon.com/vpc/pricing/
//     Every public IPv4 address costs $0.005 per hour, in use or not, an
//     Elastic IP and the NAT gateway's own included, since 2024-02-01.
//   - Instance hours: https://aws.amazon.com/ec2/pricing/on-demand/
//   - gp3 storage per GB-month: https://aws.amazon.com/ebs/pricing/
//
// Those pages draw their per-region tables with script; the figures are the
// AWS Price List API's (the offer files the pages are drawn from), with
// the checks noted beside natPrices. The t3 family is priced in proportion
// to its size (nano 1/8 of a medium, micro 1/4, small 1/2, large 2×,
// xlarge 4×, 2xlarge 8×), as every region's price list has it, so one
// figure per region prices them all. Any other type is shown with its
// count and "price unknown", and the total is marked as a floor.
//
// Data transfer and the NAT gateway's per-GB processing charge depend on
// traffic and are left out; every cost display says so. A month is AWS's
// pricing calculator month of 730 hours. Check again when AWS changes its
// prices.
const (
	PricesAsOf    = "2026-11-25"
	PricesSource  = "aws.amazon.com/vpc/pricing, aws.amazon.com/ec2/pricing/on-demand, aws.amazon.com/ebs/pricing"
	HoursPerMonth = 730
)

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

// t3MediumPrices are a t3.medium's on-demand Linux price per hour (the
// mission's default type; the rest of the t3 family follows by size) and
// gp3Prices a gp3 GB-month, by region.
var (
	t3MediumPrices = map[string]float64{
		"us-east-1": 0.0416, "us-east-2": 0.0416, "us-west-1": 0.0496, "us-west-2": 0.0416,
		"ca-central-1": 0.0464, "sa-east-1": 0.0672,
		"eu-west-1": 0.0456, "eu-west-2": 0.0472, "eu-west-3": 0.0472, "eu-central-1": 0.048, "eu-north-1": 0.0432,
		"ap-northeast-1": 0.0544, "ap-northeast-2": 0.052, "ap-northeast-3": 0.0544,
		"ap-southeast-1": 0.0528, "ap-southeast-2": 0.0528, "ap-south-1": 0.0448,
	}
	gp3Prices = map[string]float64{
		"us-east-1": 0.08, "us-east-2": 0.08, "us-west-1": 0.096, "us-west-2": 0.08,
		"ca-central-1": 0.088, "sa-east-1": 0.152,
		"eu-west-1": 0.088, "eu-west-2": 0.0928, "eu-west-3": 0.0928, "eu-central-1": 0.0952, "eu-north-1": 0.0836,
		"ap-northeast-1": 0.096, "ap-northeast-2": 0.0912, "ap-northeast-3": 0.096,
		"ap-southeast-1": 0.096, "ap-southeast-2": 0.096, "ap-south-1": 0.0912,
	}
	t3Sizes = map[string]float64{
		"t3.nano": 0.125, "t3.micro": 0.25, "t3.small": 0.5, "t3.medium": 1,
		"t3.large": 2, "t3.xlarge": 4, "t3.2xlarge": 8,
	}
)

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

// RegionPrices are one region's prices, in USD.
type RegionPrices struct {
	NATHour    float64
	IPv4Hour   float64
	GP3GBMonth float64
	t3Medium   float64
}

// InstanceHour is the on-demand price of one instance of type t per hour.
func (p RegionPrices) InstanceHour(t string) (float64, bool) {
	f, ok := t3Sizes[t]
	if !ok || p.t3Medium == 0 {
		return 0, false
	}
	return p.t3Medium * f, true
}

// Prices returns a region's prices; false when the table has no region of
// that name (then nothing is priced, rather than priced wrong).
func Prices(region string) (RegionPrices, bool) {
	nat, ok1 := natPrices[region]
	t3, ok2 := t3MediumPrices[region]
	gp3, ok3 := gp3Prices[region]
	if !ok1 || !ok2 || !ok3 {
		return RegionPrices{}, false
	}
	return RegionPrices{NATHour: nat, IPv4Hour: EIPPerHour, GP3GBMonth: gp3, t3Medium: t3}, true
}

// Billable is what of a stack is charged by the hour: the input of a cost
// estimate, counted from the plan (everything as planned) or from AWS (what
// exists now, in a state that bills).
type Billable struct {
	NATGateways int
	PublicIPv4  int
	// Instances counts running (or starting) instances by type; a stopped
	// instance bills only its volume.
	Instances map[string]int
	// DiskGB is the gp3 storage of every volume, attached or not.
	DiskGB int
}

// Any reports whether anything bills.
func (b Billable) Any() bool {
	n := b.NATGateways + b.PublicIPv4 + b.DiskGB
	for _, c := range b.Instances {
		n += c
	}
	return n > 0
}

// Add sums two counts.
func (b Billable) Add(o Billable) Billable {
	out := Billable{NATGateways: b.NATGateways + o.NATGateways, PublicIPv4: b.PublicIPv4 + o.PublicIPv4, DiskGB: b.DiskGB + o.DiskGB}
	for _, m := range []map[string]int{b.Instances, o.Instances} {
		for t, n := range m {
			if out.Instances == nil {
				out.Instances = map[string]int{}
			}
			out.Instances[t] += n
		}
	}
	return out
}

// CostItem is one line of a bill. Item is "nat", "ipv4", "instance" (Type
// set) or "gp3"; Count is gateways, addresses, instances or GB.
type CostItem struct {
	Item  string  `json:"item"`
	Type  string  `json:"type,omitempty"`
	Count int     `json:"count"`
	Unit  float64 `json:"unit_usd"`
	// UnitPer is what Unit is per: "hour" or "GB-month".
	UnitPer string  `json:"unit_per"`
	Hour    float64 `json:"usd_per_hour"`
	// Known is false for an instance type the table has no price for: its
	// line shows, its figures are left out of the total.
	Known bool `json:"known"`
}

// Cost is an itemised estimate for one region.
type Cost struct {
	Region string     `json:"region"`
	Items  []CostItem `json:"items"`
	Hour   float64    `json:"usd_per_hour"`
	Day    float64    `json:"usd_per_day"`
	Month  float64    `json:"usd_per_month"`
	// Priced is false when the region has no price table; then only the
	// counts are known.
	Priced bool `json:"priced"`
	// Partial is true when some line has no price: the total is a floor.
	Partial bool   `json:"partial,omitempty"`
	AsOf    string `json:"prices_as_of"`
}

// Estimate prices what bills. Rounding is left to the display: the sums
// here are exact to float precision, so a test can compare them with
// figures worked out by hand.
func Estimate(region string, b Billable) Cost {
	p, ok := Prices(region)
	c := Cost{Region: region, Priced: ok, AsOf: PricesAsOf}
	add := func(it CostItem) {
		if it.Count == 0 {
			return
		}
		if !ok {
			it.Known = false
		}
		if it.Known {
			c.Hour += it.Hour
		} else {
			it.Hour, it.Unit = 0, 0
			c.Partial = true
		}
		c.Items = append(c.Items, it)
	}
	add(CostItem{Item: "nat", Count: b.NATGateways, Unit: p.NATHour, UnitPer: "hour", Hour: float64(b.NATGateways) * p.NATHour, Known: true})
	add(CostItem{Item: "ipv4", Count: b.PublicIPv4, Unit: p.IPv4Hour, UnitPer: "hour", Hour: float64(b.PublicIPv4) * p.IPv4Hour, Known: true})
	types := make([]string, 0, len(b.Instances))
	for t := range b.Instances {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		price, known := p.InstanceHour(t)
		add(CostItem{Item: "instance", Type: t, Count: b.Instances[t], Unit: price, UnitPer: "hour", Hour: float64(b.Instances[t]) * price, Known: known})
	}
	add(CostItem{Item: "gp3", Count: b.DiskGB, Unit: p.GP3GBMonth, UnitPer: "GB-month", Hour: float64(b.DiskGB) * p.GP3GBMonth / HoursPerMonth, Known: true})
	if !ok {
		c.Partial = false
	}
	c.Day = c.Hour * 24
	c.Month = c.Hour * HoursPerMonth
	return c
}

// USD formats an amount for a person: cents for amounts of a dollar or
// more, three decimals below (an hour of a small stack is a few cents).
func USD(v float64) string {
	if v >= 1 || v == 0 {
		return "$" + ftoa(v, 2)
	}
	return "$" + ftoa(v, 3)
}

// UnitPrice formats a price list's figure as the list has it, to the
// tenth of a cent ($0.0912, $0.059, $0.005).
func UnitPrice(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") || len(s)-strings.IndexByte(s, '.') < 3 {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	return "$" + s
}

func ftoa(v float64, prec int) string {
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// PlanBillable counts what the plan will bill once built: each NAT gateway,
// every Elastic IP (the NAT's, web's and the bastion's), each server at the
// chosen type with its root volume.
func PlanBillable(p Plan) Billable {
	b := Billable{Instances: map[string]int{}}
	for _, r := range p.Resources {
		switch r.Kind {
		case aws.KindNATGateway:
			b.NATGateways++
		case aws.KindElasticIP:
			b.PublicIPv4++
		case aws.KindInstance:
			b.Instances[p.Inputs.InstanceType]++
			b.DiskGB += int(p.Inputs.DiskGB)
		}
	}
	return b
}

// CostRow is one line of the bill as the faces show it: what, how many at
// what price, and what that comes to per hour and per month.
type CostRow struct {
	Item, Qty, Hour, Month catalog.Localized
}

// Bill is the estimate said for a person: a title, one row per item and
// the total, and the notes on what it leaves out. now says whether it is
// what bills now (status) or what will bill once built (plan).
func (c Cost) Bill(now bool) (title catalog.Message, rows []CostRow, notes []catalog.Message) {
	title = catalog.Msg("cost.title", c.Region, PricesAsOf)
	if now {
		title = catalog.Msg("cost.title.now", c.Region, PricesAsOf)
	}
	if len(c.Items) == 0 {
		return title, nil, []catalog.Message{catalog.Msg("cost.none")}
	}
	unknown := catalog.Msg("cost.unknown")
	for _, it := range c.Items {
		row := CostRow{Hour: unknown, Month: catalog.Verbatim("")}
		switch it.Item {
		case "nat":
			row.Item = catalog.Msg("cost.item.nat")
		case "ipv4":
			row.Item = catalog.Msg("cost.item.ipv4")
		case "instance":
			row.Item = catalog.Msg("cost.item.server", it.Type)
		case "gp3":
			row.Item = catalog.Msg("cost.item.gp3")
		}
		switch {
		case !it.Known:
			row.Qty = catalog.Verbatim(strconv.Itoa(it.Count))
		case it.Item == "gp3":
			row.Qty = catalog.Msg("cost.qty.gb", it.Count, UnitPrice(it.Unit))
		default:
			row.Qty = catalog.Msg("cost.qty.hour", it.Count, UnitPrice(it.Unit))
		}
		if it.Known {
			row.Hour = catalog.Msg("cost.per.hour", USD(it.Hour))
			row.Month = catalog.Msg("cost.per.month", USD(it.Hour*HoursPerMonth))
		}
		rows = append(rows, row)
	}
	if c.Priced {
		// An item without a price makes the total a floor, and says so.
		sfx := ""
		if c.Partial {
			sfx = ".floor"
		}
		rows = append(rows, CostRow{
			Item:  catalog.Msg("cost.total"),
			Qty:   catalog.Msg("cost.total.day"+sfx, USD(c.Day)),
			Hour:  catalog.Msg("cost.per.hour"+sfx, USD(c.Hour)),
			Month: catalog.Msg("cost.per.month"+sfx, USD(c.Month)),
		})
		nat, _ := NATPrice(c.Region)
		notes = append(notes, catalog.Msg("cost.excluded", UnitPrice(nat)), catalog.Msg("cost.month.note"))
	} else {
		notes = append(notes, catalog.Msg("cost.noprices", c.Region))
	}
	return title, rows, notes
}

// Short is the estimate on one line: per hour, day and month.
func (c Cost) Short() catalog.Message {
	if c.Hour == 0 {
		return catalog.Msg("cost.short.none")
	}
	if c.Partial {
		return catalog.Msg("cost.short.floor", USD(c.Hour), USD(c.Day), USD(c.Month))
	}
	return catalog.Msg("cost.short", USD(c.Hour), USD(c.Day), USD(c.Month))
}
