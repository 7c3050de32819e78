package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/infrawiz/infrawiz/steps"
)

// exportFormats are the formats export writes.
const exportFormats = "md, csv, json or ssh-config"

// cmdExport writes the summary of a stack as Markdown, CSV or JSON, to
// stdout or, with -o, to a file that is replaced whole or not at all.
func runExport(ctx context.Context, f *flags, eo exportFlags, stdout, stderr io.Writer) error {
	format, outPath, user := &eo.format, &eo.out, &eo.user
	if err := steps.CheckLoginUser(*user); err != nil {
		return err
	}
	render, ok := exporters[*format]
	if !ok {
		return steps.NewFieldError("format", *format, "format.export")
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	rep, err := existingReport(ctx, r, stderr)
	if err != nil {
		return err
	}
	data, err := render(rep, r, *user)
	if err != nil {
		return err
	}
	if *outPath == "" || *outPath == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := steps.WriteFileAtomic(*outPath, data, 0o644); err != nil {
		return err
	}
	if *format == "ssh-config" {
		say(stderr, f.say(), "cli.export.sshconfig", rep.Stack, *outPath, *outPath)
		return nil
	}
	say(stderr, f.say(), "cli.export.summary", rep.Stack, len(steps.SummaryRows(rep)), *outPath)
	return nil
}

// exporters render a report in each format export knows.
var exporters = map[string]func(steps.Report, *resolved, string) ([]byte, error){
	"md": func(r steps.Report, _ *resolved, _ string) ([]byte, error) {
		return []byte(steps.SummaryMarkdown(r)), nil
	},
	"csv": func(r steps.Report, _ *resolved, _ string) ([]byte, error) {
		s, err := steps.SummaryCSV(r)
		return []byte(s), err
	},
	"json":       func(r steps.Report, _ *resolved, _ string) ([]byte, error) { return steps.SummaryJSON(r) },
	"ssh-config": sshConfig,
}

// sshConfig needs the local paths of the stack as well as its report: the
// key that logs in and the known_hosts the check fills.
func sshConfig(rep steps.Report, r *resolved, user string) ([]byte, error) {
	h, err := homeDir()
	if err != nil {
		return nil, err
	}
	return []byte(steps.SSHConfig(rep, steps.SSHConfigOptions{
		User:         user,
		IdentityFile: steps.IdentityFile(filepath.Join(h, ".ssh"), r.in),
		KnownHosts:   steps.KnownHostsPath(r.statePath),
	})), nil
}
