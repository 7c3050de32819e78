package steps

import (
	"math"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// The default stack's bill, worked out by hand from the price table:
//
//	ap-northeast-2: NAT 0.059 + 3 addresses × 0.005 + 3 × t3.medium 0.052
//	  = 0.230 per hour; 90 GB × 0.0912 = 8.208 per month.
//	  Month = 0.230 × 730 + 8.208 = 167.90 + 8.208 = 176.108.
//	us-east-1: 0.045 + 0.015 + 3 × 0.0416 = 0.1848 per hour;
//	  90 × 0.08 = 7.20 per month. Month = 0.1848 × 730 + 7.20 = 142.104.
func TestEstimate_DefaultStackByHand(t *testing.T) {
	for _, tc := range []struct {
		region      string
		nat, month  float64
		hour, perGB float64
	}{
		{"ap-northeast-2", 0.059, 176.108, 176.108 / 730, 0.0912},
		{"us-east-1", 0.045, 142.104, 142.104 / 730, 0.08},
	} {
		t.Run(tc.region, func(t *testing.T) {
			in := Inputs{Prefix: "stu1", Region: tc.region, MyIP: "203.0.113.9", PublicKey: ""}.WithDefaults()
			p, err := BuildPlan(in, []string{tc.region + "a", tc.region + "c"})
			if err != nil {
				t.Fatal(err)
			}
			b := PlanBillable(p)
			if b.NATGateways != 1 || b.PublicIPv4 != 3 || b.Instances["t3.medium"] != 3 || b.DiskGB != 90 {
				t.Fatalf("billable = %+v, want 1 NAT, 3 addresses, 3 t3.medium, 90 GB", b)
			}
			c := Estimate(tc.region, b)
			if !c.Priced || c.Partial {
				t.Fatalf("priced=%v partial=%v", c.Priced, c.Partial)
			}
			near(t, "month", c.Month, tc.month)
			near(t, "hour", c.Hour, tc.hour)
			near(t, "day", c.Day, tc.hour*24)
			if len(c.Items) != 4 || c.Items[0].Item != "nat" || c.Items[0].Hour != tc.nat ||
				c.Items[3].Item != "gp3" || c.Items[3].Unit != tc.perGB {
				t.Errorf("items = %+v", c.Items)
			}
		})
	}
}

// Without the NAT gateway the stack loses the gateway and its address:
// 176.108 − 0.059 × 730 − 0.005 × 730 = 176.108 − 43.07 − 3.65 = 129.388.
func TestEstimate_NoNATDropsGatewayAndItsAddress(t *testing.T) {
	in := Inputs{Prefix: "stu1", Region: "ap-northeast-2", MyIP: "203.0.113.9", NoNAT: true}.WithDefaults()
	p, err := BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	c := Estimate(in.Region, PlanBillable(p))
	near(t, "month", c.Month, 129.388)
}

func TestEstimate_UnknownTypeAndRegion(t *testing.T) {
	c := Estimate("ap-northeast-2", Billable{Instances: map[string]int{"m7i.48xlarge": 1, "t2.micro": 0, "t3.micro": 2}, DiskGB: 16})
	if !c.Partial {
		t.Error("an unpriced type must make the total a floor")
	}
	// 2 × 0.013 + 16 × 0.0912 / 730
	near(t, "hour", c.Hour, 0.026+16*0.0912/730)
	c = Estimate("mars-north-1", Billable{NATGateways: 1})
	if c.Priced || c.Hour != 0 || len(c.Items) != 1 || c.Items[0].Known {
		t.Errorf("unknown region = %+v", c)
	}
	if (Billable{}).Any() || !(Billable{DiskGB: 8}).Any() {
		t.Error("Any")
	}
}

func TestUnitPrice(t *testing.T) {
	for v, want := range map[float64]string{0.0912: "$0.0912", 0.059: "$0.059", 0.005: "$0.005", 0.0416: "$0.0416", 0.08: "$0.08", 0.1: "$0.10", 1.5: "$1.50"} {
		if got := UnitPrice(v); got != want {
			t.Errorf("UnitPrice(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestUSD(t *testing.T) {
	for v, want := range map[float64]string{0: "$0.00", 0.2412: "$0.241", 176.108: "$176.11", 5.78985: "$5.79", 0.0049: "$0.005"} {
		if got := USD(v); got != want {
			t.Errorf("USD(%v) = %q, want %q", v, got, want)
		}
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.9f, want %.9f", what, got, want)
	}
}

// A region is priced whole or not at all: a table that lacks one of the
// three figures would silently price that part at zero.
func TestPrices_EveryRegionWhole(t *testing.T) {
	for _, m := range []map[string]float64{t3MediumPrices, gp3Prices} {
		if len(m) != len(natPrices) {
			t.Errorf("%d regions against %d NAT prices", len(m), len(natPrices))
		}
	}
	for region := range natPrices {
		p, ok := Prices(region)
		if !ok {
			t.Errorf("%s: not priced whole", region)
			continue
		}
		if h, _ := p.InstanceHour("t3.medium"); h < 0.03 || h > 0.08 {
			t.Errorf("%s: t3.medium at $%v per hour looks wrong", region, h)
		}
		if p.GP3GBMonth < 0.06 || p.GP3GBMonth > 0.2 {
			t.Errorf("%s: gp3 at $%v per GB-month looks wrong", region, p.GP3GBMonth)
		}
	}
	if h, ok := mustPrices(t, "us-east-1").InstanceHour("t3.micro"); !ok || math.Abs(h-0.0104) > 1e-12 {
		t.Errorf("t3.micro in us-east-1 = %v, want 0.0104 (a quarter of a medium)", h)
	}
}

func mustPrices(t *testing.T, region string) RegionPrices {
	p, ok := Prices(region)
	if !ok {
		t.Fatalf("%s not priced", region)
	}
	return p
}

// The bill as a student reads it, in both languages, for the default stack
// in Seoul (figures as worked out above).
func TestCost_BillSaysTheFigures(t *testing.T) {
	in := Inputs{Prefix: "stu1", Region: "ap-northeast-2", MyIP: "203.0.113.9"}.WithDefaults()
	p, err := BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	c := Estimate(in.Region, PlanBillable(p))
	render := func(l catalog.Lang) []string {
		title, rows, notes := c.Bill(false)
		out := []string{title.In(l)}
		for _, r := range rows {
			out = append(out, strings.Join([]string{r.Item.In(l), r.Qty.In(l), r.Hour.In(l), r.Month.In(l)}, " | "))
		}
		for _, n := range notes {
			out = append(out, n.In(l))
		}
		return out
	}
	wantEN := []string{
		"What it costs while it exists (ap-northeast-2, on-demand prices of " + PricesAsOf + "):",
		"NAT gateway | 1 × $0.059/h | $0.059/h | $43.07/month",
		"Public IPv4 addresses | 3 × $0.005/h | $0.015/h | $10.95/month",
		"t3.medium servers | 3 × $0.052/h | $0.156/h | $113.88/month",
		"gp3 storage (EBS) | 90 GB × $0.0912/GB-month | $0.011/h | $8.21/month",
		"Total | $5.79 a day | $0.241/h | $176.11/month",
		"Data transfer and the NAT gateway's data processing ($0.059 per GB) are not included.",
		"A month is 730 hours, as AWS's calculator counts it.",
	}
	if got := render(catalog.EN); strings.Join(got, "\n") != strings.Join(wantEN, "\n") {
		t.Errorf("English bill:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantEN, "\n"))
	}
	ko := render(catalog.KO)
	if ko[1] != "NAT 게이트웨이 | 1 × 시간당 $0.059 | 시간당 $0.059 | 월 $43.07" || ko[5] != "합계 | 하루 $5.79 | 시간당 $0.241 | 월 $176.11" {
		t.Errorf("Korean bill:\n%s", strings.Join(ko, "\n"))
	}
	if got := c.Short().In(catalog.EN); got != "$0.241/h · $5.79/day · $176.11/month" {
		t.Errorf("short = %q", got)
	}
}
