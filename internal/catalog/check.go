package catalog

// The connectivity check screen. Problem texts are keyed by the check's
// problem kinds ("check.problem.<kind>": what the kind means); what the
// check found in particular is its own message ("check.why.…"), said
// under it.
var _ = add(map[string]Entry{
	"screen.check":  {"Connectivity check", "연결 점검"},
	"sidebar.check": {"Check", "연결 점검"},
	"check.intro": {
		"Proves the network works: SSH to the bastion (%s) with %s, then through it to web and DB by their private IPs (no key is copied to the bastion), ping, ports 8080 and 3306, and the bastion's TMOUT and audit log.",
		"네트워크가 제대로 동작하는지 확인합니다. %[2]s 키로 배스천(%[1]s)에 SSH로 접속하고, 그 연결을 거쳐 웹과 DB 서버에 프라이빗 IP로 접속합니다(키는 배스천에 복사하지 않습니다). ping, 8080·3306 포트, 배스천의 TMOUT과 감사 로그도 확인합니다.",
	},
	"check.needservers": {
		"The check needs the servers: finish the servers step first.",
		"점검하려면 서버가 있어야 합니다. 먼저 서버 단계를 마치세요.",
	},
	"check.enter":        {"Press Enter to run the check.", "Enter를 누르면 점검을 시작합니다."},
	"check.running":      {"Checking… %s", "점검 중… %s"},
	"check.host.bastion": {"the bastion", "배스천"},
	"check.host.web":     {"web", "웹 서버"},
	"check.host.db":      {"DB", "DB 서버"},
	"check.console.wait": {
		"Waiting %[2]s for %[1]s's console to print its host keys (cloud-init prints them late in the first boot).",
		"%[1]s 콘솔에 호스트 키가 나오기를 %[2]s째 기다리는 중입니다(cloud-init은 첫 부팅 끝 무렵에 출력합니다).",
	},
	"check.paths": {"Rules and routes: %d of %d paths as the mission wants", "규칙과 경로: %d/%d개 경로가 미션대로입니다"},
	"check.ssh":   {"SSH through the bastion:", "배스천을 거친 SSH:"},
	"check.ok":    {"Everything works as the mission wants. Enter: the summary.", "모두 미션대로 동작합니다. Enter: 요약"},
	"check.ok.static": {
		"The rules and routes are as the mission wants; on AWS the check also logs in over SSH. Enter: the summary.",
		"규칙과 경로가 미션대로입니다. AWS에서는 SSH 접속까지 점검합니다. Enter: 요약",
	},
	"check.path.open":      {"open, as needed", "열림(필요)"},
	"check.path.closed":    {"closed, as it must be", "닫힘(맞음)"},
	"check.path.mustopen":  {"closed, but needed", "닫힘(열려야 함)"},
	"check.path.mustclose": {"open, but must be closed", "열림(닫혀야 함)"},
	"check.failed":         {"%d problems. r: check again · Enter: the summary", "문제 %d개. r: 다시 점검 · Enter: 요약"},
	"check.failed.one": {
		"1 problem. r: check again · Enter: the summary",
		"문제 1개. r: 다시 점검 · Enter: 요약",
	},
	"check.fixkey":   {"f: chmod 400 the key file and check again", "f: 키 파일을 chmod 400으로 고치고 다시 점검"},
	"check.nossh":    {"SSH not run: %s", "SSH는 하지 않았습니다: %s"},
	"check.sandbox":  {"practice mode: the servers are emulated; only the rules and routes were checked", "연습 모드: 서버가 에뮬레이션이라 규칙과 경로만 점검했습니다"},
	"check.more":     {"+%d more; this shows them all:", "그 밖에 %d개. 모두 보려면:"},
	"check.path.bad": {"%s: %s", "%s: %s"},
	"check.ip.moved": {
		"Your public IP is %s now: press u on the credentials screen, or run this, to move the bastion's rule:",
		"지금 퍼블릭 IP는 %s입니다. 자격 증명 화면에서 u를 누르거나 다음을 실행해 배스천 규칙을 옮기세요:",
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
	"check.probe.console":  {"console", "콘솔"},

	"check.problem.key-permissions": {
		"The key file can be read by others, so ssh ignores it (\"UNPROTECTED PRIVATE KEY FILE\"). It must be 400.",
		"다른 사용자도 키 파일을 읽을 수 있어 ssh가 키를 무시합니다(\"UNPROTECTED PRIVATE KEY FILE\"). 권한은 400이어야 합니다.",
	},
	"check.problem.key-file": {
		"The key file is missing or is not a private key.",
		"키 파일이 없거나 프라이빗 키가 아닙니다.",
	},
	"check.problem.instance-not-running": {
		"The instance is not running: start it in the console (or aws ec2 start-instances), then check again.",
		"인스턴스가 실행 중이 아닙니다. 콘솔(또는 aws ec2 start-instances)에서 시작한 뒤 다시 점검하세요.",
	},
	"check.problem.no-address": {
		"The server has no address to try: its step has not finished.",
		"서버에 접속할 주소가 없습니다. 해당 단계가 끝나지 않았습니다.",
	},
	"check.problem.private-vs-public-ip": {
		"Private vs public IP: from the bastion use the private IP; from here only a public IP answers.",
		"프라이빗 IP와 퍼블릭 IP: 배스천에서는 프라이빗 IP로, 여기서는 퍼블릭 IP로만 접속됩니다.",
	},
	"check.problem.missing-sg-rule": {
		"No answer: a security group rule (or a route) drops it.",
		"응답이 없습니다. 보안 그룹 규칙(또는 라우팅)이 막고 있습니다.",
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
		"거부했습니다. 서버의 호스트 키가 기록된 키(또는 콘솔에 찍힌 키)와 다릅니다. 이유를 알기 전에는 접속하지 마세요.",
	},
	"check.problem.auth-refused": {
		"The server refused the key: is this the key pair the instance was launched with?",
		"서버가 키를 거부했습니다. 인스턴스를 만들 때 쓴 키 페어가 맞나요?",
	},
	"check.problem.bastion-hardening": {
		"The bastion's hardening is not as the mission wants (TMOUT=600 readonly, every command in /var/log/command.log).",
		"배스천 보안 설정이 미션과 다릅니다(TMOUT=600 readonly, 모든 명령이 /var/log/command.log에 기록).",
	},
	"check.problem.unexpected": {"Something unexpected failed.", "예상하지 못한 오류가 났습니다."},

	// What the check before the first create finds (aws.Problem keys):
	// "preflight.<key>".
	"preflight.title": {"check before creating anything:", "만들기 전 점검:"},
	"preflight.permission": {
		"your credentials may not call %s; ask for EC2 permissions (for example the AmazonEC2FullAccess policy)",
		"지금 자격 증명으로는 %s{을/를} 호출할 수 없습니다. EC2 권한을 요청하세요(예: AmazonEC2FullAccess 정책)",
	},
	"preflight.warning":  {"warning: %s", "주의: %s"},
	"preflight.practice": {"practice mode (the emulator enforces no quota), on AWS: %s", "연습 모드(에뮬레이터는 할당량을 따지지 않음). AWS라면: %s"},
	"preflight.permission.unverified": {
		"could not verify that your credentials may call %s (AWS answered %s to the dry run)",
		"지금 자격 증명으로 %s{을/를} 호출할 수 있는지 확인하지 못했습니다(DryRun 응답: %s)",
	},
	// Args: used, where, limit, need, why the quota could not be read.
	"preflight.eips": {
		"Elastic IPs: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; release unused ones or ask AWS for a higher quota",
		"탄력적 IP: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 것을 해제하거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.eips.unverified": {
		"Elastic IPs: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it; if it refuses, release unused ones or ask for a higher quota",
		"탄력적 IP: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다. 거부하면 안 쓰는 것을 해제하거나 할당량 증가를 요청하세요",
	},
	"preflight.vpcs": {
		"VPCs: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused VPC or ask AWS for a higher quota",
		"VPC: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 VPC를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.vpcs.unverified": {
		"VPCs: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it; if it refuses, delete an unused VPC or ask for a higher quota",
		"VPC: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다. 거부하면 안 쓰는 VPC를 지우거나 할당량 증가를 요청하세요",
	},
	"preflight.igws": {
		"Internet gateways: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused internet gateway or ask AWS for a higher quota",
		"인터넷 게이트웨이: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 인터넷 게이트웨이를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.igws.unverified": {
		"Internet gateways: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it; if it refuses, delete an unused internet gateway or ask for a higher quota",
		"인터넷 게이트웨이: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다. 거부하면 안 쓰는 인터넷 게이트웨이를 지우거나 할당량 증가를 요청하세요",
	},
	"preflight.nats": {
		"NAT gateways: %[1]d in use in %[2]s of %[3]d allowed, and the mission needs %[4]d more; delete an unused NAT gateway or ask AWS for a higher quota",
		"NAT 게이트웨이: %[2]s에서 허용된 %[3]d개 중 %[1]d개를 쓰고 있는데 미션에 %[4]d개가 더 필요합니다. 안 쓰는 NAT 게이트웨이를 지우거나 AWS에 할당량 증가를 요청하세요",
	},
	"preflight.nats.unverified": {
		"NAT gateways: %[1]d in use in %[2]s, and the mission needs %[4]d more, above AWS's default quota of %[3]d; infrawiz could not read your account's own quota (%[5]s), so AWS may still allow it; if it refuses, delete an unused NAT gateway or ask for a higher quota",
		"NAT 게이트웨이: %[2]s에서 %[1]d개를 쓰고 있어 미션에 필요한 %[4]d개를 더하면 AWS 기본 할당량 %[3]d개를 넘습니다. 계정의 실제 할당량을 읽지 못해서(%[5]s) AWS가 허용할 수도 있습니다. 거부하면 안 쓰는 NAT 게이트웨이를 지우거나 할당량 증가를 요청하세요",
	},
	"preflight.offering": {
		"instance type %s is not offered in %s; choose another --instance-type",
		"인스턴스 유형 %s{은/는} %s에서 제공되지 않습니다. 다른 --instance-type을 고르세요",
	},
	// Why a quota could not be read (the last argument above).
	"preflight.why.call":     {"servicequotas:GetServiceQuota", "servicequotas:GetServiceQuota"},
	"preflight.why.answered": {"servicequotas:GetServiceQuota answered %s", "servicequotas:GetServiceQuota 응답: %s"},
	"preflight.why.noclient": {"no Service Quotas client", "Service Quotas 클라이언트 없음"},
})

// What the check found, in particular: the explanation under a problem's
// kind, the detail of a result, why a probe was skipped.
var _ = add(map[string]Entry{
	// What a probe tried, as an explanation names it.
	"check.what.webport":   {"port %d on web", "웹 서버의 %d번 포트"},
	"check.what.sshbast":   {"SSH on the bastion", "배스천의 SSH"},
	"check.what.sshhop":    {"SSH on %s from the bastion", "배스천에서 %s의 SSH"},
	"check.what.ping":      {"ping to %s from the bastion", "배스천에서 %s{으로/로} 보낸 ping"},
	"check.what.dbport":    {"port %d on %s from web", "웹 서버에서 %[2]s의 %[1]d번 포트"},
	"check.what.cmdoutput": {"%v: %s", "%v: %s"},

	"check.why.refused": {
		"%s (%s) refused the connection: the network path and the security group let it through, but nothing listens on that port (the service is not running or listens elsewhere)",
		"%s(%s){이/가} 연결을 거부했습니다. 네트워크 경로와 보안 그룹은 통과했지만 그 포트에서 듣는 프로그램이 없습니다(서비스가 실행되지 않았거나 다른 포트에서 듣고 있습니다)",
	},
	"check.why.noroute": {
		"no route to %s (%s): check the subnet's route table (%v)",
		"%s(%s){으로/로} 가는 경로가 없습니다. 서브넷의 라우팅 테이블을 확인하세요(%v)",
	},
	"check.why.filtered": {
		"no answer from %s (%s) within %s: the packets are dropped, which is what a missing security group rule does",
		"%[3]s 안에 %[1]s(%[2]s)에서 응답이 없습니다. 패킷이 버려지고 있으며, 보안 그룹 규칙이 빠졌을 때 이렇게 됩니다",
	},
	"check.why.filtered.rules": {"; the rules say: %s", ". 규칙 분석: %s"},
	"check.why.filtered.allowed": {
		"; yet the rules allow it (%s), so look at a network ACL, the instance's own firewall, or whether it is still booting",
		". 그런데 규칙은 허용합니다(%s). 네트워크 ACL, 인스턴스 자체의 방화벽, 아직 부팅 중인지를 살펴보세요",
	},
	"check.why.filtered.hint": {": %s", ". %s"},
	"check.why.connect":       {"connecting to %s (%s): %v", "%s(%s)에 연결하지 못했습니다: %v"},
	"check.why.auth": {
		"%s refused the key %s for user %q (Permission denied (publickey)): the instance was launched with another key pair, the .pem is not this stack's key, or the user is not %q (Ubuntu images use \"ubuntu\")",
		"%[1]s{이/가} 사용자 %[3]q의 키 %[2]s{을/를} 거부했습니다(Permission denied (publickey)). 인스턴스가 다른 키 페어로 만들어졌거나, .pem이 이 스택의 키가 아니거나, 사용자가 %[4]q가 아닙니다(Ubuntu 이미지는 \"ubuntu\")",
	},
	"check.why.hostkey.algos": {
		"%s offers none of the host key types recorded or printed on its console for it; it is not the server the stack knows (%v)",
		"%s{은/는} 기록되었거나 콘솔에 찍힌 호스트 키 유형을 하나도 내놓지 않습니다. 스택이 아는 서버가 아닙니다(%v)",
	},
	"check.why.handshake": {
		"%s accepted the TCP connection but the SSH handshake got no answer: sshd may be overloaded or still starting (%v)",
		"%s{이/가} TCP 연결은 받았지만 SSH 핸드셰이크에 응답이 없습니다. sshd가 과부하이거나 아직 시작 중일 수 있습니다(%v)",
	},
	"check.why.ssh":   {"SSH to %s: %v", "%s에 SSH 접속 실패: %v"},
	"check.why.plain": {"%s", "%s"},
	"check.why.notrunning": {
		"%s (%s) is %s, not running: start it (aws ec2 start-instances --instance-ids %s) and run the check again; a stopped instance keeps its Elastic IP but not an auto-assigned public IP",
		"%[1]s(%[2]s){은/는} 실행 중이 아니라 %[3]s 상태입니다. 시작한 뒤(aws ec2 start-instances --instance-ids %[4]s) 다시 점검하세요. 중지된 인스턴스는 탄력적 IP는 유지하지만 자동 할당된 퍼블릭 IP는 잃습니다",
	},
	"check.why.web.nopublic": {
		"web has no public IP, so port %d cannot be reached from the internet: associate its Elastic IP",
		"웹 서버에 퍼블릭 IP가 없어 인터넷에서 %d번 포트로 접속할 수 없습니다. 탄력적 IP를 연결하세요",
	},
	"check.why.bastion.nopublic": {
		"the bastion has no public IP: associate its Elastic IP; its private IP %s cannot be reached from outside the VPC",
		"배스천에 퍼블릭 IP가 없습니다. 탄력적 IP를 연결하세요. 프라이빗 IP %s{은/는} VPC 밖에서 접속할 수 없습니다",
	},
	"check.why.bastion.private": {
		"%s is a private address: from your machine the bastion is reached by its public (Elastic) IP; private IPs are for hops inside the VPC (%s)",
		"%s{은/는} 프라이빗 주소입니다. 내 컴퓨터에서는 배스천의 퍼블릭(탄력적) IP로 접속합니다. 프라이빗 IP는 VPC 안에서 거쳐 갈 때 씁니다(%s)",
	},
	"check.why.hop.publiconly": {
		"%s is known only by its public IP %s: from the bastion, connect by its private IP; rules that allow sg-bastion match the bastion's private address, so a hop to the public IP is dropped",
		"%s{은/는} 퍼블릭 IP %s만 알려져 있습니다. 배스천에서는 프라이빗 IP로 접속하세요. sg-bastion을 허용하는 규칙은 배스천의 프라이빗 주소에만 맞으므로 퍼블릭 IP로 거쳐 가면 버려집니다",
	},
	"check.why.hop.noprivate": {"%s has no private IP: is the instance created?", "%s에 프라이빗 IP가 없습니다. 인스턴스가 만들어졌나요?"},
	"check.why.hop.public": {
		"%s is a public address: from the bastion, connect to %s by its private IP (inside the VPC); rules that allow sg-bastion match the bastion's private address, so a hop to a public IP is dropped",
		"%[1]s{은/는} 퍼블릭 주소입니다. 배스천에서는 %[2]s에 프라이빗 IP로(VPC 안에서) 접속하세요. sg-bastion을 허용하는 규칙은 배스천의 프라이빗 주소에만 맞으므로 퍼블릭 IP로 거쳐 가면 버려집니다",
	},
	"check.why.ping.notrun": {"ping from the bastion did not run: %v: %s", "배스천에서 ping을 실행하지 못했습니다: %v: %s"},
	"check.why.tmout.unset": {
		"TMOUT is not set in a login shell on the bastion (%v: %s): the hardening file in /etc/profile.d is missing",
		"배스천의 로그인 셸에 TMOUT이 설정되지 않았습니다(%v: %s). /etc/profile.d의 보안 설정 파일이 없습니다",
	},
	"check.why.tmout.value": {
		"TMOUT is %q in a bastion login shell, the mission wants 600 (seconds): idle sessions must close",
		"배스천 로그인 셸의 TMOUT이 %q입니다. 미션은 600(초)을 요구합니다. 유휴 세션은 닫혀야 합니다",
	},
	"check.why.tmout.readonly": {
		"TMOUT is 600 but not readonly on the bastion: a user can turn the idle timeout off",
		"배스천의 TMOUT이 600이지만 readonly가 아닙니다. 사용자가 유휴 시간 제한을 끌 수 있습니다",
	},
	"check.why.tmout.export": {
		"TMOUT is 600 and readonly but not exported on the bastion",
		"배스천의 TMOUT이 600이고 readonly이지만 export되지 않았습니다",
	},
	"check.why.audit.shell": {"could not open an interactive shell on the bastion: %v", "배스천에서 대화형 셸을 열지 못했습니다: %v"},
	"check.why.audit.nofile": {
		"/var/log/command.log does not exist on the bastion: the rsyslog drop-in routing local0 to it is missing, or rsyslog is not running",
		"배스천에 /var/log/command.log가 없습니다. local0을 이 파일로 보내는 rsyslog 설정이 없거나 rsyslog가 실행 중이 아닙니다",
	},
	"check.why.audit.sudo": {
		"cannot read /var/log/command.log on the bastion as %s and sudo needs a password",
		"배스천에서 %s 사용자로 /var/log/command.log를 읽을 수 없고 sudo는 비밀번호를 요구합니다",
	},
	"check.why.audit.missing": {
		"the command %q typed in an interactive shell on the bastion is not in /var/log/command.log: the audit hook in /etc/profile.d or the rsyslog local0 route is missing (%v)",
		"배스천의 대화형 셸에서 입력한 명령 %q{이/가} /var/log/command.log에 없습니다. /etc/profile.d의 감사 훅이나 rsyslog local0 경로가 없습니다(%v)",
	},
	"check.why.key.mode": {
		"permissions %04o for %s are too open: a private key must not be accessible by others, so ssh ignores it (\"bad permissions\", then \"Permission denied (publickey)\"); fix: chmod 400 %s",
		"%[2]s의 권한 %04[1]o{은/는} 너무 열려 있습니다. 프라이빗 키는 다른 사용자가 접근할 수 없어야 하므로 ssh가 이 키를 무시합니다(\"bad permissions\", 이어서 \"Permission denied (publickey)\"). 고치려면: chmod 400 %[3]s",
	},
	"check.why.key.file":       {"key file: %v", "키 파일: %v"},
	"check.why.key.notregular": {"key file %s: not a regular file", "키 파일 %s{은/는} 일반 파일이 아닙니다"},
	"check.why.key.passphrase": {
		"key file %s is protected by a passphrase; the check needs the stack's unencrypted .pem",
		"키 파일 %s{은/는} 암호로 보호되어 있습니다. 점검에는 스택의 암호 없는 .pem이 필요합니다",
	},
	"check.why.key.notkey": {"key file %s is not a private key: %v", "키 파일 %s{은/는} 프라이빗 키가 아닙니다: %v"},
	"check.why.hostkey.console": {
		"host key of %s (%s) is %s, which is not one the instance printed on its console (%s): something other than the instance answered at this address; nothing was recorded and the connection was not used",
		"%s(%s)의 호스트 키 %s{은/는} 인스턴스가 콘솔에 출력한 키(%s)가 아닙니다. 이 주소에서 인스턴스가 아닌 다른 것이 응답했습니다. 아무것도 기록하지 않았고 연결도 쓰지 않았습니다",
	},
	"check.why.hostkey.changed": {
		"host key of %s (%s) changed: %s recorded in %s, %s offered. Someone may be intercepting the connection, or the server's keys were regenerated; the connection was not used. If the instance was replaced on purpose, clear the old entry with: ssh-keygen -R %s -f %s",
		"%[1]s(%[2]s)의 호스트 키가 바뀌었습니다. %[4]s에는 %[3]s{이/가} 기록되어 있는데 %[5]s{을/를} 내놓았습니다. 누군가 연결을 가로채고 있거나 서버의 키가 다시 만들어졌습니다. 연결은 쓰지 않았습니다. 인스턴스를 일부러 바꿨다면 이전 항목을 지우세요: ssh-keygen -R %[6]s -f %[7]s",
	},

	// The mission's rule for a path, said when a probe of it gets no
	// answer and no analysis names the actual rule.
	"check.hint.me-bastion-22": {
		"sg-bastion must allow tcp 22 from your own public IP (/32); if your IP changed since the stack was built, update that rule",
		"sg-bastion은 내 퍼블릭 IP(/32)에서 오는 tcp 22를 허용해야 합니다. 스택을 만든 뒤 IP가 바뀌었다면 그 규칙을 고치세요",
	},
	"check.hint.bastion-web-22":   {"sg-public must allow tcp 22 from sg-bastion", "sg-public은 sg-bastion에서 오는 tcp 22를 허용해야 합니다"},
	"check.hint.bastion-db-22":    {"sg-internal must allow tcp 22 from sg-bastion", "sg-internal은 sg-bastion에서 오는 tcp 22를 허용해야 합니다"},
	"check.hint.bastion-web-icmp": {"sg-public must allow ICMP from sg-bastion", "sg-public은 sg-bastion에서 오는 ICMP를 허용해야 합니다"},
	"check.hint.bastion-db-icmp":  {"sg-internal must allow ICMP from sg-bastion", "sg-internal은 sg-bastion에서 오는 ICMP를 허용해야 합니다"},
	"check.hint.web-db-3306":      {"sg-internal must allow tcp 3306 from sg-public", "sg-internal은 sg-public에서 오는 tcp 3306을 허용해야 합니다"},
	"check.hint.internet-web-8080": {
		"sg-public must allow tcp 8080 from 0.0.0.0/0, and web's subnet needs a route to the internet gateway",
		"sg-public은 0.0.0.0/0에서 오는 tcp 8080을 허용해야 하고, 웹 서버의 서브넷에는 인터넷 게이트웨이로 가는 경로가 있어야 합니다",
	},

	// A result's detail.
	"check.detail.open.here": {"open from this machine", "이 컴퓨터에서 열림"},
	"check.detail.open.web":  {"open from web", "웹 서버에서 열림"},
	"check.detail.service": {
		"reachable: the security group lets it through; nothing listens on %d yet (connection refused)",
		"접속 가능: 보안 그룹은 통과시킵니다. 아직 %d번 포트에서 듣는 프로그램이 없습니다(연결 거부)",
	},
	"check.detail.login":            {"logged in; host key %s %s %s", "로그인함. 호스트 키 %s %s: %s"},
	"check.detail.console":          {" (console output: %v)", "(콘솔 출력: %v)"},
	"check.detail.method.pinned":    {"pinned from the instance's console", "인스턴스 콘솔에서 고정함"},
	"check.detail.method.matched":   {"matched the fingerprint on the instance's console, now recorded", "인스턴스 콘솔의 지문과 일치해 기록함"},
	"check.detail.method.tofu":      {"trusted on first use (no console output to verify it against): compare the fingerprint with the EC2 console's system log", "처음 접속할 때 신뢰함(대조할 콘솔 출력이 없음). EC2 콘솔의 시스템 로그와 지문을 비교하세요"},
	"check.detail.method.known":     {"already known", "이미 알고 있음"},
	"check.detail.method.replaced":  {"%s; replaced the entry of the former instance %s", "%s. 이전 인스턴스 %s의 항목을 바꿈"},
	"check.skip.needkey":            {"needs the key file", "키 파일이 필요함"},
	"check.skip.is":                 {"%s is %s", "%s{은/는} %s 상태"},
	"check.skip.bastion.notrunning": {"the bastion is not running", "배스천이 실행 중이 아님"},
	"check.skip.noaddress":          {"no address", "주소 없음"},
	"check.skip.bastion.unreached":  {"the bastion cannot be reached", "배스천에 접속할 수 없음"},
	"check.skip.notcp":              {"no TCP connection", "TCP 연결 없음"},
	"check.skip.nologin":            {"no SSH login on the bastion", "배스천에 SSH 로그인하지 못함"},
	"check.skip.needweb":            {"needs an SSH login on web", "웹 서버에 SSH 로그인이 필요함"},
	"check.skip.notrunning":         {"%s is not running", "%s{이/가} 실행 중이 아님"},
	"check.skip.noprivate":          {"no private address", "프라이빗 주소 없음"},
	"check.skip.notcp.hop":          {"no TCP connection from the bastion", "배스천에서 TCP 연결 안 됨"},
	"check.wait.console": {
		"waiting for %s's console to print its host keys (cloud-init prints them late in the first boot)",
		"%s 콘솔에 호스트 키가 나오기를 기다리는 중(cloud-init은 첫 부팅 끝 무렵에 출력합니다)",
	},
	"check.nossh.sandbox": {
		"practice mode: the servers are emulated, so there is nothing to log in to; only the rules and routes were checked",
		"연습 모드: 서버가 에뮬레이션이라 로그인할 곳이 없어 규칙과 경로만 점검했습니다",
	},

	// What no probe of the check proves.
	"check.cannotsee.hops": {
		"the hops to web and DB are ProxyJump-style (a TCP channel through the bastion's sshd): they run no shell on the bastion, so the bastion's TMOUT and command audit log do not apply to them",
		"웹·DB 서버로 거쳐 가는 접속은 ProxyJump 방식(배스천 sshd를 지나는 TCP 채널)이라 배스천에서 셸을 실행하지 않습니다. 그래서 배스천의 TMOUT과 명령 감사 로그가 적용되지 않습니다",
	},
	"check.cannotsee.mysql": {
		"port 3306 is probed from web with a TCP connect only; the check does not log in to MySQL",
		"3306번 포트는 웹 서버에서 TCP 연결로만 확인합니다. MySQL에 로그인하지는 않습니다",
	},
	"check.cannotsee.web": {
		"port 8080 is probed from this machine only; that it is open to every other address is known only from the security group rules",
		"8080번 포트는 이 컴퓨터에서만 확인합니다. 다른 모든 주소에 열려 있다는 것은 보안 그룹 규칙으로만 압니다",
	},
	"check.cannotsee.closed": {
		"paths that must stay closed (internet→DB, internet→web:22, the bastion from other IPs) cannot be probed from here; the static analysis of the rules covers them",
		"닫혀 있어야 할 경로(인터넷→DB, 인터넷→웹:22, 다른 IP→배스천)는 여기서 확인할 수 없습니다. 규칙의 정적 분석이 다룹니다",
	},
})
