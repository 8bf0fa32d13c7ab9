package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// encodeQueueDocument encodes snap the way mailtop queue --json did with
// encoding/json alone: the reference the hand-written writer must match
// byte for byte.
func encodeQueueDocument(t *testing.T, snap sources.QueueSnapshot, domain string, now time.Time) []byte {
	t.Helper()
	doc := queueDocument{
		Source:         string(snap.Source),
		QueueDirectory: snap.Dir,
		MailOwner:      snap.MailOwner,
		FallbackReason: snap.FallbackReason,
		PostqueueError: snap.PostqueueError,
		GeneratedAt:    now.UTC().Truncate(time.Second),
		Domain:         domain,
		Counts:         make(map[string]int),
		Incomplete:     snap.Incomplete,
		Vanished:       snap.Vanished,
		Skipped:        snap.Skipped,
		Errors:         []queueErrorJSON{},
		Messages:       []queueMessageJSON{},
	}
	for _, q := range sources.MessageQueues {
		doc.Counts[q] = snap.Counts[q]
	}
	for _, fileErr := range snap.Errors {
		doc.Errors = append(doc.Errors, queueErrorJSON{
			QueueName: fileErr.Queue, QueueID: fileErr.QueueID, Path: fileErr.Path, Error: fileErr.Err.Error(),
		})
	}
	for _, m := range snap.Messages {
		msg := queueMessageJSON{
			QueueID:      m.QueueID,
			QueueName:    m.Queue,
			ArrivalTime:  m.Arrival.UTC().Truncate(time.Second),
			AgeSeconds:   int64(now.Sub(m.Arrival) / time.Second),
			MessageSize:  m.Size,
			Sender:       m.Sender,
			ForcedExpire: m.ForcedExpire,
			SASLUsername: m.SASLUsername,
			Client:       m.Client,
			FileProblem:  queueFileProblemNames[m.FileProblem],
			Recipients:   []queueRecipientJSON{},
		}
		if m.FileProblem != sources.QueueFileOK {
			uid := m.FileUID
			msg.FileUID = &uid
		}
		if !m.NextRetry.IsZero() {
			retry := m.NextRetry.UTC()
			msg.NextRetry = &retry
		}
		for _, r := range m.Recipients {
			msg.Recipients = append(msg.Recipients, queueRecipientJSON{
				Address:      r.Address,
				OrigAddress:  r.OrigAddress,
				Done:         r.Done,
				Status:       r.Status,
				Reason:       r.Reason,
				Class:        tui.QueueReasonClass(r, nil).String(),
				BounceReason: r.BounceReason,
			})
		}
		doc.Messages = append(doc.Messages, msg)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return buf.Bytes()
}

// awkwardStrings are texts that need escaping or that encoding/json
// rewrites.
var awkwardStrings = []string{
	"",
	"plain@example.com",
	`"quoted local"@example.com`,
	`back\slash`,
	"<angle>&amp;",
	"tab\there\nnewline\rreturn",
	"\b\f\x00\x01\x1f\x7f",
	"invalid \xff\xfe utf-8 \xe3\x81",
	"line\u2028separator\u2029paragraph",
	"日本語の理由 docomo.ne.jp",
	"emoji \U0001F4E7 and \uFFFD itself",
	"\x1b[31mred\x1b[0m",
}

func TestWriteQueueJSONMatchesEncodingJSON(t *testing.T) {
	base := queueTestSnapshot()
	odd := base
	odd.Messages = append([]sources.QueuedMessage(nil), base.Messages...)
	odd.Errors = []sources.QueueFileError{{Queue: "deferred", QueueID: "ABC", Path: "/q/deferred/A/ABC", Err: errors.New("bad <record>\x01")}}
	odd.FallbackReason = "reason \xff"
	odd.PostqueueError = "postqueue: fatal: \xfe"
	odd.Incomplete, odd.Vanished, odd.Skipped = 1, 2, 3
	for i, text := range awkwardStrings {
		odd.Messages = append(odd.Messages, sources.QueuedMessage{
			Queue:        "deferred",
			QueueID:      "1234567" + string(rune('A'+i)),
			Arrival:      queueTestNow.Add(-time.Duration(i) * 1234567 * time.Microsecond),
			Size:         int64(i * 1000),
			Sender:       text,
			NextRetry:    queueTestNow.Add(time.Duration(i) * 987654321),
			ForcedExpire: i%2 == 0,
			SASLUsername: text,
			Client:       text + "[127.0.0.1]",
			Recipients: []sources.QueuedRecipient{
				{Address: text + "@docomo.ne.jp", OrigAddress: text, Status: "4.2.0",
					Reason: "host mx[1.2.3.4] said: 450 4.2.0 <" + text + ">: try again (in reply to RCPT TO command)"},
				{Address: "u@ezweb.ne.jp", Done: true, BounceReason: text},
			},
		})
	}
	odd.MailOwner = "postfix"
	odd.Messages = append(odd.Messages,
		sources.QueuedMessage{Queue: "deferred", QueueID: "ABCDEF0004", FileProblem: sources.QueueFileNotOwned, FileUID: 0},
		sources.QueuedMessage{Queue: "maildrop", QueueID: "ABCDEF0005", FileProblem: sources.QueueFileNotReadable, FileUID: 1000},
		sources.QueuedMessage{Queue: "hold", QueueID: "ABCDEF0001"},
		sources.QueuedMessage{Queue: "hold", QueueID: "ABCDEF0002", Recipients: []sources.QueuedRecipient{}},
		sources.QueuedMessage{Queue: "incoming", QueueID: "ABCDEF0003", Arrival: queueTestNow.Add(time.Hour)},
	)
	empty := sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromPostqueue, Counts: map[string]int{}}

	cases := []struct {
		name   string
		snap   sources.QueueSnapshot
		domain string
	}{
		{"sample", base, ""},
		{"awkward texts", odd, "docomo.ne.jp"},
		{"no messages", empty, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := writeQueueJSON(&got, tc.snap, tc.domain, queueTestNow, nil); err != nil {
				t.Fatal(err)
			}
			want := encodeQueueDocument(t, tc.snap, tc.domain, queueTestNow)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("output differs from encoding/json at byte %d:\ngot:\n%s\nwant:\n%s",
					firstDifference(got.Bytes(), want), got.String(), want)
			}
		})
	}
}

func TestWriteQueueJSONYearOutOfRange(t *testing.T) {
	snap := queueTestSnapshot()
	snap.Messages[0].Arrival = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	err := writeQueueJSON(&out, snap, "", queueTestNow, nil)
	if err == nil || !strings.Contains(err.Error(), "year outside of range") {
		t.Errorf("error = %v, want the year range error of time.Time.MarshalJSON", err)
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range awkwardStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := appendJSONString(nil, s)
		if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want.Bytes())
		}
	})
}

// BenchmarkWriteQueueJSONFilled writes the --json document of the queue
// named by MAILTOP_BENCH_QUEUE_DIR, read once before the timing starts:
// the part of mailtop queue --json that follows the scan. It skips
// without the variable, because it needs a filled queue
// (scripts/bench-queue.sh).
func BenchmarkWriteQueueJSONFilled(b *testing.B) {
	dir := os.Getenv("MAILTOP_BENCH_QUEUE_DIR")
	if dir == "" {
		b.Skip("set MAILTOP_BENCH_QUEUE_DIR to a filled queue directory to measure it")
	}
	snap, err := sources.ScanQueue(context.Background(), dir, sources.QueueOptions{})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if err := writeQueueJSON(io.Discard, snap, "", now, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(snap.Messages)), "messages")
}

func TestQueueClassCache(t *testing.T) {
	reasons := []struct{ status, reason string }{
		{"4.3.2", "deferred transport"},
		{"4.2.0", "host mfsmax.docomo.ne.jp[203.138.180.112] said: 421 4.2.0 <a@docomo.ne.jp>: too many connections (in reply to RCPT TO command)"},
		{"5.0.0", "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user b@docomo.ne.jp (in reply to end of DATA command)"},
		{"5.0.0", "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user other@docomo.ne.jp (in reply to end of DATA command)"},
		{"4.7.0", "host mx.au.com[1.2.3.4] said: 450 4.7.0 rate limited (in reply to MAIL FROM command)"},
		{"4.4.1", "connect to mx.example.com[192.0.2.1]:25: Connection refused"},
		{"", ""},
	}
	addresses := []string{"a@docomo.ne.jp", "b@docomo.ne.jp", "c@DOCOMO.ne.jp", "x@ezweb.ne.jp", "no-domain", `"a@b"@au.com`}
	cache := newQueueClassCache(nil)
	for round := range 2 {
		for _, address := range addresses {
			for _, tc := range reasons {
				r := sources.QueuedRecipient{Address: address, Status: tc.status, Reason: tc.reason}
				want := tui.QueueReasonClass(r, nil).String()
				if got := cache.class(&r); got != want {
					t.Errorf("round %d: class of %s with %q = %q, want %q", round, address, tc.reason, got, want)
				}
			}
		}
	}
}

// failingWriter accepts up to limit bytes, then fails every write.
type failingWriter struct {
	limit   int
	written int
}

var errWriterFull = errors.New("writer full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.written+len(p) > w.limit {
		return 0, errWriterFull
	}
	w.written += len(p)
	return len(p), nil
}

func TestWriteQueueJSONWriteError(t *testing.T) {
	snap := queueTestSnapshot()
	template := snap.Messages[1]
	snap.Messages = nil
	for range 5 * queueJSONChunk {
		snap.Messages = append(snap.Messages, template)
	}
	for _, limit := range []int{0, 100, 3 * 512 * 1024} {
		done := make(chan error, 1)
		go func() { done <- writeQueueJSON(&failingWriter{limit: limit}, snap, "", queueTestNow, nil) }()
		select {
		case err := <-done:
			if !errors.Is(err, errWriterFull) {
				t.Errorf("limit %d: error %v, want the writer's error", limit, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("limit %d: writeQueueJSON still running after 10 seconds", limit)
		}
	}
}
