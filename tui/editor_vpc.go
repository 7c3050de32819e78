package tui

import (
	"errors"
	"net/netip"
	"strings"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/steps"
)

// vpcVals is what the VPC form edits.
type vpcVals struct{ CIDR string }

// newVPCEditor edits the VPC's CIDR block, validated as typed by the same
// rule as the command line, with a note on what the block holds.
func newVPCEditor(sh Shared) editor {
	cidr := sh.Inputs.VPCCIDR
	if cidr == "" {
		cidr = steps.DefaultVPCCIDR
	}
	p := &formPage{sh: sh}
	e := newFormEditor(sh.Keys, vpcVals{CIDR: cidr},
		func(v *vpcVals, g *formGate) *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("vpc-cidr").Title(sh.T("vpc.cidr.title")).Description(sh.T("vpc.cidr.help")).
					Value(&v.CIDR).CharLimit(len("192.168.111.111/24")).Placeholder(steps.DefaultVPCCIDR).
					Validate(g.judge(func(c string) error { return validateVPC(p.sh.Inputs, c) })),
			)).WithShowErrors(false) // Live shows the same message under the form.
		},
		func(v vpcVals, in steps.Inputs) steps.Inputs { return withVPC(in, v.CIDR) },
		func(v vpcVals) error { return validateVPC(p.sh.Inputs, v.CIDR) })
	p.editor = e
	p.below = func(sh Shared, width int) string { return vpcNote(sh, e.vals.CIDR, width) }
	p.readOnly = func(sh Shared, width int) string {
		return netWrap(sh.T("vpc.cidr.title")+": "+sh.Inputs.VPCCIDR, width) + "\n" + vpcNote(sh, sh.Inputs.VPCCIDR, width)
	}
	return p
}

// withVPC sets the VPC's block. Subnets chosen for another block that do
// not fit this one are dropped, so the subnets follow the VPC's layout again.
func withVPC(in steps.Inputs, cidr string) steps.Inputs {
	in.VPCCIDR = strings.TrimSpace(cidr)
	if in.Subnets != nil {
		if _, err := steps.SubnetCIDRs(in); err != nil {
			var fe *steps.FieldError
			if errors.As(err, &fe) && strings.HasPrefix(fe.Field, "subnets.") {
				in.Subnets = nil
			}
		}
	}
	return in
}

// validateVPC checks only the VPC's block, with the other inputs as they
// are (like validatePrefix for the prefix).
func validateVPC(in steps.Inputs, cidr string) error {
	in.PublicKey = "" // checked on its own screen; it would read the file on every frame
	return netFieldProblem(withVPC(in, cidr).Validate(), "vpc-cidr")
}

// netFieldProblem picks the error of one field out of a validation.
func netFieldProblem(err error, field string) error {
	if err == nil {
		return nil
	}
	var ve steps.ValidationError
	if !asValidation(err, &ve) {
		return err
	}
	for _, fe := range ve {
		if fe.Field == field {
			return fe
		}
	}
	return nil
}

// vpcNote says what a /24 is and what the typed block holds.
func vpcNote(sh Shared, cidr string, width int) string {
	lines := []string{sh.T("vpc.note.class")}
	if p, err := netip.ParsePrefix(strings.TrimSpace(cidr)); err == nil && p.Addr().Is4() {
		p = p.Masked()
		a := p.Addr().As4()
		n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		n += uint32(steps.Addresses(p.String()) - 1)
		last := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		lines = append(lines, sh.T("vpc.note.size", p.String(), steps.Addresses(p.String()), p.Addr().String(), last.String()))
	}
	return sh.Styles.Muted.Render(netWrap(strings.Join(lines, "\n"), width))
}

// netWrap wraps text to width by words, counting Korean as double width.
func netWrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(ansi.Wrap(s, width, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
