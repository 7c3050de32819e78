package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// A subnet's problem names the subnets as the table does (public-2c),
// never by the inputs file's keys (subnets.public-2, public-2).
func TestJourneyB_SubnetProblemsNameTheRows(t *testing.T) {
	for _, lang := range goldenLangs {
		s := netScreen(t, steps.StepSubnets, netShared(t, lang, nil))
		s, _ = netSend(t, s, netEnter)
		s = netRetype(t, s, 20, "192.168.11.0/26")
		v := journeyWords(netView(s, 120, 40))
		msg := journeyWords(catalog.Text(lang, s.(*stepScreen).live))
		for _, want := range []string{"public-2c", "public-2a", "192.168.11.0/26"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%v: the message %q does not name %s", lang, msg, want)
			}
		}
		if strings.Contains(v, "subnets.") || strings.Contains(msg, "public-2 ") || strings.Contains(msg, "public-1") {
			t.Errorf("%v: the screen names a subnet by its key:\n%s", lang, v)
		}
		if !strings.Contains(v, msg) {
			t.Errorf("%v: the message is not on screen:\n%s", lang, v)
		}
	}
}

// journeyNaming is the naming screen, sized as at 80x24.
func journeyNaming(t *testing.T, lang catalog.Lang, prefix string) *namingScreen {
	t.Helper()
	sh := netShared(t, lang, func(in *steps.Inputs) { in.Prefix = prefix })
	s := newNamingScreen(sh).(*namingScreen)
	s.SetSize(journeyNarrow, 20)
	s.Init()
	return s
}

func journeyPress(s screen, keys ...tea.Msg) {
	for _, k := range keys {
		s.Update(k)
	}
}

// The prefix's problem is said once, under the field, not again by the
// form after Enter.
func TestJourneyB_PrefixProblemSaidOnce(t *testing.T) {
	for _, lang := range goldenLangs {
		s := journeyNaming(t, lang, "Lab")
		journeyPress(s, netEnter)
		v := journeyWords(s.View())
		msg := journeyWords(catalog.Text(lang, s.live))
		if msg == "" || strings.Count(v, msg) != 1 {
			t.Errorf("%v: %q is said %d times:\n%s", lang, msg, strings.Count(v, msg), s.View())
		}
		// Said whole (the whole of "allowed"), not cut.
		journeyFits(t, lang.String(), s.View(), journeyNarrow)
	}
}

// At 44 characters the field says why it takes no more; Hangul is
// refused as it is typed, with what to do instead.
func TestJourneyB_PrefixSaysWhyItRefusesAKey(t *testing.T) {
	long := strings.Repeat("a", steps.MaxPrefixLen)
	for _, lang := range goldenLangs {
		s := journeyNaming(t, lang, long)
		journeyPress(s, tea.KeyPressMsg{Code: 'b', Text: "b"})
		if got := s.editor.Apply(s.sh.Inputs).Prefix; got != long {
			t.Fatalf("%v: the prefix became %q", lang, got)
		}
		v := journeyWords(ansi.Strip(s.View()))
		for _, want := range []string{"44", "-subnet-internal-2a", "63"} {
			if !strings.Contains(v, want) {
				t.Errorf("%v: at the limit the screen does not say %q:\n%s", lang, want, s.View())
			}
		}
		journeyFits(t, lang.String(), s.View(), journeyNarrow)
		journeyPress(s, netBackspace)
		if strings.Contains(journeyWords(ansi.Strip(s.View())), "-subnet-internal-2a,") {
			t.Errorf("%v: the limit is still said after a key that was taken", lang)
		}

		s = journeyNaming(t, lang, "lab")
		journeyPress(s, tea.KeyPressMsg{Code: '한', Text: "한"}, tea.PasteMsg{Content: "글"})
		if got := s.editor.Apply(s.sh.Inputs).Prefix; got != "lab" {
			t.Errorf("%v: Hangul went into the prefix: %q", lang, got)
		}
		journeyWhole(t, lang.String(), s.View(), catalog.T(lang, "naming.prefix.hangul"))
		journeyFits(t, lang.String(), s.View(), journeyNarrow)
	}
}

// journeyUnder is the first line with text under the line that holds
// what; "" when none.
func journeyUnder(view, what string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		if !strings.Contains(l, what) {
			continue
		}
		for _, next := range lines[i+1:] {
			if strings.TrimSpace(next) != "" {
				return strings.TrimSpace(next)
			}
		}
	}
	return ""
}

// The servers' AMI and syslog fields say what is wrong right under the
// field, as it is typed.
func TestJourneyB_ServersProblemsUnderTheirField(t *testing.T) {
	for _, lang := range goldenLangs {
		d := newHostsDriver(t, steps.StepServers, hostsShared(t, lang))
		d.typeText("ami-xyz")
		v := viewAt(d.s, journeyNarrow, 40)
		if got, want := journeyUnder(v, "> ami-xyz"), catalog.T(lang, "servers.ami.bad"); !strings.HasPrefix(want, got) || got == "" {
			t.Errorf("%v: under the AMI field: %q, want %q:\n%s", lang, got, want, ansi.Strip(v))
		}
		d.backspace(7)
		d.enter() // AMI: looked up
		d.enter() // type
		d.enter() // disk
		d.typeText("logs.example.com:9")
		if err := d.editor().Live(); err != nil {
			t.Fatalf("%v: logs.example.com:9 is refused: %v", lang, err)
		}
		d.typeText("99999")
		v = viewAt(d.s, journeyNarrow, 40)
		if got, want := journeyUnder(v, "> logs.example.com:999999"), catalog.T(lang, "servers.syslog.bad"); got == "" || !strings.HasPrefix(want, got) {
			t.Errorf("%v: under the syslog field: %q, want %q:\n%s", lang, got, want, ansi.Strip(v))
		}
	}
}
