package catalog

// The deploy script (infrawiz export --format awscli): its comments and
// what it prints. The AWS CLI commands themselves are the same in both
// languages.
var _ = add(map[string]Entry{
	"awscli.title": {
		"Deploy script of stack %s in %s, written by infrawiz.",
		"스택 %s의 배포 스크립트(리전 %s)이며, infrawiz가 작성했습니다.",
	},
	"awscli.course": {
		"This is the course's \"write a deploy script\" step: the whole mission as AWS CLI calls, in the order the course takes it. Each resource is made and tagged in one call, and its id kept in a shell variable for the calls that need it. Read it from the top.",
		"과정의 '배포 스크립트 작성' 단계입니다. 미션 전체를 과정의 순서대로 AWS CLI 호출로 적었습니다. 리소스마다 한 번의 호출로 만들고 태그를 붙이며, 그 ID는 셸 변수에 담아 뒤의 호출에서 씁니다. 위에서부터 읽어 보세요.",
	},
	"awscli.builds": {"What it builds:", "만드는 것:"},
	"awscli.limits": {
		"It makes the API calls and nothing more. Unlike infrawiz, it does not resume after a failure (run again, it makes everything a second time), does not check that the prefix is free or whose the resources are, and does not clean up what a failed run left. Run it once, for a prefix with nothing built.",
		"API 호출만 합니다. infrawiz와 달리 실패한 뒤 이어서 진행하지 않고(다시 실행하면 모두 한 번 더 만듭니다), 접두사가 비어 있는지나 리소스가 누구의 것인지 확인하지 않으며, 실패한 실행이 남긴 것을 정리하지도 않습니다. 아무것도 만들지 않은 접두사로 한 번만 실행하세요.",
	},
	"awscli.tags": {
		"Every resource carries the tags infrawiz writes (Name, infrawiz:stack, infrawiz:role, infrawiz:owner), so infrawiz finds what this script built:",
		"모든 리소스에 infrawiz가 붙이는 태그(Name, infrawiz:stack, infrawiz:role, infrawiz:owner)를 붙이므로, infrawiz가 이 스크립트로 만든 것을 찾습니다:",
	},
	"awscli.cost": {
		"The NAT gateway, the Elastic IPs and the servers are billed by the hour until they are deleted.",
		"NAT 게이트웨이, 탄력적 IP, 서버는 삭제할 때까지 시간당 요금이 나옵니다.",
	},
	"awscli.needs": {
		"Needs bash and the AWS CLI (version 1 or 2), signed in to the account with the right to create these resources.",
		"bash와 AWS CLI(버전 1 또는 2)가 필요하고, 이 리소스를 만들 권한으로 계정에 로그인되어 있어야 합니다.",
	},
	"awscli.settings": {"Settings", "설정"},
	"awscli.prefix": {
		"The stack's name: every name starts with it, and it is the infrawiz:stack tag. The plan was checked for it: to change it, export the script again with --prefix.",
		"스택 이름: 모든 이름이 이것으로 시작하고, infrawiz:stack 태그 값이 됩니다. 계획은 이 값으로 검사했으니, 바꾸려면 --prefix를 주고 스크립트를 다시 내보내세요.",
	},
	"awscli.region": {
		"The region: the zones below are its. To build elsewhere, export the script again with --region.",
		"리전: 아래의 가용 영역은 이 리전의 것입니다. 다른 곳에 만들려면 --region을 주고 스크립트를 다시 내보내세요.",
	},
	"awscli.myip": {
		"Your public IPv4 address, the only one SSH to the bastion is allowed from. MY_IP=... in the environment replaces it.",
		"내 퍼블릭 IPv4 주소: 배스천에 SSH로 접속할 수 있는 유일한 주소입니다. 환경 변수 MY_IP=...로 바꿀 수 있습니다.",
	},
	"awscli.myip.lookup": {
		"Your public IPv4 address as AWS sees it, the only one SSH to the bastion is allowed from. MY_IP=... in the environment replaces it.",
		"AWS가 보는 내 퍼블릭 IPv4 주소: 배스천에 SSH로 접속할 수 있는 유일한 주소입니다. 환경 변수 MY_IP=...로 바꿀 수 있습니다.",
	},
	"awscli.ami": {
		"The servers' image (AMI). Empty: Ubuntu 22.04, looked up below. AMI=ami-... in the environment replaces it.",
		"서버 이미지(AMI). 비어 있으면 아래에서 Ubuntu 22.04를 찾습니다. 환경 변수 AMI=ami-...로 바꿀 수 있습니다.",
	},
	"awscli.ami.given": {
		"The servers' image (AMI), as --ami chose it. AMI=ami-... in the environment replaces it.",
		"서버 이미지(AMI): --ami로 고른 값입니다. 환경 변수 AMI=ami-...로 바꿀 수 있습니다.",
	},
	"awscli.env": {
		"Every command below goes to this region, and prints its answer rather than opening a pager (AWS CLI version 2).",
		"아래의 모든 명령은 이 리전으로 가고, 응답을 페이저(AWS CLI 버전 2)로 열지 않고 그대로 출력합니다.",
	},
	"awscli.umask": {
		"The files this script writes (the private key, the first-boot scripts) are readable by you alone.",
		"이 스크립트가 쓰는 파일(프라이빗 키, 첫 부팅 스크립트)은 나만 읽을 수 있습니다.",
	},
	"awscli.endpoint": {
		"For the local emulator only (moto): AWS_ENDPOINT=http://127.0.0.1:5000 in the environment sends every call there instead of AWS. Unset, the calls go to AWS.",
		"로컬 에뮬레이터(moto) 전용: 환경 변수 AWS_ENDPOINT=http://127.0.0.1:5000을 주면 모든 호출이 AWS 대신 그곳으로 갑니다. 주지 않으면 AWS로 갑니다.",
	},
	"awscli.main": {
		"The mission, step by step. It runs from the last line of this file, once the first-boot scripts at the end are defined. An answer of AWS that nothing reads goes to /dev/null; errors still show.",
		"단계별 미션입니다. 끝에 있는 첫 부팅 스크립트가 정의된 뒤, 이 파일의 마지막 줄에서 실행됩니다. 쓰지 않는 AWS 응답은 /dev/null로 보내고, 오류는 그대로 보여 줍니다.",
	},
	"awscli.owner": {
		"Who you are, as AWS says it (your ARN): the infrawiz:owner tag. infrawiz changes a stack for its owner only.",
		"AWS가 보는 나(호출자의 ARN): infrawiz:owner 태그 값입니다. infrawiz는 소유자의 스택만 변경합니다.",
	},
	"awscli.ami.lookup": {
		"Ubuntu 22.04 from Canonical's public SSM parameter; where the parameter is missing (an emulator), the newest Canonical 22.04 image.",
		"Canonical의 퍼블릭 SSM 파라미터에서 Ubuntu 22.04를 찾고, 파라미터가 없으면(에뮬레이터) 가장 최근의 Canonical 22.04 이미지를 씁니다.",
	},
	"awscli.noami": {
		"no Ubuntu 22.04 image found in %s: set AMI=ami-... and run again",
		"%s에서 Ubuntu 22.04 이미지를 찾지 못했습니다. AMI=ami-...를 지정하고 다시 실행하세요",
	},
	"awscli.workdir": {
		"A private folder for the first-boot scripts, removed when the script ends.",
		"첫 부팅 스크립트를 둘 개인 폴더이며, 스크립트가 끝나면 지웁니다.",
	},
	"awscli.step": {"Step %d of %d: %s", "%d/%d단계: %s"},
	"awscli.step.key.new": {
		"AWS makes the key pair and hands its private key over once: it is saved to %s, readable by you alone. A key file already there is kept, and its public half imported instead.",
		"AWS가 키 페어를 만들고 프라이빗 키를 한 번만 넘겨줍니다. %s에 저장하고 나만 읽을 수 있게 합니다. 이미 있는 키 파일은 그대로 두고 그 퍼블릭 키를 가져옵니다.",
	},
	"awscli.step.key.import": {
		"The public key %s is imported; its private key never leaves this machine.",
		"퍼블릭 키 %s{을/를} 가져옵니다. 프라이빗 키는 이 컴퓨터를 떠나지 않습니다.",
	},
	"awscli.step.vpc": {
		"The VPC, with DNS hostnames on so that the servers get names.",
		"VPC를 만들고, 서버가 이름을 얻도록 DNS 호스트 이름을 켭니다.",
	},
	"awscli.step.subnets": {
		"Four subnets: two public ones in two zones, an internal one for the database, an admin one for the bastion.",
		"서브넷 네 개: 두 가용 영역에 퍼블릭 서브넷 두 개, 데이터베이스용 내부 서브넷 하나, 배스천용 관리 서브넷 하나입니다.",
	},
	"awscli.step.gateways": {
		"The internet gateway, attached to the VPC; then the NAT gateway, with an Elastic IP, in the first public subnet, so that the internal subnet can reach out. A NAT gateway takes a minute or two to become available: the wait holds the script until then.",
		"인터넷 게이트웨이를 만들어 VPC에 연결하고, 내부 서브넷이 밖으로 나갈 수 있도록 첫 퍼블릭 서브넷에 탄력적 IP와 함께 NAT 게이트웨이를 둡니다. NAT 게이트웨이는 사용할 수 있게 되기까지 1~2분 걸리므로 그때까지 기다립니다.",
	},
	"awscli.step.gateways.nonat": {
		"The internet gateway, attached to the VPC. No NAT gateway (--no-nat).",
		"인터넷 게이트웨이를 만들어 VPC에 연결합니다. NAT 게이트웨이는 없습니다(--no-nat).",
	},
	"awscli.step.routes": {
		"Three route tables, each with its subnets and its default route (0.0.0.0/0): public and admin to the internet gateway, internal to the NAT gateway.",
		"라우팅 테이블 세 개에 각자의 서브넷을 연결하고 기본 경로(0.0.0.0/0)를 넣습니다. 퍼블릭과 관리는 인터넷 게이트웨이로, 내부는 NAT 게이트웨이로 갑니다.",
	},
	"awscli.step.routes.nonat": {
		"Three route tables, each with its subnets; public and admin get a default route (0.0.0.0/0) to the internet gateway, internal none (no NAT gateway).",
		"라우팅 테이블 세 개에 각자의 서브넷을 연결합니다. 퍼블릭과 관리에는 인터넷 게이트웨이로 가는 기본 경로(0.0.0.0/0)를 넣고, 내부에는 넣지 않습니다(NAT 게이트웨이 없음).",
	},
	"awscli.step.sgs": {
		"Three security groups first, then their inbound rules. A rule whose source is another group names that group by its id, so every group exists before the first rule.",
		"먼저 보안 그룹 세 개를 만들고 인바운드 규칙을 넣습니다. 소스가 다른 그룹인 규칙은 그 그룹의 ID를 쓰므로, 첫 규칙 전에 모든 그룹이 있어야 합니다.",
	},
	"awscli.step.servers": {
		"An Elastic IP each for the web server and the bastion, then three servers: IMDSv2 required, an encrypted gp3 root volume of %d GB, no automatic public IP, and infrawiz's first-boot script (at the end of this file).",
		"웹 서버와 배스천에 탄력적 IP를 하나씩 할당하고 서버 세 대를 만듭니다. IMDSv2 필수, 암호화된 %dGB gp3 루트 볼륨, 자동 퍼블릭 IP 없음, infrawiz의 첫 부팅 스크립트(이 파일의 끝)를 씁니다.",
	},
	"awscli.wait": {
		"Wait until every server runs, then give the web server and the bastion their Elastic IPs.",
		"모든 서버가 실행될 때까지 기다린 뒤 웹 서버와 배스천에 탄력적 IP를 연결합니다.",
	},
	"awscli.summary": {"Summary: what was built, and how to reach it.", "요약: 만든 것과 접속 방법."},
	"awscli.done":    {"Stack %s is built in %s.", "스택 %s{을/를} %s에 만들었습니다."},
	"awscli.connect": {"Connect to the bastion:", "배스천 접속:"},
	"awscli.appendix": {
		"The first-boot scripts (user data) infrawiz gives each server, as it gives them: the role's coloured prompt and, on the bastion, the command audit log and the idle timeout. cloud-init runs each once, as root, at the server's first boot.",
		"infrawiz가 서버마다 주는 첫 부팅 스크립트(사용자 데이터)를 그대로 적었습니다. 역할별 색 프롬프트, 배스천에는 명령 감사 로그와 유휴 시간 제한도 넣습니다. 서버가 처음 부팅할 때 cloud-init이 root로 한 번 실행합니다.",
	},
	"awscli.run": {"Run the mission.", "미션을 실행합니다."},
})
