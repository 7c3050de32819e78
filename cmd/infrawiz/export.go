package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/infrawiz/infrawiz/steps"
)

// exportFormats are the formats export writes.
const exportFormats = "md, csv, json, ssh-config, drawio (the diagram, for diagrams.net; before anything exists, the plan) or awscli (the whole mission as a bash script of AWS CLI commands)"

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
	switch *format {
	case "drawio":
		return exportDrawIO(ctx, r, *outPath, stdout, stderr)
	case "awscli":
		return exportAWSCLI(ctx, r, *outPath, stdout, stderr)
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
	"drawio":     nil, // exportDrawIO: it draws the plan when nothing exists yet
	"awscli":     nil, // exportAWSCLI: the plan, whether or not it exists
}

// exportAWSCLI writes the mission as one bash script of AWS CLI commands,
// the course's "write a deploy script" step: the plan's resources with
// their tags, variables for the ids and the waits, readable top to bottom.
// It needs the zones (the plan's subnets name them), so it asks AWS, but
// creates nothing.
func exportAWSCLI(ctx context.Context, r *resolved, outPath string, stdout, stderr io.Writer) error {
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	data, err := steps.AWSCLIScript(s.plan, r.lang)
	if err != nil {
		return err
	}
	if outPath == "" || outPath == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := steps.WriteFileAtomic(outPath, data, 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(outPath)
	if err != nil {
		abs = outPath
	}
	say(stderr, r.lang, "cli.export.awscli", r.in.Prefix, abs)
	return nil
}

// exportDrawIO writes the stack's design diagram for diagrams.net: as it
// stands in AWS, or, before anything exists, the plan (ids and addresses
// "planned"), the picture the course draws before building.
func exportDrawIO(ctx context.Context, r *resolved, outPath string, stdout, stderr io.Writer) error {
	s, err := open(ctx, r, stderr)
	if err != nil {
		return err
	}
	var live *steps.Report
	if rep, inv, err := s.Report(ctx, s.plan); err != nil {
		return err
	} else if len(inv.ByRole) > 0 {
		live = &rep
	}
	data, err := steps.DrawIO(s.plan, live, r.lang)
	if err != nil {
		return err
	}
	if outPath == "" || outPath == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := steps.WriteFileAtomic(outPath, data, 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(outPath)
	if err != nil {
		abs = outPath
	}
	key := "cli.export.drawio"
	if live == nil {
		key = "cli.export.drawio.plan"
	}
	say(stderr, r.lang, key, r.in.Prefix, abs)
	return nil
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
