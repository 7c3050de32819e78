package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// routesEditor is the routes step's page. Route tables leave nothing to
// choose, so it has no inputs: it shows each table with the subnets it
// serves and where its default route goes, and Enter runs the step.
type routesEditor struct {
	sh    Shared
	done  bool
	width int
}

func newRoutesEditor(sh Shared) editor { return &routesEditor{sh: sh} }

func (e *routesEditor) Init() tea.Cmd { return nil }

func (e *routesEditor) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, e.sh.Keys.Run) {
		e.done = true
	}
	return nil
}

func (e *routesEditor) SetWidth(width int) { e.width = width }

func (e *routesEditor) Done() bool { return e.done }

// Apply changes nothing: there is nothing to edit.
func (e *routesEditor) Apply(in steps.Inputs) steps.Inputs { return in }

func (e *routesEditor) Live() error { return nil }

// Refresh takes the root's newer state, so a plan changed on another screen
// (a new prefix, no NAT) shows here.
func (e *routesEditor) Refresh(sh Shared) editor {
	e.sh = sh
	return e
}

// routeRow is one route table as the page shows it.
type routeRow struct {
	name    string
	subnets []string
	route   string
}

// routeRows reads the route tables and their default routes from the plan.
func routeRows(sh Shared) []routeRow {
	var out []routeRow
	for _, r := range sh.Plan.Resources {
		if r.Step != steps.StepRoutes || r.Kind != steps.KindRouteTable {
			continue
		}
		row := routeRow{name: r.Name, route: sh.T("routes.default.none")}
		for _, s := range r.SubnetRoles {
			row.subnets = append(row.subnets, hostsName(sh.Plan, s))
		}
		for _, x := range sh.Plan.Resources {
			if x.Kind == steps.KindRoute && x.TableRole == r.Role {
				row.route = x.CIDR + " → " + hostsName(sh.Plan, x.TargetRole)
			}
		}
		out = append(out, row)
	}
	return out
}

func (e *routesEditor) View() string {
	sh, st, width := e.sh, e.sh.Styles, e.width
	rows := routeRows(sh)
	head := func(cells ...string) []string {
		for i, c := range cells {
			cells[i] = st.Muted.Render(c)
		}
		return cells
	}
	// As wide as the screen allows: one column per fact; else the subnets
	// go under their table.
	wide := [][]string{head(sh.T("routes.col.table"), sh.T("routes.col.subnets"), sh.T("routes.col.default"))}
	for _, r := range rows {
		for i, s := range r.subnets {
			if i == 0 {
				wide = append(wide, []string{r.name, s, r.route})
			} else {
				wide = append(wide, []string{"", s, ""})
			}
		}
		if len(r.subnets) == 0 {
			wide = append(wide, []string{r.name, "", r.route})
		}
	}
	table := wide
	if hostsTableWidth(wide) > width {
		table = [][]string{head(sh.T("routes.col.table"), sh.T("routes.col.default"))}
		for _, r := range rows {
			table = append(table, []string{r.name, r.route})
			for _, s := range r.subnets {
				table = append(table, []string{st.Muted.Render("  " + s), ""})
			}
		}
	}
	why := "routes.why.nat"
	if sh.Plan.Inputs.NoNAT {
		why = "routes.why.nonat"
	}
	lines := []string{
		st.Title.Render(sh.T("routes.table.title")),
		strings.TrimSuffix(columnsView(table, width), "\n"),
		"",
		hostsWrap(lipgloss.NewStyle(), sh.T(why), width),
	}
	if !e.done {
		lines = append(lines, "", st.Muted.Render(fit(sh.T("routes.view.enter"), width, 1)))
	}
	return strings.Join(lines, "\n")
}

// The helpers below are shared by the routes, security groups and servers
// editors.

// hostsName is the name of the planned resource with the given role, or the
// role itself when the plan has no such resource.
func hostsName(p steps.Plan, role steps.Role) string {
	if r, ok := p.Get(role); ok {
		return r.Name
	}
	return string(role)
}

// hostsTableWidth is the width columnsView needs to show rows uncut.
func hostsTableWidth(rows [][]string) int {
	if len(rows) == 0 {
		return 0
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	total := 2 // columnsView's indent
	for i, w := range widths {
		total += w
		if i < len(widths)-1 {
			total += 2
		}
	}
	return total
}

// hostsWrap word-wraps text to width in a style (Korean wraps at spaces
// too, and counts double).
func hostsWrap(style lipgloss.Style, text string, width int) string {
	if width <= 0 {
		return style.Render(text)
	}
	return style.Width(width).Render(text)
}

// hostsFieldError validates the inputs and returns the error of one field
// only, so a field is judged by the same rules as the headless commands.
func hostsFieldError(in steps.Inputs, field string) error {
	var ve steps.ValidationError
	if err := in.Validate(); err != nil && asValidation(err, &ve) {
		for _, fe := range ve {
			if fe.Field == field {
				return fe
			}
		}
	}
	return nil
}
