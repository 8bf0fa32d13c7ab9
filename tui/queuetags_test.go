package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/sources"
)

// busyQueue is the fixture queue with the counts of a busy server, whose
// title at 80 columns is too wide for all its parts.
func busyQueue() sources.QueueSnapshot {
	snap := fixtureQueue()
	snap.Counts = map[string]int{"maildrop": 5, "incoming": 34, "active": 1234, "deferred": 56789, "hold": 12, "corrupt": 2}
	return snap
}

func TestQueueTitleKeepsTagCountAt80(t *testing.T) {
	for lang, want := range map[string]string{"en": "7 tagged", "ja": "7 件に印"} {
		t.Run(lang, func(t *testing.T) {
			opts := testOptions(lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: busyQueue()}, keyPress("Q"))
			m = send(t, m, keys("T", "/", "z", "z", "z", "enter")...)

			title := ansi.Strip(m.queue.titleLine())
			if !strings.Contains(title, want) {
				t.Errorf("title %q lacks %q", title, want)
			}
			if !strings.Contains(title, "deferred") {
				t.Errorf("title %q lacks the queue counts", title)
			}
		})
	}
}

func TestQueueCancelSaysTagsKept(t *testing.T) {
	cases := []struct {
		lang, want string
	}{
		{"en", "cancelled: delete; 7 messages stay tagged (U clears the tags)"},
		{"ja", "削除を取り消しました。印を付けた 7 件は印が付いたままです（U で解除）。"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := queueScreenModel(t, tc.lang, &fakeBatch{}, 132, 40)
			m = send(t, m, keys("T", "d", "n")...)
			if !strings.Contains(m.result, tc.want) {
				t.Errorf("result = %q, want %q", m.result, tc.want)
			}
		})
	}
}

func TestQueueCancelWithoutTagsNoNote(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, keys("d", "n")...)
	if m.result != "cancelled: delete" {
		t.Errorf("result = %q, want only the cancel", m.result)
	}
}
