package tui

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/mailtop/mailtop/stats"
)

// domainColumn is one column of the domain table.
type domainColumn uint8

const (
	colDomain domainColumn = iota
	colAttempts
	colSent
	colDeferred
	colBounced
	colExpired
	colClass
	colTrend
	colDelay
	colPending
	colOldest
)

// domainColumnLabels are the l10n ids of the column headers but the
// trend's, which trendLabel picks.
var domainColumnLabels = map[domainColumn]string{
	colDomain:   "col.domain",
	colAttempts: "col.attempts",
	colSent:     "col.sent",
	colDeferred: "col.deferred",
	colBounced:  "col.bounced",
	colExpired:  "col.expired",
	colClass:    "col.class",
	colDelay:    "col.delay",
	colPending:  "col.pending",
	colOldest:   "col.oldest",
}

// cell is a column with its width in terminal cells.
type cell struct {
	column domainColumn
	width  int
}

// minDomainWidth is the narrowest domain column before columns are dropped.
const minDomainWidth = 14

// layoutDomainColumns picks the columns that fit width (prefix and one
// space between columns included) and their widths. 80 columns get the
// essentials with a 10-cell sparkline and the count of queued messages in
// place of the average delay, because stuck mail matters more there.
// Wider screens add expired, the delay and oldest and a longer sparkline.
// The domain column takes what is left, up to 32 cells.
func layoutDomainColumns(width int) []cell {
	trend := 10
	switch {
	case width >= 200:
		trend = 60
	case width >= 160:
		trend = 30
	case width >= 120:
		trend = 20
	case width >= 100:
		trend = 12
	}
	class := 12
	if width >= 120 {
		class = 16
	}
	cells := []cell{
		{colAttempts, 6}, {colSent, 6}, {colDeferred, 6}, {colBounced, 6},
	}
	if width >= 100 {
		cells = append(cells, cell{colExpired, 8})
	}
	cells = append(cells, cell{colClass, class}, cell{colTrend, trend})
	if width >= 100 {
		cells = append(cells, cell{colDelay, 7})
	}
	cells = append(cells, cell{colPending, 6})
	if width >= 120 {
		cells = append(cells, cell{colOldest, 7})
	}

	// Drop columns from the right end of importance until the domain
	// column has its minimum.
	dropOrder := []domainColumn{colOldest, colPending, colExpired, colTrend, colDelay, colClass, colSent, colBounced}
	for _, drop := range dropOrder {
		if domainWidth(width, cells) >= minDomainWidth {
			break
		}
		cells = removeColumn(cells, drop)
	}
	domain := min(max(domainWidth(width, cells), 1), 32)
	return append([]cell{{colDomain, domain}}, cells...)
}

// domainWidth returns the cells left for the domain column.
func domainWidth(width int, cells []cell) int {
	used := 2 // the row prefix
	for _, c := range cells {
		used += c.width + 1
	}
	return width - used
}

// removeColumn returns cells without column.
func removeColumn(cells []cell, column domainColumn) []cell {
	out := cells[:0:0]
	for _, c := range cells {
		if c.column != column {
			out = append(out, c)
		}
	}
	return out
}

// domainTable is the pane with the watch list and the other domains. It
// holds either every row of the table, or only the pinned rows and one
// page of the others (see SetPage).
type domainTable struct {
	c       *common
	rows    []domainRow // the rows loaded
	pinned  int         // rows[:pinned] are the table's first rows
	first   int         // the table's row number of rows[pinned]
	total   int         // the rows in the table, loaded or not
	cursor  listCursor
	width   int
	height  int
	focused bool
	now     time.Time
	title   string // window, sort and filter, built by the model
	empty   string // shown when there are no rows
	// trendStep is the step of the rows' trends: time.Minute or time.Hour.
	trendStep time.Duration
	// frozenNote, when not "", means that the rows are the frozen page of
	// a paused screen, so rows that are not loaded will not be until the
	// screen resumes. It is drawn in place of the first of them on screen.
	frozenNote string
}

// SetSize sets the pane's size; the first two lines are the title and the
// column headers.
func (t *domainTable) SetSize(width, height int) {
	t.width, t.height = width, height
	t.cursor.setHeight(height - 2)
}

// SetRows replaces the rows with every row of the table and keeps the
// cursor on the same domain when it is still there.
func (t *domainTable) SetRows(rows []domainRow, now time.Time) {
	t.SetPage(rows, 0, 0, len(rows), now)
}

// SetPage replaces the rows with a part of a table of total rows: the
// first pinned of rows are the table's first rows, and the rest start at
// row first. The cursor stays on the same domain when it is loaded, and
// on the same row number otherwise.
func (t *domainTable) SetPage(rows []domainRow, pinned, first, total int, now time.Time) {
	selected := t.SelectedDomain()
	t.rows, t.pinned, t.first, t.total = rows, pinned, first, total
	t.now = now
	t.cursor.setLen(total)
	if selected == "" {
		return
	}
	for i, r := range rows {
		if r.Domain != selected {
			continue
		}
		if i < pinned {
			t.cursor.selectIndex(i)
		} else {
			t.cursor.selectIndex(first + i - pinned)
		}
		break
	}
}

// keepOnFrozenRows moves the cursor back onto the loaded rows of a frozen
// page after a move from row from, because the other rows stay blank until
// the screen resumes. A move past the end stops on the page's last row,
// with the note below it. A move up into the rows between the pinned ones
// and the page goes on to the last pinned row.
func (t *domainTable) keepOnFrozenRows(from int) {
	if t.frozenNote == "" || len(t.rows) <= t.pinned {
		return
	}
	last := t.first + len(t.rows) - t.pinned - 1
	selected := t.cursor.selected
	switch {
	case selected > last:
		// The page's last rows fill the screen, the note on its last line.
		t.cursor.offset = max(last-t.cursor.height+2, 0)
		t.cursor.selectIndex(last)
	case selected >= t.pinned && selected < t.first:
		if from >= t.first && t.pinned > 0 {
			t.cursor.selectIndex(t.pinned - 1)
		} else {
			t.cursor.selectIndex(t.first)
		}
	}
}

// row returns the table's row i, and false when it is not loaded.
func (t *domainTable) row(i int) (domainRow, bool) {
	if i >= 0 && i < t.pinned {
		return t.rows[i], true
	}
	j := t.pinned + i - t.first
	if i >= t.pinned && j >= t.pinned && j < len(t.rows) {
		return t.rows[j], true
	}
	return domainRow{}, false
}

// SelectedDomain returns the domain under the cursor, or "" when there is
// none or its row is not loaded yet.
func (t *domainTable) SelectedDomain() string {
	r, ok := t.row(t.cursor.selected)
	if !ok {
		return ""
	}
	return r.Domain
}

// View draws the pane in exactly height lines of width cells. A row not
// loaded yet, while a new page is on its way, is drawn as an ellipsis.
// Rows outside the frozen page of a paused screen are drawn blank, but for
// the first on screen, which shows frozenNote.
func (t *domainTable) View() string {
	if t.height <= 0 {
		return ""
	}
	s := t.c.styles
	titleStyle := s.Title
	if t.focused {
		titleStyle = s.TitleFocused
	}
	lines := []string{titleStyle.Render(fit(t.title, t.width))}

	cells := layoutDomainColumns(t.width)
	lines = append(lines, s.ColumnHeader.Render(fit(t.headerLine(cells), t.width)))

	if t.total == 0 {
		lines = append(lines, s.Muted.Render(fit("  "+t.empty, t.width)))
	}
	from, to := t.cursor.visible()
	noted := false
	for i := from; i < to; i++ {
		selected := i == t.cursor.selected && t.focused
		r, ok := t.row(i)
		if ok {
			lines = append(lines, t.rowLine(r, cells, selected))
			continue
		}
		text := ellipsis
		if t.frozenNote != "" {
			text = ""
			if !noted {
				text, noted = t.frozenNote, true
			}
		}
		lines = append(lines, s.Muted.Render(fit(rowPrefix(selected, false)+text, t.width)))
	}
	return joinLines(lines, t.width, t.height)
}

// headerLine returns the column headers.
func (t *domainTable) headerLine(cells []cell) string {
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		var label string
		if c.column == colTrend {
			label = t.trendLabel(c.width)
		} else {
			label = t.c.l.T(domainColumnLabels[c.column])
		}
		if c.column == colDomain || c.column == colClass || c.column == colTrend {
			b.WriteString(fit(label, c.width))
		} else {
			b.WriteString(fitRight(label, c.width))
		}
	}
	return b.String()
}

// trendLabel returns the trend column's header for the rows' trend step:
// the form that names the span when it fits width cells, else the short one.
func (t *domainTable) trendLabel(width int) string {
	short, long := "col.trendMinute", "col.trendMinuteSpan"
	if t.trendStep == time.Hour {
		short, long = "col.trendHour", "col.trendHourSpan"
	}
	if label := t.c.l.T(long); lipgloss.Width(label) <= width {
		return label
	}
	return t.c.l.T(short)
}

// rowLine draws one row; the cursor row is drawn plain and then reversed as
// a whole, because inner colour resets would cut the reverse short.
func (t *domainTable) rowLine(r domainRow, cells []cell, selected bool) string {
	s := t.c.styles
	plain := selected
	style := func(text string, st lipgloss.Style) string {
		if plain {
			return text
		}
		return st.Render(text)
	}

	var b strings.Builder
	b.WriteString(rowPrefix(selected, r.Watched))
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch c.column {
		case colDomain:
			text := fit(t.c.domainLabel(r.Domain), c.width)
			if r.Watched {
				text = style(text, s.Watch)
			}
			b.WriteString(text)
		case colAttempts:
			b.WriteString(fitRight(formatCount(r.Counts.Attempts), c.width))
		case colSent:
			b.WriteString(style(fitRight(formatPercent(r.Counts.Sent, r.Counts.Attempts), c.width), s.OK))
		case colDeferred:
			b.WriteString(countCell(r.Counts.Deferred, c.width, s.Deferred, plain))
		case colBounced:
			b.WriteString(countCell(r.Counts.Bounced, c.width, s.Bounced, plain))
		case colExpired:
			b.WriteString(countCell(r.Counts.Expired, c.width, s.Expired, plain))
		case colClass:
			b.WriteString(fit(t.c.classColumnLabel(topClass(r.Counts)), c.width))
		case colTrend:
			b.WriteString(style(fitRight(sparkline(r.Trend, c.width), c.width), s.Bounced))
		case colDelay:
			delay := "-"
			if avg := r.averageDelay(); avg >= 0 {
				delay = formatSeconds(avg)
			}
			b.WriteString(fitRight(delay, c.width))
		case colPending:
			b.WriteString(fitRight(formatCount(int64(r.Pending)), c.width))
		case colOldest:
			b.WriteString(fitRight(formatAge(t.now, r.OldestPending), c.width))
		}
	}
	line := fitLine(b.String(), t.width)
	if selected {
		return s.Selected.Render(line)
	}
	return line
}

// countCell draws a right-aligned count, styled when it is not zero.
func countCell(n int64, width int, st lipgloss.Style, plain bool) string {
	text := fitRight(formatCount(n), width)
	if n == 0 || plain {
		return text
	}
	return st.Render(text)
}

// joinLines pads or cuts lines to exactly height lines of width cells.
func joinLines(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:height]
	}
	blank := strings.Repeat(" ", width)
	for len(lines) < height {
		lines = append(lines, blank)
	}
	for i, line := range lines {
		lines[i] = fitLine(line, width)
	}
	return strings.Join(lines, "\n")
}

// windowLabel returns the on-screen name of a window, which the Japanese
// catalog words as a span (直近1時間) to read alike beside 全期間.
func windowLabel(c *common, w stats.Window) string {
	switch w {
	case stats.Window5m:
		return c.l.T("window.5m")
	case stats.Window15m:
		return c.l.T("window.15m")
	case stats.Window1h:
		return c.l.T("window.1h")
	case stats.Window24h:
		return c.l.T("window.24h")
	}
	return c.l.T("window.all")
}
