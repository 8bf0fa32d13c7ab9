package tui

import (
	"strings"
	"time"

	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// messageList is the view of one domain's recent messages.
type messageList struct {
	c       *common
	domain  string
	rows    []stats.MessageSummary // sanitized
	loaded  bool
	cursor  listCursor
	width   int
	height  int
	now     time.Time
	focused bool
	// followID is a queue ID that the cursor moves to when the rows list
	// it: the new ID of a requeued message. It is cleared then.
	followID string
}

// SetSize sets the view's size; the first two lines are the title and the
// column headers.
func (v *messageList) SetSize(width, height int) {
	v.width, v.height = width, height
	v.cursor.setHeight(height - 2)
}

// Reset starts the view on another domain, empty until its rows arrive.
func (v *messageList) Reset(domain string) {
	v.domain = domain
	v.rows = nil
	v.loaded = false
	v.cursor = listCursor{height: v.cursor.height}
}

// SetRows replaces the rows and keeps the cursor on the same queue ID and
// recipient when they are still listed. A cursor on the first row stays
// there, following the newest message.
func (v *messageList) SetRows(rows []stats.MessageSummary, now time.Time) {
	var selected stats.MessageSummary
	// The cursor stays on its message when the rows move, the first row
	// included, so that enter opens the message the operator is looking at.
	hadSelection := v.cursor.selected >= 0 && v.cursor.selected < len(v.rows)
	if hadSelection {
		selected = v.rows[v.cursor.selected]
	}
	v.rows = make([]stats.MessageSummary, len(rows))
	for i, r := range rows {
		v.rows[i] = sanitizeSummary(r)
	}
	v.loaded = true
	v.now = now
	v.cursor.setLen(len(v.rows))
	if v.selectFollowed() || !hadSelection {
		return
	}
	for i, r := range v.rows {
		if r.QueueID == selected.QueueID && r.Recipient == selected.Recipient {
			v.cursor.selectIndex(i)
			return
		}
	}
}

// followQueueID moves the cursor to the first row of queueID, now or when
// later rows list it.
func (v *messageList) followQueueID(queueID string) {
	v.followID = queueID
	v.selectFollowed()
}

// selectFollowed moves the cursor to the first row of followID, if listed,
// and reports whether it did.
func (v *messageList) selectFollowed() bool {
	if v.followID == "" {
		return false
	}
	for i, r := range v.rows {
		if r.QueueID == v.followID {
			v.cursor.selectIndex(i)
			v.followID = ""
			return true
		}
	}
	return false
}

// sanitizeSummary returns r with every text from the log sanitized.
func sanitizeSummary(r stats.MessageSummary) stats.MessageSummary {
	r.QueueID = Sanitize(r.QueueID)
	r.Sender = Sanitize(r.Sender)
	r.Recipient = Sanitize(r.Recipient)
	r.DSN = Sanitize(r.DSN)
	r.Reason = Sanitize(r.Reason)
	return r
}

// SelectedQueueID returns the queue ID under the cursor, or "".
func (v *messageList) SelectedQueueID() string {
	row, _ := v.SelectedRow()
	return row.QueueID
}

// SelectedRow returns the row under the cursor; ok is false when the list
// has none.
func (v *messageList) SelectedRow() (row stats.MessageSummary, ok bool) {
	if v.cursor.selected < len(v.rows) {
		return v.rows[v.cursor.selected], true
	}
	return stats.MessageSummary{}, false
}

// listLayout holds the column widths of the message list; zero hides one.
type listLayout struct {
	time, queueID, sender, recipient, status, class, reply int
}

// layoutMessageList fits the columns into width. The sender shows from 110
// columns; the reply takes what is left and the class goes when the reply
// would get fewer than 10 cells.
func layoutMessageList(width int) listLayout {
	l := listLayout{time: 11, queueID: 15, recipient: 20, status: 8, class: 12}
	if width >= 110 {
		l.sender = 22
		l.recipient = 26
	}
	used := 2
	for _, w := range []int{l.time, l.queueID, l.sender, l.recipient, l.status, l.class} {
		if w > 0 {
			used += w + 1
		}
	}
	l.reply = width - used
	if l.reply < 10 {
		l.class = 0
		l.reply += 13
	}
	return l
}

// View draws the view in exactly height lines of width cells.
func (v *messageList) View() string {
	s := v.c.styles
	l := v.c.l
	lines := []string{s.TitleFocused.Render(fit(l.T("msgs.title", map[string]any{"Domain": v.c.domainLabel(v.domain)}), v.width))}

	layout := layoutMessageList(v.width)
	header := []string{"  " + fit(l.T("col.time"), layout.time), fit(l.T("col.queueID"), layout.queueID)}
	if layout.sender > 0 {
		header = append(header, fit(l.T("col.sender"), layout.sender))
	}
	header = append(header, fit(l.T("col.recipient"), layout.recipient), fit(l.T("col.status"), layout.status))
	if layout.class > 0 {
		header = append(header, fit(l.T("col.reason"), layout.class))
	}
	header = append(header, fit(l.T("col.reply"), layout.reply))
	lines = append(lines, s.ColumnHeader.Render(fitLine(strings.Join(header, " "), v.width)))

	switch {
	case !v.loaded:
		lines = append(lines, s.Muted.Render(fit("  "+l.T("msgs.loading"), v.width)))
	case len(v.rows) == 0:
		lines = append(lines, s.Muted.Render(fit("  "+l.T("msgs.empty"), v.width)))
	}
	from, to := v.cursor.visible()
	for i := from; i < to; i++ {
		lines = append(lines, v.rowLine(v.rows[i], layout, i == v.cursor.selected))
	}
	return joinLines(lines, v.width, v.height)
}

// rowLine draws one message row; the cursor row is reversed as a whole.
func (v *messageList) rowLine(r stats.MessageSummary, l listLayout, selected bool) string {
	s := v.c.styles
	var b strings.Builder
	b.WriteString(rowPrefix(selected, false))
	b.WriteString(fit(v.c.clock(v.now, r.Time), l.time))
	b.WriteByte(' ')
	b.WriteString(fit(r.QueueID, l.queueID))
	if l.sender > 0 {
		b.WriteByte(' ')
		b.WriteString(fit(displaySender(r.Sender), l.sender))
	}
	b.WriteByte(' ')
	b.WriteString(fit(r.Recipient, l.recipient))
	b.WriteByte(' ')
	b.WriteString(v.statusCell(r, l.status, selected))
	if l.class > 0 {
		b.WriteByte(' ')
		b.WriteString(fit(v.c.classColumnLabel(r.Class), l.class))
	}
	b.WriteByte(' ')
	reply := r.Reason
	if r.DSN != "" {
		reply = r.DSN + " " + reply
	}
	if r.State == stats.StateRequeued && r.RequeuedAs != "" && awaitsRetry(r.Status) {
		reply = v.c.l.T("msgs.requeuedAs", map[string]any{"QueueID": Sanitize(r.RequeuedAs)}) + " " + reply
	}
	reply = fit(reply, l.reply)
	if !selected {
		reply = s.Muted.Render(reply)
	}
	b.WriteString(reply)

	line := fitLine(b.String(), v.width)
	if selected {
		return s.Selected.Render(line)
	}
	return line
}

// statusCell returns the status column of r in width cells. A recipient
// still waiting for another attempt shows what became of its message
// instead: held, deleted or requeued by an operator, or expired, as the
// message view's state shows. Its last attempt's status, deferred, would
// read as if the message were still queued. The cursor row is left
// unstyled, because it is reversed as a whole.
func (v *messageList) statusCell(r stats.MessageSummary, width int, selected bool) string {
	label, style := "", v.c.styles.Muted
	if awaitsRetry(r.Status) {
		switch r.State {
		case stats.StateHeld:
			label, style = v.c.l.T("msgs.held"), v.c.styles.Deferred
		case stats.StateDeleted:
			label = v.c.l.T("msgs.deleted")
		case stats.StateRequeued:
			label = v.c.l.T("msgs.requeued")
		case stats.StateExpired:
			label, style = v.c.l.T("status.expired"), v.c.styles.Expired
		}
	}
	switch {
	case label == "" && selected:
		return fit(v.c.statusLabel(r.Status), width)
	case label == "":
		return v.c.statusText(r.Status, width)
	case selected:
		return fit(label, width)
	}
	return style.Render(fit(label, width))
}

// awaitsRetry reports whether a recipient with this last status waits for
// another attempt while its message is queued.
func awaitsRetry(status parsers.Status) bool {
	return status == parsers.StatusDeferred || status == parsers.StatusSoftBounce
}

// displaySender returns the sender for display: "<>" for the null sender.
func displaySender(sender string) string {
	if sender == "" {
		return "<>"
	}
	return sender
}
