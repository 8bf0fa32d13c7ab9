package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// requeueLinkWait bounds how long the dashboard looks in the log for the
// new queue IDs of a requeue. pickup logs them as soon as it takes the
// messages, and the dashboard wakes it after a requeue, but with pickup
// not woken it may take up to 60 seconds (Postfix 3.7's default master.cf).
const requeueLinkWait = 90 * time.Second

// maxRequeueLinks bounds the "OLD → NEW" pairs that the result line names.
const maxRequeueLinks = 3

// requeueLinks are the messages of the latest requeue whose new queue IDs
// the dashboard looks up in the log on each snapshot: pickup logs
// "NEW: uid=0 from=<...> orig_id=OLD" when it takes a requeued message.
type requeueLinks struct {
	oldIDs []string          // in the order acted on
	newIDs map[string]string // by old ID, as pickup logged them
	// follow is the old ID of the message under the cursor, which the
	// cursor follows to its new ID, or "".
	follow string
	// result is the result line that the pairs are added to, and withLinks
	// is that line with the pairs found so far. When the screen shows
	// another line by then, it is left alone.
	result    string
	withLinks string
	until     time.Time
}

// requeueLinksMsg carries the new queue IDs found in the log, by old ID.
type requeueLinksMsg struct {
	newIDs map[string]string
}

// startRequeueLinks starts looking for the new queue IDs of oldIDs, just
// requeued, after the result line was set.
func (m *Model) startRequeueLinks(oldIDs []string, follow string) {
	m.requeue = nil
	if m.opts.Source == nil || len(oldIDs) == 0 {
		return
	}
	m.requeue = &requeueLinks{
		oldIDs: slices.Clone(oldIDs),
		newIDs: make(map[string]string, len(oldIDs)),
		follow: follow,
		result: m.result,
		until:  m.opts.Now().Add(requeueLinkWait),
	}
}

// requeueLinksCmd returns the lookup of the new queue IDs still unknown,
// or nil when none is awaited any more.
func (m *Model) requeueLinksCmd() tea.Cmd {
	r := m.requeue
	if r == nil {
		return nil
	}
	if m.opts.Now().After(r.until) {
		m.requeue = nil
		return nil
	}
	var missing []string
	for _, id := range r.oldIDs {
		if _, ok := r.newIDs[id]; !ok {
			missing = append(missing, id)
		}
	}
	source := m.opts.Source
	return func() tea.Msg {
		found := map[string]string{}
		for _, id := range missing {
			if message, ok := source.Message(id); ok && message.RequeuedAs != "" {
				found[id] = message.RequeuedAs
			}
		}
		return requeueLinksMsg{newIDs: found}
	}
}

// handleRequeueLinks adds the new queue IDs found to the requeue's result
// line and moves the cursor to the new ID of the message it was on.
func (m Model) handleRequeueLinks(msg requeueLinksMsg) (tea.Model, tea.Cmd) {
	r := m.requeue
	if r == nil || len(msg.newIDs) == 0 {
		return m, nil
	}
	for oldID, newID := range msg.newIDs {
		if slices.Contains(r.oldIDs, oldID) {
			r.newIDs[oldID] = Sanitize(newID)
		}
	}
	if m.result == r.result || (r.withLinks != "" && m.result == r.withLinks) {
		r.withLinks = m.c.l.JoinSentences([]string{r.result, m.requeueLinksText()})
		m.setLongResult(m.resultKind, r.withLinks, m.resultLines)
	}
	if newID, ok := r.newIDs[r.follow]; ok {
		m.queue.followQueueID(newID)
		m.list.followQueueID(newID)
		r.follow = ""
	}
	if len(r.newIDs) == len(r.oldIDs) {
		m.requeue = nil
	}
	return m, nil
}

// stopRequeueFollow leaves the cursor where the operator puts it: after a
// key that moves the cursor it no longer moves to the new queue ID of a
// requeued message. Other keys, such as esc back to the message list,
// leave the follow in place. The result line still gets the new IDs.
func (m *Model) stopRequeueFollow(msg tea.KeyPressMsg) {
	k := m.keys
	if !key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End) {
		return
	}
	if m.requeue != nil {
		m.requeue.follow = ""
	}
	m.queue.followID = ""
	m.list.followID = ""
}

// requeueLinksText returns the "OLD → NEW" pairs found so far, as the CLI's
// mailtop queue requeue prints them, up to maxRequeueLinks of them.
func (m Model) requeueLinksText() string {
	r := m.requeue
	var pairs []string
	for _, oldID := range r.oldIDs {
		if newID, ok := r.newIDs[oldID]; ok {
			pairs = append(pairs, Sanitize(oldID)+" → "+newID)
		}
	}
	data := map[string]any{"Links": strings.Join(pairs, ", "), "Count": len(pairs)}
	if len(pairs) > maxRequeueLinks {
		data["Links"] = strings.Join(pairs[:maxRequeueLinks], ", ")
		data["More"] = len(pairs) - maxRequeueLinks
		return m.c.l.T("result.requeuedAsMore", data)
	}
	return m.c.l.T(countedID(len(pairs), "result.requeuedAs"), data)
}
