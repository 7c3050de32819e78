package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/aws"
	"golang.org/x/term"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

func runPlan(ctx context.Context, f *flags, wide bool, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	p := s.plan
	if err := s.CheckOffered(ctx, p); err != nil {
		return err
	}
	l := r.lang
	say(stdout, l, "cli.plan.title", p.Inputs.Prefix, p.Inputs.Region, len(p.Resources))
	fmt.Fprintln(stdout)
	// A terminal's width, else (a file, a pipe) the 100 columns a
	// README or a chat message shows whole.
	width := 100
	if isTerminal(stdout) {
		width = termWidth(stdout)
	}
	printPlan(stdout, l, p, wide, width)
	fmt.Fprintln(stdout)
	printBill(stdout, l, steps.Estimate(p.Inputs.Region, steps.PlanBillable(p)), false)
	return nil
}

// printPlan prints every resource of the plan as a table in l: the step,
// the kind and the details in the user's language, names as they are.
// Wide, it is one line per resource with every column; otherwise the
// resources come under their step, without the dependencies, and the
// details wrap to fit width.
func printPlan(w io.Writer, l catalog.Lang, p steps.Plan, wide bool, width int) {
	detail := func(res steps.Resource) string {
		if !res.DetailMsg.IsZero() {
			return res.DetailMsg.In(l)
		}
		return res.Detail
	}
	var t table
	if wide {
		t.add(catalog.T(l, "cli.plan.header"))
		for _, res := range p.Resources {
			deps := make([]string, len(res.Deps))
			for i, d := range res.Deps {
				deps[i] = string(d)
				if r, ok := p.Get(d); ok {
					deps[i] = r.Name
				}
			}
			t.addf("%s\t%s\t%s\t%s\t%s\t%s\t%s", res.Step.In(l), res.Name, word(l, "kind.", res.Kind.String()), dash(res.AZ), dash(res.CIDR), detail(res), dash(strings.Join(deps, ", ")))
		}
		t.write(w)
		return
	}
	// The columns before the details, as wide as their widest cell; the
	// zone is in each name ("-2a"), so only --wide has a column for it.
	type row struct{ cells [3]string }
	var rows []row
	cols := [3]int{}
	for _, res := range p.Resources {
		r := row{[3]string{res.Name, word(l, "kind.", res.Kind.String()), dash(res.CIDR)}}
		for i, c := range r.cells {
			cols[i] = max(cols[i], ansi.StringWidth(c))
		}
		rows = append(rows, r)
	}
	head := strings.Split(catalog.T(l, "cli.plan.header.narrow"), "\t")
	for i := range cols {
		cols[i] = max(cols[i], ansi.StringWidth(head[i]))
	}
	const indent = 2
	left := indent
	for _, c := range cols {
		left += c + 2
	}
	room := max(width-left, 20)
	line := func(cells [3]string, text string) {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", indent))
		for i, c := range cells {
			b.WriteString(pad(c, cols[i]+2))
		}
		for i, part := range steps.WrapWords(text, room) {
			if i > 0 {
				b.WriteString("\n" + strings.Repeat(" ", left))
			}
			b.WriteString(part)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line([3]string(head[:3]), head[3])
	var step steps.Step = -1
	for i, res := range p.Resources {
		if res.Step != step {
			step = res.Step
			fmt.Fprintln(w, res.Step.In(l))
		}
		line(rows[i].cells, detail(res))
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// session is a stack opened for a command that talks to AWS.
type session struct {
	*steps.Session
	r       *resolved
	plan    steps.Plan
	pemPath string
}

func open(ctx context.Context, r *resolved, stderr io.Writer) (*session, error) {
	h, err := homeDir()
	if err != nil {
		return nil, err
	}
	sshDir := filepath.Join(h, ".ssh")
	connector := func(ctx context.Context, in steps.Inputs) (*aws.Client, error) {
		return connectIn(ctx, in, r.lang, stderr)
	}
	ss, err := steps.Connect(ctx, connector, r.in, sshDir)
	if err != nil {
		return nil, err
	}
	p, err := ss.Plan(r.in)
	if err != nil {
		return nil, err
	}
	return &session{Session: ss, r: r, plan: p, pemPath: steps.KeyPath(sshDir, r.in.Prefix)}, nil
}

func runApply(ctx context.Context, f *flags, yes bool, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	if !yes {
		return usage("cli.apply.needyes", steps.Command(r.in, "plan"), steps.Command(r.in, "apply", "--yes"))
	}
	l := r.lang
	if err := resolveMyIP(ctx, r, stderr); err != nil {
		return err
	}
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	store, err := state.Open(r.statePath)
	if err != nil {
		return err
	}
	defer store.Close()

	pr := newProgress(stderr, l)
	defer pr.stop()
	say(stderr, l, "cli.apply.start", s.plan.Inputs.Prefix, s.plan.Inputs.Region, s.Identity.ARN)
	start := time.Now()
	rep, err := s.ApplyReport(ctx, steps.ApplyOptions{Store: store, Plan: s.plan, OnEvent: pr.event, OnPrepared: func(p steps.Prepared) {
		printPrepared(stderr, l, p)
	}})
	pr.stop()
	if err != nil && ctx.Err() != nil {
		return interrupted(stderr, catalog.T(l, "cli.apply.interrupted", r.statePath, steps.Command(r.in, "apply", "--yes")))
	}
	if err != nil {
		say(stderr, l, "cli.apply.stopped", time.Since(start).Round(100*time.Millisecond).String(), r.statePath)
		return err
	}
	say(stderr, l, "cli.apply.done", time.Since(start).Round(100*time.Millisecond).String(),
		pr.count(steps.Created), pr.count(steps.Adopted), pr.count(steps.Updated), pr.count(steps.Unchanged))
	fmt.Fprintln(stderr)
	printReport(stdout, l, rep)
	if _, err := os.Stat(s.pemPath); err == nil && s.plan.Inputs.PublicKey == "" {
		for _, row := range rep.Rows {
			if row.Role == steps.RoleBastion && row.PublicIP != "" {
				fmt.Fprintln(stdout)
				say(stdout, l, "cli.apply.bastion", s.pemPath, row.PublicIP)
			}
		}
	}
	fmt.Fprintln(stdout)
	remind(stdout, l, r.in, rep.Cost)
	return nil
}

// printPrepared says in l what was settled before the first create.
func printPrepared(w io.Writer, l catalog.Lang, p steps.Prepared) {
	if kf := p.KeyFile; kf != nil {
		if kf.Created {
			say(w, l, "cli.key.written", kf.Path)
		} else {
			say(w, l, "cli.key.existing", kf.Path)
		}
		if kf.Warning != "" {
			say(w, l, "preflight.warning", kf.WarningMsg())
		}
	}
	if p.Image.ID != "" {
		source := any(p.Image.Source)
		if !p.Image.From.IsZero() {
			source = p.Image.From
		}
		say(w, l, "run.ami", p.Image.ID, source)
	}
	for _, pr := range p.Warnings {
		fmt.Fprintln(w, pr.In(l))
	}
}

func runStatus(ctx context.Context, f *flags, output string, picture bool, stdout, stderr io.Writer) error {
	if err := checkOutput(output); err != nil {
		return err
	}
	if picture && output == "json" {
		return usage("cli.status.diagramjson")
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	s, rep, _, err := existingStack(ctx, r, stderr)
	if err != nil {
		return err
	}
	if output == "json" {
		return steps.JSONTo(stdout, rep)
	}
	if picture {
		fmt.Fprint(stdout, steps.TerminalDiagram(s.plan, &rep, r.lang, termWidth(stdout), nil))
		fmt.Fprintln(stdout)
		return nil
	}
	printReport(stdout, r.lang, rep)
	fmt.Fprintln(stdout)
	printBill(stdout, r.lang, rep.Cost, true)
	if rep.Cost.Hour > 0 {
		fmt.Fprintln(stdout)
		remind(stdout, r.lang, r.in, rep.Cost)
	}
	return nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// termWidth is the width of w when it is a terminal, else 80 (a file or a
// pipe gets the picture a classic terminal shows).
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return 80
}

// printReport prints the summary of a stack in l: each step's progress,
// then every resource. Kinds, steps and infrawiz's own words for a state
// are said in l; AWS's state names stay as AWS gives them.
func printReport(w io.Writer, l catalog.Lang, rep steps.Report) {
	if rep.Account != "" {
		say(w, l, "cli.report.title.account", rep.Stack, rep.Region, rep.Account)
	} else {
		say(w, l, "cli.report.title", rep.Stack, rep.Region)
	}
	fmt.Fprintln(w)
	var t table
	t.add(catalog.T(l, "cli.report.steps.header"))
	for _, s := range rep.Steps {
		mark := "cli.progress.done"
		switch {
		case s.Done == 0:
			mark = "cli.progress.pending"
		case s.Done < s.Total:
			mark = "cli.progress.partial"
		}
		t.addf("%s\t%d/%d %s", word(l, "stepname.", s.Step), s.Done, s.Total, catalog.T(l, mark))
	}
	t.write(w)
	fmt.Fprintln(w)
	t = table{}
	t.add(catalog.T(l, "cli.report.header"))
	rows := append(append([]steps.Row{}, rep.Rows...), rep.Stray...)
	for _, row := range rows {
		t.addf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", row.Name, word(l, "kind.", row.Kind), dash(row.ID), dash(row.AZ), dash(row.CIDR),
			dash(row.PrivateIP), dash(row.PublicIP), dash(word(l, "state.", row.State)))
	}
	t.write(w)
}

func runDestroy(ctx context.Context, f *flags, yes, deleteKey bool, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	if !yes {
		return usage("cli.destroy.needyes", r.in.Prefix, r.in.Region, steps.Command(r.in, "destroy", "--yes"))
	}
	l := r.lang
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	var store *state.Store
	if _, err := os.Stat(r.statePath); err == nil {
		if store, err = state.Open(r.statePath); err != nil {
			return err
		}
		defer store.Close()
	}
	pr := newProgress(stderr, l)
	say(stderr, l, "cli.destroy.start", r.in.Prefix, r.in.Region)
	start := time.Now()
	err = s.Destroy(ctx, r.in.Prefix, pr.event)
	pr.stop()
	if err != nil && ctx.Err() != nil {
		return interrupted(stderr, catalog.T(l, "cli.destroy.interrupted", steps.Command(r.in, "destroy", "--yes")))
	}
	if err != nil {
		return err
	}
	// Only this stack's own progress file goes: a file named for it that
	// holds another stack (written by an older version) would take that
	// stack's only local record with it.
	if store != nil {
		if st := store.State(); st.Stack == "" || (st.Stack == r.in.Prefix && st.Region == r.in.Region) {
			if err := store.Remove(); err != nil {
				return err
			}
		} else {
			say(stderr, l, "cli.destroy.keptstate", r.statePath, st.Stack, st.Region, r.in.Prefix)
		}
	}
	// The host keys pinned by check belong to servers that are gone, and
	// so does the wizard's note of their last check.
	_ = os.Remove(steps.LastCheckPath(r.statePath))
	if kh := steps.KnownHostsPath(r.statePath); os.Remove(kh) == nil {
		say(stderr, l, "cli.deleted", kh)
	}
	say(stdout, l, "cli.destroy.done", r.in.Prefix, time.Since(start).Round(100*time.Millisecond).String(), pr.count(steps.Deleted))
	if r.in.Sandbox {
		stopIdleSandboxIn(stdout, l)
	}
	if deleteKey {
		if err := os.Remove(s.pemPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		say(stdout, l, "cli.deleted", s.pemPath)
	} else if _, err := os.Stat(s.pemPath); err == nil {
		say(stdout, l, "cli.keptkey", s.pemPath)
	}
	return nil
}

// progress prints a permanent line per finished resource and, while AWS
// works on something slow, a line every few seconds saying what it waits for.
type progress struct {
	w       io.Writer
	l       catalog.Lang
	mu      sync.Mutex
	start   time.Time
	waiting map[string]time.Time
	said    map[string]string // the last wait shown per resource
	counts  map[steps.Action]int
	done    chan struct{}
	once    sync.Once
}

func newProgress(w io.Writer, l catalog.Lang) *progress {
	p := &progress{w: w, l: l, start: time.Now(), waiting: map[string]time.Time{}, said: map[string]string{}, counts: map[steps.Action]int{}, done: make(chan struct{})}
	go p.tick(10 * time.Second)
	return p
}

func (p *progress) tick(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			p.mu.Lock()
			if len(p.waiting) > 0 {
				var parts []string
				for name, since := range p.waiting {
					parts = append(parts, fmt.Sprintf("%s (%s)", name, time.Since(since).Round(time.Second)))
				}
				sort.Strings(parts)
				fmt.Fprintf(p.w, "%s   %s\n", p.stamp(), catalog.T(p.l, "cli.progress.still", strings.Join(parts, ", ")))
			}
			p.mu.Unlock()
		}
	}
}

func (p *progress) stop() { p.once.Do(func() { close(p.done) }) }

func (p *progress) stamp() string {
	return fmt.Sprintf("[%6.1fs]", time.Since(p.start).Seconds())
}

func (p *progress) count(a steps.Action) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[a]
}

func (p *progress) event(e steps.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	name := e.Resource.Name
	switch e.Phase {
	case steps.PhaseStarted:
	case steps.PhaseWaiting:
		if _, ok := p.waiting[name]; !ok {
			p.waiting[name] = time.Now()
		}
		// A wait that says the same again (the third throttled try, the
		// fourth "still shutting down") is shown once; the ticker says
		// how long it has lasted.
		if p.said[name] == e.Message {
			return
		}
		p.said[name] = e.Message
		fmt.Fprintf(p.w, "%s ... %s: %s\n", p.stamp(), name, e.In(p.l))
	case steps.PhaseDone:
		delete(p.waiting, name)
		delete(p.said, name)
		p.counts[e.Action]++
		fmt.Fprintf(p.w, "%s ok  %s %s (%s) %s\n", p.stamp(), pad(catalog.T(p.l, "cli.action."+string(e.Action)), 9), name, p.kind(e), e.ID)
	case steps.PhaseFailed:
		delete(p.waiting, name)
		if errors.Is(e.Err, context.Canceled) {
			// Ctrl-C: one line says so at the end, not one per resource.
			return
		}
		fmt.Fprintf(p.w, "%s ERR %s (%s): %s\n", p.stamp(), name, p.kind(e), e.In(p.l))
	case steps.PhaseSkipped:
		if e.Key == "run.interrupted" {
			return
		}
		fmt.Fprintf(p.w, "%s --  %s %s: %s\n", p.stamp(), catalog.T(p.l, "cli.progress.skipped"), name, e.In(p.l))
	}
}

// kind names the event's resource's kind in the progress's language.
func (p *progress) kind(e steps.Event) string { return word(p.l, "kind.", e.Resource.Kind.String()) }

// stopIdleSandbox stops the sandbox emulator once no sandbox stack is left,
// so practice leaves no process behind.
func stopIdleSandbox(stdout io.Writer) { stopIdleSandboxIn(stdout, catalog.Detect("", os.Getenv)) }

// stopIdleSandboxIn is stopIdleSandbox saying so in l.
func stopIdleSandboxIn(stdout io.Writer, l catalog.Lang) {
	dir, err := dataDir(true)
	if err != nil {
		return
	}
	if left, err := steps.PruneEmpty(filepath.Join(dir, "stacks")); err != nil || left > 0 {
		return
	}
	if err := sandbox.StopDetached(filepath.Join(dir, "emulator")); err == nil {
		say(stdout, l, "cli.sandbox.stopped")
	}
}

// existingReport is the report of a stack that exists, here or in AWS;
// asking for one that does not is bad input.
func existingReport(ctx context.Context, r *resolved, stderr io.Writer) (steps.Report, error) {
	_, rep, _, err := existingStack(ctx, r, stderr)
	return rep, err
}

// existingStack is existingReport with the session it was read in and the
// inventory behind it, for a command that goes on from there.
func existingStack(ctx context.Context, r *resolved, stderr io.Writer) (*session, steps.Report, aws.Inventory, error) {
	s, err := open(ctx, r, stderr)
	if err != nil {
		return nil, steps.Report{}, aws.Inventory{}, err
	}
	rep, inv, err := s.Report(ctx, s.plan)
	if err != nil {
		return nil, steps.Report{}, aws.Inventory{}, err
	}
	if r.stored == nil && len(inv.ByRole) == 0 {
		return nil, steps.Report{}, aws.Inventory{}, steps.NewFieldError("prefix", r.in.Prefix, "prefix.nostack", r.in.Prefix, r.in.Region)
	}
	return s, rep, inv, nil
}
