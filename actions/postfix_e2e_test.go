package actions_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestPostfixActionsRealInstance runs every action against a private Postfix
// instance whose docomo.ne.jp route replies 450 to RCPT, so the message
// stays deferred. It needs root and Postfix; under CI=true their absence
// fails the test.
func TestPostfixActionsRealInstance(t *testing.T) {
	postfixtest.Require(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{Routes: map[string]int{"docomo.ne.jp": port}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	id, err := instance.Submit("shop@example.com", []string{"tempfail@docomo.ne.jp"}, "Your order has shipped", "Thank you.\n")
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	waitLog(t, ctx, instance, id+": to=<tempfail@docomo.ne.jp>", "status=deferred")

	audit, err := actions.OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()
	p := &actions.Postfix{ConfigDir: instance.ConfigDir(), Audit: audit}

	m := lookupQueue(t, ctx, p, id, actions.QueueDeferred)
	if m.Sender != "shop@example.com" || len(m.Recipients) != 1 || m.Recipients[0].Address != "tempfail@docomo.ne.jp" {
		t.Errorf("queued message = %+v", m)
	}
	if !strings.Contains(m.Recipients[0].DelayReason, "450 4.2.0") {
		t.Errorf("delay reason = %q, want the 450 reply", m.Recipients[0].DelayReason)
	}

	if _, err := p.Verify(ctx, id, "other@example.com", m.Arrival); !errors.Is(err, actions.ErrChanged) {
		t.Errorf("Verify with another sender = %v, want ErrChanged", err)
	}

	res, err := p.Hold(ctx, id, m.Sender, m.Arrival)
	if err != nil || res.Count != 1 || !strings.Contains(res.Output, id+": placed on hold") {
		t.Fatalf("Hold = %+v, %v", res, err)
	}
	lookupQueue(t, ctx, p, id, actions.QueueHold)
	waitLog(t, ctx, instance, "postfix/postsuper[", id+": placed on hold")

	if _, err := p.DeliverNow(ctx, id, m.Sender, m.Arrival); !errors.Is(err, actions.ErrWrongQueue) {
		t.Errorf("DeliverNow on hold = %v, want ErrWrongQueue", err)
	}

	res, err = p.Release(ctx, id, m.Sender, m.Arrival)
	if err != nil || res.Count != 1 {
		t.Fatalf("Release = %+v, %v", res, err)
	}
	lookupQueue(t, ctx, p, id, actions.QueueDeferred)

	res, err = p.DeliverNow(ctx, id, m.Sender, m.Arrival)
	if err != nil || res.Count != 1 {
		t.Fatalf("DeliverNow = %+v, %v", res, err)
	}

	res, err = p.Requeue(ctx, id, m.Sender, m.Arrival)
	if err != nil || res.Count != 1 || !strings.Contains(res.Output, id+": requeued") {
		t.Fatalf("Requeue = %+v, %v", res, err)
	}
	newID := waitRequeuedID(t, ctx, instance, id)
	requeued := lookupQueue(t, ctx, p, newID, "")
	if !requeued.Arrival.Equal(m.Arrival) {
		t.Errorf("requeued arrival = %v, want the original %v", requeued.Arrival, m.Arrival)
	}
	// Pickup removes the maildrop file only after cleanup has finished the
	// new one, so for a moment after pickup's line both are listed.
	waitUnlisted(t, ctx, p, id)
	if _, err := p.Hold(ctx, id, m.Sender, m.Arrival); !errors.Is(err, actions.ErrNotQueued) {
		t.Errorf("Hold of the old ID after requeue = %v, want ErrNotQueued", err)
	}

	res, err = p.Delete(ctx, newID, m.Sender, m.Arrival)
	if err != nil || res.Count != 1 || !strings.Contains(res.Output, newID+": removed") {
		t.Fatalf("Delete = %+v, %v", res, err)
	}
	if _, err := p.Lookup(ctx, newID); !errors.Is(err, actions.ErrNotQueued) {
		t.Errorf("Lookup after Delete = %v, want ErrNotQueued", err)
	}
}

// lookupQueue waits until id is listed, in queue unless queue is empty, and
// returns it.
func lookupQueue(t *testing.T, ctx context.Context, p *actions.Postfix, id, queue string) actions.QueuedMessage {
	t.Helper()
	for {
		m, err := p.Lookup(ctx, id)
		if err == nil && (queue == "" || m.Queue == queue) {
			return m
		}
		select {
		case <-ctx.Done():
			t.Fatalf("queue ID %s not listed in queue %q: last %+v, %v", id, queue, m, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitUnlisted waits until postqueue -j no longer lists id.
func waitUnlisted(t *testing.T, ctx context.Context, p *actions.Postfix, id string) {
	t.Helper()
	for {
		m, err := p.Lookup(ctx, id)
		if errors.Is(err, actions.ErrNotQueued) {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("queue ID %s still listed: last %+v, %v", id, m, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitLog waits for a maillog line that contains every one of parts.
func waitLog(t *testing.T, ctx context.Context, instance *postfixtest.Instance, parts ...string) {
	t.Helper()
	err := instance.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			if containsAll(line, parts) {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("wait for a maillog line with %q: %v", parts, err)
	}
}

// waitRequeuedID returns the queue ID pickup gave a message requeued from
// oldID, from its "NEWID: uid=N from=<...> orig_id=OLDID" line.
func waitRequeuedID(t *testing.T, ctx context.Context, instance *postfixtest.Instance, oldID string) string {
	t.Helper()
	var newID string
	err := instance.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			if !containsAll(line, []string{"postfix/pickup[", " orig_id=" + oldID}) {
				continue
			}
			_, rest, _ := strings.Cut(line, "]: ")
			newID, _, _ = strings.Cut(rest, ":")
			return true
		}
		return false
	})
	if err != nil {
		t.Fatalf("wait for pickup of the message requeued from %s: %v", oldID, err)
	}
	return newID
}

func containsAll(line string, parts []string) bool {
	for _, part := range parts {
		if !strings.Contains(line, part) {
			return false
		}
	}
	return true
}
