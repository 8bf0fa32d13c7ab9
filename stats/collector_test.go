package stats

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
)

func TestCountingRule(t *testing.T) {
	const (
		docomo = "docomo.ne.jp"
		gmail  = "gmail.com"
		shop   = "shop.example"
	)
	tests := []struct {
		name    string
		events  []*parsers.Event
		totals  Counts
		domains map[string]Counts
	}{
		{
			name: "multi-recipient message",
			events: []*parsers.Event{
				client(at(0), "A1"),
				queued(at(0), "A1", "shop@shop.example", 3),
				sent(at(time.Second), "A1", "ok@docomo.ne.jp"),
				bounced(at(time.Second), "A1", "reject@docomo.ne.jp"),
				deferred(at(time.Second), "A1", "later@gmail.com"),
			},
			totals: Counts{Attempts: 3, Sent: 1, Bounced: 1, Deferred: 1,
				Classes: classes(diagnose.UserUnknown, 1, diagnose.Greylisted, 1)},
			domains: map[string]Counts{
				docomo: {Attempts: 2, Sent: 1, Bounced: 1, Classes: classes(diagnose.UserUnknown, 1)},
				gmail:  {Attempts: 1, Deferred: 1, Classes: classes(diagnose.Greylisted, 1)},
			},
		},
		{
			name: "retries count each attempt",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 1),
				deferred(at(0), "A1", "x@docomo.ne.jp"),
				deferred(at(time.Minute), "A1", "x@docomo.ne.jp"),
				deferred(at(2*time.Minute), "A1", "x@docomo.ne.jp"),
				sent(at(3*time.Minute), "A1", "x@docomo.ne.jp"),
				removed(at(3*time.Minute), "A1"),
			},
			totals: Counts{Attempts: 4, Sent: 1, Deferred: 3, Classes: classes(diagnose.Greylisted, 3)},
		},
		{
			name: "suspended lines take the quoted failure's class",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 2),
				suspended(at(0), "A1", "a@docomo.ne.jp"),
				suspended(at(0), "A1", "b@docomo.ne.jp"),
			},
			totals: Counts{Attempts: 2, Deferred: 2, Suspended: 2, Classes: classes(diagnose.Network, 2)},
		},
		{
			name: "suspended greeting reply counts with the direct one",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 3),
				delivery(at(0), "A1", "a@docomo.ne.jp", parsers.StatusDeferred, "4.7.0",
					"host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: 421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01"),
				suspendedWith(at(0), "A1", "b@docomo.ne.jp", "4.7.0",
					"delivery temporarily suspended: host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: 421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01"),
				suspendedWith(at(0), "A1", "c@docomo.ne.jp", "4.0.0",
					"delivery temporarily suspended: host mfsmax.docomo.ne.jp[192.0.2.2] said: 421 Come back tomorrow (in reply to MAIL FROM command)"),
			},
			totals: Counts{Attempts: 3, Deferred: 3, Suspended: 2,
				Classes: classes(diagnose.RateLimited, 2, diagnose.Suspended, 1)},
		},
		{
			name: "expiry counts the pending recipient",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 1),
				deferred(at(0), "A1", "x@docomo.ne.jp"),
				deferred(at(time.Hour), "A1", "x@docomo.ne.jp"),
				expired(at(time.Hour+time.Second), "A1", parsers.StatusExpired),
				removed(at(time.Hour+2*time.Second), "A1"),
			},
			totals: Counts{Attempts: 2, Deferred: 2, Expired: 1, Classes: classes(diagnose.Greylisted, 2)},
		},
		{
			name: "expiry of a multi-recipient message with one pending",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 3),
				sent(at(0), "A1", "ok@gmail.com"),
				bounced(at(0), "A1", "gone@shop.example"),
				suspended(at(0), "A1", "slow@docomo.ne.jp"),
				expired(at(time.Minute), "A1", parsers.StatusExpired),
			},
			totals: Counts{Attempts: 3, Sent: 1, Bounced: 1, Deferred: 1, Suspended: 1, Expired: 1,
				Classes: classes(diagnose.UserUnknown, 1, diagnose.Network, 1)},
			domains: map[string]Counts{
				docomo: {Attempts: 1, Deferred: 1, Suspended: 1, Expired: 1, Classes: classes(diagnose.Network, 1)},
				gmail:  {Attempts: 1, Sent: 1},
				shop:   {Attempts: 1, Bounced: 1, Classes: classes(diagnose.UserUnknown, 1)},
			},
		},
		{
			name: "force-expired counts like expired",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 2),
				deferred(at(0), "A1", "a@docomo.ne.jp"),
				deferred(at(0), "A1", "b@gmail.com"),
				expired(at(time.Minute), "A1", parsers.StatusForceExpired),
			},
			totals: Counts{Attempts: 2, Deferred: 2, Expired: 2, Classes: classes(diagnose.Greylisted, 2)},
			domains: map[string]Counts{
				docomo: {Attempts: 1, Deferred: 1, Expired: 1, Classes: classes(diagnose.Greylisted, 1)},
				gmail:  {Attempts: 1, Deferred: 1, Expired: 1, Classes: classes(diagnose.Greylisted, 1)},
			},
		},
		{
			name: "second expiry line counts nothing more",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 1),
				deferred(at(0), "A1", "a@docomo.ne.jp"),
				expired(at(time.Minute), "A1", parsers.StatusExpired),
				expired(at(time.Minute), "A1", parsers.StatusExpired),
			},
			totals: Counts{Attempts: 1, Deferred: 1, Expired: 1, Classes: classes(diagnose.Greylisted, 1)},
		},
		{
			name: "expiry of an untracked message counts nothing",
			events: []*parsers.Event{
				expired(at(0), "A1", parsers.StatusExpired),
			},
			totals: Counts{},
		},
		{
			name: "softbounce counts as deferred",
			events: []*parsers.Event{
				queued(at(0), "A1", "shop@shop.example", 1),
				delivery(at(0), "A1", "a@docomo.ne.jp", parsers.StatusSoftBounce, "5.1.1",
					"host 127.0.0.1[127.0.0.1] said: 550 5.1.1 Recipient address rejected: User unknown (in reply to RCPT TO command)"),
				expired(at(time.Minute), "A1", parsers.StatusExpired),
			},
			totals: Counts{Attempts: 1, Deferred: 1, Expired: 1, Classes: classes(diagnose.UserUnknown, 1)},
		},
		{
			name: "probes are not counted",
			events: []*parsers.Event{
				queued(at(0), "A1", "double-bounce@shop.example", 2),
				delivery(at(0), "A1", "a@docomo.ne.jp", parsers.StatusDeliverable, "2.1.5", "250 2.1.5 Ok"),
				delivery(at(0), "A1", "b@docomo.ne.jp", parsers.StatusUndeliverable, "5.1.1",
					"host 127.0.0.1[127.0.0.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)"),
				delivery(at(0), "A1", "c@docomo.ne.jp", parsers.StatusUnknown, "2.0.0", "odd"),
			},
			totals: Counts{},
		},
		{
			name: "null-sender notifications count and are marked",
			events: []*parsers.Event{
				queued(at(0), "N1", "", 1),
				sent(at(0), "N1", "shop@shop.example"),
				messageID(at(0), "N2", "<notice@mx.example.com>"),
				notification(at(0), "A1", "N2"),
				deferred(at(0), "N2", "shop@shop.example"),
				queued(at(0), "A2", "shop@shop.example", 1),
				sent(at(0), "A2", "x@gmail.com"),
			},
			totals: Counts{Attempts: 3, Sent: 2, Deferred: 1, NullSender: 2, Classes: classes(diagnose.Greylisted, 1)},
			domains: map[string]Counts{
				shop:  {Attempts: 2, Sent: 1, Deferred: 1, NullSender: 2, Classes: classes(diagnose.Greylisted, 1)},
				gmail: {Attempts: 1, Sent: 1},
			},
		},
		{
			name: "delays add up over attempts",
			events: func() []*parsers.Event {
				a := sent(at(0), "A1", "a@gmail.com")
				a.Delay = 1.5
				b := deferred(at(0), "A1", "b@gmail.com")
				b.Delay = 4
				return []*parsers.Event{a, b}
			}(),
			totals: Counts{Attempts: 2, Sent: 1, Deferred: 1, DelaySum: 5.5, DelayMax: 4, Classes: classes(diagnose.Greylisted, 1)},
		},
		{
			name: "address without a domain",
			events: []*parsers.Event{
				sent(at(0), "A1", "MAILER-DAEMON"),
			},
			totals:  Counts{Attempts: 1, Sent: 1},
			domains: map[string]Counts{"": {Attempts: 1, Sent: 1}},
		},
		{
			name: "domains are lowercase",
			events: []*parsers.Event{
				sent(at(0), "A1", "X@DoCoMo.NE.JP"),
				sent(at(0), "A1", "y@docomo.ne.jp."),
			},
			totals:  Counts{Attempts: 2, Sent: 2},
			domains: map[string]Counts{docomo: {Attempts: 2, Sent: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{})
			addAll(c, tt.events...)
			s := c.Snapshot(at(2 * time.Hour))
			if got := s.Totals[WindowAll]; got != tt.totals {
				t.Errorf("totals =\n%+v\nwant\n%+v", got, tt.totals)
			}
			for name, want := range tt.domains {
				if got := domainStats(t, s, name).Windows[WindowAll]; got != want {
					t.Errorf("domain %s =\n%+v\nwant\n%+v", name, got, want)
				}
			}
		})
	}
}

func TestPendingAndOldest(t *testing.T) {
	c := New(Config{})
	first := deferred(at(10*time.Minute), "A1", "a@docomo.ne.jp")
	first.Delay = 600 // arrived at t0
	addAll(c,
		queued(at(10*time.Minute), "A1", "shop@shop.example", 2),
		first,
		sent(at(10*time.Minute), "A1", "b@docomo.ne.jp"),
		queued(at(20*time.Minute), "A2", "shop@shop.example", 1),
		deferred(at(20*time.Minute), "A2", "c@docomo.ne.jp"),
		queued(at(20*time.Minute), "A3", "shop@shop.example", 1),
		deferred(at(20*time.Minute), "A3", "d@gmail.com"),
		sent(at(30*time.Minute), "A3", "d@gmail.com"),
	)
	s := c.Snapshot(at(30 * time.Minute))
	docomo := domainStats(t, s, "docomo.ne.jp")
	if docomo.Pending != 2 {
		t.Errorf("docomo Pending = %d, want 2", docomo.Pending)
	}
	if !docomo.OldestPending.Equal(t0) {
		t.Errorf("docomo OldestPending = %v, want %v", docomo.OldestPending, t0)
	}
	gmail := domainStats(t, s, "gmail.com")
	if gmail.Pending != 0 || !gmail.OldestPending.IsZero() {
		t.Errorf("gmail Pending = %d, OldestPending = %v; want 0 and zero", gmail.Pending, gmail.OldestPending)
	}

	addAll(c, postsuper(parsers.KindDeleted, at(31*time.Minute), "A1"))
	s = c.Snapshot(at(31 * time.Minute))
	docomo = domainStats(t, s, "docomo.ne.jp")
	if docomo.Pending != 1 {
		t.Errorf("docomo Pending after delete = %d, want 1", docomo.Pending)
	}
	if !docomo.OldestPending.Equal(at(20 * time.Minute)) {
		t.Errorf("docomo OldestPending after delete = %v, want %v", docomo.OldestPending, at(20*time.Minute))
	}
}

func TestLastReplyAndFailureFeed(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 2),
		bounced(at(time.Second), "A1", "a@docomo.ne.jp"),
		deferred(at(2*time.Second), "A1", "b@docomo.ne.jp"),
		sent(at(3*time.Second), "A1", "c@docomo.ne.jp"),
		expired(at(4*time.Second), "A1", parsers.StatusExpired),
	)
	s := c.Snapshot(at(time.Minute))
	d := domainStats(t, s, "docomo.ne.jp")
	if d.LastReply != greylisted {
		t.Errorf("LastReply = %q, want %q", d.LastReply, greylisted)
	}
	if !d.LastReplyTime.Equal(at(4 * time.Second)) {
		t.Errorf("LastReplyTime = %v, want %v", d.LastReplyTime, at(4*time.Second))
	}

	wantStatus := []parsers.Status{parsers.StatusExpired, parsers.StatusDeferred, parsers.StatusBounced}
	if len(s.Failures) != len(wantStatus) {
		t.Fatalf("len(Failures) = %d, want %d: %+v", len(s.Failures), len(wantStatus), s.Failures)
	}
	for i, want := range wantStatus {
		if s.Failures[i].Status != want {
			t.Errorf("Failures[%d].Status = %v, want %v", i, s.Failures[i].Status, want)
		}
	}
	f := s.Failures[0]
	if f.Recipient != "b@docomo.ne.jp" || f.Domain != "docomo.ne.jp" || f.Class != diagnose.Greylisted ||
		f.QueueID != "A1" || f.Sender != "shop@shop.example" || f.DSN != "4.2.0" {
		t.Errorf("expiry failure = %+v", f)
	}
	if s.Failures[2].Class != diagnose.UserUnknown || s.Failures[2].Phase != parsers.PhaseRCPT {
		t.Errorf("bounce failure = %+v", s.Failures[2])
	}
}

func TestDomainsSortedByFailures(t *testing.T) {
	c := New(Config{})
	addAll(c,
		sent(at(0), "A1", "a@zz.example"),
		sent(at(0), "A1", "a@aa.example"),
		deferred(at(0), "A1", "a@mm.example"),
		bounced(at(0), "A1", "b@bb.example"),
		deferred(at(0), "A1", "c@bb.example"),
		deferred(at(0), "A1", "a@cc.example"),
	)
	s := c.Snapshot(at(time.Minute))
	want := []string{"bb.example", "cc.example", "mm.example", "aa.example", "zz.example"}
	got := domainNames(s)
	if len(got) != len(want) {
		t.Fatalf("domains = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("domains = %v, want %v", got, want)
		}
	}
}

func TestLineCounts(t *testing.T) {
	c := New(Config{})
	foreign := &parsers.Event{Kind: parsers.KindForeign, Time: at(0), Program: []byte("dovecot"), Daemon: []byte("dovecot")}
	garbage := &parsers.Event{Kind: parsers.KindUnrecognized}
	unknownForm := &parsers.Event{Kind: parsers.KindUnrecognized, Time: at(0), Program: []byte("postfix/smtpd"), Daemon: []byte("smtpd")}
	other := &parsers.Event{Kind: parsers.KindOther, Time: at(0), Program: []byte("postfix/smtpd"), Daemon: []byte("smtpd")}
	c.Add(foreign, []byte("dovecot line"))
	c.Add(garbage, []byte("\x00\xff garbage"))
	c.Add(unknownForm, []byte("postfix/smtpd[1]: odd text"))
	c.Add(unknownForm, []byte("postfix/smtpd[1]: odd text"))
	c.Add(other, []byte("postfix/smtpd[1]: connect from x"))
	addAll(c, sent(at(0), "A1", "a@example.org"))

	got := c.Lines()
	if got.Read != 6 || got.Postfix != 4 || got.Unrecognized != 3 {
		t.Errorf("Lines = %+v, want Read 6, Postfix 4, Unrecognized 3", got)
	}
	if got.ByDaemon["smtpd"] != 2 || got.ByDaemon[""] != 1 || len(got.ByDaemon) != 2 {
		t.Errorf("ByDaemon = %v, want smtpd:2 and \"\":1", got.ByDaemon)
	}

	got.ByDaemon["smtpd"] = 99
	if c.Lines().ByDaemon["smtpd"] != 2 {
		t.Error("Lines shares its ByDaemon map with the collector")
	}
	if s := c.Snapshot(at(0)); s.Lines.Read != 6 {
		t.Errorf("Snapshot Lines.Read = %d, want 6", s.Lines.Read)
	}
}

func TestFirstAndLast(t *testing.T) {
	c := New(Config{})
	if s := c.Snapshot(at(0)); !s.First.IsZero() || !s.Last.IsZero() {
		t.Errorf("empty collector First, Last = %v, %v; want zero", s.First, s.Last)
	}
	addAll(c,
		sent(at(time.Minute), "A1", "a@example.org"),
		sent(at(30*time.Second), "A1", "b@example.org"),
		sent(at(2*time.Minute), "A1", "c@example.org"),
	)
	s := c.Snapshot(at(3 * time.Minute))
	if !s.First.Equal(at(30*time.Second)) || !s.Last.Equal(at(2*time.Minute)) {
		t.Errorf("First, Last = %v, %v; want %v, %v", s.First, s.Last, at(30*time.Second), at(2*time.Minute))
	}
}

func TestAddCopiesInput(t *testing.T) {
	c := New(Config{})
	ev := deferred(at(0), "A1", "a@docomo.ne.jp")
	line := lineOf(ev)
	c.Add(ev, line)
	for _, b := range [][]byte{ev.QueueID, ev.To, ev.Reason, ev.DSN, ev.Relay, line} {
		for i := range b {
			b[i] = 'X'
		}
	}
	m, ok := c.Message("A1")
	if !ok {
		t.Fatal("Message(A1) not found")
	}
	r := m.Recipients[0]
	if r.Address != "a@docomo.ne.jp" || r.Attempts[0].Reason != greylisted || r.Attempts[0].DSN != "4.2.0" {
		t.Errorf("recipient changed with the caller's buffer: %+v", r)
	}
	if m.Lines[0][0] == 'X' {
		t.Errorf("line changed with the caller's buffer: %q", m.Lines[0])
	}
}

func TestMessageIsDeepCopy(t *testing.T) {
	c := New(Config{})
	addAll(c, queued(at(0), "A1", "shop@shop.example", 1), deferred(at(0), "A1", "a@docomo.ne.jp"),
		notification(at(0), "A1", "N1"))
	m, _ := c.Message("A1")
	m.Recipients[0].Attempts[0].Reason = "changed"
	m.Recipients[0].Address = "changed"
	m.Lines[0] = "changed"
	m.Notifications[0].QueueID = "changed"

	again, _ := c.Message("A1")
	if again.Recipients[0].Attempts[0].Reason != greylisted || again.Recipients[0].Address != "a@docomo.ne.jp" ||
		again.Lines[0] == "changed" || again.Notifications[0].QueueID != "N1" {
		t.Errorf("Message shares memory with the collector: %+v", again)
	}
	if !again.Recipients[0].Pending {
		t.Error("deferred recipient of a queued message is not Pending")
	}
	if _, ok := c.Message("NOPE"); ok {
		t.Error("Message(NOPE) found")
	}
}

func TestDomainMessages(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "A1", "shop@shop.example", 2),
		sent(at(time.Second), "A1", "a@docomo.ne.jp"),
		deferred(at(2*time.Second), "A1", "b@docomo.ne.jp"),
		sent(at(2*time.Second), "A1", "c@gmail.com"),
		queued(at(time.Minute), "A2", "shop@shop.example", 1),
		bounced(at(time.Minute), "A2", "d@docomo.ne.jp"),
		removed(at(time.Minute), "A2"),
		expired(at(2*time.Minute), "A1", parsers.StatusExpired),
	)
	got := c.DomainMessages("DoCoMo.ne.jp", 0)
	want := []struct {
		id, rcpt string
		status   parsers.Status
		time     time.Time
	}{
		{"A1", "b@docomo.ne.jp", parsers.StatusExpired, at(2 * time.Minute)},
		{"A2", "d@docomo.ne.jp", parsers.StatusBounced, at(time.Minute)},
		{"A1", "a@docomo.ne.jp", parsers.StatusSent, at(time.Second)},
	}
	if len(got) != len(want) {
		t.Fatalf("DomainMessages = %+v, want %d entries", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.QueueID != w.id || g.Recipient != w.rcpt || g.Status != w.status || !g.Time.Equal(w.time) {
			t.Errorf("entry %d = %+v, want %s %s %v at %v", i, g, w.id, w.rcpt, w.status, w.time)
		}
	}
	if got[1].Class != diagnose.UserUnknown || got[1].DSN != "5.1.1" || got[1].Sender != "shop@shop.example" {
		t.Errorf("bounced entry = %+v", got[1])
	}
	if got[0].Class != diagnose.Greylisted || got[0].Pending {
		t.Errorf("expired entry = %+v, want class greylisted and not pending", got[0])
	}
	if n := len(c.DomainMessages("docomo.ne.jp", 2)); n != 2 {
		t.Errorf("DomainMessages with limit 2 returned %d entries", n)
	}
	if n := len(c.DomainMessages("nowhere.example", 10)); n != 0 {
		t.Errorf("DomainMessages of an unknown domain returned %d entries", n)
	}
}

// TestDomainMessagesSentAfterDeferrals checks that a recipient delivered
// after three deferrals is listed with the class of its last attempt,
// none, and with the reply that accepted it.
func TestDomainMessagesSentAfterDeferrals(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "S1", "shop@shop.example", 2),
		deferred(at(time.Minute), "S1", "a@docomo.ne.jp"),
		deferred(at(10*time.Minute), "S1", "a@docomo.ne.jp"),
		deferred(at(20*time.Minute), "S1", "a@docomo.ne.jp"),
		sent(at(30*time.Minute), "S1", "a@docomo.ne.jp"),
		deferred(at(30*time.Minute), "S1", "b@docomo.ne.jp"),
	)
	got := c.DomainMessages("docomo.ne.jp", 0)
	if len(got) != 2 {
		t.Fatalf("DomainMessages = %+v, want 2 entries", got)
	}
	byRecipient := map[string]MessageSummary{}
	for _, summary := range got {
		byRecipient[summary.Recipient] = summary
	}

	delivered := byRecipient["a@docomo.ne.jp"]
	if delivered.Status != parsers.StatusSent {
		t.Errorf("delivered recipient status = %v, want sent", delivered.Status)
	}
	if delivered.Class != diagnose.ClassNone {
		t.Errorf("delivered recipient class = %v, want none", delivered.Class)
	}
	if delivered.DSN != "2.0.0" || !strings.Contains(delivered.Reason, "250 2.0.0") {
		t.Errorf("delivered recipient reply = %s %q, want the 250 reply", delivered.DSN, delivered.Reason)
	}

	waiting := byRecipient["b@docomo.ne.jp"]
	if waiting.Class != diagnose.Greylisted || !waiting.Pending {
		t.Errorf("deferred recipient = %+v, want class greylisted and pending", waiting)
	}

	// The message keeps the earlier class, which an expiry needs.
	m, _ := c.Message("S1")
	if class := m.Recipients[0].Class; class != diagnose.Greylisted {
		t.Errorf("delivered recipient's Class = %v, want the earlier greylisted", class)
	}
}

func TestDomainMessagesQueueState(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "Q1", "shop@shop.example", 2),
		sent(at(time.Second), "Q1", "a@docomo.ne.jp"),
		deferred(at(time.Second), "Q1", "b@docomo.ne.jp"),
		queued(at(0), "H1", "shop@shop.example", 1),
		deferred(at(time.Second), "H1", "c@docomo.ne.jp"),
		postsuper(parsers.KindHeld, at(2*time.Second), "H1"),
		queued(at(0), "R1", "shop@shop.example", 1),
		sent(at(time.Second), "R1", "d@docomo.ne.jp"),
		removed(at(time.Second), "R1"),
		queued(at(0), "D1", "shop@shop.example", 1),
		deferred(at(time.Second), "D1", "e@docomo.ne.jp"),
		postsuper(parsers.KindDeleted, at(2*time.Second), "D1"),
		queued(at(0), "E1", "shop@shop.example", 1),
		deferred(at(time.Second), "E1", "f@docomo.ne.jp"),
		expired(at(2*time.Second), "E1", parsers.StatusExpired),
	)
	want := map[string]QueueState{
		"a@docomo.ne.jp": StateQueued, // sent, but b@ keeps the message queued
		"b@docomo.ne.jp": StateQueued,
		"c@docomo.ne.jp": StateHeld,
		"d@docomo.ne.jp": StateRemoved,
		"e@docomo.ne.jp": StateDeleted,
		"f@docomo.ne.jp": StateExpired,
	}
	got := c.DomainMessages("docomo.ne.jp", 0)
	if len(got) != len(want) {
		t.Fatalf("DomainMessages = %+v, want %d entries", got, len(want))
	}
	for _, summary := range got {
		if summary.State != want[summary.Recipient] {
			t.Errorf("%s of %s: state %d, want %d", summary.Recipient, summary.QueueID, summary.State, want[summary.Recipient])
		}
	}
}

func TestQueueStateInQueue(t *testing.T) {
	inQueue := map[QueueState]bool{
		StateQueued: true, StateHeld: true,
		StateRemoved: false, StateDeleted: false, StateExpired: false, StateRequeued: false, StateRejected: false,
	}
	for state, want := range inQueue {
		if got := state.InQueue(); got != want {
			t.Errorf("QueueState(%d).InQueue() = %v, want %v", state, got, want)
		}
	}
}

func TestMessageQueueStateOrder(t *testing.T) {
	tests := []struct {
		name    string
		message Message
		want    QueueState
	}{
		{"queued", Message{}, StateQueued},
		{"held", Message{Held: true}, StateHeld},
		{"held then removed", Message{Held: true, Removed: true, Finished: true}, StateRemoved},
		{"finished by a new life", Message{Finished: true}, StateRemoved},
		{"deleted while held", Message{Held: true, Deleted: true, Finished: true}, StateDeleted},
		{"expired and removed", Message{Expired: true, Removed: true, Finished: true}, StateExpired},
		{"requeued", Message{Requeued: true, Finished: true}, StateRequeued},
		{"rejected", Message{Rejected: true, Finished: true}, StateRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.message.QueueState(); got != tt.want {
				t.Errorf("QueueState() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestAddOddEvents(t *testing.T) {
	c := New(Config{MaxMessages: 5})
	odd := []*parsers.Event{
		{},                        // zero event: unrecognized, no header
		{Kind: parsers.Kind(200)}, // a kind this package does not know
		{Kind: parsers.Kind(200), QueueID: []byte("A1"), Time: at(0)},
		{Kind: parsers.KindDelivery, QueueID: []byte("A1")}, // no time, no recipient
		{Kind: parsers.KindDelivery, QueueID: []byte("A1"), To: []byte("@"), Status: parsers.StatusBounced},
		{Kind: parsers.KindDelivery, QueueID: []byte("A1"), To: []byte(`"unterminated@x`), Status: parsers.Status(99)},
		{Kind: parsers.KindRemoved, QueueID: []byte("NEVERSEEN"), Time: at(0)},
		{Kind: parsers.KindDeleted, QueueID: []byte("NEVERSEEN"), Time: at(0)},
		{Kind: parsers.KindNotification, QueueID: []byte("A2"), Time: at(0)}, // no new ID
		{Kind: parsers.KindPickup, QueueID: []byte("A3"), OrigID: []byte("A3"), Time: at(0)},
		{Kind: parsers.KindReject, QueueID: []byte("NOQUEUE"), Time: at(0), Action: []byte("reject")},
		{Kind: parsers.KindExpired, QueueID: []byte("A1"), Status: parsers.StatusNone},
		{Kind: parsers.KindQueued, QueueID: []byte("A4"), Time: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, ev := range odd {
		c.Add(ev, nil)
		c.Add(ev, []byte("\x00\xff\xfe binary"))
	}
	s := c.Snapshot(at(time.Hour))
	if s.Lines.Read != int64(2*len(odd)) {
		t.Errorf("Lines.Read = %d, want %d", s.Lines.Read, 2*len(odd))
	}
	if got := s.Totals[WindowAll].Bounced; got != 2 {
		t.Errorf("Bounced = %d, want 2 (the line to \"@\", added twice)", got)
	}
	if _, ok := c.Message("NEVERSEEN"); ok {
		t.Error("a removed line created a message")
	}
	if m, ok := c.Message("A3"); !ok || m.OrigID != "A3" || m.RequeuedAs != "" || m.Finished {
		t.Errorf("pickup naming its own ID as orig_id = %+v, %v", m, ok)
	}
}

func TestRequeueUnderTheSameID(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "SAME1", "shop@shop.example", 1),
		deferred(at(0), "SAME1", "a@docomo.ne.jp"),
		postsuper(parsers.KindRequeued, at(time.Minute), "SAME1"),
		pickup(at(2*time.Minute), "SAME1", "shop@shop.example", "SAME1"),
	)
	m, _ := c.Message("SAME1")
	if m.Finished || m.OrigID != "SAME1" || !m.Pickup {
		t.Errorf("new life = Finished %v, OrigID %q, Pickup %v; want live, SAME1, true", m.Finished, m.OrigID, m.Pickup)
	}
	if old := c.finishedBy["SAME1"]; old == nil || old.clone().RequeuedAs != "SAME1" {
		t.Errorf("old life = %+v, want RequeuedAs SAME1", old)
	}
}

// A message deleted, held or requeued from the queue keeps its recipient's
// last status, deferred, so the summary carries the message's state and
// the new queue ID of a requeue for the list to show in its place.
func TestDomainMessagesCarryQueueState(t *testing.T) {
	c := New(Config{})
	addAll(c,
		queued(at(0), "DEL1", "shop@shop.example", 1),
		deferred(at(time.Minute), "DEL1", "a@docomo.ne.jp"),
		postsuper(parsers.KindDeleted, at(2*time.Minute), "DEL1"),
		queued(at(0), "HOLD1", "shop@shop.example", 1),
		deferred(at(time.Minute), "HOLD1", "b@docomo.ne.jp"),
		postsuper(parsers.KindHeld, at(2*time.Minute), "HOLD1"),
		queued(at(0), "OLD1", "shop@shop.example", 1),
		deferred(at(time.Minute), "OLD1", "c@docomo.ne.jp"),
		postsuper(parsers.KindRequeued, at(2*time.Minute), "OLD1"),
		pickup(at(3*time.Minute), "NEW1", "shop@shop.example", "OLD1"),
	)
	byID := map[string]MessageSummary{}
	for _, summary := range c.DomainMessages("docomo.ne.jp", 0) {
		byID[summary.QueueID] = summary
	}
	want := map[string]QueueState{"DEL1": StateDeleted, "HOLD1": StateHeld, "OLD1": StateRequeued}
	for id, state := range want {
		got, ok := byID[id]
		if !ok {
			t.Errorf("%s is not listed", id)
			continue
		}
		if got.State != state {
			t.Errorf("%s state = %v, want %v", id, got.State, state)
		}
		if got.Status != parsers.StatusDeferred {
			t.Errorf("%s status = %v, want deferred, the last attempt's", id, got.Status)
		}
	}
	if got := byID["OLD1"].RequeuedAs; got != "NEW1" {
		t.Errorf("OLD1 RequeuedAs = %q, want NEW1", got)
	}
	if got := byID["DEL1"].RequeuedAs; got != "" {
		t.Errorf("DEL1 RequeuedAs = %q, want none", got)
	}
}
