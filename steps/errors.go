package steps

import (
	"context"
	"errors"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
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
	KindAMI         ErrorKind = "ami"
	KindUnknownID   ErrorKind = "unknownid"
	KindLeftBehind  ErrorKind = "leftbehind"
	KindOtherStack  ErrorKind = "otherstack"
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
	case errors.Is(err, aws.ErrUnknownID):
		return KindUnknownID
	case errors.Is(err, ErrLeftBehind):
		return KindLeftBehind
	case errors.Is(err, ErrStateOfAnotherStack):
		return KindOtherStack
	case errors.Is(err, aws.ErrNotFound):
		if s, ok := AWSMessage(err); ok && strings.HasPrefix(s.Code, "InvalidAMIID") {
			return KindAMI
		}
		return KindNotFound
	}
	return KindNone
}

func isNoCredentials(err error) bool {
	s := err.Error()
	return strings.Contains(s, "failed to retrieve credentials") || strings.Contains(s, "no EC2 IMDS role") ||
		strings.Contains(s, "failed to refresh cached credentials")
}

// KeyedError is a failure of the engine's own (not bad input, not AWS's
// words): the catalogue's "msg.<Key>" with Args, its English in Text for
// the command line's errors and logs. Err is its cause, kept for errors.Is
// and KindOf.
type KeyedError struct {
	Key  string
	Args []any
	Text string
	Err  error
	// subject names what the message is about when the message itself
	// does not ("mhson-igw" before "left: it needs … gone first").
	subject string
}

func (e *KeyedError) Error() string { return e.Text }

func (e *KeyedError) Unwrap() error { return e.Err }

// Msg is the error as the catalogue's message.
func (e *KeyedError) Msg() catalog.Message {
	m := catalog.Msg(messageKey(e.Key), e.Args...)
	if e.subject != "" {
		return catalog.Msg("msg.destroy.waits.failed.named", e.subject, m)
	}
	return m
}

// In says the error in l.
func (e *KeyedError) In(l catalog.Lang) string { return e.Msg().In(l) }

// keyedError builds a KeyedError from the catalogue's "msg.<key>"; a cause
// the message quotes is among the args.
func keyedError(cause error, key string, args ...any) *KeyedError {
	return &KeyedError{Key: key, Args: args, Text: catalog.T(catalog.EN, messageKey(key), args...), Err: cause}
}

// ResourceError is a resource of the plan that failed: Err says why, in
// AWS's words when AWS refused. The text is Err's alone, as before, so the
// command line reads the same; the wizard names the resource in its own
// language around AWS's message.
type ResourceError struct {
	Resource Resource
	Err      error
}

func (e *ResourceError) Error() string { return e.Err.Error() }

// In says the failure in l: in English as Error does; otherwise the
// resource's name, then its cause in l (AWS's own words kept as they are).
func (e *ResourceError) In(l catalog.Lang) string {
	if l == catalog.EN {
		return e.Error()
	}
	return e.Resource.Name + ": " + catalog.Text(l, e.Err)
}

func (e *ResourceError) Unwrap() error { return e.Err }

// AWSSaid is an AWS failure taken apart: what infrawiz was doing (Op, in
// English), AWS's error code (may be empty) and AWS's own message, which
// the wizard shows as AWS wrote it while wording the rest in the user's
// language. Whole is the error's text as the command line shows it.
type AWSSaid struct {
	Op, Code, Message, Whole string
}

// AWSMessage finds the AWS failure in err, if AWS refused or failed a call.
func AWSMessage(err error) (AWSSaid, bool) {
	var ae *aws.Error
	if !errors.As(err, &ae) {
		return AWSSaid{}, false
	}
	msg := ae.Message
	if msg == "" {
		msg = ae.Msg.String()
	}
	if msg == "" && ae.Err != nil {
		msg = ae.Err.Error()
	}
	return AWSSaid{Op: ae.Op, Code: ae.Code, Message: msg, Whole: ae.Error()}, true
}
