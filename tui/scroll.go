package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// scroller shows a page taller than its screen a screenful at a time:
// from where the student scrolled it to with pgup/pgdn, or else from
// where the lines the page keeps in sight are (the field being typed in,
// what failed); its last line says which lines are in sight and how to
// scroll. With the learn pane open those keys are the pane's, and the
// line says so.
type scroller struct {
	from     int
	scrolled bool
}

// follow forgets where the page was scrolled to: whatever the student
// does next, they see it done.
func (sc *scroller) follow() { sc.scrolled = false }

// tall says a page of lines is taller than a screen of height lines.
func tall(lines []string, height int) bool { return height > 1 && len(lines) > height }

// press scrolls the page by k's page and says it did: a page taller than
// the screen, pgup or pgdn, and the learn pane closed (it has them then).
func (sc *scroller) press(sh Shared, k tea.KeyPressMsg, page func() (string, [2]int), width, height int) bool {
	if sh.LearnOpen || !key.Matches(k, sh.Keys.LearnUp, sh.Keys.LearnDown) {
		return false
	}
	p, keep := page()
	lines := strings.Split(p, "\n")
	if !tall(lines, height) {
		return false
	}
	v, _ := sc.viewport(sh, lines, keep, width, height).Update(k)
	sc.from, sc.scrolled = v.YOffset(), true
	return true
}

// view is the page as a screen of width x height shows it.
func (sc *scroller) view(sh Shared, page string, keep [2]int, width, height int) string {
	lines := strings.Split(page, "\n")
	if !tall(lines, height) {
		return page
	}
	v := sc.viewport(sh, lines, keep, width, height)
	first := v.YOffset() + 1
	last := min(first+v.Height()-1, len(lines))
	where := "view.position"
	if sh.LearnOpen {
		where = "view.position.learn"
	}
	return v.View() + "\n" + fit(sh.Styles.Muted.Render(sh.T(where, first, last, len(lines))), width, 1)
}

// viewport is the page in the screen's lines but the last (which says
// where it is and how to scroll).
func (sc *scroller) viewport(sh Shared, lines []string, keep [2]int, width, height int) viewport.Model {
	h := height - 1
	from := sightFrom(len(lines), keep, h)
	if sc.scrolled {
		from = sc.from
	}
	return pane(sh.Keys.learnKeys(), from, lines, width, h)
}

// sightFrom is the first line of a page of total lines that a screen of
// height lines shows before the student scrolls: the top, unless lines
// keep[0] to keep[1] (the form and its message, or what failed) would
// fall below the bottom; then as far down as brings the last of them in
// sight, never past the first. A page's title and introduction go out
// of sight before the field being typed in does.
func sightFrom(total int, keep [2]int, height int) int {
	if height <= 0 || total <= height || keep[0] < 0 || keep[1] <= height {
		return 0
	}
	return min(keep[1]-height, keep[0])
}

// focusedLines are the first and last lines of the form's field in
// focus: those its theme (huh's Base16) marks with a thick left border.
func focusedLines(form string) (first, last int, ok bool) {
	first = -1
	for i, l := range strings.Split(form, "\n") {
		if strings.HasPrefix(ansi.Strip(l), "┃") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, first >= 0
}
