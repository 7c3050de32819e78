package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

const summaryBastionIP = "3.35.120.14"

// summaryIDPrefix is how AWS starts the ids of each kind (a route has its
// target's, a rule set its group's).
var summaryIDPrefix = map[steps.ResourceKind]string{
	steps.KindKeyPair: "key", steps.KindVPC: "vpc", steps.KindSubnet: "subnet", steps.KindInternetGateway: "igw",
	steps.KindElasticIP: "eipalloc", steps.KindNATGateway: "nat", steps.KindRouteTable: "rtb", steps.KindRoute: "igw",
	steps.KindSecurityGroup: "sg", steps.KindSGRules: "sg", steps.KindInstance: "i",
}

// summaryShared is the wizard's state on a finished stack: the report of
// the course's whole plan (26 resources, routes and rule sets included),
// with the ids and addresses AWS would have given.
func summaryShared(t *testing.T, lang catalog.Lang) Shared {
	t.Helper()
	in := steps.Inputs{Prefix: "mhson", Region: "ap-northeast-2", MyIP: "203.0.113.7"}.WithDefaults()
	p, err := steps.BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
	if err != nil {
		t.Fatal(err)
	}
	rep := steps.Report{Stack: in.Prefix, Region: in.Region, Account: "123456789012"}
	for i, res := range p.Resources {
		row := steps.Row{
			Name: res.Name, Kind: res.Kind.String(), ID: fmt.Sprintf("%s-0%016x", summaryIDPrefix[res.Kind], i+1),
			AZ: res.AZ, CIDR: res.CIDR, Role: res.Role, Step: res.Step.String(), State: "ok",
		}
		switch res.Kind {
		case steps.KindInstance:
			row.PrivateIP = fmt.Sprintf("192.168.11.%d", 10+i)
			if res.Role == steps.RoleBastion {
				row.PublicIP = summaryBastionIP
			}
		case steps.KindNATGateway, steps.KindElasticIP:
			row.PrivateIP, row.PublicIP = fmt.Sprintf("192.168.11.%d", 10+i), fmt.Sprintf("3.35.120.%d", 100+i)
		default:
		}
		rep.Rows = append(rep.Rows, row)
	}
	if len(rep.Rows) < 20 {
		t.Fatalf("the plan has only %d resources", len(rep.Rows))
	}
	return Shared{
		Lang: lang, Styles: NewStyles(true), Keys: DefaultKeyMap(lang), Inputs: in,
		Steps: map[steps.Step]StepState{}, Runs: map[steps.Step]RunView{}, Report: &rep,
	}
}

// summaryPress is a key press by name: "up", "down" or a letter.
func summaryPress(s string) tea.KeyPressMsg {
	switch s {
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func summaryKeyPress(t *testing.T, s screen, k string) (screen, tea.Cmd) {
	t.Helper()
	return s, s.Update(summaryPress(k))
}

// summaryFits checks that a view is within width x height and returns it
// without colour.
func summaryFits(t *testing.T, view string, width, height int) string {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > height {
		t.Errorf("%d lines at height %d", len(lines), height)
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > width {
			t.Errorf("line %d is %d wide at width %d: %q", i, w, width, ansi.Strip(l))
		}
	}
	return ansi.Strip(view)
}

// shellJoined is a view's text as a shell reads a command wrapped with
// " \\": each such line joined to the next, indentation dropped. A word
// split inside (a path cut in two) stays apart, so it is not found whole.
func shellJoined(view string) string {
	var b strings.Builder
	for _, l := range strings.Split(view, "\n") {
		l = strings.TrimRight(l, " ")
		if cut, ok := strings.CutSuffix(l, " \\"); ok {
			b.WriteString(strings.TrimSpace(cut) + " ")
			continue
		}
		b.WriteString(strings.TrimSpace(l) + "\n")
	}
	return b.String()
}

// TestSummary_ViewFitsAndShowsFirstRows renders the summary as the shell
// gives it its body at 80x24 and 120x40, and as a whole terminal.
func TestSummary_ViewFitsAndShowsFirstRows(t *testing.T) {
	sh := summaryShared(t, catalog.EN)
	rows := sh.Report.Rows
	for _, size := range [][2]int{{80, 24}, {120, 40}, {56, 20}, {97, 36}, {30, 10}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := newSummaryScreen(sh)
			v := summaryFits(t, viewAt(s, size[0], size[1]), size[0], size[1])
			if size[0] < 50 {
				return // only fitting is asked of a tiny body
			}
			want := []string{"Summary", "26 resources", "Name", "ID", "mhson-vpc", rows[1].ID}
			if size[0] >= 80 {
				// The bastion's address is what a student needs first.
				want = append(want, "Public IP")
			}
			for _, want := range want {
				if !strings.Contains(v, want) {
					t.Errorf("view lacks %q:\n%s", want, v)
				}
			}
			// The first rows are shown, starting with the first.
			name := func(i int) string { return rows[i].Name[:min(len(rows[i].Name), 12)] }
			for i := range 3 {
				if !strings.Contains(v, name(i)) {
					t.Errorf("view lacks row %d (%s):\n%s", i, rows[i].Name, v)
				}
			}
			if strings.Contains(v, rows[len(rows)-1].ID) && size[1] < 30 {
				t.Errorf("the last row shows at height %d:\n%s", size[1], v)
			}
			// The cursor's row is shown in full below the table.
			if !strings.Contains(v, "› "+rows[0].Name+"  "+rows[0].Kind) || !strings.Contains(v, "  ID "+rows[0].ID) {
				t.Errorf("no detail of the first row:\n%s", v)
			}
		})
	}
	// At the width of a wide terminal every column is whole.
	v := summaryFits(t, viewAt(newSummaryScreen(sh), 160, 40), 160, 40)
	for _, r := range rows[:10] {
		if !strings.Contains(v, r.Name) || !strings.Contains(v, r.ID) {
			t.Errorf("wide view cuts %s %s:\n%s", r.Name, r.ID, v)
		}
	}
}

// TestSummary_InTheShellFits renders the whole wizard frame on the summary.
func TestSummary_InTheShellFits(t *testing.T) {
	for _, lang := range []catalog.Lang{catalog.EN, catalog.KO} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			m := New(Options{Lang: lang, Inputs: summaryShared(t, lang).Inputs})
			m.sh = summaryShared(t, lang)
			m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			m.goTo(scrSummary)
			v := summaryFits(t, m.Render(), size[0], size[1])
			if !strings.Contains(v, "mhson-vpc") {
				t.Errorf("%v %dx%d frame lacks the first row:\n%s", lang, size[0], size[1], v)
			}
		}
	}
}

// TestSummary_DownScrollsToTheLastRow: the table scrolls with the cursor
// and the cursor never leaves the view.
func TestSummary_DownScrollsToTheLastRow(t *testing.T) {
	sh := summaryShared(t, catalog.EN)
	rows := sh.Report.Rows
	var s screen = newSummaryScreen(sh)
	_ = viewAt(s, 80, 24)
	for i := 1; i < len(rows)+3; i++ {
		s, _ = summaryKeyPress(t, s, "down")
		v := summaryFits(t, viewAt(s, 80, 24), 80, 24)
		cur := rows[min(i, len(rows)-1)]
		if !strings.Contains(v, "› "+cur.Name+"  ") || !strings.Contains(v, cur.Name[:min(len(cur.Name), 12)]) {
			t.Fatalf("after %d downs the cursor's row %s is not shown:\n%s", i, cur.Name, v)
		}
	}
	v := ansi.Strip(viewAt(s, 80, 24))
	if strings.Contains(v, "mhson-vpc ") {
		t.Errorf("the first row still shows at the bottom:\n%s", v)
	}
	for i := 0; i < len(rows); i++ {
		s, _ = summaryKeyPress(t, s, "up")
		v := summaryFits(t, viewAt(s, 80, 24), 80, 24)
		cur := rows[max(len(rows)-2-i, 0)]
		if !strings.Contains(v, "› "+cur.Name+"  ") {
			t.Fatalf("after %d ups the cursor's row %s is not shown:\n%s", i+1, cur.Name, v)
		}
	}
}

// TestSummary_SSHTogglesTheBastionCommand: s shows the command with the
// bastion's address, and hides it again.
func TestSummary_SSHTogglesTheBastionCommand(t *testing.T) {
	sh := summaryShared(t, catalog.EN)
	var s screen = newSummaryScreen(sh)
	want := "ssh -i ~/.ssh/key-mhson.pem ubuntu@" + summaryBastionIP
	if v := ansi.Strip(viewAt(s, 80, 24)); strings.Contains(v, "ssh -i") {
		t.Fatalf("ssh command before s:\n%s", v)
	}
	s, cmd := summaryKeyPress(t, s, "s")
	if cmd != nil {
		t.Errorf("s returned a Cmd")
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v := summaryFits(t, viewAt(s, size[0], size[1]), size[0], size[1])
		if !strings.Contains(v, want) || !strings.Contains(v, "mhson-vpc") {
			t.Errorf("%dx%d after s:\n%s", size[0], size[1], v)
		}
		// The hop to the database and the command that deletes the
		// stack, complete for it and wrapped only between arguments: the
		// lines joined as a shell joins them hold each whole.
		joined := shellJoined(v)
		hop := "infrawiz export --prefix mhson --region ap-northeast-2 --format ssh-config -o ~/.ssh/infrawiz-mhson.conf && ssh -F ~/.ssh/infrawiz-mhson.conf mhson-ec2-internal-2a"
		if !strings.Contains(joined, hop) {
			t.Errorf("%dx%d after s: no complete hop through the bastion %q:\n%s", size[0], size[1], hop, v)
		}
		if want := "infrawiz destroy --prefix mhson --region ap-northeast-2 --yes"; !strings.Contains(joined, want) {
			t.Errorf("%dx%d after s: no complete destroy command %q:\n%s", size[0], size[1], want, v)
		}
	}
	// A practice stack's commands say so: without --sandbox, a student
	// with AWS credentials would read (or delete) a real stack.
	sb := sh
	sb.Inputs.Sandbox = true
	s2, _ := summaryKeyPress(t, newSummaryScreen(sb), "s")
	joined := shellJoined(summaryFits(t, viewAt(s2, 80, 24), 80, 24))
	for _, want := range []string{
		"infrawiz export --prefix mhson --region ap-northeast-2 --sandbox --format ssh-config -o ~/.ssh/infrawiz-mhson.conf && ssh -F",
		"infrawiz destroy --prefix mhson --region ap-northeast-2 --sandbox --yes",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("practice mode: the summary lacks %q:\n%s", want, joined)
		}
	}
	s, _ = summaryKeyPress(t, s, "s")
	if v := ansi.Strip(viewAt(s, 80, 24)); strings.Contains(v, "ssh -i") {
		t.Fatalf("ssh command after a second s:\n%s", v)
	}

	// With the user's own public key, the .pem is not ours to name.
	sh.Inputs.PublicKey = "/home/u/.ssh/id_ed25519.pub"
	s, _ = summaryKeyPress(t, newSummaryScreen(sh), "s")
	if v := ansi.Strip(viewAt(s, 80, 24)); !strings.Contains(v, "ssh -i <your private key> ubuntu@"+summaryBastionIP) || strings.Contains(v, ".pem") {
		t.Errorf("with --public-key:\n%s", v)
	}

	// Before the servers exist there is no command to give.
	for i := range sh.Report.Rows {
		sh.Report.Rows[i].PublicIP = ""
	}
	s, _ = summaryKeyPress(t, newSummaryScreen(sh), "s")
	if v := ansi.Strip(viewAt(s, 80, 24)); strings.Contains(v, "ssh -i") || !strings.Contains(v, "no public IP") {
		t.Errorf("without a bastion IP:\n%s", v)
	}
}

// TestSummary_MarkdownAndCSVWriteFilesInTheWorkingDir: m and c return a Cmd
// that writes <prefix>-summary.md / .csv and tells the root where.
func TestSummary_MarkdownAndCSVWriteFilesInTheWorkingDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	sh := summaryShared(t, catalog.EN)
	var s screen = newSummaryScreen(sh)
	for _, tc := range []struct{ key, file, header string }{
		{"m", "mhson-summary.md", "| Name "},
		{"c", "mhson-summary.csv", "Name,Kind,ID,AZ,CIDR,Private IP,Public IP\n"},
	} {
		next, cmd := summaryKeyPress(t, s, tc.key)
		if cmd == nil {
			t.Fatalf("%s returned no Cmd", tc.key)
		}
		if _, err := os.Stat(filepath.Join(dir, tc.file)); !os.IsNotExist(err) {
			t.Fatalf("%s wrote before its Cmd ran: %v", tc.key, err)
		}
		msg := cmd()
		wm, ok := msg.(writtenMsg)
		path := filepath.Join(dir, tc.file)
		if !ok || !strings.Contains(wm.text, path) {
			t.Fatalf("%s: Cmd returned %#v, want writtenMsg naming %s", tc.key, msg, path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.header) {
			t.Errorf("%s lacks its header:\n%s", tc.file, b)
		}
		for _, r := range sh.Report.Rows {
			if !strings.Contains(string(b), r.Name) || !strings.Contains(string(b), r.ID) {
				t.Errorf("%s lacks %s %s", tc.file, r.Name, r.ID)
			}
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v", tc.file, fi.Mode())
		}
		s = next
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("files in the working dir: %v", ents)
	}
	// The root shows what the Cmd said.
	m := New(Options{Inputs: sh.Inputs})
	model, _ := m.Update(writtenMsg{text: "Wrote " + filepath.Join(dir, "mhson-summary.md")})
	if got := model.(*Model).status; !strings.Contains(got, "mhson-summary.md") {
		t.Errorf("root status %q", got)
	}

	// A failed write is reported, not hidden.
	t.Chdir(t.TempDir())
	if err := os.Mkdir("mhson-summary.md", 0o755); err != nil {
		t.Fatal(err)
	}
	_, cmd := summaryKeyPress(t, s, "m")
	if wm, ok := cmd().(writtenMsg); !ok || !strings.Contains(wm.text, "Could not write") {
		t.Errorf("a failed write returned %#v", wm)
	}
}

// TestSummary_KoreanAligned: Korean headers are double width; the table
// stays within the body and its columns line up with the rows.
func TestSummary_KoreanAligned(t *testing.T) {
	sh := summaryShared(t, catalog.KO)
	var s screen = newSummaryScreen(sh)
	s, _ = summaryKeyPress(t, s, "s")
	for _, size := range [][2]int{{80, 24}, {120, 40}, {160, 40}} {
		v := summaryFits(t, viewAt(s, size[0], size[1]), size[0], size[1])
		for _, want := range []string{"요약", "리소스 26개", "이름", "퍼블릭 IP", "mhson-vpc", "배스천에 접속하기", summaryBastionIP} {
			if !strings.Contains(v, want) {
				t.Errorf("%dx%d Korean view lacks %q:\n%s", size[0], size[1], want, v)
			}
		}
		// The Public IP column starts at the same display column in the
		// header and in the bastion's row.
		lines := strings.Split(v, "\n")
		header, bastion := -1, -1
		for i, l := range lines {
			if strings.Contains(l, "이름") && header < 0 {
				header = i
			}
			if strings.Contains(l, "mhson-ec2-bastion") && strings.Contains(l, summaryBastionIP) && !strings.HasPrefix(l, "›") {
				bastion = i
			}
		}
		if header < 0 {
			t.Fatalf("no header:\n%s", v)
		}
		if bastion < 0 {
			continue // scrolled out at this height
		}
		col := func(l, sub string) int { return ansi.StringWidth(l[:strings.Index(l, sub)]) }
		if h, b := col(lines[header], "퍼블릭 IP"), col(lines[bastion], summaryBastionIP); h != b {
			t.Errorf("%dx%d: Public IP header at column %d, the bastion's IP at %d:\n%s", size[0], size[1], h, b, v)
		}
	}
	if got := s.Bindings(); len(got) != 15 || got[4].Help().Desc != "마크다운 저장" {
		t.Errorf("Korean bindings: %+v", got)
	}
}

// TestSummary_EmptyReport says there is nothing yet, and m says so too.
func TestSummary_EmptyReport(t *testing.T) {
	sh := summaryShared(t, catalog.EN)
	sh.Report = nil
	var s screen = newSummaryScreen(sh)
	if v := summaryFits(t, viewAt(s, 80, 24), 80, 24); !strings.Contains(v, "Nothing built yet") {
		t.Errorf("empty:\n%s", v)
	}
	_, cmd := summaryKeyPress(t, s, "m")
	if wm, ok := cmd().(writtenMsg); !ok || wm.text != "Nothing built yet." {
		t.Errorf("m without a report: %#v", wm)
	}
	// The report arrives later: Refresh fills the table.
	s.Refresh(summaryShared(t, catalog.EN))
	if v := ansi.Strip(viewAt(s, 80, 24)); !strings.Contains(v, "mhson-vpc") {
		t.Errorf("after Refresh:\n%s", v)
	}
}

func TestSummary_BindingsHaveHelp(t *testing.T) {
	s := newSummaryScreen(summaryShared(t, catalog.EN))
	var keys []string
	for _, b := range s.Bindings() {
		if b.Help().Desc == "" || strings.HasPrefix(b.Help().Desc, "!") {
			t.Errorf("binding %v has no help", b.Keys())
		}
		keys = append(keys, b.Help().Key)
	}
	if strings.Join(keys, " ") != "D $ d x m c s ↑ ↓ f/pgdn b/pgup ctrl+d ctrl+u g/home G/end" {
		t.Errorf("bindings %v", keys)
	}
}

// TestSummary_RefreshKeepsTheCursor: the root refreshes screens while
// runs go on; the user's place in the table stays.
func TestSummary_RefreshKeepsTheCursor(t *testing.T) {
	sh := summaryShared(t, catalog.EN)
	var s screen = newSummaryScreen(sh)
	_ = viewAt(s, 80, 24)
	for range 5 {
		s, _ = summaryKeyPress(t, s, "down")
	}
	s.Refresh(summaryShared(t, catalog.EN))
	if v := ansi.Strip(viewAt(s, 80, 24)); !strings.Contains(v, "› "+sh.Report.Rows[5].Name+"  ") {
		t.Errorf("the cursor moved on Refresh:\n%s", v)
	}
}
