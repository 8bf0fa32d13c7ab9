package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles are the semantic styles of the screen. They are built once for the
// terminal's background and never inside View.
type Styles struct {
	App          lipgloss.Style // the program name in the header
	Header       lipgloss.Style // header text
	Badge        lipgloss.Style // PAUSED, READ-ONLY, DEMO
	Title        lipgloss.Style // a pane title
	TitleFocused lipgloss.Style // the title of the pane that has the keys
	ColumnHeader lipgloss.Style
	Selected     lipgloss.Style // the row under the cursor
	Watch        lipgloss.Style // a watch-list domain or failure
	OK           lipgloss.Style // sent
	Deferred     lipgloss.Style
	Bounced      lipgloss.Style
	Expired      lipgloss.Style
	Muted        lipgloss.Style // secondary text: times, raw log lines
	Warning      lipgloss.Style // confirmations
	Error        lipgloss.Style // a failed action
	Help         help.Styles
}

// NewStyles returns the styles for a dark or light terminal background, or
// styles without colour when noColor is set (the NO_COLOR convention):
// those keep bold and reverse video so the cursor row still shows.
func NewStyles(dark, noColor bool) Styles {
	if noColor {
		return plainStyles()
	}
	pick := lipgloss.LightDark(dark)
	muted := pick(lipgloss.Color("#6c6c6c"), lipgloss.Color("#8a8a8a"))
	help := help.DefaultStyles(dark)
	return Styles{
		App:          lipgloss.NewStyle().Bold(true).Foreground(pick(lipgloss.Color("#005f87"), lipgloss.Color("#5fafff"))),
		Header:       lipgloss.NewStyle(),
		Badge:        lipgloss.NewStyle().Bold(true).Reverse(true),
		Title:        lipgloss.NewStyle().Bold(true).Foreground(muted),
		TitleFocused: lipgloss.NewStyle().Bold(true).Underline(true),
		ColumnHeader: lipgloss.NewStyle().Foreground(muted),
		Selected:     lipgloss.NewStyle().Reverse(true),
		Watch:        lipgloss.NewStyle().Bold(true),
		OK:           lipgloss.NewStyle().Foreground(pick(lipgloss.Color("#007a00"), lipgloss.Color("#5fd75f"))),
		Deferred:     lipgloss.NewStyle().Foreground(pick(lipgloss.Color("#8a6d00"), lipgloss.Color("#ffd75f"))),
		Bounced:      lipgloss.NewStyle().Foreground(pick(lipgloss.Color("#c00000"), lipgloss.Color("#ff5f5f"))),
		Expired:      lipgloss.NewStyle().Foreground(pick(lipgloss.Color("#8700af"), lipgloss.Color("#d787ff"))),
		Muted:        lipgloss.NewStyle().Foreground(muted),
		Warning:      lipgloss.NewStyle().Bold(true).Foreground(pick(lipgloss.Color("#af5f00"), lipgloss.Color("#ffaf00"))),
		Error:        lipgloss.NewStyle().Bold(true).Foreground(pick(lipgloss.Color("#c00000"), lipgloss.Color("#ff5f5f"))),
		Help:         help,
	}
}

// plainStyles are the NO_COLOR styles: attributes only.
func plainStyles() Styles {
	plain := lipgloss.NewStyle()
	bold := lipgloss.NewStyle().Bold(true)
	return Styles{
		App:          bold,
		Header:       plain,
		Badge:        lipgloss.NewStyle().Reverse(true),
		Title:        bold,
		TitleFocused: lipgloss.NewStyle().Bold(true).Underline(true),
		ColumnHeader: plain,
		Selected:     lipgloss.NewStyle().Reverse(true),
		Watch:        bold,
		OK:           plain,
		Deferred:     plain,
		Bounced:      bold,
		Expired:      plain,
		Muted:        plain,
		Warning:      bold,
		Error:        bold,
		Help: help.Styles{
			Ellipsis:       plain,
			ShortKey:       bold,
			ShortDesc:      plain,
			ShortSeparator: plain,
			FullKey:        bold,
			FullDesc:       plain,
			FullSeparator:  plain,
		},
	}
}
