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
	"github.com/infrawiz/infrawiz/tui/nav"
)

// summaryScreen is the table of every resource of the stack, with keys to
// write it as Markdown, CSV or a diagrams.net file, to show the ssh
// command for the bastion, to show what the stack costs now and its
// picture (each in a view of its own, over the whole width, that Esc
// leaves), and to delete the stack.
type summaryScreen struct {
	sh    Shared
	rows  []steps.Row
	table table.Model
	ssh   bool // the bastion's ssh command is shown
	// mode is what the body shows: the table, the bill or the picture;
	// offset is where the student scrolled the last two to.
	mode   summaryMode
	offset int
	// width and height are the body's: the table scrolls by its visible
	// height, which follows from them.
	width, height int
}

// summaryMode is what the summary shows.
type summaryMode int

const (
	summaryTable summaryMode = iota
	summaryBill
	summaryDiagram
)

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

// Bindings puts what ends the course first: the short help bar shows
// as many as fit.
func (s *summaryScreen) Bindings() []key.Binding {
	k := s.sh.Keys
	switch s.mode {
	case summaryBill:
		return []key.Binding{k.Up, k.Down, k.Diagram, k.Destroy, k.DrawIO, k.Bill, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp}
	case summaryDiagram:
		return []key.Binding{k.Up, k.Down, k.DrawIO, k.Bill, k.Destroy, k.Diagram, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp}
	case summaryTable:
	}
	return []key.Binding{
		k.Destroy, k.Bill, k.Diagram, k.DrawIO, k.Markdown, k.CSV, k.SSH, k.Up, k.Down,
		k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp, k.Top, k.Bottom,
	}
}

// Wide: the bill and the picture take the whole width, the checklist
// aside (the picture needs 60 columns).
func (s *summaryScreen) Wide() bool { return s.mode != summaryTable }

// CapturesBack: Esc leaves the bill or the picture for the table, not
// the summary for the screen before.
func (s *summaryScreen) CapturesBack() bool { return s.mode != summaryTable }

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
	case key.Matches(k, keys.Destroy):
		return send(nav.OpenDestroy{})
	case key.Matches(k, keys.Bill):
		s.toggle(summaryBill)
		return nil
	case key.Matches(k, keys.Diagram):
		s.toggle(summaryDiagram)
		return nil
	case key.Matches(k, keys.DrawIO):
		return s.writeDrawIO()
	case s.mode != summaryTable && key.Matches(k, keys.Back):
		s.mode = summaryTable
		return nil
	case s.mode != summaryTable:
		v, cmd := pane(keys.viewKeys(), s.offset, s.modeLines(s.width), s.width, s.height).Update(k)
		s.offset = v.YOffset()
		return cmd
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
// in the current directory and reports what it wrote and its absolute
// path, or why it failed, to the root. It captures what it needs: the Cmd never touches the screen.
func (s *summaryScreen) write(ext string) tea.Cmd {
	lang := s.sh.Lang
	if s.sh.Report == nil {
		return func() tea.Msg { return writtenMsg{text: catalog.T(lang, "summary.none")} }
	}
	rep := *s.sh.Report
	name := s.prefix() + "-summary." + ext
	written := "summary.written.md"
	if ext == "csv" {
		written = "summary.written.csv"
	}
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
		return writtenMsg{text: catalog.T(lang, written, path)}
	}
}

// toggle shows the bill or the picture from the top, or the table again.
func (s *summaryScreen) toggle(m summaryMode) {
	if s.mode == m {
		s.mode = summaryTable
		return
	}
	s.mode, s.offset = m, 0
}

// modeLines are the lines of the bill or the picture at width.
func (s *summaryScreen) modeLines(width int) []string {
	st := s.sh.Styles
	switch s.mode {
	case summaryBill:
		if s.sh.Report == nil {
			return []string{st.Muted.Render(s.sh.T("summary.none"))}
		}
		return billLines(s.sh, s.sh.Report.Cost, true, width)
	case summaryDiagram:
		if !s.sh.HasPlan {
			return []string{st.Muted.Render(s.sh.T("summary.diagram.noplan"))}
		}
		pic := steps.TerminalDiagram(s.sh.Plan, s.sh.Report, s.sh.Lang, width, s.paint)
		return strings.Split(strings.TrimSuffix(pic, "\n"), "\n")
	case summaryTable:
	}
	return nil
}

// paint colours a part's mark in the picture by its state.
func (s *summaryScreen) paint(state, mark string) string {
	st := s.sh.Styles
	switch state {
	case "ready":
		return st.Done.Render(mark)
	case "pending":
		return st.Running.Render(mark)
	case "stopped", "broken":
		return st.Warning.Render(mark)
	case "missing":
		return st.Failed.Render(mark)
	}
	return st.Muted.Render(mark)
}

// writeDrawIO returns the Cmd that writes the stack's picture as
// <prefix>-<region>.drawio in the current directory, where m and c write
// the summary, readable by its owner only, and reports its full path.
func (s *summaryScreen) writeDrawIO() tea.Cmd {
	lang := s.sh.Lang
	if !s.sh.HasPlan {
		return func() tea.Msg { return writtenMsg{text: catalog.T(lang, "summary.diagram.noplan")} }
	}
	p, rep := s.sh.Plan, s.sh.Report
	name := s.prefix() + "-" + p.Inputs.Region + ".drawio"
	return func() tea.Msg {
		data, err := steps.DrawIO(p, rep, lang)
		if err != nil {
			return writtenMsg{text: catalog.T(lang, "summary.drawio.failed", err)}
		}
		path := name
		if abs, err := filepath.Abs(name); err == nil {
			path = abs
		}
		if err := steps.WriteFileAtomic(path, data, 0o600); err != nil {
			return writtenMsg{text: catalog.T(lang, "summary.drawio.failed", err)}
		}
		return writtenMsg{text: catalog.T(lang, "summary.drawio.written", path)}
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
	// The cursor's row in full under the table, every value whole (the
	// table leaves columns out, and cuts what it must on a narrow body).
	// It takes as many lines as the longest row needs, so the table's
	// height does not change as the cursor moves.
	detailH := 0
	for _, r := range s.rows {
		detailH = max(detailH, len(s.detail(r, width)))
	}
	if c := s.table.Cursor(); c >= 0 && c < len(s.rows) {
		d := s.detail(s.rows[c], width)
		for len(d) < detailH {
			d = append(d, "")
		}
		l.bottom = append(l.bottom, d...)
	}
	if s.ssh {
		// Wrapped between arguments, not cut: commands are meant to be
		// copied whole.
		if cmd := s.sshCommand(); cmd != "" {
			l.bottom = append(l.bottom, "", st.Muted.Render(s.sh.T("summary.ssh.title")))
			l.bottom = append(l.bottom, s.codeLines(cmd, width)...)
			if hop := s.hopCommand(); hop != "" {
				l.bottom = append(l.bottom, wrapWords(st.Muted, s.sh.T("summary.ssh.hop"), width)...)
				l.bottom = append(l.bottom, s.codeLines(hop, width)...)
			}
		} else {
			l.bottom = append(l.bottom, "")
			l.bottom = append(l.bottom, wrapWords(st.Warning, s.sh.T("summary.ssh.none"), width)...)
		}
		l.bottom = append(l.bottom, wrapWords(st.Muted, s.sh.T("summary.destroy"), width)...)
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

// detail is a row's every value, whole, in lines of width: its name and
// kind, then each other value after its column's title, two spaces
// apart, never broken inside (only a value wider than a line is, after a
// '/' or a '-').
func (s *summaryScreen) detail(r steps.Row, width int) []string {
	st := s.sh.Styles
	cells := steps.SummaryCells(r)
	var lines []string
	pack := func(indent string, items []string) {
		cur := ""
		for _, item := range items {
			switch {
			case cur == "":
				cur = indent + item
			case lipgloss.Width(cur)+2+lipgloss.Width(item) <= width:
				cur += "  " + item
			default:
				lines = append(lines, cur)
				cur = indent + item
			}
			if lipgloss.Width(cur) > width {
				wrapped := wrapWords(lipgloss.NewStyle(), cur, width)
				lines = append(lines, wrapped[:len(wrapped)-1]...)
				cur = wrapped[len(wrapped)-1]
			}
		}
		if cur != "" {
			lines = append(lines, cur)
		}
	}
	pack("", []string{"› " + cells[sumColName], st.Muted.Render(cells[sumColKind])})
	var items []string
	for _, i := range []int{sumColID, sumColAZ, sumColCIDR, sumColPrivate, sumColPublic} {
		if cells[i] != "" {
			items = append(items, st.Muted.Render(s.sh.T(summaryTitleKeys[i]))+" "+cells[i])
		}
	}
	pack("  ", items)
	return lines
}

// summaryExtras are the columns shown beside the name and the id, most
// wanted first, each as it fits whole in the width the name and the id
// leave: the addresses, then the CIDR, the kind and the zone (the last
// two are in every name already).
var summaryExtras = []int{sumColPublic, sumColPrivate, sumColCIDR, sumColKind, sumColAZ}

// columns sizes the columns to width: the name and the id always, whole
// whenever they fit together (a student tells the rows apart by them and
// copies the ids), then each other column that fits whole, in the order
// of summaryExtras. Only a body too narrow for the name and the id cuts
// them, the widest first; the row under the cursor is whole below the
// table. No line of the table is wider than width.
func (s *summaryScreen) columns(width int) []table.Column {
	var widths [sumNumCols]int
	var titles [sumNumCols]string
	for i := range sumNumCols {
		titles[i] = s.sh.T(summaryTitleKeys[i])
		widths[i] = lipgloss.Width(titles[i])
	}
	for _, r := range s.rows {
		for i, c := range steps.SummaryCells(r) {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	var shown [sumNumCols]bool
	shown[sumColName], shown[sumColID] = true, true
	total := widths[sumColName] + widths[sumColID] + 2*summaryCellPad
	for total > width {
		widest := sumColName
		if widths[sumColID] > widths[sumColName] {
			widest = sumColID
		}
		if widths[widest] <= 1 {
			break
		}
		widths[widest]--
		total--
	}
	for _, i := range summaryExtras {
		if total+widths[i]+summaryCellPad <= width {
			shown[i] = true
			total += widths[i] + summaryCellPad
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
	if s.mode != summaryTable {
		return fit(paneView(s.sh, pane(s.sh.Keys.viewKeys(), s.offset, s.modeLines(width), width, height), width), width, height)
	}
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
