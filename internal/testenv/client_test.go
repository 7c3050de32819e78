package testenv

import (
	"context"
	"testing"
)

// A test client reaches the emulator with its test credentials, in the
// region asked for, and polls briskly.
func TestClientReachesTheEmulator(t *testing.T) {
	emu := Moto(t)
	c := Client(t, emu.Endpoint, "ap-northeast-2")
	if c.Region != "ap-northeast-2" {
		t.Errorf("Region = %q, want ap-northeast-2", c.Region)
	}
	if c.PollMin != PollMin || c.PollMax != PollMax {
		t.Errorf("polls every %v to %v, want %v to %v", c.PollMin, c.PollMax, PollMin, PollMax)
	}
	zones, err := c.Zones(context.Background())
	if err != nil {
		t.Fatalf("Zones: %v", err)
	}
	if len(zones) == 0 || zones[0] != "ap-northeast-2a" {
		t.Errorf("Zones = %v, want ap-northeast-2a first", zones)
	}
}
