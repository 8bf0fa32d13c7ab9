package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
)

// maxForwardTargetLines caps the list of messages at the top of the
// forward dialog; the rest are counted.
const maxForwardTargetLines = 5

// forwardView draws the open forward dialog in the body: the messages, the
// five fields, then the problem, the prompt or the outcome of each message.
func (m Model) forwardView(height int) string {
	d := m.forward
	s := m.c.styles
	l := m.c.l
	width := max(m.width, 1)

	titleID := notedID(d.hidden, d.gone, [4]string{"forward.title", "forward.titleHidden",
		"forward.titleGone", "forward.titleHiddenGone"})
	title := l.T(titleID, map[string]any{"Count": d.queued, "Hidden": d.hidden, "Gone": d.gone})

	lower := []string{""}
	lower = append(lower, m.forwardFieldLines(width)...)
	lower = append(lower, "")
	switch d.stage {
	case forwardEditing:
		problem := d.problem
		if d.queued == 0 {
			problem = l.T("forward.noneQueued", map[string]any{"Gone": d.gone})
		}
		if problem != "" {
			for _, line := range wrapText(problem, width) {
				lower = append(lower, s.Error.Render(fit(line, width)))
			}
		}
	case forwardConfirming:
		for _, line := range wrapText(m.forwardPrompt(), width) {
			lower = append(lower, s.Warning.Render(fit(line, width)))
		}
	case forwardRunning:
		lower = append(lower, fit(m.forwardRunningText(), width))
	case forwardDone:
		lower = append(lower, m.forwardResultLines(width)...)
	}

	lines := []string{s.TitleFocused.Render(fit(title, width))}
	lines = append(lines, m.forwardTargetLines(width, height-len(lines)-len(lower))...)
	lines = append(lines, lower...)
	return joinLines(lines, m.width, height)
}

// forwardTargetLines returns the lines of the messages to forward, at
// most maxForwardTargetLines of them, in at most room lines. A message
// too long for one line takes a second one, so that its recipients are
// read whole, unless the second lines of all of them do not fit in room.
func (m Model) forwardTargetLines(width, room int) []string {
	d := m.forward
	s := m.c.styles
	l := m.c.l
	var cut, wrapped []string
	for i, target := range d.targets {
		if i == maxForwardTargetLines {
			more := s.Muted.Render(fit("  "+d.moreText(l, i), width))
			cut = append(cut, more)
			wrapped = append(wrapped, more)
			break
		}
		recipients := strings.Join(pendingAddresses(target), ", ")
		if recipients == "" {
			recipients = "-"
		}
		text := l.T("forward.message", map[string]any{
			"QueueID":    Sanitize(target.QueueID),
			"Queue":      Sanitize(target.Queue),
			"Sender":     displaySender(Sanitize(target.Sender)),
			"Recipients": Sanitize(recipients),
		})
		if d.left[i] {
			// The line is cut before the mark, so that the mark shows.
			mark := l.T("forward.leftMark")
			line := ansi.Truncate("  "+text, max(width-lipgloss.Width(mark)-1, 0), ellipsis) + " " + s.Muted.Render(mark)
			cut = append(cut, fitLine(line, width))
			wrapped = append(wrapped, fitLine(line, width))
			continue
		}
		cut = append(cut, fitLine("  "+text, width))
		wrapped = append(wrapped, m.wrapTargetLine(text, width)...)
	}
	if len(wrapped) <= room {
		return wrapped
	}
	return cut
}

// moreText returns the line that counts the targets from index first on,
// which the dialog does not list, and how many of them are marked as left
// the queue, since no mark on the screen shows those.
func (d *forwardDialog) moreText(l *l10n.Localizer, first int) string {
	gone := 0
	for _, left := range d.left[first:] {
		if left {
			gone++
		}
	}
	data := map[string]any{"Count": len(d.targets) - first, "Gone": gone}
	if gone == 0 {
		return l.T("forward.more", data)
	}
	return l.T("forward.moreGone", data)
}

// wrapTargetLine wraps the text of one message to forward into at most
// two lines, the second one indented under the first.
func (m Model) wrapTargetLine(text string, width int) []string {
	const indent, wrapIndent = "  ", "    "
	first := wrapText(text, max(width-len(indent), 1))
	if len(first) == 1 {
		return []string{fitLine(indent+first[0], width)}
	}
	rest := strings.TrimLeft(strings.TrimPrefix(text, first[0]), " ")
	return []string{fitLine(indent+first[0], width), fitLine(wrapIndent+rest, width)}
}

// forwardFieldLines returns one line per field, the focused one marked
// with ">" so it shows without colour.
func (m Model) forwardFieldLines(width int) []string {
	d := m.forward
	l := m.c.l
	s := m.c.styles
	labels := []string{l.T("forward.fieldRecipients"), l.T("forward.fieldRelay"), l.T("forward.fieldSender"), l.T("forward.fieldMode"), l.T("forward.fieldThen")}
	labelWidth := 0
	for _, label := range labels {
		labelWidth = max(labelWidth, lipgloss.Width(label))
	}

	recipients := d.recipients
	if d.field == forwardFieldRecipients && d.stage == forwardEditing {
		recipients += "_"
	}
	if d.recipients == "" && len(d.targets) > 1 {
		recipients += s.Muted.Render(l.T("forward.recipientsEach"))
	}
	sender := Sanitize(d.sender)
	if d.field == forwardFieldSender && d.stage == forwardEditing {
		sender += "_"
	}
	if strings.TrimSpace(d.sender) == "" {
		sender += s.Muted.Render(l.T("forward.senderDefault"))
	}
	relay := m.opts.Relays[d.relay]
	values := []string{
		recipients,
		choice(l.T("forward.relayText", map[string]any{
			"Name": Sanitize(relay.Name), "Address": Sanitize(relayAddress(relay)), "TLS": relay.TLS,
		})),
		sender,
		choice(l.T("forward.mode." + string(d.modeValue()))),
		choice(l.T("forward.then." + string(d.thenValue()))),
	}

	lines := make([]string, len(labels))
	for i, label := range labels {
		prefix := "  "
		if forwardField(i) == d.field && d.stage == forwardEditing {
			prefix = "> "
		}
		line := prefix + pad(label, labelWidth) + "  " + values[i]
		if forwardField(i) == d.field && d.stage == forwardEditing {
			line = s.Selected.Render(fitLine(line, width))
		}
		lines[i] = fitLine(line, width)
	}
	return lines
}

// choice marks a value that ← and → change.
func choice(text string) string {
	return "‹ " + text + " ›"
}

// relayAddress returns host:port of a [[relay]] table.
func relayAddress(relay config.Relay) string {
	return forward.Relay{Host: relay.Host, Port: relay.Port}.Address()
}

// forwardPrompt returns the y/N prompt of the dialog: the count, the
// relay, the envelope sender, the recipients and what happens to the
// originals.
func (m Model) forwardPrompt() string {
	d := m.forward
	l := m.c.l
	recipients := Sanitize(strings.Join(d.addresses(), ", "))
	if recipients == "" {
		recipients = l.T("forward.recipientsEach")
	}
	sender := d.chosenRelay(m.opts.Relays).EnvelopeSender
	if sender == "" {
		sender = defaultSender(d.queuedTargets(), m.opts.Relays[d.relay])
	}
	if sender == "" {
		sender = l.T("forward.senderEach")
	} else {
		sender = Sanitize(sender)
	}
	confirmID := notedID(d.hidden, d.gone, [4]string{"forward.confirm", "forward.confirmHidden",
		"forward.confirmGone", "forward.confirmHiddenGone"})
	return l.T(confirmID, map[string]any{
		"Count":      d.queued,
		"Hidden":     d.hidden,
		"Gone":       d.gone,
		"Relay":      Sanitize(m.opts.Relays[d.relay].Name),
		"Sender":     sender,
		"Recipients": recipients,
		"Mode":       l.T("forward.mode." + string(d.modeValue())),
		"Then":       l.T("forward.then." + string(d.thenValue())),
	})
}

// forwardResultLines returns the outcome of each message: the relay's
// reply and the step applied to the original, the error, or that it left
// the queue before it was sent.
func (m Model) forwardResultLines(width int) []string {
	s := m.c.styles
	l := m.c.l
	var lines []string
	for _, outcome := range m.forward.results {
		data := map[string]any{
			"QueueID": Sanitize(outcome.queueID),
			"Reply":   outcome.reply,
			"Then":    l.T("forward.done." + string(outcome.then)),
			"Error":   outcome.err,
		}
		switch {
		case outcome.left:
			for _, line := range wrapText(l.T("forward.resultLeft", data), width) {
				lines = append(lines, s.Muted.Render(fit(line, width)))
			}
		case outcome.err == "":
			lines = append(lines, s.OK.Render(fit(l.T("forward.resultOK", data), width)))
		case outcome.forwarded:
			// Sent, but the hold or delete failed: both facts matter.
			data["Action"] = l.T("action." + string(m.forward.rescue.Then))
			for _, line := range wrapText(l.T("forward.resultThenFailed", data), width) {
				lines = append(lines, s.Error.Render(fit(line, width)))
			}
		default:
			for _, line := range wrapText(l.T("forward.resultFailed", data), width) {
				lines = append(lines, s.Error.Render(fit(line, width)))
			}
		}
	}
	return append(lines, "", s.Muted.Render(fit(l.T("forward.close"), width)))
}

// forwardShortHelp returns the keys of the dialog's stage.
func (m Model) forwardShortHelp() []key.Binding {
	k := m.keys
	switch m.forward.stage {
	case forwardConfirming:
		return []key.Binding{k.Yes, k.No}
	case forwardRunning:
		return []key.Binding{k.Interrupt}
	case forwardDone:
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.ForwardNext, k.ForwardChange, k.ForwardSend, k.Back}
}
