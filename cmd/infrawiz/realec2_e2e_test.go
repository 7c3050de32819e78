package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/latency"
	"github.com/infrawiz/infrawiz/internal/testenv"
	"github.com/infrawiz/infrawiz/state"
	"github.com/infrawiz/infrawiz/steps"
)

const testRegion = "ap-northeast-2"

// realModel is real EC2's behaviour with times short enough for tests:
// everything the emulator hides at once.
func realModel() latency.Model {
	return latency.Model{
		PerCall:    5 * time.Millisecond,
		NATPending: 800 * time.Millisecond, InstancePending: 800 * time.Millisecond,
		NATDeleting: 800 * time.Millisecond, ShuttingDown: 800 * time.Millisecond,
		Propagation: 300 * time.Millisecond,
		UnmapLag:    2 * time.Second, GroupLag: 2 * time.Second, ReleaseLag: 2 * time.Second,
		Throttle: &latency.Throttle{Describe: latency.Bucket{Capacity: 20, Refill: 15}, Mutate: latency.Bucket{Capacity: 10, Refill: 8}},
		Quotas:   latency.ClassroomQuotas(),
		Faults:   latency.RandomFaults{Seed: 3, FailBefore: 0.02, LoseReply: 0.02},
	}
}

// realEnv is moto behind the model, and a CLI pointed at it.
type realEnv struct {
	proxy *latency.Proxy
	moto  *aws.Client // straight to moto: what AWS holds, for assertions
	home  string
	c     *cli
}

func newRealEnv(t *testing.T, m latency.Model) *realEnv {
	t.Helper()
	emu := testenv.Moto(t)
	p, err := latency.New(emu.Endpoint, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	home := t.TempDir()
	return &realEnv{
		proxy: p, moto: testenv.Client(t, emu.Endpoint, testRegion), home: home,
		c: newCLI(t, home, "AWS_ENDPOINT_URL="+p.URL(), "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing"),
	}
}

func stackArgs(verb, prefix string) []string {
	return []string{verb, "--yes", "--prefix", prefix, "--region", testRegion, "--my-ip", "203.0.113.7"}
}

// exact asserts the complete mission of prefix in AWS: every planned role
// exactly once, nothing else with the stack's tag.
func (e *realEnv) exact(t *testing.T, prefix string) {
	t.Helper()
	inv, err := e.moto.Inventory(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	zones, err := e.moto.Zones(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, err := steps.BuildPlan(steps.Inputs{Prefix: prefix, Region: testRegion, MyIP: "203.0.113.7"}.WithDefaults(), zones)
	if err != nil {
		t.Fatal(err)
	}
	want := map[steps.Role]bool{}
	for _, r := range p.Resources {
		if r.Kind != aws.KindRoute && r.Kind != aws.KindSGRules {
			want[r.Role] = true
		}
	}
	for role, fs := range inv.ByRole {
		live := 0
		for _, f := range fs {
			if f.State != "shutting-down" && f.State != "deleting" {
				live++
			}
		}
		switch {
		case !want[steps.Role(role)]:
			t.Errorf("%s: %s is not in the plan", prefix, role)
		case live != 1:
			t.Errorf("%s: %d of %s (duplicates)", prefix, live, role)
		}
		delete(want, steps.Role(role))
	}
	for role := range want {
		t.Errorf("%s: %s is missing", prefix, role)
	}
}

// gone asserts that nothing of prefix is left in AWS.
func (e *realEnv) gone(t *testing.T, prefix string) {
	t.Helper()
	inv, err := e.moto.Inventory(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	if left := inv.All(); len(left) != 0 {
		var names []string
		for _, f := range left {
			names = append(names, f.Name+" "+f.State)
		}
		t.Errorf("%s: left behind %v", prefix, names)
	}
}

// TestCLI_CtrlCSaysOneLine: Ctrl-C during apply, then during destroy,
// prints one friendly line with the exact command that continues, and no
// raw "context canceled" from the calls it cut short.
func TestCLI_CtrlCSaysOneLine(t *testing.T) {
	m := realModel()
	m.NATPending, m.NATDeleting, m.Faults = 5*time.Second, 5*time.Second, latency.RandomFaults{}
	e := newRealEnv(t, m)
	statePath := filepath.Join(e.home, ".infrawiz", "stacks", "ctrlc-"+testRegion+".json")
	interrupt := func(args []string, ready func() bool) (string, int) {
		t.Helper()
		cmd := e.c.cmd(args...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for !ready() {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				t.Fatalf("%v never got going: %s", args, errb.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return errb.String(), code
	}
	check := func(errs string, code int, want string) {
		t.Helper()
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if strings.Count(errs, "Interrupted") != 1 || !strings.Contains(errs, want) {
			t.Errorf("stderr does not say once how to go on (%q):\n%s", want, errs)
		}
		if strings.Contains(errs, "context canceled") || strings.Contains(errs, "ERR ") {
			t.Errorf("stderr shows the calls the interrupt cut short:\n%s", errs)
		}
	}
	errs, code := interrupt(stackArgs("apply", "ctrlc"), func() bool {
		st, err := state.Load(statePath)
		return err == nil && len(st.Resources) >= 6
	})
	check(errs, code, "To continue: infrawiz apply --prefix ctrlc --region "+testRegion+" --yes")
	if _, errs, code := e.c.run(stackArgs("apply", "ctrlc")...); code != 0 {
		t.Fatalf("apply after the interrupt: exit %d\n%s", code, errs)
	}
	e.exact(t, "ctrlc")

	errs, code = interrupt([]string{"destroy", "--yes", "--prefix", "ctrlc", "--region", testRegion}, func() bool {
		return strings.Count(strings.Join(e.proxy.Calls(), " "), "DeleteNatGateway") > 0
	})
	check(errs, code, "To finish: infrawiz destroy --prefix ctrlc --region "+testRegion+" --yes")
	if _, errs, code := e.c.run("destroy", "--yes", "--prefix", "ctrlc", "--region", testRegion); code != 0 {
		t.Fatalf("destroy after the interrupt: exit %d\n%s", code, errs)
	}
	e.gone(t, "ctrlc")
}

// killSeeds is how many random kill points each of apply and destroy
// meets: INFRAWIZ_KILL_SEEDS, else 6.
func killSeeds() int {
	if n, err := strconv.Atoi(os.Getenv("INFRAWIZ_KILL_SEEDS")); err == nil && n > 0 {
		return n
	}
	return 6
}

// killAt starts args and kills the program with SIGKILL when the proxy
// receives its k-th call (counted from now): the call still reaches AWS,
// so the kill may fall between a create and its reply. It reports whether
// the kill came before the command ended.
func (e *realEnv) killAt(t *testing.T, k int, args []string) bool {
	t.Helper()
	cmd := e.c.cmd(args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	base := e.proxy.Stats().Calls
	var (
		mu     sync.Mutex
		killed bool
	)
	e.proxy.OnCall(func(n int, _ string) {
		if n == base+k {
			mu.Lock()
			defer mu.Unlock()
			if cmd.Process != nil && cmd.Process.Kill() == nil {
				killed = true
			}
		}
	})
	defer e.proxy.OnCall(nil)
	// Started under the lock: the kill reads cmd.Process, which Start sets.
	mu.Lock()
	err := cmd.Start()
	mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	mu.Lock()
	defer mu.Unlock()
	if !killed && err != nil {
		t.Fatalf("%v failed without a kill: %v\n%s", args, err, errb.String())
	}
	return killed
}

// TestCLI_KillNineAtRandomPoints kills apply, then destroy, with SIGKILL
// at a random call over many seeds, under every behaviour of real EC2 at
// once, and runs the same command again: the result is the exact set, or
// nothing.
func TestCLI_KillNineAtRandomPoints(t *testing.T) {
	e := newRealEnv(t, realModel())
	// A full apply and destroy first, to know how many calls each takes.
	if _, errs, code := e.c.run(stackArgs("apply", "measure")...); code != 0 {
		t.Fatalf("apply: %s", errs)
	}
	applyCalls := e.proxy.Stats().Calls
	if _, errs, code := e.c.run("destroy", "--yes", "--prefix", "measure", "--region", testRegion); code != 0 {
		t.Fatalf("destroy: %s", errs)
	}
	destroyCalls := e.proxy.Stats().Calls - applyCalls
	var points []string
	for seed := 1; seed <= killSeeds(); seed++ {
		rng := rand.New(rand.NewPCG(uint64(seed), 0))
		prefix := fmt.Sprintf("kill%d", seed)
		args := stackArgs("apply", prefix)
		k := 1 + rng.IntN(applyCalls)
		if !e.killAt(t, k, args) {
			t.Logf("seed %d: apply finished before call %d", seed, k)
		}
		if _, errs, code := e.c.run(args...); code != 0 {
			t.Fatalf("seed %d: apply after kill -9 at call %d: exit %d\n%s", seed, k, code, errs)
		}
		e.exact(t, prefix)

		d := 1 + rng.IntN(destroyCalls)
		dargs := []string{"destroy", "--yes", "--prefix", prefix, "--region", testRegion}
		if !e.killAt(t, d, dargs) {
			t.Logf("seed %d: destroy finished before call %d", seed, d)
		}
		if _, errs, code := e.c.run(dargs...); code != 0 {
			t.Fatalf("seed %d: destroy after kill -9 at call %d: exit %d\n%s", seed, d, code, errs)
		}
		e.gone(t, prefix)
		points = append(points, fmt.Sprintf("%d/%d", k, d))
	}
	st := e.proxy.Stats()
	t.Logf("kill points (apply call/destroy call) of %d and %d: %s; %d calls, %d throttled, %d failed before, %d lost replies, %d not known yet, %d blocked",
		applyCalls, destroyCalls, strings.Join(points, " "), st.Calls, st.Throttled, st.FailedBefore, st.LostReplies, st.NotFound, st.Dependency)
}

// classroomSize is how many students apply at once: INFRAWIZ_CLASS, else 12.
func classroomSize() int {
	if n, err := strconv.Atoi(os.Getenv("INFRAWIZ_CLASS")); err == nil && n > 0 {
		return n
	}
	return 12
}

// TestCLI_Classroom: a class applies at once into one region of one
// account, each student a process of their own, sharing one throttling
// budget in an account whose quotas were raised; then they all destroy at
// once. Every stack must be complete with nothing twice, then gone.
func TestCLI_Classroom(t *testing.T) {
	m := realModel()
	m.Faults = latency.RandomFaults{}
	// A budget the class exceeds when it starts at once (a dozen
	// inventories of nine describes each, then their creates), which
	// AWS's own (100 describes, refilling 20 a second) would let through
	// for a dozen but not for thirty; smaller here so a dozen meets it.
	m.Throttle = &latency.Throttle{Describe: latency.Bucket{Capacity: 20, Refill: 30}, Mutate: latency.Bucket{Capacity: 12, Refill: 20}}
	e := newRealEnv(t, m)
	n := classroomSize()
	runAll := func(verb string) time.Duration {
		start := time.Now()
		var wg sync.WaitGroup
		for i := 1; i <= n; i++ {
			args := stackArgs(verb, fmt.Sprintf("stu%d", i))
			if verb == "destroy" {
				args = args[:len(args)-2] // destroy takes no --my-ip
			}
			wg.Go(func() {
				if _, errs, code := e.c.run(args...); code != 0 {
					t.Errorf("%v: exit %d\n%s", args, code, lastLines(errs, 15))
				}
			})
		}
		wg.Wait()
		return time.Since(start)
	}
	applyWall := runAll("apply")
	for i := 1; i <= n; i++ {
		e.exact(t, fmt.Sprintf("stu%d", i))
	}
	applied := e.proxy.Stats()
	destroyWall := runAll("destroy")
	for i := 1; i <= n; i++ {
		e.gone(t, fmt.Sprintf("stu%d", i))
	}
	st := e.proxy.Stats()
	t.Logf("classroom of %d: apply %.1fs (%d calls, %d throttled), destroy %.1fs (%d calls, %d throttled)",
		n, applyWall.Seconds(), applied.Calls, applied.Throttled, destroyWall.Seconds(), st.Calls-applied.Calls, st.Throttled-applied.Throttled)
	if st.Throttled == 0 {
		t.Error("no call was throttled: the class did not meet the shared budget, so the test proved nothing")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestCLI_LsOffersStacksWithoutProgressFile: a stack whose progress file
// is gone is still listed, with the commands that resume and remove it;
// and destroy keeps a file named for one stack that holds another.
func TestCLI_LsOffersStacksWithoutProgressFile(t *testing.T) {
	e := newRealEnv(t, latency.Model{})
	if _, errs, code := e.c.run(stackArgs("apply", "lost")...); code != 0 {
		t.Fatalf("apply: %s", errs)
	}
	statePath := filepath.Join(e.home, ".infrawiz", "stacks", "lost-"+testRegion+".json")
	if err := os.Remove(statePath); err != nil {
		t.Fatal(err)
	}
	out, errs, code := e.c.run("ls", "--region", testRegion)
	if code != 0 {
		t.Fatalf("ls: exit %d %s", code, errs)
	}
	for _, want := range []string{
		"lost has no progress file here",
		"resume: infrawiz apply --prefix lost --region " + testRegion + " --yes",
		"remove: infrawiz destroy --prefix lost --region " + testRegion + " --yes",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("ls does not say %q:\n%s", want, out)
		}
	}
	// Its own file named for "lost" but holding stack "other": destroy of
	// "lost" must not take it.
	if err := os.WriteFile(statePath, []byte(`{"version":1,"stack":"other","region":"`+testRegion+`","resources":{}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errs, code = e.c.run("destroy", "--yes", "--prefix", "lost", "--region", testRegion)
	if code != 0 {
		t.Fatalf("destroy: exit %d %s", code, errs)
	}
	if _, err := os.Stat(statePath); err != nil || !strings.Contains(errs, "Kept "+statePath) {
		t.Errorf("destroy removed the file of another stack (%v):\n%s", err, errs)
	}
	e.gone(t, "lost")
}

// TestCLI_SuggestionsAreComplete: what the command line tells a user to
// run names the stack in full, practice mode included.
func TestCLI_SuggestionsAreComplete(t *testing.T) {
	home := t.TempDir()
	c := newCLI(t, home)
	_, errs, code := c.run("apply", "--sandbox", "--prefix", "stu9", "--region", "us-east-1")
	if code != 2 || !strings.Contains(errs, "infrawiz apply --prefix stu9 --region us-east-1 --sandbox --yes") {
		t.Errorf("apply without --yes: exit %d\n%s", code, errs)
	}
	_, errs, code = c.run("destroy", "--sandbox", "--prefix", "stu9", "--region", "us-east-1")
	if code != 2 || !strings.Contains(errs, "infrawiz destroy --prefix stu9 --region us-east-1 --sandbox --yes") {
		t.Errorf("destroy without --yes: exit %d\n%s", code, errs)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		var names []string
		for _, d := range entries {
			names = append(names, d.Name())
		}
		sort.Strings(names)
		t.Errorf("a refused command wrote %v under HOME", names)
	}
}

// TestCLI_ReapplyAsksOnlyWhatItMust: `apply` on a finished stack changes
// nothing and asks AWS at most 12 questions, its report included (who am
// I, the zones, one describe per kind, the VPC's DNS attribute): a class
// re-running apply must not spend the account's shared budget.
func TestCLI_ReapplyAsksOnlyWhatItMust(t *testing.T) {
	e := newRealEnv(t, latency.Model{})
	args := stackArgs("apply", "again")
	if _, errs, code := e.c.run(args...); code != 0 {
		t.Fatalf("apply: %s", errs)
	}
	e.proxy.ResetCalls()
	out, errs, code := e.c.run(args...)
	if code != 0 || !strings.Contains(errs, "0 created, 0 adopted, 0 updated, 26 unchanged") || !strings.Contains(out, "again-ec2-bastion-2a") {
		t.Fatalf("re-apply: exit %d\n%s\n%s", code, out, errs)
	}
	calls := e.proxy.Calls()
	var mutating []string
	for _, c := range calls {
		if !strings.HasPrefix(c, "Describe") && !strings.HasPrefix(c, "Get") && !strings.HasSuffix(c, "GetCallerIdentity") {
			mutating = append(mutating, c)
		}
	}
	t.Logf("re-apply: %d calls: %v", len(calls), calls)
	if len(mutating) > 0 || len(calls) > 12 {
		t.Errorf("re-apply made %d calls (want at most 12), mutating %v", len(calls), mutating)
	}
}
