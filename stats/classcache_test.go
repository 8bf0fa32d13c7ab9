package stats

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/internal/loggen"
	"github.com/mailtop/mailtop/parsers"
)

// classifyDirect classifies ev the way the collector did before it cached.
func classifyDirect(ev *parsers.Event, domain string) diagnose.Result {
	return diagnose.Classify(diagnose.Input{
		Status:    ev.Status,
		DSN:       string(ev.DSN),
		ReplyCode: ev.ReplyCode,
		Phase:     ev.Phase,
		Reason:    string(ev.Reason),
		Relay:     string(ev.Relay),
		Domain:    domain,
		Recipient: string(ev.To),
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	})
}

// Every failure in the captured log, classified once to fill the cache and
// once more from it, must get what diagnose.Classify gives.
func TestClassifyAttemptMatchesClassify(t *testing.T) {
	f, err := os.Open("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatalf("open the test log: %v", err)
	}
	defer f.Close()

	p := parsers.NewParser(parsers.Options{Year: 2026})
	c := New(Config{})
	var ev parsers.Event
	failures := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p.Parse(sc.Bytes(), &ev)
		if ev.Kind != parsers.KindDelivery || ev.Status == parsers.StatusSent || ev.Status == parsers.StatusDeliverable {
			continue
		}
		failures++
		_, domain := c.domain(ev.To)
		want := classifyDirect(&ev, domain)
		for round := range 2 {
			got := c.classifyAttempt(&ev, domain, &domainState{name: domain})
			if got.class != want.Class || got.collateral != want.Collateral {
				t.Errorf("round %d: %s: class %v collateral %v, want %v %v",
					round, sc.Bytes(), got.class, got.collateral, want.Class, want.Collateral)
			}
			if reason := got.attemptReason(&ev); reason != string(ev.Reason) {
				t.Errorf("round %d: reason %q, want %q", round, reason, ev.Reason)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read the test log: %v", err)
	}
	if failures < 150 {
		t.Fatalf("classified %d failures, want the log's 160", failures)
	}
}

// A reject at end of DATA that names another address is collateral for one
// recipient and not for the one it names, although the reply is the same.
func TestClassifyAttemptKeepsRecipientForData(t *testing.T) {
	const reason = "host mx.example[192.0.2.1] said: 550 5.7.1 <a@example.com>: mailbox refuses mail (in reply to end of DATA command)"
	named := delivery(t0, "1A2B3C", "a@example.com", parsers.StatusBounced, "5.7.1", reason)
	named.Phase, named.ReplyCode = parsers.PhaseEndOfDATA, 550
	other := delivery(t0, "1A2B3C", "b@example.com", parsers.StatusBounced, "5.7.1", reason)
	other.Phase, other.ReplyCode = parsers.PhaseEndOfDATA, 550

	c := New(Config{})
	for _, ev := range []*parsers.Event{named, other, named, other} {
		want := classifyDirect(ev, "example.com")
		got := c.classifyAttempt(ev, "example.com", &domainState{name: "example.com"})
		if got.collateral != want.Collateral || got.class != want.Class {
			t.Errorf("to=%s: class %v collateral %v, want %v %v", ev.To, got.class, got.collateral, want.Class, want.Collateral)
		}
	}
	if !classifyDirect(other, "example.com").Collateral {
		t.Error("diagnose.Classify no longer marks the other recipient collateral; the test needs a new reply")
	}
}

func TestClassifyAttemptCacheBounded(t *testing.T) {
	c := New(Config{})
	ev := deferred(t0, "1A2B3C", "u@example.com")
	for i := range 3*maxClassified + 10 {
		ev.DSN = []byte{'4', '.', byte('0' + i%10), '.', byte('0' + i/10%10), byte('0' + i/100%10), byte('0' + i/1000%10), byte('0' + i/10000%10)}
		c.classifyAttempt(ev, "example.com", &domainState{name: "example.com"})
		if n := len(c.classifier.classes) + len(c.classifier.olderClasses); n > 2*maxClassified {
			t.Fatalf("cache has %d entries after %d failures, want at most %d", n, i+1, 2*maxClassified)
		}
	}
}

// A reply that keeps coming stays cached while a stream of one-off replies
// fills the cache again and again: each hit moves it to the newer
// generation.
func TestClassifyAttemptKeepsFrequentReply(t *testing.T) {
	c := New(Config{})
	frequent := deferred(t0, "1A2B3C", "u@docomo.ne.jp")
	rare := deferred(t0, "1A2B3D", "u@example.com")
	d := &domainState{name: "docomo.ne.jp"}
	for i := range 5 * maxClassified {
		rare.Reason = []byte("host mx" + strconv.Itoa(i) + ".example.com[192.0.2.1] said: 421 4.7.0 Try again later")
		c.classifyAttempt(rare, "example.com", &domainState{name: "example.com"})
		if i%100 == 0 {
			c.classifyAttempt(frequent, "docomo.ne.jp", d)
		}
	}
	before := c.classifier.misses
	c.classifyAttempt(frequent, "docomo.ne.jp", d)
	if c.classifier.misses != before {
		t.Error("the frequent reply was classified again after the cache filled with one-off replies")
	}
}

// The relay counts through its carrier only: the same reply through two
// addresses of one host is classified once, and through a carrier's host
// it gets that carrier's meaning, as diagnose.Classify gives it.
func TestClassifyAttemptKeysRelayByCarrier(t *testing.T) {
	c := New(Config{})
	d, domain := c.domain([]byte("taro@example.jp"))
	const reply = " said: 550 Unknown user (in reply to end of DATA command)"
	for _, relay := range []string{
		"mx.example.jp[192.0.2.1]:25",
		"mx.example.jp[192.0.2.2]:25",
		"mfsmax.docomo.ne.jp[203.0.113.5]:25",
		"mx.example.jp[192.0.2.3]:25",
	} {
		ev := delivery(t0, "1A2B3C", "taro@example.jp", parsers.StatusBounced, "5.0.0", "host "+relay+reply)
		ev.Phase, ev.ReplyCode, ev.Relay = parsers.PhaseEndOfDATA, 550, []byte(relay)
		want := classifyDirect(ev, domain)
		got := c.classifyAttempt(ev, domain, d)
		if got.class != want.Class || got.collateral != want.Collateral {
			t.Errorf("relay %s: class %v collateral %v, want %v %v", relay, got.class, got.collateral, want.Class, want.Collateral)
		}
	}
	if want := diagnose.Filtered; classifyDirect(&parsers.Event{
		Kind: parsers.KindDelivery, Status: parsers.StatusBounced, Phase: parsers.PhaseEndOfDATA, ReplyCode: 550,
		To: []byte("taro@example.jp"), Relay: []byte("mfsmax.docomo.ne.jp[203.0.113.5]:25"), DSN: []byte("5.0.0"),
		Reason: []byte("host mfsmax.docomo.ne.jp[203.0.113.5]" + reply),
	}, domain).Class != want {
		t.Errorf("diagnose.Classify no longer gives %v through docomo's host; the test needs a new reply", want)
	}
}

// BenchmarkClassifyAttempt classifies the greylisting reply over and over,
// which the cache returns after the first call.
func BenchmarkClassifyAttempt(b *testing.B) {
	c := New(Config{})
	ev := deferred(t0, "1A2B3C", "u@docomo.ne.jp")
	b.ReportAllocs()
	for b.Loop() {
		c.classifyAttempt(ev, "docomo.ne.jp", &domainState{name: "docomo.ne.jp"})
	}
}

// On a generated log, where most replies before DATA quote the recipient,
// the cache shares one classification among the recipients and each
// attempt still gets its own reason text.
func TestClassifyAttemptSharesQuotedRecipients(t *testing.T) {
	var log bytes.Buffer
	if _, err := loggen.Generate(&log, loggen.Options{Lines: 60000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	p := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	c := New(Config{})
	var ev parsers.Event
	quoted, failures, fromLine := 0, 0, 0
	sc := bufio.NewScanner(&log)
	for sc.Scan() {
		p.Parse(sc.Bytes(), &ev)
		if ev.Kind != parsers.KindDelivery || ev.Status == parsers.StatusSent || ev.Status == parsers.StatusDeliverable {
			continue
		}
		failures++
		if quotedAddress(ev.Reason, ev.To) >= 0 && !collateralPossible(ev.Phase) {
			quoted++
		}
		d, domain := c.domain(ev.To)
		want := classifyDirect(&ev, domain)
		got := c.classifyAttempt(&ev, domain, d)
		if got.class != want.Class || got.collateral != want.Collateral {
			t.Errorf("%s: class %v collateral %v, want %v %v", sc.Bytes(), got.class, got.collateral, want.Class, want.Collateral)
		}
		if reason := got.attemptReason(&ev); reason != string(ev.Reason) {
			t.Errorf("reason %q, want %q", reason, ev.Reason)
		}
		if got.lineReason {
			fromLine++
		}
	}
	if fromLine < quoted/2 {
		t.Errorf("%d of %d failures that quote the recipient took the line's reason, want most: the cache copied the others", fromLine, quoted)
	}
	if quoted < 100 {
		t.Fatalf("only %d of %d failures quote the recipient: the test needs more", quoted, failures)
	}
	if n := len(c.classifier.classes); n > failures/10 {
		t.Errorf("%d cache entries for %d failures: quoted recipients are not shared", n, failures)
	}
}

// With override rules, which may match an address, the quoted recipient
// stays part of the key.
func TestClassifyAttemptKeepsRecipientWithOverrides(t *testing.T) {
	overrides, err := diagnose.CompileOverrides([]diagnose.OverrideRule{{Pattern: `vip@`, Class: "blocked"}})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{Overrides: overrides})
	for _, to := range []string{"taro@example.jp", "vip@example.jp"} {
		ev := event(parsers.KindDelivery, at(0), "A1", "smtp")
		ev.Status, ev.Phase, ev.DSN = parsers.StatusBounced, parsers.PhaseRCPT, []byte("5.1.1")
		ev.To = []byte(to)
		ev.Reason = []byte("host mx.example.jp[192.0.2.1] said: 550 5.1.1 <" + to + ">: Unknown user (in reply to RCPT TO command)")
		d, domain := c.domain(ev.To)
		got := c.classifyAttempt(ev, domain, d)
		want := diagnose.UserUnknown
		if to == "vip@example.jp" {
			want = diagnose.Blocked
		}
		if got.class != want {
			t.Errorf("%s: class %v, want %v", to, got.class, want)
		}
	}
}

// The intern table stays bounded, and a relay that keeps coming stays
// shared while one-off relays pass through it.
func TestInternKeepsFrequentStrings(t *testing.T) {
	c := New(Config{})
	hot := c.intern([]byte("mfsmax.docomo.ne.jp[203.0.113.5]:25"))
	for i := range 5 * maxInterned {
		c.intern([]byte("mx" + strconv.Itoa(i) + ".example.com[192.0.2.1]:25"))
		if i%100 == 0 {
			if got := c.intern([]byte(hot)); unsafe.StringData(got) != unsafe.StringData(hot) {
				t.Fatalf("after %d one-off relays the frequent one is no longer shared", i)
			}
		}
		if n := len(c.interned.current) + len(c.interned.older); n > 2*maxInterned {
			t.Fatalf("intern table has %d entries, want at most %d", n, 2*maxInterned)
		}
	}
}

// attemptReason returns the reason an attempt of the delivery line ev
// classified as res records, before it shares the text of an earlier
// attempt.
func (res classified) attemptReason(ev *parsers.Event) string {
	if res.lineReason {
		return string(ev.Reason)
	}
	return res.reason
}

// A reject at end of DATA that names the message's own sender is not
// collateral, whichever way the line is classified, while one that names
// another recipient still is.
func TestDeliveryCollateralKnowsSender(t *testing.T) {
	const (
		spam  = "host mx.example[192.0.2.1] said: 550 5.7.1 <shop@shop.example>: Message rejected as spam (in reply to end of DATA command)"
		other = "host mx.example[192.0.2.1] said: 550 5.7.1 <b@example.com>: mailbox refuses mail (in reply to end of DATA command)"
	)
	lines := func() []parsers.Event {
		var events []parsers.Event
		for _, m := range []struct{ id, reason string }{{"1A2B3C", spam}, {"2A2B3C", other}} {
			ev := delivery(t0, m.id, "a@example.com", parsers.StatusBounced, "5.7.1", m.reason)
			ev.Phase, ev.ReplyCode = parsers.PhaseEndOfDATA, 550
			events = append(events, *queued(t0, m.id, "shop@shop.example", 2), *ev)
		}
		return events
	}
	check := func(t *testing.T, c *Collector) {
		t.Helper()
		for id, want := range map[string]bool{"1A2B3C": false, "2A2B3C": true} {
			m, ok := c.Message(id)
			if !ok || len(m.Recipients) != 1 || len(m.Recipients[0].Attempts) != 1 {
				t.Fatalf("message %s: %+v, want one recipient with one attempt", id, m)
			}
			if got := m.Recipients[0].Attempts[0].Collateral; got != want {
				t.Errorf("message %s: collateral %v, want %v", id, got, want)
			}
		}
	}

	t.Run("collector classifies", func(t *testing.T) {
		c := New(Config{})
		events := lines()
		c.AddBatch(events, make([][]byte, len(events)))
		check(t, c)
	})
	t.Run("batch classified before", func(t *testing.T) {
		c := New(Config{})
		events := lines()
		k := c.NewClassifier()
		classes := make([]Classification, len(events))
		for i := range events {
			classes[i] = k.Classify(&events[i])
		}
		c.AddBatchClassified(events, make([][]byte, len(events)), classes)
		check(t, c)
	})
}
