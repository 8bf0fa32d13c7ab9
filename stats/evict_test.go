package stats

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

func TestEvictOldestFinishedFirst(t *testing.T) {
	c := New(Config{MaxMessages: 10})
	// Five live messages first, then twenty that finish.
	for i := range 5 {
		id := fmt.Sprintf("LIVE%d", i)
		addAll(c, queued(at(time.Duration(i)*time.Second), id, "shop@shop.example", 1),
			deferred(at(time.Duration(i)*time.Second), id, "a@docomo.ne.jp"))
	}
	for i := range 20 {
		id := fmt.Sprintf("DONE%02d", i)
		ts := at(time.Minute + time.Duration(i)*time.Second)
		addAll(c, queued(ts, id, "shop@shop.example", 1), sent(ts, id, "b@gmail.com"), removed(ts, id))
	}
	if n := c.trackedCount(); n != 10 {
		t.Errorf("tracked = %d, want 10", n)
	}
	for i := range 5 {
		if _, ok := c.Message(fmt.Sprintf("LIVE%d", i)); !ok {
			t.Errorf("live message LIVE%d was evicted before finished ones", i)
		}
	}
	for i := range 15 {
		if _, ok := c.Message(fmt.Sprintf("DONE%02d", i)); ok {
			t.Errorf("old finished message DONE%02d kept", i)
		}
	}
	for i := 15; i < 20; i++ {
		if _, ok := c.Message(fmt.Sprintf("DONE%02d", i)); !ok {
			t.Errorf("newest finished message DONE%02d evicted", i)
		}
	}
	if got := c.Snapshot(at(time.Hour)).Totals[WindowAll].Attempts; got != 25 {
		t.Errorf("Attempts = %d, want 25: eviction must not change counts", got)
	}
}

func TestEvictOldestLive(t *testing.T) {
	c := New(Config{MaxMessages: 10})
	for i := range 30 {
		id := fmt.Sprintf("LIVE%02d", i)
		addAll(c, queued(at(time.Duration(i)*time.Second), id, "shop@shop.example", 1),
			deferred(at(time.Duration(i)*time.Second), id, "a@docomo.ne.jp"))
	}
	if n := len(c.live); n != 10 {
		t.Errorf("live = %d, want 10", n)
	}
	if _, ok := c.Message("LIVE19"); ok {
		t.Error("LIVE19 kept; the oldest live messages should go first")
	}
	if _, ok := c.Message("LIVE20"); !ok {
		t.Error("LIVE20 evicted")
	}
	if p := domainStats(t, c.Snapshot(at(time.Minute)), "docomo.ne.jp").Pending; p != 10 {
		t.Errorf("Pending = %d, want 10 (the tracked messages)", p)
	}
	if n := len(c.liveOrder) - c.liveHead; n > 2*len(c.live)+64 {
		t.Errorf("live order keeps %d entries for %d live messages", n, len(c.live))
	}
}

func TestLiveOrderCompaction(t *testing.T) {
	c := New(Config{})
	addAll(c, queued(at(0), "HELD", "shop@shop.example", 1), postsuper(parsers.KindHeld, at(0), "HELD"))
	for i := range 5000 {
		id := fmt.Sprintf("M%04d", i)
		addAll(c, queued(at(time.Second), id, "shop@shop.example", 1), removed(at(time.Second), id))
	}
	if n := len(c.liveOrder) - c.liveHead; n > 2*len(c.live)+64+1 {
		t.Errorf("live order keeps %d entries for %d live messages", n, len(c.live))
	}
}

func TestFinishedRetention(t *testing.T) {
	c := New(Config{FinishedRetention: time.Hour})
	addAll(c, queued(at(0), "OLD", "shop@shop.example", 1), sent(at(0), "OLD", "a@gmail.com"), removed(at(0), "OLD"))
	addAll(c, sent(at(59*time.Minute), "X1", "a@gmail.com"))
	if _, ok := c.Message("OLD"); !ok {
		t.Fatal("finished message dropped before its retention ended")
	}
	addAll(c, sent(at(61*time.Minute), "X1", "a@gmail.com"))
	if _, ok := c.Message("OLD"); ok {
		t.Error("finished message kept past its retention")
	}
	if n := len(c.DomainMessages("gmail.com", 0)); n != 1 {
		t.Errorf("DomainMessages lists %d entries, want the one recipient of X1", n)
	}
}

func TestAbandonedMessages(t *testing.T) {
	c := New(Config{AbandonedAfter: 10 * time.Minute})
	hold := event(parsers.KindReject, at(0), "HELD", "cleanup")
	hold.Action, hold.Stage = []byte("hold"), []byte("header")
	addAll(c,
		client(at(0), "CLIENTONLY"),
		client(at(0), "WITHID"),
		messageID(at(0), "WITHID", "<x@shop.example>"),
		client(at(0), "HELD"), hold,
		client(at(0), "QUEUED"),
		queued(at(0), "QUEUED", "shop@shop.example", 1),
		client(at(5*time.Minute), "RECENT"),
	)
	addAll(c, sent(at(11*time.Minute), "OTHER", "a@gmail.com"))
	for id, want := range map[string]bool{
		"CLIENTONLY": false, "WITHID": false, "HELD": true, "QUEUED": true, "RECENT": true,
	} {
		if _, ok := c.Message(id); ok != want {
			t.Errorf("Message(%s) found = %v, want %v", id, ok, want)
		}
	}
}

func TestPerMessageBounds(t *testing.T) {
	c := New(Config{MaxLinesPerMessage: 6, MaxAttemptsPerRecipient: 4, MaxRecipientsPerMessage: 3, MaxLineBytes: 40})
	for i := range 10 {
		addAll(c, deferred(at(time.Duration(i)*time.Minute), "A1", "a@docomo.ne.jp"))
	}
	for i := range 5 {
		addAll(c, sent(at(time.Hour), "A1", fmt.Sprintf("r%d@gmail.com", i)))
	}
	m, _ := c.Message("A1")

	if len(m.Lines) != 6 || m.LinesDropped != 9 {
		t.Errorf("Lines = %d, LinesDropped = %d; want 6 and 9", len(m.Lines), m.LinesDropped)
	}
	if !strings.HasPrefix(m.Lines[0], "Dec  4 10:00:00") {
		t.Errorf("first line not kept: %q", m.Lines[0])
	}
	for _, l := range m.Lines {
		if len(l) > 40 {
			t.Errorf("line of %d bytes kept, want at most 40: %q", len(l), l)
		}
	}

	r := m.Recipients[0]
	if len(r.Attempts) != 4 || r.AttemptsDropped != 6 {
		t.Errorf("Attempts = %d, AttemptsDropped = %d; want 4 and 6", len(r.Attempts), r.AttemptsDropped)
	}
	if !r.Attempts[0].Time.Equal(at(0)) || !r.Attempts[3].Time.Equal(at(9*time.Minute)) {
		t.Errorf("attempts kept from %v to %v, want the first and the latest", r.Attempts[0].Time, r.Attempts[3].Time)
	}
	if len(m.Recipients) != 3 || m.RecipientsDropped != 3 {
		t.Errorf("Recipients = %d, RecipientsDropped = %d; want 3 and 3", len(m.Recipients), m.RecipientsDropped)
	}
	if got := c.Snapshot(at(time.Hour)).Totals[WindowAll].Attempts; got != 15 {
		t.Errorf("Attempts = %d, want 15: bounds must not change counts", got)
	}
}

func TestLineCutAtRuneBoundary(t *testing.T) {
	c := New(Config{MaxLineBytes: 10})
	ev := sent(at(0), "A1", "a@docomo.ne.jp")
	c.Add(ev, []byte("日本語のログ行です\n")) // 3 bytes a rune
	m, _ := c.Message("A1")
	if m.Lines[0] != "日本語" {
		t.Errorf("line = %q, want %q", m.Lines[0], "日本語")
	}
}

func TestFailureFeedBound(t *testing.T) {
	c := New(Config{MaxFailures: 5})
	for i := range 12 {
		addAll(c, deferred(at(time.Duration(i)*time.Second), fmt.Sprintf("A%02d", i), "a@docomo.ne.jp"))
	}
	f := c.Snapshot(at(time.Minute)).Failures
	if len(f) != 5 {
		t.Fatalf("len(Failures) = %d, want 5", len(f))
	}
	for i, want := range []string{"A11", "A10", "A09", "A08", "A07"} {
		if f[i].QueueID != want {
			t.Errorf("Failures[%d].QueueID = %s, want %s", i, f[i].QueueID, want)
		}
	}
}

func TestDomainBound(t *testing.T) {
	c := New(Config{MaxDomains: 4})
	var evs []*parsers.Event
	// Three busy domains and a carrier seen once, then new rare domains.
	for range 3 {
		evs = append(evs, sent(at(0), "A1", "a@busy.example"), deferred(at(0), "A1", "b@busy.example"))
	}
	evs = append(evs,
		sent(at(0), "A2", "a@two.example"), sent(at(0), "A2", "b@two.example"),
		deferred(at(0), "A3", "a@docomo.ne.jp"),
		deferred(at(time.Second), "A4", "a@rare1.example"),  // the fourth domain: still within the bound
		bounced(at(2*time.Second), "A5", "a@rare2.example"), // past the bound: rare1 is folded
		expired(at(3*time.Second), "A4", parsers.StatusExpired),
	)
	addAll(c, evs...)

	s := c.Snapshot(at(time.Minute))
	names := domainNames(s)
	for _, want := range []string{"busy.example", "two.example", "docomo.ne.jp", "rare2.example", OverflowDomain} {
		if !slices.Contains(names, want) {
			t.Errorf("domains = %v, want %s among them", names, want)
		}
	}
	if slices.Contains(names, "rare1.example") {
		t.Errorf("domains = %v: rare1.example, the rarest, was not folded", names)
	}
	if len(c.domains) > 4 {
		t.Errorf("%d domains counted apart, want at most 4", len(c.domains))
	}
	other := domainStats(t, s, OverflowDomain).Windows[WindowAll]
	if other.Deferred != 1 || other.Expired != 1 {
		t.Errorf("%s counts = %+v, want rare1's deferral and expiry", OverflowDomain, other)
	}

	// Folding loses no count.
	var sum Counts
	for _, d := range s.Domains {
		sum.add(&d.Windows[WindowAll])
	}
	total := s.Totals[WindowAll]
	if sum.Attempts != total.Attempts {
		t.Errorf("domains add up to %d attempts, the totals have %d", sum.Attempts, total.Attempts)
	}
	if sum.Failures() != total.Failures() {
		t.Errorf("domains add up to %d failures, the totals have %d", sum.Failures(), total.Failures())
	}
	if n := len(c.DomainMessages(OverflowDomain, 0)); n != 1 {
		t.Errorf("DomainMessages(%s) lists %d entries, want rare1's one", OverflowDomain, n)
	}
	m, _ := c.Message("A4")
	if m.Recipients[0].Domain != "rare1.example" {
		t.Errorf("folded recipient Domain = %q, want its own name", m.Recipients[0].Domain)
	}
}

// TestDomainBoundKeepsCarriers fills the bound with carrier domains: none
// can be folded, so new domains go to the overflow.
func TestDomainBoundKeepsCarriers(t *testing.T) {
	c := New(Config{MaxDomains: 2})
	addAll(c,
		deferred(at(0), "A1", "a@docomo.ne.jp"),
		deferred(at(0), "A1", "a@ezweb.ne.jp"),
		deferred(at(0), "A1", "a@new.example"),
	)
	names := domainNames(c.Snapshot(at(time.Minute)))
	if !slices.Contains(names, "docomo.ne.jp") || !slices.Contains(names, "ezweb.ne.jp") || !slices.Contains(names, OverflowDomain) {
		t.Errorf("domains = %v, want both carriers and %s", names, OverflowDomain)
	}
}

// TestFoldManyDomains reads more domains than the bound several times
// over: the rarest go, the busiest stay, and the counts add up.
func TestFoldManyDomains(t *testing.T) {
	c := New(Config{MaxDomains: 100})
	var evs []*parsers.Event
	for i := range 1000 {
		to := fmt.Sprintf("a@d%04d.example", i)
		n := 1
		if i%50 == 0 {
			n = 20 // a busy domain every fifty
		}
		for range n {
			evs = append(evs, deferred(at(time.Duration(i)*time.Second), "A1", to))
		}
	}
	addAll(c, evs...)
	s := c.Snapshot(at(time.Hour))
	if len(c.domains) > 100 {
		t.Fatalf("%d domains counted apart, want at most 100", len(c.domains))
	}
	names := domainNames(s)
	for i := 0; i < 1000; i += 50 {
		if name := fmt.Sprintf("d%04d.example", i); !slices.Contains(names, name) {
			t.Errorf("busy domain %s was folded", name)
		}
	}
	var deferredSum int64
	for _, d := range s.Domains {
		deferredSum += d.Windows[WindowAll].Deferred
	}
	if want := int64(980 + 20*20); deferredSum != want || s.Totals[WindowAll].Deferred != want {
		t.Errorf("deferrals: domains add up to %d, totals %d, want %d", deferredSum, s.Totals[WindowAll].Deferred, want)
	}
}

func TestDaemonKeyBound(t *testing.T) {
	c := New(Config{})
	for i := range maxDaemonKeys + 10 {
		c.Add(&parsers.Event{Kind: parsers.KindUnrecognized, Program: []byte("x"), Daemon: fmt.Appendf(nil, "d%d", i)}, nil)
	}
	lc := c.Lines()
	if len(lc.ByDaemon) > maxDaemonKeys+1 {
		t.Errorf("ByDaemon has %d keys, want at most %d", len(lc.ByDaemon), maxDaemonKeys+1)
	}
	if lc.ByDaemon[OverflowDomain] != 10 {
		t.Errorf("ByDaemon[%s] = %d, want 10", OverflowDomain, lc.ByDaemon[OverflowDomain])
	}
}

func TestDefaultConfig(t *testing.T) {
	def := DefaultConfig()
	if def.MaxDomains <= 100000 {
		t.Errorf("MaxDomains = %d, want well above 100000", def.MaxDomains)
	}
	got := Config{MaxMessages: -1}.withDefaults()
	if got != def {
		t.Errorf("withDefaults = %+v, want %+v", got, def)
	}
	custom := Config{MaxMessages: 7}.withDefaults()
	if custom.MaxMessages != 7 || custom.MaxFailures != def.MaxFailures {
		t.Errorf("withDefaults changed a set field or missed a default: %+v", custom)
	}
}

// TestUnqueuedBoundedWithoutSweep reads many messages logged in the same
// minute, so no sweep runs: the candidates for abandonment must not keep
// every message ever created.
func TestUnqueuedBoundedWithoutSweep(t *testing.T) {
	c := New(Config{})
	for i := range 10000 {
		id := fmt.Sprintf("%X", 0x100000+i)
		addAll(c,
			client(at(time.Second), id),
			queued(at(time.Second), id, "shop@shop.example", 1),
			sent(at(time.Second), id, "a@gmail.com"),
			removed(at(time.Second), id),
		)
	}
	if n, limit := len(c.unqueued), 2*len(c.live)+64; n > limit {
		t.Errorf("%d candidates for abandonment kept, want at most %d", n, limit)
	}
}

// A folded domain's cached relay carrier goes with it, so that the cache
// keeps no domain state the collector dropped.
func TestFoldDropsRelayCarrier(t *testing.T) {
	c := New(Config{MaxDomains: 1})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		deferred(at(time.Second), "A1", "a@first.example"),
	)
	first := c.domains["first.example"]
	if _, ok := c.relayCarriers[first]; !ok {
		t.Fatal("no relay carrier cached for first.example")
	}
	addAll(c,
		queued(at(0), "B1", "shop@shop.example", 1),
		deferred(at(2*time.Second), "B1", "b@second.example"),
	)
	if _, ok := c.relayCarriers[first]; ok {
		t.Error("the relay carrier of folded first.example is still cached")
	}
	if _, ok := c.relayCarriers[c.domains["second.example"]]; !ok {
		t.Error("no relay carrier cached for second.example")
	}
}
