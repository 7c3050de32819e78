package catalog

// The connectivity check screen. Problem texts are keyed by the check's
// problem kinds; the English detail the check gives (addresses, rules) is
// shown under them as it is.
var _ = add(map[string]Entry{
	"screen.check":  {"Connectivity check", "연결 점검"},
	"sidebar.check": {"Check", "연결 점검"},
	"check.intro": {
		"Proves the network works: SSH to the bastion (%s) with %s, then through it to web and DB by their private IPs (no key is copied to the bastion), ping, ports 8080 and 3306, and the bastion's TMOUT and audit log.",
		"네트워크가 제대로 동작하는지 확인합니다: %[2]s 키로 베스천(%[1]s)에 SSH 접속하고, 그 연결을 거쳐 웹과 DB 에 사설 IP 로 접속합니다 (키는 베스천에 복사하지 않습니다). ping, 8080·3306 포트, 베스천의 TMOUT 과 감사 로그도 확인합니다.",
	},
	"check.needservers": {
		"The check needs the servers: finish the servers step first.",
		"점검하려면 서버가 있어야 합니다: 먼저 서버 단계를 마치세요.",
	},
	"check.enter":        {"Press Enter to run the check.", "Enter 를 누르면 점검을 시작합니다."},
	"check.running":      {"Checking… %s", "점검 중… %s"},
	"check.host.bastion": {"the bastion", "배스천"},
	"check.host.web":     {"web", "웹 서버"},
	"check.host.db":      {"DB", "DB 서버"},
	"check.console.wait": {
		"Waiting %[2]s for %[1]s's console to print its host keys (cloud-init prints them late in the first boot).",
		"%[1]s 콘솔에 호스트 키가 나오기를 %[2]s째 기다리는 중입니다(cloud-init은 첫 부팅 끝 무렵에 출력합니다).",
	},
	"check.paths": {"Rules and routes: %d of %d paths as the mission wants", "규칙과 경로: %d/%d 개 경로가 미션대로입니다"},
	"check.ssh":   {"SSH through the bastion:", "베스천을 거친 SSH:"},
	"check.ok":    {"Everything works as the mission wants. Enter: the summary.", "모두 미션대로 동작합니다. Enter: 요약"},
	"check.ok.static": {
		"The rules and routes are as the mission wants; on AWS the check also logs in over SSH. Enter: the summary.",
		"규칙과 경로가 미션대로입니다. AWS 에서는 SSH 접속까지 점검합니다. Enter: 요약",
	},
	"check.path.open":      {"open, as needed", "열림 (필요)"},
	"check.path.closed":    {"closed, as it must be", "닫힘 (맞음)"},
	"check.path.mustopen":  {"closed, but needed", "닫힘 (열려야 함)"},
	"check.path.mustclose": {"open, but must be closed", "열림 (닫혀야 함)"},
	"check.failed":         {"%d problems. r: check again · Enter: the summary", "문제 %d 개. r: 다시 점검 · Enter: 요약"},
	"check.failed.one": {
		"1 problem. r: check again · Enter: the summary",
		"문제 1 개. r: 다시 점검 · Enter: 요약",
	},
	"check.fixkey":   {"f: chmod 400 the key file and check again", "f: 키 파일을 chmod 400 으로 고치고 다시 점검"},
	"check.nossh":    {"SSH not run: %s", "SSH 는 하지 않았습니다: %s"},
	"check.sandbox":  {"practice mode: the servers are emulated; only the rules and routes were checked", "연습 모드: 서버가 에뮬레이션이라 규칙과 경로만 점검했습니다"},
	"check.more":     {"+%d more; this shows them all:", "그 밖에 %d 개. 모두 보려면:"},
	"check.path.bad": {"%s: %s", "%s: %s"},
	"check.ip.moved": {
		"Your public IP is %s now: press u on the credentials screen, or run this, to move the bastion's rule:",
		"지금 공인 IP 는 %s 입니다: 자격 증명 화면에서 u 를 누르거나 다음을 실행해 베스천 규칙을 옮기세요:",
	},
	"key.check.rerun": {"check again", "다시 점검"},
	"key.check.fix":   {"fix key mode", "키 권한 고치기"},

	"check.probe.key":      {"key", "키"},
	"check.probe.state":    {"state", "상태"},
	"check.probe.tcp":      {"tcp", "tcp"},
	"check.probe.ssh":      {"ssh", "ssh"},
	"check.probe.ping":     {"ping", "ping"},
	"check.probe.port-web": {"8080", "8080"},
	"check.probe.port-db":  {"3306", "3306"},
	"check.probe.tmout":    {"TMOUT", "TMOUT"},
	"check.probe.audit":    {"audit log", "감사 로그"},

	"check.problem.key-permissions": {
		"The key file can be read by others, so ssh ignores it (\"UNPROTECTED PRIVATE KEY FILE\"). It must be 400.",
		"다른 사용자도 키 파일을 읽을 수 있어 ssh 가 키를 무시합니다 (\"UNPROTECTED PRIVATE KEY FILE\"). 권한은 400 이어야 합니다.",
	},
	"check.problem.key-file": {
		"The key file is missing or is not a private key.",
		"키 파일이 없거나 개인 키가 아닙니다.",
	},
	"check.problem.instance-not-running": {
		"The instance is not running: start it in the console (or aws ec2 start-instances), then check again.",
		"인스턴스가 실행 중이 아닙니다: 콘솔(또는 aws ec2 start-instances)에서 시작한 뒤 다시 점검하세요.",
	},
	"check.problem.no-address": {
		"The server has no address to try: its step has not finished.",
		"서버에 접속할 주소가 없습니다: 해당 단계가 끝나지 않았습니다.",
	},
	"check.problem.private-vs-public-ip": {
		"Private vs public IP: from the bastion use the private IP; from here only a public IP answers.",
		"사설 IP 와 공인 IP: 베스천에서는 사설 IP 로, 여기서는 공인 IP 로만 접속됩니다.",
	},
	"check.problem.missing-sg-rule": {
		"No answer: a security group rule (or a route) drops it.",
		"응답이 없습니다: 보안 그룹 규칙(또는 경로)이 막고 있습니다.",
	},
	"check.problem.tcp-refused": {
		"The path is open but nothing listens on that port.",
		"경로는 열려 있지만 그 포트에서 듣는 프로그램이 없습니다.",
	},
	"check.problem.tcp-timeout": {
		"No answer within the time limit.",
		"제한 시간 안에 응답이 없습니다.",
	},
	"check.problem.no-route": {
		"No route to the address.",
		"그 주소로 가는 경로가 없습니다.",
	},
	"check.problem.host-key-changed": {
		"Refused: the server's host key is not the one recorded or printed on its console. Never log in to it until you know why.",
		"거부했습니다: 서버의 호스트 키가 기록된 키(또는 콘솔에 찍힌 키)와 다릅니다. 이유를 알기 전에는 접속하지 마세요.",
	},
	"check.problem.auth-refused": {
		"The server refused the key: is this the key pair the instance was launched with?",
		"서버가 키를 거부했습니다: 인스턴스를 만들 때 쓴 키 페어가 맞나요?",
	},
	"check.problem.bastion-hardening": {
		"The bastion's hardening is not as the mission wants (TMOUT=600 readonly, every command in /var/log/command.log).",
		"베스천 보안 설정이 미션과 다릅니다 (TMOUT=600 readonly, 모든 명령이 /var/log/command.log 에 기록).",
	},
	"check.problem.unexpected": {"Something unexpected failed.", "예상하지 못한 오류가 났습니다."},

	// What the check before the first create finds (aws.Problem keys).
	"preflight.title": {"check before creating anything:", "만들기 전 점검:"},
	"preflight.permission": {
		"your credentials may not call %s; ask for EC2 permissions (for example the AmazonEC2FullAccess policy)",
		"지금 자격 증명으로는 %s 를 호출할 수 없습니다. EC2 권한을 요청하세요 (예: AmazonEC2FullAccess 정책)",
	},
	"preflight.warning":  {"warning: %s", "주의: %s"},
	"preflight.practice": {"practice mode (the emulator enforces no quota), on AWS: %s", "연습 모드(에뮬레이터는 할당량을 따지지 않음), AWS라면: %s"},
	"preflight.permission.unverified": {
		"could not verify that your credentials may call %s (AWS answered %s to the dry run)",
		"지금 자격 증명으로 %s를 호출할 수 있는지 확인하지 못했습니다(DryRun 응답: %s)",
	},
	// Args: used, where, limit, need, why the quota could not be read.
	"preflight.eips": {
		"Elastic IPs: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; release unused ones or ask AWS for a higher quota",
		"탄력적 IP: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 것을 해제하거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.eips.unverified": {
		"Elastic IPs: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it",
		"탄력적 IP: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다",
	},
	"preflight.vpcs": {
		"VPCs: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused VPC or ask AWS for a higher quota",
		"VPC: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 VPC를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.vpcs.unverified": {
		"VPCs: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it",
		"VPC: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다",
	},
	"preflight.igws": {
		"Internet gateways: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused internet gateway or ask AWS for a higher quota",
		"인터넷 게이트웨이: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 인터넷 게이트웨이를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.igws.unverified": {
		"Internet gateways: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it",
		"인터넷 게이트웨이: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다",
	},
	"preflight.nats": {
		"NAT gateways: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused NAT gateway or ask AWS for a higher quota",
		"NAT 게이트웨이: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 NAT 게이트웨이를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.nats.unverified": {
		"NAT gateways: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it",
		"NAT 게이트웨이: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다",
	},
	"preflight.offering": {
		"instance type %s is not offered in %s; choose another --instance-type",
		"인스턴스 유형 %s 는 %s 에서 제공되지 않습니다. 다른 인스턴스 유형을 고르세요",
	},
})
