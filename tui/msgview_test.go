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

// At 80 columns an attempt with a long relay still shows its time, status,
// relay and delay in full, in English and in Japanese. The relay moves to
// a line of its own when the attempt's first line has no room for it.
func TestMessageViewAttemptFitsNarrowScreen(t *testing.T) {
	const relay = "gmail-smtp-in.l.google.com[2001:db8:4860:4864:20::1b]:25"
	attempt := stats.Attempt{
		Time: fixtureNow.Add(-5 * time.Minute), Status: parsers.StatusDeferred, DSN: "4.7.28",
		Class: diagnose.RateLimited, Relay: relay, Delay: 4523,
		Reason: "host gmail-smtp-in.l.google.com said: 421-4.7.28 Our system has detected an unusual rate of unsolicited mail",
	}
	message := stats.Message{
		QueueID: fixtureQueueID,
		Recipients: []stats.Recipient{{
			Address: "buyer@gmail.com", Domain: "gmail.com", Status: parsers.StatusDeferred,
			Attempts: []stats.Attempt{attempt},
		}},
	}
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			t.Run(lang+"-"+itoa(width), func(t *testing.T) {
				c := &common{l: l10n.New(lang), styles: plainStyles()}
				view := messageView{c: c}
				view.SetSize(width, 40)
				view.SetMessage(message, true, fixtureNow)

				text := ansi.Strip(view.View())
				for _, want := range []string{
					"10:25:00",
					c.statusLabel(parsers.StatusDeferred),
					c.l.T("msg.relay", map[string]any{"Relay": relay}),
					c.l.T("msg.delay", map[string]any{"Delay": formatSeconds(attempt.Delay)}),
					"unusual rate",
				} {
					if !strings.Contains(text, want) {
						t.Errorf("view lacks %q:\n%s", want, text)
					}
				}
				if strings.Contains(text, ellipsis) {
					t.Errorf("view cuts a line:\n%s", text)
				}
			})
		}
	}
}

func TestPackParts(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		width int
		want  []string
	}{
		{"one line", []string{"10:25:00", "sent", "delay 0.2s"}, 40, []string{"    10:25:00  sent  delay 0.2s"}},
		{"next line", []string{"10:25:00", "sent", "relay mx.example.com[192.0.2.1]:25"}, 40,
			[]string{"    10:25:00  sent", "      relay mx.example.com[192.0.2.1]:25"}},
		{"wrapped part", []string{"10:25:00", "relay a-very-long-host-name.example.com"}, 20,
			[]string{"    10:25:00", "      relay a-very-", "      long-host-", "      name.example.c", "      om"}},
		{"first part wrapped", []string{"relay mx.example.com", "sent"}, 12,
			[]string{"    relay", "    mx.examp", "    le.com", "      sent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := packParts(tt.parts, 4, 6, tt.width)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("packParts(%q, 4, 6, %d) = %q, want %q", tt.parts, tt.width, got, tt.want)
			}
			for _, line := range got {
				if w := ansi.StringWidth(line); w > tt.width {
					t.Errorf("line %q is %d cells wide, over %d", line, w, tt.width)
				}
			}
		})
	}
}
