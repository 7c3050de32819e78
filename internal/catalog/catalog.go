// Package catalog is the one catalogue of user-facing strings, in English and
// Korean, by key. The packages below the two faces (steps, aws, check,
// reach) say what they have to say as a Message, a key and its arguments;
// the faces, and the English Error texts those packages keep for logs and
// JSON, render it here. So an English sentence and its Korean live side by
// side, and editing one in place keeps the other beside it. Every key has
// both languages; a test checks it.
//
// A Korean template marks the particles that follow an argument with the
// pair of their forms, the form after a final consonant first: "%s{을/를}",
// "%[2]s{으로/로}". After formatting, each marker becomes the form the word
// before it takes when read aloud (see Ending), so "VPC{은/는}" renders as
// "VPC는" and "/27{을/를}" as "/27을".
package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Lang is a language of the user interface.
type Lang int

// The languages.
const (
	EN Lang = iota
	KO
)

func (l Lang) String() string {
	switch l {
	case KO:
		return "ko"
	default:
		return "en"
	}
}

// Parse reads "en" or "ko".
func Parse(s string) (Lang, bool) {
	switch strings.ToLower(s) {
	case "en":
		return EN, true
	case "ko":
		return KO, true
	}
	return EN, false
}

// Detect picks the language: the flag if given, else Korean when LC_ALL or
// LANG names a Korean locale (ko_KR.UTF-8), else English.
func Detect(flag string, getenv func(string) string) Lang {
	if l, ok := Parse(flag); ok {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return KO
			}
			return EN
		}
	}
	return EN
}

// Entry is one string in both languages.
type Entry struct{ En, Ko string }

// catalogue holds every string; the files of this package add theirs.
var catalogue = map[string]Entry{}

// add registers entries; a key defined twice is a programming error that
// the catalogue test reports.
func add(entries map[string]Entry) bool {
	for k, e := range entries {
		if _, dup := catalogue[k]; dup {
			duplicates = append(duplicates, k)
		}
		catalogue[k] = e
	}
	return true
}

var duplicates []string

// Localized is a value that can say itself in a language: a Message, a
// list of them, and the errors and findings of the packages below the
// faces. An argument that is Localized is rendered in the language of the
// message it is an argument of.
type Localized interface {
	In(Lang) string
}

// Message is something to tell the user, as a key of the catalogue and the
// values its text quotes. An argument may itself be Localized (a Message, a
// List): it is said in the same language as the message around it.
type Message struct {
	Key  string
	Args []any
}

// Msg builds a Message.
func Msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// In is the message in l; the zero Message says nothing.
func (m Message) In(l Lang) string {
	if m.Key == "" {
		return ""
	}
	return T(l, m.Key, m.Args...)
}

// String is the message in English, as logs, errors and JSON carry it.
func (m Message) String() string { return m.In(EN) }

// IsZero reports whether m says nothing.
func (m Message) IsZero() bool { return m.Key == "" }

// List is several Localized values said one after the other, joined by
// Sep, or, when SepKey is set, by the catalogue's separator for the
// language (clauses joined by "; " in English read better as sentences in
// Korean: "sep.clause").
type List struct {
	Sep    string
	SepKey string
	Items  []Localized
}

// In says every item in l.
func (ls List) In(l Lang) string {
	parts := make([]string, len(ls.Items))
	for i, it := range ls.Items {
		parts[i] = it.In(l)
	}
	sep := ls.Sep
	if ls.SepKey != "" {
		sep = T(l, ls.SepKey)
	}
	return strings.Join(parts, sep)
}

func (ls List) String() string { return ls.In(EN) }

// Verbatim is text said the same in every language: a name, an address,
// a command, or English from outside the catalogue.
type Verbatim string

// In is the text itself.
func (v Verbatim) In(Lang) string { return string(v) }

// Join makes a List of messages.
func Join(sep string, ms ...Message) List {
	items := make([]Localized, len(ms))
	for i, m := range ms {
		items[i] = m
	}
	return List{Sep: sep, Items: items}
}

// T returns the string for key in l, formatted with args: Localized
// arguments said in l first, then the Korean particles resolved. A missing
// key shows as !key so it is seen, not hidden.
func T(l Lang, key string, args ...any) string {
	e, ok := catalogue[key]
	if !ok {
		return "!" + key
	}
	s := e.En
	if l == KO {
		s = e.Ko
	}
	return format(l, s, args)
}

// format fills tmpl with args said in l and resolves its particle markers.
// A template without arguments is taken as it is (a literal % stays).
func format(l Lang, tmpl string, args []any) string {
	marked, n := markParticles(tmpl)
	s := marked
	if len(args) > 0 {
		local := make([]any, len(args))
		for i, a := range args {
			if x, ok := a.(Localized); ok {
				a = x.In(l)
			}
			local[i] = a
		}
		s = fmt.Sprintf(marked, local...)
	}
	if strings.Contains(s, "{s}") {
		s = resolvePlurals(s)
	}
	if n == 0 {
		return s
	}
	return resolveParticles(s)
}

// plural is an English count and its noun marked "{s}": "%d resource{s}".
var plural = regexp.MustCompile(`\b(\d+) ([A-Za-z]+)\{s\}`)

// resolvePlurals says "1 resource" and "2 resources"; a marker without a
// count before it takes the plural.
func resolvePlurals(s string) string {
	s = plural.ReplaceAllStringFunc(s, func(m string) string {
		g := plural.FindStringSubmatch(m)
		if g[1] == "1" {
			return g[1] + " " + g[2]
		}
		return g[1] + " " + g[2] + "s"
	})
	return strings.ReplaceAll(s, "{s}", "s")
}

// Text says v in l: a Localized value as it says itself, the errors that
// errors.Join put together each on its line, anything else as fmt does.
func Text(l Lang, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case Localized:
		return x.In(l)
	case interface{ Unwrap() []error }:
		if err, ok := v.(error); ok && isJoin(err) {
			errs := x.Unwrap()
			parts := make([]string, len(errs))
			for i, e := range errs {
				parts[i] = Text(l, e)
			}
			return strings.Join(parts, "\n")
		}
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// isJoin tells errors.Join's errors (their text is their parts' on lines of
// their own) from an error with several causes and words of its own.
func isJoin(err error) bool {
	u, ok := err.(interface{ Unwrap() []error }) //nolint:errorlint // the error itself, not what it wraps
	if !ok {
		return false
	}
	parts := u.Unwrap()
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Error()
	}
	return strings.Join(texts, "\n") == err.Error()
}

// Keys lists every key, sorted.
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lookup returns an entry, for tests.
func Lookup(key string) (Entry, bool) {
	e, ok := catalogue[key]
	return e, ok
}

// Duplicates lists keys defined more than once, for tests.
func Duplicates() []string { return duplicates }
