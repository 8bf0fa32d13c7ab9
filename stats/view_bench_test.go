package stats

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// scaleDomains is the number of recipient domains of the scale benchmarks.
const scaleDomains = 100000

// scaleCollector returns a collector that counted perDomain delivery lines
// for each of domains domains, spread evenly over the day before the
// returned time: mostly sent, every fifth deferred and every eleventh
// bounced, one message per line.
func scaleCollector(domains, perDomain int) (*Collector, time.Time) {
	c := New(Config{DiscardLines: true})
	total := domains * perDomain
	step := 24 * time.Hour / time.Duration(total)
	var ev *parsers.Event
	for i := range total {
		ts := at(time.Duration(i) * step)
		id := fmt.Sprintf("%X", 0x100000+i)
		to := fmt.Sprintf("user%d@d%06d.example", i/domains, i%domains)
		switch {
		case i%11 == 0:
			ev = bounced(ts, id, to)
		case i%5 == 0:
			ev = deferred(ts, id, to)
		default:
			ev = sent(ts, id, to)
		}
		c.Add(ev, nil)
	}
	return c, at(24 * time.Hour)
}

var (
	scaleOnce sync.Once
	scaleColl *Collector
	scaleNow  time.Time
)

// sharedScaleCollector builds the 100,000-domain collector once for all
// benchmarks of a run; they only read it.
func sharedScaleCollector() (*Collector, time.Time) {
	scaleOnce.Do(func() {
		scaleColl, scaleNow = scaleCollector(scaleDomains, 5)
	})
	return scaleColl, scaleNow
}

// BenchmarkSnapshot100kDomains takes the full snapshot, every domain
// copied and sorted, of 100,000 domains.
func BenchmarkSnapshot100kDomains(b *testing.B) {
	c, now := sharedScaleCollector()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.Snapshot(now)
	}
}

// BenchmarkSnapshotView100kDomains takes what one screen of the domain
// table needs from 100,000 domains: the default carriers pinned and a
// page of 60 rows, in each window and in a few orders.
func BenchmarkSnapshotView100kDomains(b *testing.B) {
	c, now := sharedScaleCollector()
	pinned := []string{"docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp", "rakumail.jp"}
	cases := []struct {
		name string
		view DomainView
	}{
		{"1h-failures", DomainView{Window: Window1h}},
		{"5m-failures", DomainView{Window: Window5m}},
		{"24h-failures", DomainView{Window: Window24h}},
		{"all-failures", DomainView{Window: WindowAll}},
		{"all-domain", DomainView{Window: WindowAll, Sort: SortDomain}},
		{"1h-pending", DomainView{Window: Window1h, Sort: SortPending}},
		{"1h-filter", DomainView{Window: Window1h, Filter: "d0123"}},
		{"1h-page-500", DomainView{Window: Window1h, Offset: 500}},
	}
	for _, tc := range cases {
		tc.view.Pinned = pinned
		tc.view.Limit = 60
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.SnapshotView(now, tc.view)
			}
		})
	}
}

// BenchmarkViewLocked100kDomains measures the two stretches of SnapshotView
// that hold the collector's lock, the time a snapshot stalls the pipeline.
func BenchmarkViewLocked100kDomains(b *testing.B) {
	c, now := sharedScaleCollector()
	nowMinute := unixMinute(now)
	v := DomainView{Window: Window1h, Limit: 60}
	b.Run("sort-values", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.sortValues(nowMinute, v)
		}
	})
	names := make([]string, 60)
	for i := range names {
		names[i] = fmt.Sprintf("d%06d.example", i*1000)
	}
	b.Run("copy-page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.snapshotOf(now, nowMinute, names, len(names), v.Window)
		}
	})
}
