package diagnose

import (
	"slices"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

var jst = time.FixedZone("JST", 9*3600)

// docomoReject is docomo's "550 Unknown user" naming named, sent to
// recipient at phase.
func docomoReject(recipient, named string, phase parsers.Phase, at time.Time) Input {
	command := map[parsers.Phase]string{
		parsers.PhaseRCPT:      "RCPT TO",
		parsers.PhaseDATA:      "DATA",
		parsers.PhaseEndOfDATA: "end of DATA",
	}[phase]
	return Input{
		Status: parsers.StatusBounced, DSN: "5.0.0", ReplyCode: 550, Phase: phase,
		Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: recipient, Time: at,
		Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user " + named + " (in reply to " + command + " command)",
	}
}

func TestClassifyPhasePair(t *testing.T) {
	before := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		name  string
		in    Input
		class Class
	}{
		{"docomo at RCPT", docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseRCPT, before), UserUnknown},
		{"docomo at DATA", docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseDATA, before), Filtered},
		{"docomo at end of DATA", docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, before), Filtered},
		{"au at RCPT", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseRCPT, Relay: auRelay, Domain: "ezweb.ne.jp", Recipient: "user@ezweb.ne.jp", Time: before,
			Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 <user@ezweb.ne.jp>: User unknown (in reply to RCPT TO command)"}, UserUnknown},
		{"au at end of DATA", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseEndOfDATA, Relay: auRelay, Domain: "ezweb.ne.jp", Recipient: "user@ezweb.ne.jp", Time: before,
			Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 <user@ezweb.ne.jp>: User unknown (in reply to end of DATA command)"}, Filtered},
		{"au empty brackets at end of DATA", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseEndOfDATA, Relay: auRelay, Domain: "ezweb.ne.jp", Recipient: "user@ezweb.ne.jp", Time: before,
			Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 : User unknown (in reply to end of DATA command)"}, Filtered},
		{"au empty brackets at RCPT", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseRCPT, Relay: auRelay, Domain: "ezweb.ne.jp", Recipient: "user@ezweb.ne.jp", Time: before,
			Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 : User unknown (in reply to RCPT TO command)"}, Filtered},
		{"same text elsewhere is unknown at any phase", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseEndOfDATA, Relay: "mx.example.com[192.0.2.9]:25", Domain: "example.com", Recipient: "user@example.com", Time: before,
			Reason: "host mx.example.com[192.0.2.9] said: 550 Unknown user user@example.com (in reply to end of DATA command)"}, UserUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Class != tt.class {
				t.Errorf("class = %q, want %q", got.Class, tt.class)
			}
			if got.Basis != BasisText {
				t.Errorf("basis = %q, want %q", got.Basis, BasisText)
			}
		})
	}
}

func TestClassifyCollateral(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		name       string
		in         Input
		collateral bool
	}{
		{"other address at end of DATA", docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, at), true},
		{"other address at DATA", docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseDATA, at), true},
		{"other address at RCPT", docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseRCPT, at), false},
		{"own address", docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, at), false},
		{"own address in another case", docomoReject("User@DoCoMo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, at), false},
		{"own address in angle brackets", docomoReject("user@docomo.ne.jp", "<user@docomo.ne.jp>.", parsers.PhaseEndOfDATA, at), false},
		{"own and other address", docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp user@docomo.ne.jp", parsers.PhaseEndOfDATA, at), false},
		{"no address", docomoReject("user@docomo.ne.jp", "", parsers.PhaseEndOfDATA, at), false},
		{"no recipient", docomoReject("", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, at), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Collateral != tt.collateral {
				t.Errorf("collateral = %v, want %v (reason %q)", got.Collateral, tt.collateral, tt.in.Reason)
			}
			if got.Class != Filtered && tt.in.Phase != parsers.PhaseRCPT {
				t.Errorf("class = %q, want filtered", got.Class)
			}
		})
	}

	t.Run("advice names the other recipient", func(t *testing.T) {
		in := docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, at)
		advice := Advise(Classify(in), in)
		if len(advice.Steps) != 1 || advice.Steps[0].ID != AdviceCollateral {
			t.Fatalf("advice = %v, want [%s]", advice.IDs(), AdviceCollateral)
		}
		data := advice.Steps[0].Data
		if data["Named"] != "other@docomo.ne.jp" {
			t.Errorf("Named = %v, want other@docomo.ne.jp", data["Named"])
		}
		if data["Recipient"] != "user@docomo.ne.jp" {
			t.Errorf("Recipient = %v, want user@docomo.ne.jp", data["Recipient"])
		}
		if data["MainCF"] != wantDocomoMainCF {
			t.Errorf("MainCF = %q, want %q", data["MainCF"], wantDocomoMainCF)
		}
	})
}

// A DATA-phase reject that names the message's own sender is about the
// sender or the content, not about another recipient.
func TestClassifyCollateralSender(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	reject := func(sender, reply string) Input {
		return Input{
			Status: parsers.StatusBounced, DSN: "5.7.1", ReplyCode: 550, Phase: parsers.PhaseEndOfDATA,
			Relay: docomoRelay, Domain: "docomo.ne.jp", Recipient: "u@docomo.ne.jp", Sender: sender, Time: at,
			Reason: "host mfsmax.docomo.ne.jp[203.138.180.112] said: " + reply + " (in reply to end of DATA command)",
		}
	}
	tests := []struct {
		name       string
		in         Input
		collateral bool
		named      string
	}{
		{"spam reject naming the sender", reject("shop@shop.example", "550 5.7.1 <shop@shop.example>: Message rejected as spam"), false, ""},
		{"sender in another case", reject("Shop@Shop.example", "550 5.7.1 <shop@shop.example>: Message rejected as spam"), false, ""},
		{"sender rejected, sender known", reject("shop@shop.example", "554 5.7.1 <shop@shop.example>: Sender address rejected: Access denied"), false, ""},
		{"sender rejected, sender unknown", reject("", "554 5.7.1 <shop@shop.example>: Sender address rejected: Access denied"), false, ""},
		{"spam reject, sender unknown", reject("", "550 5.7.1 <shop@shop.example>: Message rejected as spam"), true, "shop@shop.example"},
		{"another recipient", reject("shop@shop.example", "550 Unknown user other@docomo.ne.jp"), true, "other@docomo.ne.jp"},
		{"sender and another recipient", reject("shop@shop.example", "550 5.7.1 <shop@shop.example> to <other@docomo.ne.jp>: Message rejected"), true, "other@docomo.ne.jp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Collateral != tt.collateral {
				t.Errorf("collateral = %v, want %v (reason %q)", got.Collateral, tt.collateral, tt.in.Reason)
			}
			named, _ := CollateralAddress(tt.in)
			if named != tt.named {
				t.Errorf("CollateralAddress = %q, want %q", named, tt.named)
			}
			ids := Advise(got, tt.in).IDs()
			if slices.Contains(ids, AdviceCollateral) != tt.collateral {
				t.Errorf("advice = %v, collateral advice wanted: %v", ids, tt.collateral)
			}
		})
	}
}

func TestClassifyDocomoDateRule(t *testing.T) {
	tests := []struct {
		name       string
		at         time.Time
		confidence Confidence
		grounds    Grounds
		advice     string
	}{
		{"a year before", time.Date(2024, 3, 13, 12, 0, 0, 0, jst), ConfidenceHigh, GroundsCarrier, AdviceDocomoFiltered},
		{"last minute before", time.Date(2025, 3, 12, 23, 59, 59, 0, jst), ConfidenceHigh, GroundsCarrier, AdviceDocomoFiltered},
		{"first second in Japan", time.Date(2025, 3, 13, 0, 0, 0, 0, jst), ConfidenceLow, GroundsDocomoSinceChange, AdviceDocomoFilteredSinceChange},
		{"same instant in UTC", time.Date(2025, 3, 12, 15, 0, 0, 0, time.UTC), ConfidenceLow, GroundsDocomoSinceChange, AdviceDocomoFilteredSinceChange},
		{"second before in UTC", time.Date(2025, 3, 12, 14, 59, 59, 0, time.UTC), ConfidenceHigh, GroundsCarrier, AdviceDocomoFiltered},
		{"a year after", time.Date(2026, 3, 13, 12, 0, 0, 0, jst), ConfidenceLow, GroundsDocomoSinceChange, AdviceDocomoFilteredSinceChange},
		{"no log time", time.Time{}, ConfidenceMedium, GroundsDocomoNoDate, AdviceDocomoFiltered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseEndOfDATA, tt.at)
			got := Classify(in)
			if got.Class != Filtered {
				t.Errorf("class = %q, want filtered: the date changes the confidence only", got.Class)
			}
			if got.Confidence != tt.confidence {
				t.Errorf("confidence = %q, want %q", got.Confidence, tt.confidence)
			}
			if got.Grounds != tt.grounds {
				t.Errorf("grounds = %q, want %q", got.Grounds, tt.grounds)
			}
			wantUnknown := tt.grounds == GroundsDocomoSinceChange
			if LikelyUnknownSinceDocomoChange(got) != wantUnknown {
				t.Errorf("LikelyUnknownSinceDocomoChange = %v, want %v", !wantUnknown, wantUnknown)
			}
			if ids := Advise(got, in).IDs(); len(ids) != 1 || ids[0] != tt.advice {
				t.Errorf("advice = %v, want [%s]", ids, tt.advice)
			}
		})
	}

	t.Run("collateral reject after the change is not a likely unknown", func(t *testing.T) {
		in := docomoReject("user@docomo.ne.jp", "other@docomo.ne.jp", parsers.PhaseEndOfDATA, time.Date(2026, 1, 1, 0, 0, 0, 0, jst))
		if got := Classify(in); !got.Collateral || LikelyUnknownSinceDocomoChange(got) {
			t.Errorf("Classify = %+v, want collateral and not a likely unknown", got)
		}
	})

	t.Run("RCPT unknown keeps its confidence", func(t *testing.T) {
		in := docomoReject("user@docomo.ne.jp", "user@docomo.ne.jp", parsers.PhaseRCPT, time.Date(2026, 1, 1, 0, 0, 0, 0, jst))
		if got := Classify(in); got.Class != UserUnknown || got.Confidence != ConfidenceHigh {
			t.Errorf("Classify = %q %q, want user_unknown high", got.Class, got.Confidence)
		}
	})

	sent := func(at time.Time) Input {
		return Input{Status: parsers.StatusSent, DSN: "2.0.0", ReplyCode: 250, Relay: docomoRelay, Domain: "docomo.ne.jp",
			Recipient: "user@docomo.ne.jp", Time: at, Reason: "250 Requested mail action okay, completed"}
	}
	t.Run("sent after the change", func(t *testing.T) {
		in := sent(time.Date(2025, 3, 13, 0, 0, 0, 0, jst))
		res := Classify(in)
		if res.Class != ClassNone || res.Confidence != "" {
			t.Errorf("Classify = %q %q, want no class and no confidence", res.Class, res.Confidence)
		}
		advice := Advise(res, in)
		if ids := advice.IDs(); len(ids) != 1 || ids[0] != AdviceDocomoSent {
			t.Fatalf("advice = %v, want [%s]", ids, AdviceDocomoSent)
		}
		if advice.Steps[0].Data["Date"] != "2025-03-13" {
			t.Errorf("Date = %v, want 2025-03-13", advice.Steps[0].Data["Date"])
		}
	})
	t.Run("sent before the change", func(t *testing.T) {
		in := sent(time.Date(2025, 3, 12, 23, 59, 0, 0, jst))
		if ids := Advise(Classify(in), in).IDs(); len(ids) != 0 {
			t.Errorf("advice = %v, want none", ids)
		}
	})
}

func TestClassifyConfidence(t *testing.T) {
	at := time.Date(2024, 11, 5, 10, 0, 0, 0, jst)
	tests := []struct {
		name    string
		in      Input
		want    Confidence
		grounds Grounds
	}{
		{"provider token", Input{Status: parsers.StatusDeferred, DSN: "4.7.0", Domain: "yahoo.com", Time: at,
			Reason: "host mta5.am0.yahoodns.net[67.195.1.1] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred (in reply to MAIL FROM command)"}, ConfidenceHigh, GroundsToken},
		{"suspended quoting a known failure", Input{Status: parsers.StatusDeferred, DSN: "4.4.1", Domain: "example.net", Time: at,
			Reason: "delivery temporarily suspended: connect to mx.example.net[192.0.2.50]:25: Connection timed out"}, ConfidenceMedium, GroundsText},
		{"suspended quoting an unknown reply", Input{Status: parsers.StatusDeferred, DSN: "4.0.0", Domain: "example.net", Time: at,
			Reason: "delivery temporarily suspended: host mx.example.net[192.0.2.50] said: 421 Come back tomorrow (in reply to MAIL FROM command)"}, ConfidenceHigh, GroundsPostfix},
		{"common text", Input{Status: parsers.StatusBounced, DSN: "5.1.1", Domain: "example.net", Time: at,
			Reason: "host mx.example.net[192.0.2.50] said: 550 5.1.1 <u@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)"}, ConfidenceMedium, GroundsText},
		{"greylisting names its cause", Input{Status: parsers.StatusDeferred, DSN: "4.2.0", Domain: "example.net", Time: at,
			Reason: "host mx.example.net[192.0.2.50] said: 450 4.2.0 <u@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html (in reply to RCPT TO command)"}, ConfidenceHigh, GroundsTextNamed},
		{"exact code", Input{Status: parsers.StatusBounced, DSN: "5.2.2", Domain: "example.net", Time: at,
			Reason: "host mx.example.net[192.0.2.50] said: 552 5.2.2 Rejected (in reply to RCPT TO command)"}, ConfidenceMedium, GroundsCode},
		{"class and subject only", Input{Status: parsers.StatusBounced, DSN: "5.7.99", Domain: "example.net", Time: at,
			Reason: "host mx.example.net[192.0.2.50] said: 550 5.7.99 Rejected (in reply to RCPT TO command)"}, ConfidenceLow, GroundsCodeClass},
		{"no rule", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Domain: "example.net", Time: at,
			Reason: "host mx.example.net[192.0.2.50] said: 550 Go away (in reply to RCPT TO command)"}, ConfidenceLow, GroundsNone},
		{"au unknown at RCPT is ambiguous", Input{Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseRCPT, Relay: auRelay, Domain: "au.com", Recipient: "user@au.com", Time: at,
			Reason: "host lsean.ezweb.ne.jp[27.85.176.228] said: 550 <user@au.com>: User unknown (in reply to RCPT TO command)"}, ConfidenceMedium, GroundsCarrierAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.in)
			if got.Confidence != tt.want || got.Grounds != tt.grounds {
				t.Errorf("confidence, grounds = %q, %q, want %q, %q", got.Confidence, got.Grounds, tt.want, tt.grounds)
			}
			if LikelyUnknownSinceDocomoChange(got) {
				t.Error("LikelyUnknownSinceDocomoChange = true for a reply that is not docomo's")
			}
		})
	}
}

func TestContainsWord(t *testing.T) {
	tests := []struct {
		s, word string
		want    bool
	}{
		{"block list (s3140).", "s3140", true},
		{"block list (as3140).", "s3140", false},
		{"block list (as3140).", "as3140", true},
		{"[tss04] messages", "tss04", true},
		{"xtss04", "tss04", false},
		{"tss045", "tss04", false},
		{"421-4.7.28 [192.0.2.1]", "4.7.28", true},
		{"code 4.7.280 here", "4.7.28", false},
		{"code 14.7.28 here", "4.7.28", false},
		{"ends with 4.7.28.", "4.7.28", true},
		{"4.7.28.1", "4.7.28", false},
		{"a tss04 b tss04x", "tss04", true},
		{"", "tss04", false},
	}
	for _, tt := range tests {
		if got := containsWord(tt.s, tt.word); got != tt.want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", tt.s, tt.word, got, tt.want)
		}
	}
}

func TestPhaseNames(t *testing.T) {
	for p := parsers.PhaseConnect; p <= parsers.PhaseQUIT; p++ {
		name := PhaseName(p)
		got, ok := ParsePhase(name)
		if !ok || got != p {
			t.Errorf("ParsePhase(%q) = %v, %v; want %v, true", name, got, ok, p)
		}
	}
	if PhaseName(parsers.PhaseEndOfDATA) != "end_of_data" {
		t.Errorf("PhaseName(PhaseEndOfDATA) = %q, want end_of_data", PhaseName(parsers.PhaseEndOfDATA))
	}
	for _, bad := range []string{"", "end-of-data", "RCPT", "x"} {
		if _, ok := ParsePhase(bad); ok {
			t.Errorf("ParsePhase(%q) accepted an unknown name", bad)
		}
	}
	if PhaseName(parsers.Phase(200)) != "" {
		t.Error("PhaseName of an unknown phase is not empty")
	}
}

func TestStatusName(t *testing.T) {
	tests := map[parsers.Status]string{
		parsers.StatusNone:          "",
		parsers.StatusSent:          "sent",
		parsers.StatusDeferred:      "deferred",
		parsers.StatusBounced:       "bounced",
		parsers.StatusSoftBounce:    "softbounce",
		parsers.StatusDeliverable:   "deliverable",
		parsers.StatusUndeliverable: "undeliverable",
		parsers.StatusUnknown:       "unknown",
		parsers.Status(200):         "unknown",
	}
	for status, want := range tests {
		if got := StatusName(status); got != want {
			t.Errorf("StatusName(%d) = %q, want %q", status, got, want)
		}
	}
}

func jstNoon() time.Time { return time.Date(2024, 11, 5, 12, 0, 0, 0, jst) }
