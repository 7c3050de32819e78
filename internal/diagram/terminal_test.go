package diagram_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/diagram"
	"github.com/infrawiz/infrawiz/steps"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func langs() map[string]diagram.Words {
	return map[string]diagram.Words{"en": steps.DiagramWords(catalog.EN), "ko": steps.DiagramWords(catalog.KO)}
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// fits fails on a line wider than width cells.
func fits(t *testing.T, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, width, l)
		}
	}
}

func TestTerminal_GoldenAt80Columns(t *testing.T) {
	for _, s := range stacks(t) {
		for lang, w := range langs() {
			t.Run(s.name+"."+lang, func(t *testing.T) {
				out := diagram.Terminal(s.topology(), w, diagram.TermOptions{Width: 80})
				fits(t, out, 80)
				golden(t, "terminal-"+s.name+"."+lang+".golden", out)
			})
		}
	}
}

func TestTerminal_NoLineWiderThanTheTerminal(t *testing.T) {
	long := plan(t, steps.Inputs{Prefix: strings.Repeat("abcd", 11)}, seoul) // the longest prefix there is
	rep := report(long, nil)
	tops := []diagram.Topology{steps.Topology(long, nil), steps.Topology(long, &rep)}
	for _, s := range stacks(t) {
		tops = append(tops, s.topology())
	}
	for _, width := range []int{40, diagram.MinWidth, 80, 100, 132} {
		for _, top := range tops {
			for _, w := range langs() {
				out := diagram.Terminal(top, w, diagram.TermOptions{Width: width})
				fits(t, out, max(width, diagram.MinWidth))
			}
		}
	}
}

// line returns the first line of out that holds every one of subs.
func line(out string, subs ...string) (string, bool) {
	for _, l := range strings.Split(out, "\n") {
		all := true
		for _, s := range subs {
			all = all && strings.Contains(l, s)
		}
		if all {
			return l, true
		}
	}
	return "", false
}

func TestTerminal_MarksEachPartsState(t *testing.T) {
	var pending stack
	for _, s := range stacks(t) {
		if s.name == "pending" {
			pending = s
		}
	}
	for lang, w := range langs() {
		out := diagram.Terminal(pending.topology(), w, diagram.TermOptions{})
		for _, c := range []struct {
			name, mark, word string
		}{
			{"mhson-nat-2a", "~", w.Pending},
			{"mhson-ec2-bastion-2a", "!", w.Stopped},
			{"mhson-ec2-public-2a", "✓", ""},
			{"mhson-rt-internal", "✓", ""},
			{"0.0.0.0/0 → mhson-nat-2a", "✗", ""},
		} {
			l, ok := line(out, c.name)
			if !ok || !strings.Contains(l, c.mark+" ") || (c.word != "" && !strings.Contains(l, c.word)) {
				t.Errorf("%s: the line of %s should carry %q and %q: %q", lang, c.name, c.mark, c.word, l)
			}
		}
		// The missing route's word is on the line under it.
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			if strings.Contains(l, "0.0.0.0/0 → mhson-nat-2a") && (i+1 == len(lines) || !strings.Contains(lines[i+1], w.Missing)) {
				t.Errorf("%s: the missing route should be said missing under it", lang)
			}
		}
		// A flow is marked by the worst part it passes: the way out
		// waits for the NAT gateway; the bastion's SSH stops at the
		// stopped bastion.
		if l, ok := line(out, w.NAT+" → "+w.IGW); !ok || !strings.Contains(l, "~ ") {
			t.Errorf("%s: the flow through the pending NAT gateway should be marked pending: %q", lang, l)
		}
		if l, ok := line(out, w.Me+" → "); !ok || !strings.Contains(l, "! ") {
			t.Errorf("%s: the flow to the stopped bastion should be marked stopped: %q", lang, l)
		}
	}
}

func TestTerminal_PaintColoursMarksOnly(t *testing.T) {
	s := stacks(t)[2]
	plain := diagram.Terminal(s.topology(), steps.DiagramWords(catalog.EN), diagram.TermOptions{})
	painted := diagram.Terminal(s.topology(), steps.DiagramWords(catalog.EN), diagram.TermOptions{
		Paint: func(st diagram.State, mark string) string {
			return "\x1b[3" + string(rune('0'+int(st))) + "m" + mark + "\x1b[0m"
		},
	})
	if ansi.Strip(painted) != plain {
		t.Errorf("painting changed more than the marks:\n%s\n%s", ansi.Strip(painted), plain)
	}
	fits(t, painted, 80)
}
