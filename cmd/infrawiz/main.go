// Command infrawiz builds the course's AWS network step by step: the wizard,
// or headless commands for scripts and tests. main parses the command line,
// builds the dependencies, runs one command and maps its error to an exit
// code in one place.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"charm.land/fang/v2"

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

// version is set at build time (-ldflags "-X main.version=v1.2.3").
var version string

// buildVersion is version, else what the build recorded: the module's
// version when installed with go install, else "devel" and the commit.
func buildVersion() string {
	if version != "" {
		return version
	}
	v, rev := "devel", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				rev = s.Value[:7]
			}
		}
	}
	if rev != "" {
		v += " (" + rev + ")"
	}
	return v
}

// run runs one command line and says how it ended, as an exit code. fang
// styles the help, adds --version and the completion command; errors are
// told here, with what to do about them.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(ctx, stdout, stderr)
	root.SetArgs(args)
	opts := []fang.Option{
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) { report(w, err) }),
		fang.WithoutManpage(),
	}
	opts = append(opts, fang.WithVersion(buildVersion()))
	if err := fang.Execute(ctx, root, opts...); err != nil {
		return exitCode(err)
	}
	return exitOK
}

// report tells a failure: the error, then what to do about it. One the
// command already told in full (an interrupt) adds nothing.
func report(w io.Writer, err error) {
	var said saidError
	if errors.As(err, &said) {
		return
	}
	fmt.Fprintln(w, "infrawiz: "+strings.ReplaceAll(err.Error(), "\n", "\n  "))
	if h := hint(err); h != "" {
		fmt.Fprintln(w, "  -> "+h)
	}
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
