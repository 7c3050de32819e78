package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// shellWrap lays out a shell command in lines of at most width columns
// that paste back into a shell as the same command, so the learn pane's
// commands can be copied. It breaks between arguments, ending the line
// with " \" and indenting the next by two spaces.
//
// An argument wider than a line (a long --tag-specifications) is the one
// exception. Letting it overflow would break the frame (every line must
// fit), and cutting it with "…" would lose part of it. So it is split
// where the shell joins it back: the line ends in "\" with no space,
// which the shell removes with the newline; inside quotes the quote is
// closed before it and opened again at the start of the next line,
// which starts at column 0 because a space there would end the word.
// The pasted text is still one argument, byte for byte.
func shellWrap(cmd string, width int) []string {
	if width < 8 || lipgloss.Width(cmd) <= width {
		return []string{cmd}
	}
	const indent = "  "
	toks := shellFields(cmd)
	var lines []string
	cur := ""
	for i, tok := range toks {
		limit := width - 2 // room for " \"
		if i == len(toks)-1 {
			limit = width
		}
		sep := " "
		if cur == "" || cur == indent {
			sep = ""
		}
		if lipgloss.Width(cur+sep+tok) <= limit {
			cur += sep + tok
			continue
		}
		if cur != "" && cur != indent {
			lines = append(lines, cur+" \\")
			cur = indent
		}
		if lipgloss.Width(cur+tok) <= limit {
			cur += tok
			continue
		}
		// Every piece keeps room for the " \" that may follow the last.
		pieces := splitWord(tok, width-2-lipgloss.Width(cur), width-2)
		if len(pieces) == 1 {
			cur += pieces[0]
			continue
		}
		lines = append(lines, cur+pieces[0])
		lines = append(lines, pieces[1:len(pieces)-1]...)
		cur = pieces[len(pieces)-1]
	}
	return append(lines, cur)
}

// shellFields splits a command at the spaces outside quotes.
func shellFields(cmd string) []string {
	var out []string
	var b strings.Builder
	var q rune // the open quote, or 0
	escaped := false
	for _, r := range cmd {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && q != '\'':
			escaped = true
		case q != 0 && r == q:
			q = 0
		case q == 0 && (r == '\'' || r == '"'):
			q = r
		case q == 0 && r == ' ':
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// splitWord splits one shell word into pieces the shell joins back: every
// piece but the last ends in a backslash (after closing an open quote),
// and the piece after it reopens that quote. The first piece gets first
// columns, the others width.
func splitWord(word string, first, width int) []string {
	var pieces []string
	budget := max(first, 4)
	var b strings.Builder
	bw := 0
	var q rune // quote open at the current boundary
	escaped := false
	// Only a single quote is closed before the break and opened again
	// after it: inside double quotes the shell removes a backslash and
	// newline itself, so the break may fall anywhere there, even inside
	// "$NAME", and closing the quote would cut the name in two.
	closeLen := func(q rune) int {
		if q == '\'' {
			return 1
		}
		return 0
	}
	for _, r := range word {
		// The quote state after r, to know what closing at the next
		// boundary would cost.
		nq, nesc := q, false
		switch {
		case escaped:
		case r == '\\' && q != '\'':
			nesc = true
		case q != 0 && r == q:
			nq = 0
		case q == 0 && (r == '\'' || r == '"'):
			nq = r
		}
		rw := lipgloss.Width(string(r))
		if !escaped && bw > closeLen(q) && bw+rw+closeLen(nq)+1 > budget {
			// Split before r: close the quote, continue the line.
			if q == '\'' {
				b.WriteRune(q)
			}
			b.WriteString("\\")
			pieces = append(pieces, b.String())
			b.Reset()
			bw = 0
			budget = width
			if q == '\'' {
				b.WriteRune(q)
				bw = 1
			}
		}
		b.WriteRune(r)
		bw += rw
		q, escaped = nq, nesc
	}
	return append(pieces, b.String())
}
