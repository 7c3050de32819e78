package catalog

// What a stack costs: the itemised bill (plan, review, summary, status)
// and its one-line form (ls, the wizard's header).
var _ = add(map[string]Entry{
	"cost.title":           {"What it costs while it exists (%s, on-demand prices of %s):", "있는 동안 드는 요금(%s, %s 기준 온디맨드 가격):"},
	"cost.title.now":       {"What it costs now (%s, on-demand prices of %s):", "지금 드는 요금(%s, %s 기준 온디맨드 가격):"},
	"cost.item.nat":        {"NAT gateway", "NAT 게이트웨이"},
	"cost.item.ipv4":       {"Public IPv4 addresses", "퍼블릭 IPv4 주소"},
	"cost.item.gp3":        {"gp3 storage (EBS)", "gp3 스토리지(EBS)"},
	"cost.item.server":     {"%s servers", "%s 서버"},
	"cost.qty.hour":        {"%d × %s/h", "%d × 시간당 %s"},
	"cost.qty.gb":          {"%d GB × %s/GB-month", "%dGB × GB·월당 %s"},
	"cost.per.hour":        {"%s/h", "시간당 %s"},
	"cost.per.month":       {"%s/month", "월 %s"},
	"cost.unknown":         {"price unknown", "가격 모름"},
	"cost.total":           {"Total", "합계"},
	"cost.total.day":       {"%s a day", "하루 %s"},
	"cost.per.hour.floor":  {"at least %s/h", "시간당 최소 %s"},
	"cost.per.month.floor": {"at least %s/month", "월 최소 %s"},
	"cost.total.day.floor": {"at least %s a day", "하루 최소 %s"},
	"cost.excluded":        {"Data transfer and the NAT gateway's data processing (%s per GB) are not included.", "데이터 전송 요금과 NAT 게이트웨이 데이터 처리 요금(GB당 %s)은 포함하지 않았습니다."},
	"cost.month.note":      {"A month is 730 hours, as AWS's calculator counts it.", "한 달은 AWS 요금 계산기처럼 730시간으로 셉니다."},
	"cost.noprices":        {"No price table for %s: only what bills is listed.", "%s 리전은 가격표가 없어 요금이 드는 항목만 보여 줍니다."},
	"cost.none":            {"Nothing of it bills now.", "지금 요금이 드는 것은 없습니다."},
	"cost.short":           {"%s/h · %s/day · %s/month", "시간당 %s · 하루 %s · 월 %s"},
	"cost.short.floor":     {"at least %s/h · %s/day · %s/month", "최소 시간당 %s · 하루 %s · 월 %s"},
	"cost.short.none":      {"nothing billing", "요금 없음"},
	"cost.header":          {"billing %s/h", "요금 시간당 %s"},
	"cost.remind":          {"It costs %s a day while it exists. When you are done: %s", "있는 동안 하루 %s씩 듭니다. 다 쓰면 지우세요: %s"},
	"cost.remind.floor":    {"It costs at least %s a day while it exists. When you are done: %s", "있는 동안 하루 최소 %s씩 듭니다. 다 쓰면 지우세요: %s"},
	"cost.source":          {"Prices from %s.", "가격 출처: %s."},
})
