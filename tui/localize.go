package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// localize is err in the user's language. Package steps words its
// validation in English for the command line, and keys each message: a
// *steps.FieldError, a steps.ValidationError (each of its FieldErrors) or
// a steps.Problem whose Key the catalogue knows ("field.<key>") is said as
// "<field> <value>: <text>", the way FieldError.Error says it, so English
// reads exactly as on the command line. A few causes they carry are said
// too (a missing file, a stack of someone else's). Anything else is
// err.Error().
func localize(sh Shared, err error) string {
	if err == nil {
		return ""
	}
	if s, ok := localized(sh.Lang, err); ok {
		return s
	}
	return err.Error()
}

// localized says err in l, if it is an error it knows.
func localized(l catalog.Lang, err error) (string, bool) {
	switch e := err.(type) { //nolint:errorlint // only the error itself is translated; a wrapped one keeps its own words
	case *steps.FieldError:
		if e == nil {
			return "", false
		}
		return localizedField(l, e)
	case steps.ValidationError:
		parts := make([]string, len(e))
		known := false
		for i, fe := range e {
			s, ok := localizedField(l, fe)
			if !ok {
				s = fe.Error()
			}
			parts[i], known = s, known || ok
		}
		return strings.Join(parts, "\n"), known
	case steps.Problem:
		return fieldText(l, e.Key, e.Args)
	case *steps.KeyedError:
		return fieldText(l, e.Key, e.Args)
	case *steps.ResourceError:
		return localizedResource(l, e)
	case *steps.PreflightError:
		if l == catalog.EN {
			return e.Error(), true
		}
		parts := make([]string, len(e.Problems))
		for i, p := range e.Problems {
			parts[i] = preflightText(l, p)
		}
		return catalog.T(l, "preflight.title") + " " + strings.Join(parts, "; "), true
	case interface{ Unwrap() []error }:
		// errors.Join, as a run returns the failures of its resources:
		// each error on its line. Another error with several causes has
		// words of its own, and is left as it is.
		errs, ok := joined(err)
		if !ok {
			break
		}
		parts := make([]string, len(errs))
		known := false
		for i, x := range errs {
			parts[i] = x.Error()
			if s, ok := localized(l, x); ok {
				parts[i], known = s, true
			}
		}
		return strings.Join(parts, "\n"), known
	}
	if s, ok := localizedAWS(l, err); ok {
		return s, true
	}
	return localizedCause(l, err)
}

// localizedResource is a resource's failure: in English as the command
// line says it; otherwise the resource's name, then its cause in l.
func localizedResource(l catalog.Lang, e *steps.ResourceError) (string, bool) {
	if l == catalog.EN {
		return e.Error(), true
	}
	cause, ok := localized(l, e.Err)
	if !ok {
		cause = e.Err.Error()
	}
	return e.Resource.Name + ": " + cause, true
}

// localizedAWS is an AWS failure with AWS's own words kept as they are and
// what infrawiz was doing said in l. Only an AWS error as it is, not one
// wrapped in more words, which the wrapper would lose.
func localizedAWS(l catalog.Lang, err error) (string, bool) {
	said, ok := steps.AWSMessage(err)
	if !ok || said.Whole != err.Error() {
		return "", false
	}
	text := said.Message
	if said.Code != "" {
		text = said.Code + ": " + text
	}
	return catalog.T(l, "aws.error", said.Op, text), true
}

// localizedCause says the few plain errors a FieldError may carry as its
// cause, not in English (where the words are the system's own): a file
// that is missing or unreadable, a stack that belongs to someone else.
func localizedCause(l catalog.Lang, err error) (string, bool) {
	if l == catalog.EN {
		return "", false
	}
	key := func(err error) string {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "cause.notexist"
		case errors.Is(err, fs.ErrPermission):
			return "cause.permission"
		case steps.KindOf(err) == steps.KindForeign:
			return "cause.foreign"
		}
		return ""
	}
	if pe, ok := err.(*fs.PathError); ok { //nolint:errorlint // see above
		if k := key(pe.Err); k != "" {
			return pe.Path + ": " + catalog.T(l, k), true
		}
		return "", false
	}
	if k := key(err); k != "" && errors.Unwrap(err) == nil {
		return catalog.T(l, k), true
	}
	return "", false
}

// localizedError is err said by localize, for a form that shows it (nil
// stays nil).
func localizedError(sh Shared, err error) error {
	if err == nil {
		return nil
	}
	return errors.New(localize(sh, err))
}

// localizedField is FieldError.Error in l: the field's name, the value
// given, what is allowed and the cause.
func localizedField(l catalog.Lang, fe *steps.FieldError) (string, bool) {
	text, ok := fieldText(l, fe.Key, fe.Args)
	if !ok {
		return "", false
	}
	s := fieldName(l, fe.Field)
	if fe.Value != "" {
		s += fmt.Sprintf(" %q", fe.Value)
	}
	s += ": " + text
	if fe.Err != nil {
		cause, ok := localized(l, fe.Err)
		if !ok {
			cause = fe.Err.Error()
		}
		s += " (" + cause + ")"
	}
	return s, true
}

// fieldText is the catalogue's "field.<key>" (input) or "msg.<key>" (what
// a run reports) with args, if it has one. A step among the args is said
// by its name in l.
func fieldText(l catalog.Lang, key string, args []any) (string, bool) {
	if key == "" {
		return "", false
	}
	for _, prefix := range []string{"field.", "msg."} {
		if _, ok := catalog.Lookup(prefix + key); ok {
			return catalog.T(l, prefix+key, localArgs(l, args)...), true
		}
	}
	return "", false
}

// localArgs says the steps among args by their names in l.
func localArgs(l catalog.Lang, args []any) []any {
	out := slices.Clone(args)
	for i, a := range out {
		if st, ok := a.(steps.Step); ok {
			out[i] = catalog.T(l, "step."+st.String())
		}
	}
	return out
}

// preflightText is one finding of the check before the first create in l;
// a warning (AWS may still allow it) and a practice-mode quota (the
// emulator enforces none) say so first.
func preflightText(l catalog.Lang, p aws.Problem) string {
	text := p.Message
	if p.Key != "" {
		text = catalog.T(l, "preflight."+p.Key, p.Args...)
	}
	switch {
	case p.Practice:
		return catalog.T(l, "preflight.practice", text)
	case p.Warning:
		return catalog.T(l, "preflight.warning", text)
	}
	return text
}

// noteText is a message a run reported (an event's, a key file's
// warning) in l: the catalogue's, or English when it has none.
func noteText(l catalog.Lang, key string, args []any, english string) string {
	if s, ok := fieldText(l, key, args); ok {
		return s
	}
	return english
}

// fieldName is a field as a message names it: "fieldname.<field>", a
// subnet by its key, else the field as the command line spells it.
func fieldName(l catalog.Lang, field string) string {
	if _, ok := catalog.Lookup("fieldname." + field); ok {
		return catalog.T(l, "fieldname."+field)
	}
	if k, ok := strings.CutPrefix(field, "subnets."); ok {
		return catalog.T(l, "fieldname.subnets.item", k)
	}
	return field
}
