package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/sources"
)

// emptyQueue is a queue directory that was read and contains no message.
func emptyQueue() sources.QueueSnapshot {
	counts := map[string]int{"maildrop": 0, "incoming": 0, "active": 0, "deferred": 0, "hold": 0, "corrupt": 0}
	return sources.QueueSnapshot{Dir: "/var/spool/postfix", Source: sources.QueueFromDirectory, Counts: counts}
}

func TestEmptyQueueFooterOffersWorkingKeys(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		for _, width := range []int{80, 132} {
			m := queueScreenModel(t, lang, &fakeBatch{}, width, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: emptyQueue()})
			want := []string{"esc", "Q", "?", "q"}
			if got := footerKeys(m); !slices.Equal(got, want) {
				t.Errorf("%s %d: footer keys = %q, want %q", lang, width, got, want)
			}
			lines := strings.Split(screenText(m), "\n")
			if help := lines[len(lines)-1]; strings.Contains(help, ellipsis) {
				t.Errorf("%s %d: key help is cut: %q", lang, width, help)
			}
		}
	}
}

func TestEmptyQueueKeysSayNothingToActOn(t *testing.T) {
	cases := []struct {
		lang, key, want string
	}{
		{"en", "enter", "the queue is empty, so enter (open) has nothing to act on"},
		{"en", "x", "the queue is empty, so x (why) has nothing to act on"},
		{"en", "space", "the queue is empty, so space (tag) has nothing to act on"},
		{"en", "T", "the queue is empty, so T (tag shown) has nothing to act on"},
		{"en", "v", "the queue is empty, so v (list/shape) has nothing to act on"},
		{"en", "/", "the queue is empty, so / (filter) has nothing to act on"},
		{"en", "s", "the queue is empty, so s (sort) has nothing to act on"},
		{"en", "h", "the queue is empty, so h (hold) has nothing to act on"},
		{"en", "d", "the queue is empty, so d (delete) has nothing to act on"},
		{"en", "F", "the queue is empty, so F (flush domain) has nothing to act on"},
		{"en", "f", "the queue is empty, so f (forward) has nothing to act on"},
		{"en", "A", "the queue is empty, so A (flush all) has nothing to act on"},
		{"ja", "enter", "キューが空なので、enter（開く）の対象がありません。"},
		{"ja", "x", "キューが空なので、x（原因）の対象がありません。"},
		{"ja", "i", "キューが空なので、i（今すぐ配送）の対象がありません。"},
		{"ja", "A", "キューが空なので、A（全体のフラッシュ）の対象がありません。"},
	}
	for _, tc := range cases {
		t.Run(tc.lang+" "+tc.key, func(t *testing.T) {
			opts := testOptions(tc.lang, &fakeSource{}, &fakeActor{})
			opts.QueueActor = &fakeBatch{}
			opts.Relays = testRelays
			m := newScreen(t, opts, 80, 24)
			m = send(t, m, QueueSnapshotMsg{Snapshot: emptyQueue()}, keyPress("Q"), keyPress(tc.key))
			if m.screen != screenQueue || m.queue.mode != queueModeList {
				t.Errorf("%s left the queue list: screen %v, mode %v", tc.key, m.screen, m.queue.mode)
			}
			if m.queue.filtering || m.queueConfirm != nil || m.forward != nil {
				t.Errorf("%s opened the filter, a confirmation or a dialog", tc.key)
			}
			if m.result != tc.want {
				t.Errorf("result = %q, want %q", m.result, tc.want)
			}
			if !strings.Contains(strings.Join(strings.Fields(screenText(m)), ""), strings.Join(strings.Fields(tc.want), "")) {
				t.Errorf("screen lacks %q:\n%s", tc.want, screenText(m))
			}
		})
	}
}

// A filter that matches no message leaves / and esc to change it, and the
// keys that need a row report that none is listed.
func TestFilteredEmptyQueueList(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, keyPress("/"))
	m = send(t, m, keys("n", "o", "s", "u", "c", "h", "enter")...)
	if len(m.queue.rows) != 0 {
		t.Fatalf("filter nosuch lists %v, want none", shownIDs(m))
	}
	want := []string{"esc", "/", "A", "Q", "?", "q"}
	if got := footerKeys(m); !slices.Equal(got, want) {
		t.Errorf("footer keys = %q, want %q", got, want)
	}
	m = send(t, m, keyPress("enter"))
	if want := "no message is listed, so enter (open) has nothing to act on"; m.result != want {
		t.Errorf("result of enter = %q, want %q", m.result, want)
	}
	m = send(t, m, keyPress("/"))
	if !m.queue.filtering {
		t.Errorf("/ does not edit the filter that hides every message")
	}
}

// Tagged messages that the filter hides keep their action keys, and flush
// all, on a list that shows no row.
func TestFilteredEmptyQueueKeepsTaggedActions(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	m = send(t, m, keyPress("space"), keyPress("/"))
	m = send(t, m, keys("n", "o", "s", "u", "c", "h", "enter")...)
	got := footerKeys(m)
	for _, want := range []string{"esc", "/", "h", "d", "A", "U"} {
		if !slices.Contains(got, want) {
			t.Errorf("footer lacks %q: %q", want, got)
		}
	}
	for _, hidden := range []string{"enter", "space", "F", "x"} {
		if slices.Contains(got, hidden) {
			t.Errorf("footer offers %q with no row: %q", hidden, got)
		}
	}
	m = send(t, m, keyPress("h"))
	if m.queueConfirm == nil {
		t.Errorf("h does not ask to hold the tagged message; result %q", m.result)
	}
}

// x on the queue list explains the message under the cursor, as it does
// in the message's view.
func TestQueueListWhyOpensPanel(t *testing.T) {
	m := queueScreenModel(t, "en", &fakeBatch{}, 132, 40)
	row, ok := m.queue.selectedRow()
	if !ok {
		t.Fatal("no row under the cursor")
	}
	m = send(t, m, keyPress("x"))
	if m.screen != screenWhy {
		t.Fatalf("x opened screen %v, want the why panel", m.screen)
	}
	if m.why.subject.QueueID != row.msg.QueueID {
		t.Errorf("why panel explains %q, want %q", m.why.subject.QueueID, row.msg.QueueID)
	}
	m = send(t, m, keyPress("esc"))
	if m.screen != screenQueue {
		t.Errorf("esc from the why panel goes to screen %v, want the queue screen", m.screen)
	}
}

// x on a held message says first that Postfix does not retry it until it
// is released, because the advice for its last failure speaks of retries.
func TestQueueListWhyHeldMessage(t *testing.T) {
	wants := map[string]string{
		"en": "This message is on hold, so Postfix will not retry it",
		"ja": "このメッセージは保留中のため、Postfix は再送しません。",
	}
	for lang, want := range wants {
		m := queueScreenModel(t, lang, &fakeBatch{}, 132, 40)
		for range m.queue.rows {
			if row, ok := m.queue.selectedRow(); ok && row.msg.Queue == sources.QueueHold {
				break
			}
			m = send(t, m, keyPress("j"))
		}
		row, ok := m.queue.selectedRow()
		if !ok || row.msg.Queue != sources.QueueHold {
			t.Fatalf("%s: no held message in the queue fixture", lang)
		}
		m = send(t, m, keyPress("x"))
		view := strings.Join(strings.Fields(m.View().Content), " ")
		cause := strings.Index(view, "Cause")
		if lang == "ja" {
			cause = strings.Index(view, "原因")
		}
		at := strings.Index(view, want)
		if at < 0 {
			t.Fatalf("%s: why panel of held %s lacks %q:\n%s", lang, row.msg.QueueID, want, view)
		}
		if cause < 0 || at < cause {
			t.Errorf("%s: the hold note is not in the cause section:\n%s", lang, view)
		}
	}
}

// The list marks a message set to expire with "#" after its queue ID, as
// mailtop queue does, because returning it is what happens next.
func TestQueueListMarksForcedExpire(t *testing.T) {
	snapshot := fixtureQueue()
	snapshot.Messages[0].ForcedExpire = true
	id := snapshot.Messages[0].QueueID
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: snapshot}, keyPress("Q"))
	view := m.View().Content
	if !strings.Contains(view, id+"#") {
		t.Errorf("queue list lacks %s#:\n%s", id, view)
	}
	for _, other := range snapshot.Messages[1:] {
		if strings.Contains(view, other.QueueID+"#") {
			t.Errorf("queue list marks %s, which is not set to expire", other.QueueID)
		}
	}
}
