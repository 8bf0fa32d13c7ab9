package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWhyPanelSenderNotCollateral opens the why panel on two domains whose
// only failure is a reject at end of DATA that names an address. At
// docomo.ne.jp the address is the message's own sender, so the panel
// explains the reject by its class. At ezweb.ne.jp it is another
// recipient of the same message, so the panel says that recipient made
// the receiver reject the whole transaction.
func TestWhyPanelSenderNotCollateral(t *testing.T) {
	requireTmux(t)
	binary := buildDashboardBinary(t)

	stamp := time.Now().UTC().Add(-2 * time.Minute).Format("Jan 02 15:04:05")
	lines := []string{
		stamp + " mx postfix/qmgr[2103]: C1B7E2C0F3: from=<shop@shop.example>, size=420, nrcpt=1 (queue active)",
		stamp + " mx postfix/smtp[2104]: C1B7E2C0F3: to=<u@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.181.240]:25, " +
			"delay=0.2, delays=0.01/0.01/0.1/0.08, dsn=5.7.1, status=bounced (host mfsmax.docomo.ne.jp[203.138.181.240] said: " +
			"550 5.7.1 <shop@shop.example>: Message rejected as spam (in reply to end of DATA command))",
		stamp + " mx postfix/qmgr[2103]: C1B7E2C0F3: removed",
		stamp + " mx postfix/qmgr[2103]: C2B7E2C0F3: from=<shop@shop.example>, size=420, nrcpt=2 (queue active)",
		stamp + " mx postfix/smtp[2104]: C2B7E2C0F3: to=<u@ezweb.ne.jp>, relay=lsean.ezweb.ne.jp[27.85.176.228]:25, " +
			"delay=0.2, delays=0.01/0.01/0.1/0.08, dsn=5.7.1, status=bounced (host lsean.ezweb.ne.jp[27.85.176.228] said: " +
			"550 5.7.1 <v@ezweb.ne.jp>: Message rejected as spam (in reply to end of DATA command))",
	}
	logPath := filepath.Join(t.TempDir(), "maillog")
	if err := os.WriteFile(logPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	p := startTmuxPane(t, 132, 50, []string{binary, "--log", logPath, "--since", "all"}, "TZ=UTC")
	p.waitText(screenTimeout, "docomo.ne.jp", "spam_content")

	// The cursor starts on the first watch-list row, docomo.ne.jp.
	p.keys("x")
	screen := p.waitText(screenTimeout, "Why docomo.ne.jp fails", "What to do")
	if !strings.Contains(screen, "spam_content") {
		t.Errorf("the why panel of docomo.ne.jp lacks the class spam_content; the screen was:\n%s", screen)
	}
	if strings.Contains(screen, "another recipient") {
		t.Errorf("the why panel blames another recipient for a reply that names the sender; the screen was:\n%s", screen)
	}

	p.keys("Escape")
	p.waitText(screenTimeout, "Domains")
	p.keys("Down", "x")
	screen = p.waitText(screenTimeout, "Why ezweb.ne.jp fails", "What to do")
	if !strings.Contains(screen, "because of another recipient, v@ezweb.ne.jp") {
		t.Errorf("the why panel of ezweb.ne.jp does not name the other recipient; the screen was:\n%s", screen)
	}

	p.keys("Escape")
	p.waitText(screenTimeout, "Domains")
	p.keys("q")
	if status, last := p.waitExit(screenTimeout); status != 0 {
		t.Errorf("mailtop exited with status %d after q, want 0; the screen was:\n%s", status, last)
	}
}
