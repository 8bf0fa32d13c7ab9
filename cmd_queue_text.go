package main

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// queueColumns are the cells of one line of the queue listing.
type queueColumns struct {
	id, queue, age, size, retry, sender string
}

// queueColumnWidths are the widths in terminal cells of the padded
// columns of the queue listing.
type queueColumnWidths struct {
	id, queue, age, size, retry int
}

// widths returns the cells that c takes in each padded column.
func (c queueColumns) widths() queueColumnWidths {
	return queueColumnWidths{
		id: ansi.StringWidth(c.id), queue: ansi.StringWidth(c.queue), age: ansi.StringWidth(c.age),
		size: ansi.StringWidth(c.size), retry: ansi.StringWidth(c.retry),
	}
}

// grow widens each column of w to fit the same column of other.
func (w *queueColumnWidths) grow(other queueColumnWidths) {
	w.id = max(w.id, other.id)
	w.queue = max(w.queue, other.queue)
	w.age = max(w.age, other.age)
	w.size = max(w.size, other.size)
	w.retry = max(w.retry, other.retry)
}

// line joins the cells: ID, queue and next retry left-aligned, age and size
// right-aligned, the sender last and unpadded.
func (c queueColumns) line(widths queueColumnWidths) string {
	return padCells(c.id, widths.id) + "  " + padCells(c.queue, widths.queue) + "  " + padCellsLeft(c.age, widths.age) + "  " +
		padCellsLeft(c.size, widths.size) + "  " + padCells(c.retry, widths.retry) + "  " + c.sender
}

// padCells pads s with spaces on the right to width terminal cells.
func padCells(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
}

// padCellsLeft pads s with spaces on the left to width terminal cells.
func padCellsLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-ansi.StringWidth(s))) + s
}

// writeQueueMessage prints the line of m, its sender cut to fit lineWidth
// cells unless lineWidth is 0, a warning when Postfix cannot
// read its queue file (fix is the warning's data from queueFileFixData),
// and one line per pending recipient: address, DSN status, reason class
// and reason.
func writeQueueMessage(w *queueWriter, m sources.QueuedMessage, widths queueColumnWidths, lineWidth int, now time.Time, location *time.Location, tr *l10n.Localizer, classes *queueClassCache, fix map[string]any, stopped bool) {
	columns := queueMessageColumns(m, now, location, tr, stopped)
	// The sender gets the cells left of the line width, and at least
	// queueMinSenderWidth. The queue ID always stays whole, and --json
	// keeps the whole sender.
	if lineWidth > 0 {
		sender := columns.sender
		columns.sender = ""
		senderWidth := max(lineWidth-ansi.StringWidth(columns.line(widths)), queueMinSenderWidth)
		columns.sender = ansi.Truncate(sender, senderWidth, "…")
	}
	w.printf("%s\n", columns.line(widths))
	switch m.FileProblem {
	case sources.QueueFileNotOwned:
		data := maps.Clone(fix)
		data["UID"] = m.FileUID
		w.printf("    %s\n", tr.T("out.queue.fileNotOwned", data))
	case sources.QueueFileNotReadable:
		w.printf("    %s\n", tr.T("out.queue.fileNotReadable", fix))
	}

	done := 0
	for _, r := range m.Recipients {
		if r.Done {
			done++
			continue
		}
		line := "    " + tui.Sanitize(r.Address)
		if r.OrigAddress != "" && r.OrigAddress != r.Address {
			line += " " + tr.T("out.queue.origAddress", map[string]any{"Address": tui.Sanitize(r.OrigAddress)})
		}
		if r.Status != "" {
			line += "  " + tui.Sanitize(r.Status)
		}
		if r.Reason != "" {
			if class := classes.class(&r); class != "" {
				line += "  " + tr.T("class."+class)
			}
			line += "  " + tui.Sanitize(r.Reason)
		}
		if r.BounceReason != "" {
			line += "  " + tr.T("out.queue.bounced", map[string]any{"Reason": tui.Sanitize(r.BounceReason)})
		}
		w.printf("%s\n", line)
	}
	if done > 0 {
		w.printf("    %s\n", tr.T(queuePlural(done, "out.queue.doneOne", "out.queue.doneMany"), map[string]any{"Count": done}))
	}
}

// queueMessageColumns returns the cells of the line of m, with the whole
// sender. With stopped set, the next retry time shows that no retry will
// come while Postfix is stopped.
func queueMessageColumns(m sources.QueuedMessage, now time.Time, location *time.Location, tr *l10n.Localizer, stopped bool) queueColumns {
	id := m.QueueID
	if m.ForcedExpire {
		id += "#"
	}
	sender := "<>"
	if m.Sender != "" {
		sender = tui.Sanitize(m.Sender)
	}
	retry := "-"
	switch {
	case m.NextRetry.IsZero():
	case stopped && m.NextRetry.After(now):
		// qmgr, which retries, runs only while the master does.
		retry = tr.T("out.queue.retryStopped", map[string]any{"Retry": queueRetryClock(now, m.NextRetry, location, tr)})
	case stopped:
		retry = tr.T("out.queue.retryStopped", map[string]any{"Retry": tr.T("out.queue.retryDue")})
	case m.NextRetry.After(now):
		retry = queueRetryClock(now, m.NextRetry, location, tr) + " (" + formatQueueAge(m.NextRetry.Sub(now)) + ")"
	default:
		retry = tr.T("out.queue.retryDue")
	}
	return queueColumns{
		id: id, queue: m.Queue, age: formatQueueAge(now.Sub(m.Arrival)),
		size: strconv.FormatInt(m.Size, 10), retry: retry, sender: sender,
	}
}

// queueRetryClock formats the next retry time. English keeps 15:04:05 on
// every day; Japanese follows the screen, which shows 01/02 15:04 for a
// time on another day than now.
func queueRetryClock(now, t time.Time, location *time.Location, tr *l10n.Localizer) string {
	t = t.In(location)
	if tr.Lang() == l10n.English {
		return t.Format("15:04:05")
	}
	ny, nm, nd := now.In(location).Date()
	if y, m, d := t.Date(); y == ny && m == nm && d == nd {
		return t.Format("15:04:05")
	}
	return t.Format("01/02 15:04")
}

// formatQueueAge formats a duration in at most two units: 45s, 12m30s, 3h05m,
// 2d04h.
func formatQueueAge(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	seconds := int64(d / time.Second)
	switch {
	case seconds < 60:
		return fmt.Sprintf("%ds", seconds)
	case seconds < 3600:
		return fmt.Sprintf("%dm%02ds", seconds/60, seconds%60)
	case seconds < 86400:
		return fmt.Sprintf("%dh%02dm", seconds/3600, seconds%3600/60)
	default:
		return fmt.Sprintf("%dd%02dh", seconds/86400, seconds%86400/3600)
	}
}
