package aws_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
)

// TestConsoleOutputMoto reads a real instance's console through the SDK and
// moto: the text comes back decoded (moto's reply is base64 like AWS's), and
// an unknown instance is classified as not found.
func TestConsoleOutputMoto(t *testing.T) {
	c := motoClient(t)
	ctx := context.Background()
	imgs, err := c.EC2.DescribeImages(ctx, &ec2.DescribeImagesInput{})
	if err != nil || len(imgs.Images) == 0 {
		t.Fatalf("moto has no image to start: %v", err)
	}
	run, err := c.EC2.RunInstances(ctx, &ec2.RunInstancesInput{
		ImageId: imgs.Images[0].ImageId, MinCount: sdk.Int32(1), MaxCount: sdk.Int32(1),
		InstanceType: types.InstanceTypeT3Micro,
	})
	if err != nil {
		t.Fatal(err)
	}
	id := sdk.ToString(run.Instances[0].InstanceId)

	out, err := c.ConsoleOutput(ctx, id)
	if err != nil {
		t.Fatalf("ConsoleOutput(%s): %v", id, err)
	}
	if out == "" || !strings.Contains(out, "\n") {
		t.Fatalf("console output not decoded text: %q", out)
	}
	if _, err := c.ConsoleOutput(ctx, "i-0123456789abcdef0"); !errors.Is(err, aws.ErrNotFound) {
		t.Fatalf("unknown instance: err = %v, want ErrNotFound", err)
	}
}
