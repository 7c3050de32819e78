package tui

import (
	"strings"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// billLines is the itemised bill of c in lines no wider than width: its
// title, a row per item and the total (how many at what price, per hour,
// per month), then what it leaves out and where the prices come from.
// now says it is what bills now rather than what will once built. A row
// too wide for one line puts its quantity on the next; text is wrapped,
// never cut.
func billLines(sh Shared, c steps.Cost, now bool, width int) []string {
	st := sh.Styles
	width = max(width, 10)
	wrap := func(style lipgloss.Style, s string) []string {
		return strings.Split(style.Width(width).Render(s), "\n")
	}
	title, rows, notes := c.Bill(now)
	total := c.Priced // the last row is the total
	out := wrap(st.Title, title.In(sh.Lang))
	cells := make([][4]string, len(rows))
	var w [4]int
	for i, r := range rows {
		cells[i] = [4]string{r.Item.In(sh.Lang), r.Qty.In(sh.Lang), r.Hour.In(sh.Lang), r.Month.In(sh.Lang)}
		for j, c := range cells[i] {
			w[j] = max(w[j], lipgloss.Width(c))
		}
	}
	const indent, gap = "  ", "  "
	right := func(s string, n int) string { return strings.Repeat(" ", max(n-lipgloss.Width(s), 0)) + s }
	left := func(s string, n int) string { return s + strings.Repeat(" ", max(n-lipgloss.Width(s), 0)) }
	oneLine := len(indent)+w[0]+w[1]+w[2]+w[3]+3*len(gap) <= width
	twoLines := len(indent)+w[0]+w[2]+w[3]+2*len(gap) <= width
	for i, c := range cells {
		item := left(c[0], w[0])
		if i == len(cells)-1 && total {
			item = st.Title.Render(item)
		}
		switch {
		case oneLine:
			out = append(out, indent+item+gap+left(c[1], w[1])+gap+right(c[2], w[2])+gap+right(c[3], w[3]))
		case twoLines:
			out = append(out, indent+item+gap+right(c[2], w[2])+gap+right(c[3], w[3]))
			out = append(out, wrapIndented(st.Muted, c[1], "    ", width)...)
		default:
			out = append(out, wrapIndented(lipgloss.NewStyle(), c[0], indent, width)...)
			out = append(out, wrapIndented(st.Muted, c[1], "    ", width)...)
			out = append(out, wrapIndented(lipgloss.NewStyle(), strings.TrimSpace(c[2]+" · "+c[3]), "    ", width)...)
		}
	}
	for _, n := range notes {
		out = append(out, wrap(st.Muted, n.In(sh.Lang))...)
	}
	if c.Priced && len(rows) > 0 {
		out = append(out, wrap(st.Muted, sh.T("cost.source", steps.PricesSource))...)
	}
	if sh.Inputs.Sandbox && len(rows) > 0 {
		out = append(out, wrap(st.Warning, sh.T("bill.practice"))...)
	}
	return out
}

// wrapIndented wraps s to width with every line indented.
func wrapIndented(style lipgloss.Style, s, indent string, width int) []string {
	lines := strings.Split(style.Width(max(width-lipgloss.Width(indent), 1)).Render(s), "\n")
	for i, l := range lines {
		lines[i] = indent + strings.TrimRight(l, " ")
	}
	return lines
}

// billing says whether anything of the report's stack bills now.
func billing(rep *steps.Report) bool { return rep != nil && len(rep.Cost.Items) > 0 }

// pane lays lines out in a viewport of width x height, scrolled to offset
// (the screen keeps it: where the student scrolled to) and moved by keys:
// the view as it is drawn now.
func pane(keys viewport.KeyMap, offset int, lines []string, width, height int) viewport.Model {
	v := viewport.New(viewport.WithWidth(max(width, 1)), viewport.WithHeight(max(height, 1)))
	v.KeyMap = keys
	v.SetContentLines(lines)
	v.SetYOffset(offset)
	return v
}

// paneView is the pane's visible lines, with the last replaced by a note
// that more follows when it does.
func paneView(sh Shared, v viewport.Model, width int) string {
	out := v.View()
	if v.AtBottom() || v.Height() < 3 {
		return out
	}
	lines := strings.Split(out, "\n")
	lines[len(lines)-1] = fit(sh.Styles.Muted.Render(sh.T("view.more")), width, 1)
	return strings.Join(lines, "\n")
}
