package tui

import (
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
