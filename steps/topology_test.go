package steps_test

import (
	"context"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/diagram"
	"github.com/infrawiz/infrawiz/internal/diagram/browser"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/steps"
)

var diagramPNG = flag.Bool("diagram-png", false, "write the diagram of the real stack to docs/diagram.png")

var seoulZones = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}

func topoPlan(t *testing.T, in steps.Inputs, zones []string) steps.Plan {
	t.Helper()
	if in.Prefix == "" {
		in.Prefix = "mhson"
	}
	in.MyIP = myIP
	p, err := steps.BuildPlan(in.WithDefaults(), zones)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTopology_PlanDrawsEveryResourcePlanned(t *testing.T) {
	p := topoPlan(t, steps.Inputs{}, seoulZones)
	top := steps.Topology(p, nil)
	if top.Stack != "mhson" || top.Region != "ap-northeast-2" || top.MyIP != myIP {
		t.Errorf("topology of %s in %s for %s", top.Stack, top.Region, top.MyIP)
	}
	if !slices.Equal(top.Zones, []string{"ap-northeast-2a", "ap-northeast-2c"}) {
		t.Errorf("zones %v, want a and c", top.Zones)
	}
	if !top.Planned() || len(top.Parts) != len(p.Resources) {
		t.Fatalf("planned %v, %d parts for %d resources", top.Planned(), len(top.Parts), len(p.Resources))
	}
	for i, r := range p.Resources {
		part := top.Parts[i]
		if part.Key != string(r.Role) || part.Name != r.Name || part.Kind.String() != r.Kind.String() || part.CIDR != r.CIDR || part.Zone != r.AZ {
			t.Errorf("part %d is %+v, for %+v", i, part, r)
		}
		if part.State != diagram.Planned || part.ID != "" || part.PrivateIP != "" || part.PublicIP != "" {
			t.Errorf("%s is not merely planned: %+v", r.Name, part)
		}
	}
	get := func(r steps.Role) diagram.Part {
		part, ok := top.Part(string(r))
		if !ok {
			t.Fatalf("no part %s", r)
		}
		return part
	}
	for role, tier := range map[steps.Role]diagram.Tier{
		steps.RoleSubnetPublic1: diagram.TierPublic, steps.RoleSubnetPublic2: diagram.TierPublic,
		steps.RoleSubnetInternal: diagram.TierInternal, steps.RoleSubnetAdmin: diagram.TierAdmin,
	} {
		if got := get(role).Tier; got != tier {
			t.Errorf("%s is tier %v, want %v", role, got, tier)
		}
	}
	for role, want := range map[steps.Role]struct {
		server          diagram.Server
		in, group, eipR steps.Role
	}{
		steps.RoleWeb:     {diagram.ServerWeb, steps.RoleSubnetPublic1, steps.RoleSGPublic, steps.RoleEIPWeb},
		steps.RoleDB:      {diagram.ServerDB, steps.RoleSubnetInternal, steps.RoleSGInternal, ""},
		steps.RoleBastion: {diagram.ServerBastion, steps.RoleSubnetAdmin, steps.RoleSGBastion, steps.RoleEIPBastion},
	} {
		s := get(role)
		if s.Server != want.server || s.In != string(want.in) || s.Group != string(want.group) || s.EIP != string(want.eipR) {
			t.Errorf("%s: %+v", role, s)
		}
	}
	if nat := get(steps.RoleNAT); nat.In != string(steps.RoleSubnetPublic1) || nat.EIP != string(steps.RoleEIPNAT) {
		t.Errorf("NAT gateway: %+v", nat)
	}
	for rt, want := range map[steps.Role]struct {
		route, target steps.Role
		serves        []string
	}{
		steps.RoleRTPublic:   {steps.RoleRoutePublic, steps.RoleIGW, []string{string(steps.RoleSubnetPublic1), string(steps.RoleSubnetPublic2)}},
		steps.RoleRTAdmin:    {steps.RoleRouteAdmin, steps.RoleIGW, []string{string(steps.RoleSubnetAdmin)}},
		steps.RoleRTInternal: {steps.RoleRouteInternal, steps.RoleNAT, []string{string(steps.RoleSubnetInternal)}},
	} {
		part := get(rt)
		if part.Route != string(want.route) || !slices.Equal(part.Serves, want.serves) || get(want.route).Target != string(want.target) {
			t.Errorf("%s: route %s to %s, serves %v", rt, part.Route, get(want.route).Target, part.Serves)
		}
	}
	// The flows are the check's paths, their ports the plan's rules'.
	want := map[string]struct {
		path  []steps.Role
		proto string
		port  int32
	}{
		reach.InternetToWeb8080: {[]steps.Role{"internet", steps.RoleIGW, steps.RoleWeb}, "tcp", 8080},
		reach.MeToBastion22:     {[]steps.Role{"me", steps.RoleIGW, steps.RoleBastion}, "tcp", 22},
		reach.BastionToWeb22:    {[]steps.Role{steps.RoleBastion, steps.RoleWeb}, "tcp", 22},
		reach.BastionToWebICMP:  {[]steps.Role{steps.RoleBastion, steps.RoleWeb}, "icmp", 0},
		reach.BastionToDB22:     {[]steps.Role{steps.RoleBastion, steps.RoleDB}, "tcp", 22},
		reach.BastionToDBICMP:   {[]steps.Role{steps.RoleBastion, steps.RoleDB}, "icmp", 0},
		reach.WebToDB3306:       {[]steps.Role{steps.RoleWeb, steps.RoleDB}, "tcp", 3306},
		reach.DBToInternet:      {[]steps.Role{steps.RoleDB, steps.RoleNAT, steps.RoleIGW, "internet"}, "all", 0},
	}
	if len(top.Flows) != len(want) {
		t.Errorf("%d flows, want %d", len(top.Flows), len(want))
	}
	for _, f := range top.Flows {
		w, ok := want[f.ID]
		path := make([]string, len(w.path))
		for i, r := range w.path {
			path[i] = string(r)
		}
		if !ok || !slices.Equal(f.Path, path) || f.Protocol != w.proto || f.Port != w.port {
			t.Errorf("flow %+v, want %+v", f, w)
		}
	}
}

func TestTopology_WithoutNATTheDatabaseHasNoWayOut(t *testing.T) {
	top := steps.Topology(topoPlan(t, steps.Inputs{NoNAT: true}, seoulZones), nil)
	for _, part := range top.Parts {
		if part.Kind == steps.KindNATGateway || part.Key == string(steps.RoleEIPNAT) {
			t.Errorf("no NAT gateway was planned, yet the diagram has %s", part.Name)
		}
	}
	if rt, _ := top.Part(string(steps.RoleRTInternal)); rt.Route != "" {
		t.Errorf("the internal route table has a route %q", rt.Route)
	}
	for _, f := range top.Flows {
		if f.ID == reach.DBToInternet {
			t.Error("a way out for the database without a NAT gateway")
		}
	}
	if len(top.Flows) != 7 {
		t.Errorf("%d flows, want 7", len(top.Flows))
	}
}

func TestTopology_ARegionWithTwoZones(t *testing.T) {
	top := steps.Topology(topoPlan(t, steps.Inputs{Region: "us-west-1"}, []string{"us-west-1a", "us-west-1c"}), nil)
	if !slices.Equal(top.Zones, []string{"us-west-1a", "us-west-1c"}) {
		t.Errorf("zones %v", top.Zones)
	}
	out := diagram.Terminal(top, steps.DiagramWords(catalog.EN), diagram.TermOptions{})
	for _, s := range []string{"us-west-1a", "us-west-1c", "mhson-subnet-public-1c"} {
		if !strings.Contains(out, s) {
			t.Errorf("the picture lacks %s:\n%s", s, out)
		}
	}
}

func TestTopology_ReportGivesEachPartItsLiveState(t *testing.T) {
	p := topoPlan(t, steps.Inputs{}, seoulZones)
	rep := steps.Report{Stack: "mhson", Region: region}
	state := map[steps.Role]string{
		steps.RoleVPC: "available", steps.RoleNAT: "pending", steps.RoleEIPNAT: "unassociated",
		steps.RoleWeb: "running", steps.RoleBastion: "stopped", steps.RoleDB: "shutting-down",
		steps.RoleRoutePublic: "active", steps.RoleRouteAdmin: "blackhole", steps.RoleRouteInternal: "missing",
		steps.RoleIGW: "attached", steps.RoleRulesPublic: "incomplete", steps.RoleKey: "ok",
	}
	for _, r := range p.Resources {
		row := steps.Row{Name: r.Name, Kind: r.Kind.String(), Role: r.Role, ID: "id-" + string(r.Role), State: "missing"}
		if s, ok := state[r.Role]; ok {
			row.State = s
		}
		if row.State == "missing" {
			row.ID = "-"
		}
		if r.Role == steps.RoleWeb {
			row.PrivateIP, row.PublicIP = "192.168.11.10", "3.35.120.7"
		}
		rep.Rows = append(rep.Rows, row)
	}
	rep.Stray = []steps.Row{{Name: "mhson-vpc", Kind: "vpc", ID: "vpc-stray", State: "available", Role: steps.RoleVPC}}
	top := steps.Topology(p, &rep)
	if top.Planned() {
		t.Fatal("a stack with resources drawn as a plan")
	}
	for role, want := range map[steps.Role]diagram.State{
		steps.RoleVPC: diagram.Ready, steps.RoleNAT: diagram.Pending, steps.RoleEIPNAT: diagram.Pending,
		steps.RoleWeb: diagram.Ready, steps.RoleBastion: diagram.Stopped, steps.RoleDB: diagram.Broken,
		steps.RoleRoutePublic: diagram.Ready, steps.RoleRouteAdmin: diagram.Broken, steps.RoleRouteInternal: diagram.Missing,
		steps.RoleIGW: diagram.Ready, steps.RoleRulesPublic: diagram.Broken, steps.RoleKey: diagram.Ready,
		steps.RoleSubnetPublic1: diagram.Missing,
	} {
		part, _ := top.Part(string(role))
		if part.State != want {
			t.Errorf("%s (%q) is %v, want %v", role, part.Status, part.State, want)
		}
		if want == diagram.Missing && part.ID != "" {
			t.Errorf("missing %s keeps the id %q", role, part.ID)
		}
	}
	if web, _ := top.Part(string(steps.RoleWeb)); web.ID != "id-ec2-public" || web.PrivateIP != "192.168.11.10" || web.PublicIP != "3.35.120.7" {
		t.Errorf("web: %+v", web)
	}
	last := top.Parts[len(top.Parts)-1]
	if len(top.Parts) != len(p.Resources)+1 || last.ID != "vpc-stray" || last.Kind != steps.KindVPC || last.State != diagram.Broken || last.Status != "stray" {
		t.Errorf("the stray VPC: %+v", last)
	}
	// A report of a stack of which nothing exists is drawn as the plan.
	var none steps.Report
	for _, r := range p.Resources {
		none.Rows = append(none.Rows, steps.Row{Name: r.Name, Role: r.Role, ID: "-", State: "missing"})
	}
	if !steps.Topology(p, &none).Planned() {
		t.Error("a stack of which nothing exists yet is not drawn as its plan")
	}
}

// TestTopology_RealStackDiagram applies the mission against the emulator
// and draws the stack as status would report it: every part ready, with
// the ids and addresses AWS gave it, in the file and in the terminal; then
// opens the file in the browser. With -diagram-png it keeps the picture as
// docs/diagram.png, which README shows.
func TestTopology_RealStackDiagram(t *testing.T) {
	e := newEnv(t, latency.Model{})
	p := e.plan(t, "mhson")
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply: %v", err)
	}
	inv, err := e.c.Inventory(context.Background(), "mhson")
	if err != nil {
		t.Fatal(err)
	}
	rep := steps.BuildReport(p, inv, e.id.Account)
	if !rep.Complete() {
		t.Fatalf("the stack is not complete: %+v", rep.Steps)
	}
	top := steps.Topology(p, &rep)
	for _, part := range top.Parts {
		if part.State != diagram.Ready || part.ID == "" {
			t.Errorf("%s is %v (%q), id %q", part.Name, part.State, part.Status, part.ID)
		}
	}
	for _, role := range []steps.Role{steps.RoleWeb, steps.RoleBastion, steps.RoleNAT} {
		if part, _ := top.Part(string(role)); part.PrivateIP == "" || part.PublicIP == "" {
			t.Errorf("%s has no private or public IP: %+v", part.Name, part)
		}
	}

	for lang, w := range map[string]diagram.Words{"en": steps.DiagramWords(catalog.EN), "ko": steps.DiagramWords(catalog.KO)} {
		out := diagram.Terminal(top, w, diagram.TermOptions{Width: 80})
		for i, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(l) > 80 {
				t.Errorf("%s: line %d is wider than 80 cells: %q", lang, i+1, l)
			}
		}
		for _, m := range []string{"+ ", "~ ", "! ", "✗ "} {
			if strings.Contains(strings.SplitN(out, w.Flows+"\n", 2)[0], m) {
				t.Errorf("%s: a complete stack has a part marked %q:\n%s", lang, m, out)
			}
		}
	}

	b, err := diagram.DrawIO(top, steps.DiagramWords(catalog.EN))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, new(struct{})); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	for _, part := range top.Parts {
		for _, s := range []string{part.Name, part.ID, part.PrivateIP, part.PublicIP} {
			if s != "" && !strings.Contains(string(b), s) {
				t.Errorf("the file lacks %s's %q", part.Name, s)
			}
		}
	}
	png := ""
	if *diagramPNG {
		png = filepath.Join("..", "docs", "diagram.png")
	}
	r := browser.Render(t, b, png)
	if len(r.Errors) > 0 {
		t.Fatalf("JavaScript errors:\n%s", strings.Join(r.Errors, "\n"))
	}
	shown := ""
	for _, c := range r.Cells {
		shown += c.Text + "\n"
	}
	for _, part := range top.Parts {
		if !strings.Contains(shown, part.Name) || !strings.Contains(shown, part.ID) {
			t.Errorf("the page does not show %s (%s)", part.Name, part.ID)
		}
	}
	if png != "" {
		fi, err := os.Stat(png)
		if err != nil || fi.Size() < 10_000 {
			t.Fatalf("%s: %v", png, err)
		}
		t.Logf("wrote %s (%d bytes)", png, fi.Size())
	}
}
