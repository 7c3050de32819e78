package steps

import (
	"cmp"
	"strings"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
)

// NoteEvent turns what package aws waits for on a resource's behalf into a
// waiting event of that resource, naming an AWS id by the stack's name for
// it (name maps ids; nil leaves them as they are). Every wait and retry
// shows in the progress: a user watching a line that does not move must
// be able to tell "throttled by AWS" from "the NAT gateway is still going
// away" from "stuck".
func NoteEvent(res Resource, n aws.Note, name func(id string) string) Event {
	named := func(id string) any {
		switch {
		case id == "":
			return catalog.Msg("aws.error.it")
		case name == nil:
			return id
		}
		return name(id)
	}
	e := Event{Resource: res, Phase: PhaseWaiting, ID: n.ID}
	switch n.Key {
	case aws.NoteThrottled:
		wait, _ := n.Args[0].(time.Duration)
		e.Key, e.Args = "run.retry.throttled", []any{wait.String()}
	case aws.NoteUnknown:
		e.Key, e.Args = "run.retry.unknown", []any{named(n.ID)}
	case aws.NoteTransient:
		e.Key = "run.retry.transient"
	case aws.NoteBlocked:
		blocker, _ := n.Args[0].(string)
		var who any = res.Name
		if res.Name == "" {
			who = named(n.ID)
		}
		e.Key, e.Args = "run.blocked."+blocker, []any{who}
	case aws.NoteState:
		state, _ := n.Args[0].(string)
		var who any = res.Name
		if res.Name == "" {
			who = named(n.ID)
		}
		e.Key, e.Args = "run.state", []any{who, state}
	default:
		// A note this function does not know says itself.
		e.Key, e.Args = strings.TrimPrefix(n.Msg.Key, "msg."), n.Msg.Args
		e.Message = cmp.Or(n.Text, n.Msg.String())
		return e
	}
	e.Message = e.Msg().String()
	return e
}
