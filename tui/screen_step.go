package tui

import (
	"fmt"
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

// stepScreen is the screen of one mission step: its fields, what it will
// create, and the live list of its run.
type stepScreen struct {
	sh            Shared
	step          steps.Step
	editor        editor
	width, height int
	// live is the editor's validation of the values as typed, taken when
	// they change.
	live error
}

// newStepScreen builds the screen of a step, with the editor
// wizardScreens gives it.
func newStepScreen(step steps.Step, sh Shared) *stepScreen {
	s := &stepScreen{sh: sh, step: step}
	s.setEditor(specOf(screenOf(step)).editor(sh))
	return s
}

// setEditor puts e in place, laid out for the screen's width.
func (s *stepScreen) setEditor(e editor) {
	s.editor = e
	s.editor.SetWidth(s.width)
	s.live = s.editor.Live()
}

func (s *stepScreen) Init() tea.Cmd {
	cmd := s.editor.Init()
	s.live = s.editor.Live()
	return cmd
}

func (s *stepScreen) Refresh(sh Shared) {
	s.sh = sh
	s.setEditor(s.editor.Refresh(sh))
}

func (s *stepScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.editor.SetWidth(width)
}

func (s *stepScreen) state() StepState { return s.sh.Steps[s.step] }

func (s *stepScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	switch s.state() {
	case StepDone, StepRunning:
		return []key.Binding{k.Next}
	case StepFailed:
		return []key.Binding{k.Retry, k.Next}
	case StepPending:
	}
	return []key.Binding{k.Run}
}

func (s *stepScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch s.state() {
		case StepDone, StepRunning:
			// A running step goes on in the background.
			if key.Matches(k, s.sh.Keys.Next) {
				return send(nav.Next{})
			}
			return nil
		case StepFailed:
			switch {
			case key.Matches(k, s.sh.Keys.Retry):
				return send(nav.StartStep{Step: s.step})
			case key.Matches(k, s.sh.Keys.Next):
				return send(nav.Next{})
			}
		case StepPending:
		}
		if s.editor.Done() {
			if key.Matches(k, s.sh.Keys.Run) {
				return s.run()
			}
			return nil
		}
	}
	cmd := s.editor.Update(msg)
	s.live = s.editor.Live()
	if s.editor.Done() {
		return tea.Batch(cmd, s.run())
	}
	return cmd
}

// run hands the edited inputs up, then asks for the step to run.
func (s *stepScreen) run() tea.Cmd {
	in := s.editor.Apply(s.sh.Inputs)
	return tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.StartStep{Step: s.step}))
}

func (s *stepScreen) View() string {
	width, height := s.width, s.height
	st := s.sh.Styles
	var b strings.Builder
	n := 0
	for i, x := range steps.Steps {
		if x == s.step {
			n = i + 1
		}
	}
	b.WriteString(st.Title.Render(fmt.Sprintf("%d · %s", n, s.sh.T("step."+s.step.String()))) + "\n")
	intro := st.Muted.Width(width).Render(s.sh.T("intro." + s.step.String()))
	if height < 30 || width < 70 {
		// On a small terminal the form and its message come first.
		intro = fit(st.Muted.Render(s.sh.T("intro."+s.step.String())), width, 1)
	}
	b.WriteString(intro + "\n\n")
	rv, ran := s.sh.Runs[s.step]
	if s.state() == StepFailed {
		// What failed and what to try come first: on a small terminal
		// they must not fall below the fold.
		b.WriteString(errorView(s.sh, rv.Err, width) + "\n\n")
	}
	switch {
	case (s.state() == StepPending || s.state() == StepFailed) && !s.editor.Done():
		b.WriteString(s.editor.View() + "\n")
		if s.live != nil {
			b.WriteString(st.Error.Width(width).Render(oneLine(catalog.Text(s.sh.Lang, s.live))) + "\n")
		}
		b.WriteString("\n")
	default:
		if ro, ok := s.editor.(readOnlyViewer); ok {
			if v := ro.ReadOnlyView(); v != "" {
				b.WriteString(v + "\n\n")
			}
		}
	}
	switch {
	case ran && len(rv.Lines) > 0:
		b.WriteString(s.runView(rv, width))
	case s.sh.HasPlan:
		b.WriteString(st.Title.Render(s.sh.T("step.creates")) + "\n")
		b.WriteString(planTable(s.sh, s.step, width))
	default:
		b.WriteString(st.Muted.Render(s.sh.T("step.noplan")))
	}
	switch s.state() {
	case StepDone:
		b.WriteString("\n" + st.Done.Render(s.sh.T("step.done")))
	case StepRunning:
		b.WriteString("\n" + st.Muted.Render(s.sh.T("step.background")))
	case StepFailed:
	case StepPending:
		if s.editor.Done() {
			b.WriteString("\n" + st.Muted.Render(s.sh.T("step.enter")))
		}
	}
	return b.String()
}

// planTable lists what a step will create: name, kind and details.
func planTable(sh Shared, step steps.Step, width int) string {
	var rows [][]string
	for _, r := range sh.Plan.Resources {
		if r.Step != step {
			continue
		}
		cidr := r.CIDR
		if r.Kind == steps.KindRoute {
			cidr = ""
		}
		rows = append(rows, []string{r.Name, r.Kind.String(), cidr, r.DetailMsg.In(sh.Lang)})
	}
	return columnsView(rows, width)
}

// columnsView aligns rows in columns by display width (Korean text is
// double width), cutting the last column to fit.
func columnsView(rows [][]string, width int) string {
	if len(rows) == 0 {
		return ""
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		line.WriteString("  ")
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
			}
		}
		b.WriteString(fit(line.String(), width, 1) + "\n")
	}
	return b.String()
}

func (s *stepScreen) runView(rv RunView, width int) string {
	st := s.sh.Styles
	var rows [][]string
	for _, l := range rv.Lines {
		var mark, what string
		switch l.Phase {
		case steps.PhaseStarted:
			mark, what = st.Running.Render("…"), s.sh.T("run.working")
		case steps.PhaseWaiting:
			wait := s.sh.Now.Sub(l.Since).Round(time.Second)
			mark, what = st.Running.Render("⏳"), s.sh.T("run.waiting", wait.String())
		case steps.PhaseDone:
			mark, what = st.Done.Render("✓"), l.ID+"  "+st.Muted.Render(s.sh.T("action."+string(l.Action))+" "+l.Elapsed)
		case steps.PhaseFailed:
			mark, what = st.Failed.Render("✗"), st.Error.Render(oneLine(l.Message))
		case steps.PhaseSkipped:
			mark, what = st.Muted.Render("–"), st.Muted.Render(oneLine(l.Message))
		default:
			mark, what = st.Pending.Render("·"), st.Muted.Render(s.sh.T("status.pending"))
		}
		rows = append(rows, []string{mark + " " + l.Name, what})
	}
	out := columnsView(rows, width)
	if rv.Checking {
		out = fit(st.Running.Render("… ")+s.sh.T("run.checking"), width, 1) + "\n" + out
	}
	for _, n := range rv.Notes {
		out += st.Muted.Render("  "+n) + "\n"
	}
	return out
}

// errorView shows a failure with what it means and what to try.
func errorView(sh Shared, err error, width int) string {
	if err == nil {
		return ""
	}
	st := sh.Styles
	// Several resources may fail at once: the most important comes first
	// with its advice, the rest are counted (each is on its own line of
	// the run below). The AWS message may be long: it gets two lines at
	// most, the advice and the retry key are wrapped whole.
	errs := failures(err)
	detail := fit(st.Muted.Width(width).Render(oneLine(catalog.Text(sh.Lang, errs[0]))), width, 2)
	lines := []string{st.Error.Render(sh.T("run.failed")), detail}
	if len(errs) > 1 {
		lines = append(lines, st.Muted.Width(width).Render(sh.T("run.more", len(errs)-1)))
	}
	if kind := steps.KindOf(errs[0]); kind != steps.KindNone {
		lines = append(lines, st.Warning.Width(width).Render(sh.T("advice."+string(kind))))
	}
	lines = append(lines, lipgloss.NewStyle().Width(width).Render(sh.T("run.retry")))
	return strings.Join(lines, "\n")
}

// kindRank orders failures by what the user must act on first: a failure
// that every retry would repeat (credentials, a foreign prefix, a quota)
// before one a retry cures. Kinds not listed come last.
var kindRank = []steps.ErrorKind{
	steps.KindAuth, steps.KindForeign, steps.KindLocked, steps.KindCorrupt, steps.KindQuota,
	steps.KindCapacity, steps.KindInput, steps.KindExists, steps.KindNotFound, steps.KindFailed,
	steps.KindDependency, steps.KindThrottled, steps.KindTransient, steps.KindInterrupted,
}

// failures are the errors joined in err (a run joins those of its
// resources, in plan order), the most important first; ties keep the
// plan's order, so the same failures always read the same.
func failures(err error) []error {
	errs, ok := joined(err)
	if !ok || len(errs) == 0 {
		return []error{err}
	}
	rank := func(e error) int {
		if i := slices.Index(kindRank, steps.KindOf(e)); i >= 0 {
			return i
		}
		return len(kindRank)
	}
	slices.SortStableFunc(errs, func(a, b error) int { return rank(a) - rank(b) })
	return errs
}

// joined takes apart an errors.Join: an error with several causes whose
// text is theirs, one a line. Another error with several causes (an AWS
// error and its kind) has words of its own and is left whole.
func joined(err error) ([]error, bool) {
	j, ok := err.(interface{ Unwrap() []error }) //nolint:errorlint // only a join at the top is taken apart
	if !ok {
		return nil, false
	}
	errs := j.Unwrap()
	parts := make([]string, len(errs))
	for i, e := range errs {
		if e == nil {
			return nil, false
		}
		parts[i] = e.Error()
	}
	if strings.Join(parts, "\n") != err.Error() {
		return nil, false
	}
	return errs, true
}
