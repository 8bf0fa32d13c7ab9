package stats

import (
	"testing"
	"time"
	"unsafe"

	"github.com/mailtop/mailtop/parsers"
)

// Every flag, time and link of a message's life must come back in the
// Message that clone builds.
func TestTrackedCloneLifeEvents(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		postsuper(parsers.KindHeld, at(time.Minute), "A1"),
		postsuper(parsers.KindReleased, at(2*time.Minute), "A1"),
		postsuper(parsers.KindExpireMarked, at(3*time.Minute), "A1"),
		deferred(at(4*time.Minute), "A1", "a@docomo.ne.jp"),
		notification(at(4*time.Minute), "A1", "N1"),
		expired(at(5*time.Minute), "A1", parsers.StatusForceExpired),
		postsuper(parsers.KindDeleted, at(6*time.Minute), "A1"),
	)
	m, ok := c.Message("A1")
	if !ok {
		t.Fatal("message A1 not tracked")
	}
	flags := []struct {
		name string
		set  bool
		at   time.Time
		want time.Duration
	}{
		{"held", m.HeldAt.Equal(at(time.Minute)), m.HeldAt, time.Minute},
		{"released", m.Released, m.ReleasedAt, 2 * time.Minute},
		{"expire marked", m.ExpireMarked, m.ExpireMarkedAt, 3 * time.Minute},
		{"expired", m.Expired && m.ForceExpired, m.ExpiredAt, 5 * time.Minute},
		{"deleted", m.Deleted, m.DeletedAt, 6 * time.Minute},
	}
	for _, f := range flags {
		if !f.set || !f.at.Equal(at(f.want)) {
			t.Errorf("%s = %v at %v, want set at %v", f.name, f.set, f.at, at(f.want))
		}
	}
	if m.Held {
		t.Error("Held is set after the release")
	}
	if m.QueueState() != StateDeleted {
		t.Errorf("QueueState = %v, want StateDeleted", m.QueueState())
	}
	if len(m.Notifications) != 1 || m.Notifications[0].QueueID != "N1" {
		t.Errorf("Notifications = %+v, want the one of N1", m.Notifications)
	}
	notice, _ := c.Message("N1")
	if notice.NotificationOf != "A1" || !notice.NullSender() {
		t.Errorf("notice NotificationOf = %q, NullSender = %v; want A1 and true", notice.NotificationOf, notice.NullSender())
	}
}

// A plain expiry after a forced one must clear ForceExpired, as the
// expiry's status is that of the last one logged.
func TestTrackedExpiryNotForcedAgain(t *testing.T) {
	c := New(Config{})
	addAll(c,
		deferred(at(0), "A1", "a@docomo.ne.jp"),
		expired(at(time.Minute), "A1", parsers.StatusForceExpired),
		expired(at(2*time.Minute), "A1", parsers.StatusExpired),
	)
	m, _ := c.Message("A1")
	if !m.Expired || m.ForceExpired || !m.ExpiredAt.Equal(at(2*time.Minute)) {
		t.Errorf("Expired %v, ForceExpired %v at %v; want a plain expiry at %v", m.Expired, m.ForceExpired, m.ExpiredAt, at(2*time.Minute))
	}
}

// TestTrackedSize bounds the collector's record of a message and of an
// attempt. After ten generated days the dashboard tracked 20,000 messages
// with 86,000 attempts, so 8 more bytes in an attempt cost 0.7 MB.
func TestTrackedSize(t *testing.T) {
	if size := unsafe.Sizeof(tracked{}); size > 384 {
		t.Errorf("tracked takes %d bytes, want at most 384", size)
	}
	if size := unsafe.Sizeof(Attempt{}); size > 88 {
		t.Errorf("Attempt takes %d bytes, want at most 88", size)
	}
}

// By the next minute of log time, a finished message's recipients and
// attempts must have no room left for more.
func TestFinishedAttemptsTrimmed(t *testing.T) {
	c := New(Config{})
	addAll(c, queued(at(0), "A1", "shop@shop.example", 3))
	for i := range 5 {
		addAll(c, deferred(at(time.Duration(i)*time.Second), "A1", "a@docomo.ne.jp"))
	}
	addAll(c,
		sent(at(10*time.Second), "A1", "a@docomo.ne.jp"),
		sent(at(10*time.Second), "A1", "b@gmail.com"),
		sent(at(10*time.Second), "A1", "c@gmail.com"),
		removed(at(10*time.Second), "A1"),
		sent(at(time.Minute), "B1", "b@gmail.com"), // a new minute: a sweep
	)
	m := c.finishedBy["A1"]
	if len(m.Recipients) != 3 || cap(m.Recipients) != 3 {
		t.Errorf("recipients: %d kept in room for %d, want 3 in 3", len(m.Recipients), cap(m.Recipients))
	}
	if a := m.Recipients[0].Attempts; len(a) != 6 || cap(a) != 6 {
		t.Errorf("attempts: %d kept in room for %d, want 6 in 6", len(a), cap(a))
	}
}

// appendCapped must keep every element up to its bound whatever the
// capacity it grows to, and never grow past the bound.
func TestAppendCappedGrowth(t *testing.T) {
	var s []int
	for i := range 40 {
		s, _ = appendCapped(s, i, 32)
		if cap(s) > 32 {
			t.Fatalf("after %d elements capacity is %d, want at most 32", i+1, cap(s))
		}
	}
	if len(s) != 32 || s[0] != 0 || s[15] != 15 || s[31] != 39 {
		t.Errorf("kept %v, want 0 to 15 and the latest ending with 39", s)
	}
}
