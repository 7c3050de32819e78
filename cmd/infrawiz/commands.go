package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

func runPlan(ctx context.Context, f *flags, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	p := s.plan
	fmt.Fprintf(stdout, "Plan for stack %s in %s (%d resources; nothing is changed):\n\n", p.Inputs.Prefix, p.Inputs.Region, len(p.Resources))
	printPlan(stdout, p)
	return nil
}

func printPlan(w io.Writer, p steps.Plan) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tNAME\tKIND\tAZ\tCIDR\tDETAILS\tDEPENDS ON")
	for _, res := range p.Resources {
		deps := make([]string, len(res.Deps))
		for i, d := range res.Deps {
			deps[i] = string(d)
			if r, ok := p.Get(d); ok {
				deps[i] = r.Name
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", res.Step, res.Name, res.Kind, dash(res.AZ), dash(res.CIDR), res.Detail, dash(strings.Join(deps, ", ")))
	}
	tw.Flush()
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
	connector := func(ctx context.Context, in steps.Inputs) (*aws.Client, error) { return connect(ctx, in, stderr) }
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
		return usageError{"apply creates resources that cost money; run `" + steps.Command(r.in, "plan") + "` to see them, then `" + steps.Command(r.in, "apply", "--yes") + "`"}
	}
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

	pr := newProgress(stderr)
	defer pr.stop()
	fmt.Fprintf(stderr, "Applying stack %s in %s as %s\n", s.plan.Inputs.Prefix, s.plan.Inputs.Region, s.Identity.ARN)
	start := time.Now()
	rep, err := s.ApplyReport(ctx, steps.ApplyOptions{Store: store, Plan: s.plan, OnEvent: pr.event, OnPrepared: func(p steps.Prepared) {
		printPrepared(stderr, p)
	}})
	pr.stop()
	if err != nil && ctx.Err() != nil {
		return interrupted(stderr, "Interrupted; progress is saved in "+r.statePath+". To continue: "+steps.Command(r.in, "apply", "--yes"))
	}
	if err != nil {
		fmt.Fprintf(stderr, "Stopped after %s; progress is saved in %s\n", time.Since(start).Round(100*time.Millisecond), r.statePath)
		return err
	}
	fmt.Fprintf(stderr, "Done in %s: %d created, %d adopted, %d updated, %d unchanged.\n\n", time.Since(start).Round(100*time.Millisecond),
		pr.count(steps.Created), pr.count(steps.Adopted), pr.count(steps.Updated), pr.count(steps.Unchanged))
	printReport(stdout, rep)
	if _, err := os.Stat(s.pemPath); err == nil && s.plan.Inputs.PublicKey == "" {
		for _, row := range rep.Rows {
			if row.Role == steps.RoleBastion && row.PublicIP != "" {
				fmt.Fprintf(stdout, "\nBastion: ssh -i %s ubuntu@%s\n", s.pemPath, row.PublicIP)
			}
		}
	}
	return nil
}

// printPrepared says what was settled before the first create.
func printPrepared(w io.Writer, p steps.Prepared) {
	if kf := p.KeyFile; kf != nil {
		if kf.Created {
			fmt.Fprintf(w, "Wrote your private key to %s (mode 0400); keep it: it is the only copy.\n", kf.Path)
		} else {
			fmt.Fprintf(w, "Using the existing key %s\n", kf.Path)
		}
		if kf.Warning != "" {
			fmt.Fprintln(w, "warning: "+kf.Warning)
		}
	}
	if p.Image.ID != "" {
		fmt.Fprintf(w, "AMI %s (%s)\n", p.Image.ID, p.Image.Source)
	}
	for _, pr := range p.Warnings {
		switch {
		case pr.Practice:
			fmt.Fprintln(w, "practice mode (the emulator enforces no quota), on AWS: "+pr.Message)
		default:
			fmt.Fprintln(w, "warning: "+pr.Message)
		}
	}
}

func runStatus(ctx context.Context, f *flags, output string, stdout, stderr io.Writer) error {
	if err := checkOutput(output); err != nil {
		return err
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	rep, err := existingReport(ctx, r, stderr)
	if err != nil {
		return err
	}
	if output == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(stdout, rep)
	return nil
}

func printReport(w io.Writer, rep steps.Report) {
	fmt.Fprintf(w, "Stack %s in %s", rep.Stack, rep.Region)
	if rep.Account != "" {
		fmt.Fprintf(w, " (account %s)", rep.Account)
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tPROGRESS")
	for _, s := range rep.Steps {
		mark := "done"
		switch {
		case s.Done == 0:
			mark = "pending"
		case s.Done < s.Total:
			mark = "partial"
		}
		fmt.Fprintf(tw, "%s\t%d/%d %s\n", s.Step, s.Done, s.Total, mark)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tID\tAZ\tCIDR\tPRIVATE IP\tPUBLIC IP\tSTATE")
	rows := append(append([]steps.Row{}, rep.Rows...), rep.Stray...)
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", row.Name, row.Kind, dash(row.ID), dash(row.AZ), dash(row.CIDR),
			dash(row.PrivateIP), dash(row.PublicIP), dash(row.State))
	}
	tw.Flush()
}

func runDestroy(ctx context.Context, f *flags, yes, deleteKey bool, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	if !yes {
		return usageError{"destroy deletes every resource of stack " + r.in.Prefix + " in " + r.in.Region + "; run `" + steps.Command(r.in, "destroy", "--yes") + "`"}
	}
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
	pr := newProgress(stderr)
	fmt.Fprintf(stderr, "Destroying stack %s in %s\n", r.in.Prefix, r.in.Region)
	start := time.Now()
	err = s.Destroy(ctx, r.in.Prefix, pr.event)
	pr.stop()
	if err != nil && ctx.Err() != nil {
		return interrupted(stderr, "Interrupted; what is left of the stack is still tagged. To finish: "+steps.Command(r.in, "destroy", "--yes"))
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
			fmt.Fprintf(stderr, "Kept %s: it holds stack %s in %s, not %s\n", r.statePath, st.Stack, st.Region, r.in.Prefix)
		}
	}
	// The host keys pinned by check belong to servers that are gone.
	if kh := steps.KnownHostsPath(r.statePath); os.Remove(kh) == nil {
		fmt.Fprintf(stderr, "Deleted %s\n", kh)
	}
	fmt.Fprintf(stdout, "Stack %s destroyed in %s: %d resources deleted.\n", r.in.Prefix, time.Since(start).Round(100*time.Millisecond), pr.count(steps.Deleted))
	if r.in.Sandbox {
		stopIdleSandbox(stdout)
	}
	if deleteKey {
		if err := os.Remove(s.pemPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		fmt.Fprintf(stdout, "Deleted %s\n", s.pemPath)
	} else if _, err := os.Stat(s.pemPath); err == nil {
		fmt.Fprintf(stdout, "Kept %s (--delete-key-file removes it)\n", s.pemPath)
	}
	return nil
}

func runLs(ctx context.Context, f *flags, all bool, stdout, stderr io.Writer) error {
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	id := s.Identity
	stacks, err := s.Stacks(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK\tVPC\tCIDR\tOWNER\tPROGRESS FILE")
	n := 0
	var orphans []steps.Inputs
	for _, st := range stacks {
		mine := aws.SameOwner(st.Owner, id.ARN)
		if !all && !mine {
			continue
		}
		n++
		owner := st.Owner
		if mine {
			owner += " (you)"
		}
		local := "-"
		if mine {
			in := r.in
			in.Prefix, in.State = st.Stack, ""
			p, err := defaultStatePath(in.Prefix, in.Region, in.Sandbox)
			if err != nil {
				return err
			}
			if _, err := os.Stat(p); err == nil {
				local = p
			} else {
				// Found by its tags only: it costs money all the same,
				// so it is never left out.
				local = "none"
				orphans = append(orphans, in)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", st.Stack, dash(st.VPCID), dash(st.CIDR), owner, local)
	}
	tw.Flush()
	if n == 0 {
		fmt.Fprintf(stderr, "no stacks in %s%s\n", r.in.Region, map[bool]string{true: "", false: " of yours (--all lists everyone's)"}[all])
	}
	for _, in := range orphans {
		fmt.Fprintf(stdout, "\n%s has no progress file here; it is found by its tags:\n  resume: %s\n  remove: %s\n",
			in.Prefix, steps.Command(in, "apply", "--yes"), steps.Command(in, "destroy", "--yes"))
	}
	return nil
}

// progress prints a permanent line per finished resource and, while AWS
// works on something slow, a line every few seconds saying what it waits for.
type progress struct {
	w       io.Writer
	mu      sync.Mutex
	start   time.Time
	waiting map[string]time.Time
	said    map[string]string // the last wait shown per resource
	counts  map[steps.Action]int
	done    chan struct{}
	once    sync.Once
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now(), waiting: map[string]time.Time{}, said: map[string]string{}, counts: map[steps.Action]int{}, done: make(chan struct{})}
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
				fmt.Fprintf(p.w, "%s   still waiting for %s\n", p.stamp(), strings.Join(parts, ", "))
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
		fmt.Fprintf(p.w, "%s ... %s: %s\n", p.stamp(), name, e.Message)
	case steps.PhaseDone:
		delete(p.waiting, name)
		delete(p.said, name)
		p.counts[e.Action]++
		fmt.Fprintf(p.w, "%s ok  %-9s %s (%s) %s\n", p.stamp(), e.Action, name, e.Resource.Kind, e.ID)
	case steps.PhaseFailed:
		delete(p.waiting, name)
		if errors.Is(e.Err, context.Canceled) {
			// Ctrl-C: one line says so at the end, not one per resource.
			return
		}
		fmt.Fprintf(p.w, "%s ERR %s (%s): %v\n", p.stamp(), name, e.Resource.Kind, e.Err)
	case steps.PhaseSkipped:
		if e.Key == "run.interrupted" {
			return
		}
		fmt.Fprintf(p.w, "%s --  skipped %s: %s\n", p.stamp(), name, e.Message)
	}
}

// stopIdleSandbox stops the sandbox emulator once no sandbox stack is left,
// so practice leaves no process behind.
func stopIdleSandbox(stdout io.Writer) {
	dir, err := dataDir(true)
	if err != nil {
		return
	}
	if left, err := steps.PruneEmpty(filepath.Join(dir, "stacks")); err != nil || left > 0 {
		return
	}
	if err := sandbox.StopDetached(filepath.Join(dir, "emulator")); err == nil {
		fmt.Fprintln(stdout, "No sandbox stack is left: the sandbox emulator was stopped.")
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
		return nil, steps.Report{}, aws.Inventory{}, &steps.FieldError{
			Field: "prefix", Value: r.in.Prefix,
			Allowed: fmt.Sprintf("a stack that exists: none named %s in %s (infrawiz ls lists them)", r.in.Prefix, r.in.Region),
			Key:     "prefix.nostack", Args: []any{r.in.Prefix, r.in.Region},
		}
	}
	return s, rep, inv, nil
}
