package catalog

// Why a network path is open or closed, as package reach explains it from
// the security groups, route tables and network ACLs: each clause one
// condition, the rules, routes, groups and addresses its arguments.
var _ = add(map[string]Entry{
	// Between the clauses of one explanation.
	"sep.clause": {"; ", ". "},

	// What flows.
	"reach.nonat": {
		"the stack was built without a NAT gateway (--no-nat), so the DB has no way out to the internet (no apt updates): the choice, not a mistake. To have one, destroy the stack and build it again (the NAT choice is fixed once built):",
		"NAT 게이트웨이 없이(--no-nat) 만든 스택이라 DB가 인터넷으로 나갈 길이 없습니다(apt 업데이트 불가). 실수가 아니라 선택의 결과입니다. NAT를 두려면 스택을 지우고 다시 만드세요(NAT 여부는 만든 뒤 바꿀 수 없습니다):",
	},
	"reach.flow.any":      {"any traffic", "모든 트래픽"},
	"reach.flow.ping":     {"ping (icmp echo)", "ping(icmp echo)"},
	"reach.flow.all":      {"all traffic", "모든 트래픽"},
	"reach.flow.allicmp":  {"all icmp", "모든 ICMP"},
	"reach.flow.icmptype": {"icmp type %d", "ICMP 유형 %d"},
	"reach.flow.allproto": {"all %s", "모든 %s"},

	// Who is at the other end.
	"reach.peer.internet":   {"the internet", "인터넷"},
	"reach.peer.others":     {"addresses other than %s", "%s 외의 주소"},
	"reach.peer.prefixlist": {"prefix list %s", "접두사 목록 %s"},
	"reach.subnet.unknown":  {"an unknown subnet", "알 수 없는 서브넷"},
	"reach.subnet.id":       {"subnet %s", "서브넷 %s"},
	"reach.nogroupname":     {"no group", "그룹 없음"},

	// The servers. Args: a role (said as the plan's server word).
	"reach.badip": {
		"your public IP %q is not an IPv4 address, so the bastion rule cannot be checked",
		"내 퍼블릭 IP %q{은/는} IPv4 주소가 아니어서 배스천 규칙을 점검할 수 없습니다",
	},
	"reach.notfound":         {"the %s server was not found", "%s 서버를 찾지 못했습니다"},
	"reach.notrunning":       {"%s is %s, not running", "%s{은/는} 실행 중이 아니라 %s 상태입니다"},
	"reach.publicip":         {"%s has public IP %s", "%s의 퍼블릭 IP는 %s입니다"},
	"reach.publicip.eip":     {"%s has public IP %s (%s)", "%s의 퍼블릭 IP는 %s(%s)입니다"},
	"reach.nopublicip":       {"%s has no public IP", "%s에 퍼블릭 IP가 없습니다"},
	"reach.noprivate":        {"%s or %s has no private IP", "%s{이나/나} %s에 프라이빗 IP가 없습니다"},
	"reach.nat.notavailable": {"%s is %s, not available", "%s{은/는} 사용 가능(available)이 아니라 %s 상태입니다"},

	// Routes. Args: a table's name, how it is this subnet's (empty, or
	// reach.how.main), then what the clause says.
	"reach.how.main": {
		" (the VPC's main table, which %s uses for want of its own)",
		"(VPC의 기본 라우팅 테이블. %s에 자체 테이블이 없어 이것을 씁니다)",
	},
	"reach.tableless": {
		"%s has no route table of its own and the VPC has no main table",
		"%s에는 자체 라우팅 테이블이 없고 VPC에도 기본 라우팅 테이블이 없습니다",
	},
	"reach.noroute":   {"%s%s has no route to %s", "%s%s에는 %s{으로/로} 가는 경로가 없습니다"},
	"reach.blackhole": {"%s%s routes %s to %s, which is a blackhole (the target is gone)", "%s%s{은/는} %s{을/를} %s{으로/로} 보내는데, 대상이 없어진 블랙홀입니다"},
	"reach.routes":    {"%s%s routes %s to %s", "%s%s{은/는} %s{을/를} %s{으로/로} 보냅니다"},
	"reach.nat.direct": {
		"%s%s routes 0.0.0.0/0 straight to %s and %s has public IP %s (not through the NAT gateway)",
		"%s%s{은/는} 0.0.0.0/0을 %s{으로/로} 바로 보내고 %s에는 퍼블릭 IP %s{이/가} 있습니다(NAT 게이트웨이를 거치지 않음)",
	},
	"reach.nat.notnat": {"%s%s routes 0.0.0.0/0 to %s, not to a NAT gateway", "%s%s{은/는} 0.0.0.0/0을 NAT 게이트웨이가 아닌 %s{으로/로} 보냅니다"},
	"reach.igw.nat": {
		"%s%s routes %s to %s, a NAT gateway, which carries connections out but none in",
		"%s%s{은/는} %s{을/를} NAT 게이트웨이 %s{으로/로} 보내는데, NAT 게이트웨이는 나가는 연결만 나르고 들어오는 연결은 나르지 않습니다",
	},
	"reach.igw.not":      {"%s%s routes %s to %s, not to an internet gateway", "%s%s{은/는} %s{을/를} 인터넷 게이트웨이가 아닌 %s{으로/로} 보냅니다"},
	"reach.igw.detached": {"%s%s routes %s to %s, which is not attached to the VPC", "%s%s{은/는} %s{을/를} %s{으로/로} 보내는데, 그 게이트웨이는 VPC에 연결되어 있지 않습니다"},
	"reach.local.other":  {"%s%s sends %s to %s instead of the VPC's local route", "%s%s{은/는} %s{을/를} VPC의 로컬 경로 대신 %s{으로/로} 보냅니다"},
	"reach.local.ok":     {"%s%s routes %s locally", "%s%s{은/는} %s{을/를} VPC 안(local)으로 보냅니다"},

	// Security groups. Args: a group, a flow, a peer.
	"reach.nogroup":       {"%s has no security group", "%s에 보안 그룹이 없습니다"},
	"reach.group.unknown": {"%s (not in the describe, so none of its rules)", "%s(조회 결과에 없어 규칙을 알 수 없음)"},
	"reach.rule.in":       {"%s allows %s from %s", "%[1]s{은/는} %[3]s에서 오는 %[2]s{을/를} 허용합니다"},
	"reach.rule.out":      {"%s allows out %s to %s", "%[1]s{은/는} %[3]s{으로/로} 나가는 %[2]s{을/를} 허용합니다"},
	"reach.rule.in.member": {
		"%s allows %s from %s, which %s is in",
		"%[1]s{은/는} %[3]s(%[4]s{이/가} 속한 그룹)에서 오는 %[2]s{을/를} 허용합니다",
	},
	"reach.rule.out.member": {
		"%s allows out %s to %s, which %s is in",
		"%[1]s{은/는} %[3]s(%[4]s{이/가} 속한 그룹){으로/로} 나가는 %[2]s{을/를} 허용합니다",
	},
	"reach.rule.others":   {", which admits addresses other than yours (%s)", ". 이 규칙은 내 주소(%s) 외의 주소도 받아들입니다"},
	"reach.rule.in.only":  {"%s allows %s from %s only", "%[1]s{은/는} %[3]s에서 오는 %[2]s만 허용합니다"},
	"reach.rule.out.only": {"%s allows out %s to %s only", "%[1]s{은/는} %[3]s{으로/로} 나가는 %[2]s만 허용합니다"},
	"reach.rule.in.notcover": {
		"%s allows %s from %s, which does not cover %s",
		"%[1]s{은/는} %[3]s에서 오는 %[2]s{을/를} 허용하지만, %[4]s{은/는} 포함하지 않습니다",
	},
	"reach.rule.out.notcover": {
		"%s allows out %s to %s, which does not cover %s",
		"%[1]s{은/는} %[3]s{으로/로} 나가는 %[2]s{을/를} 허용하지만, %[4]s{은/는} 포함하지 않습니다",
	},
	"reach.prefixlist": {
		"%s, a prefix list whose addresses infrawiz does not read, so it cannot tell whether %s is covered",
		"%s. 접두사 목록의 주소는 infrawiz가 읽지 않으므로 %s{이/가} 포함되는지 알 수 없습니다",
	},
	"reach.what.in":       {"%s from %s", "%[2]s에서 오는 %[1]s"},
	"reach.what.out":      {"%s to %s", "%[2]s{으로/로} 가는 %[1]s"},
	"reach.what.in.inst":  {"%s from %s (%s, in %s)", "%[2]s(%[3]s, %[4]s 소속)에서 오는 %[1]s"},
	"reach.what.out.inst": {"%s to %s (%s, in %s)", "%[2]s(%[3]s, %[4]s 소속){으로/로} 가는 %[1]s"},
	"reach.norule.in":     {"no rule of %s allows %s", "%s에는 %s{을/를} 허용하는 인바운드 규칙이 없습니다"},
	"reach.norule.out":    {"no egress rule of %s allows %s", "%s에는 %s{을/를} 허용하는 아웃바운드 규칙이 없습니다"},
	"reach.hints":         {" (%s)", ". 있는 규칙: %s"},

	// Network ACLs. Args: an ACL, what crosses it, its rule number.
	"reach.nacl.unread": {"network ACLs not read: the default (allows all) is assumed", "네트워크 ACL을 읽지 않았습니다. 기본값(모두 허용)으로 봅니다"},
	"reach.nacl.none": {
		"%s has no network ACL in the describe: the default (allows all) is assumed",
		"%s의 네트워크 ACL이 조회 결과에 없습니다. 기본값(모두 허용)으로 봅니다",
	},
	"reach.nacl.name":        {"network ACL %s", "네트워크 ACL %s"},
	"reach.nacl.allowall":    {"%s allows all traffic (rule %d)", "%s{은/는} 모든 트래픽을 허용합니다(규칙 %d)"},
	"reach.nacl.allows.rule": {"%s allows %s (rule %d)", "%s{은/는} %s{을/를} 허용합니다(규칙 %d)"},
	"reach.nacl.allows":      {"%s allows %s", "%s{은/는} %s{을/를} 허용합니다"},
	"reach.nacl.denies":      {"%s denies %s (rule %d)", "%s{은/는} %s{을/를} 거부합니다(규칙 %d)"},
	"reach.nacl.nodeny": {
		"%s has no rule allowing %s, so its final deny-all drops it",
		"%s에는 %s{을/를} 허용하는 규칙이 없어 마지막 전체 거부 규칙이 버립니다",
	},
	"reach.leg.pingreply": {"the ping reply", "ping 응답"},
	"reach.leg.ping":      {"ping", "ping"},
	"reach.leg.replies":   {"the replies on %s %d-%d (here port %d)", "%s %d-%d 응답(여기서는 %d번 포트)"},
	"reach.leg.out":       {"%s out of %s to %s", "%[2]s에서 %[3]s{으로/로} 나가는 %[1]s"},
	"reach.leg.in":        {"%s into %s from %s", "%[3]s에서 %[2]s{으로/로} 들어오는 %[1]s"},
})
