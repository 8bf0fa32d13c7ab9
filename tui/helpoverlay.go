package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/mailtop/mailtop/l10n"
)

// helpColumnGap is the number of blank cells between two columns of the
// help overlay.
const helpColumnGap = 1

// minHelpColumnsWidth is the narrowest screen on which the help overlay
// shows its three groups side by side. A narrower one stacks them.
const minHelpColumnsWidth = 72

// helpColumn is one group of keys in the help overlay, under a title.
type helpColumn struct {
	title    string
	bindings []key.Binding
}

// keyWidth returns the cells of the column's widest key.
func (c helpColumn) keyWidth() int {
	width := 0
	for _, b := range c.bindings {
		width = max(width, lipgloss.Width(b.Help().Key))
	}
	return width
}

// naturalWidth returns the cells the column's widest line needs unwrapped:
// its title, or a key padded to the widest key, two spaces and the
// description.
func (c helpColumn) naturalWidth() int {
	descWidth := 0
	for _, b := range c.bindings {
		descWidth = max(descWidth, lipgloss.Width(b.Help().Desc))
	}
	return max(lipgloss.Width(c.title), c.keyWidth()+2+descWidth)
}

// descWidth returns the cells left for a description in a column width
// cells wide.
func (c helpColumn) descWidth(width int) int {
	return max(width-c.keyWidth()-2, 1)
}

// height returns the number of lines c.lines returns at width.
func (c helpColumn) height(width int) int {
	descWidth := c.descWidth(width)
	height := 1 // the title
	for _, b := range c.bindings {
		desc := b.Help().Desc
		if lipgloss.Width(desc) <= descWidth {
			height++
			continue
		}
		height += max(len(wrapText(desc, descWidth)), 1)
	}
	return height
}

// lines returns the column at most width cells wide: the title, then each
// key padded to the widest key, two spaces and the description. A
// description longer than the rest of the line wraps onto more lines,
// aligned under its start, so that no row is cut.
func (c helpColumn) lines(s *Styles, width int) []string {
	keyWidth := c.keyWidth()
	descWidth := c.descWidth(width)
	indent := strings.Repeat(" ", keyWidth+2)

	lines := []string{s.Title.Render(c.title)}
	for _, b := range c.bindings {
		parts := wrapText(b.Help().Desc, descWidth)
		if len(parts) == 0 {
			parts = []string{""}
		}
		lines = append(lines, s.Help.FullKey.Render(pad(b.Help().Key, keyWidth))+"  "+s.Help.FullDesc.Render(parts[0]))
		for _, part := range parts[1:] {
			lines = append(lines, indent+s.Help.FullDesc.Render(part))
		}
	}
	return lines
}

// helpColumnWidths returns the width of each help column, side by side in
// total cells. A width includes the gap after every column but the last.
// The columns share total equally while each line fits in its share.
// Otherwise each column gets its widest line, a gap and an equal part of
// the rest, so a long column, such as the Japanese actions at 80 cells,
// borrows from shorter ones. When the widest lines do not fit together,
// columns wrap their long rows, at the widths that keep the tallest column
// shortest (see narrowHelpColumnWidths).
func helpColumnWidths(columns []helpColumn, total int) []int {
	count := len(columns)
	need := make([]int, count)
	needed := 0
	fitsEqual := true
	for i, column := range columns {
		need[i] = column.naturalWidth() + gapAfter(i, count)
		needed += need[i]
		fitsEqual = fitsEqual && need[i] <= total/count
	}

	widths := make([]int, count)
	switch {
	case fitsEqual:
		for i := range widths {
			widths[i] = total / count
		}
		return widths
	case needed <= total:
		share := (total - needed) / count
		for i := range widths {
			widths[i] = need[i] + share
		}
		return widths
	}
	return narrowHelpColumnWidths(columns, need, total)
}

// gapAfter returns the gap after column i of count.
func gapAfter(i, count int) int {
	if i < count-1 {
		return helpColumnGap
	}
	return 0
}

// narrowHelpColumnWidths returns widths for columns that need more than
// total cells in all (need, gaps included) and so must wrap some rows. It
// picks the lowest height that every column reaches within total, gives
// each column the narrowest width for that height, and then the cells
// left over to the columns short of their need, so that fewer rows wrap.
// When even the narrowest widths do not fit, the columns get equal widths.
func narrowHelpColumnWidths(columns []helpColumn, need []int, total int) []int {
	count := len(columns)
	widths := make([]int, count)
	// The tallest column is minHeight lines unwrapped and maxHeight lines
	// with one cell for each description.
	minHeight, maxHeight := 0, 0
	for i, column := range columns {
		minHeight = max(minHeight, column.height(need[i]-gapAfter(i, count)))
		maxHeight = max(maxHeight, column.height(column.keyWidth()+3))
	}
	for height := minHeight; height <= maxHeight; height++ {
		used := 0
		for i, column := range columns {
			widths[i] = narrowestHelpColumn(column, need[i], gapAfter(i, count), height)
			used += widths[i]
		}
		if used > total {
			continue
		}
		giveLeftOver(widths, need, total-used)
		return widths
	}
	for i := range widths {
		widths[i] = total / count
	}
	return widths
}

// giveLeftOver adds left cells to widths: first to the columns short of
// their need, the shortest first, up to that need, then equally to all.
func giveLeftOver(widths, need []int, left int) {
	order := make([]int, len(widths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return (need[a] - widths[a]) - (need[b] - widths[b])
	})
	for _, i := range order {
		add := min(left, max(need[i]-widths[i], 0))
		widths[i] += add
		left -= add
	}
	for i := range widths {
		widths[i] += left / len(widths)
	}
}

// narrowestHelpColumn returns the narrowest width, gap included and at
// most need, at which column is at most height lines tall.
//
// NOTE: the search stops at the first width that makes the column taller.
// Wrapping can put a word on a line of its own at one width and not at a
// narrower one, so a narrower width may fit again, which this misses.
func narrowestHelpColumn(column helpColumn, need, gap, height int) int {
	width := need
	for width-gap > column.keyWidth()+3 && column.height(width-1-gap) <= height {
		width--
	}
	return width
}

// helpView draws the help overlay in height lines: every key in three
// groups, side by side when the screen is wide enough, then the notes, the
// config file when the header cuts it, and how to close. On a screen too short for every line, even without the
// blank ones, the lines between the title and how to close scroll (see
// helpScrollView).
func (m Model) helpView(height int) string {
	lines := m.helpLines()
	if fitted, ok := fitHelpLines(append(lines, m.helpCloseLine()), height); ok {
		return joinLines(fitted, m.width, height)
	}
	return m.helpScrollView(lines[0], scrollingHelpLines(lines), height)
}

// helpLines returns the help overlay's lines above how to close it: the
// title, the keys, the notes and, when the header cannot show it whole,
// the config file.
func (m Model) helpLines() []string {
	s := m.c.styles
	l := m.c.l
	titles := []string{l.T("help.groupMove"), l.T("help.groupView"), l.T("help.groupActions")}
	columns := make([]helpColumn, 0, len(titles))
	for i, group := range m.availableHelp() {
		columns = append(columns, helpColumn{title: titles[i], bindings: group})
	}

	lines := []string{s.TitleFocused.Render(l.T("help.title")), ""}
	if m.width >= minHelpColumnsWidth {
		widths := helpColumnWidths(columns, m.width-2)
		texts := make([][]string, len(columns))
		rows := 0
		for i, column := range columns {
			texts[i] = column.lines(&s, widths[i]-gapAfter(i, len(columns)))
			rows = max(rows, len(texts[i]))
		}
		for r := 0; r < rows; r++ {
			var b strings.Builder
			b.WriteString("  ")
			for i, text := range texts {
				line := ""
				if r < len(text) {
					line = text[r]
				}
				b.WriteString(fitLine(line, widths[i]))
			}
			lines = append(lines, b.String())
		}
	} else {
		for _, column := range columns {
			for _, line := range column.lines(&s, max(m.width-2, 1)) {
				lines = append(lines, "  "+line)
			}
			lines = append(lines, "")
		}
	}

	lines = append(lines, "")
	notes := []string{l.T("help.queueFilter")}
	if !m.opts.ReadOnly && m.opts.QueueActor != nil {
		notes = append(notes, l.T("help.queueScope"))
	}
	if rootOnly := m.rootOnlyHelp(); len(rootOnly) > 0 {
		names := make([]string, len(rootOnly))
		for i, b := range rootOnly {
			names[i] = b.Help().Key
		}
		notes = append(notes, l.T("help.needsRoot", map[string]any{"Keys": l10n.List(names)}))
	}
	for _, text := range notes {
		for _, line := range wrapText(text, max(m.width-4, 1)) {
			lines = append(lines, "  "+line)
		}
	}
	// The header stays above the overlay, so the overlay names the config
	// file only when the header cuts or shortens it.
	if _, configWhole := m.headerSources(); !configWhole {
		config := l.T("header.configNone")
		if m.opts.ConfigPath != "" {
			config = m.configPathText("help.configFile", m.width-2)
		}
		lines = append(lines, "  "+config)
	}
	return lines
}

// helpCloseLine returns the help overlay's last line, how to close it.
func (m Model) helpCloseLine() string {
	return "  " + m.c.styles.Muted.Render(m.c.l.T("help.close"))
}

// fitHelpLines returns lines with blank lines left out, from the bottom up,
// until they fit in height, and whether they fit then. So on a screen
// such as 80x24 the keys and how to close the overlay stay.
func fitHelpLines(lines []string, height int) ([]string, bool) {
	lines = slices.Clone(lines)
	for i := len(lines) - 1; i >= 0 && len(lines) > height; i-- {
		if lines[i] == "" {
			lines = slices.Delete(lines, i, i+1)
		}
	}
	return lines, len(lines) <= height
}
