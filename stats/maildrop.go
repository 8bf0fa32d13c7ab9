package stats

import "time"

// MaildropRecipient is a pending recipient of a message in Postfix's
// maildrop queue. No log line names such a message until pickup takes it
// from there: a message submitted with sendmail while pickup does not run,
// or one requeued with postsuper -r, whose old life the log finished.
type MaildropRecipient struct {
	Address string
	// Arrival is the message's arrival time, kept across a requeue. Zero
	// when the queue file does not record it.
	Arrival time.Time
}

// maildropDomain is the maildrop queue's share of one domain's count of
// queued recipients.
type maildropDomain struct {
	recipients int
	oldest     time.Time // zero when no recipient's arrival is known
}

// SetMaildrop replaces the recipients of the maildrop queue that the
// snapshots count as pending, as read from the queue directory. Each
// recipient's domain gets a row, as a delivery to it would give it, so that
// the domain table shows them. A message listed both here and by a log line
// of its new life, as when pickup took it after the queue was read, counts
// twice until the next call.
func (c *Collector) SetMaildrop(recipients []MaildropRecipient) {
	c.mu.Lock()
	defer c.mu.Unlock()
	maildrop := make(map[string]maildropDomain)
	for _, r := range recipients {
		_, name := c.domain([]byte(r.Address))
		md := maildrop[name]
		md.recipients++
		if !r.Arrival.IsZero() && (md.oldest.IsZero() || r.Arrival.Before(md.oldest)) {
			md.oldest = r.Arrival
		}
		maildrop[name] = md
	}
	c.maildrop = maildrop
}
