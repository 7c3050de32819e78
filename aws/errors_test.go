package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"syscall"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

var allKinds = []error{
	ErrNotFound, ErrThrottled, ErrQuota, ErrAuth, ErrInvalid, ErrExists,
	ErrDependency, ErrCapacity, ErrTransient, ErrForeign, ErrFailed,
}

// onlyKind checks that err is of kind want and of no other kind.
func onlyKind(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%v: errors.Is(err, %v) = false", err, want)
	}
	for _, k := range allKinds {
		if k != want && errors.Is(err, k) {
			t.Errorf("%v: is also of kind %v", err, k)
		}
	}
}

func TestClassify_CodesToKinds(t *testing.T) {
	cases := []struct {
		code   string
		status int
		want   error
	}{
		{"InvalidVpcID.NotFound", 400, ErrNotFound},
		{"InvalidSubnetID.NotFound", 400, ErrNotFound},
		{"InvalidAMIID.Unavailable", 400, ErrNotFound},
		{"NatGatewayNotFound", 400, ErrNotFound},
		{"RequestLimitExceeded", 503, ErrThrottled}, // EC2 throttles with a 503: still not a lost reply
		{"Throttling", 400, ErrThrottled},
		{"VpcLimitExceeded", 400, ErrQuota},
		{"AddressLimitExceeded", 400, ErrQuota},
		{"VcpuLimitExceeded", 400, ErrQuota},
		{"UnauthorizedOperation", 403, ErrAuth},
		{"AuthFailure", 401, ErrAuth},
		{"ExpiredToken", 400, ErrAuth},
		{"InvalidPermission.Duplicate", 400, ErrExists},
		{"InvalidKeyPair.Duplicate", 400, ErrExists},
		{"RouteAlreadyExists", 400, ErrExists},
		{"Resource.AlreadyAssociated", 400, ErrExists},
		{"DependencyViolation", 400, ErrDependency},
		{"InsufficientInstanceCapacity", 500, ErrCapacity}, // a known code wins over the 5xx status
		{"Unsupported", 400, ErrCapacity},
		{"InternalError", 500, ErrTransient},
		{"ServiceUnavailable", 503, ErrTransient},
		{"InvalidParameterValue", 400, ErrInvalid},
		{"SomethingNobodyHasSeen", 400, ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			const op = "create VPC mhson-vpc"
			orig := apiError("CreateVpc", tc.status, tc.code, "the message from AWS")
			err := classify(op, orig)
			onlyKind(t, err, tc.want)
			if !errors.Is(err, orig) {
				t.Errorf("errors.Is(err, original) = false")
			}
			var api smithy.APIError
			if !errors.As(err, &api) || api.ErrorCode() != tc.code {
				t.Errorf("errors.As(err, smithy.APIError) does not reach the code %s", tc.code)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("classify returned %T, want *Error", err)
			}
			if e.Op != op || e.Code != tc.code || e.Message != "the message from AWS" {
				t.Errorf("Error = %+v", e)
			}
			msg := err.Error()
			for _, part := range []string{op, tc.code, "the message from AWS"} {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q does not contain %q", msg, part)
				}
			}
		})
	}
}

func TestClassify_NilIsNil(t *testing.T) {
	if err := classify("create VPC", nil); err != nil {
		t.Fatalf("classify(nil) = %v", err)
	}
}

func TestClassify_LostReplies(t *testing.T) {
	cases := []struct {
		name string
		err  error
	}{
		{"bare 503", httpError("CreateVpc", 503)},
		{"bare 500", httpError("CreateVpc", 500)},
		{"unknown code with 502", apiError("CreateVpc", 502, "BadGateway", "upstream went away")},
		{"InternalError", apiError("CreateVpc", 500, "InternalError", "An internal error has occurred")},
		{"connection reset", connReset("CreateVpc")},
		{"bare net.OpError", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !lostReply(tc.err) {
				t.Errorf("lostReply = false")
			}
			err := classify("create VPC mhson-vpc", tc.err)
			onlyKind(t, err, ErrTransient)
			if !retryable(err) {
				t.Errorf("retryable = false")
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("the original error is lost")
			}
			if !strings.Contains(err.Error(), "create VPC mhson-vpc") {
				t.Errorf("message %q does not name the op", err)
			}
		})
	}
}

func TestClassify_NotLostReplies(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"client error with a body", apiError("CreateVpc", 400, "InvalidParameterValue", "bad CIDR"), ErrInvalid},
		{"bare 400", httpError("CreateVpc", 400), ErrInvalid},
		{"plain error", errors.New("something odd"), ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if lostReply(tc.err) {
				t.Errorf("lostReply = true")
			}
			err := classify("create VPC", tc.err)
			onlyKind(t, err, tc.want)
			if retryable(err) {
				t.Errorf("retryable = true")
			}
		})
	}
}

func TestClassify_CancelledIsNotTransient(t *testing.T) {
	// The SDK reports a cancelled call as an OperationError around a
	// CanceledError around context.Canceled.
	orig := &smithy.OperationError{ServiceID: "EC2", OperationName: "CreateVpc", Err: &smithy.CanceledError{Err: context.Canceled}}
	for _, in := range []error{context.Canceled, orig} {
		err := classify("create VPC mhson-vpc", in)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v: errors.Is(err, context.Canceled) = false", err)
		}
		for _, k := range allKinds {
			if errors.Is(err, k) {
				t.Errorf("%v: a cancelled call is classified %v", err, k)
			}
		}
		if retryable(err) || lostReply(in) {
			t.Errorf("%v: a cancelled call counts as retryable or a lost reply", err)
		}
		if !strings.Contains(err.Error(), "create VPC mhson-vpc") {
			t.Errorf("message %q does not name the op", err)
		}
	}
}

func TestClassify_OnlyOnce(t *testing.T) {
	inner := classify("create subnet mhson-subnet-public-2a", apiError("CreateSubnet", 400, "InvalidSubnet.Conflict", "overlaps"))
	outer := classify("apply", fmt.Errorf("step: %w", inner))
	var e *Error
	if !errors.As(outer, &e) || e.Op != "create subnet mhson-subnet-public-2a" {
		t.Fatalf("classifying again changed the op: %v", outer)
	}
}

func TestRetryable(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&Error{Op: "x", Kind: ErrTransient}, true},
		{&Error{Op: "x", Kind: ErrThrottled}, true},
		{&Error{Op: "x", Kind: ErrAuth}, false},
		{&Error{Op: "x", Kind: ErrQuota}, false},
		{&Error{Op: "x", Kind: ErrExists}, false},
		{nil, false},
	}
	for _, tc := range cases {
		if got := retryable(tc.err); got != tc.want {
			t.Errorf("retryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestError_Format(t *testing.T) {
	cases := []struct {
		err  *Error
		want string
	}{
		{&Error{Op: "wait for NAT gateway nat-1", Kind: ErrFailed, Code: "Gateway.NotAttached", Message: "no IGW"}, "wait for NAT gateway nat-1: Gateway.NotAttached: no IGW"},
		{&Error{Op: "delete vpc vpc-1", Kind: ErrForeign, Message: "left alone"}, "delete vpc vpc-1: left alone"},
		{&Error{Op: "launch", Kind: ErrInvalid, Err: errors.New("boom")}, "launch: boom"},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	// An Error without a wrapped error must still unwrap safely.
	var api smithy.APIError
	if errors.As(error(cases[1].err), &api) {
		t.Errorf("errors.As found an APIError in an Error that wraps none")
	}
	if !errors.Is(cases[1].err, ErrForeign) {
		t.Errorf("errors.Is(err, ErrForeign) = false")
	}
}

func TestRules_FlattensOneRulePerSource(t *testing.T) {
	sg := &types.SecurityGroup{IpPermissions: []types.IpPermission{
		{
			IpProtocol: sdk.String("tcp"), FromPort: sdk.Int32(22), ToPort: sdk.Int32(22),
			IpRanges:         []types.IpRange{{CidrIp: sdk.String("1.2.3.4/32"), Description: sdk.String("me")}, {CidrIp: sdk.String("10.0.0.0/8")}},
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-bastion"), Description: sdk.String("from the bastion")}},
		},
		{
			IpProtocol: sdk.String("icmp"), FromPort: sdk.Int32(-1), ToPort: sdk.Int32(-1),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-bastion")}, {GroupId: sdk.String("sg-web")}},
		},
		{
			// All traffic: AWS leaves the ports out.
			IpProtocol: sdk.String("-1"),
			IpRanges:   []types.IpRange{{CidrIp: sdk.String("192.168.0.0/16")}},
		},
		{
			// All traffic with ports given as 0 (as some tools write it).
			IpProtocol: sdk.String("-1"), FromPort: sdk.Int32(0), ToPort: sdk.Int32(0),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: sdk.String("sg-self")}},
		},
	}}
	want := []Rule{
		{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "1.2.3.4/32", Description: "me"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, CIDR: "10.0.0.0/8"},
		{Protocol: "tcp", FromPort: 22, ToPort: 22, SourceGroup: "sg-bastion", Description: "from the bastion"},
		{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceGroup: "sg-bastion"},
		{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceGroup: "sg-web"},
		{Protocol: "-1", FromPort: -1, ToPort: -1, CIDR: "192.168.0.0/16"},
		{Protocol: "-1", FromPort: -1, ToPort: -1, SourceGroup: "sg-self"},
	}
	got := Rules(sg)
	byKey := func(a, b Rule) int { return strings.Compare(a.key(), b.key()) }
	slices.SortFunc(want, byKey)
	if !slices.IsSortedFunc(got, byKey) {
		t.Errorf("Rules are not in a stable order: %+v", got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Rules =\n%+v\nwant\n%+v", got, want)
	}
	if Rules(nil) != nil {
		t.Errorf("Rules(nil) is not nil")
	}
}

func TestRule_PermissionRoundTrips(t *testing.T) {
	for _, r := range []Rule{
		{Protocol: "tcp", FromPort: 8080, ToPort: 8080, CIDR: "0.0.0.0/0", Description: "web"},
		{Protocol: "icmp", FromPort: -1, ToPort: -1, SourceGroup: "sg-bastion"},
	} {
		got := Rules(&types.SecurityGroup{IpPermissions: []types.IpPermission{r.permission()}})
		if len(got) != 1 || got[0] != r {
			t.Errorf("Rules(permission(%+v)) = %+v", r, got)
		}
	}
}

// TestCall_InterruptedIsCanceled: a call cut short by Ctrl-C while AWS
// throttled it is reported as interrupted, not as throttled, so the
// command line says one line about the interrupt and nothing about AWS.
func TestCall_InterruptedIsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := testClient(newFake())
	err := c.call(ctx, "describe", reads, func(context.Context) error {
		cancel()
		return apiError("DescribeVpcs", 503, "RequestLimitExceeded", "Request limit exceeded.")
	})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrThrottled) {
		t.Errorf("err = %v, want context.Canceled and not throttled", err)
	}
}
