package tui

// setResult sets the footer's result line, and sizes the body again
// because a long result takes a second line.
func (m *Model) setResult(kind resultKind, text string) {
	m.setLongResult(kind, text, 0)
}

// setHint sets the footer's result line to a hint about the key just
// pressed, such as where it works. The next key press clears it (see
// clearHint), so that it is not read as a reply to a later key.
func (m *Model) setHint(kind resultKind, text string) {
	m.setResult(kind, text)
	m.resultHint = true
}

// clearHint clears the result line when it is a hint, before the next key
// is handled.
func (m *Model) clearHint() {
	if !m.resultHint {
		return
	}
	m.result, m.resultKind, m.resultLines, m.resultHint = "", resultInfo, 0, false
	m.layout()
}

// setLongResult sets the footer's result line, which may take up to
// maxLines lines, or maxResultLines when maxLines is 0.
func (m *Model) setLongResult(kind resultKind, text string, maxLines int) {
	m.result, m.resultKind, m.resultLines, m.resultHint = text, kind, maxLines, false
	m.layout()
}

// resultPlace is the position of the operator that the footer's result
// line refers to: the screen, the help overlay, the pane and the selected
// message. The forward dialog and the confirmations are left out, because
// they act on the message of the screen below them.
type resultPlace struct {
	screen    screen
	help      bool
	pane      pane
	queueMode queueMode
	selected  string // the selected message's queue ID, or the why panel's subject
}

// place returns where the operator is, as far as the result line is
// concerned.
func (m *Model) place() resultPlace {
	p := resultPlace{screen: m.screen, help: m.helpOpen}
	switch m.screen {
	case screenMain:
		p.pane = m.focus
		if m.focus == paneFeed {
			p.selected = m.feed.SelectedQueueID()
		}
	case screenDomain:
		p.selected = m.list.SelectedQueueID()
	case screenMessage:
		p.selected = m.detail.queueID
	case screenQueue:
		p.queueMode = m.queue.mode
		if row, ok := m.queue.selectedRow(); ok && m.queue.mode == queueModeList {
			p.selected = row.msg.QueueID
		}
	case screenQueueMessage:
		p.selected = m.queueDetail.msg.QueueID
	case screenWhy:
		p.selected = m.why.subject.Domain + " " + m.why.subject.QueueID
	}
	return p
}

// clearLeftResult clears the result line when the key that made before
// into m took the operator to another screen or message, so that a result
// is not read as one about what the screen shows now. A result that
// arrived while the operator was elsewhere, such as an action's failure,
// stays until a key moves on. No key both sets a result and moves.
func (m *Model) clearLeftResult(before *Model) {
	if m.result == "" || m.place() == before.place() {
		return
	}
	m.result, m.resultKind, m.resultLines, m.resultHint = "", resultInfo, 0, false
	m.layout()
}
