package tui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// queueColumn is a column of the queue list, and a sort order.
type queueColumn uint8

const (
	queueColAge queueColumn = iota
	queueColQueue
	queueColRetry
	queueColSize
	queueColSender
	queueColRecipients
	queueColDomain
	queueColClass
	queueColReason
	queueColID
	numQueueColumns
)

// queueColumnLabelIDs are the l10n ids of the column headers, in
// queueColumn order.
var queueColumnLabelIDs = [numQueueColumns]string{
	"qcol.age", "qcol.queue", "qcol.retry", "qcol.size", "qcol.sender",
	"qcol.recipients", "qcol.domain", "qcol.class", "qcol.reason", "qcol.queueID",
}

// queueRow is one queued message as the list shows it. msg keeps the
// values as read, because actions must pass the real sender to Postfix;
// the view sanitizes every text it draws.
type queueRow struct {
	msg sources.QueuedMessage
	// domain, reason and class are those of the first pending recipient
	// that matches the filter's recipient fields and has a reason, else
	// of the first one that matches them (see newQueueRow).
	domain string
	reason string
	class  diagnose.Class
	// addresses are the pending recipients, those that match the
	// filter's recipient fields first, and recipients are the same
	// addresses comma-separated, the key of the recipient sort.
	addresses  []string
	recipients string
	pending    int
}

// tagKey identifies a message across refreshes. Postfix reuses short queue
// IDs, so the arrival second goes with the ID.
type tagKey struct {
	id      string
	arrival int64
}

func keyOf(m sources.QueuedMessage) tagKey {
	return tagKey{id: m.QueueID, arrival: m.Arrival.Unix()}
}

// maxCachedClasses bounds a reasonClasses cache. One entry is about 300
// bytes, so the cache stays under about 15 MB; it is cleared when full.
const maxCachedClasses = 50_000

// reasonClasses caches QueueReasonClass across snapshots, keyed by the
// recipient's address, DSN status and reason. Classifying 10,000 reasons
// takes tens of milliseconds, too long to repeat on every snapshot and
// every key of the filter; a queue changes little between two snapshots.
type reasonClasses struct {
	overrides *diagnose.Overrides       // the operator's reason rules, or nil
	cache     map[string]diagnose.Class // nil classifies without caching
}

func newReasonClasses(overrides *diagnose.Overrides) reasonClasses {
	return reasonClasses{overrides: overrides, cache: map[string]diagnose.Class{}}
}

// classify returns QueueReasonClass(r) with c's overrides, from the cache
// when c has it.
func (c reasonClasses) classify(r sources.QueuedRecipient) diagnose.Class {
	if c.cache == nil || r.Reason == "" {
		return QueueReasonClass(r, c.overrides)
	}
	key := r.Address + "\x00" + r.Status + "\x00" + r.Reason
	if class, ok := c.cache[key]; ok {
		return class
	}
	if len(c.cache) >= maxCachedClasses {
		clear(c.cache)
	}
	class := QueueReasonClass(r, c.overrides)
	c.cache[key] = class
	return class
}

// newQueueRow returns the row of m. When the filter selects recipients
// (d:, r:, c:, reason text or --domain), the row shows first the
// recipients that made m match, so that a message to two domains listed
// for one of them shows that domain's recipient and class.
func newQueueRow(m sources.QueuedMessage, classes reasonClasses, filter QueueFilter) queueRow {
	row := queueRow{msg: m}
	var matching, others []int
	for i, r := range m.Recipients {
		if r.Done {
			continue
		}
		row.pending++
		if filter.hasRecipientFields() && !filter.matchRecipient(r, classes.classify) {
			others = append(others, i)
		} else {
			matching = append(matching, i)
		}
	}
	order := append(matching, others...)
	addresses := make([]string, 0, len(order))
	for _, i := range order {
		addresses = append(addresses, m.Recipients[i].Address)
	}
	row.addresses = addresses
	row.recipients = strings.Join(addresses, ", ")
	chosen := firstWithReason(m.Recipients, matching)
	if chosen < 0 {
		chosen = firstWithReason(m.Recipients, others)
	}
	if chosen < 0 {
		return row
	}
	r := m.Recipients[chosen]
	row.domain = strings.ToLower(string(parsers.Domain([]byte(r.Address))))
	row.reason = r.Reason
	row.class = classes.classify(r)
	return row
}

// firstWithReason returns the first of the indexes into recipients whose
// recipient has a reason, else the first index, or -1 for none.
func firstWithReason(recipients []sources.QueuedRecipient, indexes []int) int {
	for _, i := range indexes {
		if recipients[i].Reason != "" {
			return i
		}
	}
	if len(indexes) > 0 {
		return indexes[0]
	}
	return -1
}

// ageRange restricts the list to messages whose age is in [from, to); a
// zero to means no upper bound. The queue shape sets it.
type ageRange struct {
	from, to time.Duration
	set      bool
}

func (a ageRange) contains(age time.Duration) bool {
	if !a.set {
		return true
	}
	return age >= a.from && (a.to == 0 || age < a.to)
}

// queueQuery is the selection of the list: the filter, the age range from the
// queue shape, and the order.
type queueQuery struct {
	filter   QueueFilter
	ages     ageRange
	sortBy   queueColumn
	reversed bool
	now      time.Time
	classes  reasonClasses // may be the zero value, which caches nothing
}

// buildQueueRows returns the rows of the messages that pass q, sorted.
// Ties keep the snapshot's order, which is by arrival.
func buildQueueRows(messages []sources.QueuedMessage, q queueQuery) []queueRow {
	rows := make([]queueRow, 0, len(messages))
	for _, m := range messages {
		if !q.filter.Match(m) || !q.ages.contains(q.now.Sub(m.Arrival)) {
			continue
		}
		rows = append(rows, newQueueRow(m, q.classes, q.filter))
	}
	slices.SortStableFunc(rows, func(a, b queueRow) int {
		c := compareQueueRows(a, b, q.sortBy)
		if q.reversed {
			return -c
		}
		return c
	})
	return rows
}

// compareQueueRows orders two rows by column: the oldest, largest and
// latest retry first for age, size and retry, text columns A to Z.
func compareQueueRows(a, b queueRow, column queueColumn) int {
	switch column {
	case queueColAge:
		return a.msg.Arrival.Compare(b.msg.Arrival)
	case queueColQueue:
		return cmp.Compare(a.msg.Queue, b.msg.Queue)
	case queueColRetry:
		return a.msg.NextRetry.Compare(b.msg.NextRetry)
	case queueColSize:
		return cmp.Compare(b.msg.Size, a.msg.Size)
	case queueColSender:
		return cmp.Compare(strings.ToLower(a.msg.Sender), strings.ToLower(b.msg.Sender))
	case queueColRecipients:
		return cmp.Compare(strings.ToLower(a.recipients), strings.ToLower(b.recipients))
	case queueColDomain:
		return cmp.Compare(a.domain, b.domain)
	case queueColClass:
		return cmp.Compare(a.class.String(), b.class.String())
	case queueColReason:
		return cmp.Compare(a.reason, b.reason)
	case queueColID:
		return cmp.Compare(a.msg.QueueID, b.msg.QueueID)
	}
	return 0
}

// shapeBuckets are the upper bounds of the queue shape's age columns, as
// qshape(1) shows them by default: 0-5m, 5-10m, 10-20m, 20-40m, 40-80m,
// 80-160m, 160-320m and 320m+ (the last has no bound).
var shapeBuckets = []time.Duration{
	5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute,
	80 * time.Minute, 160 * time.Minute, 320 * time.Minute, 0,
}

// shapeBucketLabels are the column headers of shapeBuckets.
var shapeBucketLabels = []string{"5m", "10m", "20m", "40m", "80m", "160m", "320m", "320m+"}

// bucketRange returns the age range of bucket i.
func bucketRange(i int) ageRange {
	r := ageRange{to: shapeBuckets[i], set: true}
	if i > 0 {
		r.from = shapeBuckets[i-1]
	}
	return r
}

// bucketOf returns the bucket index of a message of the given age.
func bucketOf(age time.Duration) int {
	for i, limit := range shapeBuckets {
		if limit == 0 || age < limit {
			return i
		}
	}
	return len(shapeBuckets) - 1
}

// shapeRow is one domain of the queue shape: messages per age bucket.
type shapeRow struct {
	domain  string // "" is the total row
	total   int
	buckets [8]int
}

// buildShape counts the messages of one queue per recipient domain and age
// bucket. A message counts once for each domain it has pending recipients
// in, so the total row, which counts each message once, can be less than
// the sum of the domain rows. Domains are sorted by count, then name.
func buildShape(messages []sources.QueuedMessage, queue string, filter QueueFilter, now time.Time) []shapeRow {
	total := shapeRow{}
	byDomain := map[string]*shapeRow{}
	for _, m := range messages {
		if m.Queue != queue || !filter.Match(m) {
			continue
		}
		bucket := bucketOf(now.Sub(m.Arrival))
		total.total++
		total.buckets[bucket]++
		seen := map[string]bool{}
		for _, r := range m.Recipients {
			if r.Done {
				continue
			}
			domain := strings.ToLower(string(parsers.Domain([]byte(r.Address))))
			if seen[domain] {
				continue
			}
			seen[domain] = true
			row := byDomain[domain]
			if row == nil {
				row = &shapeRow{domain: domain}
				byDomain[domain] = row
			}
			row.total++
			row.buckets[bucket]++
		}
	}
	rows := []shapeRow{total}
	domains := make([]shapeRow, 0, len(byDomain))
	for _, row := range byDomain {
		domains = append(domains, *row)
	}
	slices.SortFunc(domains, func(a, b shapeRow) int {
		if c := cmp.Compare(b.total, a.total); c != 0 {
			return c
		}
		return cmp.Compare(a.domain, b.domain)
	})
	return append(rows, domains...)
}

// formatBytes shows a message size in at most five cells: 812, 12K, 3.4M.
func formatBytes(n int64) string {
	switch {
	case n < 10_000:
		return strconv.FormatInt(n, 10)
	case n < 1_000_000:
		return strconv.FormatInt(n/1000, 10) + "K"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
}
