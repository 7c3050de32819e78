package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// argsUsed lists the arguments a format template quotes (1-based), as fmt
// numbers them: implicitly in order, or explicitly with %[n].
func argsUsed(tmpl string) []int {
	var used []int
	next := 1
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '%' {
			continue
		}
		i++
		if i < len(tmpl) && tmpl[i] == '%' {
			continue
		}
		for i < len(tmpl) {
			c := tmpl[i]
			switch {
			case c == '[':
				j := strings.IndexByte(tmpl[i:], ']')
				n := 0
				for _, d := range tmpl[i+1 : i+j] {
					n = n*10 + int(d-'0')
				}
				next = n
				i += j + 1
				continue
			case strings.IndexByte("+-# 0123456789.", c) >= 0:
				i++
				continue
			case c == '*':
				used = append(used, next)
				next++
				i++
				continue
			}
			used = append(used, next)
			next++
			break
		}
	}
	sort.Ints(used)
	return slices.Compact(used)
}

// Keys whose languages quote different arguments on purpose.
var differentArgs = map[string]bool{
	// The Korean leaves out what infrawiz was doing, said in English by
	// package aws; AWS's own words stay.
	"aws.error": true,
}

// englishAllowed are Korean strings that quote English on purpose: what
// a program says (ssh's own refusal, a command line).
var englishAllowed = map[string]bool{
	"check.why.auth":                true, // "Permission denied (publickey)", as ssh says it
	"check.why.key.mode":            true,
	"check.problem.key-permissions": true, // "UNPROTECTED PRIVATE KEY FILE", as ssh says it
	"cli.render.what":               true, // a usage line
	"cli.report.header":             true, // column names: ID, AZ, CIDR
}

// Every key has both languages, quoting the same arguments, and no key is
// defined twice.
func TestCatalogue_EveryKeyInBothLanguages(t *testing.T) {
	if d := Duplicates(); len(d) > 0 {
		t.Errorf("keys defined more than once: %v", d)
	}
	for _, k := range Keys() {
		e, _ := Lookup(k)
		if strings.TrimSpace(e.En) == "" || strings.TrimSpace(e.Ko) == "" {
			t.Errorf("%s: %+v, want both languages", k, e)
			continue
		}
		if !differentArgs[k] && !slices.Equal(argsUsed(e.En), argsUsed(e.Ko)) {
			t.Errorf("%s: English quotes arguments %v, Korean %v:\n  %s\n  %s", k, argsUsed(e.En), argsUsed(e.Ko), e.En, e.Ko)
		}
		if en := EnglishLeft(e.Ko); en != "" && !englishAllowed[k] {
			t.Errorf("%s: the Korean %q has English left in it: %q", k, e.Ko, en)
		}
		if m, _ := markParticles(e.En); m != e.En {
			t.Errorf("%s: the English %q has a Korean particle marker", k, e.En)
		}
	}
}

// No Korean string of the catalogue has a space before a particle, or a
// particle written both ways.
func TestCatalogue_NoSpaceBeforeAParticle(t *testing.T) {
	for _, k := range Keys() {
		e, _ := Lookup(k)
		if m := SpacedParticle(e.Ko); m != "" {
			t.Errorf("%s: %q in %q", k, m, e.Ko)
		}
	}
}

// The detector itself: it finds what the issue names and lets correct
// Korean through.
func TestSpaceBeforeParticle_Detects(t *testing.T) {
	bad := []string{"VPC 는", "/16 에서", "Enter 를", "10/11 개", "%d 개", "DB 에 접속", "%s 를 입력", "TMOUT 과", "%s 이(가)", "%s {을/를}", "sg- 로"}
	good := []string{"VPC는", "/16에서", "Enter를", "10/11개", "이 계정과 리전", "서버 세 대", "나중에", "%s{을/를} 입력", "만들기 전 점검"}
	for _, s := range bad {
		if SpacedParticle(s) == "" {
			t.Errorf("%q: not found", s)
		}
	}
	for _, s := range good {
		if m := SpacedParticle(s); m != "" {
			t.Errorf("%q: %q found", s, m)
		}
	}
}

// consoleTerms are words the AWS Korean console does not use, and what it
// says instead.
var consoleTerms = map[string]string{
	"베스천":     "배스천",
	"공인 IP":   "퍼블릭 IP",
	"사설 IP":   "프라이빗 IP",
	"공인":      "퍼블릭",
	"사설":      "프라이빗",
	"공개 키":    "퍼블릭 키",
	"개인 키":    "프라이빗 키",
	"공개 /":    "퍼블릭 /",
	"키페어":     "키 페어",
	"보안그룹":    "보안 그룹",
	"시큐리티 그룹": "보안 그룹",
	"라우트 테이블": "라우팅 테이블",
	"엘라스틱":    "탄력적 IP",
	"일래스틱":    "탄력적 IP",
	"출발지":     "소스",
}

// Korean says what the AWS Korean console says.
func TestCatalogue_ConsoleTerms(t *testing.T) {
	for _, k := range Keys() {
		e, _ := Lookup(k)
		for bad, good := range consoleTerms {
			if strings.Contains(e.Ko, bad) {
				t.Errorf("%s: %q says %q; the console says %q", k, e.Ko, bad, good)
			}
		}
	}
}

// Every particle marker of the Korean is one the catalogue resolves, and
// follows an argument or a word.
func TestCatalogue_MarkersAreKnown(t *testing.T) {
	brace := regexp.MustCompile(`\{[^{}]*/[^{}]*\}`)
	for _, k := range Keys() {
		e, _ := Lookup(k)
		for _, m := range brace.FindAllString(e.Ko, -1) {
			if _, ok := markerIndex[m]; !ok {
				t.Errorf("%s: %q is no particle marker the catalogue knows", k, m)
			}
		}
	}
}

// Rendering resolves every marker: no brace of one is left in any Korean
// string, whatever its arguments.
func TestT_ResolvesEveryMarker(t *testing.T) {
	for _, k := range Keys() {
		e, _ := Lookup(k)
		n := len(argsUsed(e.Ko))
		if len(argsUsed(e.En)) > n {
			n = len(argsUsed(e.En))
		}
		args := make([]any, n)
		for i := range args {
			args[i] = "mhson-vpc"
			if strings.Contains(e.Ko, "d") {
				args[i] = any(27)
			}
		}
		// Arguments of the wrong verb only garble the value, never the
		// markers; what is checked is that none is left.
		got := T(KO, k, args...)
		if _, n := markParticles(got); n > 0 || strings.ContainsRune(got, markerStart) {
			t.Errorf("%s: %q keeps a marker", k, got)
		}
	}
}

// A message's arguments are said in its own language, a message among
// them too, and its particles follow the words as they came out.
func TestT_NestedMessagesAndParticles(t *testing.T) {
	catalogue["test.outer"] = Entry{"waits for %s: run the %s step first", "%s{이/가} 필요합니다. 먼저 %s 단계를 실행하세요"}
	catalogue["test.step"] = Entry{"security-groups", "보안 그룹"}
	t.Cleanup(func() { delete(catalogue, "test.outer"); delete(catalogue, "test.step") })
	m := Msg("test.outer", "mhson-sg-bastion", Msg("test.step"))
	if got, want := m.In(EN), "waits for mhson-sg-bastion: run the security-groups step first"; got != want {
		t.Errorf("EN: %q, want %q", got, want)
	}
	if got, want := m.In(KO), "mhson-sg-bastion이 필요합니다. 먼저 보안 그룹 단계를 실행하세요"; got != want {
		t.Errorf("KO: %q, want %q", got, want)
	}
	if got := m.String(); got != m.In(EN) {
		t.Errorf("String() = %q, want the English", got)
	}
	joined := errors.Join(errors.New("a"), errors.New("b"))
	if got := Text(KO, joined); got != "a\nb" {
		t.Errorf("Text of a join = %q", got)
	}
}

// goldenViolations counts the places a Korean golden file of the wizard
// puts a space before a particle.
func goldenViolations(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "tui", "testdata", "*.ko.*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("..", "..", "tui", "testdata", "*", "*.ko.*.golden"))
	files = append(files, more...)
	out := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if m := SpacedParticle(line); m != "" {
				out[filepath.Base(f)] = append(out[filepath.Base(f)], strings.TrimSpace(line))
			}
		}
	}
	return out
}

// The wizard's Korean golden files are read too. They belong to the
// wizard and are regenerated from the catalogue by its own tests, so what
// is found is reported, not failed on: a count that does not fall to zero
// once they are regenerated points at a string the wizard words itself.
func TestGoldenFiles_SpaceBeforeAParticle(t *testing.T) {
	v := goldenViolations(t)
	n := 0
	names := make([]string, 0, len(v))
	for f, lines := range v {
		n += len(lines)
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		for _, l := range v[f] {
			t.Logf("%s: %s", f, l)
		}
	}
	t.Logf("%d lines of %d Korean golden files put a space before a particle", n, len(names))
}

// keySources find the keys the packages below the faces and the command
// line name literally: the catalogue's own calls, and each package's
// helpers that take a key (with the prefix the helper adds).
var keySources = []struct {
	re     *regexp.Regexp
	prefix []string // the key is one of these prefixes and the literal
}{
	{regexp.MustCompile(`catalog\.Msg\("([^"]+)"`), []string{""}},
	{regexp.MustCompile(`catalog\.T\([^,()]+, "([^"]+)"`), []string{""}},
	{regexp.MustCompile(`\bsay\([^,()]+, [^,()]+, "([^"]+)"`), []string{""}},
	{regexp.MustCompile(`\busage\("([^"]+)"`), []string{""}},
	{regexp.MustCompile(`\bfailure\([^,()]+, "([^"]+)"`), []string{""}},
	{regexp.MustCompile(`\.add\([^,()]+, "(reach\.[^"]+)"`), []string{""}},
	{regexp.MustCompile(`\b[Nn]ewFieldError\([^,()]+, [^,()]+, "([^"]+)"`), []string{"field."}},
	{regexp.MustCompile(`\bbad\([^,()]+, [^,()]+, "([^"]+)"`), []string{"field."}},
	{regexp.MustCompile(`\bnewProblem\("([^"]+)"`), []string{"field.", "msg."}},
	{regexp.MustCompile(`\bkeyedError\([^,()]+, "([^"]+)"`), []string{"msg."}},
	{regexp.MustCompile(`\bproblem\(Err[A-Za-z]+, "([^"]+)"`), []string{"preflight."}},
	{regexp.MustCompile(`\brule\("[a-z]+", [^,()]+, [^,()]+, [^,()]+, "([^"]+)"`), []string{""}},
}

// Every key the sources name literally is in the catalogue: a typo in a
// key shows as "!key" on a screen, so it is caught here instead.
func TestCatalogue_HasEveryKeyTheSourcesName(t *testing.T) {
	var files []string
	for _, glob := range []string{"../../steps/*.go", "../../aws/*.go", "../../cmd/infrawiz/*.go", "../*/*.go"} {
		fs, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range keySources {
			for _, m := range src.re.FindAllStringSubmatch(string(b), -1) {
				if strings.HasSuffix(m[1], ".") {
					continue // a family ("kind." + a kind's name): the tests of its package cover it
				}
				found++
				ok := false
				for _, pre := range src.prefix {
					if _, has := Lookup(pre + m[1]); has {
						ok = true
					}
				}
				if !ok {
					t.Errorf("%s names %q (%v), which the catalogue does not have", f, m[1], src.prefix)
				}
			}
		}
	}
	if found < 300 {
		t.Errorf("only %d keys found in the sources: the patterns have gone stale", found)
	}
	t.Logf("%d keys named in %d files", found, len(files))
}

// An English count agrees with its noun: "1 resource", "2 resources".
func TestT_Plurals(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 resources deleted"}, {1, "1 resource deleted"}, {2, "2 resources deleted"}, {11, "11 resources deleted"}} {
		if got := T(EN, "cli.destroy.done", "x", "1s", tc.n); !strings.Contains(got, tc.want) {
			t.Errorf("%d: %q, want %q", tc.n, got, tc.want)
		}
	}
	for _, k := range Keys() {
		e, _ := Lookup(k)
		if strings.Contains(e.Ko, "{s}") {
			t.Errorf("%s: a plural marker in Korean: %q", k, e.Ko)
		}
	}
}
