package latency_test

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"

	"github.com/infrawiz/infrawiz/internal/latency"
)

func countVpcs(t *testing.T, c *ec2.Client) int {
	t.Helper()
	return len(must[*ec2.DescribeVpcsOutput](t)(c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})).Vpcs)
}

func TestVPCQuota(t *testing.T) {
	moto := motoFor(t)
	// Each proxy in a region of its own: moto keeps one default VPC, and
	// one count, per region.
	p, c := proxyTo(t, moto, latency.Model{Quotas: latency.DefaultQuotas()}, "ap-northeast-2")
	if n := countVpcs(t, c); n != 1 {
		t.Fatalf("moto starts with %d VPCs, want its default one", n)
	}

	// Eight students create at once: the default VPC and four of theirs
	// fill the quota of five, and no race overshoots it.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created int
	)
	for range 8 {
		wg.Go(func() {
			err := createVpc(ec2Client(p, "ap-northeast-2"), "student")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				created++
			case apiCode(err) != "VpcLimitExceeded":
				t.Errorf("CreateVpc over the quota: %v, want VpcLimitExceeded", err)
			}
		})
	}
	wg.Wait()
	if created != 4 {
		t.Errorf("%d VPCs created beside the default one, want 4", created)
	}
	err := createVpc(c, "sixth")
	wantCode(t, "the 6th VPC", err, "VpcLimitExceeded")
	if want := "The maximum number of VPCs has been reached."; apiMessage(err) != want {
		t.Errorf("message %q, want %q", apiMessage(err), want)
	}
	if n := countVpcs(t, c); n != 5 {
		t.Errorf("%d VPCs, want 5", n)
	}
	if st := p.Stats(); st.QuotaRefusals != 5 {
		t.Errorf("Stats %+v: QuotaRefusals != 5", st)
	}

	// A class whose instructor had the quota raised.
	_, c = proxyTo(t, moto, latency.Model{Quotas: latency.ClassroomQuotas()}, "ap-northeast-1")
	for i := range 6 {
		if err := createVpc(c, "class"); err != nil {
			t.Fatalf("VPC %d of a raised quota: %v", i+2, err)
		}
	}

	// Off: moto's behaviour, no quota.
	_, c = proxyTo(t, moto, latency.Model{}, "ap-northeast-3")
	for i := range 6 {
		if err := createVpc(c, "free"); err != nil {
			t.Fatalf("VPC %d without quotas: %v", i+2, err)
		}
	}
}

func TestAddressAndGatewayQuotas(t *testing.T) {
	_, c := proxyTo(t, motoFor(t), latency.Model{Quotas: latency.DefaultQuotas()}, region)
	ctx := context.Background()
	allocate := func() error {
		_, err := c.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc})
		return err
	}
	createIGW := func() error {
		_, err := c.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
		return err
	}
	for i := range 5 {
		if err := allocate(); err != nil {
			t.Fatalf("address %d: %v", i+1, err)
		}
		// moto's default VPC has no internet gateway, unlike AWS's, so
		// all five are ours.
		if err := createIGW(); err != nil {
			t.Fatalf("internet gateway %d: %v", i+1, err)
		}
	}
	err := allocate()
	wantCode(t, "the 6th address", err, "AddressLimitExceeded")
	if want := "The maximum number of addresses has been reached."; apiMessage(err) != want {
		t.Errorf("message %q, want %q", apiMessage(err), want)
	}
	wantCode(t, "the 6th internet gateway", createIGW(), "InternetGatewayLimitExceeded")
}

func TestNATQuotaPerZone(t *testing.T) {
	_, c := proxyTo(t, motoFor(t), latency.Model{Quotas: &latency.Quotas{NATPerAZ: 2}}, region)
	ctx := context.Background()
	vpc := must[*ec2.CreateVpcOutput](t)(c.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.40.0.0/16")})).Vpc.VpcId
	subnet := func(cidr, zone string) *string {
		return must[*ec2.CreateSubnetOutput](t)(c.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc, CidrBlock: aws.String(cidr), AvailabilityZone: aws.String(zone)})).Subnet.SubnetId
	}
	a1, a2, b := subnet("10.40.1.0/24", region+"a"), subnet("10.40.2.0/24", region+"a"), subnet("10.40.3.0/24", region+"b")
	nat := func(s *string) (*string, error) {
		// Private gateways need no Elastic IP.
		out, err := c.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: s, ConnectivityType: types.ConnectivityTypePrivate})
		if err != nil {
			return nil, err
		}
		return out.NatGateway.NatGatewayId, nil
	}
	first := must[*string](t)(nat(a1))
	must[*string](t)(nat(a2))
	_, err := nat(a1)
	wantCode(t, "a 3rd gateway in the zone", err, "NatGatewayLimitExceeded")
	if want := "Performing this operation would exceed the limit of 2 NAT gateways"; apiMessage(err) != want {
		t.Errorf("message %q, want %q", apiMessage(err), want)
	}
	if _, err := nat(b); err != nil {
		t.Errorf("a gateway in another zone: %v", err)
	}
	if _, err := c.DeleteNatGateway(ctx, &ec2.DeleteNatGatewayInput{NatGatewayId: first}); err != nil {
		t.Fatal(err)
	}
	if _, err := nat(a1); err != nil {
		t.Errorf("a gateway in place of a deleted one: %v", err)
	}
}

func getQuota(c *servicequotas.Client, service, code string) (float64, error) {
	out, err := c.GetServiceQuota(context.Background(), &servicequotas.GetServiceQuotaInput{ServiceCode: aws.String(service), QuotaCode: aws.String(code)})
	if err != nil {
		return 0, err
	}
	return aws.ToFloat64(out.Quota.Value), nil
}

func vpcMaxElasticIPs(t *testing.T, c *ec2.Client) string {
	t.Helper()
	out := must[*ec2.DescribeAccountAttributesOutput](t)(c.DescribeAccountAttributes(context.Background(), &ec2.DescribeAccountAttributesInput{}))
	for _, a := range out.AccountAttributes {
		if aws.ToString(a.AttributeName) == "vpc-max-elastic-ips" && len(a.AttributeValues) == 1 {
			return aws.ToString(a.AttributeValues[0].AttributeValue)
		}
	}
	t.Fatalf("no vpc-max-elastic-ips in %+v", out.AccountAttributes)
	return ""
}

func TestQuotasReported(t *testing.T) {
	moto := motoFor(t)
	quotasClient := func(p *latency.Proxy) *servicequotas.Client {
		return servicequotas.NewFromConfig(awsConfig(), func(o *servicequotas.Options) { o.BaseEndpoint = aws.String(p.URL()) })
	}
	p, c := proxyTo(t, moto, latency.Model{Quotas: latency.ClassroomQuotas()}, region)
	sq := quotasClient(p)
	for _, q := range []struct {
		service, code, name string
		value               float64
	}{
		{"vpc", "L-F678F1CE", "VPCs per Region", 50},
		{"vpc", "L-A4707A72", "Internet gateways per Region", 50},
		{"vpc", "L-FE5A380F", "NAT gateways per Availability Zone", 50},
		{"ec2", "L-0263D0A3", "EC2-VPC Elastic IPs", 100},
	} {
		out, err := sq.GetServiceQuota(context.Background(), &servicequotas.GetServiceQuotaInput{ServiceCode: aws.String(q.service), QuotaCode: aws.String(q.code)})
		if err != nil {
			t.Errorf("GetServiceQuota(%s, %s): %v", q.service, q.code, err)
			continue
		}
		got := out.Quota
		wantArn := "arn:aws:servicequotas:" + region + ":123456789012:" + q.service + "/" + q.code
		if aws.ToFloat64(got.Value) != q.value || aws.ToString(got.QuotaName) != q.name || aws.ToString(got.QuotaArn) != wantArn ||
			aws.ToString(got.ServiceCode) != q.service || aws.ToString(got.Unit) != "None" || !got.Adjustable || got.GlobalQuota {
			t.Errorf("GetServiceQuota(%s, %s) = %+v", q.service, q.code, got)
		}
	}
	// Other codes are moto's: the VPC service's defaults, nothing else.
	if v, err := getQuota(sq, "vpc", "L-45FE3B85"); err != nil || v != 5 {
		t.Errorf("egress-only gateways, from moto: %v, %v", v, err)
	}
	_, err := getQuota(sq, "ec2", "L-1216C47A")
	wantCode(t, "an EC2 quota moto does not know", err, "NoSuchResourceException")
	if v := vpcMaxElasticIPs(t, c); v != "100" {
		t.Errorf("vpc-max-elastic-ips = %s, want the raised 100", v)
	}

	// A student account's policy denies Service Quotas.
	deny := latency.DefaultQuotas()
	deny.DenyServiceQuotas = true
	p, _ = proxyTo(t, moto, latency.Model{Quotas: deny}, region)
	_, err = getQuota(quotasClient(p), "vpc", "L-F678F1CE")
	wantCode(t, "GetServiceQuota under a deny", err, "AccessDeniedException")
	if st := p.Stats(); st.Denied != 1 {
		t.Errorf("Stats %+v: Denied != 1", st)
	}

	// Off: moto's defaults.
	p, c = proxyTo(t, moto, latency.Model{}, region)
	if v, err := getQuota(quotasClient(p), "vpc", "L-F678F1CE"); err != nil || v != 5 {
		t.Errorf("VPCs per Region from moto: %v, %v", v, err)
	}
	if v := vpcMaxElasticIPs(t, c); v != "5" {
		t.Errorf("vpc-max-elastic-ips from moto = %s", v)
	}
}
