package stats

import (
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// minutesKept is the span of the per-minute buckets: any window up to a day
// is a sum of buckets.
const minutesKept = 24 * 60

// unixMinute returns the number of whole minutes since the Unix epoch,
// rounding down for times before it.
func unixMinute(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 59) / 60
	}
	return s / 60
}

// outcome is what one counted delivery line or expired recipient adds to Counts.
type outcome struct {
	status     parsers.Status // StatusSent, StatusDeferred or StatusBounced; ignored when expired
	class      diagnose.Class
	delay      float64
	suspended  bool
	expired    bool
	nullSender bool
}

// apply adds o to c.
func (c *Counts) apply(o *outcome) {
	if o.expired {
		// The recipient's deferrals were already counted in Classes, one per
		// attempt; an expiry is not an attempt.
		c.Expired++
		return
	}
	c.Attempts++
	switch o.status {
	case parsers.StatusSent:
		c.Sent++
	case parsers.StatusDeferred:
		c.Deferred++
		if o.suspended {
			c.Suspended++
		}
	case parsers.StatusBounced:
		c.Bounced++
	}
	if o.status != parsers.StatusSent {
		c.Classes[o.class]++
	}
	if o.nullSender {
		c.NullSender++
	}
	c.DelaySum += o.delay
	if o.delay > c.DelayMax {
		c.DelayMax = o.delay
	}
}

// add adds every count of o to c.
func (c *Counts) add(o *Counts) {
	c.Attempts += o.Attempts
	c.Sent += o.Sent
	c.Deferred += o.Deferred
	c.Suspended += o.Suspended
	c.Bounced += o.Bounced
	c.Expired += o.Expired
	c.NullSender += o.NullSender
	c.DelaySum += o.DelaySum
	if o.DelayMax > c.DelayMax {
		c.DelayMax = o.DelayMax
	}
	for i := range c.Classes {
		c.Classes[i] += o.Classes[i]
	}
}

// bucket is the counts of one minute.
type bucket struct {
	minute int64 // unixMinute of the events in it
	counts Counts
}

// series is a sparse ring of per-minute buckets covering the minutesKept
// minutes up to the newest minute seen by the collector. Buckets are sorted
// by minute. A minute with no event has no bucket, so a domain that gets one
// delivery a day costs one bucket, not a day of them.
type series struct {
	buckets []bucket
}

// at returns the counts of minute, creating the bucket when needed, or nil
// when minute is minutesKept or more before newest. A line a few seconds out
// of order lands in its own minute's bucket.
func (s *series) at(minute, newest int64) *Counts {
	if minute <= newest-minutesKept {
		return nil
	}
	s.prune(newest)

	n := len(s.buckets)
	i := n
	for i > 0 && s.buckets[i-1].minute > minute {
		i--
	}
	if i > 0 && s.buckets[i-1].minute == minute {
		return &s.buckets[i-1].counts
	}
	s.buckets = append(s.buckets, bucket{})
	copy(s.buckets[i+1:], s.buckets[i:n])
	s.buckets[i] = bucket{minute: minute}
	return &s.buckets[i].counts
}

// prune drops the buckets that fell out of the minutesKept minutes before newest.
func (s *series) prune(newest int64) {
	drop := 0
	for drop < len(s.buckets) && s.buckets[drop].minute <= newest-minutesKept {
		drop++
	}
	if drop == 0 {
		return
	}
	if drop == len(s.buckets) {
		s.buckets = nil
		return
	}
	s.buckets = s.buckets[drop:]
}

// windowMinutes are the lengths of the windows before WindowAll, in minutes.
var windowMinutes = [WindowAll]int64{
	Window5m:  5,
	Window15m: 15,
	Window1h:  60,
	Window24h: minutesKept,
}

// windows sums the buckets into the windows that end with the minute nowMinute,
// and fills failures with deferred + bounced + expired for each of the last
// 60 minutes, oldest first. WindowAll is left to the caller.
func (s *series) windows(nowMinute int64, out *[NumWindows]Counts, failures *[60]int64) {
	// Each bucket goes to the shortest window that contains it; the longer
	// windows then add up the shorter ones.
	var only [WindowAll]Counts
	for i := range s.buckets {
		b := &s.buckets[i]
		age := nowMinute - b.minute
		if age < 0 || age >= minutesKept {
			continue // after now, or more than a day before it
		}
		w := Window5m
		for age >= windowMinutes[w] {
			w++
		}
		only[w].add(&b.counts)
		if failures != nil && age < 60 {
			failures[59-age] += b.counts.Failures()
		}
	}
	var sum Counts
	for w := Window5m; w < WindowAll; w++ {
		sum.add(&only[w])
		out[w] = sum
	}
}
