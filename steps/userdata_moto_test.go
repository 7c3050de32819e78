package steps_test

import (
	"context"
	"encoding/base64"
	"testing"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/steps"
)

// Each server is launched with the first-boot script of its own role and
// Name tag, the bastion's with the syslog target of the inputs (read back
// from the emulator through the real SDK).
func TestUserData_ServersLaunchedWithTheirScript(t *testing.T) {
	e := newEnv(t, latency.Model{})
	p := e.plan(t, "udata")
	p.Inputs.SyslogTarget = "logs.example.com:514"
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply: %v", err)
	}
	ctx := context.Background()
	seen := 0
	for _, res := range p.Resources {
		if res.Server == "" {
			continue
		}
		out, err := e.raw.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{
			{Name: sdk.String("tag:Name"), Values: []string{res.Name}},
			{Name: sdk.String("instance-state-name"), Values: []string{"pending", "running"}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range out.Reservations {
			for _, i := range r.Instances {
				ids = append(ids, sdk.ToString(i.InstanceId))
			}
		}
		if len(ids) != 1 {
			t.Fatalf("%s: %d instances, want 1", res.Name, len(ids))
		}
		attr, err := e.raw.DescribeInstanceAttribute(ctx, &ec2.DescribeInstanceAttributeInput{
			InstanceId: sdk.String(ids[0]), Attribute: types.InstanceAttributeNameUserData,
		})
		if err != nil {
			t.Fatal(err)
		}
		if attr.UserData == nil {
			t.Fatalf("%s has no user data", res.Name)
		}
		got, err := base64.StdEncoding.DecodeString(sdk.ToString(attr.UserData.Value))
		if err != nil {
			t.Fatal(err)
		}
		want, err := steps.UserData(steps.UserDataParams{Role: res.Server, Host: res.Name, SyslogTarget: p.Inputs.SyslogTarget})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s (%s) was launched with another script:\n%.300s", res.Name, res.Server, got)
		}
		seen++
	}
	if seen != 3 {
		t.Errorf("%d servers in the plan, want 3", seen)
	}
}
