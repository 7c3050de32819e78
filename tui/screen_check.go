package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// CheckView is the connectivity check as the root has it: live results
// while it runs, then the whole report.
type CheckView struct {
	Running bool
	Started time.Time
	// Live are the probes' results in the order they arrived.
	Live   []steps.CheckResult
	Report *steps.CheckReport
	Err    error
	// Waiting are the consoles the check reads again for their host keys,
	// by host, while it runs.
	Waiting map[string]steps.CheckWait
	// KeyFile and Bastion are what the intro names.
	KeyFile string
}

// checkScreen runs the mission's last step: the rules and routes, then SSH
// through the bastion. Enter runs it (or moves on once it ran), r runs it
// again, f tightens a key file that others can read and runs it again.
type checkScreen struct {
	sh            Shared
	width, height int
}

func newCheckScreen(sh Shared) screen { return &checkScreen{sh: sh} }

func (s *checkScreen) Init() tea.Cmd             { return nil }
func (s *checkScreen) Refresh(sh Shared)         { s.sh = sh }
func (s *checkScreen) SetSize(width, height int) { s.width, s.height = width, height }

// Bindings are what Enter does now (run the check before it ran, else
// move on), r and f once it ran; nothing while it runs (keys wait).
func (s *checkScreen) Bindings() []key.Binding {
	k, c := s.sh.Keys, s.sh.Check
	ran := c.Report != nil || c.Err != nil
	switch {
	case c.Running:
		return nil
	case !ran && s.ready():
		return []key.Binding{k.RunCheck}
	case !ran:
		return []key.Binding{k.Next}
	}
	b := []key.Binding{k.Next, k.Rerun}
	if s.keyTooOpen() {
		b = append(b, k.FixKey)
	}
	return b
}

// ready: the check needs the servers to exist.
func (s *checkScreen) ready() bool { return s.sh.Steps[steps.StepServers] == StepDone }

func (s *checkScreen) keyTooOpen() bool {
	r := s.sh.Check.Report
	if r == nil || r.SSH == nil {
		return false
	}
	for _, p := range r.SSH.Problems() {
		if p.Kind == steps.ProblemKeyPermissions {
			return true
		}
	}
	return false
}

func (s *checkScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || s.sh.Check.Running {
		return nil
	}
	ran := s.sh.Check.Report != nil || s.sh.Check.Err != nil
	switch {
	case key.Matches(k, s.sh.Keys.Next):
		if !s.ready() || ran {
			return send(nav.Next{})
		}
		return send(nav.RunCheck{})
	case ran && key.Matches(k, s.sh.Keys.Rerun):
		return send(nav.RunCheck{})
	case ran && s.keyTooOpen() && key.Matches(k, s.sh.Keys.FixKey):
		return send(nav.RunCheck{FixKey: true})
	}
	return nil
}

func (s *checkScreen) View() string {
	width := s.width
	st := s.sh.Styles
	c := s.sh.Check
	lines := []string{st.Title.Render(s.sh.T("screen.check")), ""}
	fresh := c.Report == nil && c.Err == nil && !c.Running
	switch {
	case fresh && !s.ready():
		lines = append(lines, s.wrap(lipgloss.NewStyle(), s.sh.T("check.needservers"))...)
	case fresh:
		lines = append(lines, s.wrap(lipgloss.NewStyle(), s.sh.T("check.intro", s.bastionIP(), filepath.Base(c.KeyFile)))...)
		lines = append(lines, "")
		if last := s.sh.LastCheck; last != nil {
			lines = append(append(lines, s.lastView(*last)...), "")
		}
		lines = append(lines, s.wrap(lipgloss.NewStyle(), s.sh.T("check.enter"))...)
	case c.Running:
		lines = append(lines, s.wrap(st.Running, s.sh.T("check.running", s.sh.Now.Sub(c.Started).Round(time.Second)))...)
		for _, host := range []string{steps.CheckHostBastion, steps.CheckHostWeb, steps.CheckHostDB} {
			if w, ok := c.Waiting[host]; ok {
				lines = append(lines, s.wrap(st.Muted, s.sh.T("check.console.wait", s.sh.T("check.host."+host), w.Since.Round(time.Second)))...)
			}
		}
		lines = append(lines, s.probes(c.Live, width)...)
	case c.Err != nil:
		lines = append(lines, s.wrap(st.Error, catalog.Text(s.sh.Lang, c.Err))...)
	default:
		lines = s.reportView(lines, *c.Report)
	}
	return strings.Join(lines, "\n")
}

// wrap is text in style, wrapped between words to the screen's width: a
// line each.
func (s *checkScreen) wrap(style lipgloss.Style, text string) []string {
	return wrapWords(style, text, s.width)
}

// lastView is how the stack's last check went, in an earlier run of the
// wizard: when, its paths and probes, its verdict.
func (s *checkScreen) lastView(c steps.LastCheck) []string {
	st := s.sh.Styles
	lines := s.wrap(st.Title, s.sh.T("check.last", c.At.Local().Format("2006-01-02 15:04")))
	mark := st.Done.Render("✓")
	if c.PathsOK < c.Paths {
		mark = st.Failed.Render("✗")
	}
	lines = append(lines, mark+" "+s.sh.T("check.paths", c.PathsOK, c.Paths))
	if c.SSH {
		mark = st.Done.Render("✓")
		if c.ProbesOK < c.Probes {
			mark = st.Failed.Render("✗")
		}
		lines = append(lines, mark+" "+s.sh.T("check.last.probes", c.ProbesOK, c.Probes))
	}
	if c.OK {
		return append(lines, s.wrap(st.Done, s.sh.T("check.last.ok"))...)
	}
	return append(lines, s.wrap(st.Failed, s.sh.T("check.last.bad"))...)
}

// reportView is a finished check under the title: how many paths are as
// the mission wants, the probes, the verdict, then each problem while
// there is room, and every path when the problems leave room for them.
func (s *checkScreen) reportView(lines []string, r steps.CheckReport) []string {
	st := s.sh.Styles
	good := 0
	for _, p := range r.Paths {
		if p.OK() {
			good++
		}
	}
	mark := st.Done.Render("✓")
	if good < len(r.Paths) {
		mark = st.Failed.Render("✗")
	}
	lines = append(lines, s.wrap(lipgloss.NewStyle(), mark+" "+s.sh.T("check.paths", good, len(r.Paths)))...)
	// Where the paths go, if there is room for them.
	at := len(lines)
	problems, n := s.problems(r)
	switch {
	case r.SSH != nil:
		lines = append(lines, s.wrap(lipgloss.NewStyle(), s.sh.T("check.ssh"))...)
		lines = append(lines, s.probes(r.SSH.Results, s.width)...)
	case r.Why != "":
		lines = append(lines, s.wrap(st.Muted, s.sh.T("check.nossh", s.sh.T("check.sandbox")))...)
	}
	lines = append(lines, "")
	// The verdict and its keys come before the details, so they stay in
	// sight at 80x24 however many problems there are.
	switch {
	case r.OK() && r.SSH == nil:
		lines = append(lines, s.wrap(st.Done, s.sh.T("check.ok.static"))...)
	case r.OK():
		lines = append(lines, s.wrap(st.Done, s.sh.T("check.ok"))...)
	case n == 1:
		lines = append(lines, s.wrap(st.Failed, s.sh.T("check.failed.one"))...)
	default:
		lines = append(lines, s.wrap(st.Failed, s.sh.T("check.failed", max(n, 1)))...)
	}
	if s.keyTooOpen() {
		lines = append(lines, s.wrap(st.Warning, s.sh.T("check.fixkey"))...)
	}
	room := s.height - len(lines)
	shown, used, all := s.problemLines(problems, room)
	lines = append(lines, shown...)
	// Every path with its verdict, under the count, when the problems
	// leave room for them: they are what a student checks by hand.
	if paths := s.paths(r.Paths); all && room-used >= len(paths) {
		lines = slices.Insert(lines, at, paths...)
	}
	return lines
}

// paths lists every path with its verdict, one a line where the width
// allows, else the verdict on the line under its path.
func (s *checkScreen) paths(paths []steps.ReachPath) []string {
	st := s.sh.Styles
	list := make([]string, 0, len(paths))
	w := 0
	for _, p := range paths {
		w = max(w, len(p.ID))
	}
	for _, p := range paths {
		m := st.Done.Render("✓")
		if !p.OK() {
			m = st.Failed.Render("✗")
		}
		verdict := s.sh.T(pathVerdict(p))
		line := "  " + m + " " + fmt.Sprintf("%-*s", w, p.ID) + "  "
		if lipgloss.Width(line)+lipgloss.Width(verdict) <= s.width {
			list = append(list, line+st.Muted.Render(verdict))
			continue
		}
		list = append(list, strings.TrimRight(line, " "))
		list = append(list, indent(wrapWords(st.Muted, verdict, max(s.width-6, 1)), "      ")...)
	}
	return list
}

// problems are the lines under the check's verdict: each path not as the
// mission wants (with a hint for the bastion's), then each failed probe's
// explanation. n counts the problems among them (a hint is not one).
func (s *checkScreen) problems(r steps.CheckReport) (out []problemLine, n int) {
	for _, p := range r.Paths {
		if p.OK() {
			continue
		}
		n++
		out = append(out, problemLine{text: s.sh.T("check.path.bad", p.ID, p.Because)})
		if p.ID == steps.PathMeToBastion22 {
			out = append(out, problemLine{
				text: s.sh.T("check.ip.moved", strings.TrimSuffix(s.sh.Inputs.MyIP, "/32")),
				cmd:  steps.Command(s.sh.Inputs, "apply", "--yes"),
			})
		}
	}
	if r.SSH == nil {
		return out, n
	}
	for _, res := range r.SSH.Results {
		if res.Problem == nil {
			continue
		}
		text := s.sh.T("check.problem."+string(res.Problem.Kind)) + " " + res.Problem.Text
		if res.Problem.Rule != "" && !strings.Contains(text, res.Problem.Rule) {
			text += " (" + res.Problem.Rule + ")"
		}
		out = append(out, problemLine{text: res.Host + " " + s.sh.T("check.probe."+string(res.Probe)) + ": " + text})
		n++
	}
	return out, n
}

// problemLines lays the problems out in room lines: each with the command
// that fixes it, and "+N more" with the command that shows them all when
// the next one does not fit. used is how many lines the problems shown
// take; all says every one is.
func (s *checkScreen) problemLines(problems []problemLine, room int) (lines []string, used int, all bool) {
	st := s.sh.Styles
	// What "+N more" says, with the command that shows them all, complete
	// for this stack and wrapped as it pastes.
	more := func(n int) []string {
		out := s.wrap(st.Muted, s.sh.T("check.more", n))
		for _, l := range shellWrap(steps.Command(s.sh.Inputs, "check"), s.width-2) {
			out = append(out, "  "+st.Code.Render(l))
		}
		return out
	}
	for i, p := range problems {
		wrapped := wrapWords(lipgloss.NewStyle(), "• "+p.text, s.width)
		var cmd []string
		if p.cmd != "" {
			for _, l := range shellWrap(p.cmd, s.width-2) {
				cmd = append(cmd, "  "+st.Code.Render(l))
			}
		}
		need := len(wrapped) + len(cmd)
		if i < len(problems)-1 {
			need += len(more(0)) // room for "+N more" if the next one does not fit
		}
		if need > room-used {
			return append(lines, more(len(problems)-i)...), used, false
		}
		lines = append(lines, st.Error.Render(strings.Join(wrapped, "\n")))
		lines = append(lines, cmd...)
		used += len(wrapped) + len(cmd)
	}
	return lines, used, true
}

func (s *checkScreen) bastionIP() string {
	if s.sh.Report != nil {
		for _, r := range s.sh.Report.Rows {
			if r.Role == steps.RoleBastion && r.PublicIP != "" {
				return r.PublicIP
			}
		}
	}
	return "-"
}

// probes shows a line per server, more when the width needs them: each
// probe with a mark, in the order a student would try them by hand, the
// lines after the first under the first probe.
func (s *checkScreen) probes(results []steps.CheckResult, width int) []string {
	st := s.sh.Styles
	order := []steps.CheckProbe{
		steps.ProbeKey, steps.ProbeState, steps.ProbeTCP, steps.ProbeSSH, steps.ProbePing,
		steps.ProbeWebPort, steps.ProbeDBPort, steps.ProbeTMOUT, steps.ProbeAudit,
	}
	var out []string
	for _, host := range []string{steps.CheckHostBastion, steps.CheckHostWeb, steps.CheckHostDB} {
		byProbe := map[steps.CheckProbe]steps.CheckResult{}
		for _, r := range results {
			if r.Host == host {
				byProbe[r.Probe] = r
			}
		}
		if len(byProbe) == 0 {
			continue
		}
		head := fmt.Sprintf("  %-8s", host)
		indent := strings.Repeat(" ", lipgloss.Width(head)+1)
		cur := head
		for _, p := range order {
			r, ok := byProbe[p]
			if !ok {
				continue
			}
			var m string
			switch r.Status {
			case steps.CheckOK:
				m = st.Done.Render("✓")
			case steps.CheckFailed:
				m = st.Failed.Render("✗")
			default:
				m = st.Muted.Render("-")
			}
			part := m + s.sh.T("check.probe."+string(p))
			if cur != indent && lipgloss.Width(cur)+1+lipgloss.Width(part) > width {
				out = append(out, cur)
				cur = indent + part
				continue
			}
			if cur == indent {
				cur += part
			} else {
				cur += " " + part
			}
		}
		out = append(out, fit(cur, width, 1))
	}
	return out
}

// problemLine is one problem under the check's verdict, with the command
// that fixes it, if there is one.
type problemLine struct{ text, cmd string }

// pathVerdict is the catalogue key of what a path is and must be.
func pathVerdict(p steps.ReachPath) string {
	switch {
	case p.Want && p.Open:
		return "check.path.open"
	case !p.Want && !p.Open:
		return "check.path.closed"
	case p.Want:
		return "check.path.mustopen"
	default:
		return "check.path.mustclose"
	}
}
