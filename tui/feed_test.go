package tui

import (
	"strings"
	"testing"
	"time"
)

// feedLine returns the screen line of the feed row of queueID.
func feedLine(t *testing.T, m Model, queueID string) string {
	t.Helper()
	for _, row := range m.feed.rows {
		if row.QueueID != queueID {
			continue
		}
		for _, line := range strings.Split(screenText(m), "\n") {
			if strings.Contains(line, row.Recipient[:8]) && strings.Contains(line, m.c.statusLabel(row.Status)) {
				return line
			}
		}
	}
	t.Fatalf("no feed line for %s:\n%s", queueID, screenText(m))
	return ""
}

// A failure of an earlier day shows its date and its time of day at every
// width, and today's failures show their time to the second.
func TestFeedShowsTimeOfEarlierDay(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 100, 132} {
			snap := fixtureSnapshot()
			older := &snap.Failures[len(snap.Failures)-1]
			older.Time = fixtureNow.Add(-26 * time.Hour)
			m := newScreen(t, testOptions(lang, &fakeSource{}, &fakeActor{}), width, 40)
			m = send(t, m, SnapshotMsg{Snapshot: snap})

			olderLine := feedLine(t, m, older.QueueID)
			if want := older.Time.Format("01/02 15:04"); !strings.Contains(olderLine, want) {
				t.Errorf("%s %d: the row of the earlier day lacks %q: %q", lang, width, want, olderLine)
			}
			today := snap.Failures[0]
			if want := today.Time.Format("15:04:05"); !strings.Contains(feedLine(t, m, today.QueueID), want) {
				t.Errorf("%s %d: today's row lacks %q: %q", lang, width, want, feedLine(t, m, today.QueueID))
			}
		}
	}
}

// While every failure is of today, the time column is as narrow as the
// time, so the recipient keeps its width at 80 columns.
func TestFeedTodayKeepsRecipientWidth(t *testing.T) {
	if dated, today := layoutFeed(80, true), layoutFeed(80, false); dated.recipient >= today.recipient {
		t.Errorf("recipient width %d with an earlier day's row, %d with today's only; want the first narrower", dated.recipient, today.recipient)
	}
	for _, width := range []int{60, 80, 100, 132} {
		for _, dated := range []bool{false, true} {
			if l := layoutFeed(width, dated); dated && l.time < len("01/02 15:04") || l.time < len("15:04:05") {
				t.Errorf("width %d, dated %v: time column %d is too narrow", width, dated, l.time)
			}
		}
	}
}
