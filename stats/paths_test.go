package stats

import (
	"fmt"
	"testing"
	"time"
	"unsafe"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

// viaRelay sets the relay of a delivery event.
func viaRelay(ev *parsers.Event, relay string) *parsers.Event {
	ev.Relay = []byte(relay)
	return ev
}

// pathSummary is the part of a PathStats a table compares.
type pathSummary struct {
	sender, client, sasl, relay string
	other                       bool
	attempts, sent, failures    int64
}

func summarize(ps []PathStats) []pathSummary {
	out := make([]pathSummary, len(ps))
	for i, p := range ps {
		out[i] = pathSummary{
			sender: p.SenderDomain, client: p.Client, sasl: p.SASLUsername, relay: p.Relay,
			other: p.Other, attempts: p.Counts.Attempts, sent: p.Counts.Sent, failures: p.Counts.Failures(),
		}
	}
	return out
}

const docomoMX = "mfsmax.docomo.ne.jp[203.138.180.112]:25"

// shopAndOffice is docomo mail from a shop system over SMTP AUTH, all
// deferred, and from the office with sendmail, all delivered.
func shopAndOffice() []*parsers.Event {
	return []*parsers.Event{
		client(at(0), "A1"),
		queued(at(time.Second), "A1", "orders@Shop.Example", 2),
		viaRelay(deferred(at(2*time.Second), "A1", "a@docomo.ne.jp"), docomoMX),
		viaRelay(deferred(at(3*time.Second), "A1", "b@docomo.ne.jp"), docomoMX),
		pickup(at(4*time.Second), "B1", "boss@office.example", ""),
		queued(at(4*time.Second), "B1", "boss@office.example", 1),
		viaRelay(sent(at(5*time.Second), "B1", "c@docomo.ne.jp"), docomoMX),
		viaRelay(sent(at(6*time.Second), "B1", "d@docomo.ne.jp"), "mfsmax.docomo.ne.jp[203.138.180.113]:25"),
	}
}

func TestPathsByWindow(t *testing.T) {
	late := at(2 * time.Hour)
	tests := []struct {
		name   string
		extra  []*parsers.Event
		domain string
		window Window
		now    time.Time
		want   []pathSummary
	}{
		{
			name: "shop fails office delivers", domain: "docomo.ne.jp", window: Window5m, now: at(time.Minute),
			want: []pathSummary{
				{sender: "shop.example", client: "shop.example[192.0.2.10]", sasl: "shop", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 2, failures: 2},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 1, sent: 1},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.113]", attempts: 1, sent: 1},
			},
		},
		{
			name: "domain in any case", domain: "DOCOMO.ne.jp.", window: WindowAll, now: at(time.Minute),
			want: []pathSummary{
				{sender: "shop.example", client: "shop.example[192.0.2.10]", sasl: "shop", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 2, failures: 2},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 1, sent: 1},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.113]", attempts: 1, sent: 1},
			},
		},
		{
			name: "old lines leave short window", domain: "docomo.ne.jp", window: Window1h, now: late,
			extra: []*parsers.Event{
				pickup(late, "C1", "", ""),
				queued(late, "C1", "", 1),
				viaRelay(bounced(late, "C1", "e@docomo.ne.jp"), docomoMX),
			},
			want: []pathSummary{
				{sender: "<>", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 1, failures: 1},
			},
		},
		{
			name: "expiry counts on last relay", domain: "docomo.ne.jp", window: Window24h, now: late,
			extra: []*parsers.Event{expired(late, "A1", parsers.StatusExpired)},
			want: []pathSummary{
				{sender: "shop.example", client: "shop.example[192.0.2.10]", sasl: "shop", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 2, failures: 4},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.112]", attempts: 1, sent: 1},
				{sender: "office.example", client: "pickup uid=102", relay: "mfsmax.docomo.ne.jp[203.138.180.113]", attempts: 1, sent: 1},
			},
		},
		{name: "unknown domain", domain: "ezweb.ne.jp", window: WindowAll, now: at(time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{})
			addAll(c, shopAndOffice()...)
			addAll(c, tt.extra...)
			got := summarize(c.Paths(tt.domain, tt.window, tt.now))
			if len(got) != len(tt.want) {
				t.Fatalf("Paths returned %d paths, want %d:\n got %+v\nwant %+v", len(got), len(tt.want), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("path %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestPathsCountsMatchDomain(t *testing.T) {
	c := New(Config{})
	addAll(c, shopAndOffice()...)
	now := at(time.Minute)
	d := domainStats(t, c.Snapshot(now), "docomo.ne.jp")
	for w := Window5m; w < NumWindows; w++ {
		var sum Counts
		for _, p := range c.Paths("docomo.ne.jp", w, now) {
			sum.add(&p.Counts)
		}
		if sum != d.Windows[w] {
			t.Errorf("window %s: paths add up to %+v, domain has %+v", w, sum, d.Windows[w])
		}
	}
	if got := c.Paths("docomo.ne.jp", Window5m, now)[0].Counts.Classes[diagnose.Other]; got != 0 {
		t.Errorf("greylisting counted as Other %d times", got)
	}
}

func TestPathsFoldBeyondBound(t *testing.T) {
	c := New(Config{})
	total := MaxPathsPerDomain + 5
	for i := range total {
		id := fmt.Sprintf("Q%d", i)
		addAll(c,
			pickup(at(0), id, fmt.Sprintf("app@s%d.example", i), ""),
			queued(at(0), id, fmt.Sprintf("app@s%d.example", i), 1),
			sent(at(time.Second), id, fmt.Sprintf("u%d@docomo.ne.jp", i)),
		)
	}
	got := c.Paths("docomo.ne.jp", WindowAll, at(time.Minute))
	if len(got) != MaxPathsPerDomain+1 {
		t.Fatalf("Paths returned %d paths, want %d", len(got), MaxPathsPerDomain+1)
	}
	last := got[len(got)-1]
	if !last.Other {
		t.Fatalf("last path %+v is not the folded one", last)
	}
	if last.Counts.Attempts != 5 {
		t.Errorf("folded path has %d attempts, want 5", last.Counts.Attempts)
	}
	if last.SenderDomain != "" || last.Client != "" || last.Relay != "" {
		t.Errorf("folded path names a path: %+v", last)
	}
}

func TestPathsOverflowDomain(t *testing.T) {
	c := New(Config{MaxDomains: 1})
	addAll(c,
		pickup(at(0), "A1", "app@shop.example", ""),
		queued(at(0), "A1", "app@shop.example", 2),
		sent(at(time.Second), "A1", "x@first.example"),
		deferred(at(time.Second), "A1", "y@second.example"),
	)
	// second.example made room for itself by folding first.example, the
	// rarer by name, into the overflow, paths included.
	path := pathSummary{sender: "shop.example", client: "pickup uid=102", relay: "127.0.0.1[127.0.0.1]", attempts: 1}
	folded, kept := path, path
	folded.sent, kept.failures = 1, 1
	if got := summarize(c.Paths(OverflowDomain, WindowAll, at(time.Minute))); len(got) != 1 || got[0] != folded {
		t.Errorf("overflow paths = %+v, want %+v", got, folded)
	}
	if got := summarize(c.Paths("second.example", WindowAll, at(time.Minute))); len(got) != 1 || got[0] != kept {
		t.Errorf("second.example paths = %+v, want %+v", got, kept)
	}
}

// A domain folded into the overflow brings its folded entry along, and the
// overflow keeps it after its own paths.
func TestPathsOverflowKeepsFoldedEntry(t *testing.T) {
	c := New(Config{MaxDomains: 1})
	total := MaxPathsPerDomain + 5
	for i := range total {
		id := fmt.Sprintf("Q%d", i)
		addAll(c,
			pickup(at(0), id, fmt.Sprintf("app@s%d.example", i), ""),
			queued(at(0), id, fmt.Sprintf("app@s%d.example", i), 1),
			deferred(at(time.Second), id, fmt.Sprintf("u%d@busy.example", i)),
		)
	}
	addAll(c,
		pickup(at(0), "Z1", "app@shop.example", ""),
		queued(at(0), "Z1", "app@shop.example", 1),
		sent(at(2*time.Second), "Z1", "x@zz.example"),
	)
	got := c.Paths(OverflowDomain, WindowAll, at(time.Minute))
	if len(got) != MaxPathsPerDomain+1 {
		t.Fatalf("overflow has %d paths, want %d", len(got), MaxPathsPerDomain+1)
	}
	last := got[len(got)-1]
	if !last.Other {
		t.Fatalf("last overflow path %+v is not the folded one", last)
	}
	if last.Counts.Deferred != 5 {
		t.Errorf("folded path has %d deferrals, want 5", last.Counts.Deferred)
	}
	for _, p := range got[:MaxPathsPerDomain] {
		if p.Other || p.Counts.Deferred != 1 {
			t.Errorf("overflow path %+v, want a named path with one deferral", p)
		}
	}
	if got := c.Paths("zz.example", WindowAll, at(time.Minute)); len(got) != 1 || got[0].Counts.Sent != 1 {
		t.Errorf("zz.example paths = %+v, want one with one sent", got)
	}
}

func TestPathsShareKeyStrings(t *testing.T) {
	c := New(Config{})
	addAll(c,
		client(at(0), "A1"),
		queued(at(0), "A1", "alice@shop.example", 1),
		sent(at(time.Second), "A1", "x@one.example"),
		client(at(0), "B1"),
		queued(at(0), "B1", "bob@shop.example", 1),
		sent(at(time.Second), "B1", "y@two.example"),
	)
	first := c.Paths("one.example", WindowAll, at(time.Minute))
	second := c.Paths("two.example", WindowAll, at(time.Minute))
	if len(first) != 1 || len(second) != 1 {
		t.Fatalf("Paths returned %d and %d paths, want 1 each", len(first), len(second))
	}
	if first[0].SenderDomain != "shop.example" || second[0].SenderDomain != "shop.example" {
		t.Fatalf("sender domains %q and %q, want shop.example", first[0].SenderDomain, second[0].SenderDomain)
	}
	// Each domain's path would otherwise keep its own message's sender
	// and client strings in memory.
	if unsafe.StringData(first[0].SenderDomain) != unsafe.StringData(second[0].SenderDomain) {
		t.Error("the two paths keep separate copies of their sender domain")
	}
	if unsafe.StringData(first[0].Client) != unsafe.StringData(second[0].Client) {
		t.Error("the two paths keep separate copies of their client")
	}
}

func TestRelayHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mx.example[192.0.2.1]:25", "mx.example[192.0.2.1]"},
		{"mx.example[2001:db8::1]:25", "mx.example[2001:db8::1]"},
		{"none", "none"},
		{"local", "local"},
		{"", ""},
		{"private/dovecot-lmtp", "private/dovecot-lmtp"},
	}
	for _, tt := range tests {
		if got := relayHost(tt.in); got != tt.want {
			t.Errorf("relayHost(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSenderDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"shop@shop.example", "shop.example"},
		{"Orders@Shop.EXAMPLE", "shop.example"},
		{`"a@b"@quoted.example`, "quoted.example"},
		{"MAILER-DAEMON", ""},
		{"", ""},
		{"trailing@", ""},
	}
	for _, tt := range tests {
		if got := senderDomain(tt.in); got != tt.want {
			t.Errorf("senderDomain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
