package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// reviewScreen shows every step's state before the summary; Enter runs
// whatever is left, or moves on when nothing is.
type reviewScreen struct {
	sh            Shared
	width, height int
}

func newReviewScreen(sh Shared) screen { return &reviewScreen{sh: sh} }

func (s *reviewScreen) Init() tea.Cmd             { return nil }
func (s *reviewScreen) Refresh(sh Shared)         { s.sh = sh }
func (s *reviewScreen) SetSize(width, height int) { s.width, s.height = width, height }
func (s *reviewScreen) Bindings() []key.Binding   { return []key.Binding{s.sh.Keys.Next} }

func (s *reviewScreen) remaining() int {
	n := 0
	for _, st := range s.sh.Steps {
		if st != StepDone {
			n++
		}
	}
	return n
}

func (s *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.sh.Keys.Next) {
		if s.remaining() == 0 {
			return send(nav.Next{})
		}
		running := false
		for _, st := range s.sh.Steps {
			if st == StepRunning {
				running = true
			}
		}
		if !running {
			return send(nav.ApplyAll{})
		}
	}
	return nil
}

func (s *reviewScreen) View() string {
	width := s.width
	st := s.sh.Styles
	in := s.sh.Inputs
	lines := []string{st.Title.Render(s.sh.T("screen.review")), ""}
	rows := [][]string{
		{s.sh.T("review.prefix"), in.Prefix},
		{s.sh.T("review.region"), in.Region},
		{s.sh.T("review.vpc"), in.VPCCIDR},
		{s.sh.T("review.myip"), in.MyIP},
		{s.sh.T("review.type"), in.InstanceType},
	}
	lines = append(lines, columnsView(rows, width))
	var steprows [][]string
	for _, step := range steps.Steps {
		steprows = append(steprows, []string{s.sh.T("step." + step.String()), s.sh.T("status." + s.sh.Steps[step].String())})
	}
	lines = append(lines, columnsView(steprows, width))
	if s.remaining() == 0 {
		lines = append(lines, st.Done.Render(s.sh.T("review.complete")))
	} else {
		key := "review.applyall"
		if s.remaining() == 1 {
			key = "review.applyall.one"
		}
		lines = append(lines, s.sh.T(key, s.remaining()))
	}
	return strings.Join(lines, "\n")
}
