package steps

import (
	"context"
	"errors"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/state"
)

// ErrorKind names what went wrong in words both faces can turn into advice:
// the command line in English, the wizard in the user's language.
type ErrorKind string

// The kinds of failure a user can act on.
const (
	KindNone        ErrorKind = ""
	KindInput       ErrorKind = "input"
	KindInterrupted ErrorKind = "interrupted"
	KindCorrupt     ErrorKind = "corrupt"
	KindLocked      ErrorKind = "locked"
	KindForeign     ErrorKind = "foreign"
	KindAuth        ErrorKind = "auth"
	KindQuota       ErrorKind = "quota"
	KindThrottled   ErrorKind = "throttled"
	KindTransient   ErrorKind = "transient"
	KindCapacity    ErrorKind = "capacity"
	KindDependency  ErrorKind = "dependency"
	KindExists      ErrorKind = "exists"
	KindFailed      ErrorKind = "failed"
	KindNotFound    ErrorKind = "notfound"
)

// KindOf classifies an error for advice.
func KindOf(err error) ErrorKind {
	var ce *state.CorruptError
	switch {
	case err == nil:
		return KindNone
	case errors.Is(err, aws.ErrForeign):
		return KindForeign
	case IsInput(err):
		return KindInput
	case errors.Is(err, context.Canceled):
		return KindInterrupted
	case errors.As(err, &ce):
		return KindCorrupt
	case errors.Is(err, state.ErrLocked):
		return KindLocked
	case errors.Is(err, aws.ErrAuth), isNoCredentials(err):
		return KindAuth
	case errors.Is(err, aws.ErrQuota):
		return KindQuota
	case errors.Is(err, aws.ErrThrottled):
		return KindThrottled
	case errors.Is(err, aws.ErrTransient):
		return KindTransient
	case errors.Is(err, aws.ErrCapacity):
		return KindCapacity
	case errors.Is(err, aws.ErrDependency):
		return KindDependency
	case errors.Is(err, aws.ErrExists):
		return KindExists
	case errors.Is(err, aws.ErrFailed):
		return KindFailed
	case errors.Is(err, aws.ErrNotFound):
		return KindNotFound
	}
	return KindNone
}

func isNoCredentials(err error) bool {
	s := err.Error()
	return strings.Contains(s, "failed to retrieve credentials") || strings.Contains(s, "no EC2 IMDS role") ||
		strings.Contains(s, "failed to refresh cached credentials")
}
