package catalog

// The summary screen (summary.none lives with the other screens).
var _ = add(map[string]Entry{
	"summary.count":        {"%d resource{s}", "리소스 %d개"},
	"summary.col.name":     {"Name", "이름"},
	"summary.col.kind":     {"Kind", "종류"},
	"summary.col.id":       {"ID", "ID"},
	"summary.col.az":       {"AZ", "AZ"},
	"summary.col.cidr":     {"CIDR", "CIDR"},
	"summary.col.private":  {"Private IP", "프라이빗 IP"},
	"summary.col.public":   {"Public IP", "퍼블릭 IP"},
	"summary.key.md":       {"save Markdown", "마크다운 저장"},
	"summary.key.csv":      {"save CSV", "CSV 저장"},
	"summary.key.ssh":      {"commands", "명령"},
	"summary.ssh.title":    {"Connect to the bastion:", "배스천에 접속하기:"},
	"summary.ssh.yourkey":  {"<your private key>", "<내 프라이빗 키>"},
	"summary.ssh.hop":      {"Through the bastion to web and DB (after the check):", "배스천을 거쳐 웹·DB 서버로(점검을 마친 뒤):"},
	"summary.destroy":      {"When you are done, delete the stack (charges stop):", "다 쓰고 나면 스택을 지우세요(요금이 멈춥니다):"},
	"summary.ssh.none":     {"The bastion has no public IP yet: finish the servers step first.", "배스천에 아직 퍼블릭 IP가 없습니다. 먼저 서버 단계를 마치세요."},
	"summary.written":      {"Wrote %s", "%s{을/를} 저장했습니다"},
	"summary.write.failed": {"Could not write the summary: %v", "요약을 저장하지 못했습니다: %v"},
})
