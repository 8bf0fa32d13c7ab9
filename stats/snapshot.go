package stats

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"
)

// Snapshot returns a copy of the counts with windows ending at now. A line
// logged after now counts in WindowAll only until a later snapshot.
func (c *Collector) Snapshot(now time.Time) *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()

	nowMinute := unixMinute(now)
	s := c.snapshotHead(now, nowMinute)

	// Sort the states, not the large DomainStats values.
	states := make([]*domainState, 0, len(c.domains)+1)
	for _, d := range c.domains {
		states = append(states, d)
	}
	if c.overflow != nil {
		states = append(states, c.overflow)
	}
	slices.SortFunc(states, func(a, b *domainState) int {
		fa, fb := a.all.failures(), b.all.failures()
		if fa != fb {
			return cmp.Compare(fb, fa)
		}
		return strings.Compare(a.name, b.name)
	})

	s.Domains = make([]DomainStats, len(states))
	index := make(map[string]int, len(states))
	for i, d := range states {
		d.copyStats(&s.Domains[i], nowMinute)
		index[d.name] = i
	}
	c.countPending(s.Domains, index)
	return s
}

// snapshotOf returns a snapshot whose Domains hold the named domains the
// collector counts, in the order of names; names it never counted are left
// out. OverflowDomain names the domains not counted separately. The first
// withTrend names also get the failure trend of window w.
func (c *Collector) snapshotOf(now time.Time, nowMinute int64, names []string, withTrend int, w Window) *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()

	s := c.snapshotHead(now, nowMinute)
	s.Domains = make([]DomainStats, 0, len(names))
	index := make(map[string]int, len(names))
	// The trends share one array, cut into a slice for each domain.
	steps := w.TrendSteps()
	trends := make([]int64, min(withTrend, len(names))*steps)
	for i, name := range names {
		d, ok := c.domains[name]
		if !ok && name == OverflowDomain && c.overflow != nil {
			d, ok = c.overflow, true
		}
		if _, seen := index[name]; !ok || seen {
			continue
		}
		index[name] = len(s.Domains)
		s.Domains = append(s.Domains, DomainStats{})
		ds := &s.Domains[len(s.Domains)-1]
		d.copyStats(ds, nowMinute)
		if i < withTrend {
			trend := trends[:steps:steps]
			trends = trends[steps:]
			d.series.addFailureTrend(nowMinute, w, trend)
			ds.Trend = FailureTrend{Step: w.TrendStep(), Failures: trend}
		}
	}
	c.countPending(s.Domains, index)
	return s
}

// snapshotHead returns a snapshot with everything but Domains. The caller
// holds the lock.
func (c *Collector) snapshotHead(now time.Time, nowMinute int64) *Snapshot {
	s := &Snapshot{
		Now:   now,
		First: c.first,
		Last:  c.last,
		Lines: c.linesCopy(),
	}
	c.totals.series.windows(nowMinute, &s.Totals)
	s.Totals[WindowAll] = c.totals.all.counts()

	s.Failures = make([]Failure, c.failureLen)
	for i := range s.Failures {
		k := (c.failureNext - 1 - i + 2*len(c.failures)) % len(c.failures)
		s.Failures[i] = c.failures[k]
	}
	return s
}

// copyStats fills ds with the counts of d in the windows ending with the
// minute nowMinute, leaving the pending fields to countPending and the
// trend to the caller.
func (d *domainState) copyStats(ds *DomainStats, nowMinute int64) {
	ds.Domain, ds.LastReply, ds.LastReplyTime = d.name, d.lastReply.text(d.name), d.lastReplyTime
	d.series.windows(nowMinute, &ds.Windows)
	ds.Windows[WindowAll] = d.all.counts()
}

// countPending adds the live messages' pending recipients, and those of
// the maildrop queue (see SetMaildrop), to the domains that index maps to
// a position in domains. A recipient whose domain is not counted
// separately goes to OverflowDomain when index has it. The caller holds
// the lock.
func (c *Collector) countPending(domains []DomainStats, index map[string]int) {
	overflow, hasOverflow := index[OverflowDomain]
	add := func(domain string, recipients int, arrival time.Time) {
		j, ok := index[domain]
		if !ok && hasOverflow {
			if _, counted := c.domains[domain]; !counted {
				j, ok = overflow, true
			}
		}
		if !ok {
			return
		}
		ds := &domains[j]
		ds.Pending += recipients
		if !arrival.IsZero() && (ds.OldestPending.IsZero() || arrival.Before(ds.OldestPending)) {
			ds.OldestPending = arrival
		}
	}
	for _, m := range c.live {
		for i := range m.Recipients {
			if r := &m.Recipients[i]; r.pending() {
				add(r.Domain, 1, m.Arrival)
			}
		}
	}
	for domain, md := range c.maildrop {
		add(domain, md.recipients, md.oldest)
	}
}

// pendingByDomain returns the number of pending recipients of each domain,
// those of the maildrop queue included, and those of domains not counted
// separately under OverflowDomain. The caller holds the lock.
func (c *Collector) pendingByDomain() map[string]int {
	pending := map[string]int{}
	add := func(domain string, recipients int) {
		if _, counted := c.domains[domain]; counted {
			pending[domain] += recipients
		} else if c.overflow != nil {
			pending[OverflowDomain] += recipients
		}
	}
	for _, m := range c.live {
		for i := range m.Recipients {
			if r := &m.Recipients[i]; r.pending() {
				add(r.Domain, 1)
			}
		}
	}
	for domain, md := range c.maildrop {
		add(domain, md.recipients)
	}
	return pending
}

// Lines returns the line counters.
func (c *Collector) Lines() LineCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.linesCopy()
}

func (c *Collector) linesCopy() LineCounts {
	out := c.lines
	out.ByDaemon = maps.Clone(c.lines.ByDaemon)
	return out
}

// Message returns a deep copy of the message with the queue ID: the live one,
// else the latest finished life still retained.
func (c *Collector) Message(queueID string) (Message, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.live[queueID]; ok {
		return m.clone(), true
	}
	if m, ok := c.finishedBy[queueID]; ok {
		return m.clone(), true
	}
	return Message{}, false
}

// DomainMessages lists the recipients in domain of every tracked message,
// newest first, at most limit of them (all when limit <= 0). domain is
// compared without regard to case; OverflowDomain lists the recipients of the
// domains not counted separately.
func (c *Collector) DomainMessages(domain string, limit int) []MessageSummary {
	c.mu.Lock()
	defer c.mu.Unlock()

	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	matches := func(name string) bool {
		if domain == OverflowDomain {
			_, counted := c.domains[name]
			return !counted
		}
		return name == domain
	}

	var out []MessageSummary
	collect := func(m *tracked) {
		for i := range m.Recipients {
			r := &m.Recipients[i]
			if !matches(r.Domain) {
				continue
			}
			sum := MessageSummary{
				QueueID:   m.QueueID,
				Sender:    m.Sender,
				Recipient: r.Address,
				Status:    r.Status,
				Class:     r.LastClass(),
				Pending:   r.pending() && !m.Finished,
				State:     m.QueueState(),
			}
			if m.links != nil {
				sum.RequeuedAs = m.links.RequeuedAs
			}
			if last := r.lastAttempt(); last != nil {
				sum.Time, sum.DSN, sum.Reason, sum.Delay = last.Time, last.DSN, last.Reason, last.Delay
				sum.Phase, sum.Relay = last.Phase, last.Relay
			}
			if m.has(flagExpired) && r.Status == m.expiredStatus() {
				if expiredAt := m.timeOf(flagExpired); expiredAt.After(sum.Time) {
					sum.Time = expiredAt
				}
			}
			out = append(out, sum)
		}
	}
	for _, m := range c.live {
		collect(m)
	}
	for _, m := range c.finished[c.finHead:] {
		collect(m)
	}

	slices.SortFunc(out, func(a, b MessageSummary) int {
		if n := b.Time.Compare(a.Time); n != 0 {
			return n
		}
		if n := strings.Compare(a.QueueID, b.QueueID); n != 0 {
			return n
		}
		return strings.Compare(a.Recipient, b.Recipient)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}
