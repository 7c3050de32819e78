package catalog

import "testing"

// Each word is read aloud as a Korean engineer reads it, and the particle
// follows that sound.
func TestEndingOf_ReadsTheLastSoundAloud(t *testing.T) {
	tests := []struct {
		word string
		want Ending
		why  string
	}{
		// Hangul, by the final consonant.
		{"서버", EndVowel, "버"},
		{"배스천", EndConsonant, "천: ㄴ"},
		{"규칙", EndConsonant, "칙: ㄱ"},
		{"파일", EndRieul, "일: ㄹ"},
		{"보안 그룹", EndConsonant, "룹: ㅂ"},
		{"라우팅 테이블", EndRieul, "블: ㄹ"},
		{"키 페어", EndVowel, "어"},
		// Digits, in Sino-Korean.
		{"/27", EndRieul, "칠"},
		{"/24", EndVowel, "사"},
		{"/16", EndConsonant, "육"},
		{"/28", EndRieul, "팔"},
		{"/26", EndConsonant, "육"},
		{"/23", EndConsonant, "삼"},
		{"/25", EndVowel, "오"},
		{"/19", EndVowel, "구"},
		{"/21", EndRieul, "일"},
		{"10", EndConsonant, "십"},
		{"100", EndConsonant, "백"},
		{"0", EndConsonant, "영"},
		{"8080", EndConsonant, "공/십"},
		{"3306", EndConsonant, "육"},
		{"22", EndVowel, "이"},
		{"192.168.11.0/24", EndVowel, "사"},
		{"10.0.0.0", EndConsonant, "영"},
		{"203.0.113.7", EndRieul, "칠"},
		{"11", EndRieul, "일"},
		// Abbreviations, spelled letter by letter.
		{"VPC", EndVowel, "시"},
		{"CIDR", EndRieul, "알"},
		{"SSH", EndVowel, "에이치"},
		{"DB", EndVowel, "비"},
		{"NAT", EndVowel, "티"},
		{"AMI", EndVowel, "아이"},
		{"ACL", EndRieul, "엘"},
		{"EC2", EndVowel, "이"},
		{"ARN", EndConsonant, "엔"},
		{"PEM", EndConsonant, "엠"},
		{"vpc", EndVowel, "no vowel: 시"},
		{"igw", EndVowel, "더블유"},
		{"ssh", EndVowel, "에이치"},
		{"tcp", EndVowel, "피"},
		{"ip", EndVowel, "아이피"},
		{"2a", EndVowel, "에이, glued to a digit"},
		{"2c", EndVowel, "시"},
		// Ids and names as the stack has them.
		{"vpc-0abc12", EndVowel, "이"},
		{"sg-0abc1f", EndVowel, "에프"},
		{"i-0123456789abcdef0", EndConsonant, "영"},
		{"subnet-0a1bec", EndVowel, "hex: 시"},
		{"mhson-vpc", EndVowel, "시"},
		{"mhson-igw", EndVowel, "더블유"},
		{"mhson-nat-2a", EndVowel, "에이"},
		{"mhson-sg-bastion", EndConsonant, "배스천"},
		{"mhson-sg-public", EndConsonant, "퍼블릭"},
		{"mhson-sg-internal", EndRieul, "인터널"},
		{"mhson-rt-admin", EndConsonant, "어드민"},
		{"mhson-ec2-web-2a", EndVowel, "에이"},
		{"key-mhson", EndConsonant, "손"},
		{"~/.ssh/key-mhson.pem", EndConsonant, "펨"},
		// English words, as Korean transcribes them.
		{"web", EndConsonant, "웹"},
		{"subnet", EndConsonant, "서브넷"},
		{"stack", EndConsonant, "스택"},
		{"pending", EndConsonant, "펜딩"},
		{"running", EndConsonant, "러닝"},
		{"available", EndRieul, "어베일러블"},
		{"shutting-down", EndConsonant, "다운"},
		{"stopped", EndVowel, "스톱트"},
		{"t3.medium", EndConsonant, "미디엄"},
		{"ap-northeast-2", EndVowel, "이"},
		{"ubuntu", EndVowel, "우분투"},
		{"Enter", EndVowel, "엔터"},
		{"server", EndVowel, "서버"},
		{"key", EndVowel, "키"},
		{"root", EndVowel, "루트"},
		{"zone", EndConsonant, "존"},
		{"ping", EndConsonant, "핑"},
		// What encloses or follows a word does not count.
		{"mhson-ec2-web-2a (i-0abc)", EndVowel, "the word before the parenthesis"},
		{`"mhson"`, EndConsonant, "inside the quotes"},
		{"sg-…", EndVowel, "지"},
		{"10%", EndVowel, "퍼센트"},
		{"", EndUnknown, "nothing"},
		{"→", EndUnknown, "not read"},
	}
	for _, tc := range tests {
		if got := EndingOf(tc.word); got != tc.want {
			t.Errorf("EndingOf(%q) = %s, want %s (%s)", tc.word, got, tc.want, tc.why)
		}
	}
}

// Every marker takes the form its word asks for; 으로/로 takes 로 after a
// final ㄹ, the others their consonant form.
func TestParticle_Forms(t *testing.T) {
	tests := []struct{ word, marker, want string }{
		{"VPC", "{은/는}", "는"},
		{"/27", "{을/를}", "을"},
		{"/24", "{을/를}", "를"},
		{"/27", "{으로/로}", "로"},
		{"/16", "{으로/로}", "으로"},
		{"/24", "{으로/로}", "로"},
		{"mhson-sg-bastion", "{이/가}", "이"},
		{"mhson-vpc", "{이/가}", "가"},
		{"mhson-rt-internal", "{과/와}", "과"},
		{"mhson-rt-internal", "{으로/로}", "로"},
		{"vpc-0abc12", "{을/를}", "를"},
		{"배스천", "{과/와}", "과"},
		{"서버", "{과/와}", "와"},
		{"파일", "{으로/로}", "로"},
		{"규칙", "{으로/로}", "으로"},
		{"Enter", "{을/를}", "를"},
		{"t3.medium", "{은/는}", "은"},
		{"", "{을/를}", "을(를)"},
		{"x", "{없음}", "{없음}"},
	}
	for _, tc := range tests {
		if got := Particle(tc.word, tc.marker); got != tc.want {
			t.Errorf("Particle(%q, %q) = %q, want %q", tc.word, tc.marker, got, tc.want)
		}
	}
}

// A marker is resolved after the arguments are in, whatever their type and
// position, and braces that are no marker stay.
func TestFormat_ResolvesMarkersAfterTheArguments(t *testing.T) {
	tests := []struct {
		tmpl string
		args []any
		want string
	}{
		{"%s{을/를} 만듭니다", []any{"mhson-vpc"}, "mhson-vpc를 만듭니다"},
		{"%s{을/를} 만듭니다", []any{"mhson-sg-bastion"}, "mhson-sg-bastion을 만듭니다"},
		{"%[2]s{은/는} %[1]s{과/와} 겹칩니다", []any{"서버", "/27"}, "/27은 서버와 겹칩니다"},
		{"%d{을/를} 씁니다", []any{27}, "27을 씁니다"},
		{"%d{을/를} 씁니다", []any{24}, "24를 씁니다"},
		{"{\"a\": %d}", []any{1}, "{\"a\": 1}"},
		{"Enter{을/를} 누르세요", nil, "Enter를 누르세요"},
		{"%s{을/를}", []any{"{을/를}"}, "{을/를}을"},
	}
	for _, tc := range tests {
		if got := format(KO, tc.tmpl, tc.args); got != tc.want {
			t.Errorf("format(%q, %v) = %q, want %q", tc.tmpl, tc.args, got, tc.want)
		}
	}
}
