package tui

import (
	"maps"
	"strings"
)

// queueConfirmPrompt returns the l10n id and the data of the prompt of
// the open queue confirmation.
func (m Model) queueConfirmPrompt() (id string, data map[string]any) {
	l := m.c.l
	c := m.queueConfirm
	data = map[string]any{
		"Action": l.T(c.action.labelID()),
		"Count":  c.queued,
		"Queues": c.queues,
		"Domain": Sanitize(c.domain),
		"Typed":  c.typed,
		"Hidden": c.hidden,
		"Gone":   c.gone,
	}
	switch {
	case c.queues == "":
		data["Queues"] = l.T("qconfirm.noneQueued")
	case c.onlyQueue != "":
		data["Queues"] = l.T("qconfirm.inQueue", map[string]any{"Queue": c.onlyQueue})
	}
	if name, ok := strings.CutPrefix(c.action.labelID(), "action."); ok {
		// The prompt's verb, not the action's label, so that the
		// question reads as one sentence: "Hold X (deferred queue)?"
		data["Action"] = l.T("qconfirm.verb." + name)
		data["Ask"] = l.T("qconfirm.ask." + name)
	}
	if c.action == queueExpire {
		data["Ask"] = l.T(countedID(c.queued, "qconfirm.ask.expire"))
	}
	if c.action == queueExpire && c.bounces > 0 {
		data["Ask"] = l.T(expireBounceAskID(c.bounces, c.queued), map[string]any{"Bounces": c.bounces})
	}
	if c.action == queueExpire && c.bounces > 0 && c.bounces == c.queued {
		data["Action"] = l.T("qconfirm.verb.expireBounce")
	}
	if c.action == queueExpire && c.held > 0 {
		data["Ask"] = data["Ask"].(string) + l.T(expireHeldNoteID(c.held, c.queued), map[string]any{"Held": c.held})
	}
	switch {
	case c.action == queueFlushAll:
		return "qconfirm.flushAll", data
	case c.action == queueFlushDomain:
		return "qconfirm.flushDomain", data
	case c.needCount:
		return countedID(c.queued, notedID(c.hidden, c.gone, [4]string{"qconfirm.typeCount", "qconfirm.typeCountHidden",
			"qconfirm.typeCountGone", "qconfirm.typeCountHiddenGone"})), data
	case c.single != nil:
		filter, _ := m.queue.shownFilter()
		row := newQueueRow(*c.single, m.queue.classes, filter)
		data["QueueID"] = Sanitize(c.single.QueueID)
		data["Sender"] = displaySender(Sanitize(c.single.Sender))
		data["Recipients"] = Sanitize(l.JoinList(row.addresses))
		if len(row.addresses) == 0 {
			data["Recipients"] = "-"
		}
		switch {
		case c.gone > 0:
			return "qconfirm.oneGone", data
		case c.hidden > 0:
			return "qconfirm.oneHidden", data
		}
		return "qconfirm.one", data
	}
	return countedID(c.queued, notedID(c.hidden, c.gone, [4]string{"qconfirm.tagged", "qconfirm.taggedHidden",
		"qconfirm.taggedGone", "qconfirm.taggedHiddenGone"})), data
}

// expireBounceAskID returns the l10n id of the question of an expire
// whose queued targets include bounces: one bounce, only bounces, or some.
func expireBounceAskID(bounces, queued int) string {
	switch {
	case bounces == queued && queued == 1:
		return "qconfirm.ask.expireBounce"
	case bounces == queued:
		return "qconfirm.ask.expireBounces"
	}
	return countedID(bounces, "qconfirm.ask.expireSomeBounces")
}

// expireHeldNoteID returns the l10n id of the note, after the question,
// that an expire also releases its held targets: the one target, all of
// them, or some.
func expireHeldNoteID(held, queued int) string {
	switch {
	case held == queued && queued == 1:
		return "qconfirm.note.expireHeld"
	case held == queued:
		return "qconfirm.note.expireAllHeld"
	}
	return countedID(held, "qconfirm.note.expireSomeHeld")
}

// countedID returns id, the text for several messages, or its singular
// form id+"One" when count is 1.
func countedID(count int, id string) string {
	return pluralID(count, id+"One", id)
}

// notedID returns the l10n id of the text with the notes a set of targets
// needs: ids[0] for none, ids[1] when the filter hides hidden > 0 of them,
// ids[2] when gone > 0 left the queue, ids[3] for both.
func notedID(hidden, gone int, ids [4]string) string {
	i := 0
	if hidden > 0 {
		i++
	}
	if gone > 0 {
		i += 2
	}
	return ids[i]
}

// queueConfirmLines returns the open queue confirmation, wrapped. A
// prompt too long for maxConfirmLines lines names fewer recipients, whole,
// and counts the others. When one recipient is still too long, it and
// then the sender or domain are cut, so that the question and its answer
// keys stay on screen (see fitPrompt).
func (m Model) queueConfirmLines() []string {
	s := m.c.styles
	id, data := m.queueConfirmPrompt()
	render := func(data map[string]any) string { return m.c.l.T(id, data) }
	data = m.fewerRecipients(render, data)
	lines := fitPrompt(render, data, m.width, queuePromptShortenable...)
	for i, line := range lines {
		lines[i] = s.Warning.Render(fit(line, m.width))
	}
	if m.opts.Demo {
		lines = append(lines, s.Muted.Render(fit(m.c.l.T("confirm.simulated"), m.width)))
	}
	return lines
}

// fewerRecipients returns data with as many of the single message's
// pending recipients as let the prompt fit in maxConfirmLines lines (see
// recipientsThatFit).
func (m Model) fewerRecipients(render func(map[string]any) string, data map[string]any) map[string]any {
	c := m.queueConfirm
	if c == nil || c.single == nil {
		return data
	}
	var addresses []string
	for _, r := range c.single.Recipients {
		if !r.Done {
			addresses = append(addresses, Sanitize(r.Address))
		}
	}
	return m.recipientsThatFit(render, data, addresses)
}

// recipientsThatFit returns data with as many of addresses, whole, as let
// the prompt fit in maxConfirmLines lines, followed by the count of the
// others ("and 3 more"). It keeps at least one address, and returns data
// as it is when the prompt fits.
func (m Model) recipientsThatFit(render func(map[string]any) string, data map[string]any, addresses []string) map[string]any {
	width := max(m.width, 1)
	if len(wrapText(render(data), width)) <= maxConfirmLines {
		return data
	}
	shortened := maps.Clone(data)
	for shown := len(addresses) - 1; shown >= 1; shown-- {
		listed := m.c.l.JoinList(addresses[:shown])
		text := m.c.l.T("qconfirm.recipientsMore", map[string]any{"Recipients": listed, "More": len(addresses) - shown})
		// The count stays on one line with its words ("and 3 more").
		if rest, ok := strings.CutPrefix(text, listed+" "); ok {
			text = listed + " " + strings.ReplaceAll(rest, " ", noBreakSpace)
		}
		shortened["Recipients"] = text
		if len(wrapText(render(shortened), width)) <= maxConfirmLines {
			break
		}
	}
	return shortened
}
