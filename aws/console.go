package aws

import (
	"context"
	"encoding/base64"
	"fmt"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// ConsoleOutput returns the instance's serial console text, decoded. It asks
// for the latest output because cloud-init prints the host keys once, at
// first boot, and the default (older, buffered) view may not hold them yet.
// An instance that has printed nothing yet gives "" and no error.
func (c *Client) ConsoleOutput(ctx context.Context, instanceID string) (string, error) {
	op := "read console output of " + instanceID
	out, err := c.EC2.GetConsoleOutput(ctx, &ec2.GetConsoleOutputInput{
		InstanceId: sdk.String(instanceID),
		Latest:     sdk.Bool(true),
	})
	if err != nil {
		return "", classify(op, err)
	}
	enc := sdk.ToString(out.Output)
	if enc == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return "", &Error{Op: op, Kind: ErrInvalid, Err: fmt.Errorf("console output is not base64: %w", err)}
	}
	return string(raw), nil
}
