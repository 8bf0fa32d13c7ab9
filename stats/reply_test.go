package stats

import (
	"testing"
	"time"
	"unsafe"
)

func TestRetrySharesReasonText(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		deferred(at(time.Second), "A1", "a@docomo.ne.jp"),
		deferred(at(time.Minute), "A1", "a@docomo.ne.jp"),
	)
	m, ok := c.Message("A1")
	if !ok {
		t.Fatal("message A1 not found")
	}
	attempts := m.Recipients[0].Attempts
	if len(attempts) != 2 {
		t.Fatalf("recipient has %d attempts, want 2", len(attempts))
	}
	if attempts[0].Reason != greylisted || attempts[1].Reason != greylisted {
		t.Fatalf("reasons %q and %q, want %q", attempts[0].Reason, attempts[1].Reason, greylisted)
	}
	// The reply names the remote host, so the class cache copies it for
	// each attempt.
	if unsafe.StringData(attempts[0].Reason) != unsafe.StringData(attempts[1].Reason) {
		t.Error("the retry keeps a copy of the same reason text")
	}
}
