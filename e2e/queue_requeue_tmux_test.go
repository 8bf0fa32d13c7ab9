package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// cursorLine returns the screen line of the cursor row, or "".
func cursorLine(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(line, ">") {
			return line
		}
	}
	return ""
}

// ageCell matches the queue ID and the age of a queue row.
var ageCell = regexp.MustCompile(`^[> +]*([0-9A-Za-z]+)\s+\S+\s+([0-9.]+[smhd])\s`)

// TestQueueScreenRequeueOnRealPostfix requeues a deferred message from the
// queue screen of a real Postfix. The ages on the screen advance between
// queue scans, the footer names the new queue ID that pickup logs, and
// the cursor stays on the message under its new ID.
func TestQueueScreenRequeueOnRealPostfix(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t, "tempfail01@docomo.ne.jp", "tempfail02@docomo.ne.jp", "tempfail03@docomo.ne.jp")

	p := startTmuxPane(t, 132, 40, []string{binary, "-c", in.ConfigDir(), "--since", "all"}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 3)
	p.keys("Q")
	screen := p.waitText(screenTimeout, "Queue · deferred 3", messages[0].queueID, messages[1].queueID, messages[2].queueID)

	// The oldest message is first, under the cursor.
	target := ageCell.FindStringSubmatch(cursorLine(screen))
	if target == nil {
		t.Fatalf("no queue ID and age in the cursor row; the screen was:\n%s", screen)
	}
	oldID, firstAge := target[1], target[2]
	time.Sleep(3 * time.Second)
	screen = p.screen()
	if now := ageCell.FindStringSubmatch(cursorLine(screen)); now == nil || now[2] == firstAge {
		t.Errorf("the age of %s stayed %s for 3 s; the screen was:\n%s", oldID, firstAge, screen)
	}

	logged := len(newLogLines(t, in, 0))
	p.keys("r")
	p.waitText(screenTimeout, "Requeue "+oldID+" (deferred queue) from ", "? [y/N]")
	p.keys("y")
	p.waitScreen(actionTimeout, "the result of requeue in the footer", func(screen string) bool {
		return strings.Contains(footer(screen, 3), "requeue: 1 of 1 changed")
	})

	pickup := waitNewLogLine(t, in, logged, "postfix/pickup", "orig_id="+oldID)
	newID := queueIDOf(pickup)
	if newID == "" {
		t.Fatalf("no queue ID in the pickup line %q", pickup)
	}
	p.waitScreen(actionTimeout, "OLD → NEW in the footer", func(screen string) bool {
		return strings.Contains(footer(screen, 3), "requeue: 1 of 1 changed; new queue ID "+oldID+" → "+newID)
	})
	screen = p.waitScreen(actionTimeout, "the cursor on the new queue ID "+newID, func(screen string) bool {
		return strings.Contains(cursorLine(screen), " "+newID+" ")
	})
	t.Logf("after r, y:\n%s", screen)
}
