package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// messageView is the view of one message's whole life: its summary, each
// recipient's attempts, requeue links, notifications and raw log lines.
type messageView struct {
	c       *common
	queueID string
	message stats.Message // sanitized
	loaded  bool
	found   bool
	offset  int // first line shown
	width   int
	height  int
	now     time.Time
	lines   []string // rendered for width, rebuilt by SetSize and SetMessage
}

// SetSize sets the view's size; the first line is the title.
func (v *messageView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.render()
}

// Reset starts the view on another queue ID, empty until it arrives.
func (v *messageView) Reset(queueID string) {
	v.queueID = queueID
	v.message = stats.Message{}
	v.loaded, v.found = false, false
	v.offset = 0
	v.render()
}

// SetMessage shows message, keeping the scroll position.
func (v *messageView) SetMessage(message stats.Message, found bool, now time.Time) {
	v.message = sanitizeMessage(message)
	v.loaded, v.found = true, found
	v.now = now
	v.render()
}

// Scroll moves the view by delta lines, stopping at either end.
func (v *messageView) Scroll(delta int) {
	v.offset += delta
	v.clampOffset()
}

// ScrollTo moves to the first line (top) or the last screen (bottom).
func (v *messageView) ScrollTo(top bool) {
	if top {
		v.offset = 0
	} else {
		v.offset = len(v.lines)
	}
	v.clampOffset()
}

// pageSize returns the number of body lines on screen.
func (v *messageView) pageSize() int {
	return max(v.height-1, 1)
}

func (v *messageView) clampOffset() {
	v.offset = min(v.offset, max(len(v.lines)-v.pageSize(), 0))
	v.offset = max(v.offset, 0)
}

// View draws the view in exactly height lines of width cells.
func (v *messageView) View() string {
	s := v.c.styles
	title := v.c.l.T("msg.title", map[string]any{"QueueID": v.queueID})
	lines := []string{s.TitleFocused.Render(fit(title, v.width))}
	end := min(v.offset+v.pageSize(), len(v.lines))
	lines = append(lines, v.lines[v.offset:end]...)
	return joinLines(lines, v.width, v.height)
}

// render lays out the message for the current width.
func (v *messageView) render() {
	v.lines = v.buildLines()
	v.clampOffset()
}

// buildLines returns the body lines of the view, each at most width cells.
func (v *messageView) buildLines() []string {
	if v.width <= 0 {
		return nil
	}
	s := v.c.styles
	l := v.c.l
	switch {
	case !v.loaded:
		return []string{s.Muted.Render(fit(l.T("msg.loading", map[string]any{"QueueID": v.queueID}), v.width))}
	case !v.found:
		return []string{s.Warning.Render(fit(l.T("msg.notFound", map[string]any{"QueueID": v.queueID}), v.width))}
	}

	m := v.message
	var lines []string
	field := func(labelID, value string) {
		if value == "" {
			return
		}
		label := fit(l.T(labelID), 14)
		for i, part := range wrapText(value, v.width-15) {
			if i > 0 {
				label = fit("", 14)
			}
			lines = append(lines, fitLine(s.Muted.Render(label)+" "+part, v.width))
		}
	}
	field("msg.state", v.stateText())
	field("msg.arrival", v.c.timestamp(m.Arrival))
	field("msg.firstSeen", v.c.timestamp(m.FirstSeen))
	field("msg.lastSeen", v.c.timestamp(m.LastSeen))
	switch {
	case m.Client != "":
		field("msg.client", m.Client)
	case m.Pickup:
		field("msg.client", l.T("msg.pickup", map[string]any{"UID": m.UID}))
	}
	switch {
	case m.NullSender():
		field("msg.sender", l.T("msg.nullSender"))
	case m.SenderKnown:
		field("msg.sender", m.Sender)
	}
	field("msg.messageID", m.MessageID)
	if m.Size > 0 {
		field("msg.size", l.T("msg.sizeBytes", map[string]any{"Size": m.Size}))
	}
	field("msg.origID", m.OrigID)
	field("msg.requeuedAs", m.RequeuedAs)

	lines = append(lines, "", s.Title.Render(fit(l.T("msg.recipients"), v.width)))
	for _, r := range m.Recipients {
		lines = append(lines, v.recipientLines(r)...)
	}

	if len(m.Notifications) > 0 {
		lines = append(lines, "", s.Title.Render(fit(l.T("msg.notifications"), v.width)))
		for _, n := range m.Notifications {
			text := fmt.Sprintf("  %s  %s %s", v.c.clock(v.now, n.Time), v.c.l.T(notificationID(n.Kind)), n.QueueID)
			lines = append(lines, fitLine(text, v.width))
		}
	}

	lines = append(lines, "", s.Title.Render(fit(l.T("msg.linesCount", map[string]any{"Count": len(m.Lines)}), v.width)))
	if m.LinesDropped > 0 {
		lines = append(lines, s.Muted.Render(fit("  "+l.T("msg.linesDropped", map[string]any{"Count": m.LinesDropped}), v.width)))
	}
	for _, raw := range m.Lines {
		for _, part := range wrapText(raw, v.width-2) {
			lines = append(lines, s.Muted.Render("  "+part))
		}
	}
	return lines
}

// recipientLines draws one recipient and its attempts, the reply text
// wrapped under each attempt.
func (v *messageView) recipientLines(r stats.Recipient) []string {
	s := v.c.styles
	l := v.c.l
	head := []string{"  " + r.Address}
	if r.OrigTo != "" && r.OrigTo != r.Address {
		head = append(head, l.T("msg.origTo", map[string]any{"Address": r.OrigTo}))
	}
	if r.Status != parsers.StatusNone {
		head = append(head, v.c.statusLabel(r.Status))
	}
	if class := r.LastClass(); class != diagnose.ClassNone {
		head = append(head, v.c.classLabel(class))
	}
	lines := []string{fitLine(strings.Join(head, "  "), v.width)}
	if r.AttemptsDropped > 0 {
		lines = append(lines, s.Muted.Render(fit("    "+l.T("msg.attemptsDropped", map[string]any{"Count": r.AttemptsDropped}), v.width)))
	}
	if len(r.Attempts) == 0 {
		return append(lines, s.Muted.Render(fit("    "+l.T("msg.noAttempts"), v.width)))
	}
	for _, a := range r.Attempts {
		parts := []string{v.c.clock(v.now, a.Time), v.c.statusText(a.Status, ansi.StringWidth(v.c.statusLabel(a.Status)))}
		if a.DSN != "" {
			parts = append(parts, a.DSN)
		}
		if a.Class != diagnose.ClassNone {
			parts = append(parts, v.c.classLabel(a.Class))
		}
		// The delay comes before the relay, whose host name and address
		// can take most of a line.
		parts = append(parts, l.T("msg.delay", map[string]any{"Delay": formatSeconds(a.Delay)}))
		if a.Relay != "" {
			parts = append(parts, l.T("msg.relay", map[string]any{"Relay": a.Relay}))
		}
		for _, line := range packParts(parts, 4, 6, v.width) {
			lines = append(lines, fitLine(line, v.width))
		}
		if a.Reason != "" {
			for _, part := range wrapText(a.Reason, v.width-6) {
				lines = append(lines, s.Muted.Render("      "+part))
			}
		}
	}
	return lines
}

// packParts lays parts out in lines of at most width cells, two spaces
// apart, so that no part is cut. The first line is indented by indent
// spaces and the lines after it by nextIndent. A part that does not fit on the
// current line starts the next one, and a part too long for a line of its
// own is wrapped.
func packParts(parts []string, indent, nextIndent, width int) []string {
	var lines []string
	line := ""
	prefix := strings.Repeat(" ", indent)
	for _, part := range parts {
		if line != "" && ansi.StringWidth(line)+2+ansi.StringWidth(part) <= width {
			line += "  " + part
			continue
		}
		if line != "" {
			lines = append(lines, line)
			prefix = strings.Repeat(" ", nextIndent)
		}
		line = prefix + part
		if ansi.StringWidth(line) <= width {
			continue
		}
		wrapped := wrapText(part, max(width-len(prefix), 1))
		for _, piece := range wrapped[:len(wrapped)-1] {
			lines = append(lines, prefix+piece)
		}
		line = prefix + wrapped[len(wrapped)-1]
		prefix = strings.Repeat(" ", nextIndent)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// stateText returns where the message is in its life, in words.
func (v *messageView) stateText() string {
	return v.c.messageState(v.message)
}

// messageState returns where m is in its life, in words.
func (c *common) messageState(m stats.Message) string {
	return c.stateLabel(m.QueueState())
}

// stateLabel returns a queue state in words.
func (c *common) stateLabel(state stats.QueueState) string {
	l := c.l
	switch state {
	case stats.StateDeleted:
		return l.T("state.deleted")
	case stats.StateRequeued:
		return l.T("state.requeued")
	case stats.StateExpired:
		return l.T("state.expired")
	case stats.StateRejected:
		return l.T("state.rejected")
	case stats.StateRemoved:
		return l.T("state.removed")
	case stats.StateHeld:
		return l.T("state.held")
	}
	return l.T("state.queued")
}

// sanitizeMessage returns m with every text from the log sanitized; the
// slices are copied, so the source's values are left alone.
func sanitizeMessage(m stats.Message) stats.Message {
	m.QueueID = Sanitize(m.QueueID)
	m.Client = Sanitize(m.Client)
	m.Sender = Sanitize(m.Sender)
	m.MessageID = Sanitize(m.MessageID)
	m.OrigID = Sanitize(m.OrigID)
	m.RequeuedAs = Sanitize(m.RequeuedAs)
	m.SASLUsername = Sanitize(m.SASLUsername)
	m.NotificationOf = Sanitize(m.NotificationOf)

	recipients := make([]stats.Recipient, len(m.Recipients))
	for i, r := range m.Recipients {
		attempts := make([]stats.Attempt, len(r.Attempts))
		for j, a := range r.Attempts {
			a.DSN = Sanitize(a.DSN)
			a.Relay = Sanitize(a.Relay)
			a.Reason = Sanitize(a.Reason)
			attempts[j] = a
		}
		r.Address = Sanitize(r.Address)
		r.OrigTo = Sanitize(r.OrigTo)
		r.Domain = Sanitize(r.Domain)
		r.Attempts = attempts
		recipients[i] = r
	}
	m.Recipients = recipients

	notifications := make([]stats.Notification, len(m.Notifications))
	for i, n := range m.Notifications {
		n.QueueID = Sanitize(n.QueueID)
		notifications[i] = n
	}
	m.Notifications = notifications

	lines := make([]string, len(m.Lines))
	for i, line := range m.Lines {
		lines[i] = Sanitize(line)
	}
	m.Lines = lines
	return m
}

// formatTimestamp shows t with its date and zone, as the header names it
// (UTC, JST), or "" for zero.
// No-break spaces join the date, time and zone, so that wrapText keeps
// them on one line and prints plain spaces. Every caller wraps the text
// with wrapText, which a new caller must do too.
func formatTimestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02" + noBreakSpace + "15:04:05" + noBreakSpace + "MST")
}

// notificationID returns the l10n id naming a notification kind.
func notificationID(kind parsers.NotificationKind) string {
	switch kind {
	case parsers.NotifySenderNonDelivery:
		return "notify.senderNonDelivery"
	case parsers.NotifyPostmasterNonDelivery:
		return "notify.postmasterNonDelivery"
	case parsers.NotifySenderDelay:
		return "notify.senderDelay"
	case parsers.NotifyPostmasterDelay:
		return "notify.postmasterDelay"
	case parsers.NotifySenderDeliveryStatus:
		return "notify.senderDeliveryStatus"
	}
	return "notify.other"
}
