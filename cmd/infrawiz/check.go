package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/steps"
)

// errCheckFailed makes a check that ran but found problems exit 1; the
// problems themselves are already printed.
var errCheckFailed = failure(nil, "cli.check.failed")

// cmdCheck proves the network works: first what the rules and routes of a
// fresh describe allow, then SSH to the bastion and through it to web and
// DB. Exit 0 only when everything is as the mission wants it.
func runCheck(ctx context.Context, f *flags, co checkFlags, stdout, stderr io.Writer) error {
	static, fixKey, output, user, consoleWait := &co.static, &co.fixKey, &co.output, &co.user, &co.consoleWait
	if err := steps.CheckLoginUser(*user); err != nil {
		return err
	}
	if err := checkOutput(*output); err != nil {
		return err
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	// The bastion must let in the address the user has now, not the one
	// stored when the stack was built.
	if err := resolveMyIP(ctx, r, stderr); err != nil {
		return err
	}
	s, rep, inv, err := existingStack(ctx, r, stderr)
	if err != nil {
		return err
	}
	l := r.lang
	h, err := homeDir()
	if err != nil {
		return err
	}
	o := steps.CheckOptions{
		User:       *user,
		MyIP:       r.in.MyIP,
		KeyFile:    steps.IdentityFile(filepath.Join(h, ".ssh"), r.in),
		KnownHosts: steps.KnownHostsPath(r.statePath),
		Static:     *static,
		// Zero on the command line reads each console once.
		ConsoleWait: *consoleWait,
	}
	if *consoleWait <= 0 {
		o.ConsoleWait = -1
	}
	if *fixKey {
		if err := check.CheckKeyFile(o.KeyFile); errors.Is(err, check.ErrKeyPermissions) {
			if err := check.FixKeyFile(o.KeyFile); err != nil {
				return err
			}
			say(stderr, l, "cli.check.fixed", o.KeyFile)
		}
	}
	table := *output == "table"
	if table && !*static && !r.in.Sandbox {
		var mu sync.Mutex
		say(stderr, l, "cli.check.start", rep.Stack)
		o.OnResult = func(res check.Result) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "  %s %s %s\n", pad(word(l, "cli.host.", res.Host), 7), pad(word(l, "cli.probe.", string(res.Probe)), 8), status(l, res.Status))
		}
		o.OnWait = func(w check.Wait) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "  %s %s %s (%s)\n", pad(word(l, "cli.host.", w.Host), 7), pad(catalog.T(l, "cli.probe.console"), 8), w.Msg.In(l), w.Since.Round(time.Second))
		}
	}
	cr, err := s.Check(ctx, s.plan, inv, o)
	if err != nil {
		return err
	}
	// The wizard says the last check when the stack is resumed, whichever
	// face ran it. A static check proves less than the whole and is not
	// kept.
	if !*static {
		vpc, _ := inv.One("vpc")
		if err := steps.SaveLastCheck(steps.LastCheckPath(r.statePath), steps.LastCheckOf(cr, time.Now(), vpc.ID)); err != nil {
			say(stderr, l, "cli.check.notkept", err)
		}
	}
	if table {
		printCheck(stdout, l, cr, o, steps.Command(r.in, "apply", "--yes"))
	} else {
		if err := steps.JSONTo(stdout, cr); err != nil {
			return err
		}
	}
	if !cr.OK() {
		return errCheckFailed
	}
	return nil
}

// printCheck prints the check's report in l; apply is the command that
// moves the bastion's rule to the user's address.
func printCheck(w io.Writer, l catalog.Lang, cr steps.CheckReport, o steps.CheckOptions, apply string) {
	say(w, l, "cli.check.paths.title")
	var t table
	for _, p := range cr.Paths {
		t.addf("  %s\t%s\t%s", mark(l, p.OK()), p.ID, verdict(l, p.Want, p.Open))
	}
	t.write(w)
	// Each verdict with the rules and routes that decide it, the wrong
	// ones first: what to fix, then what holds.
	fmt.Fprintln(w)
	say(w, l, "cli.check.why.title")
	for _, wrong := range []bool{true, false} {
		for _, p := range cr.Paths {
			if p.OK() == wrong {
				continue
			}
			fmt.Fprintf(w, "  %s %s\n", mark(l, p.OK()), p.ID)
			// A condition a line (a command whole), wrapped between words.
			items := []catalog.Localized{p.Said()}
			if len(p.Why.Items) > 0 {
				items = p.Why.Items
			}
			for _, it := range items {
				for i, line := range steps.WrapWords(it.In(l), 100-8) {
					fmt.Fprintf(w, "    %s%s\n", map[bool]string{true: "  ", false: "- "}[i > 0], line)
				}
			}
			if wrong && (p.ID == reach.MeToBastion22 || p.ID == reach.OthersToBastion22) {
				say(w, l, "cli.check.ipmoved", strings.TrimSuffix(o.MyIP, "/32"), apply)
			}
		}
	}
	if cr.SSH == nil {
		if cr.Why != "" {
			why := any(cr.Why)
			if !cr.WhyMsg.IsZero() {
				why = cr.WhyMsg
			}
			fmt.Fprintln(w)
			say(w, l, "cli.check.nossh", why)
		}
		return
	}
	fmt.Fprintln(w)
	say(w, l, "cli.check.ssh.title")
	t = table{}
	for _, res := range cr.SSH.Results {
		t.addf("  %s\t%s\t%s\t%s\t%s", mark(l, res.Status == check.OK), word(l, "cli.host.", res.Host), word(l, "cli.probe.", string(res.Probe)),
			res.TargetIn(l), oneLine(res.DetailIn(l)))
	}
	t.write(w)
	for _, res := range cr.SSH.Results {
		if res.Problem == nil {
			continue
		}
		text := res.Problem.In(l)
		fmt.Fprintf(w, "\n  %s %s: %s\n", word(l, "cli.host.", res.Host), word(l, "cli.probe.", string(res.Probe)), text)
		if rule := res.Problem.RuleIn(l); rule != "" && !strings.Contains(text, rule) {
			say(w, l, "cli.check.rules", rule)
		}
		if res.Problem.Kind == check.KindKeyPermissions {
			say(w, l, "cli.check.fixkey", o.KeyFile)
		}
	}
	fmt.Fprintln(w)
	say(w, l, "cli.check.cannotsee")
	unseen := cr.SSH.Unseen
	if len(unseen) == 0 {
		for _, c := range cr.SSH.CannotSee {
			fmt.Fprintf(w, "  - %s\n", c)
		}
	}
	for _, c := range unseen {
		fmt.Fprintf(w, "  - %s\n", c.In(l))
	}
	fmt.Fprintln(w)
	say(w, l, "cli.check.pinned", o.KnownHosts)
}

func mark(l catalog.Lang, ok bool) string {
	if ok {
		return catalog.T(l, "cli.mark.ok")
	}
	return catalog.T(l, "cli.mark.fail")
}

func verdict(l catalog.Lang, want, open bool) string {
	switch {
	case want && open:
		return catalog.T(l, "cli.verdict.open")
	case !want && !open:
		return catalog.T(l, "cli.verdict.closed")
	case want:
		return catalog.T(l, "cli.verdict.mustopen")
	default:
		return catalog.T(l, "cli.verdict.mustclose")
	}
}

// status says a probe's outcome in l.
func status(l catalog.Lang, s check.Status) string {
	switch s {
	case check.OK:
		return catalog.T(l, "cli.check.status.ok")
	case check.Failed:
		return catalog.T(l, "cli.check.status.fail")
	case check.Skipped:
		return catalog.T(l, "cli.check.status.skip")
	}
	return string(s)
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
