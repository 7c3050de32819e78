package steps

import (
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/reach"
)

// Without the NAT gateway, the DB's closed way out says it is the choice
// made, and the commands that give a stack with one; with the NAT gateway,
// the same closed path is left as the analysis says it (a mistake).
func TestExplainChoices_NoNATSaysWhy(t *testing.T) {
	closed := func() []reach.Path {
		return []reach.Path{
			{ID: reach.DBToInternet, Want: true, Open: false, Because: "mhson-rt-internal has no route to 0.0.0.0/0"},
			{ID: reach.WebToDB3306, Want: true, Open: true, Because: "ok"},
		}
	}
	in := Inputs{Prefix: "mhson", Region: "ap-northeast-2", NoNAT: true}.WithDefaults()
	got := explainChoices(Plan{Inputs: in}, closed())
	db := got[0]
	for _, l := range []catalog.Lang{catalog.EN, catalog.KO} {
		s := db.Said().In(l)
		if !strings.Contains(s, "--no-nat") || !strings.Contains(s, "infrawiz destroy --prefix mhson --region ap-northeast-2 --yes") ||
			!strings.Contains(s, "infrawiz apply --prefix mhson --region ap-northeast-2 --yes") || !strings.Contains(s, "mhson-rt-internal") {
			t.Errorf("%s: %q", l, s)
		}
	}
	if !strings.Contains(db.Because, "--no-nat") || got[1].Because != "ok" {
		t.Errorf("Because: %q; others: %+v", db.Because, got[1])
	}
	in.NoNAT = false
	if got := explainChoices(Plan{Inputs: in}, closed()); strings.Contains(got[0].Because, "--no-nat") {
		t.Errorf("with a NAT gateway: %q", got[0].Because)
	}
}
