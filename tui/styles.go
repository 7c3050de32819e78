package tui

import (
	"charm.land/lipgloss/v2"
)

// Styles are built for the terminal's background, so text stays readable on
// dark and light terminals; Bubble Tea downsamples the colours to what the
// terminal supports, to none under NO_COLOR or TERM=dumb.
type Styles struct {
	Header   lipgloss.Style
	Title    lipgloss.Style
	Muted    lipgloss.Style
	Done     lipgloss.Style
	Running  lipgloss.Style
	Failed   lipgloss.Style
	Pending  lipgloss.Style
	Current  lipgloss.Style
	Warning  lipgloss.Style
	Error    lipgloss.Style
	Code     lipgloss.Style
	Sidebar  lipgloss.Style
	Body     lipgloss.Style
	Dialog   lipgloss.Style
	Selected lipgloss.Style
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FC0"), lipgloss.Color("#B9A7FF"))
	green := ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364"))
	red := ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72"))
	yellow := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#E3B341"))
	muted := ld(lipgloss.Color("#57606A"), lipgloss.Color("#8B949E"))
	return Styles{
		Header:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Title:    lipgloss.NewStyle().Bold(true),
		Muted:    lipgloss.NewStyle().Foreground(muted),
		Done:     lipgloss.NewStyle().Foreground(green),
		Running:  lipgloss.NewStyle().Foreground(accent),
		Failed:   lipgloss.NewStyle().Foreground(red),
		Pending:  lipgloss.NewStyle().Foreground(muted),
		Current:  lipgloss.NewStyle().Bold(true).Foreground(accent),
		Warning:  lipgloss.NewStyle().Foreground(yellow),
		Error:    lipgloss.NewStyle().Foreground(red),
		Code:     lipgloss.NewStyle().Foreground(muted),
		Sidebar:  lipgloss.NewStyle().PaddingRight(1).BorderStyle(lipgloss.NormalBorder()).BorderRight(true).BorderForeground(muted),
		Body:     lipgloss.NewStyle().PaddingLeft(1),
		Dialog:   lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
	}
}
