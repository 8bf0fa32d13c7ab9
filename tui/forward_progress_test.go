package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// stepForward delivers the message of cmd, the forward of one target, to
// m and returns the model and the command that forwards the next target.
func stepForward(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command forwards the next message")
	}
	next, cmd := m.Update(cmd())
	return next.(Model), cmd
}

func TestForwardDialogShowsProgress(t *testing.T) {
	cases := []struct {
		lang string
		want []string
	}{
		{"en", []string{"Sending 1 of 3…", "Sending 2 of 3…", "Sending 3 of 3…"}},
		{"ja", []string{"3 件中 1 件目を送信しています…", "3 件中 2 件目を送信しています…", "3 件中 3 件目を送信しています…"}},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m, relay, _ := sinkTaggedForwardModel(t, tc.lang)
			m = send(t, m, keys("f", "enter")...)
			next, cmd := m.Update(keyPress("y"))
			m = next.(Model)
			for i, want := range tc.want {
				if n := len(relay.Received()); n != i {
					t.Fatalf("relay received %d messages before %q, want %d", n, want, i)
				}
				if text := screenText(m); !strings.Contains(text, want) {
					t.Errorf("dialog lacks %q:\n%s", want, text)
				}
				if m.result != want {
					t.Errorf("footer = %q, want %q", m.result, want)
				}
				m, cmd = stepForward(t, m, cmd)
			}
			if m.forward.stage != forwardDone {
				t.Errorf("stage = %d after the last message, want the results", m.forward.stage)
			}
			if n := len(relay.Received()); n != 3 {
				t.Errorf("relay received %d messages, want 3", n)
			}
		})
	}
}

// A target that leaves the queue before its turn lowers the total, and
// the target after it takes its number.
func TestForwardDialogProgressSkipsLeft(t *testing.T) {
	m, _, snap := sinkTaggedForwardModel(t, "en")
	m = send(t, m, keys("f", "enter")...)
	next, cmd := m.Update(keyPress("y"))
	m = next.(Model)
	m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(snap, sinkTaggedIDs[1])})
	if want := "Sending 1 of 2…"; m.result != want {
		t.Errorf("footer after the second message left = %q, want %q", m.result, want)
	}
	m, _ = stepForward(t, m, cmd)
	if want := "Sending 2 of 2…"; m.result != want {
		t.Errorf("footer while the third message is sent = %q, want %q", m.result, want)
	}
	if text := screenText(m); !strings.Contains(text, "Sending 2 of 2…") {
		t.Errorf("dialog lacks the progress:\n%s", text)
	}
}
