package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// plan's table fits 100 columns in both languages, every name and CIDR
// whole and every detail said (wrapped, not cut); --wide is one line per
// resource with the dependencies.
func TestPlan_Fits100Columns(t *testing.T) {
	p, err := steps.BuildPlan(steps.Inputs{Prefix: "stu12", MyIP: "203.0.113.7"}.WithDefaults(), []string{"ap-northeast-2a", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []catalog.Lang{catalog.EN, catalog.KO} {
		var b strings.Builder
		printPlan(&b, l, p, false, 100)
		out := b.String()
		for _, line := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(line); w > 100 {
				t.Errorf("%s: a line of %d columns: %q", l, w, line)
			}
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, r := range p.Resources {
			if !strings.Contains(out, r.Name) || (r.CIDR != "" && !strings.Contains(out, r.CIDR)) {
				t.Errorf("%s: %s or its CIDR is not whole:\n%s", l, r.Name, out)
			}
			if d := strings.Join(strings.Fields(r.DetailMsg.In(l)), " "); !strings.Contains(flat, d) {
				t.Errorf("%s: the details of %s are cut: %q", l, r.Name, d)
			}
		}
		b.Reset()
		printPlan(&b, l, p, true, 100)
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if len(lines) != len(p.Resources)+1 || !strings.Contains(lines[0], catalog.T(l, "cli.plan.header")[:4]) {
			t.Errorf("%s --wide: %d lines for %d resources:\n%s", l, len(lines), len(p.Resources), b.String())
		}
	}
}
