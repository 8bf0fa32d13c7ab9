package stats

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

func TestRequeueLink(t *testing.T) {
	c := New(Config{})
	first := deferred(at(time.Minute), "OLD1", "a@docomo.ne.jp")
	first.Delay = 60
	addAll(c,
		pickup(at(0), "OLD1", "shop@shop.example", ""),
		messageID(at(0), "OLD1", "<m1@shop.example>"),
		queued(at(0), "OLD1", "shop@shop.example", 1),
		first,
		postsuper(parsers.KindRequeued, at(2*time.Minute), "OLD1"),
	)
	if s := c.Snapshot(at(2 * time.Minute)); domainStats(t, s, "docomo.ne.jp").Pending != 0 {
		t.Errorf("requeued message still pending")
	}

	addAll(c,
		pickup(at(3*time.Minute), "NEW1", "shop@shop.example", "OLD1"),
		messageID(at(3*time.Minute), "NEW1", "<m1@shop.example>"),
		queued(at(3*time.Minute), "NEW1", "shop@shop.example", 1),
		deferred(at(3*time.Minute), "NEW1", "a@docomo.ne.jp"),
	)
	old, ok := c.Message("OLD1")
	if !ok {
		t.Fatal("Message(OLD1) not found")
	}
	if old.RequeuedAs != "NEW1" || !old.Requeued || !old.Finished || !old.RequeuedAt.Equal(at(2*time.Minute)) {
		t.Errorf("old message = RequeuedAs %q, Requeued %v, Finished %v, RequeuedAt %v",
			old.RequeuedAs, old.Requeued, old.Finished, old.RequeuedAt)
	}
	if old.Recipients[0].Pending {
		t.Error("recipient of the requeued message is pending")
	}
	nm, ok := c.Message("NEW1")
	if !ok {
		t.Fatal("Message(NEW1) not found")
	}
	if nm.OrigID != "OLD1" || nm.UID != 102 || !nm.Pickup {
		t.Errorf("new message = OrigID %q, UID %d, Pickup %v", nm.OrigID, nm.UID, nm.Pickup)
	}
	if !nm.Arrival.Equal(t0) {
		t.Errorf("new message Arrival = %v, want the original arrival %v", nm.Arrival, t0)
	}

	s := c.Snapshot(at(3 * time.Minute))
	d := domainStats(t, s, "docomo.ne.jp")
	if d.Pending != 1 || !d.OldestPending.Equal(t0) {
		t.Errorf("docomo Pending = %d, OldestPending = %v; want 1 and %v", d.Pending, d.OldestPending, t0)
	}
	if d.Windows[WindowAll].Deferred != 2 {
		t.Errorf("docomo Deferred = %d, want 2", d.Windows[WindowAll].Deferred)
	}
}

func TestRequeueLinkWithoutRequeuedLine(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "OLD1", "shop@shop.example", 1),
		deferred(at(0), "OLD1", "a@docomo.ne.jp"),
		pickup(at(time.Minute), "NEW1", "shop@shop.example", "OLD1"),
	)
	old, _ := c.Message("OLD1")
	if old.RequeuedAs != "NEW1" || !old.Finished {
		t.Errorf("old message RequeuedAs = %q, Finished = %v; want NEW1, true", old.RequeuedAs, old.Finished)
	}
	if s := c.Snapshot(at(time.Minute)); domainStats(t, s, "docomo.ne.jp").Pending != 0 {
		t.Error("old message still pending after the new ID was picked up")
	}
}

func TestRequeueOfUnknownOrigin(t *testing.T) {
	c := New(Config{})
	addAll(c, pickup(at(0), "NEW1", "shop@shop.example", "GONE1"))
	nm, ok := c.Message("NEW1")
	if !ok || nm.OrigID != "GONE1" {
		t.Errorf("Message(NEW1) = %+v, %v; want OrigID GONE1", nm, ok)
	}
	if _, ok := c.Message("GONE1"); ok {
		t.Error("Message(GONE1) exists without any line of its own")
	}
}

func TestNotificationLink(t *testing.T) {
	c := New(Config{})
	addAll(c,
		pickup(at(0), "ORIG", "shop@shop.example", ""),
		queued(at(0), "ORIG", "shop@shop.example", 1),
		bounced(at(0), "ORIG", "gone@docomo.ne.jp"),
		messageID(at(0), "NDR1", "<20261204.NDR1@mx.example.com>"),
		notification(at(0), "ORIG", "NDR1"),
		queued(at(0), "NDR1", "", 1),
		removed(at(0), "ORIG"),
		sent(at(time.Second), "NDR1", "shop@shop.example"),
		removed(at(time.Second), "NDR1"),
	)
	orig, ok := c.Message("ORIG")
	if !ok {
		t.Fatal("Message(ORIG) not found")
	}
	if len(orig.Notifications) != 1 || orig.Notifications[0].QueueID != "NDR1" ||
		orig.Notifications[0].Kind != parsers.NotifySenderNonDelivery {
		t.Errorf("Notifications = %+v, want one sender non-delivery notice NDR1", orig.Notifications)
	}
	if !orig.Removed || !orig.Finished {
		t.Errorf("original Removed = %v, Finished = %v; want both", orig.Removed, orig.Finished)
	}
	ndr, ok := c.Message("NDR1")
	if !ok {
		t.Fatal("Message(NDR1) not found")
	}
	if ndr.NotificationOf != "ORIG" || ndr.NotificationKind != parsers.NotifySenderNonDelivery || !ndr.NullSender() {
		t.Errorf("notice NotificationOf = %q, kind %v, NullSender %v", ndr.NotificationOf, ndr.NotificationKind, ndr.NullSender())
	}
	if ndr.MessageID != "<20261204.NDR1@mx.example.com>" {
		t.Errorf("notice MessageID = %q", ndr.MessageID)
	}
	if len(ndr.Lines) != 5 {
		t.Errorf("notice has %d lines, want 5 (the bounce line included): %q", len(ndr.Lines), ndr.Lines)
	}
}

func TestShortIDReuse(t *testing.T) {
	c := New(Config{})
	addAll(c,
		client(at(0), "ABC123"),
		messageID(at(0), "ABC123", "<first@shop.example>"),
		queued(at(0), "ABC123", "shop@shop.example", 1),
		sent(at(time.Second), "ABC123", "a@docomo.ne.jp"),
		removed(at(time.Second), "ABC123"),
		// A new life under the same queue ID.
		client(at(10*time.Minute), "ABC123"),
		messageID(at(10*time.Minute), "ABC123", "<second@shop.example>"),
		queued(at(10*time.Minute), "ABC123", "other@shop.example", 1),
		deferred(at(10*time.Minute), "ABC123", "b@docomo.ne.jp"),
	)
	m, ok := c.Message("ABC123")
	if !ok {
		t.Fatal("Message(ABC123) not found")
	}
	if m.MessageID != "<second@shop.example>" || m.Finished || !m.FirstSeen.Equal(at(10*time.Minute)) {
		t.Errorf("message = MessageID %q, Finished %v, FirstSeen %v; want the second life",
			m.MessageID, m.Finished, m.FirstSeen)
	}
	if len(m.Recipients) != 1 || m.Recipients[0].Address != "b@docomo.ne.jp" {
		t.Errorf("second life recipients = %+v", m.Recipients)
	}
	s := c.Snapshot(at(10 * time.Minute))
	d := domainStats(t, s, "docomo.ne.jp")
	if d.Windows[WindowAll].Attempts != 2 || d.Pending != 1 {
		t.Errorf("docomo Attempts = %d, Pending = %d; want 2 and 1", d.Windows[WindowAll].Attempts, d.Pending)
	}
	if n := len(c.DomainMessages("docomo.ne.jp", 0)); n != 2 {
		t.Errorf("DomainMessages lists %d entries, want both lives", n)
	}
}

func TestShortIDReuseWithoutRemoved(t *testing.T) {
	c := New(Config{})
	addAll(c,
		client(at(0), "ABC123"),
		queued(at(0), "ABC123", "shop@shop.example", 1),
		deferred(at(0), "ABC123", "a@docomo.ne.jp"),
		// The "removed" line was lost; a new client= starts a new life.
		client(at(time.Hour), "ABC123"),
		queued(at(time.Hour), "ABC123", "shop@shop.example", 1),
	)
	m, _ := c.Message("ABC123")
	if len(m.Recipients) != 0 || !m.FirstSeen.Equal(at(time.Hour)) {
		t.Errorf("message = %+v; want a new life without recipients", m)
	}
	if s := c.Snapshot(at(time.Hour)); domainStats(t, s, "docomo.ne.jp").Pending != 0 {
		t.Error("the superseded life is still pending")
	}
}

func TestLateLineJoinsFinishedMessage(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 2),
		sent(at(0), "A1", "a@docomo.ne.jp"),
		removed(at(time.Second), "A1"),
		sent(at(time.Second), "A1", "b@docomo.ne.jp"), // logged before "removed", read after it
	)
	m, _ := c.Message("A1")
	if len(m.Recipients) != 2 || !m.Finished {
		t.Errorf("message = %d recipients, Finished %v; want 2 and finished", len(m.Recipients), m.Finished)
	}
	addAll(c, sent(at(time.Hour), "A1", "c@docomo.ne.jp"))
	m, _ = c.Message("A1")
	if m.Finished || len(m.Recipients) != 1 {
		t.Errorf("a line an hour later joined the finished life: %+v", m)
	}
}

func TestMessageFields(t *testing.T) {
	c := New(Config{})
	orig := deferred(at(time.Second), "A1", "a@docomo.ne.jp")
	orig.OrigTo = []byte("alias@shop.example")
	addAll(c,
		client(at(0), "A1"),
		messageID(at(0), "A1", "<m@shop.example>"),
		queued(at(0), "A1", "shop@shop.example", 1),
		orig,
		postsuper(parsers.KindHeld, at(time.Minute), "A1"),
		postsuper(parsers.KindReleased, at(2*time.Minute), "A1"),
		postsuper(parsers.KindExpireMarked, at(3*time.Minute), "A1"),
		expired(at(4*time.Minute), "A1", parsers.StatusForceExpired),
		removed(at(4*time.Minute), "A1"),
	)
	m, _ := c.Message("A1")
	if m.Client != "shop.example[192.0.2.10]" || m.SASLUsername != "shop" || m.Sender != "shop@shop.example" ||
		m.MessageID != "<m@shop.example>" || m.Size != 365 || m.NRcpt != 1 {
		t.Errorf("envelope fields = %+v", m)
	}
	if m.Held || !m.HeldAt.Equal(at(time.Minute)) || !m.Released || !m.ReleasedAt.Equal(at(2*time.Minute)) {
		t.Errorf("hold fields = Held %v at %v, Released %v at %v", m.Held, m.HeldAt, m.Released, m.ReleasedAt)
	}
	if !m.ExpireMarked || !m.Expired || !m.ForceExpired || !m.ExpiredAt.Equal(at(4*time.Minute)) {
		t.Errorf("expiry fields = marked %v, expired %v, forced %v, at %v", m.ExpireMarked, m.Expired, m.ForceExpired, m.ExpiredAt)
	}
	if !m.Removed || !m.Finished || m.Deleted {
		t.Errorf("end fields = Removed %v, Finished %v, Deleted %v", m.Removed, m.Finished, m.Deleted)
	}
	r := m.Recipients[0]
	if r.OrigTo != "alias@shop.example" || r.Status != parsers.StatusForceExpired || r.Pending {
		t.Errorf("recipient = %+v", r)
	}
	if len(m.Lines) != 9 {
		t.Errorf("len(Lines) = %d, want 9", len(m.Lines))
	}
}

func TestContentRejectFinishesMessage(t *testing.T) {
	c := New(Config{})
	rcptReject := event(parsers.KindReject, at(0), "A1", "smtpd")
	rcptReject.Action, rcptReject.Stage = []byte("reject"), []byte("RCPT")
	bodyReject := event(parsers.KindReject, at(time.Second), "A1", "cleanup")
	bodyReject.Action, bodyReject.Stage = []byte("reject"), []byte("body")
	addAll(c, client(at(0), "A1"), rcptReject)
	if m, _ := c.Message("A1"); m.Finished {
		t.Fatal("a RCPT reject in an open transaction finished the message")
	}
	addAll(c, bodyReject)
	if m, _ := c.Message("A1"); !m.Finished || !m.Rejected {
		t.Errorf("body reject: Finished %v, Rejected %v; want both", m.Finished, m.Rejected)
	}

	hold := event(parsers.KindReject, at(0), "B1", "cleanup")
	hold.Action, hold.Stage = []byte("hold"), []byte("header")
	addAll(c, client(at(0), "B1"), hold)
	if m, _ := c.Message("B1"); !m.Held {
		t.Error("hold action did not mark the message held")
	}
}
