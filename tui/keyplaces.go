package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The l10n ids of the footer texts that name the screens where an action
// key works.
const (
	// i and r: the domain's message list, the message view, the queue
	// screen and a message opened from it.
	placesMessages = "result.keyWorksOnMessages"
	// f, h, H, e, d and F: the queue screen and a message opened from it.
	placesQueue = "result.keyWorksOnQueue"
	// A: the queue screen only.
	placesQueueScreen = "result.keyWorksOnQueueScreen"
)

// worksOn reports whether an action key with the given places (one of the
// places constants) works on the screen on.
func worksOn(places string, on screen) bool {
	switch on {
	case screenQueue:
		return true
	case screenQueueMessage:
		return places != placesQueueScreen
	case screenDomain, screenMessage:
		return places == placesMessages
	}
	return false
}

// actionKeyRefusal returns the footer text for an action key pressed
// where it does nothing: why the mode disables it, or else where it
// works. It returns "" for a key that is not an action key. Handlers call
// it for the keys they do not handle.
func (m Model) actionKeyRefusal(msg tea.KeyPressMsg) (text string, kind resultKind) {
	k := m.keys
	keys := []struct {
		binding key.Binding
		action  string // l10n id of the action's name
		places  string
		// view is set for the queue screen's keys that change only what
		// it shows or tags, which read-only mode and a missing
		// controller leave working.
		view bool
	}{
		{k.Deliver, "action.deliver", placesMessages, false},
		{k.Requeue, "action.requeue", placesMessages, false},
		{k.Hold, "action.hold", placesQueue, false},
		{k.Release, "action.release", placesQueue, false},
		{k.Expire, "action.expire", placesQueue, false},
		{k.Delete, "action.delete", placesQueue, false},
		{k.FlushDomain, "action.flushDomain", placesQueue, false},
		{k.FlushAll, "action.flushAll", placesQueueScreen, false},
		{k.Forward, "action.forward", placesQueue, false},
		{k.View, "key.queueView", placesQueueScreen, true},
		{k.Tag, "key.tag", placesQueueScreen, true},
		{k.TagAll, "key.tagAll", placesQueueScreen, true},
		{k.Untag, "key.untag", placesQueueScreen, true},
	}
	l := m.c.l
	for _, pressed := range keys {
		if !key.Matches(msg, pressed.binding) {
			continue
		}
		data := map[string]any{"Key": pressed.binding.Help().Key, "Action": l.T(pressed.action)}
		logActions := pressed.places == placesMessages
		switch {
		case pressed.view && m.screen == screenWhy && worksOn(pressed.places, m.whyFrom):
			return l.T("result.keyWorksAfterWhy", data), resultInfo
		case pressed.view:
			return l.T(pressed.places, data), resultInfo
		case m.opts.ReadOnly:
			return l.T("result.readOnly", data), resultError
		case pressed.binding.Help().Key == k.Forward.Help().Key && m.opts.Demo:
			return l.T("forward.demo"), resultError
		case m.opts.QueueActor == nil && (!logActions || m.opts.Actor == nil):
			return l.T("result.noActor"), resultError
		case m.screen == screenWhy && worksOn(pressed.places, m.whyFrom):
			// The key works on the screen the panel was opened from,
			// which is one esc away.
			return l.T("result.keyWorksAfterWhy", data), resultInfo
		}
		return l.T(pressed.places, data), resultInfo
	}
	return "", resultInfo
}

// refuseActionKey shows in the footer why an action key does nothing on
// the current screen, and reports whether msg was such a key. The text is
// a hint, which the next key press clears.
func (m *Model) refuseActionKey(msg tea.KeyPressMsg) bool {
	text, kind := m.actionKeyRefusal(msg)
	if text == "" {
		return false
	}
	m.setHint(kind, text)
	return true
}

// refuseUnknownKey shows in the footer that a printable key does nothing
// on this screen and that ? lists the keys, and reports whether msg was
// such a key. Keys without text, such as a bare modifier, stay silent.
// The hint does not replace a result that is not a hint, such as an
// action's outcome, because a stray y after a refused action would
// otherwise hide why the action did not run.
func (m *Model) refuseUnknownKey(msg tea.KeyPressMsg) bool {
	if msg.Text == "" || m.isMoveKey(msg) {
		return false
	}
	if m.result != "" {
		// clearHint has already removed a hint of the previous key.
		return true
	}
	m.setHint(resultInfo, m.c.l.T("result.unknownKey", map[string]any{"Key": Sanitize(msg.String())}))
	return true
}

// refuseKey shows in the footer why a key that the screen's handler left
// unhandled does nothing: where an action key works, or that ? lists the
// keys.
func (m *Model) refuseKey(msg tea.KeyPressMsg) {
	if !m.refuseActionKey(msg) {
		m.refuseUnknownKey(msg)
	}
}

// isMoveKey reports whether msg moves a cursor or scrolls.
func (m Model) isMoveKey(msg tea.KeyPressMsg) bool {
	k := m.keys
	return key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End)
}
