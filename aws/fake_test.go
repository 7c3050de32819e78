package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// fakeEC2 is a hand-written EC2API for step logic. It embeds the interface
// as nil and overrides every method with one that counts the call, records
// its input and answers from a script; a method with no script panics, so a
// call a test did not expect cannot go unnoticed. It is safe for the
// concurrent calls of Inventory and Preflight.
type fakeEC2 struct {
	EC2API // nil: never called, every method is overridden below

	mu      sync.Mutex
	calls   map[string]int
	inputs  map[string][]any
	options map[string][]ec2.Options
	script  map[string]func(in any) (any, error)
}

func newFake() *fakeEC2 {
	return &fakeEC2{
		calls:   map[string]int{},
		inputs:  map[string][]any{},
		options: map[string][]ec2.Options{},
		script:  map[string]func(any) (any, error){},
	}
}

// on scripts the answer of one method; the handler runs outside the lock and
// may itself change the fake's script.
func on[I, O any](f *fakeEC2, method string, h func(in I) (O, error)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[method] = func(in any) (any, error) {
		out, err := h(in.(I))
		return out, err
	}
}

// count is how often method was called.
func (f *fakeEC2) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[method]
}

// mutating lists the methods called that change something in AWS.
func (f *fakeEC2) mutating() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for m, n := range f.calls {
		if n > 0 && !isReadOnly(m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	return out
}

func isReadOnly(method string) bool { return strings.HasPrefix(method, "Describe") }

// inputsOf returns the recorded inputs of method, typed.
func inputsOf[I any](t *testing.T, f *fakeEC2, method string) []I {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]I, 0, len(f.inputs[method]))
	for _, in := range f.inputs[method] {
		out = append(out, in.(I))
	}
	return out
}

func call[O any](f *fakeEC2, method string, in any, optFns []func(*ec2.Options)) (O, error) {
	var o ec2.Options
	for _, fn := range optFns {
		fn(&o)
	}
	f.mu.Lock()
	f.calls[method]++
	f.inputs[method] = append(f.inputs[method], in)
	f.options[method] = append(f.options[method], o)
	h := f.script[method]
	f.mu.Unlock()
	if h == nil {
		panic("fakeEC2: unexpected call to " + method)
	}
	out, err := h(in)
	var zero O
	if out == nil {
		return zero, err
	}
	return out.(O), err
}

func (f *fakeEC2) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, o ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	return call[*ec2.DescribeInstancesOutput](f, "DescribeInstances", in, o)
}

func (f *fakeEC2) DescribeNatGateways(_ context.Context, in *ec2.DescribeNatGatewaysInput, o ...func(*ec2.Options)) (*ec2.DescribeNatGatewaysOutput, error) {
	return call[*ec2.DescribeNatGatewaysOutput](f, "DescribeNatGateways", in, o)
}

func (f *fakeEC2) DescribeAvailabilityZones(_ context.Context, in *ec2.DescribeAvailabilityZonesInput, o ...func(*ec2.Options)) (*ec2.DescribeAvailabilityZonesOutput, error) {
	return call[*ec2.DescribeAvailabilityZonesOutput](f, "DescribeAvailabilityZones", in, o)
}

func (f *fakeEC2) DescribeAccountAttributes(_ context.Context, in *ec2.DescribeAccountAttributesInput, o ...func(*ec2.Options)) (*ec2.DescribeAccountAttributesOutput, error) {
	return call[*ec2.DescribeAccountAttributesOutput](f, "DescribeAccountAttributes", in, o)
}

func (f *fakeEC2) DescribeInstanceTypeOfferings(_ context.Context, in *ec2.DescribeInstanceTypeOfferingsInput, o ...func(*ec2.Options)) (*ec2.DescribeInstanceTypeOfferingsOutput, error) {
	return call[*ec2.DescribeInstanceTypeOfferingsOutput](f, "DescribeInstanceTypeOfferings", in, o)
}

func (f *fakeEC2) DescribeImages(_ context.Context, in *ec2.DescribeImagesInput, o ...func(*ec2.Options)) (*ec2.DescribeImagesOutput, error) {
	return call[*ec2.DescribeImagesOutput](f, "DescribeImages", in, o)
}

func (f *fakeEC2) ImportKeyPair(_ context.Context, in *ec2.ImportKeyPairInput, o ...func(*ec2.Options)) (*ec2.ImportKeyPairOutput, error) {
	return call[*ec2.ImportKeyPairOutput](f, "ImportKeyPair", in, o)
}

func (f *fakeEC2) DescribeKeyPairs(_ context.Context, in *ec2.DescribeKeyPairsInput, o ...func(*ec2.Options)) (*ec2.DescribeKeyPairsOutput, error) {
	return call[*ec2.DescribeKeyPairsOutput](f, "DescribeKeyPairs", in, o)
}

func (f *fakeEC2) DeleteKeyPair(_ context.Context, in *ec2.DeleteKeyPairInput, o ...func(*ec2.Options)) (*ec2.DeleteKeyPairOutput, error) {
	return call[*ec2.DeleteKeyPairOutput](f, "DeleteKeyPair", in, o)
}

func (f *fakeEC2) CreateVpc(_ context.Context, in *ec2.CreateVpcInput, o ...func(*ec2.Options)) (*ec2.CreateVpcOutput, error) {
	return call[*ec2.CreateVpcOutput](f, "CreateVpc", in, o)
}

func (f *fakeEC2) DescribeVpcs(_ context.Context, in *ec2.DescribeVpcsInput, o ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error) {
	return call[*ec2.DescribeVpcsOutput](f, "DescribeVpcs", in, o)
}

func (f *fakeEC2) DescribeVpcAttribute(_ context.Context, in *ec2.DescribeVpcAttributeInput, o ...func(*ec2.Options)) (*ec2.DescribeVpcAttributeOutput, error) {
	return call[*ec2.DescribeVpcAttributeOutput](f, "DescribeVpcAttribute", in, o)
}

func (f *fakeEC2) ModifyVpcAttribute(_ context.Context, in *ec2.ModifyVpcAttributeInput, o ...func(*ec2.Options)) (*ec2.ModifyVpcAttributeOutput, error) {
	return call[*ec2.ModifyVpcAttributeOutput](f, "ModifyVpcAttribute", in, o)
}

func (f *fakeEC2) DeleteVpc(_ context.Context, in *ec2.DeleteVpcInput, o ...func(*ec2.Options)) (*ec2.DeleteVpcOutput, error) {
	return call[*ec2.DeleteVpcOutput](f, "DeleteVpc", in, o)
}

func (f *fakeEC2) CreateSubnet(_ context.Context, in *ec2.CreateSubnetInput, o ...func(*ec2.Options)) (*ec2.CreateSubnetOutput, error) {
	return call[*ec2.CreateSubnetOutput](f, "CreateSubnet", in, o)
}

func (f *fakeEC2) DescribeSubnets(_ context.Context, in *ec2.DescribeSubnetsInput, o ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error) {
	return call[*ec2.DescribeSubnetsOutput](f, "DescribeSubnets", in, o)
}

func (f *fakeEC2) DeleteSubnet(_ context.Context, in *ec2.DeleteSubnetInput, o ...func(*ec2.Options)) (*ec2.DeleteSubnetOutput, error) {
	return call[*ec2.DeleteSubnetOutput](f, "DeleteSubnet", in, o)
}

func (f *fakeEC2) CreateInternetGateway(_ context.Context, in *ec2.CreateInternetGatewayInput, o ...func(*ec2.Options)) (*ec2.CreateInternetGatewayOutput, error) {
	return call[*ec2.CreateInternetGatewayOutput](f, "CreateInternetGateway", in, o)
}

func (f *fakeEC2) DescribeInternetGateways(_ context.Context, in *ec2.DescribeInternetGatewaysInput, o ...func(*ec2.Options)) (*ec2.DescribeInternetGatewaysOutput, error) {
	return call[*ec2.DescribeInternetGatewaysOutput](f, "DescribeInternetGateways", in, o)
}

func (f *fakeEC2) AttachInternetGateway(_ context.Context, in *ec2.AttachInternetGatewayInput, o ...func(*ec2.Options)) (*ec2.AttachInternetGatewayOutput, error) {
	return call[*ec2.AttachInternetGatewayOutput](f, "AttachInternetGateway", in, o)
}

func (f *fakeEC2) DetachInternetGateway(_ context.Context, in *ec2.DetachInternetGatewayInput, o ...func(*ec2.Options)) (*ec2.DetachInternetGatewayOutput, error) {
	return call[*ec2.DetachInternetGatewayOutput](f, "DetachInternetGateway", in, o)
}

func (f *fakeEC2) DeleteInternetGateway(_ context.Context, in *ec2.DeleteInternetGatewayInput, o ...func(*ec2.Options)) (*ec2.DeleteInternetGatewayOutput, error) {
	return call[*ec2.DeleteInternetGatewayOutput](f, "DeleteInternetGateway", in, o)
}

func (f *fakeEC2) AllocateAddress(_ context.Context, in *ec2.AllocateAddressInput, o ...func(*ec2.Options)) (*ec2.AllocateAddressOutput, error) {
	return call[*ec2.AllocateAddressOutput](f, "AllocateAddress", in, o)
}

func (f *fakeEC2) DescribeAddresses(_ context.Context, in *ec2.DescribeAddressesInput, o ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error) {
	return call[*ec2.DescribeAddressesOutput](f, "DescribeAddresses", in, o)
}

func (f *fakeEC2) AssociateAddress(_ context.Context, in *ec2.AssociateAddressInput, o ...func(*ec2.Options)) (*ec2.AssociateAddressOutput, error) {
	return call[*ec2.AssociateAddressOutput](f, "AssociateAddress", in, o)
}

func (f *fakeEC2) DisassociateAddress(_ context.Context, in *ec2.DisassociateAddressInput, o ...func(*ec2.Options)) (*ec2.DisassociateAddressOutput, error) {
	return call[*ec2.DisassociateAddressOutput](f, "DisassociateAddress", in, o)
}

func (f *fakeEC2) ReleaseAddress(_ context.Context, in *ec2.ReleaseAddressInput, o ...func(*ec2.Options)) (*ec2.ReleaseAddressOutput, error) {
	return call[*ec2.ReleaseAddressOutput](f, "ReleaseAddress", in, o)
}

func (f *fakeEC2) CreateNatGateway(_ context.Context, in *ec2.CreateNatGatewayInput, o ...func(*ec2.Options)) (*ec2.CreateNatGatewayOutput, error) {
	return call[*ec2.CreateNatGatewayOutput](f, "CreateNatGateway", in, o)
}

func (f *fakeEC2) DeleteNatGateway(_ context.Context, in *ec2.DeleteNatGatewayInput, o ...func(*ec2.Options)) (*ec2.DeleteNatGatewayOutput, error) {
	return call[*ec2.DeleteNatGatewayOutput](f, "DeleteNatGateway", in, o)
}

func (f *fakeEC2) CreateRouteTable(_ context.Context, in *ec2.CreateRouteTableInput, o ...func(*ec2.Options)) (*ec2.CreateRouteTableOutput, error) {
	return call[*ec2.CreateRouteTableOutput](f, "CreateRouteTable", in, o)
}

func (f *fakeEC2) DescribeRouteTables(_ context.Context, in *ec2.DescribeRouteTablesInput, o ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	return call[*ec2.DescribeRouteTablesOutput](f, "DescribeRouteTables", in, o)
}

func (f *fakeEC2) AssociateRouteTable(_ context.Context, in *ec2.AssociateRouteTableInput, o ...func(*ec2.Options)) (*ec2.AssociateRouteTableOutput, error) {
	return call[*ec2.AssociateRouteTableOutput](f, "AssociateRouteTable", in, o)
}

func (f *fakeEC2) DisassociateRouteTable(_ context.Context, in *ec2.DisassociateRouteTableInput, o ...func(*ec2.Options)) (*ec2.DisassociateRouteTableOutput, error) {
	return call[*ec2.DisassociateRouteTableOutput](f, "DisassociateRouteTable", in, o)
}

func (f *fakeEC2) CreateRoute(_ context.Context, in *ec2.CreateRouteInput, o ...func(*ec2.Options)) (*ec2.CreateRouteOutput, error) {
	return call[*ec2.CreateRouteOutput](f, "CreateRoute", in, o)
}

func (f *fakeEC2) ReplaceRoute(_ context.Context, in *ec2.ReplaceRouteInput, o ...func(*ec2.Options)) (*ec2.ReplaceRouteOutput, error) {
	return call[*ec2.ReplaceRouteOutput](f, "ReplaceRoute", in, o)
}

func (f *fakeEC2) DeleteRouteTable(_ context.Context, in *ec2.DeleteRouteTableInput, o ...func(*ec2.Options)) (*ec2.DeleteRouteTableOutput, error) {
	return call[*ec2.DeleteRouteTableOutput](f, "DeleteRouteTable", in, o)
}

func (f *fakeEC2) CreateSecurityGroup(_ context.Context, in *ec2.CreateSecurityGroupInput, o ...func(*ec2.Options)) (*ec2.CreateSecurityGroupOutput, error) {
	return call[*ec2.CreateSecurityGroupOutput](f, "CreateSecurityGroup", in, o)
}

func (f *fakeEC2) DescribeSecurityGroups(_ context.Context, in *ec2.DescribeSecurityGroupsInput, o ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error) {
	return call[*ec2.DescribeSecurityGroupsOutput](f, "DescribeSecurityGroups", in, o)
}

func (f *fakeEC2) AuthorizeSecurityGroupIngress(_ context.Context, in *ec2.AuthorizeSecurityGroupIngressInput, o ...func(*ec2.Options)) (*ec2.AuthorizeSecurityGroupIngressOutput, error) {
	return call[*ec2.AuthorizeSecurityGroupIngressOutput](f, "AuthorizeSecurityGroupIngress", in, o)
}

func (f *fakeEC2) RevokeSecurityGroupIngress(_ context.Context, in *ec2.RevokeSecurityGroupIngressInput, o ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error) {
	return call[*ec2.RevokeSecurityGroupIngressOutput](f, "RevokeSecurityGroupIngress", in, o)
}

func (f *fakeEC2) DeleteSecurityGroup(_ context.Context, in *ec2.DeleteSecurityGroupInput, o ...func(*ec2.Options)) (*ec2.DeleteSecurityGroupOutput, error) {
	return call[*ec2.DeleteSecurityGroupOutput](f, "DeleteSecurityGroup", in, o)
}

func (f *fakeEC2) RunInstances(_ context.Context, in *ec2.RunInstancesInput, o ...func(*ec2.Options)) (*ec2.RunInstancesOutput, error) {
	return call[*ec2.RunInstancesOutput](f, "RunInstances", in, o)
}

func (f *fakeEC2) TerminateInstances(_ context.Context, in *ec2.TerminateInstancesInput, o ...func(*ec2.Options)) (*ec2.TerminateInstancesOutput, error) {
	return call[*ec2.TerminateInstancesOutput](f, "TerminateInstances", in, o)
}

// fakeSSM answers GetParameter from a function; nil panics.
type fakeSSM struct {
	get   func(*ssm.GetParameterInput) (*ssm.GetParameterOutput, error)
	calls int
}

func (f *fakeSSM) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	f.calls++
	if f.get == nil {
		panic("fakeSSM: unexpected call to GetParameter")
	}
	return f.get(in)
}

// testClient is the Client every fake test uses: brisk waits, four retries.
func testClient(f *fakeEC2) *Client {
	return &Client{
		EC2: f, Region: "ap-northeast-2", PollMin: time.Millisecond, PollMax: 2 * time.Millisecond, Retries: 4,
		Patience: testPatience,
	}
}

// testPatience waits out what real EC2 does for a while only briefly: a
// fake that keeps refusing would otherwise hold a test for minutes.
var testPatience = Patience{Unknown: 30 * time.Millisecond, Blocked: 60 * time.Millisecond, Throttled: 100 * time.Millisecond, Transient: 2}

// The errors below are built the way the SDK builds them, so that classify
// is tested against what it really receives.

// apiError is an AWS error reply: an OperationError around the HTTP
// response error around the API error.
func apiError(op string, status int, code, msg string) error {
	return &smithy.OperationError{
		ServiceID:     "EC2",
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))}},
				Err:      &smithy.GenericAPIError{Code: code, Message: msg, Fault: smithy.FaultClient},
			},
			RequestID: "req-1",
		},
	}
}

// httpError is a reply with a bare HTTP status and no parseable error body.
func httpError(op string, status int) error {
	return &smithy.OperationError{
		ServiceID:     "EC2",
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))}},
				Err:      errors.New("failed to decode response body"),
			},
			RequestID: "req-2",
		},
	}
}

// connReset is a request whose connection was reset after it was sent: the
// reply is lost, the call may well have happened.
func connReset(op string) error {
	return &smithy.OperationError{
		ServiceID:     "EC2",
		OperationName: op,
		Err: &smithyhttp.RequestSendError{Err: &url.Error{
			Op:  "Post",
			URL: "https://ec2.ap-northeast-2.amazonaws.com/",
			Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET},
		}},
	}
}

func dryRunOK(op string) error {
	return apiError(op, 412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
}

// filterValues returns the values of the filter called name, and whether it
// is there.
func filterValues(fs []types.Filter, name string) ([]string, bool) {
	for _, f := range fs {
		if sdk.ToString(f.Name) == name {
			return f.Values, true
		}
	}
	return nil, false
}

func (f *fakeEC2) ReplaceRouteTableAssociation(_ context.Context, in *ec2.ReplaceRouteTableAssociationInput, o ...func(*ec2.Options)) (*ec2.ReplaceRouteTableAssociationOutput, error) {
	return call[*ec2.ReplaceRouteTableAssociationOutput](f, "ReplaceRouteTableAssociation", in, o)
}
