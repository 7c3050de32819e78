// Package catalog is the one catalogue of user-facing strings, in English and
// Korean. Every key has both languages; a test checks it.
package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// Lang is a language of the wizard.
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

// T returns the string for key in lang, formatted with args. A missing key
// shows as !key so it is seen, not hidden.
func T(l Lang, key string, args ...any) string {
	e, ok := catalogue[key]
	if !ok {
		return "!" + key
	}
	s := e.En
	if l == KO {
		s = e.Ko
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
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
