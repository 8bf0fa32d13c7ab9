package stats

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestLastReplyRoundTrip(t *testing.T) {
	tests := []struct {
		name, reason, domain string
	}{
		{"empty", "", "example.jp"},
		{"no host", "delivery temporarily suspended: Host or domain name not found", "example.jp"},
		{"host and recipient",
			"host mx3.example.jp[203.0.113.143] said: 450 4.7.1 <taro@example.jp>: Recipient address rejected: Greylisted (in reply to RCPT TO command)", "example.jp"},
		{"connect", "connect to mx1.example.jp[192.0.2.246]:25: Connection timed out", "example.jp"},
		{"host without the domain", "host mail.other.example[192.0.2.1] said: 554 5.7.1 rejected (in reply to end of DATA command)", "example.jp"},
		{"host is the domain", "lost connection with example.jp[2001:db8::1] while receiving the initial server greeting", "example.jp"},
		{"DNS name", "Host or domain name not found. Name service error for name=example.jp type=MX: Host not found, try again", "example.jp"},
		{"domain twice in a part", "host example.jp.example.jp[192.0.2.9] said: 550 no", "example.jp"},
		{"recipient in upper case", "host mx.example.jp[192.0.2.9] said: 550 5.1.1 <Taro@EXAMPLE.JP>: Unknown user", "example.jp"},
		{"NUL bytes", "host mx.example.jp[192.0.2.9] said: 550 \x00h \x00 odd <a@example.jp>", "example.jp"},
		{"no domain name", "host mx.example.jp[192.0.2.9] said: 550 no", ""},
		{"long part", "host " + strings.Repeat("a", 300) + ".example.jp[192.0.2.9] said: 550 no", "example.jp"},
	}
	var coder lastReplyCoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := coder.encode(tt.reason, tt.domain)
			if got := r.text(tt.domain); got != tt.reason {
				t.Errorf("text = %q, want %q", got, tt.reason)
			}
			if !r.is(tt.reason, tt.domain) {
				t.Error("is reports a different reason for the one encoded")
			}
			if r.is(tt.reason+".", tt.domain) {
				t.Error("is reports the same reason for a longer one")
			}
			if tt.reason != "" && r.is(tt.reason[1:], tt.domain) {
				t.Error("is reports the same reason for a shorter one")
			}
		})
	}
}

// Two domains given the same reply share its text and keep only their
// host and recipient apart.
func TestLastReplySharesTemplate(t *testing.T) {
	var coder lastReplyCoder
	a := coder.encode("host mx1.one.example[192.0.2.1] said: 550 5.1.1 <a@one.example>: Unknown user (in reply to RCPT TO command)", "one.example")
	b := coder.encode("host mx2.two.example[192.0.2.2] said: 550 5.1.1 <b@two.example>: Unknown user (in reply to RCPT TO command)", "two.example")
	if a.template != b.template {
		t.Errorf("templates %q and %q differ", a.template.Value(), b.template.Value())
	}
	if len(a.cuts) > 24 {
		t.Errorf("cuts take %d bytes, want at most 24: %q", len(a.cuts), a.cuts)
	}
}

// A domain folded into the overflow keeps its last reply there.
func TestLastReplyFoldedIntoOverflow(t *testing.T) {
	c := New(Config{MaxDomains: 1})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		deferred(at(time.Second), "A1", "a@first.example"),
		queued(at(0), "B1", "shop@shop.example", 1),
		sent(at(2*time.Second), "B1", "b@second.example"),
	)
	s := c.Snapshot(at(time.Minute))
	if got := domainStats(t, s, OverflowDomain).LastReply; got != greylisted {
		t.Errorf("overflow LastReply = %q, want %q", got, greylisted)
	}
}

// Reasons made of the characters the masks look for come back unchanged.
func TestLastReplyRandomReasons(t *testing.T) {
	pieces := []string{"host ", " said: ", "[", "]", "<", ">", "@", ".", "1", "a", " ", ":", "\x00", "\x00h",
		"example.jp", "mx1.example.jp", "192.0.2.1", "Name service error for name=", " type=", "a@example.jp"}
	random := rand.New(rand.NewPCG(5, 6))
	var coder lastReplyCoder
	for range 20000 {
		var b strings.Builder
		for range random.IntN(30) {
			b.WriteString(pieces[random.IntN(len(pieces))])
		}
		reason := b.String()
		domain := []string{"example.jp", "", "a", "1"}[random.IntN(4)]
		r := coder.encode(reason, domain)
		if got := r.text(domain); got != reason {
			t.Fatalf("encode(%q, %q).text = %q", reason, domain, got)
		}
		if !r.is(reason, domain) {
			t.Fatalf("encode(%q, %q).is reports a different reason", reason, domain)
		}
		other := reason + pieces[random.IntN(len(pieces))]
		if r.is(other, domain) {
			t.Fatalf("encode(%q, %q).is reports the same reason for %q", reason, domain, other)
		}
	}
}

// A reason is kept whole until the next minute of log time, then split,
// and reads the same either way.
func TestLastReplySplitNextMinute(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 1),
		deferred(at(time.Second), "A1", "a@docomo.ne.jp"),
	)
	d := c.domains["docomo.ne.jp"]
	if !d.lastReply.whole() {
		t.Fatal("last reply split within its minute")
	}
	if got := domainStats(t, c.Snapshot(at(time.Minute)), "docomo.ne.jp").LastReply; got != greylisted {
		t.Errorf("whole LastReply = %q, want %q", got, greylisted)
	}

	addAll(c, sent(at(2*time.Minute), "B1", "b@gmail.com"))
	if d.lastReply.whole() {
		t.Fatal("last reply still whole a minute later")
	}
	if len(c.wholeReplies) != 0 {
		t.Errorf("%d domains still listed with a whole reply", len(c.wholeReplies))
	}
	if got := domainStats(t, c.Snapshot(at(3*time.Minute)), "docomo.ne.jp").LastReply; got != greylisted {
		t.Errorf("split LastReply = %q, want %q", got, greylisted)
	}
}
