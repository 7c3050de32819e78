// Command infrawiz builds the course's AWS network step by step: the wizard,
// or headless commands for scripts and tests. main parses the command line,
// builds the dependencies, runs one command and maps its error to an exit
// code in one place.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/infrawiz/infrawiz/steps"
)

// Exit codes of design.md.
const (
	exitOK     = 0
	exitFailed = 1
	exitInput  = 2
)

// usageError is a command line the program cannot act on.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// saidError is a failure already told to the user in full; run adds
// nothing to it.
type saidError struct{ err error }

func (e saidError) Error() string { return e.err.Error() }

func (e saidError) Unwrap() error { return e.err }

// interrupted tells, in one line, that a command stopped on Ctrl-C and how
// to go on, instead of a line per call the interruption cut short.
func interrupted(w io.Writer, line string) error {
	fmt.Fprintln(w, line)
	return saidError{context.Canceled}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `infrawiz builds the "plausible AWS infrastructure" mission step by step.

Usage:
  infrawiz         [flags]         the wizard, step by step (offers to resume a stack in progress);
                   --console-wait D as for check
  infrawiz plan    [flags]         what would be created, as a table; changes nothing
  infrawiz apply   [flags] --yes   run every remaining step; safe to run again after any interruption
  infrawiz status  [--output table|json]   the summary table and each step's progress
  infrawiz check   [--static] [--fix-key] [--console-wait D] [--output table|json]   prove the network
                   works: the rules and routes, then SSH to the bastion and through it to web and DB
  infrawiz export  --format md|csv|json|ssh-config [-o FILE]   the summary table as a file, or
                   Host entries so that ssh NAME-ec2-internal-2a hops through the bastion
  infrawiz destroy --yes [--delete-key-file]   delete everything this stack created
  infrawiz ls      [--all]         stacks found by tag in the region (all owners with --all), also
                   those whose progress file is gone, with the commands that resume and remove them
  infrawiz render userdata --role web|db|bastion [--prefix P] [--syslog-target T]   a server's first-boot script

Common flags:
  --prefix NAME        names start with it: NAME-vpc, NAME-subnet-public-2a, key-NAME (default: your user name)
  --region REGION      default: the AWS config's region, else ap-northeast-2
  --profile NAME       an AWS profile from ~/.aws/config
  --vpc-cidr CIDR      default 192.168.11.0/24
  --my-ip IP           the only address the bastion accepts SSH from (default: detected)
  --ami ID             default: Ubuntu 22.04 from SSM, else the newest Canonical jammy image
  --instance-type T    default t3.medium
  --no-nat             skip the NAT gateway (it costs money every hour)
  --public-key FILE    import this public key instead of generating ~/.ssh/key-NAME.pem
  --state FILE         the progress file (default ~/.infrawiz/stacks/NAME-REGION.json)
  --config FILE        YAML holding the same fields
  --sandbox            run against a local AWS emulator (moto); no AWS account needed
  --syslog-target H[:P]  a remote syslog server the bastion also sends its command audit log to

The standard AWS credential chain and AWS_ENDPOINT_URL are honoured.
Exit codes: 0 done, 1 failed, 2 bad input.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var said saidError
	if errors.As(err, &said) {
		return exitCode(err)
	}
	fmt.Fprintln(stderr, "infrawiz: "+strings.ReplaceAll(err.Error(), "\n", "\n  "))
	if h := hint(err); h != "" {
		fmt.Fprintln(stderr, "  -> "+h)
	}
	return exitCode(err)
}

func exitCode(err error) int {
	var ue usageError
	switch {
	case errors.As(err, &ue), steps.IsInput(err):
		return exitInput
	}
	return exitFailed
}

// hints say what to do about each kind of failure.
var hints = map[steps.ErrorKind]string{
	steps.KindInterrupted: "interrupted; progress is saved: run the same command again to continue",
	steps.KindCorrupt:     "move the file aside and run apply again: the stack is re-adopted from its AWS tags",
	steps.KindLocked:      "another infrawiz is working on this stack; wait for it or stop it",
	steps.KindForeign:     "choose another --prefix: classmates in this account must not share one",
	steps.KindAuth:        "check your AWS credentials (aws configure, or AWS_PROFILE / --profile); to practise without an account, add --sandbox",
	steps.KindQuota:       "an AWS quota is reached: release unused Elastic IPs, NAT gateways or VPCs in this region, or request an increase",
	steps.KindThrottled:   "AWS is throttling requests; wait a minute and run the same command again (it resumes)",
	steps.KindTransient:   "the network or AWS failed mid-way; run the same command again: it resumes and creates nothing twice",
	steps.KindCapacity:    "AWS has no capacity for this in the zone; try another --instance-type, or later",
	steps.KindDependency:  "something still uses the resource after a long wait (the message names it): find it in the console, or run the same command again later",
	steps.KindExists:      "something of that name exists outside this stack (another stack's key pair key-PREFIX, say); choose another --prefix",
	steps.KindFailed:      "AWS gave the reason above; fix it and run apply again",
	steps.KindAMI:         "AWS cannot find that AMI in this region: check the id (AMIs are per region), or leave --ami out for Ubuntu 22.04",
	steps.KindNotFound:    "AWS cannot find it in this region (deleted by hand?); run apply again to make what is missing anew",
	steps.KindUnknownID:   "AWS kept saying it does not know a resource this stack created moments ago; run the same command again: it resumes (what was deleted meanwhile is made anew)",
	steps.KindLeftBehind:  "some of the stack is still there (named above); run destroy again, or delete it in the console",
	steps.KindOtherStack:  "leave --state out so the stack's own progress file is used, or start another stack with another --prefix",
}

// hint turns an error into what to do about it.
func hint(err error) string { return hints[steps.KindOf(err)] }

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (len(args[0]) > 1 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help") {
		return cmdWizard(ctx, args, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "plan":
		return cmdPlan(ctx, rest, stdout, stderr)
	case "apply":
		return cmdApply(ctx, rest, stdout, stderr)
	case "status":
		return cmdStatus(ctx, rest, stdout, stderr)
	case "destroy":
		return cmdDestroy(ctx, rest, stdout, stderr)
	case "ls":
		return cmdLs(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "render":
		return cmdRender(rest, stdout, stderr)
	}
	return usageError{fmt.Sprintf("unknown command %q; commands: plan, apply, status, check, export, destroy, ls, render (infrawiz --help)", cmd)}
}
