package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// pathSource is the fixture source with docomo.ne.jp's sending paths: the
// shop system's mail is deferred, the office's is delivered.
type pathSource struct {
	fakeSource
	calls []string
}

func (s *pathSource) Paths(domain string, w stats.Window, now time.Time) []stats.PathStats {
	s.calls = append(s.calls, domain+" "+w.String())
	if domain != "docomo.ne.jp" {
		return nil
	}
	return []stats.PathStats{
		{SenderDomain: "shop.example.com", Client: "web01.example.com[192.0.2.10]", SASLUsername: "shop",
			Relay: "mfsmax.docomo.ne.jp[203.138.181.240]", Counts: stats.Counts{Attempts: 12, Sent: 3, Deferred: 9}},
		{SenderDomain: "office.example.com", Client: "pickup uid=1001",
			Relay: "mfsmax.docomo.ne.jp[203.138.181.240]", Counts: stats.Counts{Attempts: 25, Sent: 25}},
		{SenderDomain: "evil\x1b[2J.example", Client: "x[192.0.2.66]", Relay: "none", Counts: stats.Counts{Attempts: 3, Bounced: 3}},
		{Other: true, Counts: stats.Counts{Attempts: 1, Sent: 1}},
	}
}

func TestWhyGoldenScreens(t *testing.T) {
	scenes := []struct {
		name string
		keys []string
	}{
		{"why-domain", []string{"x"}},
		{"why-domain-end", []string{"x", "end"}},
		{"why-feed", []string{"tab", "down", "down", "x"}},
		{"why-message", []string{"enter", "enter", "x"}},
	}
	sizes := []struct{ width, height int }{{80, 24}, {132, 40}}
	for _, lang := range []string{"en", "ja"} {
		for _, size := range sizes {
			for _, scene := range scenes {
				name := scene.name + "-" + lang + "-" + itoa(size.width) + "x" + itoa(size.height)
				t.Run(name, func(t *testing.T) {
					m := newScreen(t, testOptions(lang, &pathSource{}, &fakeActor{}), size.width, size.height)
					m = send(t, m, keys(scene.keys...)...)
					text := screenText(m)
					checkScreenShape(t, text, size.width, size.height)
					checkGolden(t, name, text)
				})
			}
		}
	}
}

func TestWhyOpensOnDomainAndCloses(t *testing.T) {
	source := &pathSource{}
	m := newScreen(t, testOptions("en", source, &fakeActor{}), 132, 60)
	m = send(t, m, keyPress("x"))
	if m.screen != screenWhy {
		t.Fatalf("screen after x = %d, want the why panel", m.screen)
	}
	if len(source.calls) != 1 || source.calls[0] != "docomo.ne.jp 1h" {
		t.Errorf("Paths calls = %v, want [docomo.ne.jp 1h]", source.calls)
	}
	text := screenText(m)
	for _, want := range []string{
		"Why docomo.ne.jp fails · window 1h",
		"rate_limited: The receiver is slowing this server down",
		"medium: a general wording, not a provider's documented one",
		"after RCPT TO",
		"421 4.7.0 Too many connections",
		"docomo_destination_recipient_limit = 1",
		"docomo    unix  -       -       n       -       1       smtp",
		"docomo.ne.jp    docomo:",
		"shop.example.com",
		"web01.example.com[192.0.2.10] sasl=shop",
		"pickup uid=1001",
		"other paths",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("why panel lacks %q:\n%s", want, text)
		}
	}

	m = send(t, m, keyPress("esc"))
	if m.screen != screenMain {
		t.Errorf("screen after esc = %d, want the main screen", m.screen)
	}
	m = send(t, m, keyPress("x"), keyPress("x"))
	if m.screen != screenMain {
		t.Errorf("screen after x twice = %d, want the main screen", m.screen)
	}
}

func TestWhySourceWithoutPaths(t *testing.T) {
	m := newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 132, 60)
	m = send(t, m, keyPress("x"))
	if m.why.pathsState != pathsUnavailable {
		t.Errorf("paths state = %d, want unavailable", m.why.pathsState)
	}
	if text := screenText(m); !strings.Contains(text, "This log source keeps no sending paths.") {
		t.Errorf("why panel does not say paths are unavailable:\n%s", text)
	}
}

func TestWhyWithoutSource(t *testing.T) {
	m := newScreen(t, testOptions("en", nil, nil), 80, 24)
	m = send(t, m, keyPress("x"))
	if m.screen != screenWhy {
		t.Fatalf("screen after x = %d, want the why panel", m.screen)
	}
	if m.why.pathsState != pathsUnavailable {
		t.Errorf("paths state = %d, want unavailable", m.why.pathsState)
	}
}

func TestWhyIgnoresStalePaths(t *testing.T) {
	m := newScreen(t, testOptions("en", &pathSource{}, &fakeActor{}), 132, 60)
	m = send(t, m, keyPress("x"))
	before := len(m.why.paths)
	m = send(t, m, pathsMsg{domain: "gmail.com", window: stats.Window1h, available: true})
	if len(m.why.paths) != before {
		t.Errorf("paths of gmail.com replaced docomo.ne.jp's: %d paths, want %d", len(m.why.paths), before)
	}
	m = send(t, m, pathsMsg{domain: "docomo.ne.jp", window: stats.Window24h, available: true})
	if len(m.why.paths) != before {
		t.Errorf("paths of another window replaced the open ones: %d paths, want %d", len(m.why.paths), before)
	}
}

func TestWhyFeedSanitizesEvidence(t *testing.T) {
	m := newScreen(t, testOptions("en", &pathSource{}, &fakeActor{}), 132, 60)
	m = send(t, m, keys("tab", "down", "down", "down", "down", "x")...)
	if m.why.subject.QueueID != "4jh2F01kLmz9xQb" {
		t.Fatalf("why panel explains %q, want the gmail failure", m.why.subject.QueueID)
	}
	text := screenText(m)
	checkScreenShape(t, text, 132, 60)
	if strings.Contains(text, "ZWNobw") || strings.Contains(text, "[2J") {
		t.Errorf("escape sequence from the reply reached the screen:\n%s", text)
	}
}

func TestWhyMessageBeforeLoad(t *testing.T) {
	m := newScreen(t, testOptions("en", &pathSource{}, &fakeActor{}), 80, 24)
	m.screen = screenMessage
	m.detail.Reset(fixtureQueueID)
	m = send(t, m, keyPress("x"))
	if m.screen != screenMessage {
		t.Errorf("x before the message loaded moved to screen %d", m.screen)
	}
}

func TestWhyMessageEscReturns(t *testing.T) {
	m := newScreen(t, testOptions("en", &pathSource{}, &fakeActor{}), 80, 24)
	m = send(t, m, keys("enter", "enter", "x")...)
	if m.why.subject.QueueID != fixtureQueueID || m.why.subject.Recipient != "taro@docomo.ne.jp" {
		t.Errorf("why subject = %q to %q, want %s to taro@docomo.ne.jp", m.why.subject.QueueID, m.why.subject.Recipient, fixtureQueueID)
	}
	m = send(t, m, keyPress("esc"))
	if m.screen != screenMessage {
		t.Errorf("screen after esc = %d, want the message view", m.screen)
	}
}

func TestWhyEveryClassHasPlainWords(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		c := &common{l: l10n.New(lang)}
		for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
			id := "why.class." + class.String()
			if got := c.l.T(id); got == id || got == "" {
				t.Errorf("%s: %s has no text", lang, id)
			}
		}
	}
}

// The Japanese words for the suspended class say that Postfix holds back
// delivery after failures and retries by itself. 一時停止 is the word of
// the dashboard's pause key, so it is not used for this.
func TestWhySuspendedJapaneseWords(t *testing.T) {
	text := l10n.New(l10n.Japanese).T("why.class.suspended")
	for _, want := range []string{"続けて失敗したため", "配送を見合わせており", "接続していません", "自動で再送します"} {
		if !strings.Contains(text, want) {
			t.Errorf("why.class.suspended lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "一時停止") {
		t.Errorf("why.class.suspended uses the pause key's word 一時停止: %s", text)
	}
}

func TestDiagnoseEvidenceKeepsCollectorClass(t *testing.T) {
	e := &whyEvidence{
		Time: fixtureNow, DSN: "5.0.0", Reason: "host mfsmax.docomo.ne.jp said: 550 Unknown user (in reply to end of DATA command)",
		Recipient: "a@docomo.ne.jp", Class: diagnose.Other,
	}
	d := diagnoseEvidence(e, "docomo.ne.jp")
	if d.Class != diagnose.Other {
		t.Errorf("class = %s, want the collector's other", d.Class)
	}
	if d.Result.Basis != diagnose.BasisOverride {
		t.Errorf("basis = %q, want override", d.Result.Basis)
	}
}

func TestWhyEveryGroundsHasPlainWords(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		c := &common{l: l10n.New(lang)}
		seen := make(map[string]diagnose.Grounds)
		for _, g := range diagnose.AllGrounds() {
			id := groundsID(diagnose.Result{Grounds: g})
			got := c.l.T(id)
			if got == id || got == "" {
				t.Errorf("%s: %s has no text", lang, id)
			}
			if other, ok := seen[got]; ok {
				t.Errorf("%s: grounds %s and %s read the same: %q", lang, other, g, got)
			}
			seen[got] = g
		}
	}
}

func TestWhyDocomoEndOfDATAByDate(t *testing.T) {
	reject := func(at time.Time) *whyEvidence {
		return &whyEvidence{
			Time: at, Status: parsers.StatusBounced, DSN: "5.0.0", Phase: parsers.PhaseEndOfDATA,
			Relay:     "mfsmax.docomo.ne.jp[203.138.180.112]:25",
			Reason:    "host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user a@docomo.ne.jp (in reply to end of DATA command)",
			Recipient: "a@docomo.ne.jp", Class: diagnose.Filtered,
		}
	}
	tests := []struct {
		name    string
		at      time.Time
		cause   string
		grounds string
		level   diagnose.Confidence
	}{
		{"before the change", time.Date(2025, 3, 12, 12, 0, 0, 0, time.UTC), "why.class.filtered", "why.grounds.carrier", diagnose.ConfidenceHigh},
		{"after the change", time.Date(2025, 3, 13, 12, 0, 0, 0, time.UTC), "why.cause.docomoSinceChange", "why.grounds.docomo_since_change", diagnose.ConfidenceLow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := diagnoseEvidence(reject(tt.at), "docomo.ne.jp")
			if d.Class != diagnose.Filtered || d.Result.Confidence != tt.level {
				t.Fatalf("diagnosis = %s %s, want filtered %s", d.Class, d.Result.Confidence, tt.level)
			}
			if got := causeID(d.Class, d); got != tt.cause {
				t.Errorf("cause = %s, want %s", got, tt.cause)
			}
			if got := groundsID(d.Result); got != tt.grounds {
				t.Errorf("grounds = %s, want %s", got, tt.grounds)
			}
		})
	}

	t.Run("the domain's top class differs", func(t *testing.T) {
		d := diagnoseEvidence(reject(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), "docomo.ne.jp")
		if got := causeID(diagnose.RateLimited, d); got != "why.class.rate_limited" {
			t.Errorf("cause = %s, want why.class.rate_limited", got)
		}
	})
}

func TestReplyCode(t *testing.T) {
	tests := []struct {
		reason string
		want   int
	}{
		{"host mx said: 550 5.1.1 User unknown (in reply to RCPT TO command)", 550},
		{"host mx said: 421-4.7.28 rate limited", 421},
		{"connect to mx[192.0.2.1]:25: Connection refused", 0},
		{"host mx said: 55", 0},
		{"host mx said: abc", 0},
		{"host mx said: 999 odd", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := replyCode(tt.reason); got != tt.want {
			t.Errorf("replyCode(%q) = %d, want %d", tt.reason, got, tt.want)
		}
	}
}

func TestWhyFollowsWindowKey(t *testing.T) {
	source := &pathSource{}
	m := newScreen(t, testOptions("en", source, &fakeActor{}), 132, 60)
	m = send(t, m, keyPress("x"), keyPress("4"))
	if m.why.subject.Window != stats.WindowAll {
		t.Errorf("why window after 4 = %s, want all", m.why.subject.Window)
	}
	if got := source.calls[len(source.calls)-1]; got != "docomo.ne.jp all" {
		t.Errorf("last Paths call = %q, want docomo.ne.jp all", got)
	}
	if text := screenText(m); !strings.Contains(text, "Why docomo.ne.jp fails · window all") {
		t.Errorf("title does not show the new window:\n%s", text)
	}

	m = send(t, m, keyPress("esc"), keyPress("w"))
	if len(source.calls) != 2 {
		t.Errorf("window key on the main screen loaded paths: calls %v", source.calls)
	}
}

// TestWhyGreylistingAdvisesNoTransport opens the panel on docomo.ne.jp
// whose deferrals are greylisting: it names the class with high
// confidence and, unlike docomo's other deferrals, offers no slow
// transport.
func TestWhyGreylistingAdvisesNoTransport(t *testing.T) {
	var counts stats.Counts
	counts.Attempts, counts.Deferred = 4, 3
	counts.Classes[diagnose.Greylisted] = 3
	subject := whySubject{
		Domain: "docomo.ne.jp",
		Window: stats.Window1h,
		Counts: counts,
		Evidence: &whyEvidence{
			Time: fixtureNow, Status: parsers.StatusDeferred, DSN: "4.7.1", Phase: parsers.PhaseRCPT,
			Relay:     "mfsmax.docomo.ne.jp[203.138.181.240]:25",
			Reason:    "host mfsmax.docomo.ne.jp[203.138.181.240] said: 450 4.7.1 <a@docomo.ne.jp>: Recipient address rejected: Greylisted, try again later (in reply to RCPT TO command)",
			Recipient: "a@docomo.ne.jp", Class: diagnose.Greylisted,
		},
	}
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"greylisted: The receiver greylists", "high: the reply names the cause", "Nothing to change", "smtp_bind_address"}},
		{"ja", []string{"グレーリスト: 受信側がグレーリスティング", "高: 応答が", "設定の変更は不要", "smtp_bind_address"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}}
			panel.SetSize(200, 60)
			panel.Open(subject)
			var text strings.Builder
			for _, line := range panel.lines {
				text.WriteString(strings.TrimSpace(ansi.Strip(line)))
				text.WriteByte('\n')
			}
			for _, want := range tt.want {
				if !strings.Contains(text.String(), want) {
					t.Errorf("panel lacks %q:\n%s", want, text.String())
				}
			}
			for _, unwanted := range []string{"docomo_destination_concurrency_limit", "docomo_transport_rate_delay", "postmap"} {
				if strings.Contains(text.String(), unwanted) {
					t.Errorf("panel suggests a slow transport with %q:\n%s", unwanted, text.String())
				}
			}
		})
	}
}

func TestWhyFromQueueMessageFile(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = send(t, m, keys("enter")...)
	if m.screen != screenQueueMessage || m.queueDetail.msg.QueueID != "4jh2H4dFgyz6hJk" {
		t.Fatalf("enter opened screen %v on %q, want the queued message 4jh2H4dFgyz6hJk", m.screen, m.queueDetail.msg.QueueID)
	}
	if !slices.Contains(footerKeys(m), "x") {
		t.Errorf("queued message footer lacks x: %q", footerKeys(m))
	}

	// The log has no life of this message, so the reason comes from the
	// queue file.
	m = send(t, m, keys("x")...)
	if m.screen != screenWhy {
		t.Fatalf("x on a queued message left screen %v, want the why panel; footer %q", m.screen, m.result)
	}
	subject := m.why.subject
	if subject.QueueID != "4jh2H4dFgyz6hJk" || subject.Recipient != "ichiro@ezweb.ne.jp" || subject.Domain != "ezweb.ne.jp" {
		t.Errorf("subject = %q to %q at %q, want 4jh2H4dFgyz6hJk to ichiro@ezweb.ne.jp at ezweb.ne.jp",
			subject.QueueID, subject.Recipient, subject.Domain)
	}
	if subject.Evidence == nil {
		t.Fatal("subject has no evidence, want the queue file's reason")
	}
	if subject.Evidence.Reason != refused || subject.Evidence.DSN != "4.4.1" {
		t.Errorf("evidence = %q %q, want 4.4.1 %q", subject.Evidence.DSN, subject.Evidence.Reason, refused)
	}
	if want := QueueReasonClass(m.queueDetail.msg.Recipients[0], nil); subject.Evidence.Class != want {
		t.Errorf("evidence class = %v, want %v as the queue screen shows", subject.Evidence.Class, want)
	}
	screen := screenText(m)
	checkScreenShape(t, screen, 80, 24)
	if !strings.Contains(screen, "Last reply in the queue file") {
		t.Errorf("why panel does not say the reply comes from the queue file:\n%s", screen)
	}

	m = send(t, m, keys("esc")...)
	if m.screen != screenQueueMessage || m.queueDetail.msg.QueueID != "4jh2H4dFgyz6hJk" {
		t.Errorf("esc went to screen %v on %q, want the queued message back", m.screen, m.queueDetail.msg.QueueID)
	}
}

func TestWhyFromQueueMessageLog(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 80, 24)
	m = selectQueueID(t, m, fixtureQueueID)
	m = send(t, m, keys("enter", "x")...)
	if m.screen != screenWhy {
		t.Fatalf("x on a queued message left screen %v, want the why panel; footer %q", m.screen, m.result)
	}
	want := messageWhy(m.snapshot, fixtureMessage(), m.window)
	if got := m.why.subject; got.QueueID != want.QueueID || got.Recipient != want.Recipient {
		t.Errorf("subject = %q to %q, want %q to %q from the log", got.QueueID, got.Recipient, want.QueueID, want.Recipient)
	}
	if e := m.why.subject.Evidence; e == nil || e.Time.IsZero() {
		t.Errorf("evidence = %+v, want the log's attempt with its time", e)
	}
}

// x on a message with no failed attempt states that, and shows no other
// message's failure to the same domain as its evidence.
func TestWhyDeliveredMessageSaysNothingFailed(t *testing.T) {
	delivered := fixtureMessage()
	delivered.Recipients = delivered.Recipients[1:] // buyer@gmail.com, sent
	delivered.Recipients[0].Domain = "docomo.ne.jp" // a domain with failures in the feed
	subject := messageWhy(fixtureSnapshot(), delivered, stats.Window1h)
	if subject.Evidence != nil {
		t.Fatalf("evidence = %+v, want none for a delivered message", subject.Evidence)
	}
	for _, tt := range []struct {
		lang   string
		want   []string
		absent string
	}{
		{"en", []string{"no failed attempt", "No delivery attempt of this message failed", "No failed attempt of this message was logged"}, "fails"},
		{"ja", []string{"失敗した配送なし", "このメッセージの配送が失敗した記録はありません", "このメッセージの失敗した配送は記録されていません"}, "失敗する原因"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}}
			panel.SetSize(120, 60)
			panel.Open(subject)
			text := ansi.Strip(panel.View())
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("panel lacks %q:\n%s", want, text)
				}
			}
			if title := strings.SplitN(text, "\n", 2)[0]; strings.Contains(title, tt.absent) {
				t.Errorf("title %q says the message fails", title)
			}
			if strings.Contains(text, "Too many connections") {
				t.Errorf("panel shows another message's reply as evidence:\n%s", text)
			}
		})
	}
}

// A timestamp in the why panel's prose wraps as one word: its date, time
// and zone stay on one line at every width, in both languages, and the
// no-break spaces that join them print as plain spaces.
func TestWhyKeepsTimestampWhole(t *testing.T) {
	failed := time.Date(2026, 12, 5, 14, 30, 1, 0, time.UTC)
	const timestamp = "2026-12-05 14:30:01 UTC"
	subject := whySubject{
		Domain: "docomo.ne.jp",
		Window: stats.Window1h, // with no failure counted in it
		Evidence: &whyEvidence{
			Time: failed, Status: parsers.StatusDeferred, DSN: "4.7.1", Phase: parsers.PhaseRCPT,
			Reason:    "host mfsmax.docomo.ne.jp[203.138.181.240] said: 450 4.7.1 Greylisted, try again later (in reply to RCPT TO command)",
			Recipient: "a@docomo.ne.jp", Class: diagnose.Greylisted,
		},
	}
	for _, lang := range []string{"en", "ja"} {
		for width := 40; width <= 132; width++ {
			panel := whyPanel{c: &common{l: l10n.New(lang), styles: plainStyles()}}
			panel.SetSize(width, 200)
			panel.Open(subject)
			whole := 0
			for _, line := range panel.lines {
				line = ansi.Strip(line)
				if strings.Contains(line, "\u00a0") {
					t.Errorf("%s %d: line %q has a no-break space", lang, width, line)
				}
				if strings.Contains(line, timestamp) {
					whole++
				} else if strings.Contains(line, "2026-12-05") || strings.Contains(line, " UTC") {
					t.Errorf("%s %d: line %q splits the timestamp %q", lang, width, line, timestamp)
				}
			}
			if whole == 0 {
				t.Errorf("%s %d: the panel lacks the timestamp %q:\n%s", lang, width, timestamp, ansi.Strip(strings.Join(panel.lines, "\n")))
			}
		}
	}
}

// A reject at end of DATA that names the message's own sender gets the
// advice for its class, not the collateral advice, while one that names
// another recipient of the message still gets the collateral advice.
func TestWhyMessageCollateralKnowsSender(t *testing.T) {
	tests := []struct {
		name       string
		reply      string
		class      diagnose.Class
		collateral bool
	}{
		{"names the sender", "550 5.7.1 <shop@example.com>: Message rejected as spam", diagnose.SpamContent, false},
		{"names another recipient", "550 5.7.1 <buyer@gmail.com>: Message rejected", diagnose.Blocked, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			message := fixtureMessage()
			message.Recipients[0].Attempts = []stats.Attempt{{
				Time: fixtureNow.Add(-time.Minute), Status: parsers.StatusBounced, DSN: "5.7.1", Phase: parsers.PhaseEndOfDATA,
				Relay: "mfsmax.docomo.ne.jp[203.138.181.240]:25", Class: tt.class,
				Reason: "host mfsmax.docomo.ne.jp[203.138.181.240] said: " + tt.reply + " (in reply to end of DATA command)",
			}}
			subject := messageWhy(fixtureSnapshot(), message, stats.Window1h)
			if subject.Evidence == nil || subject.Evidence.Sender != "shop@example.com" {
				t.Fatalf("evidence = %+v, want the attempt with the message's sender", subject.Evidence)
			}
			diag := diagnoseEvidence(subject.Evidence, subject.Domain)
			if diag.Result.Collateral != tt.collateral {
				t.Errorf("collateral = %v, want %v", diag.Result.Collateral, tt.collateral)
			}
			if got := slices.Contains(diag.Advice.IDs(), diagnose.AdviceCollateral); got != tt.collateral {
				t.Errorf("advice %v, collateral advice wanted: %v", diag.Advice.IDs(), tt.collateral)
			}

			panel := whyPanel{c: &common{l: l10n.New("en"), styles: plainStyles()}}
			panel.SetSize(120, 80)
			panel.Open(subject)
			text := ansi.Strip(strings.Join(panel.lines, "\n"))
			if got := strings.Contains(text, "because of another recipient"); got != tt.collateral {
				t.Errorf("panel names another recipient as the cause: %v, want %v:\n%s", got, tt.collateral, text)
			}
		})
	}
}

// A receiving Postfix's access(5) reject of the recipient address is
// explained as the receiver's policy about that address, not as a block
// of this server's IP address. A 4.1.2 "Domain not found" is explained as
// a temporary DNS failure at the receiver. Both hold in both languages.
func TestWhyRecipientPolicyAndDomainNotFound(t *testing.T) {
	tests := []struct {
		name     string
		evidence whyEvidence
		lang     string
		want     []string
		unwanted string
	}{
		{
			name: "access denied",
			evidence: whyEvidence{Status: parsers.StatusBounced, DSN: "5.7.1", Phase: parsers.PhaseRCPT, Relay: "mx.example.jp[192.0.2.40]:25",
				Reason:    "host mx.example.jp[192.0.2.40] said: 554 5.7.1 <u@example.jp>: Recipient address rejected: Access denied (in reply to RCPT TO command)",
				Recipient: "u@example.jp", Class: diagnose.UserUnknown},
			lang:     "en",
			want:     []string{"refuses this recipient address by its own policy", "not about this server's IP address"},
			unwanted: "block lists",
		},
		{
			name: "access denied",
			evidence: whyEvidence{Status: parsers.StatusBounced, DSN: "5.7.1", Phase: parsers.PhaseRCPT, Relay: "mx.example.jp[192.0.2.40]:25",
				Reason:    "host mx.example.jp[192.0.2.40] said: 554 5.7.1 <u@example.jp>: Recipient address rejected: Access denied (in reply to RCPT TO command)",
				Recipient: "u@example.jp", Class: diagnose.UserUnknown},
			lang:     "ja",
			want:     []string{"自身のポリシーでこの宛先アドレスを拒否", "IP アドレスではなく"},
			unwanted: "ブロックリスト",
		},
		{
			name: "domain not found",
			evidence: whyEvidence{Status: parsers.StatusDeferred, DSN: "4.1.2", Phase: parsers.PhaseRCPT, Relay: "mx.example.jp[192.0.2.40]:25",
				Reason:    "host mx.example.jp[192.0.2.40] said: 450 4.1.2 <u@nosuch.example>: Recipient address rejected: Domain not found (in reply to RCPT TO command)",
				Recipient: "u@nosuch.example", Class: diagnose.DNS},
			lang:     "en",
			want:     []string{"could not resolve the recipient's domain for now", "Postfix will retry"},
			unwanted: "this server's DNS resolver",
		},
		{
			name: "domain not found",
			evidence: whyEvidence{Status: parsers.StatusDeferred, DSN: "4.1.2", Phase: parsers.PhaseRCPT, Relay: "mx.example.jp[192.0.2.40]:25",
				Reason:    "host mx.example.jp[192.0.2.40] said: 450 4.1.2 <u@nosuch.example>: Recipient address rejected: Domain not found (in reply to RCPT TO command)",
				Recipient: "u@nosuch.example", Class: diagnose.DNS},
			lang:     "ja",
			want:     []string{"今は宛先のドメインを DNS で引けず", "Postfix が再送します"},
			unwanted: "このサーバーの DNS リゾルバ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.lang, func(t *testing.T) {
			evidence := tt.evidence
			evidence.Time = fixtureNow
			domain := evidence.Recipient[strings.IndexByte(evidence.Recipient, '@')+1:]
			panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}}
			panel.SetSize(400, 80)
			panel.Open(whySubject{Domain: domain, QueueID: "4jh2H4dFgyz6hJk", Recipient: evidence.Recipient, Window: stats.Window1h, Evidence: &evidence})
			text := ansi.Strip(strings.Join(panel.lines, "\n"))
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("panel lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, tt.unwanted) {
				t.Errorf("panel has %q:\n%s", tt.unwanted, text)
			}
		})
	}
}

// The advice opens with a hedge where the class is of medium or low
// confidence, so that it does not state flatly what "How sure" qualifies.
// High-confidence advice, and advice that states its own uncertainty,
// stays as it is.
func TestWhyAdviceHedgedByConfidence(t *testing.T) {
	docomoAt := func(when time.Time, dsn, reply string, phase parsers.Phase, command string) whyEvidence {
		return whyEvidence{Time: when, Status: parsers.StatusBounced, DSN: dsn, Phase: phase,
			Relay:     "mfsmax.docomo.ne.jp[203.138.181.240]:25",
			Reason:    "host mfsmax.docomo.ne.jp[203.138.181.240] said: " + reply + " (in reply to " + command + " command)",
			Recipient: "a@docomo.ne.jp"}
	}
	before := time.Date(2024, 11, 5, 1, 0, 0, 0, time.UTC)
	after := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	// too_many_recipients, a carrier reply known for more than one cause
	medium := docomoAt(before, "5.0.0", "554 Transaction failed", parsers.PhaseDATA, "DATA")
	// blocked by the code's class and subject, 5.7
	low := docomoAt(before, "5.7.9", "550 5.7.9 Policy violation", parsers.PhaseEndOfDATA, "end of DATA")
	// user_unknown, a carrier reply documented at RCPT TO
	high := docomoAt(before, "5.0.0", "550 Unknown user a@docomo.ne.jp", parsers.PhaseRCPT, "RCPT TO")
	// docomo's end-of-DATA reply after 2025-03-13, whose advice states its doubt
	selfHedged := docomoAt(after, "5.0.0", "550 Unknown user a@docomo.ne.jp", parsers.PhaseEndOfDATA, "end of DATA")

	tests := []struct {
		name       string
		evidence   whyEvidence
		confidence diagnose.Confidence
		hedge      map[string]string // by language; "" for no hedge
	}{
		{"medium", medium, diagnose.ConfidenceMedium, map[string]string{"en": "Likely cause, not certain: ", "ja": "可能性の高い原因（確実ではない）: "}},
		{"low", low, diagnose.ConfidenceLow, map[string]string{"en": "Possible cause, uncertain: ", "ja": "考えられる原因（不確か）: "}},
		{"high", high, diagnose.ConfidenceHigh, map[string]string{"en": "", "ja": ""}},
		{"advice hedges itself", selfHedged, diagnose.ConfidenceLow, map[string]string{"en": "", "ja": ""}},
	}
	for _, tt := range tests {
		for _, lang := range []string{"en", "ja"} {
			t.Run(tt.name+" "+lang, func(t *testing.T) {
				e := tt.evidence
				diag := diagnoseEvidence(&e, "docomo.ne.jp")
				if diag.Result.Confidence != tt.confidence {
					t.Fatalf("confidence = %q, want %q: the case needs another reply", diag.Result.Confidence, tt.confidence)
				}
				e.Class = diag.Class
				panel := whyPanel{c: &common{l: l10n.New(lang), styles: plainStyles()}}
				panel.SetSize(400, 80)
				panel.Open(whySubject{Domain: "docomo.ne.jp", QueueID: "4jh2H4dFgyz6hJk", Recipient: e.Recipient, Window: stats.Window1h, Evidence: &e})
				var advice string
				for i, line := range panel.lines {
					if strings.TrimSpace(ansi.Strip(line)) == panel.c.l.T("why.advice") && i+1 < len(panel.lines) {
						advice = strings.TrimSpace(ansi.Strip(panel.lines[i+1]))
						break
					}
				}
				if len(diag.Advice.Steps) == 0 {
					t.Fatalf("class %s has no advice", diag.Class)
				}
				first := strings.TrimSpace(panel.c.l.T(diag.Advice.Steps[0].ID, diag.Advice.Steps[0].Data))
				if want := tt.hedge[lang] + first[:min(len(first), 20)]; !strings.HasPrefix(advice, want) {
					t.Errorf("advice starts %q, want %q", advice, want)
				}
				for _, hedge := range []string{"why.hedge.medium", "why.hedge.low"} {
					if text := panel.c.l.T(hedge); tt.hedge[lang] == "" && strings.Contains(advice, text) {
						t.Errorf("advice of confidence %s has the hedge %q: %q", tt.confidence, text, advice)
					}
				}
			})
		}
	}
}
