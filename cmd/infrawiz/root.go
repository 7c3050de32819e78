package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// newRoot builds the command line: the wizard at the root, a command per
// verb below it. Every command's RunE does its work through the flags f
// (bound at build time, parsed by cobra), so one process runs one command.
func newRoot(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	f := &flags{}
	root := &cobra.Command{
		Use:   "infrawiz",
		Short: "Build the course's AWS network step by step, resume it, clean it up",
		Long: `infrawiz builds the "plausible AWS infrastructure" mission step by step: a PEM key,
a /24 VPC, four subnets in two zones, an internet and a NAT gateway, route tables,
security groups and three Ubuntu servers (web, DB, bastion), then proves the network
works and tears it all down again. Without a verb it opens the wizard, which offers
to resume a stack in progress.

The standard AWS credential chain and AWS_ENDPOINT_URL are honoured; --sandbox runs
against a local emulator instead, with no AWS account.

Exit codes: 0 done, 1 failed (with what to do about it), 2 bad input (naming the
field and what is allowed; nothing is created or written).`,
		Example: `# the wizard, in practice mode (no AWS account needed)
infrawiz --sandbox
# what would be created; changes nothing
infrawiz plan --prefix mhson
# build it all, then delete it all
infrawiz apply --prefix mhson --yes
infrawiz destroy --prefix mhson --yes`,
		Args: rootArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			f.fs = cmd.Flags()
			return f.checkLang()
		},
	}
	root.SetContext(ctx)
	f.addStackFlags(root.PersistentFlags())
	f.addInputFlags(root.Flags())
	consoleWait := root.Flags().Duration("console-wait", 2*time.Minute, "how long the check screen waits for a server's console to print its host keys (0: read it once)")
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return runWizard(cmd.Context(), f, *consoleWait, stderr)
	}

	// In the order a student meets them, not alphabetical.
	cobra.EnableCommandSorting = false
	root.AddCommand(
		newPlanCmd(f, stdout, stderr), newApplyCmd(f, stdout, stderr), newStatusCmd(f, stdout, stderr),
		newCheckCmd(f, stdout, stderr), newExportCmd(f, stdout, stderr), newDestroyCmd(f, stdout, stderr),
		newLsCmd(f, stdout, stderr), newRenderCmd(f, stdout),
	)
	for _, c := range root.Commands() {
		c.SilenceUsage = true
	}
	// A flag the command does not know, or a value it cannot take, is bad
	// input: exit 2, naming it.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageText(err.Error()) })
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root
}

func newPlanCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	var wide bool
	plan := &cobra.Command{
		Use:   "plan",
		Short: "What would be created, as a table, and what it will cost; changes nothing",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.Context(), f, wide, stdout, stderr)
		},
	}
	f.addInputFlags(plan.Flags())
	plan.Flags().BoolVar(&wide, "wide", false, "one line per resource with every column, the dependencies too (about 230 columns)")
	return plan
}

func newApplyCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	var yes bool
	apply := &cobra.Command{
		Use:   "apply",
		Short: "Run every remaining step; safe to run again after any interruption",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runApply(cmd.Context(), f, yes, stdout, stderr)
		},
	}
	f.addInputFlags(apply.Flags())
	apply.Flags().BoolVar(&yes, "yes", false, "really create the resources (they cost money)")
	return apply
}

func newStatusCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	status := &cobra.Command{
		Use:   "status",
		Short: "The summary table and each step's progress",
		Args:  noArgs,
	}
	out := addOutput(status.Flags())
	diagram := status.Flags().Bool("diagram", false, "draw the stack as the course's diagram, each part marked with its state")
	status.RunE = func(cmd *cobra.Command, _ []string) error {
		return runStatus(cmd.Context(), f, *out, *diagram, stdout, stderr)
	}
	return status
}

func newCheckCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	check := &cobra.Command{
		Use:   "check",
		Short: "Prove the network works: the rules and routes, then SSH through the bastion to web and DB",
		Args:  noArgs,
	}
	var co checkFlags
	f.addMyIP(check.Flags())
	co.bind(check.Flags())
	check.RunE = func(cmd *cobra.Command, _ []string) error {
		return runCheck(cmd.Context(), f, co, stdout, stderr)
	}
	return check
}

func newExportCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	export := &cobra.Command{
		Use:   "export",
		Short: "The summary table as a file (md, csv, json), or Host entries for ssh (ssh-config)",
		Args:  noArgs,
	}
	var eo exportFlags
	eo.bind(export.Flags())
	// drawio and awscli draw or write the plan, which these inputs shape.
	f.addInputFlags(export.Flags())
	export.RunE = func(cmd *cobra.Command, _ []string) error {
		return runExport(cmd.Context(), f, eo, stdout, stderr)
	}
	return export
}

func newDestroyCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	var yes, deleteKey bool
	var sw sweepFlags
	destroy := &cobra.Command{
		Use:   "destroy",
		Short: "Delete everything this stack created, in dependency order",
		Example: `infrawiz destroy --prefix mhson --yes
# an instructor: a student's stack by its tag, or every stack begun over a day ago
infrawiz destroy --stack stu7 --yes
infrawiz destroy --older-than 24h`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if sw.stack != "" || sw.olderThan != "" || sw.owner != "" {
				return runSweep(cmd.Context(), f, sw, yes, stdout, stderr)
			}
			return runDestroy(cmd.Context(), f, yes, deleteKey, stdout, stderr)
		},
	}
	destroy.Flags().BoolVar(&yes, "yes", false, "really delete the stack")
	destroy.Flags().BoolVar(&deleteKey, "delete-key-file", false, "also delete ~/.ssh/key-PREFIX.pem (kept by default)")
	destroy.Flags().StringVar(&sw.stack, "stack", "", "anyone's stack, by its prefix tag (an instructor's clean-up; the owner is shown first)")
	destroy.Flags().StringVar(&sw.owner, "owner", "", "with --stack: the owner (ARN) whose stack of that prefix goes, when several hold it")
	destroy.Flags().StringVar(&sw.olderThan, "older-than", "", "every stack of the region begun longer ago than this (24h, 90m); lists them without --yes")
	return destroy
}

func newLsCmd(f *flags, stdout, stderr io.Writer) *cobra.Command {
	var all bool
	ls := &cobra.Command{
		Use:   "ls",
		Short: "Stacks found by tag in the region: owner, age, resources, cost a day",
		Args:  noArgs,
	}
	ls.Flags().BoolVar(&all, "all", false, "every owner's stacks (the classroom), and what is left of stacks whose VPC is gone")
	out := addOutput(ls.Flags())
	ls.RunE = func(cmd *cobra.Command, _ []string) error {
		return runLs(cmd.Context(), f, all, *out, stdout, stderr)
	}
	return ls
}

func newRenderCmd(f *flags, stdout io.Writer) *cobra.Command {
	render := &cobra.Command{
		Use:   "render",
		Short: "What infrawiz hands to a server, without AWS",
		// What there is to render is named, rather than help shown for
		// a command that does nothing by itself.
		Args: cobra.ArbitraryArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			var what any = catalog.Msg("cli.render.nothing")
			if len(args) > 0 {
				what = fmt.Sprintf("%q", args[0])
			}
			return usage("cli.render.what", what)
		},
	}
	var ro renderFlags
	userdata := &cobra.Command{
		Use:   "userdata",
		Short: "A server's first-boot script",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRenderUserData(f, ro, stdout)
		},
	}
	ro.bind(userdata.Flags(), f)
	render.AddCommand(userdata)
	return render
}

// rootArgs refuses what is no command, naming the ones there are.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return usage("cli.error.unknown", args[0], strings.Join(names, ", "))
}

// noArgs refuses a stray word after a command.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usage("cli.error.argument", args[0])
	}
	return nil
}

// checkFlags are check's own.
type checkFlags struct {
	static, fixKey bool
	output, user   string
	consoleWait    time.Duration
}

func (o *checkFlags) bind(fs *pflag.FlagSet) {
	fs.BoolVar(&o.static, "static", false, "only analyse the rules and routes; no SSH")
	fs.BoolVar(&o.fixKey, "fix-key", false, "chmod 400 the .pem first if others can read it (ssh refuses such a key)")
	fs.StringVar(&o.output, "output", "table", "table or json")
	fs.StringVar(&o.user, "ssh-user", steps.LoginUser, "the servers' login user (ec2-user on Amazon Linux)")
	fs.DurationVar(&o.consoleWait, "console-wait", 2*time.Minute, "how long to wait for a server's console to print its host keys (0: read it once)")
}

// exportFlags are export's own.
type exportFlags struct {
	format, out, user string
}

func (o *exportFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "md", exportFormats)
	fs.StringVarP(&o.out, "out", "o", "", "write to this file instead of stdout (replaced whole or not at all)")
	fs.StringVar(&o.user, "ssh-user", steps.LoginUser, "ssh-config: the servers' login user (ec2-user on Amazon Linux)")
}

// renderFlags are render userdata's own.
type renderFlags struct {
	role string
}

func (o *renderFlags) bind(fs *pflag.FlagSet, f *flags) {
	fs.StringVar(&o.role, "role", "", "the server: "+renderRoles)
	fs.StringVar(&f.in.SyslogTarget, "syslog-target", "", "a remote syslog server (HOST or HOST:PORT) the bastion also sends its command audit log to")
}
