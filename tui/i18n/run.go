package i18n

// What a run reports: the engine's own messages (keyed in package steps),
// the words around AWS's, and the run's progress.
var _ = add(map[string]Entry{
	"msg.run.waits.step":       {"waits for %s: run the %s step first", "%s 이(가) 필요합니다: 먼저 %s 단계를 실행하세요"},
	"msg.run.waits.failed":     {"waits for %s, which failed", "%s 이(가) 실패해서 건너뜁니다"},
	"msg.run.interrupted":      {"interrupted", "중단됨"},
	"msg.run.notready":         {"%s is not ready", "%s 이(가) 아직 준비되지 않았습니다"},
	"msg.run.nat.replacing":    {"the earlier NAT gateway failed (%s); replacing it", "이전 NAT 게이트웨이가 실패했습니다 (%s): 새로 만듭니다"},
	"msg.run.nat.waiting":      {"waiting for the NAT gateway to become available", "NAT 게이트웨이가 사용 가능해지기를 기다리는 중"},
	"msg.run.instance.waiting": {"waiting for the instance to run", "인스턴스가 실행되기를 기다리는 중"},
	"msg.keyfile.read":         {"read %s: %v", "%s 을(를) 읽을 수 없습니다: %v"},
	"msg.keyfile.mkdir":        {"create %s: %v", "%s 을(를) 만들 수 없습니다: %v"},
	"msg.keyfile.generate":     {"generate key: %v", "키를 생성할 수 없습니다: %v"},
	"msg.keyfile.encode":       {"encode key: %v", "키를 인코딩할 수 없습니다: %v"},
	"msg.keyfile.write":        {"write %s: %v", "%s 에 쓸 수 없습니다: %v"},
	"msg.keyfile.notkey": {
		"%s exists but is not a private key infrawiz can read (%v); move it aside or pass --public-key",
		"%s 이(가) 있지만 infrawiz 가 읽을 수 있는 개인 키가 아닙니다 (%v): 다른 곳으로 옮기거나 --public-key 를 쓰세요",
	},
	"msg.keyfile.perm": {
		"%s is readable by others (mode %04o); ssh refuses such keys: chmod 400 %s",
		"%s 을(를) 다른 사용자도 읽을 수 있습니다 (모드 %04o): ssh 는 이런 키를 거부합니다: chmod 400 %s",
	},
	// AWS's own words (%[2]s) stay as AWS wrote them; what infrawiz was
	// doing (%[1]s) is English from package aws, so Korean leaves it out.
	"aws.error":         {"%[1]s: %[2]s", "AWS 응답: %[2]s"},
	"run.nosession":     {"Not connected to AWS yet: connecting now.", "아직 AWS 에 연결되지 않았습니다: 지금 연결합니다."},
	"run.ami":           {"AMI %s (%s)", "AMI %s (%s)"},
	"ami.source.flag":   {"from --ami", "--ami 로 지정"},
	"ami.source.ssm":    {"SSM %s", "SSM 파라미터 %s"},
	"ami.source.newest": {"newest Canonical jammy image", "가장 최신 Canonical Ubuntu 22.04 이미지"},
	"run.more":          {"+%d more: each failure is on its resource's line below.", "실패 %d 건 더: 각 리소스 줄에 있습니다."},
	"run.checking":      {"Checking before creating anything: credentials, quotas, the AMI…", "만들기 전에 점검하는 중: 자격 증명, 할당량, AMI…"},
})

// The plan's details of each resource (package steps words them in English).
var _ = add(map[string]Entry{
	"detail.key.import":     {"imports %s", "%s 을(를) 가져옵니다"},
	"detail.key.new":        {"ed25519, private key in %s (0400)", "ed25519, 개인 키는 %s (0400)"},
	"detail.vpc":            {"DNS hostnames on", "DNS 호스트 이름 사용"},
	"detail.subnet":         {"%d usable hosts", "사용 가능한 호스트 %d 개"},
	"detail.igw":            {"attached to %s", "%s 에 연결"},
	"detail.eip.nat":        {"for the NAT gateway", "NAT 게이트웨이용"},
	"detail.eip.server":     {"public IP of %s", "%s 의 공인 IP"},
	"detail.nat":            {"in %s", "%s 안에"},
	"detail.rt":             {"serves %s", "%s 담당"},
	"detail.sg-public":      {"web servers: 8080 from anywhere, SSH and ping from the bastion", "웹 서버: 어디서나 8080, 베스천에서 SSH 와 ping"},
	"detail.sg-internal":    {"database: 3306 from the web servers, SSH and ping from the bastion", "데이터베이스: 웹 서버에서 3306, 베스천에서 SSH 와 ping"},
	"detail.sg-bastion":     {"bastion: SSH from your own IP only", "베스천: 내 IP 에서만 SSH"},
	"detail.rule":           {"%s from %s", "%[2]s 에서 %[1]s"},
	"detail.rule.myip":      {"(your IP, detected at apply)", "(내 IP, 실행할 때 확인)"},
	"detail.server":         {"%s, %s, %d GB gp3 encrypted, IMDSv2, in %s", "%s, %s, %d GB gp3 암호화, IMDSv2, %s 안에"},
	"detail.server.web":     {"web", "웹"},
	"detail.server.db":      {"db", "DB"},
	"detail.server.bastion": {"bastion", "베스천"},
})
