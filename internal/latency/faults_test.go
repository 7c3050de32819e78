package latency_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/infrawiz/infrawiz/internal/latency"
)

func TestRandomFaultsRepeatForASeed(t *testing.T) {
	const calls = 30
	moto := motoFor(t)
	faults := latency.RandomFaults{Seed: 7, FailBefore: 0.2, LoseReply: 0.1, Actions: []string{"DescribeVpcs"}}
	run := func(f latency.RandomFaults, calls int) ([]string, latency.Stats) {
		p, c := proxyTo(t, moto, latency.Model{Faults: f}, region)
		if _, err := c.DescribeSubnets(context.Background(), &ec2.DescribeSubnetsInput{}); err != nil { // not in Actions
			t.Fatalf("DescribeSubnets failed though only DescribeVpcs may: %v", err)
		}
		fates := make([]string, calls)
		for i := range fates {
			err := describeVpcs(c)
			switch {
			case err == nil:
				fates[i] = "ok"
			case apiCode(err) == "ServiceUnavailable":
				fates[i] = "failed"
			default:
				fates[i] = "lost"
			}
		}
		return fates, p.Stats()
	}

	fates, st := run(faults, calls)
	again, st2 := run(faults, calls)
	if !reflect.DeepEqual(fates, again) {
		t.Errorf("the same seed gave other fates:\n%v\n%v", fates, again)
	}
	count := func(fate string) int {
		n := 0
		for _, f := range fates {
			if f == fate {
				n++
			}
		}
		return n
	}
	// The draws of PCG(7, 0) for the first 30 calls.
	if failed, lost := count("failed"), count("lost"); failed != 6 || lost != 4 {
		t.Errorf("%d failed and %d lost of %d, want 6 and 4: %v", failed, lost, calls, fates)
	}
	if st.FailedBefore != count("failed") || st.LostReplies != count("lost") || st.Calls != calls+1 || st != st2 {
		t.Errorf("Stats %+v and %+v do not match the fates %v", st, st2, fates)
	}

	other := faults
	other.Seed = 8
	if seeded, _ := run(other, calls); reflect.DeepEqual(seeded, fates) {
		t.Errorf("seeds 7 and 8 gave the same fates: %v", fates)
	}

	// Off: nothing fails.
	if none, _ := run(latency.RandomFaults{Seed: 7}, 5); !allOK(none) {
		t.Errorf("without probabilities: %v", none)
	}
}

func allOK(fates []string) bool {
	for _, f := range fates {
		if f != "ok" {
			return false
		}
	}
	return true
}
