package catalog

// What a run reports: the engine's own messages (keyed in package steps as
// "msg.<key>"), the words around AWS's, and the run's progress.
var _ = add(map[string]Entry{
	// Args: a resource's name, a step (said by its name in each language).
	"msg.run.waits.step":       {"waits for %s: run the %s step first", "%s{이/가} 필요합니다. 먼저 %s 단계를 실행하세요"},
	"msg.run.waits.failed":     {"waits for %s, which failed", "%s{이/가} 실패해서 건너뜁니다"},
	"msg.run.interrupted":      {"interrupted", "중단됨"},
	"msg.run.notready":         {"%s is not ready", "%s{이/가} 아직 준비되지 않았습니다"},
	"msg.run.nat.replacing":    {"the earlier NAT gateway failed (%s); replacing it", "이전 NAT 게이트웨이가 실패해서(%s) 새로 만듭니다"},
	"msg.run.nat.waiting":      {"waiting for the NAT gateway to become available", "NAT 게이트웨이가 사용 가능해지기를 기다리는 중"},
	"msg.run.instance.waiting": {"waiting for the instance to run", "인스턴스가 실행되기를 기다리는 중"},
	"msg.run.nat.deleting":     {"an earlier NAT gateway is still being deleted; waiting for it to go", "이전 NAT 게이트웨이가 아직 삭제되는 중이라 없어지기를 기다립니다"},
	"msg.run.retry.throttled": {
		"retrying: throttled by AWS (the account's request rate is shared; next try in %s)",
		"다시 시도: AWS가 요청을 제한했습니다(계정의 요청 한도를 함께 씁니다. %s 뒤 다시 시도)",
	},
	"msg.run.retry.unknown": {
		"waiting: AWS does not know %s yet (just created; AWS takes a moment to spread it)",
		"기다리는 중: AWS가 아직 %s{을/를} 모릅니다(방금 만들어서 퍼지는 데 잠시 걸립니다)",
	},
	"msg.run.retry.transient": {"retrying: AWS did not answer", "다시 시도: AWS가 응답하지 않았습니다"},
	"msg.run.retry.lookup": {
		"retrying: AWS did not answer; looking %s up before trying again",
		"다시 시도: AWS가 응답하지 않아 다시 만들기 전에 %s{을/를} 찾아봅니다",
	},
	// Args: a name, and AWS's own word for its state (pending, deleting…).
	"msg.run.state": {"waiting: %s is %s", "기다리는 중: %s{은/는} 지금 %s 상태"},
	"msg.run.blocked.mapped": {
		"waiting: %s still has mapped public addresses (the NAT gateway or an Elastic IP is still going away)",
		"기다리는 중: %s에 아직 연결된 퍼블릭 주소가 있습니다(NAT 게이트웨이나 탄력적 IP가 아직 없어지는 중)",
	},
	"msg.run.blocked.inuse": {
		"waiting: %s is still in use by a server's network interface (the servers are still shutting down)",
		"기다리는 중: %s{을/를} 서버의 네트워크 인터페이스가 아직 쓰고 있습니다(서버가 아직 종료되는 중)",
	},
	"msg.run.blocked.interfaces": {
		"waiting: %s still holds network interfaces (a server or the NAT gateway is still going away)",
		"기다리는 중: %s에 아직 네트워크 인터페이스가 있습니다(서버나 NAT 게이트웨이가 아직 없어지는 중)",
	},
	"msg.run.blocked.vpc":        {"waiting: %s still holds resources that are going away", "기다리는 중: %s에 아직 없어지는 중인 리소스가 있습니다"},
	"msg.run.blocked.attached":   {"waiting: %s is still attached or associated", "기다리는 중: %s{이/가} 아직 연결되어 있습니다"},
	"msg.run.blocked.nataddress": {"waiting: %s is still tied to the NAT gateway being deleted", "기다리는 중: %s{이/가} 아직 삭제되는 NAT 게이트웨이에 묶여 있습니다"},
	"msg.destroy.waits.failed":   {"left: it needs %s gone first, which failed", "남겨 둠: 먼저 %s{이/가} 없어져야 하는데 실패했습니다"},
	// Args: the resource left, and the message above.
	"msg.destroy.waits.failed.named": {"%s %s", "%s: %s"},
	"msg.destroy.left":               {"still there after %d rounds: %s", "%d번 시도한 뒤에도 남아 있습니다: %s"},
	"msg.state.other": {
		"the progress file %s belongs to stack %s in %s, not %s in %s; use the file of this stack (leave --state out) or start a new stack",
		"진행 파일 %[1]s{은/는} %[5]s 리전의 %[4]s 스택이 아니라 %[3]s 리전의 %[2]s 스택의 것입니다. 이 스택의 파일을 쓰거나(--state 생략) 새 스택을 시작하세요",
	},
	"msg.reach.novpc": {
		"stack %s has no VPC in %s, so there is no network to check yet (run the vpc step first)",
		"%[2]s의 %[1]s 스택에는 VPC가 없어 아직 점검할 네트워크가 없습니다(먼저 VPC 단계를 실행하세요)",
	},
	"msg.keyfile.read":     {"read %s: %v", "%s{을/를} 읽을 수 없습니다: %v"},
	"msg.keyfile.mkdir":    {"create %s: %v", "%s{을/를} 만들 수 없습니다: %v"},
	"msg.keyfile.generate": {"generate key: %v", "키를 생성할 수 없습니다: %v"},
	"msg.keyfile.encode":   {"encode key: %v", "키를 인코딩할 수 없습니다: %v"},
	"msg.keyfile.write":    {"write %s: %v", "%s에 쓸 수 없습니다: %v"},
	"msg.keyfile.notkey": {
		"%s exists but is not a private key infrawiz can read (%v); move it aside or pass --public-key",
		"%s{이/가} 있지만 infrawiz가 읽을 수 있는 프라이빗 키가 아닙니다(%v). 다른 곳으로 옮기거나 --public-key를 쓰세요",
	},
	"msg.keyfile.perm": {
		"%s is readable by others (mode %04o); ssh refuses such keys: chmod 400 %s",
		"%s{을/를} 다른 사용자도 읽을 수 있습니다(모드 %04o). ssh는 이런 키를 거부합니다: chmod 400 %s",
	},

	// AWS's own words (%[2]s) stay as AWS wrote them; what infrawiz was
	// doing (%[1]s) is English from package aws, so Korean leaves it out.
	"aws.error": {"%[1]s: %[2]s", "AWS 응답: %[2]s"},
	// The same with what infrawiz was doing said in each language
	// (an aws.* message of its own, below).
	"aws.error.op": {"%[1]s: %[2]s", "%[1]s: AWS 응답: %[2]s"},
	// What infrawiz says itself inside an AWS failure.
	"aws.error.nat.gone": {"the NAT gateway is %s (deleted by someone else?)", "NAT 게이트웨이가 %s 상태입니다(누가 지웠나요?)"},
	"aws.error.instance.state": {
		"the instance is %s",
		"인스턴스가 %s 상태입니다",
	},
	"aws.error.notdone": {"not done after %s", "%s 뒤에도 끝나지 않았습니다"},
	"aws.error.notdone.still": {
		"not done after %s (still %s)",
		"%s 뒤에도 끝나지 않았습니다(아직 %s)",
	},
	"aws.error.foreign": {
		"it is tagged for stack %s of %s, not this stack; left alone",
		"%[2]s의 스택 %[1]s 태그가 붙어 있어 이 스택의 것이 아닙니다. 건드리지 않았습니다",
	},
	"aws.error.noubuntu": {
		"no Canonical Ubuntu 22.04 image in %s; pass --ami",
		"%s에 Canonical Ubuntu 22.04 이미지가 없습니다. --ami로 지정하세요",
	},
	"aws.error.noimage": {"no available image with that id in %s", "%s에 그 ID로 사용할 수 있는 이미지가 없습니다"},
	"aws.error.unknownid": {
		"%s (AWS still did not know %s after %s)",
		"%[1]s(AWS가 %[3]s 뒤에도 %[2]s{을/를} 몰랐습니다)",
	},
	"aws.error.it":      {"it", "그 리소스"},
	"aws.error.console": {"console output is not base64: %s", "콘솔 출력이 base64가 아닙니다: %s"},

	"run.nosession":     {"Not connected to AWS yet: connecting now.", "아직 AWS에 연결되지 않았습니다. 지금 연결합니다."},
	"run.ami":           {"AMI %s (%s)", "AMI %s(%s)"},
	"ami.source.flag":   {"from --ami", "--ami로 지정"},
	"ami.source.given":  {"--ami", "--ami로 지정"},
	"ami.source.ssm":    {"SSM %s", "SSM 파라미터 %s"},
	"ami.source.newest": {"newest Canonical jammy image", "가장 최신 Canonical Ubuntu 22.04 이미지"},
	"run.more":          {"+%d more: each failure is on its resource's line below.", "실패 %d건 더: 각 리소스 줄에 있습니다."},
	"run.checking":      {"Checking before creating anything: credentials, quotas, the AMI…", "만들기 전에 점검하는 중: 자격 증명, 할당량, AMI…"},
})

// The plan's details of each resource: the English is the plan's Detail
// (and a security group's description in AWS), the Korean what the wizard
// and the command line show in Korean.
var _ = add(map[string]Entry{
	"detail.key.import":     {"imports %s", "%s{을/를} 가져옵니다"},
	"detail.key.new":        {"ed25519, private key in %s (0400)", "ed25519, 프라이빗 키는 %s(0400)"},
	"detail.vpc":            {"DNS hostnames on", "DNS 호스트 이름 사용"},
	"detail.subnet":         {"%d usable hosts", "사용 가능한 호스트 %d개"},
	"detail.igw":            {"attached to %s", "%s에 연결"},
	"detail.eip.nat":        {"for the NAT gateway", "NAT 게이트웨이용"},
	"detail.eip.server":     {"public IP of %s", "%s의 퍼블릭 IP"},
	"detail.nat":            {"in %s", "%s에 배치"},
	"detail.rt":             {"serves %s", "%s에 연결"},
	"detail.route":          {"%s -> %s", "%s -> %s"},
	"detail.sg-public":      {"web servers: 8080 from anywhere, SSH and ping from the bastion", "웹 서버: 어디서나 8080, 배스천에서 SSH와 ping"},
	"detail.sg-internal":    {"database: 3306 from the web servers, SSH and ping from the bastion", "데이터베이스: 웹 서버에서 3306, 배스천에서 SSH와 ping"},
	"detail.sg-bastion":     {"bastion: SSH from your own IP only", "배스천: 내 IP에서만 SSH"},
	"detail.rule":           {"%s from %s", "%[2]s에서 %[1]s"},
	"detail.rules":          {"%s", "%s"},
	"detail.rule.port":      {"%s %d", "%s %d"},
	"detail.rule.myip":      {"(your IP, detected at apply)", "내 IP(실행할 때 확인)"},
	"detail.server":         {"%s, %s, %d GB gp3 encrypted, IMDSv2, in %s", "%s, %s, %dGB gp3 암호화, IMDSv2, %s에 배치"},
	"detail.server.web":     {"web", "웹"},
	"detail.server.db":      {"db", "DB"},
	"detail.server.bastion": {"bastion", "배스천"},
})
