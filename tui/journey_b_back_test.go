package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

var journeyShiftTab = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}

// The student chose "import", then thinks better of it: Shift+Tab goes
// back to the choice whatever the path holds, and "generate" runs the
// step with no public key.
func TestJourneyB_KeyImportGoesBackToGenerate(t *testing.T) {
	for _, path := range []string{"", "/nowhere/id.pub"} {
		t.Run("path="+path, func(t *testing.T) {
			sh := netShared(t, catalog.EN, nil)
			s := netScreen(t, steps.StepKey, sh)
			s, _ = netSend(t, s, netDown, netEnter)
			if v := netView(s, 80, 40); !strings.Contains(v, "Public key file") {
				t.Fatalf("no path field after choosing import:\n%s", v)
			}
			s = netRetype(t, s, 0, path)
			s, up := netSend(t, s, journeyShiftTab)
			if len(up) > 0 {
				t.Fatalf("Shift+Tab sent %v upward", up)
			}
			if k := netFocusedKey(s.(*stepScreen).editor.(*formPage).editor.(*formEditor[keyVals]).form); k != "mode" {
				t.Fatalf("after Shift+Tab the focus is on %q, want the choice (mode)", k)
			}
			v := netView(s, 80, 40)
			if !strings.Contains(v, "> Import my public key") {
				t.Fatalf("the choice is not focused again after Shift+Tab:\n%s", v)
			}
			s, up = netSend(t, s, tea.KeyPressMsg{Code: tea.KeyUp})
			if len(up) > 0 {
				t.Fatalf("Up sent %v upward", up)
			}
			_, up = netSend(t, s, netEnter)
			if in := netWant(t, up, steps.StepKey); in.PublicKey != "" {
				t.Errorf("PublicKey = %q after going back to generate, want empty", in.PublicKey)
			}
		})
	}
}

// Shift+Tab from a wrong block goes back to the subnet before it: the
// student fixes the block this one overlaps.
func TestJourneyB_SubnetsGoBackFromAWrongBlock(t *testing.T) {
	sh := netShared(t, catalog.EN, nil)
	s := netScreen(t, steps.StepSubnets, sh)
	s, _ = netSend(t, s, netEnter) // public-1 as it is
	s = netRetype(t, s, 20, "192.168.11.0/26")
	if s.(*stepScreen).live == nil {
		t.Fatal("no problem shown for a block that overlaps public-1")
	}
	s, _ = netSend(t, s, journeyShiftTab)
	form := s.(*stepScreen).editor.(*formPage).editor.(*formEditor[subnetsVals]).form
	if k := netFocusedKey(form); k != "public-1" {
		t.Fatalf("after Shift+Tab the focus is on %q, want public-1", k)
	}
	s = netRetype(t, s, 20, "192.168.11.64/26")
	s, _ = netSend(t, s, netEnter)
	if k := netFocusedKey(form); k != "public-2" {
		t.Fatalf("after Enter the focus is on %q, want public-2", k)
	}
	s = netRetype(t, s, 20, "192.168.11.0/26")
	_, up := netSend(t, s, netEnter, netEnter, netEnter)
	in := netWant(t, up, steps.StepSubnets)
	if in.Subnets["public-1"] != "192.168.11.64/26" || in.Subnets["public-2"] != "192.168.11.0/26" {
		t.Errorf("Subnets = %v, want public-1 and public-2 swapped", in.Subnets)
	}
}
