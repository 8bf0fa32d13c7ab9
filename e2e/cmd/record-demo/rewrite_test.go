package main

import (
	"strings"
	"testing"
	"time"
)

func TestStretchDayKeepsShortPauses(t *testing.T) {
	lines := []string{
		"Dec 04 21:00:00 mx postfix/pickup[1]: A1: uid=0 from=<a@shop.example.com>",
		"Dec 04 21:00:01 mx postfix/qmgr[2]: A1: from=<a@shop.example.com>, size=1, nrcpt=1 (queue active)",
		"Dec 04 21:00:11 mx postfix/pickup[1]: B2: uid=0 from=<a@shop.example.com>",
		"garbage without a timestamp",
		"Dec 04 21:00:12 mx postfix/qmgr[2]: B2: from=<a@shop.example.com>, size=1, nrcpt=1 (queue active)",
		"Dec 04 21:00:22 mx postfix/qmgr[2]: B2: removed",
	}
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC)
	times, err := stretchDay(lines, start, end)
	if err != nil {
		t.Fatal(err)
	}
	if !times[0].Equal(start) {
		t.Errorf("first line at %v, want %v", times[0], start)
	}
	if !times[len(times)-1].Equal(end) {
		t.Errorf("last line at %v, want %v", times[len(times)-1], end)
	}
	if got := times[1].Sub(times[0]); got != time.Second {
		t.Errorf("pause of 1 s became %v, want it kept", got)
	}
	if !times[3].Equal(times[2]) {
		t.Errorf("line without a timestamp at %v, want the time of the line before, %v", times[3], times[2])
	}
	if got, want := times[2].Sub(times[1]), times[5].Sub(times[4]); got != want {
		t.Errorf("two 10 s pauses became %v and %v, want equal lengths", got, want)
	}
}

func TestStretchDayWithoutPausesFails(t *testing.T) {
	lines := []string{
		"Dec 04 21:00:00 mx postfix/qmgr[2]: A1: removed",
		"Dec 04 21:00:01 mx postfix/qmgr[2]: B2: removed",
	}
	start := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	if _, err := stretchDay(lines, start, start.Add(time.Hour)); err == nil {
		t.Errorf("stretchDay with no long pause succeeded, want an error")
	}
}

func TestFormatDelay(t *testing.T) {
	tests := []struct {
		seconds float64
		want    string
	}{
		{0, "0"},
		{0.04, "0.04"},
		{0.1, "0.1"},
		{0.123, "0.12"},
		{4.9, "4.9"},
		{5, "5"},
		{19.4, "19"},
		{3600.6, "3601"},
	}
	for _, tt := range tests {
		if got := formatDelay(tt.seconds); got != tt.want {
			t.Errorf("formatDelay(%v) = %q, want %q", tt.seconds, got, tt.want)
		}
	}
}

func TestPersonNameIsDistinct(t *testing.T) {
	seen := map[string]int{}
	for n := range 1000 {
		name := personName(n)
		if prev, dup := seen[name]; dup {
			t.Fatalf("personName(%d) = %q, the same as personName(%d)", n, name, prev)
		}
		seen[name] = n
	}
}

func TestRewriteLooksLikeProduction(t *testing.T) {
	rw := &rewriter{
		relays:       map[int]relay{40001: {"mfsmax.docomo.ne.jp", "203.0.113.112"}},
		domainRelays: map[string]relay{"docomo.ne.jp": {"mfsmax.docomo.ne.jp", "203.0.113.112"}},
		sinkNames:    map[string]relay{"docomo-ne-jp.sink.test": {"mfsmax.docomo.ne.jp", "203.0.113.112"}},
		instance:     "mailtop-demo-abc123",
		senderDomain: "shop.example.com",
	}
	lines := []string{
		"Dec 04 21:00:00 mx postfix/master[9]: daemon started -- version 3.7.11, configuration /etc/postfix-mailtop-demo-abc123",
		"Dec 04 21:00:00 mx postfix/cleanup[3]: 1A2B3C4D5E: message-id=<1796418422081644547.4.mailtop-demo-abc123@e2e.mailtop.test>",
		"Dec 04 21:00:10 mx postfix/smtp[4]: 1A2B3C4D5E: to=<filtered12@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:40001, delay=10, delays=9.9/0.01/0.05/0.04, dsn=5.0.0, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 Unknown user filtered12@docomo.ne.jp (in reply to end of DATA command))",
		"Dec 04 21:00:10 mx postfix/bounce[5]: 1A2B3C4D5E: warning: [built-in]: zero result in delay template conversion",
		"Dec 04 21:00:10 mx postfix/cleanup[3]: 6F7A8B9C0D: message-id=<20261204210010.6F7A8B9C0D@mx.example.com>",
		"Dec 04 21:00:11 mx postfix/smtp[4]: connect to 127.0.0.1[127.0.0.1]:40001: Connection refused",
		"Dec 04 21:00:12 mx postfix/smtp[4]: 7A7A7A7A7A: to=<ok3@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:40001, delay=0.02, delays=0/0/0/0.02, dsn=4.7.0, status=deferred (host 127.0.0.1[127.0.0.1] refused to talk to me: 421 4.7.0 docomo-ne-jp.sink.test Service not available, closing transmission channel)",
	}
	base := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	times := []time.Time{base, base, base.Add(time.Hour), base.Add(time.Hour), base.Add(time.Hour), base.Add(time.Hour + time.Second), base.Add(2 * time.Hour)}
	out := rw.rewrite(lines, times)
	text := strings.Join(out, "\n")

	if len(out) != len(lines)-1 {
		t.Errorf("got %d lines, want %d without the template warning:\n%s", len(out), len(lines)-1, text)
	}
	for _, unwanted := range []string{"127.0.0.1", "sink.test", "filtered12", "ok3@", "e2e.mailtop.test", "postfix-mailtop-demo", "zero result", "21:00"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("recording contains %q:\n%s", unwanted, text)
		}
	}
	wants := []string{
		"Dec 04 09:00:00 mx postfix/master[9]: daemon started -- version 3.7.11, configuration /etc/postfix\n",
		"message-id=<20261204090000.4@shop.example.com>",
		"Dec 04 10:00:00 mx postfix/smtp[4]: 1A2B3C4D5E: to=<" + personName(12) + "@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.0.113.112]:25, delay=3600, delays=3600/0.01/0.05/0.04, dsn=5.0.0",
		"host mfsmax.docomo.ne.jp[203.0.113.112] said: 550 Unknown user " + personName(12) + "@docomo.ne.jp (in reply to end of DATA command)",
		"message-id=<20261204100000.6F7A8B9C0D@mx.example.com>",
		"connect to mfsmax.docomo.ne.jp[203.0.113.112]:25: Connection refused",
		"refused to talk to me: 421 4.7.0 mfsmax.docomo.ne.jp Service not available",
		"to=<" + personName(3) + "@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.0.113.112]:25, delay=0.02, delays=0/0/0/0.02,",
	}
	for _, want := range wants {
		if !strings.Contains(text+"\n", want) {
			t.Errorf("recording lacks %q:\n%s", want, text)
		}
	}
}
