package stats

import (
	"math"
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

// bucket is the counts of one minute or, in bucketLists.hours, of one hour.
type bucket struct {
	minute int64 // unixMinute of the events in it; for an hour, its first minute
	counts tally
}

// minutesFine is how far back a series keeps one bucket per minute. Older
// events within the day share one bucket per hour, so a busy domain costs
// at most minutesFine + 25 buckets instead of one per minute of the day.
const minutesFine = 60

// series is a sparse record of counts over the minutesKept minutes up to
// the newest minute seen by the collector: one bucket per minute for the
// last minutesFine minutes, one per hour before that. Both lists are
// sorted. A minute or hour with no event has no bucket, so a domain that
// gets one delivery a day costs one bucket.
//
// Because an old event is only known to its hour, the 24h window counts
// an hour bucket whole when the hour began within the window. So that
// window reaches back between 23 and 24 hours. The 5m, 15m and 1h windows
// are exact to the minute.
//
// Most domains and paths of a long log get no mail in the last day, so
// the lists are allocated with the first bucket and freed with the last.
// An empty series is one nil pointer.
type series struct {
	lists *bucketLists
}

// bucketLists are the buckets of a series that has any.
type bucketLists struct {
	buckets []bucket // per minute, the last minutesFine minutes
	hours   []bucket // per hour, older
}

// minutes returns the minute buckets, oldest first.
func (s *series) minutes() []bucket {
	if s.lists == nil {
		return nil
	}
	return s.lists.buckets
}

// hourly returns the hour buckets, oldest first.
func (s *series) hourly() []bucket {
	if s.lists == nil {
		return nil
	}
	return s.lists.hours
}

// grow returns the lists of s, allocating them when s has none.
func (s *series) grow() *bucketLists {
	if s.lists == nil {
		s.lists = new(bucketLists)
	}
	return s.lists
}

// at returns the counts to add an event of minute to, creating the bucket
// when needed, or nil when minute is minutesKept or more before newest. A
// line a few seconds out of order lands in its own minute's bucket.
func (s *series) at(minute, newest int64) *tally {
	if minute <= newest-minutesKept {
		return nil
	}
	s.prune(newest)
	l := s.grow()
	if minute > newest-minutesFine {
		return insertBucket(&l.buckets, minute)
	}
	return insertBucket(&l.hours, hourStart(minute))
}

// insertBucket returns the counts of the bucket of minute in the sorted
// list, adding it when missing. Events arrive nearly in order, so the
// search starts from the end.
//
// A full list grows by one bucket, not by the half or more that append
// adds. Most lists belong to domains that get mail a few times an hour.
// Their lists grow to a few buckets and then keep their length, because
// buckets are folded and dropped at the front as fast as they are added
// at the end. On ten generated days with 101,384 domains, the lists
// held 192,000 buckets in room for 297,000 when append grew them.
func insertBucket(list *[]bucket, minute int64) *tally {
	l := *list
	n := len(l)
	i := n
	for i > 0 && l[i-1].minute > minute {
		i--
	}
	if i > 0 && l[i-1].minute == minute {
		return &l[i-1].counts
	}
	if n == cap(l) {
		grown := make([]bucket, n, n+1)
		copy(grown, l)
		l = grown
	}
	l = l[:n+1]
	copy(l[i+1:], l[i:n])
	l[i] = bucket{minute: minute}
	*list = l
	return &l[i].counts
}

// hourStart returns the first minute of the hour that contains minute.
func hourStart(minute int64) int64 {
	r := minute % 60
	if r < 0 {
		r += 60
	}
	return minute - r
}

// prune folds the minute buckets older than minutesFine before newest into
// their hours and drops the hours that began minutesKept or more before it.
func (s *series) prune(newest int64) {
	l := s.lists
	if l == nil {
		return
	}
	fold := 0
	for fold < len(l.buckets) && l.buckets[fold].minute <= newest-minutesFine {
		fold++
	}
	if fold > 0 {
		for i := range fold {
			b := &l.buckets[i]
			if b.minute > newest-minutesKept {
				insertBucket(&l.hours, hourStart(b.minute)).merge(&b.counts)
			}
		}
		dropFront(&l.buckets, fold)
	}

	drop := 0
	for drop < len(l.hours) && l.hours[drop].minute <= newest-minutesKept {
		drop++
	}
	if drop > 0 {
		dropFront(&l.hours, drop)
	}
	if l.buckets == nil && l.hours == nil {
		s.lists = nil
	}
}

// dropFront drops the first n buckets of list.
func dropFront(list *[]bucket, n int) {
	l := *list
	left := copy(l, l[n:])
	clear(l[left:]) // so the moved buckets' class counters are not kept twice
	*list = l[:left]
	if left == 0 {
		*list = nil
	}
}

// shrink copies each list of s that leaves half of its room or more
// unused to one of its length. A list keeps its room as buckets are
// folded and dropped at its front. Without the copy, a domain whose mail
// came in a burst or stopped would keep room for its busiest hour until
// its last bucket went, up to a day later. The sweep calls shrink, not prune, because a
// list that prune shrinks while its domain gets mail grows again one
// bucket at a time (see insertBucket).
func (s *series) shrink() {
	if s.lists == nil {
		return
	}
	for _, list := range []*[]bucket{&s.lists.buckets, &s.lists.hours} {
		if l := *list; cap(l) >= 2*len(l) && cap(l) > 0 {
			*list = append([]bucket(nil), l...)
		}
	}
}

// pruneDue returns the first minute at which prune has a bucket of s to
// fold or drop, or math.MaxInt64 when s has none.
func (s *series) pruneDue() int64 {
	due := int64(math.MaxInt64)
	if len(s.minutes()) > 0 {
		due = s.minutes()[0].minute + minutesFine
	}
	if len(s.hourly()) > 0 {
		due = min(due, s.hourly()[0].minute+minutesKept)
	}
	return due
}

// clone returns a copy of s that shares no memory with it.
func (s *series) clone() series {
	if s.lists == nil {
		return series{}
	}
	return series{lists: &bucketLists{buckets: cloneBuckets(s.lists.buckets), hours: cloneBuckets(s.lists.hours)}}
}

func cloneBuckets(list []bucket) []bucket {
	if list == nil {
		return nil
	}
	out := make([]bucket, len(list))
	for i := range list {
		out[i] = bucket{minute: list[i].minute, counts: list[i].counts.clone()}
	}
	return out
}

// merge adds the buckets of o into s.
func (s *series) merge(o *series) {
	if o.lists == nil {
		return
	}
	l := s.grow()
	for i := range o.lists.buckets {
		insertBucket(&l.buckets, o.lists.buckets[i].minute).merge(&o.lists.buckets[i].counts)
	}
	for i := range o.lists.hours {
		insertBucket(&l.hours, o.lists.hours[i].minute).merge(&o.lists.hours[i].counts)
	}
}

// window returns the sum of the buckets in window w, which ends with the
// minute nowMinute. It reads from the newest bucket back, so a short
// window reads only its own minutes. w must be shorter than WindowAll.
func (s *series) window(nowMinute int64, w Window) Counts {
	var sum Counts
	for _, list := range [2][]bucket{s.minutes(), s.hourly()} {
		for i := len(list) - 1; i >= 0; i-- {
			b := &list[i]
			age := nowMinute - b.minute
			if age < 0 {
				continue // after now
			}
			if age >= windowMinutes[w] {
				break
			}
			b.counts.addTo(&sum)
		}
	}
	return sum
}

// windowMinutes are the lengths of the windows before WindowAll, in minutes.
var windowMinutes = [WindowAll]int64{
	Window5m:  5,
	Window15m: 15,
	Window1h:  60,
	Window24h: minutesKept,
}

// windows sums the buckets into the windows that end with the minute
// nowMinute. WindowAll is left to the caller.
func (s *series) windows(nowMinute int64, out *[NumWindows]Counts) {
	// Each bucket goes to the shortest window that contains it; the longer
	// windows then add up the shorter ones.
	var only [WindowAll]Counts
	for _, list := range [2][]bucket{s.hourly(), s.minutes()} {
		for i := range list {
			b := &list[i]
			age := nowMinute - b.minute
			if age < 0 || age >= minutesKept {
				continue // after now, or more than a day before it
			}
			w := Window5m
			for age >= windowMinutes[w] {
				w++
			}
			b.counts.addTo(&only[w])
		}
	}
	var sum Counts
	for w := Window5m; w < WindowAll; w++ {
		sum.add(&only[w])
		out[w] = sum
	}
}

// addFailureTrend adds to trend the deferred + bounced + expired per step
// of window w's trend (see Window.TrendStep), oldest first, ending with the
// step that contains the minute nowMinute. trend has w.TrendSteps()
// elements. An hour bucket counts in the minute it begins with, as in the
// windows. Buckets after nowMinute are left out.
func (s *series) addFailureTrend(nowMinute int64, w Window, trend []int64) {
	steps := int64(len(trend))
	byHour := w.TrendStep() == time.Hour
	for _, list := range [2][]bucket{s.hourly(), s.minutes()} {
		for i := range list {
			b := &list[i]
			if b.minute > nowMinute {
				continue
			}
			ago := nowMinute - b.minute // steps before the newest
			if byHour {
				ago = (hourStart(nowMinute) - hourStart(b.minute)) / 60
			}
			if ago < steps {
				trend[steps-1-ago] += b.counts.failures()
			}
		}
	}
}
