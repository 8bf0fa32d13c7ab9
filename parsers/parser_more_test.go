package parsers

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

const capturedLog = "../testdata/postfix-3.7-maillog.txt"

// readLines returns the lines of a fixture without their newlines.
func readLines(tb testing.TB, path string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	return lines
}

// TestParseCapturedLog parses every line of the real Postfix 3.7 log. The
// expected counts come from grep over the file: 209 lines contain ": to=<",
// 205 "(queue active)", 75 "message-id=", 109 a severity prefix.
func TestParseCapturedLog(t *testing.T) {
	lines := readLines(t, capturedLog)
	if len(lines) != 938 {
		t.Fatalf("fixture has %d lines, want 938", len(lines))
	}
	p := testParser()
	counts := make(map[Kind]int)
	var ev Event
	for i, line := range lines {
		p.Parse(line, &ev)
		counts[ev.Kind]++
		if ev.Kind == KindUnrecognized {
			t.Errorf("line %d unrecognized: %s", i+1, line)
		}
		if y := ev.Time.Year(); y != 2026 {
			t.Errorf("line %d: year %d, want 2026", i+1, y)
		}
		if len(ev.Program) == 0 || len(ev.Host) == 0 {
			t.Errorf("line %d: header not read: %s", i+1, line)
		}
		if ev.Kind == KindDelivery && (ev.Status == StatusNone || len(ev.To) == 0 || len(ev.Relay) == 0 || len(ev.DSN) == 0) {
			t.Errorf("line %d: delivery fields missing: %+v", i+1, viewOf(&ev))
		}
	}
	want := map[Kind]int{
		KindDelivery:     209,
		KindQueued:       205,
		KindMessageID:    75,
		KindDiagnostic:   109,
		KindOther:        182,
		KindRemoved:      61,
		KindPickup:       43,
		KindNotification: 27,
		KindExpired:      8,
		KindClient:       6,
		KindReject:       5,
		KindRequeued:     3,
		KindDeleted:      2,
		KindHeld:         1,
		KindReleased:     1,
		KindExpireMarked: 1,
	}
	for k := range numKinds {
		if counts[k] != want[k] {
			t.Errorf("%v lines: got %d, want %d", k, counts[k], want[k])
		}
	}
}

// TestParseMultiRecipient checks the three recipient lines that one
// message (7E996BE094) produced: each is its own delivery event.
func TestParseMultiRecipient(t *testing.T) {
	p := testParser()
	want := []struct {
		to     string
		status Status
		code   int
	}{
		{"reject2@docomo.ne.jp", StatusBounced, 550},
		{"tempfail2@docomo.ne.jp", StatusDeferred, 450},
		{"ok2@docomo.ne.jp", StatusSent, 250},
	}
	var got []view
	for _, line := range readLines(t, capturedLog) {
		var ev Event
		p.Parse(line, &ev)
		if ev.Kind == KindDelivery && string(ev.QueueID) == "7E996BE094" {
			got = append(got, viewOf(&ev))
		}
	}
	if len(got) < len(want) {
		t.Fatalf("got %d delivery lines for 7E996BE094, want at least %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].To != w.to || got[i].Status != w.status || got[i].ReplyCode != w.code {
			t.Errorf("recipient %d: got %s %v %d, want %s %v %d", i, got[i].To, got[i].Status, got[i].ReplyCode, w.to, w.status, w.code)
		}
	}
}

func TestParseYear(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	tests := []struct {
		name string
		opts Options
		line string
		want time.Time
	}{
		{
			name: "December stamp in a January file steps back",
			opts: Options{Reference: time.Date(2027, time.January, 2, 3, 0, 0, 0, time.UTC)},
			line: "Dec 31 23:59:59 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2026, time.December, 31, 23, 59, 59, 0, time.UTC),
		},
		{
			name: "January stamp in a January file keeps the year",
			opts: Options{Reference: time.Date(2027, time.January, 2, 3, 0, 0, 0, time.UTC)},
			line: "Jan  1 00:00:01 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2027, time.January, 1, 0, 0, 1, 0, time.UTC),
		},
		{
			name: "same month keeps the year",
			opts: Options{Reference: time.Date(2026, time.December, 4, 20, 0, 0, 0, time.UTC)},
			line: "Dec 04 19:46:53 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2026, time.December, 4, 19, 46, 53, 0, time.UTC),
		},
		{
			name: "Year option wins without stepping",
			opts: Options{Year: 2020, Reference: time.Date(2027, time.January, 2, 0, 0, 0, 0, time.UTC)},
			line: "Dec 31 23:59:59 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2020, time.December, 31, 23, 59, 59, 0, time.UTC),
		},
		{
			name: "Location applies to stamps without offset",
			opts: Options{Year: 2026, Location: jst},
			line: "Dec 04 19:46:53 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2026, time.December, 4, 19, 46, 53, 0, jst),
		},
		{
			name: "Reference month is read in Location",
			// 2026-12-31T20:00Z is already January 2027 in Tokyo.
			opts: Options{Reference: time.Date(2026, time.December, 31, 20, 0, 0, 0, time.UTC), Location: jst},
			line: "Dec 31 23:59:59 mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2026, time.December, 31, 23, 59, 59, 0, jst),
		},
		{
			name: "offset stamps ignore Location",
			opts: Options{Year: 2000, Location: jst},
			line: "2026-12-04T19:46:53Z mx postfix/qmgr[1]: 6EFD4BE08E: removed",
			want: time.Date(2026, time.December, 4, 19, 46, 53, 0, time.UTC),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ev Event
			NewParser(tc.opts).Parse([]byte(tc.line), &ev)
			if !ev.Time.Equal(tc.want) || ev.Time.Location().String() != tc.want.Location().String() {
				t.Errorf("Time = %v, want %v", ev.Time, tc.want)
			}
		})
	}
}

func TestParseSetReference(t *testing.T) {
	p := NewParser(Options{Reference: time.Date(2026, time.December, 31, 0, 0, 0, 0, time.UTC)})
	line := []byte("Dec 31 23:59:59 mx postfix/qmgr[1]: 6EFD4BE08E: removed")
	var ev Event
	p.Parse(line, &ev)
	if y := ev.Time.Year(); y != 2026 {
		t.Fatalf("year before SetReference = %d, want 2026", y)
	}
	p.SetReference(time.Date(2028, time.March, 1, 0, 0, 0, 0, time.UTC))
	p.Parse(line, &ev)
	if y := ev.Time.Year(); y != 2027 {
		t.Errorf("year after SetReference = %d, want 2027", y)
	}
}

// TestParsePhase runs each stage text through a whole deferred line.
func TestParsePhase(t *testing.T) {
	tests := []struct {
		reason string
		phase  Phase
		code   int
	}{
		{"host mx[192.0.2.1] said: 550 5.7.1 No (in reply to MAIL FROM command)", PhaseMAIL, 550},
		{"host mx[192.0.2.1] said: 550 5.1.1 No (in reply to RCPT TO command)", PhaseRCPT, 550},
		{"host mx[192.0.2.1] said: 554 5.5.1 No (in reply to DATA command)", PhaseDATA, 554},
		{"host mx[192.0.2.1] said: 554 5.7.1 No (in reply to end of DATA command)", PhaseEndOfDATA, 554},
		{"host mx[192.0.2.1] said: 421 4.4.2 Bye (in reply to final RSET command)", PhaseRSET, 421},
		{"host mx[192.0.2.1] said: 421 4.4.2 Bye (in reply to RSET probe)", PhaseRSET, 421},
		{"host mx[192.0.2.1] said: 421 4.4.2 Bye (in reply to QUIT command)", PhaseQUIT, 421},
		{"host mx[192.0.2.1] said: 501 5.5.4 No (in reply to EHLO command)", PhaseHELO, 501},
		{"host mx[192.0.2.1] refused to talk to me: 554 5.7.1 Go away", PhaseGreeting, 554},
		{"lost connection with mx[192.0.2.1] while receiving the initial server greeting", PhaseGreeting, 0},
		{"lost connection with mx[192.0.2.1] while performing the EHLO handshake", PhaseHELO, 0},
		{"conversation with mx[192.0.2.1] timed out while performing the HELO handshake", PhaseHELO, 0},
		{"lost connection with mx[192.0.2.1] while performing the LHLO handshake", PhaseHELO, 0},
		{"conversation with mx[192.0.2.1] timed out while receiving the STARTTLS response", PhaseSTARTTLS, 0},
		{"lost connection with mx[192.0.2.1] while sending MAIL FROM", PhaseMAIL, 0},
		{"lost connection with mx[192.0.2.1] while sending RCPT TO", PhaseRCPT, 0},
		{"lost connection with mx[192.0.2.1] while sending DATA command", PhaseDATA, 0},
		{"conversation with mx[192.0.2.1] timed out while sending message body", PhaseBody, 0},
		{"lost connection with mx[192.0.2.1] while sending end of data -- message may be sent more than once", PhaseEndOfDATA, 0},
		{"connect to mx[192.0.2.1]:25: Connection timed out", PhaseConnect, 0},
		{"connect to mx[192.0.2.1]:25: No route to host", PhaseConnect, 0},
		{"delivery temporarily suspended: connect to mx[192.0.2.1]:25: Network is unreachable", PhaseConnect, 0},
		{"delivery temporarily suspended: lost connection with mx[192.0.2.1] while receiving the initial server greeting", PhaseGreeting, 0},
		{"delivery temporarily suspended: host mx[192.0.2.1] refused to talk to me: 421 4.7.0 Try later", PhaseGreeting, 421},
		{"mail for example.com loops back to myself", PhaseNone, 0},
		{"host mx[192.0.2.1] said: 550 error while reading (in reply to RCPT TO command)", PhaseRCPT, 550},
	}
	p := testParser()
	for _, tc := range tests {
		line := mx + "postfix/smtp[1]: 6EFD4BE08E: to=<u@example.com>, relay=none, delay=1, delays=1/0/0/0, dsn=4.0.0, status=deferred (" + tc.reason + ")"
		var ev Event
		p.Parse([]byte(line), &ev)
		if ev.Kind != KindDelivery {
			t.Errorf("%q: kind %v, want delivery", tc.reason, ev.Kind)
			continue
		}
		if ev.Phase != tc.phase {
			t.Errorf("%q: phase %v, want %v", tc.reason, ev.Phase, tc.phase)
		}
		if ev.ReplyCode != tc.code {
			t.Errorf("%q: reply code %d, want %d", tc.reason, ev.ReplyCode, tc.code)
		}
		if string(ev.Reason) != tc.reason {
			t.Errorf("reason %q, want %q", ev.Reason, tc.reason)
		}
	}
}

func TestParseNullSender(t *testing.T) {
	var ev Event
	testParser().Parse([]byte(mx+"postfix/qmgr[16879]: 8C3A3BE098: from=<>, size=2430, nrcpt=1 (queue active)"), &ev)
	if ev.From == nil || len(ev.From) != 0 {
		t.Errorf("From = %q (nil %v), want empty and not nil", ev.From, ev.From == nil)
	}
	if Domain(ev.From) != nil {
		t.Errorf("Domain(null sender) = %q, want nil", Domain(ev.From))
	}
}

// TestParseResetsEvent reuses one Event for a rich line and a plain one.
func TestParseResetsEvent(t *testing.T) {
	p := testParser()
	var ev Event
	p.Parse([]byte(parseCases[0].line), &ev)
	p.Parse([]byte(mx+"postfix/qmgr[16879]: 6EFD4BE08E: removed"), &ev)
	got := viewOf(&ev)
	want := view{Kind: KindRemoved, Time: at(19, 46, 53, 0), Host: "mx", Program: "postfix/qmgr", Daemon: "qmgr", PID: 16879, QueueID: "6EFD4BE08E", Text: "removed"}
	if d := diffViews(got, want); d != "" {
		t.Errorf("second Parse left fields behind:%s", d)
	}
}

// TestParseTrailingNewline accepts lines as bufio.Reader.ReadSlice returns
// them.
func TestParseTrailingNewline(t *testing.T) {
	p := testParser()
	for _, end := range []string{"\n", "\r\n"} {
		var ev Event
		p.Parse([]byte(mx+"postfix/qmgr[16879]: 6EFD4BE08E: removed"+end), &ev)
		if ev.Kind != KindRemoved {
			t.Errorf("line ending %q: kind %v, want removed", end, ev.Kind)
		}
	}
}

// TestParseTruncated cuts real lines at every length. Nothing may panic,
// and a cut before the form is complete must give KindUnrecognized.
func TestParseTruncated(t *testing.T) {
	tests := []struct {
		line     string
		complete string // the shortest prefix that is a whole line of its kind
	}{
		{parseCases[0].line, "status=sent ("},
		{mx + "postfix/qmgr[16879]: 7E996BE094: from=<tester@mx.example.com>, size=365, nrcpt=3 (queue active)", "(queue active)"},
		{mx + "postfix/smtpd[17533]: NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <nosuch@mx.example.com>: Recipient address rejected: User unknown in local recipient table; from=<sender@example.org> to=<nosuch@mx.example.com> proto=ESMTP helo=<client.example.org>", "]: "},
		{mx + "postfix/bounce[16926]: 71908BE08D: sender non-delivery notification: 8C3A3BE098", "8C3A3B"},
		{mx + "postfix/pickup[17497]: D355EBE0CD: uid=102 from=<tester@mx.example.com> orig_id=7ABF4BE093", "com>"},
	}
	p := testParser()
	for _, tc := range tests {
		complete := strings.Index(tc.line, tc.complete) + len(tc.complete)
		var ev Event
		for n := 0; n <= len(tc.line); n++ {
			p.Parse([]byte(tc.line[:n]), &ev)
			if n < complete && ev.Kind != KindUnrecognized {
				t.Errorf("cut at %d: kind %v, want unrecognized: %q", n, ev.Kind, tc.line[:n])
			}
		}
		if ev.Kind == KindUnrecognized {
			t.Errorf("whole line unrecognized: %q", tc.line)
		}
	}
}

func TestValidQueueID(t *testing.T) {
	tests := []struct {
		id         string
		valid      bool
		long       bool
		whyInvalid string
	}{
		{id: "7E996BE094", valid: true},
		{id: "6EFD4B", valid: true},
		{id: "4jh2DZ3Cpzz5rBg", valid: true, long: true},
		{id: "4jh2JZ4r1Fz5rFJ", valid: true, long: true},
		{id: "4jh2Jb6wWZz5rFL", valid: true, long: true},
		{id: "4jh2DZ3Cpzz5", valid: true, long: true},
		{id: "4jh2DZ3Cpz5", whyInvalid: "last z at index 9"},
		{id: "", whyInvalid: "empty"},
		{id: "NOQUEUE", whyInvalid: "placeholder, not an ID"},
		{id: "6EFD4", whyInvalid: "short form needs 6 digits"},
		{id: "6efd4be08e", whyInvalid: "lowercase hex"},
		{id: "4jh2DZ3Cpz5rBgz", whyInvalid: "nothing after the last z"},
		{id: "4jh2DZ3z5rBg", whyInvalid: "last z before index 10"},
		{id: "4jh2DZ3Cpzz5rBa", whyInvalid: "vowel"},
		{id: "4jh2DZ3Cpzz5rB.", whyInvalid: "dot"},
		{id: "bad.id", whyInvalid: "dot"},
		{id: "-rf", whyInvalid: "option"},
		{id: "../../etc/passwd", whyInvalid: "path"},
		{id: "7E996BE094 ALL", whyInvalid: "space"},
		{id: "7E996BE094\n", whyInvalid: "newline"},
		{id: strings.Repeat("A", 33), whyInvalid: "too long"},
	}
	for _, tc := range tests {
		if got := ValidQueueID(tc.id); got != tc.valid {
			t.Errorf("ValidQueueID(%q) = %v, want %v %s", tc.id, got, tc.valid, tc.whyInvalid)
		}
		if got := IsLongQueueID(tc.id); got != tc.long {
			t.Errorf("IsLongQueueID(%q) = %v, want %v", tc.id, got, tc.long)
		}
	}
}

func TestDomain(t *testing.T) {
	tests := []struct {
		addr string
		want string
		none bool
	}{
		{addr: "ok@docomo.ne.jp", want: "docomo.ne.jp"},
		{addr: "Mixed@EZweb.ne.jp", want: "EZweb.ne.jp"},
		{addr: `"a b"@example.com`, want: "example.com"},
		{addr: `"x@y"@example.com`, want: "example.com"},
		{addr: `"q\"@z"@example.com`, want: "example.com"},
		{addr: "a@b@example.com", want: "example.com"},
		{addr: "user@[192.0.2.1]", want: "[192.0.2.1]"},
		{addr: "", none: true},
		{addr: "MAILER-DAEMON", none: true},
		{addr: `"user@host"`, none: true},
		{addr: `"unterminated@example.com`, none: true},
		{addr: "user@", none: true},
	}
	for _, tc := range tests {
		got := Domain([]byte(tc.addr))
		if tc.none {
			if got != nil {
				t.Errorf("Domain(%q) = %q, want nil", tc.addr, got)
			}
			continue
		}
		if string(got) != tc.want {
			t.Errorf("Domain(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k := range numKinds {
		if k.String() == "" {
			t.Errorf("Kind(%d) has no name", k)
		}
	}
	if got := Kind(200).String(); got != "kind(200)" {
		t.Errorf("Kind(200).String() = %q, want kind(200)", got)
	}
	if got := StatusSoftBounce.String(); got != "SOFTBOUNCE" {
		t.Errorf("StatusSoftBounce.String() = %q", got)
	}
	if got := PhaseEndOfDATA.String(); got != "end-of-data" {
		t.Errorf("PhaseEndOfDATA.String() = %q", got)
	}
}

// TestParseHeaderForms rewrites every captured line into each header form
// and checks that the message fields come out the same.
func TestParseHeaderForms(t *testing.T) {
	p := testParser()
	for i, line := range readLines(t, capturedLog) {
		// "Dec 04 19:46:53 mx postfix/smtp[16895]: text"
		clock := string(line[7:15])
		rest := string(line[len("Dec 04 19:46:53 mx "):])
		tag, text, ok := strings.Cut(rest, ": ")
		if !ok {
			t.Fatalf("line %d has no tag: %s", i+1, line)
		}
		program, pid, _ := strings.Cut(strings.TrimSuffix(tag, "]"), "[")
		day := string(line[4:6])
		spaced := strings.Replace(day, "0", " ", 1)
		if day[0] != '0' {
			spaced = day
		}
		iso := "2026-12-" + day + "T" + clock

		var orig Event
		p.Parse(line, &orig)
		want := viewOf(&orig)
		want.Time, want.Host, want.Program, want.Daemon, want.PID = time.Time{}, "", "", "", 0

		forms := []struct {
			name, line string
			bare       bool
		}{
			{"traditional", "Dec " + spaced + " " + clock + " vm " + tag + ": " + text, false},
			{"no colon", "Dec " + spaced + " " + clock + " vm " + tag + " " + text, false},
			{"rfc3339", iso + ".000001+00:00 vm " + tag + ": " + text, false},
			{"short-iso", iso + "+0000 vm " + tag + ": " + text, false},
			{"rfc5424", "<22>1 " + iso + "+00:00 vm " + program + " " + pid + " - -  " + text, false},
			{"rfc5424 bare", "<22>1 " + iso + "Z vm postfix " + pid + " - -  " + text, true},
		}
		for _, f := range forms {
			var ev Event
			p.Parse([]byte(f.line), &ev)
			got := viewOf(&ev)
			if got.Time.Unix() != orig.Time.Unix() {
				t.Errorf("line %d as %s: time %v, want %v", i+1, f.name, got.Time, orig.Time)
			}
			got.Time, got.Host, got.Program, got.Daemon, got.PID = time.Time{}, "", "", "", 0
			w := want
			if f.bare && w.Kind == KindDeleted {
				// Without the daemon name, "ID: removed" is read as qmgr's.
				w.Kind = KindRemoved
			}
			if d := diffViews(got, w); d != "" {
				t.Errorf("line %d as %s %q:%s", i+1, f.name, f.line, d)
			}
		}
	}
}

// TestParseStampCache checks that a repeated timestamp text gives the same
// time, with and without a PRI in front, and that a changed one does not.
func TestParseStampCache(t *testing.T) {
	p := testParser()
	lines := []struct {
		line string
		want time.Time
	}{
		{"<22>Dec  4 19:52:10 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 10, 0)},
		{"Dec  4 19:52:10 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 10, 0)},
		{"Dec  4 19:52:10.5 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 10, 500000000)},
		{"Dec  4 19:52:10 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 10, 0)},
		{"Dec  4 19:52:11 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 11, 0)},
		{"Dec  4 19:52:11 vm postfix/qmgr[1]: 6EFD4BE08E: removed", at(19, 52, 11, 0)},
		{"Dec  4 19:52:11vm postfix/qmgr[1]: 6EFD4BE08E: removed", time.Time{}},
	}
	for i, tc := range lines {
		var ev Event
		p.Parse([]byte(tc.line), &ev)
		if !ev.Time.Equal(tc.want) {
			t.Errorf("line %d %q: time %v, want %v", i, tc.line, ev.Time, tc.want)
		}
	}
}

// TestScannerDecimal compares the hand-written decimal reader with
// strconv.ParseFloat on the value shapes Postfix logs in delay= and delays=.
func TestScannerDecimal(t *testing.T) {
	var inputs []string
	for i := 0; i < 100000; i += 7 {
		inputs = append(inputs,
			strconv.Itoa(i),
			strconv.Itoa(i/100)+"."+fmt.Sprintf("%02d", i%100),
			strconv.Itoa(i/1000)+"."+fmt.Sprintf("%03d", i%1000),
			"0.0"+strconv.Itoa(i%10))
	}
	inputs = append(inputs, "123456789012345678901234", "0.123456789012345678901")
	for _, in := range inputs {
		sc := scanner{s: []byte(in)}
		got, ok := sc.decimal()
		want, err := strconv.ParseFloat(in, 64)
		if !ok || err != nil {
			t.Fatalf("decimal(%q) ok=%v, ParseFloat error %v", in, ok, err)
		}
		// Up to 17 bytes the result must be exact, as the scale comment
		// promises. Longer inputs drop digits past 18 and only round alike.
		exact := len(in) < 18
		if exact && got != want || !exact && math.Abs(got-want) > want*1e-15 {
			t.Errorf("decimal(%q) = %v, want %v", in, got, want)
		}
		if !sc.done() {
			t.Errorf("decimal(%q) stopped at %d", in, sc.pos)
		}
	}
}
