package steps

import (
	"regexp"
	"strings"
)

// Command is an infrawiz command line for the stack in, complete so that,
// pasted as it is, it addresses this stack and no other: the prefix and
// region always, and practice mode, the AWS profile and a progress file
// named by hand when they were used. A suggestion that dropped --sandbox
// would build a real, billed stack for a student with AWS credentials; one
// that dropped --prefix, a stack under another name. extra follows the
// stack's flags ("--yes"). Values are quoted for a POSIX shell where they
// need it.
func Command(in Inputs, verb string, extra ...string) string {
	return strings.Join(CommandArgs(in, verb, extra...), " ")
}

// CommandArgs is Command as words, for a caller that wraps it between
// arguments (never inside a path).
func CommandArgs(in Inputs, verb string, extra ...string) []string {
	args := []string{"infrawiz"}
	if verb != "" {
		args = append(args, strings.Fields(verb)...)
	}
	args = append(args, "--prefix", shellQuote(in.Prefix), "--region", shellQuote(in.Region))
	if in.Sandbox {
		args = append(args, "--sandbox")
	}
	if in.Profile != "" && !in.Sandbox {
		args = append(args, "--profile", shellQuote(in.Profile))
	}
	if in.State != "" {
		args = append(args, "--state", shellQuote(in.State))
	}
	for _, x := range extra {
		args = append(args, shellQuote(x))
	}
	return args
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9@%+=:,./_~-]+$`)

// shellQuote leaves a word a shell reads as itself alone, and puts any
// other in single quotes.
func shellQuote(s string) string {
	if s != "" && shellSafe.MatchString(s) && !strings.HasPrefix(s, "~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
