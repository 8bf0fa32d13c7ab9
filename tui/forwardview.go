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
	titleText := l.T(countedID(d.queued, titleID), map[string]any{"Count": d.queued, "Hidden": d.hidden, "Gone": d.gone})
	title := s.TitleFocused.Render(fit(titleText, width))
	if d.stage == forwardDone {
		return m.forwardDoneView(title, height)
	}

	lower := []string{""}
	lower = append(lower, m.forwardFieldLines(width)...)
	lower = append(lower, "")
	switch d.stage {
	case forwardEditing:
		problem := d.problem
		if d.queued == 0 {
			problem = l.T(countedID(d.gone, "forward.noneQueued"), map[string]any{"Gone": d.gone})
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
	}

	lines := []string{title}
	lines = append(lines, m.forwardTargetLines(width, height-len(lines)-len(lower))...)
	lines = append(lines, lower...)
	return joinLines(lines, m.width, height)
}

// forwardTargetLines returns the lines of the messages to forward, at
// most maxForwardTargetLines of them, in at most room lines. A message
// too long for one line takes a second one, so that its recipients are
// read whole, unless the second lines of all of them do not fit in room.
// When even one line each does not fit, fewer messages are listed, so
// that the fields and the prompt below keep their lines.
func (m Model) forwardTargetLines(width, room int) []string {
	cut, wrapped := m.listTargets(width, maxForwardTargetLines)
	switch {
	case len(wrapped) <= room:
		return wrapped
	case len(cut) <= room:
		return cut
	case room <= 0:
		return nil
	}
	// room-1 messages and the line that counts the others.
	cut, _ = m.listTargets(width, room-1)
	return cut
}

// listTargets returns the lines of the first limit messages to forward,
// and a line that counts the others when there are more. cut has one
// line per message, and wrapped up to two, as wrapTargetLine breaks them.
func (m Model) listTargets(width, limit int) (cut, wrapped []string) {
	d := m.forward
	s := m.c.styles
	l := m.c.l
	for i, target := range d.targets {
		if i == limit {
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
	return cut, wrapped
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
	values := []string{
		recipients,
		"", // the relay field's lines come from relayValueLines
		sender,
		choice(l.T("forward.mode." + string(d.modeValue()))),
		choice(l.T("forward.then." + string(d.thenValue()))),
	}

	lines := make([]string, 0, len(labels))
	for i, label := range labels {
		focused := forwardField(i) == d.field && d.stage == forwardEditing
		prefix := "  "
		if focused {
			prefix = "> "
		}
		head := prefix + pad(label, labelWidth) + "  "
		fieldLines := []string{head + values[i]}
		if forwardField(i) == forwardFieldRelay {
			// The operator checks the relay's host before confirming, so
			// it is wrapped instead of cut.
			fieldLines = wrapFieldValue(head, width, m.relayValueLines)
		}
		for _, line := range fieldLines {
			if focused {
				line = s.Selected.Render(fitLine(line, width))
			}
			lines = append(lines, fitLine(line, width))
		}
	}
	return lines
}

// minFieldValueWidth is the narrowest column that wrapFieldValue puts a
// value into beside its label.
const minFieldValueWidth = 20

// wrapFieldValue returns the lines of a field in width cells: head, the
// marker and label, then the lines that value returns for the width of
// the value's column. The first value line follows head, and the others
// are indented to its first cell. When the value takes several lines in
// a column narrower than minFieldValueWidth, its lines go below head,
// indented by four.
func wrapFieldValue(head string, width int, value func(width int) []string) []string {
	indent := lipgloss.Width(head)
	values := value(max(width-indent, 1))
	if len(values) > 1 && width-indent < minFieldValueWidth {
		const narrowIndent = "    "
		lines := []string{head}
		for _, line := range value(max(width-len(narrowIndent), 1)) {
			lines = append(lines, narrowIndent+line)
		}
		return lines
	}
	lines := []string{head + values[0]}
	for _, line := range values[1:] {
		lines = append(lines, strings.Repeat(" ", indent)+line)
	}
	return lines
}

// relayValueLines returns the chosen relay in lines of at most width
// cells: its name, host, port and TLS mode on one line when they fit.
// Otherwise the name and TLS mode come first, and host:port follows on
// lines of its own, broken by wrapHost.
func (m Model) relayValueLines(width int) []string {
	l := m.c.l
	relay := m.opts.Relays[m.forward.relay]
	data := map[string]any{"Name": Sanitize(relay.Name), "Address": Sanitize(relayAddress(relay)), "TLS": relay.TLS}
	if line := choice(l.T("forward.relayText", data)); lipgloss.Width(line) <= width {
		return []string{line}
	}
	lines := wrapText(choice(l.T("forward.relayName", data)), width)
	return append(lines, wrapHost(Sanitize(relayAddress(relay)), width)...)
}

// wrapHost breaks host:port into lines of at most width cells after its
// dots, so that a line holds whole labels of the host name and a break
// is not mistaken for a hyphen in it. Only a label wider than a line is
// broken inside, by wrapText.
func wrapHost(address string, width int) []string {
	var lines []string
	line := ""
	for _, part := range strings.SplitAfter(address, ".") {
		if lipgloss.Width(line+part) <= width {
			line += part
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = part
		if lipgloss.Width(part) > width {
			wrapped := wrapText(part, width)
			lines = append(lines, wrapped[:len(wrapped)-1]...)
			line = wrapped[len(wrapped)-1]
		}
	}
	return append(lines, line)
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
// relay and its host, the envelope sender, the recipients and what happens to the
// originals.
func (m Model) forwardPrompt() string {
	d := m.forward
	l := m.c.l
	recipients := Sanitize(strings.Join(d.addresses(), ", "))
	sender := d.chosenRelay(m.opts.Relays).EnvelopeSender
	if sender == "" {
		sender = defaultSender(d.queuedTargets(), m.opts.Relays[d.relay])
	}
	// Each message keeps its own sender or pending recipients when the
	// dialog names none, which Japanese words differently from an address.
	routeID := "forward.route.named"
	switch {
	case sender == "" && recipients == "":
		routeID = "forward.route.each"
	case sender == "":
		routeID = "forward.route.eachSender"
	case recipients == "":
		routeID = "forward.route.eachRecipients"
	}
	route := l.T(routeID, map[string]any{"Sender": Sanitize(sender), "Recipients": recipients})
	// The relay is named as the reasons of mailtop forward name it, with
	// its host, so that the operator checks where the mail goes.
	relay := m.opts.Relays[d.relay]
	relayLabel := l.T("reason.forward.relayNamed", map[string]any{
		"Name": Sanitize(relay.Name), "Address": Sanitize(relayAddress(relay)),
	})
	confirmID := notedID(d.hidden, d.gone, [4]string{"forward.confirm", "forward.confirmHidden",
		"forward.confirmGone", "forward.confirmHiddenGone"})
	return l.T(countedID(d.queued, confirmID), map[string]any{
		"Count":  d.queued,
		"Hidden": d.hidden,
		"Gone":   d.gone,
		"Relay":  relayLabel,
		"Route":  route,
		"Mode":   l.T("forward.mode." + string(d.modeValue())),
		"Then":   l.T("forward.confirmThen." + string(d.thenValue())),
	})
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
		if _, rows, _ := m.forwardResultsArea(m.bodyHeight()); rows > 0 {
			return []key.Binding{k.Back, k.Up, k.Down, k.PageDown, k.PageUp, k.Home, k.End}
		}
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.ForwardNext, k.ForwardChange, k.ForwardSend, k.Back}
}
