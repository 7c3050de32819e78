package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui/nav"
)

// stepScreen is the screen of one mission step: its fields, what it will
// create, and the live list of its run.
type stepScreen struct {
	sh            Shared
	step          steps.Step
	editor        editor
	width, height int
	// live is the editor's validation of the values as typed, taken when
	// they change.
	live error
	// preview is what the step will create with the values as typed,
	// taken when they change (previewPlan).
	preview steps.Plan
	// scroll shows a page taller than the screen.
	scroll scroller
}

// newStepScreen builds the screen of a step, with the editor
// wizardScreens gives it.
func newStepScreen(step steps.Step, sh Shared) *stepScreen {
	s := &stepScreen{sh: sh, step: step}
	s.setEditor(specOf(screenOf(step)).editor(sh))
	return s
}

// setEditor puts e in place, laid out for the screen's width.
func (s *stepScreen) setEditor(e editor) {
	s.editor = e
	s.editor.SetWidth(s.width)
	s.typed()
}

// typed takes what the values as typed say: their problem and what the
// step would create with them.
func (s *stepScreen) typed() {
	s.live = s.editor.Live()
	s.preview = previewPlan(s.sh, s.editor, s.live, s.state())
}

func (s *stepScreen) Init() tea.Cmd {
	s.scroll.follow()
	cmd := s.editor.Init()
	s.typed()
	return cmd
}

func (s *stepScreen) Refresh(sh Shared) {
	s.sh = sh
	s.setEditor(s.editor.Refresh(sh))
}

func (s *stepScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.editor.SetWidth(width)
}

func (s *stepScreen) state() StepState { return s.sh.Steps[s.step] }

// Bindings are what the keys do now: Enter moves on from a step done or
// running; a failed one adds ctrl+r; while the fields are edited, the
// focused field's keys (Enter to the next field, Shift+Tab back, Enter on
// the last runs the step), not "run step" for every Enter.
func (s *stepScreen) Bindings() []key.Binding {
	b := s.stateBindings()
	if s.overflows() && !s.sh.LearnOpen {
		b = append(b[:len(b):len(b)], s.sh.Keys.PageScroll)
	}
	return b
}

func (s *stepScreen) stateBindings() []key.Binding {
	k := s.sh.Keys
	switch s.state() {
	case StepDone, StepRunning:
		return []key.Binding{k.Next}
	case StepFailed:
		// Enter moves on; the form's other keys still edit.
		if s.editor.Done() {
			return []key.Binding{k.Retry, k.Next}
		}
		return append([]key.Binding{k.Retry, k.Next}, s.formKeys(true)...)
	case StepPending:
	}
	if s.editor.Done() {
		return []key.Binding{k.Run}
	}
	if b := s.formKeys(false); len(b) > 0 {
		return b
	}
	return []key.Binding{k.Run}
}

// formKeys are the editor's keys for its focused field, those Enter takes
// first; without Enter when the screen takes it (skipEnter), a binding
// left with its other keys (Tab).
func (s *stepScreen) formKeys(skipEnter bool) []key.Binding {
	kb, ok := s.editor.(keyBinder)
	if !ok {
		return nil
	}
	var enter, rest []key.Binding
	for _, b := range kb.KeyBinds() {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		if !slices.Contains(b.Keys(), "enter") {
			rest = append(rest, b)
			continue
		}
		if !skipEnter {
			enter = append(enter, b)
			continue
		}
		others := slices.DeleteFunc(slices.Clone(b.Keys()), func(k string) bool { return k == "enter" })
		if len(others) > 0 {
			b.SetKeys(others...)
			b.SetHelp(strings.Join(others, "/"), b.Help().Desc)
			rest = append(rest, b)
		}
	}
	return append(enter, rest...)
}

func (s *stepScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if s.scroll.press(s.sh, k, s.page, s.width, s.height) {
			return nil
		}
		s.scroll.follow()
		switch s.state() {
		case StepDone, StepRunning:
			// A running step goes on in the background.
			if key.Matches(k, s.sh.Keys.Next) {
				return send(nav.Next{})
			}
			return nil
		case StepFailed:
			switch {
			case key.Matches(k, s.sh.Keys.Retry):
				return send(nav.StartStep{Step: s.step})
			case key.Matches(k, s.sh.Keys.Next):
				return send(nav.Next{})
			}
		case StepPending:
		}
		if s.editor.Done() {
			if key.Matches(k, s.sh.Keys.Run) {
				return s.run()
			}
			return nil
		}
	}
	cmd := s.editor.Update(msg)
	s.typed()
	if s.editor.Done() {
		return tea.Batch(cmd, s.run())
	}
	return cmd
}

// run hands the edited inputs up, then asks for the step to run.
func (s *stepScreen) run() tea.Cmd {
	in := s.editor.Apply(s.sh.Inputs)
	return tea.Sequence(send(nav.SetInputs{Inputs: in}), send(nav.StartStep{Step: s.step}))
}

func (s *stepScreen) View() string {
	page, keep := s.page()
	return s.scroll.view(s.sh, page, keep, s.width, s.height)
}

// overflows says the page is taller than the screen, so it scrolls.
func (s *stepScreen) overflows() bool {
	if s.width <= 0 || s.height <= 1 {
		return false // not laid out yet
	}
	page, _ := s.page()
	return tall(strings.Split(page, "\n"), s.height)
}

// page is the whole of the step's screen, however tall, and the lines of
// it that must be in sight before the student scrolls (keep).
func (s *stepScreen) page() (string, [2]int) {
	width := s.width
	st := s.sh.Styles
	var b strings.Builder
	n := 0
	for i, x := range steps.Steps {
		if x == s.step {
			n = i + 1
		}
	}
	b.WriteString(st.Title.Render(fmt.Sprintf("%d · %s", n, s.sh.T("step."+s.step.String()))) + "\n")
	// Wrapped whole, however small the terminal: a cut introduction
	// loses what the step is for.
	b.WriteString(strings.Join(wrapWords(st.Muted, s.sh.T("intro."+s.step.String()), width), "\n") + "\n\n")
	rv, ran := s.sh.Runs[s.step]
	// keep are the lines that must stay in sight: what failed, else the
	// form's first line and the message under the form.
	keep := [2]int{-1, -1}
	if s.state() == StepFailed {
		// What failed and what to try come first: on a small terminal
		// they must not fall below the fold.
		keep[0] = lineCount(b.String())
		b.WriteString(errorView(s.sh, rv.Err, width) + "\n\n")
		keep[1] = lineCount(b.String()) - 1
	}
	switch {
	case (s.state() == StepPending || s.state() == StepFailed) && !s.editor.Done():
		at := lineCount(b.String())
		if keep[0] < 0 {
			keep[0] = at
		}
		form := s.editor.View()
		b.WriteString(form + "\n")
		if s.state() == StepPending {
			// The field being typed in, whole; else the form's first line.
			keep[1] = keep[0] + 1
			if first, last, ok := focusedLines(form); ok {
				keep = [2]int{at + first, at + last + 1}
			}
		}
		if s.live != nil && !showsLive(s.editor) {
			b.WriteString(strings.Join(wrapWords(st.Error, oneLine(catalog.Text(s.sh.Lang, s.live)), width), "\n") + "\n")
			if s.state() == StepPending {
				// The message, and the field above it.
				keep[1] = lineCount(b.String())
			}
		}
		b.WriteString("\n")
	default:
		if ro, ok := s.editor.(readOnlyViewer); ok {
			if v := ro.ReadOnlyView(); v != "" {
				b.WriteString(v + "\n\n")
			}
		}
	}
	switch {
	case ran && len(rv.Lines) > 0:
		b.WriteString(s.runView(rv, width))
	case s.sh.HasPlan:
		title := "step.creates"
		if s.state() == StepDone {
			// Done in an earlier run of the wizard: made, not to make.
			title = "step.created"
		}
		b.WriteString(st.Title.Render(s.sh.T(title)) + "\n")
		b.WriteString(planTable(s.sh, s.preview, s.step, width))
	default:
		b.WriteString(st.Muted.Render(s.sh.T("step.noplan")))
	}
	switch s.state() {
	case StepDone:
		b.WriteString("\n" + st.Done.Render(s.sh.T("step.done")))
	case StepRunning:
		b.WriteString("\n" + strings.Join(wrapWords(st.Muted, s.sh.T("step.background"), width), "\n"))
	case StepFailed:
	case StepPending:
		if s.editor.Done() {
			b.WriteString("\n" + st.Muted.Render(s.sh.T("step.enter")))
		}
	}
	return b.String(), keep
}

// lineCount is how many lines text ending in a line break holds.
func lineCount(text string) int { return strings.Count(text, "\n") }

// planPreviewer is an editor whose values as typed change what the step
// will create in ways Apply cannot say before they are complete (an
// imported key's file not typed yet).
type planPreviewer interface {
	PreviewPlan(p steps.Plan) steps.Plan
}

// liveShower is an editor that shows the problem of its values as typed
// itself (under the field it is about), so the screen does not.
type liveShower interface {
	ShowsLive() bool
}

func showsLive(e editor) bool {
	l, ok := e.(liveShower)
	return ok && l.ShowsLive()
}

// previewPlan is what the step will create with the values as typed,
// while they are valid: the plan of the inputs with the editor's values
// applied, so "It will create" never shows a block, a key or a rule other
// than the one on screen. Else, and once the step ran or runs, the root's
// plan.
func previewPlan(sh Shared, e editor, live error, state StepState) steps.Plan {
	if !sh.HasPlan || e.Done() || (state != StepPending && state != StepFailed) {
		return sh.Plan
	}
	p := sh.Plan
	if live == nil {
		in := e.Apply(sh.Inputs)
		key := in.PublicKey
		// The key's file is the key editor's to read (once per path
		// typed), not the plan's on every key press.
		in.PublicKey = ""
		if typed, err := steps.BuildPlan(in, sh.Plan.Zones); err == nil {
			typed.Inputs.PublicKey = key
			if key != "" {
				typed = withKeyDetail(typed, catalog.Msg("detail.key.import", key))
			}
			p = typed
		}
	}
	if pv, ok := e.(planPreviewer); ok {
		p = pv.PreviewPlan(p)
	}
	return p
}

// withKeyDetail is p with the key pair's detail replaced.
func withKeyDetail(p steps.Plan, detail catalog.Message) steps.Plan {
	rs := append([]steps.Resource(nil), p.Resources...)
	for i := range rs {
		if rs[i].Role == steps.RoleKey {
			rs[i].DetailMsg, rs[i].Detail = detail, detail.String()
		}
	}
	p.Resources = rs
	return p
}

// planTable lists what a step will create: name, kind, block and
// details, the details wrapped rather than cut.
func planTable(sh Shared, p steps.Plan, step steps.Step, width int) string {
	var rows []tableRow
	for _, r := range p.Resources {
		if r.Step != step {
			continue
		}
		cidr := r.CIDR
		if r.Kind == steps.KindRoute {
			cidr = ""
		}
		rows = append(rows, tableRow{cells: []string{r.Name, r.Kind.String(), cidr}, last: []span{{text: r.DetailMsg.In(sh.Lang)}}})
	}
	return tableView(rows, width)
}

// columnsView aligns rows in columns by display width (Korean text is
// double width), cutting the last column to fit.
func columnsView(rows [][]string, width int) string {
	if len(rows) == 0 {
		return ""
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		line.WriteString("  ")
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
			}
		}
		b.WriteString(fit(line.String(), width, 1) + "\n")
	}
	return b.String()
}

func (s *stepScreen) runView(rv RunView, width int) string {
	st := s.sh.Styles
	var rows []tableRow
	for _, l := range rv.Lines {
		var mark string
		var what []span
		switch l.Phase {
		case steps.PhaseStarted:
			mark, what = st.Running.Render("…"), []span{{text: s.sh.T("run.working")}}
		case steps.PhaseWaiting:
			wait := s.sh.Now.Sub(l.Since).Round(time.Second)
			mark, what = st.Running.Render("⏳"), []span{{text: s.sh.T("run.waiting", wait.String())}}
		case steps.PhaseDone:
			// The time taken is measured as long as it may get, so a
			// line wraps the same however long the step took.
			// What was done and how long it took stay together, and are
			// measured as the longest time they may show: a line wraps
			// the same however long the step took.
			mark = st.Done.Render("✓")
			action := s.sh.T("action." + string(l.Action))
			what = []span{{text: l.ID}, {
				text: " " + strings.ReplaceAll(action+" "+l.Elapsed, " ", nbsp), style: st.Muted,
				min: ansi.StringWidth(action) + 1 + len("99.9s"),
			}}
		case steps.PhaseFailed:
			mark, what = st.Failed.Render("✗"), []span{{text: oneLine(l.Message), style: st.Error}}
		case steps.PhaseSkipped:
			mark, what = st.Muted.Render("–"), []span{{text: oneLine(l.Message), style: st.Muted}}
		default:
			mark, what = st.Pending.Render("·"), []span{{text: s.sh.T("status.pending"), style: st.Muted}}
		}
		rows = append(rows, tableRow{cells: []string{mark + " " + l.Name}, last: what})
	}
	out := tableView(rows, width)
	if rv.Checking {
		out = strings.Join(wrapSpans(width, span{text: "… ", style: st.Running}, span{text: s.sh.T("run.checking")}), "\n") + "\n" + out
	}
	for _, n := range rv.Notes {
		// A path in a note has a line of its own (the note says so with
		// a line break), never broken.
		out += strings.Join(indent(wrapWords(st.Muted, n, width-2), "  "), "\n") + "\n"
	}
	return out
}

// errorMaxLines bounds an error's own words: an AWS message may run to
// pages (an encoded authorization message). Infrawiz's own (a quota, a
// permission) fit well within it.
const errorMaxLines = 8

// errorView shows a failure with what it means and what to try, every
// line wrapped at spaces.
func errorView(sh Shared, err error, width int) string {
	if err == nil {
		return ""
	}
	st := sh.Styles
	// Several resources may fail at once: the most important comes first
	// with its advice, the rest are counted (each is on its own line of
	// the run below).
	errs := failures(err)
	detail := wrapWords(st.Muted, oneLine(catalog.Text(sh.Lang, errs[0])), width)
	if len(detail) > errorMaxLines {
		detail = append(detail[:errorMaxLines-1], fit(ansi.Strip(detail[errorMaxLines-1])+" …", width, 1))
	}
	lines := append([]string{st.Error.Render(sh.T("run.failed"))}, detail...)
	if len(errs) > 1 {
		lines = append(lines, wrapWords(st.Muted, sh.T("run.more", len(errs)-1), width)...)
	}
	if kind := steps.KindOf(errs[0]); kind != steps.KindNone {
		lines = append(lines, wrapWords(st.Warning, sh.T("advice."+string(kind)), width)...)
	}
	lines = append(lines, wrapWords(lipgloss.NewStyle(), sh.T("run.retry"), width)...)
	return strings.Join(lines, "\n")
}

// span is a piece of text in one style. min is the width a word of it
// is counted as when it is narrower (a time that grows as it is shown).
type span struct {
	text  string
	style lipgloss.Style
	min   int
}

// wrapWord is a word as wrapSpans lays it out: its pieces (a word may
// change style inside) and its width.
type wrapWord struct {
	parts []span
	width int
}

func (w wrapWord) plain() string {
	var b strings.Builder
	for _, p := range w.parts {
		b.WriteString(p.text)
	}
	return b.String()
}

func (w wrapWord) render() string {
	var b strings.Builder
	for _, p := range w.parts {
		b.WriteString(p.style.Render(strings.ReplaceAll(p.text, nbsp, " ")))
	}
	return b.String()
}

// nbsp joins words that wrapSpans keeps on one line; it is drawn as a
// space.
const nbsp = "\u00a0"

// wrapWords is text in one style, wrapped at spaces to width.
func wrapWords(style lipgloss.Style, text string, width int) []string {
	return wrapSpans(width, span{text: text, style: style})
}

// wrapSpans wraps text to width at spaces only, so that a path, a
// command, a name or a block is never broken inside, as a terminal's
// wrapping or lipgloss's (which breaks at hyphens) would; a line break in
// the text is kept, so a path put on a line of its own stays there. Each
// word is styled on its own, so no style runs past the end of a line.
// Only a word wider than the whole width is split: after a '/' or a '-'
// where it has one.
func wrapSpans(width int, spans ...span) []string {
	width = max(width, 1)
	var paras [][]wrapWord
	var cur []wrapWord
	glue := false // the last word goes on: no space came after it
	for _, sp := range spans {
		for i, seg := range strings.Split(sp.text, "\n") {
			if i > 0 {
				paras, cur, glue = append(paras, cur), nil, false
			}
			if seg == "" {
				continue
			}
			fields := strings.FieldsFunc(seg, func(r rune) bool { return r == ' ' || r == '\t' })
			for j, f := range fields {
				piece := span{text: f, style: sp.style}
				w := max(ansi.StringWidth(f), sp.min)
				if j == 0 && glue && !startsSpace(seg) && len(cur) > 0 {
					last := &cur[len(cur)-1]
					last.parts = append(last.parts, piece)
					last.width += w
					continue
				}
				cur = append(cur, wrapWord{parts: []span{piece}, width: w})
			}
			glue = len(fields) > 0 && !endsSpace(seg)
		}
	}
	paras = append(paras, cur)
	var lines []string
	for _, words := range paras {
		line, lineW := "", 0
		for _, w := range words {
			for _, piece := range splitWide(w, width) {
				switch {
				case lineW == 0:
					line, lineW = piece.render(), piece.width
				case lineW+1+piece.width <= width:
					line, lineW = line+" "+piece.render(), lineW+1+piece.width
				default:
					lines = append(lines, line)
					line, lineW = piece.render(), piece.width
				}
			}
		}
		lines = append(lines, line)
	}
	return lines
}

func startsSpace(s string) bool { return s != "" && strings.TrimLeft(s, " \t") != s }
func endsSpace(s string) bool   { return s != "" && strings.TrimRight(s, " \t") != s }

// splitWide is w, or, when it is wider than width, its pieces: cut after
// the last '/' or '-' that fits, else at the width, in the style of its
// first piece.
func splitWide(w wrapWord, width int) []wrapWord {
	if w.width <= width {
		return []wrapWord{w}
	}
	style := w.parts[0].style
	var out []wrapWord
	rest := w.plain()
	for ansi.StringWidth(rest) > width {
		head := ansi.Truncate(rest, width, "")
		if i := strings.LastIndexAny(head, "/-"); i > 0 {
			head = head[:i+1]
		}
		if head == "" {
			// A character wider than the line (Hangul in one column) goes
			// on a line of its own: the loop must take something.
			_, n := utf8.DecodeRuneInString(rest)
			head = rest[:n]
		}
		out = append(out, wrapWord{parts: []span{{text: head, style: style}}, width: ansi.StringWidth(head)})
		rest = rest[len(head):]
	}
	if rest == "" {
		return out
	}
	return append(out, wrapWord{parts: []span{{text: rest, style: style}}, width: ansi.StringWidth(rest)})
}

// indent puts prefix before every line.
func indent(lines []string, prefix string) []string {
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return lines
}

// tableRow is one row of tableView: its cells but the last, as drawn,
// and the last, which wraps.
type tableRow struct {
	cells []string
	last  []span
}

// tableMinLast is the least room the last column keeps beside the others;
// with less it goes under its row.
const tableMinLast = 24

// tableView aligns rows in columns by display width (Korean text is
// double width), as columnsView does, but wraps the last column under
// itself rather than cutting it; when the other columns leave it too
// little room, every row's last column goes under the row, indented. A
// column empty in every row takes no room.
func tableView(rows []tableRow, width int) string {
	if len(rows) == 0 {
		return ""
	}
	widths, lead, beside := tableLayout(rows, width)
	n := len(widths)
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		line.WriteString("  ")
		for i, c := range r.cells {
			if widths[i] == 0 {
				continue
			}
			line.WriteString(c + strings.Repeat(" ", widths[i]-lipgloss.Width(c)+2))
		}
		if !beside {
			// The cells in their columns, when they fit, else as words
			// (a name wider than the screen broken after a hyphen); the
			// last column under them.
			if lead-2 <= width {
				b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
			} else {
				cells := make([]span, 0, n)
				for _, c := range r.cells {
					if c != "" {
						cells = append(cells, span{text: c + " "})
					}
				}
				for _, l := range wrapSpans(width-2, cells...) {
					b.WriteString("  " + l + "\n")
				}
			}
			for _, l := range wrapSpans(width-4, r.last...) {
				if l != "" {
					b.WriteString("    " + l + "\n")
				}
			}
			continue
		}
		for i, l := range wrapSpans(width-lead, r.last...) {
			if i == 0 {
				b.WriteString(strings.TrimRight(line.String()+l, " ") + "\n")
				continue
			}
			b.WriteString(strings.Repeat(" ", lead) + l + "\n")
		}
	}
	return b.String()
}

// tableLayout is how tableView lays rows out: the width of each column
// but the last, where the last begins, and whether it fits beside them.
func tableLayout(rows []tableRow, width int) (widths []int, lead int, beside bool) {
	widths = make([]int, len(rows[0].cells))
	lastW := 0
	for _, r := range rows {
		for i, c := range r.cells {
			widths[i] = max(widths[i], lipgloss.Width(c))
		}
		lastW = max(lastW, wrapSpansWidth(r.last))
	}
	lead = 2
	for _, w := range widths {
		if w > 0 {
			lead += w + 2
		}
	}
	return widths, lead, width-lead >= min(lastW, tableMinLast)
}

// wrapSpansWidth is the width spans take on one line.
func wrapSpansWidth(spans []span) int {
	w := 0
	for _, l := range wrapSpans(1<<20, spans...) {
		w = max(w, lipgloss.Width(l))
	}
	return w
}

// kindRank orders failures by what the user must act on first: a failure
// that every retry would repeat (credentials, a foreign prefix, a quota)
// before one a retry cures. Kinds not listed come last.
var kindRank = []steps.ErrorKind{
	steps.KindAuth, steps.KindForeign, steps.KindLocked, steps.KindCorrupt, steps.KindQuota,
	steps.KindCapacity, steps.KindInput, steps.KindExists, steps.KindNotFound, steps.KindFailed,
	steps.KindDependency, steps.KindThrottled, steps.KindTransient, steps.KindInterrupted,
}

// failures are the errors joined in err (a run joins those of its
// resources, in plan order), the most important first; ties keep the
// plan's order, so the same failures always read the same.
func failures(err error) []error {
	errs, ok := joined(err)
	if !ok || len(errs) == 0 {
		return []error{err}
	}
	rank := func(e error) int {
		if i := slices.Index(kindRank, steps.KindOf(e)); i >= 0 {
			return i
		}
		return len(kindRank)
	}
	slices.SortStableFunc(errs, func(a, b error) int { return rank(a) - rank(b) })
	return errs
}

// joined takes apart an errors.Join: an error with several causes whose
// text is theirs, one a line. Another error with several causes (an AWS
// error and its kind) has words of its own and is left whole.
func joined(err error) ([]error, bool) {
	j, ok := err.(interface{ Unwrap() []error }) //nolint:errorlint // only a join at the top is taken apart
	if !ok {
		return nil, false
	}
	errs := j.Unwrap()
	parts := make([]string, len(errs))
	for i, e := range errs {
		if e == nil {
			return nil, false
		}
		parts[i] = e.Error()
	}
	if strings.Join(parts, "\n") != err.Error() {
		return nil, false
	}
	return errs, true
}
