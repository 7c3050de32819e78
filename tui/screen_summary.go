package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// summaryScreen is the table of every resource.
type summaryScreen struct{ sh Shared }

func newSummaryScreen(sh Shared) screen { return summaryScreen{sh: sh} }

func (s summaryScreen) Init() tea.Cmd                    { return nil }
func (s summaryScreen) Refresh(sh Shared) screen         { s.sh = sh; return s }
func (s summaryScreen) Bindings() []key.Binding          { return nil }
func (s summaryScreen) Update(tea.Msg) (screen, tea.Cmd) { return s, nil }

func (s summaryScreen) View(width, height int) string {
	st := s.sh.Styles
	lines := []string{st.Title.Render(s.sh.T("screen.summary")), ""}
	if s.sh.Report == nil {
		return strings.Join(append(lines, st.Muted.Render(s.sh.T("summary.none"))), "\n")
	}
	rows := [][]string{{"NAME", "KIND", "ID", "PRIVATE IP", "PUBLIC IP"}}
	for _, r := range s.sh.Report.Rows {
		rows = append(rows, []string{r.Name, r.Kind, r.ID, r.PrivateIP, r.PublicIP})
	}
	return strings.Join(append(lines, columnsView(rows, width)), "\n")
}
