package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

func TestMessageListSentAfterDeferrals(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	// One message to two docomo.ne.jp recipients: taro is rate limited
	// three times and then delivered, hanako is still deferred.
	now := time.Now().UTC()
	const queueID = "6D2E3F4A51"
	rateLimited := " dsn=4.7.0, status=deferred (host mfsmax.docomo.ne.jp[198.51.100.241] said: 421 4.7.0 Too many connections (in reply to RCPT TO command))"
	lines := []string{now.Add(-40*time.Minute).Format("Jan 02 15:04:05") + " mx postfix/qmgr[2103]: " + queueID + ": from=<shop@example.com>, size=420, nrcpt=2 (queue active)"}
	for _, ago := range []time.Duration{40 * time.Minute, 30 * time.Minute, 20 * time.Minute} {
		lines = append(lines, now.Add(-ago).Format("Jan 02 15:04:05")+" mx postfix/smtp[2104]: "+queueID+
			": to=<taro@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[198.51.100.241]:25, delay=1, delays=0/0/0/1,"+rateLimited)
	}
	stamp := now.Add(-10 * time.Minute).Format("Jan 02 15:04:05")
	lines = append(lines,
		stamp+" mx postfix/smtp[2104]: "+queueID+": to=<taro@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[198.51.100.241]:25,"+
			" delay=1800, delays=1799/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 7A8B)",
		stamp+" mx postfix/smtp[2104]: "+queueID+": to=<hanako@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[198.51.100.241]:25,"+
			" delay=1800, delays=1799/0/0/1,"+rateLimited)
	logPath := filepath.Join(t.TempDir(), "maillog")
	if err := os.WriteFile(logPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	p := startTmuxPane(t, 132, 40, []string{binary, "--log", logPath, "--since", "all", "--read-only"}, "TZ=UTC")
	p.waitText(screenTimeout, "docomo.ne.jp")
	p.keys("Enter") // docomo.ne.jp is the first row
	screen := p.waitText(screenTimeout, "docomo.ne.jp: recent messages", "taro@docomo.ne.jp", "hanako@docomo.ne.jp")
	rows := strings.Split(screen, "\n")

	delivered := findLine(rows, "taro@docomo.ne.jp")
	if !strings.Contains(delivered, " sent ") || !strings.Contains(delivered, "250 2.0.0") {
		t.Errorf("the delivered recipient's row lacks its status and reply: %q", delivered)
	}
	if strings.Contains(delivered, "rate_limited") {
		t.Errorf("the delivered recipient's row shows the class of an earlier deferral: %q", delivered)
	}
	if waiting := findLine(rows, "hanako@docomo.ne.jp"); !strings.Contains(waiting, "rate_limited") {
		t.Errorf("the deferred recipient's row lacks its class rate_limited: %q", waiting)
	}

	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}

// After the queue screen deletes one deferred message and holds another
// on a real Postfix, the domain's message list shows each one's state
// where it showed deferred, at 80 columns.
func TestMessageListStatesAfterActions(t *testing.T) {
	requireTmux(t)
	postfixtest.Require(t)
	binary := buildDashboardBinary(t)
	in, messages := startRescueInstance(t, "tempfail01@docomo.ne.jp", "tempfail02@docomo.ne.jp")
	deleted, held := messages[0], messages[1]

	audit := filepath.Join(t.TempDir(), "audit.log")
	p := startTmuxPane(t, 80, 24, []string{binary, "-c", in.ConfigDir(), "--since", "all", "--audit-log", audit}, "TZ=UTC")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 2)
	p.keys("Q")
	p.waitText(screenTimeout, "Queue ·", deleted.queueID, held.queueID)

	logged := len(newLogLines(t, in, 0))
	selectRow(p, deleted.queueID)
	p.keys("d")
	p.waitText(screenTimeout, "[y/N]")
	p.keys("y")
	removed := waitNewLogLine(t, in, logged, "postfix/postsuper", deleted.queueID+": removed")
	t.Logf("after d: %s", removed)

	selectRow(p, held.queueID)
	p.keys("h")
	p.waitText(screenTimeout, "[y/N]")
	p.keys("y")
	waitNewLogLine(t, in, logged, "postfix/postsuper", held.queueID+": placed on hold")

	p.keys("Escape")
	waitDomainFailures(p, screenTimeout, "docomo.ne.jp", 2)
	p.typeText("/docomo")
	p.keys("Enter", "Enter")
	screen := p.waitScreen(actionTimeout, "both states in the message list", func(screen string) bool {
		rows := strings.Split(screen, "\n")
		return strings.Contains(findLine(rows, deleted.queueID), " deleted ") && strings.Contains(findLine(rows, held.queueID), " held ")
	})
	rows := strings.Split(screen, "\n")
	for _, m := range []*rescueMessage{deleted, held} {
		if row := findLine(rows, m.queueID); strings.Contains(row, "deferred") {
			t.Errorf("the row of %s still says deferred: %q", m.queueID, row)
		}
	}
	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}
