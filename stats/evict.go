package stats

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
)

// sweep trims the messages finished since the last sweep and
// drops finished messages older than Config.FinishedRetention,
// abandoned messages, and minute buckets older than a day, all measured
// against the newest log time. Add calls it once per new minute of log time.
func (c *Collector) sweep() {
	c.trimFinished()
	c.splitReplies()
	retainFrom := c.last.Add(-c.cfg.FinishedRetention)
	for c.finHead < len(c.finished) {
		m := c.finished[c.finHead]
		if !m.FinishedAt.Before(retainFrom) {
			break
		}
		c.dropFinishedHead()
	}
	c.compactFinished()

	c.dropAbandoned(c.last.Add(-c.cfg.AbandonedAfter))
	c.compactLiveOrder()

	// A bucket a day old is never counted again, and a domain that still
	// gets mail folds and drops its old buckets as it adds new ones.
	// Pruning here only returns the memory of domains that went quiet, at
	// most a series each, so every few hours of log time is enough. Done
	// every minute, it took most of the time of reading a long log with
	// many domains. With Config.SummaryOnly no domain has a bucket.
	if !c.cfg.SummaryOnly && c.newest-c.pruned >= pruneEveryMinutes {
		c.pruned = c.newest
		for _, d := range c.domains {
			if d.pruneDue <= c.newest {
				d.prune(c.newest)
			}
		}
		if c.overflow != nil {
			c.overflow.prune(c.newest)
		}
	}
	c.totals.series.prune(c.newest)
}

// pruneEveryMinutes is the interval, in minutes of log time, at which sweep
// folds and drops the old buckets of every domain.
const pruneEveryMinutes = 6 * 60

// compactUnqueued drops from the candidates for abandonment the messages
// that are queued or no longer live, so that they can be freed.
func (c *Collector) compactUnqueued() {
	keep := c.unqueued[:0]
	for _, m := range c.unqueued {
		if m.live && !m.queued {
			keep = append(keep, m)
		}
	}
	clear(c.unqueued[len(keep):])
	c.unqueued = keep
}

// dropAbandoned drops the live messages that never reached the queue
// manager, are not held, and logged nothing since abandonFrom.
func (c *Collector) dropAbandoned(abandonFrom time.Time) {
	keep := c.unqueued[:0]
	for _, m := range c.unqueued {
		if !m.live || m.queued {
			continue // finished, dropped or queued: no longer a candidate
		}
		if !m.has(flagHeld) && m.LastSeen.Before(abandonFrom) {
			c.dropLive(m)
			continue
		}
		keep = append(keep, m)
	}
	clear(c.unqueued[len(keep):])
	c.unqueued = keep
}

// trackedCount returns the number of messages held, live and finished.
func (c *Collector) trackedCount() int {
	return len(c.live) + len(c.finished) - c.finHead
}

// enforceMaxMessages drops messages until at most Config.MaxMessages are
// tracked: the oldest finished first, then the live message created first.
func (c *Collector) enforceMaxMessages() {
	for c.trackedCount() > c.cfg.MaxMessages {
		if c.finHead < len(c.finished) {
			c.dropFinishedHead()
			continue
		}
		if !c.dropOldestLive() {
			break
		}
	}
	c.compactFinished()
	c.compactLiveOrder()
}

func (c *Collector) dropFinishedHead() {
	m := c.finished[c.finHead]
	c.finished[c.finHead] = nil
	c.finHead++
	c.finishedLineBytes -= m.lines.size
	if c.finishedBy[m.QueueID] == m {
		delete(c.finishedBy, m.QueueID)
	}
}

func (c *Collector) dropOldestLive() bool {
	for c.liveHead < len(c.liveOrder) {
		m := c.liveOrder[c.liveHead]
		c.liveOrder[c.liveHead] = nil
		c.liveHead++
		if m.live {
			c.dropLive(m)
			return true
		}
	}
	return false
}

// compactFinished reclaims the dropped head of the finished queue once it is
// the larger part.
func (c *Collector) compactFinished() {
	if c.finHead > 64 && c.finHead > len(c.finished)/2 {
		n := copy(c.finished, c.finished[c.finHead:])
		clear(c.finished[n:])
		c.finished = c.finished[:n]
		c.lineDropNext = max(0, c.lineDropNext-c.finHead)
		c.trimNext = max(0, c.trimNext-c.finHead)
		c.finHead = 0
	}
}

// compactLiveOrder drops the entries of messages no longer live once they
// outnumber the live ones, so a message held for days does not pin every
// entry created after it.
func (c *Collector) compactLiveOrder() {
	if len(c.liveOrder)-c.liveHead <= 2*len(c.live)+64 {
		return
	}
	n := 0
	for _, m := range c.liveOrder[c.liveHead:] {
		if m.live {
			c.liveOrder[n] = m
			n++
		}
	}
	clear(c.liveOrder[n:])
	c.liveOrder = c.liveOrder[:n]
	c.liveHead = 0
}

// foldRarest makes room for new domains once Config.MaxDomains are counted:
// the tenth with the fewest deliveries, and at least one, are added into
// OverflowDomain and forgotten, the Japanese carriers never. It returns
// false when no domain could be folded.
//
// A folded domain that gets mail again starts over under its own name, its
// earlier counts staying in OverflowDomain. Its messages are listed there
// too, since DomainMessages(OverflowDomain) lists the recipients of every
// domain not counted apart.
func (c *Collector) foldRarest() bool {
	states := make([]*domainState, 0, len(c.domains))
	for _, d := range c.domains {
		if diagnose.CarrierOf("", d.name) == "" {
			states = append(states, d)
		}
	}
	n := min(max(1, len(c.domains)/10), len(states))
	if n == 0 {
		return false
	}
	rarer := func(a, b *domainState) int {
		if n := cmp.Compare(a.all.attempts()+a.all.expiredCount(), b.all.attempts()+b.all.expiredCount()); n != 0 {
			return n
		}
		if n := a.lastReplyTime.Compare(b.lastReplyTime); n != 0 {
			return n
		}
		return strings.Compare(a.name, b.name)
	}
	slices.SortFunc(states, rarer)
	o := c.overflowState()
	for _, d := range states[:n] {
		c.absorb(o, d)
		delete(c.domains, d.name)
		delete(c.relayCarriers, d)
	}
	return true
}

// absorb adds every count of d, its sending paths and its buckets, into o.
func (c *Collector) absorb(o, d *domainState) {
	o.paths.unshare(o)
	named := d.paths.named()
	for i := range named {
		all, sr := &d.all, &d.series
		if !d.paths.shared() {
			all, sr = &named[i].counts.all, &named[i].counts.series
		}
		// o keeps its relays without its own name, not d's.
		id := named[i].id
		id.relay = pathRelay(relayText(id.relay, d.name), o.name)
		t := o.paths.find(id).counts
		t.all.merge(all)
		t.series.merge(sr)
	}
	if other := d.paths.other(); other != nil {
		t := o.paths.otherState().counts
		t.all.merge(&other.counts.all)
		t.series.merge(&other.counts.series)
	}
	o.all.merge(&d.all)
	o.series.merge(&d.series)
	o.pruneDue = min(o.pruneDue, d.pruneDue)
	if d.lastReplyTime.After(o.lastReplyTime) {
		c.setLastReply(o, d.lastReply.text(d.name))
		o.lastReplyTime = d.lastReplyTime
	}
}
