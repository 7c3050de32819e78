package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/infrawiz/infrawiz/internal/catalog"
	"github.com/infrawiz/infrawiz/internal/sandbox"
	"github.com/infrawiz/infrawiz/internal/testenv"
)

// missingKey is how the catalogue shows a key it lacks.
var missingKey = regexp.MustCompile(`![a-z]+\.[a-z.-]+`)

// koreanOutput fails the test where out is not Korean as the catalogue
// writes it: a missing key, a particle apart from its word, an English
// sentence (outside the command lines it quotes, which start "infrawiz").
func koreanOutput(t *testing.T, what, out string) {
	t.Helper()
	if !strings.ContainsFunc(out, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
		t.Errorf("%s: no Korean in:\n%s", what, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if m := missingKey.FindString(line); m != "" {
			t.Errorf("%s: %s is missing from the catalogue: %s", what, m, line)
		}
		if m := catalog.SpacedParticle(line); m != "" {
			t.Errorf("%s: %q in %s", what, m, line)
		}
		quoted := line
		if i := strings.Index(quoted, "infrawiz "); i >= 0 {
			quoted = quoted[:i]
		}
		if en := catalog.EnglishLeft(strings.TrimPrefix(quoted, "infrawiz: ")); en != "" {
			t.Errorf("%s: English left: %q in %s", what, en, line)
		}
	}
}

// Bad input is told in Korean with --lang ko and with a Korean LANG, the
// field named in Korean, the value as given; English stays the default.
func TestCLI_BadInputInKorean(t *testing.T) {
	unitCLIEnv(t)
	for _, tc := range []struct {
		name string
		env  string
		args []string
		want []string
	}{
		{
			"--lang ko", "",
			[]string{"plan", "--lang", "ko", "--prefix", "Lab", "--vpc-cidr", "192.168.11.5/24", "--my-ip", "10.0.0.1"},
			[]string{`접두사 "Lab": 문자로 시작하는`, `VPC CIDR "192.168.11.5/24": 네트워크 주소여야 합니다. 192.168.11.0/24를 입력하려던 건가요?`, `내 IP "10.0.0.1": 프라이빗 주소가 아닌`},
		},
		{
			"LANG", "ko_KR.UTF-8",
			[]string{"plan", "--prefix", "mhson", "--vpc-cidr", "10.0.0.0/8"},
			[]string{`VPC CIDR "10.0.0.0/8": /16에서 /28 사이의 블록이어야 합니다`},
		},
		{
			"apply without --yes", "ko_KR.UTF-8",
			[]string{"apply", "--prefix", "mhson", "--my-ip", "203.0.113.7"},
			[]string{"apply는 요금이 나가는 리소스를 만듭니다", "`infrawiz plan --prefix mhson --region ap-northeast-2`"},
		},
		{"unknown command", "", []string{"--lang", "ko", "frobnicate"}, []string{`알 수 없는 명령 "frobnicate"`}},
		{"status output", "", []string{"status", "--lang", "ko", "--output", "yaml"}, []string{`출력 형식 "yaml": table 또는 json이어야 합니다`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tc.env)
			code, _, stderr := unitRunCLI(t, tc.args...)
			if code != exitInput {
				t.Errorf("exit %d, want %d:\n%s", code, exitInput, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			koreanOutput(t, tc.name, stderr)
		})
	}
	// English stays the default, word for word.
	t.Setenv("LANG", "C.UTF-8")
	_, _, stderr := unitRunCLI(t, "plan", "--prefix", "mhson", "--vpc-cidr", "192.168.11.5/24")
	if want := `vpc-cidr "192.168.11.5/24": a network address; did you mean 192.168.11.0/24?`; !strings.Contains(stderr, want) {
		t.Errorf("English stderr lacks %q:\n%s", want, stderr)
	}
}

// The hints say in Korean what to do about each kind of failure.
func TestHint_InKorean(t *testing.T) {
	for _, k := range catalog.Keys() {
		if !strings.HasPrefix(k, "hint.") {
			continue
		}
		e, _ := catalog.Lookup(k)
		koreanOutput(t, k, e.Ko)
	}
}

// TestCLI_SandboxInKorean runs the command line in Korean against the
// emulator, as a Korean student does: plan, apply, status, check, ls and
// destroy, every line Korean as the catalogue writes it.
func TestCLI_SandboxInKorean(t *testing.T) {
	testenv.RequireMoto(t)
	home := t.TempDir()
	emuDir := filepath.Join(home, ".infrawiz", "sandbox", "emulator")
	t.Cleanup(func() { _ = sandbox.StopDetached(emuDir) })
	c := newCLI(t, home, "LANG=ko_KR.UTF-8")
	stack := []string{"--sandbox", "--prefix", "hangul"}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"plan"}, []string{"ap-northeast-2 리전의 스택 hangul 계획(리소스 26개, 아무것도 바꾸지 않음)", "이름", "배스천: 내 IP에서만 SSH"}},
		{[]string{"apply", "--yes"}, []string{"스택 hangul을 만드는 중", "만에 완료: 생성 26개", "배스천 접속: ssh -i"}},
		{[]string{"status"}, []string{"보안 그룹   6/6 완료", "퍼블릭 IP"}},
		{[]string{"check", "--lang", "ko"}, []string{"네트워크 경로(보안 그룹과 라우팅 테이블 기준):", "열림, 미션대로", "SSH: 실행하지 않음: 연습 모드"}},
		{[]string{"check", "--my-ip", "203.0.113.9"}, []string{"닫힘, 하지만 미션은 열려 있어야 함", "203.0.113.9에서 오는 tcp 22를 허용하는 인바운드 규칙이 없습니다", "연결 점검에서 문제를 찾았습니다"}},
		{[]string{"ls"}, []string{"스택", "소유자", "(나)"}},
		{[]string{"destroy", "--yes", "--delete-key-file"}, []string{"스택 hangul을 지우는 중", "리소스 20개를 삭제했습니다", "연습용 에뮬레이터를 멈췄습니다"}},
	} {
		args := tc.args
		if args[0] != "ls" {
			args = append(args, stack...)
		} else {
			args = append(args, "--sandbox")
		}
		out, errs, code := c.run(args...)
		if code != 0 && !(args[0] == "check" && strings.Contains(strings.Join(args, " "), "203.0.113.9") && code == exitFailed) {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errs)
		}
		all := out + errs
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%v lacks %q:\n%s", args, w, all)
			}
		}
		koreanOutput(t, strings.Join(args, " "), all)
	}
}
