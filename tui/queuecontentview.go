package tui

import (
	"slices"
	"strings"

	"github.com/mailtop/mailtop/mailtext"
)

// maxBodyLines is how many lines of the body the queued message view
// shows, counted after wrapping.
const maxBodyLines = 40

// headerRank orders the header fields shown first; the rest, ranked
// numLeadingHeaders, follow in message order.
func headerRank(name string) int {
	switch strings.ToLower(name) {
	case "subject":
		return 0
	case "from":
		return 1
	case "to":
		return 2
	case "cc":
		return 3
	case "date":
		return 4
	case "message-id":
		return 5
	}
	return numLeadingHeaders
}

const numLeadingHeaders = 6

// queueContent is the decoded content of the opened queued message.
type queueContent struct {
	state   contentState
	message mailtext.Message // as decoded; sanitized when drawn
	err     string           // sanitized
}

// SetContent shows the content read for the opened message, unless it
// was read for another message.
func (d *queueDetail) SetContent(msg queueContentMsg) {
	if msg.key != keyOf(d.msg) {
		return
	}
	d.content = queueContent{state: msg.state, message: msg.content, err: msg.err}
	d.render()
}

// SetContentNeedRoot shows that the content cannot be read: the queue was
// listed with postqueue, so mailtop cannot read queue files.
func (d *queueDetail) SetContentNeedRoot() {
	d.content = queueContent{state: contentNeedRoot}
	d.render()
}

// contentLines draws the content section: a status line until the
// content is read, then the headers and the start of the body.
func (d *queueDetail) contentLines() []string {
	s := d.c.styles
	l := d.c.l
	lines := []string{"", s.Title.Render(fit(l.T("qmsg.content"), d.width))}
	status := func(style func(...string) string, text string) []string {
		for _, part := range wrapText(text, d.width-2) {
			lines = append(lines, style("  "+part))
		}
		return lines
	}
	switch d.content.state {
	case contentLoading:
		return status(s.Muted.Render, l.T("qmsg.contentLoading"))
	case contentGone:
		return status(s.Warning.Render, l.T("qmsg.contentGone"))
	case contentNeedRoot:
		return status(s.Warning.Render, l.T("qmsg.contentNeedRoot"))
	case contentFailed:
		return status(s.Warning.Render, l.T("qmsg.contentFailed", map[string]any{"Error": d.content.err}))
	}

	lines = append(lines, d.headerLines()...)
	lines = append(lines, "", s.Title.Render(fit(l.T("qmsg.body"), d.width)))
	if d.demo {
		return status(s.Muted.Render, l.T("queue.demoContentNote"))
	}
	lines = append(lines, d.bodyLines()...)
	if d.content.err != "" {
		lines = status(s.Warning.Render, l.T("qmsg.bodyError", map[string]any{"Error": d.content.err}))
	}
	return lines
}

// headerLines draws the header fields, the leading ones first, each as
// "Name: value" wrapped under an indent.
func (d *queueDetail) headerLines() []string {
	s := d.c.styles
	headers := d.content.message.Headers
	order := make([]int, len(headers))
	for i := range order {
		order[i] = i
	}
	// A stable sort keeps repeated fields, and the rest, in message order.
	slices.SortStableFunc(order, func(a, b int) int {
		return headerRank(headers[a].Name) - headerRank(headers[b].Name)
	})

	var lines []string
	for _, i := range order {
		h := headers[i]
		name := Sanitize(h.Name) + ":"
		parts := wrapText(Sanitize(h.Value), max(d.width-len(name)-3, 10))
		if len(parts) == 0 {
			parts = []string{""}
		}
		for j, part := range parts {
			prefix := "  " + s.Muted.Render(name) + " "
			if j > 0 {
				prefix = strings.Repeat(" ", len(name)+3)
			}
			lines = append(lines, fitLine(prefix+part, d.width))
		}
	}
	return lines
}

// bodyLines draws the part the body text came from and the text's first
// maxBodyLines lines.
func (d *queueDetail) bodyLines() []string {
	s := d.c.styles
	l := d.c.l
	m := d.content.message
	if m.BodyType == "" {
		return []string{s.Muted.Render(fit("  "+l.T("qmsg.noText"), d.width))}
	}
	about := []string{Sanitize(m.BodyType)}
	if m.BodyCharset != "" {
		about = append(about, l.T("qmsg.bodyCharset", map[string]any{"Charset": Sanitize(m.BodyCharset)}))
	}
	if m.TransferEncoding != "" {
		about = append(about, Sanitize(m.TransferEncoding))
	}
	lines := []string{s.Muted.Render(fit("  "+strings.Join(about, "; "), d.width))}

	text := strings.TrimRight(m.BodyText, "\n")
	more := m.Truncated
	var body []string
	for _, line := range strings.Split(text, "\n") {
		parts := wrapText(Sanitize(line), d.width-2)
		if len(parts) == 0 {
			parts = []string{""}
		}
		for _, part := range parts {
			if len(body) == maxBodyLines {
				more = true
				break
			}
			body = append(body, fitLine("  "+part, d.width))
		}
	}
	lines = append(lines, body...)
	if more {
		lines = append(lines, s.Muted.Render(fit("  "+l.T("qmsg.bodyMore"), d.width)))
	}
	return lines
}
