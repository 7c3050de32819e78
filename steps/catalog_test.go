package steps

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infrawiz/infrawiz/aws"
	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/check"
)

// has fails the test when the catalogue lacks key.
func has(t *testing.T, key string) {
	t.Helper()
	if _, ok := catalog.Lookup(key); !ok {
		t.Errorf("the catalogue has no %s", key)
	}
}

// The keys built from a name (a kind, a step, an error kind…) exist for
// every name there is.
func TestCatalogue_EveryFamilyHasItsKeys(t *testing.T) {
	for _, k := range []ErrorKind{
		KindInterrupted, KindCorrupt, KindLocked, KindForeign, KindAuth, KindQuota,
		KindThrottled, KindTransient, KindCapacity, KindDependency, KindExists, KindFailed, KindNotFound,
		KindAMI, KindUnknownID, KindLeftBehind, KindOtherStack,
	} {
		has(t, "hint."+string(k))
		has(t, "advice."+string(k))
	}
	for k := aws.KindKeyPair; k <= aws.KindInstance; k++ {
		has(t, "kind."+k.String())
	}
	for _, s := range Steps {
		has(t, "stepname."+s.String())
		has(t, "step."+s.String())
	}
	for _, b := range []string{aws.BlockedMapped, aws.BlockedInUse, aws.BlockedInterfaces, aws.BlockedVPC, aws.BlockedAttached, aws.BlockedNATAddress} {
		has(t, "msg.run.blocked."+b)
	}
	for _, a := range []Action{Created, Adopted, Updated, Unchanged, Deleted} {
		has(t, "cli.action."+string(a))
	}
	for _, s := range []string{ServerWeb, ServerDB, ServerBastion} {
		has(t, "detail.server."+s)
		has(t, "cli.host."+s)
	}
	for _, r := range []Role{RoleSGPublic, RoleSGInternal, RoleSGBastion} {
		has(t, "detail."+string(r))
	}
	for _, st := range []string{"missing", "incomplete", "extra rules", "ok", "stray"} {
		has(t, "state."+st)
	}
	for _, dir := range []string{"in", "out"} {
		for _, k := range []string{"reach.rule.%s", "reach.rule.%s.member", "reach.rule.%s.only", "reach.rule.%s.notcover", "reach.what.%s", "reach.what.%s.inst", "reach.norule.%s"} {
			has(t, strings.Replace(k, "%s", dir, 1))
		}
	}
	for _, p := range []check.Probe{
		check.ProbeKey, check.ProbeState, check.ProbeTCP, check.ProbeSSH, check.ProbePing,
		check.ProbeWebPort, check.ProbeDBPort, check.ProbeTMOUT, check.ProbeAudit,
	} {
		has(t, "check.probe."+string(p))
		has(t, "cli.probe."+string(p))
	}
	for _, k := range []check.Kind{
		check.KindKeyPermissions, check.KindKeyFile, check.KindNotRunning, check.KindNoAddress,
		check.KindPrivatePublicIP, check.KindSecurityGroup, check.KindRefused, check.KindTimeout, check.KindUnreachable,
		check.KindHostKeyChanged, check.KindAuth, check.KindHardening, check.KindUnexpected,
	} {
		has(t, "check.problem."+string(k))
	}
}

// missingKey is how the catalogue shows a key it lacks.
var missingKey = regexp.MustCompile(`![a-z]+\.[a-z.-]+`)

// korean fails the test when s is not Korean as the catalogue writes it:
// a key it lacks, or a particle apart from its word.
func korean(t *testing.T, what, s string) {
	t.Helper()
	if m := missingKey.FindString(s); m != "" {
		t.Errorf("%s: %s is missing from the catalogue: %s", what, m, s)
	}
	if m := catalog.SpacedParticle(s); m != "" {
		t.Errorf("%s: %q in %q", what, m, s)
	}
}

// Every validation error's English is the catalogue's, and it says itself
// in Korean with the field named in Korean and the particles after the
// values resolved.
func TestFieldError_SaysTheCatalogue(t *testing.T) {
	in := Inputs{Prefix: "Lab", Region: "seoul", VPCCIDR: "192.168.11.5/24", MyIP: "10.0.0.1", DiskGB: 4, InstanceType: "t3medium"}
	var ve ValidationError
	if !errors.As(in.Validate(), &ve) {
		t.Fatalf("Validate(%+v) found nothing", in)
	}
	for _, fe := range ve {
		if en := catalog.T(catalog.EN, "field."+fe.Key, fe.Args...); en != fe.Allowed {
			t.Errorf("%s: Allowed %q, the catalogue %q", fe.Key, fe.Allowed, en)
		}
		korean(t, fe.Key, fe.In(catalog.KO))
	}
	want := `VPC CIDR "192.168.11.5/24": 네트워크 주소여야 합니다. 192.168.11.0/24를 입력하려던 건가요?`
	if got := ve.In(catalog.KO); !strings.Contains(got, want) {
		t.Errorf("in Korean:\n%s\nwant a line %s", got, want)
	}
	if got := catalog.Text(catalog.KO, ve); got != ve.In(catalog.KO) {
		t.Errorf("catalog.Text does not say the ValidationError itself: %q", got)
	}
}

// A run's events and errors say in English what they said before the
// catalogue held their words, and say themselves in Korean.
func TestEvents_SayTheCatalogue(t *testing.T) {
	res := Resource{Name: "mhson-igw", Step: StepGateways}
	tests := []struct {
		e  Event
		en string
		ko string
	}{
		{
			NoteEvent(res, aws.Note{Key: aws.NoteThrottled, Args: []any{1500 * time.Millisecond}}, nil),
			"retrying: throttled by AWS (the account's request rate is shared; next try in 1.5s)", "1.5s 뒤 다시 시도",
		},
		{
			NoteEvent(Resource{}, aws.Note{Key: aws.NoteUnknown, ID: "vpc-0abc12"}, func(string) string { return "mhson-vpc" }),
			"waiting: AWS does not know mhson-vpc yet (just created; AWS takes a moment to spread it)", "AWS가 아직 mhson-vpc를 모릅니다",
		},
		{
			NoteEvent(res, aws.Note{Key: aws.NoteBlocked, Args: []any{aws.BlockedMapped}}, nil),
			"waiting: mhson-igw still has mapped public addresses (the NAT gateway or an Elastic IP is still going away)", "mhson-igw에 아직 연결된 퍼블릭 주소",
		},
		{
			NoteEvent(res, aws.Note{Key: aws.NoteState, Args: []any{"deleting"}}, nil),
			"waiting: mhson-igw is deleting", "mhson-igw는 지금 deleting 상태",
		},
		{
			Event{Resource: res, Phase: PhaseSkipped}.saying(newProblem("run.waits.step", "mhson-vpc", StepVPC)),
			"waits for mhson-vpc: run the vpc step first", "mhson-vpc가 필요합니다. 먼저 VPC 단계를 실행하세요",
		},
		{
			Event{Resource: res, Phase: PhaseSkipped}.saying(newProblem("run.waits.step", "mhson-sg-bastion", StepSecurityGroups)),
			"waits for mhson-sg-bastion: run the security-groups step first", "mhson-sg-bastion이 필요합니다. 먼저 보안 그룹 단계를 실행하세요",
		},
	}
	for _, tc := range tests {
		if tc.e.Message != tc.en || tc.e.In(catalog.EN) != tc.en {
			t.Errorf("English %q (In %q), want %q", tc.e.Message, tc.e.In(catalog.EN), tc.en)
		}
		ko := tc.e.In(catalog.KO)
		if !strings.Contains(ko, tc.ko) {
			t.Errorf("Korean %q, want it to hold %q", ko, tc.ko)
		}
		korean(t, tc.e.Key, ko)
	}
	left := &KeyedError{Key: "destroy.waits.failed", Args: []any{"mhson-nat-2a"}, subject: "mhson-igw"}
	if got, want := left.In(catalog.KO), "mhson-igw: 남겨 둠: 먼저 mhson-nat-2a가 없어져야 하는데 실패했습니다"; got != want {
		t.Errorf("Korean %q, want %q", got, want)
	}
}

// Every resource of the plan says what it is in English as its Detail and
// in Korean from the same message.
func TestPlan_DetailsInBothLanguages(t *testing.T) {
	for _, in := range []Inputs{
		{Prefix: "mhson", MyIP: "203.0.113.7"},
		{Prefix: "mhson", NoNAT: true},
	} {
		p, err := BuildPlan(in.WithDefaults(), []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Resources {
			if r.DetailMsg.IsZero() || r.Detail != r.DetailMsg.String() {
				t.Errorf("%s: Detail %q, DetailMsg %q", r.Name, r.Detail, r.DetailMsg.String())
			}
			korean(t, r.Name, r.DetailMsg.In(catalog.KO))
			for _, rule := range r.Rules {
				if rule.Why != rule.WhyMsg.String() {
					t.Errorf("%s: Why %q, WhyMsg %q", r.Name, rule.Why, rule.WhyMsg.String())
				}
			}
		}
		if r, _ := p.Get(RoleRulesBastion); in.MyIP == "" && r.DetailMsg.In(catalog.KO) != "내 IP(실행할 때 확인)에서 tcp 22" {
			t.Errorf("bastion rules in Korean: %q", r.DetailMsg.In(catalog.KO))
		}
	}
}

// The check before the first create says its findings in Korean, the
// warnings as warnings.
func TestPreflightError_InKorean(t *testing.T) {
	p := aws.Problem{Key: "offering", Args: []any{"x9.nano", "ap-northeast-2a"}}
	e := &PreflightError{Problems: []aws.Problem{p}}
	if got, want := e.In(catalog.KO), "만들기 전 점검: 인스턴스 유형 x9.nano는 ap-northeast-2a에서 제공되지 않습니다. 다른 --instance-type을 고르세요"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, want := e.Error(), "check before creating anything: instance type x9.nano is not offered in ap-northeast-2a; choose another --instance-type"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
