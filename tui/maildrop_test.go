package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
)

// maildropQueue returns a scan whose maildrop queue has a requeued
// docomo.ne.jp message and one whose file names no recipient.
func maildropQueue() QueueSnapshotMsg {
	snap := fixtureQueue()
	snap.Messages = append(snap.Messages,
		sources.QueuedMessage{Queue: sources.QueueMaildrop, QueueID: "6E56BE209D", Arrival: fixtureNow.Add(-time.Hour), Sender: "shop@example.com",
			Recipients: []sources.QueuedRecipient{{Address: "user2@docomo.ne.jp", Status: "4.4.1", Reason: refused}}},
		sources.QueuedMessage{Queue: sources.QueueMaildrop, QueueID: "2ED97E20C2", Arrival: fixtureNow, Sender: "shop@example.com"},
	)
	snap.Counts[sources.QueueMaildrop] = 2
	return QueueSnapshotMsg{Snapshot: snap}
}

// domainTitle returns the domain table's title line of the screen.
func domainTitle(t *testing.T, m Model) string {
	t.Helper()
	for _, line := range strings.Split(screenText(m), "\n") {
		if strings.HasPrefix(line, m.c.l.T("domains.title")) {
			return strings.TrimRight(line, " ")
		}
	}
	t.Fatalf("no domain table title on the screen:\n%s", screenText(m))
	return ""
}

func TestDomainTitleNamesMaildrop(t *testing.T) {
	want := map[string]string{
		"en": "maildrop: 2 waiting for pickup (2m or more)",
		"ja": "maildrop: pickup 待ち 2 件（2m 以上）",
	}
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			t.Run(fmt.Sprintf("%s-%d", lang, width), func(t *testing.T) {
				clock := fixtureNow
				opts := queueOptions(lang)
				opts.Now = func() time.Time { return clock }
				m := send(t, newScreen(t, opts, width, 24), maildropQueue())

				// Just seen: pickup may be taking them right now.
				clock = clock.Add(maildropNoteAfter - time.Second)
				m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
				if title := domainTitle(t, m); strings.Contains(title, "maildrop") {
					t.Errorf("title %q names the maildrop queue %v after the scan", title, maildropNoteAfter-time.Second)
				}

				clock = fixtureNow.Add(2 * time.Minute)
				m = send(t, m, maildropQueue(), SnapshotMsg{Snapshot: fixtureSnapshot()})
				if title := domainTitle(t, m); !strings.HasSuffix(title, want[lang]) {
					t.Errorf("title %q, want it to end with %q", title, want[lang])
				}

				// Pickup took them.
				m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, SnapshotMsg{Snapshot: fixtureSnapshot()})
				if title := domainTitle(t, m); strings.Contains(title, "maildrop") {
					t.Errorf("title %q names the maildrop queue after pickup took the messages", title)
				}
			})
		}
	}
}

func TestDomainTitleMaildropOnlyDomain(t *testing.T) {
	clock := fixtureNow
	opts := queueOptions("en")
	opts.Now = func() time.Time { return clock }
	opts.Filter = "ezweb.ne.jp"
	m := send(t, newScreen(t, opts, 132, 24), maildropQueue())
	clock = clock.Add(time.Minute)
	m = send(t, m, maildropQueue(), SnapshotMsg{Snapshot: fixtureSnapshot()})
	// The docomo.ne.jp message is left out, and the one without
	// recipients may be for ezweb.ne.jp.
	if want := "maildrop: 1 waiting for pickup (1m or more)"; !strings.HasSuffix(domainTitle(t, m), want) {
		t.Errorf("title %q, want it to end with %q", domainTitle(t, m), want)
	}
}
