package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

// TestLocalize_PreflightFindings: what the check before the first create
// finds is infrawiz's own finding, not AWS's words, so Korean says all of
// it in Korean; English reads as the command line prints it. The findings
// come from a real preflight against moto: four Elastic IPs already held
// leave no room for the mission's three, and an instance type no zone
// offers.
func TestLocalize_PreflightFindings(t *testing.T) {
	emu := testenv.Moto(t)
	ctx := context.Background()
	client := testenv.Client(t, emu.Endpoint, "ap-northeast-2")
	for range 4 {
		if _, err := client.EC2.AllocateAddress(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := client.Preflight(ctx, aws.Needs{ElasticIPs: 3, VPCs: 1, InstanceType: "x9.nano", Zones: []string{"ap-northeast-2a"}})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, p := range problems {
		keys[p.Key] = true
		if got := catalog.T(catalog.EN, "preflight."+p.Key, p.Args...); got != p.Message {
			t.Errorf("preflight.%s in English:\n got %q\nwant %q", p.Key, got, p.Message)
		}
	}
	if !keys["eips"] || !keys["offering"] {
		t.Fatalf("the preflight found %+v; want the Elastic IP quota and the offering", problems)
	}
	err = &steps.PreflightError{Problems: problems}
	if got := catalog.Text(catalog.EN, err); got != err.Error() {
		t.Errorf("English:\n got %q\nwant %q", got, err.Error())
	}
	ko := catalog.Text(catalog.KO, err)
	if en := catalog.EnglishLeft(ko); en != "" {
		t.Errorf("Korean %q has English left in it: %q", ko, en)
	}
	if !strings.Contains(ko, "x9.nano") || !strings.Contains(ko, "탄력적 IP") {
		t.Errorf("Korean lost the facts: %q", ko)
	}
	if steps.KindOf(err) != steps.KindQuota && steps.KindOf(err) != steps.KindCapacity {
		t.Errorf("kind %q", steps.KindOf(err))
	}
	if !errors.Is(err, problems[0].Kind) {
		t.Errorf("the error is not its first problem's kind")
	}
}
