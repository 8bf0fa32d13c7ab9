package parsers

import (
	"testing"
	"unsafe"
)

// allocCases name one line of each common kind, for the allocation test and
// the per-kind benchmarks.
var allocCases = []struct {
	name string
	line string
}{
	{"connect", mx + "postfix/smtpd[20222]: connect from localhost[127.0.0.1]"},
	{"disconnect", mx + "postfix/smtpd[17533]: disconnect from unknown[127.0.0.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"},
	{"tls", mx + "postfix/smtp[16895]: Untrusted TLS connection established to 127.0.0.1[127.0.0.1]:2525: TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature ECDSA (prime256v1) server-digest SHA256"},
	{"client", mx + "postfix/smtpd[20222]: 4jh2Jb6wWZz5rFL: client=localhost[127.0.0.1]"},
	{"message-id", mx + "postfix/cleanup[16888]: 6EFD4BE08E: message-id=<1796413613434539117.16882@example.com>"},
	{"qmgr", mx + "postfix/qmgr[16879]: 7E996BE094: from=<tester@mx.example.com>, size=365, nrcpt=3 (queue active)"},
	{"removed", mx + "postfix/qmgr[16879]: 6EFD4BE08E: removed"},
	{"pickup", mx + "postfix/pickup[17497]: D355EBE0CD: uid=102 from=<tester@mx.example.com> orig_id=7ABF4BE093"},
	{"delivery-sent", mx + "postfix/smtp[16895]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0.03/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)"},
	{"delivery-deferred", mx + "postfix/smtp[16918]: 7ABF4BE093: to=<shutdown@softbank.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.01/0.03/0.06/0, dsn=4.7.0, status=deferred (host 127.0.0.1[127.0.0.1] said: 421 4.7.0 sink.example.test Service not available, closing transmission channel (in reply to RCPT TO command))"},
	{"reject", mx + "postfix/smtpd[17533]: NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <nosuch@mx.example.com>: Recipient address rejected: User unknown in local recipient table; from=<sender@example.org> to=<nosuch@mx.example.com> proto=ESMTP helo=<client.example.org>"},
	{"notification", mx + "postfix/bounce[16926]: 71908BE08D: sender non-delivery notification: 8C3A3BE098"},
	{"warning", mx + "postfix/local[16930]: warning: hash:/etc/postfix-mailtop/aliases: lookup of 'tester' failed"},
	{"rfc3339", "2026-12-04T19:52:10.724915+00:00 vm postfix/qmgr[16879]: 6EFD4BE08E: removed"},
	{"rfc3339-offset", "2026-12-05T04:52:10.724915+09:00 vm postfix/qmgr[16879]: 6EFD4BE08E: removed"},
	{"rfc5424", "<22>1 2026-12-04T19:52:10+00:00 vm postfix 16895 - -  6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0.02/0.03/0.05/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)"},
	{"foreign", mx + "dovecot: imap-login: Login: user=<u>"},
	{"unrecognized", mx + "postfix/smtp[7]: something new"},
}

// TestParseAllocs proves that each common kind parses without allocating.
// The parser is warmed first, because the first timestamp with a non-zero
// offset allocates its zone once.
func TestParseAllocs(t *testing.T) {
	p := testParser()
	var ev Event
	for _, tc := range allocCases {
		line := []byte(tc.line)
		p.Parse(line, &ev)
		if allocs := testing.AllocsPerRun(100, func() { p.Parse(line, &ev) }); allocs != 0 {
			t.Errorf("%s: %v allocations per line, want 0", tc.name, allocs)
		}
	}
}

// BenchmarkParseLog parses the captured 938-line log, every line into its
// event, and reports lines per second.
func BenchmarkParseLog(b *testing.B) {
	benchmarkLines(b, readLines(b, capturedLog))
}

// BenchmarkParseLogScaled parses the captured log's mix repeated 100 times
// (93,800 lines, about 14 MB), so the input no longer fits in the CPU
// caches as the small log does.
func BenchmarkParseLogScaled(b *testing.B) {
	lines := readLines(b, capturedLog)
	scaled := make([][]byte, 0, 100*len(lines))
	for range 100 {
		for _, l := range lines {
			scaled = append(scaled, append([]byte(nil), l...))
		}
	}
	benchmarkLines(b, scaled)
}

// BenchmarkParseCases parses the test table: every header form and kind.
func BenchmarkParseCases(b *testing.B) {
	lines := make([][]byte, len(parseCases))
	for i, tc := range parseCases {
		lines[i] = []byte(tc.line)
	}
	benchmarkLines(b, lines)
}

// BenchmarkParseKind parses one line of each common kind.
func BenchmarkParseKind(b *testing.B) {
	for _, tc := range allocCases {
		b.Run(tc.name, func(b *testing.B) {
			benchmarkLines(b, [][]byte{[]byte(tc.line)})
		})
	}
}

func benchmarkLines(b *testing.B, lines [][]byte) {
	p := testParser()
	var ev Event
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	var kinds [numKinds]int
	for b.Loop() {
		for _, l := range lines {
			p.Parse(l, &ev)
			kinds[ev.Kind]++
		}
	}
	n := float64(b.N) * float64(len(lines))
	b.ReportMetric(n/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/line")
	if kinds[KindDelivery] == 0 && len(lines) > 1 {
		b.Fatal("no delivery line parsed")
	}
}

// FuzzParse feeds arbitrary bytes to Parse. It must not panic, and every
// byte slice in the event must lie within the input line.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.line))
	}
	for _, l := range readLines(f, capturedLog) {
		f.Add(l)
	}
	p := testParser()
	f.Fuzz(func(t *testing.T, line []byte) {
		var ev Event
		p.Parse(line, &ev)
		fields := []struct {
			name string
			b    []byte
		}{
			{"Host", ev.Host}, {"Program", ev.Program}, {"Daemon", ev.Daemon},
			{"QueueID", ev.QueueID}, {"Text", ev.Text}, {"To", ev.To},
			{"OrigTo", ev.OrigTo}, {"Relay", ev.Relay}, {"DSN", ev.DSN},
			{"Reason", ev.Reason}, {"From", ev.From}, {"MessageID", ev.MessageID},
			{"OrigID", ev.OrigID}, {"Client", ev.Client}, {"SASLUsername", ev.SASLUsername},
			{"Action", ev.Action}, {"Stage", ev.Stage}, {"NewID", ev.NewID},
		}
		for _, fl := range fields {
			if !within(fl.b, line) {
				t.Fatalf("%s %q is not a sub-slice of the line %q", fl.name, fl.b, line)
			}
		}
		if ev.Kind >= numKinds {
			t.Fatalf("kind %d out of range", ev.Kind)
		}
		if ev.QueueID != nil && !isNoQueue(ev.QueueID) && !ValidQueueID(string(ev.QueueID)) {
			t.Fatalf("QueueID %q is not valid", ev.QueueID)
		}
		if ev.Kind == KindUnrecognized && (ev.To != nil || ev.Status != StatusNone) {
			t.Fatalf("unrecognized line kept form fields: %+v", viewOf(&ev))
		}
	})
}

// within reports whether b is nil or lies inside line's memory.
func within(b, line []byte) bool {
	if b == nil {
		return true
	}
	if len(line) == 0 {
		return len(b) == 0
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= start && p+uintptr(len(b)) <= start+uintptr(len(line))
}
