package main

import (
	"context"
	"fmt"
	"io"

	"github.com/infrawiz/infrawiz/steps"
)

// exportFormats are the formats export writes today; ssh-config and drawio
// come with the connectivity check.
const exportFormats = "md, csv or json (ssh-config and drawio come with the check)"

// cmdExport writes the summary of a stack as Markdown, CSV or JSON, to
// stdout or, with -o, to a file that is replaced whole or not at all.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newFlags("export", stderr)
	format := f.fs.String("format", "md", "md, csv or json")
	outPath := f.fs.String("o", "", "write to `FILE` (mode 0644) instead of stdout")
	if err := f.parse(args); err != nil {
		return err
	}
	render, ok := exporters[*format]
	if !ok {
		return &steps.FieldError{Field: "format", Value: *format, Allowed: exportFormats, Key: "format.export"}
	}
	r, err := f.resolve(ctx)
	if err != nil {
		return err
	}
	rep, err := existingReport(ctx, r, stderr)
	if err != nil {
		return err
	}
	data, err := render(rep)
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
	fmt.Fprintf(stderr, "Wrote the summary of %s (%d resources) to %s\n", rep.Stack, len(steps.SummaryRows(rep)), *outPath)
	return nil
}

// exporters render a report in each format export knows.
var exporters = map[string]func(steps.Report) ([]byte, error){
	"md": func(r steps.Report) ([]byte, error) { return []byte(steps.SummaryMarkdown(r)), nil },
	"csv": func(r steps.Report) ([]byte, error) {
		s, err := steps.SummaryCSV(r)
		return []byte(s), err
	},
	"json": steps.SummaryJSON,
}
