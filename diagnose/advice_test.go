package diagnose

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
)

const (
	wantDocomoMainCF = "transport_maps = hash:/etc/postfix/transport\n" +
		"docomo_destination_concurrency_limit = 1\n" +
		"docomo_destination_recipient_limit = 1\n" +
		"docomo_transport_rate_delay = 1s"
	wantDocomoMasterCF = "docomo    unix  -       -       n       -       1       smtp"
)

func TestAdviseThrottledTransport(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		name         string
		in           Input
		id           string
		mainCF       string
		masterCF     string
		transportMap string
	}{
		{
			name: "docomo rate limited",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Phase: parsers.PhaseMAIL, Relay: docomoRelay, Domain: "docomo.ne.jp", Time: at,
				Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)"},
			id:           AdviceDocomoDeferred,
			mainCF:       wantDocomoMainCF,
			masterCF:     wantDocomoMasterCF,
			transportMap: "docomo.ne.jp    docomo:",
		},
		{
			name: "au suspended",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: "none", Daemon: "error", Domain: "biz.ezweb.ne.jp", Time: at,
				Reason: "delivery temporarily suspended: lost connection with lsean.ezweb.ne.jp[27.85.176.228] while receiving the initial server greeting"},
			id: AdviceAUDeferred,
			mainCF: "transport_maps = hash:/etc/postfix/transport\n" +
				"au_destination_concurrency_limit = 1\n" +
				"au_destination_recipient_limit = 1\n" +
				"au_transport_rate_delay = 1s",
			masterCF:     "au        unix  -       -       n       -       1       smtp",
			transportMap: "ezweb.ne.jp     au:\nau.com          au:\nbiz.ezweb.ne.jp au:",
		},
		{
			name: "softbank blocked",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.1", Phase: parsers.PhaseRCPT, Relay: "mx.softbank.ne.jp[192.0.2.21]:25", Domain: "softbank.ne.jp", Time: at,
				Reason: "host mx.softbank.ne.jp[192.0.2.21] said: 450 4.7.1 Client host blocked using a block list (in reply to RCPT TO command)"},
			id: AdviceCarrierDeferred,
			mainCF: "transport_maps = hash:/etc/postfix/transport\n" +
				"softbank_destination_concurrency_limit = 1\n" +
				"softbank_destination_recipient_limit = 1\n" +
				"softbank_transport_rate_delay = 1s",
			masterCF:     "softbank  unix  -       -       n       -       1       smtp",
			transportMap: "softbank.ne.jp  softbank:\ni.softbank.jp   softbank:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			advice := Advise(Classify(tt.in), tt.in)
			if ids := advice.IDs(); len(ids) != 1 || ids[0] != tt.id {
				t.Fatalf("advice = %v, want [%s]", ids, tt.id)
			}
			data := advice.Steps[0].Data
			if data["MainCF"] != tt.mainCF {
				t.Errorf("MainCF =\n%v\nwant\n%s", data["MainCF"], tt.mainCF)
			}
			if data["MasterCF"] != tt.masterCF {
				t.Errorf("MasterCF =\n%v\nwant\n%s", data["MasterCF"], tt.masterCF)
			}
			if data["TransportMap"] != tt.transportMap {
				t.Errorf("TransportMap =\n%v\nwant\n%s", data["TransportMap"], tt.transportMap)
			}
			if data["MapFile"] != "/etc/postfix/transport" {
				t.Errorf("MapFile = %v, want /etc/postfix/transport", data["MapFile"])
			}
		})
	}
}

func TestAdviseNoCarrierDeferral(t *testing.T) {
	in := Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: "mx.example.net[192.0.2.50]:25", Domain: "example.net",
		Reason: "lost connection with mx.example.net[192.0.2.50] while receiving the initial server greeting"}
	if ids := Advise(Classify(in), in).IDs(); len(ids) != 0 {
		t.Errorf("advice = %v, want none for a lost connection outside the carriers", ids)
	}
}

// TestAdviseGreylistingNoTransport checks that greylisting never gets the
// slow transport that a carrier's deferrals get: the receiver accepts the
// next retry however slowly this server sends.
func TestAdviseGreylistingNoTransport(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		relay, domain string
	}{
		{docomoRelay, "docomo.ne.jp"},
		{auRelay, "ezweb.ne.jp"},
		{"mx.softbank.ne.jp[192.0.2.21]:25", "softbank.ne.jp"},
		{"mail-rakumail-jp.gslb.rmb-ss.jp[193.114.52.113]:25", "rakumail.jp"},
		{"mx.example.net[192.0.2.50]:25", "example.net"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			in := Input{Status: parsers.StatusDeferred, DSN: "4.7.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
				Relay: tt.relay, Domain: tt.domain, Recipient: "user@" + tt.domain, Time: at,
				Reason: "host mx said: 450 4.7.1 <user@" + tt.domain + ">: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)"}
			advice := Advise(Classify(in), in)
			if ids := advice.IDs(); len(ids) != 1 || ids[0] != AdviceGreylisted {
				t.Fatalf("advice = %v, want [%s]", ids, AdviceGreylisted)
			}
			data := advice.Steps[0].Data
			for _, key := range []string{"Transport", "MainCF", "MasterCF", "TransportMap"} {
				if _, ok := data[key]; ok {
					t.Errorf("advice data has %s = %q, want no transport settings", key, data[key])
				}
			}
			if data["Domain"] != tt.domain {
				t.Errorf("Domain = %v, want %s", data["Domain"], tt.domain)
			}
		})
	}
}

func TestGreylistedAdviceText(t *testing.T) {
	data := map[string]any{"Domain": "example.net"}
	tests := []struct {
		lang string
		want []string
	}{
		{l10n.English, []string{"Nothing to change", "example.net", "same IP address", "smtp_bind_address", "minimal_backoff_time", "queue_run_delay"}},
		{l10n.Japanese, []string{"変更は不要", "example.net", "同じ IP アドレス", "smtp_bind_address", "minimal_backoff_time", "queue_run_delay"}},
	}
	for _, tt := range tests {
		text := l10n.New(tt.lang).T(AdviceGreylisted, data)
		for _, want := range tt.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %s lacks %q:\n%s", tt.lang, AdviceGreylisted, want, text)
			}
		}
		for _, unwanted := range []string{"transport_rate_delay", "destination_concurrency_limit"} {
			if strings.Contains(text, unwanted) {
				t.Errorf("%s: %s suggests throttling with %q:\n%s", tt.lang, AdviceGreylisted, unwanted, text)
			}
		}
	}
}

// adviceInputs produce every advice id; TestAdviceRendersInEveryLanguage
// checks that the ids list is complete.
func adviceInputs() []Input {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	after := time.Date(2025, 6, 1, 10, 0, 0, 0, jst)
	fail := func(relay, domain, dsn string, phase parsers.Phase, reason string, when time.Time) Input {
		return Input{Status: parsers.StatusBounced, DSN: dsn, Phase: phase, Relay: relay, Domain: domain,
			Recipient: "user@" + domain, Reason: reason, Time: when}
	}
	sent := func(domain string, when time.Time) Input {
		return Input{Status: parsers.StatusSent, DSN: "2.0.0", Relay: "none", Domain: domain, Recipient: "user@" + domain, Reason: "250 ok", Time: when}
	}
	other := "mx.example.net[192.0.2.50]:25"
	return []Input{
		docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, at),
		docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, after),
		docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseRCPT, at),
		docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, at),
		fail(docomoRelay, "docomo.ne.jp", "4.7.0", parsers.PhaseMAIL, "421 4.7.0 Try again later", at),
		fail(docomoRelay, "docomo.ne.jp", "4.7.0", parsers.PhaseGreeting, "host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: "+docomoComplaints, at),
		sent("docomo.ne.jp", after),
		fail(auRelay, "ezweb.ne.jp", "5.0.0", parsers.PhaseEndOfDATA, "550 : User unknown", at),
		fail(auRelay, "ezweb.ne.jp", "5.0.0", parsers.PhaseRCPT, "550 <user@ezweb.ne.jp>: User unknown", at),
		fail(auRelay, "ezweb.ne.jp", "4.4.2", parsers.PhaseGreeting, "lost connection with lsean.ezweb.ne.jp[27.85.176.228] while receiving the initial server greeting", at),
		fail("none", "rakumail.jp", "5.0.0", parsers.PhaseRCPT, "550 User not found", at),
		fail("none", "i.softbank.jp", "4.7.0", parsers.PhaseRCPT, "421 4.7.0 Too many connections", at),
		sent("softbank.ne.jp", at),
		fail(other, "example.net", "5.5.3", parsers.PhaseRCPT, "452 5.5.3 Too many recipients", at),
		fail(other, "example.net", "5.1.1", parsers.PhaseRCPT, "550 5.1.1 User unknown", at),
		fail(other, "example.net", "5.0.0", parsers.PhaseEndOfDATA, "550 Unknown user", at),
		fail(other, "example.net", "5.7.23", parsers.PhaseEndOfDATA, "550 5.7.23 SPF validation failed", at),
		fail(other, "example.net", "5.7.25", parsers.PhaseMAIL, "550 5.7.25 No PTR record", at),
		fail(other, "example.net", "5.6.0", parsers.PhaseEndOfDATA, "500 Line too long", at),
		fail(other, "example.net", "5.1.8", parsers.PhaseMAIL, "553 Sender address rejected", at),
		fail("none", "example.net", "4.4.3", parsers.PhaseNone, "Host or domain name not found", at),
		fail(other, "example.net", "4.7.0", parsers.PhaseMAIL, "421 4.7.0 Server busy", at),
		fail(other, "example.net", "4.2.0", parsers.PhaseRCPT, "450 4.2.0 Recipient address rejected: Greylisted, try again later", at),
		fail(other, "example.net", "5.2.1", parsers.PhaseRCPT, "550 5.2.1 Mailbox disabled", at),
		fail(docomoRelay, "docomo.ne.jp", "4.2.0", parsers.PhaseRCPT, "450 4.2.0 Recipient address rejected: Mailbox temporarily unavailable, try again later", at),
		fail(other, "example.net", "5.7.1", parsers.PhaseMAIL, "554 5.7.1 Listed on Spamhaus", at),
		fail("local", "example.net", "4.3.0", parsers.PhaseNone, "alias database unavailable", at),
		fail("none", "example.net", "4.4.1", parsers.PhaseConnect, "connect to mx.example.net[192.0.2.50]:25: Connection timed out", at),
		fail("none", "docomo.ne.jp", "4.4.1", parsers.PhaseConnect, "connect to mfsmax.docomo.ne.jp[203.138.180.112]:25: Connection timed out", at),
		fail("smtp.gmail.com[142.250.1.108]:587", "example.net", "5.4.5", parsers.PhaseMAIL, "550 5.4.5 Daily user sending quota exceeded", at),
		{Status: parsers.StatusDeferred, DSN: "4.1.1", ReplyCode: 450, Phase: parsers.PhaseRCPT, Relay: other, Domain: "example.net",
			Recipient: "user@example.net", Reason: "450 4.1.1 <user@example.net>: Recipient address rejected: unverified address", Time: at},
		fail("none", "docomo.ne.jp", "4.4.1", parsers.PhaseNone,
			"delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:2525: Connection refused", at),
		fail(other, "example.net", "5.7.1", parsers.PhaseRCPT, "554 5.7.1 <user@example.net>: Recipient address rejected: Access denied", at),
		{Status: parsers.StatusDeferred, DSN: "4.1.2", ReplyCode: 450, Phase: parsers.PhaseRCPT, Relay: other, Domain: "nosuch.example",
			Recipient: "user@nosuch.example", Reason: "450 4.1.2 <user@nosuch.example>: Recipient address rejected: Domain not found", Time: at},
	}
}

// A carrier domain that fails at a host which is not the carrier's, such
// as a relay or a transport_maps next hop, gets advice about that host:
// a slow transport to the carrier would not help.
func TestAdviseNextHopNotCarrier(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, jst)
	tests := []struct {
		name string
		in   Input
		id   string
		host string
	}{
		{
			name: "suspended at a loopback next hop",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none", Daemon: "smtp", Domain: "docomo.ne.jp", Time: at,
				Reason: "delivery temporarily suspended: connect to 127.0.0.1[127.0.0.1]:25528: Connection refused"},
			id:   AdviceNextHopDeferred,
			host: "127.0.0.1[127.0.0.1]:25528",
		},
		{
			name: "connection refused by a relay host",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Relay: "none", Daemon: "smtp", Domain: "ezweb.ne.jp", Time: at,
				Reason: "connect to smtp.provider.example[192.0.2.7]:587: Connection refused"},
			id:   AdviceNextHopDeferred,
			host: "smtp.provider.example[192.0.2.7]:587",
		},
		{
			name: "rate limited by a relay",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Phase: parsers.PhaseMAIL, Relay: "smtp.provider.example[192.0.2.7]:587", Domain: "docomo.ne.jp", Time: at,
				Reason: "host smtp.provider.example[192.0.2.7] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)"},
			id:   AdviceNextHopDeferred,
			host: "smtp.provider.example[192.0.2.7]:587",
		},
		{
			name: "docomo's own MX",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: "none", Daemon: "smtp", Domain: "docomo.ne.jp", Time: at,
				Reason: "lost connection with mfsmax.docomo.ne.jp[203.138.180.112] while receiving the initial server greeting"},
			id: AdviceDocomoDeferred,
		},
		{
			name: "no host named",
			in: Input{Status: parsers.StatusDeferred, DSN: "4.4.2", Relay: "none", Daemon: "smtp", Domain: "docomo.ne.jp", Time: at,
				Reason: "conversation timed out while sending end of data -- message may be sent more than once"},
			id: AdviceDocomoDeferred,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Classify(tt.in)
			advice := Advise(res, tt.in)
			if got := advice.IDs(); len(got) != 1 || got[0] != tt.id {
				t.Fatalf("class %s: advice %v, want [%s]", res.Class, got, tt.id)
			}
			if tt.host == "" {
				return
			}
			if got := advice.Steps[0].Data["Host"]; got != tt.host {
				t.Errorf("Host = %v, want %s", got, tt.host)
			}
			if got, want := advice.Steps[0].Data["Check"], "mailtop check --domain "+tt.in.Domain; got != want {
				t.Errorf("Check = %v, want %s", got, want)
			}
			for _, l := range []*l10n.Localizer{l10n.New(l10n.English), l10n.New(l10n.Japanese)} {
				if text := l.T(tt.id, advice.Steps[0].Data); !strings.Contains(text, tt.host) || strings.Contains(text, "transport_maps = ") {
					t.Errorf("%s: advice does not name %s or still gives a transport:\n%s", l.Lang(), tt.host, text)
				}
			}
		})
	}
}

func TestAdviceRendersInEveryLanguage(t *testing.T) {
	var advice []Advice
	for _, in := range adviceInputs() {
		advice = append(advice, Advise(Classify(in), in))
	}
	// Only an override gives the generic filtered class.
	filtered := Input{Status: parsers.StatusBounced, DSN: "5.0.0", Domain: "example.net", Recipient: "user@example.net", Reason: "refused"}
	advice = append(advice, Advise(Result{Class: Filtered, Basis: BasisOverride}, filtered))

	seen := map[string]bool{}
	for _, l := range []*l10n.Localizer{l10n.New(l10n.English), l10n.New(l10n.Japanese)} {
		for _, a := range advice {
			for _, step := range a.Steps {
				seen[step.ID] = true
				text := l.T(step.ID, step.Data)
				if text == step.ID {
					t.Errorf("%s: %s has no catalog text", l.Lang(), step.ID)
				}
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s: %s leaves a template field empty:\n%s", l.Lang(), step.ID, text)
				}
				if mainCF, ok := step.Data["MainCF"].(string); ok && !strings.Contains(text, mainCF) {
					t.Errorf("%s: %s lacks the main.cf lines:\n%s", l.Lang(), step.ID, text)
				}
			}
		}
	}
	for _, id := range AdviceIDs() {
		if !seen[id] {
			t.Errorf("no test input produces advice %s", id)
		}
	}
}

// A mailbox status reply at a carrier gets advice about the mailbox, not
// the carrier's slow transport, in every language.
func TestAdviseMailboxUnavailableAtCarrier(t *testing.T) {
	in := Input{Status: parsers.StatusDeferred, DSN: "4.2.0", ReplyCode: 450, Phase: parsers.PhaseRCPT,
		Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "tempfail1@docomo.ne.jp",
		Time:   time.Date(2026, 12, 4, 10, 0, 0, 0, jst),
		Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 450 4.2.0 <tempfail1@docomo.ne.jp>: Mailbox temporarily unavailable, try again later (in reply to RCPT TO command)"}
	advice := Advise(Classify(in), in)
	if got := advice.IDs(); len(got) != 1 || got[0] != AdviceMailboxUnavailable {
		t.Fatalf("advice = %v, want [%s]", got, AdviceMailboxUnavailable)
	}
	for _, l := range []*l10n.Localizer{l10n.New(l10n.English), l10n.New(l10n.Japanese)} {
		text := l.T(AdviceMailboxUnavailable, advice.Steps[0].Data)
		for _, want := range []string{"4.2.0", "tempfail1@docomo.ne.jp", "docomo.ne.jp"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: advice lacks %q:\n%s", l.Lang(), want, text)
			}
		}
		if strings.Contains(text, "transport_maps") || strings.Contains(text, "master.cf") {
			t.Errorf("%s: advice gives a slow transport:\n%s", l.Lang(), text)
		}
	}
}

// A temporary 4.1.1 gets advice that the receiver could not verify the
// address for now and that Postfix retries, in every language. A
// soft-bounced 550 is still a permanent unknown address.
func TestAdviseTemporaryUnknownAddress(t *testing.T) {
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, jst)
	temporary := Input{Status: parsers.StatusDeferred, DSN: "4.1.1", ReplyCode: 450, Phase: parsers.PhaseRCPT,
		Relay: "mx.example.net[192.0.2.50]:25", Domain: "example.net", Recipient: "user@example.net", Time: at,
		Reason: "host mx.example.net[192.0.2.50] said: 450 4.1.1 <user@example.net>: Recipient address rejected: unverified address: Address verification in progress (in reply to RCPT TO command)"}
	advice := Advise(Classify(temporary), temporary)
	if got := advice.IDs(); len(got) != 1 || got[0] != AdviceUserUnknownTemporary {
		t.Fatalf("advice = %v, want [%s]", got, AdviceUserUnknownTemporary)
	}
	wants := map[string][]string{
		l10n.English:  {"user@example.net", "could not verify", "Postfix will retry", "5.1.1"},
		l10n.Japanese: {"user@example.net", "確認できず", "再送", "5.1.1"},
	}
	for lang, words := range wants {
		text := l10n.New(lang).T(AdviceUserUnknownTemporary, advice.Steps[0].Data)
		for _, want := range words {
			if !strings.Contains(text, want) {
				t.Errorf("%s: advice lacks %q:\n%s", lang, want, text)
			}
		}
	}

	softBounced := temporary
	softBounced.Status, softBounced.ReplyCode = parsers.StatusSoftBounce, 550
	softBounced.Reason = "host mx.example.net[192.0.2.50] said: 550 5.1.1 <user@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)"
	if got := Advise(Classify(softBounced), softBounced).IDs(); len(got) != 1 || got[0] != AdviceUserUnknown {
		t.Errorf("soft-bounced 550: advice = %v, want [%s]", got, AdviceUserUnknown)
	}
}

// A sending quota's advice names the relay and states that it is the
// sender's limit, in every language.
func TestAdviseSendingQuota(t *testing.T) {
	in := Input{Status: parsers.StatusBounced, DSN: "5.4.5", ReplyCode: 550, Phase: parsers.PhaseMAIL,
		Relay: "smtp.gmail.com[142.250.1.108]:587", Domain: "example.net", Recipient: "user@example.net",
		Reason: "host smtp.gmail.com[142.250.1.108] said: 550 5.4.5 Daily user sending quota exceeded. - gsmtp (in reply to MAIL FROM command)"}
	res := Classify(in)
	if res.Class != RateLimited {
		t.Fatalf("class = %s, want rate_limited", res.Class)
	}
	advice := Advise(res, in)
	if got := advice.IDs(); len(got) != 1 || got[0] != AdviceSendingQuota {
		t.Fatalf("advice = %v, want [%s]", got, AdviceSendingQuota)
	}
	wants := map[string][]string{
		l10n.English:  {"smtp.gmail.com[142.250.1.108]:587", "sending limit", "not the recipient's mailbox"},
		l10n.Japanese: {"smtp.gmail.com[142.250.1.108]:587", "送信数の上限", "送信側の上限"},
	}
	for lang, words := range wants {
		text := l10n.New(lang).T(AdviceSendingQuota, advice.Steps[0].Data)
		for _, want := range words {
			if !strings.Contains(text, want) {
				t.Errorf("%s: advice lacks %q:\n%s", lang, want, text)
			}
		}
	}
}

// Only a temporary reply about the address (4.1.X), such as 4.1.2
// "Domain not found", gets the temporary DNS advice. Postfix's own DNS
// failure, logged without a reply code, keeps the general one.
func TestAdviseDNSTemporaryOnlyForAddress(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		name string
		in   Input
		id   string
	}{
		{"receiver's 4.1.2", Input{Status: parsers.StatusDeferred, DSN: "4.1.2", ReplyCode: 450, Phase: parsers.PhaseRCPT,
			Relay: "mx.example.jp[192.0.2.40]:25", Domain: "nosuch.example", Recipient: "u@nosuch.example", Time: at,
			Reason: "host mx.example.jp[192.0.2.40] said: 450 4.1.2 <u@nosuch.example>: Recipient address rejected: Domain not found (in reply to RCPT TO command)"},
			AdviceDNSTemporary},
		{"receiver's 5.1.2", Input{Status: parsers.StatusBounced, DSN: "5.1.2", ReplyCode: 550, Phase: parsers.PhaseRCPT,
			Relay: "mx.example.jp[192.0.2.40]:25", Domain: "nosuch.example", Recipient: "u@nosuch.example", Time: at,
			Reason: "host mx.example.jp[192.0.2.40] said: 550 5.1.2 <u@nosuch.example>: Recipient address rejected: Domain not found (in reply to RCPT TO command)"},
			AdviceDNS},
		{"Postfix's own lookup", Input{Status: parsers.StatusDeferred, DSN: "4.4.3", Relay: "none", Domain: "gocomo.ne.jp", Recipient: "u@gocomo.ne.jp", Time: at,
			Reason: "Host or domain name not found. Name service error for name=gocomo.ne.jp type=MX: Host not found, try again"},
			AdviceDNS},
		{"receiver's 4xx with another code", Input{Status: parsers.StatusDeferred, DSN: "4.4.3", ReplyCode: 451, Phase: parsers.PhaseRCPT,
			Relay: "mx.example.jp[192.0.2.40]:25", Domain: "example.jp", Recipient: "u@example.jp", Time: at,
			Reason: "host mx.example.jp[192.0.2.40] said: 451 4.4.3 Name service error (in reply to RCPT TO command)"},
			AdviceDNS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Classify(tt.in)
			if res.Class != DNS {
				t.Fatalf("class = %s, want dns", res.Class)
			}
			if got := Advise(res, tt.in).IDs(); len(got) != 1 || got[0] != tt.id {
				t.Errorf("advice = %v, want [%s]", got, tt.id)
			}
		})
	}
}

// docomoComplaints is docomo's greeting that defers a sender over its
// users' complaints, as a private Postfix 3.7 logged it.
const docomoComplaints = "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01"

// A deferral that names complaints gets list hygiene before the slow
// transport, also when Postfix repeats it in a suspended line. Other
// rate limits do not get it.
func TestAdviseComplaints(t *testing.T) {
	const host = "mfsmax.docomo.ne.jp[192.0.2.2]"
	tests := []struct {
		name  string
		in    Input
		wants []string
	}{
		{"direct greeting", Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Phase: parsers.PhaseGreeting, Relay: "none",
			Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
			Reason: "host " + host + " refused to talk to me: " + docomoComplaints},
			[]string{AdviceComplaints, AdviceDocomoDeferred}},
		{"suspended greeting", Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Phase: parsers.PhaseGreeting, Relay: "none",
			Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
			Reason: "delivery temporarily suspended: host " + host + " refused to talk to me: " + docomoComplaints},
			[]string{AdviceComplaints, AdviceDocomoDeferred}},
		{"rate limit without complaints", Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Phase: parsers.PhaseMAIL, Relay: docomoRelay,
			Domain: "docomo.ne.jp", Recipient: "user@docomo.ne.jp",
			Reason: "host mfsmax.docomo.ne.jp[203.138.181.240] said: 421 4.7.0 Too many connections, try again later (in reply to MAIL FROM command)"},
			[]string{AdviceDocomoDeferred}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Advise(Classify(tt.in), tt.in).IDs()
			if !slices.Equal(got, tt.wants) {
				t.Errorf("advice = %v, want %v", got, tt.wants)
			}
		})
	}

	wants := map[string][]string{
		l10n.English:  {"complaints", "alone does not end it", "does not say how many", "unsubscribe", "old lists"},
		l10n.Japanese: {"苦情", "遅くするだけでは解消しません", "公表していません", "配信停止", "古い配信リスト"},
	}
	for lang, words := range wants {
		text := l10n.New(lang).T(AdviceComplaints, nil)
		for _, want := range words {
			if !strings.Contains(text, want) {
				t.Errorf("%s: advice lacks %q:\n%s", lang, want, text)
			}
		}
	}
}
