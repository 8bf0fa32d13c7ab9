package tui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
)

// auditEntry is the part of an audit log line that the forward tests
// check.
type auditEntry struct {
	Action         string   `json:"action"`
	QueueIDs       []string `json:"queue_ids"`
	Count          int      `json:"count"`
	Output         string   `json:"output"`
	Error          string   `json:"error"`
	EnvelopeSender *string  `json:"envelope_sender"`
}

// readAudit returns the lines of the audit log at path.
func readAudit(t *testing.T, path string) []auditEntry {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var entries []auditEntry
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var entry auditEntry
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		entries = append(entries, entry)
	}
	return entries
}

func TestForwardDialogAuditsSkipped(t *testing.T) {
	for _, leaving := range []int{1, 2} {
		t.Run(sinkTaggedIDs[leaving], func(t *testing.T) {
			m, relay, snap := sinkTaggedForwardModel(t, "en")
			auditPath := filepath.Join(t.TempDir(), "audit.log")
			audit, err := actions.OpenAudit(auditPath)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { audit.Close() })
			m.opts.Audit = audit

			m = send(t, m, keys("f", "enter")...)
			next, cmd := m.Update(keyPress("y"))
			m = next.(Model)
			// Missing from one scan only: the next scan lists it again,
			// but its turn came in between.
			m = send(t, m, QueueSnapshotMsg{Snapshot: withoutMessages(snap, sinkTaggedIDs[leaving])})
			m = runCmd(t, m, cmd, 0)
			m = send(t, m, QueueSnapshotMsg{Snapshot: snap})
			if m.forward.stage != forwardDone {
				t.Fatalf("stage = %d, want the results", m.forward.stage)
			}
			if n := len(relay.Received()); n != 2 {
				t.Errorf("relay received %d messages, want 2", n)
			}

			entries := readAudit(t, auditPath)
			var ids []string
			for _, entry := range entries {
				ids = append(ids, strings.Join(entry.QueueIDs, ","))
			}
			if !slices.Equal(ids, sinkTaggedIDs) {
				t.Fatalf("audit lines are for %q, want one for each of %q in order", ids, sinkTaggedIDs)
			}
			skipped := entries[leaving]
			if skipped.Action != "forward" {
				t.Errorf("action of the skipped message = %q, want forward", skipped.Action)
			}
			if skipped.Count != 0 {
				t.Errorf("count of the skipped message = %d, want 0", skipped.Count)
			}
			if skipped.Error != forward.ErrLeftBeforeTurn.Error() {
				t.Errorf("error of the skipped message = %q, want %q", skipped.Error, forward.ErrLeftBeforeTurn)
			}
			pending := pendingAddresses(m.forward.targets[leaving])
			if want := "via sink (" + relayAddress(m.opts.Relays[0]) + ") to " + pending[0]; skipped.Output != want {
				t.Errorf("output of the skipped message = %q, want %q", skipped.Output, want)
			}
			if skipped.EnvelopeSender == nil || *skipped.EnvelopeSender != m.forward.targets[leaving].Sender {
				t.Errorf("envelope_sender of the skipped message = %v, want %q", skipped.EnvelopeSender, m.forward.targets[leaving].Sender)
			}
			for i, entry := range entries {
				if i != leaving && (entry.Count != 1 || entry.Error != "") {
					t.Errorf("audit line %d = %+v, want a successful forward", i, entry)
				}
			}
		})
	}
}
