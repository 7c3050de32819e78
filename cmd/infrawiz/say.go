package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// table lines up tab-separated cells by their width on screen, as
// text/tabwriter does (padding 2, the last cell of a line left as it is),
// but counting a Hangul syllable as the two columns a terminal gives it:
// tabwriter counts runes, and a Korean table comes out ragged.
type table struct {
	rows [][]string
}

// add adds a line whose cells are separated by tabs.
func (t *table) add(line string) {
	t.rows = append(t.rows, strings.Split(line, "\t"))
}

// addf adds a line formatted as fmt does.
func (t *table) addf(format string, args ...any) { t.add(fmt.Sprintf(format, args...)) }

// write prints the table: every cell but a line's last padded to its
// column's widest plus two.
func (t *table) write(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r[:len(r)-1] {
			b.WriteString(pad(c, widths[i]+2))
		}
		b.WriteString(r[len(r)-1])
		b.WriteByte('\n')
	}
	_, _ = io.WriteString(w, b.String())
}

// pad fills s with spaces to n columns on screen.
func pad(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// word is what the catalogue calls s under prefix ("kind.", "state."), or
// s itself where it has no word for it: AWS's own state names, say.
func word(l catalog.Lang, prefix, s string) string {
	if _, ok := catalog.Lookup(prefix + s); ok {
		return catalog.T(l, prefix+s)
	}
	return s
}

// say prints the catalogue's key in l, on a line of its own.
func say(w io.Writer, l catalog.Lang, key string, args ...any) {
	fmt.Fprintln(w, catalog.T(l, key, args...))
}

// cliError is a failure of the command line's own, said by the catalogue;
// err is its cause, for errors.Is and the hints.
type cliError struct {
	msg catalog.Message
	err error
}

func (e *cliError) Error() string            { return e.msg.String() }
func (e *cliError) In(l catalog.Lang) string { return e.msg.In(l) }
func (e *cliError) Unwrap() error            { return e.err }
func failure(err error, key string, args ...any) error {
	return &cliError{msg: catalog.Msg(key, args...), err: err}
}
