package tui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// On a Postfix instance the why panel's transport lines are those mailtop
// check gives for the domain, which name the instance's own files and next
// hop, in place of the lines for a default instance.
func TestWhyShowsInstanceTransportLines(t *testing.T) {
	instanceLines := []string{
		`Suggested dedicated transport "docomo" (mailtop changes nothing):`,
		"  replace in /etc/postfix-out/transport:",
		"    docomo.ne.jp smtp:[192.0.2.25]:25",
		"  with:",
		"    docomo.ne.jp    docomo:[192.0.2.25]:25",
		"  then run:",
		"    postfix -c /etc/postfix-out reload",
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			var requests []string
			opts := testOptions(lang, &pathSource{}, &fakeActor{})
			opts.TransportAdvice = func(_ context.Context, domain string) ([]string, error) {
				requests = append(requests, domain)
				return instanceLines, nil
			}
			m := newScreen(t, opts, 132, 80)
			m = send(t, m, keyPress("x"))
			if len(requests) != 1 || requests[0] != "docomo.ne.jp" {
				t.Fatalf("TransportAdvice calls = %v, want [docomo.ne.jp]", requests)
			}
			text := screenText(m)
			for _, line := range instanceLines {
				if !strings.Contains(text, "  "+line) {
					t.Errorf("panel lacks the instance line %q:\n%s", line, text)
				}
			}
			if strings.Contains(text, "/etc/postfix/transport") {
				t.Errorf("panel still shows the default instance's map file:\n%s", text)
			}

			// The settings are read again when the panel opens again.
			m = send(t, m, keyPress("esc"), keyPress("x"))
			if len(requests) != 2 {
				t.Errorf("TransportAdvice calls after reopening = %d, want 2", len(requests))
			}
		})
	}
}

// While the instance's lines are read, the panel shows a note. When reading
// fails, it keeps the default lines and names the error and the command to run.
func TestWhyTransportLinesLoadingAndFailed(t *testing.T) {
	opts := testOptions("en", &pathSource{}, &fakeActor{})
	opts.TransportAdvice = func(context.Context, string) ([]string, error) {
		return nil, errors.New("postconf -c /etc/postfix-out: exit status 1")
	}
	m := newScreen(t, opts, 132, 80)
	next, _ := m.Update(keyPress("x"))
	m = next.(Model)
	if text := screenText(m); !strings.Contains(text, "Reading this server's Postfix settings") {
		t.Errorf("panel before the lines arrive lacks the reading note:\n%s", text)
	}

	m = send(t, m, recipeMsg{domain: "docomo.ne.jp", err: errors.New("postconf -c /etc/postfix-out: exit status 1")})
	text := screenText(m)
	for _, want := range []string{"/etc/postfix/transport", "this server's settings could not be read", "(postconf -c /etc/postfix-out:", "Run mailtop check"} {
		if !strings.Contains(text, want) {
			t.Errorf("panel after a failed read lacks %q:\n%s", want, text)
		}
	}
}

// Without a Postfix instance (the demo, a log alone) the panel shows the
// lines for a default instance and asks nothing.
func TestWhyWithoutInstanceKeepsDefaultLines(t *testing.T) {
	m := newScreen(t, testOptions("en", &pathSource{}, &fakeActor{}), 132, 80)
	m = send(t, m, keyPress("x"))
	text := screenText(m)
	if !strings.Contains(text, "/etc/postfix/transport") || strings.Contains(text, "Reading this server's") {
		t.Errorf("panel without an instance:\n%s", text)
	}
}

// A domain whose last failure is older than the window shows that
// failure's cause as the last failure's, not as the window's.
func TestWhyDomainFailureOlderThanWindow(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := newScreen(t, testOptions(lang, &pathSource{}, &fakeActor{}), 132, 80)
			snapshot := *m.snapshot
			snapshot.Domains = append([]stats.DomainStats(nil), snapshot.Domains...)
			for i := range snapshot.Domains {
				if snapshot.Domains[i].Domain == "docomo.ne.jp" {
					snapshot.Domains[i].Windows[stats.Window1h] = stats.Counts{Attempts: 4, Sent: 4}
				}
			}
			subject := domainWhy(&snapshot, "docomo.ne.jp", stats.Window1h)
			if subject.Evidence == nil {
				t.Fatal("fixture has no docomo.ne.jp failure in its feed")
			}
			m.why.Open(subject)
			text := strings.Join(m.why.lines, "\n")
			want := map[string]string{"en": "Nothing failed in the window of 1h. The last failure, at", "ja": "集計期間（直近1時間）に失敗はありません。最後の失敗"}[lang]
			if !strings.Contains(text, want) {
				t.Errorf("cause lacks %q:\n%s", want, text)
			}
		})
	}
}

// The next-hop advice names the host with its port and the check command
// with the instance's -c DIR, so that the operator inspects this instance.
func TestWhyNextHopAdviceNamesInstance(t *testing.T) {
	opts := testOptions("en", &pathSource{}, &fakeActor{})
	opts.Instance = "/etc/postfix-out"
	m := newScreen(t, opts, 132, 80)
	subject := domainWhy(m.snapshot, "docomo.ne.jp", stats.Window1h)
	subject.QueueID, subject.Recipient = "4AB12C0001", "taro@docomo.ne.jp"
	subject.Evidence = &whyEvidence{
		Time: time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none",
		Reason:    "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:25262: Connection refused",
		Recipient: "taro@docomo.ne.jp",
	}
	m.why.Open(subject)
	text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
	for _, want := range []string{"The failure is at 127.0.0.1[127.0.0.1]:25262", "mailtop check -c /etc/postfix-out --domain docomo.ne.jp shows the route"} {
		if !strings.Contains(text, want) {
			t.Errorf("advice lacks %q:\n%s", want, text)
		}
	}
}

// A receiver that accepts the connection and never greets is classed
// network, whose cause must not claim that no connection was made.
func TestWhyNetworkCoversGreetingTimeout(t *testing.T) {
	for lang, want := range map[string]string{"en": "never sent its greeting", "ja": "グリーティング"} {
		opts := testOptions(lang, &pathSource{}, &fakeActor{})
		m := newScreen(t, opts, 132, 80)
		subject := domainWhy(m.snapshot, "rakumail.jp", stats.Window1h)
		subject.QueueID, subject.Recipient = "2DD29BA024", "yuto.kato@rakumail.jp"
		subject.Evidence = &whyEvidence{
			Time: time.Date(2026, 12, 4, 10, 2, 11, 0, time.UTC), Status: parsers.StatusDeferred, DSN: "4.4.2",
			Relay:     "mail-rakumail-jp.gslb.rmb-ss.jp[198.51.100.77]:25",
			Reason:    "conversation with mail-rakumail-jp.gslb.rmb-ss.jp[198.51.100.77] timed out while receiving the initial server greeting",
			Recipient: "yuto.kato@rakumail.jp",
		}
		m.why.Open(subject)
		text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
		if !strings.Contains(text, want) {
			t.Errorf("%s: cause lacks %q:\n%s", lang, want, text)
		}
	}
}

// A carrier's greeting timeout is classed network, so "What to do" gives
// the network advice and the carrier's part of it, not the slow transport
// that the carrier's rate limits get.
func TestWhyNetworkAdviceAtCarrier(t *testing.T) {
	wants := map[string][]string{
		"en": {"could not connect to the receiver", "only Rakuten Mobile fails this way"},
		"ja": {"受信側に接続できませんでした", "Rakuten Mobile だけがこのように失敗する"},
	}
	for lang, words := range wants {
		opts := testOptions(lang, &pathSource{}, &fakeActor{})
		m := newScreen(t, opts, 132, 80)
		subject := domainWhy(m.snapshot, "rakumail.jp", stats.Window1h)
		subject.QueueID, subject.Recipient = "2DD29BA024", "yuto.kato@rakumail.jp"
		subject.Evidence = &whyEvidence{
			Time: time.Date(2026, 12, 4, 10, 2, 11, 0, time.UTC), Status: parsers.StatusDeferred, DSN: "4.4.2",
			Relay:     "mail-rakumail-jp.gslb.rmb-ss.jp[198.51.100.77]:25",
			Reason:    "conversation with mail-rakumail-jp.gslb.rmb-ss.jp[198.51.100.77] timed out while receiving the initial server greeting",
			Recipient: "yuto.kato@rakumail.jp",
		}
		m.why.Open(subject)
		text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
		for _, want := range words {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the why panel lacks %q:\n%s", lang, want, text)
			}
		}
		for _, unwanted := range []string{"transport_maps", "master.cf"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("%s: the why panel gives a slow transport (%s) for a network failure:\n%s", lang, unwanted, text)
			}
		}
	}
}

// A temporary 4.1.1 such as "unverified address" is classed user_unknown,
// but the why panel shows that the receiver could not verify the address
// for now and that Postfix retries, not that the mailbox does not exist.
func TestWhyTemporaryUnknownAddress(t *testing.T) {
	wants := map[string]struct{ words []string }{
		"en": {[]string{"could not verify that the mailbox exists", "Postfix will retry", "5.1.1"}},
		"ja": {[]string{"確認できなかった", "再送します", "5.1.1"}},
	}
	unwanted := map[string]string{"en": "does not exist.", "ja": "存在しないアドレスです"}
	for lang, want := range wants {
		opts := testOptions(lang, &pathSource{}, &fakeActor{})
		m := newScreen(t, opts, 132, 80)
		subject := domainWhy(m.snapshot, "example.net", stats.Window1h)
		subject.QueueID, subject.Recipient = "2DD29BA024", "user@example.net"
		subject.Evidence = &whyEvidence{
			Time: time.Date(2026, 12, 4, 10, 2, 11, 0, time.UTC), Status: parsers.StatusDeferred, DSN: "4.1.1",
			Phase: parsers.PhaseRCPT, Class: diagnose.UserUnknown,
			Relay:     "mx.example.net[192.0.2.50]:25",
			Reason:    "host mx.example.net[192.0.2.50] said: 450 4.1.1 <user@example.net>: Recipient address rejected: unverified address: Address verification in progress (in reply to RCPT TO command)",
			Recipient: "user@example.net",
		}
		m.why.Open(subject)
		text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
		for _, w := range want.words {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the why panel lacks %q:\n%s", lang, w, text)
			}
		}
		if strings.Contains(text, unwanted[lang]) {
			t.Errorf("%s: the why panel says the address does not exist (%q):\n%s", lang, unwanted[lang], text)
		}
	}
}

// A relay's sending quota is classed rate_limited, but the why panel's
// cause and advice name the relay's own limit, not a receiver that slows
// this server down.
func TestWhySendingQuota(t *testing.T) {
	wants := map[string][]string{
		"en": {"has reached its own sending limit", "smtp.gmail.com[192.0.2.5]:587", "not the recipient's mailbox"},
		"ja": {"送信数の上限に達した", "smtp.gmail.com[192.0.2.5]:587", "送信側の上限"},
	}
	unwanted := map[string]string{"en": "The receiver is slowing this server down", "ja": "受信側がこのサーバーからの送信を制限しています"}
	for lang, words := range wants {
		opts := testOptions(lang, &pathSource{}, &fakeActor{})
		m := newScreen(t, opts, 132, 80)
		subject := domainWhy(m.snapshot, "example.net", stats.Window1h)
		subject.QueueID, subject.Recipient = "2DD29BA024", "user@example.net"
		subject.Evidence = &whyEvidence{
			Time: time.Date(2026, 12, 4, 10, 2, 11, 0, time.UTC), Status: parsers.StatusBounced, DSN: "5.4.5",
			Phase: parsers.PhaseMAIL, Class: diagnose.RateLimited,
			Relay:     "smtp.gmail.com[192.0.2.5]:587",
			Reason:    "host smtp.gmail.com[192.0.2.5] said: 550 5.4.5 Daily user sending quota exceeded. - gsmtp (in reply to MAIL FROM command)",
			Recipient: "user@example.net",
		}
		m.why.Open(subject)
		text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
		for _, want := range words {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the why panel lacks %q:\n%s", lang, want, text)
			}
		}
		if strings.Contains(text, unwanted[lang]) {
			t.Errorf("%s: the why panel blames the receiver (%q):\n%s", lang, unwanted[lang], text)
		}
	}
}

// docomo's TS01 deferral names user complaints: the Cause line says so
// instead of blaming the volume of mail.
func TestWhyComplaintsCause(t *testing.T) {
	wants := map[string]string{
		"en": "because its recipients complained about mail from it",
		"ja": "受信者からの苦情を理由に",
	}
	unwanted := map[string]string{"en": "too many messages or connections", "ja": "メッセージ数か接続数が多すぎます"}
	for lang, want := range wants {
		opts := testOptions(lang, &pathSource{}, &fakeActor{})
		m := newScreen(t, opts, 132, 80)
		subject := domainWhy(m.snapshot, "docomo.ne.jp", stats.Window1h)
		subject.QueueID, subject.Recipient = "2DD29BA024", "user@docomo.ne.jp"
		subject.Evidence = &whyEvidence{
			Time: time.Date(2026, 12, 4, 10, 2, 11, 0, time.UTC), Status: parsers.StatusDeferred, DSN: "4.7.0",
			Phase: parsers.PhaseConnect, Class: diagnose.RateLimited,
			Relay:     "mfsmax.docomo.ne.jp[203.0.113.2]:25",
			Reason:    "host mfsmax.docomo.ne.jp[203.0.113.2] refused to talk to me: 421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1",
			Recipient: "user@docomo.ne.jp",
		}
		m.why.Open(subject)
		text := strings.Join(strings.Fields(strings.Join(m.why.lines, " ")), " ")
		if lang == "ja" {
			text = strings.Join(strings.Fields(strings.Join(m.why.lines, "")), "")
		}
		if !strings.Contains(text, want) {
			t.Errorf("%s: the why panel lacks %q:\n%s", lang, want, text)
		}
		if strings.Contains(text, unwanted[lang]) {
			t.Errorf("%s: the why panel blames the volume (%q):\n%s", lang, unwanted[lang], text)
		}
	}
}
