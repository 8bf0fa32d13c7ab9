package tui

import (
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// openQueue shows the queue screen. Esc, and Q, return to the screen it
// was opened from.
func (m Model) openQueue() (tea.Model, tea.Cmd) {
	m.queueFrom = m.screen
	m.screen = screenQueue
	m.queue.now = m.queueNow()
	m.queue.refresh()
	return m, nil
}

// handleQueueKey handles the queue list and the queue shape.
func (m Model) handleQueueKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	q := &m.queue
	switch {
	case key.Matches(msg, k.Queue) && m.queueFrom != screenMain:
		return m.closeQueue()
	case key.Matches(msg, k.Queue, k.Focus):
		// Tab goes on to the domain table, shift+tab back to the feed.
		m.screen = screenMain
		m.focus = paneDomains
		if msg.String() == "shift+tab" {
			m.focus = paneFeed
		}
		m.domains.focused, m.feed.focused = m.focus == paneDomains, m.focus == paneFeed
	case key.Matches(msg, k.Back):
		switch {
		case q.mode == queueModeShape:
			q.mode = queueModeList
		case q.filterText != "" || q.ages.set:
			q.ages = ageRange{}
			q.SetFilter("")
		default:
			return m.closeQueue()
		}
	case key.Matches(msg, k.Filter) && q.hasNoMessage():
		m.setResult(resultInfo, m.nothingListedText(k.Filter))
	case key.Matches(msg, k.Filter):
		q.filtering = true
	case key.Matches(msg, k.View) && q.mode == queueModeList && q.hasNoMessage():
		m.setResult(resultInfo, m.nothingListedText(k.View))
	case key.Matches(msg, k.View):
		m.cycleQueueView()
	case key.Matches(msg, k.Deliver):
		return m.startQueueAction(queueDeliver)
	case key.Matches(msg, k.Requeue):
		return m.startQueueAction(queueRequeue)
	case key.Matches(msg, k.Hold):
		return m.startQueueAction(queueHold)
	case key.Matches(msg, k.Release):
		return m.startQueueAction(queueRelease)
	case key.Matches(msg, k.Expire):
		return m.startQueueAction(queueExpire)
	case key.Matches(msg, k.Delete):
		return m.startQueueAction(queueDelete)
	case key.Matches(msg, k.FlushDomain):
		return m.startQueueAction(queueFlushDomain)
	case key.Matches(msg, k.FlushAll):
		return m.startQueueAction(queueFlushAll)
	case key.Matches(msg, k.Forward):
		return m.startForward()
	case q.mode == queueModeShape:
		return m.handleShapeKey(msg)
	default:
		return m.handleQueueListKey(msg)
	}
	return m, nil
}

// closeQueue returns from the queue screen to the screen it was opened
// from, and reloads a domain's message list, which may have changed.
func (m Model) closeQueue() (tea.Model, tea.Cmd) {
	m.screen = m.queueFrom
	if m.screen == screenDomain {
		return m, m.reloadCmd()
	}
	return m, nil
}

// handleQueueListKey handles the keys only the list has.
func (m Model) handleQueueListKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	q := &m.queue
	if len(q.rows) == 0 {
		// The footer does not offer these keys, which act on the rows.
		for _, binding := range []key.Binding{k.Open, k.Why, k.Tag, k.TagAll, k.Sort, k.Reverse} {
			if key.Matches(msg, binding) {
				m.setResult(resultInfo, m.nothingListedText(binding))
				return m, nil
			}
		}
	}
	switch {
	case key.Matches(msg, k.Open):
		row, ok := q.selectedRow()
		if !ok {
			return m, nil
		}
		m.screen = screenQueueMessage
		m.queueDetail.Reset(row.msg, q.fix, m.queueNow())
		content := m.queueContentCmd(row.msg)
		if m.opts.Source == nil {
			m.queueDetail.SetLife(m.queueDetail.life.message, false, m.queueNow())
			return m, content
		}
		return m, tea.Batch(content, loadQueueLifeCmd(m.opts.Source, row.msg.QueueID))
	case key.Matches(msg, k.Why):
		row, ok := q.selectedRow()
		if !ok {
			return m, nil
		}
		return m.openWhy(queuedMessageWhy(m.snapshot, row.msg, m.window, m.c.overrides))
	case key.Matches(msg, k.Tag):
		q.toggleTag()
	case key.Matches(msg, k.TagAll):
		q.tagShown()
	case key.Matches(msg, k.Untag):
		q.tags = nil
	case key.Matches(msg, k.Sort):
		q.sortBy = (q.sortBy + 1) % numQueueColumns
		q.refresh()
	case key.Matches(msg, k.Reverse):
		q.reversed = !q.reversed
		q.refresh()
	case m.refuseUnknownKey(msg):
	default:
		m.moveCursor(msg, &q.cursor)
	}
	return m, nil
}

// handleShapeKey moves the shape's cursor and opens a cell.
func (m Model) handleShapeKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	q := &m.queue
	switch {
	case key.Matches(msg, m.keys.Open):
		q.openShapeCell()
	case key.Matches(msg, m.keys.Left):
		q.shapeColumn = max(q.shapeColumn-1, 0)
	case key.Matches(msg, m.keys.Right):
		q.shapeColumn = min(q.shapeColumn+1, len(shapeBuckets))
	case m.refuseUnknownKey(msg):
	default:
		m.moveCursor(msg, &q.shapeCursor)
	}
	return m, nil
}

// cycleQueueView steps list → shape of deferred → active → hold → list.
func (m *Model) cycleQueueView() {
	q := &m.queue
	switch {
	case q.mode == queueModeList:
		q.mode = queueModeShape
		q.shapeQueue = 0
	case q.shapeQueue+1 < len(shapeQueues):
		q.shapeQueue++
	default:
		q.mode = queueModeList
	}
	q.shapeCursor.home()
	q.refresh()
}

// handleQueueFilterKey edits the queue filter: enter keeps it, esc clears
// it, backspace deletes a character and printable text is added. Enter
// does not close a filter that does not parse, because the list would then
// look filtered by it, and shows why it was rejected instead.
func (m Model) handleQueueFilterKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	q := &m.queue
	text := q.filterText
	switch {
	case key.Matches(msg, m.keys.ApplyFilter):
		q.filtering = q.filterErr != ""
		q.filterErrShown = q.filterErr != ""
		return m, nil
	case key.Matches(msg, m.keys.ClearFilter):
		q.filtering = false
		text = ""
	case msg.Code == tea.KeyBackspace:
		if text != "" {
			_, size := utf8.DecodeLastRuneInString(text)
			text = text[:len(text)-size]
		}
	case msg.Text != "":
		text += Sanitize(msg.Text)
	default:
		return m, nil
	}
	q.cursor.home()
	q.SetFilter(text)
	return m, nil
}

// handleQueueMessageKey handles the view of one queued message.
func (m Model) handleQueueMessageKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.screen = screenQueue
	case key.Matches(msg, k.Deliver):
		return m.startQueueAction(queueDeliver)
	case key.Matches(msg, k.Requeue):
		return m.startQueueAction(queueRequeue)
	case key.Matches(msg, k.Hold):
		return m.startQueueAction(queueHold)
	case key.Matches(msg, k.Release):
		return m.startQueueAction(queueRelease)
	case key.Matches(msg, k.Expire):
		return m.startQueueAction(queueExpire)
	case key.Matches(msg, k.Delete):
		return m.startQueueAction(queueDelete)
	case key.Matches(msg, k.FlushDomain):
		return m.startQueueAction(queueFlushDomain)
	case key.Matches(msg, k.Forward):
		return m.startForward()
	case key.Matches(msg, k.Why):
		return m.openWhyFromQueueMessage()
	case key.Matches(msg, k.Up):
		m.queueDetail.Scroll(-1)
	case key.Matches(msg, k.Down):
		m.queueDetail.Scroll(1)
	case key.Matches(msg, k.PageUp):
		m.queueDetail.Scroll(-m.queueDetail.pageSize())
	case key.Matches(msg, k.PageDown):
		m.queueDetail.Scroll(m.queueDetail.pageSize())
	default:
		m.refuseKey(msg) // A: the footer names the screen where it works
	}
	return m, nil
}

// handleQueueSnapshot shows a new queue scan, or holds it while paused.
func (m Model) handleQueueSnapshot(msg QueueSnapshotMsg) (tea.Model, tea.Cmd) {
	if status := postfixStatusOf(msg, m.opts.Instance); status != m.postfix && !m.opts.Demo {
		m.postfix = status
		m.queue.postfix = status
		m.layout()
	}
	if m.paused {
		m.heldQueue = &msg
		return m, nil
	}
	now := m.queueNow()
	m.queue.SetSnapshot(msg.Snapshot, msg.Err, now)
	if msg.Err == nil && m.screen == screenQueueMessage {
		m.queueDetail.Update(msg.Snapshot, now)
	}
	if m.queueConfirm != nil {
		// The prompt may change its length, and the footer its height.
		m.recountQueueConfirm()
		m.layout()
	}
	if m.forward != nil {
		m.recountForward()
	}
	return m, nil
}

// handleQueueLife fills the log life of the queued message on screen.
func (m Model) handleQueueLife(msg queueLifeMsg) (tea.Model, tea.Cmd) {
	if m.screen != screenQueueMessage || m.queueDetail.msg.QueueID != msg.queueID {
		return m, nil
	}
	m.queueDetail.SetLife(msg.message, msg.found, m.now())
	return m, nil
}

// queueClockMsg advances the queue screen's ages and retry times (see
// sendQueueClock).
type queueClockMsg struct{}

// tickQueueClock moves the time that queue ages and retry times count from
// to the clock, once a second (queueClockMsg) and on each log snapshot,
// so that they advance between queue scans, which come up to 30 s apart.
// It does not rebuild the rows: ages are computed for the visible rows at
// render. The age range filter, the age sort and the shape's age buckets
// follow the next scan or key.
func (m *Model) tickQueueClock() {
	m.queue.now = m.queueNow()
	m.queueDetail.now = m.queue.now
}

// queueNow returns the time queue ages are measured from: the clock, since
// the queue is always read live, even when the log is a replay.
func (m Model) queueNow() time.Time {
	return m.opts.Now()
}
