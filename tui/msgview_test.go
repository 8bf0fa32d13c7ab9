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

// TestMessageViewSentRecipientClass checks that a recipient delivered
// after deferrals shows no reason class next to its status, while each
// deferral still shows its own.
func TestMessageViewSentRecipientClass(t *testing.T) {
	deferral := func(minutes int) stats.Attempt {
		return stats.Attempt{
			Time: fixtureNow.Add(time.Duration(minutes-60) * time.Minute), Status: parsers.StatusDeferred, DSN: "4.7.0",
			Class: diagnose.RateLimited, Reason: "421 4.7.0 Too many connections",
		}
	}
	message := stats.Message{
		QueueID: fixtureQueueID,
		Recipients: []stats.Recipient{{
			Address: "taro@docomo.ne.jp", Domain: "docomo.ne.jp", Status: parsers.StatusSent, Class: diagnose.RateLimited,
			Attempts: []stats.Attempt{
				deferral(0), deferral(10), deferral(20),
				{Time: fixtureNow.Add(-30 * time.Minute), Status: parsers.StatusSent, DSN: "2.0.0", Reason: "250 2.0.0 Ok"},
			},
		}},
	}
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			c := &common{l: l10n.New(lang), styles: plainStyles()}
			view := messageView{c: c}
			view.SetSize(100, 40)
			view.SetMessage(message, true, fixtureNow)

			lines := strings.Split(ansi.Strip(view.View()), "\n")
			head := findLineWith(lines, "  taro@docomo.ne.jp")
			if !strings.Contains(head, c.statusLabel(parsers.StatusSent)) {
				t.Errorf("recipient line %q lacks the status sent", head)
			}
			rateLimited := c.classLabel(diagnose.RateLimited)
			if strings.Contains(head, rateLimited) {
				t.Errorf("recipient line %q shows the class %q of an earlier deferral", head, rateLimited)
			}
			if n := strings.Count(strings.Join(lines, "\n"), rateLimited); n != 3 {
				t.Errorf("the view shows %q %d times, want once for each of 3 deferrals", rateLimited, n)
			}
		})
	}
}

// findLineWith returns the first of lines that starts with prefix, or "".
func findLineWith(lines []string, prefix string) string {
	for _, line := range lines {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}
