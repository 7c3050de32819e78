package catalog

// The wizard's keys as its help lists them (F1 lists every key of a
// screen), and what a narrow frame says instead of cutting.
var _ = add(map[string]Entry{
	"key.help.close":        {"close help", "도움말 닫기"},
	"key.review.runall":     {"run the remaining steps", "남은 단계 실행"},
	"key.check.run":         {"run the check", "점검 실행"},
	"key.quit.yes":          {"quit", "종료"},
	"key.quit.no":           {"stay", "계속하기"},
	"key.page.up":           {"page up", "한 페이지 위"},
	"key.page.down":         {"page down", "한 페이지 아래"},
	"key.halfpage.up":       {"half a page up", "반 페이지 위"},
	"key.halfpage.down":     {"half a page down", "반 페이지 아래"},
	"key.top":               {"first", "맨 위"},
	"key.bottom":            {"last", "맨 아래"},
	"key.form.next":         {"next field", "다음 필드"},
	"key.form.prev":         {"previous field", "이전 필드"},
	"key.form.complete":     {"complete", "자동 완성"},
	"key.form.choose":       {"choose", "선택"},
	"key.form.left":         {"left", "왼쪽"},
	"key.form.right":        {"right", "오른쪽"},
	"key.form.filter":       {"filter", "필터"},
	"key.form.filter.set":   {"apply the filter", "필터 적용"},
	"key.form.filter.clear": {"clear the filter", "필터 지우기"},
	"key.form.toggle":       {"switch", "전환"},
	"key.form.yes":          {"yes", "예"},
	"key.form.no":           {"no", "아니요"},
	// The header's practice mode where the long one does not fit.
	"header.practice.short": {"practice mode", "연습 모드"},
	// What m and c wrote, and where: the whole path, on a line of its own
	// when the status wraps.
	"summary.written.md":  {"Saved the summary as Markdown: %s", "요약을 마크다운으로 저장했습니다: %s"},
	"summary.written.csv": {"Saved the summary as CSV: %s", "요약을 CSV로 저장했습니다: %s"},
})
