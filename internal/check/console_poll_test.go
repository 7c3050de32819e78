package check

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A console block as cloud-init prints it late in the first boot.
const keysBlock = `ec2: -----BEGIN SSH HOST KEY KEYS-----
ec2: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@ip-10-0-0-5
ec2: -----END SSH HOST KEY KEYS-----
`

// TestPollConsole_UntilTheKeysAppear: a console read before cloud-init
// printed the keys is read again, with each wait reported, until they
// appear; the check then verifies against them instead of trusting on
// first use.
func TestPollConsole_UntilTheKeysAppear(t *testing.T) {
	var reads atomic.Int32
	read := func(context.Context, string) (string, error) {
		if reads.Add(1) < 3 {
			return "[    0.000000] Linux version 5.15.0\n", nil
		}
		return "[   42.1] cloud-init boot\n" + keysBlock, nil
	}
	var waits []time.Duration
	c, err := pollConsole(context.Background(), "i-1", read, time.Second, 10*time.Second, 10*time.Millisecond,
		func(d time.Duration) { waits = append(waits, d) })
	if err != nil || len(c.Keys) != 1 {
		t.Fatalf("pollConsole = %+v, %v; want the one key of the third read", c, err)
	}
	if reads.Load() != 3 || len(waits) != 2 {
		t.Errorf("%d reads, %d waits reported; want 3 and 2", reads.Load(), len(waits))
	}
}

// TestPollConsole_Bounded: a console that never prints the keys is given
// up after the wait, and an error of the read ends the poll at once.
func TestPollConsole_Bounded(t *testing.T) {
	var reads atomic.Int32
	quiet := func(context.Context, string) (string, error) { reads.Add(1); return "no keys here\n", nil }
	start := time.Now()
	c, err := pollConsole(context.Background(), "i-1", quiet, time.Second, 100*time.Millisecond, 20*time.Millisecond, func(time.Duration) {})
	if err != nil || !c.Empty() || time.Since(start) > 2*time.Second || reads.Load() < 2 {
		t.Errorf("pollConsole = %+v, %v after %v and %d reads; want empty, given up", c, err, time.Since(start), reads.Load())
	}
	reads.Store(0)
	_, err = pollConsole(context.Background(), "i-1", func(context.Context, string) (string, error) {
		reads.Add(1)
		return "", errors.New("UnauthorizedOperation")
	}, time.Second, time.Minute, 10*time.Millisecond, func(time.Duration) {})
	if err == nil || !strings.Contains(err.Error(), "Unauthorized") || reads.Load() != 1 {
		t.Errorf("a failing read: %v after %d reads; want the error at once", err, reads.Load())
	}
	// Read once (ConsoleWait < 0 becomes 0): no second read.
	reads.Store(0)
	if _, err := pollConsole(context.Background(), "i-1", quiet, time.Second, 0, 10*time.Millisecond, func(time.Duration) {}); err != nil || reads.Load() != 1 {
		t.Errorf("a zero wait read %d times (%v), want once", reads.Load(), err)
	}
}
