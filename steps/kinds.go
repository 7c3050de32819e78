package steps

import (
	"context"
	"fmt"

	sdk "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/infrawiz/infrawiz/aws"
)

// kind is everything the mission does differently for one kind of
// resource, so that a new kind is one entry of kinds and no switch
// elsewhere. A nil func means "nothing to do" for that kind.
type kind struct {
	// ensure replaces find-or-create for what is a part of another
	// resource, with no AWS object of its own (a route, a rule set).
	ensure func(r *Runner, ctx context.Context, res Resource) (aws.Found, Action, error)
	// check refuses a found resource that differs from the plan in a way
	// that cannot change in place, and clears one beyond use (*f = Found{})
	// so that a new one is made.
	check func(r *Runner, ctx context.Context, res Resource, f *aws.Found) error
	// create makes the resource, tagged in the same call.
	create func(r *Runner, ctx context.Context, res Resource, m aws.Meta, token string) (aws.Found, error)
	// token: the create takes an idempotency token, kept in the state
	// file across a crash.
	token bool
	// converge brings the parts of a resource that can drift to the plan
	// (and waits for it to be ready); it reports whether it changed one.
	converge func(r *Runner, ctx context.Context, res Resource, f *aws.Found, created bool) (bool, error)
	// usable reports whether a resource found in AWS can serve what
	// depends on it as it is (a NAT gateway still pending cannot carry a
	// route yet); nil means whenever it exists.
	usable func(f aws.Found) bool
	// need adds what a missing resource of the kind asks of the checks
	// before the first create.
	need func(n *needs)
	// destroyAfter are the kinds that must be gone before this kind can
	// be deleted (see destroyAfter's comment in destroy.go).
	destroyAfter []aws.Kind
	// row says a found resource's state and addresses for the summary.
	row func(f aws.Found, row *Row)
	// evaluate replaces "exists and usable" as the summary's test of a
	// part of another resource.
	evaluate func(res Resource, inv aws.Inventory) (bool, Row)
	// learn adds the AWS CLI commands that do what the mission does with
	// the resource.
	learn func(l *learner, r Resource)
}

// needs is what the checks before the first create must look at.
type needs struct {
	aws.Needs
	key, servers bool
}

var kinds map[aws.Kind]kind

func init() {
	// Filled here rather than in the declaration: the funcs refer to
	// Runner methods, which refer back to kinds.
	kinds = map[aws.Kind]kind{
		aws.KindKeyPair: {
			create: func(r *Runner, ctx context.Context, _ Resource, m aws.Meta, _ string) (aws.Found, error) {
				return r.AWS.CreateKeyPair(ctx, m, r.PublicKey)
			},
			need:  func(n *needs) { n.key = true },
			row:   func(_ aws.Found, row *Row) { row.State = "ok" },
			learn: learnKeyPair,
		},
		aws.KindVPC: {
			check: func(_ *Runner, _ context.Context, res Resource, f *aws.Found) error {
				if got := sdk.ToString(f.VPC.CidrBlock); got != res.CIDR {
					return newFieldError("vpc-cidr", res.CIDR, "vpc-cidr.built", got)
				}
				return nil
			},
			create: func(r *Runner, ctx context.Context, res Resource, m aws.Meta, _ string) (aws.Found, error) {
				return r.AWS.CreateVPC(ctx, m, res.CIDR)
			},
			converge: func(r *Runner, ctx context.Context, _ Resource, f *aws.Found, created bool) (bool, error) {
				if created {
					// Off on a VPC just made: nothing to read first.
					return false, r.AWS.EnableDNSHostnames(ctx, f.ID)
				}
				return r.AWS.EnsureDNSHostnames(ctx, f.ID)
			},
			need: func(n *needs) { n.VPCs++ },
			destroyAfter: []aws.Kind{
				aws.KindInstance, aws.KindNATGateway, aws.KindElasticIP, aws.KindInternetGateway,
				aws.KindSubnet, aws.KindSecurityGroup, aws.KindRouteTable,
			},
			row: func(f aws.Found, row *Row) {
				if f.VPC != nil {
					row.State, row.CIDR = string(f.VPC.State), sdk.ToString(f.VPC.CidrBlock)
				}
			},
			learn: learnVPC,
		},
		aws.KindSubnet: {
			check: func(_ *Runner, _ context.Context, res Resource, f *aws.Found) error {
				if got := sdk.ToString(f.Subnet.CidrBlock); got != res.CIDR {
					return newFieldError("subnets", res.CIDR, "subnet.built", res.Name, got)
				}
				return nil
			},
			create: func(r *Runner, ctx context.Context, res Resource, m aws.Meta, _ string) (aws.Found, error) {
				vpc, err := r.get(RoleVPC)
				if err != nil {
					return aws.Found{}, err
				}
				return r.AWS.CreateSubnet(ctx, m, vpc.ID, res.CIDR, res.AZ)
			},
			destroyAfter: []aws.Kind{aws.KindInstance, aws.KindNATGateway},
			row: func(f aws.Found, row *Row) {
				if f.Subnet != nil {
					row.State, row.CIDR, row.AZ = string(f.Subnet.State), sdk.ToString(f.Subnet.CidrBlock), sdk.ToString(f.Subnet.AvailabilityZone)
				}
			},
			learn: learnSubnet,
		},
		aws.KindInternetGateway: {
			create: func(r *Runner, ctx context.Context, _ Resource, m aws.Meta, _ string) (aws.Found, error) {
				return r.AWS.CreateInternetGateway(ctx, m)
			},
			converge: func(r *Runner, ctx context.Context, _ Resource, f *aws.Found, _ bool) (bool, error) {
				vpc, err := r.get(RoleVPC)
				if err != nil {
					return false, err
				}
				return r.AWS.EnsureAttached(ctx, *f, vpc.ID)
			},
			usable:       func(f aws.Found) bool { return f.IGW != nil && len(f.IGW.Attachments) > 0 },
			need:         func(n *needs) { n.InternetGateways++ },
			destroyAfter: []aws.Kind{aws.KindNATGateway, aws.KindElasticIP},
			row: func(f aws.Found, row *Row) {
				row.State = "detached"
				if f.IGW != nil && len(f.IGW.Attachments) > 0 {
					row.State = "attached"
				}
			},
			learn: learnInternetGateway,
		},
		aws.KindElasticIP: {
			create: func(r *Runner, ctx context.Context, _ Resource, m aws.Meta, _ string) (aws.Found, error) {
				return r.AWS.AllocateAddress(ctx, m)
			},
			need:         func(n *needs) { n.ElasticIPs++ },
			destroyAfter: []aws.Kind{aws.KindNATGateway},
			row: func(f aws.Found, row *Row) {
				if f.Address == nil {
					return
				}
				row.PublicIP, row.PrivateIP = sdk.ToString(f.Address.PublicIp), sdk.ToString(f.Address.PrivateIpAddress)
				row.State = "unassociated"
				if sdk.ToString(f.Address.AssociationId) != "" || sdk.ToString(f.Address.InstanceId) != "" || sdk.ToString(f.Address.NetworkInterfaceId) != "" {
					row.State = "associated"
				}
			},
			learn: learnElasticIP,
		},
		aws.KindNATGateway: {
			check: checkNATGateway,
			create: func(r *Runner, ctx context.Context, res Resource, m aws.Meta, token string) (aws.Found, error) {
				subnet, err := r.get(res.SubnetRole)
				if err != nil {
					return aws.Found{}, err
				}
				eip, err := r.get(res.EIPRole)
				if err != nil {
					return aws.Found{}, err
				}
				return r.AWS.CreateNATGateway(ctx, m, subnet.ID, eip.ID, token)
			},
			token: true,
			converge: func(r *Runner, ctx context.Context, res Resource, f *aws.Found, _ bool) (bool, error) {
				if f.State == "available" {
					return false, nil
				}
				r.emit(Event{Resource: res, Phase: PhaseWaiting, ID: f.ID}.saying(newProblem("run.nat.waiting")))
				nf, err := r.AWS.WaitNATGateway(ctx, f.ID, r.waitTimeout())
				if err != nil {
					return false, err
				}
				*f = nf
				return false, nil
			},
			usable: func(f aws.Found) bool { return f.State == "available" },
			need:   func(n *needs) { n.NATGateways++ },
			row: func(f aws.Found, row *Row) {
				if f.NAT == nil {
					return
				}
				row.State = string(f.NAT.State)
				if len(f.NAT.NatGatewayAddresses) > 0 {
					row.PrivateIP, row.PublicIP = sdk.ToString(f.NAT.NatGatewayAddresses[0].PrivateIp), sdk.ToString(f.NAT.NatGatewayAddresses[0].PublicIp)
				}
			},
			learn: learnNATGateway,
		},
		aws.KindRouteTable: {
			create: func(r *Runner, ctx context.Context, _ Resource, m aws.Meta, _ string) (aws.Found, error) {
				vpc, err := r.get(RoleVPC)
				if err != nil {
					return aws.Found{}, err
				}
				return r.AWS.CreateRouteTable(ctx, m, vpc.ID)
			},
			converge: func(r *Runner, ctx context.Context, res Resource, f *aws.Found, _ bool) (bool, error) {
				ids := make([]string, 0, len(res.SubnetRoles))
				for _, s := range res.SubnetRoles {
					sf, err := r.get(s)
					if err != nil {
						return false, err
					}
					ids = append(ids, sf.ID)
				}
				return r.AWS.EnsureAssociations(ctx, *f, ids)
			},
			row:   func(_ aws.Found, row *Row) { row.State = "ok" },
			learn: learnRouteTable,
		},
		aws.KindRoute: {
			ensure:   (*Runner).ensureRoute,
			evaluate: evaluateRoute,
			learn:    learnRoute,
		},
		aws.KindSecurityGroup: {
			create: func(r *Runner, ctx context.Context, res Resource, m aws.Meta, _ string) (aws.Found, error) {
				vpc, err := r.get(RoleVPC)
				if err != nil {
					return aws.Found{}, err
				}
				return r.AWS.CreateSecurityGroup(ctx, m, vpc.ID, "infrawiz "+r.Plan.Inputs.Prefix+": "+res.Detail)
			},
			destroyAfter: []aws.Kind{aws.KindInstance},
			row:          func(_ aws.Found, row *Row) { row.State = "ok" },
			learn:        learnSecurityGroup,
		},
		aws.KindSGRules: {
			ensure:   (*Runner).ensureRules,
			evaluate: evaluateRules,
			learn:    learnRules,
		},
		aws.KindInstance: {
			check: func(_ *Runner, _ context.Context, _ Resource, f *aws.Found) error {
				if f.State == "shutting-down" {
					// Terminated by hand, or by a destroy that was
					// interrupted: it cannot come back, so the mission
					// needs a new one.
					*f = aws.Found{}
				}
				return nil
			},
			create:   createInstance,
			token:    true,
			converge: convergeInstance,
			usable:   func(f aws.Found) bool { return f.State == "running" },
			need:     func(n *needs) { n.servers = true },
			row: func(f aws.Found, row *Row) {
				if f.Instance == nil {
					return
				}
				row.State = f.State
				row.PrivateIP, row.PublicIP = sdk.ToString(f.Instance.PrivateIpAddress), sdk.ToString(f.Instance.PublicIpAddress)
				if f.Instance.Placement != nil {
					row.AZ = sdk.ToString(f.Instance.Placement.AvailabilityZone)
				}
			},
			learn: learnInstance,
		},
	}
	for k, spec := range kinds {
		if spec.usable == nil {
			spec.usable = func(f aws.Found) bool { return f.ID != "" }
		}
		if spec.ensure == nil && spec.create == nil {
			panic(fmt.Sprintf("steps: kind %s can neither be ensured nor created", k))
		}
		kinds[k] = spec
	}
}

// checkNATGateway makes way for a new NAT gateway where the one found
// cannot serve: still deleting (a destroy interrupted after its call; it
// holds the Elastic IP the new one needs), or failed.
func checkNATGateway(r *Runner, ctx context.Context, res Resource, f *aws.Found) error {
	switch f.State {
	case "deleting":
		why := newProblem("run.nat.deleting")
		r.emit(Event{Resource: res, Phase: PhaseWaiting, ID: f.ID}.saying(why))
		if err := r.AWS.WaitNATGatewayDeleted(ctx, *f, r.waitTimeout()); err != nil {
			return err
		}
		*f = aws.Found{}
	case "failed":
		msg := ""
		if f.NAT != nil {
			msg = sdk.ToString(f.NAT.FailureMessage)
		}
		why := newProblem("run.nat.replacing", msg)
		r.emit(Event{Resource: res, Phase: PhaseWaiting}.saying(why))
		if err := r.AWS.Delete(ctx, *f, r.Plan.Inputs.Prefix, r.Identity.ARN, r.waitTimeout()); err != nil {
			return err
		}
		*f = aws.Found{}
	}
	return nil
}

func createInstance(r *Runner, ctx context.Context, res Resource, m aws.Meta, token string) (aws.Found, error) {
	in := r.Plan.Inputs
	subnet, err := r.get(res.SubnetRole)
	if err != nil {
		return aws.Found{}, err
	}
	group, err := r.get(res.GroupRole)
	if err != nil {
		return aws.Found{}, err
	}
	key, err := r.get(RoleKey)
	if err != nil {
		return aws.Found{}, err
	}
	ud := ""
	if r.UserData != nil {
		ud, err = r.UserData(UserDataParams{Role: res.Server, Host: res.Name, SyslogTarget: in.SyslogTarget})
		if err != nil {
			return aws.Found{}, err
		}
	}
	return r.AWS.RunInstance(ctx, m, aws.InstanceSpec{
		AMI: r.Image.ID, Type: in.InstanceType, SubnetID: subnet.ID, SecurityGroupID: group.ID,
		KeyName: key.ID, UserData: ud, DiskGB: in.DiskGB, ClientToken: token, RootDevice: r.Image.RootDevice,
	})
}

// convergeInstance waits for a server to run, then gives it its Elastic
// IP, if it has one.
func convergeInstance(r *Runner, ctx context.Context, res Resource, f *aws.Found, _ bool) (bool, error) {
	if f.State == "pending" {
		r.emit(Event{Resource: res, Phase: PhaseWaiting, ID: f.ID}.saying(newProblem("run.instance.waiting")))
		nf, err := r.AWS.WaitInstanceRunning(ctx, f.ID, r.waitTimeout())
		if err != nil {
			return false, err
		}
		*f = nf
	}
	if res.EIPRole == "" {
		return false, nil
	}
	eip, err := r.get(res.EIPRole)
	if err != nil {
		return false, err
	}
	changed, err := r.AWS.EnsureAddressAssociated(ctx, eip, f.ID)
	if err != nil {
		return false, err
	}
	if f.Instance != nil && eip.Address != nil {
		f.Instance.PublicIpAddress = eip.Address.PublicIp
	}
	return changed, nil
}
