package steps

import (
	"cmp"
	"fmt"
	"time"

	"github.com/infrawiz/infrawiz/aws"
)

// NoteEvent turns what package aws waits for on a resource's behalf into a
// waiting event of that resource, naming an AWS id by the stack's name for
// it (name maps ids; nil leaves them as they are). Every wait and retry
// shows in the progress: a user watching a line that does not move must
// be able to tell "throttled by AWS" from "the NAT gateway is still going
// away" from "stuck".
func NoteEvent(res Resource, n aws.Note, name func(id string) string) Event {
	named := func(id string) string {
		if name == nil || id == "" {
			return id
		}
		return name(id)
	}
	e := Event{Resource: res, Phase: PhaseWaiting, ID: n.ID}
	switch n.Key {
	case aws.NoteThrottled:
		wait, _ := n.Args[0].(time.Duration)
		e.Key, e.Args = "run.retry.throttled", []any{wait.String()}
		e.Message = "retrying: throttled by AWS (the account's request rate is shared; next try in " + wait.String() + ")"
	case aws.NoteUnknown:
		what := named(n.ID)
		e.Key, e.Args = "run.retry.unknown", []any{what}
		e.Message = "waiting: AWS does not know " + what + " yet (just created; AWS takes a moment to spread it)"
	case aws.NoteTransient:
		e.Key = "run.retry.transient"
		e.Message = "retrying: AWS did not answer"
	case aws.NoteBlocked:
		blocker, _ := n.Args[0].(string)
		who := res.Name
		if who == "" {
			who = named(n.ID)
		}
		e.Key, e.Args = "run.blocked."+blocker, []any{who}
		e.Message = n.Text
	case aws.NoteState:
		state, _ := n.Args[0].(string)
		e.Key, e.Args = "run.state", []any{cmp.Or(res.Name, named(n.ID)), state}
		e.Message = fmt.Sprintf("waiting: %s is %s", e.Args[0], state)
	default:
		e.Key, e.Message = n.Key, n.Text
	}
	return e
}
