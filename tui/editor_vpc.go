package tui

import (
	"errors"
	"net/netip"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/steps"
)

var _ = registerEditor(steps.StepVPC, newVPCEditor)

// vpcVals is what the VPC form edits.
type vpcVals struct{ CIDR string }

// newVPCEditor edits the VPC's CIDR block, validated as typed by the same
// rule as the command line, with a note on what the block holds.
func newVPCEditor(sh Shared) editor {
	ctx := &sh // shared with the validation, so Refresh reaches it
	cidr := sh.Inputs.VPCCIDR
	if cidr == "" {
		cidr = steps.DefaultVPCCIDR
	}
	var vals *vpcVals
	var form *huh.Form
	e := newFormEditor(sh, vpcVals{CIDR: cidr},
		func(v *vpcVals) *huh.Form {
			vals = v
			form = huh.NewForm(huh.NewGroup(
				huh.NewInput().Key("vpc-cidr").Title(sh.T("vpc.cidr.title")).Description(sh.T("vpc.cidr.help")).
					Value(&v.CIDR).CharLimit(len("192.168.111.111/24")).Placeholder(steps.DefaultVPCCIDR).
					Validate(func(c string) error { return validateVPC(ctx.Inputs, c) }),
			)).WithShowErrors(false) // Live shows the same message under the form.
			return form
		},
		func(v vpcVals, in steps.Inputs) steps.Inputs { return withVPC(in, v.CIDR) },
		func(v vpcVals) error { return validateVPC(ctx.Inputs, v.CIDR) })
	return netNoteEditor{
		editor: e, form: form, sh: ctx, width: new(int),
		below: func(sh Shared, width int) string { return vpcNote(sh, vals.CIDR, width) },
		readOnly: func(sh Shared, width int) string {
			return netWrap(sh.T("vpc.cidr.title")+": "+sh.Inputs.VPCCIDR, width) + "\n" + vpcNote(sh, sh.Inputs.VPCCIDR, width)
		},
	}
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

// netNoteEditor is a form with text above and below it, computed from the
// values as typed (the network editors' tables and notes), and a read-only
// view of the values applied once the step is done.
type netNoteEditor struct {
	editor
	form  *huh.Form
	width *int // the width the form was last laid out for
	// sh is the root's state, shared with the form's validation so that
	// Refresh reaches it.
	sh       *Shared
	above    func(sh Shared, width int) string
	below    func(sh Shared, width int) string
	readOnly func(sh Shared, width int) string
	// rebuild returns a new editor when the root's new state makes the
	// form's fields wrong (nil: keep this one).
	rebuild func(old, new Shared) editor
}

func (e netNoteEditor) Update(msg tea.Msg) (editor, tea.Cmd) {
	var cmd tea.Cmd
	e.editor, cmd = e.editor.Update(msg)
	return e, cmd
}

// Refresh takes the root's newer state.
func (e netNoteEditor) Refresh(sh Shared) editor {
	if e.rebuild != nil && !e.Done() {
		if fresh := e.rebuild(*e.sh, sh); fresh != nil {
			// Init focuses the first field; its Cmd only starts the
			// cursor's blink, and the step screen's Init runs again when
			// the screen is shown.
			fresh.Init()
			return fresh
		}
	}
	*e.sh = sh
	return e
}

func (e netNoteEditor) View(width int) string {
	if e.form != nil && width > 0 && *e.width != width {
		// A huh group lays its fields out, and takes the height they need,
		// when it gets a window size, not when its width is set; the root
		// keeps window sizes to itself, so without this the fields are cut
		// at the width and height they had when built.
		*e.width = width
		e.form.WithWidth(width)
		e.form.Update(tea.WindowSizeMsg{Width: width, Height: 1 << 10})
	}
	var parts []string
	if e.above != nil {
		parts = append(parts, e.above(*e.sh, width))
	}
	parts = append(parts, e.editor.View(width))
	if e.below != nil && !e.Done() {
		parts = append(parts, e.below(*e.sh, width))
	}
	return strings.Join(parts, "\n")
}

// ReadOnlyView shows the values the step ran with.
func (e netNoteEditor) ReadOnlyView(width int) string {
	if e.readOnly == nil {
		return ""
	}
	return e.readOnly(*e.sh, width)
}
