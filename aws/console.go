package aws

import (
	"context"
	"encoding/base64"
	"slices"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/infrawiz/infrawiz/internal/catalog"
)

// latestRefused are the answers of an instance type that cannot give the
// latest console output: only Nitro instances can
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html),
// older ones answer with the buffered output only.
var latestRefused = []string{"UnsupportedOperation", "InvalidParameterValue", "InvalidParameterCombination", "InvalidParameter"}

// ConsoleOutput returns the instance's serial console text, decoded. It asks
// for the latest output because cloud-init prints the host keys once, at
// first boot, and the default (older, buffered) view may not hold them yet;
// where the instance type refuses that, it takes the buffered view. An
// instance that has printed nothing yet gives "" and no error.
func (c *Client) ConsoleOutput(ctx context.Context, instanceID string) (string, error) {
	op := "read console output of " + instanceID
	var out *ec2.GetConsoleOutputOutput
	read := func(latest bool) error {
		return c.call(ctx, op, reads, func(ctx context.Context) (err error) {
			in := &ec2.GetConsoleOutputInput{InstanceId: sdk.String(instanceID)}
			if latest {
				in.Latest = sdk.Bool(true)
			}
			out, err = c.EC2.GetConsoleOutput(ctx, in)
			return err
		})
	}
	err := read(true)
	if code, _ := codeOf(err); slices.Contains(latestRefused, code) {
		err = read(false)
	}
	if err != nil {
		return "", err
	}
	enc := sdk.ToString(out.Output)
	if enc == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return "", &Error{Op: op, Kind: ErrInvalid, Msg: catalog.Msg("aws.error.console", err.Error()), Err: err}
	}
	return string(raw), nil
}
