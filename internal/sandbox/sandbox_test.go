//go:build unix

package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
)

func ec2Client(endpoint, region string) *ec2.Client {
	return ec2.NewFromConfig(aws.Config{
		Region: region,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "testing", SecretAccessKey: "testing"}, nil
		}),
	}, func(o *ec2.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// newest is how a caller should pick "the newest image" in the sandbox: moto
// gives every catalogue image the same CreationDate second, so the dated name
// breaks the tie.
func newest(images []types.Image) types.Image {
	sort.Slice(images, func(i, j int) bool {
		a, b := aws.ToString(images[i].CreationDate), aws.ToString(images[j].CreationDate)
		if a != b {
			return a > b
		}
		return aws.ToString(images[i].Name) > aws.ToString(images[j].Name)
	})
	return images[0]
}

func TestJammyImagesInEveryRegion(t *testing.T) {
	e := testenv.Moto(t)
	ctx := context.Background()
	for _, region := range []string{"ap-northeast-2", "us-east-1"} {
		t.Run(region, func(t *testing.T) {
			c := ec2Client(e.Endpoint, region)
			out, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{
				Owners: []string{sandbox.CanonicalOwner},
				Filters: []types.Filter{
					{Name: aws.String("name"), Values: []string{sandbox.JammyNamePattern}},
					{Name: aws.String("architecture"), Values: []string{"x86_64"}},
					{Name: aws.String("state"), Values: []string{"available"}},
				},
			})
			if err != nil {
				t.Fatalf("DescribeImages: %v", err)
			}
			got := map[string]string{}
			for _, im := range out.Images {
				got[aws.ToString(im.ImageId)] = aws.ToString(im.Name)
			}
			want := map[string]string{sandbox.JammyAMI: sandbox.JammyAMIName, sandbox.OlderJammyAMI: sandbox.OlderJammyAMIName}
			if len(got) != len(want) || got[sandbox.JammyAMI] != want[sandbox.JammyAMI] || got[sandbox.OlderJammyAMI] != want[sandbox.OlderJammyAMI] {
				t.Fatalf("jammy images = %v, want %v", got, want)
			}
			if id := aws.ToString(newest(out.Images).ImageId); id != sandbox.JammyAMI {
				t.Fatalf("newest jammy = %s, want %s", id, sandbox.JammyAMI)
			}

			noble, err := c.DescribeImages(ctx, &ec2.DescribeImagesInput{ImageIds: []string{sandbox.NobleAMI}})
			if err != nil || len(noble.Images) != 1 || aws.ToString(noble.Images[0].OwnerId) != sandbox.CanonicalOwner {
				t.Fatalf("noble image: %v %+v", err, noble)
			}

			run, err := c.RunInstances(ctx, &ec2.RunInstancesInput{
				ImageId:      aws.String(sandbox.JammyAMI),
				InstanceType: types.InstanceTypeT3Medium,
				MinCount:     aws.Int32(1),
				MaxCount:     aws.Int32(1),
			})
			if err != nil {
				t.Fatalf("RunInstances with %s: %v", sandbox.JammyAMI, err)
			}
			if got := aws.ToString(run.Instances[0].ImageId); got != sandbox.JammyAMI {
				t.Fatalf("instance image = %s", got)
			}
		})
	}
}

func TestStopIsIdempotent(t *testing.T) {
	e := testenv.Moto(t)
	if err := e.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := e.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if err := syscall.Kill(e.PID, 0); err == nil {
		t.Fatalf("pid %d still alive after Stop", e.PID)
	}
	var nilEmulator *sandbox.Emulator
	if err := nilEmulator.Stop(); err != nil {
		t.Fatal(err)
	}
}

func TestEnviron(t *testing.T) {
	e := &sandbox.Emulator{Endpoint: "http://127.0.0.1:1234", Port: 1234}
	env := strings.Join(e.Environ(), "\n")
	for _, want := range []string{"AWS_ENDPOINT_URL=http://127.0.0.1:1234", "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_EC2_METADATA_DISABLED=true"} {
		if !strings.Contains(env, want) {
			t.Errorf("Environ lacks %s", want)
		}
	}
}

func TestStartNeedsDir(t *testing.T) {
	if _, err := sandbox.Start(context.Background(), sandbox.Options{}); err == nil {
		t.Fatal("Start without Dir succeeded")
	}
}

func TestNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := sandbox.Start(context.Background(), sandbox.Options{Dir: t.TempDir()})
	if !errors.Is(err, sandbox.ErrNotInstalled) {
		t.Fatalf("Start = %v, want ErrNotInstalled", err)
	}
	if !strings.Contains(err.Error(), "pip install 'moto[server]'") {
		t.Fatalf("%q does not say how to install moto", err)
	}
	_, err = sandbox.EnsureDetached(context.Background(), sandbox.Options{Dir: t.TempDir()})
	if !errors.Is(err, sandbox.ErrNotInstalled) {
		t.Fatalf("EnsureDetached = %v, want ErrNotInstalled", err)
	}
}

func readRecord(t *testing.T, dir string) map[string]any {
	t.Helper()
	path := filepath.Join(dir, "emulator.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("emulator.json mode %v, want 0600", fi.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestEnsureDetached(t *testing.T) {
	testenv.Moto(t) // skips or fails as every integration test does when moto is missing
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "sandbox")
	t.Cleanup(func() {
		if err := sandbox.StopDetached(dir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})

	first, err := sandbox.EnsureDetached(ctx, sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("dir %s: %v %v, want mode 0700", dir, fi.Mode(), err)
	}
	// Its own session, so that it outlives the tool and its terminal.
	if sid, err := getsid(first.PID); err != nil || sid != first.PID {
		t.Errorf("detached emulator session = %d (%v), want its own (%d)", sid, err, first.PID)
	}
	rec := readRecord(t, dir)
	if int(rec["pid"].(float64)) != first.PID || int(rec["port"].(float64)) != first.Port || rec["endpoint"] != first.Endpoint {
		t.Fatalf("record %v does not match %+v", rec, first)
	}
	if _, err := time.Parse(time.RFC3339, rec["started_at"].(string)); err != nil {
		t.Fatalf("started_at: %v", err)
	}
	if _, err := ec2Client(first.Endpoint, "ap-northeast-2").CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.9.0.0/16")}); err != nil {
		t.Fatal(err)
	}

	again, err := sandbox.EnsureDetached(ctx, sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if again.PID != first.PID || again.Endpoint != first.Endpoint {
		t.Fatalf("second EnsureDetached started %+v instead of reusing %+v", again, first)
	}
	vpcs, err := ec2Client(again.Endpoint, "ap-northeast-2").DescribeVpcs(ctx, &ec2.DescribeVpcsInput{
		Filters: []types.Filter{{Name: aws.String("cidr"), Values: []string{"10.9.0.0/16"}}},
	})
	if err != nil || len(vpcs.Vpcs) != 1 {
		t.Fatalf("state lost across EnsureDetached: %v %+v", err, vpcs)
	}

	if err := sandbox.StopDetached(dir); err != nil {
		t.Fatal(err)
	}
	if alive(first.PID) {
		t.Fatalf("pid %d alive after StopDetached", first.PID)
	}
	if _, err := os.Stat(filepath.Join(dir, "emulator.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("emulator.json still there: %v", err)
	}
	if err := sandbox.StopDetached(dir); err != nil {
		t.Fatalf("StopDetached with nothing recorded: %v", err)
	}
}

func TestEnsureDetachedReplacesStaleRecord(t *testing.T) {
	testenv.Moto(t)
	ctx := context.Background()
	dir := t.TempDir()
	t.Cleanup(func() { _ = sandbox.StopDetached(dir) })

	// A live pid that is not moto (this test binary) and a port nobody serves:
	// after a reboot a recorded pid can belong to anything.
	stale := map[string]any{"pid": os.Getpid(), "port": 1, "endpoint": "http://127.0.0.1:1", "started_at": time.Now()}
	data, _ := json.Marshal(stale)
	if err := os.WriteFile(filepath.Join(dir, "emulator.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sandbox.StopDetached(dir); err != nil {
		t.Fatalf("StopDetached on a stale record: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "emulator.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}

	e, err := sandbox.EnsureDetached(ctx, sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if e.PID == os.Getpid() || e.Port == 1 {
		t.Fatalf("adopted the stale record: %+v", e)
	}
	if rec := readRecord(t, dir); int(rec["pid"].(float64)) != e.PID {
		t.Fatalf("record not replaced: %v", rec)
	}

	// An emulator that died behind our back is replaced too.
	if err := e.Stop(); err != nil {
		t.Fatal(err)
	}
	again, err := sandbox.EnsureDetached(ctx, sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if again.PID == e.PID {
		t.Fatalf("reused dead emulator %d", e.PID)
	}
}

func TestStartWritesLogAndCatalogue(t *testing.T) {
	testenv.Moto(t)
	dir := t.TempDir()
	e, err := sandbox.Start(context.Background(), sandbox.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	for _, name := range []string{"amis.json", "moto.log"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestStartReportsEarlyExit(t *testing.T) {
	testenv.Moto(t)
	dir := t.TempDir()
	// A Python that cannot start makes moto_server exit at once; the error
	// must carry its output instead of waiting out the timeout.
	start := time.Now()
	_, err := sandbox.Start(context.Background(), sandbox.Options{Dir: dir, Env: []string{"PYTHONHOME=/nonexistent"}})
	if err == nil {
		t.Fatal("Start succeeded with a broken Python")
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("early exit noticed only after %v", time.Since(start))
	}
	if !strings.Contains(err.Error(), "moto.log") {
		t.Errorf("error does not quote the log: %v", err)
	}
}

func alive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}

// getsid reads the session from /proc where there is one; elsewhere the
// process group, which a new session also gives the emulator, has to do.
func getsid(pid int) (int, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return syscall.Getpgid(pid)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return strconv.Atoi(fields[3])
}
