package stats

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// SortKey is the order of the domain rows a DomainView requests. Numbers
// sort largest first and names A to Z, and DomainView.Reversed flips that.
type SortKey uint8

const (
	SortFailures  SortKey = iota // deferred + bounced + expired
	SortDomain                   // domain name
	SortAttempts                 // delivery attempts
	SortSentRatio                // sent share of attempts; domains without attempts come last
	SortDeferred                 // deferred attempts
	SortBounced                  // bounced attempts
	SortDelay                    // average delay; domains without attempts come last
	SortPending                  // recipients still waiting in the queue
	NumSortKeys
)

// DomainView is a request for the part of a domain table that a screen
// shows: the pinned domains, then one page of the other domains sorted and
// filtered. The table is every domain the collector counts, the
// OverflowDomain included, also those without traffic in Window.
type DomainView struct {
	Window   Window
	Sort     SortKey
	Reversed bool   // flip the order of Sort; ties still go by name, A to Z
	Filter   string // a substring of the domain name, without regard to case; "" matches every domain
	// Pinned are lowercase domains shown first, in this order, whether or
	// not they had traffic. They are left out of the sorted rows.
	Pinned []string
	Offset int // the first sorted row to return, counted from 0
	Limit  int // the number of sorted rows to return from Offset
	// Follow is a domain to keep on the page, such as the one under the
	// cursor: when it is one of the sorted rows but not one of those from
	// Offset, the page moves so that it is. "" follows none.
	Follow string
	// Extra names more domains to copy into the snapshot's Domains,
	// whatever the filter and the page, such as the one a panel on screen
	// explains. Names the collector never counted are left out.
	Extra []string
	// Include selects more domains to copy into the snapshot's Domains,
	// whatever the filter and the page, such as the domains an alert rule
	// matches. It is called once for every domain, without the collector's
	// lock. Nil selects none.
	Include func(domain string) bool
}

// Equal reports whether v and o request the same rows. Include is not
// compared, since functions cannot be, and neither is Follow, which
// changes with every move of a cursor but moves the page only when the
// order changed.
func (v DomainView) Equal(o DomainView) bool {
	return v.Window == o.Window && v.Sort == o.Sort && v.Reversed == o.Reversed &&
		v.Filter == o.Filter && v.Offset == o.Offset && v.Limit == o.Limit &&
		slices.Equal(v.Pinned, o.Pinned) && slices.Equal(v.Extra, o.Extra)
}

// DomainPage is the result of a DomainView.
type DomainPage struct {
	View DomainView // the request this page is the result of
	// Pinned has one entry for each View.Pinned domain that matches the
	// filter, in that order. A domain the collector never counted has only
	// its Domain set.
	Pinned []DomainStats
	Rows   []DomainStats // the sorted rows from Offset, at most View.Limit
	// Offset is the row number of Rows[0]: View.Offset, moved to keep
	// View.Follow on the page, and lowered when the filter left fewer rows
	// so that the page ends at the last row rather than past it.
	Offset int
	// Matched is the number of domains that match the filter and are not
	// pinned: the table's length without its pinned rows.
	Matched int
}

// viewCandidate is one domain that matches a view's filter, with the value
// it sorts by.
type viewCandidate struct {
	name string
	key  float64
}

// SnapshotView returns a snapshot whose Domains hold only what a screen of
// the domain table needs, and the page of rows it shows. Domains contains
// the pinned domains the collector counted, the page's rows, v.Extra and the
// domains v.Include selects, each once, in no particular order. Everything else in
// the snapshot is as Snapshot returns it.
//
// The cost grows with the number of domains, as Snapshot's does, but per
// domain it reads one sum over the window instead of copying every
// window's counts, and only the page is copied. The collector is locked
// twice: once to read the sort values and once to copy the rows, and the
// sorting runs between the two.
//
// NOTE: lines added between the two locks change the copied rows but not
// their place in the table, so a row near the page's edges can belong one
// place further up or down until the next call. The page itself is sorted
// again by the copied counts.
func (c *Collector) SnapshotView(now time.Time, v DomainView) (*Snapshot, *DomainPage) {
	nowMinute := unixMinute(now)
	filter := strings.ToLower(v.Filter)
	pinned := make(map[string]bool, len(v.Pinned))
	for _, name := range v.Pinned {
		pinned[name] = true
	}

	candidates, included := c.viewCandidates(nowMinute, v, filter, pinned)
	page := &DomainPage{View: v, Matched: len(candidates)}
	limit := max(v.Limit, 0)
	page.Offset = v.Offset
	if row := followedRow(candidates, v); row >= 0 && (row < v.Offset || row >= v.Offset+limit) {
		// A quarter of the page above the followed row, as a screen that
		// scrolls down to it shows it near its bottom.
		page.Offset = row - limit/4
	}
	page.Offset = max(min(page.Offset, len(candidates)-limit), 0)
	end := min(page.Offset+limit, len(candidates))
	top := firstRows(candidates, end, func(a, b viewCandidate) int {
		return compareRows(a.name, a.key, b.name, b.key, v.Sort, v.Reversed)
	})
	onPage := top[page.Offset:end]

	// The names whose counts are copied: the page, the pinned, the extra
	// and the included domains. snapshotOf copies a name given twice once.
	// Only the rows the table draws, the page's and the pinned ones, get
	// a trend.
	names := make([]string, 0, len(onPage)+len(v.Pinned)+len(v.Extra)+len(included))
	for _, cand := range onPage {
		names = append(names, cand.name)
	}
	names = append(names, v.Pinned...)
	withTrend := len(names)
	names = append(names, v.Extra...)
	names = append(names, included...)

	s := c.snapshotOf(now, nowMinute, names, withTrend, v.Window)
	byName := make(map[string]*DomainStats, len(s.Domains))
	for i := range s.Domains {
		byName[s.Domains[i].Domain] = &s.Domains[i]
	}

	for _, cand := range onPage {
		// A domain folded into OverflowDomain between the two locks is
		// gone; its row is left out until the next call.
		if d, ok := byName[cand.name]; ok {
			page.Rows = append(page.Rows, *d)
		}
	}
	slices.SortStableFunc(page.Rows, func(a, b DomainStats) int {
		return compareRows(a.Domain, sortValue(&a, v.Window, v.Sort), b.Domain, sortValue(&b, v.Window, v.Sort), v.Sort, v.Reversed)
	})
	for _, name := range v.Pinned {
		if filter != "" && !strings.Contains(name, filter) {
			continue
		}
		row := DomainStats{Domain: name}
		if d, ok := byName[name]; ok {
			row = *d
		}
		page.Pinned = append(page.Pinned, row)
	}
	return s, page
}

// firstRows returns the first k of candidates in the order of compare,
// sorted. When k is small next to the candidates, as a page near the top
// of a long table is, it keeps the best k in a heap instead of sorting
// them all: most candidates then cost one comparison. It may reorder
// candidates.
func firstRows(candidates []viewCandidate, k int, compare func(a, b viewCandidate) int) []viewCandidate {
	if k <= 0 {
		return nil
	}
	if k >= len(candidates)/4 {
		slices.SortFunc(candidates, compare)
		return candidates[:k]
	}
	// heap is a binary heap whose root is the last of the best k so far.
	heap := make([]viewCandidate, 0, k)
	for _, cand := range candidates {
		if len(heap) < k {
			heap = append(heap, cand)
			for i := len(heap) - 1; i > 0; {
				parent := (i - 1) / 2
				if compare(heap[i], heap[parent]) <= 0 {
					break
				}
				heap[i], heap[parent] = heap[parent], heap[i]
				i = parent
			}
			continue
		}
		if compare(cand, heap[0]) >= 0 {
			continue
		}
		heap[0] = cand
		for i := 0; ; {
			child := 2*i + 1
			if child >= k {
				break
			}
			if child+1 < k && compare(heap[child+1], heap[child]) > 0 {
				child++
			}
			if compare(heap[child], heap[i]) <= 0 {
				break
			}
			heap[i], heap[child] = heap[child], heap[i]
			i = child
		}
	}
	slices.SortFunc(heap, compare)
	return heap
}

// followedRow returns the row number of v.Follow among the unsorted
// candidates, or -1 when it is not one of them.
func followedRow(candidates []viewCandidate, v DomainView) int {
	if v.Follow == "" {
		return -1
	}
	i := slices.IndexFunc(candidates, func(c viewCandidate) bool { return c.name == v.Follow })
	if i < 0 {
		return -1
	}
	followed := candidates[i]
	row := 0
	for _, c := range candidates {
		if compareRows(c.name, c.key, followed.name, followed.key, v.Sort, v.Reversed) < 0 {
			row++
		}
	}
	return row
}

// viewCandidates returns every domain that matches the filter and is not
// pinned, with its sort value in the window, and the names v.Include
// selects. Only the sort values are read under the lock. The names are
// matched after it, because reading each name's bytes costs about as much
// as its sums.
func (c *Collector) viewCandidates(nowMinute int64, v DomainView, filter string, pinned map[string]bool) ([]viewCandidate, []string) {
	all, pending := c.sortValues(nowMinute, v)
	candidates := all[:0]
	var included []string
	for _, cand := range all {
		if v.Include != nil && v.Include(cand.name) {
			included = append(included, cand.name)
		}
		if pinned[cand.name] || (filter != "" && !strings.Contains(cand.name, filter)) {
			continue
		}
		if v.Sort == SortPending {
			cand.key = float64(pending[cand.name])
		}
		candidates = append(candidates, cand)
	}
	return candidates, included
}

// sortValues returns, under the lock, every domain with the value it sorts
// by in v's window. For SortPending the value is 0 and the second result
// holds the pending recipients by domain.
func (c *Collector) sortValues(nowMinute int64, v DomainView) ([]viewCandidate, map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()

	var pending map[string]int
	if v.Sort == SortPending {
		pending = c.pendingByDomain()
	}
	all := make([]viewCandidate, 0, len(c.domains)+1)
	value := func(d *domainState) float64 {
		if v.Sort == SortDomain || v.Sort == SortPending {
			return 0
		}
		sums := d.windowSums(nowMinute, v.Window)
		return sums.value(v.Sort)
	}
	for _, d := range c.domains {
		all = append(all, viewCandidate{name: d.name, key: value(d)})
	}
	if c.overflow != nil {
		all = append(all, viewCandidate{name: c.overflow.name, key: value(c.overflow)})
	}
	return all, pending
}

// sortSums are the counts the sort keys read, small enough to sum for
// every domain at each snapshot.
type sortSums struct {
	attempts, sent, deferred, bounced, expired int64
	delaySum                                   float64
}

// addCounts adds the counts c holds for the sort keys.
func (s *sortSums) addCounts(c *Counts) {
	s.attempts += c.Attempts
	s.sent += c.Sent
	s.deferred += c.Deferred
	s.bounced += c.Bounced
	s.expired += c.Expired
	s.delaySum += c.DelaySum
}

// windowSums returns the sort keys' counts of d over window w, which ends
// with the minute nowMinute. It reads the buckets from the newest back,
// so a short window reads only its own minutes.
func (d *domainState) windowSums(nowMinute int64, w Window) sortSums {
	var sums sortSums
	if w == WindowAll {
		a := &d.all
		if wide := a.wideCounts(); wide != nil {
			sums.addCounts(wide)
			return sums
		}
		sums.attempts, sums.sent, sums.deferred = a.attempts(), int64(a.sent), int64(a.deferred)
		sums.bounced, sums.expired, sums.delaySum = int64(a.bounced), int64(a.expired), a.delaySum
		return sums
	}
	counts := d.series.window(nowMinute, w)
	sums.addCounts(&counts)
	return sums
}

// value returns the value s sorts by under key; SortDomain and SortPending
// are not counts and return 0.
func (s *sortSums) value(key SortKey) float64 {
	switch key {
	case SortAttempts:
		return float64(s.attempts)
	case SortSentRatio:
		if s.attempts == 0 {
			return -1
		}
		return float64(s.sent) / float64(s.attempts)
	case SortDeferred:
		return float64(s.deferred)
	case SortBounced:
		return float64(s.bounced)
	case SortDelay:
		if s.attempts == 0 {
			return -1
		}
		return s.delaySum / float64(s.attempts)
	case SortFailures:
		return float64(s.deferred + s.bounced + s.expired)
	}
	return 0
}

// sortValue returns the value d sorts by under key in window w.
func sortValue(d *DomainStats, w Window, key SortKey) float64 {
	if key == SortPending {
		return float64(d.Pending)
	}
	var sums sortSums
	sums.addCounts(&d.Windows[w])
	return sums.value(key)
}

// compareRows orders two rows of the domain table by key, largest value
// first or name A to Z, reversed when asked, and then by name A to Z.
func compareRows(nameA string, keyA float64, nameB string, keyB float64, key SortKey, reversed bool) int {
	var c int
	if key == SortDomain {
		c = -strings.Compare(nameA, nameB)
	} else {
		c = cmp.Compare(keyA, keyB)
	}
	if reversed {
		c = -c
	}
	if c != 0 {
		return -c
	}
	return strings.Compare(nameA, nameB)
}
