package tui

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"charm.land/huh/v2"

	"github.com/infrawiz/infrawiz/steps"
)

type sgVals struct{ MyIP string }

// newSecurityEditor is the security groups step's page: the rules of the
// three groups as a table, sources named by group, and the one value in
// them that belongs to the user, the public IP the bastion lets in.
func newSecurityEditor(sh Shared) editor {
	p := &formPage{sh: sh}
	e := newFormEditor(sh.Keys, sgVals{MyIP: strings.TrimSuffix(sh.Inputs.MyIP, "/32")},
		func(v *sgVals, g *formGate) *huh.Form {
			help := "sg.myip.help"
			if sh.Inputs.Sandbox {
				help = "sg.myip.sandbox"
			}
			// The message is shown live under the form (Live), so the form
			// does not repeat it.
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(sh.T("sg.myip.title")).Description(sh.T(help)).
					Value(&v.MyIP).CharLimit(32).
					Validate(g.judge(func(s string) error { return myIPProblem(p.sh, s) })),
			)).WithShowErrors(false)
		},
		func(v sgVals, in steps.Inputs) steps.Inputs {
			in.MyIP = ""
			if s := strings.TrimSpace(v.MyIP); s != "" {
				in.MyIP = s
				if ip, err := steps.NormalizeIP(s, in.Sandbox); err == nil {
					in.MyIP = ip
				}
			}
			return in
		},
		func(v sgVals) error { return myIPProblem(p.sh, v.MyIP) })
	p.editor = e
	p.draw = func(sh Shared, form string, width int) string { return securityView(sh, e.vals.MyIP, form, width) }
	return p
}

// securityView fits an 80x24 terminal: the table, then a line on groups as
// sources and the field, or, when the IP is too wide, the field and the
// SSH warning instead; the step screen puts the field's message right
// under it.
func securityView(sh Shared, typed, form string, width int) string {
	st := sh.Styles
	long := width >= 80
	var lines []string
	if sh.HasPlan {
		lines = append(lines, strings.TrimSuffix(rulesView(sh, typed, width), "\n"))
	}
	if sshWide(typed) {
		why := "sg.ssh.short"
		if long {
			why = "sg.ssh.long"
		}
		lines = append(lines, form,
			hostsWrap(st.Warning.Bold(true), sh.T("sg.ssh.warning"), width),
			hostsWrap(st.Warning, sh.T(why), width))
		return strings.Join(lines, "\n")
	}
	note := "sg.note.short"
	if long {
		note = "sg.note.long"
	}
	lines = append(lines, hostsWrap(st.Muted, sh.T(note), width), "", form)
	return strings.Join(lines, "\n")
}

// sgRule is one rule of the table, as shown.
type sgRule struct{ group, port, source, why string }

// sgRules are the plan's rules as the table shows them: sources named by
// group, the user's own IP as typed (once it is one).
func sgRules(sh Shared, typed string) []sgRule {
	st := sh.Styles
	planned, _ := steps.NormalizeIP(sh.Plan.Inputs.MyIP, sh.Plan.Inputs.Sandbox)
	mine := st.Warning.Render(sh.T("sg.source.myip"))
	if v := strings.TrimSpace(typed); v != "" && myIPProblem(sh, v) == nil {
		ip, _ := steps.NormalizeIP(v, sh.Inputs.Sandbox)
		mine = st.Selected.Render(ip)
	}
	var rules []sgRule
	for _, r := range sh.Plan.Resources {
		if r.Kind != steps.KindSGRules {
			continue
		}
		for _, x := range r.Rules {
			port := fmt.Sprintf("%s %d", x.Protocol, x.FromPort)
			switch {
			case x.Protocol == "icmp" || x.FromPort < 0:
				port = x.Protocol
			case x.ToPort != x.FromPort:
				port = fmt.Sprintf("%s %d-%d", x.Protocol, x.FromPort, x.ToPort)
			}
			src := x.CIDR
			switch {
			case x.SourceRole != "":
				src = hostsName(sh.Plan, x.SourceRole)
			case x.CIDR == "" || x.CIDR == planned:
				src = mine
			}
			why := x.WhyMsg.In(sh.Lang)
			rules = append(rules, sgRule{hostsName(sh.Plan, r.GroupRole), port, src, why})
		}
	}
	return rules
}

// rulesView is the table of every rule: group, port, source and why. The
// rule that lets the user's own IP in shows the IP being typed.
func rulesView(sh Shared, typed string, width int) string {
	st := sh.Styles
	rules := sgRules(sh, typed)
	head := func(cells ...string) []string {
		for i, c := range cells {
			cells[i] = st.Muted.Render(c)
		}
		return cells
	}
	wide := [][]string{head(sh.T("sg.col.group"), sh.T("sg.col.port"), sh.T("sg.col.source"), sh.T("sg.col.why"))}
	for i, r := range rules {
		g := r.group
		if i > 0 && rules[i-1].group == g {
			g = ""
		}
		wide = append(wide, []string{g, r.port, r.source, r.why})
	}
	if hostsTableWidth(wide) <= width {
		return columnsView(wide, width)
	}
	// Too narrow for four columns: each group heads its own rules.
	narrow := [][]string{head(sh.T("sg.col.port"), sh.T("sg.col.source"), sh.T("sg.col.why"))}
	headings := map[int]string{}
	for i, r := range rules {
		if i == 0 || rules[i-1].group != r.group {
			headings[len(narrow)] = r.group
		}
		narrow = append(narrow, []string{r.port, r.source, r.why})
	}
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(columnsView(narrow, width), "\n"), "\n") {
		if g, ok := headings[i]; ok {
			b.WriteString(fit(st.Title.Render(g), width, 1) + "\n")
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// sshWide reports a value that names more than one host: 0.0.0.0, any /N
// but /32. SSH to the bastion must never be open that wide. A value on its
// way to /32 ("…/", "…/3") is still being typed, not wide.
func sshWide(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	if i := strings.Index(v, "/"); i >= 0 && !strings.HasPrefix("/32", v[i:]) {
		return true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(v, "/32"))
	return err == nil && a.IsUnspecified()
}

// myIPProblem says, in the user's language, what is wrong with the IP as
// typed; steps.NormalizeIP is the judge, this only words its verdict.
func myIPProblem(sh Shared, v string) error {
	v = strings.TrimSpace(v)
	sandbox := sh.Inputs.Sandbox
	if v == "" {
		if sandbox {
			return nil
		}
		return errors.New(sh.T("sg.myip.required"))
	}
	if sshWide(v) {
		if p, err := netip.ParsePrefix(v); err == nil && p.Addr().Is4() && p.Bits() > 0 && !p.Addr().IsUnspecified() {
			return errors.New(sh.T("sg.myip.network", v, uint64(1)<<(32-p.Bits())))
		}
		if strings.HasSuffix(v, "/0") || strings.HasPrefix(v, "0.0.0.0") {
			return errors.New(sh.T("sg.myip.world", v))
		}
		return errors.New(sh.T("sg.myip.wide", v))
	}
	if _, err := steps.NormalizeIP(v, sandbox); err == nil {
		return nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(v, "/32"))
	switch {
	case err != nil || !a.Is4():
		return errors.New(sh.T("sg.myip.format"))
	case a.IsLoopback():
		return errors.New(sh.T("sg.myip.loopback"))
	case a.IsPrivate(), a.IsLinkLocalUnicast():
		return errors.New(sh.T("sg.myip.private"))
	default:
		return errors.New(sh.T("sg.myip.special"))
	}
}
