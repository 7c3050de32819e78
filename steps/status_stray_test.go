package steps

import (
	"testing"

	"github.com/infrawiz/infrawiz/aws"
)

// A stray object's step comes from its role: a duplicate of a planned
// role belongs to that role's step, an unknown role to none ("-"), never
// to the first step by default.
func TestBuildReport_StrayStepFromRole(t *testing.T) {
	in := Inputs{Prefix: "lab", MyIP: "203.0.113.7/32"}.WithDefaults()
	p, err := BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	inv := aws.Inventory{ByRole: map[string][]aws.Found{
		"vpc":        {{Role: "vpc", ID: "vpc-1", Name: "lab-vpc", Kind: aws.KindVPC}, {Role: "vpc", ID: "vpc-2", Name: "lab-vpc", Kind: aws.KindVPC}},
		"ec2-public": {{Role: "ec2-public", ID: "i-1", Kind: aws.KindInstance}, {Role: "ec2-public", ID: "i-2", Kind: aws.KindInstance}},
		"old":        {{Role: "old", ID: "sg-9", Name: "lab-sg-old", Kind: aws.KindSecurityGroup}},
	}}
	rep := BuildReport(p, inv, "123456789012")
	want := map[string]string{"vpc-2": "vpc", "i-2": "", "sg-9": "-"}
	for _, r := range p.Resources {
		if r.Role == "ec2-public" {
			want["i-2"] = r.Step.String()
		}
	}
	if want["i-2"] == "" || want["i-2"] == "key" {
		t.Fatalf("the plan has no web server role ec2-public outside the key step")
	}
	if len(rep.Stray) != len(want) {
		t.Fatalf("stray = %+v, want the ids %v", rep.Stray, want)
	}
	for _, row := range rep.Stray {
		if row.Step != want[row.ID] {
			t.Errorf("stray %s (role %s): step %q, want %q", row.ID, row.Role, row.Step, want[row.ID])
		}
	}
}
