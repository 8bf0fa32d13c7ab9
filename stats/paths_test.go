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
	folded, stored := path, path
	folded.sent, stored.failures = 1, 1
	if got := summarize(c.Paths(OverflowDomain, WindowAll, at(time.Minute))); len(got) != 1 || got[0] != folded {
		t.Errorf("overflow paths = %+v, want %+v", got, folded)
	}
	if got := summarize(c.Paths("second.example", WindowAll, at(time.Minute))); len(got) != 1 || got[0] != stored {
		t.Errorf("second.example paths = %+v, want %+v", got, stored)
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

func TestPathRelayRoundTrip(t *testing.T) {
	tests := []struct {
		name, relay, domain string
		named               bool
	}{
		{"names the domain", "mx1.example.jp[192.0.2.1]", "example.jp", true},
		{"is the domain", "example.jp[2001:db8::1]", "example.jp", true},
		{"another host", "mx.other.example[192.0.2.1]", "example.jp", false},
		{"no connection", "none", "example.jp", false},
		{"NUL byte first", "\x00mx1.example.jp", "example.jp", true},
		{"NUL byte, no domain", "\x00mx", "example.jp", true},
		{"empty", "", "example.jp", false},
		{"no domain name", "mx1.example.jp[192.0.2.1]", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stored := pathRelay(tt.relay, tt.domain)
			if named := stored != tt.relay; named != tt.named {
				t.Errorf("pathRelay(%q, %q) = %q, stored apart %v, want %v", tt.relay, tt.domain, stored, named, tt.named)
			}
			if got := relayText(stored, tt.domain); got != tt.relay {
				t.Errorf("relayText = %q, want %q", got, tt.relay)
			}
			if pathRelay(tt.relay+"x", tt.domain) == stored {
				t.Error("a longer relay is stored the same")
			}
			if tt.relay != "" && pathRelay(tt.relay[:len(tt.relay)-1], tt.domain) == stored {
				t.Error("a shorter relay is stored the same")
			}
		})
	}
}

// A relay that names its domain reads back whole, in the domain's paths
// and in the overflow's once the domain is folded into it.
func TestPathsRelayNamingDomain(t *testing.T) {
	c := New(Config{MaxDomains: 1})
	ev := sent(at(time.Second), "A1", "a@first.example")
	ev.Relay = []byte("mx1.first.example[192.0.2.1]:25")
	addAll(c, pickup(at(0), "A1", "app@shop.example", ""), queued(at(0), "A1", "app@shop.example", 1), ev)
	ev = deferred(at(2*time.Second), "A1", "b@first.example")
	ev.Relay = []byte("mx2.first.example[192.0.2.2]:25")
	addAll(c, ev)

	got := c.Paths("first.example", WindowAll, at(time.Minute))
	relays := []string{}
	for _, p := range got {
		relays = append(relays, p.Relay)
	}
	if len(got) != 2 || got[0].Relay != "mx2.first.example[192.0.2.2]" || got[1].Relay != "mx1.first.example[192.0.2.1]" {
		t.Fatalf("first.example relays = %q, want the two relays, failing one first", relays)
	}

	addAll(c, pickup(at(0), "B1", "app@shop.example", ""), queued(at(0), "B1", "app@shop.example", 1),
		sent(at(3*time.Second), "B1", "c@second.example"))
	got = c.Paths(OverflowDomain, WindowAll, at(time.Minute))
	relays = relays[:0]
	for _, p := range got {
		relays = append(relays, p.Relay)
	}
	if len(got) != 2 || got[0].Relay != "mx2.first.example[192.0.2.2]" || got[1].Relay != "mx1.first.example[192.0.2.1]" {
		t.Errorf("overflow relays = %q, want those of first.example", relays)
	}
}

// Two senders' paths to a domain through one relay share its string.
func TestPathsShareKeptRelay(t *testing.T) {
	c := New(Config{})
	for i, sender := range []string{"app@one.example", "app@two.example"} {
		id := fmt.Sprintf("A%d", i)
		ev := sent(at(time.Second), id, "a@dest.example")
		ev.Relay = []byte("mx1.dest.example[192.0.2.1]:25")
		addAll(c, pickup(at(0), id, sender, ""), queued(at(0), id, sender, 1), ev)
	}
	list := c.domains["dest.example"].paths.list
	if len(list) != 2 {
		t.Fatalf("dest.example has %d paths, want 2", len(list))
	}
	if unsafe.StringData(list[0].id.relay) != unsafe.StringData(list[1].id.relay) {
		t.Error("the two paths keep separate copies of their relay")
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
