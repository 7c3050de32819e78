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

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// Exit codes of design.md.
const (
	exitOK     = 0
	exitFailed = 1
	exitInput  = 2
)

// usageError is a command line the program cannot act on, said by the
// catalogue (or, for what cobra and pflag say of a flag, in their words).
type usageError struct{ msg catalog.Localized }

func (e usageError) Error() string            { return e.msg.In(catalog.EN) }
func (e usageError) In(l catalog.Lang) string { return e.msg.In(l) }

// usage is a usageError said by the catalogue's key.
func usage(key string, args ...any) usageError { return usageError{catalog.Msg(key, args...)} }

// usageText is a usageError in words from outside the catalogue.
func usageText(s string) usageError { return usageError{catalog.Verbatim(s)} }

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
// told here, with what to do about them, in the language of --lang or
// LANG (read when the error is told: the flags are parsed by then).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(ctx, stdout, stderr)
	root.SetArgs(args)
	lang := func() catalog.Lang {
		flag := ""
		if fl := root.PersistentFlags().Lookup("lang"); fl != nil {
			flag = fl.Value.String()
		}
		return catalog.Detect(flag, os.Getenv)
	}
	opts := []fang.Option{
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) { report(w, lang(), err) }),
		fang.WithoutManpage(),
	}
	opts = append(opts, fang.WithVersion(buildVersion()))
	if err := fang.Execute(ctx, root, opts...); err != nil {
		return exitCode(err)
	}
	return exitOK
}

// report tells a failure in l: the error, then what to do about it. One
// the command already told in full (an interrupt) adds nothing. AWS's own
// words stay as AWS wrote them inside the sentence around them.
func report(w io.Writer, l catalog.Lang, err error) {
	var said saidError
	if errors.As(err, &said) {
		return
	}
	say(w, l, "cli.error.prefix", strings.ReplaceAll(catalog.Text(l, err), "\n", "\n  "))
	if h := hint(l, err); h != "" {
		say(w, l, "cli.error.hint", h)
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

// hint turns an error into what to do about it, in l: the catalogue's
// "hint.<kind>" of its kind (steps.KindOf), if it has one.
func hint(l catalog.Lang, err error) string {
	k := steps.KindOf(err)
	if k == steps.KindNone || k == steps.KindInput {
		return ""
	}
	if _, ok := catalog.Lookup("hint." + string(k)); !ok {
		return ""
	}
	return catalog.T(l, "hint."+string(k))
}
