package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/infrawiz/infrawiz/internal/check"
	"github.com/infrawiz/infrawiz/internal/reach"
	"github.com/infrawiz/infrawiz/steps"
)

// errCheckFailed makes a check that ran but found problems exit 1; the
// problems themselves are already printed.
var errCheckFailed = errors.New("the connectivity check found problems (above)")

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
			fmt.Fprintf(stderr, "chmod 400 %s: only you can read it now\n", o.KeyFile)
		}
	}
	table := *output == "table"
	if table && !*static && !r.in.Sandbox {
		var mu sync.Mutex
		fmt.Fprintf(stderr, "Checking %s: SSH to the bastion, then through it to web and DB...\n", rep.Stack)
		o.OnResult = func(res check.Result) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "  %-7s %-8s %s\n", res.Host, res.Probe, res.Status)
		}
		o.OnWait = func(w check.Wait) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "  %-7s %-8s %s (%s)\n", w.Host, "console", w.Text, w.Since.Round(time.Second))
		}
	}
	cr, err := s.Check(ctx, s.plan, inv, o)
	if err != nil {
		return err
	}
	if table {
		printCheck(stdout, cr, o, steps.Command(r.in, "apply", "--yes"))
	} else {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cr); err != nil {
			return err
		}
	}
	if !cr.OK() {
		return errCheckFailed
	}
	return nil
}

// printCheck prints the check's report; apply is the command that moves
// the bastion's rule to the user's address.
func printCheck(w io.Writer, cr steps.CheckReport, o steps.CheckOptions, apply string) {
	fmt.Fprintln(w, "Network paths, from the security groups and route tables:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range cr.Paths {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark(p.OK()), p.ID, verdict(p.Want, p.Open))
	}
	tw.Flush()
	for _, p := range cr.Paths {
		if p.OK() {
			continue
		}
		fmt.Fprintf(w, "  %s: %s\n", p.ID, p.Because)
		if p.ID == reach.MeToBastion22 || p.ID == reach.OthersToBastion22 {
			fmt.Fprintf(w, "    -> your public IP is %s now: %s moves the bastion's SSH rule to it\n", strings.TrimSuffix(o.MyIP, "/32"), apply)
		}
	}
	if cr.SSH == nil {
		if cr.Why != "" {
			fmt.Fprintf(w, "\nSSH: not run: %s\n", cr.Why)
		}
		return
	}
	fmt.Fprintln(w, "\nSSH, from here to the bastion and through it to web and DB:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, res := range cr.SSH.Results {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", mark(res.Status == check.OK), res.Host, res.Probe, res.Target, oneLine(res.Detail))
	}
	tw.Flush()
	for _, res := range cr.SSH.Results {
		if res.Problem == nil {
			continue
		}
		fmt.Fprintf(w, "\n  %s %s: %s\n", res.Host, res.Probe, res.Problem.Text)
		if res.Problem.Rule != "" && !strings.Contains(res.Problem.Text, res.Problem.Rule) {
			fmt.Fprintf(w, "    the rules say: %s\n", res.Problem.Rule)
		}
		if res.Problem.Kind == check.KindKeyPermissions {
			fmt.Fprintf(w, "    -> run the check again with --fix-key, or: chmod 400 %s\n", o.KeyFile)
		}
	}
	fmt.Fprintln(w, "\nWhat this check cannot see:")
	for _, c := range cr.SSH.CannotSee {
		fmt.Fprintf(w, "  - %s\n", c)
	}
	fmt.Fprintf(w, "\nHost keys are pinned in %s.\n", o.KnownHosts)
}

func mark(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAIL"
}

func verdict(want, open bool) string {
	switch {
	case want && open:
		return "open, as the mission needs"
	case !want && !open:
		return "closed, as it must be"
	case want:
		return "CLOSED, but the mission needs it open"
	default:
		return "OPEN, but it must be closed"
	}
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
