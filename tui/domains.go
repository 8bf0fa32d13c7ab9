package tui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// sortColumn is the sort key of the domain table; s cycles through them.
type sortColumn uint8

const (
	sortFailures sortColumn = iota // deferred + bounced + expired
	sortDomain
	sortAttempts
	sortSent // sent share of attempts
	sortDeferred
	sortBounced
	sortDelay // average delay
	sortPending
	numSortColumns
)

// sortLabelIDs are the l10n ids naming each sort column.
var sortLabelIDs = [numSortColumns]string{
	sortFailures: "sort.failures",
	sortDomain:   "col.domain",
	sortAttempts: "col.attempts",
	sortSent:     "col.sent",
	sortDeferred: "col.deferred",
	sortBounced:  "col.bounced",
	sortDelay:    "col.delay",
	sortPending:  "col.pending",
}

// domainRow is one line of the domain table: a domain's counts in the
// current window. Domain is as the collector keys it and is sanitized when
// drawn.
type domainRow struct {
	Domain            string
	Watched           bool
	Counts            stats.Counts
	FailuresPerMinute [60]int64
	Pending           int
	OldestPending     time.Time
}

// failures returns deferred + bounced + expired in the row's window.
func (r domainRow) failures() int64 {
	return r.Counts.Deferred + r.Counts.Bounced + r.Counts.Expired
}

// averageDelay returns the mean delay= of the row's attempts in seconds, or
// -1 without attempts.
func (r domainRow) averageDelay() float64 {
	if r.Counts.Attempts == 0 {
		return -1
	}
	return r.Counts.DelaySum / float64(r.Counts.Attempts)
}

// sentRatio returns sent / attempts, or -1 without attempts.
func (r domainRow) sentRatio() float64 {
	if r.Counts.Attempts == 0 {
		return -1
	}
	return float64(r.Counts.Sent) / float64(r.Counts.Attempts)
}

// topClass returns the reason class with the most attempts in the row's
// window, or diagnose.ClassNone when nothing failed.
func topClass(c stats.Counts) diagnose.Class {
	best := diagnose.ClassNone
	var bestCount int64
	for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
		if c.Classes[class] > bestCount {
			best, bestCount = class, c.Classes[class]
		}
	}
	return best
}

// domainQuery is what decides the rows of the domain table.
type domainQuery struct {
	Window   stats.Window
	Watch    []string // pinned domains, lowercase, in display order
	Filter   string   // case-insensitive substring; "" keeps every domain
	Sort     sortColumn
	Reversed bool
}

// buildDomainRows returns the watch-list rows in watch-list order, each
// shown even without traffic, followed by every other domain of the
// snapshot sorted by the query. Both parts are filtered. A nil snapshot
// gives only the watch list.
func buildDomainRows(snapshot *stats.Snapshot, q domainQuery) []domainRow {
	filter := strings.ToLower(q.Filter)
	keep := func(domain string) bool {
		return filter == "" || strings.Contains(domain, filter)
	}

	byDomain := make(map[string]*stats.DomainStats)
	if snapshot != nil {
		for i := range snapshot.Domains {
			byDomain[snapshot.Domains[i].Domain] = &snapshot.Domains[i]
		}
	}

	var rows []domainRow
	watched := make(map[string]bool, len(q.Watch))
	for _, domain := range q.Watch {
		watched[domain] = true
		if !keep(domain) {
			continue
		}
		row := domainRow{Domain: domain, Watched: true}
		if d, ok := byDomain[domain]; ok {
			row = newDomainRow(d, q.Window, true)
		}
		rows = append(rows, row)
	}

	var others []domainRow
	if snapshot != nil {
		for i := range snapshot.Domains {
			d := &snapshot.Domains[i]
			if watched[d.Domain] || !keep(d.Domain) {
				continue
			}
			others = append(others, newDomainRow(d, q.Window, false))
		}
	}
	sortDomainRows(others, q.Sort, q.Reversed)
	return append(rows, others...)
}

// newDomainRow copies what the table shows of d in window w.
func newDomainRow(d *stats.DomainStats, w stats.Window, watched bool) domainRow {
	return domainRow{
		Domain:            d.Domain,
		Watched:           watched,
		Counts:            d.Windows[w],
		FailuresPerMinute: d.FailuresPerMinute,
		Pending:           d.Pending,
		OldestPending:     d.OldestPending,
	}
}

// sortDomainRows sorts rows by column: numbers largest first, domains A to
// Z; reversed flips that. Ties go by domain name.
func sortDomainRows(rows []domainRow, column sortColumn, reversed bool) {
	slices.SortStableFunc(rows, func(a, b domainRow) int {
		var c int
		switch column {
		case sortDomain:
			c = -strings.Compare(a.Domain, b.Domain)
		case sortAttempts:
			c = cmp.Compare(a.Counts.Attempts, b.Counts.Attempts)
		case sortSent:
			c = cmp.Compare(a.sentRatio(), b.sentRatio())
		case sortDeferred:
			c = cmp.Compare(a.Counts.Deferred, b.Counts.Deferred)
		case sortBounced:
			c = cmp.Compare(a.Counts.Bounced, b.Counts.Bounced)
		case sortDelay:
			c = cmp.Compare(a.averageDelay(), b.averageDelay())
		case sortPending:
			c = cmp.Compare(a.Pending, b.Pending)
		default:
			c = cmp.Compare(a.failures(), b.failures())
		}
		if reversed {
			c = -c
		}
		if c != 0 {
			return -c
		}
		return strings.Compare(a.Domain, b.Domain)
	})
}
