package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Error kinds. An AWS error is classified once, here, so callers test with
// errors.Is and the user interface can say what to do about it.
var (
	ErrNotFound   = errors.New("not found")
	ErrThrottled  = errors.New("throttled")
	ErrQuota      = errors.New("quota exceeded")
	ErrAuth       = errors.New("not authorised")
	ErrInvalid    = errors.New("invalid request")
	ErrExists     = errors.New("already exists")
	ErrDependency = errors.New("still in use")
	ErrCapacity   = errors.New("no capacity")
	ErrTransient  = errors.New("reply lost")
	ErrForeign    = errors.New("owned by someone else")
	ErrFailed     = errors.New("resource failed")
	// ErrUnknownID is an id of the stack's own that AWS still did not know
	// after Patience.Unknown: created moments ago and not propagated, or
	// deleted meanwhile.
	ErrUnknownID = errors.New("not known to AWS")
)

// Error is an AWS error with what infrawiz was doing and its kind.
type Error struct {
	Op      string // what we were doing, e.g. "create subnet mhson-subnet-public-2a"
	Kind    error
	Code    string // the AWS error code, when there is one
	Message string // AWS's own words, kept as AWS wrote them
	// Msg is infrawiz's own words where AWS gave none (a wait that timed
	// out, a NAT gateway found deleted), as a message of the catalogue.
	Msg catalog.Message
	Err error
	// ID is the AWS id the error is about, when AWS named one.
	ID string
}

func (e *Error) Error() string { return e.Op + ": " + e.Said(catalog.EN) }

// In says the error in l: AWS's own words as AWS wrote them, infrawiz's
// in l; what infrawiz was doing is English (the catalogue's "aws.error"
// leaves it out of Korean).
func (e *Error) In(l catalog.Lang) string {
	if l == catalog.EN {
		return e.Error()
	}
	return catalog.T(l, "aws.error", e.Op, e.Said(l))
}

// Said is what AWS (or infrawiz, when AWS said nothing) said, with AWS's
// code: the error without what infrawiz was doing.
func (e *Error) Said(l catalog.Lang) string {
	msg := e.Message
	if msg == "" {
		msg = e.Msg.In(l)
	}
	if msg == "" && e.Err != nil {
		msg = catalog.Text(l, e.Err)
	}
	if e.Code != "" {
		return e.Code + ": " + msg
	}
	return msg
}

func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// classify wraps err with op and the kind of failure.
func classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: %w", op, err)
	}
	e := &Error{Op: op, Err: err, Kind: ErrInvalid}
	var api smithy.APIError
	if errors.As(err, &api) {
		e.Code, e.Message = api.ErrorCode(), api.ErrorMessage()
		e.Kind = kindOf(e.Code)
		if errors.Is(e.Kind, ErrInvalid) && statusOf(err) >= 500 {
			e.Kind = ErrTransient
		}
		return e
	}
	if lostReply(err) {
		e.Kind = ErrTransient
	}
	return e
}

func kindOf(code string) error {
	switch {
	case strings.HasSuffix(code, "NotFound"), strings.HasSuffix(code, ".NotFound"),
		code == "InvalidAllocationID.NotFound", code == "InvalidAMIID.Unavailable":
		return ErrNotFound
	case code == "RequestLimitExceeded", code == "Throttling", code == "ThrottlingException":
		return ErrThrottled
	case strings.HasSuffix(code, "LimitExceeded"), code == "MaxSpotInstanceCountExceeded",
		code == "VcpuLimitExceeded":
		return ErrQuota
	case code == "UnauthorizedOperation", code == "AuthFailure", code == "InvalidClientTokenId",
		code == "ExpiredToken", code == "SignatureDoesNotMatch", code == "AccessDenied",
		code == "AccessDeniedException", code == "OptInRequired", code == "UnrecognizedClientException":
		return ErrAuth
	case strings.HasSuffix(code, ".Duplicate"), code == "RouteAlreadyExists",
		code == "Resource.AlreadyAssociated", code == "IdempotentParameterMismatch":
		return ErrExists
	case code == "DependencyViolation", code == "InvalidIPAddress.InUse":
		return ErrDependency
	case code == "InsufficientInstanceCapacity", code == "InsufficientAddressCapacity",
		code == "Unsupported":
		return ErrCapacity
	case code == "InternalError", code == "InternalFailure", code == "ServiceUnavailable",
		code == "Unavailable":
		return ErrTransient
	}
	return ErrInvalid
}

func statusOf(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// lostReply reports whether a call may have reached AWS although no reply
// came back: the case where a create must be resolved by its tags.
func lostReply(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if statusOf(err) >= 500 {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		return errors.Is(kindOf(api.ErrorCode()), ErrTransient)
	}
	s := err.Error()
	return strings.Contains(s, "connection reset") || strings.Contains(s, "EOF") ||
		strings.Contains(s, "timeout") || strings.Contains(s, "connection refused")
}

// retryable reports whether trying a call again can help.
func retryable(err error) bool {
	return errors.Is(err, ErrTransient) || errors.Is(err, ErrThrottled)
}
