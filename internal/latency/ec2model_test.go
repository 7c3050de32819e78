package latency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
)

// motoFor starts a moto of the test's own, for the test to put one proxy
// with its behaviour on and one with it off in front of: a moto start costs
// more than the rest of most tests.
func motoFor(t *testing.T) string {
	t.Helper()
	t.Parallel()
	return testenv.Moto(t).Endpoint
}

// proxyTo puts a proxy with model m in front of the moto at endpoint, with
// an EC2 client in region on it.
func proxyTo(t *testing.T, endpoint string, m latency.Model, region string) (*latency.Proxy, *ec2.Client) {
	t.Helper()
	p, err := latency.New(endpoint, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p, ec2Client(p, region)
}

// ec2Client is one more caller of the proxy, as another process would be.
func ec2Client(p *latency.Proxy, region string) *ec2.Client {
	cfg := awsConfig()
	cfg.Region = region
	return ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(p.URL()) })
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// wantCode fails the test unless err is the API error code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if apiCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// inside reports whether a check made now is well inside a window opened
// at at; a slow machine may take longer than that to make it, and then
// the check is skipped rather than failed.
func inside(t *testing.T, at time.Time, window time.Duration) bool {
	t.Helper()
	if d := time.Since(at); d >= window/2 {
		t.Logf("machine too slow to check inside the %v window (%v)", window, d)
		return false
	}
	return true
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

type network struct{ vpc, subnet, group string }

// newNetwork makes a VPC with a subnet and a security group.
func newNetwork(t *testing.T, c *ec2.Client) network {
	t.Helper()
	ctx := context.Background()
	vpc := must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16")}))
	sn := must[*ec2.CreateSubnetOutput](t)(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{
		VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.20.1.0/24"), AvailabilityZone: aws.String(region + "a"),
	}))
	sg := must[*ec2.CreateSecurityGroupOutput](t)(c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
		VpcId: vpc.Vpc.VpcId, GroupName: aws.String("web"), Description: aws.String("web"),
	}))
	return network{aws.ToString(vpc.Vpc.VpcId), aws.ToString(sn.Subnet.SubnetId), aws.ToString(sg.GroupId)}
}

// launch runs one instance in the network, tagged Name=name.
func launch(t *testing.T, c *ec2.Client, n network, name string) string {
	t.Helper()
	run := must[*ec2.RunInstancesOutput](t)(c.RunInstances(context.Background(), &ec2.RunInstancesInput{
		ImageId:          aws.String(sandbox.JammyAMI),
		InstanceType:     types.InstanceTypeT3Micro,
		SubnetId:         aws.String(n.subnet),
		SecurityGroupIds: []string{n.group},
		MinCount:         aws.Int32(1),
		MaxCount:         aws.Int32(1),
		TagSpecifications: []types.TagSpecification{{
			ResourceType: types.ResourceTypeInstance,
			Tags:         []types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}},
		}},
	}))
	return aws.ToString(run.Instances[0].InstanceId)
}

func terminate(t *testing.T, c *ec2.Client, id string) types.InstanceStateName {
	t.Helper()
	out := must[*ec2.TerminateInstancesOutput](t)(c.TerminateInstances(context.Background(), &ec2.TerminateInstancesInput{InstanceIds: []string{id}}))
	st := out.TerminatingInstances[0].CurrentState
	if code := aws.ToInt32(st.Code); code != map[types.InstanceStateName]int32{"shutting-down": 32, "terminated": 48}[st.Name] {
		t.Errorf("TerminateInstances reply: state %s with code %d", st.Name, code)
	}
	return st.Name
}

func natState(t *testing.T, c *ec2.Client, id string) types.NatGatewayState {
	t.Helper()
	out := must[*ec2.DescribeNatGatewaysOutput](t)(c.DescribeNatGateways(context.Background(), &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}}))
	if len(out.NatGateways) != 1 {
		t.Fatalf("%d gateways", len(out.NatGateways))
	}
	return out.NatGateways[0].State
}

func deleteSubnet(c *ec2.Client, id string) error {
	_, err := c.DeleteSubnet(context.Background(), &ec2.DeleteSubnetInput{SubnetId: aws.String(id)})
	return err
}

func release(c *ec2.Client, alloc string) error {
	_, err := c.ReleaseAddress(context.Background(), &ec2.ReleaseAddressInput{AllocationId: aws.String(alloc)})
	return err
}

func TestNATDeletingThenDeleted(t *testing.T) {
	const deleting, releaseLag = 400 * time.Millisecond, 300 * time.Millisecond
	moto := motoFor(t)
	p, c := proxyTo(t, moto, latency.Model{NATDeleting: deleting, ReleaseLag: releaseLag}, region)
	ctx := context.Background()

	subnet, alloc := natSetup(t, c)
	created := must[*ec2.CreateNatGatewayOutput](t)(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(subnet), AllocationId: aws.String(alloc)}))
	id := aws.ToString(created.NatGateway.NatGatewayId)
	eni := aws.ToString(created.NatGateway.NatGatewayAddresses[0].NetworkInterfaceId)
	before := time.Now() // the model's clock starts between before and at
	if _, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	s := natState(t, c, id)
	subnetErr := deleteSubnet(c, subnet)
	releaseErr := release(c, alloc)
	if inside(t, at, deleting) {
		if s != types.NatGatewayStateDeleting {
			t.Errorf("DescribeNatGateways right after the delete reads %q, want deleting", s)
		}
		wantCode(t, "DeleteSubnet of a deleting gateway's subnet", subnetErr, "DependencyViolation")
		if want := "The subnet '" + subnet + "' has dependencies and cannot be deleted."; apiMessage(subnetErr) != want {
			t.Errorf("message %q, want %q", apiMessage(subnetErr), want)
		}
		wantCode(t, "ReleaseAddress of a deleting gateway's address", releaseErr, "AuthFailure")
	}

	eventually(t, "the NAT gateway to read deleted", func() bool { return natState(t, c, id) == types.NatGatewayStateDeleted })
	if d := time.Since(before); d < deleting {
		t.Errorf("deleted after %v, inside the %v window", d, deleting)
	}
	releaseErr = release(c, alloc)
	if inside(t, before.Add(deleting), releaseLag) {
		wantCode(t, "ReleaseAddress right after the gateway went", releaseErr, "InvalidNetworkInterfaceID.NotFound")
		if want := "The networkInterface ID '" + eni + "' does not exist"; apiMessage(releaseErr) != want {
			t.Errorf("message %q, want %q", apiMessage(releaseErr), want)
		}
	}
	if err := deleteSubnet(c, subnet); err != nil {
		t.Errorf("DeleteSubnet after the gateway went: %v", err)
	}
	eventually(t, "the address to be released", func() bool { return release(c, alloc) == nil })
	if d := time.Since(before); d < deleting+releaseLag {
		t.Errorf("released %v after the delete, inside the %v window and %v lag", d, deleting, releaseLag)
	}
	if st := p.Stats(); st.Dependency < 1 {
		t.Errorf("Stats %+v count no refusal", st)
	}

	// Off: moto's behaviour, deleted at once and nothing held.
	_, c = proxyTo(t, moto, latency.Model{}, region)
	subnet, alloc = natSetup(t, c)
	created = must[*ec2.CreateNatGatewayOutput](t)(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(subnet), AllocationId: aws.String(alloc)}))
	id = aws.ToString(created.NatGateway.NatGatewayId)
	if _, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	if s := natState(t, c, id); s != types.NatGatewayStateDeleted {
		t.Errorf("without NATDeleting the gateway reads %q, want moto's deleted", s)
	}
	if err := release(c, alloc); err != nil {
		t.Errorf("without the model, ReleaseAddress: %v", err)
	}
	if err := deleteSubnet(c, subnet); err != nil {
		t.Errorf("without the model, DeleteSubnet: %v", err)
	}
}

// liveFilters is how the engine lists a stack's instances.
func liveFilters(name string) []types.Filter {
	return []types.Filter{
		{Name: aws.String("instance-state-name"), Values: []string{"pending", "running", "stopping", "stopped", "shutting-down"}},
		{Name: aws.String("tag:Name"), Values: []string{name}},
	}
}

func describeStates(t *testing.T, c *ec2.Client, in *ec2.DescribeInstancesInput) map[string]types.InstanceState {
	t.Helper()
	out := must[*ec2.DescribeInstancesOutput](t)(c.DescribeInstances(context.Background(), in))
	states := map[string]types.InstanceState{}
	for _, r := range out.Reservations {
		if len(r.Instances) == 0 {
			t.Errorf("empty reservation %s", aws.ToString(r.ReservationId))
		}
		for _, i := range r.Instances {
			states[aws.ToString(i.InstanceId)] = *i.State
		}
	}
	return states
}

func deleteGroup(c *ec2.Client, id string) error {
	_, err := c.DeleteSecurityGroup(context.Background(), &ec2.DeleteSecurityGroupInput{GroupId: aws.String(id)})
	return err
}

func TestShuttingDownThenTerminated(t *testing.T) {
	const window = 500 * time.Millisecond
	moto := motoFor(t)
	_, c := proxyTo(t, moto, latency.Model{ShuttingDown: window}, region)
	ctx := context.Background()
	n := newNetwork(t, c)
	id := launch(t, c, n, "sd-web")
	other := launch(t, c, n, "sd-other") // must stay out of every filtered list

	before := time.Now()
	if s := terminate(t, c, id); s != types.InstanceStateNameShuttingDown {
		t.Errorf("TerminateInstances reply reads %q", s)
	}
	at := time.Now()
	live := describeStates(t, c, &ec2.DescribeInstancesInput{Filters: liveFilters("sd-web")})
	status := must[*ec2.DescribeInstanceStatusOutput](t)(c.DescribeInstanceStatus(ctx, &ec2.DescribeInstanceStatusInput{InstanceIds: []string{id}, IncludeAllInstances: aws.Bool(true)}))
	subnetErr := deleteSubnet(c, n.subnet)
	groupErr := deleteGroup(c, n.group)
	if inside(t, at, window) {
		if st, ok := live[id]; !ok || st.Name != types.InstanceStateNameShuttingDown || aws.ToInt32(st.Code) != 32 {
			t.Errorf("live instances right after the terminate: %+v, want %s shutting-down (32)", live, id)
		}
		if _, ok := live[other]; ok || len(live) != 1 {
			t.Errorf("the tag filter was lost: %+v", live)
		}
		if s := status.InstanceStatuses[0].InstanceState.Name; s != types.InstanceStateNameShuttingDown {
			t.Errorf("DescribeInstanceStatus reads %q", s)
		}
		wantCode(t, "DeleteSubnet under a shutting-down instance", subnetErr, "DependencyViolation")
		wantCode(t, "DeleteSecurityGroup of a shutting-down instance", groupErr, "DependencyViolation")
		if want := "resource " + n.group + " has a dependent object"; apiMessage(groupErr) != want {
			t.Errorf("message %q, want %q", apiMessage(groupErr), want)
		}
	}

	eventually(t, "the instance to leave the live list", func() bool {
		return len(describeStates(t, c, &ec2.DescribeInstancesInput{Filters: liveFilters("sd-web")})) == 0
	})
	if d := time.Since(before); d < window {
		t.Errorf("gone from the live list after %v, inside the %v window", d, window)
	}
	if st := describeStates(t, c, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})[id]; st.Name != types.InstanceStateNameTerminated || aws.ToInt32(st.Code) != 48 {
		t.Errorf("after the window the instance reads %s (%d)", st.Name, aws.ToInt32(st.Code))
	}
	// Filters that keep it must keep it: the proxy applies them itself.
	if got := describeStates(t, c, &ec2.DescribeInstancesInput{Filters: []types.Filter{
		{Name: aws.String("tag:Name"), Values: []string{"sd-web"}},
		{Name: aws.String("instance-state-name"), Values: []string{"termin*"}},
	}}); len(got) != 1 {
		t.Errorf("terminated instances by wildcard: %+v", got)
	}
	if err := deleteGroup(c, n.group); err != nil {
		t.Errorf("DeleteSecurityGroup after the window (no GroupLag): %v", err)
	}

	// Off: moto's behaviour, terminated at once and nothing held.
	_, c = proxyTo(t, moto, latency.Model{}, region)
	n = newNetwork(t, c)
	id = launch(t, c, n, "off-web")
	if err := deleteGroup(c, n.group); err != nil {
		t.Errorf("without GroupLag, moto deletes a group in use: %v", err)
	}
	terminate(t, c, id)
	if live := describeStates(t, c, &ec2.DescribeInstancesInput{Filters: liveFilters("off-web")}); len(live) != 0 {
		t.Errorf("without ShuttingDown the instance is still live: %+v", live)
	}
	if err := deleteSubnet(c, n.subnet); err != nil {
		t.Errorf("without ShuttingDown, DeleteSubnet: %v", err)
	}
}

func TestGroupLag(t *testing.T) {
	const lag = 400 * time.Millisecond
	_, c := proxyTo(t, motoFor(t), latency.Model{GroupLag: lag}, region)
	n := newNetwork(t, c)
	id := launch(t, c, n, "lag-web")

	wantCode(t, "DeleteSecurityGroup of a running instance's group", deleteGroup(c, n.group), "DependencyViolation")
	before := time.Now()
	terminate(t, c, id) // ShuttingDown off: terminated at once
	at := time.Now()
	err := deleteGroup(c, n.group)
	if inside(t, at, lag) {
		wantCode(t, "DeleteSecurityGroup right after the instance terminated", err, "DependencyViolation")
	}
	eventually(t, "the group to be deleted", func() bool { return deleteGroup(c, n.group) == nil })
	if d := time.Since(before); d < lag {
		t.Errorf("deleted %v after the instance terminated, inside the %v lag", d, lag)
	}
}

func TestPropagation(t *testing.T) {
	const window = 500 * time.Millisecond
	moto := motoFor(t)
	p, c := proxyTo(t, moto, latency.Model{Propagation: window}, region)
	other := ec2Client(p, region) // another caller sees the same lag
	ctx := context.Background()

	before := time.Now()
	vpc := must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.30.0.0/16")}))
	vpcID := aws.ToString(vpc.Vpc.VpcId)
	at := time.Now()
	createSubnet := func() error {
		_, err := other.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpcID), CidrBlock: aws.String("10.30.1.0/24")})
		return err
	}
	err := createSubnet()
	// A filter naming it is no error: it matches nothing, or the VPC.
	byFilter := must[*ec2.DescribeVpcsOutput](t)(c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}}))
	if inside(t, at, window) {
		wantCode(t, "CreateSubnet in a VPC just created", err, "InvalidVpcID.NotFound")
		if want := "The vpc ID '" + vpcID + "' does not exist"; apiMessage(err) != want {
			t.Errorf("message %q, want %q", apiMessage(err), want)
		}
	}
	if len(byFilter.Vpcs) != 1 {
		t.Errorf("DescribeVpcs by filter: %d VPCs", len(byFilter.Vpcs))
	}
	eventually(t, "the VPC to be known", func() bool { return createSubnet() == nil })
	if d := time.Since(before); d < window {
		t.Errorf("known after %v, inside the %v window", d, window)
	}

	// Every kind of id, each named at once by a later call.
	defaultSubnet := must[*ec2.DescribeSubnetsOutput](t)(c.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{Filters: []types.Filter{{Name: aws.String("default-for-az"), Values: []string{"true"}}}})).Subnets[0].SubnetId
	kinds := []struct {
		code   string
		create func() (string, error)
	}{
		{"InvalidSubnetID.NotFound", func() (string, error) {
			out, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpcID), CidrBlock: aws.String("10.30.2.0/24")})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.Subnet.SubnetId), nil
		}},
		{"InvalidGroup.NotFound", func() (string, error) {
			out, err := c.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{VpcId: aws.String(vpcID), GroupName: aws.String("db"), Description: aws.String("db")})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.GroupId), nil
		}},
		{"InvalidRouteTableID.NotFound", func() (string, error) {
			out, err := c.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpcID)})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.RouteTable.RouteTableId), nil
		}},
		{"InvalidInternetGatewayID.NotFound", func() (string, error) {
			out, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.InternetGateway.InternetGatewayId), nil
		}},
		{"InvalidAllocationID.NotFound", func() (string, error) {
			out, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.AllocationId), nil
		}},
		{"InvalidInstanceID.NotFound", func() (string, error) {
			out, err := c.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(sandbox.JammyAMI), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.Instances[0].InstanceId), nil
		}},
		{"NatGatewayNotFound", func() (string, error) {
			out, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: defaultSubnet, ConnectivityType: types.ConnectivityTypePrivate})
			if err != nil {
				return "", err
			}
			return aws.ToString(out.NatGateway.NatGatewayId), nil
		}},
	}
	for _, k := range kinds {
		id, err := k.create()
		if err != nil {
			t.Fatalf("%s: %v", k.code, err)
		}
		at := time.Now()
		// Tagging names the id in a parameter, whatever its kind.
		_, err = other.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
		if inside(t, at, window) {
			wantCode(t, "CreateTags on "+id, err, k.code)
			if !strings.Contains(apiMessage(err), id) {
				t.Errorf("message %q does not name %s", apiMessage(err), id)
			}
		}
	}
	if st := p.Stats(); st.NotFound < 1 {
		t.Errorf("Stats %+v count no NotFound", st)
	}

	// Off: moto's behaviour, known at once.
	_, c = proxyTo(t, moto, latency.Model{}, region)
	vpc = must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.31.0.0/16")}))
	if _, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.31.1.0/24")}); err != nil {
		t.Errorf("without Propagation, CreateSubnet in a VPC just created: %v", err)
	}
}

func TestUnmapLag(t *testing.T) {
	const lag = 400 * time.Millisecond
	moto := motoFor(t)
	p, c := proxyTo(t, moto, latency.Model{UnmapLag: lag}, region)
	ctx := context.Background()

	// A VPC with an attached gateway, a NAT gateway, and two instances
	// with an Elastic IP each.
	n := newNetwork(t, c)
	igw := must[*ec2.CreateInternetGatewayOutput](t)(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})).InternetGateway.InternetGatewayId
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw, VpcId: aws.String(n.vpc)}); err != nil {
		t.Fatal(err)
	}
	alloc := func() *string {
		return must[*ec2.AllocateAddressOutput](t)(c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})).AllocationId
	}
	nat := must[*ec2.CreateNatGatewayOutput](t)(c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(n.subnet), AllocationId: alloc()})).NatGateway.NatGatewayId
	var assocs []*string
	var instances []string
	for _, name := range []string{"web", "bastion"} {
		id := launch(t, c, n, name)
		out := must[*ec2.AssociateAddressOutput](t)(c.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: alloc(), InstanceId: aws.String(id)}))
		assocs, instances = append(assocs, out.AssociationId), append(instances, id)
	}
	detach := func() error {
		_, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: igw, VpcId: aws.String(n.vpc)})
		return err
	}

	err := detach()
	wantCode(t, "DetachInternetGateway with a NAT gateway and two addresses", err, "DependencyViolation")
	if want := "Network " + n.vpc + " has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."; apiMessage(err) != want {
		t.Errorf("message %q, want %q", apiMessage(err), want)
	}
	if _, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: nat}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DetachInternetGateway with two addresses", detach(), "DependencyViolation")
	if _, err := c.DisassociateAddress(ctx, &ec2.DisassociateAddressInput{AssociationId: assocs[0]}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "DetachInternetGateway with one address", detach(), "DependencyViolation")
	before := time.Now()
	terminate(t, c, instances[1]) // its address goes with it
	at := time.Now()
	err = detach()
	if inside(t, at, lag) {
		wantCode(t, "DetachInternetGateway right after the last address went", err, "DependencyViolation")
	}
	eventually(t, "the gateway to detach", func() bool { return detach() == nil })
	if d := time.Since(before); d < lag {
		t.Errorf("detached %v after the last address went, inside the %v lag", d, lag)
	}
	if st := p.Stats(); st.Dependency < 3 {
		t.Errorf("Stats %+v: fewer refusals than made", st)
	}

	// Off: moto detaches whatever the VPC still maps.
	_, c = proxyTo(t, moto, latency.Model{}, region)
	n = newNetwork(t, c)
	igw = must[*ec2.CreateInternetGatewayOutput](t)(c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})).InternetGateway.InternetGatewayId
	if _, err := c.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw, VpcId: aws.String(n.vpc)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(n.subnet), AllocationId: alloc()}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DetachInternetGateway(ctx, &ec2.DetachInternetGatewayInput{InternetGatewayId: igw, VpcId: aws.String(n.vpc)}); err != nil {
		t.Errorf("without UnmapLag, DetachInternetGateway: %v", err)
	}
}
