package steps

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestSpareBlocks(t *testing.T) {
	tests := []struct {
		name string
		vpc  string
		used []string
		want []string
	}{
		{"default layout", "192.168.11.0/24", []string{"192.168.11.0/26", "192.168.11.64/26", "192.168.11.128/27", "192.168.11.160/27"}, []string{"192.168.11.192/26"}},
		{"nothing used", "192.168.11.0/24", nil, []string{"192.168.11.0/24"}},
		{"all used", "192.168.11.0/24", []string{"192.168.11.0/25", "192.168.11.128/25"}, nil},
		{"the VPC itself", "10.0.0.0/16", []string{"10.0.0.0/16"}, nil},
		{"first quarter", "192.168.11.0/24", []string{"192.168.11.0/26"}, []string{"192.168.11.64/26", "192.168.11.128/25"}},
		{"last address", "192.168.11.0/28", []string{"192.168.11.15/32"}, []string{"192.168.11.0/29", "192.168.11.8/30", "192.168.11.12/31", "192.168.11.14/32"}},
		{"hole in the middle", "10.0.0.0/16", []string{"10.0.5.0/24"}, []string{
			"10.0.0.0/22", "10.0.4.0/24", "10.0.6.0/23", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17",
		}},
		{"overlapping used", "192.168.11.0/24", []string{"192.168.11.0/25", "192.168.11.0/26", "192.168.11.64/27"}, []string{"192.168.11.128/25"}},
		{"gaps between", "192.168.11.0/24", []string{"192.168.11.0/26", "192.168.11.128/27"}, []string{"192.168.11.64/26", "192.168.11.160/27", "192.168.11.192/26"}},
		{"used outside the VPC", "192.168.11.0/24", []string{"10.0.0.0/8", "192.168.10.0/24"}, []string{"192.168.11.0/24"}},
		{"used wider than the VPC", "192.168.11.0/24", []string{"192.168.0.0/16"}, nil},
		{"host bits ignored", "192.168.11.0/24", []string{"192.168.11.5/25"}, []string{"192.168.11.128/25"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SpareBlocks(tt.vpc, tt.used)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SpareBlocks(%s, %v) = %v, want %v", tt.vpc, tt.used, got, tt.want)
			}
		})
	}
}

func TestSpareBlocks_BadInput(t *testing.T) {
	for _, tt := range []struct {
		vpc  string
		used []string
	}{
		{"nonsense", nil},
		{"2001:db8::/56", nil},
		{"192.168.11.0/24", []string{"192.168.11.0/26", "oops"}},
		{"192.168.11.0/24", []string{"2001:db8::/64"}},
	} {
		if _, err := SpareBlocks(tt.vpc, tt.used); !IsInput(err) {
			t.Errorf("SpareBlocks(%q, %q) error = %v, want bad input", tt.vpc, tt.used, err)
		}
	}
}

// The spare blocks and the subnets together are exactly the VPC.
func TestSpareBlocks_CoverTheVPC(t *testing.T) {
	for _, vpc := range []string{"192.168.11.0/24", "10.0.0.0/16", "172.16.4.0/22"} {
		cidrs, err := SubnetCIDRs(Inputs{VPCCIDR: vpc})
		if err != nil {
			t.Fatal(err)
		}
		var used []string
		total := 0
		for _, k := range SubnetKeys {
			used = append(used, cidrs[k])
			total += Addresses(cidrs[k])
		}
		spare, err := SpareBlocks(vpc, used)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range spare {
			total += Addresses(s)
		}
		if total != Addresses(vpc) {
			t.Errorf("%s: subnets and spare hold %d addresses, the VPC %d", vpc, total, Addresses(vpc))
		}
		if len(spare) != 1 {
			t.Errorf("%s: spare = %v, want the last quarter as one block", vpc, spare)
		}
	}
}

func TestAddresses(t *testing.T) {
	for block, want := range map[string]int{"192.168.11.0/24": 256, "10.0.0.0/16": 65536, "192.168.11.0/28": 16, "x": 0, "::/64": 0} {
		if got := Addresses(block); got != want {
			t.Errorf("Addresses(%q) = %d, want %d", block, got, want)
		}
	}
}

func TestNetworkSubnetError(t *testing.T) {
	base := Inputs{VPCCIDR: "192.168.11.0/24"}
	with := func(kv ...string) Inputs {
		in := base
		in.Subnets = map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			in.Subnets[kv[i]] = kv[i+1]
		}
		return in
	}
	tests := []struct {
		name    string
		in      Inputs
		key     string
		wantErr string // "" for none
	}{
		{"defaults", base, "public-1", ""},
		{"own problem", with("admin", "192.168.12.0/27"), "admin", "inside the VPC"},
		{"another's problem", with("admin", "192.168.12.0/27"), "public-1", ""},
		{"overlap on the later one", with("public-1", "192.168.11.128/26"), "internal", "overlap subnets.public-1"},
		{"overlap on the earlier one too", with("public-1", "192.168.11.128/26"), "public-1", "overlap subnets.internal (192.168.11.128/27)"},
		{"overlap not mine", with("public-1", "192.168.11.128/26"), "public-2", ""},
		{"not a network address", with("internal", "192.168.11.130/27"), "internal", "did you mean 192.168.11.128/27"},
		{"bad VPC", Inputs{VPCCIDR: "nope"}, "admin", "vpc-cidr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := SubnetError(tt.in, tt.key)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("SubnetError(%s) = %v, want nil", tt.key, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("SubnetError(%s) = %v, want one saying %q", tt.key, err, tt.wantErr)
			}
			var fe *FieldError
			if errors.As(err, &fe) && strings.HasPrefix(fe.Field, "subnets.") && fe.Field != "subnets."+tt.key {
				t.Errorf("error is on %s, want subnets.%s", fe.Field, tt.key)
			}
		})
	}
}

func TestNATPrice(t *testing.T) {
	tests := []struct {
		region  string
		perHour float64
		known   bool
		month   float64
	}{
		{"us-east-1", 0.045, true, 32.85},
		{"ap-northeast-2", 0.059, true, 43.07},
		{"ap-northeast-1", 0.062, true, 45.26},
		{"eu-central-1", 0.052, true, 37.96},
		{"xx-nowhere-9", 0.045, false, 32.85},
		{"", 0.045, false, 32.85},
	}
	for _, tt := range tests {
		p, known := NATPrice(tt.region)
		if p != tt.perHour || known != tt.known {
			t.Errorf("NATPrice(%q) = %v, %v; want %v, %v", tt.region, p, known, tt.perHour, tt.known)
		}
		if m := Monthly(p); math.Abs(m-tt.month) > 1e-9 {
			t.Errorf("Monthly(%v) = %v, want %v", p, m, tt.month)
		}
	}
	if m := Monthly(EIPPerHour); m != 3.65 {
		t.Errorf("an Elastic IP costs %v a month, want 3.65", m)
	}
	for region, p := range natPrices {
		if p < 0.04 || p > 0.1 {
			t.Errorf("%s: $%v per hour looks wrong for a NAT gateway", region, p)
		}
	}
}
