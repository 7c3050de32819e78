package tui

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// netZones are the zones of ap-northeast-2, as a session reports them.
var netZones = []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}

// netShared is the root's state as a step screen sees it once connected.
func netShared(t testing.TB, lang catalog.Lang, edit func(*steps.Inputs)) Shared {
	t.Helper()
	in := steps.Inputs{Prefix: "mhson"}.WithDefaults()
	if edit != nil {
		edit(&in)
	}
	sh := Shared{
		Lang: lang, Styles: NewStyles(true), Keys: DefaultKeyMap(lang), Inputs: in, Zones: netZones,
		Steps: map[steps.Step]StepState{}, Runs: map[steps.Step]RunView{},
	}
	if p, err := steps.BuildPlan(in, netZones); err == nil {
		sh.Plan, sh.HasPlan = p, true
	}
	return sh
}

// netScreen is the step's screen after its Init.
func netScreen(t testing.TB, step steps.Step, sh Shared) screen {
	t.Helper()
	var s screen = newStepScreen(step, sh)
	if s.(*stepScreen).editor == nil {
		t.Fatalf("no editor for %s", step)
	}
	s, msgs := netRun(t, s, s.Init())
	if len(msgs) > 0 {
		t.Fatalf("Init sent %v upward", msgs)
	}
	return s
}

// netCmdTimeout bounds one Cmd: the cursor's blink waits half a second
// and then blinks forever, so a Cmd still running by then is dropped.
const netCmdTimeout = 20 * time.Millisecond

// netRun runs cmd as Bubble Tea would, synchronously: a batch's or a
// sequence's Cmds one after another; the messages for the wizard's root
// (package nav) are collected in order, every other message goes back to
// the screen, whose Cmds run in turn.
func netRun(t testing.TB, s screen, cmd tea.Cmd) (screen, []tea.Msg) {
	t.Helper()
	var up []tea.Msg
	steps := 0
	var exec func(tea.Cmd)
	exec = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		if steps++; steps > 1000 {
			t.Fatal("the screen keeps sending Cmds")
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(netCmdTimeout):
			return
		}
		if cmds, ok := netCmds(msg); ok {
			for _, c := range cmds {
				exec(c)
			}
			return
		}
		switch msg.(type) {
		case nil:
		case nav.Next, nav.Back, nav.SetInputs, nav.StartStep, nav.ApplyAll, nav.Connect, nav.Resume, nav.Quit:
			up = append(up, msg)
		default:
			var next tea.Cmd
			next = s.Update(msg)
			exec(next)
		}
	}
	exec(cmd)
	return s, up
}

// netCmds unwraps tea.Batch (a tea.BatchMsg) and tea.Sequence (an
// unexported slice of Cmds in bubbletea/v2's commands.go).
func netCmds(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// netSend delivers key presses one by one and runs their Cmds.
func netSend(t testing.TB, s screen, keys ...tea.KeyPressMsg) (screen, []tea.Msg) {
	t.Helper()
	var up []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		cmd = s.Update(k)
		var msgs []tea.Msg
		s, msgs = netRun(t, s, cmd)
		up = append(up, msgs...)
	}
	return s, up
}

func netText(s string) []tea.KeyPressMsg {
	var keys []tea.KeyPressMsg
	for _, r := range s {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return keys
}

var (
	netEnter     = tea.KeyPressMsg{Code: tea.KeyEnter}
	netBackspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
	netDown      = tea.KeyPressMsg{Code: tea.KeyDown}
	netLeft      = tea.KeyPressMsg{Code: tea.KeyLeft}
)

// netRetype clears the focused input (n characters) and types text. The
// Cmds of typing are the cursor's blink and huh's refresh of dynamic
// titles, which these forms do not use: they are dropped, so the tests
// need not wait for the blink.
func netRetype(t testing.TB, s screen, n int, text string) screen {
	t.Helper()
	keys := make([]tea.KeyPressMsg, 0, n+len(text))
	for range n {
		keys = append(keys, netBackspace)
	}
	for _, k := range append(keys, netText(text)...) {
		s.Update(k)
	}
	return s
}

// netView is the screen without colour.
func netView(s screen, w, h int) string { return ansi.Strip(viewAt(s, w, h)) }

// netWant checks that up is SetInputs then StartStep for step, and returns
// the inputs.
func netWant(t testing.TB, up []tea.Msg, step steps.Step) steps.Inputs {
	t.Helper()
	if len(up) != 2 {
		t.Fatalf("sent upward %#v, want SetInputs then StartStep", up)
	}
	set, ok := up[0].(nav.SetInputs)
	if !ok {
		t.Fatalf("first message %#v, want nav.SetInputs", up[0])
	}
	if start, ok := up[1].(nav.StartStep); !ok || start.Step != step {
		t.Fatalf("second message %#v, want nav.StartStep{%s}", up[1], step)
	}
	return set.Inputs
}

func netEditing(t testing.TB, s screen) {
	t.Helper()
	if e := s.(*stepScreen).editor; e == nil || e.Done() {
		t.Fatal("the form is no longer being edited")
	}
}

func TestEditorVPC_InvalidCIDRKeepsFocus(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepVPC, sh)
	if v := netView(s, 80, 40); !strings.Contains(v, "192.168.11.0/24") || !strings.Contains(v, "C class") {
		t.Fatalf("the form does not show the default block and the note:\n%s", v)
	}
	tests := []struct{ typed, says string }{
		{"192.168.11.5/24", "did you mean 192.168.11.0/24?"},
		{"10.0.0.0/8", "from /16 to /28"},
		{"8.8.8.0/24", "private (RFC 1918)"},
		{"192.168.11", "an IPv4 CIDR block"},
	}
	for _, tt := range tests {
		s = netRetype(t, s, 20, tt.typed)
		if v := netView(s, 80, 40); !strings.Contains(v, tt.says) {
			t.Errorf("typing %s: the screen does not say %q as typed:\n%s", tt.typed, tt.says, v)
		}
		var up []tea.Msg
		s, up = netSend(t, s, netEnter)
		if len(up) > 0 {
			t.Fatalf("Enter on %s sent %v upward", tt.typed, up)
		}
		netEditing(t, s)
		if v := netView(s, 80, 40); !strings.Contains(v, tt.says) || !strings.Contains(v, tt.typed) {
			t.Errorf("after Enter on %s the screen does not show it with %q:\n%s", tt.typed, tt.says, v)
		}
	}
}

func TestEditorVPC_ValidCIDRSetsInputsThenStarts(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepVPC, sh)
	s = netRetype(t, s, 20, "10.1.0.0/16")
	v := netView(s, 80, 40)
	if !strings.Contains(v, "10.1.0.0/16 holds 65536 addresses, 10.1.0.0 to 10.1.255.255") {
		t.Errorf("the note does not follow the typed block:\n%s", v)
	}
	_, up := netSend(t, s, netEnter)
	in := netWant(t, up, steps.StepVPC)
	want := sh.Inputs
	want.VPCCIDR = "10.1.0.0/16"
	if !reflect.DeepEqual(in, want) {
		t.Errorf("inputs = %+v, want %+v", in, want)
	}
}

func TestEditorVPC_SubnetsFollowTheVPC(t *testing.T) {
	custom := map[string]string{"admin": "192.168.11.224/27"}
	sh := netShared(t, catalog.EN, func(in *steps.Inputs) { in.Subnets = custom })
	if got := withVPC(sh.Inputs, "192.168.11.0/24").Subnets; !reflect.DeepEqual(got, custom) {
		t.Errorf("subnets that still fit were changed to %v", got)
	}
	s := netScreen(t, steps.StepVPC, sh)
	s = netRetype(t, s, 20, "10.0.0.0/24")
	_, up := netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepVPC); in.Subnets != nil || in.VPCCIDR != "10.0.0.0/24" {
		t.Errorf("inputs = %+v, want the new VPC with the derived subnets", in)
	}
}

func TestEditorKey_GenerateByDefault(t *testing.T) {
	sh := netShared(t, catalog.EN, func(in *steps.Inputs) { in.PublicKey = "" })
	s := netScreen(t, steps.StepKey, sh)
	if v := netView(s, 80, 40); !strings.Contains(v, "~/.ssh/key-mhson.pem, 0400") || !strings.Contains(v, "Import my public key") {
		t.Fatalf("the choice is not shown:\n%s", v)
	}
	_, up := netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepKey); in.PublicKey != "" {
		t.Errorf("PublicKey = %q, want empty (generate)", in.PublicKey)
	}
}

// netPublicKey writes an ed25519 public key file and returns its path.
func netPublicKey(t testing.TB, dir string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "id_ed25519.pub")
	if err := os.WriteFile(path, ssh.MarshalAuthorizedKey(pk), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditorKey_ImportChecksThePath(t *testing.T) {
	dir := t.TempDir()
	good := netPublicKey(t, dir)
	bad := filepath.Join(dir, "not-a-key.pub")
	if err := os.WriteFile(bad, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepKey, sh)
	s, up := netSend(t, s, netDown, netEnter)
	if len(up) > 0 {
		t.Fatalf("choosing import sent %v upward", up)
	}
	if v := netView(s, 80, 40); !strings.Contains(v, "Public key file") || !strings.Contains(v, "Give the path") {
		t.Fatalf("no path field with its problem after choosing import:\n%s", v)
	}
	for _, typed := range []string{filepath.Join(dir, "missing.pub"), bad, dir} {
		s = netRetype(t, s, 200, typed)
		s, up = netSend(t, s, netEnter)
		if len(up) > 0 {
			t.Fatalf("Enter on %s sent %v upward", typed, up)
		}
		netEditing(t, s)
		if v := netView(s, 200, 40); !strings.Contains(v, "an OpenSSH public key file (ssh-ed25519 or ssh-rsa) is needed") {
			t.Errorf("%s: the screen does not say what is allowed:\n%s", typed, v)
		}
	}
	s = netRetype(t, s, 200, good)
	if err := s.(*stepScreen).editor.Live(); err != nil {
		t.Fatalf("Live() = %v for a good key", err)
	}
	_, up = netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepKey); in.PublicKey != good {
		t.Errorf("PublicKey = %q, want %q", in.PublicKey, good)
	}
}

func TestEditorKey_ImportExpandsHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.Mkdir(filepath.Join(home, ".ssh"), 0o700); err != nil {
		t.Fatal(err)
	}
	path := netPublicKey(t, filepath.Join(home, ".ssh"))
	s := netScreen(t, steps.StepKey, netShared(t, catalog.EN, nil))
	s, _ = netSend(t, s, netDown, netEnter)
	s = netRetype(t, s, 0, "~/.ssh/id_ed25519.pub")
	_, up := netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepKey); in.PublicKey != path {
		t.Errorf("PublicKey = %q, want %q", in.PublicKey, path)
	}
}

func TestEditorKey_ResumesWithTheImportedKey(t *testing.T) {
	path := netPublicKey(t, t.TempDir())
	s := netScreen(t, steps.StepKey, netShared(t, catalog.EN, func(in *steps.Inputs) { in.PublicKey = path }))
	s, _ = netSend(t, s, netEnter) // the choice is already "import"
	if v := netView(s, 200, 40); !strings.Contains(v, path) {
		t.Fatalf("the path is not offered again:\n%s", v)
	}
	_, up := netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepKey); in.PublicKey != path {
		t.Errorf("PublicKey = %q, want %q", in.PublicKey, path)
	}
}

func TestEditorSubnets_TableShowsTheSpareBlock(t *testing.T) {
	s := netScreen(t, steps.StepSubnets, netShared(t, catalog.EN, nil))
	v := netView(s, 80, 40)
	for _, want := range []string{
		"public-2a  ap-northeast-2a  192.168.11.0/26    59",
		"public-2c  ap-northeast-2c  192.168.11.64/26   59",
		"internal-2a  ap-northeast-2a  192.168.11.128/27  27",
		"admin-2a  ap-northeast-2a  192.168.11.160/27  27",
		"192.168.11.192/26  (64)",
		"Spare: 64 addresses",
	} {
		if !strings.Contains(strings.Join(strings.Fields(v), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the table does not show %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "› public-2a") {
		t.Errorf("the subnet being edited is not marked:\n%s", v)
	}
}

func TestEditorSubnets_InvalidCIDRKeepsFocus(t *testing.T) {
	s := netScreen(t, steps.StepSubnets, netShared(t, catalog.EN, nil))
	tests := []struct{ typed, says string }{
		{"192.168.12.0/26", "inside the VPC 192.168.11.0/24"},
		{"192.168.11.64/26", `public-2a "192.168.11.64/26": a block that does not overlap public-2c (192.168.11.64/26)`},
		{"192.168.11.0/29", "from /16 to /28"},
		{"192.168.11.1/26", "did you mean 192.168.11.0/26?"},
		{"192.168.11.", "an IPv4 CIDR block"},
	}
	for _, tt := range tests {
		s = netRetype(t, s, 20, tt.typed)
		if v := netView(s, 120, 40); !strings.Contains(v, tt.says) {
			t.Errorf("typing %s: the screen does not say %q as typed:\n%s", tt.typed, tt.says, v)
		}
		var up []tea.Msg
		s, up = netSend(t, s, netEnter)
		if len(up) > 0 {
			t.Fatalf("Enter on %s sent %v upward", tt.typed, up)
		}
		netEditing(t, s)
		v := netView(s, 120, 40)
		if !strings.Contains(v, tt.says) || !strings.Contains(v, "› public-2a") {
			t.Errorf("after Enter on %s the screen left the field or the message:\n%s", tt.typed, v)
		}
	}
}

func TestEditorSubnets_DefaultsLeaveSubnetsUnset(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepSubnets, sh)
	s, up := netSend(t, s, netEnter, netEnter, netEnter)
	if len(up) > 0 {
		t.Fatalf("Enter on the first three subnets sent %v upward", up)
	}
	if v := netView(s, 80, 40); !strings.Contains(v, "› admin-2a") {
		t.Fatalf("Enter did not move to the last subnet:\n%s", v)
	}
	_, up = netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepSubnets); in.Subnets != nil || !reflect.DeepEqual(in, sh.Inputs) {
		t.Errorf("inputs = %+v, want them unchanged (Subnets nil)", in)
	}
}

func TestEditorSubnets_ChangedBlockIsKept(t *testing.T) {
	s := netScreen(t, steps.StepSubnets, netShared(t, catalog.EN, nil))
	s, _ = netSend(t, s, netEnter)
	s = netRetype(t, s, 20, "192.168.11.192/26")
	v := netView(s, 80, 40)
	if !strings.Contains(v, "spare") || !strings.Contains(v, "192.168.11.64/26") || strings.Contains(v, "192.168.11.192/26  (64)") {
		t.Errorf("the spare block does not follow the typed subnet:\n%s", v)
	}
	_, up := netSend(t, s, netEnter, netEnter, netEnter)
	in := netWant(t, up, steps.StepSubnets)
	if want := map[string]string{"public-2": "192.168.11.192/26"}; !reflect.DeepEqual(in.Subnets, want) {
		t.Errorf("Subnets = %v, want %v", in.Subnets, want)
	}
	if err := in.Validate(); err != nil {
		t.Errorf("the inputs sent do not validate: %v", err)
	}
}

// An overlap made by a later subnet is caught there, even though the
// earlier one was fine when the user left it.
func TestEditorSubnets_OverlapCaughtOnEitherSide(t *testing.T) {
	s := netScreen(t, steps.StepSubnets, netShared(t, catalog.EN, nil))
	s, _ = netSend(t, s, netEnter, netEnter)
	s = netRetype(t, s, 20, "192.168.11.0/27")
	s, up := netSend(t, s, netEnter)
	if len(up) > 0 {
		t.Fatalf("Enter on an overlapping block sent %v upward", up)
	}
	if v := netView(s, 120, 40); !strings.Contains(v, "overlap public-2a (192.168.11.0/26)") || !strings.Contains(v, "› internal-2a") {
		t.Errorf("the overlap is not shown on the internal subnet:\n%s", v)
	}
}

func TestEditorSubnets_SmallVPCNeedsEveryBlock(t *testing.T) {
	// A /26 is too small for the derived layout: every block is typed.
	cidrs := map[string]string{"public-1": "10.0.0.0/28", "public-2": "10.0.0.16/28", "internal": "10.0.0.32/28", "admin": "10.0.0.48/28"}
	sh := netShared(t, catalog.EN, func(in *steps.Inputs) { in.VPCCIDR, in.Subnets = "10.0.0.0/26", cidrs })
	s := netScreen(t, steps.StepSubnets, sh)
	v := strings.Join(strings.Fields(netView(s, 80, 40)), " ")
	if !strings.Contains(v, "No spare block") || !strings.Contains(v, "admin-2a ap-northeast-2a 10.0.0.48/28 11") {
		t.Errorf("a full /26 shows a spare block, or not its subnets:\n%s", v)
	}
	_, up := netSend(t, s, netEnter, netEnter, netEnter, netEnter)
	if in := netWant(t, up, steps.StepSubnets); !reflect.DeepEqual(in.Subnets, cidrs) {
		t.Errorf("Subnets = %v, want every block kept: %v", in.Subnets, cidrs)
	}
}

func TestEditorGateways_ShowsWhatNATCosts(t *testing.T) {
	s := netScreen(t, steps.StepGateways, netShared(t, catalog.EN, nil))
	v := strings.Join(strings.Fields(netView(s, 80, 40)), " ")
	for _, want := range []string{
		"NAT gateway $0.059/h $43.07/month",
		"Elastic IP $0.005/h $3.65/month",
		"together $0.064/h $46.72/month",
		"ap-northeast-2 list prices",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the screen does not show %q:\n%s", want, v)
		}
	}
	s, up := netSend(t, s, netLeft)
	if len(up) > 0 {
		t.Fatalf("toggling sent %v upward", up)
	}
	if v := netView(s, 80, 40); !strings.Contains(v, "Without the NAT gateway: $0") {
		t.Errorf("turning NAT off does not say what it means:\n%s", v)
	}
	_, up = netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepGateways); !in.NoNAT {
		t.Error("NoNAT = false after turning the NAT gateway off")
	}
}

func TestEditorGateways_KeepsNATOn(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	_, up := netSend(t, netScreen(t, steps.StepGateways, sh), netEnter)
	if in := netWant(t, up, steps.StepGateways); in.NoNAT || !reflect.DeepEqual(in, sh.Inputs) {
		t.Errorf("inputs = %+v, want them unchanged (NAT on)", in)
	}
	sh = netShared(t, catalog.EN, func(in *steps.Inputs) { in.NoNAT = true })
	_, up = netSend(t, netScreen(t, steps.StepGateways, sh), netEnter)
	if in := netWant(t, up, steps.StepGateways); !in.NoNAT {
		t.Error("a stack without NAT got one back")
	}
}

func TestEditorGateways_UnknownRegionSaysAbout(t *testing.T) {
	s := netScreen(t, steps.StepGateways, netShared(t, catalog.EN, func(in *steps.Inputs) { in.Region = "me-central-1" }))
	v := strings.Join(strings.Fields(netView(s, 80, 40)), " ")
	if !strings.Contains(v, "about $0.045/h") || !strings.Contains(v, "about $32.85/month") || !strings.Contains(v, "No prices for me-central-1") {
		t.Errorf("an unknown region does not show the us-east-1 price as an estimate:\n%s", v)
	}
}

// Every network editor renders in Korean, with all its strings, within the
// width: the editor at the shell's 80 and narrower, and the whole step
// screen at the 120 columns of the golden files.
func TestEditorNetwork_KoreanFitsTheWidth(t *testing.T) {
	for _, step := range []steps.Step{steps.StepKey, steps.StepVPC, steps.StepSubnets, steps.StepGateways} {
		sh := netShared(t, catalog.KO, nil)
		s := netScreen(t, step, sh)
		for _, w := range []int{80 - sidebarWidth - 1, 44} {
			e := s.(*stepScreen).editor
			e.SetWidth(w)
			netFits(t, step.String()+" editor", e.View(), w)
		}
		netFits(t, step.String()+" screen", viewAt(s, 120-sidebarWidth-1, 40), 120-sidebarWidth-1)
		netComplete(t, ansi.Strip(viewAt(s, 120, 40)))
	}
	// The Korean strings do show.
	s := netScreen(t, steps.StepGateways, netShared(t, catalog.KO, nil))
	if v := netView(s, 120, 40); !strings.Contains(v, "시간당 $0.059") || !strings.Contains(v, "월 $43.07") {
		t.Errorf("the Korean cost is not shown:\n%s", v)
	}
	s = netScreen(t, steps.StepSubnets, netShared(t, catalog.KO, nil))
	if v := netView(s, 120, 40); !strings.Contains(v, "여유") || !strings.Contains(v, "호스트") {
		t.Errorf("the Korean table is not shown:\n%s", v)
	}
}

// netComplete checks that no string of these editors is missing from the
// catalogue (T shows a missing one as !key).
func netComplete(t testing.TB, view string) {
	t.Helper()
	for _, prefix := range []string{"!key.", "!vpc.", "!subnets.", "!gateways."} {
		if strings.Contains(view, prefix) {
			t.Errorf("a string is missing from the catalogue:\n%s", view)
		}
	}
}

func netFits(t testing.TB, what, view string, width int) {
	t.Helper()
	for i, l := range strings.Split(view, "\n") {
		if w := lipgloss.Width(l); w > width {
			t.Errorf("%s: line %d is %d wide, more than %d: %q", what, i, w, width, ansi.Strip(l))
		}
	}
}

// Through the whole shell at 80×24, in both languages, each network
// screen shows its form and never a missing string.
func TestEditorNetwork_InTheShell(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.KO} {
		for _, id := range []screenID{scrKey, scrVPC, scrSubnets, scrGateways} {
			m := New(Options{Lang: lang, Inputs: steps.Inputs{Prefix: "mhson"}.WithDefaults(), Now: func() time.Time { return time.Unix(0, 0) }})
			m.sh.Zones = netZones
			m.refresh()
			m.cur = id
			s := m.screen(id)
			s, _ = netRun(t, s, s.Init())
			m.screens[id] = s
			frame := ansi.Strip(m.Render())
			lines := strings.Split(frame, "\n")
			if len(lines) > 24 {
				t.Errorf("%v: %d lines", id, len(lines))
			}
			netFits(t, "shell", frame, 80)
			netComplete(t, frame)
		}
	}
}

// Finished steps are read-only: the values they ran with, no field, and
// keys do not edit them.
func TestEditorNetwork_FinishedStepsAreReadOnly(t *testing.T) {
	tests := []struct {
		step  steps.Step
		edit  func(*steps.Inputs)
		shows []string
	}{
		{steps.StepKey, nil, []string{"Key pair: Generate a new ed25519 key (~/.ssh/key-mhson.pem, 0400)"}},
		{steps.StepVPC, func(in *steps.Inputs) { in.VPCCIDR = "10.0.0.0/24" }, []string{"VPC CIDR block: 10.0.0.0/24", "10.0.0.0/24 holds 256 addresses"}},
		{steps.StepSubnets, func(in *steps.Inputs) { in.Subnets = map[string]string{"public-2": "192.168.11.192/26"} }, []string{
			"public-2c ap-northeast-2c 192.168.11.192/26 59", "spare – 192.168.11.64/26 (64)",
		}},
		{steps.StepGateways, func(in *steps.Inputs) { in.NoNAT = true }, []string{"NAT gateway: off", "Without the NAT gateway: $0"}},
	}
	for _, tt := range tests {
		sh := netShared(t, catalog.EN, tt.edit)
		sh.Steps[tt.step] = StepDone
		s := netScreen(t, tt.step, sh)
		v := strings.Join(strings.Fields(netView(s, 80, 40)), " ")
		for _, want := range tt.shows {
			if !strings.Contains(v, want) {
				t.Errorf("%s: the finished step does not show %q:\n%s", tt.step, want, v)
			}
		}
		if strings.Contains(v, "┃") {
			t.Errorf("%s: a finished step shows a form:\n%s", tt.step, v)
		}
		s, up := netSend(t, s, append(netText("9"), netEnter)...)
		if len(up) != 1 || up[0] != (nav.Next{}) {
			t.Errorf("%s: keys on a finished step sent %v, want only nav.Next", tt.step, up)
		}
		if in := s.(*stepScreen).editor.Apply(sh.Inputs); !reflect.DeepEqual(in, sh.Inputs) {
			t.Errorf("%s: keys on a finished step changed the inputs to %+v", tt.step, in)
		}
	}
}

// A VPC changed on its screen after the subnets screen was built gives the
// subnets the new VPC's layout.
func TestEditorSubnets_FollowTheNewVPC(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepSubnets, sh)
	sh.Inputs.VPCCIDR = "10.0.0.0/24"
	sh.Plan, _ = steps.BuildPlan(sh.Inputs, netZones)
	s.Refresh(sh)
	s, _ = netRun(t, s, s.Init())
	v := netView(s, 80, 40)
	if !strings.Contains(v, "10.0.0.64/26") || !strings.Contains(v, "10.0.0.192/26") || strings.Contains(v, "192.168.11.") {
		t.Fatalf("the table does not follow the new VPC:\n%s", v)
	}
	_, up := netSend(t, s, netEnter, netEnter, netEnter, netEnter)
	if in := netWant(t, up, steps.StepSubnets); in.Subnets != nil {
		t.Errorf("Subnets = %v, want the new VPC's layout (nil)", in.Subnets)
	}
}

// A new prefix renames the key file on offer, and keeps the user's choice.
func TestEditorKey_NewPrefixRenamesTheKeyFile(t *testing.T) {
	path := netPublicKey(t, t.TempDir())
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepKey, sh)
	s, _ = netSend(t, s, netDown)
	sh.Inputs.Prefix = "lab"
	sh.Plan, _ = steps.BuildPlan(sh.Inputs, netZones)
	s.Refresh(sh)
	s, _ = netRun(t, s, s.Init())
	if v := netView(s, 80, 40); !strings.Contains(v, "key-lab.pem") || strings.Contains(v, "key-mhson.pem") {
		t.Fatalf("the key file is not renamed:\n%s", v)
	}
	s, _ = netSend(t, s, netEnter) // "import" is still chosen
	s = netRetype(t, s, 0, path)
	_, up := netSend(t, s, netEnter)
	if in := netWant(t, up, steps.StepKey); in.PublicKey != path || in.Prefix != "lab" {
		t.Errorf("inputs = %+v, want prefix lab importing %s", in, path)
	}
}

// Every string of these editors is in both languages.
func TestEditorNetwork_Catalogue(t *testing.T) {
	n := 0
	for _, k := range catalog.Keys() {
		for _, p := range []string{"key.mode.", "key.path.", "vpc.", "subnets.", "gateways."} {
			if !strings.HasPrefix(k, p) {
				continue
			}
			n++
			e, _ := catalog.Lookup(k)
			if strings.TrimSpace(e.En) == "" || strings.TrimSpace(e.Ko) == "" {
				t.Errorf("%s lacks a language: %+v", k, e)
			}
			if strings.Count(e.En, "%") != strings.Count(e.Ko, "%") {
				t.Errorf("%s: the languages take different arguments: %+v", k, e)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d strings of the network editors found", n)
	}
	for _, d := range catalog.Duplicates() {
		for _, p := range []string{"key.mode.", "key.path.", "vpc.", "subnets.", "gateways."} {
			if strings.HasPrefix(d, p) {
				t.Errorf("%s is defined twice", d)
			}
		}
	}
}
