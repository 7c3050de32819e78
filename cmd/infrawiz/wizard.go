package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui"
)

// runWizard starts the wizard. It draws on stderr, so stdout stays free,
// and it needs a terminal on both ends. consoleWait is as check's: the
// wizard's check screen runs the same check.
func runWizard(ctx context.Context, f *flags, consoleWait time.Duration, stderr io.Writer) error {
	lang := catalog.Detect(f.lang, os.Getenv)
	// Resolved first, so that without a terminal the command to run
	// instead names this very stack (practice mode, region, prefix).
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stderr.Fd())) {
		return usage("notty", steps.Command(r.in, "apply", applyExtra(f)...))
	}
	h, err := homeDir()
	if err != nil {
		return err
	}
	opts := tui.Options{
		Lang:     lang,
		Inputs:   r.in,
		NewStack: newStackInputs(r),
		Connect: func(ctx context.Context, in steps.Inputs) (*aws.Client, error) {
			// The screen is the wizard's: the emulator's notice would tear it.
			return connect(ctx, in, io.Discard)
		},
		// A stack's own file: the one named by --state, else the one named
		// for its prefix and region. A stack picked on the start screen
		// has no --state and so gets its own, never the file of another.
		StatePath: func(in steps.Inputs) string {
			if in.State != "" {
				return in.State
			}
			p, _ := defaultStatePath(in.Prefix, in.Region, in.Sandbox)
			return p
		},
		StateDir: func(sandbox bool) string {
			d, _ := dataDir(sandbox)
			return filepath.Join(d, "stacks")
		},
		SSHDir:      filepath.Join(h, ".ssh"),
		DetectIP:    detectIP,
		IsDark:      true,
		Resumed:     r.stored != nil,
		ConsoleWait: consoleWait,
	}
	if consoleWait <= 0 {
		opts.ConsoleWait = -1 // zero on the command line reads each console once
	}
	p := tea.NewProgram(tui.New(opts), tea.WithOutput(os.Stderr), tea.WithContext(ctx))
	final, err := p.Run()
	w, _ := final.(*tui.Model) // nil if the program never ran: Close and Practice take it
	// The wizard's progress file is closed before the sandbox is looked
	// at, however the program ended: one it still held would count as a
	// stack in use.
	w.Close()
	if opts.Inputs.Sandbox || w.Practice() {
		// Practice left before its first resource leaves no stack, and
		// then no emulator running either.
		stopIdleSandbox(stderr)
	}
	if err != nil && ctx.Err() != nil {
		return nil
	}
	return err
}

// applyExtra are the flags given that apply needs to build the same stack
// and that steps.Command does not add itself (it adds the prefix, region,
// practice mode, profile and --state), then --yes.
func applyExtra(f *flags) []string {
	var out []string
	f.fs.Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "prefix", "region", "sandbox", "profile", "state", "lang", "console-wait":
			return // added by steps.Command, or the wizard's own
		}
		if fl.Value.Type() == "bool" {
			if fl.Value.String() == "true" {
				out = append(out, "--"+fl.Name)
			}
			return
		}
		out = append(out, "--"+fl.Name, fl.Value.String())
	})
	return append(out, "--yes")
}

// newStackInputs are the inputs of a new stack: the command line's, without
// what a stored stack added. Its progress file is not the stored stack's.
func newStackInputs(r *resolved) steps.Inputs {
	if r.stored == nil {
		return r.in
	}
	var in steps.Inputs
	steps.Overlay(&in, r.in, r.set)
	in.Prefix, in.Region = r.in.Prefix, r.in.Region
	if len(r.stored.Resources) > 0 {
		in.State = "" // a new stack is not written over a built one
	}
	return in.WithDefaults()
}
