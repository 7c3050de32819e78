package tui

import (
	"strings"

	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// gatewaysVals is what the gateways form edits.
type gatewaysVals struct{ NAT bool }

// newGatewaysEditor turns the NAT gateway on or off, showing what it costs
// by the hour and by the month in the stack's region.
func newGatewaysEditor(sh Shared) editor {
	e := newFormEditor(sh.Keys, gatewaysVals{NAT: !sh.Inputs.NoNAT},
		func(v *gatewaysVals, _ *formGate) *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewConfirm().Key("nat").Title(sh.T("gateways.nat.title")).Description(sh.T("gateways.nat.help")).
					Affirmative(sh.T("gateways.nat.yes")).Negative(sh.T("gateways.nat.no")).Value(&v.NAT),
			))
		},
		func(v gatewaysVals, in steps.Inputs) steps.Inputs { in.NoNAT = !v.NAT; return in },
		nil)
	return &formPage{
		editor: e, sh: sh,
		below: func(sh Shared, width int) string { return gatewaysCost(sh, e.vals.NAT, width) },
		readOnly: func(sh Shared, width int) string {
			state := sh.T("gateways.state.on")
			if sh.Inputs.NoNAT {
				state = sh.T("gateways.state.off")
			}
			return netWrap(state, width) + "\n" + gatewaysCost(sh, !sh.Inputs.NoNAT, width)
		},
	}
}

// gatewaysCost is the price of the NAT gateway and its Elastic IP, per
// hour and per month; dimmed, with what going without means, when it is off.
func gatewaysCost(sh Shared, nat bool, width int) string {
	st := sh.Styles
	region := sh.Inputs.Region
	natHour, known := steps.NATPrice(region)
	about := ""
	if !known {
		about = sh.T("gateways.cost.about")
	}
	row := func(label string, perHour float64) []string {
		return []string{label, about + sh.T("gateways.cost.hour", perHour), about + sh.T("gateways.cost.month", steps.Monthly(perHour))}
	}
	table := columnsView([][]string{
		{sh.T("gateways.cost.igw"), sh.T("gateways.cost.free"), ""},
		row(sh.T("gateways.cost.nat"), natHour),
		row(sh.T("gateways.cost.eip"), steps.EIPPerHour),
		row(sh.T("gateways.cost.total"), natHour+steps.EIPPerHour),
	}, width)
	source := sh.T("gateways.cost.known", region)
	if !known {
		source = sh.T("gateways.cost.guess", region)
	}
	lines := []string{strings.TrimRight(table, "\n")}
	notes := []string{source}
	if nat {
		notes = append(notes, sh.T("gateways.cost.remove"))
	} else {
		lines[0] = st.Muted.Render(lines[0])
		lines = append(lines, st.Warning.Render(netWrap(sh.T("gateways.cost.off"), width)))
	}
	lines = append(lines, st.Muted.Render(netWrap(strings.Join(notes, " "), width)))
	return strings.Join(lines, "\n")
}
