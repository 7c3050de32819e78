package tui

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// stackFiles reads every progress file under dir: its file name's stack
// (<prefix>-<region>.json) and what it records.
func stackFiles(t *testing.T, dir string) map[string]state.State {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]state.State{}
	for _, p := range paths {
		st, err := state.Load(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[strings.TrimSuffix(filepath.Base(p), "-"+testRegion+".json")] = st
	}
	return out
}

// filesAgree fails unless every progress file records the stack its name
// says, and returns the stacks that have one.
func filesAgree(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	for name, st := range stackFiles(t, dir) {
		if st.Stack != "" && st.Stack != name {
			t.Errorf("%s-%s.json records stack %q: a file named for one stack holds another", name, testRegion, st.Stack)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// bodyText is the frame's screen (right of the checklist) as one line of
// words, so a message wrapped at any width is found whole.
func bodyText(frame string) string {
	var body []string
	for _, l := range strings.Split(frame, "\n") {
		if _, after, ok := strings.Cut(l, "│"); ok {
			body = append(body, after)
		}
	}
	return strings.Join(strings.Fields(strings.Join(body, " ")), " ")
}

// TestStacks_PrefixFixedOnceBuilt is issue 8 §3 as a student meets it: the
// key step runs as stu1, then Naming is given stu9. The prefix stays stu1
// (the screen says why), no file holds stu9, and what runs next builds
// stu1. "New stack" then gives a fresh stack, stu9 built there gets its own
// file, and a wizard on a machine without stu9's file offers it as found
// in AWS, with its destroy command, and continues it under its own name.
func TestStacks_PrefixFixedOnceBuilt(t *testing.T) {
	for _, lang := range goldenLangs {
		t.Run(lang.String(), func(t *testing.T) { stu1ThenStu9(t, lang) })
	}
}

func stu1ThenStu9(t *testing.T, lang catalog.Lang) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	dir := filepath.Join(home, ".infrawiz", "stacks")
	o := motoOptions(emu.Endpoint, home, "stu1", lang)
	d := newDrive(t, o, 80, 24)
	d.connected()
	d.keys("enter") // credentials: on to naming
	if d.m.cur != scrNaming || d.m.sh.Fixed != notFixed {
		t.Fatalf("before any resource: at %v, fixed %v, want naming and editable", d.m.cur, d.m.sh.Fixed)
	}
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("the key step", 60*time.Second, settled(steps.StepKey, StepDone))
	if got := filesAgree(t, dir); len(got) != 1 || got[0] != "stu1" {
		t.Fatalf("progress files after the key step: %v, want stu1's", got)
	}

	// Naming: the prefix is shown, not edited, and the screen says why.
	d.goTo(scrNaming)
	if d.m.sh.Fixed != fixedBuilt {
		t.Fatalf("with key-stu1 built the stack is fixed: %v", d.m.sh.Fixed)
	}
	if b := bodyText(d.frame()); !strings.Contains(b, d.m.sh.T("naming.fixed")) || !strings.Contains(b, d.m.sh.T("naming.fixed.value", "stu1", testRegion)) {
		t.Fatalf("the naming screen does not say the prefix is fixed:\n%s", d.frame())
	}
	golden(t, d, "naming-fixed")
	d.keys("backspace", "backspace", "backspace", "backspace")
	d.typeIn("stu9")
	d.keys("enter")
	if got := d.m.sh.Inputs.Prefix; got != "stu1" {
		t.Fatalf("after typing stu9 on a built stack the prefix is %q, want stu1", got)
	}
	if d.m.cur != scrKey {
		t.Fatalf("enter on the fixed naming screen: at %v, want the key step", d.m.cur)
	}
	// The root keeps the name too, whatever a screen sends.
	in := d.m.sh.Inputs
	in.Prefix = "stu9"
	d.send(nav.SetInputs{Inputs: in})
	if got := d.m.sh.Inputs.Prefix; got != "stu1" || d.m.status != d.m.sh.T("naming.fixed") {
		t.Fatalf("SetInputs stu9 on a built stack: prefix %q, status %q", got, d.m.status)
	}
	// What runs next is stu1's, in stu1's file.
	d.send(nav.StartStep{Step: steps.StepVPC})
	d.waitFor("the VPC step", 60*time.Second, settled(steps.StepVPC, StepDone))
	files := stackFiles(t, dir)
	if got := filesAgree(t, dir); len(got) != 1 || got[0] != "stu1" {
		t.Fatalf("progress files: %v, want only stu1's", got)
	}
	if st := files["stu1"]; st.Stack != "stu1" || st.Resources["key"] == nil || st.Resources["vpc"] == nil {
		t.Fatalf("stu1's file: stack %q, resources %v", st.Stack, st.Resources)
	}

	// New stack: fresh inputs under a prefix nobody uses, nothing of stu1
	// kept, stu1's file kept whole.
	d.goTo(scrStart)
	d.waitFor("stu1 listed", 10*time.Second, func(m *Model) bool { return len(m.sh.Stacks) == 1 })
	if got := d.m.sh.NewStack.Prefix; got != "stu1-2" {
		t.Errorf("a new stack's prefix while stu1 exists: %q, want stu1-2", got)
	}
	d.mustShow(d.m.sh.T("start.new", "stu1-2"))
	d.keys("down", "enter")
	m := d.m
	if m.sh.Inputs.Prefix != "stu1-2" || m.opts.Resumed || m.store != nil || m.sh.Report != nil && m.sh.Report.Stack != "stu1-2" ||
		m.progress.Status(steps.StepKey) != steps.StatusPending || len(m.sh.Runs) != 0 || m.sh.Check.Report != nil || m.sh.Fixed != notFixed {
		t.Fatalf("after New stack: prefix %q resumed %v store %v report %+v key step %v runs %d fixed %v",
			m.sh.Inputs.Prefix, m.opts.Resumed, m.store != nil, m.sh.Report, m.progress.Status(steps.StepKey), len(m.sh.Runs), m.sh.Fixed)
	}
	if st := stackFiles(t, dir)["stu1"]; st.Stack != "stu1" || len(st.Resources) < 2 {
		t.Fatalf("stu1's file after New stack: %+v", st)
	}
	// Its name is free until it has a resource: stu9 it is.
	d.keys("enter") // credentials: on to naming
	for range len("stu1-2") {
		d.keys("backspace")
	}
	d.typeIn("stu9")
	d.keys("enter")
	if got := d.m.sh.Inputs.Prefix; got != "stu9" {
		t.Fatalf("the new stack's prefix: %q, want stu9", got)
	}
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("stu9's key step", 60*time.Second, settled(steps.StepKey, StepDone))
	if got := filesAgree(t, dir); strings.Join(got, " ") != "stu1 stu9" {
		t.Fatalf("progress files: %v, want stu1's and stu9's", got)
	}
	d.keys("ctrl+c", "y")
	if !d.quit {
		t.Fatal("ctrl+c y did not quit")
	}

	// stu9's file is lost. A stack of someone else's is in the region too.
	if err := os.Remove(filepath.Join(dir, "stu9-"+testRegion+".json")); err != nil {
		t.Fatal(err)
	}
	client := testenv.Client(t, emu.Endpoint, testRegion)
	if _, err := client.EC2.CreateVpc(context.Background(), &ec2.CreateVpcInput{
		CidrBlock: sdk.String("10.9.0.0/24"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpc, Tags: []types.Tag{
			{Key: sdk.String(aws.TagStack), Value: sdk.String("kim")},
			{Key: sdk.String(aws.TagOwner), Value: sdk.String("arn:aws:iam::123456789012:user/kim")},
		}}},
	}); err != nil {
		t.Fatal(err)
	}
	d = newDrive(t, o, 80, 24)
	// Offered first: stu1, whose file is here. A new stack connects.
	d.mustShow("› "+d.m.sh.T("start.stack", "stu1", testRegion, 2, 26), d.m.sh.T("start.new", "stu1-2"))
	d.keys("down", "enter")
	d.waitFor("the stacks found in AWS", 30*time.Second, func(m *Model) bool { return len(m.sh.Found) > 0 })
	if len(d.m.sh.Found) != 1 || d.m.sh.Found[0].Inputs.Prefix != "stu9" {
		t.Fatalf("found in AWS: %+v, want stu9 only (stu1 has a file, kim is another's)", d.m.sh.Found)
	}
	if b := bodyText(d.frame()); !strings.Contains(b, d.m.sh.T("creds.found", "stu9")) {
		t.Errorf("the credentials screen does not name stu9:\n%s", d.frame())
	}
	golden(t, d, "creds-found")
	d.keys("esc")
	destroy := "infrawiz destroy --prefix stu9 --region " + testRegion + " --yes"
	if b := shellJoined(d.frame()); !strings.Contains(b, destroy) || !strings.Contains(d.frame(), d.m.sh.T("start.found")) {
		t.Fatalf("the start screen does not offer stu9 as found in AWS with %q:\n%s", destroy, d.frame())
	}
	golden(t, d, "start-found")
	d.keys("up", "enter") // from the new stack chosen last, up to stu9
	if d.m.sh.Inputs.Prefix != "stu9" || !d.m.opts.Resumed || d.m.sh.Fixed != fixedBuilt {
		t.Fatalf("resuming stu9: prefix %q resumed %v fixed %v", d.m.sh.Inputs.Prefix, d.m.opts.Resumed, d.m.sh.Fixed)
	}
	d.waitFor("stu9's first step not done", 30*time.Second, func(m *Model) bool { return m.cur == scrVPC })
	d.send(nav.StartStep{Step: steps.StepVPC})
	d.waitFor("stu9's VPC step", 60*time.Second, settled(steps.StepVPC, StepDone))
	files = stackFiles(t, dir)
	if got := filesAgree(t, dir); strings.Join(got, " ") != "stu1 stu9" {
		t.Fatalf("progress files after resuming stu9: %v", got)
	}
	if st := files["stu9"]; st.Stack != "stu9" || st.Resources["vpc"] == nil {
		t.Errorf("stu9's new file: stack %q, resources %v; want stu9 with its VPC", st.Stack, st.Resources)
	}
	// Its key pair, made before the file was lost, is found by its tags.
	d.waitFor("stu9's report", 30*time.Second, func(m *Model) bool { return reportHas(m, steps.StepKey) && reportHas(m, steps.StepVPC) })
}

// TestStacks_EmptyFileGoesWithTheOldName: before the first resource the
// name may change; the progress file opened for the old one, holding only
// the inputs, goes, and the next run opens the new stack's own.
func TestStacks_EmptyFileGoesWithTheOldName(t *testing.T) {
	emu := testenv.Moto(t)
	home := t.TempDir()
	dir := filepath.Join(home, ".infrawiz", "stacks")
	o := motoOptions(emu.Endpoint, home, "stu1", catalog.EN)
	d := newDrive(t, o, 80, 24)
	d.connected()
	// As a run leaves it when stopped after saving the inputs and before
	// its first resource: the file open, naming stu1, recording nothing.
	st, err := state.Open(o.StatePath(d.m.sh.Inputs))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Update(func(s *state.State) error { s.Stack, s.Region = "stu1", testRegion; return nil }); err != nil {
		t.Fatal(err)
	}
	d.m.store = st
	d.m.refresh()
	d.keys("enter") // credentials: on to naming
	if d.m.sh.Fixed != notFixed {
		t.Fatalf("a file with no resource fixes the name: %v", d.m.sh.Fixed)
	}
	for range len("stu1") {
		d.keys("backspace")
	}
	d.typeIn("stu9")
	d.keys("enter")
	if d.m.sh.Inputs.Prefix != "stu9" || d.m.store != nil {
		t.Fatalf("after stu9: prefix %q, store still open %v", d.m.sh.Inputs.Prefix, d.m.store != nil)
	}
	d.send(nav.StartStep{Step: steps.StepKey})
	d.waitFor("stu9's key step", 60*time.Second, settled(steps.StepKey, StepDone))
	if got := filesAgree(t, dir); len(got) != 1 || got[0] != "stu9" {
		t.Fatalf("progress files: %v, want stu9's only (stu1's held nothing)", got)
	}
}

// TestStacks_AnotherAccountConnectsAgain: continuing a practice stack from
// a wizard signed in to AWS (or the other way round) signs in again, for
// that stack: its report and its runs must never reach the other account.
func TestStacks_AnotherAccountConnectsAgain(t *testing.T) {
	emu := testenv.Moto(t)
	o := motoOptions(emu.Endpoint, t.TempDir(), "real", catalog.EN)
	var (
		mu        sync.Mutex
		sandboxes []bool
	)
	connect := o.Connect
	o.Connect = func(ctx context.Context, in steps.Inputs) (*aws.Client, error) {
		mu.Lock()
		sandboxes = append(sandboxes, in.Sandbox)
		mu.Unlock()
		return connect(ctx, in)
	}
	d := newDrive(t, o, 80, 24)
	d.connected()
	first := d.m.session
	practice := o.Inputs
	practice.Prefix, practice.Sandbox = "prac", true
	d.send(nav.Resume{Inputs: practice, Built: true})
	d.waitFor("a session for practice mode", 30*time.Second, func(m *Model) bool { return m.session != nil && m.session != first })
	mu.Lock()
	defer mu.Unlock()
	if len(sandboxes) != 2 || sandboxes[0] || !sandboxes[1] || !d.m.connIn.Sandbox || !d.m.Practice() {
		t.Fatalf("connections made (practice mode each): %v; session's inputs %+v", sandboxes, d.m.connIn)
	}
	if d.m.sh.Report != nil && d.m.sh.Report.Stack != "prac" {
		t.Fatalf("the report of another stack: %+v", d.m.sh.Report)
	}
}
