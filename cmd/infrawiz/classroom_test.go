package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/steps"
)

// TestCLI_PictureAndBill: plan prints the bill of the default stack in
// Seoul as worked out by hand (steps' cost tests hold the arithmetic);
// export --format drawio draws the plan before anything exists and the
// stack after; apply ends with the reminder naming the exact destroy
// command; status prints the bill of what bills now and, with --diagram,
// the picture in 80 columns.
func TestCLI_PictureAndBill(t *testing.T) {
	e := newRealEnv(t, latency.Model{})
	args := func(verb string, extra ...string) []string {
		return append([]string{verb, "--prefix", "pic", "--region", testRegion}, extra...)
	}
	// A type EC2 does not offer there is refused by plan, as bad input.
	if _, errs, code := e.c.run(args("plan", "--instance-type", "t9.medium")...); code != exitInput || !strings.Contains(errs, "not offered in ap-northeast-2a") {
		t.Errorf("plan --instance-type t9.medium: exit %d, want 2: %s", code, errs)
	}
	out, errs, code := e.c.run(args("plan", "--my-ip", "203.0.113.7")...)
	if code != 0 {
		t.Fatalf("plan: exit %d %s", code, errs)
	}
	for _, want := range []string{"NAT gateway", "3 × $0.052/h", "90 GB × $0.0912/GB-month", "$0.241/h", "$176.11/month", "$5.79 a day", "not included"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan's bill lacks %q:\n%s", want, out)
		}
	}
	planned := filepath.Join(t.TempDir(), "plan.drawio")
	if _, errs, code := e.c.run(args("export", "--format", "drawio", "-o", planned)...); code != 0 || !strings.Contains(errs, "design (the plan)") {
		t.Fatalf("export drawio of the plan: exit %d %s", code, errs)
	}
	drawioHas(t, planned, "pic-vpc", "planned")

	out, errs, code = e.c.run(stackArgs("apply", "pic")...)
	destroy := "infrawiz destroy --prefix pic --region " + testRegion + " --yes"
	if code != 0 || !strings.Contains(out, "It costs $5.79 a day while it exists. When you are done: "+destroy) {
		t.Fatalf("apply: exit %d, no reminder in:\n%s\n%s", code, out, lastLines(errs, 10))
	}
	out, _, code = e.c.run(args("status")...)
	if code != 0 || !strings.Contains(out, "What it costs now") || !strings.Contains(out, "$176.11/month") {
		t.Errorf("status: exit %d, no bill:\n%s", code, out)
	}
	out, _, code = e.c.run(args("status", "--diagram")...)
	if code != 0 || !strings.Contains(out, "pic-subnet-public-2a") || !strings.Contains(out, "web → db") {
		t.Errorf("status --diagram: exit %d:\n%s", code, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("status --diagram: a line of %d columns: %s", w, line)
		}
	}
	if _, errs, code := e.c.run(args("status", "--diagram", "--output", "json")...); code != exitInput {
		t.Errorf("status --diagram --output json: exit %d, want 2: %s", code, errs)
	}
	built := filepath.Join(t.TempDir(), "built.drawio")
	if _, errs, code := e.c.run(args("export", "--format", "drawio", "-o", built)...); code != 0 || !strings.Contains(errs, "Wrote the diagram of pic") {
		t.Fatalf("export drawio: exit %d %s", code, errs)
	}
	drawioHas(t, built, "pic-ec2-bastion-2a", "192.168.11.")
	if b, _ := os.ReadFile(built); strings.Contains(string(b), "planned") {
		t.Errorf("the built stack's diagram still says planned")
	}
}

// drawioHas parses a diagrams.net file and finds each of want in some
// cell's label.
func drawioHas(t *testing.T, path string, want ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cells []struct {
			Value string `xml:"value,attr"`
		} `xml:"diagram>mxGraphModel>root>mxCell"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s is no XML: %v", path, err)
	}
	if len(doc.Cells) < 20 {
		t.Fatalf("%s: %d cells", path, len(doc.Cells))
	}
	for _, w := range want {
		found := false
		for _, c := range doc.Cells {
			found = found || strings.Contains(c.Value, w)
		}
		if !found {
			t.Errorf("%s: no cell says %q", path, w)
		}
	}
}

// TestCLI_ClassroomBroom: ls --all lists every stack of the region by its
// tags, with its owner, resources and cost a day, and what is left of a
// stack whose VPC is gone, as a table and as JSON; plain ls lists only the
// caller's. destroy --stack removes a classmate's stack (only it), after
// naming it without --yes; --older-than lists without --yes.
func TestCLI_ClassroomBroom(t *testing.T) {
	e := newRealEnv(t, latency.Model{})
	ctx := context.Background()
	if _, errs, code := e.c.run(stackArgs("apply", "mine")...); code != 0 {
		t.Fatalf("apply: %s", lastLines(errs, 10))
	}
	raw := ec2.NewFromConfig(testenv.Config(t, e.proxy.URL(), testRegion))
	const bob = "arn:aws:iam::123456789012:user/bob"
	if err := testenv.SeedStack(ctx, raw, "bob", bob, testenv.AnyAMI(t, raw)); err != nil {
		t.Fatal(err)
	}
	region := []string{"--region", testRegion}

	out, errs, code := e.c.run(append([]string{"ls", "--all"}, region...)...)
	if code != 0 {
		t.Fatalf("ls --all: exit %d %s", code, errs)
	}
	for _, want := range []string{"STACK", "COST/DAY", "bob", bob, "mine", "(you)", "$5.79", "2 stacks"} {
		if !strings.Contains(out, want) {
			t.Errorf("ls --all lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = e.c.run(append([]string{"ls"}, region...)...)
	if strings.Contains(out, "bob") || !strings.Contains(out, "mine") {
		t.Errorf("ls lists others' stacks, or not mine:\n%s", out)
	}
	out, _, code = e.c.run(append([]string{"ls", "--all", "--output", "json"}, region...)...)
	var listed struct {
		Stacks []steps.StackCensus `json:"stacks"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || code != 0 || len(listed.Stacks) != 2 {
		t.Fatalf("ls --all --output json: exit %d, %v:\n%s", code, err, out)
	}
	for _, st := range listed.Stacks {
		if st.Resources != 23 || st.Cost.Day == 0 {
			t.Errorf("%s: %d resources, %v a day; want the whole stack, billing", st.Stack, st.Resources, st.Cost.Day)
		}
	}

	_, errs, code = e.c.run(append([]string{"destroy", "--stack", "bob"}, region...)...)
	if code != exitInput || !strings.Contains(errs, "--stack bob") {
		t.Errorf("destroy --stack without --yes: exit %d, want 2 and the command: %s", code, errs)
	}
	time.Sleep(1100 * time.Millisecond) // bob's stack was seeded a moment ago
	out, errs, code = e.c.run(append([]string{"destroy", "--older-than", "1s"}, region...)...)
	if code != exitInput || !strings.Contains(out, "bob") || !strings.Contains(out, "mine") {
		t.Errorf("destroy --older-than without --yes: exit %d, want 2 and both stacks listed:\n%s%s", code, out, errs)
	}
	out, errs, code = e.c.run(append([]string{"destroy", "--stack", "bob", "--yes"}, region...)...)
	if code != 0 || !strings.Contains(errs, bob) || !strings.Contains(out, "Stack bob destroyed") {
		t.Fatalf("destroy --stack bob: exit %d:\n%s%s", code, out, lastLines(errs, 10))
	}
	e.gone(t, "bob")
	e.exact(t, "mine")
	out, _, _ = e.c.run(append([]string{"ls", "--all"}, region...)...)
	if strings.Contains(out, "bob") {
		t.Errorf("bob is still listed:\n%s", out)
	}
}

// check's table says why each path is as it is, a rule or route a line,
// in 100 columns; a stack built without the NAT gateway is told that the
// DB's closed way out follows from that choice, with the commands (each
// whole on its line) that give a stack with one.
func TestCLI_CheckSaysWhy(t *testing.T) {
	e := newRealEnv(t, latency.Model{})
	if _, errs, code := e.c.run(append(stackArgs("apply", "why"), "--no-nat")...); code != 0 {
		t.Fatalf("apply --no-nat: %s", lastLines(errs, 10))
	}
	out, errs, code := e.c.run("check", "--static", "--prefix", "why", "--region", testRegion, "--my-ip", "203.0.113.7")
	if code != exitFailed {
		t.Errorf("check of a stack without NAT: exit %d, want 1 (db->internet is closed)\n%s", code, errs)
	}
	for _, want := range []string{
		"Why each path is as it is",
		"why-sg-public allows tcp 8080 from 0.0.0.0/0",
		"built without a NAT gateway (--no-nat)",
		"    - infrawiz destroy --prefix why --region " + testRegion + " --yes\n",
		"    - infrawiz apply --prefix why --region " + testRegion + " --yes\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not say %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 100 {
			t.Errorf("a line of %d columns: %s", len([]rune(line)), line)
		}
	}
}
