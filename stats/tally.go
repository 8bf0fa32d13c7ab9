package stats

import (
	"math"
	"slices"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// tally holds what Counts holds in less space, for the domains, their
// sending paths and their buckets, of which there are many.
//
// The class counters take most of a Counts, and a domain, a path or a
// minute often fails for one reason or none. So the first class counted
// is kept inline, and the others in a list allocated when a second class
// comes, with one entry per class counted. After ten generated days with
// 101,384 domains, the dashboard's live heap was 225 MB with an array of
// every class's counter in place of the list, against 272 MB with every
// counter inline.
//
// The counters are uint32, which no minute or hour and few domains
// outgrow. Every counter is at most sent + deferred + bounced + expired,
// so before that sum would pass math.MaxUint32 the tally moves its counts
// to a Counts of int64 counters (tallyMore.wide) and counts there from
// then on. A tally takes 56 bytes. From its second class on it also
// allocates a tallyMore of 32 bytes and 8 bytes per class after the first,
// before the room append leaves.
//
// A tally must not be copied by assignment, which would share the other
// classes' counters; clone copies it.
//
// Attempts are not stored: every attempt is sent, deferred or bounced, so
// attempts returns their sum.
type tally struct {
	sent, deferred, suspended, bounced, expired, nullSender uint32
	classN                                                  uint32         // failures of class
	class                                                   diagnose.Class // the first class counted
	delaySum, delayMax                                      float64
	more                                                    *tallyMore
}

// tallyMore is the part of a tally allocated when it needs it.
type tallyMore struct {
	classes []classCount // the classes after the first
	// wide holds every count once the tally outgrew uint32; the other
	// fields of the tally are then zero.
	wide *Counts
}

// classCount is the failures of one class in tallyMore.classes.
type classCount struct {
	class diagnose.Class
	n     uint32
}

// wideCounts returns the Counts t counts in once it outgrew uint32, or nil.
func (t *tally) wideCounts() *Counts {
	if t.more == nil {
		return nil
	}
	return t.more.wide
}

// events returns sent + deferred + bounced + expired, the bound of every
// uint32 counter of t.
func (t *tally) events() uint64 {
	return uint64(t.sent) + uint64(t.deferred) + uint64(t.bounced) + uint64(t.expired)
}

// widen moves the counts of t to a Counts of int64 counters.
func (t *tally) widen() {
	if t.wideCounts() != nil {
		return
	}
	w := new(Counts)
	t.addTo(w)
	*t = tally{more: &tallyMore{wide: w}}
}

// attempts returns the delivery lines counted: sent + deferred + bounced.
func (t *tally) attempts() int64 {
	if w := t.wideCounts(); w != nil {
		return w.Attempts
	}
	return int64(t.sent) + int64(t.deferred) + int64(t.bounced)
}

// expiredCount returns the expired recipients counted.
func (t *tally) expiredCount() int64 {
	if w := t.wideCounts(); w != nil {
		return w.Expired
	}
	return int64(t.expired)
}

// apply adds o to t. Each recipient delivery line is one attempt. An
// expired recipient is not an attempt, because its deferrals were already
// counted in the class counters, one per attempt.
func (t *tally) apply(o *outcome) {
	if t.more != nil && t.more.wide != nil {
		t.more.wide.apply(o)
		return
	}
	if t.events() >= math.MaxUint32 {
		t.widen()
		t.more.wide.apply(o)
		return
	}
	if o.expired {
		t.expired++
		return
	}
	switch o.status {
	case parsers.StatusSent:
		t.sent++
	case parsers.StatusDeferred:
		t.deferred++
		if o.suspended {
			t.suspended++
		}
	case parsers.StatusBounced:
		t.bounced++
	}
	if o.status != parsers.StatusSent {
		t.addClass(o.class, 1)
	}
	if o.nullSender {
		t.nullSender++
	}
	t.delaySum += o.delay
	t.delayMax = max(t.delayMax, o.delay)
}

// addClass adds n failures of class c to a tally that has not outgrown
// uint32.
func (t *tally) addClass(c diagnose.Class, n uint32) {
	switch {
	case n == 0:
	case t.classN == 0 || t.class == c:
		t.class = c
		t.classN += n
	default:
		if t.more == nil {
			t.more = new(tallyMore)
		}
		more := t.more.classes
		for i := range more {
			if more[i].class == c {
				more[i].n += n
				return
			}
		}
		t.more.classes = append(more, classCount{class: c, n: n})
	}
}

// merge adds every count of o to t.
func (t *tally) merge(o *tally) {
	if t.wideCounts() != nil || o.wideCounts() != nil || t.events()+o.events() > math.MaxUint32 {
		t.widen()
		o.addTo(t.more.wide)
		return
	}
	t.sent += o.sent
	t.deferred += o.deferred
	t.suspended += o.suspended
	t.bounced += o.bounced
	t.expired += o.expired
	t.nullSender += o.nullSender
	t.delaySum += o.delaySum
	t.delayMax = max(t.delayMax, o.delayMax)
	t.addClass(o.class, o.classN)
	if o.more != nil {
		for _, cc := range o.more.classes {
			t.addClass(cc.class, cc.n)
		}
	}
}

// clone returns a copy of t that shares no counters with it.
func (t *tally) clone() tally {
	out := *t
	if t.more != nil {
		out.more = &tallyMore{classes: slices.Clone(t.more.classes)}
		if t.more.wide != nil {
			w := *t.more.wide
			out.more.wide = &w
		}
	}
	return out
}

// addTo adds every count of t to c.
func (t *tally) addTo(c *Counts) {
	if w := t.wideCounts(); w != nil {
		c.add(w)
		return
	}
	c.Attempts += t.attempts()
	c.Sent += int64(t.sent)
	c.Deferred += int64(t.deferred)
	c.Suspended += int64(t.suspended)
	c.Bounced += int64(t.bounced)
	c.Expired += int64(t.expired)
	c.NullSender += int64(t.nullSender)
	c.DelaySum += t.delaySum
	c.DelayMax = max(c.DelayMax, t.delayMax)
	c.Classes[t.class] += int64(t.classN)
	if t.more == nil {
		return
	}
	for _, cc := range t.more.classes {
		c.Classes[cc.class] += int64(cc.n)
	}
}

// counts returns t as Counts.
func (t *tally) counts() Counts {
	var c Counts
	t.addTo(&c)
	return c
}

// failures returns deferred + bounced + expired, as Counts.Failures does.
func (t *tally) failures() int64 {
	if w := t.wideCounts(); w != nil {
		return w.Failures()
	}
	return int64(t.deferred) + int64(t.bounced) + int64(t.expired)
}

// apply adds o to c by the counting rule of Counts.
func (c *Counts) apply(o *outcome) {
	if o.expired {
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
	c.DelayMax = max(c.DelayMax, o.delay)
}
