package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/stats"
)

// domainMessageLimit is the number of recent messages the domain view requests.
const domainMessageLimit = 200

// actionTimeout bounds one rescue action. postqueue and postsuper return in
// well under a second on a healthy server.
const actionTimeout = 30 * time.Second

// actionKind is a rescue action.
type actionKind uint8

const (
	actionDeliver actionKind = iota // postqueue -i
	actionRequeue                   // postsuper -r
)

// labelID returns the l10n id naming the action in results.
func (a actionKind) labelID() string {
	if a == actionRequeue {
		return "action.requeue"
	}
	return "action.deliver"
}

// needsRoot reports whether the action runs postsuper, which only root may
// run, as queueAction.needsRoot does for the queue screen's actions.
func (a actionKind) needsRoot() bool {
	return a == actionRequeue
}

// domainMessagesMsg carries the message list of one domain.
type domainMessagesMsg struct {
	domain string
	rows   []stats.MessageSummary
}

// messageMsg carries the life of one queue ID. found is false when the
// source no longer tracks it.
type messageMsg struct {
	queueID string
	message stats.Message
	found   bool
}

// confirmReadyMsg carries the message an action key was pressed on, looked
// up so the confirmation can name its sender, recipients and arrival.
type confirmReadyMsg struct {
	action  actionKind
	queueID string
	message stats.Message
	found   bool
}

// actionResultMsg reports how a rescue action ended.
type actionResultMsg struct {
	action  actionKind
	queueID string
	result  actions.Result
	err     error // carries the command's own message
}

// loadDomainMessagesCmd requests the recent messages to domain from source.
func loadDomainMessagesCmd(source Source, domain string) tea.Cmd {
	return func() tea.Msg {
		return domainMessagesMsg{domain: domain, rows: source.DomainMessages(domain, domainMessageLimit)}
	}
}

// loadMessageCmd requests the life of queueID from source.
func loadMessageCmd(source Source, queueID string) tea.Cmd {
	return func() tea.Msg {
		message, found := source.Message(queueID)
		return messageMsg{queueID: queueID, message: message, found: found}
	}
}

// prepareActionCmd looks up queueID before an action is confirmed.
func prepareActionCmd(source Source, action actionKind, queueID string) tea.Cmd {
	return func() tea.Msg {
		message, found := source.Message(queueID)
		return confirmReadyMsg{action: action, queueID: queueID, message: message, found: found}
	}
}

// runActionCmd runs action on message through actor, bounded by
// actionTimeout. The message's sender and arrival time go with it so the
// actor can check that the queue ID still names the same message.
//
// NOTE: the arrival comes from the log (stats.Message.Arrival, else the
// first line seen). Log times have whole seconds and may differ from the
// queue file's arrival_time by a few seconds, so the actor's check must
// allow for that.
func runActionCmd(ctx context.Context, actor Actor, action actionKind, message stats.Message) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		arrival := message.Arrival
		if arrival.IsZero() {
			arrival = message.FirstSeen
		}
		var result actions.Result
		var err error
		switch action {
		case actionRequeue:
			result, err = actor.Requeue(ctx, message.QueueID, message.Sender, arrival)
			wakePickup(ctx, actor, result, err)
		default:
			result, err = actor.DeliverNow(ctx, message.QueueID, message.Sender, arrival)
		}
		return actionResultMsg{action: action, queueID: message.QueueID, result: result, err: err}
	}
}

// pickupWaker is an actor that can ask Postfix's pickup to scan the
// maildrop queue at once, as actions.Postfix can.
type pickupWaker interface {
	WakePickup(ctx context.Context) error
}

// wakePickup requests that pickup take the messages a requeue moved to
// the maildrop queue now, not at its next wake-up (every 60 seconds with
// Postfix 3.7's default master.cf), so the log soon names their new queue
// IDs. Its failure is ignored, because a stopped Postfix leaves them in
// the maildrop queue, which the domain table counts.
func wakePickup(ctx context.Context, actor any, res actions.Result, err error) {
	if err != nil || res.Count == 0 || res.Simulated {
		return
	}
	if w, ok := actor.(pickupWaker); ok {
		_ = w.WakePickup(ctx)
	}
}
