package catalog

// The wizard's bill (review, summary, header, leaving) and its end of the
// course: the stack's picture from the summary and the destroy screen.
var _ = add(map[string]Entry{
	// The bill.
	"bill.planned":         {"Once built: %s", "다 만들면: %s"},
	"bill.practice":        {"Practice mode: nothing here bills; on AWS this would.", "연습 모드에서는 요금이 들지 않지만 AWS에서는 이만큼 듭니다."},
	"bill.header.floor":    {"billing at least %s/h", "요금 시간당 최소 %s"},
	"bill.header.unpriced": {"billing", "요금 발생 중"},
	"bill.header.practice": {"on AWS %s/h", "AWS라면 시간당 %s"},
	"bill.remind":          {"It costs %s a day while it exists. When you are done, delete it:", "있는 동안 하루 %s씩 듭니다. 다 쓰면 지우세요:"},
	"bill.remind.floor":    {"It costs at least %s a day while it exists. When you are done, delete it:", "있는 동안 하루 최소 %s씩 듭니다. 다 쓰면 지우세요:"},
	"bill.remind.unpriced": {"It bills while it exists (no price table for %s). When you are done, delete it:", "있는 동안 요금이 듭니다(%s 리전은 가격표 없음). 다 쓰면 지우세요:"},
	"bill.farewell":        {"Stack %s in %s still exists.", "%s 스택은 %s 리전에 아직 남아 있습니다."},
	"view.more":            {"more below: ↓ to scroll", "아래에 더 있습니다. ↓로 내려 보세요"},

	// The summary's keys and views.
	"summary.key.bill":       {"bill", "요금"},
	"summary.key.diagram":    {"diagram", "구성도"},
	"summary.key.drawio":     {"save draw.io", "draw.io 저장"},
	"summary.key.destroy":    {"delete stack", "스택 삭제"},
	"summary.diagram.noplan": {"No plan yet: sign in first.", "아직 계획이 없습니다. 먼저 로그인하세요."},
	"summary.drawio.written": {"Wrote %s (0600): open it in diagrams.net", "%s{을/를} 저장했습니다(0600). diagrams.net에서 여세요"},
	"summary.drawio.failed":  {"Could not write the diagram: %v", "구성도를 저장하지 못했습니다: %v"},

	// The servers' disks: what the free tier gives, and what it does not.
	"servers.disk.help.noprice": {"8 to 16384 for each of the 3 servers", "서버 3대 각각 8~16384"},
	"servers.disk.sum":          {"Disks: 3 × %d GB = %d GB, %s a month.", "디스크: 3 × %dGB = %dGB, 월 %s."},
	"servers.disk.sum.noprice":  {"Disks: 3 × %d GB = %d GB.", "디스크: 3 × %dGB = %dGB."},
	"servers.free": {
		"Free tier: 30 GB of EBS for all servers together (12 months, accounts opened before 2025-07-15).",
		"프리 티어는 모든 서버를 합쳐 EBS 30GB입니다(2025-07-15 전에 만든 계정, 12개월).",
	},
	"servers.free.type": {"%s is not in it.", "%s{은/는} 프리 티어가 아닙니다."},

	// The destroy screen.
	"screen.teardown":      {"Delete the stack", "스택 삭제"},
	"teardown.title":       {"Delete stack %s", "%s 스택 삭제"},
	"teardown.listing":     {"Looking for everything tagged infrawiz:stack=%s in %s…", "%[2]s 리전에서 infrawiz:stack=%[1]s 태그가 붙은 리소스를 찾는 중…"},
	"teardown.intro":       {"%[1]d resources carry the tag infrawiz:stack=%[2]s and are yours: all of them will be deleted.", "infrawiz:stack=%[2]s 태그가 붙은 내 리소스 %[1]d개를 모두 삭제합니다."},
	"teardown.others":      {"%d more with this tag belong to %s: nothing is deleted while they are there.", "이 태그가 붙은 리소스 %d개는 %s의 것이라, 남아 있는 동안에는 아무것도 삭제하지 않습니다."},
	"teardown.cost":        {"Billing now: %s. Deleting it stops that.", "지금 요금: %s. 삭제하면 멈춥니다."},
	"teardown.keyfile":     {"Your key file stays:", "키 파일은 남겨 둡니다:"},
	"teardown.confirm":     {"Type %s and press Enter to delete it; esc goes back.", "삭제하려면 %s{을/를} 입력하고 Enter를 누르세요. esc를 누르면 돌아갑니다."},
	"teardown.mismatch":    {"That is not %s.", "%s{이/가} 아닙니다."},
	"teardown.nothing":     {"Nothing tagged infrawiz:stack=%s is left in %s: there is nothing to delete.", "%[2]s 리전에 infrawiz:stack=%[1]s 태그가 붙은 리소스가 없습니다. 지울 것이 없습니다."},
	"teardown.running":     {"Deleting: %d of %d done. ctrl+c stops it safely.", "삭제 중: %d/%d개 완료. ctrl+c로 안전하게 멈출 수 있습니다."},
	"teardown.sweeping":    {"Looking again for anything left by its tags…", "태그로 남은 것이 있는지 다시 찾는 중…"},
	"teardown.sweep":       {"Tag sweep, infrawiz:stack=%s in %s:", "태그 확인, %[2]s 리전의 infrawiz:stack=%[1]s:"},
	"teardown.left":        {"%d left", "%d개 남음"},
	"teardown.clean":       {"Nothing billable left: the stack is gone.", "요금이 드는 것은 하나도 남지 않았습니다. 스택을 모두 지웠습니다."},
	"teardown.leftover":    {"%d left: press ctrl+r to try again.", "%d개가 남았습니다. ctrl+r로 다시 시도하세요."},
	"teardown.still":       {"Still billing: %s.", "아직 요금이 듭니다: %s."},
	"teardown.failed":      {"The destroy stopped:", "삭제가 멈췄습니다:"},
	"teardown.removed":     {"Removed its progress file:", "진행 파일을 지웠습니다:"},
	"teardown.withserver":  {"goes with its server", "서버와 함께 삭제"},
	"teardown.deleting":    {"deleting…", "삭제 중…"},
	"teardown.kind.volume": {"volume", "볼륨"},
	"teardown.key.delete":  {"delete", "삭제"},
	"teardown.busy":        {"A step or the check is running: wait for it before deleting the stack.", "실행 중인 단계나 점검이 있습니다. 끝난 뒤에 스택을 삭제하세요."},
	"teardown.wait":        {"The stack is being deleted: wait for it, or ctrl+c to stop safely.", "스택을 삭제하는 중입니다. 기다리거나 ctrl+c로 안전하게 멈추세요."},
	"teardown.nosession":   {"Not signed in to AWS: sign in first.", "AWS에 로그인하지 않았습니다. 먼저 로그인하세요."},
	"teardown.quit":        {"The stack is being deleted: quitting stops it safely. To finish later, run:", "스택을 삭제하는 중입니다. 종료하면 안전하게 멈춥니다. 나중에 마저 지우려면:"},
})
