package tui

import (
	"regexp"
	"testing"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// bareCommand is an infrawiz command written into a message: it names no
// stack, so pasted it addresses the user's default prefix in a real
// account, whatever stack (or practice mode) the wizard is on.
var bareCommand = regexp.MustCompile(`infrawiz (apply|plan|status|check|export|destroy|ls)\b`)

// Every command the wizard suggests is built for the stack in hand
// (steps.Command) and handed to its message as an argument; no message
// carries one of its own.
func TestCommands_NoMessageHoldsABareCommand(t *testing.T) {
	// The translation of a command-line error the wizard never shows
	// (status, export and destroy of a stack that does not exist).
	cliOnly := map[string]bool{"field.prefix.nostack": true}
	for _, k := range catalog.Keys() {
		if cliOnly[k] {
			continue
		}
		e, _ := catalog.Lookup(k)
		for _, s := range []string{e.En, e.Ko} {
			if m := bareCommand.FindString(s); m != "" {
				t.Errorf("%s suggests %q without the stack's flags: %q", k, m, s)
			}
		}
	}
}
