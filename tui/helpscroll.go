package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// helpScrollView draws the help overlay on a screen too short for all of
// it, such as 60x20 where the groups stack in about 45 lines. The title
// stays on the first row, how to close the overlay and the position stay
// on the last, and the lines of content scroll between them from
// m.helpOffset.
func (m Model) helpScrollView(title string, content []string, height int) string {
	s := m.c.styles
	l := m.c.l
	rows := height - 2
	if rows < 1 {
		// Only how to close fits, below the title when there are two rows.
		lines := []string{title, m.helpCloseLine()}
		return joinLines(lines[len(lines)-max(height, 0):], m.width, height)
	}

	offset := clampHelpOffset(m.helpOffset, len(content), rows)
	last := min(offset+rows, len(content))
	position := l.T("help.position", map[string]any{"First": offset + 1, "Last": last, "Total": len(content)})
	// The position is left out of a row too narrow for both.
	closeHint := l.T("help.close")
	if withPosition := closeHint + " · " + position; 2+ansi.StringWidth(withPosition) <= m.width {
		closeHint = withPosition
	}

	lines := append([]string{title}, content[offset:last]...)
	for len(lines) < height-1 {
		lines = append(lines, "")
	}
	lines = append(lines, "  "+s.Muted.Render(closeHint))
	return joinLines(lines, m.width, height)
}

// scrollingHelpLines returns the lines of helpLines below the title, which
// scroll on a short screen: without blank lines at the start or the end,
// and with one blank line where several follow each other.
func scrollingHelpLines(lines []string) []string {
	var content []string
	for _, line := range lines[1:] {
		if line == "" && (len(content) == 0 || content[len(content)-1] == "") {
			continue
		}
		content = append(content, line)
	}
	if n := len(content); n > 0 && content[n-1] == "" {
		content = content[:n-1]
	}
	return content
}

// helpScrollArea returns the lines of the help overlay that scroll in a
// body of height lines and the rows they scroll in. Both are zero when
// every line fits, or when the body has no row between the title and how
// to close.
func (m Model) helpScrollArea(height int) (content []string, rows int) {
	lines := m.helpLines()
	if _, fits := fitHelpLines(append(lines, m.helpCloseLine()), height); fits || height < 3 {
		return nil, 0
	}
	return scrollingHelpLines(lines), height - 2
}

// clampHelpOffset returns offset within the first and the last screen of
// total lines shown in rows.
func clampHelpOffset(offset, total, rows int) int {
	return max(min(offset, total-rows), 0)
}

// handleHelpKey closes the help overlay on ? or esc, quits on q, and
// scrolls it with the keys that move in a list.
func (m Model) handleHelpKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	content, rows := m.helpScrollArea(m.bodyHeight())
	// A resize since the last key can leave the offset past the end.
	offset := clampHelpOffset(m.helpOffset, len(content), rows)
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m, tea.Quit
	case key.Matches(msg, m.keys.Help, m.keys.Back):
		m.helpOpen = false
	case key.Matches(msg, m.keys.Up):
		offset--
	case key.Matches(msg, m.keys.Down):
		offset++
	case key.Matches(msg, m.keys.PageUp):
		offset -= rows
	case key.Matches(msg, m.keys.PageDown):
		offset += rows
	case key.Matches(msg, m.keys.Home):
		offset = 0
	case key.Matches(msg, m.keys.End):
		offset = len(content)
	}
	m.helpOffset = clampHelpOffset(offset, len(content), rows)
	return m, nil
}
