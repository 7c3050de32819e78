package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// CheckView is the connectivity check as the root has it: live results
// while it runs, then the whole report.
type CheckView struct {
	Running bool
	Started time.Time
	// Live are the probes' results in the order they arrived.
	Live   []check.Result
	Report *steps.CheckReport
	Err    error
	// Waiting are the consoles the check reads again for their host keys,
	// by host, while it runs.
	Waiting map[string]check.Wait
	// KeyFile and Bastion are what the intro names.
	KeyFile string
}

// checkScreen runs the mission's last step: the rules and routes, then SSH
// through the bastion. Enter runs it (or moves on once it ran), r runs it
// again, f tightens a key file that others can read and runs it again.
type checkScreen struct{ sh Shared }

func newCheckScreen(sh Shared) screen { return checkScreen{sh: sh} }

func (s checkScreen) Init() tea.Cmd            { return nil }
func (s checkScreen) Refresh(sh Shared) screen { s.sh = sh; return s }

func (s checkScreen) Bindings() []key.Binding {
	b := []key.Binding{s.sh.Keys.Next}
	if c := s.sh.Check; c.Report != nil || c.Err != nil {
		b = append(b, s.sh.Keys.Rerun)
		if s.keyTooOpen() {
			b = append(b, s.sh.Keys.FixKey)
		}
	}
	return b
}

// ready: the check needs the servers to exist.
func (s checkScreen) ready() bool { return s.sh.Steps[steps.StepServers] == StepDone }

func (s checkScreen) keyTooOpen() bool {
	r := s.sh.Check.Report
	if r == nil || r.SSH == nil {
		return false
	}
	for _, p := range r.SSH.Problems() {
		if p.Kind == check.KindKeyPermissions {
			return true
		}
	}
	return false
}

func (s checkScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || s.sh.Check.Running {
		return s, nil
	}
	ran := s.sh.Check.Report != nil || s.sh.Check.Err != nil
	switch {
	case key.Matches(k, s.sh.Keys.Next):
		if !s.ready() || ran {
			return s, send(nav.Next{})
		}
		return s, send(nav.RunCheck{})
	case ran && key.Matches(k, s.sh.Keys.Rerun):
		return s, send(nav.RunCheck{})
	case ran && s.keyTooOpen() && key.Matches(k, s.sh.Keys.FixKey):
		return s, send(nav.RunCheck{FixKey: true})
	}
	return s, nil
}

func (s checkScreen) View(width, height int) string {
	st := s.sh.Styles
	c := s.sh.Check
	lines := []string{st.Title.Render(s.sh.T("screen.check")), ""}
	fresh := c.Report == nil && c.Err == nil && !c.Running
	if fresh && !s.ready() {
		lines = append(lines, netWrap(s.sh.T("check.needservers"), width))
		return strings.Join(lines, "\n")
	}
	if fresh {
		lines = append(lines, netWrap(s.sh.T("check.intro", s.bastionIP(), filepath.Base(c.KeyFile)), width), "", s.sh.T("check.enter"))
		return strings.Join(lines, "\n")
	}
	if c.Running {
		lines = append(lines, st.Running.Render(s.sh.T("check.running", s.sh.Now.Sub(c.Started).Round(time.Second))))
		for _, host := range []string{check.RoleBastion, check.RoleWeb, check.RoleDB} {
			if w, ok := c.Waiting[host]; ok {
				lines = append(lines, st.Muted.Render(netWrap(s.sh.T("check.console.wait", s.sh.T("check.host."+host), w.Since.Round(time.Second)), width)))
			}
		}
		lines = append(lines, s.probes(c.Live, width)...)
		return strings.Join(lines, "\n")
	}
	if c.Err != nil {
		lines = append(lines, st.Error.Render(netWrap(localize(s.sh, c.Err), width)))
		return strings.Join(lines, "\n")
	}
	r := c.Report
	good := 0
	var bad []reach.Path
	for _, p := range r.Paths {
		if p.OK() {
			good++
		} else {
			bad = append(bad, p)
		}
	}
	mark := st.Done.Render("✓")
	if len(bad) > 0 {
		mark = st.Failed.Render("✗")
	}
	lines = append(lines, mark+" "+s.sh.T("check.paths", good, len(r.Paths)))
	// problems are the lines under the verdict; n counts the problems
	// among them (a hint is not one).
	var problems []problemLine
	n := len(bad)
	for _, p := range bad {
		problems = append(problems, problemLine{text: s.sh.T("check.path.bad", p.ID, p.Because)})
		if p.ID == reach.MeToBastion22 {
			problems = append(problems, problemLine{
				text: s.sh.T("check.ip.moved", strings.TrimSuffix(s.sh.Inputs.MyIP, "/32")),
				cmd:  steps.Command(s.sh.Inputs, "apply", "--yes"),
			})
		}
	}
	switch {
	case r.SSH != nil:
		lines = append(lines, s.sh.T("check.ssh"))
		lines = append(lines, s.probes(r.SSH.Results, width)...)
		for _, res := range r.SSH.Results {
			if res.Problem == nil {
				continue
			}
			text := s.sh.T("check.problem."+string(res.Problem.Kind)) + " " + res.Problem.Text
			if res.Problem.Rule != "" && !strings.Contains(text, res.Problem.Rule) {
				text += " (" + res.Problem.Rule + ")"
			}
			problems = append(problems, problemLine{text: res.Host + " " + s.sh.T("check.probe."+string(res.Probe)) + ": " + text})
			n++
		}
	case r.Why != "":
		lines = append(lines, st.Muted.Render(netWrap(s.sh.T("check.nossh", s.sh.T("check.sandbox")), width)))
	}
	lines = append(lines, "")
	// The verdict and its keys come before the details, so they stay in
	// sight at 80x24 however many problems there are.
	switch {
	case r.OK() && r.SSH == nil:
		lines = append(lines, st.Done.Render(netWrap(s.sh.T("check.ok.static"), width)))
	case r.OK():
		lines = append(lines, st.Done.Render(s.sh.T("check.ok")))
	case n == 1:
		lines = append(lines, st.Failed.Render(s.sh.T("check.failed.one")))
	default:
		lines = append(lines, st.Failed.Render(s.sh.T("check.failed", max(n, 1))))
	}
	if s.keyTooOpen() {
		lines = append(lines, st.Warning.Render(s.sh.T("check.fixkey")))
	}
	room := height - len(lines)
	shown := 0
	// What "+N more" says, with the command that shows them all, complete
	// for this stack and wrapped as it pastes.
	more := func(n int) []string {
		out := []string{st.Muted.Render(s.sh.T("check.more", n))}
		for _, l := range shellWrap(steps.Command(s.sh.Inputs, "check"), width-2) {
			out = append(out, "  "+st.Code.Render(l))
		}
		return out
	}
	for i, p := range problems {
		wrapped := strings.Split(netWrap("• "+p.text, width), "\n")
		var cmd []string
		if p.cmd != "" {
			for _, l := range shellWrap(p.cmd, width-2) {
				cmd = append(cmd, "  "+st.Code.Render(l))
			}
		}
		need := len(wrapped) + len(cmd)
		if i < len(problems)-1 {
			need += len(more(0)) // room for "+N more" if the next one does not fit
		}
		if need > room {
			lines = append(lines, more(len(problems)-i)...)
			break
		}
		lines = append(lines, st.Error.Render(strings.Join(wrapped, "\n")))
		lines = append(lines, cmd...)
		room -= len(wrapped) + len(cmd)
		shown++
	}
	// Every path with its verdict, under the count, when the problems
	// leave room for them: they are what a student checks by hand.
	if room-1 >= len(r.Paths) && shown == len(problems) {
		list := make([]string, 0, len(r.Paths))
		w := 0
		for _, p := range r.Paths {
			w = max(w, len(p.ID))
		}
		for _, p := range r.Paths {
			m := st.Done.Render("✓")
			if !p.OK() {
				m = st.Failed.Render("✗")
			}
			list = append(list, fit("  "+m+" "+fmt.Sprintf("%-*s", w, p.ID)+"  "+st.Muted.Render(s.sh.T(pathVerdict(p))), width, 1))
		}
		lines = slices.Insert(lines, 3, list...)
	}
	return strings.Join(lines, "\n")
}

func (s checkScreen) bastionIP() string {
	if s.sh.Report != nil {
		for _, r := range s.sh.Report.Rows {
			if r.Role == steps.RoleBastion && r.PublicIP != "" {
				return r.PublicIP
			}
		}
	}
	return "-"
}

// probes shows one line per server: each probe with a mark, in the order
// a student would try them by hand.
func (s checkScreen) probes(results []check.Result, width int) []string {
	st := s.sh.Styles
	order := []check.Probe{check.ProbeKey, check.ProbeState, check.ProbeTCP, check.ProbeSSH, check.ProbePing,
		check.ProbeWebPort, check.ProbeDBPort, check.ProbeTMOUT, check.ProbeAudit}
	var out []string
	for _, host := range []string{check.RoleBastion, check.RoleWeb, check.RoleDB} {
		byProbe := map[check.Probe]check.Result{}
		for _, r := range results {
			if r.Host == host {
				byProbe[r.Probe] = r
			}
		}
		if len(byProbe) == 0 {
			continue
		}
		parts := []string{fmt.Sprintf("  %-8s", host)}
		for _, p := range order {
			r, ok := byProbe[p]
			if !ok {
				continue
			}
			var m string
			switch r.Status {
			case check.OK:
				m = st.Done.Render("✓")
			case check.Failed:
				m = st.Failed.Render("✗")
			default:
				m = st.Muted.Render("-")
			}
			parts = append(parts, m+s.sh.T("check.probe."+string(p)))
		}
		out = append(out, fit(strings.Join(parts, " "), width, 1))
	}
	return out
}

// problemLine is one problem under the check's verdict, with the command
// that fixes it, if there is one.
type problemLine struct{ text, cmd string }

// pathVerdict is the catalogue key of what a path is and must be.
func pathVerdict(p reach.Path) string {
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
