package tui

import (
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
)

// forwardOutcome is the result of forwarding one message, sanitized for
// the screen.
type forwardOutcome struct {
	queueID string
	// reply is the relay's reply text after 250 when it accepted the
	// message.
	reply string
	// err is the reason the message was not forwarded or the hold or
	// delete after it failed, or "" on success.
	err       string
	forwarded bool
	// recipients are the addresses the message was forwarded to, set when
	// forwarded.
	recipients []string
	// then is the step applied to the original. It is keep when none was
	// requested or the step failed.
	then forward.Then
}

// forwardResultMsg reports the outcome of every message of a forward.
type forwardResultMsg struct {
	outcomes []forwardOutcome
	relay    string       // the relay's name, sanitized
	then     forward.Then // the step requested for each original
}

// runForwardCmd returns the command that forwards the dialog's messages
// through the chosen relay and then applies the chosen step to each
// original the relay accepted.
func (m Model) runForwardCmd(d *forwardDialog) tea.Cmd {
	rescue := forward.Rescue{
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
	targets := make([]actions.Target, len(d.targets))
	for i, msg := range d.targets {
		targets[i] = targetOf(msg)
	}
	ctx := m.ctx
	relay, then := Sanitize(rescue.Relay.Name), rescue.Then
	return func() tea.Msg {
		results := rescue.Run(ctx, targets)
		outcomes := make([]forwardOutcome, len(results))
		for i, result := range results {
			outcomes[i] = forwardOutcome{
				queueID:   result.QueueID,
				reply:     Sanitize(result.Reply.Text),
				forwarded: result.Forwarded,
				then:      result.Then,
			}
			for _, rcpt := range result.Recipients {
				outcomes[i].recipients = append(outcomes[i].recipients, Sanitize(rcpt))
			}
			if result.Err != nil {
				outcomes[i].err = Sanitize(result.Err.Error())
			}
		}
		return forwardResultMsg{outcomes: outcomes, relay: relay, then: then}
	}
}

// handleForwardResult shows the outcome of each message in the dialog and
// a summary in the footer, and clears the tags of the forwarded messages.
func (m Model) handleForwardResult(msg forwardResultMsg) (tea.Model, tea.Cmd) {
	forwarded, failed := 0, 0
	for _, outcome := range msg.outcomes {
		if outcome.err != "" {
			failed++
		}
		if !outcome.forwarded {
			continue
		}
		forwarded++
		for key := range m.queue.tags {
			if key.id == outcome.queueID {
				delete(m.queue.tags, key)
			}
		}
	}
	kind := resultOK
	if failed > 0 {
		kind = resultError
	}
	m.setResult(kind, m.forwardSummary(msg, forwarded))
	if m.forward != nil {
		m.forward.stage = forwardDone
		m.forward.results = msg.outcomes
	}
	return m, nil
}

// forwardSummary returns the footer line after a forward: for one message
// what happened to it, and for several how many were forwarded.
func (m Model) forwardSummary(msg forwardResultMsg, forwarded int) string {
	l := m.c.l
	if len(msg.outcomes) != 1 {
		return l.T("forward.summary", map[string]any{"Count": forwarded, "Total": len(msg.outcomes)})
	}
	outcome := msg.outcomes[0]
	data := map[string]any{
		"QueueID":    Sanitize(outcome.queueID),
		"Recipients": strings.Join(outcome.recipients, ", "),
		"Relay":      msg.relay,
	}
	switch {
	case !outcome.forwarded:
		return l.T("forward.summaryOneFailed", data)
	case outcome.err != "":
		// The relay accepted the message, but the hold or delete failed.
		data["Action"] = l.T("action." + string(msg.then))
		return l.T("forward.summaryOneThenFailed", data)
	}
	data["Then"] = l.T("forward.done." + string(outcome.then))
	return l.T("forward.summaryOne", data)
}
