package stats

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

func TestWindows(t *testing.T) {
	now := at(48 * time.Hour)
	ages := []time.Duration{
		30 * time.Second, // 5m
		4 * time.Minute,  // 5m
		10 * time.Minute, // 15m
		40 * time.Minute, // 1h
		3 * time.Hour,    // 24h
		23 * time.Hour,   // 24h
		30 * time.Hour,   // all only
	}
	c := New(Config{})
	for i := len(ages) - 1; i >= 0; i-- {
		addAll(c, deferred(now.Add(-ages[i]), fmt.Sprintf("A%d", i), "a@docomo.ne.jp"))
	}
	s := c.Snapshot(now)
	want := [NumWindows]int64{Window5m: 2, Window15m: 3, Window1h: 4, Window24h: 6, WindowAll: 7}
	d := domainStats(t, s, "docomo.ne.jp")
	for w := Window5m; w < NumWindows; w++ {
		if got := d.Windows[w].Deferred; got != want[w] {
			t.Errorf("docomo %s Deferred = %d, want %d", w, got, want[w])
		}
		if got := s.Totals[w].Deferred; got != want[w] {
			t.Errorf("totals %s Deferred = %d, want %d", w, got, want[w])
		}
	}

	// An hour later the two newest move from 5m to 1h.
	s = c.Snapshot(now.Add(time.Hour))
	d = domainStats(t, s, "docomo.ne.jp")
	if d.Windows[Window5m].Deferred != 0 || d.Windows[Window1h].Deferred != 0 || d.Windows[Window24h].Deferred != 5 {
		t.Errorf("an hour later: 5m %d, 1h %d, 24h %d; want 0, 0, 5",
			d.Windows[Window5m].Deferred, d.Windows[Window1h].Deferred, d.Windows[Window24h].Deferred)
	}
}

func TestWindowBoundaries(t *testing.T) {
	c := New(Config{})
	now := at(time.Hour + 30*time.Second) // within minute 60
	addAll(c,
		deferred(at(time.Hour), "A1", "a@x.example"),               // the minute of now
		deferred(at(time.Hour-4*time.Minute), "A1", "a@x.example"), // 5th minute back: in 5m
		deferred(at(time.Hour-5*time.Minute), "A1", "a@x.example"), // 6th minute back: not in 5m
		deferred(at(time.Hour+2*time.Minute), "A1", "a@x.example"), // after now: all only
	)
	s := c.Snapshot(now)
	if got := s.Totals[Window5m].Deferred; got != 2 {
		t.Errorf("5m Deferred = %d, want 2", got)
	}
	if got := s.Totals[Window15m].Deferred; got != 3 {
		t.Errorf("15m Deferred = %d, want 3", got)
	}
	if got := s.Totals[WindowAll].Deferred; got != 4 {
		t.Errorf("all Deferred = %d, want 4", got)
	}
}

func TestFailureTrendByMinute(t *testing.T) {
	c := New(Config{})
	now := at(2*time.Hour + 30*time.Second)
	addAll(c,
		deferred(now, "A1", "a@x.example"),
		bounced(now.Add(-time.Second), "A1", "b@x.example"),
		sent(now, "A1", "c@x.example"),
		deferred(now.Add(-10*time.Minute), "A1", "a@x.example"),
		deferred(now.Add(-59*time.Minute), "A1", "a@x.example"),
		deferred(now.Add(-60*time.Minute), "A1", "a@x.example"),
	)
	trend := pageTrend(t, c, now, Window1h, "x.example")
	if trend.Step != time.Minute {
		t.Errorf("1h trend step = %v, want 1m", trend.Step)
	}
	want := map[int]int64{59: 2, 49: 1, 0: 1}
	checkTrend(t, trend.Failures, 60, want)
}

// pageTrend returns the failure trend of domain in the page SnapshotView
// returns for window w, whether the domain is a row of the page or pinned.
func pageTrend(t *testing.T, c *Collector, now time.Time, w Window, domain string) FailureTrend {
	t.Helper()
	_, page := c.SnapshotView(now, DomainView{Window: w, Limit: 20})
	for _, rows := range [][]DomainStats{page.Pinned, page.Rows} {
		for _, d := range rows {
			if d.Domain == domain {
				return d.Trend
			}
		}
	}
	t.Fatalf("%s is not on the page", domain)
	return FailureTrend{}
}

// checkTrend compares a trend with the non-zero steps in want.
func checkTrend(t *testing.T, trend []int64, steps int, want map[int]int64) {
	t.Helper()
	if len(trend) != steps {
		t.Fatalf("trend has %d steps, want %d", len(trend), steps)
	}
	for i, got := range trend {
		if got != want[i] {
			t.Errorf("trend[%d] = %d, want %d", i, got, want[i])
		}
	}
}

func TestFailureTrendByHour(t *testing.T) {
	c := New(Config{})
	now := at(48*time.Hour + 30*time.Minute) // half past the hour
	addAll(c,
		deferred(now.Add(-time.Minute), "A1", "a@x.example"),                 // this hour
		bounced(now.Add(-20*time.Minute), "A2", "b@x.example"),               // this hour
		deferred(now.Add(-40*time.Minute), "A3", "a@x.example"),              // the hour before
		deferred(now.Add(-5*time.Hour), "A4", "a@x.example"),                 // five hours before
		sent(now.Add(-5*time.Hour), "A4", "c@x.example"),                     // not a failure
		deferred(now.Add(-23*time.Hour-20*time.Minute), "A5", "a@x.example"), // its hour began 23 hours before this one
		deferred(now.Add(-23*time.Hour-40*time.Minute), "A6", "a@x.example"), // 24 hours before: outside
	)
	for _, w := range []Window{Window24h, WindowAll} {
		trend := pageTrend(t, c, now, w, "x.example")
		if trend.Step != time.Hour {
			t.Errorf("%s trend step = %v, want 1h", w, trend.Step)
		}
		checkTrend(t, trend.Failures, 24, map[int]int64{23: 2, 22: 1, 18: 1, 0: 1})
	}
}

// TestFailureTrendOfOldLog checks that a log that ended 90 minutes before
// now has an hourly trend in the 24h and all windows, and an empty one in
// the windows up to an hour.
func TestFailureTrendOfOldLog(t *testing.T) {
	c := New(Config{})
	end := at(10 * time.Hour)
	addAll(c,
		deferred(end.Add(-3*time.Hour), "A1", "a@x.example"),
		deferred(end, "A2", "a@x.example"),
	)
	now := end.Add(90 * time.Minute)
	for _, w := range []Window{Window5m, Window15m, Window1h} {
		trend := pageTrend(t, c, now, w, "x.example")
		checkTrend(t, trend.Failures, 60, nil)
	}
	for _, w := range []Window{Window24h, WindowAll} {
		trend := pageTrend(t, c, now, w, "x.example")
		checkTrend(t, trend.Failures, 24, map[int]int64{22: 1, 19: 1})
	}
}

// TestFailureTrendOnlyOnPage checks that SnapshotView computes a trend for
// the pinned domains and the page's rows only, and Snapshot for none.
func TestFailureTrendOnlyOnPage(t *testing.T) {
	c := New(Config{})
	now := at(2 * time.Hour)
	for i, domain := range []string{"a.example", "b.example", "c.example", "pinned.example"} {
		for range 4 - i {
			addAll(c, deferred(now, fmt.Sprintf("B%d", i), "x@"+domain))
		}
	}
	s, page := c.SnapshotView(now, DomainView{
		Window: Window1h, Pinned: []string{"pinned.example"}, Limit: 1, Extra: []string{"c.example"},
	})
	withTrend := map[string]bool{}
	for _, d := range s.Domains {
		withTrend[d.Domain] = d.Trend.Step != 0
	}
	want := map[string]bool{"a.example": true, "pinned.example": true, "c.example": false}
	for domain, trend := range want {
		if got, ok := withTrend[domain]; !ok || got != trend {
			t.Errorf("%s in snapshot %v, with trend %v; want with trend %v", domain, ok, got, trend)
		}
	}
	if len(page.Rows) != 1 || len(page.Rows[0].Trend.Failures) != 60 {
		t.Errorf("page rows %d, want 1 with a 60-minute trend", len(page.Rows))
	}
	for _, d := range c.Snapshot(now).Domains {
		if d.Trend.Step != 0 || d.Trend.Failures != nil {
			t.Errorf("Snapshot gave %s a trend %v", d.Domain, d.Trend)
		}
	}
}

func TestRingWrap(t *testing.T) {
	c := New(Config{})
	// One deferral a minute for two days.
	const minutes = 2 * minutesKept
	for i := range minutes {
		addAll(c, deferred(at(time.Duration(i)*time.Minute), "A1", "a@x.example"))
	}
	now := at((minutes - 1) * time.Minute)
	s := c.Snapshot(now)
	d := domainStats(t, s, "x.example")
	if got := d.Windows[Window24h].Deferred; got != minutesKept {
		t.Errorf("24h Deferred = %d, want %d", got, minutesKept)
	}
	if got := d.Windows[Window1h].Deferred; got != 60 {
		t.Errorf("1h Deferred = %d, want 60", got)
	}
	if got := d.Windows[WindowAll].Deferred; got != minutes {
		t.Errorf("all Deferred = %d, want %d", got, minutes)
	}
	for name, sr := range map[string]*series{"domain": &c.domains["x.example"].series, "totals": &c.totals.series} {
		if n := len(sr.minutes()); n > minutesFine {
			t.Errorf("%s keeps %d minute buckets, want at most %d", name, n, minutesFine)
		}
		if n := len(sr.hourly()); n > minutesKept/60+1 {
			t.Errorf("%s keeps %d hour buckets, want at most %d", name, n, minutesKept/60+1)
		}
	}

	// A line from more than a day before the newest counts in WindowAll only.
	addAll(c, deferred(at(time.Minute), "A1", "a@x.example"))
	s = c.Snapshot(now)
	d = domainStats(t, s, "x.example")
	if got := d.Windows[Window24h].Deferred; got != minutesKept {
		t.Errorf("24h Deferred after an old line = %d, want %d", got, minutesKept)
	}
	if got := d.Windows[WindowAll].Deferred; got != minutes+1 {
		t.Errorf("all Deferred after an old line = %d, want %d", got, minutes+1)
	}
}

func TestIdleDomainBucketsPruned(t *testing.T) {
	c := New(Config{})
	addAll(c, deferred(at(0), "A1", "a@idle.example"))
	for i := range 30 {
		addAll(c, sent(at(time.Duration(i)*time.Hour), "B1", "a@busy.example"))
	}
	if sr := &c.domains["idle.example"].series; len(sr.minutes())+len(sr.hourly()) != 0 {
		t.Errorf("idle domain keeps %d minute and %d hour buckets a day later, want none", len(sr.minutes()), len(sr.hourly()))
	}
	d := domainStats(t, c.Snapshot(at(29*time.Hour)), "idle.example")
	if d.Windows[WindowAll].Deferred != 1 || d.Windows[Window24h].Deferred != 0 {
		t.Errorf("idle domain all %d, 24h %d; want 1 and 0", d.Windows[WindowAll].Deferred, d.Windows[Window24h].Deferred)
	}
}

// TestHourBuckets checks that events older than an hour count in the 24h
// window by the hour they fell in, while the shorter windows stay exact.
func TestHourBuckets(t *testing.T) {
	c := New(Config{})
	now := at(48*time.Hour + 30*time.Minute)
	for _, age := range []time.Duration{
		59 * time.Minute,              // 1h
		61 * time.Minute,              // 24h: its hour began 1h30m ago
		23*time.Hour + 20*time.Minute, // 24h: its hour began 23h30m ago
		23*time.Hour + 50*time.Minute, // all only: its hour began 24h30m ago
		25 * time.Hour,                // all only
	} {
		addAll(c, deferred(now.Add(-age), "A1", "a@x.example"))
	}
	addAll(c, sent(now, "B1", "b@busy.example")) // moves the log clock to now
	d := domainStats(t, c.Snapshot(now), "x.example")
	want := [NumWindows]int64{Window5m: 0, Window15m: 0, Window1h: 1, Window24h: 3, WindowAll: 5}
	for w := Window5m; w < NumWindows; w++ {
		if got := d.Windows[w].Deferred; got != want[w] {
			t.Errorf("%s Deferred = %d, want %d", w, got, want[w])
		}
	}
	sr := &c.domains["x.example"].series
	sr.prune(c.newest)
	if len(sr.minutes()) != 1 {
		t.Errorf("series keeps %d minute buckets, want 1", len(sr.minutes()))
	}
	if len(sr.hourly()) != 2 {
		t.Errorf("series keeps %d hour buckets, want 2", len(sr.hourly()))
	}
}

func TestOutOfOrderLines(t *testing.T) {
	c := New(Config{})
	base := at(time.Hour)
	addAll(c,
		deferred(base.Add(61*time.Second), "A1", "a@x.example"),  // minute 61
		deferred(base.Add(59*time.Second), "A1", "a@x.example"),  // minute 60, read late
		deferred(base.Add(125*time.Second), "A1", "a@x.example"), // minute 62
		deferred(base.Add(58*time.Second), "A1", "a@x.example"),  // minute 60 again
		deferred(base.Add(-2*time.Second), "A1", "a@x.example"),  // minute 59
	)
	buckets := c.domains["x.example"].series.minutes()
	for i := 1; i < len(buckets); i++ {
		if buckets[i-1].minute >= buckets[i].minute {
			t.Fatalf("buckets not sorted by minute: %v then %v", buckets[i-1].minute, buckets[i].minute)
		}
	}
	d := domainStats(t, c.Snapshot(base.Add(125*time.Second)), "x.example")
	trend := pageTrend(t, c, base.Add(125*time.Second), Window5m, "x.example")
	checkTrend(t, trend.Failures, 60, map[int]int64{59: 1, 58: 1, 57: 2, 56: 1})
	if d.Windows[Window5m].Deferred != 5 {
		t.Errorf("5m Deferred = %d, want 5", d.Windows[Window5m].Deferred)
	}
}

func TestConcurrentAddAndSnapshot(t *testing.T) {
	c := New(Config{MaxMessages: 200, MaxFailures: 50})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 3000 {
			id := fmt.Sprintf("Q%04X", i%500)
			ts := at(time.Duration(i) * time.Second)
			addAll(c,
				queued(ts, id, "shop@shop.example", 2),
				deferred(ts, id, fmt.Sprintf("u%d@d%d.example", i, i%7)),
				sent(ts, id, "ok@docomo.ne.jp"),
			)
			if i%5 == 0 {
				addAll(c, expired(ts, id, parsers.StatusExpired), removed(ts, id))
			}
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				s := c.Snapshot(at(time.Duration(i) * 10 * time.Second))
				for _, d := range s.Domains {
					_ = d.Windows[Window5m].Attempts
				}
				_ = c.DomainMessages("d1.example", 10)
				_, _ = c.Message("Q0001")
				_ = c.Lines()
			}
		}()
	}
	wg.Wait()

	s := c.Snapshot(at(time.Hour))
	if got := s.Totals[WindowAll].Attempts; got != 6000 {
		t.Errorf("Attempts = %d, want 6000", got)
	}
	if got := c.Lines().Read; got != 3000*3+600*2 {
		t.Errorf("Lines.Read = %d, want %d", got, 3000*3+600*2)
	}
}

// Lines before Config.BucketsFrom count since the start but make no
// buckets. Snapshots taken at or after the time the bound was set from
// count every window as a collector without the bound does.
func TestBucketsFrom(t *testing.T) {
	opened := at(48 * time.Hour)
	bounded := New(Config{BucketsFrom: opened.Add(-25 * time.Hour)})
	full := New(Config{})
	ages := []time.Duration{30 * time.Hour, 26 * time.Hour, 24*time.Hour + 59*time.Minute, 23 * time.Hour, 10 * time.Minute}
	for i, age := range ages {
		id := fmt.Sprintf("B%d", i)
		addAll(bounded, queued(opened.Add(-age), id, "shop@example.com", 1), deferred(opened.Add(-age), id, "a@docomo.ne.jp"))
		addAll(full, queued(opened.Add(-age), id, "shop@example.com", 1), deferred(opened.Add(-age), id, "a@docomo.ne.jp"))
	}
	d := bounded.domains["docomo.ne.jp"]
	for _, b := range append(append([]bucket(nil), d.series.minutes()...), d.series.hourly()...) {
		if b.minute < unixMinute(opened.Add(-25*time.Hour)) {
			t.Errorf("a bucket at minute %d, before BucketsFrom", b.minute)
		}
	}
	for _, now := range []time.Time{opened, opened.Add(30 * time.Minute), opened.Add(3 * time.Hour)} {
		got, want := bounded.Snapshot(now), full.Snapshot(now)
		if got.Totals != want.Totals {
			t.Errorf("at %v: totals\n%+v\nwant\n%+v", now, got.Totals, want.Totals)
		}
		for _, p := range []string{"docomo.ne.jp"} {
			g, w := bounded.Paths(p, Window24h, now), full.Paths(p, Window24h, now)
			if len(g) != len(w) || (len(g) > 0 && g[0].Counts != w[0].Counts) {
				t.Errorf("at %v: paths %+v, want %+v", now, g, w)
			}
		}
	}
	if got := bounded.Snapshot(opened).Totals[WindowAll].Deferred; got != int64(len(ages)) {
		t.Errorf("WindowAll counted %d deferrals, want %d", got, len(ages))
	}
}

// TestSweepPrunesQuietDomainPaths checks that the sweep, which skips the
// domains with nothing to fold or drop, still frees the buckets of a
// domain and of its paths a day after the domain went quiet.
func TestSweepPrunesQuietDomainPaths(t *testing.T) {
	c := New(Config{})
	addAll(c,
		pickup(at(0), "A1", "app@one.example", ""),
		deferred(at(time.Second), "A1", "a@quiet.example"),
		pickup(at(0), "B1", "app@two.example", ""),
		deferred(at(time.Second), "B1", "b@quiet.example"),
	)
	for i := range 40 {
		addAll(c, sent(at(time.Duration(i)*time.Hour), "C1", "c@busy.example"))
	}
	d := c.domains["quiet.example"]
	if n := len(d.paths.list); n != 2 {
		t.Fatalf("quiet.example has %d paths, want 2", n)
	}
	if d.series.lists != nil {
		t.Errorf("quiet.example keeps %d minute and %d hour buckets", len(d.series.minutes()), len(d.series.hourly()))
	}
	for i, p := range d.paths.list {
		if p.counts.series.lists != nil {
			t.Errorf("path %d keeps %d minute and %d hour buckets", i, len(p.counts.series.minutes()), len(p.counts.series.hourly()))
		}
	}
	got := c.Paths("quiet.example", WindowAll, at(39*time.Hour))
	if len(got) != 2 || got[0].Counts.Deferred != 1 || got[1].Counts.Deferred != 1 {
		t.Errorf("quiet.example paths since the start = %+v, want two with one deferral each", got)
	}
}

// A bucket list grows by one bucket, and shrink copies a list pruned to
// half of its room or less to one of its length, with its counts intact.
func TestBucketListRoom(t *testing.T) {
	var s series
	for minute := int64(1000); minute < 1010; minute++ {
		s.at(minute, 1009).apply(&outcome{status: parsers.StatusDeferred, class: diagnose.Greylisted})
		if got, want := cap(s.minutes()), len(s.minutes()); got != want {
			t.Fatalf("after minute %d: room for %d buckets, want %d", minute, got, want)
		}
	}
	before := s.window(1009, Window24h)

	// Seven of the ten minutes pass the hour: they fold into one hour
	// bucket and leave three.
	s.prune(1009 + minutesFine - 3)
	if n := len(s.minutes()); n != 3 {
		t.Fatalf("%d minute buckets left, want 3", n)
	}
	s.shrink()
	if got := cap(s.minutes()); got >= 6 {
		t.Errorf("room for %d minute buckets after shrink, want fewer than 6", got)
	}
	if got := s.window(1009, Window24h); got != before {
		t.Errorf("24h window after the fold = %+v, want %+v", got, before)
	}
}
