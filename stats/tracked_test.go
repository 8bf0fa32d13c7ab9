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

// TestTrackedSize bounds the collector's record of a message: 20,000 are
// tracked by default, so 32 more bytes cost 0.6 MB.
func TestTrackedSize(t *testing.T) {
	if size := unsafe.Sizeof(tracked{}); size > 384 {
		t.Errorf("tracked takes %d bytes, want at most 384", size)
	}
}
