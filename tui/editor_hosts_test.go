package tui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// Widths of a step screen's body in an 80- and a 120-column terminal.
const (
	hostsNarrow = 57
	hostsWide   = 97
)

// hostsShared is the wizard's state with the course's plan for mhson.
func hostsShared(t *testing.T, lang catalog.Lang) Shared {
	t.Helper()
	in := steps.Inputs{Prefix: "mhson", Region: "ap-northeast-2", MyIP: "203.0.113.7"}.WithDefaults()
	p, err := steps.BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	st := map[steps.Step]StepState{}
	for _, s := range steps.Steps {
		st[s] = StepPending
	}
	return Shared{
		Lang: lang, Styles: NewStyles(true), Keys: DefaultKeyMap(lang),
		Inputs: in, Plan: p, HasPlan: true, Steps: st, Runs: map[steps.Step]RunView{},
	}
}

// hostsDriver drives a step screen with keys, follows the commands that
// matter (huh's moves between fields and groups) and records the nav
// messages sent upward, in order.
type hostsDriver struct {
	t    *testing.T
	s    screen
	navs []tea.Msg
}

func newHostsDriver(t *testing.T, step steps.Step, sh Shared) *hostsDriver {
	t.Helper()
	s := newStepScreen(step, sh)
	// The form focuses its first field inside Init; the commands it returns
	// only start the cursor blinking.
	_ = s.Init()
	return &hostsDriver{t: t, s: s}
}

// typeText types s a key at a time. Typing only moves the cursor, so its
// commands (cursor blinks) are not followed.
func (d *hostsDriver) typeText(s string) {
	for _, r := range s {
		d.s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (d *hostsDriver) backspace(n int) {
	for range n {
		d.s.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
}

// press sends a key and follows what it starts.
func (d *hostsDriver) press(code rune) {
	var cmd tea.Cmd
	cmd = d.s.Update(tea.KeyPressMsg{Code: code})
	d.follow(cmd)
}

func (d *hostsDriver) enter() { d.press(tea.KeyEnter) }

func (d *hostsDriver) follow(cmd tea.Cmd) {
	for _, msg := range hostsRun(cmd) {
		switch reflect.TypeOf(msg).PkgPath() {
		case "github.com/infrawiz/infrawiz/tui/nav":
			d.navs = append(d.navs, msg)
		case "charm.land/huh/v2":
			var next tea.Cmd
			next = d.s.Update(msg)
			d.follow(next)
		}
	}
}

func (d *hostsDriver) view(width int) string { return ansi.Strip(viewAt(d.s, width, 40)) }

func (d *hostsDriver) editor() editor { return d.s.(*stepScreen).editor }

// hostsRun runs a command and flattens batches and sequences (a slice of
// commands, as Bubble Tea represents both) into their messages, in order.
// A command still running after a moment is a cursor blink, which waits
// half a second; it is dropped.
func hostsRun(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(200 * time.Millisecond):
		return nil
	}
	if msg == nil {
		return nil
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, hostsRun(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// wantRun checks that the screen handed up the inputs, then started step.
func (d *hostsDriver) wantRun(step steps.Step) steps.Inputs {
	d.t.Helper()
	if len(d.navs) != 2 {
		d.t.Fatalf("nav messages = %#v, want SetInputs then StartStep", d.navs)
	}
	set, ok := d.navs[0].(nav.SetInputs)
	if !ok {
		d.t.Fatalf("first nav message = %#v, want SetInputs", d.navs[0])
	}
	if start, ok := d.navs[1].(nav.StartStep); !ok || start.Step != step {
		d.t.Fatalf("second nav message = %#v, want StartStep{%v}", d.navs[1], step)
	}
	return set.Inputs
}

func (d *hostsDriver) wantNoRun() {
	d.t.Helper()
	if len(d.navs) != 0 {
		d.t.Fatalf("nav messages = %#v, want none", d.navs)
	}
	if d.editor() == nil || d.editor().Done() {
		d.t.Fatal("the form is done, want it still editing")
	}
}

// lineWith returns the first line of view holding s.
func lineWith(t *testing.T, view, s string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line holds %q in\n%s", s, view)
	return ""
}

func TestSecurity_InvalidIPKeepsFocus(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	for _, tc := range []struct {
		ip, want string
		ssh      bool
	}{
		{"10.0.0.1", catalog.T(catalog.EN, "sg.myip.private"), false},
		{"0.0.0.0/0", catalog.T(catalog.EN, "sg.myip.world", "0.0.0.0/0"), true},
		{"0.0.0.0", catalog.T(catalog.EN, "sg.myip.world", "0.0.0.0"), true},
		{"198.51.100.0/24", catalog.T(catalog.EN, "sg.myip.network", "198.51.100.0/24", 256), true},
		{"127.0.0.1", catalog.T(catalog.EN, "sg.myip.loopback"), false},
		{"", catalog.T(catalog.EN, "sg.myip.required"), false},
	} {
		t.Run(tc.ip, func(t *testing.T) {
			d := newHostsDriver(t, steps.StepSecurityGroups, sh)
			d.backspace(len("203.0.113.7"))
			d.typeText(tc.ip)
			if err := d.editor().Live(); err == nil || err.Error() != tc.want {
				t.Fatalf("Live() = %v, want %q", err, tc.want)
			}
			d.enter()
			d.wantNoRun()
			v := d.view(hostsWide)
			if !strings.Contains(v, tc.want) {
				t.Errorf("view lacks %q:\n%s", tc.want, v)
			}
			warning := catalog.T(catalog.EN, "sg.ssh.warning")
			if got := strings.Contains(v, warning); got != tc.ssh {
				t.Errorf("SSH warning shown = %v, want %v:\n%s", got, tc.ssh, v)
			}
			// The field still has the focus: fixing the value and pressing
			// Enter runs the step.
			d.backspace(len(tc.ip))
			d.typeText("203.0.113.9")
			d.enter()
			if in := d.wantRun(steps.StepSecurityGroups); in.MyIP != "203.0.113.9/32" {
				t.Errorf("MyIP = %q, want 203.0.113.9/32", in.MyIP)
			}
		})
	}
}

func TestSecurity_ValidIPRunsStep(t *testing.T) {
	for _, typed := range []string{"203.0.113.7", "203.0.113.7/32"} {
		t.Run(typed, func(t *testing.T) {
			sh := hostsShared(t, catalog.EN)
			d := newHostsDriver(t, steps.StepSecurityGroups, sh)
			d.backspace(len("203.0.113.7"))
			d.typeText(typed)
			if err := d.editor().Live(); err != nil {
				t.Fatalf("Live() = %v", err)
			}
			d.enter()
			in := d.wantRun(steps.StepSecurityGroups)
			if in.MyIP != "203.0.113.7/32" {
				t.Errorf("MyIP = %q, want 203.0.113.7/32", in.MyIP)
			}
			want := sh.Inputs
			want.MyIP = in.MyIP
			if !reflect.DeepEqual(in, want) {
				t.Errorf("inputs = %+v, want only MyIP changed from %+v", in, sh.Inputs)
			}
		})
	}
}

func TestSecurity_EmptyIPOnlyInSandbox(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	sh.Inputs.Sandbox = true
	d := newHostsDriver(t, steps.StepSecurityGroups, sh)
	d.backspace(len("203.0.113.7"))
	d.enter()
	if in := d.wantRun(steps.StepSecurityGroups); in.MyIP != "" {
		t.Errorf("MyIP = %q, want empty", in.MyIP)
	}
}

func TestSecurity_RulesNameSourcesByGroup(t *testing.T) {
	for _, width := range []int{hostsNarrow, hostsWide} {
		d := newHostsDriver(t, steps.StepSecurityGroups, hostsShared(t, catalog.EN))
		v := d.view(width)
		if l := lineWith(t, v, "tcp 3306"); !strings.Contains(l, "mhson-sg-public") || !strings.Contains(l, "MySQL from the web servers") {
			t.Errorf("width %d: 3306 rule %q, want source mhson-sg-public and its reason", width, l)
		}
		if l := lineWith(t, v, "icmp"); !strings.Contains(l, "mhson-sg-bastion") {
			t.Errorf("width %d: icmp rule %q, want source mhson-sg-bastion", width, l)
		}
		if l := lineWith(t, v, "203.0.113.7/32"); !strings.Contains(l, "tcp 22") {
			t.Errorf("width %d: your IP's rule %q, want tcp 22", width, l)
		}
		for _, g := range []string{"mhson-sg-public", "mhson-sg-internal", "mhson-sg-bastion"} {
			if !strings.Contains(v, g) {
				t.Errorf("width %d: no group %s in\n%s", width, g, v)
			}
		}
		// The table follows the IP as it is typed.
		d.backspace(1)
		d.typeText("9")
		if v := d.view(width); !strings.Contains(v, "203.0.113.9/32") {
			t.Errorf("width %d: the table does not show the typed IP:\n%s", width, v)
		}
	}
}

func TestRoutes_ListsTablesWithTargets(t *testing.T) {
	for _, width := range []int{hostsNarrow, hostsWide} {
		d := newHostsDriver(t, steps.StepRoutes, hostsShared(t, catalog.EN))
		v := d.view(width)
		for table, target := range map[string]string{
			"mhson-rt-public":   "0.0.0.0/0 → mhson-igw",
			"mhson-rt-admin":    "0.0.0.0/0 → mhson-igw",
			"mhson-rt-internal": "0.0.0.0/0 → mhson-nat-2a",
		} {
			if l := lineWith(t, v, table+" "); !strings.Contains(l, target) {
				t.Errorf("width %d: %q, want %s", width, l, target)
			}
		}
		for _, s := range []string{"mhson-subnet-public-2a", "mhson-subnet-public-2c", "mhson-subnet-admin-2a", "mhson-subnet-internal-2a"} {
			if !strings.Contains(v, s) {
				t.Errorf("width %d: subnet %s missing:\n%s", width, s, v)
			}
		}
		if !strings.Contains(strings.Join(strings.Fields(v), " "), catalog.T(catalog.EN, "routes.why.nat")) {
			t.Errorf("width %d: no word on the NAT:\n%s", width, v)
		}
	}
	sh := hostsShared(t, catalog.EN)
	d := newHostsDriver(t, steps.StepRoutes, sh)
	d.enter()
	if in := d.wantRun(steps.StepRoutes); !reflect.DeepEqual(in, sh.Inputs) {
		t.Errorf("inputs = %+v, want unchanged %+v", in, sh.Inputs)
	}
}

func TestRoutes_WithoutNAT(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	in := sh.Inputs
	in.NoNAT = true
	p, err := steps.BuildPlan(in, sh.Plan.Zones)
	if err != nil {
		t.Fatal(err)
	}
	sh.Inputs, sh.Plan = in, p
	v := newHostsDriver(t, steps.StepRoutes, sh).view(hostsWide)
	if l := lineWith(t, v, "mhson-rt-internal "); !strings.Contains(l, catalog.T(catalog.EN, "routes.default.none")) {
		t.Errorf("internal table without NAT: %q", l)
	}
}

func TestServers_DiskRange(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	d := newHostsDriver(t, steps.StepServers, sh)
	d.enter() // AMI: empty, looked up
	d.enter() // type: t3.medium
	d.backspace(2)
	d.typeText("4")
	want := catalog.T(catalog.EN, "servers.disk.bad", "4")
	if err := d.editor().Live(); err == nil || err.Error() != want {
		t.Fatalf("Live() = %v, want %q", err, want)
	}
	d.enter()
	d.wantNoRun()
	if v := d.view(hostsWide); !strings.Contains(v, want) {
		t.Errorf("view lacks %q:\n%s", want, v)
	}
	d.backspace(1)
	d.typeText("30")
	if err := d.editor().Live(); err != nil {
		t.Fatalf("Live() = %v", err)
	}
	d.enter()
	d.wantNoRun() // the remote syslog page comes next
	d.enter()     // no remote syslog
	in := d.wantRun(steps.StepServers)
	if in.DiskGB != 30 || in.InstanceType != "t3.medium" || in.AMI != "" || in.SyslogTarget != "" {
		t.Errorf("inputs: disk %d, type %q, AMI %q; want 30, t3.medium, empty", in.DiskGB, in.InstanceType, in.AMI)
	}
}

func TestServers_AMIAndType(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	d := newHostsDriver(t, steps.StepServers, sh)
	d.typeText("ami-xyz")
	want := catalog.T(catalog.EN, "servers.ami.bad")
	if err := d.editor().Live(); err == nil || err.Error() != want {
		t.Fatalf("Live() = %v, want %q", err, want)
	}
	d.enter()
	d.wantNoRun()
	d.backspace(3)
	d.typeText("0123456789abcdef0")
	d.enter()
	// Two to the right of t3.medium is the typed type.
	d.press(tea.KeyRight)
	d.press(tea.KeyRight)
	d.enter() // type
	d.enter() // disk: 30
	// Its own page: the typed type.
	d.typeText("M5")
	if err := d.editor().Live(); err == nil || err.Error() != catalog.T(catalog.EN, "servers.type.bad") {
		t.Fatalf("Live() = %v, want the instance type's message", err)
	}
	d.enter()
	d.wantNoRun()
	d.backspace(2)
	d.typeText("m5.large")
	d.enter()
	// Its own page: the remote syslog server; a bad one only shows why.
	d.typeText("logs.example.com:99999")
	if err := d.editor().Live(); err == nil || err.Error() != catalog.T(catalog.EN, "servers.syslog.bad") {
		t.Fatalf("Live() = %v, want the syslog target's message", err)
	}
	d.enter()
	d.wantNoRun()
	d.backspace(5)
	d.typeText("514")
	d.enter()
	in := d.wantRun(steps.StepServers)
	if in.AMI != "ami-0123456789abcdef0" || in.InstanceType != "m5.large" || in.DiskGB != 30 || in.SyslogTarget != "logs.example.com:514" {
		t.Errorf("inputs: AMI %q, type %q, disk %d, syslog %q", in.AMI, in.InstanceType, in.DiskGB, in.SyslogTarget)
	}
}

func TestServers_ShowsBastionOptions(t *testing.T) {
	sh := hostsShared(t, catalog.EN)
	v := newHostsDriver(t, steps.StepServers, sh).view(hostsWide)
	for _, s := range []string{"600 s", steps.AuditLogPath, "t3.medium", "30"} {
		if !strings.Contains(v, s) {
			t.Errorf("view lacks %q:\n%s", s, v)
		}
	}
	if strings.Contains(v, "sent to") {
		t.Errorf("no remote syslog server is set, yet:\n%s", v)
	}
	sh.Inputs.SyslogTarget = "10.1.2.3:514"
	if v := newHostsDriver(t, steps.StepServers, sh).view(hostsWide); !strings.Contains(v, "and sent to 10.1.2.3:514") {
		t.Errorf("view lacks the remote syslog server:\n%s", v)
	}
}

// TestHosts_KoreanFitsWidth renders every page of the three editors in
// Korean, in their states with messages, and checks no line is wider than
// the body.
func TestHosts_KoreanFitsWidth(t *testing.T) {
	sh := hostsShared(t, catalog.KO)
	type state struct {
		name string
		step steps.Step
		do   func(d *hostsDriver)
	}
	for _, st := range []state{
		{"routes", steps.StepRoutes, func(*hostsDriver) {}},
		{"sg", steps.StepSecurityGroups, func(*hostsDriver) {}},
		{"sg-world", steps.StepSecurityGroups, func(d *hostsDriver) { d.backspace(11); d.typeText("0.0.0.0/0"); d.enter() }},
		{"sg-network", steps.StepSecurityGroups, func(d *hostsDriver) { d.backspace(11); d.typeText("10.0.0.0/8") }},
		{"sg-private", steps.StepSecurityGroups, func(d *hostsDriver) { d.backspace(11); d.typeText("192.168.0.1") }},
		{"servers", steps.StepServers, func(*hostsDriver) {}},
		{"servers-ami", steps.StepServers, func(d *hostsDriver) { d.typeText("ami-") }},
		{"servers-disk", steps.StepServers, func(d *hostsDriver) { d.enter(); d.enter(); d.backspace(2); d.typeText("x") }},
		{"servers-syslog", steps.StepServers, func(d *hostsDriver) { d.enter(); d.enter(); d.enter(); d.typeText("bad host!") }},
		{"servers-other", steps.StepServers, func(d *hostsDriver) {
			d.enter()
			d.press(tea.KeyRight)
			d.press(tea.KeyRight)
			d.enter()
			d.enter()
			d.typeText("?")
		}},
	} {
		for _, width := range []int{hostsNarrow, hostsWide} {
			d := newHostsDriver(t, st.step, sh)
			st.do(d)
			v := viewAt(d.s, width, 40)
			if strings.Contains(v, "!routes.") || strings.Contains(v, "!sg.") || strings.Contains(v, "!servers.") {
				t.Errorf("%s: a string is missing from the catalogue:\n%s", st.name, v)
			}
			// The step's intro line is the step screen's, not the editor's;
			// the shell cuts it to the width.
			intro := sh.T("intro." + st.step.String())
			for _, l := range strings.Split(v, "\n") {
				if w := lipgloss.Width(l); w > width && ansi.Strip(l) != intro {
					t.Errorf("%s at %d: line %d wide: %q", st.name, width, w, ansi.Strip(l))
				}
			}
		}
	}
}

// TestHosts_FieldAndMessageFit80x24 checks that in an 80x24 terminal,
// whose step screen body is 57 columns by 20 lines, the field and its
// message are on screen, the SSH warning too.
func TestHosts_FieldAndMessageFit80x24(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.KO} {
		for _, tc := range []struct {
			name, typed string
			step        steps.Step
			do          func(d *hostsDriver)
			want        []string
		}{
			{
				"sg-world", "0.0.0.0/0", steps.StepSecurityGroups, func(d *hostsDriver) { d.backspace(11); d.typeText("0.0.0.0/0") },
				[]string{catalog.T(lang, "sg.myip.world", "0.0.0.0/0"), catalog.T(lang, "sg.ssh.warning")},
			},
			{
				"sg-private", "10.0.0.1", steps.StepSecurityGroups, func(d *hostsDriver) { d.backspace(11); d.typeText("10.0.0.1") },
				[]string{catalog.T(lang, "sg.myip.private")},
			},
			{
				"servers-disk", "4", steps.StepServers, func(d *hostsDriver) { d.enter(); d.enter(); d.backspace(2); d.typeText("4") },
				[]string{catalog.T(lang, "servers.disk.bad", "4")},
			},
			{
				"routes", "mhson-rt-internal", steps.StepRoutes, func(*hostsDriver) {},
				[]string{catalog.T(lang, "routes.view.enter")},
			},
		} {
			d := newHostsDriver(t, tc.step, hostsShared(t, lang))
			tc.do(d)
			// Drawn in the body it gets: when the page is taller, the
			// field and its message stay in sight.
			lines := strings.Split(ansi.Strip(viewAt(d.s, hostsNarrow, 20)), "\n")
			v := strings.Join(lines[:min(20, len(lines))], "\n")
			for _, w := range append(tc.want, tc.typed) {
				if !strings.Contains(v, w) {
					t.Errorf("%v %s: %q is not in the first 20 lines:\n%s", lang, tc.name, w, v)
				}
			}
		}
	}
}

func TestHosts_CatalogueInBothLanguages(t *testing.T) {
	n := 0
	for _, k := range catalog.Keys() {
		if !strings.HasPrefix(k, "routes.") && !strings.HasPrefix(k, "sg.") && !strings.HasPrefix(k, "servers.") {
			continue
		}
		n++
		e, _ := catalog.Lookup(k)
		if strings.TrimSpace(e.En) == "" || strings.TrimSpace(e.Ko) == "" {
			t.Errorf("%s: %+v, want both English and Korean", k, e)
		}
	}
	if n == 0 {
		t.Fatal("no routes./sg./servers. strings in the catalogue")
	}
}
