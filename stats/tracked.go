package stats

import (
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// tracked is the collector's record of one message, from which clone
// builds a Message. The times of holds, expiries and the like, and the
// links to other messages, are kept apart because few messages have
// them. So a tracked message takes 352 bytes where a Message takes 624.
type tracked struct {
	QueueID      string
	Client       string // as Message.Client
	SASLUsername string
	Sender       string
	MessageID    string

	FirstSeen, LastSeen, Arrival time.Time // as in Message
	FinishedAt, RemovedAt        time.Time

	Recipients []Recipient
	// lines are the kept raw lines, which clone copies into Message.Lines.
	lines messageLines
	// events are the times of the flags other than flagRemoved, in the
	// order first set; nil for most messages.
	events []flagTime
	links  *messageLinks // nil until a requeue or notice links the message

	Size              int64
	UID               int
	NRcpt             int
	RecipientsDropped int32
	LinesDropped      int32

	flags       messageFlags
	Pickup      bool
	SenderKnown bool
	queued      bool // qmgr saw it: a queue, delivery or expiry line was logged
	Finished    bool
	// live is set while the Collector's live map holds the message under
	// its queue ID, so that the sweep checks it without a map lookup.
	live bool
}

// messageFlags are the events of a message's life that Message has a
// flag for, one bit each.
type messageFlags uint16

const (
	flagHeld messageFlags = 1 << iota // on hold now
	flagReleased
	flagExpireMarked
	flagExpired
	flagForceExpired // the expiry was status=force-expired; its time is flagExpired's
	flagRemoved
	flagDeleted
	flagRequeued
	flagRejected
)

// queueState returns where a message with flags is in its life, as
// Message.QueueState documents.
func (f messageFlags) queueState(finished bool) QueueState {
	switch {
	case f&flagDeleted != 0:
		return StateDeleted
	case f&flagRequeued != 0:
		return StateRequeued
	case f&flagExpired != 0:
		return StateExpired
	case f&flagRejected != 0:
		return StateRejected
	case f&flagRemoved != 0 || finished:
		return StateRemoved
	case f&flagHeld != 0:
		return StateHeld
	}
	return StateQueued
}

// flagTime is the time a flag of a message was last set.
type flagTime struct {
	flag messageFlags
	at   time.Time
}

// messageLinks are a message's links to other messages, as in Message.
type messageLinks struct {
	OrigID           string
	RequeuedAs       string
	Notifications    []Notification
	NotificationOf   string
	NotificationKind parsers.NotificationKind
}

// has reports whether flag is set.
func (m *tracked) has(flag messageFlags) bool {
	return m.flags&flag != 0
}

// set sets flag and records t as its time.
func (m *tracked) set(flag messageFlags, t time.Time) {
	m.flags |= flag
	if flag == flagRemoved {
		m.RemovedAt = t
		return
	}
	for i := range m.events {
		if m.events[i].flag == flag {
			m.events[i].at = t
			return
		}
	}
	m.events = append(m.events, flagTime{flag: flag, at: t})
}

// timeOf returns the time flag was last set, or the zero time.
func (m *tracked) timeOf(flag messageFlags) time.Time {
	if flag == flagRemoved {
		return m.RemovedAt
	}
	for _, e := range m.events {
		if e.flag == flag {
			return e.at
		}
	}
	return time.Time{}
}

// link returns the message's links, allocating them when absent.
func (m *tracked) link() *messageLinks {
	if m.links == nil {
		m.links = new(messageLinks)
	}
	return m.links
}

// notificationOf returns the queue ID of the message m is a notice about,
// or "".
func (m *tracked) notificationOf() string {
	if m.links == nil {
		return ""
	}
	return m.links.NotificationOf
}

// NullSender is Message.NullSender for m.
func (m *tracked) NullSender() bool {
	return m.notificationOf() != "" || (m.SenderKnown && m.Sender == "")
}

// QueueState is Message.QueueState for m.
func (m *tracked) QueueState() QueueState {
	return m.flags.queueState(m.Finished)
}

// expiredStatus returns the status m's expiry gives its pending recipients.
func (m *tracked) expiredStatus() parsers.Status {
	return expiredStatus(m.has(flagForceExpired))
}

// clone returns m as a Message that shares nothing with it, with its kept
// lines and Pending computed for each recipient.
func (m *tracked) clone() Message {
	out := Message{
		QueueID:           m.QueueID,
		FirstSeen:         m.FirstSeen,
		LastSeen:          m.LastSeen,
		Arrival:           m.Arrival,
		Client:            m.Client,
		Pickup:            m.Pickup,
		UID:               m.UID,
		SASLUsername:      m.SASLUsername,
		Sender:            m.Sender,
		SenderKnown:       m.SenderKnown,
		MessageID:         m.MessageID,
		Size:              m.Size,
		NRcpt:             m.NRcpt,
		RecipientsDropped: int(m.RecipientsDropped),

		Held:           m.has(flagHeld),
		HeldAt:         m.timeOf(flagHeld),
		Released:       m.has(flagReleased),
		ReleasedAt:     m.timeOf(flagReleased),
		ExpireMarked:   m.has(flagExpireMarked),
		ExpireMarkedAt: m.timeOf(flagExpireMarked),
		Expired:        m.has(flagExpired),
		ForceExpired:   m.has(flagForceExpired),
		ExpiredAt:      m.timeOf(flagExpired),
		Removed:        m.has(flagRemoved),
		RemovedAt:      m.RemovedAt,
		Deleted:        m.has(flagDeleted),
		DeletedAt:      m.timeOf(flagDeleted),
		Requeued:       m.has(flagRequeued),
		RequeuedAt:     m.timeOf(flagRequeued),
		Rejected:       m.has(flagRejected),
		RejectedAt:     m.timeOf(flagRejected),

		Finished:   m.Finished,
		FinishedAt: m.FinishedAt,

		Lines:        m.lines.strings(),
		LinesDropped: int(m.LinesDropped),
	}
	if l := m.links; l != nil {
		out.OrigID, out.RequeuedAs = l.OrigID, l.RequeuedAs
		out.Notifications = append([]Notification(nil), l.Notifications...)
		out.NotificationOf, out.NotificationKind = l.NotificationOf, l.NotificationKind
	}
	out.Recipients = make([]Recipient, len(m.Recipients))
	for i := range m.Recipients {
		r := m.Recipients[i]
		r.Attempts = append([]Attempt(nil), r.Attempts...)
		r.Pending = r.pending() && !m.Finished
		out.Recipients[i] = r
	}
	return out
}
