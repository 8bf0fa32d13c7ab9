package tui

import (
	"cmp"
	"slices"
	"strings"
	"sync/atomic"
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
	Domain        string
	Watched       bool
	Counts        stats.Counts
	Trend         []int64 // failures per step of the table's trend, oldest first, or nil when not computed
	Pending       int
	OldestPending time.Time
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
		Domain:        d.Domain,
		Watched:       watched,
		Counts:        d.Windows[w],
		Trend:         d.Trend.Failures,
		Pending:       d.Pending,
		OldestPending: d.OldestPending,
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

// sortKeys maps each sort column to the collector's sort key.
var sortKeys = [numSortColumns]stats.SortKey{
	sortFailures: stats.SortFailures,
	sortDomain:   stats.SortDomain,
	sortAttempts: stats.SortAttempts,
	sortSent:     stats.SortSentRatio,
	sortDeferred: stats.SortDeferred,
	sortBounced:  stats.SortBounced,
	sortDelay:    stats.SortDelay,
	sortPending:  stats.SortPending,
}

// ViewRequests carries the domain table's stats.DomainView from the screen
// to the goroutine that takes snapshots, so that a snapshot copies only
// the rows on screen and a little around them. The screen publishes a new
// request when the window, the order, the filter or the scrolled page
// changes. The other side reads Latest before each snapshot, and takes one
// at once when Changed fires. It is safe for concurrent use.
type ViewRequests struct {
	latest  atomic.Pointer[stats.DomainView]
	changed chan struct{}
}

// NewViewRequests returns the requests of a screen that has not drawn yet:
// the 1h window, most failures first, and first a short page.
func NewViewRequests() *ViewRequests {
	r := &ViewRequests{changed: make(chan struct{}, 1)}
	r.latest.Store(&stats.DomainView{Window: stats.Window1h, Limit: minPageRows})
	return r
}

// Latest returns the newest request.
func (r *ViewRequests) Latest() stats.DomainView {
	return *r.latest.Load()
}

// Changed returns a channel that receives a value after the request
// changed. Several changes before a receive give one value.
func (r *ViewRequests) Changed() <-chan struct{} {
	return r.changed
}

// publish stores v, and signals Changed when v requests other rows than
// the latest request. A move of the cursor alone changes only Follow and
// waits for the next regular snapshot.
func (r *ViewRequests) publish(v stats.DomainView) {
	same := r.latest.Load().Equal(v)
	r.latest.Store(&v)
	if same {
		return
	}
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// minPageRows is the page size requested before the screen's size is known.
const minPageRows = 20

// pagedView returns the request for the rows around what the domain table
// shows now. The page spans four screens of rows and starts a screen above
// the visible one. It moves in steps of a screen, so the cursor keys move
// within rows already loaded, and only a screen's worth of scrolling needs
// a new page.
func (m *Model) pagedView() stats.DomainView {
	filter := strings.ToLower(m.shownFilter())
	height := max(m.domains.cursor.height, 1)
	first := m.firstVisibleSorted(filter)
	offset := max(first/height*height-height, 0)
	var follow string
	if m.domains.cursor.selected >= m.domains.pinned {
		follow = m.domains.SelectedDomain()
	}
	var extra []string
	if m.screen == screenWhy && m.why.subject.Domain != "" {
		// The why panel reads its domain's counts from the snapshot.
		extra = []string{m.why.subject.Domain}
	}
	return stats.DomainView{
		Window:   m.window,
		Sort:     sortKeys[m.sortBy],
		Reversed: m.sortReversed,
		Filter:   filter,
		Pinned:   m.watch,
		Offset:   offset,
		Limit:    max(4*height, minPageRows),
		Follow:   follow,
		Extra:    extra,
	}
}

// firstVisibleSorted returns the number of the first sorted row on screen,
// counted from 0 below the pinned rows that match filter.
func (m *Model) firstVisibleSorted(filter string) int {
	pinned := 0
	for _, domain := range m.watch {
		if filter == "" || strings.Contains(domain, filter) {
			pinned++
		}
	}
	return max(m.domains.cursor.offset-pinned, 0)
}

// frozenPageRows is the number of sorted rows the paused domain table
// holds, which bounds what a pause copies whatever the number of domains.
const frozenPageRows = 1000

// frozenView returns the request for the frozen page: the page the paused
// domain table scrolls in. It contains the pinned rows and frozenPageRows
// sorted rows, more only on a screen taller than a quarter of that. The
// rows start frozenPageRows/4 above the first row on screen, so the
// operator can scroll both ways from where the pause found the table.
func (m *Model) frozenView() stats.DomainView {
	v := m.pagedView()
	v.Offset = max(m.firstVisibleSorted(v.Filter)-frozenPageRows/4, 0)
	v.Limit = max(frozenPageRows, v.Limit)
	return v
}

// requestedView returns the request to publish: the frozen page from the
// pause until it arrives, else the page around what the table shows.
func (m *Model) requestedView() stats.DomainView {
	if m.freeze != nil && !m.frozen {
		return *m.freeze
	}
	return m.pagedView()
}

// syncFreeze keeps the frozen page in step with the screen. While the
// screen is paused with Options.Views, it requests a frozen page unless the
// one requested or shown has the window, order and filter on screen. So a
// change of one of them while paused loads the rows again, with the counts
// of that moment. When the screen is not paused, it drops the request.
func (m *Model) syncFreeze() {
	if !m.paused || m.opts.Views == nil {
		m.freeze, m.frozen = nil, false
		return
	}
	want := m.frozenView()
	if m.freeze != nil && sameRanking(*m.freeze, want) {
		return
	}
	m.freeze, m.frozen = &want, false
}

// sameRanking reports whether a and b request rows in the same window,
// order and filter with the same pinned domains, wherever their pages are.
func sameRanking(a, b stats.DomainView) bool {
	return a.Window == b.Window && a.Sort == b.Sort && a.Reversed == b.Reversed &&
		a.Filter == b.Filter && slices.Equal(a.Pinned, b.Pinned)
}

// isFrozenPage reports whether page is the frozen page requested by the
// pause, or by a change of order while paused, and not shown yet.
func (m *Model) isFrozenPage(page *stats.DomainPage) bool {
	return m.freeze != nil && !m.frozen && page != nil && page.View.Equal(*m.freeze)
}

// buildPageRows returns the rows of a page from the collector: the pinned
// rows, then the page's rows, both in the order the page gives. Rows show
// their counts in window w, which may differ from the page's window until
// the next page arrives.
func buildPageRows(page *stats.DomainPage, w stats.Window) (rows []domainRow, pinned int) {
	rows = make([]domainRow, 0, len(page.Pinned)+len(page.Rows))
	for i := range page.Pinned {
		rows = append(rows, newDomainRow(&page.Pinned[i], w, true))
	}
	for i := range page.Rows {
		rows = append(rows, newDomainRow(&page.Rows[i], w, false))
	}
	return rows, len(page.Pinned)
}
