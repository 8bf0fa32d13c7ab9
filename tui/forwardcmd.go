package tui

import (
	"errors"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// forwardOutcome is the result of forwarding one message, sanitized for
// the screen.
type forwardOutcome struct {
	queueID string
	// reply is the relay's reply text after 250 when it accepted the
	// message.
	reply string
	// err is the reason the message was not forwarded, or the cause of a
	// failed hold or delete after it, which thenFailureReason puts in the
	// screen's language. It is "" on success.
	err       string
	forwarded bool
	// left is set when the message left the queue before it was sent, so
	// it was skipped. err is then "" when a queue scan showed it gone, or
	// the error of reading its queue file.
	left bool
	// recipients are the addresses the message was forwarded to, set when
	// forwarded.
	recipients []string
	// then is the step applied to the original. It is keep when none was
	// requested or the step failed.
	then forward.Then
}

// forwardOutcomeMsg reports the outcome of forwarding one target, the one
// forwardNextCmd started last.
type forwardOutcomeMsg struct {
	outcome forwardOutcome
}

// newRescue returns the forward that the dialog's fields set up: through
// the chosen relay, then the chosen step for each original the relay
// accepted.
func (m Model) newRescue(d *forwardDialog) forward.Rescue {
	return forward.Rescue{
		QueueDir: m.queue.snapshot.Dir,
		Relay:    d.chosenRelay(m.opts.Relays),
		Getenv:   os.Getenv,
		To:       d.addresses(),
		Mode:     d.modeValue(),
		Then:     d.thenValue(),
		Lang:     m.c.l.Lang(),
		Now:      m.opts.Now,
		Audit:    m.opts.Audit,
		Actor:    m.opts.QueueActor,
	}
}

// forwardNextCmd skips the next targets that are marked as left the
// queue, with an outcome for each, and returns the command that records
// each skip in the audit log and forwards the target after them. When
// every target has its outcome, it finishes the forward and returns the
// command that records the skips, or nil when there are none. The targets
// are sent one at a time, so that the queue scans between them can still
// mark a target as left.
func (m *Model) forwardNextCmd() tea.Cmd {
	d := m.forward
	rescue, ctx, l := d.rescue, m.ctx, m.c.l
	var skipped []sources.QueuedMessage
	for d.started < len(d.targets) && d.left[d.started] {
		skipped = append(skipped, d.targets[d.started])
		d.results = append(d.results, forwardOutcome{queueID: d.targets[d.started].QueueID, left: true, then: forward.ThenKeep})
		d.started++
	}
	// The audit log is written in the command, not here, so that a slow
	// disk does not stop the screen. A failed write is not shown, as in
	// forward.Rescue.Run.
	recordSkipped := func() {
		for _, msg := range skipped {
			_ = rescue.RecordLeft(targetOf(msg), pendingAddresses(msg))
		}
	}
	if d.started == len(d.targets) {
		m.finishForward()
		if len(skipped) == 0 {
			return nil
		}
		return func() tea.Msg {
			recordSkipped()
			return nil
		}
	}
	target := targetOf(d.targets[d.started])
	d.started++
	return func() tea.Msg {
		recordSkipped()
		result := rescue.Run(ctx, []actions.Target{target})[0]
		outcome := forwardOutcome{
			queueID:   result.QueueID,
			reply:     Sanitize(result.Reply.Text),
			forwarded: result.Forwarded,
			left:      result.NotQueued,
			then:      result.Then,
		}
		for _, rcpt := range result.Recipients {
			outcome.recipients = append(outcome.recipients, Sanitize(rcpt))
		}
		var thenErr *forward.ThenError
		switch {
		case errors.As(result.Err, &thenErr):
			outcome.err = thenFailureReason(l, thenErr.Err)
		case result.Err != nil:
			outcome.err = Sanitize(l.ErrorText(result.Err))
		}
		return forwardOutcomeMsg{outcome: outcome}
	}
}

// thenFailureReason returns the cause of a failed hold or delete after a
// forward in the screen's language. A stopped Postfix, an original that
// left the queue and a reused queue ID get sentences of their own. Other
// errors give their catalog text, or their English text when they have
// none.
func thenFailureReason(l *l10n.Localizer, err error) string {
	var notRunning *actions.NotRunningError
	switch {
	case errors.As(err, &notRunning):
		return l.T("forward.thenReason.notRunning", notRunningData(l, notRunning))
	case errors.Is(err, actions.ErrNotQueued):
		return l.T("forward.thenReason.notQueued")
	case errors.Is(err, actions.ErrChanged):
		return l.T("forward.thenReason.changed")
	}
	return Sanitize(l.ErrorText(err))
}

// handleForwardOutcome records the outcome of the target being sent,
// clears its tag when it was forwarded, and starts the next target.
func (m Model) handleForwardOutcome(msg forwardOutcomeMsg) (tea.Model, tea.Cmd) {
	d := m.forward
	if d == nil || d.stage != forwardRunning {
		return m, nil
	}
	outcome := msg.outcome
	d.results = append(d.results, outcome)
	if outcome.left {
		d.left[d.started-1] = true
	}
	if outcome.forwarded {
		for key := range m.queue.tags {
			if key.id == outcome.queueID {
				delete(m.queue.tags, key)
			}
		}
	}
	m.recountForward()
	cmd := m.forwardNextCmd()
	if d.stage == forwardRunning {
		m.setResult(resultInfo, m.forwardRunningText())
	}
	return m, cmd
}

// finishForward shows the outcome of each target in the dialog and a
// summary in the footer.
func (m *Model) finishForward() {
	d := m.forward
	var counts forwardCounts
	kind := resultOK
	for _, outcome := range d.results {
		switch {
		case outcome.left:
			counts.left++
			continue
		case outcome.forwarded:
			counts.forwarded++
			if outcome.err != "" {
				counts.thenFailed++
			}
		default:
			counts.failed++
		}
		if outcome.err != "" {
			// Not forwarded, or forwarded but the hold or delete failed.
			kind = resultError
		}
	}
	if kind == resultOK && counts.forwarded == 0 {
		kind = resultInfo
	}
	d.stage = forwardDone
	m.setResult(kind, m.forwardSummary(counts))
}

// forwardCounts are the outcomes of a forward of several messages.
type forwardCounts struct {
	forwarded int
	// thenFailed counts the forwarded messages whose hold or delete
	// failed afterwards.
	thenFailed int
	failed     int
	left       int // left the queue before they were sent
}

// forwardSummary returns the footer line after a forward. For one message
// it reports what happened to it. For several it counts the forwarded ones,
// those whose hold or delete failed after, the failed ones and those that
// left the queue before they were sent.
func (m Model) forwardSummary(counts forwardCounts) string {
	l := m.c.l
	d := m.forward
	if len(d.results) != 1 {
		data := map[string]any{
			"Count": counts.forwarded, "Failed": counts.failed, "Gone": counts.left, "Total": len(d.results),
		}
		if counts.thenFailed == 0 {
			return l.T("forward.summary", data)
		}
		data["ThenFailed"] = counts.thenFailed
		data["Action"] = l.T("action." + string(d.rescue.Then))
		return l.T("forward.summaryThenFailed", data)
	}
	outcome := d.results[0]
	data := map[string]any{
		"QueueID":    Sanitize(outcome.queueID),
		"Recipients": l10n.List(outcome.recipients),
		// The relay is named with its host, as the y/N prompt named it.
		"Relay": l.T("reason.forward.relayNamed", map[string]any{
			"Name": Sanitize(d.rescue.Relay.Name), "Address": Sanitize(relayAddress(d.rescue.Relay)),
		}),
	}
	switch {
	case outcome.left:
		return l.T("forward.summaryOneLeft", data)
	case !outcome.forwarded:
		return l.T("forward.summaryOneFailed", data)
	case outcome.err != "":
		// The relay accepted the message, but the hold or delete failed.
		data["Action"] = l.T("action." + string(d.rescue.Then))
		return l.T("forward.summaryOneThenFailed", data)
	}
	data["Then"] = l.T("forward.done." + string(outcome.then))
	return l.T("forward.summaryOne", data)
}
