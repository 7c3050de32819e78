package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/steps"
)

// subnetsVals is what the subnets form edits: a CIDR per subnet, in the
// order of steps.SubnetKeys.
type subnetsVals struct{ CIDR []string }

// subnetsRow is what a subnet's row shows besides its CIDR.
type subnetsRow struct{ name, az string }

// newSubnetsEditor is an editable table of the subnets computed from the
// VPC's block: name, AZ, CIDR and usable hosts of each, and the spare
// block(s) of the VPC. The CIDRs are edited one at a time, under the table;
// the table follows as the user types.
func newSubnetsEditor(sh Shared) editor {
	current := subnetsCurrent(sh.Inputs)
	cidrs := make([]string, len(steps.SubnetKeys))
	for i, k := range steps.SubnetKeys {
		cidrs[i] = current[k]
	}
	return buildSubnetsEditor(sh, cidrs)
}

func buildSubnetsEditor(sh Shared, cidrs []string) editor {
	vpc := sh.Inputs.VPCCIDR
	rows := subnetsRows(sh)
	var form *huh.Form
	e := newFormEditor(sh.Keys, subnetsVals{CIDR: cidrs},
		func(v *subnetsVals, g *formGate) *huh.Form {
			groups := make([]*huh.Group, len(steps.SubnetKeys))
			for i, k := range steps.SubnetKeys {
				groups[i] = huh.NewGroup(huh.NewInput().Key(k).Inline(true).
					Title(sh.T("subnets.cidr.title", rows[i].name) + " ").
					Value(&v.CIDR[i]).CharLimit(len("192.168.111.128/27")).
					Validate(g.judge(func(s string) error { return subnetsTyped(vpc, v.CIDR, i, s) })))
			}
			form = huh.NewForm(groups...).WithShowErrors(false) // Live shows the same message.
			return form
		},
		subnetsApply,
		func(v subnetsVals) error {
			for i, k := range steps.SubnetKeys {
				if netFocusedKey(form) == k {
					// On the last subnet, whose Enter submits, every
					// subnet's problem: Enter must never be refused
					// without a word.
					return subnetsSaid(sh, rows, subnetsTyped(vpc, v.CIDR, i, v.CIDR[i]))
				}
			}
			return nil
		})
	return &formPage{
		editor: e, sh: sh,
		above: func(sh Shared, width int) string {
			return subnetsTable(sh, vpc, subnetsRows(sh), e.vals.CIDR, netFocusedKey(form), width)
		},
		readOnly: func(sh Shared, width int) string {
			current := subnetsCurrent(sh.Inputs)
			cidrs := make([]string, len(steps.SubnetKeys))
			for i, k := range steps.SubnetKeys {
				cidrs[i] = current[k]
			}
			return subnetsTable(sh, sh.Inputs.VPCCIDR, subnetsRows(sh), cidrs, "", width)
		},
		rebuild: func(old, sh Shared) editor {
			switch {
			case sh.Inputs.VPCCIDR != vpc:
				// Blocks typed for another VPC: start again from its layout.
				return newSubnetsEditor(sh)
			case sh.Lang != old.Lang || !slices.Equal(subnetsRows(sh), rows):
				// The fields are titled by name: new names, new fields.
				return buildSubnetsEditor(sh, append([]string(nil), e.vals.CIDR...))
			}
			return nil
		},
	}
}

// subnetsTyped is the problem of subnet i typed as s, the others as they
// are; on the last subnet, whose Enter submits, of every subnet.
func subnetsTyped(vpc string, typed []string, i int, s string) error {
	cidrs := append([]string(nil), typed...)
	cidrs[i] = s
	err := subnetsProblem(vpc, cidrs, steps.SubnetKeys[i])
	if err == nil && i == len(steps.SubnetKeys)-1 {
		_, err = steps.SubnetCIDRs(subnetsInputs(vpc, cidrs))
	}
	return err
}

// subnetsSaid is a subnet's problem as the screen names the subnets: by
// their rows (public-2c), not by the keys of the inputs file
// (subnets.public-2), the subnet a block overlaps too.
func subnetsSaid(sh Shared, rows []subnetsRow, err error) error {
	var fe *steps.FieldError
	if err == nil || !errors.As(err, &fe) {
		return err
	}
	key, ok := strings.CutPrefix(fe.Field, "subnets.")
	i := slices.Index(steps.SubnetKeys, key)
	if !ok || i < 0 {
		return err
	}
	name := func(k string) string {
		if j := slices.Index(steps.SubnetKeys, k); j >= 0 {
			return rows[j].name
		}
		return k
	}
	allowed := fe.Msg().In(sh.Lang)
	switch {
	case fe.Key == "subnet.overlap" && len(fe.Args) == 2:
		allowed = sh.T("subnets.overlap", name(fmt.Sprint(fe.Args[0])), fe.Args[1])
	case allowed == "":
		allowed = fe.Allowed
	}
	return errors.New(sh.T("subnets.problem", rows[i].name, fmt.Sprintf("%q", fe.Value), allowed))
}

// subnetsApply writes the typed blocks into the inputs: only those that
// differ from the VPC's layout, so the subnets follow a new VPC.
func subnetsApply(v subnetsVals, in steps.Inputs) steps.Inputs {
	defaults, err := steps.SubnetCIDRs(steps.Inputs{VPCCIDR: in.VPCCIDR})
	if err != nil {
		defaults = nil // a VPC too small for the layout: every subnet is given
	}
	in.Subnets = nil
	for i, k := range steps.SubnetKeys {
		c := strings.TrimSpace(v.CIDR[i])
		if c == defaults[k] {
			continue
		}
		if in.Subnets == nil {
			in.Subnets = map[string]string{}
		}
		in.Subnets[k] = c
	}
	return in
}

// subnetsInputs are the inputs SubnetCIDRs checks: the VPC and every
// subnet as typed.
func subnetsInputs(vpc string, cidrs []string) steps.Inputs {
	in := steps.Inputs{VPCCIDR: vpc, Subnets: map[string]string{}}
	for i, k := range steps.SubnetKeys {
		in.Subnets[k] = strings.TrimSpace(cidrs[i])
	}
	return in
}

// subnetsProblem is the problem of the subnet key, as typed.
func subnetsProblem(vpc string, cidrs []string, key string) error {
	return steps.SubnetError(subnetsInputs(vpc, cidrs), key)
}

// subnetsCurrent is each subnet's CIDR: as the inputs give them, else the
// layout derived from the VPC with the user's own blocks over it.
func subnetsCurrent(in steps.Inputs) map[string]string {
	if cur, err := steps.SubnetCIDRs(in); err == nil {
		return cur
	}
	cur, err := steps.SubnetCIDRs(steps.Inputs{VPCCIDR: in.VPCCIDR})
	if err != nil {
		cur = map[string]string{}
	}
	for k, v := range in.Subnets {
		cur[k] = v
	}
	return cur
}

// subnetsRows names each subnet as the plan does (without the prefix,
// which every name shares) with its zone: the plan of sh.Zones, or of the
// region's a, b and c before the session knows the zones.
func subnetsRows(sh Shared) []subnetsRow {
	zones := sh.Zones
	if len(zones) == 0 {
		r := sh.Inputs.Region
		zones = []string{r + "a", r + "b", r + "c"}
	}
	rows := make([]subnetsRow, len(steps.SubnetKeys))
	for i, k := range steps.SubnetKeys {
		rows[i].name = k
	}
	// The names do not depend on the blocks: without the user's own blocks
	// (which may be wrong), the plan can still be made.
	noSubnets := sh.Inputs
	noSubnets.Subnets = nil
	for _, in := range []steps.Inputs{sh.Inputs, noSubnets} {
		p, err := steps.BuildPlan(in, zones)
		if err != nil {
			continue
		}
		for i, k := range steps.SubnetKeys {
			if r, ok := p.Get(steps.Role("subnet-" + k)); ok {
				rows[i] = subnetsRow{name: strings.TrimPrefix(r.Name, in.Prefix+"-subnet-"), az: r.AZ}
			}
		}
		return rows
	}
	if z1, z2, err := steps.PickZones(zones); err == nil {
		for i, az := range []string{z1, z2, z1, z1} {
			rows[i].az = az
		}
	}
	return rows
}

// subnetsTable shows every subnet as typed, the one being edited marked,
// and the blocks of the VPC no subnet uses.
func subnetsTable(sh Shared, vpc string, rows []subnetsRow, cidrs []string, focused string, width int) string {
	st := sh.Styles
	table := [][]string{{
		st.Muted.Render(sh.T("subnets.col.name")), st.Muted.Render(sh.T("subnets.col.az")),
		st.Muted.Render(sh.T("subnets.col.cidr")), st.Muted.Render(sh.T("subnets.col.hosts")),
	}}
	var used []string
	mark := -1
	for i, k := range steps.SubnetKeys {
		c := strings.TrimSpace(cidrs[i])
		hosts := "–"
		if steps.Addresses(c) > 0 {
			used = append(used, c)
			if h := steps.UsableHosts(c); h > 0 {
				hosts = fmt.Sprint(h)
			}
		}
		row := []string{rows[i].name, rows[i].az, c, hosts}
		if k == focused {
			mark = len(table)
			for j := range row {
				row[j] = st.Selected.Render(row[j])
			}
		}
		table = append(table, row)
	}
	spare, err := steps.SpareBlocks(vpc, used)
	free := 0
	if err == nil {
		for _, b := range spare {
			free += steps.Addresses(b)
			table = append(table, []string{
				st.Muted.Render(sh.T("subnets.spare.name")), st.Muted.Render("–"), st.Muted.Render(b),
				st.Muted.Render(fmt.Sprintf("(%d)", steps.Addresses(b))),
			})
		}
	}
	lines := strings.Split(strings.TrimRight(columnsView(table, width), "\n"), "\n")
	if mark >= 0 {
		lines[mark] = st.Selected.Render("›") + strings.TrimPrefix(lines[mark], " ")
	}
	note := sh.T("subnets.spare.none")
	if free > 0 {
		note = sh.T("subnets.spare.note", free)
	}
	note += " " + sh.T("subnets.hosts.note")
	lines = append(lines, st.Muted.Render(netWrap(note, width)))
	return strings.Join(lines, "\n")
}
