package tui

import (
	"charm.land/bubbles/v2/key"
)

// hasNoMessage reports whether the queue screen has no message to list
// whatever the filter: no queue was read, the queue is empty, or none of
// its files could be read.
func (q *queueScreen) hasNoMessage() bool {
	return q.snapshot == nil || len(q.snapshot.Messages) == 0
}

// listsNoMessage reports whether the queue list is on screen and shows no
// row, so that the keys acting on the row under the cursor have nothing
// to act on.
func (m Model) listsNoMessage() bool {
	return m.screen == screenQueue && m.queue.mode == queueModeList && len(m.queue.rows) == 0
}

// nothingListedText returns the status text for the key of binding,
// pressed on a queue list that shows no message. Either the queue is
// empty, or a filter, --domain or unreadable queue files hide every
// message, which the list itself names.
func (m Model) nothingListedText(binding key.Binding) string {
	data := map[string]any{"Key": binding.Help().Key, "Action": binding.Help().Desc}
	q := &m.queue
	if q.snapshot != nil && len(q.snapshot.Messages) == 0 && len(q.snapshot.Errors) == 0 {
		return m.c.l.T("result.queueEmpty", data)
	}
	return m.c.l.T("result.nothingListed", data)
}

// pickMessageText returns the status text for the key of binding, an
// action pressed with no message to act on: that the list shows none, or
// else to select one.
func (m Model) pickMessageText(binding key.Binding) string {
	if m.listsNoMessage() && len(m.queue.taggedMessages()) == 0 {
		return m.nothingListedText(binding)
	}
	return m.c.l.T("result.pickMessage")
}

// queueActionBinding returns the key of action.
func (m Model) queueActionBinding(action queueAction) key.Binding {
	k := m.keys
	return [...]key.Binding{k.Deliver, k.Requeue, k.Hold, k.Release, k.Expire, k.Delete, k.FlushDomain, k.FlushAll}[action]
}

// emptyListHelp returns the keys of a queue list that shows no message
// that still act on something. esc closes the screen or clears the
// filter, and / changes a filter that hides every message. Tagged
// messages that the filter hides still get the action keys acts, except
// flush domain, which takes its domain from the row under the cursor.
// Flush all needs only a queued message, listed or not.
func (m Model) emptyListHelp(acts []key.Binding) []key.Binding {
	k := m.keys
	q := &m.queue
	bindings := []key.Binding{k.Back}
	if !q.hasNoMessage() && (q.filterText != "" || q.ages.set) {
		bindings = append(bindings, k.Filter)
	}
	for _, act := range acts {
		if act.Help().Key != k.FlushDomain.Help().Key {
			bindings = append(bindings, act)
		}
	}
	if !q.hasNoMessage() && !m.opts.ReadOnly && m.opts.QueueActor != nil {
		bindings = append(bindings, k.FlushAll)
	}
	if len(q.taggedMessages()) > 0 {
		bindings = append(bindings, k.Untag)
	}
	return append(bindings, k.Queue, k.Help, k.Quit)
}
