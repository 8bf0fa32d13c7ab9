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

// TestBatchActionsRealInstance holds two deferred docomo messages in one
// postsuper call while a third target names a reused ID, then flushes
// docomo.ne.jp, which fast_flush_domains lists, and gmail.com, which it
// does not. It needs root and Postfix.
func TestBatchActionsRealInstance(t *testing.T) {
	postfixtest.Require(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:             map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime: 10 * time.Minute,
		MaximalBackoffTime: 20 * time.Minute,
		QueueRunDelay:      10 * time.Minute,
		Settings:           map[string]string{"fast_flush_domains": "docomo.ne.jp"},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var ids []string
	for _, rcpt := range []string{"tempfail1@docomo.ne.jp", "tempfail2@docomo.ne.jp", "tempfail3@docomo.ne.jp"} {
		id, err := instance.Submit("shop@example.com", []string{rcpt}, "Your order has shipped", "Thank you.\n")
		if err != nil {
			t.Fatal(err)
		}
		waitLog(t, ctx, instance, id+": to=<"+rcpt+">", "status=deferred")
		ids = append(ids, id)
	}

	audit, err := actions.OpenAudit(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer audit.Close()
	p := &actions.Postfix{ConfigDir: instance.ConfigDir(), Audit: audit}

	var targets []actions.Target
	for _, id := range ids {
		m := lookupQueue(t, ctx, p, id, actions.QueueDeferred)
		targets = append(targets, actions.Target{ID: id, Queue: m.Queue, Sender: m.Sender, Arrival: m.Arrival})
	}
	targets[2].Sender = "someone-else@example.com"

	res, err := p.HoldMany(ctx, targets)
	if err != nil {
		t.Fatalf("HoldMany: %v", err)
	}
	if res.Count != 2 || len(res.Skipped) != 1 || res.Skipped[0].Target.ID != ids[2] || !errors.Is(res.Skipped[0].Err, actions.ErrChanged) {
		t.Errorf("HoldMany = %+v, want 2 held and %s skipped as changed", res, ids[2])
	}
	lookupQueue(t, ctx, p, ids[0], actions.QueueHold)
	lookupQueue(t, ctx, p, ids[1], actions.QueueHold)
	lookupQueue(t, ctx, p, ids[2], actions.QueueDeferred)

	// Count the attempts before the flush: the attempt it causes can be
	// logged before postqueue returns.
	lines, err := instance.LogLines()
	if err != nil {
		t.Fatal(err)
	}
	before := 0
	for _, line := range lines {
		if strings.Contains(line, ids[2]+": to=<tempfail3@docomo.ne.jp>") {
			before++
		}
	}
	res, err = p.FlushDomain(ctx, "docomo.ne.jp")
	if err != nil {
		t.Fatalf("FlushDomain(docomo.ne.jp): %v (%+v)", err, res)
	}
	err = instance.WaitLog(ctx, func(lines []string) bool {
		n := 0
		for _, line := range lines {
			if strings.Contains(line, ids[2]+": to=<tempfail3@docomo.ne.jp>") {
				n++
			}
		}
		return n > before
	})
	if err != nil {
		t.Errorf("no new attempt of %s after postqueue -s docomo.ne.jp: %v", ids[2], err)
	}

	_, err = p.FlushDomain(ctx, "gmail.com")
	if !errors.Is(err, actions.ErrFlushNotConfigured) || !strings.Contains(err.Error(), "fast_flush_domains") {
		t.Errorf("FlushDomain(gmail.com) = %v, want ErrFlushNotConfigured naming fast_flush_domains", err)
	}
	if _, err := p.FlushAll(ctx); err != nil {
		t.Errorf("FlushAll: %v", err)
	}
}
