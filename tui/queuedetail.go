package tui

import (
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// queueDetail is the view of one queued message: its envelope, each
// recipient with its defer reason and class, its decoded headers and the
// start of its body, then its life from the log.
type queueDetail struct {
	c    *common
	msg  sources.QueuedMessage // as read; sanitized when drawn
	gone bool                  // the message left the queue since it was opened
	fix  queueFileFix          // the names in the warnings of msg's scan
	now  time.Time
	// life is the message's log trace, drawn by a messageView.
	life messageView
	// content is the message's decoded headers and body, read from its
	// queue file.
	content queueContent
	// demo is set when the content is made from the demo recording, which
	// has headers from the log and no body.
	demo   bool
	offset int
	width  int
	height int
	lines  []string
}

// Reset opens the view on m, from a scan whose warnings name fix, with its
// log life still loading.
func (d *queueDetail) Reset(m sources.QueuedMessage, fix queueFileFix, now time.Time) {
	d.msg, d.fix, d.gone, d.now, d.offset = m, fix, false, now, 0
	d.content = queueContent{}
	d.life = messageView{c: d.c}
	d.life.Reset(m.QueueID)
	d.render()
}

// SetSize sets the view's size; the first line is the title.
func (d *queueDetail) SetSize(width, height int) {
	d.width, d.height = width, height
	d.render()
}

// SetLife shows the message's life from the log.
func (d *queueDetail) SetLife(message stats.Message, found bool, now time.Time) {
	d.life.SetMessage(message, found, now)
	d.render()
}

// Update replaces the message with its state in a new scan, or marks it
// gone.
func (d *queueDetail) Update(snap sources.QueueSnapshot, now time.Time) {
	d.now = now
	d.gone = true
	d.fix = fileFixOf(&snap)
	for _, m := range snap.Messages {
		if keyOf(m) == keyOf(d.msg) {
			d.msg, d.gone = m, false
			break
		}
	}
	d.render()
}

// Scroll moves the view by delta lines, stopping at either end.
func (d *queueDetail) Scroll(delta int) {
	d.offset = max(min(d.offset+delta, len(d.lines)-d.pageSize()), 0)
}

func (d *queueDetail) pageSize() int {
	return max(d.height-1, 1)
}

// View draws the view in exactly height lines of width cells.
func (d *queueDetail) View() string {
	s := d.c.styles
	title := d.c.l.T("qmsg.title", map[string]any{"QueueID": Sanitize(d.msg.QueueID)})
	lines := []string{s.TitleFocused.Render(fit(title, d.width))}
	end := min(d.offset+d.pageSize(), len(d.lines))
	lines = append(lines, d.lines[min(d.offset, end):end]...)
	return joinLines(lines, d.width, d.height)
}

func (d *queueDetail) render() {
	d.life.SetSize(d.width, d.height)
	d.lines = d.buildLines()
	d.Scroll(0)
}

// buildLines returns the body: envelope, recipients, content, then the
// log life.
func (d *queueDetail) buildLines() []string {
	if d.width <= 0 {
		return nil
	}
	s := d.c.styles
	l := d.c.l
	m := d.msg
	var lines []string
	if d.gone {
		lines = append(lines, s.Warning.Render(fit(l.T("qmsg.gone"), d.width)))
	}
	if problem := d.c.fileProblemText(&m, d.fix); problem != "" {
		for _, part := range wrapText(problem, d.width) {
			lines = append(lines, s.Warning.Render(fit(part, d.width)))
		}
	}
	field := func(labelID, value string) {
		if value == "" {
			return
		}
		label := s.Muted.Render(fit(l.T(labelID), 14))
		for i, part := range wrapText(Sanitize(value), d.width-15) {
			if i > 0 {
				label = fit("", 14)
			}
			lines = append(lines, fitLine(label+" "+part, d.width))
		}
	}
	queue := m.Queue
	if m.ForcedExpire {
		queue += " " + l.T("qmsg.forcedExpire")
	}
	field("qmsg.queue", queue)
	field("msg.arrival", l.T("msg.arrivalAge", map[string]any{"Time": d.c.timestamp(m.Arrival), "Age": formatAge(d.now, m.Arrival)}))
	if !m.NextRetry.IsZero() {
		field("qmsg.nextRetry", d.c.timestamp(m.NextRetry))
	}
	field("msg.size", l.T("msg.sizeBytes", map[string]any{"Size": m.Size}))
	if m.Sender == "" {
		field("msg.sender", l.T("msg.nullSender"))
	} else {
		field("msg.sender", m.Sender)
	}
	field("msg.client", m.Client)
	field("qmsg.sasl", m.SASLUsername)

	lines = append(lines, "", s.Title.Render(fit(l.T("msg.recipients"), d.width)))
	for _, r := range m.Recipients {
		lines = append(lines, d.recipientLines(r)...)
	}

	lines = append(lines, d.contentLines()...)

	lines = append(lines, "", s.Title.Render(fit(l.T("qmsg.life"), d.width)))
	return append(lines, d.life.lines...)
}

// recipientLines draws one recipient: address, state, DSN status and
// class, then the defer reason wrapped below.
func (d *queueDetail) recipientLines(r sources.QueuedRecipient) []string {
	s := d.c.styles
	l := d.c.l
	head := []string{"  " + Sanitize(r.Address)}
	if r.OrigAddress != "" && r.OrigAddress != r.Address {
		head = append(head, l.T("qmsg.origAddress", map[string]any{"Address": Sanitize(r.OrigAddress)}))
	}
	if r.Done {
		head = append(head, l.T("qmsg.done"))
	} else {
		head = append(head, l.T("qmsg.pending"))
	}
	if r.Status != "" {
		head = append(head, Sanitize(r.Status))
	}
	if class := QueueReasonClass(r, d.c.overrides); class != diagnose.ClassNone {
		head = append(head, d.c.classLabel(class))
	}
	lines := []string{fitLine(strings.Join(head, "  "), d.width)}
	for _, reason := range []string{r.Reason, r.BounceReason} {
		if reason == "" {
			continue
		}
		for _, part := range wrapText(Sanitize(reason), d.width-6) {
			lines = append(lines, s.Muted.Render("      "+part))
		}
	}
	return lines
}
