package main

import (
	"context"
	"io"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/steps"
	"github.com/infrawiz/infrawiz/tui"
	"github.com/infrawiz/infrawiz/tui/i18n"
)

// cmdWizard starts the wizard. It draws on stderr, so stdout stays free,
// and it needs a terminal on both ends.
func cmdWizard(ctx context.Context, args []string, stderr io.Writer) error {
	f := newFlags("", stderr)
	if err := f.parse(args); err != nil {
		return err
	}
	lang := i18n.Detect(f.lang, os.Getenv)
	if !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stderr.Fd())) {
		return usageError{i18n.T(lang, "notty")}
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	h, err := homeDir()
	if err != nil {
		return err
	}
	explicitState := r.in.State
	opts := tui.Options{
		Lang:   lang,
		Inputs: r.in,
		Connect: func(ctx context.Context, in steps.Inputs) (*aws.Client, error) {
			// The screen is the wizard's: the emulator's notice would tear it.
			return connect(ctx, in, io.Discard)
		},
		StatePath: func(in steps.Inputs) string {
			if explicitState != "" {
				return explicitState
			}
			p, _ := defaultStatePath(in.Prefix, in.Region, in.Sandbox)
			return p
		},
		StateDir: func(sandbox bool) string {
			d, _ := dataDir(sandbox)
			return filepath.Join(d, "stacks")
		},
		SSHDir:   filepath.Join(h, ".ssh"),
		DetectIP: detectIP,
		IsDark:   true,
		Resumed:  r.stored != nil,
	}
	p := tea.NewProgram(tui.New(opts), tea.WithOutput(os.Stderr), tea.WithContext(ctx))
	_, err = p.Run()
	if err != nil && ctx.Err() != nil {
		return nil
	}
	return err
}
