package aws

import (
	"context"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Note is something this package does on a caller's behalf while a call
// waits or is tried again: throttled by AWS, an id AWS does not know yet, a
// deletion blocked by what still depends on it, a resource changing state.
// Real EC2 does all of these for seconds to minutes, and a user watching a
// progress display must see which one is happening rather than a frozen
// line. A note is said as a message of the catalogue (Msg), so each face of
// the tool words it in the user's language; Key and Args say what it is
// about for a caller that words it itself (steps names ids by the stack's
// names), and Text is Msg's English.
type Note struct {
	Key  string
	Args []any
	Msg  catalog.Message
	Text string
	// ID is the AWS id the note is about ("vpc-0abc…"), when there is one,
	// so the caller can name it by its stack name instead.
	ID string
}

// The notes' keys.
const (
	NoteThrottled = "aws.retry.throttled"   // AWS throttled the account; waiting Args[0]
	NoteUnknown   = "aws.retry.unknown"     // AWS does not know the id Args[0] yet
	NoteTransient = "aws.retry.transient"   // the reply was lost or AWS failed; trying again
	NoteBlocked   = "aws.wait.blocked"      // Args[0] (a blocker key) still holds the resource
	NoteState     = "aws.wait.state"        // the resource is in state Args[0]
	NoteReleasing = "aws.wait.releasing"    // AWS still ties the address to its deleted NAT gateway
	NoteConsole   = "aws.wait.console.keys" // the console has no host keys yet
)

type notesKey struct{}

// WithNotes returns a context whose calls into this package report their
// waits and retries to f. f runs on the calling goroutine and must not block.
func WithNotes(ctx context.Context, f func(Note)) context.Context {
	return context.WithValue(ctx, notesKey{}, f)
}

func notify(ctx context.Context, n Note) {
	if n.Text == "" {
		n.Text = n.Msg.String()
	}
	if f, ok := ctx.Value(notesKey{}).(func(Note)); ok && f != nil {
		f(n)
	}
}
