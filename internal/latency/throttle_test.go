package latency_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/infrawiz/infrawiz/internal/latency"
)

func describeVpcs(c *ec2.Client) error {
	_, err := c.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	return err
}

func wantThrottled(t *testing.T, what string, err error) {
	t.Helper()
	var re interface{ HTTPStatusCode() int }
	if apiCode(err) != "RequestLimitExceeded" || apiMessage(err) != "Request limit exceeded." || !errors.As(err, &re) || re.HTTPStatusCode() != 503 {
		t.Errorf("%s: %v, want HTTP 503 RequestLimitExceeded", what, err)
	}
}

func TestThrottleIsSharedByEveryCaller(t *testing.T) {
	moto := motoFor(t)
	// Off: moto's behaviour, no limit. This also has moto load its EC2,
	// which takes it a second or more, before the clock matters.
	_, off := proxyTo(t, moto, latency.Model{}, region)
	for i := range 10 {
		if err := describeVpcs(off); err != nil {
			t.Fatalf("describe %d without a Throttle: %v", i+1, err)
		}
	}

	p, c := proxyTo(t, moto, latency.Model{Throttle: &latency.Throttle{
		Describe: latency.Bucket{Capacity: 3, Refill: 1},
		Mutate:   latency.Bucket{Capacity: 1, Refill: 0.1},
	}}, region)
	other := ec2Client(p, region) // a second process of the same account
	stsc := sts.NewFromConfig(awsConfig(), func(o *sts.Options) { o.BaseEndpoint = aws.String(p.URL()) })
	ctx := context.Background()

	start := time.Now()
	for i := range 3 {
		if err := describeVpcs(c); err != nil {
			t.Fatalf("describe %d of a full bucket of 3: %v", i+1, err)
		}
	}
	err := describeVpcs(other)
	if time.Since(start) < 500*time.Millisecond { // else a token came back
		wantThrottled(t, "the 4th describe, from another client", err)
	}
	// Only EC2 is throttled: STS's Get* is not EC2's.
	for range 3 {
		if _, err := stsc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
			t.Errorf("STS throttled by EC2's bucket: %v", err)
		}
	}
	// The mutating bucket is another: one create passes, the next is
	// refused without reaching moto.
	if err := createVpc(c, "first"); err != nil {
		t.Errorf("a create with the describe bucket empty: %v", err)
	}
	wantThrottled(t, "a create with the mutate bucket empty", createVpc(other, "throttled"))

	time.Sleep(1100 * time.Millisecond)
	if err := describeVpcs(other); err != nil {
		t.Errorf("describe after a second's refill: %v", err)
	}
	if st := p.Stats(); st.Throttled != 2 {
		t.Errorf("Stats %+v: Throttled != 2", st)
	}
	if n := vpcsWithName(t, off, "throttled"); n != 0 {
		t.Errorf("a throttled create made %d VPCs", n)
	}
}

func TestThrottlePerAction(t *testing.T) {
	_, c := proxyTo(t, motoFor(t), latency.Model{Throttle: &latency.Throttle{
		Describe:  latency.Bucket{Capacity: 1},
		PerAction: true,
	}}, region)
	if err := describeVpcs(c); err != nil {
		t.Fatal(err)
	}
	wantThrottled(t, "a second DescribeVpcs", describeVpcs(c))
	if _, err := c.DescribeSubnets(context.Background(), &ec2.DescribeSubnetsInput{}); err != nil {
		t.Errorf("DescribeSubnets has a bucket of its own: %v", err)
	}
}

func TestAWSThrottle(t *testing.T) {
	want := &latency.Throttle{
		Describe:  latency.Bucket{Capacity: 100, Refill: 20},
		Mutate:    latency.Bucket{Capacity: 50, Refill: 5},
		PerAction: true,
	}
	if got := latency.AWSThrottle(); !reflect.DeepEqual(got, want) {
		t.Errorf("AWSThrottle() = %+v, want %+v", got, want)
	}
}
