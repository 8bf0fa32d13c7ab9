package tui

import (
	"strings"
	"time"

	"github.com/mailtop/mailtop/stats"
)

// feedRow is one failure of the live feed with its text sanitized.
type feedRow struct {
	stats.Failure
	Watched bool
}

// buildFeedRows returns the failures with watch-list domains first, in
// watch-list order (docomo.ne.jp first by default), and each group newest
// first as the snapshot lists them. A non-empty filter keeps the failures
// whose domain contains it, as the domain table does. Every text field is
// sanitized.
func buildFeedRows(failures []stats.Failure, watch []string, filter string) []feedRow {
	filter = strings.ToLower(filter)
	rank := make(map[string]int, len(watch))
	for i, domain := range watch {
		rank[domain] = i
	}
	buckets := make([][]feedRow, len(watch)+1)
	for _, f := range failures {
		if filter != "" && !strings.Contains(f.Domain, filter) {
			continue
		}
		row := feedRow{Failure: sanitizeFailure(f)}
		i, ok := rank[f.Domain]
		if !ok {
			i = len(watch)
		}
		row.Watched = ok
		buckets[i] = append(buckets[i], row)
	}
	rows := make([]feedRow, 0, len(failures))
	for _, bucket := range buckets {
		rows = append(rows, bucket...)
	}
	return rows
}

// sanitizeFailure returns f with every text from the log sanitized.
func sanitizeFailure(f stats.Failure) stats.Failure {
	f.QueueID = Sanitize(f.QueueID)
	f.Sender = Sanitize(f.Sender)
	f.Recipient = Sanitize(f.Recipient)
	f.Domain = Sanitize(f.Domain)
	f.DSN = Sanitize(f.DSN)
	f.Relay = Sanitize(f.Relay)
	f.Reason = Sanitize(f.Reason)
	return f
}

// failureFeed is the pane with the newest failures.
type failureFeed struct {
	c       *common
	rows    []feedRow
	cursor  listCursor
	width   int
	height  int
	focused bool
	now     time.Time
	dated   bool // a row is of an earlier day than now (see layoutFeed)
	title   string
	empty   string // shown when there are no rows
}

// SetSize sets the pane's size; the first line is the title.
func (f *failureFeed) SetSize(width, height int) {
	f.width, f.height = width, height
	f.cursor.setHeight(height - 1)
}

// SetRows replaces the rows and keeps the cursor on the same failure when
// it is still listed. A cursor on the first row stays there, following the
// newest failure.
func (f *failureFeed) SetRows(rows []feedRow, now time.Time) {
	var selected feedRow
	hadSelection := f.cursor.selected > 0 && f.cursor.selected < len(f.rows)
	if hadSelection {
		selected = f.rows[f.cursor.selected]
	}
	f.rows = rows
	f.now = now
	f.dated = hasEarlierDay(f.c, rows, now)
	f.cursor.setLen(len(rows))
	if !hadSelection {
		return
	}
	for i, r := range rows {
		if r.QueueID == selected.QueueID && r.Time.Equal(selected.Time) && r.Recipient == selected.Recipient {
			f.cursor.selectIndex(i)
			return
		}
	}
}

// SelectedQueueID returns the queue ID of the failure under the cursor, or "".
func (f *failureFeed) SelectedQueueID() string {
	if f.cursor.selected < len(f.rows) {
		return f.rows[f.cursor.selected].QueueID
	}
	return ""
}

// feedLayout holds the column widths of the feed for one screen width; a
// zero width hides the column.
type feedLayout struct {
	time, status, queueID, recipient, class, dsn, reason int
}

// layoutFeed fits the feed's columns into width. At 80 columns it shows
// time, status, recipient, class and reason. From 100 the DSN is added and
// from 120 the queue ID. The reason takes what is left. dated is set when
// a row is of an earlier day than now. Below 100 columns the time column
// then widens from 15:04:05 to 01/02 15:04, and the recipient gives up
// the cells, so that no row loses its time of day.
func layoutFeed(width int, dated bool) feedLayout {
	l := feedLayout{time: 8, status: 8, recipient: 22, class: 12}
	if dated {
		l.time, l.recipient = 11, 19
	}
	if width >= 100 {
		l.time = 11
		l.dsn = 6
		l.recipient = 28
	}
	if width >= 120 {
		l.queueID = 15
	}
	used := 2
	for _, w := range []int{l.time, l.status, l.queueID, l.recipient, l.class, l.dsn} {
		if w > 0 {
			used += w + 1
		}
	}
	l.reason = width - used
	if l.reason < 8 {
		l.class = 0
		l.reason += 13
	}
	return l
}

// hasEarlierDay reports whether a row's failure is of an earlier day than
// now in the zone c shows times in, which formatClock shows with its date.
func hasEarlierDay(c *common, rows []feedRow, now time.Time) bool {
	for _, r := range rows {
		if len(c.clock(now, r.Time)) > len("15:04:05") {
			return true
		}
	}
	return false
}

// View draws the pane in exactly height lines of width cells.
func (f *failureFeed) View() string {
	if f.height <= 0 {
		return ""
	}
	s := f.c.styles
	titleStyle := s.Title
	if f.focused {
		titleStyle = s.TitleFocused
	}
	lines := []string{titleStyle.Render(fit(f.title, f.width))}
	if len(f.rows) == 0 {
		lines = append(lines, s.Muted.Render(fit("  "+f.empty, f.width)))
	}
	layout := layoutFeed(f.width, f.dated)
	from, to := f.cursor.visible()
	for i := from; i < to; i++ {
		selected := i == f.cursor.selected && f.focused
		lines = append(lines, f.rowLine(f.rows[i], layout, selected))
	}
	return joinLines(lines, f.width, f.height)
}

// rowLine draws one failure; the cursor row is reversed as a whole.
func (f *failureFeed) rowLine(r feedRow, l feedLayout, selected bool) string {
	s := f.c.styles
	var b strings.Builder
	b.WriteString(rowPrefix(selected, r.Watched))
	b.WriteString(fit(f.c.clock(f.now, r.Time), l.time))
	b.WriteByte(' ')
	if selected {
		b.WriteString(fit(f.c.statusLabel(r.Status), l.status))
	} else {
		b.WriteString(f.c.statusText(r.Status, l.status))
	}
	if l.queueID > 0 {
		b.WriteByte(' ')
		b.WriteString(fit(r.QueueID, l.queueID))
	}
	b.WriteByte(' ')
	recipient := fit(r.Recipient, l.recipient)
	if r.Watched && !selected {
		recipient = s.Watch.Render(recipient)
	}
	b.WriteString(recipient)
	if l.class > 0 {
		b.WriteByte(' ')
		b.WriteString(fit(f.c.classColumnLabel(r.Class), l.class))
	}
	if l.dsn > 0 {
		b.WriteByte(' ')
		b.WriteString(fit(r.DSN, l.dsn))
	}
	b.WriteByte(' ')
	reason := fit(r.Reason, l.reason)
	if !selected {
		reason = s.Muted.Render(reason)
	}
	b.WriteString(reason)

	line := fitLine(b.String(), f.width)
	if selected {
		return s.Selected.Render(line)
	}
	return line
}
