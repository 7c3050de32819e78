package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// reviewScreen shows the stack's inputs, what it will cost once built and
// every step's state before the summary; Enter runs whatever is left, or
// moves on when nothing is. What does not fit the body scrolls; the total
// cost and what Enter does stay in view.
type reviewScreen struct {
	sh            Shared
	width, height int
	offset        int // where the student scrolled to
	// cost is what the plan bills once built; hasCost false while there
	// is no plan (the inputs do not make one).
	cost    steps.Cost
	hasCost bool
}

func newReviewScreen(sh Shared) screen {
	s := &reviewScreen{}
	s.Refresh(sh)
	return s
}

func (s *reviewScreen) Init() tea.Cmd { return nil }

// Refresh takes the root's state and prices the plan: the session's, or,
// before one, the inputs' in the region's first three zones (the zones'
// names do not change what bills).
func (s *reviewScreen) Refresh(sh Shared) {
	s.sh = sh
	p, ok := sh.Plan, sh.HasPlan
	if !ok {
		r := sh.Inputs.Region
		var err error
		p, err = steps.BuildPlan(sh.Inputs, []string{r + "a", r + "b", r + "c"})
		ok = err == nil
	}
	s.hasCost = ok
	if ok {
		s.cost = steps.Estimate(sh.Inputs.Region, steps.PlanBillable(p))
	}
}

func (s *reviewScreen) SetSize(width, height int) { s.width, s.height = width, height }

// Bindings: Enter runs what is left (nothing while a step runs), or
// moves on once everything is built; the scroll keys while the body
// scrolls.
func (s *reviewScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	var b []key.Binding
	switch {
	case s.remaining() == 0:
		b = append(b, k.Next)
	case !s.running():
		b = append(b, k.RunAll)
	}
	if l := s.layout(); !l.pane.AtTop() || !l.pane.AtBottom() {
		b = append(b, k.Up, k.Down, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp)
	}
	return b
}

// running says a step runs: Enter waits for it.
func (s *reviewScreen) running() bool {
	for _, st := range s.sh.Steps {
		if st == StepRunning {
			return true
		}
	}
	return false
}

func (s *reviewScreen) remaining() int {
	n := 0
	for _, st := range steps.Steps {
		if s.sh.Steps[st] != StepDone {
			n++
		}
	}
	return n
}

func (s *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if key.Matches(k, s.sh.Keys.Next) {
		if s.remaining() == 0 {
			return send(nav.Next{})
		}
		if !s.running() {
			return send(nav.ApplyAll{})
		}
		return nil
	}
	// Scroll as the body has it now.
	v, cmd := s.layout().pane.Update(k)
	s.offset = v.YOffset()
	return cmd
}

// reviewLayout is the body split into the title, the scrolled middle and
// the footer that stays.
type reviewLayout struct {
	top, bottom []string
	pane        viewport.Model
}

func (s *reviewScreen) layout() reviewLayout {
	width, height := max(s.width, 10), max(s.height, 3)
	st := s.sh.Styles
	in := s.sh.Inputs
	var l reviewLayout
	l.top = []string{st.Title.Render(s.sh.T("screen.review")), ""}
	rows := [][]string{
		{s.sh.T("review.prefix"), in.Prefix},
		{s.sh.T("review.region"), in.Region},
		{s.sh.T("review.vpc"), in.VPCCIDR},
		{s.sh.T("review.myip"), in.MyIP},
		{s.sh.T("review.type"), in.InstanceType},
	}
	var mid []string
	mid = append(mid, strings.Split(strings.TrimSuffix(columnsView(rows, width), "\n"), "\n")...)
	if s.hasCost {
		mid = append(mid, "")
		mid = append(mid, billLines(s.sh, s.cost, false, width)...)
	}
	var steprows [][]string
	for _, step := range steps.Steps {
		steprows = append(steprows, []string{s.sh.T("step." + step.String()), s.sh.T("status." + s.sh.Steps[step].String())})
	}
	mid = append(mid, "")
	mid = append(mid, strings.Split(strings.TrimSuffix(columnsView(steprows, width), "\n"), "\n")...)

	l.bottom = []string{""}
	if s.hasCost && len(s.cost.Items) > 0 {
		l.bottom = append(l.bottom, wrapWords(lipgloss.NewStyle(), s.sh.T("bill.planned", s.cost.Short()), width)...)
	}
	if s.remaining() == 0 {
		l.bottom = append(l.bottom, wrapWords(st.Done, s.sh.T("review.complete"), width)...)
	} else {
		key := "review.applyall"
		if s.remaining() == 1 {
			key = "review.applyall.one"
		}
		l.bottom = append(l.bottom, wrapWords(lipgloss.NewStyle(), s.sh.T(key, s.remaining()), width)...)
	}
	paneH := height - len(l.top) - len(l.bottom)
	if paneH < 3 {
		l.top = nil
		paneH = height - len(l.bottom)
	}
	paneH = max(min(paneH, len(mid)), 1)
	l.pane = pane(s.sh.Keys.viewKeys(), s.offset, mid, width, paneH)
	return l
}

func (s *reviewScreen) View() string {
	l := s.layout()
	lines := append([]string{}, l.top...)
	lines = append(lines, paneView(s.sh, l.pane, max(s.width, 10)))
	lines = append(lines, l.bottom...)
	return fit(strings.Join(lines, "\n"), max(s.width, 1), max(s.height, 1))
}
