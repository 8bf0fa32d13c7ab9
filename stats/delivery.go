package stats

// Delivery lines and expiries: the recipient they concern, what they add
// to the counts of its domain, and the failure feed.

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// recipient returns m's recipient with address to, adding it when new, or
// nil when m already keeps Config.MaxRecipientsPerMessage recipients.
func (c *Collector) recipient(m *tracked, to, origTo []byte, domain string) *Recipient {
	for i := range m.Recipients {
		if m.Recipients[i].Address == string(to) {
			return &m.Recipients[i]
		}
	}
	if len(m.Recipients) >= c.cfg.MaxRecipientsPerMessage {
		m.RecipientsDropped++
		return nil
	}
	m.Recipients = append(m.Recipients, Recipient{
		Address: string(to),
		OrigTo:  string(origTo),
		Domain:  domain,
	})
	return &m.Recipients[len(m.Recipients)-1]
}

// addDelivery records one delivery line on its message and counts it.
func (c *Collector) addDelivery(m *tracked, ev *parsers.Event) {
	m.queued = true
	if c.cfg.SummaryOnly {
		c.countDelivery(m, ev)
		return
	}
	d, domainName := c.domain(ev.To)
	r := c.recipient(m, ev.To, ev.OrigTo, domainName)

	at := c.attemptStrings(ev)
	at.Time, at.Status, at.Delay, at.Phase = ev.Time, ev.Status, ev.Delay, ev.Phase
	lineReason := false
	if ev.Status != parsers.StatusSent && ev.Status != parsers.StatusDeliverable {
		res := c.classifyAttempt(ev, domainName, d)
		at.Reason, at.Class, at.Collateral = res.reason, res.class, res.collateral
		if at.Collateral && m.Sender != "" {
			// The classifier does not know the message's sender, and an
			// address the reply names may be the sender's.
			at.Collateral = namesOtherRecipient(ev, m.Sender)
		}
		lineReason = res.lineReason
	}
	if !ev.Time.IsZero() && ev.Delay > 0 {
		arrival := ev.Time.Add(-time.Duration(ev.Delay * float64(time.Second)))
		if arrival.Before(m.Arrival) {
			m.Arrival = arrival
		}
	}
	var last *Attempt
	if r != nil {
		last = r.lastAttempt()
	}
	switch {
	case lineReason && last != nil && last.Reason == string(ev.Reason):
		// A retry given the same reply that names a recipient or host
		// shares the text of the attempt before.
		at.Reason = last.Reason
	case lineReason:
		at.Reason = string(ev.Reason)
	case last != nil && last.Reason == at.Reason:
		at.Reason = last.Reason
	}
	if r != nil {
		var dropped bool
		r.Attempts, dropped = appendCapped(r.Attempts, at, c.cfg.MaxAttemptsPerRecipient)
		if dropped {
			r.AttemptsDropped++
		}
		r.Status = ev.Status
		if at.Class != diagnose.ClassNone {
			r.Class = at.Class
		}
	}

	o, ok := deliveryOutcome(ev, at.Class, m)
	if !ok {
		return
	}
	c.countPath(d, m, at.Relay, ev.Time, &o) // before count: see paths
	c.count(d, ev.Time, &o)
	if o.status == parsers.StatusSent {
		return
	}

	var recipient string
	if r != nil {
		recipient = r.Address
	} else {
		recipient = string(ev.To)
	}
	c.noteFailure(d, Failure{
		Time:      ev.Time,
		QueueID:   m.QueueID,
		Sender:    m.Sender,
		Recipient: recipient,
		Domain:    domainName,
		Status:    ev.Status,
		DSN:       at.DSN,
		Class:     at.Class,
		Phase:     ev.Phase,
		Relay:     at.Relay,
		Reason:    at.Reason,
	})
}

// namesOtherRecipient reports whether the reply of the delivery line ev is
// a collateral reject for a message from sender: it names an address that
// is neither the recipient nor sender (see diagnose.CollateralAddress).
func namesOtherRecipient(ev *parsers.Event, sender string) bool {
	_, ok := diagnose.CollateralAddress(diagnose.Input{
		Phase:     ev.Phase,
		Reason:    string(ev.Reason),
		Recipient: string(ev.To),
		Sender:    sender,
	})
	return ok
}

// attemptStrings returns an attempt with the DSN and relay of the
// delivery line ev, and its reason when it succeeded: those that
// AddBatchClassified was given for the line, or else the collector's own.
func (c *Collector) attemptStrings(ev *parsers.Event) Attempt {
	if pre := c.preclassified; pre != nil && pre.prepared {
		return Attempt{DSN: pre.dsn, Relay: pre.relay, Reason: pre.reason}
	}
	at := Attempt{DSN: c.intern(ev.DSN), Relay: c.intern(ev.Relay)}
	if ev.Status == parsers.StatusSent || ev.Status == parsers.StatusDeliverable {
		at.Reason = string(ev.Reason)
	}
	return at
}

// deliveryOutcome returns what a delivery line of class on message m adds
// to the counts, or false for a line that is not a delivery: an address
// probe or an unknown status word.
func deliveryOutcome(ev *parsers.Event, class diagnose.Class, m *tracked) (outcome, bool) {
	o := outcome{class: class, delay: ev.Delay, nullSender: m.NullSender()}
	switch ev.Status {
	case parsers.StatusSent, parsers.StatusDeferred, parsers.StatusBounced:
		o.status = ev.Status
	case parsers.StatusSoftBounce:
		o.status = parsers.StatusDeferred
	default:
		return o, false
	}
	// The class of a suspended line is that of the failure it quotes.
	o.suspended = o.status == parsers.StatusDeferred && parsers.IsSuspended(ev.Reason)
	return o, true
}

// countDelivery is addDelivery for Config.SummaryOnly: it keeps of the
// recipient only its status and last class, which an expiry needs, and
// adds the line to the counts since the start.
func (c *Collector) countDelivery(m *tracked, ev *parsers.Event) {
	d, domainName := c.domain(ev.To)
	r := c.recipient(m, ev.To, nil, domainName)
	var class diagnose.Class
	if ev.Status != parsers.StatusSent && ev.Status != parsers.StatusDeliverable {
		class = c.classifyAttempt(ev, domainName, d).class
	}
	if r != nil {
		r.Status = ev.Status
		if class != diagnose.ClassNone {
			r.Class = class
		}
	}

	o, ok := deliveryOutcome(ev, class, m)
	if !ok {
		return
	}
	d.all.apply(&o)
	c.totals.all.apply(&o)
	if o.status != parsers.StatusSent && !ev.Time.Before(d.lastReplyTime) {
		d.lastReplyTime = ev.Time // foldRarest compares it
	}
}

// expire counts every recipient of m still pending when qmgr returned it to
// the sender, each under its own domain and the class of its last deferral.
func (c *Collector) expire(m *tracked, status parsers.Status, t time.Time) {
	m.set(flagExpired, t)
	if status == parsers.StatusForceExpired {
		m.flags |= flagForceExpired
	} else {
		m.flags &^= flagForceExpired
	}
	if status != parsers.StatusForceExpired {
		status = parsers.StatusExpired
	}
	for i := range m.Recipients {
		r := &m.Recipients[i]
		if !r.pending() {
			continue
		}
		r.Status = status
		class := r.Class
		if class == diagnose.ClassNone {
			class = diagnose.Other
		}
		d := c.domainByName(r.Domain)
		o := outcome{expired: true, class: class}
		if c.cfg.SummaryOnly {
			d.all.apply(&o)
			c.totals.all.apply(&o)
			continue
		}
		var relay string
		if last := r.lastAttempt(); last != nil {
			relay = last.Relay
		}
		c.countPath(d, m, relay, t, &o) // before count: see paths
		c.count(d, t, &o)

		f := Failure{
			Time: t, QueueID: m.QueueID, Sender: m.Sender, Recipient: r.Address,
			Domain: r.Domain, Status: status, Class: class,
		}
		if last := r.lastAttempt(); last != nil {
			f.DSN, f.Phase, f.Relay, f.Reason = last.DSN, last.Phase, last.Relay, last.Reason
		}
		c.noteFailure(d, f)
	}
}

// domainByName returns the state of a domain name already lowercased by
// domain, or the overflow state when it was not counted separately.
func (c *Collector) domainByName(name string) *domainState {
	if d, ok := c.domains[name]; ok {
		return d
	}
	return c.overflowState()
}

// overflowState returns the state of OverflowDomain, creating it.
func (c *Collector) overflowState() *domainState {
	if c.overflow == nil {
		c.overflow = &domainState{name: OverflowDomain}
	}
	return c.overflow
}

// count adds o to the domain's and the totals' counts since start and to
// their minute buckets when t is within the last day of log time and not
// before Config.BucketsFrom.
func (c *Collector) count(d *domainState, t time.Time, o *outcome) {
	d.all.apply(o)
	c.totals.all.apply(o)
	if t.IsZero() || t.Before(c.cfg.BucketsFrom) {
		return
	}
	minute := unixMinute(t)
	if b := d.series.at(minute, c.newest); b != nil {
		b.apply(o)
		d.noteBucket(minute)
	}
	if b := c.totals.series.at(minute, c.newest); b != nil {
		b.apply(o)
	}
}

// noteFailure adds f to the feed and records it as the domain's last reply.
func (c *Collector) noteFailure(d *domainState, f Failure) {
	if f.Reason != "" && !f.Time.Before(d.lastReplyTime) {
		c.setLastReply(d, f.Reason)
		d.lastReplyTime = f.Time
	}
	c.failures[c.failureNext] = f
	c.failureNext = (c.failureNext + 1) % len(c.failures)
	if c.failureLen < len(c.failures) {
		c.failureLen++
	}
}
