package tui

import (
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// journeyCreates is the "It will create" part of a step screen.
func journeyCreates(t *testing.T, s screen, lang catalog.Lang) string {
	t.Helper()
	v := netView(s, 120, 80)
	_, after, ok := strings.Cut(v, catalog.T(lang, "step.creates"))
	if !ok {
		t.Fatalf("no %q on the screen:\n%s", catalog.T(lang, "step.creates"), v)
	}
	return after
}

// journeyRow is the line of the table that names name.
func journeyRow(t *testing.T, table, name string) string {
	t.Helper()
	for _, l := range strings.Split(table, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == name {
			return l
		}
	}
	t.Fatalf("no row for %s in:\n%s", name, table)
	return ""
}

// "It will create" follows what is typed, before Enter runs the step.
func TestJourneyB_PreviewFollowsTheTypedValues(t *testing.T) {
	t.Run("vpc", func(t *testing.T) {
		s := netScreen(t, steps.StepVPC, netShared(t, catalog.EN, nil))
		s = netRetype(t, s, 20, "10.0.0.0/24")
		if row := journeyRow(t, journeyCreates(t, s, catalog.EN), "mhson-vpc"); !strings.Contains(row, "10.0.0.0/24") {
			t.Errorf("after typing 10.0.0.0/24 the VPC row says %q", row)
		}
		// A block being typed, not valid yet: what Enter would run is
		// still the last valid one, the form says what is wrong.
		s = netRetype(t, s, 3, "/")
		if c := journeyCreates(t, s, catalog.EN); strings.Contains(c, "10.0.0.0/") && !strings.Contains(c, "192.168.11.0/24") {
			t.Errorf("a block half typed shows as planned:\n%s", c)
		}
	})
	t.Run("subnets", func(t *testing.T) {
		s := netScreen(t, steps.StepSubnets, netShared(t, catalog.EN, nil))
		s, _ = netSend(t, s, netEnter)
		s = netRetype(t, s, 20, "192.168.11.192/26")
		c := journeyCreates(t, s, catalog.EN)
		if row := journeyRow(t, c, "mhson-subnet-public-2c"); !strings.Contains(row, "192.168.11.192/26") {
			t.Errorf("after editing public-2c its row says %q", row)
		}
		if row := journeyRow(t, c, "mhson-subnet-public-2a"); !strings.Contains(row, "192.168.11.0/26") {
			t.Errorf("public-2a's row changed: %q", row)
		}
	})
	t.Run("key", func(t *testing.T) {
		s := netScreen(t, steps.StepKey, netShared(t, catalog.EN, func(in *steps.Inputs) { in.PublicKey = "" }))
		if row := journeyRow(t, journeyCreates(t, s, catalog.EN), "key-mhson"); !strings.Contains(row, "private key in") {
			t.Fatalf("generate: the key row says %q", row)
		}
		s, _ = netSend(t, s, netDown)
		row := journeyRow(t, journeyCreates(t, s, catalog.EN), "key-mhson")
		if strings.Contains(row, "private key") || !strings.Contains(row, "imports your own public key") {
			t.Errorf("after choosing import the key row says %q", row)
		}
		path := netPublicKey(t, t.TempDir())
		s, _ = netSend(t, s, netEnter)
		s = netRetype(t, s, 0, "/nowhere")
		if row := journeyRow(t, journeyCreates(t, s, catalog.EN), "key-mhson"); strings.Contains(row, "private key") {
			t.Errorf("with a wrong path typed the key row says %q", row)
		}
		s = netRetype(t, s, len("/nowhere"), "")
		s = netRetype(t, s, 0, path)
		if row := journeyRow(t, journeyCreates(t, s, catalog.EN), "key-mhson"); !strings.Contains(row, "imports "+path) {
			t.Errorf("with %s typed the key row says %q", path, row)
		}
	})
	t.Run("security groups", func(t *testing.T) {
		s := netScreen(t, steps.StepSecurityGroups, netShared(t, catalog.EN, func(in *steps.Inputs) { in.MyIP = testIP }))
		s = netRetype(t, s, 20, "198.51.100.9")
		row := journeyRow(t, journeyCreates(t, s, catalog.EN), "mhson-sg-bastion")
		c := journeyCreates(t, s, catalog.EN)
		if !strings.Contains(c, "198.51.100.9/32") || strings.Contains(c, "203.0.113.7") {
			t.Errorf("after typing 198.51.100.9 the bastion's rules say:\n%s\n%s", row, c)
		}
	})
	t.Run("gateways", func(t *testing.T) {
		s := netScreen(t, steps.StepGateways, netShared(t, catalog.EN, nil))
		if !strings.Contains(journeyCreates(t, s, catalog.EN), "mhson-nat-2a") {
			t.Fatal("no NAT gateway planned by default")
		}
		s, _ = netSend(t, s, netLeft)
		if c := journeyCreates(t, s, catalog.EN); strings.Contains(c, "mhson-nat-2a") {
			t.Errorf("after choosing no NAT gateway it still plans one:\n%s", c)
		}
	})
	t.Run("servers", func(t *testing.T) {
		s := netScreen(t, steps.StepServers, netShared(t, catalog.EN, nil))
		s, _ = netSend(t, s, netEnter, netEnter)
		s = netRetype(t, s, 4, "50")
		if row := journeyRow(t, journeyCreates(t, s, catalog.EN), "mhson-ec2-public-2a"); !strings.Contains(row, "50 GB") {
			t.Errorf("after typing 50 GB the web server's row says %q", row)
		}
	})
}

// ctrl+a runs every step with what is typed on the screen, as Enter runs
// one: not with what was there before. A wrong value runs nothing and
// says why.
func TestJourneyB_ApplyAllRunsWhatIsTyped(t *testing.T) {
	e := newFakeEngine(t)
	d := newDrive(t, fakeOptions(e, catalog.EN), 80, 24)
	d.quiet = drainQuiet / 10
	d.connected()
	d.goTo(scrVPC)
	d.keys(strings.Split(strings.Repeat("backspace ", 20), " ")[:20]...)
	d.typeIn("10.0.0.0/7")
	d.keys("ctrl+a")
	if n := len(e.runs()); n != 0 || !strings.Contains(journeyWords(d.frame()), journeyWords(catalog.T(catalog.EN, "applyall.typed"))) {
		t.Fatalf("ctrl+a with a wrong block: %d runs, frame:\n%s", n, d.frame())
	}
	d.keys("backspace")
	d.typeIn("24")
	d.keys("ctrl+a")
	d.waitFor("the whole stack", fakeWait, func(m *Model) bool { return settled(steps.StepServers, StepDone)(m) && m.progress.Running() == 0 })
	e.mu.Lock()
	got := e.in.VPCCIDR
	e.mu.Unlock()
	if got != "10.0.0.0/24" {
		t.Errorf("ctrl+a built the VPC with %q, not the 10.0.0.0/24 typed", got)
	}
}

// A step done in an earlier run of the wizard lists what it made, not
// what it will create.
func TestJourneyB_DoneStepSaysWhatItMade(t *testing.T) {
	for _, lang := range goldenLangs {
		sh := netShared(t, lang, nil)
		sh.Steps[steps.StepVPC] = StepDone
		v := netView(netScreen(t, steps.StepVPC, sh), 80, 40)
		if !strings.Contains(v, catalog.T(lang, "step.created")) || strings.Contains(v, catalog.T(lang, "step.creates")) {
			t.Errorf("%v: a done step's table:\n%s", lang, v)
		}
	}
}
