package tui

import (
	"os"

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
	// then is the step applied to the original. It is keep when none was
	// requested or the step failed.
	then forward.Then
}

// forwardResultMsg reports the outcome of every message of a forward.
type forwardResultMsg struct {
	outcomes []forwardOutcome
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
			if result.Err != nil {
				outcomes[i].err = Sanitize(result.Err.Error())
			}
		}
		return forwardResultMsg{outcomes: outcomes}
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
	m.setResult(kind, m.c.l.T("forward.summary", map[string]any{"Count": forwarded, "Total": len(msg.outcomes)}))
	if m.forward != nil {
		m.forward.stage = forwardDone
		m.forward.results = msg.outcomes
	}
	return m, nil
}
