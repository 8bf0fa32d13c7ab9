package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// pickupLines are pickup's lines for two messages requeued from
// 7E996BE094 and 8A1B2C3D4E, among lines of other messages.
const pickupLines = `Dec  5 19:30:45 mx postfix/postsuper[9108]: 7E996BE094: requeued
Dec  5 19:30:46 mx postfix/pickup[8910]: 4BB44E2110: uid=0 from=<shop@example.com> orig_id=7E996BE094
Dec  5 19:30:46 mx postfix/pickup[8910]: 5CC55E3221: uid=0 from=<news@example.com>
Dec  5 19:30:46 mx postfix/pickup[8910]: 6DD66E4332: uid=0 from=<shop@example.com> orig_id=9F8E7D6C5B
Dec  5 19:30:47 mx postfix/pickup[8910]: 7EE77E5443: uid=0 from=<shop@example.com> orig_id=8A1B2C3D4E
`

func newTestParser() *parsers.Parser {
	return parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
}

// testRequeueLog returns a requeueLog that reads text from a file to its
// end, as the lines logged after a requeue.
func testRequeueLog(t *testing.T, text string) *requeueLog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := sources.OpenLogs([]string{path}, sources.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return &requeueLog{src: src, label: "/var/log/mail.log", parser: newTestParser()}
}

// requeueTestOutcome returns the outcome of a requeue of ids under -c
// /etc/postfix-out, whose pickup wake-up fails with wakeErr.
func requeueTestOutcome(ids []string, log *requeueLog, wakeErr error) (requeueOutcome, *int) {
	woken := 0
	messages := map[string]sources.QueuedMessage{}
	for i, id := range ids {
		messages[id] = sources.QueuedMessage{QueueID: id, Recipients: []sources.QueuedRecipient{
			{Address: "done@docomo.ne.jp", Done: true},
			{Address: fmt.Sprintf("user%d@docomo.ne.jp", i+1)},
		}}
	}
	return requeueOutcome{
		requeued:  ids,
		messages:  messages,
		configDir: "/etc/postfix-out",
		log:       log,
		wake: func(context.Context) error {
			woken++
			return wakeErr
		},
		logger: slog.New(slog.DiscardHandler),
	}, &woken
}

func writeTestRequeueOutcome(lang string, outcome requeueOutcome) string {
	var out bytes.Buffer
	writeRequeueOutcome(context.Background(), &queueWriter{w: &out}, l10n.New(lang), outcome)
	return out.String()
}

func TestRequeueOutcomeNamesNewIDs(t *testing.T) {
	cases := []struct{ lang, heading string }{
		{l10n.English, "New queue IDs, from pickup's lines in /var/log/mail.log:\n"},
		{l10n.Japanese, "新しい queue ID（/var/log/mail.log の pickup の行から）:\n"},
	}
	for _, tc := range cases {
		outcome, woken := requeueTestOutcome([]string{"7E996BE094", "8A1B2C3D4E"}, testRequeueLog(t, pickupLines), nil)
		got := writeTestRequeueOutcome(tc.lang, outcome)
		want := tc.heading + "  7E996BE094 → 4BB44E2110\n  8A1B2C3D4E → 7EE77E5443\n"
		if got != want {
			t.Errorf("%s: output\n%s\nwant\n%s", tc.lang, got, want)
		}
		if *woken != 1 {
			t.Errorf("%s: pickup woken %d times, want once", tc.lang, *woken)
		}
	}
}

func TestRequeueOutcomeNotPickedUp(t *testing.T) {
	cases := []struct {
		lang string
		ids  []string
		want string
	}{
		{l10n.English, []string{"7E996BE094", "75D57BE091"},
			"  7E996BE094 → 4BB44E2110\n75D57BE091: pickup did not log the new queue ID (orig_id=75D57BE091) in /var/log/mail.log within 5 seconds. It does so when it takes the message from the maildrop queue, and mailtop queue -c /etc/postfix-out --recipient user2@docomo.ne.jp then lists the message under its new queue ID.\n"},
		{l10n.English, []string{"75D57BE091", "4A5B6C7D8E"},
			"2 messages (75D57BE091, 4A5B6C7D8E): pickup did not log their new queue IDs in /var/log/mail.log within 5 seconds. It logs each when it takes the message from the maildrop queue, with orig_id= and the old queue ID, such as orig_id=75D57BE091. mailtop queue -c /etc/postfix-out --queue maildrop lists those that pickup has not taken yet.\n"},
		{l10n.Japanese, []string{"75D57BE091", "4A5B6C7D8E"},
			"2 件（75D57BE091、4A5B6C7D8E）は、5 秒以内に pickup が新しい queue ID を /var/log/mail.log に記録しませんでした。pickup は maildrop キューから各メッセージを取り出すときに、orig_id=（元の queue ID、たとえば orig_id=75D57BE091）とともにこれを記録します。まだ取り出されていないメッセージは mailtop queue -c /etc/postfix-out --queue maildrop で表示できます。\n"},
	}
	for _, tc := range cases {
		// The wake-up fails, as when pickup does not run; the log is
		// read all the same.
		outcome, _ := requeueTestOutcome(tc.ids, testRequeueLog(t, pickupLines), errors.New("postkick: fatal: connect to public/pickup"))
		if got := writeTestRequeueOutcome(tc.lang, outcome); !strings.HasSuffix(got, tc.want) {
			t.Errorf("%s %v: output\n%s\nwant it to end with\n%s", tc.lang, tc.ids, got, tc.want)
		}
	}
}

func TestRequeueOutcomeWithoutLog(t *testing.T) {
	cases := []struct {
		lang string
		ids  []string
		want string
	}{
		{l10n.English, []string{"7E996BE094"},
			"Pickup gives the message a new queue ID when it takes it from the maildrop queue, and logs it with orig_id=7E996BE094. mailtop queue -c /etc/postfix-out --recipient user1@docomo.ne.jp then lists the message under its new queue ID.\n"},
		{l10n.Japanese, []string{"7E996BE094", "8A1B2C3D4E"},
			"pickup は maildrop キューから各メッセージを取り出すときに新しい queue ID を付け、orig_id=（元の queue ID、たとえば orig_id=7E996BE094）とともにログに記録します。まだ取り出されていないメッセージは mailtop queue -c /etc/postfix-out --queue maildrop で表示できます。\n"},
	}
	for _, tc := range cases {
		outcome, woken := requeueTestOutcome(tc.ids, nil, nil)
		if got := writeTestRequeueOutcome(tc.lang, outcome); got != tc.want {
			t.Errorf("%s: output\n%s\nwant\n%s", tc.lang, got, tc.want)
		}
		if *woken != 1 {
			t.Errorf("%s: pickup woken %d times, want once", tc.lang, *woken)
		}
	}
}

func TestRequeueOutcomePostfixStopped(t *testing.T) {
	cases := []struct {
		lang string
		ids  []string
		want string
	}{
		{l10n.English, []string{"7E996BE094"},
			"Postfix is not running, so the message waits in the maildrop queue under its old queue ID. Once Postfix runs (postfix -c /etc/postfix-out start), pickup gives it a new queue ID and logs it with orig_id=7E996BE094.\n"},
		{l10n.Japanese, []string{"7E996BE094", "8A1B2C3D4E"},
			"Postfix が起動していないため、メッセージは元の queue ID のまま maildrop キューで待っています。Postfix を起動すると（postfix -c /etc/postfix-out start）、pickup が各メッセージに新しい queue ID を付け、orig_id=（元の queue ID、たとえば orig_id=7E996BE094）とともにログに記録します。\n"},
	}
	for _, tc := range cases {
		outcome, woken := requeueTestOutcome(tc.ids, testRequeueLog(t, pickupLines), nil)
		outcome.stopped = true
		if got := writeTestRequeueOutcome(tc.lang, outcome); got != tc.want {
			t.Errorf("%s: output\n%s\nwant\n%s", tc.lang, got, tc.want)
		}
		if *woken != 0 {
			t.Errorf("%s: pickup woken %d times while Postfix is stopped, want never", tc.lang, *woken)
		}
	}
}

func TestRequeueOutcomeNothingRequeued(t *testing.T) {
	outcome, woken := requeueTestOutcome(nil, testRequeueLog(t, pickupLines), nil)
	if got := writeTestRequeueOutcome(l10n.English, outcome); got != "" {
		t.Errorf("output %q, want nothing when postsuper requeued no message", got)
	}
	if *woken != 0 {
		t.Errorf("pickup woken %d times, want never", *woken)
	}
}

// The wait for pickup's lines ends after requeueLinkWait when a followed
// log gets none.
func TestRequeueLogWaitEnds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(path, []byte(pickupLines), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := sources.OpenLogs([]string{path}, sources.Options{AtEnd: true, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	log := &requeueLog{src: src, label: path, parser: newTestParser()}
	start := time.Now()
	found := log.newQueueIDs(context.Background(), []string{"7E996BE094"}, 300*time.Millisecond)
	if len(found) != 0 {
		t.Errorf("found %v in lines logged before the log was opened", found)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the wait took %v, want about 300ms", elapsed)
	}
}

func TestRequeueRealPostfixNamesNewID(t *testing.T) {
	postfixtest.Require(t)
	useEnglishLocale(t)
	refused, err := postfixtest.RefusedPort()
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               map[string]int{"docomo.ne.jp": refused},
		MinimalBackoffTime:   10 * time.Minute,
		MaximalBackoffTime:   20 * time.Minute,
		QueueRunDelay:        10 * time.Minute,
		MaximalQueueLifetime: time.Hour,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var ids []string
	for _, local := range []string{"tempfail1", "tempfail2"} {
		id, err := instance.Submit("shop@example.com", []string{local + "@docomo.ne.jp"}, "Your order has shipped", "Thank you.\n")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	waitQueue(t, ctx, instance, func(q map[string]postfixtest.QueuedMessage) bool {
		for _, id := range ids {
			if m, ok := q[id]; !ok || m.QueueName != "deferred" {
				return false
			}
		}
		return true
	})
	// Postfix 3.7's master.cf wakes pickup every 60 seconds, and the
	// test instance every 5, so that a requeue is seen within the wait
	// only when mailtop wakes pickup itself.
	if err := exec.CommandContext(ctx, "postconf", "-c", instance.ConfigDir(), "-F", "pickup/unix/wakeup=60").Run(); err != nil {
		t.Fatal(err)
	}
	if err := exec.CommandContext(ctx, "postfix", "-c", instance.ConfigDir(), "reload").Run(); err != nil {
		t.Fatal(err)
	}
	// A reloaded pickup scans the maildrop queue when it starts.
	time.Sleep(2 * time.Second)

	auditPath := filepath.Join(t.TempDir(), "audit.log")
	// A log named with --log that cannot give the lines logged from now
	// on stops the requeue before postsuper runs.
	for _, log := range []string{"-", filepath.Join(t.TempDir(), "missing.log")} {
		out, err := runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "requeue", ids[0], "--audit-log", auditPath, "--log", log)
		if err == nil {
			t.Errorf("requeue --log %s: no error, want one\n%s", log, out)
		}
		if strings.Contains(out, "requeued") {
			t.Errorf("requeue --log %s ran postsuper:\n%s", log, out)
		}
		if m, ok := queueByID(t, ctx, instance)[ids[0]]; !ok || m.QueueName != "deferred" {
			t.Errorf("requeue --log %s moved %s", log, ids[0])
		}
	}
	var usage usageError
	if _, err := runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "requeue", ids[0], "--audit-log", auditPath, "--log", "-"); !errors.As(err, &usage) {
		t.Errorf("requeue --log - = %v, want a command-line error", err)
	}

	for i, lang := range []string{"en", "ja"} {
		start := time.Now()
		out, err := runMailtop(t, ctx, "-c", instance.ConfigDir(), "queue", "requeue", ids[i], "--audit-log", auditPath, "--lang", lang)
		if err != nil {
			t.Fatalf("%s: requeue: %v\n%s", lang, err, out)
		}
		newID := waitRequeuedID(t, ctx, instance, ids[i])
		if want := "  " + ids[i] + " → " + newID + "\n"; !strings.Contains(out, want) {
			t.Errorf("%s: requeue printed\n%s\nwant the line %q", lang, out, want)
		}
		if elapsed := time.Since(start); elapsed >= requeueLinkWait {
			t.Errorf("%s: requeue took %v, want less than the wait of %v", lang, elapsed, requeueLinkWait)
		}
	}
}

// waitRequeuedID returns the queue ID that pickup gave the message
// requeued from oldID, from its "NEWID: uid=N from=<...> orig_id=OLDID"
// line.
func waitRequeuedID(t *testing.T, ctx context.Context, instance *postfixtest.Instance, oldID string) string {
	t.Helper()
	var newID string
	err := instance.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			if !strings.Contains(line, "postfix/pickup[") || !strings.HasSuffix(line, " orig_id="+oldID) {
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
