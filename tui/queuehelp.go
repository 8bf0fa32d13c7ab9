package tui

// The key help of the queue screens.

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/mailtop/mailtop/actions"
)

// queueShortHelp returns the keys of the queue screens, most useful first.
func (m Model) queueShortHelp() []key.Binding {
	k := m.keys
	acts := m.queueActionKeys()
	if m.screen == screenQueueMessage {
		// x comes before the actions, which the queue list offers too, so
		// that the footer keeps it at 80 columns.
		return append(append([]key.Binding{k.Back, k.Why}, acts...), k.Up, k.Down, k.Help, k.Quit)
	}
	if m.queue.unreadable() {
		// Nothing is listed, so the list, tag, filter, sort and action
		// keys do nothing.
		return []key.Binding{k.Back, k.Queue, k.Help, k.Quit}
	}
	if m.queue.noneReadable() {
		// The queue was read, but none of its messages can be listed.
		// Flushing every deferred message needs no listed message.
		bindings := []key.Binding{k.Back}
		if !m.opts.ReadOnly && m.opts.QueueActor != nil {
			bindings = append(bindings, k.FlushAll)
		}
		return append(bindings, k.Queue, k.Help, k.Quit)
	}
	if m.queue.mode == queueModeShape {
		bindings := []key.Binding{k.Open, k.View, k.Left, k.Back, k.Help, k.Quit}
		if !m.opts.ReadOnly && m.opts.QueueActor != nil {
			bindings = append(bindings, k.FlushDomain)
		}
		return bindings
	}
	if len(m.queue.rows) == 0 {
		return m.emptyListHelp(acts)
	}
	return m.queueListHelp(acts)
}

// queueListHelp returns the keys of a queue list that shows messages, with
// acts, the action keys that apply. As on the log screens, the keys an
// operator needs first come first, because the help line drops keys from
// its end. Enter and x lead, then hold or release, deliver now, requeue
// and delete on the selected message, then esc and the filter. Expire and
// forward, which are needed less often, follow. The tags, the views, sort
// and the flushes, which act on more than that message, come last.
func (m Model) queueListHelp(acts []key.Binding) []key.Binding {
	k := m.keys
	has := func(b key.Binding) bool {
		return slices.ContainsFunc(acts, func(act key.Binding) bool { return act.Help().Key == b.Help().Key })
	}
	pick := func(bindings []key.Binding, from ...key.Binding) []key.Binding {
		for _, b := range from {
			if has(b) {
				bindings = append(bindings, b)
			}
		}
		return bindings
	}

	bindings := []key.Binding{k.Open, k.Why}
	bindings = pick(bindings, k.Hold, k.Release, k.Deliver, k.Requeue, k.Delete)
	bindings = append(bindings, k.Back, k.Filter)
	bindings = pick(bindings, k.Expire, k.Forward)
	// Tags only choose what an action acts on.
	canAct := !m.opts.ReadOnly && m.opts.QueueActor != nil
	if canAct {
		bindings = append(bindings, k.Tag)
	}
	bindings = append(bindings, k.View)
	if canAct {
		bindings = append(bindings, k.TagAll, k.Untag)
	}
	bindings = append(bindings, k.Sort)
	bindings = pick(bindings, k.FlushDomain)
	if len(acts) > 0 {
		// Flushing every deferred message needs no selected message, but
		// is offered with the other actions.
		bindings = append(bindings, k.FlushAll)
	}
	return append(bindings, k.Queue, k.Help, k.Quit)
}

// queueActionKeys returns the action keys of the queue list and the queue
// detail view that apply to what an action would act on. Tagged messages
// get every key, except flush domain when the detail view's message left
// the queue. One message gets the actions that apply to the queue it is
// in (no deliver now or hold for a held message), and a message that left
// the queue, or no message, gets none. Without an
// actor or with --read-only there are none, and the demo has no forward
// because it sends no mail. A queue listed with postqueue -j gets only
// the keys that need no root: deliver now and the flushes. Deliver now is
// left out while Postfix is known to be stopped.
func (m Model) queueActionKeys() []key.Binding {
	k := m.keys
	if m.opts.ReadOnly || m.opts.QueueActor == nil {
		return nil
	}
	_, single, ok := m.actionMessages()
	if !ok {
		return nil
	}
	acts := []key.Binding{k.Hold, k.Release, k.Deliver, k.Requeue, k.Expire, k.Delete, k.Forward, k.FlushDomain}
	var dropped []key.Binding
	for action := queueDeliver; single != nil && action <= queueDelete; action++ {
		if !actions.AppliesToQueue(action.postfixAction(), single.Queue) {
			dropped = append(dropped, m.queueActionBinding(action))
		}
	}
	if m.detailGoneText("action.flushDomain") != "" {
		// The domain to flush comes from the message on screen.
		dropped = append(dropped, k.FlushDomain)
	}
	if m.opts.Demo {
		dropped = append(dropped, k.Forward)
	}
	if m.deliverNeedsPostfix() {
		dropped = append(dropped, k.Deliver)
	}
	if m.queue.fromPostqueue() {
		// Without root, postsuper refuses these actions (see needsRoot),
		// and forward cannot read the queue file.
		dropped = append(dropped, k.Hold, k.Release, k.Requeue, k.Expire, k.Delete, k.Forward)
	}
	return slices.DeleteFunc(acts, func(b key.Binding) bool {
		return slices.ContainsFunc(dropped, func(d key.Binding) bool { return d.Help().Key == b.Help().Key })
	})
}
