package tui

import (
	"slices"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/stats"
)

// handleKey routes a key press. ctrl+c always quits. An open confirmation,
// the help overlay or the filter being typed take the keys first, then come
// the keys of every screen, then those of the current screen.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Interrupt):
		return m, tea.Quit
	case m.queueConfirm != nil:
		return m.handleQueueConfirmKey(msg)
	case m.queue.filtering && m.screen == screenQueue:
		return m.handleQueueFilterKey(msg)
	case m.confirm != nil:
		return m.handleConfirmKey(msg)
	case m.helpOpen:
		return m.handleHelpKey(msg)
	case m.filtering:
		return m.handleFilterKey(msg)
	}

	switch {
	case key.Matches(msg, m.keys.Quit):
		return m, tea.Quit
	case key.Matches(msg, m.keys.Help):
		m.helpOpen = true
		m.helpOffset = 0
		return m, nil
	case key.Matches(msg, m.keys.Pause):
		return m.togglePause()
	case key.Matches(msg, m.keys.Window):
		i := slices.Index(screenWindows, m.window)
		m.window = screenWindows[(i+1)%len(screenWindows)]
		m.refreshMain()
		return m, m.windowChangedCmd()
	case key.Matches(msg, m.keys.PickWindow):
		if i := slices.Index(pickWindowKeys, msg.String()); i >= 0 {
			m.window = screenWindows[i]
			m.refreshMain()
		}
		return m, m.windowChangedCmd()
	case key.Matches(msg, m.keys.ExportUnknown):
		return m.startExport()
	}

	switch m.screen {
	case screenDomain:
		return m.handleListKey(msg)
	case screenMessage:
		return m.handleMessageKey(msg)
	case screenQueue:
		return m.handleQueueKey(msg)
	case screenQueueMessage:
		return m.handleQueueMessageKey(msg)
	case screenWhy:
		return m.handleWhyKey(msg)
	}
	return m.handleMainKey(msg)
}

// handleConfirmKey runs the pending action on y; any other key cancels it,
// as the [y/N] prompt promises.
func (m Model) handleConfirmKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	pending := m.confirm
	m.confirm = nil
	m.layout()
	data := map[string]any{
		"Action":  m.c.l.T(pending.action.labelID()),
		"QueueID": pending.message.QueueID,
	}
	if !key.Matches(msg, m.keys.Yes) {
		m.setResult(resultInfo, m.c.l.T("result.cancelled", data))
		return m, nil
	}
	m.setResult(resultInfo, m.c.l.T("result.running", data))
	return m, runActionCmd(m.ctx, m.opts.Actor, pending.action, pending.message)
}

// handleFilterKey edits the domain filter: enter keeps it, esc clears it,
// backspace deletes a character and printable text is added.
func (m Model) handleFilterKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.ApplyFilter):
		m.filtering = false
	case key.Matches(msg, m.keys.ClearFilter):
		m.filtering = false
		m.filter = ""
	case msg.Code == tea.KeyBackspace:
		if m.filter != "" {
			_, size := utf8.DecodeLastRuneInString(m.filter)
			m.filter = m.filter[:len(m.filter)-size]
		}
	case msg.Text != "":
		m.filter += Sanitize(msg.Text)
	default:
		return m, nil
	}
	m.refreshMain()
	return m, nil
}

// togglePause stops or restarts screen updates. Snapshots keep arriving
// while paused; the newest is shown on resume. With Options.Views a pause
// requests the frozen page, which the screen shows once when it arrives.
func (m Model) togglePause() (tea.Model, tea.Cmd) {
	m.paused = !m.paused
	if m.paused {
		m.keys.Pause.SetHelp(m.keys.Pause.Help().Key, m.c.l.T("key.resume"))
		m.refreshMain()
		return m, nil
	}
	m.keys.Pause.SetHelp(m.keys.Pause.Help().Key, m.c.l.T("key.pause"))
	if m.heldQueue != nil {
		heldQueue := *m.heldQueue
		m.heldQueue = nil
		next, _ := m.handleQueueSnapshot(heldQueue)
		m = next.(Model)
	}
	if m.held == nil {
		// The frozen page stays on screen until the next snapshot, drawn
		// as a page of the live table again.
		m.refreshMain()
		return m, nil
	}
	held := *m.held
	m.held = nil
	return m.handleSnapshot(held)
}

// handleMainKey handles the domain table and the failure feed. Tab goes
// from the domain table to the feed and from the feed to the queue screen;
// shift+tab goes the other way round.
func (m Model) handleMainKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Queue):
		return m.openQueue()
	case key.Matches(msg, m.keys.Focus):
		backwards := msg.String() == "shift+tab"
		if (m.focus == paneFeed) != backwards {
			return m.openQueue()
		}
		m.focus = paneFeed
		if backwards {
			m.focus = paneDomains
		}
		m.domains.focused = m.focus == paneDomains
		m.feed.focused = m.focus == paneFeed
	case key.Matches(msg, m.keys.Filter):
		m.filtering = true
		m.focus = paneDomains
		m.domains.focused, m.feed.focused = true, false
		m.refreshMain()
	case key.Matches(msg, m.keys.Back) && m.filter != "":
		m.filter = ""
		m.refreshMain()
	case key.Matches(msg, m.keys.Back):
		// With no filter to clear, esc dismisses the result line.
		m.setResult(resultInfo, "")
	case key.Matches(msg, m.keys.Sort):
		m.sortBy = (m.sortBy + 1) % numSortColumns
		m.refreshMain()
	case key.Matches(msg, m.keys.Reverse):
		m.sortReversed = !m.sortReversed
		m.refreshMain()
	case key.Matches(msg, m.keys.Why):
		return m.openWhyFromMain()
	case key.Matches(msg, m.keys.Open):
		if m.focus == paneFeed {
			return m.openMessage(m.feed.SelectedQueueID(), screenMain)
		}
		return m.openDomain(m.domains.SelectedDomain())
	case m.refuseActionKey(msg): // the footer names the screens where the key works
	case m.refuseUnknownKey(msg):
	case m.focus == paneFeed:
		m.moveCursor(msg, &m.feed.cursor)
	default:
		from := m.domains.cursor.selected
		m.moveCursor(msg, &m.domains.cursor)
		m.domains.keepOnFrozenRows(from)
	}
	return m, nil
}

// handleListKey handles the message list of one domain.
func (m Model) handleListKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Back):
		m.screen = screenMain
	case key.Matches(msg, m.keys.Open):
		return m.openMessage(m.list.SelectedQueueID(), screenDomain)
	case key.Matches(msg, m.keys.Why):
		return m.openWhyFromList()
	case key.Matches(msg, m.keys.Deliver):
		return m.startListAction(actionDeliver)
	case key.Matches(msg, m.keys.Requeue):
		return m.startListAction(actionRequeue)
	case key.Matches(msg, m.keys.Queue):
		return m.openQueue()
	case m.refuseActionKey(msg): // the footer names the screens where the key works
	case m.refuseUnknownKey(msg):
	default:
		m.moveCursor(msg, &m.list.cursor)
	}
	return m, nil
}

// handleMessageKey handles the message view: scrolling, back and actions.
func (m Model) handleMessageKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var known *stats.Message
	state := stats.StateQueued
	if m.detail.loaded && m.detail.found {
		known = &m.detail.message
		state = known.QueueState()
	}
	switch {
	case key.Matches(msg, m.keys.Back):
		m.screen = m.messageFrom
		if m.screen == screenDomain {
			return m, m.reloadCmd()
		}
	case key.Matches(msg, m.keys.Deliver):
		return m.startAction(actionDeliver, m.detail.queueID, state, known)
	case key.Matches(msg, m.keys.Requeue):
		return m.startAction(actionRequeue, m.detail.queueID, state, known)
	case key.Matches(msg, m.keys.Why):
		return m.openWhyFromMessage()
	case key.Matches(msg, m.keys.Queue):
		return m.openQueue()
	case key.Matches(msg, m.keys.Up):
		m.detail.Scroll(-1)
	case key.Matches(msg, m.keys.Down):
		m.detail.Scroll(1)
	case key.Matches(msg, m.keys.PageUp):
		m.detail.Scroll(-m.detail.pageSize())
	case key.Matches(msg, m.keys.PageDown):
		m.detail.Scroll(m.detail.pageSize())
	case key.Matches(msg, m.keys.Home):
		m.detail.ScrollTo(true)
	case key.Matches(msg, m.keys.End):
		m.detail.ScrollTo(false)
	default:
		m.refuseKey(msg)
	}
	return m, nil
}

// moveCursor applies a movement key to a list cursor.
func (m Model) moveCursor(msg tea.KeyPressMsg, cursor *listCursor) {
	switch {
	case key.Matches(msg, m.keys.Up):
		cursor.move(-1)
	case key.Matches(msg, m.keys.Down):
		cursor.move(1)
	case key.Matches(msg, m.keys.PageUp):
		cursor.page(-1)
	case key.Matches(msg, m.keys.PageDown):
		cursor.page(1)
	case key.Matches(msg, m.keys.Home):
		cursor.home()
	case key.Matches(msg, m.keys.End):
		cursor.end()
	}
}

// openDomain shows the recent messages of domain.
func (m Model) openDomain(domain string) (tea.Model, tea.Cmd) {
	if domain == "" {
		return m, nil
	}
	if m.opts.Source == nil {
		m.setResult(resultError, m.c.l.T("result.noSource"))
		return m, nil
	}
	m.screen = screenDomain
	m.list.Reset(domain)
	return m, loadDomainMessagesCmd(m.opts.Source, domain)
}

// openMessage shows the life of queueID; Esc returns to from.
func (m Model) openMessage(queueID string, from screen) (tea.Model, tea.Cmd) {
	if queueID == "" {
		return m, nil
	}
	if m.opts.Source == nil {
		m.setResult(resultError, m.c.l.T("result.noSource"))
		return m, nil
	}
	m.screen = screenMessage
	m.messageFrom = from
	m.detail.Reset(queueID)
	return m, loadMessageCmd(m.opts.Source, queueID)
}

// startListAction starts action on the message under the cursor of a
// domain's message list, whose row carries the message's queue state.
func (m Model) startListAction(action actionKind) (tea.Model, tea.Cmd) {
	row, _ := m.list.SelectedRow()
	return m.startAction(action, row.QueueID, row.State, nil)
}

// startAction opens the confirmation of action on queueID, or reports in
// the footer why it cannot run. state is the message's queue state as the
// screen shows it, or StateQueued when the screen does not know it yet.
// Without a known message it is looked up first, so the confirmation
// names the sender and every recipient.
func (m Model) startAction(action actionKind, queueID string, state stats.QueueState, known *stats.Message) (tea.Model, tea.Cmd) {
	l := m.c.l
	switch {
	case m.opts.ReadOnly:
		m.setResult(resultError, l.T("result.readOnly", map[string]any{"Action": l.T(action.labelID())}))
		return m, nil
	case m.opts.Actor == nil:
		m.setResult(resultError, l.T("result.noActor"))
		return m, nil
	case action.needsRoot() && m.queue.fromPostqueue():
		m.setResult(resultError, l.T("qresult.needsRoot", map[string]any{"Action": l.T(action.labelID())}))
		return m, nil
	case action == actionDeliver && m.deliverNeedsPostfix():
		m.setLongResult(resultError, notRunningResult(l, l.T(action.labelID()), m.postfix.start), maxQueueResultLines)
		return m, nil
	case queueID == "":
		m.setResult(resultInfo, l.T("result.pickMessage"))
		return m, nil
	case !state.InQueue():
		m.setResult(resultError, m.notQueuedText(action.labelID(), queueID, state))
		return m, nil
	case known != nil:
		m.confirm = &confirmation{action: action, message: *known}
		m.layout()
		return m, nil
	case m.opts.Source == nil:
		m.setResult(resultError, l.T("result.noSource"))
		return m, nil
	}
	return m, prepareActionCmd(m.opts.Source, action, queueID)
}

// notQueuedText returns the reason the action named by the l10n id
// labelID cannot run on queueID, whose message left the queue in state.
// A plain removal is not named, because its label "left the queue" only
// repeats "no longer in the queue".
func (m Model) notQueuedText(labelID, queueID string, state stats.QueueState) string {
	data := map[string]any{
		"QueueID": Sanitize(queueID),
		"State":   m.c.stateLabel(state),
		"Action":  m.c.l.T(labelID),
	}
	if state == stats.StateRemoved {
		return m.c.l.T("result.notQueuedRemoved", data)
	}
	return m.c.l.T("result.notQueued", data)
}
