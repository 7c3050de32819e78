package steps

import (
	"strings"
	"testing"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Every quota the checks before the first create count (a catalogue key
// preflight.<quota> with its .unverified twin) names the step that makes
// what it counts, so its note lands on that step's page; a permission is
// the run's own.
func TestNoteSteps_EveryQuotaHasItsStep(t *testing.T) {
	quotas := 0
	for _, k := range catalog.Keys() {
		q, ok := strings.CutPrefix(k, "preflight.")
		if !ok || strings.Contains(q, ".") || q == "permission" {
			continue
		}
		if _, twin := catalog.Lookup(k + ".unverified"); !twin {
			continue
		}
		quotas++
		for _, key := range []string{q, q + ".unverified"} {
			if sts := NoteSteps(aws.Problem{Key: key}); len(sts) == 0 {
				t.Errorf("the quota %q names no step", key)
			}
		}
	}
	if quotas < 4 {
		t.Errorf("found %d quotas in the catalogue, the checks count 4 (VPCs, internet gateways, NAT gateways, Elastic IPs)", quotas)
	}
	if sts := NoteSteps(aws.Problem{Key: "permission.unverified"}); len(sts) != 0 {
		t.Errorf("a permission's note belongs to the run, not to %v", sts)
	}
	if sts := NoteSteps(aws.Problem{Key: "eips"}); len(sts) != 2 || sts[0] != StepGateways || sts[1] != StepServers {
		t.Errorf("Elastic IPs: %v, want the NAT gateway's step, then the servers'", sts)
	}
}
