package stats

import (
	"bufio"
	"bytes"
	"os"
	"testing"
	"time"

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
			got := c.classifyAttempt(&ev, string(ev.DSN), string(ev.Relay), domain, &domainState{name: domain})
			if got.class != want.Class || got.collateral != want.Collateral {
				t.Errorf("round %d: %s: class %v collateral %v, want %v %v",
					round, sc.Bytes(), got.class, got.collateral, want.Class, want.Collateral)
			}
			if got.reason != string(ev.Reason) {
				t.Errorf("round %d: reason %q, want %q", round, got.reason, ev.Reason)
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
		got := c.classifyAttempt(ev, string(ev.DSN), string(ev.Relay), "example.com", &domainState{name: "example.com"})
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
	for i := range maxClassified + 10 {
		ev.DSN = []byte{'4', '.', byte('0' + i%10), '.', byte('0' + i/10%10), byte('0' + i/100%10), byte('0' + i/1000%10)}
		c.classifyAttempt(ev, string(ev.DSN), string(ev.Relay), "example.com", &domainState{name: "example.com"})
		if len(c.classes) > maxClassified {
			t.Fatalf("cache has %d entries after %d failures, want at most %d", len(c.classes), i+1, maxClassified)
		}
	}
}

// BenchmarkClassifyAttempt classifies the greylisting reply over and over,
// which the cache returns after the first call.
func BenchmarkClassifyAttempt(b *testing.B) {
	c := New(Config{})
	ev := deferred(t0, "1A2B3C", "u@docomo.ne.jp")
	b.ReportAllocs()
	for b.Loop() {
		c.classifyAttempt(ev, "4.2.0", "127.0.0.1[127.0.0.1]:2525", "docomo.ne.jp", &domainState{name: "docomo.ne.jp"})
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
	quoted, failures := 0, 0
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
		got := c.classifyAttempt(&ev, string(ev.DSN), string(ev.Relay), domain, d)
		if got.class != want.Class || got.collateral != want.Collateral {
			t.Errorf("%s: class %v collateral %v, want %v %v", sc.Bytes(), got.class, got.collateral, want.Class, want.Collateral)
		}
		if got.reason != string(ev.Reason) {
			t.Errorf("reason %q, want %q", got.reason, ev.Reason)
		}
	}
	if quoted < 100 {
		t.Fatalf("only %d of %d failures quote the recipient: the test needs more", quoted, failures)
	}
	if n := len(c.classes); n > failures/10 {
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
		got := c.classifyAttempt(ev, "5.1.1", "", domain, d)
		want := diagnose.UserUnknown
		if to == "vip@example.jp" {
			want = diagnose.Blocked
		}
		if got.class != want {
			t.Errorf("%s: class %v, want %v", to, got.class, want)
		}
	}
}
