package catalog

// The words of the stack's picture (export --format drawio, status
// --diagram, the wizard's diagram view).
var _ = add(map[string]Entry{
	"diagram.stack":       {"Stack %s · %s", "%s 스택 · %s"},
	"diagram.plan":        {"design (nothing built yet)", "설계도(아직 만들지 않음)"},
	"diagram.region":      {"Region", "리전"},
	"diagram.internet":    {"Internet", "인터넷"},
	"diagram.me":          {"me", "나"},
	"diagram.public":      {"public", "퍼블릭"},
	"diagram.internal":    {"internal", "내부망"},
	"diagram.admin":       {"admin", "관리망"},
	"diagram.web":         {"web", "웹"},
	"diagram.db":          {"db", "DB"},
	"diagram.bastion":     {"bastion", "배스천"},
	"diagram.nat":         {"NAT", "NAT"},
	"diagram.igw":         {"IGW", "IGW"},
	"diagram.eip":         {"EIP", "EIP"},
	"diagram.private":     {"private", "프라이빗"},
	"diagram.publicip":    {"public", "퍼블릭"},
	"diagram.routetables": {"Route tables", "라우팅 테이블"},
	"diagram.noroute":     {"no default route", "기본 경로 없음"},
	"diagram.flows":       {"Flows", "흐름"},
	"diagram.outbound":    {"outbound", "외부로"},
	"diagram.serves":      {"serves", "연결"},
	"diagram.ready":       {"ready", "준비됨"},
	"diagram.planned":     {"planned", "계획됨"},
	"diagram.pending":     {"pending", "대기 중"},
	"diagram.stopped":     {"stopped", "중지됨"},
	"diagram.missing":     {"missing", "없음"},
	"diagram.broken":      {"failing", "이상"},
	"diagram.columns":     {"Name|Kind|ID|AZ|CIDR|Private IP|Public IP|State", "이름|종류|ID|AZ|CIDR|프라이빗 IP|퍼블릭 IP|상태"},
})
