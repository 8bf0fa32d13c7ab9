package stats

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// viewCollector returns a collector with domains of different shapes over
// the day before the returned time: busy and quiet ones, old and recent
// traffic, failures, pending recipients and, past MaxDomains, an overflow.
func viewCollector(t *testing.T) (*Collector, time.Time) {
	t.Helper()
	c := New(Config{MaxDomains: 40})
	now := at(24 * time.Hour)

	var evs []*parsers.Event
	n := 0
	add := func(ago time.Duration, to string, status parsers.Status) {
		n++
		id := fmt.Sprintf("%X", 0xA0000+n)
		ts := now.Add(-ago)
		evs = append(evs, queued(ts.Add(-time.Duration(n)*time.Second), id, "shop@shop.example", 1))
		switch status {
		case parsers.StatusSent:
			evs = append(evs, sent(ts, id, to), removed(ts, id))
		case parsers.StatusBounced:
			evs = append(evs, bounced(ts, id, to), removed(ts, id))
		default:
			evs = append(evs, deferred(ts, id, to)) // stays queued, so pending
		}
	}

	for i := range 45 {
		domain := fmt.Sprintf("d%02d.example", i)
		if i%7 == 0 {
			domain = fmt.Sprintf("m%02d.docomo.ne.jp", i)
		}
		for j := range i % 6 {
			add(time.Duration(i*j*37)*time.Minute%(23*time.Hour), "a"+fmt.Sprint(j)+"@"+domain, parsers.StatusSent)
		}
		for j := range i % 4 {
			add(time.Duration(i+j)*time.Minute, "b"+fmt.Sprint(j)+"@"+domain, parsers.StatusDeferred)
		}
		if i%5 == 0 {
			add(time.Duration(i)*time.Hour/2, "c@"+domain, parsers.StatusBounced)
		}
	}

	add(23*time.Hour+30*time.Minute, "w@docomo.ne.jp", parsers.StatusSent) // first, so counted separately
	add(2*time.Minute, "x@docomo.ne.jp", parsers.StatusDeferred)
	add(3*time.Minute, "y@docomo.ne.jp", parsers.StatusSent)

	slices.SortStableFunc(evs, func(a, b *parsers.Event) int { return a.Time.Compare(b.Time) })
	addAll(c, evs...)
	return c, now
}

// expectedPage builds the page v requests from the full snapshot, the slow
// and obvious way.
func expectedPage(full *Snapshot, v DomainView) *DomainPage {
	filter := strings.ToLower(v.Filter)
	matches := func(name string) bool { return filter == "" || strings.Contains(name, filter) }
	page := &DomainPage{View: v}
	var others []DomainStats
	for _, d := range full.Domains {
		if !slices.Contains(v.Pinned, d.Domain) && matches(d.Domain) {
			others = append(others, d)
		}
	}
	slices.SortStableFunc(others, func(a, b DomainStats) int {
		return compareRows(a.Domain, sortValue(&a, v.Window, v.Sort), b.Domain, sortValue(&b, v.Window, v.Sort), v.Sort, v.Reversed)
	})
	page.Matched = len(others)
	page.Offset = max(min(v.Offset, len(others)-v.Limit), 0)
	page.Rows = others[page.Offset:min(page.Offset+v.Limit, len(others))]
	for _, name := range v.Pinned {
		if !matches(name) {
			continue
		}
		row := DomainStats{Domain: name}
		for _, d := range full.Domains {
			if d.Domain == name {
				row = d
			}
		}
		page.Pinned = append(page.Pinned, row)
	}
	return page
}

func rowNames(rows []DomainStats) []string {
	names := make([]string, len(rows))
	for i := range rows {
		names[i] = rows[i].Domain
	}
	return names
}

func TestSnapshotViewMatchesFullSnapshot(t *testing.T) {
	c, now := viewCollector(t)
	full := c.Snapshot(now)
	hasOverflow := slices.ContainsFunc(full.Domains, func(d DomainStats) bool { return d.Domain == OverflowDomain })
	if len(full.Domains) > 41 {
		t.Fatalf("fixture has %d domains, want at most 40 and the overflow", len(full.Domains))
	}
	if !hasOverflow {
		t.Fatalf("fixture has no %s row, want the domains past MaxDomains folded into it", OverflowDomain)
	}
	pinned := []string{"docomo.ne.jp", "never-seen.example", "m07.docomo.ne.jp"}

	var views []DomainView
	for key := range NumSortKeys {
		for _, w := range []Window{Window5m, Window1h, Window24h, WindowAll} {
			for _, reversed := range []bool{false, true} {
				views = append(views, DomainView{Window: w, Sort: key, Reversed: reversed, Pinned: pinned, Offset: 3, Limit: 10})
			}
		}
	}
	views = append(views,
		DomainView{Window: Window1h, Limit: 100},
		DomainView{Window: Window1h, Limit: 0},
		DomainView{Window: Window1h, Filter: "DOCOMO", Pinned: pinned, Limit: 5},
		DomainView{Window: Window1h, Filter: "d1", Offset: 7, Limit: 5},
		DomainView{Window: Window1h, Filter: "no such domain", Pinned: pinned, Offset: 4, Limit: 5},
		DomainView{Window: WindowAll, Offset: 1000, Limit: 8},
		DomainView{Window: WindowAll, Offset: -5, Limit: 8},
		DomainView{Window: WindowAll, Filter: "(other", Limit: 8},
	)

	for _, v := range views {
		name := fmt.Sprintf("%s/sort%d/rev=%v/filter=%q/offset%d/limit%d", v.Window, v.Sort, v.Reversed, v.Filter, v.Offset, v.Limit)
		t.Run(name, func(t *testing.T) {
			snap, page := c.SnapshotView(now, v)
			want := expectedPage(full, v)
			if got, wantNames := rowNames(page.Rows), rowNames(want.Rows); !slices.Equal(got, wantNames) {
				t.Fatalf("rows = %v, want %v", got, wantNames)
			}
			checkTrends(t, page.Rows, v.Window)
			checkTrends(t, page.Pinned, v.Window)
			if rows := withoutTrends(page.Rows); !reflect.DeepEqual(rows, want.Rows) && len(want.Rows) > 0 {
				t.Errorf("row counts differ from the full snapshot's:\n got %+v\nwant %+v", rows, want.Rows)
			}
			if pinned := withoutTrends(page.Pinned); !reflect.DeepEqual(pinned, want.Pinned) {
				t.Errorf("pinned = %+v, want %+v", pinned, want.Pinned)
			}
			if page.Matched != want.Matched {
				t.Errorf("matched = %d, want %d", page.Matched, want.Matched)
			}
			if page.Offset != want.Offset {
				t.Errorf("offset = %d, want %d", page.Offset, want.Offset)
			}
			if !reflect.DeepEqual(snap.Totals, full.Totals) {
				t.Errorf("totals differ from the full snapshot's")
			}
			if !reflect.DeepEqual(snap.Failures, full.Failures) {
				t.Errorf("failures differ from the full snapshot's")
			}
			if snap.Lines.Read != full.Lines.Read {
				t.Errorf("lines read = %d, want %d", snap.Lines.Read, full.Lines.Read)
			}
		})
	}
}

// checkTrends checks that every row the collector counted has the trend
// of window w, whose failures add up to those of the hour or the day it
// spans. A pinned domain it never counted has none.
func checkTrends(t *testing.T, rows []DomainStats, w Window) {
	t.Helper()
	for _, d := range rows {
		if d.Domain == "never-seen.example" {
			if d.Trend.Step != 0 {
				t.Errorf("%s has a trend of step %v, want none", d.Domain, d.Trend.Step)
			}
			continue
		}
		if d.Trend.Step != w.TrendStep() || len(d.Trend.Failures) != w.TrendSteps() {
			t.Errorf("%s in %s: trend of %d steps of %v, want %d of %v",
				d.Domain, w, len(d.Trend.Failures), d.Trend.Step, w.TrendSteps(), w.TrendStep())
		}
		span := Window1h
		if w.TrendStep() == time.Hour {
			span = Window24h
		}
		var sum int64
		for _, n := range d.Trend.Failures {
			sum += n
		}
		if want := d.Windows[span].Failures(); sum != want {
			t.Errorf("%s in %s: trend adds up to %d failures, want the %s window's %d", d.Domain, w, sum, span, want)
		}
	}
}

// withoutTrends returns copies of rows without their trends, which the
// full snapshot does not compute.
func withoutTrends(rows []DomainStats) []DomainStats {
	if rows == nil {
		return nil
	}
	out := slices.Clone(rows)
	for i := range out {
		out[i].Trend = FailureTrend{}
	}
	return out
}

func TestSnapshotViewCopiesPageAndIncluded(t *testing.T) {
	c, now := viewCollector(t)
	v := DomainView{
		Window:  Window1h,
		Pinned:  []string{"docomo.ne.jp", "never-seen.example"},
		Limit:   3,
		Extra:   []string{"d30.example", "never-seen.example"},
		Include: func(domain string) bool { return strings.HasSuffix(domain, ".docomo.ne.jp") },
	}
	snap, page := c.SnapshotView(now, v)

	want := map[string]bool{"docomo.ne.jp": true, "d30.example": true}
	for _, row := range page.Rows {
		want[row.Domain] = true
	}
	for _, d := range c.Snapshot(now).Domains {
		if strings.HasSuffix(d.Domain, ".docomo.ne.jp") {
			want[d.Domain] = true
		}
	}
	got := map[string]bool{}
	for _, d := range snap.Domains {
		if got[d.Domain] {
			t.Errorf("domain %s copied twice", d.Domain)
		}
		got[d.Domain] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot domains = %v, want %v", got, want)
	}
	if len(page.Pinned) != 2 {
		t.Fatalf("pinned = %+v, want docomo.ne.jp and never-seen.example", rowNames(page.Pinned))
	}
	if page.Pinned[1].Domain != "never-seen.example" {
		t.Errorf("second pinned row = %s, want never-seen.example", page.Pinned[1].Domain)
	}
	if attempts := page.Pinned[1].Windows[WindowAll].Attempts; attempts != 0 {
		t.Errorf("never-seen.example has %d attempts, want 0", attempts)
	}
}

func TestSnapshotViewPendingCounts(t *testing.T) {
	c, now := viewCollector(t)
	full := c.Snapshot(now)
	_, page := c.SnapshotView(now, DomainView{Window: WindowAll, Sort: SortPending, Limit: 50})
	for _, row := range page.Rows {
		want := domainStats(t, full, row.Domain)
		if row.Pending != want.Pending || !row.OldestPending.Equal(want.OldestPending) {
			t.Errorf("%s: pending %d since %v, want %d since %v", row.Domain, row.Pending, row.OldestPending, want.Pending, want.OldestPending)
		}
	}
	if page.Rows[0].Pending == 0 {
		t.Errorf("first row %s has no pending recipient, but the fixture has some", page.Rows[0].Domain)
	}
}

func TestSnapshotViewEmptyCollector(t *testing.T) {
	c := New(Config{})
	snap, page := c.SnapshotView(at(0), DomainView{Pinned: []string{"docomo.ne.jp"}, Offset: 10, Limit: 20})
	if len(snap.Domains) != 0 {
		t.Errorf("snapshot has %d domains, want 0", len(snap.Domains))
	}
	if len(page.Rows) != 0 {
		t.Errorf("page has %d rows, want 0", len(page.Rows))
	}
	if page.Matched != 0 {
		t.Errorf("matched = %d, want 0", page.Matched)
	}
	if page.Offset != 0 {
		t.Errorf("offset = %d, want 0", page.Offset)
	}
	if !slices.Equal(rowNames(page.Pinned), []string{"docomo.ne.jp"}) {
		t.Errorf("pinned = %v, want docomo.ne.jp with no counts", rowNames(page.Pinned))
	}
}

func TestDomainViewEqual(t *testing.T) {
	base := DomainView{Window: Window1h, Sort: SortBounced, Filter: "jp", Pinned: []string{"a", "b"}, Offset: 4, Limit: 20}
	tests := []struct {
		name  string
		other DomainView
		want  bool
	}{
		{"same", base, true},
		{"include ignored", func() DomainView { v := base; v.Include = func(string) bool { return true }; return v }(), true},
		{"window", func() DomainView { v := base; v.Window = WindowAll; return v }(), false},
		{"reversed", func() DomainView { v := base; v.Reversed = true; return v }(), false},
		{"pinned order", func() DomainView { v := base; v.Pinned = []string{"b", "a"}; return v }(), false},
		{"offset", func() DomainView { v := base; v.Offset = 5; return v }(), false},
		{"extra", func() DomainView { v := base; v.Extra = []string{"c"}; return v }(), false},
		{"follow ignored", func() DomainView { v := base; v.Follow = "a"; return v }(), true},
	}
	for _, tt := range tests {
		if got := base.Equal(tt.other); got != tt.want {
			t.Errorf("%s: Equal = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFirstRowsMatchesSort(t *testing.T) {
	var candidates []viewCandidate
	for i := range 500 {
		// Many equal keys, so the names decide most comparisons.
		candidates = append(candidates, viewCandidate{name: fmt.Sprintf("d%03d.example", (i*7919)%500), key: float64(i % 9)})
	}
	compare := func(a, b viewCandidate) int { return compareRows(a.name, a.key, b.name, b.key, SortFailures, false) }
	sorted := slices.Clone(candidates)
	slices.SortFunc(sorted, compare)
	for _, k := range []int{0, 1, 2, 7, 60, 124, 125, 499, 500} {
		got := firstRows(slices.Clone(candidates), k, compare)
		if !slices.Equal(got, sorted[:k]) {
			t.Errorf("k=%d: first rows differ from the sorted ones", k)
		}
	}
}

func TestSnapshotViewFollowMovesPage(t *testing.T) {
	c, now := viewCollector(t)
	all := DomainView{Window: Window1h, Limit: 100}
	_, whole := c.SnapshotView(now, all)
	target := whole.Rows[20].Domain

	tests := []struct {
		name       string
		view       DomainView
		wantOffset int
	}{
		{"below the page", DomainView{Window: Window1h, Limit: 8, Follow: target}, 18},
		{"above the page", DomainView{Window: Window1h, Offset: 30, Limit: 8, Follow: target}, 18},
		{"on the page", DomainView{Window: Window1h, Offset: 15, Limit: 8, Follow: target}, 15},
		{"filtered out", DomainView{Window: Window1h, Limit: 8, Filter: "docomo", Follow: target}, 0},
		{"unknown domain", DomainView{Window: Window1h, Offset: 4, Limit: 8, Follow: "nowhere.example"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, page := c.SnapshotView(now, tt.view)
			if page.Offset != tt.wantOffset {
				t.Errorf("offset = %d, want %d", page.Offset, tt.wantOffset)
			}
			want := whole.Rows[page.Offset:min(page.Offset+tt.view.Limit, len(whole.Rows))]
			if tt.view.Filter == "" && !slices.Equal(rowNames(page.Rows), rowNames(want)) {
				t.Errorf("rows = %v, want %v", rowNames(page.Rows), rowNames(want))
			}
		})
	}
}

func TestSnapshotViewWhileDomainsFold(t *testing.T) {
	// Few domains allowed, so new ones keep folding the rarest into the
	// overflow while snapshots are taken.
	c := New(Config{MaxDomains: 30})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 3000 {
			ts := at(time.Duration(i) * time.Second)
			id := fmt.Sprintf("%05X%05X", 0xC0000+i, i)
			addAll(c, queued(ts, id, "shop@shop.example", 1), deferred(ts, id, fmt.Sprintf("u@f%04d.example", i)))
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		_, page := c.SnapshotView(at(time.Hour), DomainView{Window: WindowAll, Limit: 40})
		for _, row := range page.Rows {
			if row.Domain == "" {
				t.Fatalf("page row without a domain: %+v", rowNames(page.Rows))
			}
		}
	}
}
