package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/infrawiz/infrawiz/aws"
)

// Poll bounds of a test client: an emulator answers at once, so waits for
// a NAT gateway or an instance need not sleep as long as against AWS.
const (
	PollMin = 20 * time.Millisecond
	PollMax = 50 * time.Millisecond
)

// NewConfig is an SDK configuration for the emulator (or a proxy in front
// of it) at endpoint: the emulator's static test credentials, never the
// machine's, and no instance-metadata lookup, which would stall a test
// off EC2.
func NewConfig(ctx context.Context, endpoint, region string) (sdk.Config, error) {
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(region),
		config.WithBaseEndpoint(endpoint),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")),
		config.WithEC2IMDSClientEnableState(2), // disabled
	)
	if err != nil {
		return sdk.Config{}, fmt.Errorf("aws config for %s: %w", endpoint, err)
	}
	return cfg, nil
}

// NewClient is an aws.Client on the emulator at endpoint that polls
// briskly. It suits code that may not fail a test itself (a connector
// called off the test's goroutine).
func NewClient(ctx context.Context, endpoint, region string) (*aws.Client, error) {
	cfg, err := NewConfig(ctx, endpoint, region)
	if err != nil {
		return nil, err
	}
	c := aws.New(cfg)
	c.PollMin, c.PollMax = PollMin, PollMax
	return c, nil
}

// Config is NewConfig for a test, which fails on error.
func Config(t testing.TB, endpoint, region string) sdk.Config {
	t.Helper()
	cfg, err := NewConfig(context.Background(), endpoint, region)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Client is NewClient for a test, which fails on error.
func Client(t testing.TB, endpoint, region string) *aws.Client {
	t.Helper()
	c, err := NewClient(context.Background(), endpoint, region)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
