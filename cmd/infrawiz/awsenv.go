package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/steps"
)

// awsConfigRegion is the region of the user's AWS config, if any.
func awsConfigRegion(ctx context.Context, profile string) string {
	opts := []func(*config.LoadOptions) error{}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return ""
	}
	return cfg.Region
}

// connect builds the AWS client; with --sandbox it first makes sure the
// local emulator runs (it keeps running between commands, so a sandbox
// stack survives quitting the tool).
func connect(ctx context.Context, in steps.Inputs, stderr io.Writer) (*aws.Client, error) {
	return connectIn(ctx, in, catalog.Detect("", os.Getenv), stderr)
}

// connectIn is connect telling what it does in l.
func connectIn(ctx context.Context, in steps.Inputs, l catalog.Lang, stderr io.Writer) (*aws.Client, error) {
	// The SDK's own logger writes warnings such as "failed to discard
	// remaining HTTP response body" (a connection closed early, harmless) to
	// stderr, across the wizard's screen and between the command line's
	// lines; every failure that matters reaches the user as an error.
	opts := []func(*config.LoadOptions) error{config.WithRegion(in.Region), config.WithLogger(logging.Nop{})}
	if in.Profile != "" && !in.Sandbox {
		opts = append(opts, config.WithSharedConfigProfile(in.Profile))
	}
	if in.Sandbox {
		dir, err := dataDir(true)
		if err != nil {
			return nil, err
		}
		emu, err := sandbox.EnsureDetached(ctx, sandbox.Options{Dir: filepath.Join(dir, "emulator")})
		if err != nil {
			if errors.Is(err, sandbox.ErrNotInstalled) {
				return nil, usage("cli.sandbox.notinstall")
			}
			return nil, failure(err, "cli.error.sandbox", err)
		}
		say(stderr, l, "cli.sandbox.at", emu.Endpoint)
		opts = append(opts,
			config.WithBaseEndpoint(emu.Endpoint),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testing", "testing", "")),
			config.WithEC2IMDSClientEnableState(0),
		)
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		var missing config.SharedConfigProfileNotExistError
		if errors.As(err, &missing) {
			return nil, steps.NewFieldError("profile", in.Profile, "profile.missing")
		}
		return nil, failure(err, "cli.error.awsconfig", err)
	}
	return aws.New(cfg), nil
}

// checkIPURL answers with the caller's public IPv4 address.
const checkIPURL = "https://checkip.amazonaws.com"

// detectIP asks a public echo service for the user's address: the one the
// bastion must accept SSH from.
func detectIP(ctx context.Context) (string, error) {
	url := os.Getenv("INFRAWIZ_CHECKIP_URL")
	if url == "" {
		url = checkIPURL
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", failure(nil, "cli.ip.answered", url, resp.Status)
	}
	return strings.TrimSpace(string(b)), nil
}

// resolveMyIP settles the bastion's source address: the flag, else (in the
// sandbox) loopback, else detection; on resume a moved address is followed
// and said so.
func resolveMyIP(ctx context.Context, r *resolved, stderr io.Writer) error {
	l := r.lang
	in := &r.in
	if r.set["my-ip"] {
		ip, err := steps.NormalizeIP(in.MyIP, in.Sandbox)
		if err != nil {
			return steps.FieldErrorOf("my-ip", in.MyIP, err)
		}
		in.MyIP = ip
		return nil
	}
	if in.Sandbox {
		if in.MyIP == "" {
			in.MyIP = "127.0.0.1/32"
		}
		return nil
	}
	got, err := detectIP(ctx)
	if err == nil {
		var ip string
		ip, err = steps.NormalizeIP(got, false)
		if err == nil {
			if in.MyIP != "" && in.MyIP != ip {
				say(stderr, l, "cli.ip.moved", strings.TrimSuffix(in.MyIP, "/32"), strings.TrimSuffix(ip, "/32"), strings.TrimSuffix(in.MyIP, "/32"))
			}
			in.MyIP = ip
			return nil
		}
	}
	if in.MyIP != "" {
		say(stderr, l, "cli.ip.keep", err, in.MyIP)
		return nil
	}
	return steps.NewFieldError("my-ip", "", "my-ip.detect", said(err))
}

// said is an error as an argument of a message: one that says itself is
// said in the message's language, any other in its own words.
func said(err error) catalog.Localized {
	if l, ok := err.(catalog.Localized); ok { //nolint:errorlint // the error itself says itself
		return l
	}
	return catalog.Verbatim(err.Error())
}
