package catalog

// The student's journey through the step screens: what they see while
// they type, go back, read the AWS CLI and come back to a finished stack.
var _ = add(map[string]Entry{
	// The key step.
	"run.keyfile": {
		"Wrote your private key (0400) to the file below: keep it, it is the only copy.",
		"프라이빗 키를 아래 파일에 저장했습니다(0400). 유일한 사본이니 잘 보관하세요.",
	},
	"step.created":       {"It created", "만든 리소스"},
	"preview.key.import": {"imports your own public key (its file comes next)", "내 퍼블릭 키를 가져옵니다(파일은 다음에 지정)"},

	// ctrl+a from a step's screen runs what is typed there.
	"applyall.typed": {
		"Fix the value on this screen first: ctrl+a runs every step with what is typed here.",
		"먼저 이 화면의 값을 고치세요. ctrl+a는 여기 입력한 값으로 모든 단계를 실행합니다.",
	},

	// The subnets step: a problem names the subnets as their rows do.
	"subnets.problem": {"%s %s: %s", "%s %s: %s"},
	"subnets.overlap": {"a block that does not overlap %s (%s)", "%s(%s){과/와} 겹치지 않는 블록이어야 합니다"},

	// The learn pane scrolls.
	"key.learn.up":        {"scroll the AWS CLI up", "AWS CLI 위로"},
	"key.learn.down":      {"scroll the AWS CLI down", "AWS CLI 아래로"},
	"key.learn.scroll":    {"scroll", "스크롤"},
	"key.page.scroll":     {"scroll the page", "페이지 스크롤"},
	"view.position.learn": {"lines %d-%d of %d: ctrl+l hides the AWS CLI to scroll", "%[3]d줄 중 %[1]d-%[2]d줄: ctrl+l로 AWS CLI를 닫고 스크롤"},
	"view.position":       {"lines %d-%d of %d: pgup/pgdn to scroll", "%[3]d줄 중 %[1]d-%[2]d줄: pgup/pgdn으로 스크롤"},

	// The check screen of a stack resumed: how its last check went.
	"check.last":        {"Last check, %s:", "지난 점검(%s):"},
	"check.last.probes": {"SSH: %d of %d probes passed", "SSH: 검사 %[2]d개 중 %[1]d개 통과"},
	"check.last.ok":     {"The network was as the mission wants.", "네트워크가 미션대로였습니다."},
	"check.last.bad":    {"Not everything was as the mission wants.", "미션대로가 아닌 것이 있었습니다."},

	// The naming screen.
	"naming.prefix.lead": {"Every name starts with it:", "모든 이름이 이것으로 시작합니다:"},
	"naming.prefix.rule": {"[prefix]-[element]-[role]-[az]", "[접두사]-[요소]-[역할]-[AZ]"},
	"naming.prefix.hangul": {
		"A prefix takes only a-z, 0-9 and -, as AWS names and host names do: switch the keyboard to English (the 한/영 key).",
		"접두사에는 영문 소문자(a-z), 숫자, 하이픈(-)만 씁니다. AWS 이름과 호스트 이름의 규칙입니다. 한/영 키로 영문으로 바꾸세요.",
	},
	"naming.prefix.limit": {
		"A prefix holds at most %[1]d characters, so that its longest name, [prefix]%[2]s, fits in %[3]d, the most a host name holds (every name is a host name in the ssh config).",
		"접두사는 최대 %[1]d자입니다. 그래야 가장 긴 이름 [접두사]%[2]s{이/가} 호스트 이름의 최대 길이인 %[3]d자에 들어갑니다(모든 이름은 ssh 설정의 호스트 이름이 됩니다).",
	},
})
