package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/sources"
)

// queueLayout holds the column widths of the queue list; zero hides one.
type queueLayout struct {
	id, queue, age, retry, size, sender, recipients, domain, class, reason int
}

// layoutQueueList fits the columns into width. Retry, size and sender show
// from 110 columns, the domain from 150; the reason takes what is left, and
// the class goes when the reason would get fewer than 12 cells. Retry and
// size get at least 5 cells, and more when retryWidth or sizeWidth, the
// widest header or word of the language, needs more.
func layoutQueueList(width, idWidth, retryWidth, sizeWidth int) queueLayout {
	l := queueLayout{id: idWidth, queue: 8, age: 5, recipients: 20, class: 12}
	if width >= 110 {
		l.retry, l.size, l.sender, l.recipients = max(5, retryWidth), max(5, sizeWidth), 22, 24
	}
	if width >= 150 {
		l.domain = 16
	}
	used := 2
	for _, w := range []int{l.id, l.queue, l.age, l.retry, l.size, l.sender, l.recipients, l.domain, l.class} {
		if w > 0 {
			used += w + 1
		}
	}
	l.reason = width - used
	if l.reason < 12 {
		l.class = 0
		l.reason += 13
	}
	return l
}

// View draws the queue screen in exactly height lines of width cells.
func (q *queueScreen) View() string {
	lines := append([]string{q.titleLine()}, q.statusLines()...)
	if q.mode == queueModeShape {
		lines = append(lines, q.shapeLines()...)
	} else {
		lines = append(lines, q.listLines()...)
	}
	return joinLines(lines, q.width, q.height)
}

// titleLine names the view, the counts per queue, the tags, the sort
// order and the filter. Before a queue was read there are no counts,
// which would read as an empty queue. When the line is too wide, the sort
// order and then the --domain part take shorter forms, and at last the
// sort order goes, so that the counts and the domain stay readable.
func (q *queueScreen) titleLine() string {
	l := q.c.l
	head := []string{l.T("queue.title")}
	if q.mode == queueModeShape {
		head = []string{l.T("queue.shapeTitle", map[string]any{"Queue": shapeQueues[q.shapeQueue]})}
	}
	if q.snapshot != nil {
		counts := q.counts()
		var queues []string
		for _, name := range sources.MessageQueues {
			if n := counts[name]; n > 0 || name == sources.QueueDeferred || name == sources.QueueHold {
				queues = append(queues, name+" "+strconv.Itoa(n))
			}
		}
		head = append(head, strings.Join(queues, " "))
	}
	if q.snapshot != nil && q.mode == queueModeList && (!q.filter.IsZero() || q.ages.set) {
		// The counts are of the whole queue or --domain's part of it,
		// and the filter lists fewer.
		head = append(head, l.T("queue.listed", map[string]any{"Count": len(q.rows)}))
	}
	var tagged string
	if n := len(q.taggedMessages()); n > 0 {
		tagged = l.T("queue.tagged", map[string]any{"Count": n})
		head = append(head, tagged)
	}

	var sortFull, sortShort string
	if q.mode == queueModeList {
		column := map[string]any{"Column": l.T(queueColumnLabelIDs[q.sortBy])}
		if q.reversed {
			sortFull = l.T("domains.sortReversed", column)
			sortShort = l.T("queue.sortShortReversed", column)
		} else {
			sortFull = l.T("domains.sort", column)
			sortShort = l.T("queue.sortShort", column)
		}
	}
	var domainFull, domainShort string
	if q.domainOnly != "" {
		domainFull = l.T("domains.only", map[string]any{"Domain": q.domainOnly})
		domainShort = l.T("queue.onlyShort", map[string]any{"Domain": q.domainOnly})
	}

	var tail []string
	switch {
	case q.filterErrShown && q.filter.IsZero():
		// The status line shows the rejected text, and the title states
		// that no filter is in force.
		tail = append(tail, l.T("domains.filter", map[string]any{"Text": l.T("queue.filterNone")}))
	case q.filterErrShown:
		tail = append(tail, l.T("domains.filter", map[string]any{"Text": Sanitize(q.appliedText)}))
	case q.filterErr != "":
		// Text still being typed that does not parse yet: the title
		// marks it as not in force, on the same line, so the list does
		// not move.
		text := l.T("queue.filterPending", map[string]any{"Text": Sanitize(q.filterText) + "_"})
		tail = append(tail, l.T("domains.filter", map[string]any{"Text": text}))
	case q.filterText != "" || q.filtering:
		text := Sanitize(q.filterText)
		if q.filtering {
			text += "_"
		}
		tail = append(tail, l.T("domains.filter", map[string]any{"Text": text}))
	}
	if q.ages.set {
		tail = append(tail, l.T("queue.ages", map[string]any{"Range": ageRangeLabel(q.ages)}))
	}

	forms := [][2]string{
		{sortFull, domainFull},
		{sortShort, domainFull},
		{sortShort, domainShort},
		{"", domainShort},
	}
	var title string
	var parts []string
	for _, form := range forms {
		parts = slices.Clone(head)
		for _, part := range form {
			if part != "" {
				parts = append(parts, part)
			}
		}
		parts = append(parts, tail...)
		title = strings.Join(parts, " · ")
		if ansi.StringWidth(title) <= q.width {
			break
		}
	}
	if tagged != "" && ansi.StringWidth(title) > q.width {
		// The actions act on tagged messages, listed or not, so their
		// count must not be cut off with the end of the title: it moves
		// before the queue counts.
		parts = slices.DeleteFunc(parts, func(part string) bool { return part == tagged })
		title = strings.Join(slices.Insert(parts, 1, tagged), " · ")
	}
	return q.c.styles.TitleFocused.Render(fit(title, q.width))
}

// maxStatusLines bounds the wrapped status under the queue screen's title,
// so that a long scan error leaves room for the list. A rejected filter
// gets up to maxFilterErrorLines, because its text lists every class name
// (5 lines at 80 columns in English).
const (
	maxStatusLines      = 3
	maxFilterErrorLines = 6
)

// statusLines returns the status under the title, wrapped to the width:
// where the listing comes from and what cannot be done, or the filter's
// or the scan's error.
func (q *queueScreen) statusLines() []string {
	style, text := q.status()
	lines := wrapText(text, max(q.width, 1))
	limit := maxStatusLines
	switch {
	case q.filterErrShown:
		limit = maxFilterErrorLines
	case q.scanErr != "" && q.snapshot == nil:
		// With no scan there is no list, so the error may take every
		// row under the title but one, the column headers.
		limit = max(maxStatusLines, q.height-2)
	}
	if !q.filterErrShown && q.denied > 0 && q.snapshot != nil && q.snapshot.PostqueueError != "" {
		// postqueue's error gets up to 2 lines of its own after the
		// explanation, which takes up to 3 lines at 80 columns.
		limit += 2
	}
	if len(lines) > limit {
		lines = lines[:limit]
		lines[limit-1] = fitLine(lines[limit-1]+ellipsis, q.width)
	}
	for i, line := range lines {
		lines[i] = style.Render(fit(line, q.width))
	}
	if q.postfix.stopped() && !q.demo {
		// The warning comes first: while Postfix is stopped, no message
		// in the list is delivered or retried.
		stopped := wrapText(q.c.postfixStoppedText(q.postfix), max(q.width, 1))
		if len(stopped) > maxPostfixLines {
			stopped = stopped[:maxPostfixLines]
			stopped[maxPostfixLines-1] = fitLine(stopped[maxPostfixLines-1]+ellipsis, q.width)
		}
		for i, line := range stopped {
			stopped[i] = q.c.styles.Error.Render(fit(line, q.width))
		}
		lines = append(stopped, lines...)
	}
	return lines
}

// status returns the style and the text of the status lines.
func (q *queueScreen) status() (lipgloss.Style, string) {
	s := q.c.styles
	l := q.c.l
	switch {
	case q.filterErrShown:
		return s.Error, q.filterErr
	case q.scanErr != "" && q.snapshot == nil:
		return s.Error, joinHint(l.T("queue.readFailed", map[string]any{"Error": q.scanErr}), q.scanHint)
	case q.scanErr != "":
		return s.Error, joinHint(l.T("queue.scanFailed", map[string]any{"Error": q.scanErr}), q.scanHint)
	case q.snapshot == nil && !q.watched && q.noInstance:
		return s.Warning, l.T("queue.noInstance")
	case q.snapshot == nil && !q.watched:
		return s.Warning, l.T("queue.notWatched")
	case q.snapshot == nil:
		return s.Muted, l.T("queue.waiting")
	case q.denied > 0:
		command := "sudo mailtop"
		if q.snapshot.ConfigDir != "" {
			command += " -c " + Sanitize(q.snapshot.ConfigDir)
		}
		text := l.T(pluralID(q.denied, "queue.deniedOne", "queue.deniedMany"), map[string]any{"Count": q.denied, "Command": command})
		if q.snapshot.PostqueueError != "" {
			text += "\n" + l.T("queue.deniedPostqueue", map[string]any{"Error": Sanitize(q.snapshot.PostqueueError)})
		}
		return s.Warning, text
	case len(q.snapshot.Errors) > 0:
		n := len(q.snapshot.Errors)
		return s.Warning, l.T(pluralID(n, "queue.unreadableOne", "queue.unreadableMany"),
			map[string]any{"Count": n, "Error": footerLine(q.snapshot.Errors[0].Error())})
	case q.fileProblems > 0:
		return s.Warning, l.T(pluralID(q.fileProblems, "queue.fileProblemsOne", "queue.fileProblemsMany"),
			map[string]any{"Count": q.fileProblems, "Owner": q.fix.owner, "Command": q.fix.command})
	case q.fromPostqueue() && !q.readOnly:
		return s.Warning, l.T("queue.fromPostqueueActions")
	case q.fromPostqueue():
		return s.Warning, l.T("queue.fromPostqueue")
	case q.demo:
		return s.Muted, l.T("queue.fromDemo")
	}
	return s.Muted, l.T("queue.fromDirectory", map[string]any{"Dir": Sanitize(q.snapshot.Dir)})
}

// joinHint returns text with hint on a line of its own after it, or text
// alone when hint is "".
func joinHint(text, hint string) string {
	if hint == "" {
		return text
	}
	return text + "\n" + hint
}

// listLines returns the column headers and the visible rows.
func (q *queueScreen) listLines() []string {
	s := q.c.styles
	l := q.c.l
	idWidth := 10
	for _, row := range q.rows {
		idWidth = max(idWidth, len(queueIDCell(row.msg)))
	}
	// The retry column is as wide as its header or its widest cell. In
	// Japanese only a message whose retry time has passed makes it wider,
	// because 予定時刻経過 is wider than the header. Without such a
	// message the column keeps to its header and leaves no gap after the
	// age.
	retryWidth := ansi.StringWidth(l.T("qcol.retry"))
	for _, row := range q.rows {
		retryWidth = max(retryWidth, ansi.StringWidth(q.retryCell(row.msg)))
	}
	layout := layoutQueueList(q.width, min(idWidth, 16), retryWidth, ansi.StringWidth(l.T("qcol.size")))

	header := []string{"  " + fit(l.T("qcol.queueID"), layout.id), fit(l.T("qcol.queue"), layout.queue), fitRight(l.T("qcol.age"), layout.age)}
	if layout.retry > 0 {
		header = append(header, fitRight(l.T("qcol.retry"), layout.retry), fitRight(l.T("qcol.size"), layout.size), fit(l.T("qcol.sender"), layout.sender))
	}
	header = append(header, fit(l.T("qcol.recipients"), layout.recipients))
	if layout.domain > 0 {
		header = append(header, fit(l.T("qcol.domain"), layout.domain))
	}
	if layout.class > 0 {
		header = append(header, fit(l.T("qcol.class"), layout.class))
	}
	header = append(header, fit(l.T("qcol.reason"), layout.reason))
	lines := []string{s.ColumnHeader.Render(fitLine(strings.Join(header, " "), q.width))}

	if len(q.rows) == 0 && q.snapshot != nil {
		empty := l.T("queue.empty")
		switch {
		case q.noneReadable():
			// The title counts the files that could not be read, and the
			// status line gives the reason.
			empty = l.T("queue.noneReadable")
		case q.filterText != "" || q.ages.set:
			empty = l.T("queue.noMatch")
		case q.domainOnly != "" && len(q.snapshot.Messages) > 0:
			// The title counts only the domain's messages, so the line
			// explains that the queue has others.
			empty = l.T("queue.noneForDomain", map[string]any{"Domain": q.domainOnly})
		}
		// The note wraps, because its end gives the reason that no row shows.
		for _, line := range wrapText(empty, max(q.width-2, 1)) {
			lines = append(lines, s.Muted.Render(fit("  "+line, q.width)))
		}
	}
	from, to := q.cursor.visible()
	for i := from; i < to; i++ {
		lines = append(lines, q.rowLine(q.rows[i], layout, i == q.cursor.selected))
	}
	return lines
}

// rowLine draws one message: ">" marks the cursor and "+" a tag, so both
// show without colour.
func (q *queueScreen) rowLine(row queueRow, layout queueLayout, selected bool) string {
	s := q.c.styles
	m := row.msg
	prefix := []byte("  ")
	if selected {
		prefix[0] = '>'
	}
	if q.tags[keyOf(m)] {
		prefix[1] = '+'
	}
	cells := []string{string(prefix) + fit(Sanitize(queueIDCell(m)), layout.id), q.queueCell(m.Queue, layout.queue, selected), fitRight(formatAge(q.now, m.Arrival), layout.age)}
	if layout.retry > 0 {
		cells = append(cells, fitRight(q.retryCell(m), layout.retry), fitRight(formatBytes(m.Size), layout.size), fit(displaySender(Sanitize(m.Sender)), layout.sender))
	}
	cells = append(cells, fit(Sanitize(q.c.l.JoinList(row.addresses)), layout.recipients))
	if layout.domain > 0 {
		cells = append(cells, fit(Sanitize(row.domain), layout.domain))
	}
	// A message whose queue file Postfix cannot read shows that in place
	// of its class and reason, since Postfix will not deliver it.
	problem := q.c.fileProblemText(&m, q.fix)
	if layout.class > 0 {
		class := fit(q.c.classColumnLabel(row.class), layout.class)
		if problem != "" {
			class = fit(q.c.fileProblemLabel(m.FileProblem), layout.class)
			if !selected {
				class = s.Warning.Render(class)
			}
		}
		cells = append(cells, class)
	}
	reason := fit(Sanitize(row.reason), layout.reason)
	switch {
	case problem != "" && !selected:
		reason = s.Warning.Render(fit(problem, layout.reason))
	case problem != "":
		reason = fit(problem, layout.reason)
	case !selected:
		reason = s.Muted.Render(reason)
	}
	cells = append(cells, reason)
	line := fitLine(strings.Join(cells, " "), q.width)
	if selected {
		return s.Selected.Render(line)
	}
	return line
}

// queueIDCell returns the queue ID as the list shows it: with "#" after
// it when postsuper -e or -f set the message to expire, as mailtop queue
// marks it.
func queueIDCell(m sources.QueuedMessage) string {
	if m.ForcedExpire {
		return m.QueueID + "#"
	}
	return m.QueueID
}

// retryCell returns the retry column's text for m: the time until its
// next retry, the word for one that has passed, the word for a stopped
// Postfix, or "-" without a retry time.
func (q *queueScreen) retryCell(m sources.QueuedMessage) string {
	switch {
	case m.NextRetry.IsZero():
		return "-"
	case q.postfix.stopped():
		// qmgr, which retries, runs only while the master does.
		return q.c.l.T("queue.retryStopped")
	case m.NextRetry.After(q.now):
		return formatSeconds(m.NextRetry.Sub(q.now).Seconds())
	}
	return q.c.l.T("queue.retryDue")
}

// queueCell draws a queue name: held mail in the warning style, deferred
// in the deferred one.
func (q *queueScreen) queueCell(queue string, width int, selected bool) string {
	text := fit(queue, width)
	if selected {
		return text
	}
	switch queue {
	case sources.QueueHold, sources.QueueCorrupt:
		return q.c.styles.Warning.Render(text)
	case sources.QueueDeferred:
		return q.c.styles.Deferred.Render(text)
	}
	return text
}

// shapeLines returns the shape's column headers and rows: the total first,
// then one row per domain, counts per age bucket.
func (q *queueScreen) shapeLines() []string {
	s := q.c.styles
	l := q.c.l
	const cell = 6
	domainWidth := min(max(q.width-2-(len(shapeBucketLabels)+1)*cell, 8), 32)
	header := "  " + fit(l.T("qcol.domain"), domainWidth) + fitRight("T", cell)
	for _, label := range shapeBucketLabels {
		header += fitRight(label, cell)
	}
	lines := []string{s.ColumnHeader.Render(fitLine(header, q.width))}
	from, to := q.shapeCursor.visible()
	for i := from; i < to; i++ {
		row := q.shape[i]
		selectedRow := i == q.shapeCursor.selected
		name := Sanitize(row.domain)
		if row.domain == "" {
			name = l.T("queue.shapeTotal")
		}
		var b strings.Builder
		b.WriteString(rowPrefix(selectedRow, false))
		b.WriteString(fit(name, domainWidth))
		values := append([]int{row.total}, row.buckets[:]...)
		for column, n := range values {
			text := fitRight(strconv.Itoa(n), cell)
			if n == 0 {
				text = fitRight("-", cell)
			}
			switch {
			case selectedRow && column == q.shapeColumn:
				text = s.Selected.Render(text)
			case n == 0:
				text = s.Muted.Render(text)
			}
			b.WriteString(text)
		}
		line := fitLine(b.String(), q.width)
		if row.domain == "" && !selectedRow {
			line = s.Watch.Render(line)
		}
		lines = append(lines, line)
	}
	return lines
}

// ageRangeLabel shows an age range as the shape's column names it.
func ageRangeLabel(r ageRange) string {
	if r.to == 0 {
		return fmt.Sprintf("%dm+", int(r.from.Minutes()))
	}
	return fmt.Sprintf("%d-%dm", int(r.from.Minutes()), int(r.to.Minutes()))
}

// queuePromptShortenable are the fields of a queue confirmation that get
// shorter, the first one first, when the prompt is too long.
var queuePromptShortenable = []string{"Recipients", "Sender", "Domain"}
