package stats

import (
	"slices"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// maildropCollector returns a collector whose log has one deferred
// docomo.ne.jp recipient still queued (A1, arrived at 20 minutes) and one
// requeued with postsuper -r (A2), whose file waits in the maildrop queue.
func maildropCollector(t *testing.T) *Collector {
	t.Helper()
	c := New(Config{})
	addAll(c,
		queued(at(20*time.Minute), "A1", "shop@shop.example", 1),
		deferred(at(20*time.Minute), "A1", "a@docomo.ne.jp"),
		queued(at(20*time.Minute), "A2", "shop@shop.example", 1),
		deferred(at(20*time.Minute), "A2", "b@docomo.ne.jp"),
		postsuper(parsers.KindRequeued, at(25*time.Minute), "A2"),
	)
	return c
}

func TestMaildropCountsAsPending(t *testing.T) {
	c := maildropCollector(t)
	if got := domainStats(t, c.Snapshot(at(30*time.Minute)), "docomo.ne.jp").Pending; got != 1 {
		t.Fatalf("docomo Pending before the maildrop queue is read = %d, want 1", got)
	}

	c.SetMaildrop([]MaildropRecipient{
		{Address: "b@docomo.ne.jp", Arrival: t0},
		{Address: "C@DOCOMO.NE.JP", Arrival: at(28 * time.Minute)},
		{Address: "x@ezweb.ne.jp"},
	})
	s := c.Snapshot(at(30 * time.Minute))
	docomo := domainStats(t, s, "docomo.ne.jp")
	if docomo.Pending != 3 {
		t.Errorf("docomo Pending = %d, want 1 from the log and 2 from the maildrop queue", docomo.Pending)
	}
	if !docomo.OldestPending.Equal(t0) {
		t.Errorf("docomo OldestPending = %v, want the requeued message's arrival %v", docomo.OldestPending, t0)
	}
	ezweb := domainStats(t, s, "ezweb.ne.jp")
	if ezweb.Pending != 1 {
		t.Errorf("ezweb Pending = %d, want 1 for a domain only the maildrop queue names", ezweb.Pending)
	}
	if !ezweb.OldestPending.IsZero() {
		t.Errorf("ezweb OldestPending = %v, want zero for a file without an arrival time", ezweb.OldestPending)
	}

	// Pickup took the messages.
	c.SetMaildrop(nil)
	s = c.Snapshot(at(31 * time.Minute))
	if got := domainStats(t, s, "docomo.ne.jp").Pending; got != 1 {
		t.Errorf("docomo Pending after pickup = %d, want 1", got)
	}
	if got := domainStats(t, s, "ezweb.ne.jp").Pending; got != 0 {
		t.Errorf("ezweb Pending after pickup = %d, want 0", got)
	}
}

func TestSnapshotViewSortsMaildropPending(t *testing.T) {
	c := maildropCollector(t)
	c.SetMaildrop([]MaildropRecipient{
		{Address: "x@ezweb.ne.jp", Arrival: t0},
		{Address: "y@ezweb.ne.jp", Arrival: t0},
		{Address: "z@softbank.ne.jp", Arrival: t0},
	})
	now := at(30 * time.Minute)
	_, page := c.SnapshotView(now, DomainView{Window: WindowAll, Sort: SortPending, Limit: 10, Pinned: []string{"softbank.ne.jp"}})
	if got, want := rowNames(page.Rows), []string{"ezweb.ne.jp", "docomo.ne.jp"}; !slices.Equal(got, want) {
		t.Errorf("rows sorted by pending = %v, want %v", got, want)
	}
	if len(page.Rows) > 0 && page.Rows[0].Pending != 2 {
		t.Errorf("ezweb.ne.jp row Pending = %d, want 2", page.Rows[0].Pending)
	}
	if len(page.Pinned) != 1 || page.Pinned[0].Pending != 1 {
		t.Errorf("pinned rows = %+v, want softbank.ne.jp with 1 pending recipient", page.Pinned)
	}
}
