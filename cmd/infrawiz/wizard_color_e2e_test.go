package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/internal/testenv"
)

// sgrRE finds Select Graphic Rendition sequences (ESC [ params m).
var sgrRE = regexp.MustCompile("\x1b\\[([0-9;:]*)m")

// colourSGR returns the first SGR sequence in s that sets a colour (a
// foreground or background of 8, 16, 256 or 24-bit colours); resetting to
// the default colour (39, 49) and attributes such as bold are not colour.
func colourSGR(s string) string {
	for _, m := range sgrRE.FindAllStringSubmatch(s, -1) {
		params := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' })
		for i := 0; i < len(params); i++ {
			n, err := strconv.Atoi(params[i])
			if err != nil {
				continue
			}
			switch {
			case n == 38 || n == 48 || n == 58:
				return strconv.Quote(m[0])
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				return strconv.Quote(m[0])
			}
		}
	}
	return ""
}

// captureEscapes is the pane with its colours and attributes as escapes.
func (p *pane) captureEscapes() string {
	p.t.Helper()
	out, err := exec.Command(p.tmux, "-S", p.sock, "capture-pane", "-e", "-p", "-t", p.name).CombinedOutput()
	if err != nil {
		p.t.Fatalf("capture-pane -e: %v\n%s", err, out)
	}
	return string(out)
}

// The detector itself: colours are found, resets and bold are not.
func TestColourSGR(t *testing.T) {
	for s, want := range map[string]bool{
		"\x1b[1mbold\x1b[0m\x1b[39m\x1b[49m": false,
		"\x1b[38;5;103mgrey":                 true,
		"\x1b[31mred":                        true,
		"\x1b[1;44mblue":                     true,
		"\x1b[38:2::1:2:3mtrue":              true,
		"plain":                              false,
	} {
		if got := colourSGR(s) != ""; got != want {
			t.Errorf("colourSGR(%q) found colour: %v, want %v", s, got, want)
		}
	}
}

// With NO_COLOR set, or on a dumb terminal, the real wizard draws no
// colour at all, and stays usable: the choice under the cursor and the
// current step are still marked, by "›", not by colour alone.
func TestWizard_NoColour(t *testing.T) {
	requireTmux(t)
	emu := testenv.Moto(t)
	// The same wizard in colour: the detector must see colour there, or
	// its silence below would prove nothing.
	for _, tc := range []struct {
		name   string
		env    []string
		colour bool
	}{
		{"colour", []string{"TERM=xterm-256color"}, true},
		{"NO_COLOR", []string{"TERM=xterm-256color", "NO_COLOR=1"}, false},
		{"TERM=dumb", []string{"TERM=dumb"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			var env []string
			for _, e := range wizardEnv(t, home, emu.Endpoint) {
				if !strings.HasPrefix(e, "TERM=") {
					env = append(env, e)
				}
			}
			env = append(env, tc.env...)
			p := startPane(t, wizardLine(env, binary(t), "--prefix", "mono", "--region", wizRegion, "--my-ip", wizIP))
			p.waitFor("the start screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "› Start a new stack") })
			check := func(where string) {
				t.Helper()
				raw := p.captureEscapes()
				if c := colourSGR(raw); (c != "") != tc.colour {
					t.Errorf("%s: colour sequence %s, want colour: %v\n%s", where, c, tc.colour, strings.ReplaceAll(raw, "\x1b", "^["))
				}
			}
			check("start screen")
			p.keys("Enter")
			p.waitFor("the credentials screen", 30*time.Second, func(s string) bool { return strings.Contains(s, "Signed in") })
			check("credentials screen")
			p.keys("Enter")
			s := p.waitFor("the naming screen", 15*time.Second, func(s string) bool { return strings.Contains(s, "Names it will make") })
			check("naming screen")
			if !strings.Contains(s, "› ") || !regexp.MustCompile(`›\s+Naming`).MatchString(s) {
				t.Errorf("the current step is not marked without colour:\n%s", s)
			}
		})
	}
}
