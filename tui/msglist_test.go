package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/stats"
)

// When a refresh puts a newer message above the selected one, the cursor
// moves with the selected message, also from the first row, so that enter
// opens the message that was highlighted.
func TestMessageListCursorFollowsMessage(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	row := func(id string) stats.MessageSummary {
		return stats.MessageSummary{QueueID: id, Recipient: "a@docomo.ne.jp", Time: now}
	}
	for _, start := range []int{0, 1} {
		l := messageList{c: &common{}}
		l.SetRows([]stats.MessageSummary{row("2DD29BA024"), row("3AA11BA025")}, now)
		l.cursor.selectIndex(start)
		want := l.SelectedQueueID()

		l.SetRows([]stats.MessageSummary{row("E05CABA02A"), row("2DD29BA024"), row("3AA11BA025")}, now)
		if got := l.SelectedQueueID(); got != want {
			t.Errorf("cursor on row %d before the refresh: selected %s after it, want %s", start, got, want)
		}
	}
}

// At 80 columns the footer of a domain's message list keeps Q, which opens
// the queue screen, x and esc, which goes back, when the cursor is on a
// queued message and the action keys take room, in both languages. The
// list's footer has room for deliver now but not requeue, and the message
// view, one enter away, keeps Q, x, esc and both actions.
func TestMessageListFooterKeepsQueueKey(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), 80, 24)
		m = send(t, m, keyPress("enter"))
		if row, ok := m.list.SelectedRow(); !ok || !row.State.InQueue() {
			t.Fatalf("%s: the cursor is not on a queued message: %+v", lang, row)
		}
		l := m.c.l
		screens := map[string]Model{"list": m, "message": send(t, m, keyPress("enter"))}
		for name, screen := range screens {
			lines := strings.Split(screenText(screen), "\n")
			footer := lines[len(lines)-1]
			wants := []string{"Q " + l.T("key.queue"), "x " + l.T("key.why"), "esc " + l.T("key.back"), "i " + l.T("key.deliver")}
			if name == "message" {
				wants = append(wants, "r "+l.T("key.requeue"))
			}
			for _, want := range wants {
				if !strings.Contains(footer, want) {
					t.Errorf("%s %s: footer %q lacks %q", lang, name, footer, want)
				}
			}
		}
	}
}
