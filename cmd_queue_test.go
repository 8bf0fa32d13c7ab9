package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// queueTestNow is the clock of the listing tests.
var queueTestNow = time.Date(2026, 12, 4, 19, 50, 0, 0, time.UTC)

func queueTestSnapshot() sources.QueueSnapshot {
	return sources.QueueSnapshot{
		Dir:    "/var/spool/postfix",
		Source: sources.QueueFromDirectory,
		Counts: map[string]int{"maildrop": 0, "incoming": 0, "active": 0, "deferred": 1, "hold": 1, "corrupt": 0},
		Messages: []sources.QueuedMessage{
			{
				Queue: "hold", QueueID: "75D57BE091", Arrival: queueTestNow.Add(-2 * time.Hour), Size: 328,
				ForcedExpire: true,
				Recipients:   []sources.QueuedRecipient{{Address: "tester@mx.example.com"}},
			},
			{
				Queue: "deferred", QueueID: "7E996BE094", Arrival: queueTestNow.Add(-187 * time.Second), Size: 365,
				Sender: "tester@mx.example.com", NextRetry: queueTestNow.Add(10 * time.Second),
				SASLUsername: "shop", Client: "localhost[127.0.0.1]",
				Recipients: []sources.QueuedRecipient{
					{Address: "ok2@docomo.ne.jp", Done: true},
					{Address: "tempfail2@DOCOMO.ne.jp", OrigAddress: "alias@mx.example.com", Status: "4.2.0",
						Reason: "host 127.0.0.1[127.0.0.1] said: 450 4.2.0 try again \x1b[31mlater\x1b[0m"},
					{Address: "c@au.com", Status: "4.4.1", Reason: "connect to au.com[192.0.2.1]:25: Connection refused"},
				},
			},
		},
		Incomplete: 1,
		Vanished:   2,
	}
}

func TestWriteQueueText(t *testing.T) {
	var out bytes.Buffer
	if err := writeQueueText(&out, queueTestSnapshot(), queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	want := `QUEUE ID     QUEUE       AGE  SIZE  NEXT RETRY      SENDER
75D57BE091#  hold      2h00m   328  -               <>
    tester@mx.example.com
7E996BE094   deferred  3m07s   365  19:50:10 (10s)  tester@mx.example.com
    tempfail2@DOCOMO.ne.jp (for alias@mx.example.com)  4.2.0  mailbox_unavailable  host 127.0.0.1[127.0.0.1] said: 450 4.2.0 try again later
    c@au.com  4.4.1  network  connect to au.com[192.0.2.1]:25: Connection refused
    (1 recipient done)

2 messages (deferred 1, hold 1) in /var/spool/postfix; 1 still being written; 2 left the queue during the scan.
`
	if out.String() != want {
		t.Errorf("listing =\n%s\nwant\n%s", out.String(), want)
	}
}

func TestWriteQueueTextMessageLinesFit80(t *testing.T) {
	snap := queueTestSnapshot()
	snap.Messages = append(snap.Messages, sources.QueuedMessage{
		Queue: "deferred", QueueID: "4jh2H4dFgyz6hJk", Arrival: queueTestNow.Add(-50 * time.Hour), Size: 12345678,
		Sender: "newsletter-bounces+campaign@mail.shop.example.co.jp", NextRetry: queueTestNow.Add(26 * time.Hour),
		ForcedExpire: true,
	})
	for _, lang := range []string{l10n.English, l10n.Japanese} {
		var out bytes.Buffer
		if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(lang), nil); err != nil {
			t.Fatal(err)
		}
		// The table is the text before the summary's blank line. A
		// recipient's line, indented, keeps the remote server's reason
		// whole, so only the header and the message lines must fit.
		table, _, _ := strings.Cut(out.String(), "\n\n")
		for _, line := range strings.Split(table, "\n") {
			if strings.HasPrefix(line, "    ") {
				continue
			}
			if width := ansi.StringWidth(line); width > 80 {
				t.Errorf("%s: line is %d cells wide, want at most 80: %q", lang, width, line)
			}
		}
		if want := "4jh2H4dFgyz6hJk#"; !strings.Contains(out.String(), want) {
			t.Errorf("%s: listing lacks the whole queue ID %q:\n%s", lang, want, out.String())
		}
		if want := "  newsletter-bo"; !strings.Contains(out.String(), want) {
			t.Errorf("%s: listing lacks the start of the long sender %q:\n%s", lang, want, out.String())
		}
	}
}

func TestWriteQueueTextClassJapanese(t *testing.T) {
	var out bytes.Buffer
	if err := writeQueueText(&out, queueTestSnapshot(), queueTestNow, time.UTC, l10n.New(l10n.Japanese), nil); err != nil {
		t.Fatal(err)
	}
	want := "    c@au.com  4.4.1  接続失敗  connect to au.com[192.0.2.1]:25: Connection refused\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("listing lacks %q:\n%s", want, out.String())
	}
	if strings.Contains(out.String(), "network") {
		t.Errorf("Japanese listing shows the English class name:\n%s", out.String())
	}
}

func TestWriteQueueTextEmptyFromPostqueue(t *testing.T) {
	snap := sources.QueueSnapshot{
		Dir: "/var/spool/postfix", Source: sources.QueueFromPostqueue,
		FallbackReason: "permission denied reading the Postfix queue: /var/spool/postfix/maildrop",
		Counts:         map[string]int{"deferred": 0},
	}
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Mail queue is empty.\n",
		"0 messages in /var/spool/postfix.\n",
		"Listed with postqueue -j, so next retry times, done recipients and DSN codes are missing (permission denied",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("listing lacks %q:\n%s", want, out.String())
		}
	}
}

func TestWriteQueueTextUnreadableFile(t *testing.T) {
	snap := sources.QueueSnapshot{Dir: "/q", Counts: map[string]int{"corrupt": 1}, Errors: []sources.QueueFileError{
		{Queue: "corrupt", QueueID: "BADBADBAD1", Path: "/q/corrupt/BADBADBAD1", Err: errors.New("queue file truncated")},
	}}
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "unreadable: queue file /q/corrupt/BADBADBAD1: queue file truncated\n") {
		t.Errorf("listing lacks the unreadable file:\n%s", out.String())
	}
}

// deniedSnapshot is a queue whose directories mailtop could list but
// whose two files it could not open, as for a user other than root.
func deniedSnapshot() sources.QueueSnapshot {
	denied := func(queue, id, path string) sources.QueueFileError {
		return sources.QueueFileError{Queue: queue, QueueID: id, Path: path, Err: &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES}}
	}
	return sources.QueueSnapshot{
		Dir: "/q", Source: sources.QueueFromDirectory,
		Counts: map[string]int{"deferred": 1, "hold": 1},
		Errors: []sources.QueueFileError{
			denied("deferred", "7E996BE094", "/q/deferred/7/7E996BE094"),
			denied("hold", "75D57BE091", "/q/hold/75D57BE091"),
		},
	}
}

func TestWriteQueueTextPermissionDenied(t *testing.T) {
	cases := []struct {
		lang   string
		want   []string
		absent []string
	}{
		{l10n.English, []string{
			"No queued message can be listed, because no queue file could be read.\n",
			"0 messages (deferred 1, hold 1) in /q; 2 could not be read.\n",
			"2 queue files in /q could not be opened (permission denied), so their messages are not listed: run mailtop as root, such as sudo mailtop queue.\n",
		}, []string{"Mail queue is empty", "unreadable:"}},
		{l10n.Japanese, []string{
			"キューファイルを 1 つも読めなかったため、メッセージを一覧にできません。\n",
			"/q に 0 件（deferred 1、hold 1）、読めなかった 2 件。\n",
			"/q のキューファイル 2 個を開けなかった（permission denied）ため、それらのメッセージは一覧にありません。root で実行してください（例: sudo mailtop queue）。\n",
		}, []string{"メールキューは空です", "読み取れません"}},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		if err := writeQueueText(&out, deniedSnapshot(), queueTestNow, time.UTC, l10n.New(tc.lang), nil); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: listing lacks %q:\n%s", tc.lang, want, out.String())
			}
		}
		for _, absent := range tc.absent {
			if strings.Contains(out.String(), absent) {
				t.Errorf("%s: listing has %q:\n%s", tc.lang, absent, out.String())
			}
		}
	}
}

func TestWriteQueueTextDeniedPostqueueError(t *testing.T) {
	snap := deniedSnapshot()
	snap.PostqueueError = "postqueue: fatal: Queue report unavailable - mail system is down"
	cases := []struct {
		lang        string
		explanation string
		postqueue   string
	}{
		{l10n.English, "could not be opened (permission denied), so their messages are not listed: run mailtop as root",
			"postqueue -j failed too: postqueue: fatal: Queue report unavailable - mail system is down\n"},
		{l10n.Japanese, "root で実行してください（例: sudo mailtop queue）。",
			"postqueue -j も失敗しました: postqueue: fatal: Queue report unavailable - mail system is down\n"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(tc.lang), nil); err != nil {
			t.Fatal(err)
		}
		text := out.String()
		explanation := strings.Index(text, tc.explanation)
		postqueue := strings.Index(text, tc.postqueue)
		if explanation < 0 || postqueue < 0 {
			t.Fatalf("%s: listing lacks %q or %q:\n%s", tc.lang, tc.explanation, tc.postqueue, text)
		}
		if postqueue < explanation {
			t.Errorf("%s: postqueue's error comes before the explanation:\n%s", tc.lang, text)
		}
	}
}

func TestWriteQueueTextPermissionDeniedInstance(t *testing.T) {
	snap := deniedSnapshot()
	snap.ConfigDir = "/etc/postfix-out"
	var out bytes.Buffer
	if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(l10n.English), nil); err != nil {
		t.Fatal(err)
	}
	if want := "run mailtop as root, such as sudo mailtop queue -c /etc/postfix-out.\n"; !strings.Contains(out.String(), want) {
		t.Errorf("listing lacks %q:\n%s", want, out.String())
	}
}

func TestWriteQueueTextFileProblems(t *testing.T) {
	snap := queueTestSnapshot()
	snap.MailOwner, snap.ConfigDir = "postfix", "/etc/postfix-out"
	snap.Messages[0].FileProblem, snap.Messages[0].FileUID = sources.QueueFileNotOwned, 0
	snap.Messages = append(snap.Messages, sources.QueuedMessage{
		Queue: "maildrop", QueueID: "75D57BE092", Arrival: queueTestNow.Add(-time.Minute), Sender: "shop@example.com",
		FileProblem: sources.QueueFileNotReadable, FileUID: 1000,
	})
	cases := []struct {
		lang string
		want []string
	}{
		{l10n.English, []string{
			"75D57BE091#  hold      2h00m   328  -               <>\n" +
				"    warning: Postfix cannot read this queue file, which belongs to uid 0, not to postfix (mail_owner): run postfix -c /etc/postfix-out set-permissions, or chown postfix the file\n" +
				"    tester@mx.example.com\n",
			"    warning: Postfix cannot read this queue file, because postfix (mail_owner) may not read it: make it readable, such as with chmod 744, the mode postdrop gives it\n",
			"2 messages, marked \"warning:\" above, will not be delivered, because postfix (mail_owner) cannot read their queue files.\n",
		}},
		{l10n.Japanese, []string{
			"    警告: Postfix はこのキューファイルを読めません。所有者が postfix（mail_owner）ではなく uid 0 です。postfix -c /etc/postfix-out set-permissions を実行するか、chown postfix でファイルの所有者を戻してください。\n",
			"    警告: Postfix はこのキューファイルを読めません。postfix（mail_owner）に読み取り権限がありません。postdrop が付けるモードの chmod 744 などで読めるようにしてください。\n",
			"上で「警告:」を付けた 2 件は配送されません。postfix（mail_owner）がキューファイルを読めないためです。\n",
		}},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		if err := writeQueueText(&out, snap, queueTestNow, time.UTC, l10n.New(tc.lang), nil); err != nil {
			t.Fatal(err)
		}
		for _, want := range tc.want {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: listing lacks %q:\n%s", tc.lang, want, out.String())
			}
		}
		if got := strings.Count(out.String(), "set-permissions"); got != 1 {
			t.Errorf("%s: set-permissions appears %d times, want once, under the message not owned by postfix:\n%s", tc.lang, got, out.String())
		}
	}
}

func TestFilterQueueDomain(t *testing.T) {
	snap := filterQueueDomain(queueTestSnapshot(), " Docomo.ne.jp ")
	if len(snap.Messages) != 1 || snap.Messages[0].QueueID != "7E996BE094" {
		t.Fatalf("messages = %+v, want only 7E996BE094", snap.Messages)
	}
	var addresses []string
	for _, r := range snap.Messages[0].Recipients {
		addresses = append(addresses, r.Address)
	}
	if want := []string{"ok2@docomo.ne.jp", "tempfail2@DOCOMO.ne.jp"}; !reflect.DeepEqual(addresses, want) {
		t.Errorf("recipients = %q, want %q", addresses, want)
	}
	if snap.Counts["deferred"] != 1 || snap.Counts["hold"] != 0 {
		t.Errorf("Counts = %v, want deferred 1 and hold 0", snap.Counts)
	}
	if original := queueTestSnapshot(); len(original.Messages[1].Recipients) != 3 {
		t.Errorf("filter changed its input")
	}
}

func TestWriteQueueJSONShape(t *testing.T) {
	var out bytes.Buffer
	if err := writeQueueJSON(&out, queueTestSnapshot(), "", queueTestNow, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"address": "tempfail2@DOCOMO.ne.jp"`) {
		t.Errorf("output lacks the indented recipient address:\n%s", out.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s", err, out.String())
	}
	wantKeys := []string{"counts", "domain", "errors", "fallback_reason", "generated_at", "incomplete", "mail_owner", "messages", "postfix_running", "postqueue_error", "queue_directory", "skipped", "source", "vanished"}
	if got := sortedKeys(doc); !reflect.DeepEqual(got, wantKeys) {
		t.Errorf("document keys = %q, want %q", got, wantKeys)
	}
	if doc["source"] != "directory" || doc["generated_at"] != "2026-12-04T19:50:00Z" {
		t.Errorf("source, generated_at = %v, %v", doc["source"], doc["generated_at"])
	}
	if errs, ok := doc["errors"].([]any); !ok || len(errs) != 0 {
		t.Errorf("errors = %#v, want []", doc["errors"])
	}
	counts := doc["counts"].(map[string]any)
	if len(counts) != 6 || counts["deferred"] != 1.0 || counts["maildrop"] != 0.0 {
		t.Errorf("counts = %v, want all six queues", counts)
	}

	messages := doc["messages"].([]any)
	if len(messages) != 2 {
		t.Fatalf("messages = %d, want 2", len(messages))
	}
	held := messages[0].(map[string]any)
	wantMessageKeys := []string{"age_seconds", "arrival_time", "client", "file_problem", "file_uid", "forced_expire", "message_size", "next_retry", "queue_id", "queue_name", "recipients", "sasl_username", "sender"}
	if got := sortedKeys(held); !reflect.DeepEqual(got, wantMessageKeys) {
		t.Errorf("message keys = %q, want %q", got, wantMessageKeys)
	}
	if held["file_problem"] != "" || held["file_uid"] != nil {
		t.Errorf("held message file_problem, file_uid = %v, %v, want \"\" and null", held["file_problem"], held["file_uid"])
	}
	if held["next_retry"] != nil || held["sender"] != "" || held["forced_expire"] != true || held["age_seconds"] != 7200.0 {
		t.Errorf("held message = %v", held)
	}
	deferred := messages[1].(map[string]any)
	if deferred["next_retry"] != "2026-12-04T19:50:10Z" || deferred["arrival_time"] != "2026-12-04T19:46:53Z" {
		t.Errorf("deferred times = %v, %v", deferred["next_retry"], deferred["arrival_time"])
	}
	recipients := deferred["recipients"].([]any)
	first := recipients[0].(map[string]any)
	wantRecipientKeys := []string{"address", "bounce_reason", "class", "done", "orig_address", "reason", "status"}
	if got := sortedKeys(first); !reflect.DeepEqual(got, wantRecipientKeys) {
		t.Errorf("recipient keys = %q, want %q", got, wantRecipientKeys)
	}
	if first["done"] != true || len(recipients) != 3 {
		t.Errorf("recipients = %v, want 3 with the first done", recipients)
	}
}

func sortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestFormatQueueAge(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"},
		{45 * time.Second, "45s"},
		{12*time.Minute + 30*time.Second, "12m30s"},
		{3*time.Hour + 5*time.Minute, "3h05m"},
		{52 * time.Hour, "2d04h"},
	}
	for _, c := range cases {
		if got := formatQueueAge(c.d); got != c.want {
			t.Errorf("formatQueueAge(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// TestQueueCommandRealPostfix runs mailtop queue against a private Postfix
// holding one deferred message, in text and JSON, with and without a
// --domain that matches. It needs root and Postfix.
func TestQueueCommandRealPostfix(t *testing.T) {
	postfixtest.Require(t)
	useEnglishLocale(t)
	sink := postfixtest.StartSink(t)
	port, err := sink.ListenSMTP("docomo")
	if err != nil {
		t.Fatal(err)
	}
	instance := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:             map[string]int{"docomo.ne.jp": port},
		MinimalBackoffTime: 5 * time.Minute,
		MaximalBackoffTime: 10 * time.Minute,
		QueueRunDelay:      5 * time.Minute,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id, err := instance.Submit("shop@example.com", []string{"tempfail@docomo.ne.jp"}, "Your order", "Thank you.\n")
	if err != nil {
		t.Fatal(err)
	}
	err = instance.WaitLog(ctx, func(lines []string) bool {
		for _, line := range lines {
			if strings.Contains(line, id+": to=<tempfail@docomo.ne.jp>") && strings.Contains(line, "status=deferred") {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatal(err)
	}

	// run runs mailtop queue until its output contains want. The deferral
	// is logged before qmgr moves the file to deferred/, so the first
	// listing may still show it in active/.
	run := func(want string, args ...string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			opts := &options{configDir: instance.ConfigDir()}
			if err := opts.prepare(); err != nil {
				t.Fatal(err)
			}
			cmd := newQueueCommand(opts)
			var out bytes.Buffer
			cmd.SetOut(&out)
			cmd.SetArgs(args)
			if len(args) > 0 && args[0] == "--domain" {
				opts.domain = args[1]
				cmd.SetArgs(args[2:])
			}
			if err := cmd.ExecuteContext(ctx); err != nil {
				t.Fatalf("mailtop queue %q: %v", args, err)
			}
			if strings.Contains(out.String(), want) || time.Now().After(deadline) {
				return out.String()
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	text := run("deferred")
	for _, want := range []string{id + " ", "deferred", "shop@example.com", "tempfail@docomo.ne.jp  4.2.0  mailbox_unavailable  host 127.0.0.1[127.0.0.1] said: 450 4.2.0", "1 message (deferred 1) in " + instance.QueueDir()} {
		if !strings.Contains(text, want) {
			t.Errorf("text listing lacks %q:\n%s", want, text)
		}
	}

	var doc struct {
		Source   string `json:"source"`
		Messages []struct {
			QueueID    string     `json:"queue_id"`
			QueueName  string     `json:"queue_name"`
			NextRetry  *time.Time `json:"next_retry"`
			Recipients []struct {
				Address string `json:"address"`
				Status  string `json:"status"`
			} `json:"recipients"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(run(`"deferred"`, "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Source != "directory" || len(doc.Messages) != 1 || doc.Messages[0].QueueID != id ||
		doc.Messages[0].QueueName != "deferred" || doc.Messages[0].NextRetry == nil ||
		len(doc.Messages[0].Recipients) != 1 || doc.Messages[0].Recipients[0].Status != "4.2.0" {
		t.Errorf("JSON = %+v", doc)
	}

	if other := run("match", "--domain", "ezweb.ne.jp"); !strings.Contains(other, "No queued message matches the filters.") || !strings.Contains(other, "(1 queued in ") {
		t.Errorf("--domain ezweb.ne.jp listing:\n%s", other)
	}
	if docomo := run("deferred", "--domain", "docomo.ne.jp"); !strings.Contains(docomo, id) {
		t.Errorf("--domain docomo.ne.jp listing lacks %s:\n%s", id, docomo)
	}
}

// TestWriteQueueJSONDeniedPostqueueError checks that --json carries
// postqueue's error when neither the queue files nor postqueue -j could
// list the queue, as the text listing does.
func TestWriteQueueJSONDeniedPostqueueError(t *testing.T) {
	snap := deniedSnapshot()
	snap.PostqueueError = "postqueue: fatal: Queue report unavailable - mail system is down"
	var out bytes.Buffer
	if err := writeQueueJSON(&out, snap, "", queueTestNow, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		PostqueueError string `json:"postqueue_error"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s", err, out.String())
	}
	if doc.PostqueueError != snap.PostqueueError {
		t.Errorf("postqueue_error = %q, want %q", doc.PostqueueError, snap.PostqueueError)
	}
}

// TestParseClassFlagJapaneseLabel checks that --class takes the class
// names that mailtop queue prints in Japanese as well as the ids.
func TestParseClassFlagJapaneseLabel(t *testing.T) {
	cases := []struct {
		value string
		want  diagnose.Class
		ok    bool
	}{
		{"rate_limited", diagnose.RateLimited, true},
		{"RATE_LIMITED", diagnose.RateLimited, true},
		{"流量制限", diagnose.RateLimited, true},
		{"宛先不明", diagnose.UserUnknown, true},
		{"配送見合わせ", diagnose.Suspended, true},
		{"配送保留", diagnose.Suspended, true},
		{"block", diagnose.ClassNone, false},
	}
	for _, tc := range cases {
		got, ok := parseClassFlag(tc.value)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseClassFlag(%q) = %v, %v, want %v, %v", tc.value, got, ok, tc.want, tc.ok)
		}
	}
}
