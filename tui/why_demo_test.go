package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
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
