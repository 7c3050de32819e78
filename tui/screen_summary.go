package tui

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// summaryScreen is the table of every resource of the stack, with keys to
// write it as Markdown or CSV and to show the ssh command for the bastion.
type summaryScreen struct {
	sh    Shared
	rows  []steps.Row
	table table.Model
	ssh   bool // the bastion's ssh command is shown
	// width and height are the body's: the table scrolls by its visible
	// height, which follows from them.
	width, height int
}

// The columns of the table, in the order of steps.SummaryCells.
const (
	sumColName = iota
	sumColKind
	sumColID
	sumColAZ
	sumColCIDR
	sumColPrivate
	sumColPublic
	sumNumCols
)

var summaryTitleKeys = [sumNumCols]string{"summary.col.name", "summary.col.kind", "summary.col.id", "summary.col.az", "summary.col.cidr", "summary.col.private", "summary.col.public"}

// summaryCellPad is the space after each cell.
const summaryCellPad = 1

func newSummaryScreen(sh Shared) screen {
	s := &summaryScreen{
		sh: sh,
		// The body of an 80x24 terminal, until the root says.
		width: 56, height: 20,
	}
	s.table = table.New(table.WithFocused(true), table.WithStyles(s.tableStyles()), table.WithKeyMap(sh.Keys.tableKeys()))
	s.withRows()
	return s
}

func (s *summaryScreen) Init() tea.Cmd { return nil }

func (s *summaryScreen) Refresh(sh Shared) {
	s.sh = sh
	s.table.SetStyles(s.tableStyles())
	s.withRows()
}

func (s *summaryScreen) SetSize(width, height int) { s.width, s.height = width, height }

func (s *summaryScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	return []key.Binding{k.Up, k.Down, k.Markdown, k.CSV, k.SSH}
}

// withRows loads the report's rows into the table, keeping the cursor.
func (s *summaryScreen) withRows() {
	s.rows = nil
	if s.sh.Report != nil {
		s.rows = steps.SummaryRows(*s.sh.Report)
	}
	rows := make([]table.Row, len(s.rows))
	for i, r := range s.rows {
		rows[i] = steps.SummaryCells(r)
	}
	// The table renders as it is given rows, which needs their columns.
	cursor := s.table.Cursor()
	s.table.SetColumns(s.columns(s.width))
	s.table.SetRows(rows)
	if len(rows) > 0 {
		s.table.SetCursor(max(cursor, 0))
	}
}

func (s *summaryScreen) tableStyles() table.Styles {
	st := s.sh.Styles
	return table.Styles{
		Header: st.Title.PaddingRight(summaryCellPad).
			BorderStyle(lipgloss.NormalBorder()).BorderBottom(true).BorderForeground(st.Muted.GetForeground()),
		Cell:     lipgloss.NewStyle().PaddingRight(summaryCellPad),
		Selected: st.Selected,
	}
}

func (s *summaryScreen) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	keys := s.sh.Keys
	switch {
	case key.Matches(k, keys.Markdown):
		return s.write("md")
	case key.Matches(k, keys.CSV):
		return s.write("csv")
	case key.Matches(k, keys.SSH):
		s.ssh = !s.ssh
		return nil
	}
	// Size the table as the frame has it, so it scrolls by what shows.
	s.table = s.sized(s.layout(s.width, s.height))
	var cmd tea.Cmd
	s.table, cmd = s.table.Update(k)
	return cmd
}

// write returns the Cmd that writes the summary as <prefix>-summary.<ext>
// in the current directory and reports the path, or why it failed, to the
// root. It captures what it needs: the Cmd never touches the screen.
func (s *summaryScreen) write(ext string) tea.Cmd {
	lang := s.sh.Lang
	if s.sh.Report == nil {
		return func() tea.Msg { return writtenMsg{text: catalog.T(lang, "summary.none")} }
	}
	rep := *s.sh.Report
	name := s.prefix() + "-summary." + ext
	return func() tea.Msg {
		var data []byte
		switch ext {
		case "csv":
			text, err := steps.SummaryCSV(rep)
			if err != nil {
				return writtenMsg{text: catalog.T(lang, "summary.write.failed", err)}
			}
			data = []byte(text)
		default:
			data = []byte(steps.SummaryMarkdown(rep))
		}
		path := name
		if abs, err := filepath.Abs(name); err == nil {
			path = abs
		}
		if err := steps.WriteFileAtomic(path, data, 0o644); err != nil {
			return writtenMsg{text: catalog.T(lang, "summary.write.failed", err)}
		}
		return writtenMsg{text: catalog.T(lang, "summary.written", path)}
	}
}

// prefix is the stack's prefix: the report's, else the inputs'.
func (s *summaryScreen) prefix() string {
	if s.sh.Report != nil && s.sh.Report.Stack != "" {
		return s.sh.Report.Stack
	}
	return s.sh.Inputs.Prefix
}

// sshCommand is the command that reaches the bastion, or "" while the
// bastion has no public IP.
func (s *summaryScreen) sshCommand() string {
	for _, r := range s.rows {
		if r.Role == steps.RoleBastion && r.PublicIP != "" {
			identity := "~/.ssh/key-" + s.prefix() + ".pem"
			if s.sh.Inputs.PublicKey != "" {
				identity = s.sh.T("summary.ssh.yourkey")
			}
			return "ssh -i " + identity + " ubuntu@" + r.PublicIP
		}
	}
	return ""
}

// hopCommand reaches the database through the bastion with the exported
// ssh config (ProxyJump, the stack's .pem and pinned host keys); "" until
// the database exists. A bare ssh -J cannot hand -i to the jump host.
// The export is complete for the stack (practice mode, region, profile):
// without --sandbox it would read a real account. The config's path is
// left for the shell to expand (~), so both commands name the same file;
// a prefix holds nothing a shell would read otherwise.
func (s *summaryScreen) hopCommand() string {
	for _, r := range s.rows {
		if r.Role == steps.RoleDB && r.PrivateIP != "" {
			conf := "~/.ssh/infrawiz-" + s.prefix() + ".conf"
			export := steps.Command(s.stack(), "export", "--format", "ssh-config")
			return export + " -o " + conf + " && ssh -F " + conf + " " + r.Name
		}
	}
	return ""
}

// destroyCommand deletes the whole stack, complete for it.
func (s *summaryScreen) destroyCommand() string {
	return steps.Command(s.stack(), "destroy", "--yes")
}

// stack is the inputs of the stack the summary shows.
func (s *summaryScreen) stack() steps.Inputs {
	in := s.sh.Inputs
	in.Prefix = s.prefix()
	return in
}

// codeLines lays a command out as it pastes: one line, or wrapped between
// arguments with " \".
func (s *summaryScreen) codeLines(cmd string, width int) []string {
	var out []string
	for _, l := range shellWrap(cmd, width) {
		out = append(out, s.sh.Styles.Code.Render(l))
	}
	return out
}

// summaryLayout is how the body is split: the lines above and below the
// table, and the table's columns and height.
type summaryLayout struct {
	width   int
	top     []string
	bottom  []string
	columns []table.Column
	tableH  int
}

func (s *summaryScreen) layout(width, height int) summaryLayout {
	st := s.sh.Styles
	width, height = max(width, 1), max(height, 1)
	l := summaryLayout{width: width}
	l.top = []string{st.Title.Render(s.sh.T("screen.summary")) + st.Muted.Render(" · "+s.sh.T("summary.count", len(s.rows))), ""}
	wrap := lipgloss.NewStyle().Width(width)
	// The cursor's row in full, since narrow columns cut it short. It
	// takes as many lines as the longest row needs, so the table's height
	// does not change as the cursor moves.
	detailH := 0
	for _, r := range s.rows {
		detailH = max(detailH, lipgloss.Height(wrap.Render(s.detail(r))))
	}
	detailH = min(detailH, 3)
	if c := s.table.Cursor(); c >= 0 && c < len(s.rows) {
		d := strings.Split(wrap.Render(s.detail(s.rows[c])), "\n")
		for len(d) < detailH {
			d = append(d, "")
		}
		l.bottom = append(l.bottom, d[:detailH]...)
	}
	if s.ssh {
		// Wrapped between arguments, not cut: commands are meant to be
		// copied whole.
		if cmd := s.sshCommand(); cmd != "" {
			l.bottom = append(l.bottom, "", st.Muted.Render(s.sh.T("summary.ssh.title")))
			l.bottom = append(l.bottom, s.codeLines(cmd, width)...)
			if hop := s.hopCommand(); hop != "" {
				l.bottom = append(l.bottom, strings.Split(wrap.Inherit(st.Muted).Render(s.sh.T("summary.ssh.hop")), "\n")...)
				l.bottom = append(l.bottom, s.codeLines(hop, width)...)
			}
		} else {
			l.bottom = append(l.bottom, "")
			l.bottom = append(l.bottom, strings.Split(wrap.Render(st.Warning.Render(s.sh.T("summary.ssh.none"))), "\n")...)
		}
		l.bottom = append(l.bottom, strings.Split(wrap.Inherit(st.Muted).Render(s.sh.T("summary.destroy")), "\n")...)
		l.bottom = append(l.bottom, s.codeLines(s.destroyCommand(), width)...)
	}
	l.columns = s.columns(width)
	// The header (two lines with its rule) and at least one row come
	// before anything else; a short body drops the lines around them.
	avail := height - len(l.top) - len(l.bottom)
	if avail < 3 {
		l.top = nil
		avail = height - len(l.bottom)
	}
	if avail < 3 {
		l.bottom = nil
		avail = height
	}
	// The table is no taller than its rows, so what follows it is next to
	// it rather than at the bottom of the body.
	l.tableH = min(avail, 2+len(s.rows))
	return l
}

// detail is a row's every value, joined.
func (s *summaryScreen) detail(r steps.Row) string {
	var parts []string
	for _, c := range steps.SummaryCells(r) {
		if c != "" {
			parts = append(parts, c)
		}
	}
	return "› " + strings.Join(parts, "  ")
}

// summaryCut is one way to narrow the table: shrink columns towards a
// width, or drop one.
type summaryCut struct {
	shrink []int // these columns, down to min
	min    int
	drop   int // else this column goes
}

// summaryCuts are tried in order until the table fits: the kind is cut
// short, then the zone and the kind go (both are in every name already),
// then the CIDR goes, then ids and at last names are cut short (the row
// under the cursor is shown in full below the table), then whole columns
// go. Addresses are never cut: half an address is worse than none.
var summaryCuts = []summaryCut{
	{shrink: []int{sumColKind}, min: 8},
	{drop: sumColAZ},
	{drop: sumColKind},
	{drop: sumColCIDR},
	{shrink: []int{sumColID}, min: 12},
	{shrink: []int{sumColName, sumColID}, min: 12},
	{drop: sumColPrivate},
	{drop: sumColPublic},
	{shrink: []int{sumColName, sumColID}, min: 1},
}

// columns sizes the columns to width: every column as wide as its widest
// cell when they fit, else narrowed by summaryCuts, so no line of the
// table is wider than width.
func (s *summaryScreen) columns(width int) []table.Column {
	var natural, widths [sumNumCols]int
	var titles [sumNumCols]string
	for i := range sumNumCols {
		titles[i] = s.sh.T(summaryTitleKeys[i])
		natural[i] = lipgloss.Width(titles[i])
	}
	for _, r := range s.rows {
		for i, c := range steps.SummaryCells(r) {
			natural[i] = max(natural[i], lipgloss.Width(c))
		}
	}
	shown := [sumNumCols]bool{}
	total := 0
	for i := range sumNumCols {
		shown[i], widths[i] = true, natural[i]
		total += widths[i] + summaryCellPad
	}
	for _, cut := range summaryCuts {
		if total <= width {
			break
		}
		if len(cut.shrink) == 0 {
			shown[cut.drop] = false
			total -= widths[cut.drop] + summaryCellPad
			continue
		}
		// Take a column at a time from the widest, as much as needed.
		for total > width {
			widest := -1
			for _, i := range cut.shrink {
				if shown[i] && widths[i] > cut.min && (widest < 0 || widths[i] > widths[widest]) {
					widest = i
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
			total--
		}
	}
	// A drop may have freed more than needed: give it back to the columns
	// cut short, the name first.
	for _, i := range []int{sumColName, sumColID, sumColKind} {
		if grow := min(max(width-total, 0), natural[i]-widths[i]); shown[i] && grow > 0 {
			widths[i] += grow
			total += grow
		}
	}
	cols := make([]table.Column, sumNumCols)
	for i := range sumNumCols {
		cols[i] = table.Column{Title: titles[i]}
		if shown[i] {
			cols[i].Width = widths[i]
		}
	}
	return cols
}

// sized is the table laid out for l.
func (s *summaryScreen) sized(l summaryLayout) table.Model {
	t := s.table
	t.SetColumns(l.columns)
	t.SetWidth(l.width)
	t.SetHeight(l.tableH)
	return t
}

func (s *summaryScreen) View() string {
	width, height := s.width, s.height
	st := s.sh.Styles
	if len(s.rows) == 0 {
		lines := []string{st.Title.Render(s.sh.T("screen.summary")), "", st.Muted.Render(s.sh.T("summary.none"))}
		return fit(strings.Join(lines, "\n"), width, height)
	}
	l := s.layout(width, height)
	t := s.sized(l)
	lines := append([]string{}, l.top...)
	lines = append(lines, fit(t.View(), width, l.tableH))
	lines = append(lines, l.bottom...)
	return fit(strings.Join(lines, "\n"), width, height)
}
