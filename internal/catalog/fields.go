package catalog

// The validation messages of package steps (and of the command line's
// flags), by the Key of their FieldError or Problem: "field.<key>". The
// English is what the command line prints after the field and the value
// ("prefix \"Lab\": <this>"), with %s/%d where it quotes the error's Args.
var _ = add(map[string]Entry{
	// The inputs file.
	"field.config.read":    {"a readable YAML file", "읽을 수 있는 YAML 파일이어야 합니다"},
	"field.config.mapping": {"a YAML mapping", "YAML 매핑(키: 값)이어야 합니다"},
	"field.config.fields": {
		"YAML with the fields prefix, region, profile, vpc-cidr, subnets, my-ip, ami, instance-type, disk-gb, no-nat, public-key, state, sandbox, syslog-target",
		"YAML이어야 하고, 필드는 prefix, region, profile, vpc-cidr, subnets, my-ip, ami, instance-type, disk-gb, no-nat, public-key, state, sandbox, syslog-target만 쓸 수 있습니다",
	},

	// The prefix.
	"field.prefix.required": {"required: lowercase letters, digits and hyphens, e.g. mhson", "꼭 입력해야 합니다. 영문 소문자, 숫자, 하이픈을 씁니다. 예: mhson"},
	"field.prefix.toolong": {
		"at most %d characters, so that the longest name (%s%s) fits a 63-character host name",
		"최대 %[1]d자여야 합니다. 가장 긴 이름(%[2]s%[3]s)이 63자 호스트 이름에 들어가야 합니다",
	},
	"field.prefix.chars": {
		"lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
		"문자로 시작하는 영문 소문자, 숫자, 하이픈만 됩니다(하이픈 연속·끝 불가)",
	},
	"field.prefix.sg": {
		"a prefix other than sg or sg-…: AWS refuses security group names that start with sg-",
		"sg나 sg-…가 아닌 접두사여야 합니다. AWS는 sg-로 시작하는 보안 그룹 이름을 거부합니다",
	},
	"field.prefix.foreign": {
		"a prefix nobody else uses in this account and region; it already belongs to %s",
		"이 계정과 리전에서 아무도 쓰지 않는 접두사여야 합니다. 이미 %s{이/가} 쓰고 있습니다",
	},
	"field.prefix.nostack": {
		"a stack that exists: none named %s in %s (infrawiz ls lists them)",
		"있는 스택이어야 합니다. %[2]s에 %[1]s 스택이 없습니다(infrawiz ls로 목록을 봅니다)",
	},

	// The region.
	"field.region.format": {"an AWS region name such as ap-northeast-2 or us-east-1", "ap-northeast-2나 us-east-1 같은 AWS 리전 이름이어야 합니다"},
	"field.region.zones":  {"a region with at least two availability zones (it has %d)", "가용 영역이 두 개 이상인 리전이어야 합니다(이 리전은 %d개)"},

	// The VPC.
	"field.vpc-cidr.format": {"an IPv4 CIDR block such as 192.168.11.0/24", "192.168.11.0/24 같은 IPv4 CIDR 블록이어야 합니다"},
	"field.vpc-cidr.range":  {"a block from /16 to /28 (AWS's limits); the mission uses a /24", "/16에서 /28 사이의 블록이어야 합니다(AWS의 한도). 미션은 /24를 씁니다"},
	"field.vpc-cidr.private": {
		"a private (RFC 1918) block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
		"10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 안의 프라이빗(RFC 1918) 블록이어야 합니다",
	},
	"field.vpc-cidr.network": {"a network address; did you mean %s?", "네트워크 주소여야 합니다. %s{을/를} 입력하려던 건가요?"},
	"field.vpc-cidr.small": {
		"a block of /25 or larger, so the four subnets fit (each at least a /28); or give every subnet under subnets: in --config",
		"서브넷 네 개(각각 /28 이상)가 들어가도록 /25 이상의 블록이어야 합니다. 아니면 --config의 subnets:에 서브넷을 모두 적으세요",
	},
	"field.vpc-cidr.built": {
		"the CIDR the stack was built with (%s); destroy the stack to change it",
		"스택을 만들 때의 CIDR 블록(%s)이어야 합니다. 바꾸려면 스택을 삭제하세요",
	},

	// The subnets.
	"field.subnet.format":  {"an IPv4 CIDR block", "IPv4 CIDR 블록이어야 합니다"},
	"field.subnet.example": {"an IPv4 CIDR block such as 192.168.11.0/26", "192.168.11.0/26 같은 IPv4 CIDR 블록이어야 합니다"},
	"field.subnet.range": {
		"a block from /16 to /28: AWS reserves five addresses of every subnet, so a /28 leaves 11",
		"/16에서 /28 사이의 블록이어야 합니다. AWS가 서브넷마다 주소 5개를 예약하므로 /28에는 11개가 남습니다",
	},
	"field.subnet.outside": {"a block inside the VPC %s", "VPC %s 안의 블록이어야 합니다"},
	"field.subnet.network": {"a network address; did you mean %s?", "네트워크 주소여야 합니다. %s{을/를} 입력하려던 건가요?"},
	"field.subnet.overlap": {"a block that does not overlap subnets.%s (%s)", "서브넷 %s(%s){과/와} 겹치지 않는 블록이어야 합니다"},
	"field.subnet.built": {
		"the CIDR %s was built with (%s); destroy the stack to change it",
		"%[1]s{을/를} 만들 때의 CIDR 블록(%[2]s)이어야 합니다. 바꾸려면 스택을 삭제하세요",
	},
	"field.subnets.key": {"one of %s", "%s 중 하나여야 합니다"},

	// The user's IP.
	"field.my-ip.format": {"a single IPv4 address such as 203.0.113.7 (optionally with /32)", "203.0.113.7 같은 IPv4 주소 하나여야 합니다(/32를 붙여도 됩니다)"},
	"field.my-ip.loopback": {
		"your public IPv4 address, not a loopback address (loopback is only for --sandbox)",
		"루프백 주소가 아닌 내 퍼블릭 IPv4 주소여야 합니다(루프백은 --sandbox에서만 됩니다)",
	},
	"field.my-ip.host": {"a single host address, not a network, broadcast or multicast address", "네트워크, 브로드캐스트, 멀티캐스트 주소가 아닌 호스트 한 대의 주소여야 합니다"},
	"field.my-ip.private": {
		"your public IPv4 address (the one https://checkip.amazonaws.com shows), not a private one",
		"프라이빗 주소가 아닌 내 퍼블릭 IPv4 주소여야 합니다(https://checkip.amazonaws.com이 보여 주는 주소)",
	},
	"field.my-ip.needed": {"your public IPv4 address, needed for the bastion's SSH rule", "내 퍼블릭 IPv4 주소가 필요합니다. 배스천의 SSH 규칙에 씁니다"},
	"field.my-ip.detect": {
		"your public IPv4 address: it could not be detected (%s); pass --my-ip A.B.C.D",
		"내 퍼블릭 IPv4 주소를 알아내지 못했습니다(%s). --my-ip A.B.C.D로 알려 주세요",
	},

	// The servers.
	"field.instance-type.format":  {"an EC2 instance type such as t3.medium (family, generation, size)", "t3.medium 같은 EC2 인스턴스 유형(패밀리, 세대, 크기)이어야 합니다"},
	"field.instance-type.offered": {"a type EC2 offers in %s; it is not offered in %s (the course uses t3.medium)", "%s에서 EC2가 제공하는 유형이어야 합니다. %s에는 없습니다(과정은 t3.medium을 씁니다)"},
	"field.ami.format":            {"an AMI id such as ami-0123456789abcdef0", "ami-0123456789abcdef0 같은 AMI ID여야 합니다"},
	"field.disk-gb.range":         {"a root volume size from 8 to 16384 GB; the mission uses 30", "루트 볼륨 크기는 8에서 16384GB 사이여야 합니다. 미션은 30GB를 씁니다"},

	// The bastion's remote syslog target.
	"field.ssh-user.format": {
		"a Linux user name: lower-case letters, digits, _ and -, up to 32 (ubuntu on Ubuntu images, ec2-user on Amazon Linux)",
		"리눅스 사용자 이름이어야 합니다. 소문자, 숫자, _와 -로 32자까지 씁니다(Ubuntu 이미지는 ubuntu, Amazon Linux는 ec2-user)",
	},
	"field.syslog-target.format": {
		"a host name or IP address with an optional :port from 1 to 65535, such as logs.example.com:514 or [2001:db8::1]:514",
		"호스트 이름이나 IP 주소여야 하고, 포트는 :1에서 :65535 사이로 붙일 수 있습니다. 예: logs.example.com:514, [2001:db8::1]:514",
	},

	// The key pair.
	"field.public-key.file": {
		"an OpenSSH public key file (ssh-ed25519 or ssh-rsa), such as ~/.ssh/id_ed25519.pub",
		"~/.ssh/id_ed25519.pub 같은 OpenSSH 퍼블릭 키 파일(ssh-ed25519 또는 ssh-rsa)이어야 합니다",
	},
	"field.public-key.read": {"an OpenSSH public key file", "OpenSSH 퍼블릭 키 파일이어야 합니다"},
	"field.public-key.type": {"EC2 does not import %s keys", "EC2는 %s 키를 가져오지 못합니다"},

	// The command line's own flags and the stored stack.
	"field.profile.missing": {
		"a profile of your AWS config (aws configure list-profiles shows them)",
		"AWS 설정에 있는 프로필이어야 합니다(aws configure list-profiles로 볼 수 있습니다)",
	},
	"field.output.format": {"table or json", "table 또는 json이어야 합니다"},
	"field.format.export": {
		"md, csv, json, ssh-config, drawio or awscli",
		"md, csv, json, ssh-config, drawio, awscli 중 하나여야 합니다",
	},
	"field.lang.format": {"en or ko", "en 또는 ko여야 합니다"},
	"field.state.file":  {"a file path (this is a directory or a device)", "파일 경로여야 합니다(지금은 디렉터리나 장치입니다)"},
	"field.stack.built": {
		"the value stack %s was built with (%s); destroy the stack to change it",
		"스택 %s{을/를} 만들 때의 값(%s)이어야 합니다. 바꾸려면 스택을 삭제하세요",
	},

	// Causes a FieldError carries, said in Korean only: in English the
	// system's own words stay.
	"cause.notexist":   {"no such file or directory", "파일이 없습니다"},
	"cause.permission": {"permission denied", "권한이 없습니다"},
	"cause.foreign":    {"owned by someone else", "다른 사람의 것입니다"},

	// The fields, as a message names them: the command line's names in
	// English.
	"fieldname.prefix":        {"prefix", "접두사"},
	"fieldname.region":        {"region", "리전"},
	"fieldname.profile":       {"profile", "프로필"},
	"fieldname.vpc-cidr":      {"vpc-cidr", "VPC CIDR"},
	"fieldname.subnets":       {"subnets", "서브넷"},
	"fieldname.subnets.item":  {"subnets.%s", "서브넷 %s"},
	"fieldname.my-ip":         {"my-ip", "내 IP"},
	"fieldname.ami":           {"ami", "AMI"},
	"fieldname.instance-type": {"instance-type", "인스턴스 유형"},
	"fieldname.disk-gb":       {"disk-gb", "디스크(GB)"},
	"fieldname.no-nat":        {"no-nat", "NAT 게이트웨이 생략(no-nat)"},
	"fieldname.public-key":    {"public-key", "퍼블릭 키"},
	"fieldname.state":         {"state", "상태 파일"},
	"fieldname.config":        {"config", "설정 파일"},
	"fieldname.output":        {"output", "출력 형식"},
	"fieldname.format":        {"format", "형식"},
	"fieldname.lang":          {"lang", "언어"},
	"fieldname.syslog-target": {"syslog-target", "원격 syslog"},
	"fieldname.ssh-user":      {"ssh-user", "SSH 사용자"},
})
