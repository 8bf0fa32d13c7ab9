package stats

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// Message is the life of one queued message as recorded in the log, keyed
// by queue ID. Collector.Message returns a deep copy.
type Message struct {
	QueueID   string
	FirstSeen time.Time // log time of the first line seen for this life
	LastSeen  time.Time
	// Arrival is the earliest of FirstSeen and each attempt's time minus
	// its delay=, which Postfix counts from the original arrival, even
	// across a requeue.
	Arrival time.Time

	Client       string // smtpd's "name[addr]"; empty for local submission
	Pickup       bool   // submitted locally or requeued: pickup logged uid=
	UID          int    // pickup's uid=, when Pickup is set
	SASLUsername string
	// Sender is the envelope sender. SenderKnown is set once a from= line
	// was seen, so an empty Sender is then the null sender, not an unknown one.
	Sender      string
	SenderKnown bool
	MessageID   string
	Size        int64 // bytes, from qmgr's size=
	NRcpt       int   // qmgr's nrcpt=: all recipients in the queue file, delivered or not

	// Recipients are learned from delivery lines, in the order first seen.
	Recipients []Recipient
	// RecipientsDropped counts recipients beyond Config.MaxRecipientsPerMessage.
	RecipientsDropped int

	Held           bool // on hold now: postsuper -h or a hold action, not yet released
	HeldAt         time.Time
	Released       bool // released from hold at least once
	ReleasedAt     time.Time
	ExpireMarked   bool // postsuper -e or -f marked it; qmgr returns it on its next attempt
	ExpireMarkedAt time.Time
	Expired        bool // qmgr logged status=expired or force-expired
	ForceExpired   bool // the expiry was status=force-expired
	ExpiredAt      time.Time
	Removed        bool // qmgr logged "removed": delivery finished
	RemovedAt      time.Time
	Deleted        bool // postsuper logged "removed": an operator deleted it
	DeletedAt      time.Time
	Requeued       bool // postsuper logged "requeued"; the message lives on as RequeuedAs
	RequeuedAt     time.Time
	Rejected       bool // cleanup or a milter rejected or discarded it after it got its queue ID
	RejectedAt     time.Time

	// Finished is set when the message left the queue. It was removed,
	// deleted, requeued or rejected, or a new life started under its queue ID.
	Finished   bool
	FinishedAt time.Time

	OrigID     string // the queue ID it was requeued from (pickup's orig_id=)
	RequeuedAs string // the queue ID it was requeued to

	// Notifications are the notices bounce(8) generated about this message.
	Notifications []Notification
	// NotificationOf is the queue ID of the message this one is a notice
	// about, and NotificationKind which notice it is.
	NotificationOf   string
	NotificationKind parsers.NotificationKind

	// Lines are the raw log lines of this message, each cut to
	// Config.MaxLineBytes. Past Config.MaxLinesPerMessage, lines from the
	// middle are dropped and counted in LinesDropped.
	Lines        []string
	LinesDropped int
}

// NullSender reports whether the message is from the null sender: a bounce
// or another notice that Postfix generated.
func (m *Message) NullSender() bool {
	return m.NotificationOf != "" || (m.SenderKnown && m.Sender == "")
}

// QueueState is a message's place in its life: in the queue, on hold, or
// the way it left the queue.
type QueueState uint8

// The queue states, from Message.QueueState.
const (
	StateQueued   QueueState = iota // in the incoming, active or deferred queue
	StateHeld                       // in the hold queue
	StateRemoved                    // left the queue: qmgr removed it, or a new life reused its queue ID
	StateDeleted                    // an operator deleted it
	StateExpired                    // expired and returned to the sender
	StateRequeued                   // requeued under a new queue ID
	StateRejected                   // rejected after it got its queue ID
)

// InQueue reports whether a message in state s is still in the queue, so
// that queue actions apply to it.
func (s QueueState) InQueue() bool {
	return s == StateQueued || s == StateHeld
}

// QueueState returns where m is in its life as far as the log shows. When
// several ways of leaving were logged, deleted comes first, then
// requeued, expired, rejected and removed.
func (m *Message) QueueState() QueueState {
	var flags messageFlags
	for _, f := range []struct {
		set  bool
		flag messageFlags
	}{
		{m.Held, flagHeld}, {m.Expired, flagExpired}, {m.Removed, flagRemoved},
		{m.Deleted, flagDeleted}, {m.Requeued, flagRequeued}, {m.Rejected, flagRejected},
	} {
		if f.set {
			flags |= f.flag
		}
	}
	return flags.queueState(m.Finished)
}

// Notification is one notice bounce(8) generated about a message.
type Notification struct {
	Kind    parsers.NotificationKind
	QueueID string // the notice's own queue ID
	Time    time.Time
}

// Recipient is one recipient of a message and its delivery attempts.
type Recipient struct {
	Address string // as logged in to=, in Postfix's quoted external form
	OrigTo  string // orig_to=, when Postfix logged it
	Domain  string // lowercase; empty when the address has none
	// Status is that of the last attempt, or StatusExpired or
	// StatusForceExpired when qmgr returned the message while this
	// recipient was pending.
	Status parsers.Status
	// Class is the class of the last non-success attempt; ClassNone if none.
	Class diagnose.Class
	// Pending is set when the last attempt was deferred and the message is
	// still queued. It is computed when the copy is made.
	Pending bool
	// Attempts are the delivery lines, oldest first. Past
	// Config.MaxAttemptsPerRecipient, attempts from the middle are dropped
	// and counted in AttemptsDropped.
	Attempts        []Attempt
	AttemptsDropped int
}

// Attempt is one delivery line for one recipient. The fields of one byte
// come last, so that they share one word: a tracked message keeps up to
// Config.MaxAttemptsPerRecipient of them per recipient.
type Attempt struct {
	Time       time.Time
	Delay      float64 // seconds since arrival
	DSN        string
	Relay      string
	Reason     string
	Status     parsers.Status
	Phase      parsers.Phase
	Class      diagnose.Class
	Collateral bool // see diagnose.Result.Collateral
}

// MessageSummary is one recipient of one message, for a domain's message list.
type MessageSummary struct {
	Time      time.Time // of the last attempt, or of the expiry
	QueueID   string
	Sender    string
	Recipient string
	Status    parsers.Status
	Class     diagnose.Class // of the last attempt, as Recipient.LastClass returns it
	DSN       string
	Reason    string
	Phase     parsers.Phase // of the last attempt
	Relay     string        // of the last attempt
	Delay     float64       // seconds, of the last attempt
	Pending   bool
	// State is the state of the whole message, which the queue actions
	// act on.
	State QueueState
	// RequeuedAs is the queue ID a requeue gave the message, when the log
	// names it.
	RequeuedAs string
}

// pending reports whether the recipient waits for another attempt.
func (r *Recipient) pending() bool {
	return r.Status == parsers.StatusDeferred || r.Status == parsers.StatusSoftBounce
}

// LastClass returns the reason class of the recipient's last attempt:
// ClassNone when it succeeded, although Class keeps the class of an
// earlier failure. An expired recipient has the class of the deferral it
// expired after.
func (r *Recipient) LastClass() diagnose.Class {
	if r.Status == parsers.StatusSent || r.Status == parsers.StatusDeliverable {
		return diagnose.ClassNone
	}
	return r.Class
}

// lastAttempt returns the recipient's last attempt, or nil.
func (r *Recipient) lastAttempt() *Attempt {
	if len(r.Attempts) == 0 {
		return nil
	}
	return &r.Attempts[len(r.Attempts)-1]
}

// appendCapped appends v to s, keeping at most max elements: when s is full
// the element in the middle is dropped, so the first half and the latest
// elements remain. It reports whether an element was dropped. A full s
// grows by a quarter rather than doubling as append does, since most
// recipients get one or two attempts and a retried one gets more slowly.
func appendCapped[T any](s []T, v T, max int) ([]T, bool) {
	if len(s) < max {
		if len(s) == cap(s) {
			grown := make([]T, len(s), min(max, len(s)+len(s)/4+1))
			copy(grown, s)
			s = grown
		}
		return append(s, v), false
	}
	mid := max / 2
	copy(s[mid:], s[mid+1:])
	s[len(s)-1] = v
	return s, true
}

// expiredStatus returns the status an expiry gives the pending recipients
// of a message, force-expired or not.
func expiredStatus(forced bool) parsers.Status {
	if forced {
		return parsers.StatusForceExpired
	}
	return parsers.StatusExpired
}
