package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// The demo rebuilds its queue from the recording and has no queue files,
// so the why panel of a queued demo message names the demo's queue as the
// source of its last reply.
func TestWhyDemoQueueReplySource(t *testing.T) {
	subject := whySubject{
		Domain:    "ezweb.ne.jp",
		QueueID:   "4jh2H4dFgyz6hJk",
		Recipient: "ichiro@ezweb.ne.jp",
		Evidence: &whyEvidence{Status: parsers.StatusDeferred, DSN: "4.4.1", Phase: parsers.PhaseConnect,
			Reason: "connect to mx.ezweb.ne.jp[27.90.1.1]:25: Connection refused", Recipient: "ichiro@ezweb.ne.jp", Class: diagnose.Network},
	}
	tests := []struct {
		lang       string
		demo       bool
		want, gone string
	}{
		{"en", false, "Last reply in the queue file", "demo's queue"},
		{"en", true, "Last reply in the demo's queue", "queue file"},
		{"ja", false, "キューファイルにある最後の応答", "デモのキュー"},
		{"ja", true, "デモのキューにある最後の応答", "キューファイル"},
	}
	for _, tt := range tests {
		panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}, demo: tt.demo}
		panel.SetSize(200, 60)
		panel.Open(subject)
		var text strings.Builder
		for _, line := range panel.lines {
			text.WriteString(strings.TrimSpace(ansi.Strip(line)))
			text.WriteByte('\n')
		}
		if !strings.Contains(text.String(), tt.want) {
			t.Errorf("%s, demo %v: panel lacks %q:\n%s", tt.lang, tt.demo, tt.want, text.String())
		}
		if strings.Contains(text.String(), tt.gone) {
			t.Errorf("%s, demo %v: panel names %q:\n%s", tt.lang, tt.demo, tt.gone, text.String())
		}
	}
}

// A queued message whose last reply is older than the window, as when its
// next retry waits longer than the window, is explained by that reply: the
// failures section says the window logged none and that the cause comes
// from the message's last reply, instead of only "Nothing failed".
func TestWhyQueuedMessageOutsideWindow(t *testing.T) {
	evidence := whyEvidence{Status: parsers.StatusDeferred, DSN: "4.4.2", Phase: parsers.PhaseGreeting,
		Reason:    "conversation with mail-rakumail-jp.gslb.rmb-ss.jp[198.51.100.77] timed out while receiving the initial server greeting",
		Recipient: "yuto.kato@rakumail.jp", Class: diagnose.ConnectionLost}
	logged := evidence
	logged.Time = fixtureNow.Add(-90 * time.Minute)
	tests := []struct {
		name     string
		lang     string
		evidence whyEvidence
		want     string
	}{
		{"logged reply", "en", logged, "The cause above is from this message's last reply, at"},
		{"logged reply", "ja", logged, "上の原因は、このメッセージの最後の応答（"},
		{"queue reply", "en", evidence, "The cause above is from this message's last reply in the queue."},
		{"queue reply", "ja", evidence, "上の原因は、キューにあるこのメッセージの最後の応答によるものです。"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.lang, func(t *testing.T) {
			e := tt.evidence
			subject := whySubject{Domain: "rakumail.jp", QueueID: "2DD29BA024", Recipient: e.Recipient, Window: stats.Window1h, Evidence: &e}
			panel := whyPanel{c: &common{l: l10n.New(tt.lang), styles: plainStyles()}, demo: true}
			panel.SetSize(200, 60)
			panel.Open(subject)
			var text strings.Builder
			for _, line := range panel.lines {
				text.WriteString(strings.TrimSpace(ansi.Strip(line)))
				text.WriteByte('\n')
			}
			if !strings.Contains(text.String(), tt.want) {
				t.Errorf("panel lacks %q:\n%s", tt.want, text.String())
			}
			if noFailures := l10n.New(tt.lang).T("why.noFailures"); strings.Contains(text.String(), noFailures) {
				t.Errorf("panel says %q for a deferred message:\n%s", noFailures, text.String())
			}
		})
	}

	t.Run("domain keeps nothing failed", func(t *testing.T) {
		panel := whyPanel{c: &common{l: l10n.New("en"), styles: plainStyles()}}
		panel.SetSize(200, 60)
		panel.Open(whySubject{Domain: "rakumail.jp", Window: stats.Window1h})
		text := ansi.Strip(strings.Join(panel.lines, "\n"))
		if !strings.Contains(text, "Nothing failed in this window.") {
			t.Errorf("domain panel lacks %q:\n%s", "Nothing failed in this window.", text)
		}
	})
}

// On a real queue, x on a queued message whose domain logged no failure
// in the window explains it by the defer reason in its queue file, and
// the failures section says where the cause comes from.
func TestWhyQueueFileReplyOutsideWindow(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 60)
	for i := range m.snapshot.Domains {
		if m.snapshot.Domains[i].Domain == "ezweb.ne.jp" {
			m.snapshot.Domains[i].Windows[stats.Window1h] = stats.Counts{}
		}
	}
	m = send(t, m, keys("enter", "x")...)
	if m.screen != screenWhy || m.why.subject.QueueID != "4jh2H4dFgyz6hJk" {
		t.Fatalf("x opened screen %v on %q, want the why panel of 4jh2H4dFgyz6hJk", m.screen, m.why.subject.QueueID)
	}
	screen := screenText(m)
	for _, want := range []string{"network: This server could not connect", "Last reply in the queue file",
		"None was logged in this window. The cause above is from this message's last reply in the queue."} {
		if !strings.Contains(screen, want) {
			t.Errorf("why panel lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "Nothing failed in this window.") {
		t.Errorf("why panel says nothing failed for a deferred message:\n%s", screen)
	}
}
