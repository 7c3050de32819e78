package catalog

// The editors of the routes, security groups and servers steps. Messages
// shown under a field stay short: they are cut to one line.
var _ = add(map[string]Entry{
	// Routes.
	"routes.table.title":  {"Route tables", "라우팅 테이블"},
	"routes.col.table":    {"Route table", "라우팅 테이블"},
	"routes.col.subnets":  {"Subnets it serves", "연결된 서브넷"},
	"routes.col.default":  {"Default route", "기본 경로"},
	"routes.default.none": {"none: only inside the VPC", "없음: VPC 안에서만 통신"},
	"routes.why.nat": {
		"The internal subnet (the database) goes out through the NAT gateway: it can fetch updates, but nothing on the internet can reach it.",
		"내부망(데이터베이스)은 NAT 게이트웨이를 거쳐서만 나갑니다. 업데이트는 받을 수 있지만 인터넷에서는 들어올 수 없습니다.",
	},
	"routes.why.nonat": {
		"Without a NAT gateway the internal subnet has no way out: it only talks inside the VPC.",
		"NAT 게이트웨이가 없으면 내부망은 밖으로 나갈 수 없고 VPC 안에서만 통신합니다.",
	},
	"routes.view.enter": {"Nothing to choose here: press Enter to create them.", "고를 것은 없습니다. Enter를 눌러 만드세요."},

	// Security groups. The why of each rule is also the rule's
	// description in AWS, in English.
	"sg.col.group":     {"Group", "그룹"},
	"sg.col.port":      {"Port", "포트"},
	"sg.col.source":    {"Source", "소스"},
	"sg.col.why":       {"Why", "이유"},
	"sg.source.myip":   {"(your IP)", "(내 IP)"},
	"sg.why.web":       {"web service", "웹 서비스"},
	"sg.why.sshbast":   {"SSH from the bastion", "배스천에서 SSH"},
	"sg.why.pingbast":  {"ping from the bastion", "배스천에서 ping"},
	"sg.why.mysql":     {"MySQL from the web servers", "웹 서버에서 MySQL"},
	"sg.why.sshmine":   {"SSH from your IP", "내 IP에서 SSH"},
	"sg.note.short":    {"A group as source = the private IPs of its servers.", "그룹을 소스로 지정 = 그 그룹 서버들의 프라이빗 IP"},
	"sg.note.long":     {"A group as source lets in the private IPs of its servers: add servers, keep the rules.", "그룹을 소스로 두면 그 그룹 서버들의 프라이빗 IP가 허용됩니다. 서버가 늘어도 규칙은 그대로입니다."},
	"sg.myip.title":    {"Your public IP", "내 퍼블릭 IP"},
	"sg.myip.help":     {"Only it may reach the bastion by SSH (kept as /32).", "배스천 SSH는 이 IP만 허용합니다(/32로 저장)."},
	"sg.myip.sandbox":  {"Only it may reach the bastion; may stay empty here.", "배스천은 이 IP만 허용합니다. 연습 모드라 비워도 됩니다."},
	"sg.myip.required": {"Required: the IP checkip.amazonaws.com shows", "필수: checkip.amazonaws.com이 보여 주는 IP"},
	"sg.myip.format":   {"Not an IPv4 address; e.g. 203.0.113.7", "IPv4 주소가 아닙니다. 예: 203.0.113.7"},
	"sg.myip.loopback": {"A loopback address is only for practice mode", "루프백 주소는 연습 모드에서만 쓸 수 있습니다"},
	"sg.myip.special":  {"Not the address of one single host", "호스트 한 대의 주소가 아닙니다"},
	"sg.myip.private":  {"A private address: enter your public one", "프라이빗 주소입니다. 퍼블릭 IP를 입력하세요"},
	"sg.myip.world":    {"%s refused: every address on the internet", "%s 거부: 인터넷의 모든 주소입니다"},
	"sg.myip.network":  {"%s refused: %d addresses, not only yours", "%s 거부: 내 주소 말고도 %d개입니다"},
	"sg.myip.wide":     {"%s refused: a network, not one address", "%s 거부: 주소 하나가 아닌 네트워크입니다"},
	"sg.ssh.warning":   {"SSH must never be open to the world.", "SSH는 절대 전 세계에 열어 두면 안 됩니다."},
	"sg.ssh.short":     {"Bots hammer port 22 everywhere; allow only your own IP.", "봇들이 22번 포트를 노립니다. 내 IP 하나만 허용하세요."},
	"sg.ssh.long": {
		"Bots try passwords and keys on port 22 of every public address, all day long. The bastion is the one door to your servers, so only your own address, as a /32, may knock.",
		"봇들이 모든 퍼블릭 주소의 22번 포트에 하루 종일 비밀번호와 키를 시도합니다. 배스천은 서버로 들어가는 단 하나의 문이므로 내 주소 하나(/32)만 두드릴 수 있어야 합니다.",
	},

	// Servers.
	"servers.ami.title":      {"AMI", "AMI"},
	"servers.ami.help":       {"Empty: Ubuntu 22.04, looked up for you", "비우면 Ubuntu 22.04를 자동으로 찾습니다"},
	"servers.ami.bad":        {"Not an AMI id; e.g. ami-0123456789abcdef0", "AMI ID가 아닙니다. 예: ami-0123456789abcdef0"},
	"servers.type.title":     {"Instance type", "인스턴스 유형"},
	"servers.type.help":      {"←/→ to choose; the course uses t3.medium", "←/→로 고르기. 과정은 t3.medium을 씁니다"},
	"servers.type.micro":     {"t3.micro · 1 GiB", "t3.micro · 1 GiB"},
	"servers.type.small":     {"t3.small · 2 GiB", "t3.small · 2 GiB"},
	"servers.type.medium":    {"t3.medium · 4 GiB · git and the app need it", "t3.medium · 4 GiB · git과 앱 실행에 필요"},
	"servers.type.large":     {"t3.large · 8 GiB", "t3.large · 8 GiB"},
	"servers.type.other":     {"another type…", "다른 유형 직접 입력…"},
	"servers.type.bad":       {"Not an instance type; e.g. t3.medium", "인스턴스 유형이 아닙니다. 예: t3.medium"},
	"servers.custom.title":   {"Other instance type", "다른 인스턴스 유형"},
	"servers.custom.help":    {"e.g. m5.large; it must exist in your zone", "예: m5.large. 사용하는 가용 영역에 있어야 합니다"},
	"servers.disk.title":     {"Disk (GB)", "디스크(GB)"},
	"servers.disk.help":      {"8 to 16384 per server; gp3 costs %s per GB-month", "서버당 8~16384. gp3는 GB·월당 %s"},
	"servers.disk.bad":       {"%s GB: the size must be from 8 to 16384", "%sGB: 8에서 16384 사이여야 합니다"},
	"servers.disk.nan":       {"A whole number of GB; e.g. 30", "GB 단위의 정수를 입력하세요. 예: 30"},
	"servers.bastion.title":  {"The bastion's hardening", "배스천 보안 설정"},
	"servers.bastion.remote": {"and sent to %s", "%s{으로/로}도 전송"},
	"servers.syslog.title":   {"Remote syslog server (optional)", "원격 syslog 서버(선택)"},
	"servers.syslog.help": {
		"The bastion also sends its command audit log there (UDP 514); empty: only /var/log/command.log",
		"배스천이 명령 감사 로그를 여기로도 보냅니다(UDP 514). 비우면 /var/log/command.log에만 기록합니다",
	},
	"servers.syslog.bad":      {"A host name or IP, with an optional :port; e.g. logs.example.com:514", "호스트 이름이나 IP에 :포트를 붙일 수 있습니다. 예: logs.example.com:514"},
	"servers.bastion.timeout": {"Idle sessions end after %d s (TMOUT, read-only)", "%d초 동안 입력이 없으면 세션 종료(TMOUT, 읽기 전용)"},
	"servers.bastion.audit":   {"Every command is written to %s", "모든 명령을 %s에 기록"},
})
