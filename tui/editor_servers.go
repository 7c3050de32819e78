package tui

import (
	"errors"
	"strconv"
	"strings"

	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// serversOtherType is the type select's choice that asks for a typed type.
const serversOtherType = "other"

// serversTypes are the types offered; t3.medium is the course's choice.
var serversTypes = []struct{ value, label string }{
	{"t3.micro", "servers.type.micro"},
	{"t3.small", "servers.type.small"},
	{"t3.medium", "servers.type.medium"},
	{"t3.large", "servers.type.large"},
}

// The servers step's page (a formPage): AMI, instance type and disk of
// the three servers, then, on a page of its own, where else the bastion
// sends its command audit log; its TMOUT and audit log are fixed.
type serversVals struct{ AMI, Type, Custom, Disk, Syslog string }

// serversFields are the form's fields, so Live can tell which one has the
// focus.
type serversFields struct {
	form        *huh.Form
	ami, custom *huh.Input
	disk        *huh.Input
	syslog      *huh.Input
}

func newServersEditor(sh Shared) editor {
	p := &formPage{sh: sh}
	fields := &serversFields{}
	form := newFormEditor(sh.Keys, serversInitial(sh.Inputs),
		func(v *serversVals, g *formGate) *huh.Form { return fields.build(sh, &p.sh, v, g) },
		serversApply,
		func(v serversVals) error { return fields.live(p.sh, v) })
	p.editor = form
	// The page says a wrong value's problem itself, under its field: the
	// AMI's under the AMI, above the type and the disk; the others' under
	// the form, above the disks' note and the bastion's hardening.
	p.ownLive = true
	// The disks' note follows the size and type as typed.
	p.draw = func(sh Shared, view string, width int) string {
		note := ""
		live := form.Live()
		// On the first page, and while the values make sense: a wrong
		// value's message comes first.
		if f := fields.form; live == nil && (f == nil || (f.GetFocusedField() != huh.Field(fields.syslog) && f.GetFocusedField() != huh.Field(fields.custom))) {
			note = diskNote(sh, serversApply(form.vals, sh.Inputs))
		}
		if live != nil {
			msg := strings.Join(wrapWords(sh.Styles.Error, oneLine(catalog.Text(sh.Lang, live)), width), "\n")
			at := contentLines(view) // huh pads every page to the tallest
			if f := fields.form; f != nil && f.GetFocusedField() == huh.Field(fields.ami) {
				at = lipgloss.Height(fields.ami.View())
			}
			view = insertLines(view, at, msg)
		}
		return serversView(sh, note, view, width)
	}
	return p
}

// contentLines is how many lines text has up to its last that is not
// blank.
func contentLines(text string) int {
	lines := strings.Split(text, "\n")
	n := len(lines)
	for n > 0 && strings.TrimSpace(ansi.Strip(lines[n-1])) == "" {
		n--
	}
	return n
}

// insertLines puts add after the first n lines of text.
func insertLines(text string, n int, add string) string {
	lines := strings.Split(text, "\n")
	n = min(max(n, 0), len(lines))
	return strings.Join(append(lines[:n:n], append([]string{add}, lines[n:]...)...), "\n")
}

// diskHelp is the disk field's help: the range, and what a GB costs in
// the region.
func diskHelp(sh Shared) string {
	if p, ok := steps.Prices(sh.Inputs.Region); ok {
		return sh.T("servers.disk.help", steps.UnitPrice(p.GP3GBMonth))
	}
	return sh.T("servers.disk.help.noprice")
}

// diskNote is what the three servers' disks come to, and what the free
// tier does and does not give (30 GB of EBS for every server together,
// no instance type but the micro ones).
func diskNote(sh Shared, in steps.Inputs) string {
	n := int(in.DiskGB)
	if n <= 0 {
		n = steps.DefaultDiskGB
	}
	total := 3 * n // web, database and bastion
	var parts []string
	if p, ok := steps.Prices(in.Region); ok {
		parts = append(parts, sh.T("servers.disk.sum", n, total, steps.USD(float64(total)*p.GP3GBMonth)))
	} else {
		parts = append(parts, sh.T("servers.disk.sum.noprice", n, total))
	}
	parts = append(parts, sh.T("servers.free"))
	if t := in.InstanceType; t != "t2.micro" && t != "t3.micro" {
		parts = append(parts, sh.T("servers.free.type", t))
	}
	return strings.Join(parts, " ")
}

// build makes the form: AMI, type and disk on its first page, a typed
// type on a page of its own (shown only when chosen), the syslog server on
// the last. Its validation reads the root's state as it is then (*cur).
func (f *serversFields) build(sh Shared, cur *Shared, v *serversVals, g *formGate) *huh.Form {
	opts := make([]huh.Option[string], 0, len(serversTypes)+1)
	for _, t := range serversTypes {
		opts = append(opts, huh.NewOption(sh.T(t.label), t.value))
	}
	opts = append(opts, huh.NewOption(sh.T("servers.type.other"), serversOtherType))
	f.ami = huh.NewInput().Title(sh.T("servers.ami.title")).Description(sh.T("servers.ami.help")).
		Value(&v.AMI).CharLimit(21).
		Validate(g.judge(func(s string) error { return amiProblem(*cur, s) }))
	f.disk = huh.NewInput().Title(sh.T("servers.disk.title")).Description(diskHelp(sh)).
		Value(&v.Disk).CharLimit(6).
		Validate(g.judge(func(s string) error { return diskProblem(*cur, s) }))
	f.custom = huh.NewInput().Title(sh.T("servers.custom.title")).Description(sh.T("servers.custom.help")).
		Value(&v.Custom).CharLimit(32).
		Validate(g.judge(func(s string) error { return typeProblem(*cur, s) }))
	f.syslog = huh.NewInput().Title(sh.T("servers.syslog.title")).Description(sh.T("servers.syslog.help")).
		Value(&v.Syslog).CharLimit(260).
		Validate(g.judge(func(s string) error { return syslogProblem(*cur, s) }))
	typ := huh.NewSelect[string]().Title(sh.T("servers.type.title")).Description(sh.T("servers.type.help")).
		Options(opts...).Value(&v.Type).Inline(true)
	f.form = huh.NewForm(
		huh.NewGroup(f.ami, typ, f.disk),
		huh.NewGroup(f.custom).WithHideFunc(func() bool { return v.Type != serversOtherType }),
		huh.NewGroup(f.syslog),
	).WithShowErrors(false)
	return f.form
}

// live is the problem of the focused field, as typed.
func (f *serversFields) live(sh Shared, v serversVals) error {
	if f.form == nil {
		return nil
	}
	switch f.form.GetFocusedField() {
	case huh.Field(f.ami):
		return amiProblem(sh, v.AMI)
	case huh.Field(f.disk):
		return diskProblem(sh, v.Disk)
	case huh.Field(f.custom):
		return typeProblem(sh, v.Custom)
	case huh.Field(f.syslog):
		return syslogProblem(sh, v.Syslog)
	}
	return nil
}

// serversInitial is what the form starts from: the inputs, or the course's
// defaults where they are empty.
func serversInitial(in steps.Inputs) serversVals {
	v := serversVals{AMI: in.AMI, Type: in.InstanceType, Disk: strconv.Itoa(int(in.DiskGB)), Syslog: in.SyslogTarget}
	if in.DiskGB == 0 {
		v.Disk = strconv.Itoa(steps.DefaultDiskGB)
	}
	if v.Type == "" {
		v.Type = steps.DefaultInstanceType
	}
	for _, t := range serversTypes {
		if t.value == v.Type {
			return v
		}
	}
	v.Type, v.Custom = serversOtherType, in.InstanceType
	return v
}

func serversApply(v serversVals, in steps.Inputs) steps.Inputs {
	in.AMI = strings.TrimSpace(v.AMI)
	in.SyslogTarget = strings.TrimSpace(v.Syslog)
	t := v.Type
	if t == serversOtherType {
		t = strings.TrimSpace(v.Custom)
	}
	if t != "" {
		in.InstanceType = t
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(v.Disk), 10, 32); err == nil {
		in.DiskGB = int32(n)
	}
	return in
}

// serversView is the form, the disks' note (none on the form's later
// pages), then what the bastion gets.
func serversView(sh Shared, note, form string, width int) string {
	st := sh.Styles
	lines := []string{form}
	if note != "" {
		// Under the fields, as indented as they are.
		lines = append(lines, strings.Join(wrapIndented(st.Muted, note, "  ", width), "\n"))
	}
	lines = append(lines,
		"",
		hostsWrap(st.Title, sh.T("servers.bastion.title"), width),
		hostsWrap(st.Muted, "  "+sh.T("servers.bastion.timeout", steps.BastionTimeout), width),
		hostsWrap(st.Muted, "  "+sh.T("servers.bastion.audit", steps.AuditLogPath), width),
	)
	if t := sh.Inputs.SyslogTarget; t != "" {
		lines = append(lines, hostsWrap(st.Muted, "  "+sh.T("servers.bastion.remote", t), width))
	}
	return strings.Join(lines, "\n")
}

// syslogProblem judges the optional remote syslog server.
func syslogProblem(sh Shared, s string) error {
	in := sh.Inputs
	in.SyslogTarget = strings.TrimSpace(s)
	if in.SyslogTarget != "" && hostsFieldError(in, "syslog-target") != nil {
		return errors.New(sh.T("servers.syslog.bad"))
	}
	return nil
}

// amiProblem judges an AMI id as typed: empty means Ubuntu 22.04, looked up.
func amiProblem(sh Shared, s string) error {
	in := sh.Inputs
	in.AMI = strings.TrimSpace(s)
	if in.AMI != "" && hostsFieldError(in, "ami") != nil {
		return errors.New(sh.T("servers.ami.bad"))
	}
	return nil
}

// typeProblem judges a typed instance type.
func typeProblem(sh Shared, s string) error {
	in := sh.Inputs
	in.InstanceType = strings.TrimSpace(s)
	if hostsFieldError(in, "instance-type") != nil {
		return errors.New(sh.T("servers.type.bad"))
	}
	return nil
}

// diskProblem judges the root volume's size in GB.
func diskProblem(sh Shared, s string) error {
	s = strings.TrimSpace(s)
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return errors.New(sh.T("servers.disk.bad", s))
		}
		return errors.New(sh.T("servers.disk.nan"))
	}
	in := sh.Inputs
	in.DiskGB = int32(n)
	if hostsFieldError(in, "disk-gb") != nil {
		return errors.New(sh.T("servers.disk.bad", s))
	}
	return nil
}
