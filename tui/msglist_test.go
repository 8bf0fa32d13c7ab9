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

// A message deleted, held, requeued or expired keeps its recipient's last
// status, deferred. The list shows what became of the message instead,
// with a requeue's new queue ID, in both languages and within 80 columns.
func TestMessageListStatusShowsQueueState(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	row := func(id string, state stats.QueueState) stats.MessageSummary {
		return stats.MessageSummary{
			Time: now.Add(-time.Minute), QueueID: id, Sender: "shop@shop.example", Recipient: "cust4@docomo.ne.jp",
			Status: parsers.StatusDeferred, Class: diagnose.RateLimited, DSN: "4.7.0", Reason: "421 4.7.0 try again later", State: state,
		}
	}
	requeued := row("0AE11BA040", stats.StateRequeued)
	requeued.RequeuedAs = "1F2E3BA077"
	rows := []stats.MessageSummary{
		row("0AE11BA041", stats.StateDeleted),
		row("0AE11BA042", stats.StateHeld),
		requeued,
		row("0AE11BA043", stats.StateExpired),
		row("0AE11BA044", stats.StateQueued),
	}
	for _, lang := range []string{"en", "ja"} {
		l := l10n.New(lang)
		want := map[string]string{
			"0AE11BA041": l.T("msgs.deleted"),
			"0AE11BA042": l.T("msgs.held"),
			"0AE11BA040": l.T("msgs.requeued"),
			"0AE11BA043": l.T("status.expired"),
			"0AE11BA044": l.T("status.deferred"),
		}
		for _, width := range []int{80, 132} {
			list := messageList{c: &common{l: l, styles: plainStyles()}}
			list.SetSize(width, 10)
			list.SetRows(rows, now)
			lines := strings.Split(list.View(), "\n")
			for id, status := range want {
				line := ""
				for _, candidate := range lines {
					if strings.Contains(candidate, id) {
						line = candidate
					}
				}
				if line == "" {
					t.Errorf("%s at %d columns: no row for %s in\n%s", lang, width, id, strings.Join(lines, "\n"))
					continue
				}
				if !strings.Contains(line, " "+status+" ") {
					t.Errorf("%s at %d columns: row of %s = %q, want status %q", lang, width, id, line, status)
				}
				if id != "0AE11BA044" && strings.Contains(line, " "+l.T("status.deferred")+" ") {
					t.Errorf("%s at %d columns: row of %s = %q, still says deferred", lang, width, id, line)
				}
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s at %d columns: row of %s is %d cells wide", lang, width, id, w)
				}
			}
			for _, line := range lines {
				if strings.Contains(line, "0AE11BA040") && !strings.Contains(line, l.T("msgs.requeuedAs", map[string]any{"QueueID": "1F2E3BA077"})) {
					t.Errorf("%s at %d columns: row of the requeued message = %q, lacks its new queue ID", lang, width, line)
				}
			}
		}
	}
}

// x in a domain's message list explains the message under the cursor by
// its last failed attempt, as x on the failure feed does, not the domain.
func TestMessageListWhyExplainsSelectedMessage(t *testing.T) {
	m := newScreen(t, testOptions("en", &fakeSource{}, &fakeActor{}), 132, 40)
	m = send(t, m, keyPress("enter"))
	row, ok := m.list.SelectedRow()
	if !ok || row.Class == diagnose.ClassNone {
		t.Fatalf("the cursor is not on a failed message: %+v", row)
	}
	m = send(t, m, keyPress("x"))
	if m.screen != screenWhy {
		t.Fatalf("x left screen %v, want the why panel", m.screen)
	}
	subject := m.why.subject
	if subject.QueueID != row.QueueID || subject.Recipient != row.Recipient {
		t.Errorf("subject = %q to %q, want the selected %q to %q", subject.QueueID, subject.Recipient, row.QueueID, row.Recipient)
	}
	if e := subject.Evidence; e == nil || e.Reason != row.Reason || e.Class != row.Class {
		t.Errorf("evidence = %+v, want the row's last attempt (%s, %q)", e, row.Class, row.Reason)
	}
	if title := m.why.title(); !strings.Contains(title, row.QueueID) {
		t.Errorf("title %q does not name the message %s", title, row.QueueID)
	}
	m = send(t, m, keyPress("esc"))
	if m.screen != screenDomain {
		t.Errorf("esc went to screen %v, want the message list back", m.screen)
	}
}
