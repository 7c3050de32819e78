package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// runLs lists the stacks of the region found by their tags, with what each
// holds and costs a day: the caller's, or with all everyone's and what is
// left of stacks whose VPC is gone. One census (a paginated describe per
// kind) answers it, however many stacks the classroom has.
func runLs(ctx context.Context, f *flags, all bool, output string, stdout, stderr io.Writer) error {
	if err := checkOutput(output); err != nil {
		return err
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	census, err := s.Census(ctx)
	if err != nil {
		return err
	}
	me := s.Identity.ARN
	var shown []steps.StackCensus
	for _, st := range census {
		if all || st.Mine(me) {
			shown = append(shown, st)
		}
	}
	if output == "json" {
		return steps.JSONTo(stdout, struct {
			Region string              `json:"region"`
			Stacks []steps.StackCensus `json:"stacks"`
		}{r.in.Region, nonNil(shown)})
	}
	l := r.lang
	if len(shown) == 0 {
		if all {
			say(stderr, l, "cli.ls.empty", r.in.Region)
		} else {
			say(stderr, l, "cli.ls.empty.mine", r.in.Region)
		}
		return nil
	}
	var t table
	if all {
		t.add(catalog.T(l, "cli.ls.header.all"))
	} else {
		t.add(catalog.T(l, "cli.ls.header"))
	}
	var orphans, untracked []steps.StackCensus
	var day float64
	resources := 0
	for _, st := range shown {
		day += st.Cost.Day
		resources += st.Resources
		owner := st.Owner
		if st.Mine(me) {
			owner = catalog.T(l, "cli.ls.you", st.Owner)
		}
		created := catalog.T(l, "cli.ls.unknown")
		if !st.Created.IsZero() {
			created = st.Created.Local().Format("2006-01-02 15:04")
		}
		line := fmt.Sprintf("%s\t%s\t%s\t%d\t%s", st.Stack, owner, created, st.Resources, steps.USD(st.Cost.Day))
		if !all {
			local, err := localFile(r, st.Stack)
			if err != nil {
				return err
			}
			if local == "" {
				// Found by its tags only: it costs money all the same,
				// so it is never left out.
				local = catalog.T(l, "cli.ls.none")
				untracked = append(untracked, st)
			}
			line += "\t" + local
		}
		t.add(line)
		if st.Orphan {
			orphans = append(orphans, st)
		}
	}
	t.write(stdout)
	if len(shown) > 1 {
		say(stdout, l, "cli.ls.total", len(shown), resources, steps.USD(day))
	}
	if len(orphans) > 0 {
		fmt.Fprintln(stdout)
		say(stdout, l, "cli.ls.orphans", len(orphans))
		for _, st := range orphans {
			items := make([]string, len(st.Objects))
			for i, o := range st.Objects {
				items[i] = word(l, "kind.", o.Kind) + " " + o.ID
				if o.Name != "" {
					items[i] += " (" + o.Name + ")"
				}
			}
			say(stdout, l, "cli.ls.orphanof", st.Stack, st.Owner, strings.Join(items, ", "))
		}
	}
	for _, st := range untracked {
		in := r.in
		in.Prefix, in.State = st.Stack, ""
		fmt.Fprintln(stdout)
		say(stdout, l, "cli.ls.orphan", in.Prefix)
		say(stdout, l, "cli.ls.resume", steps.Command(in, "apply", "--yes"))
		say(stdout, l, "cli.ls.remove", steps.Command(in, "destroy", "--yes"))
	}
	return nil
}

// localFile is the progress file of the caller's stack on this machine,
// or "" when there is none.
func localFile(r *resolved, stack string) (string, error) {
	p, err := defaultStatePath(stack, r.in.Region, r.in.Sandbox)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(p); err != nil {
		return "", nil //nolint:nilerr // no file is the answer
	}
	return p, nil
}

func nonNil(s []steps.StackCensus) []steps.StackCensus {
	if s == nil {
		return []steps.StackCensus{}
	}
	return s
}

// sweepFlags are destroy's flags for stacks that need not be the caller's.
type sweepFlags struct {
	stack, owner, olderThan string
}

// runSweep is the instructor's broom: destroy --stack P removes the stack
// of that prefix whoever owns it (only what carries its tags and its
// owner's, the owner named first); --older-than removes every stack begun
// longer ago than that. Without --yes it only says what it would do.
func runSweep(ctx context.Context, f *flags, sw sweepFlags, yes bool, stdout, stderr io.Writer) error {
	if (sw.stack == "") == (sw.olderThan == "") || f.fs.Changed("prefix") || (sw.owner != "" && sw.stack == "") {
		return usage("cli.destroy.which")
	}
	var age time.Duration
	if sw.olderThan != "" {
		d, err := time.ParseDuration(sw.olderThan)
		if err != nil || d <= 0 {
			return usage("cli.destroy.age", sw.olderThan)
		}
		age = d
	}
	if sw.stack != "" {
		// The stack's prefix is checked as --prefix would be: a bad one is
		// bad input before anything is asked of AWS.
		if err := f.fs.Set("prefix", sw.stack); err != nil {
			return err
		}
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	l := r.lang
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	census, err := s.Census(ctx)
	if err != nil {
		return err
	}
	var targets []steps.StackCensus
	if sw.stack != "" {
		var owners []string
		for _, st := range census {
			if st.Stack == sw.stack {
				targets = append(targets, st)
				owners = append(owners, st.Owner)
			}
		}
		switch {
		case len(targets) == 0:
			return steps.NewFieldError("stack", sw.stack, "prefix.nostack", sw.stack, r.in.Region)
		case sw.owner != "":
			var picked []steps.StackCensus
			for _, st := range targets {
				if st.Owner == sw.owner || st.Mine(sw.owner) {
					picked = append(picked, st)
				}
			}
			if len(picked) == 0 {
				return usage("cli.destroy.noowner", sw.stack, sw.owner, strings.Join(owners, ", "))
			}
			targets = picked
		case len(targets) > 1:
			return usage("cli.destroy.owners", sw.stack, len(targets), strings.Join(owners, ", "))
		}
	} else {
		targets = steps.OlderThan(census, age, time.Now())
		if len(targets) == 0 {
			say(stdout, l, "cli.destroy.old.none", r.in.Region, sw.olderThan)
			return nil
		}
		say(stdout, l, "cli.destroy.old", r.in.Region, sw.olderThan, len(targets))
		var t table
		t.add(catalog.T(l, "cli.ls.header.all"))
		for _, st := range targets {
			t.addf("%s\t%s\t%s\t%d\t%s", st.Stack, st.Owner, st.Created.Local().Format("2006-01-02 15:04"), st.Resources, steps.USD(st.Cost.Day))
		}
		t.write(stdout)
	}
	if !yes {
		in := r.in
		in.Prefix = ""
		args := append(steps.CommandArgs(in, "destroy"), "--yes")
		if sw.stack != "" {
			args = append(args, "--stack", sw.stack)
			if sw.owner != "" {
				args = append(args, "--owner", sw.owner)
			}
		} else {
			args = append(args, "--older-than", sw.olderThan)
		}
		// CommandArgs names the prefix; the broom names the stack instead.
		args = dropPrefix(args)
		if sw.stack != "" {
			return usage("cli.destroy.needyes", sw.stack, r.in.Region, strings.Join(args, " "))
		}
		return usage("cli.destroy.old.yes", strings.Join(args, " "))
	}
	for _, st := range targets {
		pr := newProgress(stderr, l)
		say(stderr, l, "cli.destroy.theirs", st.Stack, st.Owner, r.in.Region, st.Resources, steps.USD(st.Cost.Day))
		start := time.Now()
		err := s.DestroyOwnedBy(ctx, st.Stack, st.Owner, pr.event)
		pr.stop()
		if err != nil && ctx.Err() != nil {
			in := r.in
			in.Prefix = st.Stack
			return interrupted(stderr, catalog.T(l, "cli.destroy.interrupted", strings.Join(append(dropPrefix(steps.CommandArgs(in, "destroy", "--yes")), "--stack", st.Stack), " ")))
		}
		if err != nil {
			return err
		}
		say(stdout, l, "cli.destroy.done", st.Stack, time.Since(start).Round(100*time.Millisecond).String(), pr.count(steps.Deleted))
	}
	return nil
}

// dropPrefix takes "--prefix P" out of a command's words.
func dropPrefix(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		if args[i] == "--prefix" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}
