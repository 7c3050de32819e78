package steps_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

const (
	region = "ap-northeast-2"
	myIP   = "203.0.113.7"
)

// env is one emulator behind a recording proxy, as the integration tests
// see AWS.
type env struct {
	cfg   *sdk.Config
	proxy *latency.Proxy
	c     *aws.Client
	raw   *ec2.Client // talks to moto directly, for assertions and set-up
	id    aws.Identity
	home  string
}

func newClient(t testing.TB, endpoint string) (*aws.Client, *ec2.Client) {
	c, raw, _ := newClientConfig(t, endpoint)
	return c, raw
}

func newClientConfig(t testing.TB, endpoint string) (*aws.Client, *ec2.Client, *sdk.Config) {
	t.Helper()
	cfg := testenv.Config(t, endpoint, region)
	c := aws.New(cfg)
	c.PollMin, c.PollMax = testenv.PollMin, testenv.PollMax
	return c, ec2.NewFromConfig(cfg), &cfg
}

func newEnv(t testing.TB, m latency.Model) *env {
	t.Helper()
	emu := testenv.Moto(t)
	p, err := latency.New(emu.Endpoint, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	c, _, cfg := newClientConfig(t, p.URL())
	_, raw := newClient(t, emu.Endpoint)
	id, err := c.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &env{cfg: cfg, proxy: p, c: c, raw: raw, id: id, home: t.TempDir()}
}

func (e *env) plan(t testing.TB, prefix string) steps.Plan {
	t.Helper()
	zones, err := e.c.Zones(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in := steps.Inputs{Prefix: prefix, Region: region, MyIP: myIP}.WithDefaults()
	p, err := steps.BuildPlan(in, zones)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) statePath(prefix string) string {
	return filepath.Join(e.home, ".infrawiz", "stacks", prefix+".json")
}

// apply runs one apply as the command line does: store, preflight, runner.
func (e *env) apply(t testing.TB, p steps.Plan) error {
	t.Helper()
	return e.applyCtx(context.Background(), t, p)
}

func (e *env) applyCtx(ctx context.Context, t testing.TB, p steps.Plan, only ...steps.Step) error {
	t.Helper()
	return e.applyEvents(ctx, t, p, nil, only...)
}

func (e *env) applyEvents(ctx context.Context, t testing.TB, p steps.Plan, onEvent func(steps.Event), only ...steps.Step) error {
	t.Helper()
	store, err := state.Open(e.statePath(p.Inputs.Prefix))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	s, err := steps.NewSession(ctx, e.c, filepath.Join(e.home, ".ssh"))
	if err != nil {
		return err
	}
	return s.Apply(ctx, steps.ApplyOptions{Store: store, Plan: p, Only: only, OnEvent: onEvent})
}

// mutating reports the calls that change something.
func mutating(calls []string) []string {
	var out []string
	for _, c := range calls {
		for _, verb := range []string{
			"Create", "Run", "Allocate", "Associate", "Attach", "Authorize", "Revoke", "Modify",
			"Import", "Delete", "Release", "Terminate", "Replace", "Disassociate", "Detach",
		} {
			if strings.HasPrefix(c, verb) {
				out = append(out, c)
			}
		}
	}
	return out
}

// verify asserts the exact resource set of a complete mission in AWS and in
// the state file: every planned role exactly once, named and tagged, wired
// as the mission says, and nothing else carrying the stack's tag.
func (e *env) verify(t *testing.T, p steps.Plan) {
	t.Helper()
	ctx := context.Background()
	inv, err := e.c.Inventory(ctx, p.Inputs.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, r := range p.Resources {
		if r.Kind != aws.KindRoute && r.Kind != aws.KindSGRules {
			want = append(want, string(r.Role)+"="+r.Name)
		}
	}
	for _, f := range inv.All() {
		got = append(got, f.Role+"="+f.Name)
		if f.Stack != p.Inputs.Prefix || f.Owner != e.id.ARN {
			t.Errorf("%s: tags stack=%q owner=%q", f.Name, f.Stack, f.Owner)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(want, got) {
		t.Fatalf("resources in AWS:\n got %v\nwant %v", got, want)
	}
	one := func(role string) aws.Found { f, _ := inv.One(role); return f }
	vpc := one("vpc")
	if sdk.ToString(vpc.VPC.CidrBlock) != "192.168.11.0/24" {
		t.Errorf("vpc cidr %s", sdk.ToString(vpc.VPC.CidrBlock))
	}
	dns, err := e.raw.DescribeVpcAttribute(ctx, &ec2.DescribeVpcAttributeInput{VpcId: sdk.String(vpc.ID), Attribute: types.VpcAttributeNameEnableDnsHostnames})
	if err != nil || !sdk.ToBool(dns.EnableDnsHostnames.Value) {
		t.Errorf("DNS hostnames not on: %v", err)
	}
	for role, want := range map[string][2]string{
		"subnet-public-1": {"192.168.11.0/26", "ap-northeast-2a"}, "subnet-public-2": {"192.168.11.64/26", "ap-northeast-2c"},
		"subnet-internal": {"192.168.11.128/27", "ap-northeast-2a"}, "subnet-admin": {"192.168.11.160/27", "ap-northeast-2a"},
	} {
		s := one(role).Subnet
		if sdk.ToString(s.CidrBlock) != want[0] || sdk.ToString(s.AvailabilityZone) != want[1] || sdk.ToString(s.VpcId) != vpc.ID {
			t.Errorf("%s: %s in %s of %s", role, sdk.ToString(s.CidrBlock), sdk.ToString(s.AvailabilityZone), sdk.ToString(s.VpcId))
		}
		if sdk.ToBool(s.MapPublicIpOnLaunch) {
			t.Errorf("%s maps public IPs on launch", role)
		}
	}
	igw := one("igw")
	if len(igw.IGW.Attachments) != 1 || sdk.ToString(igw.IGW.Attachments[0].VpcId) != vpc.ID {
		t.Errorf("igw attachments %+v", igw.IGW.Attachments)
	}
	nat := one("nat")
	if sdk.ToString(nat.NAT.SubnetId) != one("subnet-public-1").ID || nat.State != "available" ||
		sdk.ToString(nat.NAT.NatGatewayAddresses[0].AllocationId) != one("eip-nat").ID {
		t.Errorf("nat %s in %s state %s", nat.ID, sdk.ToString(nat.NAT.SubnetId), nat.State)
	}
	for rt, w := range map[string]struct {
		target  string
		subnets []string
	}{
		"rt-public":   {igw.ID, []string{one("subnet-public-1").ID, one("subnet-public-2").ID}},
		"rt-admin":    {igw.ID, []string{one("subnet-admin").ID}},
		"rt-internal": {nat.ID, []string{one("subnet-internal").ID}},
	} {
		tbl := one(rt).RouteTable
		var assoc []string
		for _, a := range tbl.Associations {
			assoc = append(assoc, sdk.ToString(a.SubnetId))
		}
		slices.Sort(assoc)
		slices.Sort(w.subnets)
		if !slices.Equal(assoc, w.subnets) {
			t.Errorf("%s associations %v, want %v", rt, assoc, w.subnets)
		}
		var routes []string
		for _, r := range tbl.Routes {
			routes = append(routes, sdk.ToString(r.DestinationCidrBlock)+">"+sdk.ToString(r.GatewayId)+sdk.ToString(r.NatGatewayId))
		}
		slices.Sort(routes)
		if wr := []string{"0.0.0.0/0>" + w.target, "192.168.11.0/24>local"}; !slices.Equal(routes, wr) {
			t.Errorf("%s routes %v, want %v", rt, routes, wr)
		}
	}
	sgPublic, sgInternal, sgBastion := one("sg-public").ID, one("sg-internal").ID, one("sg-bastion").ID
	for role, w := range map[string][]string{
		"sg-public":   {"icmp/-1/-1//" + sgBastion, "tcp/22/22//" + sgBastion, "tcp/8080/8080/0.0.0.0/0/"},
		"sg-internal": {"icmp/-1/-1//" + sgBastion, "tcp/22/22//" + sgBastion, "tcp/3306/3306//" + sgPublic},
		"sg-bastion":  {"tcp/22/22/" + myIP + "/32/"},
	} {
		var rules []string
		for _, r := range aws.Rules(one(role).SG) {
			rules = append(rules, strings.Join([]string{r.Protocol, itoa(r.FromPort), itoa(r.ToPort), r.CIDR, r.SourceGroup}, "/"))
		}
		slices.Sort(rules)
		slices.Sort(w)
		if !slices.Equal(rules, w) {
			t.Errorf("%s rules\n got %v\nwant %v", role, rules, w)
		}
	}
	for role, w := range map[string]struct{ subnet, sg, eip string }{
		"ec2-public":   {"subnet-public-1", sgPublic, "eip-public"},
		"ec2-internal": {"subnet-internal", sgInternal, ""},
		"ec2-bastion":  {"subnet-admin", sgBastion, "eip-bastion"},
	} {
		in := one(role).Instance
		// The primary interface holds the groups (moto leaves the instance's
		// own SecurityGroups empty when launched with an interface spec).
		if sdk.ToString(in.SubnetId) != one(w.subnet).ID || len(in.NetworkInterfaces) != 1 ||
			len(in.NetworkInterfaces[0].Groups) != 1 || sdk.ToString(in.NetworkInterfaces[0].Groups[0].GroupId) != w.sg {
			t.Errorf("%s in subnet %s interfaces %+v", role, sdk.ToString(in.SubnetId), in.NetworkInterfaces)
		}
		if string(in.InstanceType) != "t3.medium" || sdk.ToString(in.ImageId) != sandbox.JammyAMI || sdk.ToString(in.KeyName) != "key-"+p.Inputs.Prefix {
			t.Errorf("%s: %s %s key %s", role, in.InstanceType, sdk.ToString(in.ImageId), sdk.ToString(in.KeyName))
		}
		if in.MetadataOptions == nil || in.MetadataOptions.HttpTokens != types.HttpTokensStateRequired {
			t.Errorf("%s: IMDSv2 not required: %+v", role, in.MetadataOptions)
		}
		if w.eip == "" {
			if sdk.ToString(in.PublicIpAddress) != "" {
				t.Errorf("%s has public IP %s", role, sdk.ToString(in.PublicIpAddress))
			}
			continue
		}
		if addr := one(w.eip).Address; sdk.ToString(addr.InstanceId) != one(role).ID {
			t.Errorf("%s is associated with %s, want %s", w.eip, sdk.ToString(addr.InstanceId), one(role).ID)
		}
	}
	st, err := state.Load(e.statePath(p.Inputs.Prefix))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Resources {
		rec, ok := st.Resources[string(r.Role)]
		if !ok || rec.Status != state.Created {
			t.Errorf("state: %s is %+v", r.Role, rec)
			continue
		}
		if f, ok := inv.One(string(r.Role)); ok && rec.ID != f.ID {
			t.Errorf("state: %s id %s, AWS has %s", r.Role, rec.ID, f.ID)
		}
	}
	fi, err := os.Stat(e.statePath(p.Inputs.Prefix))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v (%v)", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(e.statePath(p.Inputs.Prefix)); strings.Contains(string(b), "PRIVATE KEY") {
		t.Error("state holds a private key")
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

func (e *env) destroy(t *testing.T, prefix string) {
	t.Helper()
	if err := steps.Destroy(context.Background(), e.c, prefix, e.id.ARN, time.Minute, nil); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	inv, err := e.c.Inventory(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	if left := inv.All(); len(left) != 0 {
		t.Fatalf("destroy left %d resources, first %s %s", len(left), left[0].Kind, left[0].Name)
	}
}

func TestMission_ApplyReapplyStatusReadoptDestroy(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	// Things that are not this stack's: an untagged VPC and another stack.
	other, err := e.raw.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: sdk.String("10.9.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	op := e.plan(t, "classmate")
	opHome := e.home
	e.home = t.TempDir()
	if err := e.apply(t, op); err != nil {
		t.Fatalf("apply of the other stack: %v", err)
	}
	e.home = opHome
	// The classmate's EIPs use three of moto's five; release them from the
	// quota check's point of view by destroying after the other assertions.

	p := e.plan(t, "mhson")
	if err := steps.Destroy(ctx, e.c, "classmate", e.id.ARN, time.Minute, nil); err != nil {
		t.Fatal(err)
	}
	// Re-create the classmate's VPC only, to check it survives our destroy.
	cv, err := e.c.CreateVPC(ctx, aws.Meta{Stack: "classmate", Role: "vpc", Name: "classmate-vpc", Owner: e.id.ARN}, "10.8.0.0/16")
	if err != nil {
		t.Fatal(err)
	}

	e.proxy.ResetCalls()
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply: %v", err)
	}
	if n := len(mutating(e.proxy.Calls())); n < len(p.Resources) {
		t.Fatalf("first apply made only %d mutating calls", n)
	}
	e.verify(t, p)
	pem := filepath.Join(e.home, ".ssh", "key-mhson.pem")
	if fi, err := os.Stat(pem); err != nil || fi.Mode().Perm() != 0o400 {
		t.Fatalf("key file: %v %v", fi, err)
	}

	e.proxy.ResetCalls()
	if err := e.apply(t, p); err != nil {
		t.Fatalf("second apply: %v", err)
	}
	if m := mutating(e.proxy.Calls()); len(m) != 0 {
		t.Fatalf("apply with nothing to do made mutating calls: %v", m)
	}

	inv, err := e.c.Inventory(ctx, "mhson")
	if err != nil {
		t.Fatal(err)
	}
	rep := steps.BuildReport(p, inv, e.id.Account)
	if !rep.Complete() || len(rep.Rows) != len(p.Resources) || len(rep.Stray) != 0 {
		t.Fatalf("report: complete=%v rows=%d stray=%v steps=%+v", rep.Complete(), len(rep.Rows), rep.Stray, rep.Steps)
	}
	for _, row := range rep.Rows {
		if row.ID == "" || row.ID == "-" {
			t.Errorf("report row %s has no id", row.Name)
		}
		if row.Role == "ec2-bastion" && (row.PublicIP == "" || !strings.HasPrefix(row.PrivateIP, "192.168.11.1")) {
			t.Errorf("bastion row %+v", row)
		}
	}

	// Losing the state file loses nothing: the stack is re-adopted by tags.
	if err := os.Remove(e.statePath("mhson")); err != nil {
		t.Fatal(err)
	}
	e.proxy.ResetCalls()
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply without state: %v", err)
	}
	if m := mutating(e.proxy.Calls()); len(m) != 0 {
		t.Fatalf("re-adoption made mutating calls: %v", m)
	}
	e.verify(t, p)

	e.destroy(t, "mhson")
	for _, id := range []string{sdk.ToString(other.Vpc.VpcId), cv.ID} {
		r, err := e.raw.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{id}})
		if err != nil || len(r.Vpcs) != 1 {
			t.Errorf("destroy touched VPC %s that is not the stack's: %v", id, err)
		}
	}
	if _, err := os.Stat(pem); err != nil {
		t.Errorf("destroy removed the key file: %v", err)
	}
}

func TestMission_PrefixOfAnotherOwnerIsRefused(t *testing.T) {
	e := newEnv(t, latency.Model{})
	ctx := context.Background()
	theirs, err := e.c.CreateVPC(ctx, aws.Meta{Stack: "mhson", Role: "vpc", Name: "mhson-vpc", Owner: "arn:aws:iam::123456789012:user/classmate"}, "10.7.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	p := e.plan(t, "mhson")
	e.proxy.ResetCalls()
	err = e.apply(t, p)
	if !errors.Is(err, aws.ErrForeign) || !steps.IsInput(err) || !strings.Contains(err.Error(), "classmate") {
		t.Fatalf("apply over a classmate's prefix: %v", err)
	}
	if m := mutating(e.proxy.Calls()); len(m) != 0 {
		t.Fatalf("refused apply made mutating calls: %v", m)
	}
	if err := steps.Destroy(ctx, e.c, "mhson", e.id.ARN, time.Minute, nil); !errors.Is(err, aws.ErrForeign) {
		t.Fatalf("destroy of a classmate's stack: %v", err)
	}
	if r, err := e.raw.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{theirs.ID}}); err != nil || len(r.Vpcs) != 1 {
		t.Fatalf("the classmate's VPC is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.home, ".ssh", "key-mhson.pem")); err == nil {
		t.Error("a refused apply wrote a key file")
	}
}

// TestMission_ResumeAfterInterruptAtEachStep stops the run at the first
// call of each mutating action, as a Ctrl-C or a kill would: once before the
// call reaches AWS and once after it took effect but before its reply came
// back. The next apply must finish with the exact resource set, no duplicate.
func TestMission_ResumeAfterInterruptAtEachStep(t *testing.T) {
	e := newEnv(t, latency.Model{})
	actions := []string{
		"ImportKeyPair", "CreateVpc", "ModifyVpcAttribute", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway",
		"AllocateAddress", "CreateNatGateway", "CreateRouteTable", "AssociateRouteTable", "CreateRoute",
		"CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "RunInstances", "AssociateAddress",
	}
	for _, mode := range []latency.FaultMode{latency.FailBefore, latency.LoseReply} {
		for _, action := range actions {
			name := action + map[latency.FaultMode]string{latency.FailBefore: "/before", latency.LoseReply: "/after"}[mode]
			t.Run(name, func(t *testing.T) {
				prefix := "r" + strings.ToLower(action)
				if len(prefix) > 20 {
					prefix = prefix[:20]
				}
				p := e.plan(t, prefix)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				nth := 1
				if isDryRunChecked(action) {
					nth = 2 // the first call is the preflight's DryRun
				}
				e.proxy.AddFault(latency.Fault{Action: action, Nth: nth, Mode: mode, Then: cancel})
				if err := e.applyCtx(ctx, t, p); !errors.Is(err, context.Canceled) {
					t.Fatalf("interrupted apply returned %v", err)
				}
				st, err := state.Load(e.statePath(prefix))
				if err != nil {
					t.Fatalf("state after the interruption: %v", err)
				}
				for role, rec := range st.Resources {
					if rec.Status == state.Created && rec.ID == "" {
						t.Errorf("state: %s created without id", role)
					}
				}
				if err := e.apply(t, p); err != nil {
					t.Fatalf("resume after %s: %v", action, err)
				}
				e.verify(t, p)
				e.destroy(t, prefix)
			})
		}
	}
}

func isDryRunChecked(action string) bool {
	switch action {
	case "AllocateAddress", "CreateInternetGateway", "CreateSecurityGroup", "RunInstances":
		return true
	}
	return false
}

// TestMission_LostReplyIsResolvedByTags loses the reply of each create once:
// the call took effect, the client saw a dropped connection. The same apply
// must find the resource by its tags instead of making a second one.
func TestMission_LostReplyIsResolvedByTags(t *testing.T) {
	e := newEnv(t, latency.Model{})
	p := e.plan(t, "lost")
	for _, action := range []string{"ImportKeyPair", "CreateVpc", "CreateSubnet", "CreateNatGateway", "CreateSecurityGroup", "CreateRouteTable", "RunInstances"} {
		nth := 1
		if isDryRunChecked(action) {
			nth = 2
		}
		e.proxy.AddFault(latency.Fault{Action: action, Nth: nth, Mode: latency.LoseReply})
	}
	if err := e.apply(t, p); err != nil {
		t.Fatalf("apply with lost replies: %v", err)
	}
	e.verify(t, p)
	e.destroy(t, "lost")
}

// TestMission_StepByStep runs the mission one step at a time, as the wizard
// does, including a step whose prerequisites are missing: it does what it
// can, skips what waits for another step, and says which.
func TestMission_StepByStep(t *testing.T) {
	e := newEnv(t, latency.Model{})
	p := e.plan(t, "steps")
	run := func(only ...steps.Step) map[string]steps.Event {
		t.Helper()
		last := map[string]steps.Event{}
		if err := e.applyEvents(context.Background(), t, p, func(ev steps.Event) { last[string(ev.Resource.Role)] = ev }, only...); err != nil {
			t.Fatalf("apply %v: %v", only, err)
		}
		return last
	}
	ev := run(steps.StepRoutes)
	if got := ev["rt-public"]; got.Phase != steps.PhaseSkipped || !strings.Contains(got.Message, "steps-vpc") || !strings.Contains(got.Message, "vpc step first") {
		t.Fatalf("routes before the VPC: %+v", got)
	}
	if _, ok := ev["subnet-public-1"]; ok {
		t.Fatal("a routes run reported a subnet")
	}
	ev = run(steps.StepKey, steps.StepVPC, steps.StepSubnets)
	if got := ev["subnet-admin"]; got.Phase != steps.PhaseDone || got.Action != steps.Created {
		t.Fatalf("subnets step: %+v", got)
	}
	ev = run(steps.StepRoutes)
	if ev["rt-admin"].Phase != steps.PhaseDone || ev["route-admin"].Phase != steps.PhaseSkipped || !strings.Contains(ev["route-admin"].Message, "gateways step first") {
		t.Fatalf("routes without gateways: table %+v route %+v", ev["rt-admin"], ev["route-admin"])
	}
	inv, err := e.c.Inventory(context.Background(), "steps")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := inv.One("igw"); ok {
		t.Fatal("a routes run created the internet gateway")
	}
	run(steps.StepGateways)
	if ev := run(steps.StepRoutes); ev["route-internal"].Phase != steps.PhaseDone || ev["rt-admin"].Action != steps.Unchanged {
		t.Fatalf("routes after gateways: %+v %+v", ev["route-internal"], ev["rt-admin"])
	}
	run(steps.StepSecurityGroups)
	run(steps.StepServers)
	e.verify(t, p)
	e.destroy(t, "steps")
}
