package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/internal/smtptest"
)

// TestForwardRealPostfix forwards a message that a private Postfix keeps
// deferring for docomo.ne.jp to an SMTP server on 127.0.0.1, then puts the
// original on hold with --after hold.
func TestForwardRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime:   10 * time.Minute,
		MaximalBackoffTime:   20 * time.Minute,
		QueueRunDelay:        10 * time.Minute,
		MaximalQueueLifetime: time.Hour,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	id, err := instance.Submit("shop@example.com", []string{"tempfail1@docomo.ne.jp"}, "発送のお知らせ", "ご注文の商品を発送しました。\n")
	if err != nil {
		t.Fatal(err)
	}
	waitQueue(t, ctx, instance, func(q map[string]postfixtest.QueuedMessage) bool {
		return q[id].QueueName == "deferred"
	})
	original := queuedContent(t, instance.QueueDir(), id)

	relay := &smtptest.Relay{}
	via := startSMTPSink(t, relay)
	dir := t.TempDir()
	configFile := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(configFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := &options{configDir: instance.ConfigDir(), configFile: configFile, auditFile: filepath.Join(dir, "audit.jsonl"), lang: "en"}
	flags := &forwardFlags{via: via, then: "hold", now: time.Now}
	var out bytes.Buffer
	if err := runForward(ctx, opts, flags, []string{id}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}

	got := relay.Received()
	if len(got) != 1 {
		t.Fatalf("relay received %d messages, want 1\n%s", len(got), out.String())
	}
	if want := "The original " + id + " was put on hold."; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	if strings.Join(got[0].To, ",") != "tempfail1@docomo.ne.jp" || got[0].From != "shop@example.com" {
		t.Errorf("envelope = %s -> %v, want shop@example.com -> tempfail1@docomo.ne.jp", got[0].From, got[0].To)
	}
	data := bytes.ReplaceAll(got[0].Data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("Resent-From: shop@example.com\nResent-To: tempfail1@docomo.ne.jp\nResent-Date: ")) {
		t.Errorf("forwarded message does not start with the Resent- fields:\n%s", data)
	}
	if !bytes.HasSuffix(data, original) {
		t.Errorf("forwarded message does not end with the queued content unchanged:\n%s\nwant suffix:\n%s", data, original)
	}

	waitQueue(t, ctx, instance, func(q map[string]postfixtest.QueuedMessage) bool {
		return q[id].QueueName == "hold"
	})
	audit, err := os.ReadFile(opts.auditFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(audit, []byte(`"action":"forward"`)) || !bytes.Contains(audit, []byte(`"action":"hold"`)) {
		t.Errorf("audit log lacks the forward or the hold line:\n%s", audit)
	}
}

func queuedContent(t *testing.T, queueDir, id string) []byte {
	t.Helper()
	queued, err := forward.ReadQueued(queueDir, id)
	if err != nil {
		t.Fatalf("queue file of %s: %v", id, err)
	}
	return queued.Content
}
