package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// docomoTS01 is docomo's greeting when it defers a sender over its users'
// complaints, as a private Postfix 3.7 logged it. The address and URL are
// placeholders.
const docomoTS01 = "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1; see https://help.example/ts01"

// suspendedCollector returns a collector that read two direct TS01
// greetings and five "delivery temporarily suspended" lines quoting them,
// as Postfix 3.7 logs them once it treats docomo as dead.
func suspendedCollector(t *testing.T) (*stats.Collector, time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	coll := stats.New(stats.Config{})
	add := func(line string) {
		var ev parsers.Event
		parser.Parse([]byte(line), &ev)
		coll.Add(&ev, []byte(line))
	}
	for i := range 7 {
		queueID := fmt.Sprintf("4A1B2C%04X", i)
		stamp := now.Add(-time.Duration(7-i) * time.Minute).Format("Jan 02 15:04:05")
		add(fmt.Sprintf("%s mx postfix/qmgr[2]: %s: from=<shop@shop.example>, size=320, nrcpt=1 (queue active)", stamp, queueID))
		if i < 2 {
			add(fmt.Sprintf("%s mx postfix/smtp[3]: %s: to=<u%d@docomo.ne.jp>, relay=none, delay=0.3, delays=0/0/0.3/0, dsn=4.7.0, status=deferred (host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: %s)",
				stamp, queueID, i, docomoTS01))
			continue
		}
		add(fmt.Sprintf("%s mx postfix/error[4]: %s: to=<u%d@docomo.ne.jp>, relay=none, delay=300, delays=300/0/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host mfsmax.docomo.ne.jp[192.0.2.2] refused to talk to me: %s)",
			stamp, queueID, i, docomoTS01))
	}
	return coll, now
}

// Suspended lines that quote a reply count under that reply's class, so
// the domain's top reason and the why panel's cause name the receiver's
// reply, and the panel states that Postfix suspended the destination.
func TestWhySuspendedShowsQuotedCause(t *testing.T) {
	coll, now := suspendedCollector(t)
	snapshot := coll.Snapshot(now)
	subject := domainWhy(snapshot, "docomo.ne.jp", stats.Window1h)
	if got := topClass(subject.Counts); got != diagnose.RateLimited {
		t.Errorf("top class = %q, want rate_limited", got)
	}
	if subject.Counts.Suspended != 5 {
		t.Errorf("suspended count = %d, want 5", subject.Counts.Suspended)
	}

	tests := []struct {
		lang           string
		want, unwanted []string
	}{
		{"en", []string{
			"rate_limited: The receiver holds back or refuses this server's mail because its recipients complained",
			"5 of the failed attempts made no connection",
			"user complaints",
			"What to do The reply names complaints",
			"Likely cause, not certain: docomo is temporarily refusing",
		}, []string{"suspended: Postfix paused", "not certain: The reply names complaints"}},
		{"ja", []string{
			"失敗のうち 5 件は接続せずに",
			"user complaints",
			"対処 応答は受信者からの苦情",
		}, []string{"配送見合わせ: "}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}}
			panel.SetSize(200, 80)
			panel.Open(subject)
			var text strings.Builder
			for _, line := range panel.lines {
				text.WriteString(strings.TrimSpace(ansi.Strip(line)))
				text.WriteByte(' ')
			}
			joined := strings.Join(strings.Fields(text.String()), " ")
			for _, want := range tt.want {
				if !strings.Contains(joined, want) {
					t.Errorf("panel lacks %q:\n%s", want, joined)
				}
			}
			for _, unwanted := range tt.unwanted {
				if strings.Contains(joined, unwanted) {
					t.Errorf("panel has %q:\n%s", unwanted, joined)
				}
			}
		})
	}
}

// A message's panel notes the suspension only when its own last attempt
// was suspended, whatever its domain's count.
func TestWhySuspendedMessageNote(t *testing.T) {
	coll, now := suspendedCollector(t)
	snapshot := coll.Snapshot(now)
	tests := []struct {
		queueID string
		want    bool
	}{
		{"4A1B2C0000", false}, // the direct TS01 greeting
		{"4A1B2C0006", true},  // a suspended line quoting it
	}
	for _, tt := range tests {
		t.Run(tt.queueID, func(t *testing.T) {
			message, ok := coll.Message(tt.queueID)
			if !ok {
				t.Fatalf("message %s not found", tt.queueID)
			}
			panel := whyPanel{c: &common{l: l10n.New("en"), styles: plainStyles()}}
			panel.SetSize(200, 80)
			panel.Open(messageWhy(snapshot, message, stats.Window1h))
			text := strings.Join(strings.Fields(ansi.Strip(strings.Join(panel.lines, " "))), " ")
			if got := strings.Contains(text, "Postfix made no connection for this attempt"); got != tt.want {
				t.Errorf("note shown = %v, want %v:\n%s", got, tt.want, text)
			}
			if strings.Contains(text, "of the failed attempts made no connection") {
				t.Errorf("message panel counts the domain's suspended attempts:\n%s", text)
			}
		})
	}
}
