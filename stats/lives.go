package stats

// The life of each message by queue ID: which message a line belongs to,
// when a life starts and finishes, requeue and notification links, and the
// raw lines kept for the message view.

import (
	"time"
	"unicode/utf8"

	"github.com/mailtop/mailtop/parsers"
)

// startLife returns the message for a line that opens a life: client= and
// pickup (opening=true), or cleanup's message-id=. A queue ID whose message
// already reached qmgr, or that already had a client= or pickup line when a
// new one comes, starts a new life: short queue IDs are reused.
func (c *Collector) startLife(id []byte, t time.Time, opening bool) *tracked {
	if m, ok := c.live[string(id)]; ok {
		reused := m.queued || (opening && (m.Client != "" || m.Pickup))
		if !reused {
			c.touch(m, t)
			return m
		}
		c.finish(m, t)
	}
	return c.create(string(id), t)
}

// lookup returns the message a line with queue ID id belongs to: the live
// one, or one that finished less than lateLineTolerance before t. Otherwise
// it creates a live message when create is set (the life started before the
// collector did) and returns nil when not.
func (c *Collector) lookup(id []byte, t time.Time, create bool) *tracked {
	if m, ok := c.live[string(id)]; ok {
		c.touch(m, t)
		return m
	}
	if m, ok := c.finishedBy[string(id)]; ok && !t.After(m.FinishedAt.Add(lateLineTolerance)) {
		c.touch(m, t)
		return m
	}
	if !create {
		return nil
	}
	return c.create(string(id), t)
}

func (c *Collector) touch(m *tracked, t time.Time) {
	if t.After(m.LastSeen) {
		m.LastSeen = t
	}
	if !t.IsZero() && (m.FirstSeen.IsZero() || t.Before(m.FirstSeen)) {
		m.FirstSeen = t
	}
	if !t.IsZero() && (m.Arrival.IsZero() || t.Before(m.Arrival)) {
		m.Arrival = t
	}
}

func (c *Collector) create(id string, t time.Time) *tracked {
	m := &tracked{QueueID: id, FirstSeen: t, LastSeen: t, Arrival: t}
	c.live[id] = m
	m.live = true
	c.liveOrder = append(c.liveOrder, m)
	c.unqueued = append(c.unqueued, m)
	if len(c.unqueued) > 2*len(c.live)+64 {
		// A log whose timestamps stop advancing never triggers a sweep.
		c.compactUnqueued()
	}
	c.enforceMaxMessages()
	return m
}

// finish moves a live message to the finished set. Finishing twice only
// updates the time.
func (c *Collector) finish(m *tracked, t time.Time) {
	if m.Finished {
		return
	}
	m.Finished, m.FinishedAt = true, t
	if m.live {
		c.dropLive(m)
	}
	c.finished = append(c.finished, m)
	c.finishedBy[m.QueueID] = m
	if m.lines.size > 0 {
		c.finishedLineBytes += m.lines.size
		c.dropFinishedLines()
	}
}

// dropLive removes the live message m from the live map.
func (c *Collector) dropLive(m *tracked) {
	delete(c.live, m.QueueID)
	m.live = false
}

func (c *Collector) setSender(m *tracked, from []byte) {
	if !m.SenderKnown || m.Sender != string(from) {
		m.Sender = c.senders.intern(from)
	}
	m.SenderKnown = true
}

// linkRequeue links the message picked up under a new ID to the one
// postsuper -r requeued. The old file is gone, so the old life is finished
// even when its "requeued" line was not seen.
func (c *Collector) linkRequeue(m *tracked, origID []byte, t time.Time) {
	m.link().OrigID = string(origID)
	// The new ID can equal the old one when the inode and microseconds
	// repeat; the old life is then already in the finished set.
	old, ok := c.live[m.links.OrigID]
	if !ok || old == m {
		old, ok = c.finishedBy[m.links.OrigID]
	}
	if !ok || old == m {
		return
	}
	old.link().RequeuedAs = m.QueueID
	if !old.has(flagRequeued) {
		old.set(flagRequeued, t)
	}
	c.finish(old, t)
	if old.Arrival.Before(m.Arrival) {
		m.Arrival = old.Arrival
	}
}

// addNotification links a message to the notice bounce(8) generated about
// it and returns the original message.
func (c *Collector) addNotification(ev *parsers.Event) *tracked {
	orig := c.lookup(ev.QueueID, ev.Time, true)
	if len(ev.NewID) == 0 {
		return orig
	}
	notice := c.lookup(ev.NewID, ev.Time, true)
	links := orig.link()
	links.Notifications = append(links.Notifications, Notification{
		Kind: ev.Notification, QueueID: notice.QueueID, Time: ev.Time,
	})
	links = notice.link()
	links.NotificationOf = orig.QueueID
	links.NotificationKind = ev.Notification
	return orig
}

// applyReject records a cleanup or milter action on a queued message. A
// reject or discard of the content ends the message; a reject of one RCPT
// in an open transaction does not.
func (c *Collector) applyReject(m *tracked, ev *parsers.Event) {
	action := string(ev.Action)
	switch action {
	case "hold", "milter-hold":
		m.set(flagHeld, ev.Time)
	case "reject", "milter-reject", "discard", "milter-discard":
		switch string(ev.Stage) {
		case "DATA", "END-OF-MESSAGE", "header", "body":
			m.set(flagRejected, ev.Time)
			c.finish(m, ev.Time)
		}
	}
}

// keepLine stores a copy of the raw line on m, cut to Config.MaxLineBytes at
// a UTF-8 boundary.
func (c *Collector) keepLine(m *tracked, t time.Time, line []byte) {
	for n := len(line); n > 0 && (line[n-1] == '\n' || line[n-1] == '\r'); n-- {
		line = line[:n-1]
	}
	if len(line) > c.cfg.MaxLineBytes {
		cut := c.cfg.MaxLineBytes
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		line = line[:cut]
	}
	added, dropped := m.lines.add(&c.lineCache, line, c.cfg.MaxLinesPerMessage)
	if dropped {
		m.LinesDropped++
	}
	if m.Finished {
		c.finishedLineBytes += added
		c.dropFinishedLines()
	}
}
