package latency_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
)

const region = "ap-northeast-2"

func awsConfig() aws.Config {
	return aws.Config{
		Region: region,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "testing", SecretAccessKey: "testing"}, nil
		}),
		// A lost reply must reach the test, not be hidden by a retry.
		Retryer: func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func newProxy(t *testing.T, m latency.Model) (*latency.Proxy, *ec2.Client) {
	t.Helper()
	t.Parallel()
	moto := testenv.Moto(t)
	p, err := latency.New(moto.Endpoint, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	c := ec2.NewFromConfig(awsConfig(), func(o *ec2.Options) { o.BaseEndpoint = aws.String(p.URL()) })
	return p, c
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// eventually polls f every 50 ms until it reports done, for at most 15 s.
func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestPerCallDelay(t *testing.T) {
	p, c := newProxy(t, latency.Model{PerCall: 200 * time.Millisecond})
	start := time.Now()
	if _, err := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("call took %v, less than the 200ms per call", d)
	}
	if got := p.Calls(); !reflect.DeepEqual(got, []string{"DescribeVpcs"}) {
		t.Errorf("Calls = %v", got)
	}
}

func TestPerCallDelayRespectsCancellation(t *testing.T) {
	_, c := newProxy(t, latency.Model{PerCall: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err == nil {
		t.Fatal("call succeeded through an hour's delay")
	}
}

// natSetup makes what a NAT gateway needs: a subnet and an Elastic IP.
func natSetup(t *testing.T, c *ec2.Client) (subnet, alloc string) {
	t.Helper()
	ctx := context.Background()
	vpc, err := c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("192.168.11.0/24")})
	if err != nil {
		t.Fatal(err)
	}
	sn, err := c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("192.168.11.0/26")})
	if err != nil {
		t.Fatal(err)
	}
	eip, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(sn.Subnet.SubnetId), aws.ToString(eip.AllocationId)
}

func TestNATGatewayPendingThenAvailable(t *testing.T) {
	const window = time.Second
	_, c := newProxy(t, latency.Model{NATPending: window})
	ctx := context.Background()
	subnet, alloc := natSetup(t, c)

	before := time.Now() // the window opens between before and at
	created, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(subnet), AllocationId: aws.String(alloc)})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	if s := created.NatGateway.State; s != types.NatGatewayStatePending {
		t.Errorf("CreateNatGateway reply reads %q, want pending", s)
	}
	id := aws.ToString(created.NatGateway.NatGatewayId)
	state := func() types.NatGatewayState {
		out, err := c.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.NatGateways) != 1 {
			t.Fatalf("%d gateways", len(out.NatGateways))
		}
		if a := out.NatGateways[0].NatGatewayAddresses; len(a) != 1 || aws.ToString(a[0].AllocationId) != alloc {
			t.Fatalf("addresses garbled: %+v", a)
		}
		return out.NatGateways[0].State
	}
	s := state()
	// Only a check made well inside the window must see pending; a slow
	// machine may take longer than that to make it.
	if time.Since(at) >= window/2 {
		t.Logf("machine too slow to check inside the window (%v)", time.Since(at))
	} else if s != types.NatGatewayStatePending {
		t.Errorf("DescribeNatGateways inside the window reads %q, want pending", s)
	}
	eventually(t, "the NAT gateway to become available", func() bool { return state() == types.NatGatewayStateAvailable })
	if d := time.Since(before); d < window {
		t.Errorf("available after %v, inside the %v window", d, window)
	}
}

func TestInstancePendingThenRunning(t *testing.T) {
	const window = time.Second
	_, c := newProxy(t, latency.Model{InstancePending: window})
	ctx := context.Background()
	subnet, alloc := natSetup(t, c)

	run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId:      aws.String(sandbox.JammyAMI),
		InstanceType: types.InstanceTypeT3Medium,
		SubnetId:     aws.String(subnet),
		MinCount:     aws.Int32(1),
		MaxCount:     aws.Int32(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	id := aws.ToString(run.Instances[0].InstanceId)

	state := func() types.InstanceStateName {
		out, err := c.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
		if err != nil {
			t.Fatal(err)
		}
		st := out.Reservations[0].Instances[0].State
		if (st.Name == types.InstanceStateNamePending) != (aws.ToInt32(st.Code) == 0) {
			t.Fatalf("state %s with code %d", st.Name, aws.ToInt32(st.Code))
		}
		return st.Name
	}
	s := state()
	_, assocErr := c.AssociateAddress(ctx, &ec2.AssociateAddressInput{InstanceId: aws.String(id), AllocationId: aws.String(alloc)})
	if time.Since(at) >= window/2 {
		t.Logf("machine too slow to check inside the window (%v)", time.Since(at))
	} else {
		if s != types.InstanceStateNamePending {
			t.Errorf("DescribeInstances inside the window reads %q, want pending", s)
		}
		if code := apiCode(assocErr); code != "IncorrectInstanceState" {
			t.Errorf("AssociateAddress on a pending instance: %v, want IncorrectInstanceState", assocErr)
		}
		status, err := c.DescribeInstanceStatus(ctx, &ec2.DescribeInstanceStatusInput{InstanceIds: []string{id}, IncludeAllInstances: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		if n := status.InstanceStatuses[0].InstanceState.Name; n != types.InstanceStateNamePending {
			t.Errorf("DescribeInstanceStatus inside the window reads %q", n)
		}
	}

	eventually(t, "the instance to run", func() bool { return state() == types.InstanceStateNameRunning })
	if _, err := c.AssociateAddress(ctx, &ec2.AssociateAddressInput{InstanceId: aws.String(id), AllocationId: aws.String(alloc)}); err != nil {
		t.Fatalf("AssociateAddress on a running instance: %v", err)
	}
}

func vpcsWithName(t *testing.T, c *ec2.Client, name string) int {
	t.Helper()
	out, err := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{
		Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{name}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Vpcs)
}

func createVpc(c *ec2.Client, name string) error {
	_, err := c.CreateVpc(context.Background(), &ec2.CreateVpcInput{
		CidrBlock: aws.String("192.168.11.0/24"),
		TagSpecifications: []types.TagSpecification{{
			ResourceType: types.ResourceTypeVpc,
			Tags:         []types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}},
		}},
	})
	return err
}

func TestFailBefore(t *testing.T) {
	p, c := newProxy(t, latency.Model{})
	p.AddFault(latency.Fault{Action: "CreateVpc", Nth: 1, Mode: latency.FailBefore})
	err := createVpc(c, "never")
	if err == nil {
		t.Fatal("CreateVpc succeeded through FailBefore")
	}
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != 503 || apiCode(err) != "ServiceUnavailable" {
		t.Errorf("want an EC2 503 ServiceUnavailable, got %v", err)
	}
	if n := vpcsWithName(t, c, "never"); n != 0 {
		t.Fatalf("%d VPCs created by a call that failed before moto", n)
	}
	if err := createVpc(c, "second"); err != nil {
		t.Fatalf("the fault fired twice: %v", err)
	}
}

func TestLoseReply(t *testing.T) {
	p, c := newProxy(t, latency.Model{})
	p.AddFault(latency.Fault{Action: "CreateVpc", Nth: 1, Mode: latency.LoseReply})
	err := createVpc(c, "lost")
	if err == nil {
		t.Fatal("the client saw the reply")
	}
	t.Logf("client error: %v", err)
	if n := vpcsWithName(t, c, "lost"); n != 1 {
		t.Fatalf("%d VPCs after a lost reply, want the one created", n)
	}
}

func TestNthCallCountsFromAddFault(t *testing.T) {
	p, c := newProxy(t, latency.Model{})
	if err := createVpc(c, "before"); err != nil {
		t.Fatal(err)
	}
	p.AddFault(latency.Fault{Action: "CreateVpc", Nth: 2, Mode: latency.FailBefore})
	if err := createVpc(c, "first"); err != nil {
		t.Fatalf("first call after AddFault failed: %v", err)
	}
	if err := createVpc(c, "second"); err == nil {
		t.Fatal("second call after AddFault succeeded")
	}
	if err := createVpc(c, "third"); err != nil {
		t.Fatalf("third call failed: %v", err)
	}
}

func TestCallsAndOtherProtocols(t *testing.T) {
	p, c := newProxy(t, latency.Model{})
	ctx := context.Background()
	cfg := awsConfig()
	stsc := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(p.URL()) })
	ssmc := ssm.NewFromConfig(cfg, func(o *ssm.Options) { o.BaseEndpoint = aws.String(p.URL()) })

	if _, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if err := createVpc(c, "calls"); err != nil {
		t.Fatal(err)
	}
	// moto has no Canonical parameters, so this is ParameterNotFound; it
	// still counts as a call.
	_, _ = ssmc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id")})
	if _, err := c.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"GetCallerIdentity", "CreateVpc", "AmazonSSM.GetParameter", "DescribeVpcs"}
	if got := p.Calls(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Calls = %v, want %v", got, want)
	}
	p.ResetCalls()
	if got := p.Calls(); len(got) != 0 {
		t.Fatalf("Calls after reset = %v", got)
	}

	// Injected errors must parse as each protocol's own errors.
	p.AddFault(latency.Fault{Action: "GetParameter", Nth: 1, Mode: latency.FailBefore})
	_, err := ssmc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/x")})
	if apiCode(err) != "ServiceUnavailable" {
		t.Errorf("SSM fault: %v", err)
	}
	p.AddFault(latency.Fault{Action: "GetCallerIdentity", Nth: 1, Mode: latency.FailBefore})
	_, err = stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if apiCode(err) != "ServiceUnavailable" {
		t.Errorf("STS fault: %v", err)
	}
	if got := p.Calls(); !reflect.DeepEqual(got, []string{"AmazonSSM.GetParameter", "GetCallerIdentity"}) {
		t.Errorf("Calls = %v", got)
	}
}
