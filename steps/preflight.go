package steps

import (
	"context"
	"strings"

	"github.com/infrawiz/infrawiz/aws"
)

// Prepared is what an apply needs before its first create.
type Prepared struct {
	PublicKey []byte
	KeyFile   *KeyFile // nil when --public-key is used or the key pair exists
	AMI       string
	AMISource string
}

// Prepare runs before the first create, with what is missing: it settles
// the key (writing the .pem before anything is imported), the AMI, and
// every check that would otherwise fail half-way, reported together.
func Prepare(ctx context.Context, c *aws.Client, p Plan, zones []string, sshDir string, missing []Resource) (Prepared, error) {
	var out Prepared
	needs := aws.Needs{Zones: []string{zones[0]}}
	needKey, needServers := false, false
	for _, m := range missing {
		switch m.Kind {
		case aws.KindVPC:
			needs.VPCs++
		case aws.KindElasticIP:
			needs.ElasticIPs++
		case aws.KindNATGateway:
			needs.NATGateways++
		case aws.KindKeyPair:
			needKey = true
		case aws.KindInstance:
			needServers = true
		case aws.KindSubnet, aws.KindInternetGateway, aws.KindRouteTable, aws.KindRoute, aws.KindSecurityGroup, aws.KindSGRules:
		}
	}
	if needKey {
		if p.Inputs.PublicKey != "" {
			pub, err := ReadPublicKey(p.Inputs.PublicKey)
			if err != nil {
				return out, &FieldError{Field: "public-key", Value: p.Inputs.PublicKey, Allowed: "an OpenSSH public key file", Err: err}
			}
			out.PublicKey = pub
		} else {
			kf, err := EnsureKeyFile(sshDir, p.Inputs.Prefix)
			if err != nil {
				return out, err
			}
			out.KeyFile, out.PublicKey = &kf, kf.PublicKey
		}
	}
	if needServers {
		ami, source, err := c.ResolveAMI(ctx, p.Inputs.AMI)
		if err != nil {
			return out, err
		}
		out.AMI, out.AMISource = ami, source
		needs.AMI, needs.InstanceType = ami, p.Inputs.InstanceType
	}
	problems, err := c.Preflight(ctx, needs)
	if err != nil {
		return out, err
	}
	if len(problems) > 0 {
		msgs := make([]string, len(problems))
		for i, pr := range problems {
			msgs[i] = pr.Message
		}
		return out, &aws.Error{Op: "check before creating anything", Kind: problems[0].Kind, Message: strings.Join(msgs, "; ")}
	}
	return out, nil
}
