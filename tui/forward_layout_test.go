package tui

import (
	"strings"
	"testing"
)

// moreLine returns the line of the forward dialog that counts the
// messages not listed, without the spaces around it, or "".
func moreLine(text string) string {
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "… ") {
			return line
		}
	}
	return ""
}

func TestForwardDialogMoreCountsLeft(t *testing.T) {
	cases := []struct {
		lang, before, after string
	}{
		{"en", "… and 2 more", "… and 2 more, 1 of them left the queue"},
		{"ja", "… ほか 2 通", "… ほか 2 通（うち 1 通はすでにキューにない）"},
	}
	for _, tc := range cases {
		t.Run(tc.lang, func(t *testing.T) {
			m := forwardModel(t, tc.lang, &fakeBatch{})
			full := *m.queue.snapshot
			m = send(t, m, keys("space", "space", "space", "space", "space", "space", "space", "f")...)
			targets := m.forward.targets
			if len(targets) != 7 {
				t.Fatalf("targets = %d, want all 7 messages", len(targets))
			}
			if line := moreLine(screenText(m)); line != tc.before {
				t.Errorf("line after the list = %q, want %q", line, tc.before)
			}

			// A listed message, which its mark shows, and an unlisted one
			// leave the queue.
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(full, targets[0].QueueID, targets[6].QueueID)})
			if line := moreLine(screenText(m)); line != tc.after {
				t.Errorf("line after the list = %q, want %q", line, tc.after)
			}

			m = send(t, m, QueueSnapshotMsg{Snapshot: full})
			if line := moreLine(screenText(m)); line != tc.before {
				t.Errorf("line after the list once both came back = %q, want %q", line, tc.before)
			}
		})
	}
}
