package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// TestQueueScreenHoldTaggedOnRealPostfix tags two deferred docomo messages
// on the queue screen with space, holds them with h and y, and checks
// that Postfix moved both to the hold queue and the audit log has one line.
func TestQueueScreenHoldTaggedOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t, "tempfail01@docomo.ne.jp", "ok01@docomo.ne.jp", "tempfail02@docomo.ne.jp")
	held := []*rescueMessage{messages[0], messages[2]}

	audit := filepath.Join(t.TempDir(), "audit.log")
	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", audit}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 2)

	p.keys("Q")
	p.waitText(screenTimeout, "Queue ·", "queue files in "+in.QueueDir(), held[0].queueID, held[1].queueID)

	// Only the two deferred docomo messages, then tag both with space.
	p.typeText("/d:docomo.ne.jp q:deferred")
	p.keys("Enter")
	p.waitScreen(screenTimeout, "the list filtered to the two deferred messages", func(screen string) bool {
		return strings.Contains(screen, "filter: d:docomo.ne.jp q:deferred") && queueRows(screen) == 2
	})
	p.keys("Space", "Space")
	p.waitText(screenTimeout, "2 tagged")

	p.keys("h")
	p.waitText(screenTimeout, "Hold 2 tagged messages (deferred 2)? [y/N]")
	p.keys("y")
	screen := p.waitScreen(actionTimeout, "the result of hold in the footer", func(screen string) bool {
		return strings.Contains(footer(screen, 3), "hold: 2 of 2 changed")
	})
	if strings.Contains(footer(screen, 3), "failed") || strings.Contains(footer(screen, 3), "skipped") {
		t.Errorf("hold did not change both; the footer was:\n%s", footer(screen, 3))
	}

	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	listed, err := in.Queue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queues := map[string]string{}
	for _, m := range listed {
		queues[m.QueueID] = m.QueueName
	}
	for _, m := range held {
		if queues[m.queueID] != "hold" {
			t.Errorf("%s is in %q after h, y; want hold", m.queueID, queues[m.queueID])
		}
	}

	// The watcher shows the move: clear the filter and both rows say hold.
	p.keys("Escape")
	p.waitScreen(screenTimeout, "both messages shown in hold", func(screen string) bool {
		for _, m := range held {
			if !strings.Contains(rowOf(screen, m.queueID), " hold ") {
				return false
			}
		}
		return true
	})

	data, err := os.ReadFile(audit)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 1 {
		t.Fatalf("audit log has %d lines, want 1:\n%s", len(lines), data)
	}
	var entry struct {
		Action   string   `json:"action"`
		QueueIDs []string `json:"queue_ids"`
		Count    int      `json:"count"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
		t.Fatal(err)
	}
	if entry.Action != "hold" || entry.Count != 2 || len(entry.QueueIDs) != 2 {
		t.Errorf("audit entry = %+v, want hold of 2", entry)
	}

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// queueRows counts the message rows of the queue list on screen: after
// the cursor and tag marks, a queue ID and then a queue name.
func queueRows(screen string) int {
	n := 0
	for _, line := range strings.Split(screen, "\n") {
		fields := strings.Fields(strings.TrimLeft(line, ">+ "))
		if len(fields) < 2 {
			continue
		}
		switch fields[1] {
		case "maildrop", "incoming", "active", "deferred", "hold", "corrupt":
			n++
		}
	}
	return n
}

// rowOf returns the screen line that lists queueID, or "".
func rowOf(screen, queueID string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, queueID+" ") {
			return line
		}
	}
	return ""
}
