package steps

import (
	"context"
	"errors"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
)

// Prepared is what an apply needs before its first create.
type Prepared struct {
	PublicKey []byte
	KeyFile   *KeyFile // nil when --public-key is used or the key pair exists
	// Image is what the servers boot; empty when no server is missing.
	Image aws.Image
	// Warnings are what AWS may still refuse but the checks could not
	// tell: a quota that could not be read, a permission not verified,
	// and in practice mode every quota (the emulator enforces none).
	Warnings []aws.Problem
}

// NoteSteps are the steps a note of the checks before the first create
// is about, in the order it belongs on the first of them a run has: the
// key file's the Key step's, the AMI's the Servers step's, a quota's the
// step that makes what it counts (Elastic IPs: the NAT gateway's first,
// then the servers'). None: the run's own (a permission).
func NoteSteps(pr aws.Problem) []Step {
	key, _ := strings.CutSuffix(pr.Key, ".unverified")
	switch key {
	case "vpcs":
		return []Step{StepVPC}
	case "igws", "nats":
		return []Step{StepGateways}
	case "eips":
		return []Step{StepGateways, StepServers}
	case "offering":
		return []Step{StepServers}
	}
	return nil
}

// Prepare runs before the first create, with what is missing: it settles
// the key (writing the .pem before anything is imported), the AMI, and
// every check that would otherwise fail half-way, reported together.
func Prepare(ctx context.Context, c *aws.Client, p Plan, zones []string, sshDir string, missing []Resource) (Prepared, error) {
	var out Prepared
	n := needs{Needs: aws.Needs{Zones: []string{zones[0]}}}
	for _, m := range missing {
		if f := kinds[m.Kind].need; f != nil {
			f(&n)
		}
	}
	needKey, needServers, needs := n.key, n.servers, n.Needs
	if needKey {
		pub, kf, err := settleKey(p, sshDir)
		if err != nil {
			return out, err
		}
		out.PublicKey, out.KeyFile = pub, kf
	}
	if needServers {
		img, err := c.ResolveImage(ctx, p.Inputs.AMI)
		if err != nil {
			return out, err
		}
		out.Image = img
		needs.AMI, needs.InstanceType = img.ID, p.Inputs.InstanceType
	}
	problems, err := c.Preflight(ctx, needs)
	if err != nil {
		return out, err
	}
	var refusals []aws.Problem
	for _, pr := range problems {
		if p.Inputs.Sandbox && errors.Is(pr.Kind, aws.ErrQuota) {
			// The emulator enforces no quota: say what AWS would do,
			// and go on.
			pr.Warning, pr.Practice = true, true
		}
		if pr.Warning {
			out.Warnings = append(out.Warnings, pr)
		} else {
			refusals = append(refusals, pr)
		}
	}
	if len(refusals) > 0 {
		return out, &PreflightError{Problems: refusals}
	}
	return out, nil
}

// PreflightError is every reason found, before the first create, that the
// mission cannot be built: infrawiz's own findings (quotas, permissions,
// offerings), not AWS's words, so the wizard says each in the user's
// language. Its kind is the first problem's.
type PreflightError struct{ Problems []aws.Problem }

func (e *PreflightError) Error() string { return e.In(catalog.EN) }

// In says every problem in l, after what found them.
func (e *PreflightError) In(l catalog.Lang) string {
	msgs := make([]string, len(e.Problems))
	for i, pr := range e.Problems {
		msgs[i] = pr.Msg().In(l)
	}
	return catalog.T(l, "preflight.title") + " " + strings.Join(msgs, "; ")
}

func (e *PreflightError) Unwrap() error { return e.Problems[0].Kind }

// settleKey returns the public key to import: the user's own, or the one of
// the stack's .pem, written first if there is none.
func settleKey(p Plan, sshDir string) ([]byte, *KeyFile, error) {
	if p.Inputs.PublicKey != "" {
		pub, err := ReadPublicKey(p.Inputs.PublicKey)
		if err != nil {
			fe := newFieldError("public-key", p.Inputs.PublicKey, "public-key.read")
			fe.Err = err
			return nil, nil, fe
		}
		return pub, nil, nil
	}
	kf, err := EnsureKeyFile(sshDir, p.Inputs.Prefix)
	if err != nil {
		return nil, nil, err
	}
	return kf.PublicKey, &kf, nil
}
