package loggen

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

const capturedLog = "../../testdata/postfix-3.7-maillog.txt"

func generate(t testing.TB, opts Options) ([]byte, *Expected) {
	t.Helper()
	var buf bytes.Buffer
	exp, err := Generate(&buf, opts)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opts, err)
	}
	return buf.Bytes(), exp
}

// TestGenerateMixMatchesCapturedLog compares the share of each line
// category with the captured log's. Categories of at least 1% of the
// captured log must be within a factor of 1.4 of it. Rarer ones have fewer
// than ten lines in the captured log, so they only need to be present.
func TestGenerateMixMatchesCapturedLog(t *testing.T) {
	f, err := os.Open(capturedLog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	captured, err := MeasureMix(f, parsers.Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	log, _ := generate(t, Options{Lines: 200000, Seed: 7})
	generated, err := MeasureMix(bytes.NewReader(log), parsers.Options{Year: 2026})
	if err != nil {
		t.Fatal(err)
	}

	for _, name := range captured.Names() {
		want, got := captured.Share(name), generated.Share(name)
		switch {
		case want >= 0.01 && (got < want/1.4 || got > want*1.4):
			t.Errorf("%s: %.2f%% of lines, want %.2f%% within a factor of 1.4", name, 100*got, 100*want)
		case got == 0:
			t.Errorf("%s: no lines, want some (%.2f%% in the captured log)", name, 100*want)
		}
	}
	for _, name := range []string{"unrecognized", "foreign", "other-agent other"} {
		if n := generated.Categories[name]; n != 0 {
			t.Errorf("%s: %d lines, want 0", name, n)
		}
	}
	if generated.Categories["other-agent suspended"] == 0 {
		t.Error("no \"delivery temporarily suspended\" lines")
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a, expA := generate(t, Options{Lines: 20000, Seed: 3})
	b, expB := generate(t, Options{Lines: 20000, Seed: 3})
	if !bytes.Equal(a, b) {
		t.Error("two logs from seed 3 differ")
	}
	if expA.Totals != expB.Totals || len(expA.Domains) != len(expB.Domains) {
		t.Errorf("expected counts differ: %+v and %+v", expA.Totals, expB.Totals)
	}
	c, _ := generate(t, Options{Lines: 20000, Seed: 4})
	if bytes.Equal(a, c) {
		t.Error("seeds 3 and 4 give the same log")
	}
}

// TestGenerateEveryLineParses reads each header format back with the
// parser: every line is a known Postfix form, times never go backwards,
// and the log crosses midnight.
func TestGenerateEveryLineParses(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	for _, tc := range []struct {
		name   string
		header HeaderFormat
		start  time.Time
		prefix string
	}{
		{"maillog", HeaderMaillog, time.Time{}, "Dec 04 06:00:"},
		{"syslog", HeaderSyslog, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), "Mar  1 12:00:"},
		{"rfc3339", HeaderRFC3339, time.Date(2026, 12, 4, 6, 0, 0, 0, tokyo), "2026-12-04T06:00:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log, exp := generate(t, Options{Lines: 30000, Seed: 11, Header: tc.header, Start: tc.start})
			if !bytes.HasPrefix(log, []byte(tc.prefix)) {
				t.Errorf("first line %q, want prefix %q", firstLine(log), tc.prefix)
			}
			p := parsers.NewParser(parsers.Options{Year: 2026, Location: tc.start.Location()})
			if tc.start.IsZero() {
				p = parsers.NewParser(parsers.Options{Year: 2026})
			}
			var ev parsers.Event
			var last time.Time
			days := map[int]bool{}
			n := 0
			sc := bufio.NewScanner(bytes.NewReader(log))
			for sc.Scan() {
				n++
				p.Parse(sc.Bytes(), &ev)
				if ev.Kind == parsers.KindUnrecognized || ev.Kind == parsers.KindForeign {
					t.Fatalf("line %d is %v: %s", n, ev.Kind, sc.Text())
				}
				if ev.Time.Before(last) {
					t.Fatalf("line %d goes back in time to %v from %v: %s", n, ev.Time, last, sc.Text())
				}
				last = ev.Time
				days[ev.Time.YearDay()] = true
			}
			if n != 30000 || exp.Lines != 30000 {
				t.Errorf("%d lines written, Expected.Lines %d, want 30000", n, exp.Lines)
			}
			if len(days) < 2 {
				t.Errorf("log spans %d day, want the date to roll over", len(days))
			}
			if !exp.Last.Equal(last.Truncate(time.Second)) {
				t.Errorf("Expected.Last %v, last line at %v", exp.Last, last)
			}
		})
	}
}

// TestGenerateLinesHaveEveryKind looks for the line forms a stats engine
// must handle, by their text.
func TestGenerateLinesHaveEveryKind(t *testing.T) {
	log, _ := generate(t, Options{Lines: 200000, Seed: 1})
	for _, want := range []string{
		"said: 450 4.7.1 <", "Greylisted",
		"said: 421 4.7.0 ",
		"Unknown user (in reply to RCPT TO command)",
		"(in reply to end of DATA command)",
		"postfix/error[", "relay=none", "delivery temporarily suspended: host mfsmax.docomo.ne.jp",
		"status=expired, returned to sender",
		"status=force-expired, returned to sender",
		"sender non-delivery notification: ",
		"sender delay notification: ",
		"NOQUEUE: reject: RCPT from ",
		": placed on hold", ": released from hold", ": requeued", " orig_id=",
		"postfix/postsuper[", "postfix/lmtp[", "postfix/local[", "postfix/discard[",
		"connect from ", "disconnect from ", ": client=", "Anonymous TLS connection established from ",
		"Untrusted TLS connection established to ", "Trusted TLS connection established to ",
		"warning: ", "nrcpt=1 (queue active)", "@ezweb.ne.jp>", "@au.com>", "@softbank.ne.jp>",
		"@i.softbank.jp>", "@gmail.com>", "@yahoo.co.jp>", "@icloud.com>", "@outlook.jp>",
	} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("no line contains %q", want)
		}
	}
}

// TestGenerateQueueIDs checks that every queue ID is valid, that both
// forms appear, and that no message takes the ID of one still in the queue.
func TestGenerateQueueIDs(t *testing.T) {
	log, _ := generate(t, Options{Lines: 100000, Seed: 5})
	p := parsers.NewParser(parsers.Options{Year: 2026})
	var ev parsers.Event
	live := map[string]bool{}
	short, long := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(log))
	for sc.Scan() {
		p.Parse(sc.Bytes(), &ev)
		id := string(ev.QueueID)
		if id == "" || id == "NOQUEUE" {
			continue
		}
		if !parsers.ValidQueueID(id) {
			t.Fatalf("invalid queue ID %q: %s", id, sc.Text())
		}
		opens := ev.Kind == parsers.KindPickup || ev.Kind == parsers.KindClient ||
			(ev.Kind == parsers.KindMessageID && !live[id] && strings.Contains(string(ev.MessageID), "@mx.example.com"))
		switch {
		case opens && live[id]:
			t.Fatalf("queue ID %s reused while its message is queued: %s", id, sc.Text())
		case opens:
			live[id] = true
			if parsers.IsLongQueueID(id) {
				long++
			} else {
				short++
			}
		case ev.Kind == parsers.KindRemoved || ev.Kind == parsers.KindDeleted || ev.Kind == parsers.KindRequeued:
			delete(live, id)
		}
	}
	if short == 0 || long == 0 {
		t.Errorf("%d short and %d long queue IDs, want both", short, long)
	}
	if ratio := float64(long) / float64(short+long); ratio < 0.2 || ratio > 0.3 {
		t.Errorf("long queue IDs are %.2f of all, want about 0.25", ratio)
	}
}

func TestQueueIDForms(t *testing.T) {
	// The examples of the captured log: 7E996BE094 is microseconds 0x7E996
	// and inode 0xBE094; 4jh2DZ3Cpzz5rBg is 1796413870 s, 453803 us and
	// inode 778244.
	if got := shortQueueID(0x7E996, 0xBE094); got != "7E996BE094" {
		t.Errorf("shortQueueID = %s, want 7E996BE094", got)
	}
	if got := longQueueID(time.Unix(1796413870, 0), 453803, 778244); got != "4jh2DZ3Cpzz5rBg" {
		t.Errorf("longQueueID = %s, want 4jh2DZ3Cpzz5rBg", got)
	}
	if got := shortQueueID(0, 0x40000); !parsers.ValidQueueID(got) {
		t.Errorf("shortQueueID(0, 0x40000) = %s, not a valid queue ID", got)
	}
}

func TestGenerateDomains(t *testing.T) {
	_, exp := generate(t, Options{Lines: 1000000, Seed: 2})
	if n := len(exp.Domains); n < 2000 {
		t.Errorf("%d distinct domains in a million lines, want thousands", n)
	}
	docomo := exp.Domains["docomo.ne.jp"]
	if docomo.Sent == 0 || docomo.Deferred == 0 || docomo.Bounced == 0 || docomo.Expired == 0 {
		t.Errorf("docomo.ne.jp counts %+v, want every outcome", docomo)
	}
	if exp.Last.Sub(exp.First) < 20*time.Hour {
		t.Errorf("a million lines span %v, want about a day", exp.Last.Sub(exp.First))
	}
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	for _, lines := range []int{0, -5} {
		if _, err := Generate(&bytes.Buffer{}, Options{Lines: lines}); err == nil {
			t.Errorf("Generate with %d lines: no error", lines)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestGenerateReportsWriteError(t *testing.T) {
	_, err := Generate(failingWriter{}, Options{Lines: 100000})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Generate to a failing writer: error %v, want one naming disk full", err)
	}
}

func TestParseHeaderFormat(t *testing.T) {
	for name, want := range map[string]HeaderFormat{"maillog": HeaderMaillog, "syslog": HeaderSyslog, "rfc3339": HeaderRFC3339} {
		if got, err := ParseHeaderFormat(name); err != nil || got != want {
			t.Errorf("ParseHeaderFormat(%q) = %v, %v", name, got, err)
		}
	}
	if _, err := ParseHeaderFormat("json"); err == nil {
		t.Error("ParseHeaderFormat(\"json\"): no error")
	}
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}
