package demo

import (
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// maximalQueueLifetime is Postfix 3.7's default maximal_queue_lifetime: a
// message still deferred at that age is returned to its sender.
const maximalQueueLifetime = 5 * 24 * time.Hour

// ownedMessage is a message whose delivery attempts the simulation makes
// itself, because the replay leaves out the recording's lines about it.
type ownedMessage struct {
	// msg is the message as Snapshot lists it, without NextRetry.
	msg sources.QueuedMessage
	// retryAt is the queue file's modification time, the next retry that
	// Snapshot shows in the deferred queue. Postfix keeps it through a
	// hold and a release, as a private Postfix 3.7.11 instance showed.
	retryAt time.Time
	// tryAt is when qmgr tries the message next, while it is deferred:
	// its first scan of the deferred queue at or after retryAt.
	tryAt time.Time
	// last holds the last attempt of each pending recipient, by address.
	last map[string]attempt
}

// attempt is a delivery attempt of one recipient.
type attempt struct {
	time  time.Time
	relay string // "none" when Postfix made no connection
	class diagnose.Class
	// dsn and reply are the DSN status and the reply text Postfix logs.
	dsn, reply string
	sent       bool
}

// logLine is a line for ActionLog.Inject.
type logLine struct {
	program, text string
}

// ownMessage returns m as a message the simulation delivers, with the last
// attempt of each pending recipient taken from the replayed log. The
// caller holds q.mu.
func (q *SimulatedQueue) ownMessage(m sources.QueuedMessage) *ownedMessage {
	o := &ownedMessage{msg: m, retryAt: m.NextRetry, last: make(map[string]attempt)}
	o.msg.NextRetry = time.Time{}
	o.msg.Recipients = append([]sources.QueuedRecipient(nil), m.Recipients...)
	life, _ := q.state.Message(m.QueueID)
	for _, r := range o.msg.Recipients {
		if r.Done {
			continue
		}
		last := attempt{relay: "none", dsn: r.Status, reply: r.Reason}
		if logged, ok := lastLoggedAttempt(life.Recipients, r.Address); ok {
			last.time, last.relay, last.class = logged.Time, logged.Relay, logged.Class
		}
		o.last[r.Address] = last
	}
	return o
}

// lastLoggedAttempt returns the last attempt the log records for the
// recipient address.
func lastLoggedAttempt(recipients []stats.Recipient, address string) (stats.Attempt, bool) {
	for _, r := range recipients {
		if r.Address == address && len(r.Attempts) > 0 {
			return r.Attempts[len(r.Attempts)-1], true
		}
	}
	return stats.Attempt{}, false
}

// listing returns the message as Snapshot lists it.
func (o *ownedMessage) listing() sources.QueuedMessage {
	m := o.msg
	if m.Queue == sources.QueueDeferred {
		m.NextRetry = o.retryAt
	}
	return m
}

// release moves the message back to the deferred queue at now, as
// postsuper -H does. Its retry time is the one it had when it was held, so
// a message held past it is due and tried at qmgr's next scan.
func (o *ownedMessage) release(now time.Time) {
	o.msg.Queue = sources.QueueDeferred
	if o.retryAt.IsZero() {
		o.retryAt = now
	}
	o.tryAt = nextScan(maxTime(o.retryAt, now))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// deliverDue tries each deferred message whose time has come, and returns
// the lines Postfix would log. A message that leaves the queue moves from
// q.owned to q.removed. The caller holds q.mu.
func (q *SimulatedQueue) deliverDue(now time.Time) []logLine {
	var lines []logLine
	for id, o := range q.owned {
		if o.msg.Queue != sources.QueueDeferred || o.tryAt.After(now) {
			continue
		}
		// NOTE: when the replay's clock jumped over several scans, as
		// over a quiet night, only one attempt is made, at now, because
		// the replay stamps the lines added to it with its own time.
		tried, left := q.deliver(o, now)
		lines = append(lines, tried...)
		if left {
			delete(q.owned, id)
			q.removed[id] = o.msg.Arrival
		}
	}
	return lines
}

// deliver makes one delivery attempt of every pending recipient of o at
// now, and returns the lines Postfix would log and whether the message
// left the queue. A recipient is delivered or deferred as the replayed log
// shows other mail to its domain (see retryOutcome). A message still
// deferred at maximal_queue_lifetime is returned to its sender. The caller
// holds q.mu.
func (q *SimulatedQueue) deliver(o *ownedMessage, now time.Time) ([]logLine, bool) {
	id := o.msg.QueueID
	lines := []logLine{{"postfix/qmgr", fmt.Sprintf("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", id, o.msg.Sender, o.msg.Size, len(o.msg.Recipients))}}
	delay := max(int64(now.Sub(o.msg.Arrival).Seconds()), 0)
	pending := 0
	for i := range o.msg.Recipients {
		r := &o.msg.Recipients[i]
		if r.Done {
			continue
		}
		outcome := q.retryOutcome(o, r.Address, now)
		lines = append(lines, deliveryLine(id, *r, outcome, delay))
		if outcome.sent {
			r.Done, r.Status, r.Reason = true, "", ""
			delete(o.last, r.Address)
			continue
		}
		r.Status, r.Reason = outcome.dsn, outcome.reply
		o.last[r.Address] = outcome
		pending++
	}

	switch {
	case pending == 0:
		lines = append(lines, logLine{"postfix/qmgr", id + ": removed"})
		return lines, true
	case now.Sub(o.msg.Arrival) >= maximalQueueLifetime:
		lines = append(lines,
			logLine{"postfix/qmgr", fmt.Sprintf("%s: from=<%s>, status=expired, returned to sender", id, o.msg.Sender)},
			logLine{"postfix/qmgr", id + ": removed"})
		return lines, true
	}
	o.retryAt = now.Add(backoff(o.msg.Arrival, now))
	o.tryAt = nextScan(o.retryAt)
	return lines, false
}

// retryOutcome returns the outcome of an attempt at now to deliver to
// address, a pending recipient of o. The replayed log shows how the
// recipient's domain handled other mail since the recipient's last
// attempt, and the latest of those attempts that was delivered or deferred
// decides. A
// bounce tells nothing about the domain, because it rejects one address.
// Neither does a greylisted deferral, because a greylisting receiver
// defers only first attempts. Without such an attempt the recipient is
// deferred again as before, unless its last deferral was greylisting,
// which accepts the retry.
func (q *SimulatedQueue) retryOutcome(o *ownedMessage, address string, now time.Time) attempt {
	own := o.last[address]
	own.time = now
	if own.class == diagnose.Greylisted {
		return sentAttempt(own.relay, "", now)
	}

	domain := string(parsers.Domain([]byte(address)))
	for _, other := range q.state.DomainMessages(domain, 0) {
		if other.QueueID == o.msg.QueueID || other.Time.After(now) {
			continue
		}
		if !other.Time.After(o.last[address].time) {
			// DomainMessages lists the newest attempts first.
			break
		}
		switch {
		case other.Status == parsers.StatusSent:
			return sentAttempt(other.Relay, other.Reason, now)
		case other.Status == parsers.StatusDeferred && other.Class != diagnose.Greylisted:
			// The reply may name the other message's recipient.
			reply := strings.ReplaceAll(other.Reason, other.Recipient, address)
			return attempt{time: now, relay: other.Relay, class: other.Class, dsn: other.DSN, reply: reply}
		}
	}
	return own
}

// sentAttempt returns a delivery through relay at now. reply is the
// receiver's reply, or "" for Postfix's usual one.
func sentAttempt(relay, reply string, now time.Time) attempt {
	if reply == "" {
		reply = "250 2.0.0 Ok: queued"
	}
	return attempt{time: now, relay: relay, dsn: "2.0.0", reply: reply, sent: true}
}

// deliveryLine returns the line of smtp(8), or of error(8) when Postfix
// made no connection, for an attempt delay seconds after the arrival.
func deliveryLine(id string, r sources.QueuedRecipient, a attempt, delay int64) logLine {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: to=<%s>, ", id, r.Address)
	if r.OrigAddress != "" && r.OrigAddress != r.Address {
		fmt.Fprintf(&b, "orig_to=<%s>, ", r.OrigAddress)
	}
	relay := a.relay
	if relay == "" {
		relay = "none"
	}
	status := "deferred"
	if a.sent {
		status = "sent"
	}
	fmt.Fprintf(&b, "relay=%s, delay=%d, delays=%d/0/0/0, dsn=%s, status=%s (%s)", relay, delay, delay, a.dsn, status, a.reply)
	program := "postfix/smtp"
	if relay == "none" {
		program = "postfix/error"
	}
	return logLine{program, b.String()}
}

// cloneOwned returns a copy of o that shares nothing with it.
func cloneOwned(o *ownedMessage) *ownedMessage {
	c := *o
	c.msg.Recipients = append([]sources.QueuedRecipient(nil), o.msg.Recipients...)
	c.last = maps.Clone(o.last)
	return &c
}
