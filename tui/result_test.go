package tui

import (
	"strings"
	"testing"
)

// footerResult returns the footer lines above the key help, trimmed and
// joined with spaces.
func footerResult(m Model) string {
	lines := strings.Split(screenText(m), "\n")
	top := lines[len(lines)-1-len(m.footerTopLines()) : len(lines)-1]
	for i, line := range top {
		top[i] = strings.TrimSpace(line)
	}
	return strings.Join(top, " ")
}

func TestResultClearedInOtherMessage(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})
	m = send(t, m, keys("enter", "enter", "i", "n")...)
	cancelled := "cancelled: deliver now " + fixtureQueueID
	if got := footerResult(m); got != cancelled {
		t.Fatalf("footer after n = %q, want %q", got, cancelled)
	}

	// Scrolling stays in the message the action was about.
	m = send(t, m, keys("down", "up")...)
	if got := footerResult(m); got != cancelled {
		t.Errorf("footer after scrolling the message = %q, want %q", got, cancelled)
	}

	// Another message of the list is another place.
	m = send(t, m, keys("esc")...)
	if got := footerResult(m); got != "" {
		t.Errorf("footer back in the list = %q, want none", got)
	}
	m = send(t, m, keys("j", "enter")...)
	if m.screen != screenMessage || m.detail.queueID == fixtureQueueID {
		t.Fatalf("screen %v on %s, want another message's view", m.screen, m.detail.queueID)
	}
	if got := footerResult(m); got != "" {
		t.Errorf("footer in another message's view = %q, want none", got)
	}
}

func TestResultClearedOnScreenChange(t *testing.T) {
	// The second row's message left the queue, so i is refused.
	refuse := []string{"enter", "j", "i"}
	notQueued := "4jh2C7Yq1Wz3pTb is no longer in the queue"
	cases := []struct {
		name   string
		keys   []string
		screen screen
		help   bool
	}{
		{"help", []string{"?"}, screenDomain, true},
		{"main", []string{"esc"}, screenMain, false},
		{"queue", []string{"esc", "Q"}, screenQueue, false},
		{"other row", []string{"k"}, screenDomain, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := mainScreen(t, &fakeSource{}, &fakeActor{})
			m = send(t, m, keys(refuse...)...)
			if got := footerResult(m); !strings.HasPrefix(got, notQueued) {
				t.Fatalf("footer after i = %q, want %q…", got, notQueued)
			}

			// The result stays while the operator stays on the row.
			m = send(t, m, keys("i", "p")...)
			if got := footerResult(m); !strings.HasPrefix(got, notQueued) {
				t.Errorf("footer after i and p on the same row = %q, want %q…", got, notQueued)
			}

			m = send(t, m, keys(tc.keys...)...)
			if m.screen != tc.screen || m.helpOpen != tc.help {
				t.Fatalf("after %v: screen %v, help %v; want %v, %v", tc.keys, m.screen, m.helpOpen, tc.screen, tc.help)
			}
			if m.result != "" {
				t.Errorf("result after %v = %q, want none", tc.keys, m.result)
			}
			if strings.Contains(screenText(m), notQueued) {
				t.Errorf("after %v the screen still says %q:\n%s", tc.keys, notQueued, screenText(m))
			}
		})
	}
}

func TestResultArrivingElsewhereStays(t *testing.T) {
	m := mainScreen(t, &fakeSource{}, &fakeActor{})

	// An action started in a message view ends after the operator left it.
	m = send(t, m, actionResultMsg{action: actionRequeue, queueID: fixtureQueueID, err: errPostsuper})
	failed := "requeue " + fixtureQueueID + " failed"
	if got := footerResult(m); !strings.HasPrefix(got, failed) {
		t.Fatalf("footer = %q, want %q…", got, failed)
	}
	m = send(t, m, keys("p", "p", "j")...)
	if got := footerResult(m); !strings.HasPrefix(got, failed) {
		t.Errorf("footer after keys that stay on the domain table = %q, want %q…", got, failed)
	}
	m = send(t, m, keys("tab")...)
	if m.result != "" {
		t.Errorf("result after tab to the feed = %q, want none", m.result)
	}
}

func TestQueueResultClearedByCursor(t *testing.T) {
	batch := &fakeBatch{}
	m := queueScreenModel(t, "en", batch, 132, 40)
	m = send(t, m, keys("h", "y")...)
	if len(batch.calls) != 1 || !strings.Contains(m.result, "hold: ") {
		t.Fatalf("hold: calls %+v, result %q", batch.calls, m.result)
	}
	held := m.result

	// A new scan of the queue that moves nothing keeps the result.
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()})
	if m.result != held {
		t.Errorf("result after a new scan = %q, want %q", m.result, held)
	}
	m = send(t, m, keys("j")...)
	if m.result != "" {
		t.Errorf("result on the next message = %q, want none", m.result)
	}
}

func TestResultLongWrapsAt80Columns(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		t.Run(lang, func(t *testing.T) {
			m := queueScreenModel(t, lang, &fakeBatch{}, 80, 24)
			m = send(t, m, keys("H")...)
			if m.result == "" {
				t.Fatal("H on a deferred message set no result")
			}
			text := screenText(m)
			checkScreenShape(t, text, 80, 24)

			// Wrapping drops the space it breaks at, so spaces are not
			// compared.
			got := strings.ReplaceAll(footerResult(m), " ", "")
			want := strings.ReplaceAll(m.result, " ", "")
			if got != want {
				t.Errorf("footer = %q, want the whole result %q\n%s", footerResult(m), m.result, text)
			}
			if !strings.Contains(text, "> 4jh2H4dFgyz6hJk") {
				t.Errorf("the selected message is not on the screen:\n%s", text)
			}
		})
	}
}
