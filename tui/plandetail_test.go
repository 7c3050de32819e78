package tui

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/steps"
)

// Every detail of the plan, said again from the resource's fields, reads
// in English exactly as the plan's own, so the Korean says the same; and
// the Korean is Korean (a route's "0.0.0.0/0 -> lab-igw" aside).
func TestPlanDetail_SaysThePlanInEachLanguage(t *testing.T) {
	en, ko := Shared{Lang: catalog.EN}, Shared{Lang: catalog.KO}
	base := steps.Inputs{Prefix: "lab", MyIP: testIP}.WithDefaults()
	withKey := base
	withKey.PublicKey = filepath.Join(t.TempDir(), "id.pub")
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(withKey.PublicKey, ssh.MarshalAuthorizedKey(spk), 0o600); err != nil {
		t.Fatal(err)
	}
	noNAT := base
	noNAT.NoNAT = true
	noIP := base
	noIP.MyIP = ""
	for _, in := range []steps.Inputs{base, withKey, noNAT, noIP} {
		p, err := steps.BuildPlan(in, []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Resources {
			if got := derivedDetail(en, p, r); got != r.Detail {
				t.Errorf("%s (%s): English %q, the plan says %q", r.Name, r.Kind, got, r.Detail)
			}
			k := planDetail(ko, p, r)
			if r.Kind == aws.KindRoute {
				continue
			}
			if !localizeHangul(k) || localizeEnglish(strings.ReplaceAll(k, "gp3", "")) != "" {
				t.Errorf("%s (%s): Korean %q", r.Name, r.Kind, k)
			}
		}
	}
}
